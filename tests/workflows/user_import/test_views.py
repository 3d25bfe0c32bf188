"""The upload page in Wagtail's admin, over HTTP: for superusers only."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from tests.excel_files import PDF, read_back
from workflows.demo import load_demo
from workflows.wagtail_hooks import register_user_import_menu_item

from .sheets import good_workbook, user_workbook

User = get_user_model()
URL = "/cms/import-users/"
TEMPLATE_URL = "/cms/import-users/template.xlsx"


@pytest.fixture
def demo(db):
    load_demo(log=lambda line: None, with_cases=False)  # the accounts and regions; no demo applications


def login(client, username):
    assert client.login(username=username, password="krppa-demo")


def upload(data, name="pengguna.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_superuser_sees_the_page_and_the_template_link(client, demo):
    login(client, "admin")
    page = client.get(URL)
    assert page.status_code == 200
    assert TEMPLATE_URL in page.content.decode()


def test_superuser_imports_a_workbook_and_new_users_are_emailed(client, demo, django_capture_on_commit_callbacks):
    login(client, "admin")
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"workbook": upload(good_workbook())}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert User.objects.count() == before + 5
    # The admin speaks Indonesian unless the administrator chose another language.
    assert "pengguna dibuat: 5" in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["siti@example.org", "ahmad@example.org", "rina@example.org", "aminah@example.org", "pemantau@example.org"])
    assert User.objects.get(username="siti.bilu").memberships.get().region_id == "63.71.02.1004"


def test_bad_rows_are_listed_by_cell_and_nothing_changes(client, demo):
    login(client, "admin")
    before = User.objects.count()
    data = user_workbook(["siti.bilu", "Siti", "siti@example.org", "operator", "63.71"],
                         ["budi", "Budi", "budi@", "lurah", "63.71.02.1004"])
    response = client.post(URL, {"workbook": upload(data)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sheet Pengguna, E2:" in content and "Sheet Pengguna, C3:" in content
    assert User.objects.count() == before


def test_a_file_that_is_no_workbook_is_refused_with_its_reason(client, demo):
    login(client, "admin")
    before = User.objects.count()
    response = client.post(URL, {"workbook": upload(PDF, name="pengguna.xlsx")})
    assert response.status_code == 200
    assert "bukan buku kerja Excel (.xlsx)" in response.context["form"].errors["workbook"][0]
    assert User.objects.count() == before


def test_an_oversized_upload_is_refused_with_the_limit(client, demo):
    login(client, "admin")
    before = User.objects.count()
    response = client.post(URL, {"workbook": upload(good_workbook() + b"\x00" * 5 * 1024 * 1024)})
    assert response.status_code == 200
    assert "Berkas lebih besar dari 5 MB" in response.context["form"].errors["workbook"][0]
    assert User.objects.count() == before


def test_check_only_shows_the_counts_and_changes_nothing(client, demo):
    login(client, "admin")
    before = User.objects.count()
    response = client.post(URL, {"workbook": upload(good_workbook()), "check_only": "on"})
    assert response.status_code == 200
    assert response.context["result"].dry_run and len(response.context["result"].created) == 5
    assert User.objects.count() == before
    assert mail.outbox == []


def test_the_editor_is_turned_away_and_nothing_changes(client, demo):
    login(client, "editor")
    assert client.get("/cms/").status_code == 200  # the editor does use the CMS
    before = User.objects.count()
    response = client.post(URL, {"workbook": upload(good_workbook())})
    assert response.status_code == 302 and response["Location"] == "/cms/"
    assert User.objects.count() == before
    assert client.get(TEMPLATE_URL).status_code == 302
    assert client.get(URL).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_superuser_downloads_the_template(client, demo):
    login(client, "admin")
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert 'filename="templat-impor-pengguna.xlsx"' in response["Content-Disposition"]
    workbook = read_back(b"".join(response.streaming_content))
    assert workbook.sheetnames == ["Petunjuk", "Pengguna"]


def test_the_settings_menu_item_is_shown_to_superusers_only(demo):
    item = register_user_import_menu_item()
    request = RequestFactory().get("/cms/")
    request.user = User.objects.get(username="admin")
    assert item.is_shown(request) and item.url == URL
    request.user = User.objects.get(username="editor")
    assert not item.is_shown(request)
