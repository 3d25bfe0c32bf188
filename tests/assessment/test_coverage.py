"""Coverage figures at every level of a hand-built tree, over time, and against a target."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.coverage import (
    NATION,
    Place,
    TargetProgress,
    coverage_by_year,
    coverage_for,
    reported_region,
    snapshot,
)
from assessment.coverage_chart import coverage_chart
from assessment.models import CoverageTarget, DesignationStatus, Region
from tests.coverage_data import TODAY, build_bulk, build_tree, designate, designate_many, make_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(framework):
    build_tree(framework)


def region(code):
    return Region.objects.get(code=code)


def summary(figures):
    return (figures.kelurahan_total, figures.designated, figures.in_progress, figures.not_started,
            figures.coverage_percent)


def progress(self_assessment=0, city=0, province=0):
    return {"self_assessment": self_assessment, "city": city, "province": province}


def test_kecamatan_counts_each_kelurahan_once_in_exactly_one_state(tree):
    coverage = coverage_for(region("91.01.01"))
    # 1001 and 1004 designated (1004's renewal does not make it "in progress"); 1002's designation expired
    # and it is in city review; 1003 was revoked and has nothing open; the desa is not counted.
    assert summary(coverage.figures) == (4, 2, progress(city=1), 1, Decimal("50.0"))
    assert coverage.figures.by_category == (("Pratama", 1), ("Madya", 1))
    rows = {child.place.code: (child.designated, child.in_progress, child.not_started) for child in coverage.children}
    assert rows == {
        "91.01.01.1001": (1, progress(), 0),
        "91.01.01.1002": (0, progress(city=1), 0),
        "91.01.01.1003": (0, progress(), 1),
        "91.01.01.1004": (1, progress(), 0),
    }


def test_open_applications_in_two_cycles_count_once_by_the_most_recent(tree):
    figures = coverage_for(region("91.01.02")).figures
    assert summary(figures) == (2, 0, progress(province=1), 1, Decimal("0.0"))


def test_city_sums_its_kecamatan(tree):
    coverage = coverage_for(region("91.01"))
    assert summary(coverage.figures) == (6, 2, progress(city=1, province=1), 2, Decimal("33.3"))
    assert [child.place.code for child in coverage.children] == ["91.01.01", "91.01.02"]
    assert [child.coverage_percent for child in coverage.children] == [Decimal("50.0"), Decimal("0.0")]


def test_province_lists_only_children_that_hold_kelurahan(tree):
    coverage = coverage_for(region("91"))
    assert summary(coverage.figures) == (6, 2, progress(city=1, province=1), 2, Decimal("33.3"))
    # Kabupaten Dua has only desa: nothing to cover, so it is not a row.
    assert [child.place.name for child in coverage.children] == ["Kota Satu"]


def test_nation_adds_up_every_province(tree):
    coverage = coverage_for(None)
    assert coverage.place == NATION
    assert summary(coverage.figures) == (8, 3, progress(city=1, province=1), 3, Decimal("37.5"))
    assert coverage.figures.by_category == (("Pratama", 2), ("Madya", 1))
    assert [(child.place.code, child.designated, child.kelurahan_total) for child in coverage.children] == [
        ("91", 2, 6), ("92", 1, 2)]


def test_region_without_kelurahan_has_no_percentage(tree):
    figures = coverage_for(region("91.02")).figures
    assert (figures.kelurahan_total, figures.coverage_percent) == (0, None)


def test_reported_region_is_a_province_city_or_kecamatan_with_its_ancestors(tree):
    found, ancestors = reported_region("91.01.02")
    assert found.name == "Kecamatan Dua"
    assert [ancestor.code for ancestor in ancestors] == ["91", "91.01"]
    assert reported_region("91.01.01.1001") is None  # a kelurahan is a row, not a region
    assert reported_region("99") is None


def test_query_count_is_the_same_for_a_few_and_for_thousands_of_kelurahan(framework):
    codes = build_bulk(framework, cities=4, kecamatan=10, kelurahan=50)
    designate_many(framework, codes[:10])
    counts_small = []
    for code in (None, "93", "93.71", "93.71.01"):
        place = region(code) if code else None
        with CaptureQueriesContext(connection) as queries:
            coverage_for(place)
        counts_small.append(len(queries))
    designate_many(framework, codes[10:])
    counts_large = []
    for code in (None, "93", "93.71", "93.71.01"):
        place = region(code) if code else None
        with CaptureQueriesContext(connection) as queries:
            coverage = coverage_for(place)
        counts_large.append(len(queries))
    assert coverage.figures.designated == 50
    assert coverage_for(None).figures.designated == 2000
    assert counts_small == counts_large == [3, 3, 3, 3]


# -- snapshots ----------------------------------------------------------------------------------

def test_a_snapshot_is_served_from_the_cache_until_anything_changes(framework, tree):
    city = region("91.01")
    first = snapshot(city, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        again = snapshot(city, today=TODAY)
    assert len(queries) == 1 and again == first  # only the data version was read
    designate(framework, "91.01.02.1002", category="Nindya")
    fresh = snapshot(city, today=TODAY)
    assert (first.figures.designated, fresh.figures.designated) == (2, 3)
    assert fresh.key != first.key


def test_a_revoked_or_expired_designation_leaves_the_figures_at_once(framework, tree):
    from assessment.actions import expire_designations
    from assessment.models import Designation

    before = snapshot(region("91.01.01"), today=TODAY).figures.designated
    Designation.objects.filter(kelurahan_id="91.01.01.1001").update(valid_until=datetime.date(2026, 1, 31))
    expire_designations(today=TODAY)
    assert (before, snapshot(region("91.01.01"), today=TODAY).figures.designated) == (2, 1)


def test_a_new_target_reaches_the_snapshot_at_once(tree):
    assert snapshot(region("91.01"), today=TODAY).target is None
    CoverageTarget.objects.create(region_id="91.01", target_percent=90, target_year=2028)
    assert snapshot(region("91.01"), today=TODAY).target.target_percent == 90


# -- coverage over time -------------------------------------------------------------------------

def test_coverage_over_time_counts_designations_in_force_at_the_end_of_each_year(framework):
    make_regions([("94", "P"), ("94.71", "Kota"), ("94.71.01", "Kec")]
                 + [(f"94.71.01.{1000 + n}", f"Kel {n}") for n in range(1, 5)])
    switched = datetime.datetime(2025, 1, 1, 10, tzinfo=datetime.UTC)
    designate(framework, "94.71.01.1001", valid_from=datetime.date(2024, 3, 1), valid_until=datetime.date(2027, 2, 28))
    designate(framework, "94.71.01.1002", status=DesignationStatus.EXPIRED, valid_from=datetime.date(2022, 1, 1),
              valid_until=datetime.date(2024, 12, 31), status_changed_at=switched)
    designate(framework, "94.71.01.1003", status=DesignationStatus.REVOKED, valid_from=datetime.date(2023, 5, 1),
              valid_until=datetime.date(2026, 4, 30),
              status_changed_at=datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC))
    place = Place.of(region("94.71"))
    series = coverage_by_year(place, 4, today=TODAY)
    assert [(point.year, point.day, point.designated, point.percent) for point in series] == [
        (2022, datetime.date(2022, 12, 31), 1, Decimal("25.0")),
        (2023, datetime.date(2023, 12, 31), 2, Decimal("50.0")),
        (2024, datetime.date(2024, 12, 31), 3, Decimal("75.0")),   # revoked only in 2025
        (2025, datetime.date(2025, 12, 31), 1, Decimal("25.0")),
        (2026, TODAY, 1, Decimal("25.0")),                            # this year: as of today
    ]


def test_coverage_over_time_is_this_year_alone_when_nothing_was_designated_before(tree):
    assert [(point.year, point.designated) for point in coverage_by_year(Place.of(region("91.02")), 0, today=TODAY)
            ] == [(2026, 0)]
    # 92.71's only designation starts in 2025: seen from 2024, the series is 2024 alone.
    series = coverage_by_year(Place.of(region("92.71")), 2, today=datetime.date(2024, 6, 1))
    assert [(point.year, point.designated, point.percent) for point in series] == [(2024, 0, Decimal("0.0"))]


def test_chart_bars_grow_with_coverage_and_mark_the_target():
    class Point:
        def __init__(self, year, percent):
            self.year, self.percent, self.designated = year, Decimal(percent), 0

    chart = coverage_chart([Point(2024, 0), Point(2025, 50), Point(2026, 100)], target_percent=80)
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0 and heights[1] * 2 == pytest.approx(heights[2])
    assert chart.bars[2].y == chart.grid[-1].y  # 100 % reaches the top grid line
    assert chart.grid[0].y == chart.baseline
    assert chart.bars[0].x < chart.bars[1].x < chart.bars[2].x
    assert chart.target_y == pytest.approx(chart.baseline - (chart.baseline - chart.grid[-1].y) * 0.8)


# -- targets ------------------------------------------------------------------------------------

def test_target_progress_counts_the_kelurahan_still_to_designate(tree):
    figures = coverage_for(region("91.01")).figures
    target = CoverageTarget(region_id="91.01", target_percent=75, target_year=2027)
    progress_ = TargetProgress(target, figures)
    assert (progress_.kelurahan_needed, progress_.still_to_designate, progress_.reached) == (5, 3, False)
    target.target_percent = 30
    assert TargetProgress(target, figures).reached
