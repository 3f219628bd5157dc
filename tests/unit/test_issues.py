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
