"""A hostile profile cannot run script, load anything from elsewhere or restyle the page.

The ``xss_site`` fixture (conftest.py) copies the repository's site and adds
``cohorts/cangxi/xss-test.md`` whose body and fields carry script, event handlers, ``javascript:``
links, an iframe, inline SVG, a stylesheet and a remote background image. It is built without
``--strict`` because the validator rightly warns (S601) about the raw HTML.

Every assignment to ``window.__pwned`` on any page of the context is reported to Python through a
binding (a property trap installed before any page script), so a payload that fires just before a
navigation is caught too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .conftest import XSS_CADRE_ID, XSS_COHORT_ID, open_watched

pytestmark = pytest.mark.browser

XSS_PATH = f"/cadres/{XSS_CADRE_ID}/"

_TRAP = """
(() => {
  let value;
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { return value; },
    set(v) { value = v; window.__reportPwned(String(v), location.href); },
  });
})();
"""


class _Markup(HTMLParser):
    """Collect the elements and attributes of an HTML fragment (text is ignored: it cannot run)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name.lower(), value or ""))

    handle_startendtag = handle_starttag


def article_of(html: str) -> str:
    match = re.search(r"<article\b.*?</article>", html, re.S | re.I)
    assert match, "page has no <article>"
    return match.group(0)


@pytest.fixture
def xss_page(browser):
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    # The payload <img src=x …> survives sanitising as a plain, harmless <img src="x">: its 404 is expected.
    watched.allowed_console.append(re.compile(rf"404 .*\(http://127\.0\.0\.1:\d+/cadres/{XSS_CADRE_ID}/x:"))
    pwned: list[str] = []
    context.expose_binding("__reportPwned", lambda source, value, url: pwned.append(f"__pwned={value} on {url}"))
    context.add_init_script(_TRAP)
    yield watched, pwned
    context.close()


def settle(page) -> None:
    """Let a pending javascript: navigation or handler run, and deliver any binding call."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")


def test_build_warns_s601_and_succeeds(xss_site):
    assert "S601" in xss_site.build_output
    assert f"{XSS_CADRE_ID}.md" in xss_site.build_output
    assert (xss_site.root / "cadres" / XSS_CADRE_ID / "index.html").is_file()


def test_built_article_carries_no_active_content(xss_site):
    article = article_of(xss_site.html(XSS_PATH))
    assert "测试正文开头" in article and "测试正文结尾" in article, "the profile body must still be published"

    # Literal checks: escaped text (&lt;script&gt;) is fine, markup is not.
    assert not re.search(r"<\s*script", article, re.I), "a <script> element inside <article>"
    assert not re.search(r"<\s*iframe", article, re.I), "an <iframe> inside <article>"

    markup = _Markup()
    markup.feed(article)
    forbidden_tags = {"script", "iframe", "frame", "object", "embed", "style", "svg", "link", "meta", "base", "form"}
    assert not forbidden_tags & set(markup.tags), sorted(forbidden_tags & set(markup.tags))
    problems = []
    for tag, name, value in markup.attrs:
        if name.startswith("on"):
            problems.append(f"<{tag} {name}={value!r}> (event handler: onerror/onload/…)")
        if name in {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"} and re.match(
            r"\s*(javascript|vbscript|data):", value, re.I
        ):
            problems.append(f"<{tag} {name}={value!r}> (javascript: URL)")
        if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
            problems.append(f"<{tag} style={value!r}> (style= with url()")
    assert not problems, "active content in the article:\n  " + "\n  ".join(problems)

    # Field values are shown as text, never interpreted as markup.
    assert "&lt;script&gt;window.__pwned=6&lt;/script&gt;" in article


def test_hostile_profile_runs_nothing_when_opened_and_clicked(xss_page, xss_site):
    watched, pwned = xss_page
    page = watched.page
    url = xss_site.page_url(XSS_PATH)

    response = page.goto(url)
    assert response.status == 200
    settle(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip().startswith("测试</title>")
    # <style>body{display:none}</style> did not hide the page; no frame was embedded.
    assert page.locator("body").evaluate("el => getComputedStyle(el).display") != "none"
    assert page.locator("article").is_visible()
    assert len(page.frames) == 1, [f.url for f in page.frames]

    links = page.locator("article a")
    count = links.count()
    assert count >= 5
    clicked = []
    for index in range(count):
        if page.url != url:
            page.goto(url)
            settle(page)
        link = page.locator("article a").nth(index)
        label = link.evaluate("a => a.outerHTML")
        link.scroll_into_view_if_needed()
        link.hover()  # Material shows permalinks on hover
        link.click()
        settle(page)
        clicked.append(label)
        if page.url.split("#")[0] == url:
            assert page.evaluate("typeof window.__pwned") == "undefined", f"after clicking {label}"
        assert not pwned, f"after clicking {label}: {pwned}"

    assert not pwned, pwned
    assert len(clicked) == count
    watched.assert_clean()


def test_search_results_for_the_hostile_profile_run_nothing(xss_page, xss_site):
    """Search results show titles, details and excerpts of the hostile profile: as text only."""
    watched, pwned = xss_page
    page = watched.page
    page.goto(xss_site.url)
    box = page.locator("input.md-search__input")
    box.click()
    for query in ["测试", "onerror", "script", "pwned"]:
        page.evaluate("document.querySelector('.sc-search').removeAttribute('data-sc-state')")
        box.fill(query)
        page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
        if query == "测试":
            links = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
            assert any(f"/cadres/{XSS_CADRE_ID}/" in href for href in links), links
            title = page.locator(f".md-search-result__item a[href*='/cadres/{XSS_CADRE_ID}/'] .sc-search-result__title")
            assert title.inner_text() == "测试</title><script>window.__pwned=20</script>"
        settle(page)
        results = page.locator(".md-search-result")
        active = results.locator("script, img, svg, iframe, style, [onerror], [onload], a[href^='javascript:' i]")
        assert active.count() == 0, f"{query}: " + "; ".join(active.evaluate_all("els => els.map(e => e.outerHTML)"))
        assert page.evaluate("typeof window.__pwned") == "undefined", query
    assert not pwned, pwned
    watched.assert_clean()


HOSTILE_PAGES = ["", "cohorts/", f"cohorts/{XSS_COHORT_ID}/", XSS_PATH.strip("/") + "/", "counties/cang-xi-xian/", "achievements/"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_names_titles_and_theme_ids_stay_inert(xss_page, xss_site, path):
    """Names and cohort fields that close <title>, and bodies that claim the theme's ids, change nothing."""
    watched, pwned = xss_page
    page = watched.page
    response = page.goto(xss_site.page_url(path))
    assert response.status == 200
    settle(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not pwned, pwned
    # Material's own settings are still the element it reads: no body can stand in for it.
    assert page.evaluate("document.querySelector('#__config').tagName") == "SCRIPT"
    assert "evil" not in page.evaluate("document.querySelector('#__config').textContent")
    assert page.evaluate("document.querySelectorAll('[id=\"__config\"], [id=\"__search\"]').length") == 2
    # Nothing swallowed the rest of the page: no textarea or template, and the footer is shown.
    assert page.locator("textarea, template").count() == 0
    assert page.locator("footer.md-footer").is_visible()
    watched.assert_clean()  # the theme fetched nothing from evil.example


def test_hostile_cadre_page_reads_as_text(xss_page, xss_site):
    watched, _ = xss_page
    page = watched.page
    page.goto(xss_site.page_url(XSS_PATH))
    settle(page)
    assert page.title() == "测试</title><script>window.__pwned=20</script> · 苍溪县 - 挂职干部风采"
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == "测试</title><script>window.__pwned=20</script>"
    article = page.locator("article")
    assert "测试正文结尾。" in article.inner_text()
    assert article.locator("a", has_text="测试批次</title>").count() >= 1  # the back link after the body survived
    cohort = page.goto(xss_site.page_url(f"cohorts/{XSS_COHORT_ID}/"))
    assert cohort.status == 200
    settle(page)
    assert page.title() == "测试批次</title><script>window.__pwned=21</script> - 挂职干部风采"
    assert "批次简介开头。" in page.locator("article").inner_text()
    assert page.locator("article h2", has_text="挂职干部").is_visible()  # after the summary's unclosed <template>
    watched.assert_clean()
