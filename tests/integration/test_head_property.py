"""Property: arbitrary text in any contributed field never puts markup into a page's ``<head>``.

Hypothesis draws a text for every field of a cohort, a profile and a lecture; the site is built
for real (MkDocs + Material, in-process) and the ``<head>`` of every page is parsed: its sequence
of elements must be exactly the one a page with plain values has, and its ``<title>`` must read
as the written text. No ``<`` of a value can open an element there without changing one of them.
"""

from __future__ import annotations

import json
import logging
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

# Printable text rich in what breaks out of HTML, attributes, Markdown and YAML; no digits or "@",
# so a drawn value is never personal data the validator (rightly) refuses.
ALPHABET = st.sampled_from(list("<>&\"'/\\=`*_[]{}|#~!-:;.,() \n\t") + ["</title>", "<script>", "&lt;", "&#60;", "-->", "张", "县", "a", "Z", "é", "\u3000", "\u2028", "😀"])
TEXT = st.lists(ALPHABET, min_size=1, max_size=24).map("".join).filter(lambda s: s.strip() and not s.strip().startswith("请填写"))
FIELDS = ("name", "post", "origin", "education", "expertise", "tag", "title", "category", "summary",
          "cohort", "program", "organizer", "region", "lecture", "venue", "audience", "series", "guest")

MKDOCS_YML = """\
site_name: 挂职干部风采
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase:
      today: 2026-01-01
"""


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_site(root: Path, v: dict[str, str]) -> None:
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": "# 首页\n",
        "cohorts/c1/cohort.yml": f"name: {q(v['cohort'])}\nprogram: {q(v['program'])}\norganizer: {q(v['organizer'])}\nregion: {q(v['region'])}\nsummary: {q(v['summary'])}\n",
        "cohorts/c1/zhang-san.md": (
            f"---\nname: {q(v['name'])}\ncounty: 苍溪县\npost: {q(v['post'])}\norigin: {q(v['origin'])}\n"
            f"education: {q(v['education'])}\nexpertise: {q(v['expertise'])}\ntags: [{q(v['tag'])}]\n"
            f"achievements:\n  - title: {q(v['title'])}\n    category: {q(v['category'])}\n    summary: {q(v['summary'])}\n"
            f"---\n{v['summary']}\n"
        ),
        "cohorts/c1/lectures.yml": (
            f"- date: 2025-05-01\n  title: {q(v['lecture'])}\n  speaker: zhang-san\n  venue: {q(v['venue'])}\n"
            f"  audience: {q(v['audience'])}\n  series: {q(v['series'])}\n"
            f"- date: 2025-06-01\n  title: {q(v['lecture'])}\n  speaker: {q('嘉宾' + v['guest'])}\n"
        ),
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.title = ""
        self._title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._title = tag == "title"

    def handle_endtag(self, tag):
        self._title = False

    def handle_data(self, data):
        if self._title:
            self.title += data


def heads(site: Path) -> dict[str, Head]:
    parsed = {}
    for page in sorted(site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        head = Head()
        head.feed(text[: text.index("</head>")])
        # Directory pages are named after values (a programme's pinyin): compare them by kind.
        parsed[re.sub(r"^directory/(\w+)/[^/]+/", r"directory/\1/*/", page.relative_to(site).as_posix())] = head
    return parsed


def build(root: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = root / "_site"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    try:
        mkdocs_build(config)
    except MkDocsException:
        assume(False)  # the validator refused the drawn data (e.g. a foreign image in the summary): nothing is published
    return site


def test_plain_values_give_the_reference_heads(tmp_path):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    write_site(tmp_path, {field: "值" for field in FIELDS})
    reference = heads(build(tmp_path))
    assert reference["cadres/zhang-san/index.html"].title.strip() == "值 · 苍溪县 - 挂职干部风采"
    REFERENCE.update(reference)


REFERENCE: dict[str, Head] = {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({field: TEXT for field in FIELDS}))
def test_arbitrary_values_never_add_markup_to_any_head(tmp_path_factory, values):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not REFERENCE:
        root = tmp_path_factory.mktemp("reference")
        write_site(root, {field: "值" for field in FIELDS})
        REFERENCE.update(heads(build(root)))
    root = tmp_path_factory.mktemp("drawn")
    write_site(root, values)
    drawn = heads(build(root))
    assert drawn.keys() == REFERENCE.keys()
    for page, head in drawn.items():
        assert head.tags == REFERENCE[page].tags, page
    expected = " ".join(values["name"].split()) + " · 苍溪县 - 挂职干部风采"
    assert " ".join(drawn["cadres/zhang-san/index.html"].title.split()) == " ".join(expected.split())
