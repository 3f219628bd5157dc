"""Sanitise the HTML of generated pages: contributed Markdown may carry any HTML.

Applied to the whole converted page rather than to each field, so nothing a template or a
contributor produces can bring a script, an event handler, a ``javascript:`` URL, a frame
or a stylesheet through: only the markup our templates use survives.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"label", "select", "option", "fieldset", "legend"}
_GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "hidden"}
_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
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
}


def sanitize_page(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"aria-", "data-"},
        url_schemes={"http", "https", "mailto", "webcal"},
        filter_style_properties={"width", "text-align"},
        link_rel=None,
    )
