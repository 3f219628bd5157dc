"""The ``showcase`` command: validate, new, stats, export. Thin: the work is in the pipeline."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

import yaml

from showcase import __version__
from showcase.errors import UsageError
from showcase.issues import Report, format_report
from showcase.settings import Settings, build_settings, read_plugin_options

CONFIG_FILE = "mkdocs.yml"


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def load_settings(root: Path, report: Report) -> Settings:
    """Settings from mkdocs.yml's showcase block; config problems become C701 issues."""
    config = root / CONFIG_FILE
    try:
        options, site, line = read_plugin_options(config) if config.is_file() else ({}, {}, 1)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        report.add(CONFIG_FILE, mark.line + 1 if mark else 1, "C701", f"{CONFIG_FILE} 有 YAML 语法错误：{exc.problem}。")
        options, site, line = {}, {}, 1
    except (yaml.YAMLError, ValueError) as exc:
        report.add(CONFIG_FILE, 1, "C701", f"{CONFIG_FILE} 无法读取：{exc}。")
        options, site, line = {}, {}, 1
    settings, problems = build_settings(root, options, site)
    for problem in problems:
        report.add(CONFIG_FILE, line, "C701", problem)
    return settings


def load_repository():
    """The repository around the working directory, through the site's own pipeline, with every problem."""
    from showcase.pipeline import load_site

    root = find_root(Path.cwd().resolve())
    report = Report()
    settings = load_settings(root, report)
    site = load_site(settings)
    report.extend(site.report)
    return root, site, report


def cmd_validate(args: argparse.Namespace) -> int:
    wanted = []
    for raw in args.paths:
        path = Path(os.path.abspath(raw))
        if not path.exists():
            raise UsageError(f"路径不存在：{raw}")
        wanted.append(path)
    root, site, report = load_repository()
    dataset = site.dataset
    if wanted:
        kept = Report()
        kept.issues = [i for i in report.issues if any(_is_under(root / i.path, w) for w in wanted)]
        report = kept
    print(format_report(report, args.format))
    drafts = [c for c in dataset.cadres if c.draft and (not wanted or any(_is_under(root / c.source.path, w) for w in wanted))]
    if drafts and args.format == "text":
        print(f"其中 {len(drafts)} 份是草稿（draft: true）：已检查，只在预览中显示，不会发布。")
    return 1 if report.errors or (args.strict and report.warnings) else 0


def _is_under(path: Path, folder: Path) -> bool:
    """By the path as written: a symlink's problem belongs to where the link is, not where it points."""
    path = Path(os.path.abspath(path))
    return path == folder or folder in path.parents


def cmd_new(args: argparse.Namespace) -> int:
    from showcase.scaffold import append_lecture, write_profile

    root = find_root(Path.cwd().resolve())
    report = Report()
    settings = load_settings(root, report)
    if args.lecture:
        if any(option is not None for option in (args.name, args.county, args.id)):
            raise UsageError("--lecture 只需要 --cohort；主讲人、题目等请在 lectures.yml 里填写。")
        target = append_lecture(settings, args.cohort)
        print(f"已在 {target.relative_to(root).as_posix()} 末尾加入一场讲座的模板（以 # 开头，还不是数据）：删掉要填写的行开头的“# ”，按注释填写，然后运行 showcase validate 检查。")
        return 0
    if args.name is None:
        raise UsageError("缺少 --name 姓名，如 showcase new --cohort 批次编号 --name 张三；登记讲座请用 showcase new --lecture --cohort 批次编号。")
    target = write_profile(settings, args.cohort, args.name, args.county or "", args.id)
    print(f"已创建 {target.relative_to(root).as_posix()}：请打开它，按注释填写，然后运行 showcase validate 检查。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from showcase.roster import import_roster

    root = find_root(Path.cwd().resolve())
    settings = load_settings(root, Report())
    try:
        result = import_roster(settings, Path(args.roster), args.cohort)
    except OSError as exc:
        print(f"showcase: 无法写入 {exc.filename or args.cohort}：{_os_reason(exc)}。", file=sys.stderr)
        return 1
    print("\n".join(result.lines()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showcase", description="挂职干部风采：检查数据、新建个人资料、统计和导出。")
    parser.add_argument("--version", action="version", version=f"showcase {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    validate = commands.add_parser("validate", help="检查 cohorts/ 下的全部数据文件")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="只显示这些文件或文件夹的问题")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")
    validate.add_argument("--strict", action="store_true", help="有警告也以 1 退出")
    validate.set_defaults(run=cmd_validate)

    new = commands.add_parser("new", help="按模板新建一份个人资料，或在 lectures.yml 末尾加一场讲座的模板")
    new.add_argument("--cohort", required=True, help="批次编号（cohorts/ 下的文件夹名）")
    new.add_argument("--name", help="姓名（新建个人资料时必填）")
    new.add_argument("--county", help="挂职地，如 苍溪县")
    new.add_argument("--id", help="编号（默认用姓名拼音；同名时如 --id liu-guang-da-2）")
    new.add_argument("--lecture", action="store_true", help="在批次的 lectures.yml 末尾加一场讲座的模板（注释）；没有这个文件时新建")
    new.set_defaults(run=cmd_new)

    roster = commands.add_parser("import", help="把组织部的花名册（Excel .xlsx）变成个人资料草稿，不覆盖已有文件")
    roster.add_argument("roster", metavar="ROSTER.xlsx", help="花名册文件")
    roster.add_argument("--cohort", required=True, help="批次编号（cohorts/ 下的文件夹名；没有时新建）")
    roster.set_defaults(run=cmd_import)

    stats = commands.add_parser("stats", help="按批次、县区、省份、项目类别或年份统计成果")
    stats.add_argument("--by", choices=("cohort", "county", "province", "program", "year"), default="cohort", help="分组方式")
    stats.add_argument("--since", type=int, metavar="年份", help="只统计这一年及以后的成果（含）")
    stats.add_argument("--until", type=int, metavar="年份", help="只统计这一年及以前的成果（含）")
    stats.add_argument("--format", choices=("table", "csv", "json"), default="table", help="输出格式；csv 带 BOM，可用 Excel 打开")
    stats.set_defaults(run=cmd_stats)

    export = commands.add_parser("export", help="导出 showcase.json、CSV、Excel 和日历文件")
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(run=cmd_export)
    return parser


def load_clean_site():
    """Load and refuse to go on with errors: stats and exports must never silently miss a profile."""
    _, site, report = load_repository()
    if report.errors:
        print(format_report(report, "text"), file=sys.stderr)
        print("数据有错误，请先修正（showcase validate）。", file=sys.stderr)
        raise SystemExit(1)
    return site


def cmd_stats(args: argparse.Namespace) -> int:
    from showcase import stats

    if args.since is not None and args.until is not None and args.since > args.until:
        raise UsageError(f"--since {args.since} 晚于 --until {args.until}。")
    site = load_clean_site()
    result = stats.compute(site.showcase, args.by, site.settings.as_of, args.since, args.until)
    if result.left_out_note():
        print(result.left_out_note(), file=sys.stderr)
    if args.format != "table":  # CSV and JSON go to files and programs: UTF-8 and CRLF as written, whatever the console's
        sys.stdout.reconfigure(encoding="utf-8", newline="")
    sys.stdout.write(stats.render(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from showcase.exports import write_exports

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{args.directory} 已存在且不是文件夹。")
    site = load_clean_site()
    try:
        written = write_exports(site.showcase, site.settings, target)
    except OSError as exc:
        where = exc.filename or args.directory
        print(f"showcase: 无法写入 {where}：{_os_reason(exc)}。", file=sys.stderr)
        return 1
    for path in written:
        print(path.as_posix())
    return 0


#: Why the system refused a write, in the user's language; others keep the system's own words.
_OS_REASONS = {
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.ENOENT: "路径不存在，或其中的文件夹无法创建",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "系统不允许在这里写入",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EISDIR: "同名的文件夹已存在",
    errno.EEXIST: "同名的文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
}


def _os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a reader that went away shows up here when the output was still buffered
        return code
    except BrokenPipeError:
        # Python's signal docs: point stdout at devnull so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except UsageError as exc:
        print(f"showcase: {exc}", file=sys.stderr)
        return 2
