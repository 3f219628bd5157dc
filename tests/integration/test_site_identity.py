"""How the example site presents itself: its section tabs, emblem, footer and what stays out of the public nav."""

from __future__ import annotations

import re

import pytest

from showcase.plugin import EMBLEM_URI, POLICE_BADGE_URI

from .conftest import copy_repo_site, run_build


def active_tab(html: str) -> str:
    """The label of the tab marked as the current section (empty when none is)."""
    found = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a [^>]*>\s*([^<]+?)\s*</a>', html)
    assert len(found) <= 1, found
    return found[0] if found else ""


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        ("", "首页"),
        ("cohorts", "挂职批次"),
        ("cohorts/zhaoqing-keji-6", "挂职批次"),
        ("cadres/liu-guang-da", "挂职批次"),
        ("counties/cang-xi-xian", "挂职县区"),
        ("directory", "干部名录"),
        ("directory/cohort/zhaoqing-keji-6", "干部名录"),
        ("achievements", "成果统计"),
    ],
)
def test_every_page_marks_its_section_tab(example_build, url, tab):
    assert active_tab(example_build.page(url)) == tab


def test_a_section_is_marked_for_its_own_pages_only(example_build):
    """The mark is taken off after each page: a hand-written page built later is not in 挂职批次."""
    assert active_tab(example_build.page("about")) == "关于"


def test_the_emblem_is_logo_and_favicon(example_build):
    html = example_build.page("cadres/liu-guang-da")
    assert f'<link rel="icon" href="../../{EMBLEM_URI}">' in html
    assert f'<img src="../../{EMBLEM_URI}" alt="">' in html
    assert (example_build.site / EMBLEM_URI).read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert "favicon.png" not in html and 'alt="logo"' not in html


def test_a_site_keeps_its_own_logo_and_favicon(tmp_path):
    root = copy_repo_site(tmp_path / "site")
    (root / "docs/images").mkdir()
    (root / "docs/images/mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  # logo: images/logo.svg", "  logo: images/mark.svg").replace("  # favicon: images/logo.svg", "  favicon: images/mark.svg")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.output
    html = build.page("")
    assert '<link rel="icon" href="images/mark.svg">' in html and '<img src="images/mark.svg" alt="">' in html
    assert EMBLEM_URI not in html


def test_the_police_filing_links_to_the_ministry_with_its_badge(example_build):
    html = example_build.page("")
    link = re.search(r'<a href="([^"]+)" rel="noreferrer" target="_blank"><img class="sc-filing__badge" src="([^"]+)" alt=""[^>]*>([^<]+)</a>', html)
    assert link, html[-3000:]
    assert link.group(1) == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000000"
    assert link.group(2) == POLICE_BADGE_URI and (example_build.site / POLICE_BADGE_URI).is_file()
    assert link.group(3).strip() == "京公网安备 11010502000000号"


def test_the_contribution_guide_is_a_footer_link_not_a_tab_nor_searched(example_build):
    home = example_build.page("")
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*<', home)
    assert tabs == ["首页", "挂职批次", "干部名录", "挂职县区", "讲座安排", "成果统计", "关于"]
    assert '<a href="contribute/">如何提交资料</a>' in home
    guide = example_build.page("contribute")
    assert "data-pagefind-body" not in guide
    assert "data-pagefind-body" in example_build.page("about")


def test_a_footer_link_to_a_missing_page_fails_the_build(tmp_path):
    root = copy_repo_site(tmp_path / "site")
    (root / "docs/contribute.md").unlink()
    build = run_build(root)
    assert build.returncode != 0
    assert "footer_links 指向 contribute.md，但 docs 目录中没有这个页面" in build.output


def test_no_english_in_the_interface(example_build):
    """Material's English strings a visitor could meet (tooltips, alt texts) are replaced or translated."""
    for url in ("", "cadres/liu-guang-da", "achievements"):
        html = example_build.page(url)
        for english in ("Permanent link", 'alt="logo"', ">JSON<", "Back to top", "Initializing search"):
            assert english not in html, (url, english)


def test_the_larger_text_switch_is_in_every_header(example_build):
    for url in ("", "cadres/liu-guang-da", "contribute"):
        html = example_build.page(url)
        assert re.search(r'<button type="button" class="md-header__button md-icon sc-textsize" data-sc-textsize hidden aria-pressed="false" aria-label="大字模式"', html)
        assert 'localStorage.getItem("sc-large-text")' in html.split("</head>")[0]
