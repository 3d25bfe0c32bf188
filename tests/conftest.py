"""Shared fixtures: South Kalimantan's real regions, the KRPPA 2025 framework, users by role."""

import pytest
from django.core.cache import cache
from django.db import connection

from assessment.framework_fixture import load_framework_file
from assessment.region_import import apply_regions, parse_region_csv
from workflows.demo import FRAMEWORK_FILE, REGIONS_FILE

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
