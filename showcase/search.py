"""Site search with Pagefind: what each page tells the index besides its text.

The theme wraps every page's content in ``data-pagefind-body`` and writes the facts below as
Pagefind metadata and filters (``partials/content.html``); ``indexer`` gives the pages to Pagefind
as the build writes them, into ``pagefind/``, which the browser loads only when a visitor searches
(``assets/showcase/search.js``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from showcase.aggregate import Showcase
from showcase.places import Place
from showcase.segmenter import place_forms, whole_words
from showcase.views import Urls

#: Loaded by the search box's first use, never with the page.
ASSETS = ("assets/showcase/search.js", "assets/showcase/search.css")

LUNR_LEFT = (
    "mkdocs.yml 的 plugins 中还有 search（Material 的 lunr 搜索）。本站的搜索由 showcase 插件用 Pagefind 生成，"
    "不再需要 lunr 索引：请删除 plugins 中的 search 一项。"
)


@dataclass(frozen=True)
class PageFacts:
    """What the index knows of a page besides its text: shown in results, searched as whole words, filtered by."""

    title: str
    detail: str = ""
    """A line under the title in the results (post and cohort, programme and region, city and province)."""
    names: str = ""
    """Whole words naming what the page is about (the person, the county, the cohort's programme)."""
    keywords: str = ""
    """Whole words the page is related to (a cadre's county and programme)."""
    filters: tuple[tuple[str, str], ...] = ()
    indexed: bool = True

    def body(self, content: str, heading: str) -> Markup:
        """What Pagefind indexes of a page: the facts as its metadata and filters, then the text (with
        ``heading`` as its title when the text has none). The theme prints it inside the page's
        ``data-pagefind-body``; the indexer is given the same, as soon as the page's content is ready."""
        spans = [("meta", "title", self.title), ("meta", "detail", self.detail), ("meta", "names", self.names), ("meta", "keywords", self.keywords)]
        spans += [("filter", key, value) for key, value in self.filters]
        parts = [f'<span hidden data-pagefind-{kind}="{name}:{escape(value)}"></span>' for kind, name, value in spans if value]
        if "<h1" not in content:
            parts.append(f"<h1>{escape(heading)}</h1>")
        return Markup("\n".join([*parts, content]))


class SiteFacts(dict[str, PageFacts]):
    """Facts by source URI. The 干部名录 pages are not indexed: they list every cadre again, each of
    whom has a page, and would only crowd the results (and the index)."""

    def __init__(self, facts: dict[str, PageFacts], unindexed: str) -> None:
        super().__init__(facts)
        self.unindexed = unindexed

    def of(self, src_uri: str, title: str) -> PageFacts:
        if src_uri.startswith(self.unindexed):
            return PageFacts(title, indexed=False)
        return self.get(src_uri) or PageFacts(title)


def page_facts(showcase: Showcase, urls: Urls, *, whole: bool = True) -> SiteFacts:
    """Facts of every generated cohort, county and cadre page.

    ``whole=False`` (the plugin's ``search_dictionary: false``) leaves names and places to the indexer's
    segmentation alone.
    """
    words = whole_words if whole else (lambda _: "")
    facts: dict[str, PageFacts] = {}
    for view in showcase.cohorts:
        cohort = view.cohort
        counties = [group.place for group in view.counties]
        facts[urls.cohort(cohort.id)] = PageFacts(
            title=cohort.name,
            detail=" · ".join(part for part in (cohort.program, cohort.region) if part),
            names=words([cohort.program]),
            keywords=words([*_places(counties), cohort.region]),
            filters=_filters(cohort=[cohort.name], county=[p.name for p in counties], program=[cohort.program]),
        )
    for view in showcase.counties:
        place = view.place
        facts[urls.county(place)] = PageFacts(
            title=place.name,
            detail=" · ".join(part for part in dict.fromkeys((place.city, place.province)) if part and part != place.name),
            names=words(_places([place], view.former_names)),
            filters=_filters(cohort=[c.name for c in view.cohorts], county=[place.name], program=[c.program for c in view.cohorts]),
        )
    for cadre in showcase.cadres:
        cohort = showcase.cohort_of(cadre)
        former = [cadre.former_county_name] if cadre.former_county_name else []
        facts[urls.cadre(cadre)] = PageFacts(
            title=cadre.name,
            detail=" · ".join(part for part in (cadre.post, _unless_in(cadre.county.name, cadre.post), cohort.name) if part),
            names=words([cadre.name]),
            keywords=words([*_places([cadre.county], former), cohort.program]),
            filters=_filters(cohort=[cohort.name], county=[cadre.county.name], program=[cohort.program]),
        )
    return SiteFacts(facts, unindexed=posixpath.dirname(urls.directory) + "/")


def _unless_in(name: str, text: str) -> str:
    """A county named in the results line once: 德庆县科技副职 says where already."""
    return "" if name in text else name


def _places(places: Iterable[Place], former_names: Iterable[str] = ()) -> list[str]:
    names = [place.name for place in places] + list(former_names)
    return [form for name in names for form in place_forms(name)]


def _filters(**values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, items in values.items() for value in dict.fromkeys(items) if value)
