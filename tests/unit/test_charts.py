"""Charts drawn at build time: the series views.py computes, the SVG charts.py draws, the table beside it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from showcase.aggregate import aggregate
from showcase.charts import WIDTH, svg, wrap
from showcase.dates import PartialDate
from showcase.metrics import DEFAULT_METRICS, Amount, Bound
from showcase.model import Achievement, Cadre, Cohort, Dataset, Source
from showcase.places import Gazetteer
from showcase.render import Renderer
from showcase.sanitize import sanitize_page
from showcase.views import Bar, Chart, Urls, cohort_charts, county_charts, places_table, year_charts

GAZETTEER = Gazetteer()
URLS = Urls(GAZETTEER)
HOSTILE = '</svg><script>alert(1)</script><img src=x onerror=alert(2)>"\'&'


def chart(*bars: tuple[str, str, str], key: str = "k", unit: str = "万元") -> Chart:
    return Chart(key, "争取资金（万元）：个人页面合计，按挂职地", "挂职地", "争取资金", unit, [Bar(label, Decimal(value), figure) for label, value, figure in bars])


def drawn(c: Chart) -> ET.Element:
    """The SVG parsed as XML: a parse error fails the test."""
    return ET.fromstring(svg(c))


def values(root: ET.Element) -> list[str]:
    return [node.text for node in root.iter("text") if node.get("class") == "sc-chart__value"]


def labels(root: ET.Element) -> list[str]:
    return ["".join(t.text for t in node.iter("tspan")) for node in root.iter("text") if node.get("class") == "sc-chart__label"]


def bars(root: ET.Element) -> list[float]:
    return [float(node.get("width")) for node in root.iter("rect") if node.get("class") == "sc-chart__bar"]


# --- the SVG ---------------------------------------------------------------------------------------


def test_the_svg_is_xml_named_and_described_for_screen_readers():
    root = drawn(chart(("德庆县", "180", "≥ 180"), ("广宁县", "150", "约 150"), ("四会市", "80", "80")))
    assert root.tag == "svg" and root.get("role") == "img"
    title, desc = root.find("title"), root.find("desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "争取资金（万元）：个人页面合计，按挂职地"
    assert "德庆县 ≥ 180" in desc.text and "“≥”表示下限" in desc.text and "“约”表示概数" in desc.text
    assert values(root) == ["≥ 180", "约 150", "80"]  # lower bounds and approximations say so on the bar
    assert labels(root) == ["德庆县", "广宁县", "四会市"]


def test_bars_are_as_long_as_their_values_and_stay_inside_the_drawing():
    root = drawn(chart(("甲", "300", "300"), ("乙", "100", "100"), ("丙", "0", "0")))
    first, second, third = bars(root)
    assert second == pytest.approx(first / 3, abs=0.1) and third == 0
    width = float(root.get("viewBox").split()[2])
    assert width == WIDTH
    for node in root.iter("text"):
        if node.get("class") == "sc-chart__value":
            assert float(node.get("x")) + len(node.text) * 14 * 0.6 <= width


def test_ids_are_unique_and_never_the_themes():
    page = svg(chart(("甲", "1", "1"), key="by-place-funds_secured")) + svg(chart(("甲", "1", "1"), key="by-place-projects"))
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert len(ids) == 4 and len(set(ids)) == 4
    assert all(not i.startswith("__") and i.startswith("sc-chart-") for i in ids)
    assert all(i.startswith("sc-chart-") for i in re.findall(r'\bid="([^"]*)"', svg(chart(("甲", "1", "1"), key="__config"))))


def test_hostile_labels_and_titles_are_text():
    c = Chart("k", HOSTILE, HOSTILE, "m", "人", [Bar(HOSTILE, Decimal(1), "1"), Bar("乙\x00\x1b", Decimal(2), "2")])
    out = svg(c)
    assert "<script" not in out and "<img" not in out and out.count("</svg>") == 1
    root = ET.fromstring(out)  # control characters that XML cannot hold are gone
    assert root.find("title").text == " ".join(HOSTILE.split())
    full = [node.find("title").text for node in root.iter("text") if node.find("title") is not None]
    assert full == [" ".join(HOSTILE.split())]  # cut to two lines on the bar, whole in its tooltip
    assert labels(root)[1] == "乙"


def test_long_labels_wrap_to_two_lines_then_are_cut():
    assert wrap("广东省第六批科技副职（肇庆）", 10) == ["广东省第六批科技副职", "（肇庆）"]
    assert wrap("一二三四五六七八九十" * 3, 10) == ["一二三四五六七八九十", "一二三四五六七八九…"]
    root = drawn(chart(("广东省第六批科技副职（肇庆）", "1", "1"), ("短", "2", "2")))
    label = next(node for node in root.iter("text") if node.get("class") == "sc-chart__label")
    assert [t.text for t in label.iter("tspan")] == ["广东省第六批科技副职", "（肇庆）"]


def test_the_page_sanitiser_keeps_the_chart_as_drawn():
    out = svg(chart(("德庆县", "180", "≥ 180"), ("四会市", "80", "80")))
    assert sanitize_page(f'<figure class="sc-chart">{out}</figure>') == f'<figure class="sc-chart">{out}</figure>'


# --- the template: the SVG, then a table with the same figures ------------------------------------


def rendered(c: Chart) -> str:
    template = Renderer().env.from_string('{% import "_macros.html.j2" as m with context %}{{ m.chart(c) }}')
    return template.render(c=c, page_uri="cohorts/c/index.md")


def test_the_data_table_holds_the_numbers_the_bars_show():
    c = Chart("k", "标题", "挂职地", "争取资金", "万元", [
        Bar("德庆县", Decimal(180), "≥ 180", "counties/de-qing-xian/index.md"), Bar(HOSTILE, Decimal(80), "约 80"),
    ])
    html = rendered(c)
    root = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html, re.S)
    assert [cell for _, cell in rows] == values(root) == ["≥ 180", "约 80"]
    assert '<a href="../../counties/de-qing-xian/">德庆县</a>' in rows[0][0]
    assert "<script" not in html and "<img" not in html
    assert "<th>挂职地</th>" in html and "争取资金（万元）</th>" in html


# --- the series views.py computes -----------------------------------------------------------------


def amount(value, bound=Bound.EXACT) -> Amount:
    return Amount(Decimal(value), bound)


def example(with_metrics: bool = True):
    """Two cohorts in 苍溪县 (one also in 四会市), three start years and one cadre whose start is not known."""
    data = Dataset(metrics=DEFAULT_METRICS)
    data.cohorts.append(Cohort(id="old", name="老批次", start=PartialDate(2012, 3), source=Source("old.yml")))
    data.cohorts.append(Cohort(id="new", name="新批次", start=PartialDate(2020), source=Source("new.yml")))
    for cadre_id, cohort, county, start, metrics in (
        ("a", "old", "苍溪县", PartialDate(2012, 3), {"funds_secured": amount(1200, Bound.AT_LEAST)}),
        ("b", "old", "苍溪县", PartialDate(2012, 3), {}),
        ("c", "new", "苍溪县", PartialDate(2020), {"funds_secured": amount(30000), "people_trained": amount(600)}),
        ("d", "new", "四会市", PartialDate(2021), {"funds_secured": amount(80)}),
        ("e", "new", "四会市", None, {"funds_secured": amount(5)}),
    ):
        place = GAZETTEER.resolve(county).place
        achievements = (Achievement(title="成果", metrics=metrics, source=Source(f"{cadre_id}.md")),) if metrics and with_metrics else ()
        data.cadres.append(Cadre(id=cadre_id, cohort_id=cohort, name=cadre_id, county=place, start=start, achievements=achievements, source=Source(f"{cadre_id}.md")))
    return aggregate(data)


def test_a_county_page_charts_each_cohorts_totals_there():
    showcase = example()
    cangxi = next(view for view in showcase.counties if view.place.name == "苍溪县")
    [funds] = county_charts(showcase, cangxi, URLS)  # people_trained: one cohort only
    assert funds.key == "by-cohort-funds_secured" and funds.unit == "亿元"
    assert [(bar.label, bar.figure, bar.uri) for bar in funds.bars] == [("新批次", "3", "cohorts/new/index.md"), ("老批次", "≥ 0.12", "cohorts/old/index.md")]
    sihui = next(view for view in showcase.counties if view.place.name == "四会市")
    assert county_charts(showcase, sihui, URLS) == []  # one cohort: nothing to compare


def test_without_a_shared_metric_a_county_page_charts_the_cadres_each_cohort_sent():
    showcase = example(with_metrics=False)
    cangxi = next(view for view in showcase.counties if view.place.name == "苍溪县")
    [sent] = county_charts(showcase, cangxi, URLS)
    assert (sent.key, sent.unit) == ("cadres-by-cohort", "人")
    assert [(bar.label, bar.figure) for bar in sent.bars] == [("新批次", "1"), ("老批次", "2")]


def test_the_achievements_page_charts_cadres_and_main_metrics_by_start_year():
    showcase = example()
    cadres, funds = year_charts(showcase, URLS)  # people_trained: one year only
    assert [(bar.label, bar.figure, bar.uri) for bar in cadres.bars] == [
        ("2012年", "2", "directory/year/2012/index.md"), ("2020年", "1", "directory/year/2020/index.md"), ("2021年", "1", "directory/year/2021/index.md"),
    ]
    assert cadres.note == "任期开始年份不详的 1 人未计入。"
    assert funds.key == "by-year-funds_secured"
    assert [(bar.label, bar.figure) for bar in funds.bars] == [("2012年", "≥ 0.12"), ("2020年", "3"), ("2021年", "0.008")]


def test_chart_keys_are_unique_on_each_page():
    showcase = example()
    pages = [year_charts(showcase, URLS)]
    pages += [cohort_charts(showcase, view, URLS) for view in showcase.cohorts]
    pages += [county_charts(showcase, view, URLS) for view in showcase.counties]
    for charts in pages:
        assert len({c.key for c in charts}) == len(charts)


def test_the_county_by_county_table_counts_cadres_and_cohorts_across_cohorts():
    table = places_table(example())
    assert table.columns == [("挂职干部", "人"), ("批次", "个"), ("争取资金", "亿元"), ("培训人次", "人次")]
    rows = {place.name: cells for place, cells in table.rows}
    assert rows["苍溪县"] == ["3", "2", "≥ 3.12", "600"]
    assert rows["四会市"] == ["2", "1", "0.0085", "—"]
    assert table.total == ["5", "2", "≥ 3.1285", "600"]
