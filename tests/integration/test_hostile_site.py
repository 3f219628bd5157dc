"""A real build with attack payloads in every contributed field: every output is scanned.

The example site gets one more cohort whose cohort.yml, profile and lectures.yml carry payloads in
every field (titles break out of ``<title>``, attributes break out of quotes, template syntax,
formula cells, theme-element ids, swallowing elements). Then every file of the built site is read
as what it is — HTML, JSON, CSV, iCalendar, XML — and checked for a live tag, an event handler, a
script URL, a request to another host, a clobbered theme element or a formula cell. Each payload
carries the marker ``PWN`` so that a payload surviving anywhere as code is found by name.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar

from .conftest import copy_repo_site, run_build

BREAKOUTS = [
    "</title><script>PWN(1)</script>",
    '"><img src=x onerror=PWN(2)>',
    "' onmouseover='PWN(3)' x='",
    "<svg/onload=PWN(4)>",
    "javascript:PWN(5)",
    "{{ PWN(6) }}{% raw %}",
    "[链接](javascript:PWN(7))",
    "<!-- PWN(8)",
    "]]></script><script>PWN(9)</script>",
    "&lt;script&gt;PWN(10)&lt;/script&gt;",
    "=HYPERLINK(\"https://evil.example/PWN\")",
    "+PWN(12)",
    "-PWN(13)",
    "@PWN(14)",
    "\tPWN(15)",
    "<style>*{display:none}</style>PWN(16)",
    "*__config* { #__config } PWN(17)",
    "</textarea><textarea>PWN(18)",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/PWN\">",
    "<base href=https://evil.example/PWN>",
    "<link rel=stylesheet href=//evil.example/PWN.css>",
]


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML here: no control characters are used)."""
    return json.dumps(value, ensure_ascii=False)


def hostile_files() -> dict[str, str]:
    b = BREAKOUTS
    summary = f"简介 {b[6]} {b[16]}\n\n" '<p id="__config">{"base": "https://evil.example/PWN"}</p>\n\n<template><p>PWN(20)'
    cohort = "\n".join(
        [
            f"name: {q('批次' + b[0])}",
            f"program: {q(b[1])}",
            f"organizer: {q(b[2])}",
            f"region: {q(b[0] + b[3])}",
            "start: 2020-01",
            "end: 2030-12",
            f"summary: {q(summary)}",
        ]
    )
    profile = "\n".join(
        [
            "---",
            f"name: {q('张' + b[0])}",
            "county: 苍溪县",
            f"post: {q(b[1] + '副县长')}",
            f"origin: {q(b[2])}",
            f"education: {q(b[3])}",
            f"expertise: {q(b[4])}",
            f"portfolio: [{q(b[5])}, {q(b[7])}]",
            f"tags: [{q(b[8])}, {q(b[9])}]",
            "achievements:",
            f"  - title: {q(b[10])}",
            f"    category: {q(b[11])}",
            f"    summary: {q(b[12] + b[17])}",
            "    date: 2021-03",
            "    metrics: {funds_secured: 约1200万元}",
            f"  - title: {q(b[13])}",
            f"    category: {q(b[14])}",
            f"    summary: {q(b[15])}",
            "---",
            "正文开头。",
            "",
            '<p id="__config">{"base": "https://evil.example/PWN", "search": "https://evil.example/PWN.js"}</p>',
            "",
            "段落 { #__search }",
            "",
            "{ #__drawer .md-banner data-md-component=header }",
            "",
            '<a name="__config" href="#">PWN(30)</a> <img name="__md_scope" src="a.png"> <form id="__consent"></form>',
            "",
            "<div data-md-component=\"search\" id=\"_x\">PWN(31)",
            "",
            "<textarea>",
            "正文结尾。",
        ]
    )
    lectures = "\n".join(
        [
            "- date: 2021-05-10",
            "  time: '09:00'",
            f"  title: {q(b[0] + b[18])}",
            f"  speaker: {q(b[1])}",
            f"  venue: {q(b[19])}",
            f"  audience: {q(b[20])}",
            f"  series: {q(b[2])}",
            "  status: held",
            "- date: 2021-06-10",
            f"  title: {q(b[10])}",
            "  speaker: zhang-pwn",
            f"  venue: {q(b[3])}",
            "  status: held",
        ]
    )
    return {
        "cohorts/hostile/cohort.yml": cohort + "\n",
        "cohorts/hostile/zhang-pwn.md": profile + "\n",
        "cohorts/hostile/lectures.yml": lectures + "\n",
    }


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = copy_repo_site(tmp_path_factory.mktemp("hostile"))
    for relative, text in hostile_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build = run_build(root, strict=False)  # raw HTML in the bodies is rightly a warning (S601)
    assert build.returncode == 0, build.output
    return build


# -- what counts as live ----------------------------------------------------------------------

URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "background", "srcset", "xlink:href", "ping", "manifest", "content"}
#: Elements whose URL attributes the browser fetches (a plain <a href> is a link, not a request).
FETCHING = {"img", "script", "link", "iframe", "frame", "embed", "object", "video", "audio", "source", "track", "input", "image", "use", "base", "meta"}
NEVER = {"iframe", "frame", "object", "embed", "applet", "base", "form", "textarea", "xmp", "template", "plaintext", "noembed"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


def is_local(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", url).replace("\\", "/")
    return not cleaned.startswith("//") and not re.match(r"^[a-z][a-z0-9+.-]*:", cleaned, re.I)


class Scanner(HTMLParser):
    """Every element, attribute and script or style text of one HTML document or fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.code: list[str] = []  # text inside <script> and <style>
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("script", "style", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] in ("script", "style"):
            self.code.append(data)
        elif self._in and self._in[-1] == "title":
            self.title += data


def live_problems(document: str) -> list[str]:
    scanner = Scanner()
    scanner.feed(document)
    scanner.close()
    problems = []
    for tag, attrs in scanner.elements:
        if tag in NEVER and (tag, "class", attrs.get("class", "")) not in THEME_ELEMENTS:  # the theme's own forms are fine
            problems.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…> event handler")
            if "PWN" in name or "PWN" in tag:
                problems.append(f"<{tag}> with a payload attribute name {name!r}")
            if name in URL_ATTRIBUTES and SCRIPT_URL.match(value):
                problems.append(f"<{tag} {name}={value!r}> script URL")
            if name in URL_ATTRIBUTES and tag in FETCHING and name != "content":
                for url in re.split(r",\s*", value) if name == "srcset" else [value]:
                    if url and not is_local(url.split()[0] if name == "srcset" else url):
                        problems.append(f"<{tag} {name}={value!r}> fetches from another host")
            if tag == "meta" and name == "http-equiv":
                problems.append("<meta http-equiv>")
            if name in ("id", "name", "for") and value.startswith("__") and (tag, name, value) not in THEME_ELEMENTS:
                problems.append(f"<{tag} {name}={value!r}> clobbers a theme element")
            if name.startswith("data-md-") and "PWN" in " ".join(attrs.values()):
                problems.append(f"<{tag} {name}> theme component attribute from a payload")
    problems += [f"payload inside <script>/<style>: {code[:80]!r}" for code in scanner.code if "PWN" in code]
    return problems


#: (tag, attribute, value) of the theme's own underscore ids and forms, collected from a site without payloads.
THEME_ELEMENTS: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module", autouse=True)
def theme_elements(example_build):
    """The theme's own underscore ids and forms, from every page of the example site built without payloads."""
    for path in example_build.site.rglob("*.html"):
        clean = Scanner()
        clean.feed(path.read_text(encoding="utf-8"))
        THEME_ELEMENTS.update((tag, name, value) for tag, attrs in clean.elements for name, value in attrs.items() if name in ("id", "name", "for") and value.startswith("__"))
        THEME_ELEMENTS.update((tag, "class", attrs.get("class", "")) for tag, attrs in clean.elements if tag in NEVER)
    assert ("script", "id", "__config") in THEME_ELEMENTS


# -- the scans ---------------------------------------------------------------------------------


def site_files(build, suffix: str) -> list[Path]:
    return sorted(p for p in build.site.rglob(f"*{suffix}") if "assets" not in p.relative_to(build.site).parts)


def test_the_payloads_reached_the_pages(hostile_build):
    page = hostile_build.page("cadres/zhang-pwn")
    assert "PWN(1)" in page and "PWN(2)" in page  # as text, so the scans below see them
    for url in ("", "cohorts/hostile", "counties/cang-xi-xian", "lectures", "achievements", "cohorts"):
        assert "PWN" in hostile_build.page(url), url


def test_a_chart_draws_a_hostile_cohort_name_as_text(hostile_build):
    """苍溪县 is served by the example's cohort and the hostile one: its chart labels a bar with the hostile name."""
    page = hostile_build.page("counties/cang-xi-xian")
    svg = re.search(r'<svg class="sc-chart__svg".*?</svg>', page, re.S)
    assert svg, "the county page should draw its cohorts' chart"
    chart = ET.fromstring(svg.group(0))
    text = "".join(chart.itertext())
    assert "批次</title><script>PWN(1)</script>" in text  # the name, read back as text: no element came of it
    assert not [e.tag for e in chart.iter() if e.tag in ("script", "foreignObject", "a", "image")]


def test_no_html_page_has_a_live_payload(hostile_build):
    pages = site_files(hostile_build, ".html")
    assert len(pages) > 30
    found = {str(p.relative_to(hostile_build.site)): live_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {page: problems for page, problems in found.items() if problems} == {}


def test_theme_config_is_the_themes_own_on_every_page(hostile_build):
    for path in site_files(hostile_build, ".html"):
        scanner = Scanner()
        scanner.feed(path.read_text(encoding="utf-8"))
        configs = [(tag, attrs) for tag, attrs in scanner.elements if attrs.get("id") == "__config"]
        assert [tag for tag, _ in configs] == ["script"], path
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', hostile_build.page("cadres/zhang-pwn"), re.S)
    assert "evil" not in config.group(1)


def test_titles_and_descriptions_are_the_written_text(hostile_build):
    scanner = Scanner()
    scanner.feed(hostile_build.page("cadres/zhang-pwn"))
    assert scanner.title.strip() == f"张{BREAKOUTS[0]} · 苍溪县 - 挂职干部风采"
    metas = {attrs.get("name") or attrs.get("property"): attrs.get("content") for tag, attrs in scanner.elements if tag == "meta"}
    assert metas["description"].startswith(f"张{BREAKOUTS[0]}，批次{BREAKOUTS[0]}，挂任{BREAKOUTS[1]}副县长")
    assert metas["og:title"] == f"张{BREAKOUTS[0]} · 苍溪县 · 挂职干部风采"
    cohort = Scanner()
    cohort.feed(hostile_build.page("cohorts/hostile"))
    assert cohort.title.strip() == f"批次{BREAKOUTS[0]} - 挂职干部风采"


def test_template_syntax_in_values_is_not_evaluated(hostile_build):
    assert "{{ PWN(6) }}{% raw %}" in html.unescape(hostile_build.page("cadres/zhang-pwn"))


def test_search_index_holds_the_values_as_text(hostile_build):
    """Pagefind's result data keeps each value as the text written (the search box shows it as text)."""
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):]) for p in (hostile_build.site / "pagefind").rglob("*.pf_fragment")]
    cadre = next(f for f in fragments if f["url"] == "/cadres/zhang-pwn/")
    assert cadre["meta"]["title"] == "张" + BREAKOUTS[0]
    assert "PWN(2)" in cadre["content"].replace("\u200b", "")  # Pagefind marks word boundaries with U+200B
    assert any(value.startswith("批次") and "PWN(1)" in value for f in fragments for value in f["filters"].get("cohort", []))


def test_data_json_holds_the_values_as_data(hostile_build):
    data = json.loads((hostile_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    cadre = next(c for c in data["cadres"] if c["id"] == "zhang-pwn")
    assert cadre["name"] == "张" + BREAKOUTS[0]
    assert cadre["origin"] == BREAKOUTS[2]


DANGEROUS_CELL_START = ("=", "+", "-", "@", "\t", "\r")


def test_no_csv_cell_can_become_a_formula(hostile_build):
    checked = 0
    for path in site_files(hostile_build, ".csv"):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(DANGEROUS_CELL_START), (path.name, cell)
                checked += "PWN" in cell
    assert checked, "the payloads never reached a CSV file"


def test_calendar_feeds_keep_payloads_as_text(hostile_build):
    feeds = site_files(hostile_build, ".ics")
    assert feeds
    for path in feeds:
        calendar = Calendar.from_ical(path.read_bytes())
        events = calendar.walk("VEVENT")
        assert all(str(e.get("uid")).count("@") == 1 for e in events)
    hostile = Calendar.from_ical((hostile_build.site / "data" / "lectures" / "cohort-hostile.ics").read_bytes())
    assert sorted(str(e.get("summary")) for e in hostile.walk("VEVENT")) == sorted([BREAKOUTS[0] + BREAKOUTS[18], BREAKOUTS[10]])


def test_xml_outputs_parse(hostile_build):
    for path in site_files(hostile_build, ".xml"):
        ET.parse(path)
