"""Reminders for 5,000 open, overdue tasks in one pass: the number of queries and the time.

    make bench    # or: .venv/bin/python -m pytest tests/benchmarks -m bench -s
"""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from assessment.models import Application, Cycle, Region
from assessment.perms import FILL_SELF_ASSESSMENT
from workflows.flows import AssessmentFlow
from workflows.reminders import send_reminders
from workflows.roles import Role

TASKS = 5000

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def open_overdue_tasks(framework, member, count: int):
    """`count` applications over enough cycles, each with an overdue self-assessment task (4 in 5 assigned)."""
    kelurahan = list(Region.objects.kelurahan().within("63").order_by("code"))
    operators = {region.code: member(Role.OPERATOR, region.code) for region in kelurahan}
    for city in Region.objects.filter(level=2, code__startswith="63."):
        member(Role.CITY_COORDINATOR, city.code)
    cycles = [Cycle.objects.create(framework=framework, region_id="63", year=1990 + n,
                                   opens_on=datetime.date(1990 + n, 1, 1), closes_on=datetime.date(1990 + n, 12, 31))
              for n in range(-(-count // len(kelurahan)))]
    applications = Application.objects.bulk_create(
        [Application(cycle=cycles[n // len(kelurahan)], kelurahan=kelurahan[n % len(kelurahan)]) for n in range(count)])
    processes = Process.objects.bulk_create(
        [Process(flow_class=AssessmentFlow, status=STATUS.NEW) for _ in applications])
    with connection.cursor() as cursor:  # the typed child rows (bulk_create does not do multi-table models)
        cursor.executemany("INSERT INTO workflows_assessmentprocess (process_ptr_id, application_id) VALUES (%s, %s)",
                           [(process.pk, application.pk) for process, application in zip(processes, applications,
                                                                                         strict=True)])
    created = timezone.now() - datetime.timedelta(days=40)
    Task.objects.bulk_create([
        Task(process=process, flow_task=AssessmentFlow.self_assessment, flow_task_type="HUMAN", created=created,
             owner_permission=FILL_SELF_ASSESSMENT,
             status=STATUS.ASSIGNED if n % 5 else STATUS.NEW,
             owner=operators[application.kelurahan_id] if n % 5 else None)
        for n, (process, application) in enumerate(zip(processes, applications, strict=True))])


def test_reminders_for_5000_open_tasks_in_one_pass(framework, member, django_capture_on_commit_callbacks, capsys):
    open_overdue_tasks(framework, member, TASKS)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        run = send_reminders()
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nreminders for {run.open_tasks} open tasks ({connection.vendor}): {run.overdue} overdue, "
              f"{run.reminders} reminders in {run.emails} e-mails, {len(queries)} queries, {seconds:.2f} s")
    assert run.overdue == TASKS
    assert len(queries) <= 12
