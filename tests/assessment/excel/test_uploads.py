"""Uploads are checked before any parsing, and each refusal says why in words a user can act on."""

import io
from functools import cache

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.excel import UploadLimits, WorkbookRefused, load_uploaded_workbook, read_table
from assessment.excel.reading import ColumnSpec
from tests.excel_files import (
    PDF,
    TEXT,
    encrypted_workbook,
    macro_enabled,
    old_xls,
    rezip,
    xlsx_bytes,
    zip_bomb,
)

GOOD = xlsx_bytes([["username"], ["siti"]])
LIMITS = UploadLimits()


@cache
def big_bomb() -> bytes:
    return zip_bomb(uncompressed_mb=LIMITS.max_uncompressed_bytes // (1024 * 1024) + 20)


def refusal(data, limits=LIMITS) -> str:
    with pytest.raises(WorkbookRefused) as refused:
        load_uploaded_workbook(data, limits)
    return refused.value.message


def test_a_real_workbook_opens_read_only_with_values_not_formulas():
    data = xlsx_bytes([["a", "b"], [1, "=1+1"]])
    workbook = load_uploaded_workbook(SimpleUploadedFile("ok.xlsx", data))
    assert workbook.read_only
    rows = list(workbook.active.iter_rows(values_only=True))
    # data_only: a formula is read as its cached value (none, as openpyxl never computes), never as "=1+1".
    assert rows == [("a", "b"), (1, None)]


def test_oversized_upload_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        size = LIMITS.max_bytes + 1

        def read(self, *args):
            raise AssertionError("an oversized upload must not be read")

    assert "larger than 5 MB" in refusal(Unreadable())


def test_oversized_bytes_are_refused_with_the_configured_limit(settings):
    settings.KRPPA_EXCEL_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    load_uploaded_workbook(GOOD)
    with pytest.raises(WorkbookRefused) as refused:
        load_uploaded_workbook(GOOD + b"\x00" * 2 * 1024 * 1024)
    assert "larger than 2 MB" in refused.value.message


@pytest.mark.parametrize("data, expected", [
    (PDF, "not an Excel workbook"),
    (TEXT, "not an Excel workbook"),
    (b"", "empty"),
    (GOOD[: len(GOOD) // 2], "damaged"),
    (b"PK\x03\x04" + b"\x00" * 200, "damaged"),
    (encrypted_workbook(), "protected with a password"),
    (old_xls(), "Excel 97–2003"),
    (macro_enabled(GOOD), "macros"),
    (rezip(GOOD, add={"xl/vbaProject.bin": b"\x00" * 64}), "macros"),
    (rezip(GOOD, drop={"[Content_Types].xml"}), "not an Excel workbook"),
    (rezip(GOOD, replace={"[Content_Types].xml": b"<not xml"}), "damaged"),
    (rezip(GOOD, replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}), "damaged"),
], ids=["pdf", "text-renamed-xlsx", "empty", "truncated-zip", "zip-header-only", "password-protected",
        "old-xls", "xlsm", "vba-part-in-xlsx", "zip-without-content-types", "broken-content-types",
        "broken-sheet"])
def test_what_is_not_a_plain_xlsx_is_refused_with_its_reason(data, expected):
    message = refusal(data)
    assert expected in message
    if "not an Excel workbook" in expected:
        assert ".xlsx" in message


def test_a_word_document_is_not_a_workbook():
    docx = rezip(GOOD, replace={"[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>')})
    assert "not an Excel workbook" in refusal(docx)


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated():
    assert "unpacks to far more data" in refusal(big_bomb())


def test_a_small_but_extremely_compressed_part_is_refused_by_its_ratio():
    data = zip_bomb(uncompressed_mb=20)
    assert len(data) < LIMITS.max_bytes
    assert "unpacks to far more data" in refusal(data)


def test_too_many_parts_is_refused():
    many = rezip(GOOD, add={f"xl/media/image{n}.png": b"x" for n in range(LIMITS.max_zip_entries)})
    assert "unpacks to far more data" in refusal(many)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')


def test_xml_entity_expansion_in_a_sheet_is_refused_by_defusedxml():
    assert "damaged" in refusal(rezip(GOOD, replace={"xl/worksheets/sheet1.xml": LAUGHS}))


def test_a_sheet_that_breaks_after_its_first_rows_is_refused_while_reading():
    broken = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>username</t></is>'
              b'</c></row><row r="2"><c r="A2" t="inlineStr"><is><t>siti</t></is></c></row><row r="3"><c')
    workbook = load_uploaded_workbook(rezip(GOOD, replace={"xl/worksheets/sheet1.xml": broken}))
    with pytest.raises(WorkbookRefused) as refused:
        read_table(workbook, sheet_names=["Pengguna"], columns=[ColumnSpec("username", "username")], limits=LIMITS)
    assert "damaged" in refused.value.message


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_uploads_are_not_parsed_without_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured):
        load_uploaded_workbook(GOOD)
