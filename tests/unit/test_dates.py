"""Dates at their precision (DESIGN §3.4): a month is a month, never the 1st of it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from showcase.dates import PartialDate, parse_date

from .conftest import FRONT, PROFILE_PATH, md, only


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
        ("2012.12", "month", "2012-12", "2012年12月", dt.date(2012, 12, 1), dt.date(2012, 12, 31)),
        ("2012.3", "month", "2012-03", "2012年3月", dt.date(2012, 3, 1), dt.date(2012, 3, 31)),
        ("2012.3.5", "day", "2012-03-05", "2012年3月5日", dt.date(2012, 3, 5), dt.date(2012, 3, 5)),
        ("2012/3/5", "day", "2012-03-05", "2012年3月5日", dt.date(2012, 3, 5), dt.date(2012, 3, 5)),
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


# -- dates with dots, as Chinese documents write them: YAML reads 2012.12 as a number ----------------

DOTTED = {
    # written in the file → the date it means (YAML's float would make 2012.10 and 2012.1 the same)
    "2012.12": PartialDate(2012, 12),
    "2012.10": PartialDate(2012, 10),
    "2012.1": PartialDate(2012, 1),
    "2012.3.5": PartialDate(2012, 3, 5),
    "2012.03": PartialDate(2012, 3),
}


@pytest.mark.parametrize(("written", "date"), DOTTED.items(), ids=DOTTED.keys())
def test_dotted_dates_are_read_as_written_not_as_numbers(check, written, date):
    dataset, report = check({PROFILE_PATH: md(FRONT + f"start: {written}\nend: 2014\n")})
    assert report.sorted() == [], [i.text() for i in report.sorted()]
    assert dataset.cadres[0].start == date


def test_dotted_dates_in_lectures_and_achievements(check):
    front = FRONT + "achievements:\n  - title: 引进新品种\n    date: 2013.10\n"
    dataset, report = check({PROFILE_PATH: md(front), "cohorts/c1/lectures.yml": "- date: 2012.12\n  title: 第一讲\n"}, {"today": "2013-01-01"})
    assert report.sorted() == [], [i.text() for i in report.sorted()]
    assert dataset.cadres[0].achievements[0].date == PartialDate(2013, 10)
    assert dataset.lectures[0].date == PartialDate(2012, 12)


@pytest.mark.parametrize(("written", "shown"), [("2012.13", "2012.13"), ("2012.120", "2012.120"), ("2012.3.32", "2012.3.32")])
def test_a_dotted_non_date_is_named_as_written(check, written, shown):
    _, report = check({PROFILE_PATH: md(FRONT + f"start: {written}\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("D105", 6)
    assert f"“{shown}”" in issue.message
    assert re.search(r"[\u4e00-\u9fff]", issue.hint)
