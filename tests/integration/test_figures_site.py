"""The figure rules on a real build: a cohort covered in full, one covered in part, one without profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import run_build

MKDOCS_YML = """\
site_name: 测试站
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase:
      today: 2026-06-01
      data_date: 2026-06-30
"""


def profile(name: str, county: str, metrics: str) -> str:
    return f"---\nname: {name}\ncounty: {county}\npost: 副县长\norigin: 某大学教授\nachievements:\n  - title: 成果\n    metrics: {{{metrics}}}\n---\n正文。\n"


FILES = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/index.md": "# 首页\n",
    "cohorts/full/cohort.yml": "name: 全收录批次\nsize: 2\nsource: 测试报告\nreported: {patents_filed: 10, funds_secured: 3亿多元}\n",
    "cohorts/full/zhang-san.md": profile("张三", "苍溪县", "patents_filed: 4, funds_secured: 200"),
    "cohorts/full/li-si.md": profile("李四", "苍溪县", "patents_filed: 3"),
    "cohorts/full/lectures.yml": "- title: 日期未定的讲座\n  speaker: zhang-san\n- date: 2026-07-15\n  title: 七月的讲座\n  speaker: li-si\n",
    "cohorts/part/cohort.yml": "name: 部分收录批次\nsize: 40\nreported: {patents_filed: 10}\n",
    "cohorts/part/wang-wu.md": profile("王五", "四会市", "patents_filed: 4"),
    "cohorts/empty/cohort.yml": "name: 没有个人资料的批次\nreported: {people_trained: 1万余人次}\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("figures")
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


def text_of(build, url: str) -> str:
    article = build.page(url).split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def row(build, url: str, label: str) -> list[str]:
    html = build.page(url)
    found = next(r for r in html.split("<tr>") if f"<td>{label}</td>" in r)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found, re.S)]


def test_a_cohort_covered_in_full_gets_a_difference(site):
    assert "本批 2 人，本站收录 2 人" in text_of(site, "cohorts/full")
    assert row(site, "cohorts/full", "专利申请（项）") == ["专利申请（项）", "7", "10", "+3"]
    assert row(site, "cohorts/full", "争取资金（亿元）") == ["争取资金（亿元）", "0.02", "≥ 3", "含下限，不相减"]


def test_a_cohort_covered_in_part_states_the_scope(site):
    assert "本批 40 人，本站收录 1 人" in text_of(site, "cohorts/part")
    assert row(site, "cohorts/part", "专利申请（项）") == ["专利申请（项）", "4", "10", "口径不同"]


def test_a_cohort_without_profiles_never_says_zero(site):
    text = text_of(site, "cohorts/empty")
    assert "本批次暂无公开的个人资料" in text
    assert not re.search(r"(?<![\d,.])0 ?(名|人|个)", text), text
    assert row(site, "cohorts/empty", "培训人次（人次）") == ["培训人次（人次）", "—", "≥ 10,000", "—"]


def test_site_wide_figures_keep_reported_and_computed_apart(site):
    cells = row(site, "achievements", "专利申请（项）")
    assert "10（全收录批次）" in cells[1] and "10（部分收录批次）" in cells[1]
    assert cells[2] == "11（3 人）"  # 个人页面合计, and how many pages give it
    assert figure_card(site, "", "争取资金") == ["争取资金", "≥ 3 亿元 报告公布 · 全收录批次", "个人页面合计 0.02 亿元（1 人的页面）"]


def figure_card(build, url: str, label: str) -> list[str]:
    """The lines of one figure card on the home page (label, each reported figure, the profiles' sum)."""
    cards = build.page(url).split('<div class="sc-figure">')[1:]
    card = next(c for c in cards if f'<p class="sc-figure__label">{label}</p>' in c).split("</div>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in re.findall(r"<p[^>]*>(.*?)</p>", card, re.S)]


@pytest.mark.parametrize("url", ["", "cohorts/full", "counties/cang-xi-xian", "achievements"])
def test_figure_pages_say_when_the_data_is_from(site, url):
    assert "数据截至 2026年6月30日" in text_of(site, url)


def test_unknown_facts_are_left_out(site):
    for page in Path(site.site).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "未写明" not in html and "某年" not in html, page
    assert "任期" not in text_of(site, "cohorts/full")


def test_undated_lectures_stand_under_date_to_be_fixed(site):
    schedule = text_of(site, "lectures")
    upcoming = schedule.split("即将举办", 1)[1].split("日期待定", 1)[0]
    assert "七月的讲座" in upcoming and "日期未定的讲座" not in upcoming
    assert "日期未定的讲座" in schedule.split("日期待定", 1)[1]
    home = text_of(site, "")
    assert "七月的讲座" in home and "日期未定的讲座" not in home


def test_the_directory_lists_every_published_cadre_without_javascript(site):
    overview = text_of(site, "directory")
    assert "本站收录 3 名挂职干部的个人页面" in overview
    assert "全收录批次 （2 人）" in overview and "四川省 （2 人）" in overview and "广东省 （1 人）" in overview
    cards = site.page("directory/cohort/full")
    assert 'href="../../../cadres/zhang-san/"' in cards and 'href="../../../cadres/li-si/"' in cards
    assert "<script" not in cards.split("<article", 1)[1].split("</article>", 1)[0]


def test_calendar_buttons_only_for_feeds_with_events(site):
    assert "订阅本批次讲座日历" in text_of(site, "cohorts/full")  # one dated lecture
    assert (site.site / "data" / "lectures" / "cohort-full.ics").is_file()
    assert "订阅本批次讲座日历" not in text_of(site, "cohorts/part")
    assert not (site.site / "data" / "lectures" / "cohort-part.ics").exists()
    schedule = site.page("lectures")
    assert 'href="../data/lectures.ics"' in schedule  # no site_url: the button downloads the file, as the help says
    assert "webcal://" not in schedule
