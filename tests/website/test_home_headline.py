"""The public home page carries the live coverage headline of the site's home region."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_home_page_says_how_many_kelurahan_of_banjarmasin_are_krppa(client):
    call_command("load_demo")
    indonesian = client.get("/").content.decode()
    assert "11 dari 52 kelurahan di Kota Banjarmasin adalah KRPPA" in indonesian
    english = client.get("/en/").content.decode()
    assert "11 of 52 kelurahan in Kota Banjarmasin are KRPPA" in english
