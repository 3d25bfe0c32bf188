"""Deadlines from the cycle, overdue marks in the lists, and reminders once a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.status import STATUS

from assessment import actions
from assessment.models import Application, Region, Stage
from tests.workflows import journey
from workflows.deadlines import deadline_of
from workflows.driver import complete_task, open_task, start_process
from workflows.flows import AssessmentFlow as Flow
from workflows.models import AssessmentTask, NotificationPreference, Reminder
from workflows.reminders import send_reminders
from workflows.roles import Role

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def backdate(application, node, days: float):
    task = open_task(application, node)
    AssessmentTask.objects.filter(pk=task.pk).update(created=timezone.now() - datetime.timedelta(days=days))
    task.refresh_from_db()
    return task


def test_deadline_counts_the_cycles_days_from_the_task_creation(cycle, people):
    application = journey.start(cycle, people)
    task = open_task(application, Flow.self_assessment)
    deadline = deadline_of(task, cycle, now=task.created + datetime.timedelta(days=cycle.self_assessment_days))
    assert deadline.due == task.created + datetime.timedelta(days=30)
    assert not deadline.is_overdue and deadline.days_left == 0
    late = deadline_of(task, cycle, now=deadline.due + datetime.timedelta(hours=1))
    assert late.is_overdue and late.days_overdue == 1 and not late.past_grace
    much_later = deadline_of(task, cycle, now=deadline.due + datetime.timedelta(days=3, minutes=1))
    assert much_later.days_overdue == 3 and much_later.past_grace  # the cycle's grace is 3 days


def test_overdue_tasks_are_marked_in_the_inbox_the_queue_and_on_the_application_page(client, cycle, people, member):
    late = journey.start(cycle, people)
    backdate(late, Flow.self_assessment, days=32)
    on_time = journey.start(cycle, people, code="63.71.02.1001", by=people.other_operator)  # Kuripan: fresh
    client.force_login(people.operator)
    inbox = client.get("/workflow/assessment/inbox/").content.decode()
    assert "Sungai Bilu" in inbox and "Terlambat 2 hari" in inbox
    client.force_login(people.other_operator)
    other = client.get("/workflow/assessment/inbox/").content.decode()
    assert "Kuripan" in other and "Terlambat" not in other
    page = client.get(journey.application_url(on_time)).content.decode()
    assert "Terlambat" not in page and "batas " in page
    client.force_login(people.operator)
    assert "Terlambat 2 hari" in client.get(journey.application_url(late)).content.decode()
    # A task nobody was given waits in the queue, marked the same way.
    member(Role.LURAH, "63.71.02.1004", username="lurah2")  # two lurah: the submission is queued, not assigned
    journey.advance(late, people, Stage.LURAH_SUBMIT)
    assert backdate(late, Flow.lurah_submit, days=9).status == STATUS.NEW
    client.force_login(people.lurah)
    queue = client.get("/workflow/assessment/queue/").content.decode()
    assert "Sungai Bilu" in queue and "Terlambat 2 hari" in queue


def test_reminders_go_once_a_day_even_when_run_twice(cycle, people, django_capture_on_commit_callbacks):
    application = journey.start(cycle, people)
    task = backdate(application, Flow.self_assessment, days=31)
    # Nine in the morning, so that five hours later is still the same day wherever the clock stands.
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(now=now)
    assert (first.overdue, first.reminders, first.emails) == (1, 1, 1)
    [message] = mail.outbox
    assert message.to == [people.operator.email]
    assert "Sungai Bilu" in message.body and "terlambat" in message.body  # Indonesian
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(now=now + datetime.timedelta(hours=5))
    assert (second.reminders, second.emails, second.already_sent) == (0, 0, 1)
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(task=task, recipient=people.operator).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = send_reminders(now=now + DAY)
    assert tomorrow.reminders == 1 and len(mail.outbox) == 2


def test_the_command_is_safe_to_run_twice(cycle, people, django_capture_on_commit_callbacks):
    application = journey.start(cycle, people)
    backdate(application, Flow.self_assessment, days=31)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=open("/dev/null", "w"))
        call_command("send_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1


def test_after_the_grace_days_the_coordinator_hears_too(cycle, people, django_capture_on_commit_callbacks):
    application = journey.start(cycle, people)
    backdate(application, Flow.self_assessment, days=30 + 2)  # late, within the 3 grace days
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    assert [message.to for message in mail.outbox] == [[people.operator.email]]
    backdate(application, Flow.self_assessment, days=30 + 4)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=timezone.now() + DAY)
    recipients = sorted(message.to[0] for message in mail.outbox[1:])
    assert recipients == sorted([people.operator.email, people.coordinator.email])
    escalation = next(message for message in mail.outbox[1:] if message.to == [people.coordinator.email])
    assert "Sungai Bilu" in escalation.body
    # Banjarbaru's coordinator and the province are not told of a Banjarmasin kelurahan's self-assessment.
    assert not {people.banjarbaru_coordinator.email, people.province.email} & {m.to[0] for m in mail.outbox}


def test_province_stages_escalate_to_the_province_coordinator(cycle, people, django_capture_on_commit_callbacks):
    application = journey.advance(journey.start(cycle, people), people, Stage.PROVINCE_ASSIGNMENT)
    backdate(application, Flow.province_assignment, days=7 + 4)
    with django_capture_on_commit_callbacks(execute=True):
        run = send_reminders()
    assert run.reminders == 1  # the coordinator owns the task: one reminder, not one per reason
    assert [message.to for message in mail.outbox] == [[people.province.email]]


def test_a_queued_task_is_reminded_to_everyone_whose_role_and_region_fit(cycle, people, member,
                                                                         django_capture_on_commit_callbacks):
    second = member(Role.CITY_COORDINATOR, "63.71", username="coordinator2")
    application = journey.advance(journey.start(cycle, people), people, Stage.LURAH_SUBMIT)
    complete_task(application, Flow.lurah_submit, user=people.lurah, act=lambda: actions.submit_self_assessment(
        application=application, attestation="Benar.", by=people.lurah))
    task = open_task(application, Flow.city_screening)
    assert task.owner is None  # two coordinators: the screening waits in their queue
    backdate(application, Flow.city_screening, days=8)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([people.coordinator.email, second.email])


def test_a_person_can_switch_reminders_off(cycle, people, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people.operator, reminders=False)
    application = journey.start(cycle, people)
    backdate(application, Flow.self_assessment, days=31)
    with django_capture_on_commit_callbacks(execute=True):
        run = send_reminders()
    assert run.overdue == 1 and run.emails == 0 and mail.outbox == []


def _open_overdue_applications(cycle, member, count: int):
    codes = list(Region.objects.below("63.71").kelurahan().exclude(memberships__isnull=False)
                 .exclude(applications__cycle=cycle).values_list("code", flat=True)[:count])
    for code in codes:
        operator = member(Role.OPERATOR, code)
        start_process(actions.start_application(cycle=cycle, kelurahan=Region.objects.get(code=code), by=operator))
    AssessmentTask.objects.filter(flow_task_type="HUMAN").update(created=timezone.now() - 40 * DAY)


def test_the_reminder_run_takes_the_same_number_of_queries_for_few_or_many_tasks(cycle, people, member):
    def queries_for_run(day):
        with CaptureQueriesContext(connection) as queries:
            run = send_reminders(now=timezone.now() + day * DAY)
        return len(queries), run

    _open_overdue_applications(cycle, member, 3)
    few, run = queries_for_run(0)
    assert run.overdue == 3 and run.reminders == 6  # each operator, and the coordinator past the grace days
    _open_overdue_applications(cycle, member, 12)
    many, run = queries_for_run(1)
    assert run.overdue == 15 and run.reminders == 30
    assert many == few
    assert few <= 10


def test_the_deadline_column_costs_no_query_per_row(client, cycle, people):
    codes = list(Region.objects.below("63.71").kelurahan().exclude(memberships__isnull=False)
                 .values_list("code", flat=True)[:6])

    def inbox_with(count):
        for code in codes[:count]:
            if not Application.objects.filter(cycle=cycle, kelurahan_id=code).exists():
                journey.start(cycle, people, code=code, by=people.coordinator)
        # These kelurahan have no operator: hand their self-assessments to the coordinator, some overdue.
        AssessmentTask.objects.filter(flow_task_type="HUMAN").update(
            owner=people.coordinator, status=STATUS.ASSIGNED, created=timezone.now() - 40 * DAY)
        client.force_login(people.coordinator)
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/workflow/assessment/inbox/")
        assert page.content.decode().count("Terlambat 10 hari") == count
        return len(queries)

    assert inbox_with(2) == inbox_with(6)


def test_a_closed_account_is_not_reminded_of_the_task_it_held(cycle, people, django_capture_on_commit_callbacks):
    application = journey.start(cycle, people)
    assert backdate(application, Flow.self_assessment, days=31).owner == people.operator
    people.operator.is_active = False
    people.operator.save(update_fields=["is_active"])
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        run = send_reminders(now=now)
    assert run.overdue == 1 and people.operator.email not in [address for m in mail.outbox for address in m.to]
