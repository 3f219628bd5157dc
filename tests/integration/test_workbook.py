"""data/showcase.xlsx: the workbook a department hands in. Opened with openpyxl, as Excel would read it."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from showcase.aggregate import Showcase, aggregate
from showcase.cli import load_settings
from showcase.exports import MAX_COLUMN_WIDTH, ZIP_DATE, Table, display_width, site_data_files, workbook_bytes
from showcase.issues import Report
from showcase.loader import load
from showcase.settings import Settings
from showcase.views import Urls

from .conftest import REPO, Build

SHEETS = ["批次", "县区", "干部", "成果", "讲座", "报告公布数"]
HYPERLINK = '=HYPERLINK("http://x","点我")'
AS_OF = "数据截至 2026年11月25日"

MKDOCS = {"site_name": "测试站", "site_url": "https://example.gov.cn/guazhi/", "plugins": [{"showcase": {"data_date": "2026-11-25"}}]}
FILES = {
    "cohorts/c1/cohort.yml": "name: 第一批\nprogram: 科技副职\nstart: 2012-03\nsize: 2\nreported:\n  funds_secured: 3亿多元\n  trainings_held: 12\n",
    "cohorts/c1/zhang-san.md": (
        "---\nname: 张三\ncounty: 苍溪县\npost: 副县长\norigin: 某大学\nachievements:\n"
        "  - title: 争取项目资金\n    date: 2013-05\n    metrics:\n      funds_secured: 1200余万元\n      trainings_held: 12\n"
        "  - title: 小额资金\n    metrics:\n      funds_secured: 0.5\n"
        "---\n正文。\n"
    ),
    "cohorts/c1/li-si.md": (
        "---\nname: 李四\ncounty: 四会市\npost: 副市长\norigin: 某研究所\nachievements:\n"
        "  - title: 培训\n    metrics:\n      funds_secured: 300\n      people_trained: 近4万人次\n"
        "---\n正文。\n"
    ),
    "cohorts/c1/lectures.yml": "- date: 2012-07-15\n  title: 城市品牌建设\n  speaker: zhang-san\n  attendance: 600余人\n  status: held\n",
    "cohorts/c2/cohort.yml": "name: 第二批\n",
    "cohorts/c2/wang-wu.md": f"---\nname: {yaml.safe_dump(HYPERLINK).splitlines()[0]}\ncounty: 苍溪县\npost: '@SUM(1)'\norigin: '-2+3'\n---\n正文。\n",
}


def load_site(root: Path) -> tuple[Showcase, Settings]:
    report = Report()
    settings = load_settings(root, report)
    dataset, data_report = load(settings)
    report.extend(data_report)
    assert not report.errors, [issue.text() for issue in report.errors]
    return aggregate(dataset), settings


@pytest.fixture
def site(tmp_path: Path) -> tuple[Showcase, Settings]:
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(MKDOCS, allow_unicode=True), encoding="utf-8")
    for relative, text in FILES.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    return load_site(tmp_path)


def xlsx(showcase: Showcase, settings: Settings) -> bytes:
    return site_data_files(showcase, Urls(settings.gazetteer), settings)[Urls.workbook]


def rows_of(sheet) -> list[dict]:
    """The table under the header (row 2), as dicts by column name."""
    header = [cell.value for cell in sheet[2]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_sheets_in_order_each_with_its_data_date_and_a_frozen_filtered_bold_header(site):
    book = load_workbook(io.BytesIO(xlsx(*site)))
    assert book.sheetnames == SHEETS
    for sheet in book:
        assert sheet["A1"].value == AS_OF, sheet.title
        assert sheet.freeze_panes == "A3", sheet.title
        assert all(cell.font.bold for cell in sheet[2]), sheet.title
        assert not any(cell.font.bold for row in sheet.iter_rows(min_row=3) for cell in row), sheet.title
        assert sheet.auto_filter.ref == f"A2:{get_column_letter(sheet.max_column)}{sheet.max_row}", sheet.title


def test_amounts_are_numbers_in_the_metrics_unit_with_a_precision_column(site):
    book = load_workbook(io.BytesIO(xlsx(*site)))
    cadres = {row["编号"]: row for row in rows_of(book["干部"])}
    assert cadres["zhang-san"]["争取资金（万元）"] == 1200.5 and cadres["zhang-san"]["争取资金 精度"] == "≥"
    assert cadres["li-si"]["争取资金（万元）"] == 300 and cadres["li-si"]["争取资金 精度"] == "精确"
    assert cadres["li-si"]["培训人次（人次）"] == 40000 and cadres["li-si"]["培训人次 精度"] == "约"
    assert cadres["wang-wu"]["争取资金（万元）"] is None and cadres["wang-wu"]["争取资金 精度"] is None
    sheet = book["干部"]
    header = [cell.value for cell in sheet[2]]
    funds = header.index("争取资金（万元）") + 1
    cells = {sheet.cell(row, 1).value: sheet.cell(row, funds) for row in range(3, sheet.max_row + 1)}
    assert (type(cells["zhang-san"].value), cells["zhang-san"].number_format) == (float, "#,##0.##")
    assert (type(cells["li-si"].value), cells["li-si"].number_format) == (int, "#,##0")
    cohort = {row["批次编号"]: row for row in rows_of(book["批次"])}["c1"]
    assert [(type(cohort[name]), cohort[name]) for name in ("本批人数", "本站干部人数", "县区数")] == [(int, 2)] * 3
    precision = {value for s in book for row in rows_of(s) for key, value in row.items() if key.endswith("精度") and value is not None}
    assert precision == {"≥", "约", "精确"}


def test_column_sums_are_the_computed_totals(site):
    showcase, settings = site
    book = load_workbook(io.BytesIO(xlsx(showcase, settings)))
    for key, total in showcase.totals.items():
        metric = showcase.metrics[key]
        column = f"{metric.label}（{metric.unit}）"
        for title in ("批次", "县区", "干部", "成果"):
            found = sum(Decimal(str(row[column])) for row in rows_of(book[title]) if row[column] is not None)
            assert found == total.value, (title, key)


def test_one_row_per_achievement_even_with_two_metrics(site):
    achievements = rows_of(load_workbook(io.BytesIO(xlsx(*site)))["成果"])
    assert [(row["成果"], row["争取资金（万元）"], row["培训/活动场次（场）"]) for row in achievements] == [
        ("培训", 300, None), ("争取项目资金", 1200, 12), ("小额资金", 0.5, None),  # cadres in division-code order, as on the site
    ]
    assert (achievements[1]["原文"], achievements[1]["日期"]) == ("争取资金：1200余万元；培训/活动场次：12", "2013-05")


def test_reported_figures_one_row_per_cohort_and_metric_beside_the_profiles_sum(site):
    rows = rows_of(load_workbook(io.BytesIO(xlsx(*site)))["报告公布数"])
    assert [(r["批次编号"], r["指标"], r["报告公布数"], r["报告公布数 精度"], r["原文"], r["个人页面合计"], r["个人页面合计 精度"]) for r in rows] == [
        ("c1", "funds_secured", 30000, "≥", "3亿多元", 1500.5, "≥"),
        ("c1", "trainings_held", 12, "精确", "12", 12, "精确"),
    ]
    # both exact and the cohort's 2 members all have pages: the difference means something; a lower bound does not subtract
    assert [(r["差额（报告−合计）"], r["说明"]) for r in rows] == [(None, "含下限，不相减"), (0, None)]


def test_lectures_sheet(site):
    [lecture] = rows_of(load_workbook(io.BytesIO(xlsx(*site)))["讲座"])
    assert (lecture["题目"], lecture["主讲人编号"], lecture["状态"]) == ("城市品牌建设", "zhang-san", "已举办")
    assert (lecture["到场人数（人）"], lecture["到场人数 精度"]) == (600, "≥")
    assert lecture["页面"].startswith("https://example.gov.cn/guazhi/lectures/#")


def test_page_links_are_absolute_with_a_site_url(site):
    book = load_workbook(io.BytesIO(xlsx(*site)))
    assert {row["编号"]: row["页面"] for row in rows_of(book["干部"])}["zhang-san"] == "https://example.gov.cn/guazhi/cadres/zhang-san/"
    assert rows_of(book["县区"])[0]["页面"].startswith("https://example.gov.cn/guazhi/counties/")


def test_column_widths_count_chinese_characters_double(site):
    sheet = load_workbook(io.BytesIO(xlsx(*site)))["批次"]
    header = [cell.value for cell in sheet[2]]
    for name in ("批次编号", "批次", "页面"):
        column = header.index(name) + 1
        texts = [str(sheet.cell(row, column).value or "") for row in range(2, sheet.max_row + 1)]
        assert sheet.column_dimensions[get_column_letter(column)].width == min(max(map(display_width, texts)) + 2, MAX_COLUMN_WIDTH), name


def test_formulas_are_text(site):
    raw = xlsx(*site)
    book = load_workbook(io.BytesIO(raw))
    cadres = {row["编号"]: row for row in rows_of(book["干部"])}
    assert (cadres["wang-wu"]["姓名"], cadres["wang-wu"]["挂任职务"], cadres["wang-wu"]["派出单位及职务"]) == ("'" + HYPERLINK, "'@SUM(1)", "'-2+3")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not [xml for xml in sheets if b"<f>" in xml or b"<f " in xml]


def test_the_writer_itself_never_stores_a_formula():
    raw = workbook_bytes([Table("表", ["=A1"], [["=1+1"], ["+1"], [-1], ["正常"]])], dt.date(2026, 11, 25), "站")
    sheet = load_workbook(io.BytesIO(raw))["表"]
    assert [sheet.cell(row, 1).value for row in range(2, 7)] == ["'=A1", "'=1+1", "'+1", -1, "正常"]
    assert {sheet.cell(row, 1).data_type for row in range(2, 7)} == {"s", "n"}


def test_identical_data_gives_identical_bytes(site, monkeypatch):
    """openpyxl dates every zip entry with the current time: two exports an hour apart must not differ."""
    first = xlsx(*site)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    second = xlsx(*site)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
    properties = load_workbook(io.BytesIO(second)).properties
    assert properties.created == properties.modified == dt.datetime(2026, 11, 25)


def test_the_example_site_ships_the_workbook(example_build: Build):
    """The built site's data/showcase.xlsx: its page links resolve in the site, its sums are the totals."""
    book = load_workbook(example_build.site / "data" / "showcase.xlsx")
    assert book.sheetnames == SHEETS
    for row in rows_of(book["干部"]):
        assert (example_build.site / row["页面"] / "index.html").is_file(), row["页面"]
    showcase, _ = load_site(REPO)
    achievements = rows_of(book["成果"])
    assert len(achievements) == sum(len(cadre.achievements) for cadre in showcase.cadres)
    for key, total in showcase.totals.items():
        metric = showcase.metrics[key]
        column = f"{metric.label}（{metric.unit}）"
        assert sum(Decimal(str(row[column])) for row in achievements if row[column] is not None) == total.value, key
