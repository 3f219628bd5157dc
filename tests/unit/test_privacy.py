"""Untrusted Markdown and personal data (DESIGN §6): raw HTML warns, ID/phone/address/e-mail are errors."""

from __future__ import annotations

import time

import pytest

from showcase.issues import Report, Severity
from showcase.privacy import find_personal_data, is_valid_id_number, scan_personal_data

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
DIGIT_ID = next(n for n in (id_number(f"510824198507150{i:02d}") for i in range(100)) if not n.endswith("X"))
BAD_DATE_ID = id_number("51082419801301123")  # month 13: the checksum holds, the date does not
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


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
        '<iframe src="page.html"></iframe>',
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


# -- the scanner itself: (text, [(code, 0-based line offset)]) -------------------------------------

PERSONAL_DATA = [
    # mobile numbers, in every spelling a reader would still recognise
    ("手机 13800138000", [("S603", 0)]),
    ("138 0013 8000", [("S603", 0)]),
    ("138-0013-8000", [("S603", 0)]),
    ("+86 138.0013.8000", [("S603", 0)]),
    ("86-138-0013-8000", [("S603", 0)]),
    ("0086 13800138000", [("S603", 0)]),
    ("(+86) 13800138000", [("S603", 0)]),
    ("（＋８６）１３８００１３８０００", [("S603", 0)]),
    ("８６１３８００１３８０００", [("S603", 0)]),
    ("１３８－００１３－８０００", [("S603", 0)]),
    ("１３８\u3000００１３\u3000８０００", [("S603", 0)]),
    ("138\u00a00013\u00a08000", [("S603", 0)]),
    ("138\u20130013\u20148000", [("S603", 0)]),
    ("138\u22120013\u22128000", [("S603", 0)]),
    ("138\u200b0013\u200b8000", [("S603", 0)]),  # zero-width spaces are invisible
    ("138\\-0013\\-8000", [("S603", 0)]),  # Markdown shows \- as -
    ("&#49;&#51;&#56;&#48;&#48;&#49;&#51;&#56;&#48;&#48;&#48;", [("S603", 0)]),
    ("&#x31;&#x33;&#x38;00138000", [("S603", 0)]),
    ("第一行\n电话 138 0013\n    8000", [("S603", 1)]),
    ("第一行\n\n手机 138-\n0013-8000", [("S603", 2)]),
    ("第一行\r\n手机 138 0013\r\n8000", [("S603", 1)]),
    ("第一行\n&#49;3800138000", [("S603", 1)]),
    ("13800138000，13900139000", [("S603", 0), ("S603", 0)]),
    ("办公 0839-5221234 138-0013-8000", [("S603", 0)]),
    ("2012 13800138000", [("S603", 0)]),
    # 居民身份证号
    (f"身份证号 {DIGIT_ID}", [("S602", 0)]),
    (f"证件 {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}", [("S602", 0)]),
    (f"正文\n证件 {DIGIT_ID[:6]} {DIGIT_ID[6:14]}\n  {DIGIT_ID[14:]}", [("S602", 1)]),
    (VALID_X_ID.lower(), [("S602", 0)]),
    (f"证件{VALID_X_ID}的持有人", [("S602", 0)]),
    (DIGIT_ID.translate(FULL_WIDTH), [("S602", 0)]),
    (f"身份证号码：{WRONG_CHECK}", [("S606", 0)]),
    (f"身份证：{BAD_DATE_ID}", [("S606", 0)]),
    (f"身份证号 {VALID_ID[:17]}9", [("S606", 0)]),
    # e-mail addresses
    ("邮箱 zhang.san@example.com", [("S605", 0)]),
    ("zhang＠example.com", [("S605", 0)]),
    ("zhang&#64;example.com", [("S605", 0)]),
    ("zhang&commat;example.com", [("S605", 0)]),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", [("S605", 0)]),
    ("第一行\n<zhang@mail.example.com.cn>。", [("S605", 1)]),
    ("13800138000@163.com", [("S603", 0), ("S605", 0)]),
    # home addresses
    ("家庭住址：四川省苍溪县某街道1号", [("S604", 0)]),
    ("住址：北京市", [("S604", 0)]),
    ("家住苍溪县陵江镇", [("S604", 0)]),
    ("现住成都市", [("S604", 0)]),
    ("现住地址：成都", [("S604", 0)]),
    ("家庭地址：成都", [("S604", 0)]),
    ("居住地址 成都市", [("S604", 0)]),
    ("地址：苍溪县北门路12号", [("S604", 0)]),
    ("地址:某某小区3栋2单元501室", [("S604", 0)]),
    ("第一行\n地址是陵江镇红军路东段三号", [("S604", 1)]),
    ("&#20303;&#22336;：成都", [("S604", 0)]),
    ("第一行\n手机 13800138000\n第三行\n邮箱 a@b.cn\n家住苍溪", [("S603", 1), ("S605", 3), ("S604", 4)]),
    # ordinary data that must not be mistaken for personal data
    ("2012-03-21", []),
    ("2012.3.21", []),
    ("任职 1998.10.1-2001.7", []),
    ("2013.10-2014.12", []),
    ("争取资金 1,200万元", []),
    ("3800.5万元", []),
    ("13800万元", []),
    ("办公电话 0839-5221234", []),
    ("010-12345678", []),
    ("14:30-16:30", []),
    ("2012-07-15 14:30", []),
    ("苍溪县 510824", []),
    ("卡号 6222021380013800", []),
    ("流水 6222021380013800123", []),
    ("6222 0213 8001 3800 0123", []),  # 13800138000 only across group boundaries
    ("12800138000", []),
    ("第 138\n- 0013 8000", []),  # a list item on the next line is not a wrapped number
    (f"项目编号 {WRONG_CHECK}", []),
    (f"流水号 {VALID_ID}7", []),
    (f"身份证明材料已交组织部备案。编号 {WRONG_CHECK}", []),  # 身份证 too far away
    ("logo@2x.png", []),
    ("user@localhost", []),
    ("@张三 说得好", []),
    ("单位地址：苍溪县北门路12号", []),
    ("会议地址：红军路1号", []),
    ("讲座地址:某某小区3栋", []),
    ("办公室地址：北门路12号", []),
    ("地址：苍溪县", []),
    ("现住院治疗", []),
    ("发展农家住宿", []),
    ("贫困户家住房安全有保障", []),
    ("周末回家住一晚", []),
    ("不要写住址、电话", []),
]


@pytest.mark.parametrize(("text", "expected"), PERSONAL_DATA)
def test_find_personal_data(text, expected):
    assert [(f.code, f.line) for f in find_personal_data(text)] == expected


@pytest.mark.parametrize(
    ("text", "code", "excerpt"),
    [
        ("+86 138 0013 8000", "S603", "138****8000"),
        (f"身份证 {DIGIT_ID}", "S602", f"510824********{DIGIT_ID[-4:]}"),
        (f"身份证 {WRONG_CHECK}", "S606", f"510824********{WRONG_CHECK[-4:]}"),
        ("zhang＠example.com", "S605", "z***@example.com"),
        ("家庭住址：四川省苍溪县", "S604", "家庭住址…"),
    ],
)
def test_findings_are_masked(text, code, excerpt):
    """CI logs are public: a message names what was found without repeating it."""
    (finding,) = find_personal_data(text)
    assert (finding.code, finding.excerpt) == (code, excerpt)
    assert excerpt in finding.message
    assert "13800138000" not in finding.message and DIGIT_ID not in finding.message
    assert "zhang" not in finding.message and "苍溪" not in finding.message


def test_scan_reports_each_finding_at_its_file_line():
    report = Report()
    scan_personal_data("介绍\n手机 138 0013\n  8000\n邮箱 z@example.com\n", "cohorts/c1/a.md", report, first_line=7)
    assert [(i.code, i.line, i.severity) for i in report.sorted()] == [
        ("S603", 8, Severity.ERROR),
        ("S605", 10, Severity.ERROR),
    ]
    assert report.sorted()[0].message == "这里有手机号码（138****8000），个人资料不得公开手机号。"
    assert report.sorted()[0].hint == "删除手机号；如需联系方式，请写单位办公电话。"


def test_id_like_number_is_only_a_warning():
    report = Report()
    scan_personal_data(f"身份证号：{WRONG_CHECK}", "cohorts/c1/a.md", report)
    assert [(i.code, i.line, i.severity) for i in report.sorted()] == [("S606", 1, Severity.WARNING)]


# -- hang guards: any input is scanned in linear time ----------------------------------------------

SIZE = 200_000


@pytest.mark.parametrize(
    "text",
    [
        " ".join(str(i * 7 % 10) for i in range(SIZE // 2)),
        "1-" * (SIZE // 2),
        "1\n    " * (SIZE // 6),
        "a" * SIZE,
        "@" * SIZE,
        "a@" * (SIZE // 2),
        ("a" * 63 + "@") * (SIZE // 64),
        "x@" + "a." * (SIZE // 2),
        "住址" * (SIZE // 2),
        "地址" * (SIZE // 2),
        ("地址：" + "路" * 20 + "1" * 5) * (SIZE // 28),
        "&#49;" * (SIZE // 5),
        "&" + "a" * SIZE,
        "\n" * SIZE,
        ("身份证" + "1" * 18) * (SIZE // 21),
        "１３８\u3000" * (SIZE // 4),
    ],
    ids=lambda text: repr(text[:12]),
)
def test_scanning_stays_linear(text):
    started = time.perf_counter()
    find_personal_data(text)
    assert time.perf_counter() - started < 3


# -- through the loader -----------------------------------------------------------------------------


def test_number_wrapped_across_body_lines(check):
    _, report = check({PROFILE_PATH: md(body="正文。\n手机 139 1234\n  5678。\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 8)


def test_full_width_mobile_in_front_matter(check):
    _, report = check({PROFILE_PATH: md(FRONT + "expertise: ＋８６ １３９－１２３４－５６７８\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 6)


def test_entity_encoded_email_in_body(check):
    _, report = check({PROFILE_PATH: md(body="正文。\n联系：zhang&#64;example.com\n")})
    issue = only(report)
    assert (issue.code, issue.line, issue.message) == ("S605", 8, "这里有电子邮箱地址（z***@example.com），个人资料不得公开邮箱。")


def test_ordinary_numbers_in_a_profile_are_not_personal_data(check):
    body = "2012-03-21 到任，争取资金 1,200万元、3800.5万元。\n办公电话 0839-5221234，010-12345678。\n单位地址：苍溪县北门路12号\n"
    _, report = check({PROFILE_PATH: md(body=body)})
    assert report.sorted() == []


def test_yaml_escaped_mobile_in_a_value(check):
    front = FRONT.replace("origin: 某大学经济管理学院副教授", 'origin: "\\u0031\\u0033\\u0039\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"')
    _, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.line) == ("S603", 5)


def test_yaml_escaped_email_in_a_value(check):
    _, report = check({PROFILE_PATH: md(FRONT + 'expertise: "zhang\\x40example.com"\n')})
    issue = only(report)
    assert (issue.code, issue.line) == ("S605", 6)


def test_mobile_number_as_file_name(check):
    path = "cohorts/c1/13912345678.md"
    _, report = check({path: md(FRONT.replace("张三", "李四"))})
    issue = only(report, "S603")
    assert (issue.path, issue.line) == (path, 1)
