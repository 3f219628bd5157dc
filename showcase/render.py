"""Render page views to Markdown with Jinja2 templates a site can override.

Every value a contributor wrote is escaped for Markdown and HTML on output (``finalize``);
only fields documented as Markdown pass through, and the plugin sanitises the final HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from showcase.dates import PartialDate
from showcase.metrics import Amount, format_amount, format_number
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


_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^(#{1,6})(?=\s)")


def _markdown(text: str | None, demote: int = 0) -> Markup:
    """Contributor Markdown, kept as Markdown; the page's HTML is sanitised after conversion.

    ``demote`` pushes the contributor's headings below the page's own (# → ###), so a body can
    never add a second page title.
    """
    if not demote or not text:
        return Markup(text or "")
    lines, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _ATX_HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + demote), line)
        lines.append(line)
    return Markup("\n".join(lines))


def _amount(amount: Amount | None, unit: str) -> str:
    return format_amount(amount, unit) if amount is not None else "—"


def _signed(value) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + format_number(value) if value else "0"


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


def _json(value: Any) -> Markup:
    return Markup(json.dumps(value, ensure_ascii=False))


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
        self.env.filters.update(rel=_rel, markdown=_markdown, amount=_amount, signed=_signed, yaml_str=_json, number=format_number, groupby_month=_groupby_month)
        self.env.globals.update(globals_ or {})

    def render(self, view: PageView) -> str:
        template = self.env.get_template(view.template)
        return template.render(page_uri=view.src_uri, title=view.title, **view.context)

    def render_string(self, template_name: str, **context: Any) -> str:
        return self.env.get_template(template_name).render(**context)
