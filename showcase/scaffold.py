"""``showcase new``: a commented profile or lecture from a template, never overwriting or breaking a file."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from showcase.errors import UsageError
from showcase.issues import CODES, Report, Severity
from showcase.places import pinyin_slug
from showcase.privacy import find_personal_data
from showcase.records import CONTROL_CHARACTERS, SLUG
from showcase.settings import Settings
from showcase.source import parse_yaml, read_regular_file, read_text, split_front_matter

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
_EXAMPLE_SPEAKER = "miao-miao"


def yaml_scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar that reads back as itself: plain when it can be, quoted when it must (yes, 123, A: B)."""
    return yaml.safe_dump({"v": value}, allow_unicode=True, width=math.inf)[len("v: ") : -1]


#: YAML, not HTML: nothing is escaped for a page; values go through the ``yaml`` filter instead.
_TEMPLATES = Environment(loader=PackageLoader("showcase", "templates"), undefined=StrictUndefined, keep_trailing_newline=True)
_TEMPLATES.filters["yaml"] = yaml_scalar


def name_slug(name: str) -> str:
    """Pinyin syllables for Chinese characters, other words whole: 阿卜杜拉·买买提 → a-bo-du-la-mai-mai-ti, Anna Müller → anna-muller."""
    words = []
    for run in _HAN.split(name):
        if _HAN.fullmatch(run):
            words.append(pinyin_slug(run))
        else:
            words += re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", run).encode("ascii", "ignore").decode().lower())
    return "-".join(words)


def write_profile(settings: Settings, cohort_id: str, name: str, county: str, cadre_id: str | None) -> Path:
    folder = _cohort_folder(settings, cohort_id)
    name = _checked_name(name)
    if cadre_id is None:
        cadre_id = name_slug(name)
        if not cadre_id:
            raise UsageError(f"无法从姓名“{name}”生成编号（编号是个人页面的网址，只能用小写字母、数字和连字符）；请用 --id 指定，如 --id anna-mueller。")
    if not SLUG.match(cadre_id):
        raise UsageError(f"编号 “{cadre_id}” 只能用小写字母、数字和连字符；请用 --id 指定，如 --id zhang-san。")
    if county and settings.gazetteer.resolve(county).place is None:
        raise UsageError(f"“{county}”不是已知的县级行政区划；请写全称，如 苍溪县。")
    taken = next(iter(settings.data_path.glob(f"*/{cadre_id}.md")), None)  # ids are unique across cohorts
    if taken:
        raise UsageError(_taken_message(settings, taken, cadre_id))
    target = folder / f"{cadre_id}.md"
    text = _TEMPLATES.get_template("profile.md.j2").render(name=name, county=county, cadre_id=cadre_id)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:  # created since the check above: still never overwritten
        raise UsageError(_taken_message(settings, target, cadre_id)) from None
    return target


def append_lecture(settings: Settings, cohort_id: str) -> Path:
    """A commented lecture at the end of the cohort's lectures.yml: no data until the contributor uncomments it."""
    folder = _cohort_folder(settings, cohort_id)
    target = folder / "lectures.yml"
    speaker = min((p.stem for p in folder.glob("*.md") if SLUG.match(p.stem)), default=_EXAMPLE_SPEAKER)
    entry = _TEMPLATES.get_template("lecture.yml.j2").render(speaker=speaker)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x" never follows a symlink
            handle.write(entry)
        return target
    except FileExistsError:
        pass  # append to it, once it is known to be a readable UTF-8 file
    rel = target.relative_to(settings.root).as_posix()
    report = Report()
    raw = read_regular_file(target, rel, report)
    if raw is None:
        raise UsageError(f"{rel}：{report.sorted()[0].message}")
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{rel} 不是 UTF-8 编码，加入模板会让它无法读取；请先用记事本“另存为”UTF-8，再运行本命令。") from None
    newline = "\r\n" if b"\r\n" in raw else "\n"
    separation = (newline if raw and not raw.endswith(b"\n") else "") + (newline if raw.strip() else "")
    with target.open("ab") as handle:
        handle.write((separation + entry).replace("\n", newline).encode("utf-8"))
    return target


def _cohort_folder(settings: Settings, cohort_id: str) -> Path:
    folder = settings.data_path / cohort_id
    if not SLUG.match(cohort_id) or not folder.is_dir():
        existing = sorted(p.name for p in settings.data_path.iterdir() if p.is_dir()) if settings.data_path.is_dir() else []
        raise UsageError(f"没有批次 {cohort_id}；现有批次：{'、'.join(existing) or '无'}。")
    return folder


def _checked_name(name: str) -> str:
    """The name as the site will show it (spaces folded); refused when it could not be published."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("--name 不能为空，请写姓名，如 --name 张三。")
    if CONTROL_CHARACTERS.search(name):
        raise UsageError("姓名里有不可见的控制字符，请重新输入姓名。")
    for finding in find_personal_data(name):
        if CODES[finding.code].severity is Severity.ERROR:
            raise UsageError(f"--name 只写姓名：{finding.message}")
    return name


def _taken_message(settings: Settings, taken: Path, cadre_id: str) -> str:
    """Which profile has the id, whose it is, and a free id to use instead."""
    owner = _profile_name(taken)
    number = 2
    while any(settings.data_path.glob(f"*/{cadre_id}-{number}.md")):
        number += 1
    return (
        f"已有 {taken.relative_to(settings.root).as_posix()}{f'（{owner}）' if owner else ''}，不会覆盖。"
        f"如果是另一位干部（例如同名），请用 --id 指定编号，如 --id {cadre_id}-{number}。"
    )


def _profile_name(path: Path) -> str:
    """The name in a profile's front matter, or "" when it cannot be read or shown on a terminal."""
    quiet = Report()
    source = read_text(path, path.name, quiet)
    parts = split_front_matter(source, quiet) if source else None
    node = parse_yaml(parts[0], path.name, parts[1], quiet) if parts else None
    name = node.value.get("name") if node and isinstance(node.value, dict) else None
    text = " ".join(name.value.split()) if name and isinstance(name.value, str) else ""
    return "" if CONTROL_CHARACTERS.search(text) else text


#: A top-level line of the profile template, filled in (``post: 请填写…``) or an example to uncomment (``# start: 2012-07``).
_TEMPLATE_FIELD = re.compile(r"^(?:# )?(?P<key>[a-z_]+): .*?(?P<comment>\s+# .*)?$")


def fill_fields(text: str, values: Mapping[str, str]) -> str:
    """A rendered profile template with ``values`` written into their lines, each keeping its comment.

    For ``showcase import``: the roster's facts go into the same commented template as ``showcase new``.
    """
    front, separator, rest = text.partition("\n---\n")
    lines = front.split("\n")
    filled = set()
    for number, line in enumerate(lines):
        match = _TEMPLATE_FIELD.match(line)
        if match and match["key"] in values and match["key"] not in filled:
            lines[number] = f"{match['key']}: {yaml_scalar(values[match['key']])}{match['comment'] or ''}"
            filled.add(match["key"])
    if filled != set(values):
        raise ValueError(f"the profile template has no line for {sorted(set(values) - filled)}")
    return "\n".join(lines) + separator + rest
