"""Coverage toward every kelurahan a KRPPA, for any region and for each of its children.

What each figure means — the same on the public page, the dashboards and the open-data API:

- `kelurahan_total`: villages of kind kelurahan in the region (desa are not part of KRPPA).
- `designated`: kelurahan with an active designation (status active; the daily `expire_designations`
  run keeps that true as validity ends).
- `in_progress[phase]`: kelurahan *without* an active designation that have an open application, by the
  phase it is in (self-assessment, city, province). A kelurahan with open applications in two cycles
  counts once, by its most recent application. A designated kelurahan re-applying counts as designated
  only; the dashboards' pipeline, which counts applications by stage, shows such renewals.
- `not_started`: kelurahan with neither an active designation nor an open application.
- `coverage_percent`: designated / kelurahan_total × 100, one decimal (None where there is no kelurahan).

Every kelurahan is in exactly one of designated, in progress and not started, so those add up to the
total. Children are the regions one level down that hold at least one kelurahan (a regency or kecamatan
of desa only has nothing to cover).

Everything is counted in the database (see `coverage_queries`), grouped by the prefix of the Kemendagri
code, so a region costs the same handful of queries whether it holds 5 or 8,000 kelurahan. Pages read a
`snapshot`, cached under a key that changes with the data, so most requests cost one query.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import coverage_queries as queries
from .models import PHASE_OF_STAGE, CoverageTarget, Level, Phase, Region

IN_PROGRESS_PHASES = (Phase.SELF_ASSESSMENT.value, Phase.CITY.value, Phase.PROVINCE.value)
PHASE_LABELS = {
    Phase.SELF_ASSESSMENT.value: _("Self-assessment"),
    Phase.CITY.value: _("City review"),
    Phase.PROVINCE.value: _("Provincial evaluation"),
}
NATION_LEVEL = 0
# Length of a code at each level: 63 · 63.71 · 63.71.02 · 63.71.02.1004
CODE_LENGTH = {Level.PROVINCE: 2, Level.CITY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}
# Regions whose coverage is reported (a kelurahan is a row in its kecamatan's list, not a region of its own).
REPORTED_LEVELS = (Level.PROVINCE, Level.CITY, Level.DISTRICT)
REPORTED_CODE_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2})?)?$"  # a code of one of the reported levels
HISTORY_YEARS = 10  # the furthest back coverage over time looks


@dataclass(frozen=True)
class Place:
    """A region as coverage names it; the nation is code None, level 0."""

    code: str | None
    name: str
    level: int
    kind: str = ""

    @classmethod
    def of(cls, region: Region | None) -> Place:
        if region is None:
            return NATION
        return cls(region.code, region.name, region.level, region.kind)

    @property
    def is_nation(self) -> bool:
        return self.code is None


NATION = Place(None, _("Indonesia"), NATION_LEVEL)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    place: Place
    kelurahan_total: int = 0
    designated: int = 0
    by_category: tuple[tuple[str, int], ...] = ()
    in_progress: dict[str, int] = field(default_factory=lambda: dict.fromkeys(IN_PROGRESS_PHASES, 0))

    # Cached: long lists read each of these several times per row.
    @cached_property
    def in_progress_total(self) -> int:
        return sum(self.in_progress.values())

    @cached_property
    def not_started(self) -> int:
        return self.kelurahan_total - self.designated - self.in_progress_total

    @cached_property
    def coverage_percent(self) -> Decimal | None:
        return percent(self.designated, self.kelurahan_total)

    @cached_property
    def in_progress_percent(self) -> Decimal | None:
        return percent(self.in_progress_total, self.kelurahan_total)

    def in_progress_list(self) -> list[tuple[str, str, int]]:
        """(phase, label, count) in the order an application moves."""
        return [(phase, PHASE_LABELS[phase], self.in_progress[phase]) for phase in IN_PROGRESS_PHASES]


@dataclass(frozen=True)
class Coverage:
    """A region's figures and the same for each child region."""

    figures: Figures
    children: list[Figures]

    @property
    def place(self) -> Place:
        return self.figures.place


# -- assembling the figures ----------------------------------------------------------------------

def _figures(place: Place, total: int, categories: list[tuple[str, int, int]], stages: dict[str, int]) -> Figures:
    in_progress = dict.fromkeys(IN_PROGRESS_PHASES, 0)
    for stage, kelurahan in stages.items():
        in_progress[PHASE_OF_STAGE[stage]] += kelurahan
    ordered = sorted(categories, key=lambda item: (item[1], item[0]))
    return Figures(place=place, kelurahan_total=total, designated=sum(count for _name, _rank, count in ordered),
                   by_category=tuple((name, count) for name, _rank, count in ordered), in_progress=in_progress)


def _sum(place: Place, parts: list[Figures], ranks: dict[str, int]) -> Figures:
    categories: dict[str, int] = {}
    for part in parts:
        for name, count in part.by_category:
            categories[name] = categories.get(name, 0) + count
    return Figures(
        place=place,
        kelurahan_total=sum(part.kelurahan_total for part in parts),
        designated=sum(part.designated for part in parts),
        by_category=tuple(sorted(categories.items(), key=lambda item: (ranks.get(item[0], 0), item[0]))),
        in_progress={phase: sum(part.in_progress[phase] for part in parts) for phase in IN_PROGRESS_PHASES},
    )


def child_length(place: Place) -> int:
    return CODE_LENGTH[Level(place.level + 1)]


def coverage_for(region: Region | None) -> Coverage:
    """Figures for `region` (None: the whole nation) and for each child region; three queries."""
    place = Place.of(region)
    length = child_length(place)
    categories: dict[str, list[tuple[str, int, int]]] = {}
    for prefix, name, rank, count in queries.designations_by_category(place.code, length):
        categories.setdefault(prefix, []).append((name, rank, count))
    stages: dict[str, dict[str, int]] = {}
    for prefix, stage, kelurahan in queries.in_progress_by_stage(place.code, length):
        stages.setdefault(prefix, {})[stage] = kelurahan
    children = [
        _figures(Place(code, name, level, kind), total, categories.get(code, []), stages.get(code, {}))
        for code, name, level, kind, total in queries.children_with_totals(place.code, place.level)
    ]
    ranks = {name: rank for rows in categories.values() for name, rank, _count in rows}
    return Coverage(figures=_sum(place, children, ranks), children=children)


def reported_region(code: str) -> tuple[Region, list[Region]] | None:
    """The region whose coverage is asked for, with its ancestors (province first); None when there is no
    such province, city or kecamatan. One query."""
    parts = code.split(".")
    codes = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    found = {region.code: region for region in Region.objects.filter(code__in=codes)}
    region = found.get(code)
    if region is None or region.level not in REPORTED_LEVELS:
        return None
    return region, [found[ancestor] for ancestor in codes[:-1] if ancestor in found]


# -- coverage over time --------------------------------------------------------------------------

@dataclass(frozen=True)
class YearPoint:
    year: int
    day: datetime.date          # the day counted: 31 December, or today for the current year
    designated: int
    percent: Decimal | None


def coverage_by_year(place: Place, kelurahan_total: int, *, today: datetime.date | None = None) -> list[YearPoint]:
    """Kelurahan designated at the end of each year (today, for this year), as a share of today's kelurahan.

    Read from the designations' validity and the moment their status changed, so revoked and superseded
    designations count for the years they were in force. The series starts in the first year any
    designation in the region was valid (at most HISTORY_YEARS back) and ends this year; one query.
    """
    today = today or timezone.localdate()
    days = [min(datetime.date(year, 12, 31), today) for year in range(today.year - HISTORY_YEARS + 1, today.year + 1)]
    ends = [timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
            for day in days]
    first, counts = queries.kelurahan_in_force(place.code, days, ends)
    # A designation valid only from next year on does not start the series in the future.
    first_year = min(max(first.year, days[0].year), today.year) if first else today.year
    return [YearPoint(day.year, day, count, percent(count, kelurahan_total))
            for day, count in zip(days, counts, strict=True) if day.year >= first_year]


# -- what the pages show, computed once per change ------------------------------------------------

SNAPSHOT_SECONDS = 600  # renaming a region is not in the data version; a new name shows within ten minutes


@dataclass(frozen=True)
class Snapshot:
    coverage: Coverage
    history: list[YearPoint]
    target: CoverageTarget | None  # a city's
    key: str  # changes whenever the figures can; pages cache what they render from it under this key

    @property
    def figures(self) -> Figures:
        return self.coverage.figures


def snapshot(region: Region | None, *, today: datetime.date | None = None) -> Snapshot:
    """`region`'s coverage (with its children), its history and its target, from the cache while nothing
    has changed.

    The cache key holds `data_version()`: any new, revoked, expired or superseded designation, any
    application moving on and any target set changes it, so a snapshot is never stale; a hit costs that
    one query.
    """
    today = today or timezone.localdate()
    version = hashlib.sha1("|".join(str(part) for part in queries.data_version()).encode()).hexdigest()
    key = f"krppa:coverage:{region.code if region else 'nation'}:{today.isoformat()}:{version}"
    found = cache.get(key)
    if found is None:
        coverage = coverage_for(region)
        target = (CoverageTarget.objects.filter(region=region).first()
                  if region is not None and region.level == Level.CITY else None)
        found = Snapshot(coverage, coverage_by_year(coverage.place, coverage.figures.kelurahan_total, today=today),
                         target, key)
        cache.set(key, found, SNAPSHOT_SECONDS)
    return found


# -- targets -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetProgress:
    """A city's coverage measured against its target."""

    target: CoverageTarget
    figures: Figures

    @property
    def kelurahan_needed(self) -> int:
        """Kelurahan the target asks for, in all (rounded up)."""
        return -(-self.figures.kelurahan_total * self.target.target_percent // 100)

    @property
    def still_to_designate(self) -> int:
        return max(0, self.kelurahan_needed - self.figures.designated)

    @property
    def reached(self) -> bool:
        return self.still_to_designate == 0


def targets_for(codes: list[str]) -> dict[str, CoverageTarget]:
    return {target.region_id: target for target in CoverageTarget.objects.filter(region_id__in=codes)}
