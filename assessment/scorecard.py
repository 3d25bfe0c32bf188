"""The bridge between the database and the pure scoring maths: build specs, gather choices."""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from . import scoring
from .models import Answer, Application, Framework, Indicator, Review, ReviewScore, ReviewStage


def framework_spec(framework: Framework) -> scoring.FrameworkSpec:
    """The framework as pure data (three queries)."""
    indicators = framework.indicators.order_by("number").prefetch_related("levels")
    return scoring.FrameworkSpec(
        indicators=tuple(_indicator_spec(indicator) for indicator in indicators),
        categories=tuple(
            scoring.CategorySpec(key=category.pk, name=category.name, min_points=category.min_points,
                                 max_points=category.max_points)
            for category in framework.categories.order_by("min_points")
        ),
    )


def _indicator_spec(indicator: Indicator) -> scoring.IndicatorSpec:
    levels = sorted(indicator.levels.all(), key=lambda level: level.points)
    return scoring.IndicatorSpec(
        number=indicator.number,
        title=indicator.title_localized,
        max_points=indicator.max_points,
        levels=tuple(
            scoring.LevelSpec(key=level.pk, label=level.label_localized, points=level.points, rank=rank)
            for rank, level in enumerate(levels)
        ),
    )


def self_choices(application: Application) -> dict[int, int]:
    rows = Answer.objects.filter(application=application, level__isnull=False).values_list(
        "indicator__number", "level_id")
    return dict(rows)


def review_choices(review: Review) -> dict[int, int]:
    return {score.indicator.number: score.level_id for score in review.scores.all()}


def panels_still_scoring(application: Application, user) -> set[str]:
    """Stages whose current panel `user` sits on without having submitted: their figures stay hidden."""
    return set(Review.objects.filter(application=application, reviewer_id=user.pk, submitted_at__isnull=True)
               .values_list("stage", flat=True))


def submitted_panel(application: Application, stage: str) -> list[Review]:
    """The submitted reviews of the latest round of `stage`, with their scores (two queries)."""
    scores = ReviewScore.objects.select_related("indicator", "level")
    return list(
        Review.objects.current(application, stage).submitted().select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=scores))
    )


@dataclass(frozen=True)
class PanelSummary:
    reviews: list
    consolidated: dict
    total: Decimal | None
    category: scoring.CategorySpec | None


def panel_summary(application: Application, stage: str, spec: scoring.FrameworkSpec | None = None) -> PanelSummary:
    spec = spec or framework_spec(application.framework)
    reviews = submitted_panel(application, stage)
    consolidated = scoring.consolidate(spec, [review_choices(review) for review in reviews])
    complete = reviews and len(consolidated) == len(spec.indicators)
    total = scoring.consolidated_total(consolidated) if complete else None
    return PanelSummary(
        reviews=reviews,
        consolidated=consolidated,
        total=total,
        category=scoring.category_for(total, spec.categories) if total is not None else None,
    )


def application_gap_report(application: Application, spec: scoring.FrameworkSpec | None = None, *,
                           withheld: Collection[str] = ()):
    """Self versus city versus province; stages in `withheld` are left empty (a panel member still scoring)."""
    spec = spec or framework_spec(application.framework)
    panels = {
        stage: [] if stage in withheld else [review_choices(review) for review in submitted_panel(application, stage)]
        for stage in (ReviewStage.CITY, ReviewStage.PROVINCE)
    }
    return scoring.gap_report(spec, self_choices(application), panels[ReviewStage.CITY],
                              panels[ReviewStage.PROVINCE])
