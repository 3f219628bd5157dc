"""Charts, the county-by-county table and the printable 汇编 on real builds of the example site."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from .conftest import Build, copy_repo_site, run_build

CHART = re.compile(r'<figure class="sc-chart">(.*?)</figure>\s*<details class="sc-chart__data">(.*?)</details>', re.S)


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def charts(page: str) -> list[dict]:
    """Each chart of a page: its SVG's name, description, labels and figures, and its data table's rows."""
    found = []
    for figure, details in CHART.findall(page):
        svg = re.search(r"<svg [^>]*>.*?</svg>", figure, re.S).group(0)
        labels = []
        for label in re.findall(r'<text class="sc-chart__label"[^>]*>(.*?)</text>', svg, re.S):
            tooltip = re.search(r"<title>(.*?)</title>", label, re.S)
            labels.append(text(tooltip.group(1)) if tooltip else "".join(text(t) for t in re.findall(r"<tspan[^>]*>(.*?)</tspan>", label, re.S)))
        found.append({
            "labelledby": re.search(r'aria-labelledby="([^"]*)"', svg).group(1).split(),
            "role": re.search(r'role="([^"]*)"', svg).group(1),
            "title": re.search(r'<title id="([^"]+)">(.*?)</title>', svg, re.S).groups(),
            "desc": re.search(r'<desc id="([^"]+)">(.*?)</desc>', svg, re.S).groups(),
            "labels": labels,
            "figures": [text(v) for v in re.findall(r'<text class="sc-chart__value"[^>]*>(.*?)</text>', svg, re.S)],
            "rows": [(text(a), text(b)) for a, b in re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*</tr>", details, re.S)],
        })
    return found


def figure_pages(build: Build) -> dict[str, str]:
    pages = {"achievements": build.page("achievements")}
    for kind in ("cohorts", "counties"):
        for index in sorted((build.site / kind).glob("*/index.html")):
            pages[index.parent.relative_to(build.site).as_posix()] = index.read_text(encoding="utf-8")
    return pages


def assert_charts_are_accessible_and_match_their_tables(pages: dict[str, str]) -> int:
    drawn = 0
    for url, page in pages.items():
        assert "sc-bar" not in page, url  # one way of drawing charts
        ids = re.findall(r'\sid="([^"]*)"', page)
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
        for chart in charts(page):
            drawn += 1
            (title_id, title), (desc_id, desc) = chart["title"], chart["desc"]
            assert chart["role"] == "img" and chart["labelledby"] == [title_id, desc_id], url
            assert title.strip() and desc.strip() and not title_id.startswith("__"), url
            assert chart["rows"] == list(zip(chart["labels"], chart["figures"])), url
            assert len(chart["rows"]) >= 2, url  # one bar compares nothing
        assert page.count('class="sc-chart"') == len(charts(page)), f"{url}: a chart without its data table"
    return drawn


def test_every_chart_has_a_name_a_description_and_a_table_with_its_numbers(example_build):
    pages = figure_pages(example_build)
    assert assert_charts_are_accessible_and_match_their_tables(pages) >= 3
    [by_place] = charts(pages["cohorts/famous-postings"])
    assert by_place["rows"] == [("蒙城县", "约 5"), ("丽江市", "40")]
    assert "约 5" in by_place["desc"][1] and "“约”表示概数" in by_place["desc"][1]
    by_year = charts(pages["achievements"])
    assert by_year[0]["title"][1] == "挂职干部人数（人）：按任期开始年份"


def test_the_year_chart_counts_every_published_cadre_with_a_known_start(example_build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    years: dict[str, int] = {}
    for cadre in data["cadres"]:
        if cadre["start"]:
            years[f"{cadre['start'][:4]}年"] = years.get(f"{cadre['start'][:4]}年", 0) + 1
    by_year = charts(example_build.page("achievements"))[0]
    assert dict((label, int(figure)) for label, figure in by_year["rows"]) == years
    unknown = len(data["cadres"]) - sum(years.values())
    assert f"任期开始年份不详的 {unknown} 人未计入" in example_build.page("achievements")


def test_the_county_by_county_table_counts_what_showcase_json_lists(example_build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    cohort_of = {cadre["id"]: cadre["cohort"] for cadre in data["cadres"]}
    page = example_build.page("achievements")
    section = page.split('id="各县区全部批次"', 1)[1].split("</table>", 1)[0]
    header = [text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", section, re.S)]
    assert header[:3] == ["挂职地", "挂职干部（人）", "批次（个）"]
    assert all(re.fullmatch(r".+（.+）", cell) for cell in header[1:])  # one unit per column, in its header
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        link = re.search(r'href="\.\./([^"]+)"', cells[0])
        rows[link.group(1) if link else text(cells[0])] = [text(cell) for cell in cells[1:]]
    expected = {c["url"]: (len(c["cadres"]), len({cohort_of[i] for i in c["cadres"]})) for c in data["counties"] if c["cadres"]}
    total = rows.pop("合计")
    assert {url: (int(cells[0]), int(cells[1])) for url, cells in rows.items()} == expected
    assert int(total[0]) == len(data["cadres"]) and int(total[1]) == len({c["cohort"] for c in data["cadres"]})


def test_each_cohort_has_a_printable_report_linked_from_its_page(example_build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    site_name = re.search(r"^site_name: (.+)$", (example_build.root / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1).strip()
    for cohort in data["cohorts"]:
        assert 'href="report/"' in example_build.page(cohort["url"]) and "汇编（可打印）" in example_build.page(cohort["url"])
        report = example_build.page(cohort["url"] + "report")
        assert "data-pagefind-body" not in report  # every line of it is on other pages: kept out of search
        article = report.split('<div class="sc-report-cover">', 1)[1]
        assert "<h1" in article and html.escape(cohort["name"], quote=False) in article
        assert f'<p class="sc-report-cover__site">{site_name}</p>' in article
        assert re.search(r'<p class="sc-report-cover__as-of">数据截至 \d{4}年\d{1,2}月\d{1,2}日</p>', article)
        names = [text(h) for h in re.findall(r'<div class="sc-report__cadre">\s*<h3[^>]*>(.*?)<a class="headerlink"', article, re.S)]
        assert names == [c["name"] for c in data["cadres"] if c["cohort"] == cohort["id"]]
    zhaoqing = example_build.page("cohorts/zhaoqing-keji-6/report")
    assert "中共广东省委组织部、广东省科技厅" in zhaoqing and "报告公布" in zhaoqing
    assert "原文“近150万元”" in zhaoqing  # an achievement's figure in its original wording
    assert zhaoqing.count("资料来源：据公开报道整理") == 1  # one source, listed once with the cadres it covers


@pytest.fixture(scope="module")
def shared_county(tmp_path_factory) -> Build:
    """The example with a second cohort in 苍溪县, whose page then charts the two cohorts' records."""
    root = copy_repo_site(tmp_path_factory.mktemp("shared-county"))
    profile = "---\nname: 张测试\ncounty: 苍溪县\npost: 苍溪县副县长\norigin: 某大学教授\nachievements:\n  - title: 争取项目资金\n    metrics: {funds_secured: 2亿元}\n---\n正文。\n"
    Path(root / "cohorts" / "famous-postings" / "zhang-ce-shi.md").write_text(profile, encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


def test_a_county_served_by_two_cohorts_charts_them(shared_county):
    page = shared_county.page("counties/cang-xi-xian")
    [funds] = charts(page)
    assert funds["title"][1] == "争取资金（亿元）：个人页面合计，按批次"
    assert funds["rows"] == [("名人挂职（丽江、蒙城）", "2"), ("苍溪县省市挂职干部", "≥ 0.12")]
    assert assert_charts_are_accessible_and_match_their_tables(figure_pages(shared_county)) >= 4
