"""`showcase validate` (DESIGN §4): exit codes, the three formats, path filters, never a traceback."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import CLEAN, FRONT, PROFILE_PATH, md
from .test_stats_export import assert_quiet_broken_pipe, run_with_closed_stdout

LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+): (?P<severity>错误|警告) (?P<code>[A-Z]\d{3}) (?P<message>.+)$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

BROKEN = {
    **CLEAN,
    "cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四").replace("post: ", "post：") + "start: 2012-13\n"),
    "cohorts/c1/wang-wu.md": md(FRONT.replace("张三", "王五"), body="<script>alert(1)</script>\n"),
}


def test_clean_data(clean_site, showcase):
    run = showcase(clean_site, "validate")
    assert run.returncode == 0
    assert run.lines[-1] == "检查通过：没有发现问题。"
    assert run.lines == ["检查通过：没有发现问题。"]


def test_errors_exit_1_with_one_line_per_problem(make_site, showcase):
    run = showcase(make_site(BROKEN), "validate")
    assert run.returncode == 1
    *issues, summary = run.lines
    assert summary == "共发现 2 个错误、1 个警告。"
    parsed = [LINE.match(line) for line in issues]
    assert all(parsed), issues
    assert [(m["path"], int(m["line"]), m["severity"], m["code"]) for m in parsed] == [
        ("cohorts/c1/li-si.md", 4, "错误", "Y002"),
        ("cohorts/c1/li-si.md", 6, "错误", "D105"),
        ("cohorts/c1/wang-wu.md", 7, "警告", "S601"),
    ]
    for match in parsed:
        assert CHINESE.search(match["message"])


def test_warnings_alone_exit_0(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(body="<img src=x onerror=alert(1)>\n")}), "validate")
    assert run.returncode == 0
    assert run.lines[0].startswith(f"{PROFILE_PATH}:7: 警告 S601 ")
    assert run.lines[-1] == "共发现 0 个错误、1 个警告。"


def test_strict_turns_warnings_into_failure(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(body="<img src=x onerror=alert(1)>\n")}), "validate", "--strict")
    assert run.returncode == 1


def test_json_format(make_site, showcase):
    run = showcase(make_site(BROKEN), "validate", "--format", "json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert (data["errors"], data["warnings"]) == (2, 1)
    assert [(i["code"], i["path"], i["line"], i["severity"]) for i in data["issues"]] == [
        ("Y002", "cohorts/c1/li-si.md", 4, "error"),
        ("D105", "cohorts/c1/li-si.md", 6, "error"),
        ("S601", "cohorts/c1/wang-wu.md", 7, "warning"),
    ]
    assert all(CHINESE.search(i["message"]) for i in data["issues"])


def test_json_format_clean(clean_site, showcase):
    run = showcase(clean_site, "validate", "--format", "json")
    assert run.returncode == 0
    assert json.loads(run.stdout) == {"errors": 0, "warnings": 0, "issues": []}


def test_github_format(make_site, showcase):
    run = showcase(make_site(BROKEN), "validate", "--format", "github")
    assert run.returncode == 1
    *annotations, summary = run.lines
    assert annotations[0].startswith("::error file=cohorts/c1/li-si.md,line=4,title=Y002")
    assert annotations[1].startswith("::error file=cohorts/c1/li-si.md,line=6,title=D105")
    assert annotations[2].startswith("::warning file=cohorts/c1/wang-wu.md,line=7,title=S601")
    errors = [a for a in annotations if a.startswith("::error file=")]
    assert len(errors) == 2
    assert summary == "共发现 2 个错误、1 个警告。"


def test_unknown_option_exits_2(clean_site, showcase):
    run = showcase(clean_site, "validate", "--no-such-option")
    assert run.returncode == 2
    assert "--no-such-option" in run.stderr


def test_unknown_format_exits_2(clean_site, showcase):
    run = showcase(clean_site, "validate", "--format", "xml")
    assert run.returncode == 2


def test_unknown_command_exits_2(clean_site, showcase):
    assert showcase(clean_site, "publish").returncode == 2


def test_nonexistent_path_exits_2(clean_site, showcase):
    run = showcase(clean_site, "validate", "cohorts/c1/no-such-file.md")
    assert run.returncode == 2
    assert "cohorts/c1/no-such-file.md" in run.stderr


def test_path_filters_issues_to_that_file(make_site, showcase):
    root = make_site(BROKEN)
    run = showcase(root, "validate", "cohorts/c1/li-si.md")
    assert run.returncode == 1
    *issues, summary = run.lines
    assert [line.split(" ")[0] for line in issues] == ["cohorts/c1/li-si.md:4:", "cohorts/c1/li-si.md:6:"]
    assert summary == "共发现 2 个错误、0 个警告。"


def test_path_filter_on_a_clean_file(make_site, showcase):
    run = showcase(make_site(BROKEN), "validate", PROFILE_PATH)
    assert run.returncode == 0
    assert run.lines == ["检查通过：没有发现问题。"]


def test_path_filter_on_a_warning_only_file(make_site, showcase):
    run = showcase(make_site(BROKEN), "validate", "cohorts/c1/wang-wu.md")
    assert run.returncode == 0
    assert run.lines[-1] == "共发现 0 个错误、1 个警告。"


def test_path_filter_on_a_folder(make_site, showcase):
    files = {**BROKEN, "cohorts/c2/cohort.yml": "name: 第二批\nstart: 某年\n"}
    run = showcase(make_site(files), "validate", "cohorts/c2")
    assert run.returncode == 1
    assert [line.split(" ")[0] for line in run.lines[:-1]] == ["cohorts/c2/cohort.yml:2:"]


def test_several_paths(make_site, showcase):
    files = {**BROKEN, "cohorts/c2/cohort.yml": "name: 第二批\nstart: 某年\n"}
    run = showcase(make_site(files), "validate", "cohorts/c2", "cohorts/c1/wang-wu.md")
    assert [line.split(" ")[0] for line in run.lines[:-1]] == ["cohorts/c1/wang-wu.md:7:", "cohorts/c2/cohort.yml:2:"]


def test_validate_from_a_subfolder_finds_the_repository(make_site, showcase):
    root = make_site(BROKEN)
    run = showcase(root / "cohorts" / "c1", "validate", "li-si.md")
    assert run.returncode == 1
    assert run.lines[0].startswith("cohorts/c1/li-si.md:4: 错误 Y002 ")


def test_gbk_file_is_a_message_not_a_traceback(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(FRONT).encode("gb18030")}), "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith(f"{PROFILE_PATH}:2: 错误 F001 ")
    assert "UTF-8" in run.lines[0]


def test_binary_file_is_a_message_not_a_traceback(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}), "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith(f"{PROFILE_PATH}:1: 错误 F002 ")


def test_binary_file_with_json_format(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: b"\x00\x01\x02"}), "validate", "--format", "json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert [(i["code"], i["path"], i["line"]) for i in data["issues"]] == [("F002", PROFILE_PATH, 1)]


def test_missing_data_folder(make_site, showcase):
    root = make_site({})
    run = showcase(root, "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith("cohorts:1: 错误 F007 ")


@pytest.mark.parametrize(
    "mkdocs",
    [
        pytest.param("site_name: [t\nplugins:\n  - showcase: {}\n", id="yaml-syntax-error"),
        pytest.param("site_name: t\nplugins:\n  - showcase:\n      places: [肇庆高新区]\n", id="places-as-list"),
        pytest.param("site_name: t\nplugins:\n  - showcase:\n      metrics: [science_events]\n", id="metrics-as-list"),
        pytest.param("site_name: t\nplugins:\n  - showcase:\n      today: 2012-13-45\n", id="today-not-a-date"),
        pytest.param("site_name: t\nplugins:\n  - showcase:\n      places: {泸水县: 泸水市}\n", id="place-spec-not-a-mapping"),
    ],
)
def test_broken_site_config_is_a_message_not_a_traceback(make_site, showcase, mkdocs):
    run = showcase(make_site(CLEAN, mkdocs=mkdocs), "validate")
    assert run.returncode in (1, 2)
    assert "mkdocs.yml" in run.output


def test_site_config_problem_is_c701(make_site, showcase):
    mkdocs = "site_name: t\nplugins:\n  - showcase:\n      metrics:\n        science_events: {label: 科技活动, unit: 斤}\n"
    run = showcase(make_site(CLEAN, mkdocs=mkdocs), "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith("mkdocs.yml:3: 错误 C701 ")


def test_site_config_with_places_and_metrics(make_site, showcase):
    mkdocs = (
        "site_name: t\nplugins:\n  - search\n  - showcase:\n      places:\n"
        "        肇庆高新区: {city: 肇庆市, province: 广东省}\n        泸水县: {renamed_to: 泸水市}\n"
    )
    files = {
        **CLEAN,
        "cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四").replace("苍溪县", "肇庆高新区", 1)),
        "cohorts/c1/wang-wu.md": md(FRONT.replace("张三", "王五").replace("苍溪县", "泸水县", 1)),
    }
    run = showcase(make_site(files, mkdocs=mkdocs), "validate")
    assert run.returncode == 0, run.output
    assert run.lines == ["检查通过：没有发现问题。"]



@pytest.mark.parametrize(
    "front",
    [
        pytest.param("education: !!int\n", id="tag-with-empty-value"),
        pytest.param("portfolio: &a [*a]\n", id="recursive-alias"),
        pytest.param('photo: "zhang\\0san.jpg"\n', id="nul-in-photo-name"),
    ],
)
def test_odd_yaml_is_a_message_not_a_traceback(make_site, showcase, front):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(FRONT + front)}), "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith(f"{PROFILE_PATH}:6: 错误 ")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_into_a_closed_pipe(make_site, fmt):
    """`showcase validate --format json | head -c 10`: no traceback when the reader goes away."""
    assert_quiet_broken_pipe(*run_with_closed_stdout(make_site(BROKEN), "validate", "--format", fmt))


def test_amount_problems_quote_the_amount(make_site, showcase):
    front = FRONT + "achievements:\n  - title: 争取资金\n    metrics:\n      funds_secured: 3亿多万元\n      projects: 亿元\n"
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(front)}), "validate")
    assert run.returncode == 1
    assert run.lines[0].startswith(f"{PROFILE_PATH}:9: 错误 M202 指标 funds_secured（争取资金）：数量“3亿多万元”")
    assert run.lines[1].startswith(f"{PROFILE_PATH}:10: 错误 M202 指标 projects（项目）：数量“亿元”里没有数字。")


def test_file_name_with_control_characters_stays_on_one_line(make_site, showcase):
    """A file name cannot forge an extra line, a GitHub command or a terminal escape."""
    root = make_site({**CLEAN, "cohorts/c1/a\n::error file=x::y\x1b[2J.md": md(FRONT.replace("张三", "李四"))})
    for fmt, start in (("text", "cohorts/c1/"), ("github", "::error file=cohorts/c1/")):
        run = showcase(root, "validate", "--format", fmt)
        assert run.returncode == 1
        *issues, summary = run.lines
        assert issues and all(line.startswith(start) for line in issues), run.stdout
        assert summary.startswith("共发现 ")
        assert "\x1b" not in run.stdout


def test_path_filter_keeps_the_problem_of_a_symlink_in_the_folder(make_site, showcase):
    """A link to /dev/zero is reported where the link is, so `validate cohorts/c1` cannot pass over it."""
    import os

    root = make_site(CLEAN)
    os.symlink("/dev/zero", root / "cohorts" / "c1" / "li-si.md")
    run = showcase(root, "validate", "cohorts/c1")
    assert run.returncode == 1
    assert run.lines[0].startswith("cohorts/c1/li-si.md:1: 错误 F008 ")


def test_drafts_are_checked_and_counted_as_unpublished(make_site, showcase):
    draft = md(front="draft: true\n" + FRONT.replace("张三", "李四"))
    site = make_site({**CLEAN, "cohorts/c1/li-si.md": draft, "cohorts/c1/wang-wu.md": md(front="draft: true\n" + FRONT.replace("张三", "王五"))})
    run = showcase(site, "validate")
    assert run.returncode == 0
    assert run.lines == ["检查通过：没有发现问题。", "其中 2 份是草稿（draft: true）：已检查，只在预览中显示，不会发布。"]
    assert showcase(site, "validate", "cohorts/c1/li-si.md").lines[-1].startswith("其中 1 份是草稿")
    assert showcase(site, "validate", PROFILE_PATH).lines == ["检查通过：没有发现问题。"]
    assert "草稿" not in showcase(site, "validate", "--format", "json").output
