"""Render page views to Markdown with Jinja2 templates a site can override.

Every value a contributor wrote is escaped for Markdown and HTML on output (``finalize``);
only fields documented as Markdown pass through, and the plugin sanitises the final HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from showcase import charts
from showcase.dates import PartialDate
from showcase.markup import render_markdown
from showcase.metrics import Amount, format_amount, format_in, format_number
from showcase.views import PageView, relative

#: One pass escapes HTML (&<>"') and backslash-escapes what Markdown would act on.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"} | {c: "\\" + c for c in "\\`*_[]{}|#~"}
)


def md_escape(value: Any) -> Markup:
    """Plain text safe inside Markdown and HTML: no markup, no links, no table breaks.

    Template output (macros, filters returning Markup) passes through unchanged.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = value.label() if isinstance(value, PartialDate) else str(value)
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        text = " ".join(text.split())
    return Markup(text.translate(_ESCAPES))


@pass_context
def _rel(context, target: str) -> Markup:
    return Markup(relative(context["page_uri"], target))


def _contributed(text: str | None, demote: int = 0) -> Markup:
    """Contributed Markdown, converted and sanitised on its own, then embedded as one HTML block.

    Converted alone, a fragment cannot reach the page around it: an element it leaves open is
    closed at its own end, an attr-list cannot give it an id, and the page's Markdown never sees it.
    """
    if not text or not text.strip():
        return Markup("")
    return Markup(f'<div class="sc-prose">\n{render_markdown(text, demote)}\n</div>')


def _amount(amount: Amount | None, unit: str) -> str:
    return format_amount(amount, unit) if amount is not None else "—"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _groupby_month(lectures: list) -> list[tuple[str, list]]:
    """Consecutive lectures of one month (or one year, or 日期待定) share a heading."""
    groups: list[tuple[str, list]] = []
    for lecture in lectures:
        date = lecture.date
        label = "日期待定" if date is None else (f"{date.year}年{date.month}月" if date.month else f"{date.year}年")
        if groups and groups[-1][0] == label:
            groups[-1][1].append(lecture)
        else:
            groups.append((label, [lecture]))
    return groups


def _svg(chart: Any) -> Markup:
    """A chart drawn as inline SVG; charts.svg escapes every text it draws."""
    return Markup(charts.svg(chart))


def _in_html(value: Any) -> Markup:
    """Plain text inside raw HTML that Markdown leaves alone: HTML escaping only, no backslashes."""
    return Markup(html.escape(" ".join(str(value).split())))


def _page_meta(value: Any) -> Markup:
    """A front-matter string for MkDocs: HTML-escaped, because MkDocs and Material print page titles
    and descriptions into ``<title>``, ``<meta>`` and the header without escaping them; then
    JSON-quoted, which YAML reads as one double-quoted scalar."""
    return Markup(json.dumps(html.escape(str(value)), ensure_ascii=False))


class Renderer:
    def __init__(self, overrides: Path | None = None, globals_: dict[str, Any] | None = None) -> None:
        loaders = [FileSystemLoader(str(overrides))] if overrides else []
        loaders.append(PackageLoader("showcase", "templates"))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=True,
            finalize=md_escape,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.filters.update(rel=_rel, markdown=_contributed, amount=_amount, amount_in=format_in, page_meta=_page_meta, in_html=_in_html, svg=_svg, cn_date=_cn_date, number=format_number, groupby_month=_groupby_month)
        self.env.globals.update(globals_ or {})

    @classmethod
    def for_site(cls, overrides: Path | None, urls: Any, as_of: Any) -> Renderer:
        """The renderer of a site's pages: the same globals for the plugin and the benchmarks. Templates
        get the URL rules and the data date; everything else comes ready in each page's context."""
        return cls(overrides, {"urls": urls, "as_of": as_of})

    def render(self, view: PageView) -> str:
        template = self.env.get_template(view.template)
        return template.render(page_uri=view.src_uri, title=view.title, **view.context)

    def render_string(self, template_name: str, **context: Any) -> str:
        return self.env.get_template(template_name).render(**context)
