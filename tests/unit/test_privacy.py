"""Untrusted Markdown and personal data (DESIGN §6): raw HTML warns, ID/phone/address are errors."""

from __future__ import annotations

import pytest

from showcase.issues import Severity
from showcase.privacy import is_valid_id_number

from .conftest import FRONT, PROFILE_PATH, md, only

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """Append the ISO 7064 MOD 11-2 check character (GB 11643) to 17 digits."""
    assert len(first17) == 17 and first17.isdigit()
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS))
    return first17 + "10X98765432"[total % 11]


VALID_ID = id_number("51082419800101123")  # 苍溪县 code 510824, born 1980-01-01
WRONG_CHECK = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
VALID_X_ID = next(n for n in (id_number(f"110105194912310{i:02d}") for i in range(100)) if n.endswith("X"))


def test_computed_id_numbers():
    assert id_number("11010519491231002") == "11010519491231002X"  # the GB 11643 example
    assert is_valid_id_number(VALID_ID)
    assert not is_valid_id_number(WRONG_CHECK)
    assert is_valid_id_number(VALID_X_ID.lower())


# -- raw HTML -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[点这里](javascript:alert(1))",
        '<a href="javascript:void(0)">链接</a>',
        '<iframe src="https://example.com"></iframe>',
    ],
)
def test_unsafe_html_in_body_is_a_warning_at_its_line(check, line):
    _, report = check({PROFILE_PATH: md(body="第一段。\n\n" + line + "\n")})
    issue = only(report)
    assert issue.code == "S601"
    assert issue.path == PROFILE_PATH
    assert issue.line == 9  # body starts on line 7
    assert issue.severity is Severity.WARNING
    assert report.errors == []


def test_each_unsafe_line_is_reported(check):
    body = "正文。\n<script>alert(1)</script>\n普通一行\n<img src=x onerror=alert(1)>\n[a](javascript:alert(1))\n"
    _, report = check({PROFILE_PATH: md(body=body)})
    assert [(i.code, i.line, i.severity) for i in report.sorted()] == [
        ("S601", 8, Severity.WARNING),
        ("S601", 10, Severity.WARNING),
        ("S601", 11, Severity.WARNING),
    ]


def test_plain_markdown_and_prose_are_not_unsafe(check):
    body = "## 工作体会\n\n- 讲授“城市品牌建设”\n- [苍溪县政府网](https://www.cncx.gov.cn/)\n\n他说：JavaScript 课程很受欢迎。\n"
    _, report = check({PROFILE_PATH: md(body=body)})
    assert report.sorted() == []


# -- 居民身份证号 -------------------------------------------------------------------


def test_valid_id_number_in_body_is_an_error(check):
    _, report = check({PROFILE_PATH: md(body=f"正文。\n身份证号 {VALID_ID}。\n")})
    issue = only(report)
    assert issue.code == "S602"
    assert issue.path == PROFILE_PATH
    assert issue.line == 8
    assert issue.severity is Severity.ERROR


def test_valid_id_number_in_front_matter_is_an_error(check):
    _, report = check({PROFILE_PATH: md(FRONT + f'expertise: "{VALID_ID}"\n')})
    issue = only(report)
    assert (issue.code, issue.line) == ("S602", 6)


def test_id_number_ending_in_x(check):
    _, report = check({PROFILE_PATH: md(body=f"证件：{VALID_X_ID}\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S602", 7)


def test_id_number_in_lectures_yml(check):
    lectures = f"- date: 2012-07-15\n  title: 讲座\n  speaker: 王教授\n  audience: 科级干部 {VALID_ID}\n"
    _, report = check({"cohorts/c1/lectures.yml": lectures}, {"today": "2013-01-01"})
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("S602", "cohorts/c1/lectures.yml", 4)


def test_eighteen_digits_with_a_wrong_check_digit_are_not_reported(check):
    _, report = check({PROFILE_PATH: md(body=f"项目编号 {WRONG_CHECK}。\n")})
    assert report.sorted() == []


def test_longer_digit_runs_are_not_id_numbers(check):
    _, report = check({PROFILE_PATH: md(body=f"流水号 {VALID_ID}7。\n")})
    assert report.sorted() == []


# -- mobile numbers and home addresses -------------------------------------------


def test_mobile_number_in_body(check):
    _, report = check({PROFILE_PATH: md(body="正文。\n联系电话：13912345678\n")})
    issue = only(report)
    assert issue.code == "S603"
    assert issue.path == PROFILE_PATH
    assert issue.line == 8
    assert issue.severity is Severity.ERROR


def test_mobile_number_in_front_matter(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: 城市规划 13912345678\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 6)


@pytest.mark.parametrize("written", ["139-1234-5678", "139 1234 5678", "+86 13912345678", "+8613912345678"])
def test_mobile_number_spellings(check, written):
    _, report = check({PROFILE_PATH: md(body=f"手机 {written}\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 7)


def test_office_phone_is_not_a_mobile_number(check):
    _, report = check({PROFILE_PATH: md(body="办公电话 0839-5222222\n")})
    assert report.sorted() == []


def test_home_address(check):
    _, report = check({PROFILE_PATH: md(body="正文。\n\n家庭住址：四川省苍溪县某街道1号\n")})
    issue = only(report)
    assert issue.code == "S604"
    assert issue.path == PROFILE_PATH
    assert issue.line == 9
    assert issue.severity is Severity.ERROR


def test_home_address_in_front_matter(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: 家庭住址：北京市\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S604", 6)


def test_personal_data_in_a_draft_is_still_an_error(check):
    _, report = check({PROFILE_PATH: md(FRONT + "draft: true\n", body="手机 13912345678\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 8)
