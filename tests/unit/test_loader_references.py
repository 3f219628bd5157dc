"""Metrics, places, ids, speakers and photos: checks against registries and other files."""

from __future__ import annotations

from decimal import Decimal

from showcase.issues import Severity
from showcase.metrics import Bound

from .conftest import FRONT, PROFILE_PATH, md, minimal_files, only
from .test_photos import image_bytes


def metrics_front(*lines: str) -> str:
    """FRONT + one achievement whose metrics start on line 9 (achievements 6, title 7, metrics 8)."""
    return FRONT + "achievements:\n  - title: 争取项目资金\n    metrics:\n" + "".join(f"      {line}\n" for line in lines)


# -- metrics ------------------------------------------------------------------


def test_metrics_are_parsed(check):
    front = metrics_front("funds_secured: 1200余万元", "people_trained: 近4万人次", "trainings_held: 12")
    dataset, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []
    [achievement] = dataset.cadres[0].achievements
    assert achievement.title == "争取项目资金"
    assert achievement.metrics["funds_secured"].value == Decimal(1200)
    assert achievement.metrics["funds_secured"].bound is Bound.AT_LEAST
    assert achievement.metrics["people_trained"].value == Decimal(40000)
    assert achievement.metrics["people_trained"].bound is Bound.APPROX
    assert achievement.metrics["trainings_held"].value == Decimal(12)
    assert achievement.metrics["trainings_held"].bound is Bound.EXACT


def test_unknown_metric_with_did_you_mean(check):
    _, report = check({PROFILE_PATH: md(metrics_front("funds_secured: 100", "fund_secured: 200"))})
    issue = only(report)
    assert issue.code == "M201"
    assert issue.path == PROFILE_PATH
    assert issue.line == 10
    assert issue.severity is Severity.ERROR
    assert "fund_secured" in issue.message
    assert "funds_secured" in issue.hint


def test_metric_written_as_its_chinese_label_hints_the_key(check):
    _, report = check({PROFILE_PATH: md(metrics_front("争取资金: 1200万元"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("M201", 9)
    assert "funds_secured" in issue.hint


def test_unit_mismatch(check):
    _, report = check({PROFILE_PATH: md(metrics_front("funds_secured: 100人次"))})
    issue = only(report)
    assert issue.code == "M203"
    assert issue.path == PROFILE_PATH
    assert issue.line == 9
    assert issue.severity is Severity.ERROR
    assert "人次" in issue.message
    assert "万元" in issue.message + issue.hint


def test_unknown_unit(check):
    _, report = check({PROFILE_PATH: md(metrics_front("funds_secured: 100斤"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("M203", 9)


def test_bad_amount(check):
    _, report = check({PROFILE_PATH: md(metrics_front("people_trained: 很多"))})
    issue = only(report)
    assert issue.code == "M202"
    assert issue.path == PROFILE_PATH
    assert issue.line == 9
    assert issue.severity is Severity.ERROR


def test_negative_amount(check):
    _, report = check({PROFILE_PATH: md(metrics_front("projects: -3"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("M202", 9)


def test_not_a_number_amount_is_bad(check):
    # YAML reads .nan and .inf as floats; neither is a count of anything, and both break the
    # totals and the site's number formatting later.
    _, report = check({PROFILE_PATH: md(metrics_front("funds_secured: .nan", "projects: .inf"))})
    assert [(i.code, i.line) for i in report.sorted()] == [("M202", 9), ("M202", 10)]


def test_reported_totals_in_cohort_yml(check):
    cohort = "name: 测试批次\nreported:\n  funds_secured: 3亿多元\n  patents_filed: 500多项\n  fund_secured: 1\n"
    dataset, report = check({"cohorts/c1/cohort.yml": cohort})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("M201", "cohorts/c1/cohort.yml", 5)
    reported = dataset.cohorts[0].reported
    assert reported["funds_secured"].value == Decimal(30000)
    assert reported["funds_secured"].bound is Bound.AT_LEAST
    assert reported["patents_filed"].value == Decimal(500)


def test_site_declared_metric(check):
    options = {"metrics": {"science_events": {"label": "科技活动", "unit": "场"}}}
    dataset, report = check({PROFILE_PATH: md(metrics_front("science_events: 30多场"))}, options)
    assert report.sorted() == []
    assert dataset.cadres[0].achievements[0].metrics["science_events"].value == Decimal(30)


# -- places -------------------------------------------------------------------


def test_unknown_county_with_did_you_mean(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 苍西县"))})
    issue = only(report)
    assert issue.code == "P301"
    assert issue.path == PROFILE_PATH
    assert issue.line == 3
    assert issue.severity is Severity.ERROR
    assert "苍西县" in issue.message
    assert "苍溪县" in issue.hint


def test_county_without_suffix_suggests_the_full_name(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 苍溪"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("P301", 3)
    assert "苍溪县" in issue.hint


def test_ambiguous_county(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 鼓楼区"))})
    issue = only(report)
    assert issue.code == "P302"
    assert issue.path == PROFILE_PATH
    assert issue.line == 3
    assert issue.severity is Severity.ERROR
    assert "南京市鼓楼区" in issue.message
    assert "福州市鼓楼区" in issue.message


def test_qualified_county_resolves(check):
    dataset, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 南京市鼓楼区"))})
    assert report.sorted() == []
    county = dataset.cadres[0].county
    assert (county.name, county.city, county.province) == ("鼓楼区", "南京市", "江苏省")
    assert county.code.startswith("3201")


def test_ambiguous_county_resolved_by_the_cohort_region(check):
    files = {
        "cohorts/c1/cohort.yml": "name: 测试批次\nregion: 福建省福州市\n",
        PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 鼓楼区")),
    }
    dataset, report = check(files)
    assert report.sorted() == []
    assert dataset.cadres[0].county.city == "福州市"


def test_declared_extra_place(check):
    options = {"places": {"肇庆高新区": {"city": "肇庆市", "province": "广东省"}}}
    dataset, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 肇庆高新区"))}, options)
    assert report.sorted() == []
    county = dataset.cadres[0].county
    assert (county.name, county.city, county.province) == ("肇庆高新区", "肇庆市", "广东省")
    assert county.is_division is False


def test_undeclared_extra_place_is_unknown(check):
    _, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 肇庆高新区"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("P301", 3)


def test_former_name_resolves_to_the_current_division(check):
    options = {"places": {"泸水县": {"renamed_to": "泸水市"}}}
    dataset, report = check({PROFILE_PATH: md(FRONT.replace("county: 苍溪县", "county: 泸水县"))}, options)
    assert report.sorted() == []
    cadre = dataset.cadres[0]
    assert (cadre.county.name, cadre.county.province) == ("泸水市", "云南省")
    assert cadre.county.is_division
    assert cadre.county_written == "泸水县"
    assert cadre.former_county_name == "泸水县"


# -- ids, speakers, photos ------------------------------------------------------


def test_duplicate_cadre_ids_across_cohorts(check):
    files = {"cohorts/c2/cohort.yml": "name: 第二批\n", "cohorts/c2/zhang-san.md": md(FRONT.replace("张三", "张三丰"))}
    _, report = check(files)
    issue = only(report)
    assert issue.code == "R401"
    assert issue.path == "cohorts/c2/zhang-san.md"
    assert issue.line == 1
    assert issue.severity is Severity.ERROR
    assert "cohorts/c1/zhang-san.md" in issue.message


def test_duplicate_id_is_found_even_when_one_file_is_unreadable(check):
    files = {"cohorts/c2/cohort.yml": "name: 第二批\n", "cohorts/c2/zhang-san.md": b"\x00binary"}
    _, report = check(files)
    assert sorted((i.code, i.path) for i in report.sorted()) == [
        ("F002", "cohorts/c2/zhang-san.md"),
        ("R401", "cohorts/c2/zhang-san.md"),
    ]


LECTURE = "- date: 2012-07-15\n  title: 城市品牌建设\n  venue: 县委党校\n  speaker: {speaker}\n"


def test_lecture_speaker_is_a_cadre_id(check):
    dataset, report = check({"cohorts/c1/lectures.yml": LECTURE.format(speaker="zhang-san")}, {"today": "2013-01-01"})
    assert report.sorted() == []
    [lecture] = dataset.lectures
    assert (lecture.speaker_id, lecture.speaker_name, lecture.title) == ("zhang-san", "张三", "城市品牌建设")


def test_lecture_speaker_not_found(check):
    _, report = check({"cohorts/c1/lectures.yml": LECTURE.format(speaker="li-si")}, {"today": "2013-01-01"})
    issue = only(report)
    assert issue.code == "R402"
    assert issue.path == "cohorts/c1/lectures.yml"
    assert issue.line == 4
    assert issue.severity is Severity.ERROR
    assert "li-si" in issue.message


def test_lecture_speaker_typo_has_did_you_mean(check):
    _, report = check({"cohorts/c1/lectures.yml": LECTURE.format(speaker="zhang-sna")}, {"today": "2013-01-01"})
    issue = only(report)
    assert (issue.code, issue.line) == ("R402", 4)
    assert "zhang-san" in issue.hint


def test_lecture_speaker_in_another_cohort(check):
    files = {"cohorts/c2/cohort.yml": "name: 第二批\n", "cohorts/c2/lectures.yml": LECTURE.format(speaker="zhang-san")}
    dataset, report = check(files, {"today": "2013-01-01"})
    assert report.sorted() == []
    assert dataset.lectures[0].speaker_id == "zhang-san"


def test_guest_speaker_by_plain_name(check):
    dataset, report = check({"cohorts/c1/lectures.yml": LECTURE.format(speaker="王教授")}, {"today": "2013-01-01"})
    assert report.sorted() == []
    assert (dataset.lectures[0].speaker_id, dataset.lectures[0].speaker_name) == ("", "王教授")


def test_missing_photo(check):
    _, report = check({PROFILE_PATH: md(FRONT + "photo: zhang-san.jpg\n")})
    issue = only(report)
    assert issue.code == "R403"
    assert issue.path == PROFILE_PATH
    assert issue.line == 6
    assert issue.severity is Severity.ERROR
    assert "zhang-san.jpg" in issue.message


def test_existing_photo(check):
    dataset, report = check({PROFILE_PATH: md(FRONT + "photo: zhang-san.jpg\n"), "cohorts/c1/zhang-san.jpg": image_bytes()})
    assert report.sorted() == []
    assert dataset.cadres[0].photo == "zhang-san.jpg"


def test_two_photos_that_would_publish_to_one_address(check):
    """Both become li-si.jpg on the site: one cadre would show the other's photo."""
    other = md(FRONT.replace("张三", "李四") + "photo: li-si.png\n")
    files = {
        PROFILE_PATH: md(FRONT + "photo: li-si.jpg\n"), "cohorts/c1/li-si.jpg": image_bytes(),
        "cohorts/c1/li-si.md": other, "cohorts/c1/li-si.png": image_bytes(fmt="PNG"),
    }
    _, report = check(files)
    issue = only(report)
    assert (issue.path, issue.code, issue.line, issue.severity) == (PROFILE_PATH, "I806", 6, Severity.ERROR)
    assert "cohorts/c1/li-si.md 的照片 li-si.png" in issue.message and "li-si.jpg" in issue.message
    assert "--" not in issue.hint and "zhang-san.jpg" in issue.hint


def test_one_photo_shared_by_two_profiles_is_one_file(check):
    files = {
        PROFILE_PATH: md(FRONT + "photo: group.jpg\n"), "cohorts/c1/group.jpg": image_bytes(),
        "cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四") + "photo: group.jpg\n"),
    }
    assert check(files)[1].sorted() == []


def test_photo_outside_the_cohort_folder(check):
    files = {PROFILE_PATH: md(FRONT + "photo: ../../secret.jpg\n"), "secret.jpg": b"\xff\xd8\xff"}
    _, report = check(files)
    issue = only(report)
    assert (issue.code, issue.line) == ("R403", 6)


def test_photo_name_with_a_nul_character_is_reported_not_raised(check):
    _, report = check({PROFILE_PATH: md(FRONT + 'photo: "zhang\\0san.jpg"\n')})
    assert [(i.code, i.line) for i in report.sorted()] == [("D108", 6), ("R403", 6)]


def test_unexpected_file_in_a_cohort_is_an_error(check):
    _, report = check({"cohorts/c1/notes.txt": "备忘\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.severity) == ("F006", "cohorts/c1/notes.txt", Severity.ERROR)


def test_minimal_files_helper_is_valid(make_tree, validate):
    _, report = validate(make_tree(minimal_files()))
    assert report.sorted() == []
