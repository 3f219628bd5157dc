"""axe-core finds no accessibility violation on the main pages, on a phone and on a desktop, in both palettes;
and nothing is wider than a phone's screen.

axe-core's JavaScript comes from the axe-playwright-python package itself and is injected with
``page.evaluate``: nothing is fetched (the watched page would fail on any request leaving 127.0.0.1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/", "/cohorts/", "/cohorts/zhaoqing-keji-6/", "/counties/cang-xi-xian/", "/counties/", "/cadres/liu-yun-tong/",
    "/cadres/miao-miao/", "/lectures/", "/achievements/", "/directory/", "/directory/cohort/zhaoqing-keji-6/",
]
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python import sync_playwright as axe_sync
    from axe_playwright_python.base import AXE_FILE_PATH

    # The package ships axe-core itself: no CDN, no network.
    assert Path(AXE_FILE_PATH).is_file() and Path(AXE_FILE_PATH).stat().st_size > 100_000
    axe = axe_sync.Axe()
    assert axe.axe_script.lstrip().startswith("/*! axe v")
    return axe


def describe(violations: list[dict], path: str) -> str:
    """One line per violation and per element: rule, impact, target selector, HTML and the reason."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']} on {path}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            reason = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            html = " ".join(node["html"].split())[:200]
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}  {html}  -- {reason}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_no_violations(browser, site, axe, path, scheme, width):
    """Each page is also kept as a full-page screenshot (conftest.screenshot_dir) for a person to review."""
    from .conftest import open_watched, screenshot_dir

    context, watched = open_watched(
        browser, viewport={"width": width, "height": 900}, locale="zh-CN", color_scheme=scheme
    )
    try:
        page = watched.page
        response = page.goto(site.page_url(path))
        assert response.status == 200
        page.wait_for_load_state("load")
        page.screenshot(path=str(screenshot_dir() / f"{path.strip('/').replace('/', '_') or 'home'}-{width}-{scheme}.png"), full_page=True)
        results = axe.run(page)
        violations = results.response["violations"]
        assert not violations, f"axe-core ({scheme} scheme, {width} px):\n" + describe(violations, path)
        watched.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_phone_screen(browser, site, path):
    """The page never scrolls sideways; a table wider than the screen scrolls inside its own box, which
    shows that it scrolls and can be reached with the keyboard."""
    from .conftest import open_watched

    context, watched = open_watched(browser, viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = watched.page
        page.goto(site.page_url(path))
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        wide = page.evaluate(
            """() => [...document.querySelectorAll('article table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
                 .map(t => { const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
                             const style = getComputedStyle(t.closest('.md-typeset__table') || box);
                             return {scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) || ['auto', 'scroll'].includes(style.overflowX),
                                     focusable: (t.closest('[tabindex]') || {}).tabIndex >= 0,
                                     labelled: !!(t.closest('[tabindex]') || {getAttribute: () => null}).getAttribute('aria-label')}; })"""
        )
        assert all(t["scrolls"] and t["focusable"] and t["labelled"] for t in wide), wide
        watched.assert_clean()
    finally:
        context.close()
