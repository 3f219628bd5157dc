"""Figures a reporter can quote: reported beside computed, one unit per row or column, no false difference."""

from __future__ import annotations

from decimal import Decimal

import pytest

from showcase.aggregate import Comparison
from showcase.metrics import Amount, Bound, Metric, format_amount, format_in, shown_unit

FUNDS = Metric("funds_secured", "争取资金", "万元")
PATENTS = Metric("patents_filed", "专利申请", "项")


def amount(value, bound=Bound.EXACT) -> Amount:
    return Amount(Decimal(value), bound)


@pytest.mark.parametrize(
    "metric, computed, reported, complete, unit, cells",
    [
        # both exact, every member of the cohort has a page: the difference means something
        (PATENTS, amount(300), amount(342), True, "项", ("300", "342", "+42", "")),
        (PATENTS, amount(342), amount(300), True, "项", ("342", "300", "−42", "")),
        (PATENTS, amount(342), amount(342), True, "项", ("342", "342", "0", "")),
        # a lower bound on either side: no subtraction, the reason instead
        (PATENTS, amount(300), amount(500, Bound.AT_LEAST), True, "项", ("300", "≥ 500", "", "含下限，不相减")),
        (PATENTS, amount(300, Bound.AT_LEAST), amount(500), True, "项", ("≥ 300", "500", "", "含下限，不相减")),
        (PATENTS, amount(300), amount(500, Bound.APPROX), True, "项", ("300", "约 500", "", "含约数，不相减")),
        # pages that cover only part of the cohort: a different scope
        (PATENTS, amount(300), amount(342), False, "项", ("300", "342", "", "口径不同")),
        # one side only
        (PATENTS, None, amount(342), True, "项", ("—", "342", "", "")),
        (PATENTS, amount(12), None, False, "项", ("12", "—", "", "")),
        # one unit for the whole row: 亿元 once either side reaches it, 万元 otherwise
        (FUNDS, amount(8280, Bound.AT_LEAST), amount(30000, Bound.AT_LEAST), False, "亿元", ("≥ 0.828", "≥ 3", "", "含下限，不相减")),
        (FUNDS, amount(80), amount(9000), True, "万元", ("80", "9,000", "+8,920", "")),
        (FUNDS, amount(5000), amount(25000), True, "亿元", ("0.5", "2.5", "+2", "")),
    ],
)
def test_comparison_rows(metric, computed, reported, complete, unit, cells):
    row = Comparison(metric, computed, reported, complete)
    assert row.unit == unit
    assert (row.computed_text, row.reported_text, row.difference_text, row.note) == cells


@pytest.mark.parametrize(
    "unit, values, expected",
    [
        ("万元", [9000], "万元"), ("万元", [9999, 5], "万元"), ("万元", [10000, 5], "亿元"), ("万元", [], "万元"),
        ("人次", [99999], "人次"), ("人次", [100000], "万人次"), ("项", [10**9], "项"),
    ],
)
def test_one_unit_for_a_row_or_column(unit, values, expected):
    assert shown_unit(unit, [amount(v) for v in values] + [None]) == expected


@pytest.mark.parametrize(
    "value, unit, shown, text",
    [
        (5, "万元", "亿元", "0.0005"), (69300, "万元", "亿元", "6.93"), (30000, "万元", "亿元", "3"),
        ("1234.567", "万元", "万元", "1,234.57"), (400000, "人次", "万人次", "40"), (180, "场", "场", "180"),
    ],
)
def test_numbers_in_the_unit_the_column_states(value, unit, shown, text):
    assert format_in(amount(value), unit, shown) == text


def test_a_figure_in_a_sentence_names_its_own_unit():
    assert format_amount(amount(69300), "万元") == "6.93 亿元"
    assert format_amount(amount(8280, Bound.AT_LEAST), "万元") == "≥ 8,280 万元"
    assert format_amount(amount(40000, Bound.APPROX), "人次") == "约 40,000 人次"


def test_cohort_charts_are_computed_in_python_from_places_that_report_the_metric():
    from showcase.aggregate import aggregate
    from showcase.model import Achievement, Cadre, Cohort, Dataset, Source
    from showcase.places import Gazetteer
    from showcase.views import Urls, cohort_charts

    gazetteer = Gazetteer()
    data = Dataset(metrics={"funds_secured": FUNDS, "patents_filed": PATENTS})
    data.cohorts.append(Cohort(id="c", name="批次", source=Source("c.yml")))
    for cadre_id, county, funds, patents in (("a", "苍溪县", 30000, 3), ("b", "四会市", 7500, None), ("c", "德庆县", None, None)):
        metrics = {"funds_secured": amount(funds)} if funds else {}
        if patents:
            metrics["patents_filed"] = amount(patents)
        data.cadres.append(
            Cadre(id=cadre_id, cohort_id="c", name=cadre_id, county=gazetteer.resolve(county).place, source=Source(f"{cadre_id}.md"),
                  achievements=(Achievement(title="成果", metrics=metrics, source=Source(f"{cadre_id}.md")),))
        )
    showcase = aggregate(data)
    [chart] = cohort_charts(showcase, showcase.cohort_view("c"), Urls(gazetteer))  # patents: one place only, no chart
    assert chart.title == "争取资金（亿元）：个人页面合计，按挂职地"
    assert (chart.axis, chart.measure, chart.unit) == ("挂职地", "争取资金", "亿元")  # one unit for every bar
    assert sorted((bar.label, bar.value, bar.figure, bar.uri) for bar in chart.bars) == [
        ("四会市", 7500, "0.75", "counties/si-hui-shi/index.md"),
        ("苍溪县", 30000, "3", "counties/cang-xi-xian/index.md"),
    ]
