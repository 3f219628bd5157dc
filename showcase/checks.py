"""Checks across files, run once everything is read: ids that must be unique site-wide, bookings."""

from __future__ import annotations

import posixpath

from showcase.issues import Report
from showcase.model import Cadre, Dataset, Lecture


def check_duplicate_cadre_ids(dataset: Dataset, report: Report) -> None:
    first: dict[str, str] = {}
    for cadre in dataset.cadres:
        if cadre.id in first:
            report.add(cadre.source.path, 1, "R401", f"编号 {cadre.id} 已被 {first[cadre.id]} 使用；全站编号必须唯一。", f"改用 {cadre.id}-2.md 之类的文件名。")
        else:
            first[cadre.id] = cadre.source.path


def check_duplicate_lecture_ids(dataset: Dataset, report: Report) -> None:
    """Lecture ids are anchors and calendar UIDs: cohort ``aa`` + ``bb-talk`` and ``aa-bb`` + ``talk`` must not meet."""
    first: dict[str, Lecture] = {}
    for lecture in dataset.lectures:
        other = first.setdefault(lecture.id, lecture)
        if other is not lecture:
            report.add(
                lecture.source.path, lecture.source.line_of("id"), "L506",
                f"讲座编号 {lecture.id} 与 {other.source.path}:{other.source.line} 的讲座相同；日历订阅会把两场讲座当成一场。",
                "给其中一场写一个不同的 id，如 id: 2012-07-15-xiangcun-zhenxing。",
            )


def check_photo_addresses(dataset: Dataset, report: Report) -> None:
    """Every published photo is a JPEG named after its file's stem: a.jpg and a.png of one cohort would
    become one file on the site, and one cadre would show the other's face."""
    first: dict[tuple[str, str], Cadre] = {}
    for cadre in dataset.cadres:
        if not cadre.photo:
            continue
        stem = posixpath.splitext(cadre.photo)[0]
        other = first.setdefault((cadre.cohort_id, stem), cadre)
        if other.photo != cadre.photo:
            report.add(
                cadre.source.path, cadre.source.line_of("photo"), "I806",
                f"照片 {cadre.photo} 与 {other.source.path} 的照片 {other.photo} 在网站上是同一个文件（{stem}.jpg）。",
                f"给其中一张改一个不同的文件名，如 {cadre.id}{posixpath.splitext(cadre.photo)[1]}，并改正 photo: 一行。",
            )


def check_double_booking(dataset: Dataset, report: Report) -> None:
    booked: dict[tuple, Lecture] = {}
    for lecture in dataset.lectures:
        speaker = lecture.speaker_id or lecture.speaker_name
        if not speaker or lecture.date is None or lecture.date.precision != "day":
            continue
        key = (speaker, lecture.date.first_day, lecture.time)
        if key in booked:
            other = booked[key]
            when = f"{lecture.date}{' ' + lecture.time.strftime('%H:%M') if lecture.time else ''}"
            report.add(lecture.source.path, lecture.source.line, "L503", f"主讲人 {lecture.speaker_name or speaker} 在 {when} 已有讲座（{other.source.path}:{other.source.line}）。", "核对日期和时间。")
        else:
            booked[key] = lecture
