"""Sanitise HTML before it is published: contributed fragments strictly, whole pages as a second layer.

Contributed Markdown is converted and sanitised alone (``sanitize_fragment``) before it is embedded,
so html5ever closes whatever the contributor left open at the end of the fragment and nothing in it
can swallow or restyle the page around it. The whole generated page is sanitised again
(``sanitize_page``). Neither lets through an ``id``, ``for`` or ``name`` that could clobber the
theme's elements (Material's JavaScript finds ``#__config``, ``#__search``… with querySelector and
mounts components by ``data-md-*``), nor an image that makes the visitor's browser contact another host.
"""

from __future__ import annotations

import re

import nh3

#: Removed with their content: code, styles, embedded documents, and elements that would swallow
#: (or turn into text) the rest of the page if left open.
_CONTENT_DROPPED = {
    "script", "style", "template", "textarea", "title", "xmp", "noscript", "noembed", "noframes",
    "plaintext", "iframe", "object", "svg", "math",
}

_FRAGMENT_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "mark", "small", "abbr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre",
    "kbd", "samp", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img", "figure",
    "figcaption", "span", "div",
}
_FRAGMENT_ATTRIBUTES = {
    "*": set(),  # without it ammonia allows lang and title on every tag
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},  # sane_lists writes <ol start="3"> for a list that starts at 3
    "th": {"style"},  # the tables extension writes style="text-align: center;"
    "td": {"style"},
}

#: The charts (showcase/charts.py) are inline SVG: only the elements and attributes they draw with.
_CHART_TAGS = {"svg", "title", "desc", "rect", "text", "tspan"}
_PAGE_TAGS = set(nh3.ALLOWED_TAGS) | {"label", "select", "option", "fieldset", "legend"} | _CHART_TAGS
_PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "data-series", "data-cohort", "data-county"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "span": {"style"},
    "ol": {"start"},
    "time": {"datetime"},
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    "svg": {"viewBox", "width", "height", "font-size"},
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y", "text-anchor"},
    "tspan": {"x", "y"},
}

#: WHATWG URL parsing removes ASCII tab and newline anywhere, then strips C0 controls and spaces.
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify|start|end)\s*;?\s*", re.I)
#: html5ever serialises every attribute as ` name="value"` with `"`, `<` and `>` escaped in the value,
#: so this matches exactly the <img> elements that have no src attribute.
_SOURCELESS_IMG = re.compile(r'<img(?: (?!src=)[^\s="]+="[^"]*")*>')


def is_local_url(url: str) -> bool:
    """Whether the browser would fetch ``url`` from this site only (relative or site-absolute path).

    Tested as browsers parse it: tabs and newlines anywhere are ignored, leading controls and spaces
    are stripped, and for http(s) pages a backslash counts as a slash, so ``/\\host`` and ``\\\\host``
    name another host. An empty URL names nothing to load.
    """
    url = _TAB_OR_NEWLINE.sub("", url).lstrip(_C0_OR_SPACE)
    if not url or _SCHEME.match(url):
        return False
    return not (url[0] in "/\\" and url[1:2] in ("/", "\\"))


def is_theme_safe_id(value: str) -> bool:
    """Whether an id/for/name value cannot clobber the theme: all of Material's start with ``__``.

    A single underscore stays allowed: MkDocs' default toc slugify gives Chinese headings ``_1``.
    """
    return bool(value) and not value.startswith("__") and not any(c.isspace() for c in value)


def _fragment_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "src":
        return value if is_local_url(value) else None
    if attribute == "style":
        match = _TEXT_ALIGN.fullmatch(value)
        return f"text-align: {match.group(1).lower()};" if match else None
    return value


def _page_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for", "name"):
        return value if is_theme_safe_id(value) else None
    if attribute == "src":
        return value if is_local_url(value) else None
    return value


_FRAGMENT_CLEANER = nh3.Cleaner(
    tags=_FRAGMENT_TAGS,
    clean_content_tags=_CONTENT_DROPPED | {"select", "option"},
    attributes=_FRAGMENT_ATTRIBUTES,
    attribute_filter=_fragment_attribute,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
)
_PAGE_CLEANER = nh3.Cleaner(
    tags=_PAGE_TAGS,
    clean_content_tags=_CONTENT_DROPPED - _CHART_TAGS,
    attributes=_PAGE_ATTRIBUTES,
    attribute_filter=_page_attribute,
    generic_attribute_prefixes={"aria-", "data-sc-"},
    url_schemes={"http", "https", "mailto", "webcal"},
    filter_style_properties={"width", "text-align"},
    link_rel=None,
)


def sanitize_fragment(html: str) -> str:
    """HTML made from contributed Markdown: plain structure only, no ids, classes, styles or foreign images."""
    return _SOURCELESS_IMG.sub("", _FRAGMENT_CLEANER.clean(html))


def sanitize_page(html: str) -> str:
    """A whole generated page: our templates' markup and already-sanitised fragments."""
    return _SOURCELESS_IMG.sub("", _PAGE_CLEANER.clean(html))
