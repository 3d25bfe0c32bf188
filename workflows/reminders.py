"""Daily reminders of overdue tasks: `manage.py send_reminders`, run from cron (see the README).

Why one periodic command and not Viewflow 2.4's timers: a reminder repeats every day a task stays
late and goes to everyone who may act on it (and, past the cycle's grace days, to the coordinator),
while a boundary timer fires once per task, and `workflow_timers` fires each timer under its own
flow lock with a handful of queries per task. This run reads every open task, the memberships,
the preferences and today's reminders in a fixed number of queries, whatever the number of tasks,
and sends one digest per person. A `Reminder` row per (task, person, day) makes a second run on the
same day send nothing; two runs at once cannot both insert those rows, so the loser sends nothing.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessment.models import Application

from .deadlines import Deadline, deadline_of
from .links import absolute, task_path
from .models import AssessmentTask, Membership, NotificationPreference, Reminder, ReminderReason
from .notifications import Kind, compose, send_after_commit
from .roles import ROLE_PERMISSIONS, Role

logger = logging.getLogger(__name__)

APPLICATION = "process__assessmentprocess__application"


@dataclass(frozen=True)
class OverdueTask:
    task: AssessmentTask
    application: Application
    deadline: Deadline

    @property
    def title(self) -> str:
        return str(self.task.flow_task.task_title)

    @property
    def url(self) -> str:
        return absolute(task_path(self.task))


@dataclass
class ReminderRun:
    open_tasks: int = 0
    overdue: int = 0
    reminders: int = 0
    emails: int = 0
    already_sent: int = 0
    lost_race: bool = False  # another run inserted today's reminders first


class RegionHolders:
    """Who holds which role where, read in one query, answered for any region without another."""

    def __init__(self):
        self._users: dict[tuple[str, str], list] = defaultdict(list)
        memberships = (Membership.objects.filter(user__is_active=True, region__isnull=False)
                       .exclude(user__email="").select_related("user").order_by("user_id"))
        for membership in memberships:
            self._users[(membership.role, membership.region_id)].append(membership.user)
        self._roles = defaultdict(list)
        for role, permissions in ROLE_PERMISSIONS.items():
            for permission in permissions:
                self._roles[permission].append(role)

    def with_roles(self, roles, region_code: str) -> list:
        parts = region_code.split(".")
        found = {}
        for length in range(1, len(parts) + 1):
            for role in roles:
                for user in self._users.get((role, ".".join(parts[:length])), ()):
                    found.setdefault(user.pk, user)
        return list(found.values())

    def who_may(self, permission: str, region_code: str) -> list:
        return self.with_roles(self._roles.get(permission, ()), region_code)

    def coordinators(self, item: OverdueTask) -> list:
        """The city coordinator for kelurahan and city stages, the province coordinator for the province's."""
        code = item.application.kelurahan_id
        if item.deadline.is_province_side:
            return self.with_roles([Role.PROVINCE_COORDINATOR], code.split(".")[0])
        return self.with_roles([Role.CITY_COORDINATOR], ".".join(code.split(".")[:2]))


def overdue_tasks(now: datetime) -> tuple[int, list[OverdueTask]]:
    tasks = (AssessmentTask.objects.open_human().filter(process__assessmentprocess__isnull=False)
             .select_related("owner", f"{APPLICATION}__cycle", f"{APPLICATION}__kelurahan__parent")
             .order_by("created", "pk"))
    count, overdue = 0, []
    for task in tasks:
        count += 1
        application = task.process.assessmentprocess.application
        deadline = deadline_of(task, application.cycle, now)
        if deadline is not None and deadline.is_overdue:
            overdue.append(OverdueTask(task=task, application=application, deadline=deadline))
    return count, overdue


def record(rows: list[Reminder]):
    """Insert the day's reminder rows as one statement run for many rows.

    `bulk_create` would split 10,000 rows into one INSERT per ~200 on SQLite (its limit on
    parameters), so the query count would grow with the number of tasks; `executemany` is one
    statement, and a row that exists already (another run got there first) still fails the whole run.
    """
    if not rows:
        return
    ops, quote = connection.ops, connection.ops.quote_name
    created = ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(quote(column) for column in ("task_id", "recipient_id", "day", "reason", "created_at"))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(Reminder._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s)",
            [(row.task_id, row.recipient.pk, ops.adapt_datefield_value(row.day), row.reason, created) for row in rows])


def send_reminders(*, now: datetime | None = None) -> ReminderRun:
    """Remind today's overdue tasks once: to those who may act, and past the grace days to the coordinator."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun()
    run.open_tasks, overdue = overdue_tasks(now)
    run.overdue = len(overdue)
    if not overdue:
        return run
    holders = RegionHolders()
    preferences = {preference.user_id: preference for preference in NotificationPreference.objects.all()}
    sent_today = set(Reminder.objects.filter(day=today).values_list("task_id", "recipient_id"))
    rows: list[Reminder] = []
    digests: dict[tuple[int, str], tuple[object, list[OverdueTask]]] = {}

    def remind(user, item: OverdueTask, kind: str, reason: str):
        key = (item.task.pk, user.pk)
        if key in sent_today:
            run.already_sent += 1
            return
        preference = preferences.get(user.pk)
        if preference is not None and not preference.allows(kind):
            return
        sent_today.add(key)
        rows.append(Reminder(task_id=item.task.pk, recipient=user, day=today, reason=reason))
        digests.setdefault((user.pk, kind), (user, []))[1].append(item)

    for item in overdue:
        task = item.task
        if task.owner_id:
            actors = [task.owner] if task.owner.is_active else []  # a closed account is reminded of nothing
        else:
            actors = holders.who_may(task.owner_permission, item.application.kelurahan_id)
        for user in actors:
            if user.email:
                remind(user, item, Kind.REMINDER, ReminderReason.ACTOR)
        if item.deadline.past_grace:
            for user in holders.coordinators(item):
                remind(user, item, Kind.ESCALATION, ReminderReason.COORDINATOR)
    if not rows:
        return run
    try:
        with transaction.atomic():
            record(rows)
            send_after_commit(lambda: [compose(user, kind, "reminders", {"items": items})
                                       for (_user_pk, kind), (user, items) in digests.items()])
    except IntegrityError:
        logger.warning("Another reminder run sent today's reminders first; this run sent nothing.")
        run.lost_race = True
        return run
    run.reminders, run.emails = len(rows), len(digests)
    return run
