"""Diagnostics: every problem found in the data is a value, never an exception.

The loader collects all of them in one run (a contributor fixes everything at once), and the
same findings are rendered as text (``PATH:LINE: 严重性 CODE 消息``), JSON or GitHub annotations.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


#: Stable codes: tests, docs and users refer to a rule by its code.
CODES: dict[str, str] = {
    "F001": "file-not-utf8",
    "F002": "binary-file",
    "F003": "file-too-large",
    "F004": "bad-file-name",
    "F005": "missing-front-matter",
    "F006": "unexpected-file",
    "F007": "missing-cohort-file",
    "Y001": "yaml-syntax",
    "Y002": "full-width-colon",
    "Y003": "tab-indent",
    "Y004": "duplicate-key",
    "Y005": "wrong-document-type",
    "D101": "missing-field",
    "D102": "empty-field",
    "D103": "unknown-field",
    "D104": "wrong-type",
    "D105": "bad-date",
    "D106": "end-before-start",
    "D107": "bad-id",
    "M201": "unknown-metric",
    "M202": "bad-amount",
    "M203": "unit-mismatch",
    "P301": "unknown-place",
    "P302": "ambiguous-place",
    "R401": "duplicate-cadre-id",
    "R402": "unknown-speaker",
    "R403": "missing-photo",
    "R404": "speaker-by-name",
    "L501": "held-in-future",
    "L502": "planned-in-past",
    "L503": "speaker-double-booked",
    "L504": "bad-time",
    "L505": "bad-attendance",
    "L506": "duplicate-lecture-id",
    "L507": "bad-status",
    "S601": "unsafe-html",
    "S602": "id-number",
    "S603": "mobile-number",
    "S604": "home-address",
    "C701": "bad-site-config",
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
        return CODES[self.code]

    def text(self) -> str:
        hint = f" 修改建议：{self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}: {self.severity.label} {self.code} {self.message}{hint}"

    def github(self) -> str:
        level = "error" if self.severity is Severity.ERROR else "warning"
        body = self.message + (f" 修改建议：{self.hint}" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},title={self.code} {self.name}::{body}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["name"] = self.name
        return data


class Report:
    """Collects issues for the whole dataset; sorted output keeps runs reproducible."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def error(self, path: str, line: int, code: str, message: str, hint: str = "") -> None:
        self._add(Issue(path, line, code, message, hint, Severity.ERROR))

    def warning(self, path: str, line: int, code: str, message: str, hint: str = "") -> None:
        self._add(Issue(path, line, code, message, hint, Severity.WARNING))

    def _add(self, issue: Issue) -> None:
        if issue.code not in CODES:
            raise KeyError(f"unregistered issue code {issue.code}")
        self.issues.append(issue)

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
