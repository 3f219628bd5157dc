"""Dates at their precision (DESIGN §3.4): a month is a month, never the 1st of it."""

from __future__ import annotations

import datetime as dt

import pytest

from showcase.dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("written", "precision", "iso", "label", "first", "last"),
    [
        ("2012", "year", "2012", "2012年", dt.date(2012, 1, 1), dt.date(2012, 12, 31)),
        ("2012-03", "month", "2012-03", "2012年3月", dt.date(2012, 3, 1), dt.date(2012, 3, 31)),
        ("2012-03-21", "day", "2012-03-21", "2012年3月21日", dt.date(2012, 3, 21), dt.date(2012, 3, 21)),
        ("2012年3月", "month", "2012-03", "2012年3月", dt.date(2012, 3, 1), dt.date(2012, 3, 31)),
        ("2012年3月下旬", "part", "2012-03", "2012年3月下旬", dt.date(2012, 3, 21), dt.date(2012, 3, 31)),
        ("2012年3月上旬", "part", "2012-03", "2012年3月上旬", dt.date(2012, 3, 1), dt.date(2012, 3, 10)),
        ("2012年2月下旬", "part", "2012-02", "2012年2月下旬", dt.date(2012, 2, 21), dt.date(2012, 2, 29)),
        ("2012年3月21日", "day", "2012-03-21", "2012年3月21日", dt.date(2012, 3, 21), dt.date(2012, 3, 21)),
        (2012, "year", "2012", "2012年", dt.date(2012, 1, 1), dt.date(2012, 12, 31)),
    ],
)
def test_parse_date(written, precision, iso, label, first, last):
    date = parse_date(written)
    assert date is not None
    assert date.precision == precision
    assert date.iso() == iso
    assert date.label() == label
    assert str(date) == label
    assert date.first_day == first
    assert date.last_day == last


def test_month_precision_never_has_a_day():
    date = parse_date("2012年3月")
    assert date == PartialDate(2012, 3)
    assert date.day is None
    assert "日" not in date.label()
    assert date.label() == "2012年3月"


def test_part_of_month():
    date = parse_date("2012年3月下旬")
    assert (date.year, date.month, date.day, date.part) == (2012, 3, None, "下旬")
    assert date.first_day.day == 21
    assert date.last_day.day == 31


def test_yaml_date_object():
    date = parse_date(dt.date(2012, 3, 21))
    assert date == PartialDate(2012, 3, 21)
    assert date.precision == "day"
    assert date.label() == "2012年3月21日"


def test_yaml_datetime_object():
    assert parse_date(dt.datetime(2012, 3, 21, 8, 30)) == PartialDate(2012, 3, 21)


@pytest.mark.parametrize(
    "written",
    ["2012-13", "2012-00", "2012-02-30", "2012年13月", "2012年3月32日", "去年春天", "", "12-03", 1800, True, None, 2012.5],
)
def test_not_a_date(written):
    assert parse_date(written) is None
