"""Search (Pagefind) in Chromium: names, places, programmes and words; what it downloads, and when.

Two sites: the example site (conftest's ``site``) and a generated site of 2,000 profiles, built once
per session here. Both are served by a server that gzips text files as static hosts do
(scripts/bench_search.py), so byte counts are what a visitor downloads. Queries are entered the way
an input method commits Chinese text: the whole word at once. What counts as the right first result
for the generated site comes from its own data (``bench_search.quality_queries``), as in the benchmark.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import REPO_ROOT, build_site, open_watched

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import bench_search
import synthetic

pytestmark = pytest.mark.browser

FIRST_QUERY_BUDGET = 300_000  # bytes on the wire, gzip, for everything the first query fetches
SEARCH_REQUEST = re.compile(r"/(pagefind/|search/|assets/showcase/search\.|assets/javascripts/(workers|lunr)/)")
BOX = "input.md-search__input"
RESULTS = ".md-search-result__item a"
NO_SEGMENTER = "delete Intl.Segmenter;"

# query -> the page that must come first on the example site
EXAMPLE_QUERIES = {
    "苗苗": "/cadres/miao-miao/",  # a two-character name
    "杨铸旭": "/cadres/yang-zhu-xu/",  # jieba (without its HMM) indexes it as 杨|铸|旭
    "何建宁": "/cadres/he-jian-ning/",  # 何|建宁
    "苍溪县": "/counties/cang-xi-xian/",
    "苍溪": "/counties/cang-xi-xian/",  # the county without 县
    "四会市": "/counties/si-hui-shi/",
    "四会": "/counties/si-hui-shi/",
    "片区联络员": "/cohorts/wulingshan-2012/",  # a programme
    "品牌": "/cadres/miao-miao/",  # a two-character word of 苗苗's page (城市品牌建设与推广)
    "城市品牌": "/cadres/miao-miao/",  # a phrase jieba indexes as 城市|品牌
}
# Without Intl.Segmenter (older in-app browsers) names, places, programmes, words and phrases still work.
WITHOUT_SEGMENTER = ["苗苗", "杨铸旭", "何建宁", "苍溪县", "苍溪", "四会", "片区联络员", "品牌", "城市品牌"]


# --------------------------------------------------------------------------------------------------
# sites and pages


class Served:
    def __init__(self, root):
        self.root = root
        self.httpd, self.url = bench_search.serve(root)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def example(site):
    served = Served(site.root)
    yield served
    served.close()


@pytest.fixture(scope="session")
def big(tmp_path_factory):
    """A generated site of 2,000 profiles and 600 lectures, ``mkdocs build --strict``, served gzipped."""
    repo = tmp_path_factory.mktemp("big") / "repo"
    synthetic.generate(repo, 2000, 600, seed=0)
    out = repo / "site"
    proc = build_site(repo, out, strict=True)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict of the 2,000-profile site failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    served = Served(out)
    yield served
    served.close()


def open_search(browser, url: str, *, segmenter: bool = True, **options):
    """A watched page on ``url`` with the search box focused (so the search is loaded)."""
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN", **options)
    if not segmenter:
        context.add_init_script(NO_SEGMENTER)
        context.route("**/pagefind/pagefind-worker.js", lambda route: route.fulfill(response=(r := route.fetch()), body=NO_SEGMENTER + "\n" + r.text()))
    watched.page.goto(url)
    watched.page.locator(BOX).click()
    return context, watched


def ask(page, query: str) -> list[str]:
    """Enter ``query``, wait for its results, return the result paths in order."""
    page.evaluate("document.querySelector('.sc-search').removeAttribute('data-sc-state')")
    page.locator(BOX).fill(query)
    page.locator(BOX).dispatch_event("input")  # also when the box already held ``query``
    state = "() => document.querySelector('.sc-search').getAttribute('data-sc-state')"
    try:
        page.wait_for_function(f"() => ['done', 'failed'].includes(({state})())")
    except Exception as exc:  # say where the search stood, not only that it timed out
        raise AssertionError(f"{query}: search state {page.evaluate(state)!r}, status {page.inner_text('.md-search-result__meta')!r}") from exc
    assert page.evaluate(state) == "done", f"{query}: the search failed: {page.inner_text('.md-search-result__meta')!r}"
    return page.locator(RESULTS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")


@pytest.fixture(scope="module")
def example_search(browser, example):
    context, watched = open_search(browser, example.url)
    yield watched.page
    try:
        watched.assert_clean()
    finally:
        context.close()


@pytest.fixture(scope="module")
def example_search_without_segmenter(browser, example):
    context, watched = open_search(browser, example.url, segmenter=False)
    assert watched.page.evaluate("typeof Intl.Segmenter") == "undefined"
    yield watched.page
    try:
        watched.assert_clean()
    finally:
        context.close()


def search_bytes(browser, url: str, query: str) -> tuple[int, int, list[str]]:
    """Search bytes fetched with the page, bytes fetched by the first query; every URL requested."""
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    try:
        page = watched.page
        page.goto(url)
        page.wait_for_load_state("networkidle")
        before = list(finished)
        assert ask(page, query), f"no results for {query}"
        page.wait_for_load_state("networkidle")
        after = finished[len(before):]
        on_load = sum(bench_search.transferred(r) for r in before if SEARCH_REQUEST.search(r.url))
        first = sum(bench_search.transferred(r) for r in after)
        watched.assert_clean()
        return on_load, first, watched.requests
    finally:
        context.close()


# --------------------------------------------------------------------------------------------------
# the example site


@pytest.mark.parametrize("query", list(EXAMPLE_QUERIES))
def test_example_query_puts_the_right_page_first(example_search, query):
    results = ask(example_search, query)
    assert results and results[0] == EXAMPLE_QUERIES[query], f"{query}: {results}"


@pytest.mark.parametrize("query", WITHOUT_SEGMENTER)
def test_without_intl_segmenter_names_places_and_words_still_come_first(example_search_without_segmenter, query):
    results = ask(example_search_without_segmenter, query)
    assert results and results[0] == EXAMPLE_QUERIES[query], f"{query}: {results}"


def test_招商_finds_the_pages_that_say_it(example_search, example):
    results = ask(example_search, "招商")
    assert results
    for path in results[:3]:
        assert "招商" in bench_search.page_text(example.root, path), path


def test_a_result_opens_its_page_with_the_query_marked(browser, example):
    context, watched = open_search(browser, example.url)
    try:
        page = watched.page
        assert ask(page, "城市品牌")[0] == "/cadres/miao-miao/"
        with page.expect_navigation(wait_until="load"):
            page.locator(RESULTS).first.click()
        assert "/cadres/miao-miao/" in page.url
        marks = page.locator("article mark.sc-mark").all_inner_texts()
        assert marks and set(marks) == {"城市品牌"}, marks
        page.goto(example.url + "cadres/miao-miao/?mark=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
        assert page.locator("article mark.sc-mark").count() == 0 and page.locator("article img[src=x]").count() == 0
        watched.assert_clean()
    finally:
        context.close()


def test_nothing_is_fetched_for_search_before_it_is_used(browser, example):
    on_load, first, requests = search_bytes(browser, example.url, "苗苗")
    assert on_load == 0, [url for url in requests if SEARCH_REQUEST.search(url)]
    assert 0 < first <= FIRST_QUERY_BUDGET
    assert any("/pagefind/" in url for url in requests)
    assert not any("search_index.json" in url for url in requests), "Material's lunr index must not exist"


def test_slash_key_arrows_and_enter_open_a_result(browser, example):
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = watched.page
        page.goto(example.url + "cohorts/")
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("/")
        page.wait_for_function(f"() => document.activeElement && document.activeElement.matches('{BOX}')")
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.insert_text("苗苗")
        page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("new URL(document.activeElement.href).pathname") == "/cadres/miao-miao/"
        with page.expect_navigation(wait_until="load"):
            page.keyboard.press("Enter")
        assert urlsplit(page.url).path == "/cadres/miao-miao/"
        assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == "苗苗"

        page.keyboard.press("/")
        page.wait_for_function(f"() => document.activeElement && document.activeElement.matches('{BOX}')")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert not page.evaluate(f"document.activeElement.matches('{BOX}')")
        watched.assert_clean()
    finally:
        context.close()


def test_a_q_link_opens_the_search_with_its_results(browser, example):
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = watched.page
        page.goto(example.url + "counties/?q=" + urllib.request.quote("苍溪"))
        page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
        assert page.evaluate("document.getElementById('__search').checked")
        assert page.locator(BOX).input_value() == "苍溪"
        first = page.locator(RESULTS).first
        assert first.is_visible()
        assert first.evaluate("a => new URL(a.href).pathname") == "/counties/cang-xi-xian/"
        watched.assert_clean()
    finally:
        context.close()


def test_filters_by_county_cohort_and_programme(example_search):
    page = example_search
    ask(page, "")
    page.locator(".sc-search-filters > summary").click()
    county = page.locator("select[data-sc-filter=county]")
    page.wait_for_function("() => document.querySelectorAll('select[data-sc-filter=county] option').length > 1")
    labels = page.locator("select[data-sc-filter] option").all_inner_texts()
    assert any(label.startswith("苍溪县（") for label in labels), labels
    assert any(label.startswith("片区联络员") or "联络员" in label for label in labels), labels

    page.evaluate("document.querySelector('.sc-search').removeAttribute('data-sc-state')")
    county.select_option("苍溪县")
    page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
    everything = page.locator(RESULTS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert set(everything) == {
        "/counties/cang-xi-xian/", "/cohorts/cangxi/", "/cadres/miao-miao/", "/cadres/wang-fu/", "/cadres/yang-zhu-xu/",
    }, everything
    assert "苍溪县" in page.locator(".md-search-result__meta").inner_text()

    within = ask(page, "品牌")
    assert within and set(within) <= set(everything) and within[0] == "/cadres/miao-miao/", within
    county.select_option("")
    assert "/cadres/niu-qun/" in ask(page, "品牌")  # the filter is off again


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_search_is_accessible_in_both_palettes(browser, example, scheme):
    from axe_playwright_python import sync_playwright as axe_sync

    context, watched = open_search(browser, example.url, color_scheme=scheme)
    try:
        page = watched.page
        assert ask(page, "苗苗")[0] == "/cadres/miao-miao/"
        page.locator(".sc-search-filters > summary").click()
        page.wait_for_function("() => document.querySelectorAll('select[data-sc-filter=county] option').length > 1")
        box = page.locator(BOX)
        assert box.get_attribute("aria-label")
        assert page.locator("#sc-search-status").get_attribute("role") == "status"
        assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "搜索"
        # The dialog uses the palette's colours: its background is the page's own.
        colours = page.evaluate(
            """() => [getComputedStyle(document.querySelector('.md-search__scrollwrap')).backgroundColor,
                      getComputedStyle(document.body).backgroundColor]"""
        )
        assert colours[0] == colours[1], colours
        results = axe_sync.Axe().run(page, context={"include": [[".md-search"]]})
        blocking = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
        assert not blocking, [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in blocking]
        watched.assert_clean()
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_serve_has_a_working_search(browser, tmp_path):
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-livereload"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "pagefind/pagefind-entry.json", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("mkdocs serve did not serve the search index", pytrace=False)
                time.sleep(0.5)
        context, watched = open_search(browser, url)
        try:
            assert ask(watched.page, "苗苗")[0] == "/cadres/miao-miao/"
            watched.assert_clean()
        finally:
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


# --------------------------------------------------------------------------------------------------
# a generated site of 2,000 profiles


@pytest.mark.parametrize("segmenter", [True, False], ids=["with-segmenter", "without-segmenter"])
def test_generated_site_queries_put_the_right_page_first(browser, big, segmenter):
    queries = bench_search.quality_queries(big.root)
    context, watched = open_search(browser, big.url, segmenter=segmenter)
    try:
        page = watched.page
        wrong = []
        for query in queries:
            results = ask(page, query["query"])
            verdict = bench_search.judge(big.root, query, results)
            if verdict != "ok":
                wrong.append(f"{query['kind']} {query['query']}: {verdict} {results[:3]}")
        assert not wrong, "\n".join(wrong)
        watched.assert_clean()
    finally:
        context.close()


def test_generated_site_first_query_stays_small_and_local(browser, big):
    name = bench_search.quality_queries(big.root)[0]["query"]
    on_load, first, requests = search_bytes(browser, big.url, name)
    assert on_load == 0, [url for url in requests if SEARCH_REQUEST.search(url)]
    assert 0 < first <= FIRST_QUERY_BUDGET, f"first query fetched {first:,} bytes"
