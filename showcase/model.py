"""The content model: plain frozen records that remember their source file and lines.

Nothing here knows about MkDocs; the site, the CLI and the exports all read this model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from showcase.dates import PartialDate
from showcase.metrics import Amount, Metric
from showcase.places import Place

#: The county of a profile whose county could not be read (the loader has reported why).
NO_PLACE = Place("", "", "")


@dataclass(frozen=True)
class Source:
    """Where a record came from: repository-relative path, and the line of each field."""

    path: str
    line: int = 1
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True, kw_only=True)
class Achievement:
    title: str
    date: PartialDate | None = None
    category: str = ""
    metrics: Mapping[str, Amount] = field(default_factory=dict)
    summary: str = ""
    source: Source


@dataclass(frozen=True, kw_only=True)
class Cadre:
    id: str
    cohort_id: str
    name: str
    county: Place = NO_PLACE
    county_written: str = ""
    post: str = ""
    origin: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    portfolio: tuple[str, ...] = ()
    education: str = ""
    expertise: str = ""
    photo: str = ""
    tags: tuple[str, ...] = ()
    attribution: str = ""
    """资料来源: where the facts come from, shown apart from the cadre's own account."""
    draft: bool = False
    achievements: tuple[Achievement, ...] = ()
    body: str = ""
    source: Source

    @property
    def former_county_name(self) -> str:
        """The written name when it is a former name of the resolved place (泸水县 → 泸水市)."""
        return self.county_written if self.county_written not in (self.county.name, "") and self.county.is_division else ""


@dataclass(frozen=True, kw_only=True)
class Lecture:
    id: str
    cohort_id: str
    date: PartialDate | None = None
    time: dt.time | None = None
    speaker_id: str = ""
    speaker_name: str = ""
    title: str
    venue: str = ""
    audience: str = ""
    attendance: Amount | None = None
    county: Place | None = None
    series: str = ""
    status: str
    source: Source

    @property
    def sort_key(self) -> tuple:
        """Chronological; lectures whose date is not yet known come last."""
        return (self.date is None, self.date.first_day if self.date else dt.date.max, self.time or dt.time(0), self.id)


@dataclass(frozen=True, kw_only=True)
class Cohort:
    id: str
    name: str
    program: str = ""
    organizer: str = ""
    region: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    summary: str = ""
    size: int | None = None
    """本批人数 as published: a cohort may have more people than profiles on the site."""
    attribution: str = ""
    """资料来源 of the cohort's facts and reported figures."""
    reported: Mapping[str, Amount] = field(default_factory=dict)
    source: Source


@dataclass
class Dataset:
    """Everything loaded from ``cohorts/``; drafts are kept (validated) but not published."""

    metrics: Mapping[str, Metric]
    cohorts: list[Cohort] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)
    lectures: list[Lecture] = field(default_factory=list)
    _cadre_index: dict[str, Cadre] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=0, repr=False)

    @property
    def published_cadres(self) -> list[Cadre]:
        return [c for c in self.cadres if not c.draft]

    def cadre(self, cadre_id: str) -> Cadre | None:
        """Lookup by id; the first profile wins when ids clash (the loader reports the clash)."""
        if self._indexed != len(self.cadres):
            self._cadre_index = {}
            for cadre in self.cadres:
                self._cadre_index.setdefault(cadre.id, cadre)
            self._indexed = len(self.cadres)
        return self._cadre_index.get(cadre_id)
