"""Text written to any export stays text: no formula survives a save and a reload."""

import datetime
import io

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessment.excel import INTEGER, Column, TableSheet, new_workbook, safe_cell
from tests.excel_files import FORMULA_PAYLOADS, PAYLOAD_IDS, read_back


def saved(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def one_cell_workbook(value):
    workbook = new_workbook()
    worksheet = workbook.create_sheet("S")
    worksheet.append([safe_cell(worksheet, value)])
    return read_back(saved(workbook))["S"]["A1"]


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_formula_like_text_is_stored_as_text_with_the_quote_prefix(payload, visible):
    cell = one_cell_workbook(payload)
    assert cell.data_type == "s"
    assert cell.value == visible
    assert cell.quotePrefix is True


def test_plain_openpyxl_would_have_stored_a_formula():
    # The reason safe_cell exists: without it, the same text becomes a live formula.
    workbook = new_workbook()
    worksheet = workbook.create_sheet("S")
    worksheet.append(["=1+1"])
    assert read_back(saved(workbook))["S"]["A1"].data_type == "f"


def test_ordinary_text_gets_no_quote_prefix_and_numbers_stay_numbers():
    workbook = new_workbook()
    worksheet = workbook.create_sheet("S")
    worksheet.append([safe_cell(worksheet, "Sungai Bilu"), safe_cell(worksheet, 42),
                      safe_cell(worksheet, -3.5), safe_cell(worksheet, gettext_lazy("Lurah"))])
    row = read_back(saved(workbook))["S"][1]
    assert [cell.value for cell in row] == ["Sungai Bilu", 42, -3.5, "Lurah"]
    assert [cell.data_type for cell in row] == ["s", "n", "n", "s"]
    assert not row[0].quotePrefix


def test_control_characters_are_dropped_and_long_text_is_cut_to_excels_limit():
    assert one_cell_workbook("Siti\x00 Rahmah\x07").value == "Siti Rahmah"
    assert one_cell_workbook("baris satu\r\nbaris dua").value == "baris satu\nbaris dua"
    assert len(one_cell_workbook("x" * 40_000).value) == 32_767


def test_aware_datetimes_are_written_in_the_local_zone():
    moment = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)
    value = one_cell_workbook(moment).value
    assert value == timezone.make_naive(moment)  # 09:30 WITA
    assert value.hour == 9


@pytest.mark.parametrize("payload, visible", FORMULA_PAYLOADS, ids=PAYLOAD_IDS)
def test_table_sheet_writes_header_and_rows_safely(payload, visible):
    workbook = new_workbook()
    sheet = TableSheet(workbook, title="Data",
                       columns=[Column(payload, width=20), Column("Poin", number_format=INTEGER)])
    sheet.append([payload, 7])
    sheet.close()
    worksheet = read_back(saved(workbook))["Data"]
    for cell in (worksheet["A1"], worksheet["A2"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (visible, "s", True)
    assert worksheet["B2"].value == 7 and worksheet["B2"].number_format == INTEGER


def test_table_sheet_freezes_the_header_filters_every_row_and_sets_widths():
    workbook = new_workbook()
    sheet = TableSheet(workbook, title="Data", columns=[Column("Nama", width=30), Column("Poin", width=8)])
    for number in range(5):
        sheet.append([f"Kelurahan {number}", number])
    sheet.close()
    worksheet = read_back(saved(workbook))["Data"]
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:B6"
    assert worksheet.column_dimensions["A"].width == 30
    assert worksheet["A1"].font.bold


def test_table_sheet_refuses_a_row_of_the_wrong_length():
    workbook = new_workbook()
    sheet = TableSheet(workbook, title="Data", columns=[Column("A"), Column("B")])
    with pytest.raises(ValueError):
        sheet.append(["only one"])
    sheet.close()
    assert read_back(saved(workbook))["Data"].max_row == 1
