"""Two people acting on one task at the same moment: exactly one wins (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from assessment.models import AuditEvent, Stage
from workflows.flows import AssessmentFlow as Flow
from workflows.roles import Role

from .walk import Walk, client_for, open_task, task_urls

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_coordinators_claiming_one_task_exactly_one_gets_it(framework, people, cycle, member):
    second = member(Role.CITY_COORDINATOR, "63.71", username="coordinator2")
    walk = Walk(framework)
    walk.to_city_screening(people, cycle)
    task = open_task(walk.application, Flow.city_screening).get()
    assert task.owner is None
    assign = task_urls(task)["assign"]
    first_client, second_client = client_for(people.coordinator), client_for(second)
    statuses = at_once(lambda: first_client.post(assign).status_code, lambda: second_client.post(assign).status_code)
    assert sorted(statuses) == [302, 403], statuses
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner in (people.coordinator, second)


def test_the_same_step_sent_twice_at_once_completes_once(framework, people, cycle):
    walk = Walk(framework)
    walk.start(people.operator, cycle)
    task = open_task(walk.application, Flow.self_assessment).get()
    execute = task_urls(task)["execute"]
    data = walk.self_assessment()
    tab_one, tab_two = client_for(people.operator), client_for(people.operator)
    statuses = at_once(lambda: tab_one.post(execute, data).status_code, lambda: tab_two.post(execute, data).status_code)
    assert sorted(statuses) == [302, 403], statuses
    walk.application.refresh_from_db()
    assert walk.application.stage == Stage.LURAH_SUBMIT
    assert AuditEvent.objects.filter(application=walk.application, action="self_assessment.sent_to_lurah").count() == 1
    assert open_task(walk.application, Flow.lurah_submit).count() == 1
