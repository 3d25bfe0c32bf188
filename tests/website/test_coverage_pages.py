"""The public coverage pages (/cakupan/) and the home page headline."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.coverage_data import build_bulk, build_tree, designate_many, query_counts
from website.coverage.headline import headline
from workflows.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(framework):
    build_tree(framework)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def text(html):
    """The page's words, without tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_nation_lists_provinces_with_links_down(client, tree):
    html = page(client, "/cakupan/")
    assert '<html lang="id">' in html
    assert 'href="/cakupan/91/"' in html and 'href="/cakupan/92/"' in html
    assert "3 dari 8 kelurahan di Indonesia adalah KRPPA" in text(html)
    assert "37,5%" in text(html)


def test_drilling_down_from_province_to_kecamatan(client, tree):
    province = text(page(client, "/cakupan/91/"))
    assert "Kota Satu" in province and "Kabupaten Dua" not in province  # only desa there
    city = page(client, "/cakupan/91.01/")
    assert 'href="/cakupan/91.01.01/"' in city and 'href="/cakupan/91/"' in city  # down, and back up
    assert "33,3%" in text(city)
    kecamatan = text(page(client, "/cakupan/91.01.01/"))
    assert "Kelurahan Satu KRPPA Madya" in kecamatan
    assert "188.44/0412/KUM/2025" in kecamatan and "21 Jul 2028" in kecamatan
    assert "Kelurahan Dua Sedang berjalan: Reviu kota" in kecamatan
    assert "Kelurahan Tiga Belum mulai" in kecamatan
    assert "Desa Satu" not in kecamatan


def test_city_page_lists_its_designated_kelurahan_and_target(client, tree):
    from assessment.models import CoverageTarget

    CoverageTarget.objects.create(region_id="91.01", target_percent=100, target_year=2027)
    html = text(page(client, "/cakupan/91.01/"))
    assert "Kelurahan Satu Kecamatan Satu KRPPA Madya" in html
    assert "Kelurahan Empat Kecamatan Satu KRPPA Pratama" in html
    assert "Kelurahan Dua" not in html.split("Kelurahan KRPPA")[-1]  # its designation expired
    assert "Target: 100% pada 2027" in html and "4 kelurahan lagi" in html


def test_english_pages_live_under_en(client, tree):
    html = page(client, "/en/cakupan/91.01.01/")
    assert '<html lang="en">' in html
    assert "2 of 4 kelurahan in Kecamatan Satu are KRPPA" in text(html)
    assert 'href="/en/cakupan/91.01/"' in html
    assert "In progress: City review" in text(html)


def test_chart_is_inline_svg_and_nothing_comes_from_the_internet(client, tree):
    html = page(client, "/cakupan/91.01/")
    assert html.count("<svg") == 1 and "<rect" in html
    assert "<script" not in html
    # Nothing is fetched from elsewhere: every src, and every <link> (stylesheets, alternates), is this site's.
    fetched = re.findall(r'src="([^"]*)"', html) + re.findall(r'<link[^>]*href="([^"]*)"', html)
    assert fetched
    for url in fetched:
        assert not re.match(r"(https?:)?//", url) or re.match(r"(https?:)?//testserver/", url), url


@pytest.mark.parametrize("url", ["/cakupan/99/", "/cakupan/91.09/", "/cakupan/91.01.01.1001/", "/cakupan/abc/"])
def test_unknown_or_unreported_regions_are_404(client, tree, url):
    assert client.get(url).status_code == 404


def test_query_count_stays_flat_and_small(client, framework):
    codes = build_bulk(framework)
    urls = ["/cakupan/", "/cakupan/93/", "/cakupan/93.71/", "/cakupan/93.71.01/", "/en/cakupan/93.71/"]

    def counts():
        return query_counts(client, urls)

    counts()  # warms what does not depend on the data (the menu's link to the criteria)
    designate_many(framework, codes[:10])
    few = counts()
    designate_many(framework, codes[10:])
    assert counts() == few
    assert max(few) <= 10
    assert "2000 dari 2000 kelurahan" in text(page(client, "/cakupan/"))
    # From a cold cache too (a fresh process): the menu's link adds its queries, and still within ten.
    for url in urls:
        cache.clear()
        assert query_counts(client, [url])[0] <= 10, url


def test_headline_for_the_demo_story(client, db):
    load_demo(log=lambda line: None)
    with translation.override("id"):
        assert headline("63.71") == "11 dari 52 kelurahan di Kota Banjarmasin adalah KRPPA"
        rendered = Template("{% load coverage_tags %}{% coverage_headline %}").render(Context({}))
    assert "11 dari 52 kelurahan di Kota Banjarmasin adalah KRPPA" in rendered
    assert 'href="/cakupan/63.71/"' in rendered
    with translation.override("en"):
        assert headline("63.71") == "11 of 52 kelurahan in Kota Banjarmasin are KRPPA"
        assert 'href="/en/cakupan/63.71/"' in Template("{% load coverage_tags %}{% coverage_headline %}").render(
            Context({}))
    assert "11 dari 52 kelurahan di Kota Banjarmasin adalah KRPPA" in text(page(client, "/cakupan/63.71/"))
    # The public home page carries it, in both languages.
    assert "11 dari 52 kelurahan di Kota Banjarmasin adalah KRPPA" in page(client, "/")
    assert "11 of 52 kelurahan in Kota Banjarmasin are KRPPA" in page(client, "/en/")


def test_headline_names_the_region_given_or_the_setting(settings, tree):
    settings.KRPPA_HOME_REGION = "92.71"
    with translation.override("id"):
        assert "1 dari 2 kelurahan di Kota Lain adalah KRPPA" in Template(
            "{% load coverage_tags %}{% coverage_headline %}").render(Context({}))
        assert "2 dari 6 kelurahan di Kota Satu" in Template(
            "{% load coverage_tags %}{% coverage_headline '91.01' %}").render(Context({}))
    with translation.override("en"):
        assert headline("92.71") == "1 of 2 kelurahan in Kota Lain is KRPPA"


def test_headline_is_silent_for_a_kelurahan_set_as_home_region(settings, tree):
    settings.KRPPA_HOME_REGION = "91.01.01.1001"
    assert headline("91.01.01.1001") is None
    assert Template("{% load coverage_tags %}{% coverage_headline %}").render(Context({})).strip() == ""


def test_headline_is_silent_for_a_region_that_is_not_loaded(settings, db):
    settings.KRPPA_HOME_REGION = "63.71"
    assert headline("63.71") is None
    assert Template("{% load coverage_tags %}{% coverage_headline %}").render(Context({})).strip() == ""


def test_a_page_is_served_from_the_cache_and_changes_as_soon_as_the_data_does(client, tree, member):
    from assessment.actions import revoke_designation
    from assessment.models import Designation
    from workflows.roles import Role

    assert "2 dari 6 kelurahan di Kota Satu" in text(page(client, "/cakupan/91.01/"))
    with CaptureQueriesContext(connection) as queries:
        page(client, "/cakupan/91.01/")
    assert len(queries) <= 2  # the region and the data version; figures and body from the cache
    province = member(Role.PROVINCE_COORDINATOR, "91")
    revoke_designation(designation=Designation.objects.get(kelurahan_id="91.01.01.1001"), reason="Alasan",
                       by=province)
    html = text(page(client, "/cakupan/91.01/"))
    assert "1 dari 6 kelurahan di Kota Satu" in html and "Kelurahan Satu" not in html.split("Kelurahan KRPPA")[-1]
