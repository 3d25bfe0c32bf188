"""The public download of the blank instrument."""

import io

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import Framework

URL = "/kriteria/instrumen/{slug}.xlsx"


def workbook_of(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_anyone_downloads_the_live_instrument_in_indonesian(client, framework):
    response = client.get(URL.format(slug="krppa-2025"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="instrumen-krppa-2025.xlsx"' in response["Content-Disposition"]
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["Petunjuk", "Indikator", "Rubrik", "Bukti", "Kategori"]
    assert workbook["Indikator"]["B2"].value == "Pengorganisasian perempuan dan anak"
    assert workbook["Indikator"]["A1"].value == "No."
    assert workbook["Petunjuk"]["A1"].value == "Instrumen KRPPA 2025"


def test_english_is_there_when_asked_for(client, framework):
    workbook = workbook_of(client.get(URL.format(slug="krppa-2025") + "?lang=en"))
    assert workbook["Indicators"]["B2"].value == "Women and children are organised"


def test_an_unknown_language_falls_back_to_indonesian(client, framework):
    workbook = workbook_of(client.get(URL.format(slug="krppa-2025") + "?lang=xx"))
    assert workbook.sheetnames[0] == "Petunjuk"


@pytest.mark.django_db
def test_unknown_framework_is_404(client):
    assert client.get(URL.format(slug="tidak-ada")).status_code == 404


def test_a_draft_framework_is_404(client, framework):
    draft = framework.copy_as_new_version()
    assert draft.live is False
    assert client.get(URL.format(slug=draft.slug)).status_code == 404
    Framework.objects.filter(pk=framework.pk).update(live=False)
    assert client.get(URL.format(slug="krppa-2025")).status_code == 404


def test_the_url_has_a_name_of_its_own_for_the_criteria_page_to_link():
    assert reverse("criteria:instrument", kwargs={"slug": "krppa-2025"}) == "/kriteria/instrumen/krppa-2025.xlsx"


def test_the_download_only_answers_reads(client, framework):
    assert client.head(URL.format(slug="krppa-2025")).status_code == 200
    assert client.post(URL.format(slug="krppa-2025")).status_code == 405
