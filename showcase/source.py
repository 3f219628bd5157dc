"""Read data files safely and parse YAML into values that remember their line.

PyYAML's plain ``load`` forgets where a value came from, keeps the last of two duplicate keys,
and its errors count lines from the start of the front-matter block. Composing the node tree
ourselves fixes all three: every value becomes a :class:`Node` with its 1-based file line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from showcase.issues import Report

MAX_FILE_BYTES = 512 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.SafeLoader("")
_STR_TAG = "tag:yaml.org,2002:str"

_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{1,8})\s*：")
_TAB_INDENT = re.compile(r"^ *(?:- *)?\t")
_BLOCK_SCALAR_KEY = re.compile(r"^(\s*)(?:-\s+)?[^\s#][^:#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")
MAX_DEPTH = 20
#: PyYAML's constructors raise assorted exceptions on malformed tagged values (!!int _, !!bool 是).
_CONSTRUCTOR_ERRORS = (yaml.YAMLError, TypeError, OverflowError, IndexError, KeyError, AttributeError)


@dataclass
class Node:
    """A YAML value with the file line of the value and of the key that holds it."""

    value: Any
    line: int
    key_line: int
    written: str = ""
    """A scalar as it stands in the file: YAML reads ``010`` as 8 and ``1:30`` as 90, an amount must not."""

    def plain(self) -> Any:
        """The value without locations: for messages and for hashing."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass
class SourceText:
    path: str
    text: str


def read_text(abs_path: Path, rel_path: str, report: Report) -> SourceText | None:
    """Decode a regular data file; GBK and friends are reported but still read so nothing is lost.

    The file is opened without following a symlink and checked to be a regular file before a byte
    is read: a link to /dev/zero or a FIFO must not hang or exhaust the build.
    """
    raw = read_regular_file(abs_path, rel_path, report)
    if raw is None:
        return None
    if b"\x00" in raw[:8192]:
        report.add(rel_path, 1, "F002", "这是二进制文件，不是文本文件。", "请用文本编辑器保存为 UTF-8 的 .md 或 .yml 文件。")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            report.add(rel_path, line, "F001", "文件不是 UTF-8 编码，也无法按 GBK 读取。", "请用编辑器“另存为”UTF-8 编码。")
            return None
        report.add(
            rel_path, line, "F001",
            "文件是 GBK/GB18030 编码（常见于 Windows 记事本），不是 UTF-8。",
            "请另存为 UTF-8：记事本“另存为”时把“编码”选为 UTF-8。",
        )
    return SourceText(rel_path, text.replace("\r\n", "\n").replace("\r", "\n"))


def read_regular_file(abs_path: Path, rel_path: str, report: Report, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is reported, unread."""
    try:
        fd = os.open(abs_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            report.add(rel_path, 1, "F008", "这是符号链接，不是普通文件，不会被读取。", "把真实文件放在这里，不要用链接。")
        else:
            report.add(rel_path, 1, "F002", f"无法读取文件：{exc.strerror}")
        return None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            report.add(rel_path, 1, "F008", f"这是{special_kind(mode)}，不是普通文件，不会被读取。", "只提交普通的文本文件和图片文件。")
            return None
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        size = os.stat(abs_path, follow_symlinks=False).st_size
        report.add(
            rel_path, 1, "F003",
            f"文件过大（{size // 1024} KB，上限 {limit // 1024} KB）。",
            "个人资料只写文字；照片等大文件请压缩后另存为图片文件。",
        )
        return None
    return raw


def special_kind(mode: int) -> str:
    """How a file that is not a regular file is named to a contributor."""
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字文件"
    return "特殊文件"


def split_front_matter(source: SourceText, report: Report) -> tuple[str, int, str, int] | None:
    """Return (front matter, its first file line, body, body's first file line).

    The block ends only at an unindented ``---`` or ``...`` line, as in YAML: an indented one is
    part of a value, and ending there would turn the rest of the front matter (``draft: true``)
    into published body text.
    """
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.add(
            source.path, 1, "F005", "文件开头没有 YAML 信息块（front matter）。",
            "第一行写 ---，接着写 name: 等字段，再用一行 --- 结束，然后写正文。",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, 2, body, index + 2
    report.add(source.path, 1, "F005", "YAML 信息块没有结束的 --- 行。", "在字段之后、正文之前加一行 ---（顶格写，前面不要有空格）。")
    return None


def parse_yaml(text: str, path: str, first_line: int, report: Report) -> Node | None:
    """Parse one YAML document, reporting typography slips first and then syntax errors."""
    text = _repair_typography(text, path, first_line, report)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is found at the end; where it opened is what needs fixing.
        opened = exc.context and ("quoted scalar" in exc.context or "flow" in exc.context)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or "无法解析"
        report.add(path, line, "Y001", f"YAML 语法错误：{problem}。", _yaml_hint(problem))
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        report.add(path, first_line, "Y001", f"YAML 语法错误：{exc}。")
        return None
    if root is None:
        return Node(None, first_line, first_line)
    try:
        return _Converter(path, first_line, report).convert(root, first_line + root.start_mark.line, 0)
    finally:
        # The shared constructor caches every node it built; keep memory flat across files and reloads.
        _constructor.constructed_objects.clear()
        _constructor.recursive_objects.clear()


def _repair_typography(text: str, path: str, first_line: int, report: Report) -> str:
    """Report full-width colons and tab indents, then parse as if they were fixed."""
    lines = text.split("\n")
    block_indent = -1  # inside a `key: |` block scalar: text, not keys
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0 and (not line.strip() or indent > block_indent):
            continue
        block = _BLOCK_SCALAR_KEY.match(line)
        block_indent = len(block.group(1)) if block else -1
        match = _FULL_WIDTH_KEY.match(line)
        if match and ": " not in line[: match.start(2)]:
            report.add(
                path, first_line + index, "Y002",
                f"字段 {match.group(2)} 后面用了全角冒号“：”。",
                f"改为半角冒号加空格：“{match.group(2)}: ”。",
            )
            lines[index] = line[: match.end() - 1] + ": " + line[match.end() :]
        if _TAB_INDENT.match(line):
            report.add(path, first_line + index, "Y003", "行首用了制表符（Tab）缩进，YAML 只允许空格。", "把 Tab 换成两个空格。")
            lines[index] = re.sub(r"^[ \t]*(?:-[ \t]*)?", lambda m: m.group(0).replace("\t", "  "), lines[index])
    return "\n".join(lines)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "值里有英文冒号时，请给整个值加引号，例如 title: \"主题：副题\"。"
    if "could not find expected ':'" in problem:
        return "检查上一行是否缺少“字段: 值”中的冒号，或引号没有配对。"
    if "found character" in problem and "cannot start any token" in problem:
        return "值以 @、` 或 % 等特殊字符开头时，请给值加引号。"
    return "检查缩进是否对齐、引号和括号是否配对。"


class _Converter:
    """Node tree → :class:`Node` values, refusing aliases and absurd nesting.

    Aliases are never needed in a profile, and expanding them is how a 400-byte file could hang
    the build ("billion laughs") or recurse forever (``&a [*a]``).
    """

    def __init__(self, path: str, first_line: int, report: Report) -> None:
        self.path, self.first_line, self.report = path, first_line, report
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node, key_line: int, depth: int) -> Node:
        line = self.first_line + node.start_mark.line
        if id(node) in self.seen:
            self.report.add(self.path, line, "Y001", "不支持 YAML 锚点和别名（& 和 *）。", "把内容直接写出来。")
            return Node(None, line, key_line)
        if depth > MAX_DEPTH:
            self.report.add(self.path, line, "Y001", f"嵌套超过 {MAX_DEPTH} 层。", "个人资料的字段最多嵌套几层，请检查括号和缩进。")
            return Node(None, line, key_line)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return Node(self._mapping(node, depth), line, key_line)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(item, self.first_line + item.start_mark.line, depth + 1) for item in node.value]
            return Node(items, line, key_line)
        if node.style in ("|", ">"):  # a block scalar's text starts on the line after its indicator
            line += 1
        return Node(self._scalar(node, line), line, key_line, node.value)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            k_line = self.first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                self.report.add(self.path, k_line, "Y001", "字段名必须是简单的文字。")
                continue
            key = str(key_node.value)
            if key in mapping:
                self.report.add(
                    self.path, k_line, "Y004",
                    f"字段 {key} 重复出现（第一次在第 {mapping[key].key_line} 行）。",
                    "删除其中一个，或把两处内容合并成一个。",
                )
                continue
            mapping[key] = self.convert(value_node, k_line, depth + 1)
        return mapping

    def _scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        if node.tag == _STR_TAG:  # most values: no constructor needed
            return node.value
        try:
            return _constructor.construct_object(node)
        except ValueError:
            # 2026-02-30 looks like a YAML timestamp but is no date: the field's own check reports it.
            return str(node.value)
        except _CONSTRUCTOR_ERRORS as exc:
            self.report.add(self.path, line, "Y001", f"无法识别的值 {node.value!r}（{type(exc).__name__}）。", "去掉 !! 标记，或给这个值加上引号。")
            return str(node.value)
