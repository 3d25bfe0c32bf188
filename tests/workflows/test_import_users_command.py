"""`manage.py import_users`: refuses a bad workbook whole, imports a good one once."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.excel_files import PDF

from .user_import.sheets import HEADER, good_workbook, user_workbook

User = get_user_model()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write(tmp_path, data: bytes, name="pengguna.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_imports_a_good_workbook_and_says_what_changed(tmp_path, kalsel, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_users", write(tmp_path, good_workbook()))
    assert "Rows read: 5; users created: 5; memberships granted: 5; rows already in place: 0; password-set " \
           "emails: 5." in capsys.readouterr().out
    assert User.objects.count() == 5
    assert len(mail.outbox) == 5


def test_a_second_run_creates_nothing(tmp_path, kalsel, capsys):
    path = write(tmp_path, good_workbook())
    call_command("import_users", path)
    call_command("import_users", path)
    assert "users created: 0; memberships granted: 0; rows already in place: 5" in capsys.readouterr().out
    assert User.objects.count() == 5


def test_a_workbook_with_one_bad_row_is_refused_whole(tmp_path, kalsel):
    data = user_workbook(["siti.bilu", "Siti Rahmah", "siti@example.org", "operator", "63.71.02.1004"],
                         ["budi", "Budi", "budi@example.org", "kepala", "63.71"])
    with pytest.raises(CommandError) as refused:
        call_command("import_users", write(tmp_path, data))
    assert "nothing was imported" in str(refused.value)
    assert "Sheet Pengguna, D3: unknown role “kepala”" in str(refused.value)
    assert not User.objects.exists()


def test_a_password_column_is_refused(tmp_path, kalsel):
    data = user_workbook(["siti.bilu", "Siti", "siti@example.org", "operator", "63.71.02.1004", "rahasia"],
                         header=[*HEADER, "password"])
    with pytest.raises(CommandError) as refused:
        call_command("import_users", write(tmp_path, data))
    assert "F1: passwords are never imported" in str(refused.value)
    assert not User.objects.exists()


def test_a_pdf_named_xlsx_is_refused_with_the_reason(tmp_path, kalsel):
    with pytest.raises(CommandError) as refused:
        call_command("import_users", write(tmp_path, PDF))
    assert "pengguna.xlsx was refused: This file is not an Excel workbook (.xlsx)" in str(refused.value)


def test_check_changes_nothing(tmp_path, kalsel, capsys):
    call_command("import_users", write(tmp_path, good_workbook()), "--check")
    assert "Check only, nothing was changed or sent. Rows read: 5; users created: 5" in capsys.readouterr().out
    assert not User.objects.exists()


def test_the_administrator_named_with_by_is_recorded(tmp_path, kalsel):
    admin = User.objects.create_superuser("admin.import", "admin@example.org", "x")
    call_command("import_users", write(tmp_path, good_workbook()), "--by", "admin.import")
    from assessment.models import AuditEvent
    assert set(AuditEvent.objects.filter(action="user.created").values_list("actor", flat=True)) == {admin.pk}
    with pytest.raises(CommandError):
        call_command("import_users", write(tmp_path, good_workbook()), "--by", "nobody")
