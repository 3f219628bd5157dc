"""`showcase stats` rules as tables: who is counted where, which year a figure belongs to, how bounds add up."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from showcase import stats
from showcase.aggregate import aggregate
from showcase.cli import build_parser
from showcase.dates import PartialDate
from showcase.exports import display_width
from showcase.metrics import DEFAULT_METRICS, Amount, Bound, parse_amount
from showcase.model import Achievement, Cadre, Cohort, Dataset, Source
from showcase.places import Gazetteer

GAZETTEER = Gazetteer()
CANGXI = GAZETTEER.resolve("苍溪县").place  # 四川省
SIHUI = GAZETTEER.resolve("四会市").place  # 广东省
DEQING = GAZETTEER.resolve("德庆县").place  # 广东省
AS_OF = dt.date(2026, 11, 25)


def item(title: str, date: PartialDate | None = None, **metrics: str | int) -> Achievement:
    amounts = {key: parse_amount(value, DEFAULT_METRICS[key].unit) for key, value in metrics.items()}
    return Achievement(title=title, date=date, metrics=amounts, source=Source("x.md"))


def cadre(cadre_id: str, cohort: Cohort, county, *achievements: Achievement, draft: bool = False) -> Cadre:
    return Cadre(
        id=cadre_id, cohort_id=cohort.id, name=cadre_id, county=county, start=cohort.start, draft=draft,
        achievements=achievements, source=Source(f"cohorts/{cohort.id}/{cadre_id}.md"),
    )


#: c1 (科技副职, term from 2012), c2 (博士服务团, no term), c3 (no programme, term from 2015).
C1 = Cohort(id="c1", name="第一批", program="科技副职", start=PartialDate(2012, 3), source=Source("c1"))
C2 = Cohort(id="c2", name="第二批", program="博士服务团", source=Source("c2"))
C3 = Cohort(id="c3", name="第三批", start=PartialDate(2015), source=Source("c3"))


def dataset() -> Dataset:
    data = Dataset(metrics=DEFAULT_METRICS, cohorts=[C1, C2, C3])
    data.cadres = [
        # two achievements in one county: counted once there; the undated one belongs to the term's 2012
        cadre("a", C1, CANGXI, item("x1", PartialDate(2013, 5), funds_secured="1200余万元", trainings_held=12), item("x2", funds_secured=300)),
        cadre("b", C1, CANGXI, item("x3", PartialDate(2014), funds_secured="近100万元")),
        cadre("c", C1, SIHUI),  # no achievements: counted in the year the term began
        # no term: the undated achievement has no year at all; the dated one does
        cadre("d", C2, SIHUI, item("x4", people_trained=500), item("x5", PartialDate(2016, 1, 2), funds_secured=50)),
        cadre("e", C2, DEQING),  # no achievements and no term: no year at all
        cadre("f", C3, CANGXI, item("x6", PartialDate(2015, 7), patents_filed=3)),
        cadre("g", C1, CANGXI, item("draft", PartialDate(2013), funds_secured=999), draft=True),  # never counted
    ]
    return data


SHOWCASE = aggregate(dataset())


def shape(result: stats.Stats) -> list[tuple]:
    """Each row as (cells, cadres, counties, {metric: (value, bound)})."""
    return [
        (row.cells, len(row.cadres), len(row.places), {k: (int(a.value), a.bound.value) for k, a in row.totals.items()})
        for row in (*result.rows, result.total)
    ]


APPROX, AT_LEAST, EXACT = "approx", "at_least", "exact"


@pytest.mark.parametrize(
    "by, since, until, expected, left_out",
    [
        # cohorts newest first, as the site lists them; 约 anywhere makes the sum 约
        ("cohort", None, None, [
            (("c3", "第三批"), 1, 1, {"patents_filed": (3, EXACT)}),
            (("c1", "第一批"), 3, 2, {"funds_secured": (1600, APPROX), "trainings_held": (12, EXACT)}),
            (("c2", "第二批"), 2, 2, {"people_trained": (500, EXACT), "funds_secured": (50, EXACT)}),
            (("合计", ""), 6, 3, {"patents_filed": (3, EXACT), "funds_secured": (1650, APPROX), "trainings_held": (12, EXACT), "people_trained": (500, EXACT)}),
        ], (0, 0)),
        # a cadre with two achievements in 苍溪县 is one cadre there
        ("county", None, None, [
            (("德庆县", "肇庆市", "广东省"), 1, 1, {}),  # in division-code order: 441226 before 441284
            (("四会市", "肇庆市", "广东省"), 2, 1, {"people_trained": (500, EXACT), "funds_secured": (50, EXACT)}),
            (("苍溪县", "广元市", "四川省"), 3, 1, {"funds_secured": (1600, APPROX), "trainings_held": (12, EXACT), "patents_filed": (3, EXACT)}),
            (("合计", "", ""), 6, 3, {"funds_secured": (1650, APPROX), "trainings_held": (12, EXACT), "people_trained": (500, EXACT), "patents_filed": (3, EXACT)}),
        ], (0, 0)),
        # provinces in division-code order: 广东 (44) before 四川 (51)
        ("province", None, None, [
            (("广东省",), 3, 2, {"people_trained": (500, EXACT), "funds_secured": (50, EXACT)}),
            (("四川省",), 3, 1, {"funds_secured": (1600, APPROX), "trainings_held": (12, EXACT), "patents_filed": (3, EXACT)}),
            (("合计",), 6, 3, {"funds_secured": (1650, APPROX), "trainings_held": (12, EXACT), "people_trained": (500, EXACT), "patents_filed": (3, EXACT)}),
        ], (0, 0)),
        # a cohort without a programme still has a row, named as such, last
        ("program", None, None, [
            (("博士服务团",), 2, 2, {"people_trained": (500, EXACT), "funds_secured": (50, EXACT)}),
            (("科技副职",), 3, 2, {"funds_secured": (1600, APPROX), "trainings_held": (12, EXACT)}),
            (("（未填写）",), 1, 1, {"patents_filed": (3, EXACT)}),
            (("合计",), 6, 3, {"funds_secured": (1650, APPROX), "trainings_held": (12, EXACT), "people_trained": (500, EXACT), "patents_filed": (3, EXACT)}),
        ], (0, 0)),
        # years ascending; d's undated x4 and e have no year: left out and counted as such
        ("year", None, None, [
            ((2012,), 2, 2, {"funds_secured": (300, EXACT)}),
            ((2013,), 1, 1, {"funds_secured": (1200, AT_LEAST), "trainings_held": (12, EXACT)}),
            ((2014,), 1, 1, {"funds_secured": (100, APPROX)}),
            ((2015,), 1, 1, {"patents_filed": (3, EXACT)}),
            ((2016,), 1, 1, {"funds_secured": (50, EXACT)}),
            (("合计",), 5, 2, {"funds_secured": (1650, APPROX), "trainings_held": (12, EXACT), "patents_filed": (3, EXACT)}),
        ], (1, 1)),
        # --since/--until are inclusive; exact + ≥ is ≥
        ("cohort", 2012, 2013, [
            (("c1", "第一批"), 2, 2, {"funds_secured": (1500, AT_LEAST), "trainings_held": (12, EXACT)}),
            (("合计", ""), 2, 2, {"funds_secured": (1500, AT_LEAST), "trainings_held": (12, EXACT)}),
        ], (1, 1)),
        ("county", 2013, 2014, [
            (("苍溪县", "广元市", "四川省"), 2, 1, {"funds_secured": (1300, APPROX), "trainings_held": (12, EXACT)}),
            (("合计", "", ""), 2, 1, {"funds_secured": (1300, APPROX), "trainings_held": (12, EXACT)}),
        ], (1, 1)),
        ("year", 2016, None, [((2016,), 1, 1, {"funds_secured": (50, EXACT)}), (("合计",), 1, 1, {"funds_secured": (50, EXACT)})], (1, 1)),
        ("program", None, 2011, [(("合计",), 0, 0, {})], (1, 1)),
    ],
)
def test_rows(by, since, until, expected, left_out):
    result = stats.compute(SHOWCASE, by, AS_OF, since, until)
    assert shape(result) == expected
    assert result.left_out == left_out


def test_without_a_year_rule_the_sums_are_the_sites():
    """No year asked for: the rows are exactly the cohort and county totals of the pages."""
    by_cohort = {row.cells[0]: row for row in stats.compute(SHOWCASE, "cohort", AS_OF).rows}
    for view in SHOWCASE.cohorts:
        assert by_cohort[view.cohort.id].totals == view.totals
        assert len(by_cohort[view.cohort.id].cadres) == len(view.cadres)
    by_county = stats.compute(SHOWCASE, "county", AS_OF).rows
    assert [(row.cells[0], row.totals) for row in by_county] == [(view.place.name, view.totals) for view in SHOWCASE.counties]
    assert stats.compute(SHOWCASE, "province", AS_OF).total.totals == SHOWCASE.totals


@pytest.mark.parametrize(
    "left_out, words",
    [
        ((0, 0), []),
        ((1, 1), ["1 项成果没有日期", "其中 1 位干部因此没有计入干部人数"]),
        ((3, 0), ["3 项成果没有日期"]),
        ((0, 2), ["2 位干部没有成果，也没有任期开始年份"]),
    ],
)
def test_left_out_note(left_out, words):
    result = stats.compute(SHOWCASE, "year", AS_OF)
    result.left_out = left_out
    note = result.left_out_note()
    assert (note == "") == (not words)
    for word in words:
        assert word in note


def test_table_is_aligned_for_a_terminal():
    text = stats.as_table(stats.compute(SHOWCASE, "county", AS_OF))
    table, footer = text.split("\n\n")
    lines = table.split("\n")
    assert lines[0].split() == ["挂职地", "所属市", "所属省", "干部人数", "争取资金（万元）", "培训人次（人次）", "培训/活动场次（场）", "专利申请（项）"]
    assert lines[-1].split()[:2] == ["合计", "6"]
    # the last column is right-aligned and CJK characters are two columns wide: every line ends at one column
    assert len({display_width(line) for line in lines}) == 1
    assert lines[3].split()[4:] == ["约", "1,600", "—", "12", "3"]  # 苍溪县: 约 1,600 万元
    assert footer == "数据截至 2026年11月25日"


def test_table_uses_the_larger_unit_and_names_the_year_rule():
    big = Dataset(metrics=DEFAULT_METRICS, cohorts=[C1], cadres=[cadre("a", C1, CANGXI, item("x", PartialDate(2013), funds_secured="3亿多元"))])
    text = stats.as_table(stats.compute(aggregate(big), "year", AS_OF, 2013, 2013))
    assert "争取资金（亿元）" in text.split("\n")[0]
    assert text.split("\n")[1].split() == ["2013", "1", "1", "≥", "3"]
    assert text.endswith("数据截至 2026年11月25日；2013—2013年（成果按日期所在年份计，没有日期的按任期开始年份计）")


def test_csv_has_a_bom_numbers_and_chinese_precision():
    text = stats.as_csv(stats.compute(SHOWCASE, "cohort", AS_OF))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [
        "批次编号", "批次", "干部人数", "县区数", "争取资金（万元）", "争取资金 精度", "培训人次（人次）", "培训人次 精度",
        "培训/活动场次（场）", "培训/活动场次 精度", "专利申请（项）", "专利申请 精度",
    ]
    assert rows[2] == ["c1", "第一批", "3", "2", "1600", "约", "", "", "12", "精确", "", ""]
    assert len(rows) == 4  # no 合计 line: SUM over a column is the total


def test_json_has_numbers_and_bound_flags():
    data = json.loads(stats.as_json(stats.compute(SHOWCASE, "year", AS_OF, 2013)))
    assert (data["by"], data["since"], data["until"], data["as_of"]) == ("year", 2013, None, "2026-11-25")
    assert data["rows"][0] == {
        "year": 2013, "cadres": 1, "counties": 1,
        "totals": {"funds_secured": {"value": 1200, "bound": "at_least", "raw": None}, "trainings_held": {"value": 12, "bound": "exact", "raw": None}},
    }
    assert data["total"]["totals"]["funds_secured"] == {"value": 1350, "bound": "approx", "raw": None}
    assert data["left_out"] == {"achievements": 1, "cadres": 1}
    assert data["metrics"]["funds_secured"] == {"label": "争取资金", "unit": "万元"}


def test_json_names_rows_in_english_with_null_for_what_is_not_given():
    rows = json.loads(stats.as_json(stats.compute(SHOWCASE, "program", AS_OF)))["rows"]
    assert [row["program"] for row in rows] == ["博士服务团", "科技副职", None]
    county = json.loads(stats.as_json(stats.compute(SHOWCASE, "county", AS_OF)))["rows"][1]
    assert {k: county[k] for k in ("county", "code", "city", "province")} == {"county": "四会市", "code": "441284", "city": "肇庆市", "province": "广东省"}


def test_fractional_amounts_stay_fractional():
    data = Dataset(metrics=DEFAULT_METRICS, cohorts=[C1], cadres=[cadre("a", C1, CANGXI, item("x", funds_secured="0.5"))])
    result = stats.compute(aggregate(data), "cohort", AS_OF)
    assert result.total.totals["funds_secured"] == Amount(Decimal("0.5"), Bound.EXACT)
    assert json.loads(stats.as_json(result))["total"]["totals"]["funds_secured"]["value"] == 0.5


def test_render_ends_each_format_with_a_newline():
    result = stats.compute(SHOWCASE, "cohort", AS_OF)
    for fmt in stats.FORMATS:
        assert stats.render(result, fmt).endswith("\n")


def test_the_command_line_offers_every_grouping_and_format():
    stats_parser = build_parser()._subparsers._group_actions[0].choices["stats"]
    choices = {action.dest: action.choices for action in stats_parser._actions if action.choices}
    assert (tuple(choices["by"]), tuple(choices["format"])) == (stats.GROUPINGS, stats.FORMATS)
