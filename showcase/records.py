"""Typed, located reading of one YAML mapping, and the checks every contributed value gets.

The field tables are the data contract of DESIGN §3: a key not listed is reported with a
did-you-mean, a value of the wrong type is reported at its own line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from showcase.dates import DATE_HINT, PartialDate, parse_date
from showcase.issues import Report
from showcase.model import Source
from showcase.privacy import scan_personal_data
from showcase.source import Node, as_written

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TEMPLATE_PLACEHOLDER = "请填写"
#: How the profile template's body begins (templates/profile.md.j2): left as it is, it would be published.
BODY_PLACEHOLDER = "在这里写挂职期间的工作"
#: C0 controls except tab and newline, DEL and C1: invisible, and some rewrite a terminal or a page.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Field:
    label: str
    kind: str = "text"  # text (one line) | prose (paragraphs) | texts | count | date | flag | mapping | list | scalar
    required: bool = False


COHORT_FIELDS = {
    "name": Field("批次名称", required=True),
    "program": Field("项目类别"),
    "organizer": Field("选派单位"),
    "region": Field("挂职地区"),
    "start": Field("任期开始", "date"),
    "end": Field("任期结束", "date"),
    "summary": Field("简介", "prose"),
    "size": Field("本批人数", "count"),
    "source": Field("资料来源"),
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
    "source": Field("资料来源"),
    "draft": Field("草稿", "flag"),
    "achievements": Field("工作成果", "list"),
}
ACHIEVEMENT_FIELDS = {
    "title": Field("成果标题", required=True),
    "date": Field("日期", "date"),
    "category": Field("类别"),
    "metrics": Field("指标", "mapping"),
    "summary": Field("说明", "prose"),
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
_CONTROL_HINT = "删除它：从网页或 Word 复制文字时常会带入这类字符，可以先粘贴到记事本再复制。"
_TYPE_NAMES = {"text": "一段文字", "prose": "一段文字", "count": "正整数", "texts": "文字列表", "date": "日期", "flag": "true 或 false", "mapping": "“名称: 值”的映射", "list": "列表"}
_TYPE_HINTS = {
    "text": "直接写文字；数字、日期或以特殊符号开头的文字请加英文引号，如 \"2012\"。",
    "prose": "直接写文字；多段文字请在字段名后写 |，再换行缩进书写。",
    "texts": "写成列表：每项单独一行，以 “- ” 开头。",
    "count": "写阿拉伯数字，如 40；人数不确定时不要填写。",
    "flag": "写 true 或 false。",
    "mapping": "每项一行，写成 “名称: 值”。",
    "list": "每项以 “- ” 开头。",
}


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
            elif _is_blank(self.values[key].value):
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
        self.report.add(self.path, node.line, "D104", f"字段 {key}（{self.fields[key].label}）应是{_TYPE_NAMES.get(kind, '一个值')}{_written_as(node.value)}。", _TYPE_HINTS.get(kind, ""))
        return None

    def text(self, key: str) -> str:
        """The field's text; a one-line field (a name, a title) has its line breaks and runs of spaces folded."""
        node = self._typed(key, lambda v: isinstance(v, str))
        if node is None:
            return ""
        value = node.value.strip() if self.fields[key].kind == "prose" else " ".join(node.value.split())
        if value.startswith(TEMPLATE_PLACEHOLDER):
            self.report.add(self.path, node.line, "D102", f"字段 {key}（{self.fields[key].label}）还是模板里的“{value}”。", f"填写真实的{self.fields[key].label}。")
            return ""
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list, or one line of items separated by commas or 、; Chinese brackets and commas are read as meant, with a warning."""
        node = self._typed(key, lambda v: isinstance(v, (str, list)))
        if node is None:
            return ()
        if isinstance(node.value, str):
            text = node.value.strip()
            bracketed = text.startswith("【") or text.endswith("】")
            items = _split_items(text.strip("【】[]") if bracketed else text, ",，、")
            if bracketed:
                self._list_punctuation(key, node.line, "中文方括号“【】”", items)
            return items
        items = []
        for item in node.value:
            if not isinstance(item.value, str):
                self.report.add(self.path, item.line, "D104", f"字段 {key} 的每一项都应是一段文字{_written_as(item.value)}。", _TYPE_HINTS["texts"])
                continue
            # [科技，工业] is one YAML item: split a plain item of a flow list where a Chinese writer separates items.
            parts = _split_items(item.value, "，、" if node.style == "[" and item.style is None else "")
            if len(parts) > 1:
                self._list_punctuation(key, item.line, "中文标点" + "".join(f"“{c}”" for c in "，、" if c in item.value), parts)
            items.extend(parts)
        return tuple(items)

    def _list_punctuation(self, key: str, line: int, what: str, items: tuple[str, ...]) -> None:
        self.report.add(
            self.path, line, "D109", f"字段 {key}（{self.fields[key].label}）的列表用了{what}，已读作 {len(items)} 项：{'、'.join(f'“{i}”' for i in items)}。",
            "列表请写成 [科技, 工业]（英文方括号，英文逗号加空格）；如果一项里本来就有顿号，请给这一项加英文引号，如 [\"科技、工业\"]。",
        )

    def count(self, key: str) -> int | None:
        node = self._typed(key, lambda v: type(v) is int and v > 0)
        return node.value if node else None

    def flag(self, key: str) -> bool:
        node = self._typed(key, lambda v: isinstance(v, bool))
        return bool(node and node.value)

    def date(self, key: str) -> PartialDate | None:
        node = self.values.get(key)
        if node is None or node.value in (None, ""):
            return None
        written = as_written(node)  # 2012.10 is October, not the number 2012.1
        parsed = parse_date(written)
        if parsed is None:
            self.report.add(self.path, node.line, "D105", f"字段 {key}（{self.fields[key].label}）“{written}”不是有效日期。", DATE_HINT)
        return parsed

    def node(self, key: str, kind: type) -> Node | None:
        return self._typed(key, lambda v: isinstance(v, kind))

    def check_term(self, start: PartialDate | None, end: PartialDate | None) -> None:
        if start and end and end.last_day < start.first_day:
            self.report.add(self.path, self.line_of("end"), "D106", f"任期结束（{end}）早于开始（{start}）。", "检查 start 和 end 是否写反。")


def _split_items(text: str, separators: str) -> tuple[str, ...]:
    """The non-empty items of ``text`` split at any of ``separators``, each on one line."""
    parts = re.split(f"[{separators}]", text) if separators else [text]
    return tuple(" ".join(part.split()) for part in parts if part.strip())


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


def _written_as(value: Any) -> str:
    """Name what YAML made of the value, so "应是一段文字" is not a riddle."""
    kinds = {bool: "true/false", int: "数字", float: "数字", bytes: "二进制数据", list: "列表", dict: "映射"}
    kind = next((name for cls, name in kinds.items() if type(value) is cls), "")
    if not kind and hasattr(value, "isoformat"):
        kind = "日期"
    return f"，这里被读成了{kind}" if kind else ""


def check_values(node: Node, raw: str, path: str, report: Report) -> None:
    """Every string a YAML document holds, as YAML decoded it: control characters and personal data.

    The raw file text is scanned for personal data separately (comments are published in a public
    repository too); a value is scanned again only when YAML changed it (escapes, folding).
    """
    stack = [node]
    while stack:
        current = stack.pop()
        value = current.value
        if isinstance(value, dict):
            for key, child in value.items():
                _check_string(key, current.line if child is None else child.key_line, raw, path, report)
                stack.append(child)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            _check_string(value, current.line, raw, path, report)


def _check_string(value: str, line: int, raw: str, path: str, report: Report) -> None:
    control = CONTROL_CHARACTERS.search(value)
    if control:
        offset = value.count("\n", 0, control.start())
        report.add(path, line + offset, "D108", f"文字中有不可见的控制字符 U+{ord(control.group()):04X}。", _CONTROL_HINT)
    if value not in raw:
        scan_personal_data(value, path, report, line)


def check_body(text: str, path: str, first_line: int, report: Report) -> None:
    """Control characters in Markdown text (the raw file is scanned for personal data already), and the
    template's own sentence left in place of the text."""
    for offset, line in enumerate(text.split("\n")):
        if line.startswith(BODY_PLACEHOLDER):
            report.add(path, first_line + offset, "D102", "正文还是模板里的说明“在这里写挂职期间的工作……”。", "把这一行换成自己写的工作介绍；暂时不写正文就删除这一行。")
        control = CONTROL_CHARACTERS.search(line)
        if control:
            report.add(path, first_line + offset, "D108", f"正文中有不可见的控制字符 U+{ord(control.group()):04X}。", _CONTROL_HINT)
