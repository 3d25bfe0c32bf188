"""The blank template: instructions, the headers the import reads, a role drop-down, a text code column."""

import io

import openpyxl

from workflows.roles import Role
from workflows.user_import import build_user_template, read_user_upload

from .sheets import BILU, HEADER


def template_bytes() -> bytes:
    output = io.BytesIO()
    build_user_template().save(output)
    return output.getvalue()


def test_instructions_first_then_the_sheet_to_fill():
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert workbook.sheetnames == ["Petunjuk", "Pengguna"]
    sheet = workbook["Pengguna"]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 1
    assert sheet.freeze_panes == "A2"
    instructions = "\n".join(str(row[0]) for row in workbook["Petunjuk"].iter_rows(values_only=True) if row[0])
    assert "password" in instructions
    for role in Role:
        assert f"• {role.value} — " in instructions


def test_role_cells_offer_every_role_and_region_codes_are_text():
    sheet = openpyxl.load_workbook(io.BytesIO(template_bytes()))["Pengguna"]
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(Role.values) + '"'
    assert str(validation.sqref).startswith("D2:D")
    assert validation.showErrorMessage
    assert sheet.column_dimensions["E"].number_format == "@"


def test_no_cell_of_the_template_is_a_formula():
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert not [cell.coordinate for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"]


def test_a_filled_in_template_is_accepted(kalsel):
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    workbook["Pengguna"].append(["siti.bilu", "Siti Rahmah", "siti@example.org", "operator", BILU])
    output = io.BytesIO()
    workbook.save(output)
    parsed = read_user_upload(output.getvalue())
    assert parsed.ok and parsed.rows[0].username == "siti.bilu"
