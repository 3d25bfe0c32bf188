"""The home page: what KRPPA is, the four steps, the way to the criteria, and where to get help."""

import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize(("url", "steps", "criteria_url"), [
    ("/", ["Penilaian mandiri", "Reviu kota", "Evaluasi provinsi", "Penetapan"], "/kriteria/"),
    ("/en/", ["Self-assessment", "City review", "Provincial evaluation", "Designation"], "/en/kriteria/"),
])
def test_home_page_shows_the_four_steps_and_links_to_the_criteria(client, criteria_page, url, steps, criteria_url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert [h3.get_text(strip=True) for h3 in soup.select(".steps h3")] == steps
    assert criteria_url in [a["href"] for a in soup.select("main a")]
    assert criteria_url in [a["href"] for a in soup.select(".site-nav a")]


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_home_page_says_where_to_get_help_once(client, criteria_page, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    hotlines = [a["href"] for a in soup.select(".hotlines a")]
    assert hotlines == ["tel:129", "https://wa.me/628111129129", "tel:112"]
    assert "08111-129-129" in soup.select_one(".hotlines").get_text()
    assert not soup.select(".site-footer .help")


def test_other_pages_keep_the_hotlines_in_the_footer(client, criteria_page):
    soup = BeautifulSoup(client.get("/kriteria/").content, "html.parser")
    footer_links = [a["href"] for a in soup.select(".site-footer .help a")]
    assert footer_links == ["tel:129", "https://wa.me/628111129129", "tel:112"]


def test_home_page_without_published_criteria_has_no_dead_link(client, criteria_page):
    criteria_page.unpublish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "/kriteria/" not in [a["href"] for a in soup.select("a")]


def test_criteria_whose_framework_went_back_to_draft_are_linked_from_nowhere(client, criteria_page, framework):
    client.get("/")  # the menu's link is cached now
    framework.unpublish()
    assert client.get("/kriteria/").status_code == 404
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "/kriteria/" not in [a["href"] for a in soup.select("a")]
    search = BeautifulSoup(client.get("/cari/", {"q": "kriteria"}).content, "html.parser")
    assert "/kriteria/" not in [a["href"] for a in search.select("a")]
