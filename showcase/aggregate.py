"""Totals and groupings, computed once from the model: plain data, stable order, no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from showcase.metrics import Amount, Bound, Metric, format_in, shown_unit
from showcase.model import Cadre, Cohort, Dataset, Lecture
from showcase.places import Place

Totals = dict[str, Amount]


def add_totals(target: Totals, amounts: Mapping[str, Amount]) -> None:
    for key, amount in amounts.items():
        target[key] = target[key] + amount if key in target else Amount(amount.value, amount.bound)


def sum_totals(parts: Iterable[Mapping[str, Amount]]) -> Totals:
    total: Totals = {}
    for part in parts:
        add_totals(total, part)
    return total


def cadre_totals(cadre: Cadre) -> Totals:
    return sum_totals(a.metrics for a in cadre.achievements)


@dataclass(frozen=True)
class Comparison:
    """A reported figure beside the one computed from profiles; never merged.

    They are subtracted only when the subtraction means something: both exact, and the profiles
    cover the whole cohort. Otherwise the two stand side by side with the reason.
    """

    metric: Metric
    computed: Amount | None
    reported: Amount | None
    complete: bool

    @property
    def unit(self) -> str:
        return shown_unit(self.metric.unit, [self.computed, self.reported])

    @property
    def computed_text(self) -> str:
        return format_in(self.computed, self.metric.unit, self.unit) if self.computed else "—"

    @property
    def reported_text(self) -> str:
        return format_in(self.reported, self.metric.unit, self.unit) if self.reported else "—"

    @property
    def note(self) -> str:
        if self.computed is None or self.reported is None:
            return ""
        bounds = {self.computed.bound, self.reported.bound}
        if Bound.AT_LEAST in bounds:
            return "含下限，不相减"
        if Bound.APPROX in bounds:
            return "含约数，不相减"
        return "" if self.complete else "口径不同"

    @property
    def difference_text(self) -> str:
        if self.computed is None or self.reported is None or self.note:
            return ""
        difference = self.reported.value - self.computed.value
        shown = format_in(Amount(abs(difference)), self.metric.unit, self.unit)
        return ("+" if difference > 0 else "−" if difference < 0 else "") + shown


@dataclass(frozen=True)
class SiteFigure:
    """One metric site-wide: each cohort's reported figure, and the sum of the profiles with its coverage."""

    metric: Metric
    reported: list[tuple[Cohort, Amount]]
    computed: Amount | None
    covered: int
    """Published profiles that give this metric."""

    @property
    def unit(self) -> str:
        return shown_unit(self.metric.unit, [self.computed, *(amount for _, amount in self.reported)])


@dataclass
class CountyGroup:
    place: Place
    cadres: list[Cadre] = field(default_factory=list)


def dated(lectures: Iterable[Lecture]) -> list[Lecture]:
    """The lectures a calendar can hold: a feed or a subscribe button exists only for these."""
    return [lecture for lecture in lectures if lecture.date]


@dataclass
class CohortView:
    cohort: Cohort
    cadres: list[Cadre]
    counties: list[CountyGroup]
    lectures: list[Lecture]
    totals: Totals
    comparisons: list[Comparison]

    @property
    def dated_lectures(self) -> list[Lecture]:
        return dated(self.lectures)


@dataclass
class CountyView:
    place: Place
    cadres: list[Cadre]
    cohorts: list[Cohort]
    lectures: list[Lecture]
    totals: Totals
    former_names: list[str]

    @property
    def dated_lectures(self) -> list[Lecture]:
        return dated(self.lectures)


@dataclass
class Showcase:
    """Everything the pages and exports need, indexed for O(1) lookups while rendering."""

    dataset: Dataset
    metrics: Mapping[str, Metric]
    cohorts: list[CohortView]
    counties: list[CountyView]
    cadre_totals: dict[str, Totals]
    lectures: list[Lecture]
    matrix: dict[tuple[str, Place], Totals]
    totals: Totals

    def cohort_of(self, cadre: Cadre) -> Cohort:
        return self._cohorts[cadre.cohort_id].cohort

    def cohort_view(self, cohort_id: str) -> CohortView:
        return self._cohorts[cohort_id]

    def lectures_of(self, cadre: Cadre) -> list[Lecture]:
        return self._by_speaker.get(cadre.id, [])

    def __post_init__(self) -> None:
        self._cohorts = {view.cohort.id: view for view in self.cohorts}
        self._by_speaker: dict[str, list[Lecture]] = defaultdict(list)
        for lecture in self.lectures:
            if lecture.speaker_id:
                self._by_speaker[lecture.speaker_id].append(lecture)

    @property
    def cadres(self) -> list[Cadre]:
        return [cadre for view in self.cohorts for cadre in view.cadres]

    def upcoming(self) -> list[Lecture]:
        """Planned lectures with a date: one whose date is not known is not "upcoming" (see :meth:`undated`)."""
        return [lecture for lecture in self.lectures if lecture.status == "planned" and lecture.date]

    def undated(self) -> list[Lecture]:
        return [lecture for lecture in self.lectures if lecture.status == "planned" and not lecture.date]

    def held(self) -> list[Lecture]:
        return [lecture for lecture in reversed(self.lectures) if lecture.status == "held"]


def place_sort_key(place: Place) -> tuple:
    return (place.code or "999999", place.province, place.city, place.name)


def cadre_sort_key(cadre: Cadre) -> tuple:
    return (place_sort_key(cadre.county), cadre.id)


def aggregate(dataset: Dataset, drafts: bool = False) -> Showcase:
    """``drafts``: show draft profiles too (a preview); a published site never does."""
    published = sorted(dataset.cadres if drafts else dataset.published_cadres, key=cadre_sort_key)
    per_cadre = {cadre.id: cadre_totals(cadre) for cadre in published}
    lectures = sorted(dataset.lectures, key=lambda lecture: lecture.sort_key)

    by_cohort: dict[str, list[Cadre]] = defaultdict(list)
    by_place: dict[Place, list[Cadre]] = defaultdict(list)
    matrix: dict[tuple[str, Place], Totals] = {}
    for cadre in published:
        by_cohort[cadre.cohort_id].append(cadre)
        by_place[cadre.county].append(cadre)
        add_totals(matrix.setdefault((cadre.cohort_id, cadre.county), {}), per_cadre[cadre.id])
    lectures_by_cohort: dict[str, list[Lecture]] = defaultdict(list)
    lectures_by_place: dict[Place, list[Lecture]] = defaultdict(list)
    for lecture in lectures:
        lectures_by_cohort[lecture.cohort_id].append(lecture)
        if lecture.county:
            lectures_by_place[lecture.county].append(lecture)

    cohort_views = []
    for cohort in sorted(dataset.cohorts, key=lambda c: (-(c.start.first_day.toordinal() if c.start else 0), c.id)):
        cadres = by_cohort.get(cohort.id, [])
        groups: dict[Place, CountyGroup] = {}
        for cadre in cadres:
            groups.setdefault(cadre.county, CountyGroup(cadre.county)).cadres.append(cadre)
        totals = sum_totals(per_cadre[c.id] for c in cadres)
        keys = list(dict.fromkeys([*cohort.reported, *totals]))
        complete = cohort.size is not None and len(cadres) >= cohort.size
        comparisons = [Comparison(dataset.metrics[k], totals.get(k), cohort.reported.get(k), complete) for k in keys if k in dataset.metrics]
        cohort_views.append(CohortView(cohort, cadres, list(groups.values()), lectures_by_cohort.get(cohort.id, []), totals, comparisons))

    cohort_order = {view.cohort.id: index for index, view in enumerate(cohort_views)}
    cohorts_by_id = {view.cohort.id: view.cohort for view in cohort_views}
    county_views = []
    for place in sorted(set(by_place) | set(lectures_by_place), key=place_sort_key):
        cadres = by_place.get(place, [])
        cohort_ids = sorted({c.cohort_id for c in cadres} | {lec.cohort_id for lec in lectures_by_place.get(place, [])}, key=cohort_order.__getitem__)
        former = sorted({c.former_county_name for c in cadres if c.former_county_name})
        county_views.append(
            CountyView(place, cadres, [cohorts_by_id[i] for i in cohort_ids], lectures_by_place.get(place, []), sum_totals(per_cadre[c.id] for c in cadres), former)
        )
    return Showcase(
        dataset=dataset,
        metrics=dataset.metrics,
        cohorts=cohort_views,
        counties=county_views,
        cadre_totals=per_cadre,
        lectures=lectures,
        matrix=matrix,
        totals=sum_totals(per_cadre.values()),
    )


def site_figures(showcase: Showcase) -> list[SiteFigure]:
    """Every metric that a cohort reports or a profile gives, in registry order."""
    figures = []
    for key, metric in showcase.metrics.items():
        reported = [(view.cohort, view.cohort.reported[key]) for view in showcase.cohorts if key in view.cohort.reported]
        covered = sum(1 for totals in showcase.cadre_totals.values() if key in totals)
        if reported or key in showcase.totals:
            figures.append(SiteFigure(metric, reported, showcase.totals.get(key), covered))
    return figures


def headline(showcase: Showcase) -> dict[str, object]:
    """The numbers on the home page: county-level divisions are counted apart from other places."""
    divisions = [view for view in showcase.counties if view.place.is_division]
    return {
        "cohorts": len(showcase.cohorts),
        "cadres": len(showcase.cadres),
        "counties": len(divisions),
        "other_places": len(showcase.counties) - len(divisions),
        "lectures": len(showcase.lectures),
    }
