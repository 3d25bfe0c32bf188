"""Shared fixtures: South Kalimantan's real regions, the KRPPA 2025 framework, users by role."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from assessment.framework_fixture import load_framework_file
from assessment.models import Cycle
from assessment.region_import import apply_regions, parse_region_csv
from workflows.demo import FRAMEWORK_FILE, REGIONS_FILE
from workflows.roles import Role

from .factories import MembershipFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Row locks and real concurrency need PostgreSQL; CI runs those tests there."""
    if connection.vendor == "postgresql":
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def private_evidence_storage(settings, tmp_path_factory):
    """Each test keeps its evidence files in a fresh private folder (never the developer's var/evidence)."""
    location = tmp_path_factory.mktemp("evidence")
    settings.STORAGES = {**settings.STORAGES, "evidence": {**settings.STORAGES["evidence"],
                                                           "OPTIONS": {"location": str(location)}}}
    return location


@pytest.fixture(autouse=True)
def empty_cache():
    """Coverage snapshots live in the cache (keyed by a data version); each test starts without any."""
    cache.clear()


@pytest.fixture
def kalsel(db):
    """The 2,186 real regions of South Kalimantan (code 63)."""
    parsed = parse_region_csv(REGIONS_FILE.read_bytes())
    apply_regions(parsed.rows)


@pytest.fixture
def framework(db):
    framework, _created = load_framework_file(FRAMEWORK_FILE)
    return framework


@pytest.fixture
def member(kalsel):
    """member(role, region_code) -> a new user holding that role there."""

    def make(role, region=None, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, role=role, region_id=region)
        return user

    return make


BILU = "63.71.02.1004"


@pytest.fixture
def cycle(kalsel, framework):
    today = timezone.localdate()
    return Cycle.objects.create(framework=framework, region_id="63.71", year=today.year,
                                opens_on=today - datetime.timedelta(days=30),
                                closes_on=today + datetime.timedelta(days=120))


@pytest.fixture
def people(member):
    """One person per role for Sungai Bilu, Banjarmasin and South Kalimantan, plus outsiders."""

    class People:
        operator = member(Role.OPERATOR, BILU, username="operator")
        lurah = member(Role.LURAH, BILU, username="lurah")
        coordinator = member(Role.CITY_COORDINATOR, "63.71", username="coordinator")
        reviewer = member(Role.CITY_REVIEWER, "63.71", username="reviewer")
        reviewer2 = member(Role.CITY_REVIEWER, "63.71", username="reviewer2")
        province = member(Role.PROVINCE_COORDINATOR, "63", username="province")
        evaluator1 = member(Role.PROVINCE_EVALUATOR, "63", username="evaluator1")
        evaluator2 = member(Role.PROVINCE_EVALUATOR, "63", username="evaluator2")
        # Outsiders: the same roles elsewhere.
        other_operator = member(Role.OPERATOR, "63.71.02.1001", username="operator_kuripan")
        banjarbaru_reviewer = member(Role.CITY_REVIEWER, "63.72", username="reviewer_banjarbaru")
        banjarbaru_coordinator = member(Role.CITY_COORDINATOR, "63.72", username="coordinator_banjarbaru")

    return People
