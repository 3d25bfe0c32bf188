"""The public criteria pages read every number and list from the framework, in both languages."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from assessment.models import Framework, Indicator, RubricLevel
from website.criteria_demo import ensure_criteria_page
from website.models import CriteriaPage

LANGUAGES = [("id", ""), ("en", "/en")]


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def texts(elements):
    return [" ".join(element.get_text(" ", strip=True).split()) for element in elements]


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_criteria_index_lists_every_indicator_with_its_points_and_every_category_band(
    client, criteria_page, framework, language, prefix
):
    page = soup_of(client.get(f"{prefix}/kriteria/"))
    with translation.override(language):
        indicators = list(framework.indicators.all())
        cards = page.select(".indicator-card")
        assert len(cards) == len(indicators) == 10
        for card, indicator in zip(cards, indicators, strict=True):
            assert card.select_one(".indicator-card__number").get_text() == str(indicator.number)
            link = card.select_one("h3 a")
            assert link["href"] == f"{prefix}/kriteria/{indicator.slug}/"
            assert indicator.title_localized in link.get_text()
            assert str(indicator.max_points) in card.select_one(".indicator-card__points").get_text()
        rows = [texts(row.find_all(["th", "td"])) for row in page.select("table.categories tbody tr")]
        assert rows == [
            [category.name_localized, f"{category.min_points}–{category.max_points}", category.description_localized]
            for category in framework.categories.all()
        ]
        scoring = page.select_one("#scoring").get_text(" ", strip=True)
        assert str(framework.total_points) in scoring
        assert framework.scoring_note_localized.split(".")[0] in scoring
        assert framework.introduction_localized[:60] in page.get_text()


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_every_indicator_page_shows_its_rubric_and_evidence_from_the_framework(
    client, criteria_page, framework, language, prefix
):
    with translation.override(language):
        for indicator in framework.indicators.all():
            page = soup_of(client.get(f"{prefix}/kriteria/{indicator.slug}/"))
            assert page.h1.get_text(strip=True) == indicator.title_localized
            badge = page.select_one(".points-badge").get_text(" ", strip=True)
            assert str(indicator.max_points) in badge and str(framework.total_points) in badge
            rows = [texts(row.find_all(["th", "td"])) for row in page.select("table.rubric tbody tr")]
            assert [row[0] for row in rows] == [level.label_localized for level in indicator.ordered_levels()]
            assert [row[1].split()[0] for row in rows] == [str(level.points) for level in indicator.ordered_levels()]
            assert [row[2] for row in rows] == [level.descriptor_localized for level in indicator.ordered_levels()]
            checklists = page.select("ul.checklist")
            required = [item.title_localized for item in indicator.evidence_requirements.filter(required=True)]
            optional = [item.title_localized for item in indicator.evidence_requirements.filter(required=False)]
            assert texts(checklists[0].select("li strong")) == required
            if optional:
                assert texts(checklists[1].select("li strong")) == optional
            else:
                assert len(checklists) == 1


def test_indicator_page_shows_the_guidance_editors_wrote_for_that_indicator_only(client, criteria_page):
    guidance = criteria_page.indicator_guidance.get(indicator_slug="tidak-ada-perkawinan-anak")
    example_title = next(block.value["title"] for block in guidance.body if block.block_type == "example")
    assert example_title in client.get("/kriteria/tidak-ada-perkawinan-anak/").content.decode()
    assert example_title not in client.get("/kriteria/tidak-ada-pekerja-anak/").content.decode()
    english = CriteriaPage.objects.get(locale__language_code="en")
    english_guidance = english.indicator_guidance.get(indicator_slug="tidak-ada-perkawinan-anak")
    english_title = next(block.value["title"] for block in english_guidance.body if block.block_type == "example")
    assert english_title != example_title
    assert english_title in client.get("/en/kriteria/tidak-ada-perkawinan-anak/").content.decode()


def test_a_changed_rubric_level_shows_at_once_because_nothing_is_copied_into_the_page(client, criteria_page):
    level = RubricLevel.objects.get(indicator__slug="peraturan-kebijakan-krppa", points=40)
    level.descriptor = "Rancangan SK Lurah sudah dibahas bersama warga."
    level.save()
    assert level.descriptor in client.get("/kriteria/peraturan-kebijakan-krppa/").content.decode()


@pytest.mark.parametrize(("language", "prefix", "message"), [("id", "", "Halaman tidak ditemukan"),
                                                              ("en", "/en", "Page not found")])
def test_unknown_indicator_is_a_404_in_the_visitors_language(client, criteria_page, language, prefix, message):
    response = client.get(f"{prefix}/kriteria/indikator-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert message in html


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_criteria_page_whose_framework_is_a_draft_shows_nothing(client, criteria_page, framework, prefix):
    draft = framework.copy_as_new_version()
    assert not draft.live
    for page in CriteriaPage.objects.all():
        page.framework = draft
        page.save_revision().publish()
    assert client.get(f"{prefix}/kriteria/").status_code == 404
    first = draft.indicators.first()
    assert client.get(f"{prefix}/kriteria/{first.slug}/").status_code == 404


def test_an_editors_preview_shows_a_draft_framework_that_visitors_cannot_see(client, criteria_page, framework):
    draft = framework.copy_as_new_version()
    criteria_page.framework = draft
    criteria_page.save_revision().publish()
    assert client.get("/kriteria/").status_code == 404
    preview = criteria_page.make_preview_request()
    assert preview.status_code == 200
    assert draft.name in preview.rendered_content


def test_an_unpublished_criteria_page_is_not_shown(client, criteria_page):
    criteria_page.unpublish()
    assert client.get("/kriteria/").status_code == 404
    assert client.get("/kriteria/data-pilah-perempuan-dan-anak/").status_code == 404
    assert client.get("/en/kriteria/").status_code == 200


def test_the_demo_criteria_page_is_built_once(criteria_page, framework):
    again = ensure_criteria_page(framework)
    assert again.pk == criteria_page.pk
    assert CriteriaPage.objects.count() == 2
    assert set(CriteriaPage.objects.values_list("locale__language_code", flat=True)) == {"id", "en"}


# Steady state: the first request fills Wagtail's site-root cache and Django's content-type cache,
# as any running server already has. Each figure is the whole request, routing included.
@pytest.mark.parametrize(("url", "queries"), [
    ("/kriteria/", 11),
    ("/en/kriteria/", 12),
    ("/kriteria/tidak-ada-kekerasan-dan-tppo/", 12),
    ("/en/kriteria/tidak-ada-kekerasan-dan-tppo/", 13),
])
def test_criteria_pages_render_with_a_fixed_number_of_queries(client, criteria_page, django_assert_num_queries,
                                                              url, queries):
    assert queries <= 15
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_indicators_levels_and_evidence(client, criteria_page, framework,
                                                                        django_assert_num_queries):
    extra = Indicator.objects.create(framework=framework, number=11, slug="indikator-tambahan", title="Tambahan",
                                     max_points=0, sort_order=11)
    for points in (0, 1, 2):
        RubricLevel.objects.create(indicator=extra, label=f"L{points}", points=points, descriptor="-")
    for url in ("/kriteria/", "/kriteria/indikator-tambahan/"):
        client.get(url)
        with django_assert_num_queries(11 if url == "/kriteria/" else 12):
            assert client.get(url).status_code == 200
    assert Framework.objects.get(pk=framework.pk).indicators.count() == 11
