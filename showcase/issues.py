"""Diagnostics: every problem found in the data is a value, never an exception.

The loader collects all of them in one run (a contributor fixes everything at once), and the
same findings are rendered as text (``PATH:LINE: 严重性 CODE 消息``), JSON or GitHub annotations.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity


#: Stable codes with their one severity (ruff's rule registry): tests, docs and users refer to a rule by its code.
CODES: dict[str, Rule] = {
    "C701": Rule("bad-site-config", Severity.ERROR),
    "D101": Rule("missing-field", Severity.ERROR),
    "D102": Rule("empty-field", Severity.ERROR),
    "D103": Rule("unknown-field", Severity.ERROR),
    "D104": Rule("wrong-type", Severity.ERROR),
    "D105": Rule("bad-date", Severity.ERROR),
    "D106": Rule("end-before-start", Severity.ERROR),
    "D107": Rule("bad-id", Severity.ERROR),
    "D108": Rule("control-character", Severity.ERROR),
    "D109": Rule("list-punctuation", Severity.WARNING),
    "F001": Rule("file-not-utf8", Severity.ERROR),
    "F002": Rule("binary-file", Severity.ERROR),
    "F003": Rule("file-too-large", Severity.ERROR),
    "F004": Rule("bad-file-name", Severity.ERROR),
    "F005": Rule("missing-front-matter", Severity.ERROR),
    "F006": Rule("unexpected-file", Severity.ERROR),
    "F007": Rule("missing-cohort-file", Severity.ERROR),
    "F008": Rule("special-file", Severity.ERROR),
    "I801": Rule("photo-not-an-image", Severity.ERROR),
    "I802": Rule("photo-too-large", Severity.ERROR),
    "I803": Rule("photo-too-many-pixels", Severity.ERROR),
    "I804": Rule("photo-damaged", Severity.ERROR),
    "I805": Rule("photo-too-small", Severity.WARNING),
    "I806": Rule("photo-address-clash", Severity.ERROR),
    "L501": Rule("held-in-future", Severity.ERROR),
    "L502": Rule("planned-in-past", Severity.WARNING),
    "L503": Rule("speaker-double-booked", Severity.ERROR),
    "L504": Rule("bad-time", Severity.ERROR),
    "L505": Rule("bad-attendance", Severity.ERROR),
    "L506": Rule("duplicate-lecture-id", Severity.ERROR),
    "L507": Rule("bad-status", Severity.ERROR),
    "M201": Rule("unknown-metric", Severity.ERROR),
    "M202": Rule("bad-amount", Severity.ERROR),
    "M203": Rule("unit-mismatch", Severity.ERROR),
    "P301": Rule("unknown-place", Severity.ERROR),
    "P302": Rule("ambiguous-place", Severity.ERROR),
    "R401": Rule("duplicate-cadre-id", Severity.ERROR),
    "R402": Rule("unknown-speaker", Severity.ERROR),
    "R403": Rule("missing-photo", Severity.ERROR),
    "R404": Rule("speaker-by-name", Severity.WARNING),
    "R405": Rule("speaker-is-draft", Severity.ERROR),
    "S601": Rule("unsafe-html", Severity.WARNING),
    "S602": Rule("id-number", Severity.ERROR),
    "S603": Rule("mobile-number", Severity.ERROR),
    "S604": Rule("home-address", Severity.ERROR),
    "S605": Rule("email-address", Severity.ERROR),
    "S606": Rule("id-number-like", Severity.WARNING),
    "S607": Rule("foreign-media", Severity.ERROR),
    "T901": Rule("roster-row-without-name", Severity.WARNING),
    "T902": Rule("roster-duplicate-name", Severity.WARNING),
    "T903": Rule("roster-row-not-imported", Severity.WARNING),
    "T904": Rule("roster-unknown-county", Severity.WARNING),
    "T905": Rule("roster-bad-term", Severity.WARNING),
    "T906": Rule("roster-personal-data", Severity.WARNING),
    "Y001": Rule("yaml-syntax", Severity.ERROR),
    "Y002": Rule("full-width-colon", Severity.ERROR),
    "Y003": Rule("tab-indent", Severity.ERROR),
    "Y004": Rule("duplicate-key", Severity.ERROR),
    "Y005": Rule("wrong-document-type", Severity.ERROR),
    "Y006": Rule("full-width-space", Severity.ERROR),
    "Y007": Rule("no-space-after-colon", Severity.ERROR),
    "Y008": Rule("key-indented-under-value", Severity.ERROR),
}


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def name(self) -> str:
        return CODES[self.code].name

    def text(self) -> str:
        """One line: control characters in a file name or quoted value are shown, never obeyed."""
        hint = f" 修改建议：{self.hint}" if self.hint else ""
        return _visible(f"{self.path}:{self.line}: {self.severity.label} {self.code} {self.message}{hint}")

    def github(self) -> str:
        """A workflow command; escaped so a file name or message cannot end it or start another."""
        level = "error" if self.severity is Severity.ERROR else "warning"
        body = self.message + (f" 修改建议：{self.hint}" if self.hint else "")
        properties = f"file={_property(self.path)},line={self.line},title={_property(f'{self.code} {self.name}')}"
        return f"::{level} {properties}::{_data(body)}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["name"] = self.name
        return data


#: C0, DEL and C1 controls plus the Unicode line and paragraph separators: each could end a line or drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def _visible(text: str, controls: re.Pattern[str] = _CONTROL) -> str:
    """Control characters written as Python escapes (\\n, \\x1b)."""
    return controls.sub(_escape, text)


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF percent-encoded as GitHub's runner decodes them."""
    text = _visible(text, _CONTROL_BUT_NEWLINES)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: also : and , which would end the value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class Report:
    """Collects issues for the whole dataset; sorted output keeps runs reproducible."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, path: str, line: int, code: str, message: str, hint: str = "") -> None:
        """Record a problem; its severity is the one registered with its code."""
        self.issues.append(Issue(path, line, code, message, hint, CODES[code].severity))

    def extend(self, other: Report) -> None:
        self.issues.extend(other.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.WARNING]

    def sorted(self) -> list[Issue]:
        return sorted(set(self.issues))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "检查通过：没有发现问题。"
        return f"共发现 {errors} 个错误、{warnings} 个警告。"


def format_report(report: Report, fmt: str) -> str:
    issues = report.sorted()
    if fmt == "json":
        return json.dumps(
            {
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "issues": [i.as_dict() for i in issues],
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "github":
        return "\n".join([i.github() for i in issues] + [report.summary()])
    return "\n".join([i.text() for i in issues] + [report.summary()])
