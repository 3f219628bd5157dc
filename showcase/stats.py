"""`showcase stats`: totals by cohort, county, province, programme or year, for a span of years if asked.

Which year a figure belongs to: the year of its achievement's date; an achievement without a date
belongs to the year its cadre's term began (the profile's ``start``, else the cohort's). A cadre
without achievements counts in the year their term began. What has no year at all cannot be placed:
it is left out of ``--by year`` and of ``--since``/``--until`` (both inclusive), and :attr:`Stats.left_out`
says how much, so the CLI can say so instead of dropping it silently.

In each row a cadre is counted once, however many achievements they have there. Sums keep the
precision of their parts (metrics.combine_bounds): a sum with a 约 part is 约, else one with a ≥ part is ≥.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from showcase.aggregate import Showcase, Totals, add_totals, place_sort_key
from showcase.exports import amount_cells, amount_header, as_of_line, csv_text, display_width, totals_json
from showcase.metrics import Amount, Metric, format_in, shown_unit
from showcase.model import Achievement, Cadre, Cohort
from showcase.places import Place

GROUPINGS = ("cohort", "county", "province", "program", "year")
FORMATS = ("table", "csv", "json")

#: The columns that name a row, per grouping.
COLUMNS = {
    "cohort": ("批次编号", "批次"),
    "county": ("挂职地", "所属市", "所属省"),
    "province": ("所属省",),
    "program": ("项目类别",),
    "year": ("年份",),
}
#: A programme or province the data does not give still needs a row: this names it.
UNNAMED = "（未填写）"


@dataclass(frozen=True)
class Entry:
    """What a row counts: one achievement of a cadre, or a cadre who has none (``achievement`` None)."""

    cadre: Cadre
    achievement: Achievement | None
    year: int | None

    @property
    def metrics(self) -> Mapping[str, Amount]:
        return self.achievement.metrics if self.achievement else {}


def entries(showcase: Showcase) -> list[Entry]:
    """Every published cadre's achievements, each with the year it is counted in (see the module docstring)."""
    found = []
    for cadre in showcase.cadres:
        term = cadre.start.year if cadre.start else None
        found += [Entry(cadre, item, item.date.year if item.date else term) for item in cadre.achievements] or [Entry(cadre, None, term)]
    return found


@dataclass
class Row:
    cells: tuple[Any, ...]
    """The values of COLUMNS[by], as the table and the CSV show them."""
    fields: dict[str, Any]
    """The same for JSON: English keys, null for what the data does not give."""
    rank: tuple = ()
    cadres: set[str] = field(default_factory=set)
    places: set[Place] = field(default_factory=set)
    totals: Totals = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.cadres.add(entry.cadre.id)
        self.places.add(entry.cadre.county)
        add_totals(self.totals, entry.metrics)


@dataclass
class Stats:
    by: str
    since: int | None
    until: int | None
    as_of: dt.date
    metrics: list[Metric]
    """The metrics some counted figure gives, in registry order: one column (pair) each."""
    rows: list[Row]
    total: Row
    left_out: tuple[int, int] = (0, 0)
    """(achievements, cadres) that have no year, when a year mattered; cadres: those not counted at all."""

    @property
    def by_year(self) -> bool:
        return self.by == "year" or self.since is not None or self.until is not None

    def left_out_note(self) -> str:
        """What a year rule could not place, in words for stderr; empty when nothing was left out."""
        achievements, cadres = self.left_out
        if not achievements and not cadres:
            return ""
        what = f"{achievements} 项成果没有日期，所属干部也没有任期开始年份" if achievements else f"{cadres} 位干部没有成果，也没有任期开始年份"
        whom = f"（其中 {cadres} 位干部因此没有计入干部人数）" if achievements and cadres else ""
        return f"注意：{what}，未计入按年份的统计{whom}。在成果的 date 或个人资料、cohort.yml 的 start 中写上年份即可计入。"


def _describe(by: str, entry: Entry, cohort: Cohort, cohort_rank: int) -> tuple[Hashable, tuple, tuple, dict[str, Any]]:
    """(group key, rank, cells, JSON fields) of the row an entry goes to."""
    place = entry.cadre.county
    if by == "cohort":
        return cohort.id, (cohort_rank,), (cohort.id, cohort.name), {"cohort": cohort.id, "name": cohort.name}
    if by == "county":
        fields = {"county": place.name, "code": place.code or None, "city": place.city or None, "province": place.province or None}
        return place, place_sort_key(place), (place.name, place.city, place.province), fields
    if by == "province":
        return place.province, (not place.province, *place_sort_key(place)), (place.province or UNNAMED,), {"province": place.province or None}
    if by == "program":
        return cohort.program, (not cohort.program, cohort.program), (cohort.program or UNNAMED,), {"program": cohort.program or None}
    return entry.year, (entry.year,), (entry.year,), {"year": entry.year}


def compute(showcase: Showcase, by: str, as_of: dt.date, since: int | None = None, until: int | None = None) -> Stats:
    """The rows of one grouping over the published profiles, in the order the site lists them (years ascending)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    stats = Stats(by, since, until, as_of, [], [], Row(("合计", *[""] * (len(COLUMNS[by]) - 1)), {}))
    cohort_rank = {view.cohort.id: index for index, view in enumerate(showcase.cohorts)}
    rows: dict[Hashable, Row] = {}
    found = entries(showcase)
    no_year = [entry for entry in found if entry.year is None] if stats.by_year else []
    for entry in found:
        if stats.by_year and not _in_span(entry.year, since, until):
            continue
        key, rank, cells, fields = _describe(by, entry, showcase.cohort_of(entry.cadre), cohort_rank[entry.cadre.cohort_id])
        row = rows.setdefault(key, Row(cells, fields, rank))
        row.rank = min(row.rank, rank)
        row.add(entry)
        stats.total.add(entry)
    stats.rows = sorted(rows.values(), key=lambda row: row.rank)
    stats.metrics = [metric for key, metric in showcase.metrics.items() if key in stats.total.totals]
    placed = {entry.cadre.id for entry in found if entry.year is not None}
    stats.left_out = (sum(1 for entry in no_year if entry.achievement), len({entry.cadre.id for entry in no_year} - placed))
    return stats


def _in_span(year: int | None, since: int | None, until: int | None) -> bool:
    return year is not None and (since is None or year >= since) and (until is None or year <= until)


def _counts(stats: Stats, row: Row) -> list[Any]:
    """干部人数, and 县区数 unless each row is one county."""
    return [len(row.cadres)] + ([] if stats.by == "county" else [len(row.places)])


def _count_header(stats: Stats) -> list[str]:
    return ["干部人数"] + ([] if stats.by == "county" else ["县区数"])


def as_table(stats: Stats) -> str:
    """Aligned columns for a terminal (CJK characters are two columns wide), a 合计 line and the data date.

    Each metric column is in one unit, the larger one (亿元) when its figures call for it, like the site.
    """
    units = [shown_unit(m.unit, [row.totals.get(m.key) for row in (*stats.rows, stats.total)]) for m in stats.metrics]
    header = [*COLUMNS[stats.by], *_count_header(stats), *(f"{m.label}（{unit}）" for m, unit in zip(stats.metrics, units))]

    def line(row: Row) -> list[str]:
        amounts = [row.totals.get(m.key) for m in stats.metrics]
        shown = [format_in(a, m.unit, unit) if a else "—" for a, m, unit in zip(amounts, stats.metrics, units)]
        return [str(cell) for cell in (*row.cells, *_counts(stats, row))] + shown

    table = [header, *(line(row) for row in (*stats.rows, stats.total))]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header))]
    named = len(COLUMNS[stats.by])

    def aligned(row: list[str]) -> str:
        padded = [
            cell + " " * (width - display_width(cell)) if i < named else " " * (width - display_width(cell)) + cell
            for i, (cell, width) in enumerate(zip(row, widths))
        ]
        return "  ".join(padded).rstrip()

    footer = as_of_line(stats.as_of)
    if stats.by_year:
        since, until = stats.since, stats.until
        span = f"{since}—{until}年" if since and until else f"{since}年起" if since else f"至{until}年" if until else "全部年份"
        footer += f"；{span}（成果按日期所在年份计，没有日期的按任期开始年份计）"
    return "\n".join([*(aligned(row) for row in table), "", footer])


def as_csv(stats: Stats) -> str:
    """One line per row and no 合计 line, so SUM over a metric's column in Excel is its total; numbers in the metric's unit, 精度 beside."""
    header = [*COLUMNS[stats.by], *_count_header(stats), *(column for m in stats.metrics for column in amount_header(m))]
    rows = [[*row.cells, *_counts(stats, row), *(cell for m in stats.metrics for cell in amount_cells(row.totals.get(m.key)))] for row in stats.rows]
    return csv_text(header, rows)


def as_json(stats: Stats) -> str:
    """Numbers, not display strings, each amount with its bound (exact / at_least / approx)."""

    def counted(row: Row) -> dict[str, Any]:
        return {"cadres": len(row.cadres), "counties": len(row.places), "totals": totals_json({m.key: row.totals[m.key] for m in stats.metrics if m.key in row.totals})}

    data = {
        "by": stats.by,
        "since": stats.since,
        "until": stats.until,
        "as_of": stats.as_of.isoformat(),
        "metrics": {m.key: {"label": m.label, "unit": m.unit} for m in stats.metrics},
        "rows": [{**row.fields, **counted(row)} for row in stats.rows],
        "total": counted(stats.total),
        "left_out": {"achievements": stats.left_out[0], "cadres": stats.left_out[1]},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render(stats: Stats, fmt: str) -> str:
    """What `showcase stats --format FMT` prints, ending in a newline."""
    if fmt == "csv":
        return as_csv(stats)
    return (as_json(stats) if fmt == "json" else as_table(stats)) + "\n"
