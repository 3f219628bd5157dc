"""Reading the site as an older visitor or a phone user would: the larger-text switch (适老化), page titles
and the section tab of a generated page."""

from __future__ import annotations

import pytest

from .conftest import open_watched, screenshot_dir

pytestmark = pytest.mark.browser


def font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")


def test_larger_text_grows_the_text_and_is_remembered(browser, site):
    context, watched = open_watched(browser, viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = watched.page
        page.goto(site.page_url("/"))
        switch = page.get_by_role("button", name="大字模式")
        assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
        normal = font_size(page)
        switch.click()
        assert switch.get_attribute("aria-pressed") == "true"
        assert font_size(page) == pytest.approx(normal * 1.25, rel=0.02)

        page.goto(site.page_url("/cadres/liu-guang-da/"))  # another page, and a reload: still large
        assert font_size(page) == pytest.approx(normal * 1.25, rel=0.02)
        page.reload()
        assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(screenshot_dir() / "large-text-cadre-390.png"), full_page=True)

        page.get_by_role("button", name="大字模式").click()
        page.reload()
        assert font_size(page) == pytest.approx(normal, rel=0.02)
        watched.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/cohorts/zhaoqing-keji-6/", "/achievements/", "/lectures/", "/directory/"])
def test_larger_text_never_makes_a_page_scroll_sideways(browser, site, path):
    context, watched = open_watched(browser, viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = watched.page
        page.goto(site.page_url(path))
        page.get_by_role("button", name="大字模式").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        header = page.evaluate("[...document.querySelectorAll('.md-header__inner > *')].map(e => e.getBoundingClientRect().right)")
        assert max(header) <= 390, header
        watched.assert_clean()
    finally:
        context.close()


def test_without_javascript_the_switch_is_not_offered(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(site.page_url("/"))
        assert page.locator("[data-sc-textsize]").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_titles_are_in_full_contrast(browser, site, scheme):
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = watched.page
        page.goto(site.page_url("/cadres/liu-guang-da/"))
        title, body = page.evaluate("[getComputedStyle(document.querySelector('article h1')).color, getComputedStyle(document.querySelector('article p')).color]")
        assert title == body
    finally:
        context.close()


def test_a_generated_page_shows_its_section_tab(browser, site):
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 800})
    try:
        page = watched.page
        page.goto(site.page_url("/counties/cang-xi-xian/"))
        active = page.locator(".md-tabs__item--active .md-tabs__link")
        assert active.inner_text().strip() == "挂职县区"
        assert page.evaluate("(a) => getComputedStyle(a).fontWeight", active.element_handle()) == "700"
    finally:
        context.close()
