"""E-mail after commit, in Indonesian, to whoever acts next and to the kelurahan at every decision."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from assessment import actions
from assessment.models import Decision, Stage
from tests.workflows import journey
from workflows import notifications
from workflows.driver import complete_task, open_task
from workflows.flows import AssessmentFlow as Flow
from workflows.models import NotificationPreference
from workflows.roles import Role

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusesOneAddress(BaseEmailBackend):
    """An SMTP server that refuses one recipient and delivers to everyone else (into the test outbox)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if "refused@example.org" in message.to:
                raise smtplib.SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        mail.outbox.extend(email_messages)
        return len(email_messages)


def send_to_lurah_over_http(client, application, people):
    journey.fill(application, people)
    client.force_login(people.operator)
    return client.post(journey.task_url(application, Flow.self_assessment), {"_action": "send", **{
        f"level_{answer.indicator_id}": answer.level_id for answer in application.answers.all()}, **{
        f"text_{answer.indicator_id}": answer.narrative for answer in application.answers.all()}})


def test_the_next_person_is_told_only_after_the_step_commits(client, cycle, people,
                                                             django_capture_on_commit_callbacks):
    application = journey.start(cycle, people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        response = send_to_lurah_over_http(client, application, people)
        assert response.status_code == 302
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [people.lurah.email]
    assert "Sungai Bilu" in message.subject
    assert "Tugas Anda" in message.subject and "Batas waktu" in message.body  # Indonesian
    assert open_task(application, Flow.lurah_submit).flow_task.reverse(
        "index", args=[application.process.pk, open_task(application, Flow.lurah_submit).pk]) in message.body


def test_a_queued_task_tells_everyone_who_may_take_it_unless_they_opted_out(cycle, people, member,
                                                                            django_capture_on_commit_callbacks):
    second = member(Role.CITY_COORDINATOR, "63.71", username="coordinator2")
    NotificationPreference.objects.create(user=second, queued_tasks=False)
    application = journey.advance(journey.start(cycle, people), people, Stage.LURAH_SUBMIT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complete_task(application, Flow.lurah_submit, user=people.lurah, act=lambda: actions.submit_self_assessment(
            application=application, attestation="Benar.", by=people.lurah))
    assert [message.to for message in mail.outbox] == [[people.coordinator.email]]
    assert "antrean" in mail.outbox[0].subject


def test_every_decision_tells_the_operator_and_the_lurah_with_the_notes(client, cycle, people,
                                                                        django_capture_on_commit_callbacks):
    application = journey.advance(journey.start(cycle, people), people, Stage.CITY_DECISION)
    mail.outbox.clear()
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(journey.task_url(application, Flow.city_decision, user=people.coordinator),
                               {"outcome": "revise", "note": "Lengkapi data pilah per RT."})
    assert response.status_code == 302
    decisions = [message for message in mail.outbox if "Keputusan" in message.subject]
    assert sorted(message.to[0] for message in decisions) == sorted([people.operator.email, people.lurah.email])
    body = decisions[0].body
    assert "Lengkapi data pilah per RT." in body          # the coordinator's note
    assert "Komentar umum." in body and "Catatan." in body  # the reviewer's overall and per-indicator notes
    # The operator is also told the self-assessment is theirs again, with the note that sent it back.
    task_mail = [message for message in mail.outbox if message not in decisions]
    assert [message.to for message in task_mail] == [[people.operator.email]]
    assert "Lengkapi data pilah per RT." in task_mail[0].body


def test_a_failing_mail_server_neither_undoes_nor_blocks_the_step(client, cycle, people, settings, caplog,
                                                                  django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.workflows.test_notifications.MailServerDown"
    application = journey.advance(journey.start(cycle, people), people, Stage.CITY_DECISION)
    client.force_login(people.coordinator)
    with caplog.at_level(logging.ERROR, logger="workflows.notifications"), \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(journey.task_url(application, Flow.city_decision, user=people.coordinator),
                               {"outcome": "recommend", "note": ""})
    assert response.status_code == 302
    assert len(callbacks) >= 2  # the decision to the kelurahan, the next task to the province
    application.refresh_from_db()
    assert application.stage == Stage.PROVINCE_ASSIGNMENT
    assert Decision.objects.filter(application=application, outcome="recommend").exists()
    assert open_task(application, Flow.province_assignment).owner == people.province
    assert "Could not send" in caplog.text and "SMTPServerDisconnected" in caplog.text
    assert mail.outbox == []


def test_even_a_mail_that_cannot_be_written_leaves_the_step_done(client, cycle, people, monkeypatch, caplog,
                                                                 django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ValueError("template error")

    monkeypatch.setattr(notifications, "compose", broken)
    application = journey.start(cycle, people)
    with caplog.at_level(logging.ERROR, logger="workflows.notifications"), \
            django_capture_on_commit_callbacks(execute=True):
        response = send_to_lurah_over_http(client, application, people)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.LURAH_SUBMIT
    assert "Could not prepare notification e-mails" in caplog.text and mail.outbox == []


def test_people_choose_their_optional_mails_in_the_work_area(client, people):
    client.force_login(people.reviewer)
    page = client.get("/workflow/work/notifications/")
    assert page.status_code == 200
    assert "Keputusan tentang kelurahan Anda" in page.content.decode()  # always sent, listed as such
    response = client.post("/workflow/work/notifications/", {"queued_tasks": "on"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=people.reviewer)
    assert (preference.queued_tasks, preference.reminders, preference.escalations) == (True, False, False)
    assert "/workflow/work/notifications/" in client.get("/workflow/", follow=True).content.decode()


def test_one_refused_address_does_not_stop_the_other_mails(settings, caplog):
    settings.EMAIL_BACKEND = "tests.workflows.test_notifications.RefusesOneAddress"
    messages = [mail.EmailMessage(subject=f"Tugas {n}", body="-", to=[address])
                for n, address in enumerate(["a@example.org", "refused@example.org", "b@example.org"])]
    with caplog.at_level(logging.ERROR, logger="workflows.notifications"):
        assert notifications.deliver(messages) == 2
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"]]
    assert "refused@example.org" in caplog.text
