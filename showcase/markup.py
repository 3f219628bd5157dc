"""Contributed Markdown: converted alone in a fixed dialect, sanitised alone, then embedded in a page.

The dialect is Python-Markdown with ``tables``, ``fenced_code`` and ``sane_lists`` only: no
``attr_list`` (``{ #__config }`` stays text) and no ``md_in_html``. The validator's checks
(``foreign_media``, ``unsafe_html``) live here too, so they see the text as the converter does.

Everything applied to contributed text runs in linear time. Python-Markdown does not: measured with
Markdown 3.11.3 on CPython 3.11, a paragraph of 4,000 ``[`` takes 1.7 s, 8,000 ``<a `` with no ``>``
4.4 s (html.parser rescans to the end for every unfinished tag), 10,000 setext headings in one block
7.8 s, and 600 nested list markers exhaust the recursion limit. ``_affordable`` estimates those costs
in one pass and a text over budget is published as plain paragraphs instead.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from html.parser import HTMLParser

import markdown

from showcase.sanitize import is_local_url, sanitize_fragment

# One converter for every profile (10,000 per build); .reset() before each text.
_MD = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
#: A heading tag in sanitised output: exact there, since fragment headings keep no attributes and
#: every ``<`` of text is escaped. Demoting after sanitising also catches headings typed as raw HTML.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")

# --- cost guard -------------------------------------------------------------------------------------
# Budgets in "steps" of each quadratic path, calibrated on this machine to ~0.5 s each at most;
# a real profile (paragraphs of a few KB, some links and lists) stays orders of magnitude below.
_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_INLINE_MARKER = re.compile(r"[`*_\[\]!<&\\]|  \n")
_BLOCK_LINE = re.compile(r"^[ \t]*[#=*_+>\-\[\d`~]", re.M)
_FENCE_LINE = re.compile(r"^[ \t]*(?:```|~~~)", re.M)
_BRACKET = re.compile(r"[\[\]()]")
#: Nested list and quote markers at a line's start: Python-Markdown recurses once per level.
_NESTING = re.compile(r"^(?:[ \t]*(?:[*+-][ \t]|\d{1,9}[.)][ \t]|>))+", re.M)
_NESTING_LIMIT = 100  # characters of markers; ~600 levels exhaust the recursion limit
#: A `<` that html.parser treats as markup: it is cheap when it starts a well-formed construct
#: (none of which can cross another `<`), costly when it starts one that never ends.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_WELL_FORMED = re.compile(
    r"""</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'=<>`]+))?)*\s*/?>"""
    r"|<!--(?:[^<-]|-(?!->))*-->"
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>"
    r"|<[^\s<>@]+@[^\s<>]+>"
)
_INLINE_BUDGET = 600_000_000  # marker × block length: Python-Markdown rebuilds the block per match
_LINE_BUDGET = 20_000_000  # block-level line × block length: setext, hr, headings re-join the block
_FENCE_BUDGET = 1_000_000_000  # fence line × text length: fenced_code rebuilds the text per block
_BRACKET_BUDGET = 2_000_000  # summed bracket spans: link parsing walks each span char by char
_TAG_BUDGET = 2_500_000  # unfinished tag × text length: html.parser rescans to the end


def _bracket_spans(block: str) -> int:
    """How far Python-Markdown's link parsing walks: each [ or ( to its match, or to the block's end."""
    spans, squares, parens = 0, [], []
    for match in _BRACKET.finditer(block):
        char, position = match.group(), match.start()
        if char == "[":
            squares.append(position)
        elif char == "(":
            parens.append(position)
        elif char == "]" and squares:
            spans += position - squares.pop()
        elif char == ")" and parens:
            spans += position - parens.pop()
    return spans + sum(len(block) - position for position in squares + parens)


def _affordable(text: str) -> bool:
    """Whether Python-Markdown converts ``text`` quickly; one linear pass over it."""
    unfinished = sum(1 for m in _TAG_START.finditer(text) if not _WELL_FORMED.match(text, m.start()))
    if unfinished * len(text) > _TAG_BUDGET or len(_FENCE_LINE.findall(text)) * len(text) > _FENCE_BUDGET:
        return False
    if any(len(m.group()) > _NESTING_LIMIT for m in _NESTING.finditer(text)):
        return False
    inline = lines = brackets = 0
    for block in _BLOCK_SEPARATOR.split(text):
        inline += len(_INLINE_MARKER.findall(block)) * len(block)
        lines += len(_BLOCK_LINE.findall(block)) * len(block)
        brackets += _bracket_spans(block)
    return inline <= _INLINE_BUDGET and lines <= _LINE_BUDGET and brackets <= _BRACKET_BUDGET


def _convert(text: str) -> str | None:
    """Python-Markdown's HTML for ``text``, unsanitised; None when too costly (or too deeply nested)."""
    if not _affordable(text):
        return None
    _MD.reset()
    try:
        return _MD.convert(text)
    except RecursionError:
        return None


def _plain(text: str) -> str:
    """The fallback for a text too costly to convert: its paragraphs as written, nothing interpreted."""
    return "".join(
        f"<p>{html.escape(block.strip(), quote=False)}</p>" for block in _BLOCK_SEPARATOR.split(text) if block.strip()
    )


def render_markdown(text: str, demote: int = 0) -> str:
    """Contributed Markdown as a sanitised HTML fragment, headings pushed down by ``demote`` levels."""
    converted = _convert(text)
    return demote_headings(sanitize_fragment(_plain(text) if converted is None else converted), demote)


def demote_headings(fragment: str, levels: int) -> str:
    """A sanitised fragment's headings pushed down ``levels`` (h1 → h3 under a page's h2), at most to h6."""
    if not levels:
        return fragment
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + levels)}>", fragment)


# --- foreign media -----------------------------------------------------------------------------------
_MEDIA_ATTRIBUTES = {
    "img": ("src",), "image": ("src", "href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "video": ("src", "poster"), "audio": ("src",), "source": ("src",),
    "track": ("src",), "embed": ("src",), "object": ("data",), "iframe": ("src",), "frame": ("src",),
}
_SRCSET_URL = re.compile(r"[\s,]*(\S*)")
_SRCSET_DESCRIPTORS = re.compile(r"(?:[^,(]|\([^)]*\)?)*,?")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))""", re.I)
#: Locating URLs in the raw text scans it at most this many times over; past that, line 0.
_SEARCH_PASSES = 100
#: The text just before a URL that a reference definition (`[r]: url`) gives.
_REFERENCE_DEFINITION = re.compile(r"(?:^|\n)[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?\Z")


def _srcset_urls(value: str) -> list[str]:
    """Every candidate URL of a srcset, split as the HTML standard does (a URL may hold commas)."""
    urls, position = [], 0
    while position < len(value):
        match = _SRCSET_URL.match(value, position)
        url, position = match.group(1), match.end()
        if not url:
            break
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            position = _SRCSET_DESCRIPTORS.match(value, position).end()
        urls.append(url)
    return urls


class _MediaCollector(HTMLParser):
    """Collects, in document order, every URL an element would load as an image or media."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        wanted = _MEDIA_ATTRIBUTES.get(tag, ())
        if tag == "input" and values.get("type", "").strip().lower() == "image":
            wanted = ("src",)
        for name, value in attrs:
            value = value or ""
            if name in wanted or name == "background":
                self.urls.append(value)
            elif name == "srcset":
                self.urls.extend(_srcset_urls(value))
            elif name == "style":
                self.urls.extend(next(group for group in m.groups() if group is not None) for m in _CSS_URL.finditer(value))


def foreign_media(text: str) -> list[tuple[int, str]]:
    """Every image or media the contributed Markdown would load from another host: (0-based line, URL)."""
    if "![" not in text and "<" not in text and "]:" not in text:
        return []
    converted = _convert(text)
    if converted is None:  # published as plain text: nothing is loaded
        return []
    collector = _MediaCollector()
    collector.feed(converted)
    collector.close()
    newlines = [m.start() for m in re.finditer("\n", text)]
    found, position, budget, definitions = [], 0, _SEARCH_PASSES * len(text), {}
    for url in collector.urls:
        if not url.strip() or is_local_url(url):
            continue
        hit = definitions.get(url, -1)
        if hit < 0 and budget > 0:
            hit = text.find(url, position)
            budget -= (hit if hit >= 0 else len(text)) - position
            if hit < 0:  # out of reading order, or written differently (entities)
                hit = text.find(url)
                budget -= hit if hit >= 0 else len(text)
        if hit < 0:
            found.append((0, url))
            continue
        if _REFERENCE_DEFINITION.search(text, max(0, hit - 300), hit):  # not in reading order
            definitions[url] = hit
        else:
            position = hit
        found.append((bisect_left(newlines, hit), url))
    return found


# --- unsafe HTML -------------------------------------------------------------------------------------
_SCRIPT, _FRAME, _STYLE, _EVENT, _URL, _FORM, _ID = (
    "<script> 脚本", "内嵌框架或插件标签", "样式（style）", "事件属性（如 onerror、onclick）",
    "javascript:/data: 链接", "表单或页面控制标签", "id 或 name 属性",
)
_RANK = {label: rank for rank, label in enumerate((_SCRIPT, _FRAME, _STYLE, _EVENT, _URL, _FORM, _ID))}
_TEXT_CHECKS = (
    (re.compile(r"<\s*script\b", re.I), _SCRIPT),
    (re.compile(r"<\s*(?:iframe|frame|object|embed|applet)\b", re.I), _FRAME),
    (re.compile(r"<\s*style\b", re.I), _STYLE),
    (re.compile(r"(?<![a-z])(?:javascript|vbscript|data)\s*:", re.I), _URL),
    (re.compile(r"<\s*(?:form|input|button|meta|link|base)\b", re.I), _FORM),
)
#: Attribute checks run inside `<name …` up to the next `<` or `>`: regions do not overlap, so the
#: whole scan stays linear (the old `<[^>]*\son[a-z]+=` rescanned a line of `<` once per `<`).
_TAG_REGION = re.compile(r"<[A-Za-z][^<>]*")
_TAG_CHECKS = (
    (re.compile(r"""[\s/"']style\s*=""", re.I), _STYLE),
    (re.compile(r"""[\s/"']on[a-z]+\s*=""", re.I), _EVENT),
    (re.compile(r"""[\s/"'](?:id|name)\s*=""", re.I), _ID),
)
#: Elements whose content is text up to their end tag: left open, they swallow the rest of the page.
_SWALLOWING = re.compile(r"<(/?)(template|textarea|title|xmp|noscript|plaintext)(?![\w-])", re.I)


def _unclosed(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each swallowing element never closed; <plaintext> never closes."""
    open_tags: dict[str, list[int]] = {}
    for match in _SWALLOWING.finditer(text):
        name = match.group(2).lower()
        stack = open_tags.setdefault(name, [])
        if not match.group(1):
            stack.append(match.start())
        elif name == "template":  # templates nest; the others end at their first end tag
            stack[-1:] = []
        elif name != "plaintext":
            stack.clear()
    return [(offset, name) for name, offsets in open_tags.items() for offset in offsets]


def unsafe_html(text: str) -> list[tuple[int, str]]:
    """Raw HTML the site will remove, for the validator's warning: (0-based line, labels joined with 、)."""
    if "<" not in text and ":" not in text:
        return []
    newlines = [m.start() for m in re.finditer("\n", text)]
    found: dict[int, set[str]] = {}

    def note(offset: int, label: str) -> None:
        found.setdefault(bisect_left(newlines, offset), set()).add(label)

    for pattern, label in _TEXT_CHECKS:
        for match in pattern.finditer(text):
            note(match.start(), label)
    for region in _TAG_REGION.finditer(text):
        for pattern, label in _TAG_CHECKS:
            match = pattern.search(text, region.start(), region.end())
            if match:
                note(match.start(), label)
    for offset, name in _unclosed(text):
        note(offset, f"未闭合的 <{name}> 标签")
    return [
        (line, "、".join(sorted(labels, key=lambda label: (_RANK.get(label, len(_RANK)), label))))
        for line, labels in sorted(found.items())
    ]
