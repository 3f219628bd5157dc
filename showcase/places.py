"""County-level places: the shipped GB/T 2260 list plus the places a site declares.

People write 苍溪县, 肇庆市端州区 or 泸水县 (now 泸水市); pages group by the resolved division.
"""

from __future__ import annotations

import csv
import difflib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

_SUFFIXES = ("县", "市", "区", "自治县", "旗", "特区", "林区")


@dataclass(frozen=True)
class Place:
    """A county-level division (with its code) or a site-declared unit such as 肇庆高新区."""

    name: str
    city: str
    province: str
    code: str = ""
    note: str = ""
    slug: str = field(default="", compare=False)
    """URL slug of a division, fixed in the shipped list (see :func:`assign_slugs`)."""

    @property
    def is_division(self) -> bool:
        return bool(self.code)


@dataclass(frozen=True)
class Resolution:
    place: Place | None
    former_name: str = ""
    candidates: tuple[str, ...] = ()
    ambiguous: tuple[Place, ...] = ()


@cache
def divisions() -> tuple[Place, ...]:
    with resources.files("showcase.data").joinpath("divisions.csv").open(encoding="utf-8") as handle:
        return tuple(Place(row["name"], row["city"], row["province"], row["code"], slug=row["slug"]) for row in csv.DictReader(handle))


def assign_slugs(places: list[Place]) -> list[str]:
    """Pinyin slugs fixed by the whole list, not by the data, so a county's URL never changes.

    Homophones (易县/黟县) and repeated names (鼓楼区) get their city in front; the few that
    still clash get their code. Run once by scripts/build_gazetteer.py; stored in divisions.csv.
    """
    plain = [pinyin_slug(place.name) for place in places]
    counts = Counter(plain)
    qualified = [
        f"{pinyin_slug((p.city or p.province).removesuffix('市'))}-{s}" if counts[s] > 1 else s for p, s in zip(places, plain)
    ]
    counts = Counter(qualified)
    return [f"{s}-{p.code}" if counts[s] > 1 else s for p, s in zip(places, qualified)]


@cache
def _division_slug_set() -> frozenset[str]:
    return frozenset(place.slug for place in divisions())


class Gazetteer:
    """Name lookup over the divisions and the site's declared places."""

    def __init__(self, extra: dict[str, Place] | None = None, renamed: dict[str, str] | None = None) -> None:
        self.by_name: dict[str, list[Place]] = {}
        self.by_qualified: dict[str, Place] = {}
        for place in divisions():
            self.by_name.setdefault(place.name, []).append(place)
            for prefix in {place.city, place.province, place.province + place.city}:
                if prefix and prefix != place.name:
                    self.by_qualified[prefix + place.name] = place
        self.extra = dict(extra or {})
        self.renamed = dict(renamed or {})

    def resolve(self, written: str, region_hint: str = "") -> Resolution:
        name = written.strip().replace(" ", "")
        if name in self.extra:
            return Resolution(self.extra[name])
        if name in self.renamed:
            current = self.resolve(self.renamed[name], region_hint)
            return Resolution(current.place, former_name=name, ambiguous=current.ambiguous)
        if name in self.by_qualified:
            return Resolution(self.by_qualified[name])
        matches = self.by_name.get(name, [])
        if len(matches) == 1:
            return Resolution(matches[0])
        if matches:
            hinted = [p for p in matches if p.city and p.city in region_hint or p.province in region_hint]
            if len(hinted) == 1:
                return Resolution(hinted[0])
            return Resolution(None, ambiguous=tuple(matches))
        return Resolution(None, candidates=self.suggest(name))

    def suggest(self, name: str) -> tuple[str, ...]:
        with_suffix = [name + s for s in _SUFFIXES if name + s in self.by_name or name + s in self.extra]
        if with_suffix:
            return tuple(with_suffix)
        pool = list(self.by_name) + list(self.extra) + list(self.renamed)
        homophones = self._by_pinyin().get(pinyin_slug(name), [])
        close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
        return tuple(dict.fromkeys(homophones + close))[:3]

    @cache  # noqa: B019 - one gazetteer per build; the pinyin index is only needed for typos
    def _by_pinyin(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name in list(self.by_name) + list(self.extra):
            index.setdefault(pinyin_slug(name), []).append(name)
        return index

    def slug(self, place: Place) -> str:
        """URL slug of a place, unique across every division and declared place."""
        if place.slug:
            return place.slug
        slug = pinyin_slug(place.name) or "place"
        if slug in _division_slug_set():
            slug = f"{pinyin_slug(place.province)}-{slug}"
        return slug


def pinyin_slug(text: str) -> str:
    """ASCII slug of Chinese text, one hyphen per syllable: 苗苗 -> miao-miao."""
    from pypinyin import lazy_pinyin  # its dictionaries take a moment to load: only when needed

    parts = []
    for chunk in lazy_pinyin(text, errors=lambda s: [c for c in s]):
        cleaned = "".join(c for c in chunk.lower() if c.isascii() and c.isalnum())
        if cleaned:
            parts.append(cleaned)
    return "-".join(parts)
