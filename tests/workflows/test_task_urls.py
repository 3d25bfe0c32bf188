"""A task URL answers only for its own (process, node, task) triple: every other combination is a 404.

The matrix runs over the whole demo: every task of every application, every node of the flow, every
kind of task URL (ours and Viewflow's built-in ones), and every demo role. Before the fix a pending
evaluator opened their own evaluation task under `province_decision` and read the colleague's scores.
"""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import translation
from viewflow.workflow.status import STATUS

from workflows.demo import DEMO_USERS, load_demo
from workflows.flows import AssessmentFlow as Flow
from workflows.models import AssessmentTask
from workflows.task_urls import LARGEST_ID, TaskUrlMiddleware

# Every kind of task URL Viewflow or we route: "" is the task's index (a redirect to the right page).
SUFFIXES = ["", "detail/", "execute/", "assign/", "unassign/", "reassign/", "undo/", "cancel/", "revive/"]
NODE_NAMES = [node.name for node in Flow.instance.nodes()]
OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def url(process_pk, node_name, task_pk, suffix=""):
    return f"/workflow/assessment/{process_pk}/{node_name}/{task_pk}/{suffix}"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(log=lambda line: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def quiet_404s():
    """Thousands of expected 404s would flood the log."""
    logger = logging.getLogger("django.request")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(previous)


def answers(client, path):
    return client.get(path).status_code


def resolve_id(path):
    """Resolve an Indonesian (unprefixed) path whatever language an earlier test left active."""
    with translation.override("id"):
        return resolve(path)


def routed_suffixes(node_name):
    """The kinds of task URL the resolver routes for a node (the rest fall through to the public 404)."""
    return [suffix for suffix in SUFFIXES if "task_pk" in resolve_id(url(1, node_name, 1, suffix)).kwargs]


def test_every_task_url_of_every_node_passes_through_the_binding():
    """Each routed task URL carries what the middleware needs: the flow's viewset and the node's name."""
    for node_name in NODE_NAMES:
        suffixes = routed_suffixes(node_name)
        assert "" in suffixes and "detail/" in suffixes, node_name
        for suffix in suffixes:
            match = resolve_id(url(1, node_name, 1, suffix))
            assert match.url_name.extra["flow_viewset"]._flow_class is Flow, (node_name, suffix)
            assert match.namespaces[-1] == node_name, (node_name, suffix)


@pytest.mark.django_db
def test_every_node_for_every_task_binds_only_the_true_triple(demo):
    """Through the middleware itself: every task of the demo × every node × its own and another process."""
    middleware = TaskUrlMiddleware(lambda request: None)
    tasks = list(AssessmentTask.objects.order_by("pk"))
    assert len(tasks) > 200 and len({task.flow_task.name for task in tasks}) >= 18
    process_pks = sorted({task.process_id for task in tasks})
    other_process = {pk: process_pks[(i + 1) % len(process_pks)] for i, pk in enumerate(process_pks)}
    checked = 0
    for node_name in NODE_NAMES:
        request = RequestFactory().get(url(1, node_name, 1))
        request.resolver_match = match = resolve_id(request.path)
        for task in tasks:
            for process_pk in (task.process_id, other_process[task.process_id]):
                kwargs = {"process_pk": process_pk, "task_pk": task.pk}
                true_triple = process_pk == task.process_id and node_name == task.flow_task.name
                checked += 1
                try:
                    middleware.process_view(request, match.func, (), kwargs)
                except Http404:
                    assert not true_triple, f"{kwargs} under {node_name} is the true triple, yet refused"
                else:
                    assert true_triple, f"{kwargs} under {node_name} answered, but task {task.pk} is " \
                                        f"{task.flow_task.name} of process {task.process_id}"
    assert checked == len(tasks) * len(NODE_NAMES) * 2


@pytest.mark.django_db
def test_every_role_gets_404_for_a_wrong_triple_and_never_a_page_or_500(demo, quiet_404s):
    """Over HTTP as every demo role: each open task under every node name, and under another process."""
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=[demo_user.username for demo_user in DEMO_USERS])}
    assert len(users) == len(DEMO_USERS)
    tasks = list(AssessmentTask.objects.filter(status__in=OPEN).order_by("pk"))
    assert {task.flow_task.name for task in tasks} >= {"province_evaluation", "city_review", "city_decision"}
    other_process = AssessmentTask.objects.exclude(process_id__in=[task.process_id for task in tasks]).first()
    routed = {node_name: routed_suffixes(node_name) for node_name in NODE_NAMES}
    main_page = {name: "execute/" if "execute/" in suffixes else "detail/" for name, suffixes in routed.items()}
    served = {}
    for username, user in users.items():
        client = Client(raise_request_exception=True)
        client.force_login(user)
        for task in tasks:
            for node_name in NODE_NAMES:
                # The true node with every kind of URL it routes; every other node with its main page.
                suffixes = routed[node_name] if node_name == task.flow_task.name else [main_page[node_name]]
                for suffix in suffixes:
                    status = answers(client, url(task.process_id, node_name, task.pk, suffix))
                    if node_name == task.flow_task.name:
                        assert status != 404 and status < 500, (username, task.pk, node_name, suffix, status)
                        served[(username, task.pk, suffix)] = status
                    else:
                        assert status == 404, (username, task.pk, node_name, suffix, status)
                status = answers(client, url(other_process.process_id, task.flow_task.name, task.pk, "detail/"))
                assert status == 404, (username, task.pk, "another process", status)
    # The true triples still work: each task's owner (or a role that may take it) opens it.
    assert any(status == 200 for (username, _pk, suffix), status in served.items() if suffix == "execute/")


@pytest.mark.django_db
def test_a_pending_evaluator_cannot_read_the_panel_through_the_decision_node(demo, quiet_404s):
    """The reported attack: evaluator2's open evaluation task opened as the province's decision."""
    task = AssessmentTask.objects.filter(flow_task=Flow.province_evaluation, status__in=OPEN,
                                         owner__username="evaluator2.kalsel").first()
    assert task is not None
    client = Client()
    client.force_login(task.owner)
    assert client.get(url(task.process_id, "province_evaluation", task.pk, "execute/")).status_code == 200
    for node_name in ("province_decision", "city_decision", "city_review", "lurah_submit"):
        response = client.get(url(task.process_id, node_name, task.pk, "execute/"))
        assert response.status_code == 404, node_name
        assert "Total" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    f"/workflow/assessment/{LARGEST_ID + 1}/",
    "/workflow/assessment/99999999999999999999/",
    f"/workflow/assessment/1/province_decision/{LARGEST_ID + 1}/execute/",
    "/workflow/evidence/99999999999999999999/",
    "/workflow/assessment/99999999999999999999/skor.xlsx",
])
def test_ids_beyond_the_database_range_answer_404(admin_client, path):
    assert admin_client.get(path).status_code == 404
