"""E-mail, in Indonesian, to the people who must act next and to the kelurahan at every decision.

Mail leaves only after the transaction that made the news has committed (`transaction.on_commit`),
and a failing mail server is logged, never raised: the workflow step it reports on stands.
Which optional mails a person receives is their `NotificationPreference`; tasks assigned to them
and decisions about their kelurahan always go out.

Hooks: `task_created` is every human node's `onCreate` in the flow; `decision_made` is called by the
decision pages; `workflows.reminders` sends the daily overdue digest through `compose` and
`send_after_commit`.
"""

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assessment.models import Application, AuditEvent, Decision
from assessment.scorecard import submitted_panel

from .assignment import candidates, kelurahan_people
from .deadlines import deadline_of
from .links import absolute, application_path, task_path
from .models import NotificationPreference

logger = logging.getLogger(__name__)

# An SMTP server that accepts the connection and then hangs must not hold a page for minutes.
SEND_TIMEOUT_SECONDS = 10
LANGUAGE = "id"


class Kind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("A task assigned to you")
    TASK_QUEUED = "task_queued", _("A task waiting in your team's queue")
    DECISION = "decision", _("A decision about your kelurahan")
    REMINDER = "reminder", _("Reminder of your overdue tasks")
    ESCALATION = "escalation", _("Overdue tasks in your region")


_muted = contextvars.ContextVar("krppa_notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """Send nothing inside this block (the demo loader replays a past year nobody needs to be told about)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


_batch = contextvars.ContextVar("krppa_notifications_batch", default=None)


@contextlib.contextmanager
def one_delivery():
    """Collect the mails of every step inside this block and send them together, over one connection, after
    the commit (opening a cycle for a whole city must not hold the page for one mail server visit each).
    Yields the list of pending builders: a caller that rolls a step back drops the ones it added."""
    builders = []
    token = _batch.set(builders)
    try:
        yield builders
    finally:
        _batch.reset(token)
    if builders:
        transaction.on_commit(partial(_build_and_deliver, lambda: [message for build in builders
                                                                     for message in _built(build)]))


def _built(build) -> list[EmailMessage]:
    try:
        return build()
    except Exception:
        logger.exception("Could not prepare notification e-mails; the workflow step they report stands.")
        return []


def wanted(users: Iterable, kind: str) -> list:
    """The users with an e-mail address who have not switched `kind` off."""
    users = [user for user in users if user.email]
    preferences = {preference.user_id: preference
                   for preference in NotificationPreference.objects.filter(user__in=[user.pk for user in users])}
    return [user for user in users if preferences.get(user.pk) is None or preferences[user.pk].allows(kind)]


def compose(user, kind: str, template: str, context: dict) -> EmailMessage:
    """One e-mail to `user` from `workflows/email/<template>.txt` and `.subject.txt`, in Indonesian."""
    with translation.override(LANGUAGE):
        context = {**context, "recipient": user, "kind": kind,
                   "preferences_url": absolute(reverse("work:notifications"))}
        subject = " ".join(render_to_string(f"workflows/email/{template}.subject.txt", context).split())
        body = render_to_string(f"workflows/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def deliver(messages: list[EmailMessage]) -> int:
    """Send now over one connection, one message at a time: a refused address or a broken server is logged,
    the rest still go, and nothing is raised. Returns how many were sent."""
    if not messages:
        return 0
    sent = 0
    try:
        with get_connection(timeout=SEND_TIMEOUT_SECONDS) as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message]) or 0
                except Exception:
                    logger.exception("Could not send a notification e-mail to %s; the workflow step it reports "
                                     "stands.", ", ".join(message.to))
    except Exception:  # the server cannot be reached at all
        logger.exception("Could not send %d notification e-mail(s); the workflow step they report stands.",
                         len(messages) - sent)
    return sent


def send_after_commit(build: Callable[[], list[EmailMessage]]):
    """Build the messages and send them once the transaction commits.

    Building happens after the commit too, so not even a broken template can undo the step.
    """
    if _muted.get():
        return
    if (batch := _batch.get()) is not None:
        batch.append(build)
    else:
        transaction.on_commit(partial(_build_and_deliver, build))


def _build_and_deliver(build) -> int:
    try:
        messages = build()
    except Exception:
        logger.exception("Could not prepare notification e-mails; the workflow step they report stands.")
        return 0
    return deliver(messages)


def arrival_note(application: Application) -> AuditEvent | None:
    """The note of the step that brought the application to its current stage, if it had one (a note of an
    earlier round, or one written since, such as an evidence mark, is not this stage's)."""
    event = (AuditEvent.objects.filter(application=application, after__stage=application.stage)
             .select_related("actor").order_by("-created_at", "-pk").first())
    return event if event and event.note else None


def task_created(activation):
    """`onCreate` of every human task: tell its owner, or everyone who may take it from the queue."""
    if not _muted.get():
        send_after_commit(partial(task_mails, activation.task))


def task_mails(task) -> list[EmailMessage]:
    application = (Application.objects.select_related("kelurahan__parent__parent", "cycle")
                   .get(process__pk=task.process_id))
    if task.owner_id:
        kind, people = Kind.TASK_ASSIGNED, [task.owner]
    else:
        kind, people = Kind.TASK_QUEUED, list(candidates(task.owner_permission, application.kelurahan_id))
    context = {"task": task, "title": task.flow_task.task_title, "application": application,
               "deadline": deadline_of(task, application.cycle), "url": absolute(task_path(task)),
               "note": arrival_note(application)}
    return [compose(user, kind, "task", context) for user in wanted(people, kind)]


def decision_made(decision: Decision):
    """Tell the kelurahan's operator and lurah what was decided, with the coordinator's and reviewers' notes."""
    send_after_commit(partial(decision_mails, decision))


def decision_mails(decision: Decision) -> list[EmailMessage]:
    application = (Application.objects.select_related("kelurahan__parent__parent", "cycle")
                   .get(pk=decision.application_id))
    context = {"decision": decision, "application": application,
               "reviews": submitted_panel(application, decision.stage),
               "url": absolute(application_path(application))}
    people = list(kelurahan_people(application.kelurahan_id))
    return [compose(user, Kind.DECISION, "decision", context) for user in wanted(people, Kind.DECISION)]
