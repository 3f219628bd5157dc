"""Pagefind indexes the pages while the build renders them, in a process of its own.

The build hands each page over as soon as its content is final (``PageIndexer.add_body``), which is
before the theme renders the first page; a child process feeds them to Pagefind's extended binary
(the one that segments Chinese), part by part, and writes the index into ``pagefind/``. The child is
a process, not a thread, so its work never holds the build's interpreter lock: the two run on two
cores. Imports nothing of the site: the child starts fast.
"""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import json
import pickle
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

PAGEFIND_DIR = "pagefind"
#: The index is built for Chinese whatever a page's ``lang`` says: one index, jieba segmentation.
LANGUAGE = "zh"
#: Not text to search or to show in an excerpt: heading permalinks (¶), what assistive technology skips
#: (avatar initials), table headers, breadcrumbs and the data tables repeating a chart's figures.
EXCLUDED = [".headerlink", "[aria-hidden=true]", "thead", ".sc-crumbs", ".sc-chart__data"]
#: What marks an indexed page (partials/content.html): only these are given to Pagefind.
BODY_MARK = "data-pagefind-body"
#: Pagefind's own search interfaces and highlighter, which this site does not load (search.js and
#: showcase.js do their work): about 400 KB that would only be published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

#: Pages per Pagefind index. Indexing holds about 180 KB a page (1.9 GB at 11,000 pages), so a larger
#: site is indexed in parts, each by its own Pagefind process (about 1 GiB at 5,700 pages), which the
#: browser merges (Pagefind's mergeIndex). Every part adds an index chunk (about 20 KB) to each query
#: word's download, so there are as few parts as that memory allows.
PART_PAGES = 5700
#: Pages sent to the indexing process at a time.
BATCH = 64
#: Pages handed to Pagefind and not yet answered: enough to keep it busy.
IN_FLIGHT = 128
#: How long Pagefind may take to exit once its input is closed.
SERVICE_EXIT_SECONDS = 300
#: What the build sends instead of pages when it failed: end without writing.
ABANDON = "abandon"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why in Chinese."""


@dataclass(frozen=True)
class Indexed:
    pages: int
    parts: int
    seconds: float
    """How long the build waited for the index after its last page: the rest was indexed alongside."""

    def summary(self) -> str:
        parts = f"（分 {self.parts} 部分）" if self.parts > 1 else ""
        return f"Pagefind 搜索索引：{self.pages} 个页面{parts}，页面写完后又用时 {self.seconds:.1f} 秒"


class PageIndexer:
    """The build's side: hands pages over as they are written, and waits for the index at the end.

    The indexing process is ``python -m showcase.indexer`` (not multiprocessing, which would run the
    build's own script again in the child). Pages go to its input as pickled batches; it answers once,
    on its output, at the end. The first part goes to ``pagefind/``, the others to ``pagefind/1/``,
    ``pagefind/2/``…, listed in ``pagefind/showcase.json`` for the browser to merge.
    """

    def __init__(self, site_dir: Path, part_pages: int = PART_PAGES) -> None:
        try:
            import pagefind_bin_extended  # noqa: F401  (the binary that segments Chinese; imported to fail early)
        except ImportError as exc:
            raise SearchIndexError("没有安装 Pagefind（需要 pagefind[extended]，能切分中文）：请运行 pip install -r requirements.txt") from exc
        self.site_dir = site_dir
        self.bundle = site_dir / PAGEFIND_DIR
        shutil.rmtree(self.bundle, ignore_errors=True)  # Pagefind adds to a folder, it never cleans one
        self.given: set[str] = set()
        self._batch: list[tuple[str, str]] = []
        command = [sys.executable, "-m", "showcase.indexer", str(self.bundle), str(part_pages)]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def add(self, path: str, page: str) -> None:
        """A page as written to ``site_dir/path``; pages without the body mark are not indexed."""
        self.given.add(path)
        if BODY_MARK in page:
            self._batch.append((path, page))
            if len(self._batch) == BATCH:
                self._send(self._batch)
                self._batch = []

    def add_body(self, path: str, body: str) -> None:
        """A page by what Pagefind reads of it (``search.PageFacts.body``), before the theme is around it."""
        self.add(path, f'<html lang="{LANGUAGE}"><body><div {BODY_MARK}>{body}</div></body></html>')

    def finish(self) -> Indexed:
        """Index what the build wrote without handing it over (a --dirty build's untouched pages), then
        wait for the last part to be written."""
        start = time.perf_counter()
        for path in sorted(self.site_dir.rglob("*.html")):
            relative = path.relative_to(self.site_dir).as_posix()
            if relative not in self.given and not relative.startswith(PAGEFIND_DIR + "/"):
                self.add(relative, path.read_text(encoding="utf-8", errors="replace"))
        self._send(self._batch)
        self._send(None)
        answer = self._end()
        if answer.get("error") is not None:
            raise SearchIndexError(f"Pagefind 没能为站点建立搜索索引：{answer['error']}")
        if not answer["pages"]:
            raise SearchIndexError("Pagefind 没有找到可以索引的页面（页面缺少 data-pagefind-body）。")
        merged = [f"{number}/" for number in range(1, answer["parts"])]
        (self.bundle / "showcase.json").write_text(json.dumps({"merge": merged}), encoding="utf-8")
        return Indexed(answer["pages"], answer["parts"], time.perf_counter() - start)

    def abandon(self) -> None:
        """The build failed: end Pagefind without writing (``mkdocs serve`` lives on to the next build)."""
        self._send(ABANDON)
        self._end()

    def _send(self, message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._process.stdin.write(len(data).to_bytes(8, "big") + data)
        except (BrokenPipeError, OSError):
            pass  # the indexing process has ended: its answer, or its absence, says why

    def _end(self) -> dict:
        try:
            output, _ = self._process.communicate()
        except (BrokenPipeError, OSError):
            output = b""
        try:
            return json.loads(output)
        except ValueError:
            return {"error": f"建索引的进程意外退出（退出码 {self._process.returncode}）"}


def main(argv: list[str]) -> int:
    """The indexing process: pages in on standard input, index parts out, one answer on standard output."""
    indexing = _Indexing(Path(argv[0]), int(argv[1]))
    try:
        asyncio.run(indexing.run(sys.stdin.buffer))
    except Exception as exc:  # anything else: said to the build, never a traceback
        indexing.error = indexing.error or exc
    error = None if indexing.error is None else str(indexing.error) or type(indexing.error).__name__
    sys.stdout.write(json.dumps({"pages": indexing.pages, "parts": indexing.parts, "error": error}))
    return 0


def _messages(stream: BinaryIO):
    """The build's messages: a batch of pages, None at the end, or ABANDON; ABANDON if the build is gone."""
    while len(header := stream.read(8)) == 8:
        yield pickle.loads(stream.read(int.from_bytes(header, "big")))
    yield ABANDON


class _Indexing:
    def __init__(self, bundle: Path, part_pages: int) -> None:
        self.bundle, self.part_pages = bundle, part_pages
        self.pages, self.parts, self.error = 0, 0, None

    async def run(self, stream: BinaryIO) -> None:
        """Pages are read by a thread, so they never wait in the pipe (and the build never waits to send)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        def receive() -> None:
            for message in _messages(stream):
                loop.call_soon_threadsafe(queue.put_nowait, message)
                if not isinstance(message, list):
                    return

        threading.Thread(target=receive, daemon=True).start()
        service, index, in_part, pending = None, None, 0, set()
        try:
            while isinstance(batch := await queue.get(), list):
                for path, page in batch:
                    if self.error is not None:
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
            if batch is None and service is not None and self.error is None:
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
