"""Lecture validation rules and calendar identity, without a build."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from icalendar import Calendar

from showcase.ical import build_calendar
from showcase.loader import load
from showcase.settings import build_settings

PROFILE = "---\nname: 张三\ncounty: 苍溪县\npost: 副县长\norigin: 某大学\n---\n正文\n"


def run(tmp_path: Path, lectures: str):
    (tmp_path / "cohorts" / "c1").mkdir(parents=True)
    (tmp_path / "cohorts" / "c1" / "cohort.yml").write_text("name: 测试\n", encoding="utf-8")
    (tmp_path / "cohorts" / "c1" / "zhang-san.md").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "cohorts" / "c1" / "lectures.yml").write_text(lectures, encoding="utf-8")
    settings, problems = build_settings(tmp_path, {"today": "2026-11-25"})
    assert not problems
    return load(settings)


def codes(report) -> list[tuple[str, int, str]]:
    return [(i.code, i.line, i.severity.value) for i in report.sorted()]


def test_clean_lectures_and_default_status(tmp_path):
    dataset, report = run(tmp_path, "- date: 2026-01-05\n  title: 甲\n  speaker: zhang-san\n- date: 2027-01-05\n  title: 乙\n  speaker: 李教授\n")
    assert codes(report) == []
    assert [lecture.status for lecture in dataset.lectures] == ["held", "planned"]
    assert dataset.lectures[1].speaker_name == "李教授" and dataset.lectures[1].speaker_id == ""


def test_held_in_future_is_an_error_and_planned_in_past_a_warning(tmp_path):
    _, report = run(tmp_path, "- date: 2027-01-05\n  title: 甲\n  status: held\n- date: 2025-01\n  title: 乙\n  status: planned\n")
    assert codes(report) == [("L501", 3, "error"), ("L502", 6, "warning")]


def test_bad_date_time_status_and_attendance(tmp_path):
    _, report = run(
        tmp_path,
        "- date: 2026-02-30\n  title: 甲\n- date: 2026-03-01\n  time: 25:70\n  title: 乙\n"
        "- date: 2026-03-02\n  title: 丙\n  status: done\n- date: 2026-03-03\n  title: 丁\n  attendance: 很多\n",
    )
    assert codes(report) == [("D105", 1, "error"), ("L504", 4, "error"), ("L507", 8, "error"), ("L505", 11, "error")]


def test_unquoted_time_is_read_as_a_time(tmp_path):
    dataset, report = run(tmp_path, "- date: 2026-03-01\n  time: 14:30\n  title: 甲\n")
    assert codes(report) == [] and dataset.lectures[0].time == dt.time(14, 30)


def test_unknown_speaker_id_and_namesake(tmp_path):
    _, report = run(tmp_path, "- date: 2026-03-01\n  title: 甲\n  speaker: zhang-shan\n- date: 2026-03-02\n  title: 乙\n  speaker: 张三\n")
    issues = report.sorted()
    assert codes(report) == [("R402", 3, "error"), ("R404", 6, "warning")]
    assert "zhang-san" in issues[0].hint and "zhang-san" in issues[1].hint


def test_double_booked_speaker(tmp_path):
    _, report = run(
        tmp_path,
        "- date: 2026-03-01\n  time: '09:00'\n  title: 甲\n  speaker: zhang-san\n"
        "- date: 2026-03-01\n  time: '09:00'\n  title: 乙\n  speaker: zhang-san\n"
        "- date: 2026-03-01\n  time: '15:00'\n  title: 丙\n  speaker: zhang-san\n",
    )
    assert codes(report) == [("L503", 5, "error")]


def test_duplicate_explicit_ids(tmp_path):
    _, report = run(tmp_path, "- id: a\n  date: 2026-03-01\n  title: 甲\n- id: a\n  date: 2026-03-02\n  title: 乙\n")
    assert codes(report) == [("L506", 4, "error")]


def test_uid_survives_a_title_change(tmp_path):
    dataset, _ = run(tmp_path, "- date: 2026-03-01\n  time: '09:00'\n  title: 原题目\n  speaker: zhang-san\n")
    lecture = dataset.lectures[0]
    stamp = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)

    def uids(lectures):
        feed = build_calendar("t", lectures, lambda _: "https://x/lectures/", "x", stamp)
        return [str(e["UID"]) for e in Calendar.from_ical(feed).walk("VEVENT")]

    assert uids([lecture]) == uids([dataclasses.replace(lecture, title="更正后的题目")]) == ["c1-2026-03-01-zhang-san@x"]
    assert build_calendar("t", [lecture], lambda _: "u", "x", stamp) == build_calendar("t", [lecture], lambda _: "u", "x", stamp)


def test_uids_do_not_change_when_site_url_is_set_later(tmp_path):
    from showcase.settings import build_settings

    before, _ = build_settings(tmp_path, {}, {"site_name": "挂职干部风采"})
    after, _ = build_settings(tmp_path, {}, {"site_name": "挂职干部风采", "site_url": "https://example.gov.cn/guazhi/"})
    assert before.uid_domain == after.uid_domain == "gua-zhi-gan-bu-feng-cai.showcase.invalid"
    configured, _ = build_settings(tmp_path, {"uid_domain": "zzb.example.gov.cn"}, {"site_url": "https://example.gov.cn/"})
    assert configured.uid_domain == "zzb.example.gov.cn"
