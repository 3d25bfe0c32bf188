"""The blank instrument says exactly what the framework says, and none of its text can run."""

import io

import pytest

from assessment.excel import build_instrument
from assessment.models import Category, EvidenceRequirement, Indicator, RubricLevel
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS, read_back


def built(framework):
    output = io.BytesIO()
    build_instrument(framework).save(output)
    return read_back(output.getvalue())


def rows(worksheet):
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def test_sheets_in_order_with_instructions_first(framework):
    assert built(framework).sheetnames == ["Instructions", "Indicators", "Rubric", "Evidence", "Categories"]


def test_one_row_per_indicator_with_points_levels_and_evidence(framework):
    indicators = rows(built(framework)["Indicators"])
    header, data = indicators[0], indicators[1:]
    assert header == ["No.", "Indicator", "Description", "Maximum points", "Level 1", "Level 2", "Level 3",
                      "Level 4", "Evidence to prepare"]
    assert [row[0] for row in data] == list(range(1, 11))
    first = Indicator.objects.get(framework=framework, number=1)
    assert data[0][1] == first.title_en  # English is active in these tests
    assert data[0][3] == 100
    assert data[0][4] == ("Not yet — 0 points\nThere is no women's group or children's forum at kelurahan "
                          "level.")
    assert data[0][7].startswith("Fulfilled — 100 points\n")
    assert "• Decree establishing the kelurahan children's forum (required)" in data[0][8]
    assert "(optional)" in data[0][8]
    assert sum(row[3] for row in data) == framework.total_points


def test_rubric_evidence_and_category_sheets_have_a_row_each(framework):
    workbook = built(framework)
    assert len(rows(workbook["Rubric"])) - 1 == RubricLevel.objects.filter(indicator__framework=framework).count()
    assert len(rows(workbook["Evidence"])) - 1 == EvidenceRequirement.objects.filter(
        indicator__framework=framework).count()
    categories = rows(workbook["Categories"])
    assert [row[:3] for row in categories[1:]] == [
        [category.name_en, category.min_points, category.max_points]
        for category in Category.objects.filter(framework=framework).order_by("min_points")
    ]


def test_tables_have_frozen_headers_filters_and_integer_points(framework):
    worksheet = built(framework)["Indicators"]
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:I11"
    assert worksheet["D2"].number_format == "0"
    assert worksheet.column_dimensions["B"].width == 32


def test_instructions_name_the_framework_and_its_scoring_note(framework):
    text = "\n".join(str(row[0]) for row in rows(built(framework)["Instructions"]) if row and row[0])
    assert "Instrument KRPPA 2025" in text
    assert "10 indicators worth 1000 points" in text
    assert framework.scoring_note_en in text


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_criteria_text_that_looks_like_a_formula_stays_text(framework, payload, visible):
    indicator = Indicator.objects.get(framework=framework, number=1)
    indicator.title_en = payload
    indicator.save()
    level = indicator.levels.order_by("points").first()
    level.label_en = payload
    level.save()
    requirement = indicator.evidence_requirements.first()
    requirement.title_en = payload
    requirement.save()
    category = Category.objects.filter(framework=framework).order_by("min_points").first()
    category.name_en = payload
    category.save()

    workbook = built(framework)
    cells = [workbook["Indicators"]["B2"], workbook["Rubric"]["C2"], workbook["Evidence"]["C2"],
             workbook["Categories"]["A2"]]
    for cell in cells:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (visible, "s", True)
    for worksheet in workbook.worksheets:
        assert not [cell.coordinate for row in worksheet.iter_rows() for cell in row if cell.data_type == "f"]
