"""Found and shared: sitemap, search, titles and descriptions, the language switcher."""

import re

import pytest
from bs4 import BeautifulSoup

from assessment.models import Framework
from website.models import CriteriaPage


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())]


def test_sitemap_lists_both_criteria_pages_and_every_indicator_in_both_languages(client, criteria_page, framework):
    locations = sitemap_locations(client)
    for prefix in ("", "/en"):
        assert f"{prefix}/" in locations
        assert f"{prefix}/kriteria/" in locations
        for slug in framework.indicators.values_list("slug", flat=True):
            assert f"{prefix}/kriteria/{slug}/" in locations
    assert len(locations) == len(set(locations)) == 2 * (2 + 10)


def test_sitemap_leaves_out_criteria_whose_framework_is_a_draft(client, criteria_page, framework):
    Framework.objects.filter(pk=framework.pk).update(live=False)
    assert not [location for location in sitemap_locations(client) if "kriteria" in location]


@pytest.mark.parametrize(("url", "query", "expected_link"), [
    ("/cari/", "perkawinan", "/kriteria/tidak-ada-perkawinan-anak/"),
    ("/en/search/", "marriage", "/en/kriteria/tidak-ada-perkawinan-anak/"),
    ("/cari/", "pekerja anak", "/kriteria/tidak-ada-pekerja-anak/"),
])
def test_search_finds_an_indicator_and_links_to_its_page_in_the_same_language(client, criteria_page, url, query,
                                                                                expected_link):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    links = [a["href"] for a in BeautifulSoup(response.content, "html.parser").select(".results a")]
    assert expected_link in links


def test_search_finds_pages_of_the_visitors_language_only(client, criteria_page):
    indonesian = client.get("/cari/", {"q": "kriteria"}).content.decode()
    assert 'href="/kriteria/"' in indonesian and 'href="/en/kriteria/"' not in indonesian
    english = client.get("/en/search/", {"q": "criteria"}).content.decode()
    assert 'href="/en/kriteria/"' in english


def test_search_hides_indicators_of_unpublished_criteria(client, criteria_page, framework):
    Framework.objects.filter(pk=framework.pk).update(live=False)
    response = client.get("/cari/", {"q": "perkawinan"})
    assert "/kriteria/tidak-ada-perkawinan-anak/" not in response.content.decode()


def head_of(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup.title.get_text(strip=True), soup.find("meta", attrs={"name": "description"})["content"]


def test_every_criteria_page_has_its_own_title_and_description(client, criteria_page, framework):
    heads = {url: head_of(client, url) for url in (
        "/", "/kriteria/", "/kriteria/pengorganisasian-perempuan-dan-anak/", "/kriteria/tidak-ada-pekerja-anak/",
        "/en/kriteria/", "/en/kriteria/tidak-ada-pekerja-anak/",
    )}
    titles = [title for title, _description in heads.values()]
    descriptions = [description for _title, description in heads.values()]
    assert len(set(titles)) == len(titles) and len(set(descriptions)) == len(descriptions)
    assert heads["/kriteria/"] == ("Kriteria KRPPA · KRPPA", criteria_page.search_description)
    child_labour = framework.indicators.get(slug="tidak-ada-pekerja-anak")
    assert heads["/en/kriteria/tidak-ada-pekerja-anak/"][0] == "9. No child labour · KRPPA criteria · KRPPA"
    assert heads["/en/kriteria/tidak-ada-pekerja-anak/"][1].startswith(child_labour.description_en[:100])


@pytest.mark.parametrize(("url", "language", "other_language_url"), [
    ("/kriteria/tidak-ada-pekerja-anak/", "id", "/en/kriteria/tidak-ada-pekerja-anak/"),
    ("/en/kriteria/tidak-ada-pekerja-anak/", "en", "/kriteria/tidak-ada-pekerja-anak/"),
    ("/en/kriteria/", "en", "/kriteria/"),
    ("/", "id", "/en/"),
    ("/cari/?q=anak", "id", "/en/search/"),
])
def test_language_switcher_leads_to_the_same_page_in_the_other_language(client, criteria_page, url, language,
                                                                         other_language_url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.html["lang"] == language
    switch = soup.select_one(".lang-switch")
    assert switch.select_one("[aria-current]")["lang"] == language
    assert [a["href"] for a in switch.select("a")] == [other_language_url]
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {"id", "en"}


def test_pages_outside_the_language_prefixes_offer_no_switcher_that_would_not_switch(client, criteria_page):
    soup = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")
    assert soup.select_one(".site-nav") is not None
    assert soup.select_one(".lang-switch") is None
    assert not soup.select('link[rel="alternate"]')


def test_the_english_tree_has_the_same_criteria_page(criteria_page):
    english = CriteriaPage.objects.get(locale__language_code="en")
    assert english.translation_key == criteria_page.translation_key
    assert english.framework_id == criteria_page.framework_id
    assert english.url == "/en/kriteria/"


@pytest.mark.parametrize("query", ['"', 'anak"', '"perkawinan anak', "anak\x00", "\x01\x02", "'", "a" * 500])
def test_search_answers_any_typed_text_without_an_error(client, criteria_page, query):
    assert client.get("/cari/", {"q": query}).status_code == 200
