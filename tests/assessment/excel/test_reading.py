"""Parsing a table: rows keyed by column, every problem named by sheet and cell, nothing written."""

import datetime
import io
import re
import zipfile

import pytest

from assessment.excel import (
    CellError,
    ColumnSpec,
    NotText,
    UploadLimits,
    cell_text,
    load_uploaded_workbook,
    read_table,
)
from tests.excel_files import rezip, xlsx_bytes

COLUMNS = [
    ColumnSpec("username", "username", aliases=("nama pengguna",)),
    ColumnSpec("email", "email", aliases=("surel",)),
    ColumnSpec("note", "note", required=False),
]


def table(rows, *, limits=None, sheet="Pengguna", refused=None, **workbook_options):
    workbook = load_uploaded_workbook(xlsx_bytes(rows, sheet=sheet, **workbook_options))
    return read_table(workbook, sheet_names=["Pengguna"], columns=COLUMNS, limits=limits or UploadLimits(),
                      refused_headers=refused)


def messages(result):
    return [str(error) for error in result.errors]


def test_rows_are_keyed_by_header_whatever_the_order_case_or_alias():
    result = table([["Surel", "Nama_Pengguna"], ["siti@example.org", "siti"], [None, None],
                    ["budi@example.org", "budi"]])
    assert not result.errors
    assert [(row.number, dict(row.values)) for row in result.rows] == [
        (2, {"email": "siti@example.org", "username": "siti"}),
        (4, {"email": "budi@example.org", "username": "budi"}),
    ]
    assert result.rows[1].address("username") == "B4"


def test_sheet_errors_name_the_sheet_and_the_cell():
    assert str(CellError("Pengguna", "C7", "bad")) == "Sheet Pengguna, C7: bad"
    assert str(CellError("Pengguna", "", "bad")) == "Sheet Pengguna: bad"


def test_an_unknown_a_duplicated_and_a_missing_column_are_each_reported():
    result = table([["username", "usia", "username"], ["siti", 30, "siti"]])
    assert messages(result) == [
        "Sheet Pengguna, B1: unknown column “usia”; the columns are: username, email, note",
        "Sheet Pengguna, C1: column “username” appears twice",
        "Sheet Pengguna, A1: column “email” is missing",
    ]
    assert result.rows == []


def test_a_refused_header_gets_its_own_message():
    result = table([["username", "email", "Password"], ["siti", "s@example.org", "rahasia"]],
                   refused={"password": "no passwords"})
    assert messages(result) == ["Sheet Pengguna, C1: no passwords"]


def test_a_value_under_no_header_is_an_error_not_a_guess():
    result = table([["username", "email"], ["siti", "s@example.org", "rahasia"]])
    assert messages(result) == ["Sheet Pengguna, C2: this cell is in a column without a header"]
    assert result.rows == []


def test_an_empty_sheet_asks_for_the_header_row():
    assert messages(table([])) == [
        "Sheet Pengguna, A1: the first row must hold the column headers: username, email, note"]


def test_another_sheet_name_falls_back_to_the_first_sheet():
    result = table([["username", "email"], ["siti", "s@example.org"]], sheet="Sheet1")
    assert result.sheet == "Sheet1" and len(result.rows) == 1


def test_the_named_sheet_wins_over_the_first_one():
    result = table([["catatan"]], sheet="Petunjuk",
                   extra_sheets={"Pengguna": [["username", "email"], ["siti", "s@example.org"]]})
    assert result.sheet == "Pengguna" and not result.errors


def test_row_limit_refuses_a_longer_sheet_and_accepts_one_at_the_limit():
    limits = UploadLimits(max_rows=3)
    rows = [["username", "email"]] + [[f"u{n}", f"u{n}@example.org"] for n in range(3)]
    assert len(table(rows, limits=limits).rows) == 3
    too_long = table(rows + [["u9", "u9@example.org"]], limits=limits)
    assert messages(too_long) == ["Sheet Pengguna: the sheet has more than 3 rows; split it into several workbooks"]
    assert too_long.rows == []


def test_column_limit_refuses_a_wider_header():
    limits = UploadLimits(max_columns=2)
    assert messages(table([["username", "email", "note"]], limits=limits)) == [
        "Sheet Pengguna: the sheet has more than 2 columns"]


def test_a_declared_million_row_dimension_is_not_trusted():
    data = xlsx_bytes([["username", "email"], ["siti", "s@example.org"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    assert b"XFD1048576" in sheet
    workbook = load_uploaded_workbook(rezip(data, replace={"xl/worksheets/sheet1.xml": sheet}))
    result = read_table(workbook, sheet_names=["Pengguna"], columns=COLUMNS, limits=UploadLimits())
    assert not result.errors and len(result.rows) == 1


@pytest.mark.parametrize("value, text", [(None, ""), ("  siti ", "siti"), (63, "63"), (63.0, "63")])
def test_cell_text_reads_strings_and_whole_numbers(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("value", [63.71, True, datetime.datetime(2026, 1, 1)])
def test_cell_text_refuses_values_without_one_written_form(value):
    with pytest.raises(NotText):
        cell_text(value)
