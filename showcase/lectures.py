"""lectures.yml → :class:`Lecture` records, read after every profile so speakers can be resolved."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from showcase.issues import Report
from showcase.metrics import Amount, AmountError, parse_amount
from showcase.model import Cohort, Dataset, Lecture
from showcase.places import pinyin_slug
from showcase.profiles import ProfileReader
from showcase.records import LECTURE_FIELDS, SLUG, Record
from showcase.source import Node, as_written

LECTURE_STATUSES = {"planned": "计划中", "held": "已举办"}
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")


class LectureReader:
    def __init__(self, dataset: Dataset, reader: ProfileReader, today: dt.date) -> None:
        self.dataset, self.reader, self.today = dataset, reader, today
        self.report: Report = reader.report

    def read(self, cohort: Cohort, rel: str, node: Node) -> list[Lecture]:
        if node.value is None:
            return []
        if not isinstance(node.value, list):
            self.report.add(rel, node.line, "Y005", "lectures.yml 应是讲座列表。", "每场讲座以 “- date: …” 开头。")
            return []
        used_ids: dict[str, int] = {}
        lectures = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self.report.add(rel, item.line, "D104", "每场讲座应是包含 date、title 等字段的映射。", "以 “- date: 2012-07-15” 开头。")
                continue
            lectures.append(self.lecture(Record(item, rel, self.report, LECTURE_FIELDS, "讲座"), cohort, used_ids))
        return lectures

    def lecture(self, record: Record, cohort: Cohort, used_ids: dict[str, int]) -> Lecture:
        date = record.date("date")
        speaker_id, speaker_name = self.speaker(record)
        local_id = self.local_id(record, date.iso() if date else "undated", speaker_id or pinyin_slug(speaker_name) or "talk", used_ids)
        county_written = record.text("county")
        return Lecture(
            id=f"{cohort.id}-{local_id}",
            cohort_id=cohort.id,
            date=date,
            time=self.time(record),
            speaker_id=speaker_id,
            speaker_name=speaker_name,
            title=record.text("title"),
            venue=record.text("venue"),
            audience=record.text("audience"),
            attendance=self.attendance(record),
            county=self.reader.place(county_written, record, "county", cohort.region) if county_written else None,
            series=record.text("series"),
            status=self.status(record, date),
            source=record.source(),
        )

    def local_id(self, record: Record, day: str, speaker: str, used_ids: dict[str, int]) -> str:
        """The written id, or date + speaker; repeats in one file get -2, -3 (site-wide clashes are checked later)."""
        explicit = record.text("id")
        if explicit and not SLUG.match(explicit):
            self.report.add(record.path, record.line_of("id"), "D107", f"讲座编号 “{explicit}” 只能用小写字母、数字和连字符。", f"改为 “{pinyin_slug(explicit)}”。")
            explicit = pinyin_slug(explicit)
        local_id = explicit or f"{day}-{speaker}"
        if local_id in used_ids:
            if explicit:
                self.report.add(record.path, record.line_of("id"), "L506", f"讲座编号 {explicit} 与第 {used_ids[local_id]} 行的讲座重复。", "给每场讲座不同的 id。")
            count = 2
            while f"{local_id}-{count}" in used_ids:
                count += 1
            local_id = f"{local_id}-{count}"
        used_ids[local_id] = record.line
        return local_id

    def status(self, record: Record, date) -> str:
        status = record.text("status")
        if status and status not in LECTURE_STATUSES:
            self.report.add(record.path, record.line_of("status"), "L507", f"讲座状态 “{status}” 无法识别。", "写 planned（计划中）或 held（已举办）。")
            status = ""
        if date is None:
            return status or "planned"
        if status == "held" and date.first_day > self.today:
            self.report.add(record.path, record.line_of("status"), "L501", f"讲座日期 {date} 还没到，状态却是 held（已举办）。", "改为 planned，或更正日期。")
        elif status == "planned" and date.last_day < self.today:
            self.report.add(record.path, record.line_of("status"), "L502", f"讲座日期 {date} 已过，状态仍是 planned（计划中）。", "举办后改为 held 并填写 attendance；取消的讲座请删除。")
        return status or ("held" if date.last_day < self.today else "planned")

    def speaker(self, record: Record) -> tuple[str, str]:
        """(cadre id, name): a published cadre of the site, or a guest's plain name."""
        speaker = record.text("speaker")
        if not speaker:
            return "", ""
        line = record.line_of("speaker")
        cadre = self.dataset.cadre(speaker)
        if cadre and cadre.draft:
            self.report.add(
                record.path, line, "R405", f"主讲人 {speaker} 的个人资料（{cadre.source.path}）是草稿，不会发布，讲座无法链接到它。",
                "先发布个人资料（删除 draft: true），或暂时直接写主讲人的中文姓名。",
            )
            return "", cadre.name
        if cadre:
            return cadre.id, cadre.name
        if SLUG.match(speaker):
            guess = difflib.get_close_matches(speaker, [c.id for c in self.dataset.cadres], n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else "写本站干部的编号（个人资料的文件名），或直接写嘉宾的中文姓名。"
            self.report.add(record.path, line, "R402", f"主讲人 {speaker} 不是本站任何干部的编号。", hint)
            return "", speaker
        namesakes = [c for c in self.dataset.cadres if c.name == speaker and not c.draft]
        if namesakes:
            self.report.add(record.path, line, "R404", f"主讲人 “{speaker}” 与本站干部同名。", f"如果就是本人，请写编号 {namesakes[0].id}，讲座会链接到其个人页面。")
        return "", speaker

    def time(self, record: Record) -> dt.time | None:
        node = record.values.get("time")
        if node is None or node.value in (None, ""):
            return None
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            # YAML 1.1 reads an unquoted 14:30 as the base-60 integer 870.
            return dt.time(value // 60, value % 60)
        match = _TIME.match(str(value).strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        self.report.add(record.path, node.line, "L504", f"讲座时间 “{value}” 无法识别。", "写成 24 小时制的 “14:30”（加引号）。")
        return None

    def attendance(self, record: Record) -> Amount | None:
        node = record.values.get("attendance")
        if node is None or node.value in (None, ""):
            return None
        try:
            return parse_amount(as_written(node), "人")
        except AmountError as exc:
            self.report.add(record.path, node.line, "L505", f"听众人数 “{node.value}” 不是人数。", exc.hint or "写数字，如 600 或 “600余人”。")
            return None
