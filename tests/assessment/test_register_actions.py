"""Revoking, expiring and targets: who may, what they must give, and what the audit log keeps.

Refusals are read in Indonesian, the site's default language.
"""

import datetime

import pytest
from django.utils import translation

from assessment.actions import Refused, expire_designations, revoke_designation, set_coverage_target
from assessment.models import AuditEvent, CoverageTarget, Designation, DesignationStatus, Region
from tests.coverage_data import designate, make_regions
from workflows.roles import Role

BILU = "63.71.02.1004"


@pytest.fixture(autouse=True)
def indonesian():
    """These refusals are read as coordinators read them: in Indonesian."""
    with translation.override("id"):
        yield


@pytest.fixture
def bilu_designation(kalsel, framework):
    return designate(framework, BILU)


def audit(designation, action):
    return AuditEvent.objects.for_object(designation).filter(action=action)


def test_province_coordinator_revokes_with_a_reason_and_it_is_audited(member, bilu_designation):
    province = member(Role.PROVINCE_COORDINATOR, "63")
    revoke_designation(designation=bilu_designation, reason="  Pos pengaduan ditutup sejak Maret.  ", by=province)
    bilu_designation.refresh_from_db()
    assert bilu_designation.status == DesignationStatus.REVOKED
    assert bilu_designation.revoked_by == province
    assert bilu_designation.revoke_reason == "Pos pengaduan ditutup sejak Maret."
    assert bilu_designation.status_changed_at is not None
    event = audit(bilu_designation, "designation.revoked").get()
    assert (event.actor, event.note, event.region_code) == (province, "Pos pengaduan ditutup sejak Maret.", BILU)
    assert (event.before, event.after) == ({"status": "active"}, {"status": "revoked"})


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_without_a_reason_changes_nothing(member, bilu_designation, reason):
    province = member(Role.PROVINCE_COORDINATOR, "63")
    with pytest.raises(Refused, match="alasan pencabutan"):
        revoke_designation(designation=bilu_designation, reason=reason, by=province)
    assert Designation.objects.get(pk=bilu_designation.pk).status == DesignationStatus.ACTIVE
    assert not audit(bilu_designation, "designation.revoked").exists()


@pytest.mark.parametrize("role, region", [
    (Role.CITY_COORDINATOR, "63.71"),          # the city cannot revoke what the province decreed
    (Role.PROVINCE_COORDINATOR, "64"),         # another province
    (Role.NATIONAL_VIEWER, None),              # reads, never changes
])
def test_only_the_kelurahans_own_province_may_revoke(member, bilu_designation, role, region):
    make_regions([("64", "Kalimantan Timur")])
    with pytest.raises(Refused, match="tidak berwenang"):
        revoke_designation(designation=bilu_designation, reason="Alasan", by=member(role, region))
    assert Designation.objects.get(pk=bilu_designation.pk).status == DesignationStatus.ACTIVE


def test_a_designation_is_revoked_once(member, bilu_designation):
    province = member(Role.PROVINCE_COORDINATOR, "63")
    revoke_designation(designation=bilu_designation, reason="Alasan pertama", by=province)
    with pytest.raises(Refused, match="Hanya penetapan yang aktif"):
        revoke_designation(designation=bilu_designation, reason="Alasan kedua", by=province)
    assert audit(bilu_designation, "designation.revoked").count() == 1


def test_expiring_ends_what_ran_out_before_today_once(kalsel, framework):
    ran_out = designate(framework, BILU, valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2025, 12, 31))
    last_day = designate(framework, "63.71.02.1001", valid_from=datetime.date(2023, 1, 2),
                         valid_until=datetime.date(2026, 1, 1))
    today = datetime.date(2026, 1, 1)
    assert expire_designations(today=today) == [ran_out]
    assert expire_designations(today=today) == []
    ran_out.refresh_from_db()
    last_day.refresh_from_db()
    assert (ran_out.status, last_day.status) == (DesignationStatus.EXPIRED, DesignationStatus.ACTIVE)
    event = audit(ran_out, "designation.expired").get()
    assert event.actor is None and event.after["status"] == "expired"


def test_city_and_province_coordinators_set_the_citys_target_and_every_change_is_audited(member, kalsel):
    banjarmasin = Region.objects.get(code="63.71")
    city, province = member(Role.CITY_COORDINATOR, "63.71"), member(Role.PROVINCE_COORDINATOR, "63")
    today = datetime.date(2026, 6, 30)
    set_coverage_target(city=banjarmasin, target_percent=100, target_year=2027, by=city, today=today)
    set_coverage_target(city=banjarmasin, target_percent=80, target_year=2028, by=province, today=today)
    target = CoverageTarget.objects.get(region=banjarmasin)
    assert (target.target_percent, target.target_year, target.set_by) == (80, 2028, province)
    events = list(AuditEvent.objects.filter(action="coverage_target.set").order_by("pk"))
    assert [(event.actor, event.before, event.after) for event in events] == [
        (city, {}, {"target_percent": 100, "target_year": 2027}),
        (province, {"target_percent": 100, "target_year": 2027}, {"target_percent": 80, "target_year": 2028}),
    ]


@pytest.mark.parametrize("city_code, percent, year, message", [
    ("63.71", 0, 2027, "antara 1 dan 100"),
    ("63.71", 101, 2027, "antara 1 dan 100"),
    ("63.71", 100, 2025, "Pilih tahun antara 2026 dan 2051"),
    ("63.71.02", 100, 2027, "kota atau kabupaten"),
    ("63.72", 100, 2027, "tidak berwenang"),   # Banjarbaru is not the coordinator's city
])
def test_a_target_outside_the_rules_is_refused(member, kalsel, city_code, percent, year, message):
    coordinator = member(Role.CITY_COORDINATOR, "63.71")
    with pytest.raises(Refused, match=message):
        set_coverage_target(city=Region.objects.get(code=city_code), target_percent=percent, target_year=year,
                            by=coordinator, today=datetime.date(2026, 6, 30))
    assert not CoverageTarget.objects.exists()
