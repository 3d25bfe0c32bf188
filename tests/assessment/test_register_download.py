"""The public designation register at /designations.xlsx: active designations, public fields only."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import Category, Designation, DesignationStatus
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS

URL = "/designations.xlsx"
PUBLIC_COLUMNS = ["Kelurahan code", "Kelurahan", "Kecamatan", "City/regency", "Category", "Score",
                  "Decree (SK) number", "Decree (SK) date", "Valid from", "Valid until", "Status"]
SECRET = "Dicabut karena laporan internal yang tidak untuk publik"


@pytest.fixture
def designations(kalsel, framework):
    madya = Category.objects.get(framework=framework, name="Madya")
    day = datetime.date(2026, 7, 1)

    def designate(code, status=DesignationStatus.ACTIVE, **extra):
        return Designation.objects.create(
            kelurahan_id=code, framework=framework, category=madya, score="655.50", sk_number=f"SK/{code}",
            sk_date=day, valid_from=day, valid_until=datetime.date(2029, 6, 30), status=status, **extra)

    return {
        "bilu": designate("63.71.02.1004", revoke_reason=SECRET),
        "kelayan": designate("63.71.01.1002"),
        "banjarbaru": designate("63.72.02.1004"),
        "expired": designate("63.71.02.1001", status=DesignationStatus.EXPIRED),
        "revoked": designate("63.71.02.1005", status=DesignationStatus.REVOKED, revoke_reason=SECRET),
    }


def register(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    return workbook, rows[0], rows[1:]


def test_anyone_downloads_a_citys_active_designations_with_public_fields_only(client, designations):
    workbook, header, rows = register(client, region="63.71", lang="en")
    assert header == PUBLIC_COLUMNS
    assert rows == [
        ["63.71.01.1002", "Kelayan Selatan", "Banjarmasin Selatan", "Kota Banjarmasin", "Madya", 655.5,
         "SK/63.71.01.1002", datetime.date(2026, 7, 1), datetime.date(2026, 7, 1),
         datetime.date(2029, 6, 30), "Active"],
        ["63.71.02.1004", "Sungai Bilu", "Banjarmasin Timur", "Kota Banjarmasin", "Madya", 655.5,
         "SK/63.71.02.1004", datetime.date(2026, 7, 1), datetime.date(2026, 7, 1),
         datetime.date(2029, 6, 30), "Active"],
    ]
    every_text = " ".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows()
                          for cell in row if cell.value is not None)
    assert SECRET not in every_text


def test_regions_narrow_it_and_no_region_means_all_of_indonesia(client, designations):
    assert [row[0] for row in register(client, region="63.71.02")[2]] == ["63.71.02.1004"]
    assert [row[0] for row in register(client, region="63.72")[2]] == ["63.72.02.1004"]
    assert [row[0] for row in register(client)[2]] == ["63.71.01.1002", "63.71.02.1004", "63.72.02.1004"]


def test_indonesian_unless_english_is_asked_for(client, designations):
    workbook, header, rows = register(client, region="63.71")
    assert workbook.sheetnames == ["Tentang", "Daftar"]
    assert header[:2] == ["Kode kelurahan", "Kelurahan"] and rows[0][-1] == "Aktif"


def test_sheet_has_frozen_header_filter_and_formats(client, designations):
    response = client.get(URL, {"region": "63.71"})
    assert 'filename="register-krppa-63.71.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[1]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K3"
    assert sheet["H2"].number_format == "yyyy-mm-dd" and sheet["F2"].number_format == "0.0#"


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["abc", "63.7", "63.71.02.1004.1", "63.71;DROP", "6"])
def test_a_malformed_region_is_400(client, region):
    assert client.get(URL, {"region": region}).status_code == 400


def test_an_unknown_region_is_404(client, designations):
    assert client.get(URL, {"region": "63.99"}).status_code == 404


def test_only_reads(client, designations):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_the_url_is_stable_for_the_coverage_pages_to_link():
    assert reverse("criteria:designations") == "/designations.xlsx"


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_texts_that_look_like_formulas_stay_text(client, designations, payload, visible):
    Designation.objects.filter(pk=designations["bilu"].pk).update(sk_number=payload)
    designations["bilu"].kelurahan.__class__.objects.filter(code="63.71.02.1004").update(name=payload)
    Category.objects.filter(pk=designations["bilu"].category_id).update(name=payload)
    workbook, _header, _rows = register(client, region="63.71.02")
    sheet = workbook.worksheets[1]
    for cell in (sheet["B2"], sheet["E2"], sheet["G2"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (visible, "s", True)
    for worksheet in workbook.worksheets:
        assert not [cell.coordinate for row in worksheet.iter_rows() for cell in row if cell.data_type == "f"]
