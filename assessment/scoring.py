"""Scoring maths: pure Python, no ORM, no I/O.

Inputs are small frozen dataclasses built from the framework (see `assessment.scorecard`);
outputs are plain values. Everything a reviewer, a coordinator or an export shows about points
comes from here, so the numbers agree everywhere.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

# Panel members more than this many rubric levels apart on an indicator are flagged.
DISAGREEMENT_LEVELS = 1


@dataclass(frozen=True)
class LevelSpec:
    key: int
    label: str
    points: int
    rank: int  # 0 for the lowest level of its indicator


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    title: str
    max_points: int
    levels: tuple[LevelSpec, ...]

    def level(self, key: int) -> LevelSpec:
        for level in self.levels:
            if level.key == key:
                return level
        raise ValueError(f"Level {key} is not a rubric level of indicator {self.number}.")


@dataclass(frozen=True)
class CategorySpec:
    key: int
    name: str
    min_points: int
    max_points: int


@dataclass(frozen=True)
class FrameworkSpec:
    indicators: tuple[IndicatorSpec, ...]
    categories: tuple[CategorySpec, ...]

    def indicator(self, number: int) -> IndicatorSpec:
        for indicator in self.indicators:
            if indicator.number == number:
                return indicator
        raise ValueError(f"No indicator {number}.")


# Levels chosen by one person: indicator number -> level key.
Choices = Mapping[int, int]


def indicator_points(indicator: IndicatorSpec, level_key: int) -> int:
    return indicator.level(level_key).points


def points_by_indicator(framework: FrameworkSpec, choices: Choices) -> dict[int, int]:
    """Points per indicator for one person's choices; indicators without a choice are left out."""
    return {
        number: indicator_points(framework.indicator(number), level_key)
        for number, level_key in choices.items()
    }


def total(points: Mapping[int, float]) -> Decimal:
    """The sum of indicator points, to two decimals (panel means can be fractional)."""
    return sum((Decimal(str(value)) for value in points.values()), Decimal("0")).quantize(Decimal("0.01"))


def banding_score(score: Decimal | float | int) -> int:
    """Category bands are whole points (600 | 601); a fractional mean is rounded half up first."""
    return int(Decimal(str(score)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def category_for(score: Decimal | float | int, categories: Sequence[CategorySpec]) -> CategorySpec | None:
    """The category whose band holds `score`, or None below the lowest band."""
    whole = banding_score(score)
    for category in categories:
        if category.min_points <= whole <= category.max_points:
            return category
    return None


@dataclass(frozen=True)
class ConsolidatedIndicator:
    number: int
    mean_points: Decimal
    member_points: tuple[int, ...]
    member_ranks: tuple[int, ...]
    disagreement: bool  # members differ by more than DISAGREEMENT_LEVELS rubric levels


def consolidate(framework: FrameworkSpec, panel: Sequence[Choices]) -> dict[int, ConsolidatedIndicator]:
    """Mean points per indicator across a panel, flagging indicators where members disagree.

    Only indicators every member scored are consolidated.
    """
    if not panel:
        return {}
    numbers = sorted(set.intersection(*(set(choices) for choices in panel)))
    result = {}
    for number in numbers:
        indicator = framework.indicator(number)
        levels = [indicator.level(choices[number]) for choices in panel]
        ranks = tuple(level.rank for level in levels)
        points = tuple(level.points for level in levels)
        result[number] = ConsolidatedIndicator(
            number=number,
            mean_points=Decimal(str(mean(points))).quantize(Decimal("0.01")),
            member_points=points,
            member_ranks=ranks,
            disagreement=max(ranks) - min(ranks) > DISAGREEMENT_LEVELS,
        )
    return result


def consolidated_total(consolidated: Mapping[int, ConsolidatedIndicator]) -> Decimal:
    return total({number: row.mean_points for number, row in consolidated.items()})


@dataclass(frozen=True)
class GapRow:
    number: int
    title: str
    max_points: int
    self_points: int | None
    city_points: Decimal | None
    province_points: Decimal | None

    @property
    def verified_points(self) -> Decimal | None:
        """The latest independent score: the province's, else the city's."""
        return self.province_points if self.province_points is not None else self.city_points

    @property
    def gap(self) -> Decimal | None:
        """Verified minus claimed: negative where the kelurahan claimed more than was found."""
        if self.self_points is None or self.verified_points is None:
            return None
        return Decimal(self.verified_points) - self.self_points


@dataclass(frozen=True)
class GapReport:
    rows: tuple[GapRow, ...]
    self_total: Decimal | None
    city_total: Decimal | None
    province_total: Decimal | None


def gap_report(
    framework: FrameworkSpec,
    self_choices: Choices,
    city_panel: Sequence[Choices] = (),
    province_panel: Sequence[Choices] = (),
) -> GapReport:
    """Self-assessment versus the city's and the province's (consolidated) scores, per indicator."""
    self_points = points_by_indicator(framework, self_choices)
    city = consolidate(framework, city_panel)
    province = consolidate(framework, province_panel)
    rows = tuple(
        GapRow(
            number=indicator.number,
            title=indicator.title,
            max_points=indicator.max_points,
            self_points=self_points.get(indicator.number),
            city_points=city[indicator.number].mean_points if indicator.number in city else None,
            province_points=province[indicator.number].mean_points if indicator.number in province else None,
        )
        for indicator in framework.indicators
    )
    complete = len(framework.indicators)
    return GapReport(
        rows=rows,
        self_total=total(self_points) if len(self_points) == complete else None,
        city_total=consolidated_total(city) if len(city) == complete else None,
        province_total=consolidated_total(province) if len(province) == complete else None,
    )
