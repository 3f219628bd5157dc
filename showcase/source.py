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

_KEY = r"[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{1,8}"
_FULL_WIDTH_KEY = re.compile(rf"^(\s*(?:-\s+)?)({_KEY})\s*：")
_TAB_INDENT = re.compile(r"^ *(?:- *)?\t")
_BLOCK_SCALAR_KEY = re.compile(r"^(\s*)(?:-\s+)?[^\s#][^:#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")
#: Indentation and list dashes, with the key and colon after them: where a full-width space is no space to YAML.
_LEAD = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)*")
_SPACED_KEY = re.compile(rf"({_KEY})(\u3000[ \u3000]*)?:(\u3000[ \u3000]*)?")
#: A key line: indentation, list dash, key, colon and what follows.
_KEY_LINE = re.compile(rf"^( *)(- +)?({_KEY}):(.*)$")
#: Field and metric names are lower-case ASCII; a Chinese key (学历:博士) is a slip only outside a list item.
_SNAKE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TRAILING_COMMENT = re.compile(r"(?:^|\s)#.*$")
_NODE_PROPERTIES = re.compile(r"^(?:[!&]\S*\s*)+")
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
    style: str | None = None
    """How it was written: a scalar's quote or block indicator, ``[`` or ``{`` for a flow collection; None when plain."""

    def plain(self) -> Any:
        """The value without locations: for messages and for hashing."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def as_written(node: Node) -> object:
    """A number as its digits stand in the file: ``010`` is not 8, ``2012.10`` is not ``2012.1``."""
    return node.written if type(node.value) in (int, float) else node.value


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
    text = _Typography(path, first_line, report).repair(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is found at the end, a key's missing colon on a later line:
        # where it opened is what needs fixing.
        opened = exc.context and any(where in exc.context for where in ("quoted scalar", "flow", "simple key"))
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        _syntax_error(report, path, first_line + (mark.line if mark else 0), f"{exc.context or ''} {exc.problem or ''}")
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        at = getattr(exc, "position", 0)  # a ReaderError (a control character) knows where, not on which line
        _syntax_error(report, path, first_line + text.count("\n", 0, at), f"{type(exc).__name__}: {exc}")
        return None
    if root is None:
        return Node(None, first_line, first_line)
    try:
        return _Converter(path, first_line, report).convert(root, first_line + root.start_mark.line, 0)
    finally:
        # The shared constructor caches every node it built; keep memory flat across files and reloads.
        _constructor.constructed_objects.clear()
        _constructor.recursive_objects.clear()


_MISALIGNED = (
    "这一行的缩进与同一层的字段不一致，或者上一个值的引号提前结束了。",
    "同一层的字段左端要对齐；值里有引号时，改用另一种英文引号把整个值括起来，或者去掉引号。",
)
#: PyYAML's words (libyaml's and the pure-Python parser's) → (clue, what went wrong, how to fix it).
_YAML_PROBLEMS = (
    ("escape character", "双引号里的反斜杠“\\”被当成了转义符。", "改用单引号把值括起来，或者把 \\ 写成 \\\\。"),
    ("quoted scalar", "引号没有配对：从这一行开始的引号一直没有结束。", "在值的末尾补上同样的英文引号，或者去掉引号。"),
    ("flow sequence", "方括号列表没有写完整：缺少“]”，或各项之间没有用英文逗号分隔。", "列表写成 [科技, 工业]：英文方括号、英文逗号加空格，不要用中文的【】和，；也可以每项单独一行，以“- ”开头。"),
    ("flow mapping", "花括号“{ }”没有配对。", "值以 { 开头时，请给整个值加英文引号。"),
    ("mapping values are not allowed", "这一行有多余的“冒号+空格”，被当成了又一个字段。", "值里有英文冒号时，请给整个值加引号，例如 title: \"主题：副题\"；如果这是新的字段，让它与上面的字段左端对齐。"),
    ("could not find expected ':'", "这一行不是“字段: 值”的格式：缺少英文冒号，或者冒号后面没有空格。", "写成“字段: 值”（英文冒号，后面空一格）；如果这是上一行值的续写，请接到上一行末尾。"),
    ("tab character", "这里用了制表符（Tab），YAML 只允许空格。", "把 Tab 换成空格。"),
    ("cannot start any token", "值以 @、` 或 % 等特殊字符开头，YAML 无法读取。", "给整个值加英文引号，例如 expertise: \"@城市规划\"。"),
    ("alias", "值以 * 开头，YAML 把它当成了别名。", "给整个值加英文引号。"),
    ("anchor", "值以 & 开头，YAML 把它当成了锚点。", "给整个值加英文引号。"),
    ("another document", "中间有一行 ---，YAML 把它当成了另一个文档的开始。", "删掉多余的 --- 行。"),
    ("document start", "“...”或“---”之后还有内容，YAML 把它当成了另一个文档。", "删掉多余的 ... 或 --- 行。"),
    ("'-' indicator", "列表项的缩进没有对齐。", "同一列表的每一项以同样缩进的“- ”开头，项里的其他字段与“- ”后面的第一个字段左端对齐；取消模板中的注释时，要把“#”和它后面的空格一起删掉。"),
    ("expected key", *_MISALIGNED),
    ("<block end>", *_MISALIGNED),
    ("node content", "这里缺少值，或者值以 ]、}、, 等符号开头。", "给整个值加英文引号。"),
    ("block scalar", "“|”或“>”后面不能直接写文字。", "在 | 后面换行，下一行多缩进两个空格再写文字。"),
    ("characters are not allowed", "文件里有不可见的控制字符。", "删除它：从网页或 Word 复制文字时常会带入这类字符，可以先粘贴到记事本再复制。"),
    ("RecursionError", "括号嵌套层数太多，无法读取。", "检查方括号和花括号是否配对；个人资料的字段最多嵌套几层。"),
)


def _syntax_error(report: Report, path: str, line: int, problem: str) -> None:
    """Y001 in Chinese; PyYAML's own words are shown only for a problem no explanation is known for."""
    for clue, explanation, hint in _YAML_PROBLEMS:
        if clue in problem:
            report.add(path, line, "Y001", f"YAML 语法错误：{explanation}", hint)
            return
    report.add(path, line, "Y001", f"YAML 语法错误：这一行不符合 YAML 格式（解析器的提示：{problem.strip()}）。", "检查缩进是否对齐、引号和括号是否配对。")


@dataclass
class _KeyLine:
    """The last line that starts with a key: a line indented deeper belongs to its value."""

    key: str
    line: int
    column: int
    value: str
    """"" when the value is on the lines below, "text" when written on the line, "open" for an unclosed quote or bracket."""


class _Typography:
    """The slips of a beginner's editor, found line by line, each reported; the text is returned as if fixed.

    Full-width colons and spaces and tabs come from a Chinese input method, ``key:value`` from
    habit, and a key indented under a value from uncommenting a template line by deleting only
    its ``#``. Parsing the repaired text reports everything else in the same run.
    """

    def __init__(self, path: str, first_line: int, report: Report) -> None:
        self.path, self.first_line, self.report = path, first_line, report

    def repair(self, text: str) -> str:
        lines = text.split("\n")
        block_indent = -1  # inside a `key: |` block scalar: text, not keys
        owner: _KeyLine | None = None
        for index, line in enumerate(lines):
            indent = len(line) - len(line.lstrip(" "))
            if block_indent >= 0 and (not line.strip() or indent > block_indent):
                continue
            number = self.first_line + index
            line = self._full_width_colon(self._full_width_spaces(self._tabs(line, number), number), number)
            key = _KEY_LINE.match(line)
            if key:
                line, owner = self._key_line(key, owner, number)
            block = _BLOCK_SCALAR_KEY.match(line)
            block_indent = len(block.group(1)) if block else -1
            lines[index] = line
        return "\n".join(lines)

    def _tabs(self, line: str, number: int) -> str:
        if not _TAB_INDENT.match(line):
            return line
        self.report.add(self.path, number, "Y003", "行首用了制表符（Tab）缩进，YAML 只允许空格。", "把 Tab 换成两个空格。")
        return re.sub(r"^[ \t]*(?:-[ \t]*)?", lambda m: m.group(0).replace("\t", "  "), line)

    def _full_width_spaces(self, line: str, number: int) -> str:
        """U+3000 in the indentation or around a key's colon: a space to the eye, a letter to YAML."""
        lead = _LEAD.match(line).group()
        key = _SPACED_KEY.match(line, len(lead))
        places = ["行首"] if "\u3000" in lead else []
        if key and key.group(2):
            places.append("冒号前面")
        if key and key.group(3):
            places.append("冒号后面")
        if not places:
            return line
        self.report.add(
            self.path, number, "Y006", f"这一行的{'和'.join(places)}用了全角空格“　”（中文输入法下的空格），YAML 不把它当作空格。",
            "换成半角空格：切换到英文输入法（或按 Shift+空格 切换到半角）后再输入空格。",
        )
        rest = key.group(1) + ":" + (" " if key.group(3) else "") + line[key.end() :] if key else line[len(lead) :]
        return lead.replace("\u3000", "  ") + rest  # as wide as it looks

    def _full_width_colon(self, line: str, number: int) -> str:
        match = _FULL_WIDTH_KEY.match(line)
        if not match or ": " in line[: match.start(2)]:
            return line
        self.report.add(self.path, number, "Y002", f"字段 {match.group(2)} 后面用了全角冒号“：”。", f"改为半角冒号加空格：“{match.group(2)}: ”。")
        return match.group(1) + match.group(2) + ": " + line[match.end() :]

    def _key_line(self, match: re.Match[str], owner: _KeyLine | None, number: int) -> tuple[str, _KeyLine | None]:
        indent, dash, key, rest = match.groups()
        column = len(indent) + len(dash or "")
        deeper = owner is not None and column > owner.column
        if deeper and owner.value == "open":
            return match.group(), owner  # inside a quoted or bracketed value that goes on
        if rest and rest[0] != " ":
            continuation = deeper and owner.value == "text"  # a plain value going on: `key:value` is text there
            if continuation or rest.startswith(("//", ":")) or not (dash is None or _SNAKE_KEY.match(key)):
                return match.group(), owner
            value = _TRAILING_COMMENT.sub("", rest).strip()
            value = value if len(value) <= 20 else value[:20] + "…"
            self.report.add(
                self.path, number, "Y007", f"字段 {key} 的冒号后面没有空格，“{key}:{value}”会被当成一整段文字。",
                f"在英文冒号后面加一个空格：“{key}: {value}”。",
            )
            rest = " " + rest
        elif deeper and owner.value == "text" and dash is None and _SNAKE_KEY.match(key):
            self.report.add(
                self.path, number, "Y008",
                f"字段 {key} 比第 {owner.line} 行的 {owner.key} 多缩进了 {column - owner.column} 个空格，会被当成 {owner.key} 的值的一部分。",
                f"删掉 {key} 前面多余的空格，让它与 {owner.key} 左端对齐。取消模板中的注释时，要把“#”和它后面的空格一起删掉。",
            )
            indent, column = " " * owner.column, owner.column
        return indent + (dash or "") + key + ":" + rest, _KeyLine(key, number, column, _value_kind(rest))


def _value_kind(rest: str) -> str:
    """What follows a key's colon, as :attr:`_KeyLine.value` names it."""
    value = _NODE_PROPERTIES.sub("", _TRAILING_COMMENT.sub("", rest).strip())
    if not value or value[0] in "|>":
        return ""
    if value[0] in "[{":
        unclosed = value.count("[") + value.count("{") > value.count("]") + value.count("}")
    elif value[0] == '"':
        unclosed = re.sub(r"\\.", "", value).count('"') % 2 == 1
    elif value[0] == "'":
        unclosed = value.count("'") % 2 == 1
    else:
        unclosed = False
    return "open" if unclosed else "text"


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
            return Node(self._mapping(node, depth), line, key_line, style="{" if node.flow_style else None)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(item, self.first_line + item.start_mark.line, depth + 1) for item in node.value]
            return Node(items, line, key_line, style="[" if node.flow_style else None)
        if node.style in ("|", ">"):  # a block scalar's text starts on the line after its indicator
            line += 1
        return Node(self._scalar(node, line), line, key_line, node.value, node.style or None)  # libyaml: '' when plain

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
