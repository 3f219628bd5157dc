"""File-level problems: encodings, line endings, names, size, binary content (DESIGN §6)."""

from __future__ import annotations

from showcase.issues import Severity

from .conftest import COHORT_YML, FRONT, PROFILE_PATH, codes, md, minimal_files, only


def test_minimal_cohort_is_clean(make_tree, validate):
    dataset, report = validate(make_tree(minimal_files()))
    assert report.sorted() == []
    assert report.summary() == "检查通过：没有发现问题。"
    assert [c.id for c in dataset.cohorts] == ["c1"]
    assert dataset.cohorts[0].name == "测试批次"
    [cadre] = dataset.cadres
    assert (cadre.id, cadre.cohort_id, cadre.name) == ("zhang-san", "c1", "张三")
    assert (cadre.county.name, cadre.county.city, cadre.county.province) == ("苍溪县", "广元市", "四川省")
    assert cadre.post == "苍溪县副县长"
    assert cadre.origin == "某大学经济管理学院副教授"
    assert cadre.body == "正文第一行。\n"
    assert cadre.source.path == PROFILE_PATH
    assert dataset.published_cadres == [cadre]


def test_gbk_file_is_reported_as_not_utf8(check):
    _, report = check({PROFILE_PATH: md().encode("gb18030")})
    issue = only(report)
    assert issue.code == "F001"
    assert issue.path == PROFILE_PATH
    assert issue.line == 2  # the first line with a byte that is not UTF-8: "name: 张三"
    assert issue.severity is Severity.ERROR
    assert "UTF-8" in issue.message
    assert "GBK" in issue.message


def test_gbk_error_line_is_the_first_non_utf8_line(check):
    text = "---\nname: zhang\ncounty: 苍溪县\n" + "post: x\norigin: y\n---\n"
    _, report = check({PROFILE_PATH: text.encode("gb18030")})
    issue = only(report, "F001")
    assert issue.line == 3


def test_gbk_file_content_is_still_read(check):
    dataset, report = check({PROFILE_PATH: md().encode("gb18030")})
    assert codes(report) == ["F001"]
    [cadre] = dataset.cadres
    assert cadre.name == "张三"
    assert cadre.county.name == "苍溪县"


def test_utf8_bom_and_crlf_are_accepted(check):
    text = "\ufeff" + md(body="第一段。\n\n第二段。\n")
    dataset, report = check({PROFILE_PATH: text.replace("\n", "\r\n")})
    assert report.sorted() == []
    [cadre] = dataset.cadres
    assert cadre.name == "张三"
    assert cadre.origin == "某大学经济管理学院副教授"
    assert "\r" not in cadre.body
    assert cadre.body == "第一段。\n\n第二段。\n"


def test_bom_and_crlf_keep_line_numbers(check):
    text = "\ufeff" + md(FRONT + "start: 2012-13\n")
    _, report = check({PROFILE_PATH: text.replace("\n", "\r\n")})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("D105", PROFILE_PATH, 6)


def test_cohort_yml_with_bom_and_crlf_is_accepted(check):
    dataset, report = check({"cohorts/c1/cohort.yml": "\ufeffname: 测试批次\r\nprogram: 科技副职\r\n"})
    assert report.sorted() == []
    assert (dataset.cohorts[0].name, dataset.cohorts[0].program) == ("测试批次", "科技副职")


def test_chinese_file_name_is_not_a_slug(make_tree, validate):
    root = make_tree({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/张三.md": md()})
    _, report = validate(root)
    issue = only(report)
    assert issue.code == "F004"
    assert issue.path == "cohorts/c1/张三.md"
    assert issue.line == 1
    assert issue.severity is Severity.ERROR
    assert "zhang-san.md" in issue.hint


def test_upper_case_file_name_is_not_a_slug(make_tree, validate):
    root = make_tree({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/Zhang_San.md": md()})
    _, report = validate(root)
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("F004", "cohorts/c1/Zhang_San.md", 1)


def test_chinese_cohort_folder_is_not_a_slug(make_tree, validate):
    root = make_tree({"cohorts/第一批/cohort.yml": COHORT_YML, "cohorts/第一批/zhang-san.md": md()})
    dataset, report = validate(root)
    issue = only(report)
    assert issue.code == "F004"
    assert issue.path == "cohorts/第一批"
    assert issue.line == 1
    assert issue.severity is Severity.ERROR
    assert "di-yi-pi" in issue.hint
    # the profiles inside are still read and checked
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


def test_oversized_file(check):
    big = md(body="正文。\n" + "a" * (513 * 1024))
    _, report = check({PROFILE_PATH: big})
    issue = only(report)
    assert issue.code == "F003"
    assert issue.path == PROFILE_PATH
    assert issue.line == 1
    assert issue.severity is Severity.ERROR


def test_file_of_exactly_512_kib_is_not_too_large(check):
    text = md()
    padded = text + "a" * (512 * 1024 - len(text.encode("utf-8")))
    assert len(padded.encode("utf-8")) == 512 * 1024
    _, report = check({PROFILE_PATH: padded})
    assert "F003" not in codes(report)


def test_binary_file(check):
    _, report = check({PROFILE_PATH: b"---\nname: x\n\x00\x01\x02\x03\xff\xfe---\n"})
    issue = only(report)
    assert issue.code == "F002"
    assert issue.path == PROFILE_PATH
    assert issue.line == 1
    assert issue.severity is Severity.ERROR


def test_binary_cohort_yml(check):
    _, report = check({"cohorts/c1/cohort.yml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("F002", "cohorts/c1/cohort.yml", 1)


def test_missing_front_matter(check):
    _, report = check({PROFILE_PATH: "name: 张三\n正文\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("F005", PROFILE_PATH, 1)


def test_unclosed_front_matter(check):
    _, report = check({PROFILE_PATH: "---\n" + FRONT + "正文\n"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("F005", PROFILE_PATH, 1)


def test_missing_cohort_yml(make_tree, validate):
    _, report = validate(make_tree({"cohorts/c1/zhang-san.md": md()}))
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("F007", "cohorts/c1/cohort.yml", 1)


def test_broken_files_do_not_stop_the_others(check):
    files = {
        "cohorts/c1/li-si.md": b"\x00\x01binary\x00",
        "cohorts/c1/wang-wu.md": md(FRONT.replace("张三", "王五")).encode("gb18030"),
        "cohorts/c1/zhao-liu.md": md(FRONT + "start: 2012-13\n"),
        "cohorts/c2/cohort.yml": "name：第二批\n",
        "cohorts/c2/sun-qi.md": md(FRONT.replace("苍溪县", "苍西县", 1)),
    }
    dataset, report = check(files)
    found = {(i.path, i.code, i.line) for i in report.sorted()}
    assert found == {
        ("cohorts/c1/li-si.md", "F002", 1),
        ("cohorts/c1/wang-wu.md", "F001", 2),
        ("cohorts/c1/zhao-liu.md", "D105", 6),
        ("cohorts/c2/cohort.yml", "Y002", 1),
        ("cohorts/c2/sun-qi.md", "P301", 3),
    }
    # nothing is silently dropped: every profile file is in the dataset (DESIGN §6)
    assert sorted(c.id for c in dataset.cadres) == ["li-si", "sun-qi", "wang-wu", "zhang-san", "zhao-liu"]
