"""The coverage dashboard, the designation register and revoking, each scoped by region and role."""

import datetime
import re

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from assessment.actions import start_application
from assessment.models import AuditEvent, CoverageTarget, Designation, DesignationStatus, Region
from tests.coverage_data import build_bulk, designate, designate_many, make_regions, query_counts
from workflows.driver import start_process
from workflows.roles import Role

BILU, KURIPAN = "63.71.02.1004", "63.71.02.1001"
BANJARBARU_KELURAHAN = "63.72.02.1003"


@pytest.fixture
def scene(cycle, people, framework):
    """Banjarmasin: Sungai Bilu's application, overdue in self-assessment; Kuripan designated, expiring soon.
    Banjarbaru: one designation, far from expiring."""
    application = start_application(cycle=cycle, kelurahan=Region.objects.get(code=BILU), by=people.operator)
    start_process(application)
    Task.objects.filter(process__assessmentprocess__application=application).update(
        created=timezone.now() - datetime.timedelta(days=45))
    today = timezone.localdate()
    kuripan = designate(framework, KURIPAN, valid_from=today - datetime.timedelta(days=900),
                        valid_until=today + datetime.timedelta(days=60))
    banjarbaru = designate(framework, BANJARBARU_KELURAHAN, valid_from=today - datetime.timedelta(days=30),
                           valid_until=today + datetime.timedelta(days=1000), category="Nindya",
                           sk_number="188.44/0999/KUM/BJB")
    return {"application": application, "kuripan": kuripan, "banjarbaru": banjarbaru}


def login(client, user):
    client.force_login(user)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.content.decode() if status == 200 else ""


def test_city_coordinator_sees_the_city_pipeline_overdue_and_expiring(client, people, scene):
    login(client, people.coordinator)
    html = page(client, "/workflow/dashboard/")
    assert "Kota Banjarmasin" in html
    assert "Banjarmasin Timur" in html          # a row per kecamatan
    assert "Sungai Bilu" in html                # overdue: 45 days in a 30-day stage
    assert "Kuripan" in html                    # expires within six months
    assert "188.44/0999/KUM/BJB" not in html and "Kota Banjarbaru" not in html
    assert 'action="/workflow/dashboard/target/63.71/"' in html


def test_banjarbaru_coordinator_never_sees_banjarmasin(client, people, scene):
    login(client, people.banjarbaru_coordinator)
    html = page(client, "/workflow/dashboard/")
    assert "Kota Banjarbaru" in html
    assert "Banjarmasin" not in html and "Sungai Bilu" not in html and "Kuripan" not in html
    page(client, "/workflow/dashboard/?region=63.71", status=404)
    page(client, "/workflow/dashboard/?region=63", status=404)
    register = page(client, "/workflow/dashboard/designations/")
    assert "188.44/0999/KUM/BJB" in register and "Kuripan" not in register
    page(client, f"/workflow/dashboard/designations/{scene['kuripan'].pk}/revoke/", status=404)


def test_province_coordinator_sees_each_city_and_drills_down(client, people, scene):
    login(client, people.province)
    html = page(client, "/workflow/dashboard/")
    assert "Kalimantan Selatan" in html
    assert 'href="/workflow/dashboard/?region=63.71"' in html and "Kota Banjarbaru" in html
    assert "Sungai Bilu" in html and "Kuripan" in html
    city = page(client, "/workflow/dashboard/?region=63.71")
    assert "Banjarmasin Timur" in city and 'href="/workflow/dashboard/?region=63"' in city
    assert 'action="/workflow/dashboard/target/63.71/"' in city  # provinces set city targets too


def test_national_viewer_sees_every_province_read_only(client, member, scene):
    make_regions([("64", "Kalimantan Timur"), ("64.71", "Kota Balikpapan"), ("64.71.01", "Balikpapan Selatan"),
                  ("64.71.01.1001", "Sepinggan")])
    viewer = member(Role.NATIONAL_VIEWER)
    login(client, viewer)
    html = page(client, "/workflow/dashboard/")
    assert "Kalimantan Selatan" in html and "Kalimantan Timur" in html
    assert "dashboard/target/" not in html
    city = page(client, "/workflow/dashboard/?region=63.71")
    assert "dashboard/target/" not in city
    response = client.post("/workflow/dashboard/target/63.71/", {"target_percent": 100, "target_year": 2030})
    assert response.status_code == 403
    assert not CoverageTarget.objects.exists()
    assert "/revoke/" not in page(client, "/workflow/dashboard/designations/")


@pytest.mark.parametrize("username", ["operator", "reviewer", "evaluator1"])
def test_people_without_the_dashboard_permission_are_refused(client, people, username):
    login(client, getattr(people, username))
    assert client.get("/workflow/dashboard/").status_code == 403
    assert client.get("/workflow/dashboard/designations/").status_code == 403


def test_setting_the_target_from_the_dashboard(client, people, scene):
    login(client, people.coordinator)
    year = timezone.localdate().year + 1
    response = client.post("/workflow/dashboard/target/63.71/", {"target_percent": 100, "target_year": year})
    assert response.status_code == 302 and response["Location"] == "/workflow/dashboard/?region=63.71"
    target = CoverageTarget.objects.get(region_id="63.71")
    assert (target.target_percent, target.target_year, target.set_by) == (100, year, people.coordinator)
    target_text = re.search(r'<p class="dash-target">(.*?)</p>', page(client, "/workflow/dashboard/"), re.S).group(1)
    assert "100%" in target_text and str(year) in target_text
    assert "52" in target_text  # a target of 100 % needs all 52 kelurahan


def test_target_of_another_city_is_refused(client, people, scene):
    login(client, people.banjarbaru_coordinator)
    response = client.post("/workflow/dashboard/target/63.71/", {"target_percent": 100, "target_year": 2030})
    assert response.status_code == 404
    login(client, people.coordinator)
    response = client.post("/workflow/dashboard/target/63.71/", {"target_percent": 150, "target_year": 2030})
    assert response.status_code == 302
    assert not CoverageTarget.objects.exists()


def test_register_filters(client, people, scene, framework):
    designate(framework, "63.71.02.1008", status=DesignationStatus.REVOKED, category="Pratama",
              status_changed_at=timezone.now(), revoke_reason="Tidak aktif")
    login(client, people.province)
    everything = page(client, "/workflow/dashboard/designations/")
    assert all(name in everything for name in ("Kuripan", "Pekapuran Raya", "188.44/0999/KUM/BJB"))
    revoked = page(client, "/workflow/dashboard/designations/?status=revoked")
    assert "Pekapuran Raya" in revoked and "Kuripan" not in revoked and "Tidak aktif" in revoked
    banjarbaru = page(client, "/workflow/dashboard/designations/?city=63.72")
    assert "188.44/0999/KUM/BJB" in banjarbaru and "Kuripan" not in banjarbaru
    nindya = page(client, "/workflow/dashboard/designations/?category=Nindya")
    assert "188.44/0999/KUM/BJB" in nindya and "Kuripan" not in nindya
    expiring = page(client, "/workflow/dashboard/designations/?expiring=on")
    assert "Kuripan" in expiring and "188.44/0999/KUM/BJB" not in expiring and "Pekapuran Raya" not in expiring


def test_revoke_link_only_for_those_who_may_revoke(client, people, scene):
    revoke_url = f"/workflow/dashboard/designations/{scene['kuripan'].pk}/revoke/"
    login(client, people.province)
    assert revoke_url in page(client, "/workflow/dashboard/designations/")
    login(client, people.coordinator)
    assert revoke_url not in page(client, "/workflow/dashboard/designations/")
    assert client.get(revoke_url).status_code == 403
    assert client.post(revoke_url, {"reason": "Coba"}).status_code == 403
    assert Designation.objects.get(pk=scene["kuripan"].pk).status == DesignationStatus.ACTIVE


def test_revoking_asks_for_confirmation_and_a_reason(client, people, scene):
    kuripan = scene["kuripan"]
    revoke_url = f"/workflow/dashboard/designations/{kuripan.pk}/revoke/"
    login(client, people.province)
    confirmation = page(client, revoke_url)
    assert "Kuripan" in confirmation and kuripan.sk_number in confirmation and 'name="reason"' in confirmation
    assert Designation.objects.get(pk=kuripan.pk).status == DesignationStatus.ACTIVE  # looking changes nothing
    blank = client.post(revoke_url, {"reason": "   "})
    assert blank.status_code == 200 and "errorlist" in blank.content.decode()
    assert Designation.objects.get(pk=kuripan.pk).status == DesignationStatus.ACTIVE
    response = client.post(revoke_url, {"reason": "Gugus tugas bubar; pengaduan tidak dilayani."})
    assert response.status_code == 302 and response["Location"] == "/workflow/dashboard/designations/"
    kuripan.refresh_from_db()
    assert kuripan.status == DesignationStatus.REVOKED and kuripan.revoked_by == people.province
    assert AuditEvent.objects.for_object(kuripan).filter(action="designation.revoked", actor=people.province).exists()
    again = page(client, revoke_url)
    assert 'name="reason"' not in again


def test_other_provinces_coordinator_cannot_revoke(client, member, scene):
    make_regions([("64", "Kalimantan Timur")])
    stranger = member(Role.PROVINCE_COORDINATOR, "64")
    login(client, stranger)
    url = f"/workflow/dashboard/designations/{scene['kuripan'].pk}/revoke/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Coba"}).status_code == 404
    assert Designation.objects.get(pk=scene["kuripan"].pk).status == DesignationStatus.ACTIVE


def test_dashboard_query_count_stays_flat(client, member, framework):
    codes = build_bulk(framework)
    viewer = member(Role.NATIONAL_VIEWER)
    login(client, viewer)
    urls = ["/workflow/dashboard/", "/workflow/dashboard/?region=93", "/workflow/dashboard/?region=93.71",
            "/workflow/dashboard/designations/"]

    def counts():
        return query_counts(client, urls)

    designate_many(framework, codes[:10])
    few = counts()
    designate_many(framework, codes[10:])
    assert counts() == few


def test_a_coordinator_of_two_cities_can_switch_between_them(client, member, scene):
    from workflows.models import Membership

    coordinator = member(Role.CITY_COORDINATOR, "63.71")
    Membership.objects.create(user=coordinator, role=Role.CITY_COORDINATOR, region_id="63.72")
    login(client, coordinator)
    html = page(client, "/workflow/dashboard/")
    assert 'href="/workflow/dashboard/?region=63.72"' in html and 'href="/workflow/dashboard/?region=63.71"' in html
    assert "Kota Banjarbaru" in page(client, "/workflow/dashboard/?region=63.72")
    page(client, "/workflow/dashboard/?region=63.73", status=404)
