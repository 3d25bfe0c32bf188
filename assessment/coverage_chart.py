"""Geometry of the "coverage over time" bar chart, drawn by a template as inline SVG.

Pure arithmetic on plain values: the page needs no chart library and nothing from the internet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 24, 36
BAND = 88        # room per year; the chart is only as wide as its years need, so text stays legible on phones
MIN_WIDTH = 360
BAR_WIDTH = 52
GRID_STEPS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    year: int
    percent: Decimal
    designated: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class GridLine:
    percent: int
    y: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    grid: list[GridLine]
    target_percent: int | None
    target_y: float | None
    width: int
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM

    @property
    def display_width(self) -> int:
        """Widest it is drawn: a little larger than its own units, never stretched across a wide screen."""
        return round(self.width * 1.4)

    @property
    def right_edge(self) -> int:
        return self.width - RIGHT

    @property
    def year_label_y(self) -> int:
        return self.baseline + 22


def _y(percent: float) -> float:
    plot_height = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - plot_height * min(max(percent, 0), 100) / 100, 1)


def coverage_chart(points, *, target_percent: int | None = None) -> Chart:
    """`points`: objects with `year`, `percent` (0–100 or None) and `designated`, oldest first."""
    points = list(points)
    width = max(MIN_WIDTH, LEFT + RIGHT + BAND * len(points))
    band = (width - LEFT - RIGHT) / max(len(points), 1)
    bar_width = BAR_WIDTH
    bars = []
    for index, point in enumerate(points):
        percent = Decimal(point.percent or 0)
        top = _y(float(percent))
        bars.append(Bar(year=point.year, percent=percent, designated=point.designated,
                        x=round(LEFT + band * index + (band - bar_width) / 2, 1), y=top, width=bar_width,
                        height=round(HEIGHT - BOTTOM - top, 1)))
    return Chart(bars=bars, grid=[GridLine(step, _y(step)) for step in GRID_STEPS], target_percent=target_percent,
                 target_y=_y(target_percent) if target_percent else None, width=width)
