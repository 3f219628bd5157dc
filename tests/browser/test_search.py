"""Material's search in Chromium finds Chinese names, words and counties.

The search runs in a web worker that loads ``search/search_index.json`` (and lunr's zh support from
the site itself). Queries are entered the way an input method commits Chinese text: the whole word at
once, then a key-up, which is what Material listens to.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__item a"


def open_search(page) -> None:
    page.locator("input.md-search__input").click()
    assert page.locator("input.md-search__input").evaluate("el => el === document.activeElement")


def search(page, query: str) -> None:
    """Clear the box, wait until the result list is empty, then enter ``query``."""
    box = page.locator("input.md-search__input")
    box.press("Control+A")
    box.press("Backspace")
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length === 0", arg=".md-search-result__item", polling=50
    )
    page.keyboard.insert_text(query)
    box.press("End")  # key-up with the full query
    assert box.input_value() == query


def wait_for_result(page, *url_parts: str, timeout: float = 15_000) -> list[str]:
    """Wait until a search result links to one of ``url_parts``; return all result links."""
    page.wait_for_function(
        """([sel, parts]) => [...document.querySelectorAll(sel)]
                .some(a => parts.some(p => new URL(a.href).pathname.endsWith('/' + p)))""",
        arg=[RESULT_LINKS, list(url_parts)],
        polling=100,
        timeout=timeout,
    )
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


def test_search_finds_names_words_and_counties(watched, site):
    page = watched.page
    page.goto(site.url)
    open_search(page)

    search(page, "苗苗")
    links = wait_for_result(page, "cadres/miao-miao/")
    assert page.locator(".md-search-result__item").first.is_visible()
    assert any("/cadres/miao-miao/" in href for href in links), links

    # A two-character word from the body of 苗苗's page (lecture 城市品牌建设与推广).
    search(page, "品牌")
    links = wait_for_result(page, "cadres/miao-miao/")
    assert any("/cadres/miao-miao/" in href for href in links), links

    # A phrase that jieba splits into two words (城市|品牌) is still found.
    search(page, "城市品牌")
    links = wait_for_result(page, "cadres/miao-miao/")
    assert any("/cadres/miao-miao/" in href for href in links), links

    # A county name finds the county page or the cohort that served there.
    search(page, "苍溪")
    links = wait_for_result(page, "counties/cang-xi-xian/", "cohorts/cangxi/")

    # The index was loaded by the worker from this site, and nothing else was asked of any other host.
    assert any(url.endswith("/search/search_index.json") for url in watched.requests), watched.requests
    watched.assert_clean()


def test_slash_key_opens_search_and_a_result_opens_the_page(watched, site):
    page = watched.page
    page.goto(site.page_url("/cohorts/"))
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    page.keyboard.insert_text("苗苗")
    box.press("End")
    wait_for_result(page, "cadres/miao-miao/")

    result = page.locator(f"{RESULT_LINKS}[href*='/cadres/miao-miao/']").first
    with page.expect_navigation(wait_until="load"):
        result.click()
    assert "/cadres/miao-miao/" in page.url
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == "苗苗"
    watched.assert_clean()
