"""Coverage toward every kelurahan a KRPPA, for any region and for each of its children.

What each figure means — the same on the public page, the dashboards and the open-data API:

- `kelurahan_total`: villages of kind kelurahan in the region (desa are not part of KRPPA).
- `designated`: kelurahan with an active designation (status active; the daily `expire_designations`
  run keeps that true as validity ends).
- `in_progress[phase]`: kelurahan *without* an active designation that have an open application, by the
  phase it is in (self-assessment, city, province). A kelurahan with open applications in two cycles
  counts once, in the furthest phase. A designated kelurahan re-applying counts as designated only; the
  dashboards' pipeline, which counts applications by stage, shows such renewals.
- `not_started`: kelurahan with neither an active designation nor an open application.
- `coverage_percent`: designated / kelurahan_total × 100, one decimal (None where there is no kelurahan).

Every kelurahan is in exactly one of designated, in progress and not started, so those add up to the
total. Children are the regions one level down that hold at least one kelurahan (a regency or kecamatan
of desa only has nothing to cover).

Everything is counted in the database, grouped by the prefix of the Kemendagri code
(`Substr(code, 1, n)`), so a region costs the same handful of queries whether it holds 5 or 8,000 kelurahan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    OPEN_STAGES,
    PHASE_OF_STAGE,
    Application,
    CoverageTarget,
    Designation,
    Level,
    Phase,
    Region,
)

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

    @property
    def in_progress_total(self) -> int:
        return sum(self.in_progress.values())

    @property
    def not_started(self) -> int:
        return self.kelurahan_total - self.designated - self.in_progress_total

    @property
    def coverage_percent(self) -> Decimal | None:
        return percent(self.designated, self.kelurahan_total)

    @property
    def in_progress_percent(self) -> Decimal | None:
        return percent(self.in_progress_total, self.kelurahan_total)

    @property
    def not_started_percent(self) -> Decimal | None:
        return percent(self.not_started, self.kelurahan_total)

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


# -- the queries ---------------------------------------------------------------------------------

PHASE_RANK = {phase: rank for rank, phase in enumerate(IN_PROGRESS_PHASES, start=1)}


def _phase_rank():
    """The phase of an open application as a number, so "furthest phase" is a comparison in SQL."""
    return Case(
        *[When(stage__in=[stage for stage in OPEN_STAGES if PHASE_OF_STAGE[stage] == phase], then=Value(rank))
          for phase, rank in PHASE_RANK.items()],
        default=Value(0), output_field=IntegerField(),
    )


def _kelurahan_totals(scope: str | None, length: int) -> dict[str, int]:
    rows = (Region.objects.kelurahan().within(scope)
            .annotate(prefix=Substr("code", 1, length)).values("prefix")
            .annotate(total=Count("code")).order_by())
    return {row["prefix"]: row["total"] for row in rows}


def _designations_by_category(scope: str | None, length: int) -> dict[str, list[tuple[str, int, int]]]:
    rows = (Designation.objects.active().within(scope)
            .annotate(prefix=Substr("kelurahan_id", 1, length)).values("prefix", "category__name")
            .annotate(designated=Count("pk"), rank=Min("category__min_points")).order_by())
    grouped: dict[str, list[tuple[str, int, int]]] = {}
    for row in rows:
        grouped.setdefault(row["prefix"], []).append((row["category__name"], row["rank"], row["designated"]))
    return grouped


def _in_progress(scope: str | None, length: int) -> dict[str, dict[str, int]]:
    """Kelurahan without an active designation, by their open application's furthest phase."""
    active_designation = Designation.objects.active().filter(kelurahan=OuterRef("kelurahan"))
    further_open = (Application.objects.open().filter(kelurahan=OuterRef("kelurahan"))
                    .annotate(rank=_phase_rank()).filter(rank__gt=OuterRef("rank")))
    rows = (Application.objects.open().within(scope)
            .exclude(Exists(active_designation))
            .annotate(rank=_phase_rank())
            .exclude(Exists(further_open))
            .annotate(prefix=Substr("kelurahan_id", 1, length)).values("prefix", "rank")
            .annotate(kelurahan=Count("kelurahan", distinct=True)).order_by())
    phase_of_rank = {rank: phase for phase, rank in PHASE_RANK.items()}
    grouped: dict[str, dict[str, int]] = {}
    for row in rows:
        phases = grouped.setdefault(row["prefix"], dict.fromkeys(IN_PROGRESS_PHASES, 0))
        phases[phase_of_rank[row["rank"]]] += row["kelurahan"]
    return grouped


def _figures_by_prefix(scope: str | None, length: int) -> tuple[dict[str, dict], dict[str, int]]:
    """Raw figures per code prefix of `length` inside `scope` (three GROUP BY queries), and the rank of
    each category name (its lowest score), so categories always read from Pratama upwards."""
    totals = _kelurahan_totals(scope, length)
    categories = _designations_by_category(scope, length)
    progress = _in_progress(scope, length)
    ranks = {name: rank for rows in categories.values() for name, rank, _count in rows}
    result = {}
    for prefix, total in totals.items():
        by_category = sorted(categories.get(prefix, []), key=lambda item: (item[1], item[0]))
        result[prefix] = {
            "kelurahan_total": total,
            "designated": sum(count for _name, _rank, count in by_category),
            "by_category": tuple((name, count) for name, _rank, count in by_category),
            "in_progress": progress.get(prefix, dict.fromkeys(IN_PROGRESS_PHASES, 0)),
        }
    return result, ranks


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
    """Figures for `region` (None: the whole nation) and for each child region; four queries."""
    place = Place.of(region)
    raw, ranks = _figures_by_prefix(place.code, child_length(place))
    names = {row["code"]: row for row in Region.objects.filter(code__in=list(raw))
             .values("code", "name", "level", "kind")}
    children = [
        Figures(place=Place(code, names[code]["name"], names[code]["level"], names[code]["kind"]), **raw[code])
        for code in sorted(raw) if code in names
    ]
    return Coverage(figures=_sum(place, children, ranks), children=children)


def figures_for(region: Region | None) -> Figures:
    """The region's own figures without its children; three queries."""
    place = Place.of(region)
    if place.is_nation:
        return coverage_for(None).figures
    raw = _figures_by_prefix(place.code, len(place.code))[0].get(place.code)
    return Figures(place=place, **raw) if raw else Figures(place=place)


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


def _live_on(day: datetime.date) -> Q:
    """A designation in force at the end of `day`: within its validity, and not revoked or superseded by then."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return (Q(valid_from__lte=day, valid_until__gte=day)
            & (Q(status_changed_at__isnull=True) | Q(status_changed_at__gte=end_of_day)))


def coverage_by_year(place: Place, kelurahan_total: int, *, today: datetime.date | None = None) -> list[YearPoint]:
    """Kelurahan designated at the end of each year (today, for this year), as a share of today's kelurahan.

    Read from the designations' validity and the moment their status changed, so revoked and superseded
    designations count for the years they were in force. The series starts in the first year any
    designation in the region was valid (at most HISTORY_YEARS back) and ends this year; one query.
    """
    today = today or timezone.localdate()
    years = range(today.year - HISTORY_YEARS + 1, today.year + 1)
    days = {year: min(datetime.date(year, 12, 31), today) for year in years}
    counts = Designation.objects.within(place.code).aggregate(
        first=Min("valid_from"),
        **{f"y{year}": Count("kelurahan", distinct=True, filter=_live_on(day)) for year, day in days.items()},
    )
    # A designation valid only from next year on does not start the series in the future.
    first_year = min(max(counts["first"].year, years.start), today.year) if counts["first"] else today.year
    return [YearPoint(year, days[year], counts[f"y{year}"], percent(counts[f"y{year}"], kelurahan_total))
            for year in years if year >= first_year]


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

    @property
    def years_left(self) -> int:
        return self.target.target_year - timezone.localdate().year


def targets_for(codes: list[str]) -> dict[str, CoverageTarget]:
    return {target.region_id: target for target in CoverageTarget.objects.filter(region_id__in=codes)}
