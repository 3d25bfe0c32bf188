"""`manage.py expire_designations`: ends what ran out, warns the right coordinators once, in Indonesian."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessment.models import AuditEvent, Designation, DesignationStatus, ExpiryWarning
from tests.coverage_data import designate
from workflows.roles import Role

TODAY = datetime.date(2026, 6, 30)
BILU, KURIPAN, PEKAPURAN = "63.71.02.1004", "63.71.02.1001", "63.71.02.1008"
BANJARBARU_KELURAHAN = "63.72.02.1003"


@pytest.fixture
def register(kalsel, framework, member):
    class Register:
        city = member(Role.CITY_COORDINATOR, "63.71", username="kota", email="kota@example.org")
        province = member(Role.PROVINCE_COORDINATOR, "63", username="provinsi", email="provinsi@example.org")
        banjarbaru = member(Role.CITY_COORDINATOR, "63.72", username="banjarbaru", email="banjarbaru@example.org")
        reviewer = member(Role.CITY_REVIEWER, "63.71", username="reviewer", email="reviewer@example.org")
        ran_out = designate(framework, BILU, valid_from=datetime.date(2023, 6, 29),
                            valid_until=TODAY - datetime.timedelta(days=1))
        soon = designate(framework, KURIPAN, valid_from=datetime.date(2023, 8, 29),
                         valid_until=TODAY + datetime.timedelta(days=60))
        later = designate(framework, PEKAPURAN, valid_from=datetime.date(2024, 8, 4),
                          valid_until=TODAY + datetime.timedelta(days=400))
        elsewhere = designate(framework, BANJARBARU_KELURAHAN, valid_from=datetime.date(2023, 7, 30),
                              valid_until=TODAY + datetime.timedelta(days=30))

    return Register


def run(day, capture):
    out = StringIO()
    with capture(execute=True):
        call_command("expire_designations", date=day.isoformat(), stdout=out)
    return out.getvalue()


def by_recipient(outbox):
    return {message.to[0]: message for message in outbox}


def test_first_run_expires_and_warns_each_coordinator_of_their_own_region(
        register, mailoutbox, django_capture_on_commit_callbacks):
    output = run(TODAY, django_capture_on_commit_callbacks)
    assert "1 designation(s) expired, 2 newly expiring" in output
    assert Designation.objects.get(pk=register.ran_out.pk).status == DesignationStatus.EXPIRED
    assert Designation.objects.get(pk=register.soon.pk).status == DesignationStatus.ACTIVE
    mails = by_recipient(mailoutbox)
    assert set(mails) == {"kota@example.org", "provinsi@example.org", "banjarbaru@example.org"}
    city = mails["kota@example.org"]
    # Indonesian, whatever language the command runs in.
    assert city.subject == "KRPPA: 1 penetapan berakhir, 1 akan berakhir dalam enam bulan"
    assert "Sungai Bilu" in city.body and "Kuripan" in city.body
    assert "29 Agustus 2026" in city.body  # Kuripan's last day, with the Indonesian month
    assert "Pekapuran Raya" not in city.body and "Banjarbaru" not in city.body
    assert "/workflow/dashboard/designations/" in city.body
    assert mails["banjarbaru@example.org"].subject == "KRPPA: 1 penetapan akan berakhir dalam enam bulan"
    province_body = mails["provinsi@example.org"].body
    assert all(name in province_body for name in ("Sungai Bilu", "Kuripan", "Kota Banjarbaru"))
    assert ExpiryWarning.objects.get(designation=register.soon).recipients == 2


def test_running_twice_or_the_next_day_sends_nothing_new(register, mailoutbox, django_capture_on_commit_callbacks):
    run(TODAY, django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    warnings = ExpiryWarning.objects.count()
    second = run(TODAY, django_capture_on_commit_callbacks)
    run(TODAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert "0 designation(s) expired, 0 newly expiring within six months, 0 email(s) sent" in second
    assert len(mailoutbox) == sent == 3
    assert ExpiryWarning.objects.count() == warnings == 3
    assert AuditEvent.objects.filter(action="designation.expired").count() == 1


def test_a_designation_is_warned_about_when_it_enters_its_last_six_months(
        register, mailoutbox, django_capture_on_commit_callbacks):
    assert register.later.valid_until == datetime.date(2027, 8, 4)
    run(TODAY, django_capture_on_commit_callbacks)
    run(datetime.date(2027, 2, 3), django_capture_on_commit_callbacks)  # six months and a day before
    assert "Pekapuran Raya" not in "".join(message.body for message in mailoutbox)
    mailoutbox.clear()
    run(datetime.date(2027, 2, 4), django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mailoutbox) == ["kota@example.org", "provinsi@example.org"]
    assert all("Pekapuran Raya" in message.body for message in mailoutbox)


def test_mail_leaves_only_when_the_run_commits(register, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("expire_designations", date=TODAY.isoformat(), stdout=StringIO())
    assert mailoutbox == [] and len(callbacks) == 1


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="--date"):
        call_command("expire_designations", date="30/06/2026")


def test_a_failing_mail_server_neither_breaks_the_run_nor_undoes_it(register, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.workflows.test_notifications.MailServerDown"
    run(TODAY, django_capture_on_commit_callbacks)  # the failed send is logged, not raised
    assert Designation.objects.get(pk=register.ran_out.pk).status == DesignationStatus.EXPIRED
    assert ExpiryWarning.objects.count() == 3
