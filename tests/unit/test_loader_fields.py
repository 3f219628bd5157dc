"""Field checks: required, unknown, types, dates, terms, template placeholders, drafts."""

from __future__ import annotations

import datetime as dt

from showcase.issues import Severity

from .conftest import FRONT, PROFILE_PATH, codes, md, only


def test_missing_required_field(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("post: 苍溪县副县长\n", ""))})
    issue = only(report)
    assert issue.code == "D101"
    assert issue.path == PROFILE_PATH
    assert issue.line == 2  # the mapping that lacks it starts on line 2
    assert issue.severity is Severity.ERROR
    assert "post" in issue.message
    assert "挂任职务" in issue.message


def test_missing_required_field_in_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": "program: 科技副职\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("D101", "cohorts/c1/cohort.yml", 1)
    assert "name" in issue.message


def test_empty_required_field(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("post: 苍溪县副县长", "post:"))})
    issue = only(report)
    assert issue.code == "D102"
    assert issue.path == PROFILE_PATH
    assert issue.line == 4
    assert issue.severity is Severity.ERROR
    assert "post" in issue.message


def test_empty_string_required_field(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("origin: 某大学经济管理学院副教授", 'origin: ""'))})
    issue = only(report)
    assert (issue.code, issue.line) == ("D102", 5)


def test_template_placeholder_is_an_empty_field(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("post: 苍溪县副县长", "post: 请填写挂任职务"))})
    issue = only(report)
    assert issue.code == "D102"
    assert issue.path == PROFILE_PATH
    assert issue.line == 4
    assert issue.severity is Severity.ERROR
    assert "请填写挂任职务" in issue.message


def test_unknown_field_with_did_you_mean(check):
    front = FRONT + "expertice: 城市规划\n"
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert issue.code == "D103"
    assert issue.path == PROFILE_PATH
    assert issue.line == 6
    assert issue.severity is Severity.ERROR
    assert "expertice" in issue.message
    assert "expertise" in issue.hint


def test_misspelt_required_field_hints_the_right_one(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("county:", "cuonty:"))})
    unknown = only(report, "D103")
    assert (unknown.path, unknown.line) == (PROFILE_PATH, 3)
    assert "cuonty" in unknown.message
    assert "county" in unknown.hint
    # and the field it should have been is missing
    missing = only(report, "D101")
    assert "county" in missing.message
    assert codes(report) == ["D101", "D103"]


def test_chinese_key_hints_the_english_key(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("name: 张三", "姓名: 张三"))})
    unknown = only(report, "D103")
    assert (unknown.path, unknown.line) == (PROFILE_PATH, 2)
    assert "姓名" in unknown.message
    assert "name" in unknown.hint


def test_unknown_field_in_an_achievement(check):
    front = FRONT + "achievements:\n  - titel: 引进新品种\n"
    _, report = check({PROFILE_PATH: md(front)})
    unknown = only(report, "D103")
    assert unknown.line == 7
    assert "title" in unknown.hint


def test_unknown_field_in_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\nprogramme: 科技副职\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("D103", "cohorts/c1/cohort.yml", 2)
    assert "program" in issue.hint


def test_wrong_type_mapping_for_a_list(check):
    _, report = check({PROFILE_PATH: md(FRONT + "portfolio: {a: 1}\n")})
    issue = only(report)
    assert issue.code == "D104"
    assert issue.path == PROFILE_PATH
    assert issue.line == 6
    assert issue.severity is Severity.ERROR
    assert "portfolio" in issue.message


def test_wrong_type_list_for_text(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("post: 苍溪县副县长", "post: [副县长, 科技副职]"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("D104", 4)


def test_wrong_type_flag(check):
    _, report = check({PROFILE_PATH: md(FRONT + "draft: 是\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("D104", 6)


def test_portfolio_as_text_or_list(check):
    dataset, report = check({PROFILE_PATH: md(FRONT + "portfolio: 科技、农业\ntags:\n  - 专题讲座\n")})
    assert report.sorted() == []
    assert dataset.cadres[0].portfolio == ("科技", "农业")
    assert dataset.cadres[0].tags == ("专题讲座",)


def test_bad_date(check):
    _, report = check({PROFILE_PATH: md(FRONT + "start: 2012-13\n")})
    issue = only(report)
    assert issue.code == "D105"
    assert issue.path == PROFILE_PATH
    assert issue.line == 6
    assert issue.severity is Severity.ERROR
    assert "2012-13" in issue.message


def test_bad_date_text(check):
    _, report = check({PROFILE_PATH: md(FRONT + "end: 去年春天\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("D105", 6)


def test_bad_date_in_an_achievement(check):
    front = FRONT + "achievements:\n  - title: 引进新品种\n    date: 2013年13月\n"
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.line) == ("D105", 8)


def test_partial_dates_are_kept(check):
    front = FRONT + "start: 2012年3月下旬\nend: 2013-07\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []
    cadre = dataset.cadres[0]
    assert cadre.start.label() == "2012年3月下旬"
    assert cadre.end.label() == "2013年7月"
    assert cadre.end.precision == "month"


def test_end_before_start(check):
    _, report = check({PROFILE_PATH: md(FRONT + "start: 2013-03\nend: 2012-05\n")})
    issue = only(report)
    assert issue.code == "D106"
    assert issue.path == PROFILE_PATH
    assert issue.line == 7  # the line of `end`
    assert issue.severity is Severity.ERROR


def test_end_in_the_start_month_is_not_before_start(check):
    _, report = check({PROFILE_PATH: md(FRONT + "start: 2013-03-15\nend: 2013-03\n")})
    assert report.sorted() == []


def test_end_before_start_in_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\nstart: 2014\nend: 2013-12-31\n"})
    [issue] = [i for i in report.sorted() if i.path == "cohorts/c1/cohort.yml"]
    assert (issue.code, issue.path, issue.line) == ("D106", "cohorts/c1/cohort.yml", 3)


def test_cohort_term_error_is_not_blamed_on_profiles_without_dates(check):
    # The profiles only inherit the cohort's term: the one mistake is in cohort.yml, and a cohort
    # of 50 profiles must not produce 51 errors for it.
    files = {
        "cohorts/c1/cohort.yml": "name: 测试批次\nstart: 2014\nend: 2013-12-31\n",
        "cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四")),
    }
    _, report = check(files)
    assert [(i.code, i.path, i.line) for i in report.sorted()] == [("D106", "cohorts/c1/cohort.yml", 3)]


def test_profile_term_defaults_to_the_cohort_term(check):
    dataset, report = check({"cohorts/c1/cohort.yml": "name: 测试批次\nstart: 2012-07\nend: 2014-07\n"})
    assert report.sorted() == []
    cadre = dataset.cadres[0]
    assert (cadre.start.iso(), cadre.end.iso()) == ("2012-07", "2014-07")


def test_draft_is_validated_but_not_published(check):
    draft = md(FRONT.replace("张三", "李四").replace("post: 苍溪县副县长", "post: 请填写挂任职务") + "draft: true\n")
    dataset, report = check({"cohorts/c1/li-si.md": draft})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("D102", "cohorts/c1/li-si.md", 4)
    assert sorted(c.id for c in dataset.cadres) == ["li-si", "zhang-san"]
    assert [c.id for c in dataset.published_cadres] == ["zhang-san"]
    assert dataset.cadre("li-si").draft is True


def test_clean_draft_is_loaded_and_excluded(check):
    dataset, report = check({"cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四") + "draft: true\n")})
    assert report.sorted() == []
    assert sorted(c.id for c in dataset.cadres) == ["li-si", "zhang-san"]
    assert [c.id for c in dataset.published_cadres] == ["zhang-san"]


def test_draft_false_is_published(check):
    dataset, report = check({PROFILE_PATH: md(FRONT + "draft: false\n")})
    assert report.sorted() == []
    assert [c.id for c in dataset.published_cadres] == ["zhang-san"]


def test_all_problems_of_one_file_in_one_run(check):
    front = (
        "name: 张三\n"
        "cuonty: 苍溪县\n"  # 3: D103 (and D101: county missing, at the mapping's line 2)
        "post：苍溪县副县长\n"  # 4: Y002
        "origin: 某大学\n"
        "start: 2012-13\n"  # 6: D105
    )
    _, report = check({PROFILE_PATH: md(front)})
    found = [(i.code, i.line) for i in report.sorted()]
    assert found == [("D101", 2), ("D103", 3), ("Y002", 4), ("D105", 6)]
    assert all(i.path == PROFILE_PATH for i in report.sorted())
    assert len(report.errors) == 4


def test_three_different_mistakes_in_three_places(check):
    front = FRONT.replace("county: 苍溪县", "county: 苍西县") + "portfolio: {a: 1}\nend: 2012年13月\n"
    _, report = check({PROFILE_PATH: md(front, body="联系电话 13912345678。\n")})
    found = [(i.code, i.line) for i in report.sorted()]
    assert found == [("P301", 3), ("D104", 6), ("D105", 7), ("S603", 9)]


def test_problems_in_cohort_file_and_profile_are_all_reported(check):
    files = {
        "cohorts/c1/cohort.yml": "name: 测试批次\nstart: 某年\n",
        PROFILE_PATH: md(FRONT + "education: [博士, 硕士]\n"),
    }
    _, report = check(files)
    found = [(i.path, i.code, i.line) for i in report.sorted()]
    assert found == [("cohorts/c1/cohort.yml", "D105", 2), (PROFILE_PATH, "D104", 6)]


def test_today_option_is_used(make_tree, validate):
    from showcase.settings import build_settings

    settings, problems = build_settings(make_tree({}), {"today": "2012-07-15"})
    assert problems == []
    assert settings.today == dt.date(2012, 7, 15)
