"""YAML typography and syntax: full-width colons, tabs, syntax errors, duplicate keys (DESIGN §6)."""

from __future__ import annotations

import pytest

from showcase.issues import Severity

from .conftest import FRONT, PROFILE_PATH, codes, md, only


def test_full_width_colon_after_a_key(check):
    dataset, report = check({PROFILE_PATH: md(FRONT.replace("post: ", "post："))})
    issue = only(report)
    assert issue.code == "Y002"
    assert issue.path == PROFILE_PATH
    assert issue.line == 4
    assert issue.severity is Severity.ERROR
    assert "：" in issue.message
    assert "post: " in issue.hint
    # the rest of the file is still read as if the colon had been half-width
    assert dataset.cadres[0].post == "苍溪县副县长"


def test_full_width_colon_in_cohort_yml(check):
    dataset, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\nprogram：科技副职\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y002", "cohorts/c1/cohort.yml", 2)
    assert dataset.cohorts[0].program == "科技副职"


def test_full_width_colon_in_a_lecture_list_item(check):
    lectures = "- date: 2012-07-15\n  speaker: zhang-san\n  title：城市品牌建设\n- title：第二讲\n  speaker: zhang-san\n"
    dataset, report = check({"cohorts/c1/lectures.yml": lectures})
    found = [(i.code, i.path, i.line) for i in report.sorted()]
    assert found == [("Y002", "cohorts/c1/lectures.yml", 3), ("Y002", "cohorts/c1/lectures.yml", 4)]
    assert sorted(lecture.title for lecture in dataset.lectures) == ["城市品牌建设", "第二讲"]


def test_full_width_colon_inside_a_value_is_fine(check):
    dataset, report = check({PROFILE_PATH: md(FRONT + "expertise: 城市规划：交通与区域\n")})
    assert report.sorted() == []
    assert dataset.cadres[0].expertise == "城市规划：交通与区域"


def test_full_width_colon_after_a_chinese_key_is_named_at_its_line(check):
    # Contributors who write the Chinese label as the key usually type the full-width colon too.
    _, report = check({PROFILE_PATH: md(FRONT + "学历：博士研究生\n")})
    issue = only(report, "Y002")
    assert (issue.path, issue.line) == (PROFILE_PATH, 6)


def test_tab_indentation(check):
    dataset, report = check({PROFILE_PATH: md(FRONT + "portfolio:\n\t- 科技\n\t- 农业\n")})
    found = [(i.code, i.path, i.line, i.severity) for i in report.sorted()]
    assert found == [
        ("Y003", PROFILE_PATH, 7, Severity.ERROR),
        ("Y003", PROFILE_PATH, 8, Severity.ERROR),
    ]
    assert "Tab" in report.sorted()[0].message
    # parsed as if indented with spaces
    assert dataset.cadres[0].portfolio == ("科技", "农业")


def test_yaml_syntax_error_on_its_line(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: 主题: 副题\neducation: 博士\n")})
    issue = only(report)
    assert issue.code == "Y001"
    assert issue.path == PROFILE_PATH
    assert issue.line == 6
    assert issue.severity is Severity.ERROR
    assert "引号" in issue.hint


def test_yaml_syntax_error_special_character(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: @城市规划\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("Y001", 6)


def test_yaml_syntax_error_bad_indentation(check):
    front = FRONT + "achievements:\n  - title: 引进新品种\n   date: 2013\n"
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", PROFILE_PATH, 8)


def test_yaml_syntax_error_in_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\nsummary: 简介: 有冒号\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", "cohorts/c1/cohort.yml", 2)


def test_unclosed_quote_is_reported_where_the_quote_opens(check):
    # An unclosed quote swallows the rest of the block; the line to fix is the one with the quote,
    # not the end of the front matter (which may be many lines further down).
    front = FRONT + 'education: "博士研究生\nexpertise: 城市规划\ntags: [专题讲座]\nportfolio: [科技]\n'
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", PROFILE_PATH, 6)


def test_duplicate_key_reported_at_the_second_key(check):
    _, report = check({PROFILE_PATH: md(FRONT + "education: 博士\nname: 李四\n")})
    issue = only(report)
    assert issue.code == "Y004"
    assert issue.path == PROFILE_PATH
    assert issue.line == 7
    assert issue.severity is Severity.ERROR
    assert "第 2 行" in issue.message


def test_duplicate_key_in_a_nested_mapping(check):
    front = FRONT + "achievements:\n  - title: 引进新品种\n    date: 2013\n    title: 推广新技术\n"
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.line) == ("Y004", 9)


def test_duplicate_key_in_lectures(check):
    lectures = "- date: 2012-07-15\n  title: 第一讲\n  speaker: zhang-san\n  title: 第二讲\n"
    _, report = check({"cohorts/c1/lectures.yml": lectures})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y004", "cohorts/c1/lectures.yml", 4)


def test_same_key_in_different_mappings_is_fine(check):
    front = FRONT + "achievements:\n  - title: 一\n    date: 2013\n  - title: 二\n    date: 2014\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []
    assert [a.title for a in dataset.cadres[0].achievements] == ["一", "二"]


def test_front_matter_that_is_not_a_mapping(check):
    _, report = check({PROFILE_PATH: md("- 张三\n- 苍溪县\n")})
    assert codes(report) == ["Y005"]
    assert only(report).line == 2


def test_lectures_yml_that_is_not_a_list(check):
    _, report = check({"cohorts/c1/lectures.yml": "title: 讲座\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y005", "cohorts/c1/lectures.yml", 1)


@pytest.mark.parametrize(
    "value",
    ["!!int", "!!float", "!!bool 是", "!!timestamp 2012年3月", "!!int _"],
)
def test_explicit_tag_with_a_bad_value_is_an_issue_not_a_crash(check, value):
    # Found by the property tests: PyYAML's constructors raise IndexError/KeyError/AttributeError
    # for these, which the loader lets escape (a traceback instead of a file:line message).
    _, report = check({PROFILE_PATH: md(FRONT + f"education: {value}\n")})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", PROFILE_PATH, 6)


def test_explicit_tag_in_lectures_is_an_issue_not_a_crash(check):
    _, report = check({"cohorts/c1/lectures.yml": "- title: 讲座\n  attendance: !!int\n"}, {"today": "2013-01-01"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", "cohorts/c1/lectures.yml", 2)
