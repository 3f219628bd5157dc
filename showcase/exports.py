"""Data files other systems read instead of scraping HTML: JSON, CSV (Excel-friendly), XLSX.

Written from the same aggregated model as the pages, so a figure can never differ between them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from showcase.aggregate import Showcase, Totals
from showcase.dates import PartialDate
from showcase.ical import calendar_feeds
from showcase.lectures import LECTURE_STATUSES
from showcase.metrics import Amount, Bound, Metric
from showcase.model import Cadre, Lecture
from showcase.places import Place
from showcase.settings import Settings
from showcase.views import Urls, page_url

UrlOf = Callable[[str], str]


def amount_json(amount: Amount) -> dict[str, Any]:
    return {"value": _number(amount.value), "bound": amount.bound.value, "raw": amount.raw or None}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def totals_json(totals: Totals) -> dict[str, Any]:
    return {key: amount_json(amount) for key, amount in totals.items()}


def _place_json(place: Place, urls: Urls, url_of: UrlOf) -> dict[str, Any]:
    return {"name": place.name, "code": place.code or None, "city": place.city, "province": place.province, "url": url_of(urls.county(place))}


def showcase_json(showcase: Showcase, urls: Urls, url_of: UrlOf) -> str:
    data = {
        "metrics": {m.key: {"label": m.label, "unit": m.unit} for m in showcase.metrics.values()},
        "cohorts": [
            {
                "id": view.cohort.id,
                "name": view.cohort.name,
                "program": view.cohort.program,
                "organizer": view.cohort.organizer,
                "region": view.cohort.region,
                "start": view.cohort.start.iso() if view.cohort.start else None,
                "end": view.cohort.end.iso() if view.cohort.end else None,
                "url": url_of(urls.cohort(view.cohort.id)),
                "cadres": [c.id for c in view.cadres],
                "totals": totals_json(view.totals),
                "reported": totals_json(dict(view.cohort.reported)),
            }
            for view in showcase.cohorts
        ],
        "counties": [
            {**_place_json(view.place, urls, url_of), "cohorts": [c.id for c in view.cohorts], "cadres": [c.id for c in view.cadres], "totals": totals_json(view.totals)}
            for view in showcase.counties
        ],
        "cadres": [_cadre_json(cadre, showcase, urls, url_of) for cadre in showcase.cadres],
        "lectures": [lecture_json(lecture, urls, url_of) for lecture in showcase.lectures],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def _cadre_json(cadre: Cadre, showcase: Showcase, urls: Urls, url_of: UrlOf) -> dict[str, Any]:
    return {
        "id": cadre.id,
        "name": cadre.name,
        "cohort": cadre.cohort_id,
        "county": cadre.county.name,
        "county_code": cadre.county.code or None,
        "county_written": cadre.county_written,
        "post": cadre.post,
        "origin": cadre.origin,
        "start": cadre.start.iso() if cadre.start else None,
        "end": cadre.end.iso() if cadre.end else None,
        "portfolio": list(cadre.portfolio),
        "tags": list(cadre.tags),
        "url": url_of(urls.cadre(cadre)),
        "totals": totals_json(showcase.cadre_totals[cadre.id]),
    }


def lecture_json(lecture: Lecture, urls: Urls, url_of: UrlOf) -> dict[str, Any]:
    return {
        "id": lecture.id,
        "cohort": lecture.cohort_id,
        "date": lecture.date.iso() if lecture.date else None,
        "time": lecture.time.strftime("%H:%M") if lecture.time else None,
        "title": lecture.title,
        "speaker": lecture.speaker_name or None,
        "speaker_id": lecture.speaker_id or None,
        "venue": lecture.venue,
        "audience": lecture.audience,
        "attendance": amount_json(lecture.attendance) if lecture.attendance else None,
        "county": lecture.county.name if lecture.county else None,
        "series": lecture.series,
        "status": lecture.status,
        "url": url_of(urls.lecture(lecture)),
    }


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A contributed string a spreadsheet would run as a formula gets a leading ' (OWASP); numbers stay numbers.

    The one rule for every CSV and XLSX cell, so the files cannot disagree about a hostile value.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    """A BOM and CRLF lines: written as UTF-8, what Excel on Windows opens without garbling Chinese."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([neutralised(cell) for cell in row])
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    return csv_text(header, rows).encode("utf-8")


#: The 精度 column beside every amount: the site's ≥ and 约, and 精确 for a figure given exactly.
PRECISION = {bound: bound.sign or "精确" for bound in Bound}


def amount_header(metric: Metric) -> list[str]:
    """An amount takes two columns: the number in the metric's unit, then its 精度."""
    return [f"{metric.label}（{metric.unit}）", f"{metric.label} 精度"]


def amount_cells(amount: Amount | None) -> list[Any]:
    """A number Excel can sum, and ≥/约/精确 beside it; two empty cells when there is no figure."""
    return [_number(amount.value), PRECISION[amount.bound]] if amount else [None, None]


def link_maker(settings: Settings, use_directory_urls: bool = True) -> UrlOf:
    """Page URLs for spreadsheets: absolute when site_url is set (the file travels without the site), site-relative otherwise."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else ""
    return lambda uri: base + page_url(uri, use_directory_urls)


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook, or one CSV file: text, int/float and None cells, never display strings."""

    title: str
    header: list[str]
    rows: list[list[Any]]


def _amounts(showcase: Showcase) -> tuple[list[str], Callable[[Mapping[str, Amount]], list[Any]]]:
    """Header and cells of one amount column pair per metric some profile gives, in registry order."""
    keys = [key for key in showcase.metrics if key in showcase.totals]
    header = [column for key in keys for column in amount_header(showcase.metrics[key])]
    return header, lambda totals: [cell for key in keys for cell in amount_cells(totals.get(key))]


def _iso(date: PartialDate | None) -> str:
    return date.iso() if date else ""


def cohorts_table(showcase: Showcase, urls: Urls, link: UrlOf) -> Table:
    header, cells = _amounts(showcase)
    rows = [
        [
            v.cohort.id, v.cohort.name, v.cohort.program, v.cohort.organizer, v.cohort.region, _iso(v.cohort.start), _iso(v.cohort.end),
            v.cohort.size, len(v.cadres), len(v.counties), link(urls.cohort(v.cohort.id)), *cells(v.totals),
        ]
        for v in showcase.cohorts
    ]
    fixed = ["批次编号", "批次", "项目类别", "选派单位", "挂职地区", "任期开始", "任期结束", "本批人数", "本站干部人数", "县区数", "页面"]
    return Table("批次", fixed + header, rows)


def counties_table(showcase: Showcase, urls: Urls, link: UrlOf) -> Table:
    header, cells = _amounts(showcase)
    rows = [
        [v.place.name, v.place.code, v.place.city, v.place.province, len(v.cohorts), len(v.cadres), link(urls.county(v.place)), *cells(v.totals)]
        for v in showcase.counties
    ]
    return Table("县区", ["挂职地", "行政区划代码", "所属市", "所属省", "批次数", "干部人数", "页面", *header], rows)


def cadres_table(showcase: Showcase, urls: Urls, link: UrlOf) -> Table:
    header, cells = _amounts(showcase)
    rows = [
        [
            cadre.id, cadre.name, cadre.cohort_id, showcase.cohort_of(cadre).name, cadre.county.name, cadre.county.code,
            cadre.county.city, cadre.county.province, cadre.post, cadre.origin, _iso(cadre.start), _iso(cadre.end),
            link(urls.cadre(cadre)), *cells(showcase.cadre_totals[cadre.id]),
        ]
        for cadre in showcase.cadres
    ]
    fixed = ["编号", "姓名", "批次编号", "批次", "挂职地", "行政区划代码", "所属市", "所属省", "挂任职务", "派出单位及职务", "任期开始", "任期结束", "页面"]
    return Table("干部", fixed + header, rows)


def achievements_table(showcase: Showcase, urls: Urls, link: UrlOf) -> Table:
    """One row per achievement, one amount column pair per metric.

    An achievement with two metrics is still one row, so SUM over a metric's column is that metric's
    total and counting rows counts achievements; a row per achievement × metric would let a filter or
    a pivot count the achievement twice. 原文 keeps the wording of each figure, e.g. 争取资金：1200余万元.
    """
    header, cells = _amounts(showcase)
    rows = []
    for cadre in showcase.cadres:
        for item in cadre.achievements:
            wording = "；".join(f"{showcase.metrics[key].label}：{amount.raw}" for key, amount in item.metrics.items() if amount.raw)
            rows.append(
                [cadre.id, cadre.name, cadre.cohort_id, cadre.county.name, item.title, _iso(item.date), item.category, wording, link(urls.cadre(cadre)), *cells(item.metrics)]
            )
    return Table("成果", ["干部编号", "姓名", "批次编号", "挂职地", "成果", "日期", "类别", "原文", "页面", *header], rows)


def lectures_table(showcase: Showcase, urls: Urls, link: UrlOf) -> Table:
    rows = [
        [
            lecture.id, _iso(lecture.date), lecture.time.strftime("%H:%M") if lecture.time else "", lecture.title, lecture.speaker_name,
            lecture.speaker_id, lecture.cohort_id, lecture.venue, lecture.county.name if lecture.county else "", lecture.audience,
            lecture.series, LECTURE_STATUSES[lecture.status], link(urls.lecture(lecture)), *amount_cells(lecture.attendance),
        ]
        for lecture in showcase.lectures
    ]
    fixed = ["编号", "日期", "时间", "题目", "主讲人", "主讲人编号", "批次编号", "地点", "挂职地", "听众", "系列", "状态", "页面"]
    return Table("讲座", fixed + ["到场人数（人）", "到场人数 精度"], rows)


def reported_table(showcase: Showcase) -> Table:
    """Each cohort's 报告公布数, one row per cohort × metric, with the profiles' sum beside it, never merged.

    The 差额 is given only where aggregate.Comparison says subtracting means something.
    """
    rows = []
    for view in showcase.cohorts:
        for comparison in view.comparisons:
            reported, computed = comparison.reported, comparison.computed
            if reported is None:
                continue
            difference = _number(reported.value - computed.value) if computed and not comparison.note else None
            rows.append(
                [
                    view.cohort.id, view.cohort.name, comparison.metric.key, comparison.metric.label, comparison.metric.unit,
                    *amount_cells(reported), reported.raw, *amount_cells(computed), difference, comparison.note, view.cohort.attribution,
                ]
            )
    header = ["批次编号", "批次", "指标", "指标名称", "单位", "报告公布数", "报告公布数 精度", "原文", "个人页面合计", "个人页面合计 精度", "差额（报告−合计）", "说明", "资料来源"]
    return Table("报告公布数", header, rows)


def display_width(text: str) -> int:
    """Columns a text takes in a terminal or an Excel column: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def as_of_line(as_of: dt.date) -> str:
    """数据截至 as the site's pages say it: a figure handed on without its date would mislead."""
    return f"数据截至 {PartialDate(as_of.year, as_of.month, as_of.day).label()}"


#: Every zip entry gets this date: openpyxl stamps entries with the time of writing.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_COLUMN_WIDTH = 50


def workbook_bytes(tables: list[Table], as_of: dt.date, site_name: str) -> bytes:
    """An .xlsx whose bytes depend only on the data: fixed document dates and zip entry dates.

    Row 1 of every sheet says 数据截至; row 2 is the bold, frozen, filtered header. Numbers are number
    cells (#,##0 for whole numbers, #,##0.## otherwise); every text cell is neutralised and stored as
    text, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    book.properties.title = f"{site_name} 数据"
    book.properties.creator = site_name
    book.properties.created = book.properties.modified = dt.datetime.combine(as_of, dt.time(0))
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title)
        sheet.append([as_of_line(as_of)])
        sheet.append([neutralised(name) for name in table.header])  # a site's metric labels are text too
        widths = [display_width(name) for name in table.header]
        for number, row in enumerate(table.rows, 3):
            for index, value in enumerate(row):
                if value is None or value == "":
                    continue
                # neutralised: openpyxl would store a text starting with = as a formula
                cell = sheet.cell(number, index + 1, neutralised(value))
                if isinstance(value, str):
                    widths[index] = max(widths[index], display_width(cell.value))
                else:
                    cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.##"
                    widths[index] = max(widths[index], len(f"{value:,}"))
        for cell in sheet[2]:
            cell.font = bold
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
        sheet.freeze_panes = "A3"
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(table.header))}{len(table.rows) + 2}"
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # save_workbook would stamp "now" as modified
    return _fixed_zip_dates(buffer.getvalue())


def _fixed_zip_dates(archive: bytes) -> bytes:
    """The same entries, in the same order, each dated ZIP_DATE."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def site_data_files(showcase: Showcase, urls: Urls, settings: Settings, use_directory_urls: bool = True) -> dict[str, bytes | str]:
    """Every data file of the site (DESIGN §5), keyed by its path inside the site.

    showcase.json keeps site-relative URLs (its contract); the spreadsheets get absolute ones when site_url is set.
    """
    url_of = lambda uri: page_url(uri, use_directory_urls)  # noqa: E731
    link = link_maker(settings, use_directory_urls)
    cadres, achievements = cadres_table(showcase, urls, link), achievements_table(showcase, urls, link)
    sheets = [
        cohorts_table(showcase, urls, link), counties_table(showcase, urls, link), cadres, achievements,
        lectures_table(showcase, urls, link), reported_table(showcase),
    ]
    files: dict[str, bytes | str] = {
        urls.data_json: showcase_json(showcase, urls, url_of),
        urls.cadres_csv: csv_bytes(cadres.header, cadres.rows),
        urls.achievements_csv: csv_bytes(achievements.header, achievements.rows),
        urls.workbook: workbook_bytes(sheets, settings.as_of, settings.site_name),
    }
    files.update(calendar_feeds(showcase, urls, settings, url_of))
    return files


def write_exports(showcase: Showcase, settings: Settings, target: Path) -> list[Path]:
    files = site_data_files(showcase, Urls(settings.gazetteer), settings)
    written = []
    for uri, content in files.items():
        path = target / uri.removeprefix("data/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        written.append(path)
    return written
