"""Scans for personal data that must never be published, wherever and however it is written."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import string
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from showcase.issues import Report

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


# Linear time whatever the text holds: patterns searched over the whole text start with a literal or
# have a single quantifier; the others are matched at one position within a bounded span.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_DIGITS = re.compile(r"[0-9]+")
# What may stand between the digit groups of one number: a few spaces, dots or dashes, or a line
# wrap (the next line possibly indented). NFKC has already turned NBSP, U+3000 and － into ASCII.
_GAP_CHARS = r"[ \t.\-\u2010-\u2015\u2212]"
_GAP = re.compile(rf"{_GAP_CHARS}{{1,4}}|{_GAP_CHARS}{{0,4}}\r?\n[ \t]{{0,16}}")
_GAP_MAX = 4 + 2 + 16
_MOBILE_PREFIXES = ("", "86", "0086")
_NUMBER_LENGTHS = frozenset({11, 13, 15, 17, 18})  # mobile, 86 + mobile, 0086 + mobile, ID (…X or 18 digits)
_ID_CONTEXT = "身份证"
_ID_CONTEXT_REACH = 10
_EMAIL_LOCAL = frozenset(string.ascii_letters + string.digits + "._%+-")
_EMAIL_DOMAIN = frozenset(string.ascii_letters + string.digits + ".-")
_EMAIL_LOCAL_MAX, _EMAIL_DOMAIN_MAX = 64, 255
_IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "svg"})  # logo@2x.png is not an address
_MARKDOWN_ESCAPABLE = frozenset(string.punctuation)

_ADDRESS_WORD = re.compile("住址|家住|现住|地址")
_PLACE_TEXT = re.compile(r"[:\s]{0,3}[0-9A-Za-z\u3400-\u9fff]")
# 住房/住院/住宿/住宅/住建/住户 and 回家住/在家住 are not addresses.
_NOT_PLACE_AFTER = frozenset("房院宿宅建户")
_NOT_HOME_BEFORE_JIAZHU = frozenset("回在")
_HOME_QUALIFIERS = ("家庭", "居住")
_OTHER_QUALIFIERS = ("单位", "办公", "工作", "会议", "活动", "讲座", "通讯", "培训", "报到")
_QUALIFIER_REACH = 4
_STREET_ADDRESS = re.compile(
    r"[:\s]{0,3}[^\n]{0,24}?(?:路|街|大道|巷|弄|胡同|里|村|小区|花园|苑)"
    r"[^\n]{0,12}?[0-9〇零一二三四五六七八九十百]{1,6}(?:号|栋|幢|单元|室|楼|组)"
)
_STREET_REACH = 3 + 24 + 2 + 12 + 6 + 2

_TEXTS = {
    "S602": ("这里有居民身份证号（{}），个人资料不得公开身份证号。", "删除身份证号。"),
    "S603": ("这里有手机号码（{}），个人资料不得公开手机号。", "删除手机号；如需联系方式，请写单位办公电话。"),
    "S604": ("这里写了家庭住址（{}），个人资料不得公开住址。", "删除住址；介绍地方时只写到县（市、区）。"),
    "S605": ("这里有电子邮箱地址（{}），个人资料不得公开邮箱。", "删除邮箱地址；如需联系方式，请写单位办公电话。"),
    "S606": (
        "“身份证”后面有一个像身份证号的号码（{}），虽然校验不通过，仍可能是写错一位的真实证件号。",
        "如果是身份证号，请删除；如果不是，请不要把它写在“身份证”字样后面。",
    ),
}


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


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its code, 0-based line offset in the scanned text, and a masked excerpt."""

    code: str
    line: int
    excerpt: str

    @property
    def message(self) -> str:
        return _TEXTS[self.code][0].format(self.excerpt)

    @property
    def hint(self) -> str:
        return _TEXTS[self.code][1]


def find_personal_data(text: str) -> list[Finding]:
    """Personal data in ``text``, looked for as a reader would see it, each mapped to the line it starts on."""
    norm, source_index = _normalise(text)
    breaks = [m.start() for m in re.finditer("\n", text)]
    found = [*_numbers(norm), *_emails(norm), *_addresses(norm)]
    found.sort()
    return [Finding(code, bisect_left(breaks, source_index[at]), excerpt) for at, code, excerpt in found]


def scan_personal_data(text: str, path: str, report: Report, first_line: int = 1) -> None:
    """Report each finding at its file line; ``first_line`` is the file line ``text`` starts on."""
    for finding in find_personal_data(text):
        report.add(path, first_line + finding.line, finding.code, finding.message, finding.hint)


# -- the normalised view ---------------------------------------------------------------------


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """The text as displayed (entities decoded, NFKC, Markdown escapes and invisible characters dropped),
    with the index in ``text`` that each of its characters comes from."""
    if "&" not in text and "\\" not in text:  # most texts: every character folds to one, in one C pass
        table = _one_to_one(text)
        if table is not None:
            return text.translate(table), range(len(text))
    out: list[str] = []
    source_index: list[int] = []
    for at, piece in _pieces(text):
        for char in piece:
            folded = _fold(char)
            out.append(folded)
            source_index.extend([at] * len(folded))
    return "".join(out), source_index


def _one_to_one(text: str) -> dict[int, str] | None:
    """The translation that folds ``text`` when no character of it folds to more or fewer than one."""
    table = {}
    for char in set(text):
        if char >= "\x80":
            folded = _fold(char)
            if len(folded) != 1:
                return None
            if folded != char:
                table[ord(char)] = folded
    return table


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(index, text) for each character, or each HTML entity decoded as one piece."""
    position = 0
    for entity in _ENTITY.finditer(text):
        yield from _characters(text, position, entity.start())
        yield entity.start(), html.unescape(entity.group())
        position = entity.end()
    yield from _characters(text, position, len(text))


def _characters(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    for at in range(start, end):
        char = text[at]
        if char == "\\" and at + 1 < end and text[at + 1] in _MARKDOWN_ESCAPABLE:
            continue  # Markdown shows \- as -
        yield at, char


@functools.lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    """One character as compared: NFKC (full-width forms), any script's decimal digit, no zero-width format marks."""
    if char < "\x80":
        return char
    if unicodedata.category(char) == "Cf":
        return ""
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else unicodedata.normalize("NFKC", char)


# -- numbers: 身份证号 and 手机号 --------------------------------------------------------------


def _numbers(norm: str) -> Iterator[tuple[int, str, str]]:
    """ID and mobile numbers made of whole digit groups joined by separators; the longest match wins."""
    groups = [(m.start(), m.end()) for m in _DIGITS.finditer(norm)]
    linked = [
        b_start - a_end <= _GAP_MAX and _GAP.fullmatch(norm, a_end, b_start) is not None
        for (_, a_end), (b_start, _) in zip(groups, groups[1:])
    ]
    first = 0
    while first < len(groups):
        best = None
        digits = ""
        last = first
        while True:
            start, end = groups[last]
            if len(digits) + end - start > 18:
                break
            digits += norm[start:end]
            kind = _classify(norm, groups, first, last, digits) if len(digits) in _NUMBER_LENGTHS else None
            if kind:
                best = last, kind
            if last == len(linked) or not linked[last]:
                break
            last += 1
        if best is None:
            first += 1
            continue
        yield (groups[first][0], *best[1])
        first = best[0] + 1


def _classify(norm: str, groups: list[tuple[int, int]], first: int, last: int, digits: str) -> tuple[str, str] | None:
    """(code, masked excerpt) for the run of groups first..last, whose digits are ``digits``; else None."""
    end = groups[last][1]
    candidate = digits
    after = norm[end + 1 : end + 2]
    if len(digits) == 17 and norm[end : end + 1] in ("X", "x") and not (after.isascii() and after.isalnum()):
        candidate = digits + "X"
    if len(candidate) == 18:
        masked = candidate[:6] + "*" * 8 + candidate[-4:]
        if is_valid_id_number(candidate):
            return "S602", masked
        start = groups[first][0]
        if _ID_CONTEXT in norm[max(0, start - _ID_CONTEXT_REACH - len(_ID_CONTEXT)) : start]:
            return "S606", masked
    for prefix in _MOBILE_PREFIXES:
        mobile = digits[len(prefix) :]
        if (
            len(mobile) == 11
            and digits.startswith(prefix)
            and mobile[0] == "1"
            and mobile[1] in "3456789"
            and not _has_year_month(norm, groups, first, last)
        ):
            return "S603", f"{mobile[:3]}****{mobile[-4:]}"
    return None


def _has_year_month(norm: str, groups: list[tuple[int, int]], first: int, last: int) -> bool:
    """A run like 1998.10.1-2001.7 is a span of dates, not a phone written in groups."""
    for (a_start, a_end), (b_start, b_end) in zip(groups[first:last], groups[first + 1 : last + 1]):
        year, month = norm[a_start:a_end], norm[b_start:b_end]
        if len(year) == 4 and year[:2] in ("19", "20") and len(month) <= 2 and 1 <= int(month) <= 12:
            return True
    return False


# -- e-mail addresses ------------------------------------------------------------------------------


def _emails(norm: str) -> Iterator[tuple[int, str, str]]:
    """From each @, scan outward a bounded distance for an ASCII local part and a dotted domain."""
    at = norm.find("@")
    while at != -1:
        start = at
        while start > 0 and at - start < _EMAIL_LOCAL_MAX and norm[start - 1] in _EMAIL_LOCAL:
            start -= 1
        while start < at and norm[start] == ".":
            start += 1
        end = at + 1
        while end < len(norm) and end - at - 1 < _EMAIL_DOMAIN_MAX and norm[end] in _EMAIL_DOMAIN:
            end += 1
        domain = norm[at + 1 : end].rstrip(".-")
        if start < at and _is_domain(domain):
            yield start, "S605", f"{norm[start]}***@{domain}"
        at = norm.find("@", at + 1)


def _is_domain(domain: str) -> bool:
    labels = domain.split(".")
    top = labels[-1]
    return (
        len(labels) >= 2
        and all(label and label[0] != "-" and label[-1] != "-" for label in labels)
        and top.isalpha()
        and len(top) >= 2
        and top.lower() not in _IMAGE_SUFFIXES
    )


# -- home addresses -------------------------------------------------------------------------------


def _addresses(norm: str) -> Iterator[tuple[int, str, str]]:
    """住址/家住/现住/家庭地址/居住地址 before any place; a bare 地址 only before a street and a house number."""
    reported_end = -1
    for match in _ADDRESS_WORD.finditer(norm):
        start, end, word = match.start(), match.end(), match.group()
        if word == "地址" and start == reported_end:
            continue  # the 地址 of 现住地址 or 家住地址, already reported
        home = word in ("住址", "地址") and norm[max(0, start - 2) : start] in _HOME_QUALIFIERS
        if home:
            start -= 2
        if word == "地址" and not home:
            before = norm[max(0, start - _QUALIFIER_REACH) : start]
            if any(q in before for q in _OTHER_QUALIFIERS) or not _STREET_ADDRESS.match(norm, end, end + _STREET_REACH):
                continue
        elif not _is_place_after(norm, start, end, word):
            continue
        yield start, "S604", f"{norm[start:end]}…"
        reported_end = end


def _is_place_after(norm: str, start: int, end: int, word: str) -> bool:
    place = _PLACE_TEXT.match(norm, end, end + 4)
    if place is None:
        return False
    if word in ("家住", "现住"):
        if place.group()[-1] in _NOT_PLACE_AFTER:
            return False
        if word == "家住" and norm[start - 1 : start] in _NOT_HOME_BEFORE_JIAZHU:
            return False
    return True


# -- raw HTML ----------------------------------------------------------------------------------
