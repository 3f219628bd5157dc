"""Site search with Pagefind: what each page tells the index, and indexing the built site.

The theme wraps every page's content in ``data-pagefind-body`` and writes the facts below as
Pagefind metadata and filters (``partials/content.html``); after the build, Pagefind's extended
binary (the one that segments Chinese) indexes the site into ``pagefind/``, which the browser
loads only when a visitor searches (``assets/showcase/search.js``).
"""

from __future__ import annotations

import asyncio
import json
import posixpath
import re
import shutil
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from showcase.aggregate import Showcase
from showcase.places import Place
from showcase.segmenter import place_forms, whole_words
from showcase.views import Urls

PAGEFIND_DIR = "pagefind"
#: Loaded by the search box's first use, never with the page.
ASSETS = ("assets/showcase/search.js", "assets/showcase/search.css")
#: The index is built for Chinese whatever a page's ``lang`` says: one index, jieba segmentation.
LANGUAGE = "zh"
#: Not text to search or to show in an excerpt: heading permalinks (¶), what assistive technology skips
#: (avatar initials), table headers, breadcrumbs and the data tables repeating a chart's figures.
EXCLUDED = [".headerlink", "[aria-hidden=true]", "thead", ".sc-crumbs", ".sc-chart__data"]

LUNR_LEFT = (
    "mkdocs.yml 的 plugins 中还有 search（Material 的 lunr 搜索）。本站的搜索由 showcase 插件用 Pagefind 生成，"
    "不再需要 lunr 索引：请删除 plugins 中的 search 一项。"
)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why in Chinese."""


@dataclass(frozen=True)
class PageFacts:
    """What the index knows of a page besides its text: shown in results, searched as whole words, filtered by."""

    title: str
    detail: str = ""
    """A line under the title in the results (post and cohort, programme and region, city and province)."""
    names: str = ""
    """Whole words naming what the page is about (the person, the county, the cohort's programme)."""
    keywords: str = ""
    """Whole words the page is related to (a cadre's county and programme)."""
    filters: tuple[tuple[str, str], ...] = ()
    indexed: bool = True


class SiteFacts(dict[str, PageFacts]):
    """Facts by source URI. The 干部名录 pages are not indexed: they list every cadre again, each of
    whom has a page, and would only crowd the results (and the index)."""

    def __init__(self, facts: dict[str, PageFacts], unindexed: str) -> None:
        super().__init__(facts)
        self.unindexed = unindexed

    def of(self, src_uri: str, title: str) -> PageFacts:
        if src_uri.startswith(self.unindexed):
            return PageFacts(title, indexed=False)
        return self.get(src_uri) or PageFacts(title)


def page_facts(showcase: Showcase, urls: Urls, *, whole: bool = True) -> SiteFacts:
    """Facts of every generated cohort, county and cadre page.

    ``whole=False`` (the plugin's ``search_dictionary: false``) leaves names and places to the indexer's
    segmentation alone.
    """
    words = whole_words if whole else (lambda _: "")
    facts: dict[str, PageFacts] = {}
    for view in showcase.cohorts:
        cohort = view.cohort
        counties = [group.place for group in view.counties]
        facts[urls.cohort(cohort.id)] = PageFacts(
            title=cohort.name,
            detail=" · ".join(part for part in (cohort.program, cohort.region) if part),
            names=words([cohort.program]),
            keywords=words([*_places(counties), cohort.region]),
            filters=_filters(cohort=[cohort.name], county=[p.name for p in counties], program=[cohort.program]),
        )
    for view in showcase.counties:
        place = view.place
        facts[urls.county(place)] = PageFacts(
            title=place.name,
            detail=" · ".join(part for part in dict.fromkeys((place.city, place.province)) if part and part != place.name),
            names=words(_places([place], view.former_names)),
            filters=_filters(cohort=[c.name for c in view.cohorts], county=[place.name], program=[c.program for c in view.cohorts]),
        )
    for cadre in showcase.cadres:
        cohort = showcase.cohort_of(cadre)
        former = [cadre.former_county_name] if cadre.former_county_name else []
        facts[urls.cadre(cadre)] = PageFacts(
            title=cadre.name,
            detail=" · ".join(part for part in (cadre.post, _unless_in(cadre.county.name, cadre.post), cohort.name) if part),
            names=words([cadre.name]),
            keywords=words([*_places([cadre.county], former), cohort.program]),
            filters=_filters(cohort=[cohort.name], county=[cadre.county.name], program=[cohort.program]),
        )
    return SiteFacts(facts, unindexed=posixpath.dirname(urls.directory) + "/")


def _unless_in(name: str, text: str) -> str:
    """A county named in the results line once: 德庆县科技副职 says where already."""
    return "" if name in text else name


def _places(places: Iterable[Place], former_names: Iterable[str] = ()) -> list[str]:
    names = [place.name for place in places] + list(former_names)
    return [form for name in names for form in place_forms(name)]


def _filters(**values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, items in values.items() for value in dict.fromkeys(items) if value)


@dataclass(frozen=True)
class Indexed:
    pages: int
    parts: int
    seconds: float

    def summary(self) -> str:
        parts = f"（分 {self.parts} 部分）" if self.parts > 1 else ""
        return f"Pagefind 搜索索引：{self.pages} 个页面{parts}，用时 {self.seconds:.1f} 秒"


#: Pagefind's own search interfaces and highlighter, which this site does not load (search.js and
#: showcase.js do their work): about 400 KB that would only be published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

#: What marks an indexed page (partials/content.html): only these count towards a part's size.
BODY_MARK = b"data-pagefind-body"

#: Pages per Pagefind index. Writing an index holds about 175 KB a page (1.9 GB at 11,000 pages), so a
#: larger site is indexed in parts of even size, each by its own Pagefind process (about 1 GiB at 5,700
#: pages), which the browser merges (Pagefind's mergeIndex). Every part adds an index chunk (about
#: 20 KB) to each query word's download, so there are as few parts as that memory allows.
PART_PAGES = 5700


def index_site(site_dir: Path, part_pages: int = PART_PAGES) -> Indexed:
    """Index the built site into ``site_dir/pagefind`` with the extended binary of ``pagefind[extended]``.

    The first part goes to ``pagefind/``, the others to ``pagefind/1/``, ``pagefind/2/``…, listed in
    ``pagefind/showcase.json`` for the browser to merge.
    """
    try:
        import pagefind_bin_extended  # noqa: F401  (the binary that segments Chinese; imported to fail early)
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as exc:
        raise SearchIndexError("没有安装 Pagefind（需要 pagefind[extended]，能切分中文）：请运行 pip install -r requirements.txt") from exc

    async def run(glob: str | None, output: Path) -> int:
        config = IndexConfig(force_language=LANGUAGE, exclude_selectors=EXCLUDED, output_path=str(output))
        async with PagefindIndex(config=config) as index:
            return (await index.add_directory(str(site_dir), glob=glob))["page_count"]

    start = time.perf_counter()
    bundle = site_dir / PAGEFIND_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # Pagefind adds to a folder, it never cleans one
    pages = [path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html") if BODY_MARK in path.read_bytes()]
    parts = part_globs(pages, part_pages)
    merged, total = [], 0
    for number, glob in enumerate(parts):
        try:  # in a thread of its own: the caller may be running an event loop (an embedding tool, a test)
            with ThreadPoolExecutor(max_workers=1) as thread:
                count = thread.submit(asyncio.run, run(glob, bundle / str(number) if number else bundle)).result()
        except Exception as exc:  # the service reports its errors as bare Exceptions
            raise SearchIndexError(f"Pagefind 没能为站点建立搜索索引：{exc}") from exc
        total += count
        if number and count:
            merged.append(f"{number}/")
    if not total:
        raise SearchIndexError("Pagefind 没有找到可以索引的页面（页面缺少 data-pagefind-body）。")
    (bundle / "showcase.json").write_text(json.dumps({"merge": merged}), encoding="utf-8")
    for unused in (path for pattern in UNUSED for path in bundle.rglob(pattern)):
        unused.unlink()
    return Indexed(total, len(parts), time.perf_counter() - start)


def part_globs(pages: list[str], limit: int) -> list[str | None]:
    """Split site paths into globs of at most ``limit`` pages each (``[None]``: one part, every page).

    Paths are grouped by their leading characters, one character more wherever a group is too large
    for even packing (cadres/ → cadres/z → cadres/zh…); consecutive groups fill parts of even size.
    """
    if len(pages) <= limit:
        return [None]
    count = -(-len(pages) // limit)
    grain = max(1, limit // 50)
    cap = min(limit, -(-len(pages) // count) + grain)
    groups: list[tuple[str, int]] = []

    def split(prefix: str, paths: list[str]) -> None:
        if len(paths) <= grain:
            groups.append((prefix, len(paths)))
            return
        by_next: dict[str, list[str]] = {}
        for path in paths:
            by_next.setdefault(path[: len(prefix) + 1], []).append(path)
        if len(by_next) == 1 and prefix in by_next:  # a whole path: nothing longer to split by
            groups.append((prefix, len(paths)))
            return
        for key in sorted(by_next):
            split(key, by_next[key])

    split("", sorted(pages))
    packed: list[list[str]] = [[]]
    size = 0
    for prefix, pages_in in groups:
        if packed[-1] and size + pages_in > cap:
            packed.append([])
            size = 0
        packed[-1].append(prefix)
        size += pages_in
    return ["{" + ",".join(_prefix_glob(prefix) for prefix in part) + "}" for part in packed]


def _prefix_glob(prefix: str) -> str:
    """A glob for the HTML files whose site path starts with ``prefix``."""
    escaped = re.sub(r"([\\*?\[\]{},!<>:])", r"\\\1", prefix)
    return f"{escaped}*.html,{escaped}*/**/*.html"
