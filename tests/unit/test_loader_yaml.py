"""YAML typography and syntax: full-width colons, tabs, syntax errors, duplicate keys (DESIGN §6)."""

from __future__ import annotations

import re

import pytest

from showcase import source
from showcase.dates import parse_date
from showcase.issues import Report, Severity

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


# -- what beginners type (issue 11): each slip is named in Chinese at its line, with the fix ---------

_ENGLISH_PHRASE = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")


def assert_chinese_with_fix(issue):
    """A Chinese message and a Chinese fix; never PyYAML's English sentence on its own."""
    assert re.search(r"[\u4e00-\u9fff]", issue.message), issue.text()
    assert issue.hint and re.search(r"[\u4e00-\u9fff]", issue.hint), issue.text()
    assert not _ENGLISH_PHRASE.search(issue.message + issue.hint), issue.text()


ACHIEVEMENT = "achievements:\n  - title: 引进新品种\n"

#: (front matter, code, line, cadre attribute, its value when read as if fixed)
SLIPS = {
    # a template line uncommented by deleting only the "#": the space after it stays
    "uncommented-top-level-line": (FRONT + "expertise: 城市规划\n education: 博士\n", "Y008", 7, "education", "博士"),
    "uncommented-right-after-origin": (FRONT + " start: 2012-07\n", "Y008", 6, "start", parse_date("2012-07")),
    "left-indented-two-spaces": (FRONT + "  education: 博士\n", "Y008", 6, "education", "博士"),
    "after-a-commented-value": (FRONT.replace("副教授\n", "副教授   # 派出单位\n") + " education: 博士\n", "Y008", 6, "education", "博士"),
    "uncommented-achievement-line": (FRONT + ACHIEVEMENT + "     date: 2013年3月\n", "Y008", 8, "achievement_date", parse_date("2013年3月")),
    # full-width spaces (U+3000) from a Chinese input method
    "full-width-indent": (FRONT + "portfolio:\n\u3000\u3000- 科技\n", "Y006", 7, "portfolio", ("科技",)),
    "full-width-indent-of-a-key": (FRONT + ACHIEVEMENT + "\u3000\u3000date: 2013\n", "Y006", 8, "achievement_date", parse_date("2013")),
    "full-width-space-after-colon": (FRONT + "education:\u3000博士\n", "Y006", 6, "education", "博士"),
    "full-width-space-before-colon": (FRONT + "education\u3000: 博士\n", "Y006", 6, "education", "博士"),
    "full-width-space-after-dash": (FRONT + "portfolio:\n  -\u3000科技\n", "Y006", 7, "portfolio", ("科技",)),
    # key:value with no space: YAML reads one string "education:博士"
    "no-space-after-colon": (FRONT + "education:博士\n", "Y007", 6, "education", "博士"),
    "no-space-last-line": (FRONT + "expertise: 城市规划\neducation:博士\n", "Y007", 7, "education", "博士"),
    "no-space-in-a-list-item": (FRONT + "achievements:\n  - title:引进新品种\n", "Y007", 7, "achievement_title", "引进新品种"),
    "no-space-in-a-metric": (FRONT + ACHIEVEMENT + "    metrics:\n      funds_secured:1200万元\n", "Y007", 9, "achievement_funds", 1200),
}


def _read(cadre, attribute):
    if attribute.startswith("achievement_"):
        achievement = cadre.achievements[0]
        if attribute == "achievement_funds":
            return achievement.metrics["funds_secured"].value
        return getattr(achievement, attribute.removeprefix("achievement_"))
    return getattr(cadre, attribute)


@pytest.mark.parametrize(("front", "code", "line", "attribute", "value"), SLIPS.values(), ids=SLIPS.keys())
def test_beginner_slip_is_named_at_its_line_and_read_as_meant(check, front, code, line, attribute, value):
    dataset, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.path, issue.line, issue.severity) == (code, PROFILE_PATH, line, Severity.ERROR)
    assert_chinese_with_fix(issue)
    # the rest of the file is read as if the slip were fixed: one run shows every problem
    assert _read(dataset.cadres[0], attribute) == value


def test_uncommented_line_names_the_field_to_align_with(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: 城市规划\n education: 博士\n")})
    issue = only(report)
    assert "expertise" in issue.message and "1 个空格" in issue.message
    assert "#" in issue.hint and "对齐" in issue.hint


def test_several_slips_in_one_file_are_all_reported(check):
    front = FRONT + " education: 博士\nexpertise:城市规划\nportfolio:\n\u3000\u3000- 科技\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    assert [(i.code, i.line) for i in report.sorted()] == [("Y008", 6), ("Y007", 7), ("Y006", 9)]
    cadre = dataset.cadres[0]
    assert (cadre.education, cadre.expertise, cadre.portfolio) == ("博士", "城市规划", ("科技",))


@pytest.mark.parametrize(
    ("path", "text", "code", "line"),
    [
        ("cohorts/c1/cohort.yml", "name: 测试批次\nprogram:科技副职\n", "Y007", 2),
        ("cohorts/c1/cohort.yml", "name: 测试批次\n region: 广东肇庆\n", "Y008", 2),
        ("cohorts/c1/cohort.yml", "name:\u3000测试批次\n", "Y006", 1),
        ("cohorts/c1/lectures.yml", "- date: 2012-07-15\n  title:城市品牌建设\n", "Y007", 2),
        ("cohorts/c1/lectures.yml", "- date: 2012-07-15\n   title: 城市品牌建设\n", "Y008", 2),
        ("cohorts/c1/lectures.yml", "- date: 2012-07-15\n\u3000title: 城市品牌建设\n", "Y006", 2),
    ],
)
def test_beginner_slips_in_cohort_and_lecture_files(check, path, text, code, line):
    _, report = check({path: text}, {"today": "2013-01-01"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == (code, path, line)
    assert_chinese_with_fix(issue)


@pytest.mark.parametrize(
    "front",
    [
        pytest.param(FRONT + "source: |\n  time:14:30 见报道\n  education: 博士\n", id="inside-a-block-scalar"),
        pytest.param(FRONT + "source: 据报道\n  time:14:30 整理\n", id="plain-value-going-on"),
        pytest.param(FRONT + 'source: "据报道\n  education: 博士"\n', id="quoted-value-going-on"),
        pytest.param(FRONT + "portfolio: [科技,\n  农业]\n", id="flow-list-going-on"),
        pytest.param(FRONT + "source:\n  https://example.org/a\n", id="url-on-its-own-line"),
        pytest.param(FRONT + "portfolio:\n  - 科技:农业\n", id="colon-in-a-list-item"),
        pytest.param(FRONT + "education: \u3000博士\n", id="full-width-space-inside-a-value"),
        pytest.param(FRONT + "source: |\n  \u3000\u3000段首空两格\n", id="full-width-indent-of-a-paragraph"),
        pytest.param(FRONT + "expertise: C# 入门\nsource: 'C# 入门'\n", id="hash-inside-a-value"),
    ],
)
def test_valid_yaml_is_not_taken_for_a_slip(check, front):
    _, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == [], [i.text() for i in report.sorted()]


#: PyYAML's own problem → the line reported (Y001): each explained in Chinese with a fix.
SYNTAX_ERRORS = {
    "unclosed-quote": (FRONT + 'education: "博士研究生\nexpertise: 城市规划\n', 6, "引号"),
    "unclosed-flow-list": (FRONT + "portfolio: [科技, 工业\nexpertise: 城市规划\n", 6, "方括号"),
    "full-width-bracket-closing-a-list": (FRONT + "portfolio: [科技, 工业】\n", 6, "方括号"),
    "colon-inside-a-value": (FRONT + "expertise: 主题: 副题\n", 6, "冒号"),
    "line-without-a-colon": (FRONT + "城市规划\neducation: 博士\n", 6, "冒号"),
    "alias": (FRONT + "expertise: *城市规划\n", 6, "*"),
    "anchor": (FRONT + "expertise: & 城市规划\n", 6, "&"),
    "backslash-in-double-quotes": (FRONT + 'expertise: "C:\\d"\n', 6, "反斜杠"),
    "apostrophe-in-single-quotes": (FRONT + "expertise: 'it's'\n", 6, "引号"),
    "special-first-character": (FRONT + "expertise: `城市规划`\n", 6, "特殊字符"),
    "text-after-block-indicator": (FRONT + "source: |据报道\n", 6, "|"),
    "missing-value": (FRONT + "expertise: ]\n", 6, "缺少值"),
    "list-item-indented-differently": (FRONT + ACHIEVEMENT + "   date: 2013\n", 8, "缩进"),
    "control-character": (FRONT + "expertise: 城市\x07规划\n", 6, "控制字符"),
}


@pytest.mark.parametrize(("front", "line", "says"), SYNTAX_ERRORS.values(), ids=SYNTAX_ERRORS.keys())
def test_yaml_syntax_errors_are_explained_in_chinese(check, front, line, says):
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("Y001", PROFILE_PATH, line)
    assert says in issue.message
    assert_chinese_with_fix(issue)


def test_a_second_document_in_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\n---\nprogram: 科技副职\n"})
    issue = only(report)
    assert (issue.code, issue.line) == ("Y001", 2)
    assert "---" in issue.message
    assert_chinese_with_fix(issue)


def test_full_width_brackets_are_named_in_the_fix(check):
    _, report = check({PROFILE_PATH: md(FRONT + "portfolio: [科技, 工业】\n")})
    assert "【】" in only(report).hint


def test_an_unexplained_parser_problem_keeps_its_words_beside_a_chinese_explanation():
    report = Report()
    source._syntax_error(report, PROFILE_PATH, 3, "while scanning something new found a problem")
    issue = only(report)
    assert (issue.code, issue.line) == ("Y001", 3)
    assert "found a problem" in issue.message and re.search(r"[\u4e00-\u9fff]", issue.message)
    assert re.search(r"[\u4e00-\u9fff]", issue.hint)


# -- Chinese list punctuation: read as the writer meant, with a warning --------------------------------

LIST_PUNCTUATION = {
    "full-width-comma-in-brackets": ("portfolio: [科技，工业]\n", "portfolio", ("科技", "工业")),
    "enumeration-comma-in-brackets": ("portfolio: [科技、工业, 农业]\n", "portfolio", ("科技", "工业", "农业")),
    "full-width-brackets": ("tags: 【专题讲座, 科技】\n", "tags", ("专题讲座", "科技")),
    "full-width-brackets-and-comma": ("tags: 【专题讲座，科技】\n", "tags", ("专题讲座", "科技")),
}


@pytest.mark.parametrize(("line", "key", "items"), LIST_PUNCTUATION.values(), ids=LIST_PUNCTUATION.keys())
def test_chinese_list_punctuation_is_split_with_a_warning(check, line, key, items):
    dataset, report = check({PROFILE_PATH: md(FRONT + line)})
    issue = only(report)
    assert (issue.code, issue.line, issue.severity) == ("D109", 6, Severity.WARNING)
    assert_chinese_with_fix(issue)
    assert "[科技, 工业]" in issue.hint
    assert getattr(dataset.cadres[0], key) == items
    assert f"“{items[0]}”、“{items[1]}”" in issue.message  # says what it was read as


@pytest.mark.parametrize(
    ("line", "items"),
    [
        pytest.param('portfolio: ["科技、工业", 农业]\n', ("科技、工业", "农业"), id="quoted-item-keeps-its-comma"),
        pytest.param("portfolio:\n  - 工业、交通和信息化\n  - 科技，农业\n", ("工业、交通和信息化", "科技，农业"), id="block-items-are-as-written"),
        pytest.param("portfolio: 科技、农业\n", ("科技", "农业"), id="one-line-of-items"),
        pytest.param("portfolio: [科技, 农业]\n", ("科技", "农业"), id="flow-list"),
    ],
)
def test_lists_written_as_meant_are_read_without_a_warning(check, line, items):
    dataset, report = check({PROFILE_PATH: md(FRONT + line)})
    assert report.sorted() == [], [i.text() for i in report.sorted()]
    assert dataset.cadres[0].portfolio == items
