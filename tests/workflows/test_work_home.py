"""The work area's first page shows each person their own tasks and their kelurahan's applications."""

import pytest

from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

from .walk import Walk, client_for, open_task

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_screening_task_with_its_deadline_and_the_operator_sees_the_application(
        framework, people, cycle):
    walk = Walk(framework)
    walk.to_city_screening(people, cycle)
    task = open_task(walk.application, Flow.city_screening).get()
    page = client_for(people.coordinator).get("/workflow/work/")
    text = page.content.decode()
    assert page.status_code == 200
    assert task.flow_task.reverse("index", args=[task.process_id, task.pk]) in text
    assert "Sungai Bilu" in text
    operator_page = client_for(people.operator).get("/workflow/work/").content.decode()
    assert f"/workflow/assessment/{walk.application.process.pk}/" in operator_page
    assert task.flow_task.reverse("index", args=[task.process_id, task.pk]) not in operator_page
    outsider = client_for(people.banjarbaru_coordinator).get("/workflow/work/").content.decode()
    assert "Sungai Bilu" not in outsider


def test_a_task_waiting_in_the_queue_is_counted_for_those_who_may_take_it(framework, people, cycle, member):
    member(Role.CITY_COORDINATOR, "63.71", username="coordinator2")
    walk = Walk(framework)
    walk.to_city_screening(people, cycle)
    page = client_for(people.coordinator).get("/workflow/work/")
    assert page.context["queue_count"] == 1 and page.context["tasks"] == []
    assert client_for(people.banjarbaru_coordinator).get("/workflow/work/").context["queue_count"] == 0
