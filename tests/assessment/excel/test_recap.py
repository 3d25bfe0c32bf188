"""The recap workbook: what each row and the summary say, how it is laid out, and what it costs."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.excel.recap import build_recap
from assessment.models import Category, Cycle, Region
from tests.assessment_data import Journey, points_of
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS

BILU, KURIPAN, KELAYAN = "63.71.02.1004", "63.71.02.1001", "63.71.01.1002"
BANJARBARU_KELURAHAN = "63.72.02.1004"


def read(workbook):
    output = io.BytesIO()
    workbook.save(output)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def table(worksheet):
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def journeys(cycle, people):
    """Bilu designated (two city reviewers, two evaluators who differ), Kuripan overdue in self-assessment,
    Kelayan waiting for city screening, and one Banjarbaru application outside Banjarmasin."""
    bilu = (Journey(cycle, BILU, people).submit((2,) * 10).city((2,) * 10, (3,) * 10).recommend()
            .province((1,) * 10, (2,) * 10).designate())
    kuripan = Journey(cycle, KURIPAN, people).answer((3,) * 10).entered(days_ago=40)
    kelayan = Journey(cycle, KELAYAN, people).submit((1,) * 10).entered(days_ago=2)
    banjarbaru_cycle = Cycle.objects.create(framework=cycle.framework, region_id="63.72", year=cycle.year,
                                            opens_on=cycle.opens_on, closes_on=cycle.closes_on)
    Journey(banjarbaru_cycle, BANJARBARU_KELURAHAN, people).submit()
    return {"bilu": bilu, "kuripan": kuripan, "kelayan": kelayan}


def test_one_row_per_application_of_the_region_with_stage_days_and_points(journeys, framework):
    rows = table(read(build_recap(Region.objects.get(code="63.71")))["Applications"])
    assert [row["Kelurahan code"] for row in rows] == [KELAYAN, KURIPAN, BILU]
    kelayan, kuripan, bilu = rows

    assert (kuripan["Kelurahan"], kuripan["Kecamatan"], kuripan["City/regency"]) == (
        "Kuripan", "Banjarmasin Timur", "Kota Banjarmasin")
    assert kuripan["Stage"] == "Self-assessment"
    assert kuripan["Days in stage"] == 40 and kuripan["Overdue"] == "yes"  # 30 days for the self-assessment
    assert kelayan["Stage"] == "City screening" and kelayan["Days in stage"] == 2 and kelayan["Overdue"] == "no"
    assert bilu["Stage"] == "Designated" and bilu["Overdue"] is None

    # Self points per indicator and the total; a kelurahan's total only once every indicator has a level.
    assert [kuripan[f"Self {n}"] for n in range(1, 11)] == points_of(framework, (3,) * 10)
    assert kuripan["Self total"] == 1000
    # City and province: the mean of the panel's submitted scores.
    rank1, rank2, rank3 = points_of(framework, (1,) * 10), points_of(framework, (2,) * 10), points_of(framework,
                                                                                                      (3,) * 10)
    assert [bilu[f"City {n}"] for n in range(1, 11)] == [(a + b) / 2 for a, b in zip(rank2, rank3, strict=True)]
    assert [bilu[f"Province {n}"] for n in range(1, 11)] == [(a + b) / 2 for a, b in zip(rank1, rank2, strict=True)]
    assert bilu["Province total"] == sum(rank1 + rank2) / 2
    assert bilu["Category"] == journeys["bilu"].application.designation.category.name
    assert kelayan["City total"] is None and kelayan["Category"] is None


def test_a_cycle_year_narrows_the_recap(journeys, cycle):
    assert table(read(build_recap(Region.objects.get(code="63.71"), cycle.year))["Applications"])
    assert table(read(build_recap(Region.objects.get(code="63.71"), cycle.year - 1))["Applications"]) == []


def test_the_summary_counts_each_kecamatan(journeys):
    summary = table(read(build_recap(Region.objects.get(code="63.71")))["Summary"])
    by_code = {row["Code"]: row for row in summary}
    kecamatan = Region.objects.filter(parent_id="63.71")
    assert set(by_code) == {region.code for region in kecamatan} | {None}
    timur = by_code["63.71.02"]
    assert timur["Region"] == "Banjarmasin Timur"
    assert timur["Kelurahan"] == Region.objects.below("63.71.02").kelurahan().count()
    assert (timur["Applications"], timur["In phase: Kelurahan"], timur["Designated"], timur["KRPPA today"]) == (
        2, 1, 1, 1)
    selatan = by_code["63.71.01"]
    assert (selatan["Applications"], selatan["In phase: City"]) == (1, 1)
    total = summary[-1]
    assert total["Region"] == "Total"
    assert total["Kelurahan"] == Region.objects.below("63.71").kelurahan().count()
    assert total["Applications"] == 3
    assert total["Coverage"] == pytest.approx(1 / total["Kelurahan"])


def test_a_province_recap_is_summarised_per_city(journeys):
    workbook = read(build_recap(Region.objects.get(code="63")))
    summary = {row["Code"]: row for row in table(workbook["Summary"])}
    assert summary["63.71"]["Applications"] == 3 and summary["63.72"]["Applications"] == 1
    assert len(table(workbook["Applications"])) == 4


def test_sheets_have_frozen_headers_filters_widths_and_number_formats(journeys):
    workbook = read(build_recap(Region.objects.get(code="63.71")))
    assert workbook.sheetnames == ["Instructions", "Summary", "Applications"]
    sheet = workbook["Applications"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}4"
    assert sheet.column_dimensions["B"].width == 22
    column = {name: index + 1 for index, name in enumerate(header)}
    bilu = 4
    assert sheet.cell(bilu, column["In this stage since"]).number_format == "yyyy-mm-dd"
    assert sheet.cell(bilu, column["Self 1"]).number_format == "0"
    assert sheet.cell(bilu, column["Province 1"]).number_format == "0.0#"
    assert isinstance(sheet.cell(bilu, column["Province total"]).value, float | int | Decimal)
    summary = workbook["Summary"]
    coverage = [cell.value for cell in summary[1]].index("Coverage") + 1
    assert summary.cell(2, coverage).number_format == "0.0%"


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_names_that_look_like_formulas_stay_text(journeys, payload, visible):
    Region.objects.filter(code=KURIPAN).update(name=payload)
    Region.objects.filter(code="63.71.02").update(name=payload)
    Category.objects.filter(pk=journeys["bilu"].application.designation.category_id).update(name=payload)
    workbook = read(build_recap(Region.objects.get(code="63.71")))
    sheet = workbook["Applications"]
    for cell in (sheet["B3"], sheet["C3"], sheet["C4"], sheet.cell(4, sheet.max_column)):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (visible, "s", True)
    assert workbook["Summary"]["B3"].value == visible and workbook["Summary"]["B3"].quotePrefix
    for worksheet in workbook.worksheets:
        assert not [cell.coordinate for row in worksheet.iter_rows() for cell in row if cell.data_type == "f"]


def build_and_count(region, chunk_size):
    with CaptureQueriesContext(connection) as captured:
        workbook = build_recap(region, chunk_size=chunk_size)
    workbook.save(io.BytesIO())  # finishes the streamed sheets and drops their temporary files
    return len(captured)


def test_queries_are_flat_in_rows_and_grow_by_a_fixed_number_per_chunk(cycle, people):
    codes = list(Region.objects.below("63.71").kelurahan().order_by("code").values_list("code", flat=True)[:9])
    region = Region.objects.get(code="63.71")
    for code in codes[:3]:
        Journey(cycle, code, people).submit().city((2,) * 10, (3,) * 10)
    three_rows = build_and_count(region, chunk_size=100)
    for code in codes[3:]:
        Journey(cycle, code, people).submit().city((1,) * 10)
    # Six more rows in the same chunk: not one query more.
    assert build_and_count(region, chunk_size=100) == three_rows
    # Every further chunk costs the same 4 queries: answers, reviews, scores, designations. (A chunk without
    # any submitted review skips the scores query.)
    assert build_and_count(region, chunk_size=3) - three_rows == 2 * 4
    assert build_and_count(region, chunk_size=1) - three_rows == 8 * 4
