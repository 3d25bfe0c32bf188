"""A city coordinator opens a cycle for every kelurahan still to go, after confirming the count."""

import datetime

import pytest
from django.utils import timezone

from assessment.models import Application, AuditEvent, Cycle, Designation, DesignationStatus, Region
from tests.workflows import journey
from workflows import notifications
from workflows.driver import open_task
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

pytestmark = pytest.mark.django_db

KURIPAN, SUNGAI_BARU, MANTUIL, BILU = "63.71.02.1001", "63.71.05.1010", "63.71.01.1001", "63.71.02.1004"


def designate(framework, code, status=DesignationStatus.ACTIVE):
    today = timezone.localdate()
    return Designation.objects.create(
        kelurahan_id=code, framework=framework, category=framework.categories.first(), score=600,
        sk_number=f"188.44/{code}", sk_date=today - datetime.timedelta(days=400),
        valid_from=today - datetime.timedelta(days=400), valid_until=today + datetime.timedelta(days=700),
        status=status)


@pytest.fixture
def banjarmasin(cycle, people, framework):
    """Two kelurahan designated, one whose designation expired, one already applying in this cycle."""
    designate(framework, KURIPAN)
    designate(framework, SUNGAI_BARU)
    designate(framework, MANTUIL, status=DesignationStatus.EXPIRED)
    journey.start(cycle, people, code=BILU)
    return cycle


def kelurahan_count(code="63.71"):
    return Region.objects.below(code).kelurahan().count()


def test_opening_skips_designated_kelurahan_and_existing_applications_after_confirming_the_count(
        client, banjarmasin, people):
    cycle = banjarmasin
    expected = kelurahan_count() - 3
    client.force_login(people.coordinator)
    url = f"/workflow/work/cycles/{cycle.pk}/open/"
    form = client.get(url)
    assert form.status_code == 200
    assert f"{expected} kelurahan belum ditetapkan" in form.content.decode()

    confirmation = client.post(url, {"scope": "all"})
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert f"<strong>{expected}</strong> kelurahan akan mendapat pengajuan" in page
    assert "Belum ada yang dibuat." in page
    assert Application.objects.filter(cycle=cycle).count() == 1  # still only Sungai Bilu's
    codes = [region.code for region in confirmation.context["chosen"]]
    assert MANTUIL in codes and not {KURIPAN, SUNGAI_BARU, BILU} & set(codes)

    done = client.post(url, {"scope": "chosen", "kelurahan": codes, "confirmed": "True"})
    assert done.status_code == 302
    opened = Application.objects.filter(cycle=cycle)
    assert opened.count() == expected + 1
    assert not opened.filter(kelurahan_id__in=[KURIPAN, SUNGAI_BARU]).exists()
    assert opened.filter(kelurahan_id=BILU).count() == 1
    mantuil = opened.get(kelurahan_id=MANTUIL)
    assert mantuil.started_by == people.coordinator and mantuil.answers.count() == 10
    assert open_task(mantuil, Flow.self_assessment) is not None  # a process each, waiting for the operator
    event = AuditEvent.objects.get(action="cycle.opened")
    assert len(event.after["started"]) == expected
    # Opening again finds nobody left.
    assert "Setiap kelurahan di kota ini sudah ditetapkan" in client.get(url).content.decode()


def test_a_chosen_list_opens_only_those(client, banjarmasin, people):
    client.force_login(people.coordinator)
    url = f"/workflow/work/cycles/{banjarmasin.pk}/open/"
    chosen = ["63.71.01.1002", "63.71.03.1003"]
    confirmation = client.post(url, {"scope": "chosen", "kelurahan": chosen})
    assert [region.code for region in confirmation.context["chosen"]] == chosen
    assert Application.objects.filter(cycle=banjarmasin).count() == 1
    client.post(url, {"scope": "chosen", "kelurahan": chosen, "confirmed": "True"})
    assert set(Application.objects.filter(cycle=banjarmasin).values_list("kelurahan_id", flat=True)) == {
        BILU, *chosen}


def test_a_designated_kelurahan_slipped_into_the_post_is_skipped_with_its_reason(client, banjarmasin, people):
    client.force_login(people.coordinator)
    response = client.post(f"/workflow/work/cycles/{banjarmasin.pk}/open/",
                           {"scope": "chosen", "kelurahan": [KURIPAN, "63.71.01.1002"], "confirmed": "True"},
                           follow=True)
    assert set(Application.objects.filter(cycle=banjarmasin).values_list("kelurahan_id", flat=True)) == {
        BILU, "63.71.01.1002"}
    assert "Kuripan dilewati: sudah ditetapkan sebagai KRPPA" in response.content.decode()


def test_a_kelurahan_of_another_city_makes_the_post_invalid_and_nothing_is_opened(client, banjarmasin, people):
    client.force_login(people.coordinator)
    response = client.post(f"/workflow/work/cycles/{banjarmasin.pk}/open/",
                           {"scope": "chosen", "kelurahan": ["63.72.02.1003", "63.71.01.1002"], "confirmed": "True"})
    assert response.status_code == 200 and response.context["form"].errors
    assert Application.objects.filter(cycle=banjarmasin).count() == 1


def test_cycle_pages_are_the_city_coordinators_of_that_city_only(client, banjarmasin, people):
    for outsider in (people.banjarbaru_coordinator, people.operator, people.reviewer, people.province):
        client.force_login(outsider)
        assert client.get(f"/workflow/work/cycles/{banjarmasin.pk}/open/").status_code == 404, outsider
        assert client.post(f"/workflow/work/cycles/{banjarmasin.pk}/open/",
                           {"scope": "all", "confirmed": "True"}).status_code == 404
    assert Application.objects.filter(cycle=banjarmasin).count() == 1
    client.force_login(people.operator)
    assert client.get("/workflow/work/cycles/").status_code == 404
    client.force_login(people.coordinator)
    overview = client.get("/workflow/work/cycles/")
    assert overview.status_code == 200 and "Kota Banjarmasin" in overview.content.decode()
    assert "Kota Banjarbaru" not in overview.content.decode()
    assert "/workflow/work/cycles/" in client.get("/workflow/", follow=True).content.decode()


def test_the_coordinator_creates_a_cycle_when_none_is_open(client, kalsel, framework, people):
    client.force_login(people.coordinator)
    overview = client.get("/workflow/work/cycles/").content.decode()
    assert "Saat ini tidak ada siklus yang dibuka untuk kota ini." in overview
    year = timezone.localdate().year
    data = {"region": "63.71", "framework": framework.pk, "year": year, "name": "",
            "opens_on": timezone.localdate().isoformat(), "closes_on": f"{year}-12-31",
            "self_assessment_days": 21, "lurah_submit_days": 5, "city_screening_days": 7, "city_review_days": 14,
            "city_decision_days": 7, "province_assignment_days": 7, "province_evaluation_days": 21,
            "province_decision_days": 7, "reminder_grace_days": 2}
    response = client.post("/workflow/work/cycles/new/", data)
    cycle = Cycle.objects.get(region_id="63.71", year=year)
    assert response.status_code == 302 and response["Location"] == f"/workflow/work/cycles/{cycle.pk}/open/"
    assert (cycle.self_assessment_days, cycle.reminder_grace_days) == (21, 2)
    assert AuditEvent.objects.filter(action="cycle.created", object_id=str(cycle.pk)).exists()
    again = client.post("/workflow/work/cycles/new/", data)
    assert again.status_code == 200 and Cycle.objects.count() == 1
    # Another city is not the coordinator's to create.
    refused = client.post("/workflow/work/cycles/new/", {**data, "region": "63.72"})
    assert refused.status_code == 200 and not Cycle.objects.filter(region_id="63.72").exists()


def test_the_new_tasks_mails_go_out_together_over_one_connection(client, banjarmasin, people, member, monkeypatch,
                                                                 mailoutbox, django_capture_on_commit_callbacks):
    chosen = ["63.71.01.1002", "63.71.03.1003"]
    for number, code in enumerate(chosen):
        member(Role.OPERATOR, code, username=f"operator{number}", email=f"operator{number}@example.org")
    connections = []
    real = notifications.get_connection
    monkeypatch.setattr(notifications, "get_connection", lambda **kwargs: connections.append(1) or real(**kwargs))
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(f"/workflow/work/cycles/{banjarmasin.pk}/open/",
                    {"scope": "chosen", "kelurahan": chosen, "confirmed": "True"})
    assert len(callbacks) == 1 and len(connections) == 1
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "operator0@example.org", "operator1@example.org"]
