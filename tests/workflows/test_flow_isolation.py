"""Another region's application or task: every URL answers 403/404 or shows nothing, never data."""

import pytest
from viewflow.workflow.status import STATUS

from assessment.models import Application, Cycle, Kind, Level, Region, Stage
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

from .walk import Walk, client_for, open_task, task_urls

pytestmark = pytest.mark.django_db

KELURAHAN_NAME = "Sungai Bilu"


@pytest.fixture
def screening(framework, people, cycle, member):
    """Sungai Bilu's application waiting in Banjarmasin's screening queue (two coordinators there)."""
    member(Role.CITY_COORDINATOR, "63.71", username="coordinator2")
    walk = Walk(framework)
    walk.to_city_screening(people, cycle)
    return walk


@pytest.fixture
def outsiders(people, member):
    Region.objects.create(code="64", name="Kalimantan Timur", level=Level.PROVINCE, kind=Kind.PROVINSI)
    return [people.other_operator, people.banjarbaru_reviewer, people.banjarbaru_coordinator,
            member(Role.LURAH, "63.71.02.1001", username="lurah_kuripan"),
            member(Role.PROVINCE_COORDINATOR, "64", username="province_kaltim"),
            member(Role.CMS_EDITOR, username="editor_only")]


def test_the_screening_task_waits_in_the_right_queue_only(screening, people, outsiders):
    task = open_task(screening.application, Flow.city_screening).get()
    assert task.owner is None and task.status == STATUS.NEW
    inside = client_for(people.coordinator).get("/workflow/assessment/queue/")
    assert KELURAHAN_NAME in inside.content.decode()
    for outsider in outsiders:
        client = client_for(outsider)
        for url in ("/workflow/assessment/queue/", "/workflow/assessment/inbox/", "/workflow/assessment/archive/"):
            response = client.get(url)
            assert response.status_code in (200, 403), (outsider, url, response.status_code)
            assert KELURAHAN_NAME not in response.content.decode(), (outsider, url)


@pytest.mark.parametrize("url", ["/workflow/assessment/", "/workflow/assessment/flows/", "/workflow/assessment/tasks/"])
def test_lists_and_dashboard_show_outsiders_nothing_of_another_region(screening, outsiders, people, url):
    assert KELURAHAN_NAME in client_for(people.province).get(url).content.decode()
    for outsider in outsiders:
        response = client_for(outsider).get(url)
        assert response.status_code in (200, 403)
        assert KELURAHAN_NAME not in response.content.decode(), (outsider, url)


def test_application_page_and_chart_are_forbidden_to_outsiders(screening, outsiders, people):
    process = screening.application.process
    for url in (f"/workflow/assessment/{process.pk}/", f"/workflow/assessment/{process.pk}/chart/"):
        assert client_for(people.operator).get(url).status_code == 200
        for outsider in outsiders:
            response = client_for(outsider).get(url)
            assert response.status_code == 403, (outsider, url)
            assert KELURAHAN_NAME not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(screening, client):
    process = screening.application.process
    task = open_task(screening.application, Flow.city_screening).get()
    for url in [f"/workflow/assessment/{process.pk}/", *task_urls(task).values(), "/workflow/assessment/queue/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_task_urls_refuse_outsiders_and_forged_posts_change_nothing(screening, outsiders, people):
    task = open_task(screening.application, Flow.city_screening).get()
    urls = task_urls(task)
    data = {"decision": "complete", "reviewers": [people.banjarbaru_reviewer.pk]}
    for outsider in outsiders:
        client = client_for(outsider)
        assert client.post(urls["assign"]).status_code == 403
        assert client.get(urls["execute"]).status_code == 403
        assert client.post(urls["execute"], data).status_code == 403
        assert client.get(urls["detail"]).status_code == 403
        index = client.get(urls["index"])
        assert index.status_code in (302, 403) and KELURAHAN_NAME not in index.content.decode()
        if index.status_code == 302:
            assert index["Location"] == "/"
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None
    assert Application.objects.get(pk=screening.application.pk).stage == Stage.CITY_SCREENING


def test_a_task_assigned_to_someone_else_cannot_be_executed_by_a_colleague(screening, people):
    task = open_task(screening.application, Flow.city_screening).get()
    urls = task_urls(task)
    assert client_for(people.coordinator).post(urls["assign"]).status_code == 302
    colleague = client_for(type(people.coordinator).objects.get(username="coordinator2"))
    response = colleague.post(urls["execute"], {"decision": "incomplete", "note": "x"})
    assert response.status_code == 403
    assert Application.objects.get(pk=screening.application.pk).stage == Stage.CITY_SCREENING


def test_bulk_assign_cannot_take_another_regions_tasks(screening, people):
    task = open_task(screening.application, Flow.city_screening).get()
    client = client_for(people.banjarbaru_coordinator)
    client.post("/workflow/assessment/queue/assign/", {"pk": [task.pk], "_action": "assign"})
    task.refresh_from_db()
    assert task.owner is None


def test_only_a_superuser_can_cancel_a_process(screening, people):
    process = screening.application.process
    response = client_for(people.province).post(f"/workflow/assessment/{process.pk}/cancel/",
                                                {"_cancel_process": "1"})
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.status != "CANCELED"


def test_starting_an_application_for_another_kelurahan_is_refused(people, cycle):
    client = client_for(people.other_operator)  # operator of Kuripan
    response = client.post("/workflow/assessment/start/", {"kelurahan": "63.71.02.1004", "cycle": cycle.pk})
    assert response.status_code == 200  # the form says the choice is not theirs
    assert not Application.objects.exists()
    banjarbaru = client_for(people.banjarbaru_reviewer)
    assert banjarbaru.get("/workflow/assessment/start/").status_code == 403


def test_the_start_page_offers_only_cycles_that_cover_the_users_kelurahan(people, cycle, framework):
    today = cycle.opens_on
    elsewhere = Cycle.objects.create(framework=framework, region_id="63.72", year=cycle.year, opens_on=today,
                                     closes_on=cycle.closes_on)
    province_wide = Cycle.objects.create(framework=framework, region_id="63", year=cycle.year + 1, opens_on=today,
                                         closes_on=cycle.closes_on)
    for user in (people.operator, people.coordinator):
        choices = client_for(user).get("/workflow/assessment/start/").context["form"].fields["cycle"].choices
        offered = {str(value) for value, _label in choices}
        assert {str(cycle.pk), str(province_wide.pk)} <= offered and str(elsewhere.pk) not in offered, user
