"""Plan the generated pages: which source URIs exist, what each one shows, how they link.

All URL and slug rules live here, so the site, the exports and the tests agree on them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from showcase.aggregate import CohortView, CountyView, Showcase, dated, headline, site_figures, sum_totals
from showcase.metrics import Amount, Bound, format_amount, format_in, format_number, shown_unit
from showcase.model import Cadre, Lecture
from showcase.places import Gazetteer, Place, pinyin_slug


@dataclass
class PageView:
    src_uri: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    section: str = ""
    """Source URI of the top-level page (a tab) this page belongs to; empty for the tabs themselves."""


class UrlCollision(ValueError):
    """Two generated pages would be written to the same place."""


class Urls:
    """Source URIs (``.md`` paths inside the site) for every kind of page."""

    cohorts_index = "cohorts/index.md"
    counties_index = "counties/index.md"
    schedule = "lectures/index.md"
    achievements = "achievements/index.md"
    directory = "directory/index.md"
    data_json = "data/showcase.json"
    cadres_csv = "data/cadres.csv"
    achievements_csv = "data/achievements.csv"
    workbook = "data/showcase.xlsx"
    lectures_ics = "data/lectures.ics"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def tabs(self) -> dict[str, str]:
        """The generated pages that are tabs of the site, with their titles."""
        return {self.cohorts_index: "挂职批次", self.directory: "干部名录", self.counties_index: "挂职县区", self.schedule: "讲座安排", self.achievements: "成果统计"}

    def cadre(self, cadre: Cadre) -> str:
        return self.cadre_by_id(cadre.id)

    def cadre_by_id(self, cadre_id: str) -> str:
        return f"cadres/{cadre_id}.md"

    def cohort(self, cohort_id: str) -> str:
        return f"cohorts/{cohort_id}/index.md"

    def cohort_report(self, cohort_id: str) -> str:
        """The cohort's printable 汇编."""
        return f"cohorts/{cohort_id}/report/index.md"

    def county_slug(self, place: Place) -> str:
        return self.gazetteer.slug(place)

    def county(self, place: Place) -> str:
        return f"counties/{self.county_slug(place)}/index.md"

    def lecture(self, lecture: Lecture) -> str:
        return f"{self.schedule}#{lecture.id}"

    def photo(self, cadre: Cadre) -> str:
        """The published copy is always a JPEG (showcase.photos), whatever the contributed file's type."""
        return f"cadres/photos/{cadre.cohort_id}/{posixpath.splitext(cadre.photo)[0]}.jpg"

    def directory_page(self, facet: str, key: str, number: int = 1) -> str:
        """One page of the 干部名录 for one facet value (批次, 省份, 项目类别 or 年份)."""
        return f"directory/{facet}/{key}/index.md" if number == 1 else f"directory/{facet}/{key}/{number}/index.md"

    def cohort_ics(self, cohort_id: str) -> str:
        return f"data/lectures/cohort-{cohort_id}.ics"

    def county_ics(self, place: Place) -> str:
        return f"data/lectures/county-{self.county_slug(place)}.ics"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """Site-relative URL MkDocs gives a source URI (mirrors mkdocs.structure.files.File.url)."""
    path, _, anchor = src_uri.partition("#")
    if not path.endswith(".md"):
        url = path
    else:
        stem = path[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            url = stem[: -len("index")]
        elif use_directory_urls:
            url = stem + "/"
        else:
            url = stem + ".html"
        if not use_directory_urls and (url == "" or url.endswith("/")):
            url += "index.html"
    return url + (f"#{anchor}" if anchor else "")


def link(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """The address of a page or file (by source URI, with any #anchor) as written in another page."""
    target, _, anchor = page_url(to_uri, use_directory_urls).partition("#")
    here = page_url(from_uri, use_directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here)
    url = posixpath.relpath("/" + target, "/" + base)
    if url == ".":
        url = "./"
    elif not target or target.endswith("/"):
        url += "/"
    return url + (f"#{anchor}" if anchor else "")


def plan(showcase: Showcase, urls: Urls, site_url: str = "", site_name: str = "") -> list[PageView]:
    """Every generated page; raises UrlCollision rather than overwrite one page with another."""
    tab = urls.tabs()
    views: list[PageView] = [
        PageView(urls.cohorts_index, "cohorts.html.j2", tab[urls.cohorts_index], {"cohorts": showcase.cohorts}, in_nav=True),
        PageView(urls.counties_index, "counties.html.j2", tab[urls.counties_index], {"tree": county_tree(showcase)}, in_nav=True),
        PageView(urls.schedule, "schedule.html.j2", tab[urls.schedule], schedule_context(showcase, urls, site_url), in_nav=True),
        PageView(urls.achievements, "achievements.html.j2", tab[urls.achievements], achievements_context(showcase, urls), in_nav=True),
    ]
    views += directory_views(showcase, urls)
    for view in showcase.cohorts:
        context = {"view": view, "charts": cohort_charts(showcase, view, urls)}
        views.append(PageView(urls.cohort(view.cohort.id), "cohort.html.j2", view.cohort.name, context, section=urls.cohorts_index))
        report = report_context(showcase, view, site_name)
        views.append(PageView(urls.cohort_report(view.cohort.id), "report.html.j2", f"{view.cohort.name} · 汇编", report, section=urls.cohorts_index))
    for view in showcase.counties:
        context = {"view": view, "totals": totals_rows(showcase, view.totals), "charts": county_charts(showcase, view, urls)}
        views.append(PageView(urls.county(view.place), "county.html.j2", view.place.name, context, section=urls.counties_index))
    for cadre in showcase.cadres:
        views.append(PageView(urls.cadre(cadre), "cadre.html.j2", cadre.name, cadre_context(showcase, cadre), section=urls.cohorts_index))
    seen: dict[str, PageView] = {}
    for view in views:
        if view.src_uri in seen:
            raise UrlCollision(f"两个页面会生成到同一个地址 {view.src_uri}：“{seen[view.src_uri].title}”和“{view.title}”。")
        seen[view.src_uri] = view
    return views


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    """The bar's length, in the metric's unit (only proportions matter)."""
    figure: str
    """The value as shown, in the chart's unit, with ≥ or 约."""
    uri: str = ""
    """The page the label links to in the data table."""


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart and its data table: the same figures, in one unit."""

    key: str
    """Unique on its page: the SVG's ids are made from it."""
    title: str
    axis: str  # what each bar stands for: the data table's first column
    measure: str  # what the bars measure: the data table's second column, with the unit
    unit: str
    bars: list[Bar]
    note: str = ""


def metric_chart(showcase: Showcase, key: str, chart_key: str, axis: str, parts: list[tuple[str, str, Amount]], note: str = "") -> Chart:
    """A metric's figures (label, linked page, amount) in one unit: the larger one when the largest calls for it."""
    metric = showcase.metrics[key]
    unit = shown_unit(metric.unit, [amount for _, _, amount in parts])
    bars = [Bar(label, amount.value, format_in(amount, metric.unit, unit), uri) for label, uri, amount in parts]
    return Chart(chart_key, f"{metric.label}（{unit}）：个人页面合计，按{axis}", axis, metric.label, unit, bars, note)


def count_chart(chart_key: str, axis: str, parts: list[tuple[str, str, int]], note: str = "") -> Chart:
    bars = [Bar(label, Decimal(count), format_number(Decimal(count)), uri) for label, uri, count in parts]
    return Chart(chart_key, f"挂职干部人数（人）：按{axis}", axis, "挂职干部人数", "人", bars, note)


def cohort_charts(showcase: Showcase, view: CohortView, urls: Urls) -> list[Chart]:
    """One chart per metric that at least two of the cohort's places report: one bar compares nothing."""
    charts = []
    for key in view.totals:
        parts = [(g.place.name, urls.county(g.place), showcase.matrix.get((view.cohort.id, g.place), {}).get(key)) for g in view.counties]
        parts = [part for part in parts if part[2]]
        if len(parts) >= 2:
            charts.append(metric_chart(showcase, key, f"by-place-{key}", "挂职地", parts))
    return charts


def county_charts(showcase: Showcase, view: CountyView, urls: Urls) -> list[Chart]:
    """The place's record by cohort: each metric that two cohorts' profiles give there, or else
    how many cadres each cohort sent, when at least two cohorts served there."""
    served = [cohort for cohort in view.cohorts if (cohort.id, view.place) in showcase.matrix]
    if len(served) < 2:
        return []
    charts = []
    for key in view.totals:
        parts = [(cohort.name, urls.cohort(cohort.id), showcase.matrix[(cohort.id, view.place)].get(key)) for cohort in served]
        parts = [part for part in parts if part[2]]
        if len(parts) >= 2:
            charts.append(metric_chart(showcase, key, f"by-cohort-{key}", "批次", parts))
    if charts:
        return charts
    sent = Counter(cadre.cohort_id for cadre in view.cadres)
    return [count_chart("cadres-by-cohort", "批次", [(cohort.name, urls.cohort(cohort.id), sent[cohort.id]) for cohort in served])]


def year_charts(showcase: Showcase, urls: Urls) -> list[Chart]:
    """Published cadres by the year their term started, then each main metric by year where two
    years give it. A cadre whose start is not known is counted in no year, and the note says so."""
    by_year: dict[int, list[Cadre]] = {}
    for cadre in showcase.cadres:
        if cadre.start:
            by_year.setdefault(cadre.start.year, []).append(cadre)
    years = sorted(by_year)
    if not years:
        return []
    unknown = len(showcase.cadres) - sum(len(cadres) for cadres in by_year.values())
    note = f"任期开始年份不详的 {unknown} 人未计入。" if unknown else ""
    charts = [count_chart("cadres-by-year", "任期开始年份", [(f"{year}年", urls.directory_page("year", str(year)), len(by_year[year])) for year in years], note)]
    for key in MAIN_METRICS:
        parts = []
        for year in years:
            total = sum_totals(showcase.cadre_totals[cadre.id] for cadre in by_year[year]).get(key)
            if total:
                parts.append((f"{year}年", urls.directory_page("year", str(year)), total))
        if len(parts) >= 2:
            charts.append(metric_chart(showcase, key, f"by-year-{key}", "任期开始年份", parts, note))
    return charts


#: Cards on one page of the 干部名录: about 150 KB of HTML, so no page grows past ~200 KB at any size.
DIRECTORY_PAGE_SIZE = 300
DIRECTORY_FACETS = {"cohort": "按批次", "province": "按省份", "program": "按项目类别", "year": "按任期开始年份"}


@dataclass(frozen=True)
class DirectoryGroup:
    facet: str
    key: str  # URL slug of the value
    label: str
    cadres: list[Cadre]


def directory_groups(showcase: Showcase) -> list[DirectoryGroup]:
    """Every published cadre under each facet value: cohort, province, programme, start year."""
    by: dict[str, dict[tuple[str, str], list[Cadre]]] = {facet: {} for facet in DIRECTORY_FACETS}
    for view in showcase.cohorts:
        cohort = view.cohort
        for cadre in view.cadres:
            by["cohort"].setdefault((cohort.id, cohort.name), []).append(cadre)
            if cadre.county.province:
                by["province"].setdefault((pinyin_slug(cadre.county.province), cadre.county.province), []).append(cadre)
            if cohort.program:
                by["program"].setdefault((pinyin_slug(cohort.program) or "program", cohort.program), []).append(cadre)
            if cadre.start:
                by["year"].setdefault((str(cadre.start.year), f"{cadre.start.year}年"), []).append(cadre)
    for facet in ("province", "program"):
        by[facet] = _distinct_slugs(by[facet])
    ordered = {
        "cohort": list(by["cohort"].items()),  # as the cohorts are listed everywhere: the newest first
        "province": sorted(by["province"].items()),
        "program": sorted(by["program"].items()),
        "year": sorted(by["year"].items(), reverse=True),
    }
    return [DirectoryGroup(facet, key, label, cadres) for facet, items in ordered.items() for (key, label), cadres in items]


#: The official romanisation keeps 陕西 apart from 山西, which pinyin without tones cannot.
_PROVINCE_SLUGS = {"陕西省": "shaan-xi-sheng"}


def _distinct_slugs(groups: dict[tuple[str, str], list[Cadre]]) -> dict[tuple[str, str], list[Cadre]]:
    """Values whose pinyin is the same (山西省/陕西省, homophone programmes) get distinct URLs."""
    taken: dict[str, int] = {}
    distinct = {}
    for (slug, label), cadres in sorted(groups.items(), key=lambda item: item[0][1]):
        slug = _PROVINCE_SLUGS.get(label, slug)
        taken[slug] = taken.get(slug, 0) + 1
        distinct[(slug if taken[slug] == 1 else f"{slug}-{taken[slug]}", label)] = cadres
    return distinct


def directory_views(showcase: Showcase, urls: Urls) -> list[PageView]:
    """The 干部名录: an overview by facet, then each value's cards split into pages of at most
    DIRECTORY_PAGE_SIZE, so it works without JavaScript and stays small at 10,000 profiles."""
    groups = directory_groups(showcase)
    views = [PageView(urls.directory, "directory.html.j2", urls.tabs()[urls.directory], {"groups": groups, "facets": DIRECTORY_FACETS, "published": len(showcase.cadres)}, in_nav=True)]
    for group in groups:
        pages = [group.cadres[i : i + DIRECTORY_PAGE_SIZE] for i in range(0, len(group.cadres), DIRECTORY_PAGE_SIZE)]
        for number, cadres in enumerate(pages, 1):
            title = f"干部名录 · {group.label}" + (f"（第 {number} 页）" if len(pages) > 1 else "")
            pager = [(n, urls.directory_page(group.facet, group.key, n)) for n in range(1, len(pages) + 1)] if len(pages) > 1 else []
            cards = [(cadre, showcase.cohort_of(cadre)) for cadre in cadres]
            context = {"group": group, "cards": cards, "number": number, "pager": pager, "facet_label": DIRECTORY_FACETS[group.facet]}
            views.append(PageView(urls.directory_page(group.facet, group.key, number), "directory_page.html.j2", title, context, section=urls.directory))
    return views


def cadre_context(showcase: Showcase, cadre: Cadre) -> dict[str, Any]:
    """A cadre's page. Each figure is shown once: the tiles hold the sums; an achievement's own
    figure is listed only when its tile sums several, and its original wording when that says more."""
    place = cadre.county
    path = [part for part in (place.city, place.province) if part and part != place.name]
    totals = showcase.cadre_totals[cadre.id]
    shared = Counter(key for item in cadre.achievements for key in item.metrics)

    def figure_lines(item) -> list[str]:
        lines = []
        for key, amount in item.metrics.items():
            metric = showcase.metrics[key]
            wording = f"原文“{amount.raw}”" if amount.raw and amount.bound is not Bound.EXACT else ""
            if shared[key] > 1:
                lines.append(f"{metric.label}：{format_amount(amount, metric.unit)}" + (f"（{wording}）" if wording else ""))
            elif wording:
                lines.append(f"{metric.label}：{wording}")
        return lines

    return {
        "cadre": cadre,
        "cohort": showcase.cohort_of(cadre),
        "place_path": list(dict.fromkeys(path)),
        "tiles": [(showcase.metrics[key].label, format_amount(amount, showcase.metrics[key].unit)) for key, amount in totals.items()],
        "achievements": [(item, figure_lines(item)) for item in cadre.achievements],
        "lectures": showcase.lectures_of(cadre),
    }


def report_context(showcase: Showcase, view: CohortView, site_name: str) -> dict[str, Any]:
    """The cohort's printable 汇编: a cover, the totals, then each cadre's page as one section. Sources
    are listed once at the end, each with the cadres it covers: in a cohort they are mostly one report."""
    sources: dict[str, list[str]] = {}
    for cadre in view.cadres:
        if cadre.attribution:
            sources.setdefault(cadre.attribution, []).append(cadre.name)
    return {"view": view, "site_name": site_name, "cadres": [cadre_context(showcase, cadre) for cadre in view.cadres], "sources": list(sources.items())}


def schedule_context(showcase: Showcase, urls: Urls, site_url: str) -> dict[str, Any]:
    """Filter choices, and the webcal:// address phones subscribe to when the site URL is known."""
    lectures = showcase.lectures
    cohort_ids = {lecture.cohort_id for lecture in lectures}
    places = {lecture.county for lecture in lectures if lecture.county}
    subscribe = ""
    if site_url:
        subscribe = "webcal://" + site_url.split("://", 1)[-1].rstrip("/") + "/" + page_url(urls.lectures_ics)
    return {
        "filters": {
            "series": sorted({lecture.series for lecture in lectures if lecture.series}),
            "cohorts": [view.cohort for view in showcase.cohorts if view.cohort.id in cohort_ids],
            "counties": [view.place for view in showcase.counties if view.place in places],
        },
        "subscribe_url": subscribe,
        "has_events": bool(dated(lectures)),
        "upcoming": showcase.upcoming(),
        "undated": showcase.undated(),
        "held": showcase.held(),
        "cohort_names": {view.cohort.id: view.cohort.name for view in showcase.cohorts},
    }


def totals_rows(showcase: Showcase, totals: dict[str, Amount]) -> list[tuple[str, str]]:
    """A totals table's rows: the metric's label and the sum in its unit."""
    return [(showcase.metrics[key].label, format_amount(amount, showcase.metrics[key].unit)) for key, amount in totals.items()]


def county_tree(showcase: Showcase) -> list[tuple[str, list[tuple[str, list]]]]:
    """Province → city → counties, in code order, for the county index."""
    tree: dict[str, dict[str, list]] = {}
    for view in showcase.counties:
        tree.setdefault(view.place.province or "其他", {}).setdefault(view.place.city or "省直辖", []).append(view)
    return [(province, list(cities.items())) for province, cities in tree.items()]


def home_context(showcase: Showcase, today: dt.date) -> dict[str, Any]:
    """Cohorts still serving come first (then the most recent), the next three dated lectures, and the
    site-wide figures people quote (each cohort's reported figure, then the profiles' sum, labelled).

    A cohort without an end date counts as serving for two years from its start (a usual term).
    """
    recent = today - dt.timedelta(days=730)

    def serving_now(cohort) -> bool:
        if cohort.end:
            return cohort.end.last_day >= today
        return bool(cohort.start) and cohort.start.first_day >= recent

    serving = [v for v in showcase.cohorts if serving_now(v.cohort)]
    others = [v for v in showcase.cohorts if v not in serving]
    figures = [f for f in site_figures(showcase) if f.metric.key in MAIN_METRICS]
    return {
        "headline": headline(showcase),
        "current": (serving + others)[:6],
        "upcoming": showcase.upcoming()[:3],
        "figures": figures,
    }


#: The figures the home page quotes, and the 成果统计 page breaks down by county and by year; it lists them all.
MAIN_METRICS = ("funds_secured", "investment_attracted", "people_trained")


@dataclass(frozen=True)
class CountyTable:
    """One cohort's figures by place, one unit per column, for the 成果统计 page."""

    view: CohortView
    columns: list[tuple[str, str]]  # (label, unit shown)
    rows: list[tuple[Any, list[str]]]  # (place, cells)
    total: list[str]


def county_table(showcase: Showcase, view: CohortView) -> CountyTable:
    keys = list(view.totals)
    parts = {group.place: showcase.matrix.get((view.cohort.id, group.place), {}) for group in view.counties}
    units = {key: shown_unit(showcase.metrics[key].unit, [view.totals[key]]) for key in keys}

    def cell(amount: Amount | None, key: str) -> str:
        return format_in(amount, showcase.metrics[key].unit, units[key]) if amount else "—"

    return CountyTable(
        view=view,
        columns=[(showcase.metrics[key].label, units[key]) for key in keys],
        rows=[(place, [cell(cells.get(key), key) for key in keys]) for place, cells in parts.items()],
        total=[cell(view.totals[key], key) for key in keys],
    )


@dataclass(frozen=True)
class PlacesTable:
    """Every place where published cadres served, across all cohorts: how many cadres, from how many
    cohorts, and the main metrics' sums of the profiles, one unit per column."""

    columns: list[tuple[str, str]]  # (label, unit shown)
    rows: list[tuple[Place, list[str]]]  # (place, cells)
    total: list[str]


def places_table(showcase: Showcase) -> PlacesTable:
    keys = [key for key in MAIN_METRICS if key in showcase.totals]
    units = {key: shown_unit(showcase.metrics[key].unit, [showcase.totals[key]]) for key in keys}

    def cells(cadres: int, cohorts: int, totals: dict[str, Amount]) -> list[str]:
        figures = [format_in(totals[key], showcase.metrics[key].unit, units[key]) if key in totals else "—" for key in keys]
        return [format_number(Decimal(cadres)), format_number(Decimal(cohorts)), *figures]

    rows = [(view.place, cells(len(view.cadres), len({c.cohort_id for c in view.cadres}), view.totals)) for view in showcase.counties if view.cadres]
    return PlacesTable(
        columns=[("挂职干部", "人"), ("批次", "个"), *((showcase.metrics[key].label, units[key]) for key in keys)],
        rows=rows,
        total=cells(len(showcase.cadres), sum(1 for view in showcase.cohorts if view.cadres), showcase.totals),
    )


def achievements_context(showcase: Showcase, urls: Urls) -> dict[str, Any]:
    return {
        "charts": year_charts(showcase, urls),
        "places": places_table(showcase),
        "tables": [county_table(showcase, view) for view in showcase.cohorts if view.totals],
        "reported": [view for view in showcase.cohorts if view.cohort.reported],
        "figures": site_figures(showcase),
        "published": len(showcase.cadres),
    }
