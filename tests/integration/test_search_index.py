"""The Pagefind index is part of the build: what each page tells it, and what a build without it says.

Queries themselves are tested in the browser (tests/browser/test_search.py); here, the built files.
"""

from __future__ import annotations

import gzip
import json
import re

from showcase import search
from showcase.indexer import EXCLUDED, PageIndexer

from .conftest import Build, run_build


def pagefind_files(site) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def facts(page: str) -> dict[str, list[str]]:
    """The data-pagefind-meta and data-pagefind-filter values of one built page, by key."""
    found: dict[str, list[str]] = {}
    for kind, key, value in re.findall(r'data-pagefind-(meta|filter)="([a-z]+):([^"]*)"', page):
        found.setdefault(f"{kind}:{key}", []).append(value)
    return found


def test_the_build_indexes_the_site_with_pagefind_not_lunr(example_build: Build):
    site = example_build.site
    entry = pagefind_files(site)
    assert list(entry["languages"]) == ["zh"]
    bodies = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert entry["languages"]["zh"]["page_count"] == len(bodies) > 30
    assert json.loads((site / "pagefind" / "showcase.json").read_text(encoding="utf-8")) == {"merge": []}
    assert not (site / "search").exists(), "Material's lunr index must not be built"
    assert "Pagefind 搜索索引" in example_build.output
    assert not [p.name for p in (site / "pagefind").rglob("*") if "-ui." in p.name or "highlight" in p.name]
    for asset in search.ASSETS:
        assert (site / asset).is_file(), asset
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "search.js" not in re.sub(r'data-sc-script="[^"]*"', "", home), "search.js is loaded on first use only"
    assert not (site / "directory" / "index.html").read_text(encoding="utf-8").count("data-pagefind-body")


def test_decorative_text_is_not_indexed(example_build: Build):
    """Avatar initials, table headers and breadcrumbs are in the page but not in any excerpt or word."""
    assert {"[aria-hidden=true]", "thead", ".sc-crumbs"} <= set(EXCLUDED)
    page = example_build.page("cadres/miao-miao")
    assert '<span class="sc-avatar sc-avatar--large" aria-hidden="true">苗</span>' in page or 'aria-hidden="true">苗<' in page
    fragments = example_build.site / "pagefind" / "fragment"
    texts = [gzip.decompress(f.read_bytes())[12:].decode("utf-8", "replace") for f in fragments.glob("*.pf_fragment")]
    miao = next(t for t in texts if '"title":"苗苗"' in t)
    content = json.loads(miao[miao.index("{"):])["content"]
    assert not content.startswith("首页") and "苗 苗苗" not in content


def test_pages_give_the_index_whole_names_places_and_filters(example_build: Build):
    cadre = facts(example_build.page("cadres/miao-miao"))
    assert cadre["meta:title"] == ["苗苗"]
    assert cadre["meta:detail"] == ["苍溪县委办副主任、县交通运输局副局长 · 苍溪县省市挂职干部"]  # the post names the county
    assert facts(example_build.page("cadres/qing-jue"))["meta:detail"] == ["武陵山片区联络员（挂职怀化） · 怀化市 · 2012年武陵山片区联络员（湖南）"]
    assert cadre["meta:names"] == ["苗苗"]
    keywords = cadre["meta:keywords"][0].split()
    assert {"苍溪县", "苍溪"} <= set(keywords)
    assert cadre["filter:county"] == ["苍溪县"] and cadre["filter:cohort"] == ["苍溪县省市挂职干部"]
    assert cadre["filter:program"] == ["挂职干部（省、市选派）"]

    county = facts(example_build.page("counties/cang-xi-xian"))
    assert county["meta:title"] == ["苍溪县"] and {"苍溪县", "苍溪"} <= set(county["meta:names"][0].split())
    cohort = facts(example_build.page("cohorts/wulingshan-2012"))
    assert "片区联络员" in cohort["meta:names"][0].split()
    assert len(cohort["filter:county"]) > 1


def test_a_site_with_materials_search_left_in_gets_a_clear_message(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(re.sub(r"^plugins:.*\n", "plugins:\n  - search\n", config.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    build = run_build(site_copy)
    assert build.returncode != 0
    assert "plugins 中还有 search" in build.output and "请删除 plugins 中的 search 一项" in build.output, build.output


def test_search_dictionary_off_leaves_names_and_places_to_the_segmenter(site_copy):
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - showcase:\n", "  - showcase:\n      search_dictionary: false\n", 1)
    config.write_text(text, encoding="utf-8")
    build = run_build(site_copy)
    assert build.returncode == 0, build.output
    cadre = facts(build.page("cadres/miao-miao"))
    assert "meta:names" not in cadre and "meta:keywords" not in cadre
    assert cadre["meta:title"] == ["苗苗"] and cadre["filter:county"] == ["苍溪县"]


def test_pages_are_indexed_as_written_in_parts_the_browser_merges(tmp_path):
    """Pages are handed over as the build writes them; those it wrote without handing over (a --dirty
    build's untouched pages) are read from disk at the end; a page without the body mark is not indexed."""
    site = tmp_path / "site"
    pages = {f"p{n:02d}/index.html": f'<html lang="zh"><body><div data-pagefind-body><h1>页面{n}</h1><p>苍溪县</p></div></body></html>' for n in range(12)}
    pages["plain/index.html"] = '<html lang="zh"><body><h1>不索引</h1></body></html>'
    for path, page in pages.items():
        (site / path).parent.mkdir(parents=True)
        (site / path).write_text(page, encoding="utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "old.pf_meta").write_text("上一次构建留下的", encoding="utf-8")
    indexer = PageIndexer(site, part_pages=5)
    for path in sorted(pages)[:7]:
        indexer.add(path, pages[path])
    indexed = indexer.finish()
    assert (indexed.pages, indexed.parts) == (12, 3)
    assert not (site / "pagefind" / "old.pf_meta").exists()
    merge = json.loads((site / "pagefind" / "showcase.json").read_text(encoding="utf-8"))["merge"]
    assert merge == ["1/", "2/"]
    entries = [json.loads((site / "pagefind" / part / "pagefind-entry.json").read_text(encoding="utf-8")) for part in ["", *merge]]
    counts = [entry["languages"]["zh"]["page_count"] for entry in entries]
    assert sum(counts) == 12 and max(counts) <= 5
    fragments = [json.loads(gzip.decompress(f.read_bytes())[12:]) for f in (site / "pagefind").rglob("*.pf_fragment")]
    assert sorted(f["url"] for f in fragments) == [f"/p{n:02d}/" for n in range(12)]


def test_a_failed_build_abandons_the_index_without_writing_it(tmp_path):
    indexer = PageIndexer(tmp_path)
    indexer.add("a/index.html", '<html lang="zh"><body><div data-pagefind-body><p>苍溪县</p></div></body></html>')
    indexer.abandon()
    assert indexer._process.poll() is not None
    assert not (tmp_path / "pagefind").exists()

