"""The three faces answer as expected for anonymous and logged-in users."""

import pytest


@pytest.fixture
def demo(demo_site):
    return demo_site


def login(client, username):
    assert client.login(username=username, password="krppa-demo")


def test_home_page_is_indonesian_at_the_root_and_english_under_en(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="id">' in response.content
    assert "Kelurahan Ramah Perempuan dan Peduli Anak" in response.content.decode()
    english = client.get("/en/")
    assert english.status_code == 200
    assert b'<html lang="en">' in english.content


def test_cms_sends_anonymous_visitors_to_the_one_login(client, demo):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cms/")


def test_cms_opens_for_the_editor_but_not_for_an_operator(client, demo):
    login(client, "editor")
    assert client.get("/cms/").status_code == 200
    client.logout()
    login(client, "operator.sungaibilu")
    response = client.get("/cms/")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/cms/" not in client.get(response["Location"]).request["PATH_INFO"]


def test_work_area_needs_a_login_and_then_greets_the_user_with_their_roles(client, demo):
    response = client.get("/workflow/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workflow/")
    login(client, "koordinator.banjarmasin")
    page = client.get("/workflow/", follow=True)
    assert page.status_code == 200
    assert "Kota Banjarmasin" in page.content.decode()


def test_login_page_logs_in_and_redirects_to_the_work_area(client, demo):
    response = client.post("/accounts/login/", {"username": "lurah.sungaibilu", "password": "krppa-demo"})
    assert response.status_code == 302 and response["Location"] == "/workflow/"
    client.logout()
    wrong = client.post("/accounts/login/", {"username": "lurah.sungaibilu", "password": "nope"})
    assert wrong.status_code == 200 and b"notice--error" in wrong.content


def test_unknown_pages_are_404_in_the_right_language(client, demo):
    assert client.get("/tidak-ada/").status_code == 404
    english = client.get("/en/nothing-here/")
    assert english.status_code == 404
    assert b'lang="en"' in english.content
