"""cohort.yml and the profiles beside it → :class:`Cohort` and :class:`Cadre` records.

A record with errors is still built from what could be read, so that the cross-file checks
(duplicate ids, speakers) see every profile; the errors fail the build all the same.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from showcase.issues import Report
from showcase.markup import foreign_media, unsafe_html
from showcase.metrics import Amount, AmountError, Metric, parse_amount
from showcase.model import NO_PLACE, Achievement, Cadre, Cohort, Source
from showcase.photos import check_photo
from showcase.places import Gazetteer, Place, pinyin_slug
from showcase.privacy import scan_personal_data
from showcase.records import ACHIEVEMENT_FIELDS, COHORT_FIELDS, PROFILE_FIELDS, SLUG, Record, check_body, check_values
from showcase.source import Node, SourceText, as_written, parse_yaml, read_text, split_front_matter
from showcase.tree import CohortFolder


class ProfileReader:
    """Reads the files of one data folder; every problem goes to ``report``."""

    def __init__(self, report: Report, rel: Callable[[Path], str], metrics: dict[str, Metric], gazetteer: Gazetteer) -> None:
        self.report, self.rel, self.metrics, self.gazetteer = report, rel, metrics, gazetteer

    # -- files ------------------------------------------------------------------

    def read_source(self, path: Path) -> SourceText | None:
        """Decoded text, already scanned for personal data (comments are published in the repository too)."""
        source = read_text(path, self.rel(path), self.report)
        if source is not None:
            scan_personal_data(source.text, source.path, self.report)
        return source

    def read_yaml(self, path: Path) -> tuple[str, Node] | None:
        source = self.read_source(path)
        if source is None:
            return None
        node = parse_yaml(source.text, source.path, 1, self.report)
        if node is None:
            return None
        check_values(node, source.text, source.path, self.report)
        return source.path, node

    def check_markdown(self, text: str, path: str, first_line: int) -> None:
        """Raw HTML the site will strip (a warning) and media from another host (an error)."""
        for offset, found in unsafe_html(text):
            self.report.add(path, first_line + offset, "S601", f"含有不安全的 HTML：{found}；发布时会被清除。", "请只用 Markdown，不要写 HTML 标签。")
        for offset, url in foreign_media(text):
            self.report.add(
                path, first_line + offset, "S607", f"图片或媒体来自其他网站：{url}。本站页面不向其他主机发请求，它不会显示。",
                "把图片文件放进本批次文件夹，用相对路径引用，如 ![说明](miao-miao-1.jpg)。",
            )

    # -- cohort.yml -------------------------------------------------------------

    def cohort(self, folder: CohortFolder) -> Cohort:
        if not SLUG.match(folder.id):
            self.report.add(folder.rel, 1, "F004", f"批次文件夹名 “{folder.id}” 不是合法编号：只能用小写字母、数字和连字符。", f"改名为 “{pinyin_slug(folder.id) or 'cohort-1'}”。")
        cohort_rel = f"{folder.rel}/cohort.yml"
        if folder.cohort_file is None:
            self.report.add(cohort_rel, 1, "F007", "批次文件夹里缺少 cohort.yml。", "复制其他批次的 cohort.yml 并修改 name 等字段。")
        parsed = self.read_yaml(folder.cohort_file) if folder.cohort_file else None
        if parsed is None:
            return Cohort(id=folder.id, name=folder.id, source=Source(cohort_rel))
        rel, node = parsed
        if not isinstance(node.value, dict):
            self.report.add(rel, node.line, "Y005", "cohort.yml 应是“字段: 值”的映射。", "第一行写 name: 批次名称。")
            return Cohort(id=folder.id, name=folder.id, source=Source(rel))
        record = Record(node, rel, self.report, COHORT_FIELDS, "cohort.yml ")
        start, end = record.date("start"), record.date("end")
        record.check_term(start, end)
        summary = record.text("summary")
        if summary:
            self.check_markdown(summary, rel, record.values["summary"].line)
        return Cohort(
            id=folder.id,
            name=record.text("name") or folder.id,
            program=record.text("program"),
            organizer=record.text("organizer"),
            region=record.text("region"),
            start=start,
            end=end,
            summary=summary,
            size=record.count("size"),
            attribution=record.text("source"),
            reported=self.amounts(record, "reported"),
            source=record.source(),
        )

    # -- profiles ---------------------------------------------------------------

    def profile(self, path: Path, cohort: Cohort, photos: set[str]) -> Cadre:
        rel = self.rel(path)
        cadre_id = path.stem
        if not SLUG.match(cadre_id):
            self.report.add(rel, 1, "F004", f"文件名 “{path.name}” 不是合法编号：只能用小写字母、数字和连字符（姓名拼音）。", f"改名为 “{pinyin_slug(cadre_id) or 'xing-ming'}.md”。")
        unreadable = Cadre(id=cadre_id, cohort_id=cohort.id, name=cadre_id, source=Source(rel))
        source = self.read_source(path)
        parts = split_front_matter(source, self.report) if source else None
        if parts is None:
            return unreadable
        front, front_line, body, body_line = parts
        check_body(body, rel, body_line, self.report)
        self.check_markdown(body, rel, body_line)
        node = parse_yaml(front, rel, front_line, self.report)
        if node is None:
            return unreadable
        if not isinstance(node.value, dict):
            self.report.add(rel, front_line, "Y005", "YAML 信息块应是“字段: 值”的映射。", "每行写成 “name: 姓名” 这样的格式。")
            return unreadable
        check_values(node, source.text, rel, self.report)
        record = Record(node, rel, self.report, PROFILE_FIELDS, "个人资料")
        start, end = record.date("start"), record.date("end")
        if start or end:  # an inherited term was already checked in cohort.yml
            record.check_term(start or cohort.start, end or cohort.end)
        county_written = record.text("county")
        return Cadre(
            id=cadre_id,
            cohort_id=cohort.id,
            name=record.text("name"),
            county=self.place(county_written, record, "county", cohort.region) if county_written else NO_PLACE,
            county_written=county_written,
            post=record.text("post"),
            origin=record.text("origin"),
            start=start or cohort.start,
            end=end or cohort.end,
            portfolio=record.texts("portfolio"),
            education=record.text("education"),
            expertise=record.text("expertise"),
            photo=self.photo(record, photos, path.parent),
            tags=record.texts("tags"),
            attribution=record.text("source"),
            draft=record.flag("draft"),
            achievements=self.achievements(record),
            body=body,
            source=record.source(),
        )

    def place(self, written: str, record: Record, key: str, region: str) -> Place:
        resolution = self.gazetteer.resolve(written, region)
        if resolution.place:
            return resolution.place
        line = record.line_of(key)
        if resolution.ambiguous:
            options = "、".join(f"{p.city or p.province}{p.name}" for p in resolution.ambiguous)
            self.report.add(record.path, line, "P302", f"“{written}”有重名的行政区划：{options}。", "写上所属城市，例如 “" + (resolution.ambiguous[0].city or resolution.ambiguous[0].province) + written + "”。")
        else:
            guesses = "、".join(resolution.candidates)
            hint = f"是不是想写 {guesses}？" if guesses else "写县级行政区划的全称（如 苍溪县、四会市、端州区）；开发区等非行政区划请在 mkdocs.yml 的 places 中声明。"
            self.report.add(record.path, line, "P301", f"“{written}”不是已知的县级行政区划，也没有在站点配置中声明。", hint)
        return Place(written, "", "")

    def photo(self, record: Record, photos: set[str], folder: Path) -> str:
        """A photo is a regular file right beside the profile (the folder scan vetted that) and an image fit to publish."""
        photo = record.text("photo")
        if photo and photo not in photos:
            self.report.add(record.path, record.line_of("photo"), "R403", f"照片 “{photo}” 不存在（应放在个人资料文件旁边）。", "把照片（.jpg/.png/.webp）放进本批次文件夹，并写文件名，如 photo: miao-miao.jpg。")
            return ""
        if photo and not check_photo(folder / photo, self.report, record.path, record.line_of("photo")):
            return ""
        return photo

    def achievements(self, record: Record) -> tuple[Achievement, ...]:
        node = record.node("achievements", list)
        if node is None:
            return ()
        found = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self.report.add(record.path, item.line, "D104", "achievements 的每一项应是包含 title 等字段的映射。", "每项以 “- title: 成果标题” 开头。")
                continue
            entry = Record(item, record.path, self.report, ACHIEVEMENT_FIELDS, "工作成果")
            found.append(
                Achievement(
                    title=entry.text("title"),
                    date=entry.date("date"),
                    category=entry.text("category"),
                    metrics=self.amounts(entry, "metrics"),
                    summary=entry.text("summary"),
                    source=entry.source(),
                )
            )
        return tuple(found)

    def amounts(self, record: Record, key: str) -> dict[str, Amount]:
        node = record.node(key, dict)
        if node is None:
            return {}
        amounts: dict[str, Amount] = {}
        for name, value in node.value.items():
            metric = self.metrics.get(name)
            if metric is None:
                by_label = [m.key for m in self.metrics.values() if m.label == name]
                guess = by_label or difflib.get_close_matches(name, self.metrics, n=1, cutoff=0.6)
                hint = f"是不是想写 {guess[0]}？" if guess else f"可用的指标：{', '.join(self.metrics)}；新指标请在 mkdocs.yml 的 metrics 中声明。"
                self.report.add(record.path, value.key_line, "M201", f"未知指标 {name}。", hint)
                continue
            try:
                amounts[name] = parse_amount(as_written(value), metric.unit)
            except AmountError as exc:
                self.report.add(record.path, value.line, exc.code, f"指标 {name}（{metric.label}）：{exc.message}", exc.hint)
        return amounts
