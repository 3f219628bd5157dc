"""Data files other systems read instead of scraping HTML: JSON, CSV (Excel-friendly), XLSX.

Written from the same aggregated model as the pages, so a figure can never differ between them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from showcase.aggregate import Showcase, Totals
from showcase.ical import calendar_feeds
from showcase.metrics import Amount
from showcase.model import Cadre, Lecture
from showcase.places import Place
from showcase.settings import Settings
from showcase.views import Urls, page_url

UrlOf = Callable[[str], str]


def _amount_json(amount: Amount) -> dict[str, Any]:
    return {"value": _number(amount.value), "bound": amount.bound.value, "raw": amount.raw or None}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _totals_json(totals: Totals) -> dict[str, Any]:
    return {key: _amount_json(amount) for key, amount in totals.items()}


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
                "totals": _totals_json(view.totals),
                "reported": _totals_json(dict(view.cohort.reported)),
            }
            for view in showcase.cohorts
        ],
        "counties": [
            {**_place_json(view.place, urls, url_of), "cohorts": [c.id for c in view.cohorts], "cadres": [c.id for c in view.cadres], "totals": _totals_json(view.totals)}
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
        "totals": _totals_json(showcase.cadre_totals[cadre.id]),
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
        "attendance": _amount_json(lecture.attendance) if lecture.attendance else None,
        "county": lecture.county.name if lecture.county else None,
        "series": lecture.series,
        "status": lecture.status,
        "url": url_of(urls.lecture(lecture)),
    }


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A contributed string a spreadsheet would run as a formula gets a leading ' (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with BOM and CRLF: what Excel on Windows opens without garbling Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([neutralised(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _shown(amount: Amount | None) -> str:
    if amount is None:
        return ""
    return f"{amount.bound.sign}{_number(amount.value)}"


def cadres_csv(showcase: Showcase, urls: Urls, url_of: UrlOf) -> bytes:
    keys = list(showcase.totals)
    header = ["编号", "姓名", "批次编号", "批次", "挂职地", "行政区划代码", "所属市", "所属省", "挂任职务", "派出单位及职务", "任期开始", "任期结束", "页面"]
    header += [f"{showcase.metrics[k].label}（{showcase.metrics[k].unit}）" for k in keys]
    rows = []
    for cadre in showcase.cadres:
        totals = showcase.cadre_totals[cadre.id]
        rows.append(
            [
                cadre.id, cadre.name, cadre.cohort_id, showcase.cohort_of(cadre).name, cadre.county.name, cadre.county.code,
                cadre.county.city, cadre.county.province, cadre.post, cadre.origin,
                cadre.start.iso() if cadre.start else "", cadre.end.iso() if cadre.end else "", url_of(urls.cadre(cadre)),
            ]
            + [_shown(totals.get(k)) for k in keys]
        )
    return _csv_bytes(header, rows)


def achievements_csv(showcase: Showcase) -> bytes:
    header = ["干部编号", "姓名", "批次编号", "挂职地", "成果", "日期", "类别", "指标", "指标名称", "数值", "单位", "精度", "原文"]
    rows = []
    for cadre in showcase.cadres:
        for item in cadre.achievements:
            base = [cadre.id, cadre.name, cadre.cohort_id, cadre.county.name, item.title, item.date.iso() if item.date else "", item.category]
            if not item.metrics:
                rows.append(base + ["", "", "", "", "", ""])
            for key, amount in item.metrics.items():
                metric = showcase.metrics[key]
                rows.append(base + [key, metric.label, _number(amount.value), metric.unit, amount.bound.value, amount.raw])
    return _csv_bytes(header, rows)


def stats_rows(showcase: Showcase, by: str) -> tuple[list[str], list[list[Any]]]:
    """Totals per cohort or per county, one column per metric, as the CLI and Excel show them."""
    keys = list(showcase.totals)
    labels = [f"{showcase.metrics[k].label}（{showcase.metrics[k].unit}）" for k in keys]
    if by == "county":
        header = ["挂职地", "所属市", "所属省", "干部人数", *labels]
        rows = [[v.place.name, v.place.city, v.place.province, len(v.cadres), *(_shown(v.totals.get(k)) for k in keys)] for v in showcase.counties]
    else:
        header = ["批次编号", "批次", "干部人数", "县区数", *labels]
        rows = [[v.cohort.id, v.cohort.name, len(v.cadres), len(v.counties), *(_shown(v.totals.get(k)) for k in keys)] for v in showcase.cohorts]
    return header, rows


def stats_table(showcase: Showcase, by: str, fmt: str) -> str:
    header, rows = stats_rows(showcase, by)
    if fmt == "json":
        return json.dumps([dict(zip(header, row)) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        return _csv_bytes(header, rows).decode("utf-8-sig").replace("\r\n", "\n").rstrip("\n")
    table = [header, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(_width(str(row[i])) for row in table) for i in range(len(header))]
    return "\n".join("  ".join(str(cell) + " " * (widths[i] - _width(str(cell))) for i, cell in enumerate(row)).rstrip() for row in table)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def stats_xlsx(showcase: Showcase) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for by, title in (("cohort", "按批次"), ("county", "按县区")):
        sheet = book.create_sheet(title)
        header, rows = stats_rows(showcase, by)
        for row in (header, *rows):
            sheet.append([neutralised(cell) for cell in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store a str starting with = as a formula
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def site_data_files(showcase: Showcase, urls: Urls, settings: Settings, use_directory_urls: bool = True) -> dict[str, bytes | str]:
    """Every data file of the site (DESIGN §5), keyed by its path inside the site."""
    url_of = lambda uri: page_url(uri, use_directory_urls)  # noqa: E731
    files: dict[str, bytes | str] = {
        urls.data_json: showcase_json(showcase, urls, url_of),
        urls.cadres_csv: cadres_csv(showcase, urls, url_of),
        urls.achievements_csv: achievements_csv(showcase),
    }
    files.update(calendar_feeds(showcase, urls, settings, url_of))
    return files


def write_exports(showcase: Showcase, settings: Settings, target: Path) -> list[Path]:
    urls = Urls(settings.gazetteer)
    files = site_data_files(showcase, urls, settings)
    files["data/showcase.xlsx"] = stats_xlsx(showcase)
    written = []
    for uri, content in files.items():
        path = target / uri.removeprefix("data/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        written.append(path)
    return written
