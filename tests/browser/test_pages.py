"""The real site in Chromium: home, cohort, county and cadre pages, and clicking between them.

Every test runs on a ``watched`` page: any request to a host other than 127.0.0.1, any console
error, page error or dialog fails it (see conftest.py).
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from .conftest import REPO_ROOT, screenshot_dir

pytestmark = pytest.mark.browser

ZHAOQING = "zhaoqing-keji-6"
ZHAOQING_CADRES = ["薛洪", "刘光大", "谭晓联", "古飞燕", "蔡祖顺", "李国章", "刘运通"]


def front_matter(path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1))


def showcase_json(site) -> dict:
    return json.loads((site.root / "data" / "showcase.json").read_text(encoding="utf-8"))


def goto(watched, site, path: str):
    page = watched.page
    response = page.goto(site.page_url(path))
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("load")
    return page


def click_and_wait(page, locator, url_pattern: str) -> None:
    """A real mouse click on a link, then wait for the new page to have loaded."""
    locator.scroll_into_view_if_needed()
    with page.expect_navigation(wait_until="load"):
        locator.click()
    assert re.search(url_pattern, page.url), f"expected to land on {url_pattern}, got {page.url}"


def h1(page) -> str:
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def test_home_shows_headline_numbers_and_lists_cohorts(watched, site):
    page = goto(watched, site, "/")
    data = showcase_json(site)

    headline = page.locator(".sc-headline")
    assert headline.is_visible()
    text = re.sub(r"\s+", "", headline.inner_text())
    assert f"{len(data['cohorts'])}个批次" in text, text
    assert f"{len(data['cadres'])}名干部的个人页面" in text, text
    divisions = [c for c in data["counties"] if c["code"]]  # 县（市、区） counts county-level divisions only
    assert f"{len(divisions)}个县（市、区）另有开发区、地级市等{len(data['counties']) - len(divisions)}处" in text, text
    assert f"{len(data['lectures'])}场讲座" in text, text

    article = page.locator("article")
    for cohort in data["cohorts"]:
        link = article.locator(f"a[href='{cohort['url']}']").first
        assert link.is_visible(), f"home does not link cohort {cohort['id']}"
        assert link.inner_text().strip() == cohort["name"]

    # The header, footer (ICP number) and the search box are there too.
    assert page.locator("input.md-search__input").count() == 1
    assert "ICP" in page.locator("footer").inner_text()
    watched.assert_clean()


def test_cohort_page_shows_its_cadres_as_cards_linking_to_their_pages(watched, site):
    page = goto(watched, site, f"/cohorts/{ZHAOQING}/")
    assert h1(page) == "广东省第六批科技副职（肇庆）"
    page.screenshot(path=str(screenshot_dir() / "browser-cohort.png"), full_page=True)

    cards = page.locator("article .grid.cards li")
    assert cards.count() == len(ZHAOQING_CADRES)
    # Material's grid cards are laid out as a CSS grid, not as a bullet list.
    assert page.locator("article .grid.cards").first.evaluate("el => getComputedStyle(el).display") == "grid"

    cadres = {c["name"]: c for c in showcase_json(site)["cadres"] if c["cohort"] == ZHAOQING}
    assert sorted(cadres) == sorted(ZHAOQING_CADRES)
    for name in ZHAOQING_CADRES:
        card = cards.filter(has_text=name)
        assert card.count() == 1, f"no single card for {name}"
        assert card.is_visible()
        link = card.get_by_role("link", name=name, exact=True)
        assert link.is_visible()
        assert link.get_attribute("href").endswith(cadres[name]["url"]), link.get_attribute("href")

    # Each card's link leads to that cadre's page.
    for name in ZHAOQING_CADRES:
        link = page.locator("article .grid.cards").get_by_role("link", name=name, exact=True)
        click_and_wait(page, link, re.escape(cadres[name]["url"]) + "$")
        assert h1(page) == name
        page.go_back(wait_until="load")
        assert page.url.endswith(f"/cohorts/{ZHAOQING}/")

    watched.assert_clean()


def test_county_page_shows_county_and_its_cadres(watched, site):
    page = goto(watched, site, "/counties/cang-xi-xian/")
    assert h1(page) == "苍溪县"
    article = page.locator("article")
    assert "四川省" in article.inner_text() and "广元市" in article.inner_text()
    miao = article.locator(".grid.cards").get_by_role("link", name="苗苗", exact=True)
    assert miao.is_visible()
    assert miao.get_attribute("href").endswith("cadres/miao-miao/")
    assert article.get_by_role("link", name="苍溪县省市挂职干部").first.is_visible()
    watched.assert_clean()


def test_cadre_page_shows_name_post_county_and_cohort(watched, site):
    profile = front_matter(REPO_ROOT / "cohorts" / "cangxi" / "miao-miao.md")
    cohort = yaml.safe_load((REPO_ROOT / "cohorts" / "cangxi" / "cohort.yml").read_text(encoding="utf-8"))

    page = goto(watched, site, "/cadres/miao-miao/")
    assert h1(page) == profile["name"] == "苗苗"
    article = page.locator("article")
    assert article.get_by_text(profile["post"], exact=True).first.is_visible()
    assert article.get_by_text(profile["origin"], exact=True).first.is_visible()

    county = article.get_by_role("link", name="苍溪县", exact=True).first
    assert county.is_visible()
    assert county.get_attribute("href").endswith("counties/cang-xi-xian/")

    back = article.locator("a[href$='cohorts/cangxi/']")
    assert back.count() >= 1
    assert cohort["name"] in back.first.inner_text()
    # The page body (the cadre's own account) is rendered too.
    assert "城市品牌建设与推广" in article.inner_text()

    page.screenshot(path=str(screenshot_dir() / "browser-cadre.png"), full_page=True)
    watched.assert_clean()


@pytest.mark.parametrize(
    ("cohort_id", "county_name", "county_slug", "cadre_name", "cadre_id"),
    [
        (ZHAOQING, "端州区", "duan-zhou-qu", "薛洪", "xue-hong"),
        ("cangxi", "苍溪县", "cang-xi-xian", "苗苗", "miao-miao"),
    ],
)
def test_click_through_cohort_county_cadre_and_back(watched, site, cohort_id, county_name, county_slug, cadre_name, cadre_id):
    page = goto(watched, site, f"/cohorts/{cohort_id}/")
    cohort_title = h1(page)

    county_link = page.locator("article").get_by_role("link", name=county_name, exact=True).first
    click_and_wait(page, county_link, rf"/counties/{county_slug}/$")
    assert h1(page) == county_name

    cadre_link = page.locator("article .grid.cards").get_by_role("link", name=cadre_name, exact=True)
    click_and_wait(page, cadre_link, rf"/cadres/{cadre_id}/$")
    assert h1(page) == cadre_name

    back = page.locator(f"article a[href$='cohorts/{cohort_id}/']").last
    click_and_wait(page, back, rf"/cohorts/{cohort_id}/$")
    assert h1(page) == cohort_title
    watched.assert_clean()


@pytest.mark.parametrize("path", ["/cohorts/", "/counties/", "/lectures/", "/achievements/", "/about/", "/contribute/"])
def test_index_pages_load_cleanly(watched, site, path):
    page = goto(watched, site, path)
    assert h1(page)
    watched.assert_clean()


@pytest.mark.parametrize("path", ["/", f"/cohorts/{ZHAOQING}/", "/cadres/miao-miao/", "/lectures/"])
def test_pages_fit_a_phone_screen(browser, site, path):
    """On a 375 px wide phone the page does not scroll sideways (wide tables scroll inside their box)."""
    from .conftest import open_watched

    context, watched = open_watched(browser, viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = goto(watched, site, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a 375px phone screen"
        watched.assert_clean()
    finally:
        context.close()
