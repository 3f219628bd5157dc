"""Scans for what must never be published: personal data, and HTML that could run code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from showcase.issues import Report

_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_HOME_ADDRESS = re.compile(r"(家庭住址|家庭地址|现住址|居住地址|住址)\s*[:：]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_UNSAFE_HTML = (
    (re.compile(r"<\s*script\b", re.I), "<script> 脚本"),
    (re.compile(r"<\s*(iframe|frame|object|embed|applet)\b", re.I), "内嵌框架或插件标签"),
    (re.compile(r"<\s*style\b|\sstyle\s*=", re.I), "样式（style）"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "事件属性（如 onerror、onclick）"),
    (re.compile(r"(?<![a-z])(javascript|vbscript|data)\s*:", re.I), "javascript:/data: 链接"),
    (re.compile(r"<\s*(form|input|button|meta|link|base)\b", re.I), "表单或页面控制标签"),
)


def is_valid_id_number(candidate: str) -> bool:
    """An 18-digit 居民身份证号: a real birth date and the ISO 7064 MOD 11-2 check digit."""
    try:
        born = dt.date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(candidate[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == candidate[17].upper()


def _numbered(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    for offset, line in enumerate(text.split("\n")):
        yield first_line + offset, line


def scan_personal_data(text: str, path: str, report: Report, first_line: int = 1) -> None:
    for line_no, line in _numbered(text, first_line):
        for match in _ID_CANDIDATE.finditer(line):
            if is_valid_id_number(match.group(1)):
                report.add(path, line_no, "S602", "这里有居民身份证号，个人资料不得公开身份证号。", "删除身份证号。")
        if _MOBILE.search(line):
            report.add(path, line_no, "S603", "这里有手机号码，个人资料不得公开手机号。", "删除手机号；如需联系方式，请写单位办公电话。")
        if _HOME_ADDRESS.search(line):
            report.add(path, line_no, "S604", "这里写了家庭住址，个人资料不得公开住址。", "删除住址一行。")


def scan_unsafe_html(text: str, path: str, report: Report, first_line: int) -> None:
    """Warn where raw HTML could run code; the site sanitises it anyway, the contributor should know."""
    for line_no, line in _numbered(text, first_line):
        found = [label for pattern, label in _UNSAFE_HTML if pattern.search(line)]
        if found:
            report.add(
                path, line_no, "S601",
                f"正文含有不安全的 HTML：{'、'.join(found)}；发布时会被清除。",
                "正文请只用 Markdown，不要写 HTML 标签。",
            )
