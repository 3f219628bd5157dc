"""Dates as reports give them: a year, a month, a part of a month or a day, never invented."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PARTS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None)}
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CHINESE = re.compile(r"^(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(?:(\d{1,2})\s*日|(上旬|中旬|下旬)))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, month, part of a month (旬) or day."""

    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None

    @property
    def first_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        if self.part:
            return dt.date(self.year, self.month or 1, _PARTS[self.part][0])
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month is None:
            return dt.date(self.year, 12, 31)
        month_end = calendar.monthrange(self.year, self.month)[1]
        if self.part:
            return dt.date(self.year, self.month, _PARTS[self.part][1] or month_end)
        return dt.date(self.year, self.month, month_end)

    @property
    def precision(self) -> str:
        if self.day:
            return "day"
        if self.part:
            return "part"
        return "month" if self.month else "year"

    def iso(self) -> str:
        """ISO 8601 at the known precision (a 旬 is given as its month)."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def label(self) -> str:
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
        if self.day:
            text += f"{self.day}日"
        elif self.part:
            text += self.part
        return text

    def __str__(self) -> str:
        return self.label()


def parse_date(value: object) -> PartialDate | None:
    """Parse YAML's date/int or the accepted strings; None when it is not a date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return PartialDate(value) if 1900 <= value <= 2200 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        return _checked(int(year), month and int(month), day and int(day), None)
    match = _CHINESE.match(text)
    if match:
        year, month, day, part = match.groups()
        return _checked(int(year), month and int(month), day and int(day), part)
    return None


def _checked(year: int, month: int | None, day: int | None, part: str | None) -> PartialDate | None:
    if not 1900 <= year <= 2200 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            return None
    return PartialDate(year, month or None, day or None, part)


DATE_HINT = "日期写成 2012、2012-03、2012-03-21、2012年3月 或 2012年3月下旬。"
