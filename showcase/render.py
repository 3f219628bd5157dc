"""Render page views to HTML with Jinja2 templates a site can override.

Pages are HTML, not Markdown: MkDocs converts no generated page, and every value a contributor
wrote is HTML-escaped on output (autoescape). Only fields documented as Markdown are converted,
each alone (``markup``); the plugin sanitises the final HTML again.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context
from markdown.extensions.toc import nest_toc_tokens, unique
from markupsafe import Markup

from showcase import charts
from showcase.dates import PartialDate
from showcase.markup import demote_headings, render_markdown
from showcase.metrics import Amount, format_amount, format_in, format_number
from showcase.views import PageView, link


def _finalize(value: Any) -> Any:
    """What a template prints for a value: a partial date as written (2013年3月), nothing for None."""
    if value is None:
        return ""
    return value.label() if isinstance(value, PartialDate) else value


@pass_context
def _rel(context, target: str) -> str:
    """The address of a page or file as written in the page being rendered."""
    return link(context["page_uri"], target, context["use_directory_urls"])


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
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        self._fragments: dict[str, str] = {}
        self.env.filters.update(rel=_rel, markdown=self._contributed, amount=_amount, amount_in=format_in, page_meta=_page_meta, svg=_svg, cn_date=_cn_date, number=format_number, groupby_month=_groupby_month)
        self.env.globals.update({"use_directory_urls": True, **(globals_ or {})})

    def _contributed(self, text: str | None, demote: int = 0) -> Markup:
        """Contributed Markdown, converted and sanitised on its own, then embedded as one HTML block.

        Converted alone, a fragment cannot reach the page around it: an element it leaves open is
        closed at its own end, and an id it might want is not kept. Each text is converted once per
        build, though a body shows on the cadre's page and in the cohort's 汇编.
        """
        if not text or not text.strip():
            return Markup("")
        fragment = self._fragments.get(text)
        if fragment is None:
            fragment = self._fragments[text] = render_markdown(text)
        return Markup(f'<div class="sc-prose">\n{demote_headings(fragment, demote)}\n</div>')

    @classmethod
    def for_site(cls, overrides: Path | None, urls: Any, as_of: Any, use_directory_urls: bool = True) -> Renderer:
        """The renderer of a site's pages: the same globals for the plugin and the benchmarks. Templates
        get the URL rules, the data date and how pages are addressed; everything else comes ready in
        each page's context."""
        return cls(overrides, {"urls": urls, "as_of": as_of, "use_directory_urls": use_directory_urls})

    def render(self, view: PageView) -> str:
        template = self.env.get_template(view.template)
        return template.render(page_uri=view.src_uri, title=view.title, **view.context)

    def render_string(self, template_name: str, **context: Any) -> str:
        return self.env.get_template(template_name).render(**context)


#: A heading a template marks for the table of contents (``<h2 data-sc-toc>``).
_MARKED_HEADING = re.compile(r"<h([1-6]) data-sc-toc>(.*?)</h\1>", re.S)
#: A heading with an id, as above once anchored or as Markdown's toc extension writes it. Contributed
#: headings never match: the sanitiser keeps no attribute on them.
_ANCHORED_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(r'\sid="([^"]*)"')


def anchor_headings(page: str, slugify: Callable[[str, str], str], permalink: str = "", permalink_title: str = "") -> tuple[str, list[dict[str, Any]]]:
    """Give each heading a template marked an id (and a permalink) the way Python-Markdown's toc
    extension does for a Markdown page, and return the page with its table of contents as toc tokens:
    those headings and any the page's Markdown already anchored, in page order."""
    taken = set(_ID.findall(page))
    title = html.escape(permalink_title)

    def anchor(match: re.Match[str]) -> str:
        level, inner = match.groups()
        slug = html.escape(unique(slugify(html.unescape(_TAG.sub("", inner)).strip(), "-"), taken))
        mark = f'<a class="headerlink" href="#{slug}" title="{title}">{permalink}</a>' if permalink else ""
        return f'<h{level} id="{slug}">{inner}{mark}</h{level}>'

    page = _MARKED_HEADING.sub(anchor, page)
    tokens = [
        {"level": int(level), "id": html.unescape(slug), "name": _TAG.sub("", _PERMALINK.sub("", inner)).strip()}
        for level, slug, inner in _ANCHORED_HEADING.findall(page)
    ]
    return page, nest_toc_tokens(tokens)
