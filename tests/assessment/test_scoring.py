"""The scoring maths, without a database: parametrized cases and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import scoring

POINTS = (0, 40, 70, 100)


def make_framework(indicators=10):
    return scoring.FrameworkSpec(
        indicators=tuple(
            scoring.IndicatorSpec(
                number=number, title=f"Indicator {number}", max_points=100,
                levels=tuple(scoring.LevelSpec(key=number * 10 + rank, label=f"L{rank}", points=points, rank=rank)
                             for rank, points in enumerate(POINTS)),
            )
            for number in range(1, indicators + 1)
        ),
        categories=(
            scoring.CategorySpec(1, "Pratama", 500, 600), scoring.CategorySpec(2, "Madya", 601, 700),
            scoring.CategorySpec(3, "Nindya", 701, 800), scoring.CategorySpec(4, "Utama", 801, 900),
            scoring.CategorySpec(5, "Paripurna", 901, 1000),
        ),
    )


FRAMEWORK = make_framework()


def choices(ranks):
    return {number: number * 10 + rank for number, rank in zip(range(1, 11), ranks, strict=True)}


@pytest.mark.parametrize("score, expected", [
    (0, None), (499, None), (499.49, None), (499.5, "Pratama"), (500, "Pratama"), (600, "Pratama"),
    (600.49, "Pratama"), (600.5, "Madya"), (601, "Madya"), (700, "Madya"), (701, "Nindya"), (800, "Nindya"),
    (801, "Utama"), (900, "Utama"), (901, "Paripurna"), (1000, "Paripurna"), (Decimal("650.25"), "Madya"),
])
def test_category_bands_are_whole_points_rounded_half_up(score, expected):
    category = scoring.category_for(score, FRAMEWORK.categories)
    assert (category.name if category else None) == expected


@pytest.mark.parametrize("ranks, total, category", [
    ((3,) * 10, 1000, "Paripurna"),
    ((0,) * 10, 0, None),
    ((2,) * 10, 700, "Madya"),
    ((3, 2, 2, 2, 2, 2, 2, 2, 1, 1), 670, "Madya"),
    ((2, 2, 2, 2, 2, 1, 1, 1, 1, 2), 580, "Pratama"),
    ((3, 3, 3, 2, 2, 2, 2, 2, 2, 2), 790, "Nindya"),
    ((3, 3, 3, 2, 2, 2, 3, 2, 2, 2), 820, "Utama"),
])
def test_points_total_and_category(ranks, total, category):
    points = scoring.points_by_indicator(FRAMEWORK, choices(ranks))
    assert scoring.total(points) == total
    found = scoring.category_for(scoring.total(points), FRAMEWORK.categories)
    assert (found.name if found else None) == category


def test_a_level_of_another_indicator_is_refused():
    with pytest.raises(ValueError, match="not a rubric level of indicator 1"):
        scoring.indicator_points(FRAMEWORK.indicator(1), 23)


def test_panel_consolidation_takes_the_mean_and_flags_wide_disagreement():
    member_a = choices((3, 2, 2, 2, 2, 2, 2, 2, 2, 2))
    member_b = choices((1, 2, 3, 2, 2, 2, 2, 2, 2, 2))
    consolidated = scoring.consolidate(FRAMEWORK, [member_a, member_b])
    assert consolidated[1].mean_points == Decimal("70.00") and consolidated[1].disagreement  # 100 vs 40: 2 levels
    assert consolidated[3].mean_points == Decimal("85.00") and not consolidated[3].disagreement  # one level apart
    assert not consolidated[2].disagreement
    assert scoring.consolidated_total(consolidated) == Decimal("715.00")


def test_consolidation_keeps_only_indicators_everyone_scored():
    partial = {1: 13, 2: 22}
    assert set(scoring.consolidate(FRAMEWORK, [choices((2,) * 10), partial])) == {1, 2}
    assert scoring.consolidate(FRAMEWORK, []) == {}


def test_gap_report_compares_self_city_and_province():
    report = scoring.gap_report(FRAMEWORK, choices((3,) * 10), [choices((2,) * 10)],
                                [choices((2,) * 10), choices((1,) * 10)])
    first = report.rows[0]
    assert (first.self_points, first.city_points, first.province_points) == (100, Decimal("70.00"),
                                                                             Decimal("55.00"))
    assert first.verified_points == Decimal("55.00") and first.gap == Decimal("-45.00")
    assert (report.self_total, report.city_total, report.province_total) == (1000, 700, 550)


def test_gap_report_without_verification_yet():
    report = scoring.gap_report(FRAMEWORK, {1: 13})
    assert report.rows[0].gap is None and report.rows[0].verified_points is None
    assert report.self_total is None and report.city_total is None  # incomplete sets have no total
    assert report.rows[0].city_points is None and report.rows[1].self_points is None


def test_city_score_is_the_verified_one_until_the_province_scores():
    report = scoring.gap_report(FRAMEWORK, choices((3,) * 10), [choices((2,) * 10)])
    assert report.rows[0].verified_points == Decimal("70.00") and report.rows[0].gap == Decimal("-30.00")


ranks = st.lists(st.integers(min_value=0, max_value=3), min_size=10, max_size=10)


@given(st.lists(ranks, min_size=1, max_size=6))
def test_panel_properties(panel_ranks):
    panel = [choices(member) for member in panel_ranks]
    consolidated = scoring.consolidate(FRAMEWORK, panel)
    total = scoring.consolidated_total(consolidated)
    assert 0 <= total <= 1000
    for number, row in consolidated.items():
        points = [POINTS[member[number - 1]] for member in panel_ranks]
        assert min(points) <= row.mean_points <= max(points)
        spread = max(member[number - 1] for member in panel_ranks) - min(member[number - 1] for member in panel_ranks)
        assert row.disagreement == (spread > 1)
    if len(panel) == 1:
        assert total == scoring.total(scoring.points_by_indicator(FRAMEWORK, panel[0]))


@given(ranks, ranks)
def test_raising_any_level_never_lowers_the_total_or_the_category(low, bump):
    high = [min(3, a + b) for a, b in zip(low, bump, strict=True)]
    low_total = scoring.total(scoring.points_by_indicator(FRAMEWORK, choices(low)))
    high_total = scoring.total(scoring.points_by_indicator(FRAMEWORK, choices(high)))
    assert high_total >= low_total
    low_category = scoring.category_for(low_total, FRAMEWORK.categories)
    high_category = scoring.category_for(high_total, FRAMEWORK.categories)
    assert (high_category.min_points if high_category else -1) >= (low_category.min_points if low_category else -1)


@given(st.decimals(min_value=0, max_value=1000, places=2))
def test_every_score_falls_in_at_most_one_band_and_the_bands_cover_500_to_1000(score):
    matches = [c for c in FRAMEWORK.categories if c.min_points <= scoring.banding_score(score) <= c.max_points]
    assert len(matches) <= 1
    assert bool(matches) == (scoring.banding_score(score) >= 500)
