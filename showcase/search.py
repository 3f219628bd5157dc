"""Site search with Pagefind: what each page tells the index, and indexing the built site.

The theme wraps every page's content in ``data-pagefind-body`` and writes the facts below as
Pagefind metadata and filters (``partials/content.html``); after the build, Pagefind's extended
binary (the one that segments Chinese) indexes the site into ``pagefind/``, which the browser
loads only when a visitor searches (``assets/showcase/search.js``).
"""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import json
import posixpath
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

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
    """How long the build waited for the index after its last page: the rest was indexed alongside."""

    def summary(self) -> str:
        parts = f"（分 {self.parts} 部分）" if self.parts > 1 else ""
        return f"Pagefind 搜索索引：{self.pages} 个页面{parts}，页面写完后又用时 {self.seconds:.1f} 秒"


#: Pagefind's own search interfaces and highlighter, which this site does not load (search.js and
#: showcase.js do their work): about 400 KB that would only be published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

#: What marks an indexed page (partials/content.html): only these are given to Pagefind.
BODY_MARK = "data-pagefind-body"

#: Pages per Pagefind index. Writing an index holds about 175 KB a page (1.9 GB at 11,000 pages), so a
#: larger site is indexed in parts, each by its own Pagefind process (about 1 GiB at 5,700 pages), which
#: the browser merges (Pagefind's mergeIndex). Every part adds an index chunk (about 20 KB) to each
#: query word's download, so there are as few parts as that memory allows.
PART_PAGES = 5700
#: Pages handed to the indexing thread at a time: it wakes once per batch, not once per page, and a
#: thread that wakes often takes the interpreter lock from the build every time.
BATCH = 64
#: Pages handed to Pagefind and not yet answered: enough to keep its threads busy.
IN_FLIGHT = 128
#: How long Pagefind may take to exit once its input is closed.
SERVICE_EXIT_SECONDS = 300


class PageIndexer:
    """Indexes pages as the build writes them, so Pagefind works on the second core while MkDocs renders.

    One Pagefind process at a time, in a thread of its own with its own event loop (the caller may be
    running one: an embedding tool, a test). The first part goes to ``pagefind/``, the others to
    ``pagefind/1/``, ``pagefind/2/``…, listed in ``pagefind/showcase.json`` for the browser to merge.
    """

    def __init__(self, site_dir: Path, part_pages: int = PART_PAGES) -> None:
        try:
            import pagefind_bin_extended  # noqa: F401  (the binary that segments Chinese; imported to fail early)
        except ImportError as exc:
            raise SearchIndexError("没有安装 Pagefind（需要 pagefind[extended]，能切分中文）：请运行 pip install -r requirements.txt") from exc
        self.site_dir, self.part_pages = site_dir, part_pages
        self.bundle = site_dir / PAGEFIND_DIR
        shutil.rmtree(self.bundle, ignore_errors=True)  # Pagefind adds to a folder, it never cleans one
        self.given: set[str] = set()
        self._batch: list[tuple[str, str]] = []
        self.pages, self.parts, self.error = 0, 0, None
        self._loop = asyncio.new_event_loop()
        self._queue: asyncio.Queue[list[tuple[str, str]] | None] = asyncio.Queue()
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._index(),), daemon=True)
        self._thread.start()

    def add(self, path: str, page: str) -> None:
        """A page as written to ``site_dir/path``; pages without the body mark are not indexed."""
        self.given.add(path)
        if BODY_MARK in page and self.error is None:
            self._batch.append((path, page))
            if len(self._batch) == BATCH:
                self._hand_over()

    def _hand_over(self, end: bool = False) -> None:
        if self._batch:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, self._batch)
            self._batch = []
        if end:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)

    def finish(self) -> Indexed:
        """Index what the build wrote without handing it over (a --dirty build's untouched pages), then
        write the last part."""
        start = time.perf_counter()
        for path in sorted(self.site_dir.rglob("*.html")):
            relative = path.relative_to(self.site_dir).as_posix()
            if relative not in self.given and not relative.startswith(PAGEFIND_DIR + "/"):
                self.add(relative, path.read_text(encoding="utf-8", errors="replace"))
        self._hand_over(end=True)
        self._thread.join()
        self._loop.close()
        if self.error is not None:
            raise SearchIndexError(f"Pagefind 没能为站点建立搜索索引：{self.error}") from self.error
        if not self.pages:
            raise SearchIndexError("Pagefind 没有找到可以索引的页面（页面缺少 data-pagefind-body）。")
        merged = [f"{number}/" for number in range(1, self.parts)]
        (self.bundle / "showcase.json").write_text(json.dumps({"merge": merged}), encoding="utf-8")
        return Indexed(self.pages, self.parts, time.perf_counter() - start)

    def abandon(self) -> None:
        """The build failed: end Pagefind without writing (``mkdocs serve`` lives on to the next build)."""
        self.error = self.error or RuntimeError("构建失败")
        self._batch = []
        self._hand_over(end=True)
        self._thread.join()
        self._loop.close()

    async def _index(self) -> None:
        service, index, in_part, pending = None, None, 0, set()
        try:
            while (batch := await self._queue.get()) is not None:
                for path, page in batch:
                    if self.error is not None:  # abandoned: let the rest of the queue go
                        break
                    if service is None:
                        service = await _PromptService().launch()
                        index = await service.create_index(IndexConfig(force_language=LANGUAGE, exclude_selectors=EXCLUDED))
                    pending.add(asyncio.ensure_future(index.add_html_file(content=page, source_path=path)))
                    in_part += 1
                    if len(pending) >= IN_FLIGHT:
                        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                        for task in done:
                            task.result()
                    if in_part == self.part_pages:
                        await self._write(service, index, pending, in_part)
                        service, index, in_part, pending = None, None, 0, set()
            if service is not None and self.error is None:
                await self._write(service, index, pending, in_part)
                service = None
        except Exception as exc:  # the service reports its errors as bare Exceptions
            self.error = exc
        if service is not None:  # not written: an error, or the build was abandoned
            for task in pending:
                task.cancel()
            await service.close()

    async def _write(self, service: PagefindService, index: PagefindIndex, pending: set, pages: int) -> None:
        """Write one part and end its process before the next part starts: one process's memory at a time.

        The files are asked for and written here, not by Pagefind: its service answers WriteFiles before
        its last writes reach the disk, and files of an index it was asked to write were found empty or
        cut short once it had exited.
        """
        await asyncio.gather(*pending)
        output = self.bundle / str(self.parts) if self.parts else self.bundle
        for file in await index.get_files():
            path = output / file["path"]
            if not any(fnmatch.fnmatch(path.name, pattern) for pattern in UNUSED):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(file["content"])
        await service.close()
        self.pages += pages
        self.parts += 1


class _PromptService(PagefindService):
    """Pagefind's service client, fixed where pagefind 1.5.2's is wrong for a whole site.

    It reads answers as they come, as many as have arrived (the stock client sleeps 0.1 s before each
    one: 17 minutes for 10,000 pages added one by one), of any size (GetFiles answers with the whole
    index), and lets answered requests go. It ends the service by closing its input.
    """

    async def _wait_for_responses(self) -> None:
        unread = b""
        while chunk := await self._backend.stdout.read(1 << 20):
            *messages, unread = (unread + chunk).split(b",")  # base64 has no comma: it ends each message
            for message in messages:
                self._answer(json.loads(base64.b64decode(message)))

    def _answer(self, response: dict | None) -> None:
        if response is None:
            return
        payload = response["payload"]
        message_id = response.get("message_id")
        if message_id is None and payload.get("original_message"):  # a request the service could not read
            message_id = json.loads(payload["original_message"]).get("message_id")
        future = self._responses.pop(message_id, None)
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(Exception(payload["message"]))
        else:
            future.set_result(payload)

    async def close(self) -> None:
        self._poll_task.cancel()
        self._backend.stdin.close()
        try:
            await asyncio.wait_for(self._backend.wait(), SERVICE_EXIT_SECONDS)
        except TimeoutError:
            self._backend.kill()
            raise RuntimeError(f"Pagefind 在 {SERVICE_EXIT_SECONDS} 秒内没有退出") from None
