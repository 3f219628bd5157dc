"""Issue rendering: the text, JSON and GitHub formats other tools and CI read (DESIGN §4)."""

from __future__ import annotations

import json

import pytest

from showcase.issues import CODES, Report, Severity, format_report


def sample() -> Report:
    report = Report()
    report.add("cohorts/c1/zhang-san.md", 9, "S601", "正文含有不安全的 HTML。", "正文请只用 Markdown。")
    report.add("cohorts/c1/zhang-san.md", 4, "Y002", "字段 post 后面用了全角冒号“：”。", "改为半角冒号加空格：“post: ”。")
    report.add("cohorts/c1/cohort.yml", 1, "D101", "cohort.yml 缺少必填字段 name（批次名称）。")
    return report


def test_text_format():
    lines = format_report(sample(), "text").split("\n")
    assert lines == [
        "cohorts/c1/cohort.yml:1: 错误 D101 cohort.yml 缺少必填字段 name（批次名称）。",
        "cohorts/c1/zhang-san.md:4: 错误 Y002 字段 post 后面用了全角冒号“：”。 修改建议：改为半角冒号加空格：“post: ”。",
        "cohorts/c1/zhang-san.md:9: 警告 S601 正文含有不安全的 HTML。 修改建议：正文请只用 Markdown。",
        "共发现 2 个错误、1 个警告。",
    ]


def test_clean_summary():
    assert format_report(Report(), "text") == "检查通过：没有发现问题。"


def test_json_format():
    data = json.loads(format_report(sample(), "json"))
    assert (data["errors"], data["warnings"]) == (2, 1)
    assert [(i["path"], i["line"], i["code"], i["severity"], i["name"]) for i in data["issues"]] == [
        ("cohorts/c1/cohort.yml", 1, "D101", "error", "missing-field"),
        ("cohorts/c1/zhang-san.md", 4, "Y002", "error", "full-width-colon"),
        ("cohorts/c1/zhang-san.md", 9, "S601", "warning", "unsafe-html"),
    ]


def test_github_format():
    lines = format_report(sample(), "github").split("\n")
    assert lines[0] == "::error file=cohorts/c1/cohort.yml,line=1,title=D101 missing-field::cohort.yml 缺少必填字段 name（批次名称）。"
    assert lines[2].startswith("::warning file=cohorts/c1/zhang-san.md,line=9,title=S601 unsafe-html::")
    assert lines[-1] == "共发现 2 个错误、1 个警告。"


def test_github_format_escapes_newlines_and_percent():
    report = Report()
    report.add("a.md", 1, "Y001", "第一行\n第二行 100%")
    assert format_report(report, "github").split("\n")[0].endswith("::第一行%0A第二行 100%25")


def test_duplicate_issues_are_reported_once():
    report = Report()
    for _ in range(2):
        report.add("a.md", 3, "S603", "这里有手机号码。")
    assert len(report.errors) == 1


def test_unregistered_code_is_refused():
    with pytest.raises(KeyError):
        Report().add("a.md", 1, "X999", "?")


def test_codes_are_stable():
    # Users, docs and CI filters refer to these: changing one is a breaking change.
    expected = {
        "F001": "file-not-utf8", "F002": "binary-file", "F003": "file-too-large", "F004": "bad-file-name",
        "Y001": "yaml-syntax", "Y002": "full-width-colon", "Y003": "tab-indent", "Y004": "duplicate-key",
        "D101": "missing-field", "D102": "empty-field", "D103": "unknown-field", "D104": "wrong-type",
        "D105": "bad-date", "D106": "end-before-start", "M201": "unknown-metric", "M202": "bad-amount",
        "M203": "unit-mismatch", "P301": "unknown-place", "P302": "ambiguous-place", "R401": "duplicate-cadre-id",
        "R402": "unknown-speaker", "R403": "missing-photo", "S601": "unsafe-html", "S602": "id-number",
        "S603": "mobile-number", "S604": "home-address",
    }
    assert {code: CODES[code].name for code in expected} == expected
    assert Severity.ERROR.label == "错误" and Severity.WARNING.label == "警告"


def one(path: str, message: str, code: str = "F004", hint: str = "") -> Report:
    report = Report()
    report.add(path, 3, code, message, hint)
    return report


def test_github_escapes_property_separators_in_the_file_name():
    issue = one("cohorts/c/a,line=1::x%0A", "文件名不合规。").issues[0]
    assert issue.github() == "::error file=cohorts/c/a%2Cline=1%3A%3Ax%250A,line=3,title=F004 bad-file-name::文件名不合规。"


def test_github_file_name_with_a_newline_cannot_start_a_command():
    output = format_report(one("cohorts/c/a\n::error file=y::z", "文件名不合规。"), "github")
    assert output.split("\n") == [
        "::error file=cohorts/c/a%0A%3A%3Aerror file=y%3A%3Az,line=3,title=F004 bad-file-name::文件名不合规。",
        "共发现 1 个错误、0 个警告。",
    ]


def test_github_message_escapes_cr_lf_and_percent_only():
    issue = one("a.md", "值 “50%\r\n::error file=y::z” 有误, 见: 说明", hint="改成\n“x”").issues[0]
    assert issue.github() == "::error file=a.md,line=3,title=F004 bad-file-name::值 “50%25%0D%0A::error file=y::z” 有误, 见: 说明 修改建议：改成%0A“x”"


def test_github_shows_other_control_characters():
    issue = one("cohorts/c/\x1b[2Kb\x7f.md", "值 “\x1b]0;x\x07\x85”").issues[0]
    assert issue.github() == "::error file=cohorts/c/\\x1b[2Kb\\x7f.md,line=3,title=F004 bad-file-name::值 “\\x1b]0;x\\x07\\x85”"


def test_text_shows_control_characters_in_the_path_escaped():
    report = one("cohorts/c/a\n::error file=y::z\r\t\x00\x1b[31m\x7f\x85\u2028.md", "文件名不合规。")
    assert format_report(report, "text").split("\n") == [
        "cohorts/c/a\\n::error file=y::z\\r\\t\\x00\\x1b[31m\\x7f\\x85\\u2028.md:3: 错误 F004 文件名不合规。",
        "共发现 1 个错误、0 个警告。",
    ]


def test_text_shows_control_characters_in_quoted_values_escaped():
    issue = one("a.md", "数量“12\n假的一行\x1b[2J”无法识别。", code="M202", hint="写成“12\r”").issues[0]
    assert issue.text() == "a.md:3: 错误 M202 数量“12\\n假的一行\\x1b[2J”无法识别。 修改建议：写成“12\\r”"


def test_json_keeps_the_text_as_it_was():
    data = json.loads(format_report(one("a\n.md", "x\x1b"), "json"))
    assert (data["issues"][0]["path"], data["issues"][0]["message"]) == ("a\n.md", "x\x1b")
