"""Read ``cohorts/`` into the model, reporting every problem (DESIGN §6) in one pass.

Errors are values: a bad file never stops the others from being read, and a record with
errors is still built (with what could be read) so that cross-file checks see it too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.dates import DATE_HINT, PartialDate, parse_date
from showcase.issues import Report
from showcase.metrics import Amount, AmountError, parse_amount
from showcase.model import Achievement, Cadre, Cohort, Dataset, Lecture, Source
from showcase.places import Place, pinyin_slug
from showcase.privacy import scan_personal_data, scan_unsafe_html
from showcase.settings import Settings
from showcase.source import Node, parse_yaml, read_text, split_front_matter

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
COHORT_FILE, LECTURES_FILE = "cohort.yml", "lectures.yml"
TEMPLATE_PLACEHOLDER = "请填写"
LECTURE_STATUSES = {"planned": "计划中", "held": "已举办"}


@dataclass(frozen=True)
class Field:
    label: str
    kind: str = "text"  # text | texts | date | flag | mapping | list | scalar
    required: bool = False


COHORT_FIELDS = {
    "name": Field("批次名称", required=True),
    "program": Field("项目类别"),
    "organizer": Field("选派单位"),
    "region": Field("挂职地区"),
    "start": Field("任期开始", "date"),
    "end": Field("任期结束", "date"),
    "summary": Field("简介"),
    "reported": Field("报告公布的总数", "mapping"),
}
PROFILE_FIELDS = {
    "name": Field("姓名", required=True),
    "county": Field("挂职地", required=True),
    "post": Field("挂任职务", required=True),
    "origin": Field("派出单位及职务", required=True),
    "start": Field("任期开始", "date"),
    "end": Field("任期结束", "date"),
    "portfolio": Field("分管工作", "texts"),
    "education": Field("学历"),
    "expertise": Field("专业领域"),
    "photo": Field("照片"),
    "tags": Field("标签", "texts"),
    "draft": Field("草稿", "flag"),
    "achievements": Field("工作成果", "list"),
}
ACHIEVEMENT_FIELDS = {
    "title": Field("成果标题", required=True),
    "date": Field("日期", "date"),
    "category": Field("类别"),
    "metrics": Field("指标", "mapping"),
    "summary": Field("说明"),
}
LECTURE_FIELDS = {
    "id": Field("编号"),
    "date": Field("日期", "date"),
    "time": Field("时间", "scalar"),
    "speaker": Field("主讲人"),
    "title": Field("题目", required=True),
    "venue": Field("地点"),
    "audience": Field("听众"),
    "attendance": Field("听众人数", "scalar"),
    "county": Field("所在县"),
    "series": Field("系列"),
    "status": Field("状态"),
}
#: Contributors sometimes write the Chinese label as the key.
_CHINESE_KEYS = {
    spec.label: key
    for fields in (COHORT_FIELDS, PROFILE_FIELDS, ACHIEVEMENT_FIELDS, LECTURE_FIELDS)
    for key, spec in fields.items()
} | {"职务": "post", "单位": "origin", "派出单位": "origin", "挂职县": "county", "成果": "achievements", "日期": "date"}
_TYPE_NAMES = {"text": "一段文字", "texts": "文字列表", "date": "日期", "flag": "true 或 false", "mapping": "“名称: 值”的映射", "list": "列表"}


class Record:
    """Typed, located access to one YAML mapping; each problem is reported at its own line."""

    def __init__(self, node: Node, path: str, report: Report, fields: dict[str, Field], what: str) -> None:
        self.path, self.report, self.fields, self.what = path, report, fields, what
        self.line = node.line
        self.values: dict[str, Node] = node.value
        for key, value in self.values.items():
            if key not in fields:
                self._unknown(key, value)
        for key, spec in fields.items():
            if not spec.required:
                continue
            if key not in self.values:
                report.add(path, node.line, "D101", f"{what}缺少必填字段 {key}（{spec.label}）。", f"加一行 “{key}: …”。")
            elif self.values[key].value in (None, "", [], {}):
                report.add(path, self.values[key].key_line, "D102", f"必填字段 {key}（{spec.label}）是空的。", f"在 “{key}:” 后面填写{spec.label}。")

    def _unknown(self, key: str, value: Node) -> None:
        guess = _CHINESE_KEYS.get(key) or next(iter(difflib.get_close_matches(key, self.fields, n=1, cutoff=0.6)), "")
        hint = f"是不是想写 {guess}？" if guess in self.fields else f"可用的字段：{', '.join(self.fields)}。"
        self.report.add(self.path, value.key_line, "D103", f"{self.what}中有未知字段 {key}。", hint)

    def source(self) -> Source:
        return Source(self.path, self.line, {k: v.key_line for k, v in self.values.items()})

    def line_of(self, key: str) -> int:
        node = self.values.get(key)
        return node.key_line if node else self.line

    def _typed(self, key: str, accept: Callable[[Any], bool]) -> Node | None:
        node = self.values.get(key)
        if node is None or node.value is None:
            return None
        if accept(node.value):
            return node
        kind = self.fields[key].kind
        self.report.add(self.path, node.line, "D104", f"字段 {key}（{self.fields[key].label}）应是{_TYPE_NAMES.get(kind, '一个值')}。", _TYPE_HINTS.get(kind, ""))
        return None

    def text(self, key: str) -> str:
        node = self._typed(key, _is_scalar)
        if node is None:
            return ""
        value = str(node.value).strip()
        if value.startswith(TEMPLATE_PLACEHOLDER):
            self.report.add(self.path, node.line, "D102", f"字段 {key}（{self.fields[key].label}）还是模板里的“{value}”。", f"填写真实的{self.fields[key].label}。")
            return ""
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        node = self._typed(key, lambda v: _is_scalar(v) or isinstance(v, list))
        if node is None:
            return ()
        if _is_scalar(node.value):
            return tuple(part.strip() for part in re.split(r"[,，、]", str(node.value)) if part.strip())
        items = []
        for item in node.value:
            if not _is_scalar(item.value):
                self.report.add(self.path, item.line, "D104", f"字段 {key} 的每一项都应是一段文字。", _TYPE_HINTS["texts"])
            elif str(item.value).strip():
                items.append(str(item.value).strip())
        return tuple(items)

    def flag(self, key: str) -> bool:
        node = self._typed(key, lambda v: isinstance(v, bool))
        return bool(node and node.value)

    def date(self, key: str) -> PartialDate | None:
        node = self.values.get(key)
        if node is None or node.value in (None, ""):
            return None
        parsed = parse_date(node.value)
        if parsed is None:
            self.report.add(self.path, node.line, "D105", f"字段 {key}（{self.fields[key].label}）“{node.value}”不是有效日期。", DATE_HINT)
        return parsed

    def node(self, key: str, kind: type) -> Node | None:
        return self._typed(key, lambda v: isinstance(v, kind))

    def check_term(self, start: PartialDate | None, end: PartialDate | None) -> None:
        if start and end and end.last_day < start.first_day:
            self.report.add(self.path, self.line_of("end"), "D106", f"任期结束（{end}）早于开始（{start}）。", "检查 start 和 end 是否写反。")


_TYPE_HINTS = {
    "text": "直接写文字；多项内容请用顿号分隔写在一行。",
    "texts": "写成列表：每项单独一行，以 “- ” 开头。",
    "flag": "写 true 或 false。",
    "mapping": "每项一行，写成 “名称: 值”。",
    "list": "每项以 “- ” 开头。",
}


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, bool)) and value is not None


class Loader:
    """One load of a data folder: the model plus every problem found."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.report = Report()
        self.dataset = Dataset(metrics=settings.metrics)
        self._lecture_nodes: list[tuple[Cohort, str, Node]] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.settings.root).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self) -> tuple[Dataset, Report]:
        data = self.settings.data_path
        if not data.is_dir():
            self.report.add(self.rel(data), 1, "F007", f"数据目录 {self.rel(data)} 不存在。", "在仓库根目录建立 cohorts/ 文件夹，每个批次一个子文件夹。")
            return self.dataset, self.report
        for entry in sorted(data.iterdir()):
            if entry.name.startswith((".", "_")) or entry.name.lower() == "readme.md":
                continue
            if entry.is_dir():
                self._load_cohort(entry)
            else:
                self.report.add(self.rel(entry), 1, "F006", "cohorts/ 下只应有批次文件夹，这个文件不会被读取。", "把它移到某个批次文件夹里，或删除。")
        self._check_duplicate_ids()
        for cohort, path, node in self._lecture_nodes:
            self._load_lectures(cohort, path, node)
        self._check_double_booking()
        return self.dataset, self.report

    # -- cohorts and profiles -------------------------------------------------

    def _load_cohort(self, folder: Path) -> None:
        rel = self.rel(folder)
        if not SLUG.match(folder.name):
            self.report.add(rel, 1, "F004", f"批次文件夹名 “{folder.name}” 不是合法编号：只能用小写字母、数字和连字符。", f"改名为 “{pinyin_slug(folder.name) or 'cohort-1'}”。")
        cohort_file = folder / COHORT_FILE
        cohort = self._read_cohort(cohort_file, folder.name) if cohort_file.is_file() else None
        if cohort is None:
            if not cohort_file.is_file():
                self.report.add(self.rel(cohort_file), 1, "F007", "批次文件夹里缺少 cohort.yml。", "复制其他批次的 cohort.yml 并修改 name 等字段。")
            cohort = Cohort(folder.name, folder.name, "", "", "", None, None, "", {}, Source(self.rel(cohort_file)))
        self.dataset.cohorts.append(cohort)
        for entry in sorted(folder.iterdir()):
            name = entry.name
            if name.startswith((".", "_")) or name == COHORT_FILE or entry.is_dir():
                continue
            if name == LECTURES_FILE:
                self._queue_lectures(cohort, entry)
            elif entry.suffix == ".md":
                self._read_profile(entry, cohort)
            elif entry.suffix.lower() not in PHOTO_SUFFIXES:
                hint = f"改名为 {COHORT_FILE} 或 {LECTURES_FILE}。" if entry.suffix in (".yaml", ".yml") else "个人资料用 .md 文件；照片用 .jpg/.png/.webp。"
                self.report.add(self.rel(entry), 1, "F006", "无法识别的文件，不会被读取。", hint)

    def _read_yaml_file(self, path: Path) -> tuple[str, Node] | None:
        rel = self.rel(path)
        source = read_text(path, rel, self.report)
        if source is None:
            return None
        scan_personal_data(source.text, rel, self.report)
        node = parse_yaml(source.text, rel, 1, self.report)
        return (rel, node) if node is not None else None

    def _read_cohort(self, path: Path, cohort_id: str) -> Cohort | None:
        parsed = self._read_yaml_file(path)
        if parsed is None:
            return None
        rel, node = parsed
        if not isinstance(node.value, dict):
            self.report.add(rel, node.line, "Y005", "cohort.yml 应是“字段: 值”的映射。", "第一行写 name: 批次名称。")
            return None
        record = Record(node, rel, self.report, COHORT_FIELDS, "cohort.yml ")
        start, end = record.date("start"), record.date("end")
        record.check_term(start, end)
        return Cohort(
            id=cohort_id,
            name=record.text("name") or cohort_id,
            program=record.text("program"),
            organizer=record.text("organizer"),
            region=record.text("region"),
            start=start,
            end=end,
            summary=record.text("summary"),
            reported=self._metrics(record, "reported"),
            source=record.source(),
        )

    def _read_profile(self, path: Path, cohort: Cohort) -> None:
        rel = self.rel(path)
        cadre_id = path.stem
        if not SLUG.match(cadre_id):
            self.report.add(rel, 1, "F004", f"文件名 “{path.name}” 不是合法编号：只能用小写字母、数字和连字符（姓名拼音）。", f"改名为 “{pinyin_slug(cadre_id) or 'xing-ming'}.md”。")
        source = read_text(path, rel, self.report)
        if source is None:
            self._add_unreadable(cadre_id, cohort, rel)
            return
        scan_personal_data(source.text, rel, self.report)
        parts = split_front_matter(source, self.report)
        if parts is None:
            self._add_unreadable(cadre_id, cohort, rel)
            return
        front, front_line, body, body_line = parts
        scan_unsafe_html(body, rel, self.report, body_line)
        node = parse_yaml(front, rel, front_line, self.report)
        if node is None or not isinstance(node.value, dict):
            if node is not None:
                self.report.add(rel, front_line, "Y005", "YAML 信息块应是“字段: 值”的映射。", "每行写成 “name: 姓名” 这样的格式。")
            self._add_unreadable(cadre_id, cohort, rel)
            return
        record = Record(node, rel, self.report, PROFILE_FIELDS, "个人资料")
        start, end = record.date("start"), record.date("end")
        if start or end:  # an inherited term was already checked in cohort.yml
            record.check_term(start or cohort.start, end or cohort.end)
        county_written = record.text("county")
        self.dataset.cadres.append(
            Cadre(
                id=cadre_id,
                cohort_id=cohort.id,
                name=record.text("name"),
                county=self._place(county_written, record, "county", cohort.region) if county_written else Place("", "", ""),
                county_written=county_written,
                post=record.text("post"),
                origin=record.text("origin"),
                start=start or cohort.start,
                end=end or cohort.end,
                portfolio=record.texts("portfolio"),
                education=record.text("education"),
                expertise=record.text("expertise"),
                photo=self._photo(record, path),
                tags=record.texts("tags"),
                draft=record.flag("draft"),
                achievements=self._achievements(record),
                body=body,
                source=record.source(),
            )
        )

    def _add_unreadable(self, cadre_id: str, cohort: Cohort, rel: str) -> None:
        """Keep a placeholder so duplicate-id and speaker checks still count this profile."""
        self.dataset.cadres.append(
            Cadre(cadre_id, cohort.id, cadre_id, Place("", "", ""), "", "", "", None, None, (), "", "", "", (), False, (), "", Source(rel))
        )

    def _place(self, written: str, record: Record, key: str, region: str) -> Place:
        resolution = self.settings.gazetteer.resolve(written, region)
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

    def _photo(self, record: Record, profile: Path) -> str:
        photo = record.text("photo")
        if not photo:
            return ""
        try:
            target = (profile.parent / photo).resolve()
            found = profile.parent.resolve() in target.parents and target.is_file() and target.suffix.lower() in PHOTO_SUFFIXES
        except (OSError, ValueError):  # a NUL byte or an impossible path
            found = False
        if not found:
            self.report.add(record.path, record.line_of("photo"), "R403", f"照片 “{photo}” 不存在（应放在个人资料文件旁边）。", "把照片（.jpg/.png/.webp）放进本批次文件夹，并写文件名，如 photo: miao-miao.jpg。")
            return ""
        return photo

    def _achievements(self, record: Record) -> tuple[Achievement, ...]:
        node = record.node("achievements", list)
        if node is None:
            return ()
        found = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self.report.add(record.path, item.line, "D104", "achievements 的每一项应是包含 title 等字段的映射。", "每项以 “- title: 成果标题” 开头。")
                continue
            entry = Record(item, record.path, self.report, ACHIEVEMENT_FIELDS, "工作成果")
            found.append(Achievement(entry.text("title"), entry.date("date"), entry.text("category"), self._metrics(entry, "metrics"), entry.text("summary"), entry.source()))
        return tuple(found)

    def _metrics(self, record: Record, key: str) -> dict[str, Amount]:
        node = record.node(key, dict)
        if node is None:
            return {}
        registry = self.settings.metrics
        amounts: dict[str, Amount] = {}
        for name, value in node.value.items():
            metric = registry.get(name)
            if metric is None:
                by_label = [m.key for m in registry.values() if m.label == name]
                guess = by_label or difflib.get_close_matches(name, registry, n=1, cutoff=0.6)
                hint = f"是不是想写 {guess[0]}？" if guess else f"可用的指标：{', '.join(registry)}；新指标请在 mkdocs.yml 的 metrics 中声明。"
                self.report.add(record.path, value.key_line, "M201", f"未知指标 {name}。", hint)
                continue
            try:
                amounts[name] = parse_amount(value.value, metric.unit)
            except AmountError as exc:
                self.report.add(record.path, value.line, exc.code, f"指标 {name}（{metric.label}）：{exc.message}", exc.hint)
        return amounts

    def _check_duplicate_ids(self) -> None:
        first: dict[str, Cadre] = {}
        for cadre in self.dataset.cadres:
            if cadre.id in first:
                self.report.add(cadre.source.path, 1, "R401", f"编号 {cadre.id} 已被 {first[cadre.id].source.path} 使用；全站编号必须唯一。", f"改用 {cadre.id}-2.md 之类的文件名。")
            else:
                first[cadre.id] = cadre

    # -- lectures -------------------------------------------------------------

    def _queue_lectures(self, cohort: Cohort, path: Path) -> None:
        parsed = self._read_yaml_file(path)
        if parsed is None:
            return
        rel, node = parsed
        if node.value is None:
            return
        if not isinstance(node.value, list):
            self.report.add(rel, node.line, "Y005", "lectures.yml 应是讲座列表。", "每场讲座以 “- date: …” 开头。")
            return
        self._lecture_nodes.append((cohort, rel, node))

    def _load_lectures(self, cohort: Cohort, rel: str, node: Node) -> None:
        used_ids: dict[str, int] = {}
        for item in node.value:
            if not isinstance(item.value, dict):
                self.report.add(rel, item.line, "D104", "每场讲座应是包含 date、title 等字段的映射。", "以 “- date: 2012-07-15” 开头。")
                continue
            record = Record(item, rel, self.report, LECTURE_FIELDS, "讲座")
            self.dataset.lectures.append(self._lecture(record, cohort, used_ids))

    def _lecture(self, record: Record, cohort: Cohort, used_ids: dict[str, int]) -> Lecture:
        date = record.date("date")
        speaker_id, speaker_name = self._speaker(record)
        explicit_id = record.text("id")
        if explicit_id and not SLUG.match(explicit_id):
            self.report.add(record.path, record.line_of("id"), "D107", f"讲座编号 “{explicit_id}” 只能用小写字母、数字和连字符。", f"改为 “{pinyin_slug(explicit_id)}”。")
        local_id = explicit_id or f"{date.iso() if date else 'undated'}-{speaker_id or pinyin_slug(speaker_name) or 'talk'}"
        if local_id in used_ids:
            if explicit_id:
                self.report.add(record.path, record.line_of("id"), "L506", f"讲座编号 {explicit_id} 与第 {used_ids[local_id]} 行的讲座重复。", "给每场讲座不同的 id。")
            count = 2
            while f"{local_id}-{count}" in used_ids:
                count += 1
            local_id = f"{local_id}-{count}"
        used_ids[local_id] = record.line
        status = record.text("status")
        if status and status not in LECTURE_STATUSES:
            self.report.add(record.path, record.line_of("status"), "L507", f"讲座状态 “{status}” 无法识别。", "写 planned（计划中）或 held（已举办）。")
            status = ""
        today = self.settings.today
        if date is None:
            status = status or "planned"
        elif status == "held" and date.first_day > today:
            self.report.add(record.path, record.line_of("status"), "L501", f"讲座日期 {date} 还没到，状态却是 held（已举办）。", "改为 planned，或更正日期。")
        elif status == "planned" and date.last_day < today:
            self.report.add(record.path, record.line_of("status"), "L502", f"讲座日期 {date} 已过，状态仍是 planned（计划中）。", "举办后改为 held 并填写 attendance；取消的讲座请删除。")
        county_written = record.text("county")
        return Lecture(
            id=f"{cohort.id}-{local_id}",
            cohort_id=cohort.id,
            date=date,
            time=self._time(record),
            speaker_id=speaker_id,
            speaker_name=speaker_name,
            title=record.text("title"),
            venue=record.text("venue"),
            audience=record.text("audience"),
            attendance=self._attendance(record),
            county=self._place(county_written, record, "county", cohort.region) if county_written else None,
            series=record.text("series"),
            status=status or ("held" if date and date.last_day < today else "planned"),
            source=record.source(),
        )

    def _speaker(self, record: Record) -> tuple[str, str]:
        speaker = record.text("speaker")
        if not speaker:
            return "", ""
        line = record.line_of("speaker")
        cadre = self.dataset.cadre(speaker)
        if cadre:
            return cadre.id, cadre.name
        if SLUG.match(speaker):
            guess = difflib.get_close_matches(speaker, [c.id for c in self.dataset.cadres], n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else "写本站干部的编号（个人资料的文件名），或直接写嘉宾的中文姓名。"
            self.report.add(record.path, line, "R402", f"主讲人 {speaker} 不是本站任何干部的编号。", hint)
            return "", speaker
        namesakes = [c for c in self.dataset.cadres if c.name == speaker]
        if namesakes:
            self.report.add(record.path, line, "R404", f"主讲人 “{speaker}” 与本站干部同名。", f"如果就是本人，请写编号 {namesakes[0].id}，讲座会链接到其个人页面。")
        return "", speaker

    def _time(self, record: Record) -> dt.time | None:
        node = record.values.get("time")
        if node is None or node.value in (None, ""):
            return None
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            # YAML 1.1 reads an unquoted 14:30 as the base-60 integer 870.
            return dt.time(value // 60, value % 60)
        match = re.match(r"^(\d{1,2})[:：](\d{2})$", str(value).strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        self.report.add(record.path, node.line, "L504", f"讲座时间 “{value}” 无法识别。", "写成 24 小时制的 “14:30”（加引号）。")
        return None

    def _attendance(self, record: Record) -> Amount | None:
        node = record.values.get("attendance")
        if node is None or node.value in (None, ""):
            return None
        try:
            return parse_amount(node.value, "人")
        except AmountError as exc:
            self.report.add(record.path, node.line, "L505", f"听众人数 “{node.value}” 不是人数。", exc.hint or "写数字，如 600 或 “600余人”。")
            return None

    def _check_double_booking(self) -> None:
        booked: dict[tuple, Lecture] = {}
        for lecture in self.dataset.lectures:
            speaker = lecture.speaker_id or lecture.speaker_name
            if not speaker or lecture.date is None or lecture.date.precision != "day":
                continue
            key = (speaker, lecture.date.first_day, lecture.time)
            if key in booked:
                other = booked[key]
                when = f"{lecture.date}{' ' + lecture.time.strftime('%H:%M') if lecture.time else ''}"
                self.report.add(lecture.source.path, lecture.source.line, "L503", f"主讲人 {lecture.speaker_name or speaker} 在 {when} 已有讲座（{other.source.path}:{other.source.line}）。", "核对日期和时间。")
            else:
                booked[key] = lecture


def load(settings: Settings) -> tuple[Dataset, Report]:
    return Loader(settings).load()
