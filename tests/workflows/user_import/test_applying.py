"""Applying a checked workbook: all or nothing, idempotent, audited, and a password email for newcomers."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from assessment.models import AuditEvent
from workflows.models import Membership
from workflows.roles import Role
from workflows.user_import import UserImportConflict, import_users, read_user_upload

from .sheets import BILU, GOOD_ROWS, good_workbook, user_workbook

User = get_user_model()


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin.import", "admin@example.org", "krppa-demo")


def rows_of(data):
    parsed = read_user_upload(data)
    assert parsed.ok, parsed.errors
    return parsed.rows


def test_creates_users_without_usable_passwords_and_their_memberships(kalsel, admin,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_users(rows=rows_of(good_workbook()), by=admin, source="pengguna.xlsx")
    assert result.created == [row[0] for row in GOOD_ROWS]
    assert (result.memberships_granted, result.rows_unchanged, result.invitations) == (5, 0, 5)
    siti = User.objects.get(username="siti.bilu")
    assert (siti.first_name, siti.last_name, siti.email) == ("Siti", "Rahmah", "siti@example.org")
    assert not siti.has_usable_password()
    assert not siti.is_staff and not siti.is_superuser
    assert set(Membership.objects.values_list("user__username", "role", "region_id")) == {
        ("siti.bilu", Role.OPERATOR, BILU), ("ahmad.bilu", Role.LURAH, BILU),
        ("rina.bjm", Role.CITY_REVIEWER, "63.71"), ("aminah.kalsel", Role.PROVINCE_COORDINATOR, "63"),
        ("pemantau", Role.NATIONAL_VIEWER, None),
    }
    # The permission backend sees the new membership at once.
    assert siti.has_perm("assessment.fill_self_assessment", type("Obj", (), {"region_code": BILU})())


def test_every_change_is_audited_with_the_administrator(kalsel, admin):
    import_users(rows=rows_of(good_workbook()), by=admin, source="pengguna.xlsx")
    created = AuditEvent.objects.filter(action="user.created")
    assert created.count() == 5
    event = created.get(object_repr="siti.bilu")
    assert event.actor == admin
    assert event.after == {"username": "siti.bilu", "full_name": "Siti Rahmah", "email": "siti@example.org"}
    assert event.note == "pengguna.xlsx row 2"
    assert "password" not in str(event.after)
    assert AuditEvent.objects.filter(action="membership.granted", actor=admin).count() == 5


def test_a_second_import_of_the_same_sheet_creates_nothing_and_sends_nothing(kalsel, admin,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_users(rows=rows_of(good_workbook()), by=admin)
    mail.outbox.clear()
    counts = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        again = import_users(rows=rows_of(good_workbook()), by=admin)
    assert (again.created, again.memberships_granted, again.rows_unchanged, again.invitations) == ([], 0, 5, 0)
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts
    assert mail.outbox == []


def test_an_existing_user_gains_the_missing_membership_and_keeps_name_and_password(kalsel, admin, member,
                                                                                  django_capture_on_commit_callbacks):
    rina = member(Role.CITY_REVIEWER, "63.72", username="rina.bjm", email="rina@example.org", first_name="Rina")
    with django_capture_on_commit_callbacks(execute=True):
        result = import_users(rows=rows_of(user_workbook(
            ["rina.bjm", "Nama Baru", "rina@example.org", "city_reviewer", "63.71"])), by=admin)
    assert (result.created, result.memberships_granted, result.invitations) == ([], 1, 0)
    rina.refresh_from_db()
    assert rina.first_name == "Rina" and rina.check_password("krppa-demo")
    assert set(rina.memberships.values_list("region_id", flat=True)) == {"63.71", "63.72"}
    assert mail.outbox == []


def test_new_users_get_a_working_password_set_link_after_commit(client, kalsel, admin,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_users(rows=rows_of(user_workbook(GOOD_ROWS[0])), by=admin)
    assert mail.outbox == []  # nothing is sent before the accounts are committed
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@example.org"]
    # In the site's language, whatever language the administrator works in.
    assert message.subject == "Akun KRPPA Anda: buat kata sandi"
    assert "Nama pengguna Anda: siti.bilu" in message.body
    assert "Operator kelurahan — Sungai Bilu (63.71.02.1004)" in message.body
    assert "berlaku 3 hari" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "Banjarmasin-2026!", "new_password2":
                                              "Banjarmasin-2026!"})
    assert response.status_code == 302
    assert client.login(username="siti.bilu", password="Banjarmasin-2026!")
    client.logout()
    used = client.get(link)
    assert used.status_code == 200 and used.context["validlink"] is False  # the link works once


def test_a_dry_run_counts_exactly_and_changes_and_sends_nothing(kalsel, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_users(rows=rows_of(good_workbook()), by=admin, dry_run=True)
    assert result.dry_run and len(result.created) == 5 and result.memberships_granted == 5
    assert callbacks == [] and mail.outbox == []
    assert User.objects.count() == 1 and not Membership.objects.exists()
    assert not AuditEvent.objects.filter(action="user.created").exists()


def test_a_conflict_found_while_applying_rolls_everything_back(kalsel, admin, django_capture_on_commit_callbacks):
    rows = rows_of(user_workbook(GOOD_ROWS[0], ["rina.bjm", "Rina", "rina@example.org", "city_reviewer", "63.71"]))
    # Between checking and applying, someone else takes the second username with another email.
    User.objects.create_user("rina.bjm", email="rina.lain@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(UserImportConflict) as conflict:
        import_users(rows=rows, by=admin)
    assert "rina.bjm" in conflict.value.message
    assert not User.objects.filter(username="siti.bilu").exists()
    assert not Membership.objects.exists()
    assert mail.outbox == []


def test_resending_invitations_reaches_only_users_who_never_set_a_password(kalsel, admin,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_users(rows=rows_of(user_workbook(*GOOD_ROWS[:2])), by=admin)
    ahmad = User.objects.get(username="ahmad.bilu")
    ahmad.set_password("sudah-diatur-2026")
    ahmad.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_users(rows=rows_of(user_workbook(*GOOD_ROWS[:2])), by=admin, resend_invitations=True)
    assert result.invitations == 1
    assert [message.to for message in mail.outbox] == [["siti@example.org"]]
