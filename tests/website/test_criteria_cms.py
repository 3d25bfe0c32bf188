"""Editors change the criteria through Wagtail's snippet views; the public sees only what they publish."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from assessment.models import Framework, FrameworkInUse, RubricLevel
from tests.factories import ApplicationFactory
from website.models import CriteriaPage

from .html_forms import form_fields, prefix_of_row

EDIT_FORM = "w-editor-form"
INDICATOR = "data-pilah-perempuan-dan-anak"
NEW_DESCRIPTOR = "Profil perempuan dan anak disusun dan diperbarui dalam enam bulan terakhir."
NEW_DESCRIPTOR_EN = "A profile of the kelurahan's women and children was compiled or updated in the last six months."


def snippet_url(view, framework):
    return f"/cms/snippets/assessment/framework/{view}/{framework.pk}/"


@pytest.fixture
def editor(client, demo_site):
    assert client.login(username="editor", password="krppa-demo")
    return client


@pytest.fixture
def framework(demo_site):
    return Framework.objects.get(slug="krppa-2025")


@pytest.fixture
def developing_level(framework):
    return RubricLevel.objects.get(indicator__framework=framework, indicator__slug=INDICATOR, points=70)


def edited_form(editor, framework, level, **changes):
    """The framework's edit form as the editor's browser would send it, with one rubric level changed."""
    response = editor.get(snippet_url("edit", framework))
    assert response.status_code == 200
    data = form_fields(response.content, EDIT_FORM)
    prefix = prefix_of_row(data, "levels", level.pk)
    for field, value in changes.items():
        data[f"{prefix}-{field}"] = value
    return data


def in_use_reason(framework) -> str:
    """The reason the CMS shows, in the admin's language (Indonesian by default), as HTML escapes it."""
    from django.utils.html import escape

    with translation.override("id"):
        return escape(str(FrameworkInUse(framework).messages[0]))


def public_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_editors_may_publish_frameworks_through_the_data_migration(db):
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_framework", "change_framework", "publish_framework", "access_admin"} <= codenames


def test_publishing_an_edited_rubric_level_changes_the_public_page(editor, framework, developing_level, client):
    data = edited_form(editor, framework, developing_level, descriptor=NEW_DESCRIPTOR,
                       descriptor_en=NEW_DESCRIPTOR_EN)
    response = editor.post(snippet_url("edit", framework), {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    editor.logout()
    assert NEW_DESCRIPTOR in public_text(client, f"/kriteria/{INDICATOR}/")
    assert "A profile of the kelurahan&#x27;s women and children was compiled" in public_text(
        client, f"/en/kriteria/{INDICATOR}/")
    developing_level.refresh_from_db()
    assert developing_level.descriptor == NEW_DESCRIPTOR
    assert framework.revisions.count() == 2  # the fixture's publication and this one: history is kept


def test_a_saved_draft_stays_hidden_until_it_is_published(editor, framework, developing_level, client):
    original = developing_level.descriptor
    data = edited_form(editor, framework, developing_level, descriptor=NEW_DESCRIPTOR)
    assert editor.post(snippet_url("edit", framework), data).status_code == 302
    visitor_page = public_text(client, f"/kriteria/{INDICATOR}/")
    assert original in visitor_page and NEW_DESCRIPTOR not in visitor_page
    framework.refresh_from_db()
    assert framework.has_unpublished_changes
    framework.latest_revision.publish()
    assert NEW_DESCRIPTOR in public_text(client, f"/kriteria/{INDICATOR}/")


def test_publishing_a_framework_that_cannot_be_scored_is_refused(editor, framework, developing_level, client):
    top_level = RubricLevel.objects.get(indicator=developing_level.indicator, points=100)
    data = edited_form(editor, framework, top_level, points="90")
    response = editor.post(snippet_url("edit", framework), {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert "tingkat tertinggi memberikan 90 poin, bukan poin maksimumnya, yaitu 100" in response.content.decode()
    top_level.refresh_from_db()
    assert top_level.points == 100


class TestFrameworkInUse:
    @pytest.fixture
    def in_use(self, framework):
        ApplicationFactory(cycle__framework=framework)
        assert framework.is_in_use
        return framework

    def test_its_edit_form_is_locked_and_says_why(self, editor, in_use):
        response = editor.get(snippet_url("edit", in_use))
        html = response.content.decode()
        assert response.status_code == 200
        assert "content-locked" in html
        assert in_use_reason(in_use) in html
        assert snippet_url("new-version", in_use) in html
        assert 'name="action-publish"' not in html

    def test_posting_its_edit_form_changes_nothing(self, editor, in_use, developing_level, client):
        data = edited_form(editor, in_use, developing_level, descriptor=NEW_DESCRIPTOR)
        response = editor.post(snippet_url("edit", in_use), {**data, "action-publish": "action-publish"})
        assert response.status_code == 200
        assert "could not be saved as it is locked" in response.content.decode()
        developing_level.refresh_from_db()
        assert developing_level.descriptor != NEW_DESCRIPTOR
        assert in_use.revisions.count() == 1
        assert NEW_DESCRIPTOR not in public_text(client, f"/kriteria/{INDICATOR}/")

    def test_the_list_offers_a_new_version_instead_of_delete(self, editor, in_use):
        unused = in_use.copy_as_new_version()
        html = editor.get("/cms/snippets/assessment/framework/").content.decode()
        assert snippet_url("new-version", in_use) in html
        assert snippet_url("delete", in_use) not in html
        assert snippet_url("delete", unused) in html

    @pytest.mark.parametrize("view", ["delete", "unpublish"])
    def test_it_cannot_be_deleted_or_unpublished(self, editor, in_use, view):
        response = editor.post(snippet_url(view, in_use), follow=True)
        assert response.redirect_chain[0][0] == snippet_url("edit", in_use)
        assert in_use_reason(in_use) in response.content.decode()
        assert Framework.objects.get(pk=in_use.pk).live

    def test_a_new_version_is_an_editable_draft_copy(self, editor, in_use, client):
        confirmation = editor.get(snippet_url("new-version", in_use)).content.decode()
        assert "Buat versi baru" in confirmation  # the editor's CMS speaks Indonesian, the default language
        response = editor.post(snippet_url("new-version", in_use))
        copy = Framework.objects.get(derived_from=in_use)
        assert response.status_code == 302 and response["Location"] == snippet_url("edit", copy)
        assert not copy.live and copy.version == 2
        assert copy.indicators.count() == in_use.indicators.count()
        assert 'name="action-publish"' in editor.get(snippet_url("edit", copy)).content.decode()
        editor.logout()
        assert copy.name not in public_text(client, "/kriteria/")


def test_a_framework_created_in_the_cms_is_a_draft_until_published(editor, framework):
    response = editor.post("/cms/snippets/assessment/framework/add/", {
        "name": "KRPPA 2026", "name_en": "KRPPA 2026", "slug": "krppa-2026", "year": "2026", "version": "1",
        "total_points": "1000", "introduction": "", "introduction_en": "", "scoring_note": "",
        "scoring_note_en": "", "indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "1000", "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0", "categories-MIN_NUM_FORMS": "0", "categories-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302
    draft = Framework.objects.get(slug="krppa-2026")
    assert not draft.live
    assert list(Framework.objects.published()) == [framework]


class TestGuidanceOnTheCriteriaPage:
    """Editors write guidance per indicator in the page editor; it must name an indicator of the framework."""

    @pytest.fixture
    def page(self, demo_site):
        """A second criteria page with no guidance yet, as an editor would start one."""
        home = CriteriaPage.objects.get(locale__language_code="id").get_parent()
        page = CriteriaPage(title="Kriteria untuk pelatihan", slug="pelatihan",
                            framework=Framework.objects.get(slug="krppa-2025"))
        home.add_child(instance=page)
        page.save_revision().publish()
        return page

    def publish(self, editor, page, guidance):
        data = nested_form_data({
            "title": page.title, "slug": page.slug, "framework": page.framework_id, "intro": rich_text(""),
            "search_description": page.search_description, "seo_title": "",
            "indicator_guidance": inline_formset([
                {"indicator_slug": slug, "body": streamfield([("text", rich_text(f"<p>{text}</p>"))])}
                for slug, text in guidance
            ]),
            "action-publish": "action-publish",
        })
        return editor.post(f"/cms/pages/{page.pk}/edit/", data)

    def test_published_guidance_appears_on_its_indicator_page(self, editor, page, client):
        response = self.publish(editor, page, [("tidak-ada-pekerja-anak", "Catat juga anak jalanan di pasar.")])
        assert response.status_code == 302
        assert "Catat juga anak jalanan di pasar." in public_text(client, "/pelatihan/tidak-ada-pekerja-anak/")
        assert "Catat juga anak jalanan" not in public_text(client, "/pelatihan/tidak-ada-perkawinan-anak/")

    @pytest.mark.parametrize(("guidance", "error"), [
        ([("bukan-indikator", "Apa saja.")], "Ini bukan indikator dari kerangka penilaian yang dipilih."),
        ([("tidak-ada-pekerja-anak", "Satu."), ("tidak-ada-pekerja-anak", "Dua.")],
         "Indikator ini sudah memiliki panduan di halaman ini."),
    ])
    def test_guidance_for_an_unknown_or_repeated_indicator_is_refused(self, editor, page, guidance, error):
        response = self.publish(editor, page, guidance)
        assert response.status_code == 200
        assert error in response.content.decode()
        assert not page.indicator_guidance.exists()
