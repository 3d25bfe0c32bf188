"""Accepting an uploaded workbook: every check runs before any spreadsheet parsing.

In order: the size; the bytes (an OLE compound file is an encrypted — password-protected — workbook
or an old .xls; anything else that is not a zip is not a workbook); the zip's central directory
(entry count, total uncompressed size, compression ratio — a zip bomb is caught before anything is
inflated); the declared content types (a real spreadsheet, no macros). Only then does openpyxl open
it, read-only and with cached values instead of formulas, its XML parsed by defusedxml.

Each refusal is a `WorkbookRefused` with a message for the person who uploaded the file.
"""

import io
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.workbook.workbook import Workbook

MB = 1024 * 1024

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# An encrypted OOXML file is an OLE container with this stream (its name is stored in UTF-16).
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_CONTENT_TYPES = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    "application/vnd.ms-office.vbaProject",
}
# The content-type list names a few dozen parts; a huge one is not a workbook's.
MAX_CONTENT_TYPES_BYTES = 1 * MB
# A workbook's text parts are XML; ratios above this are far beyond what real sheets reach.
COMPRESSION_RATIO_CHECKED_ABOVE = 1 * MB


class WorkbookRefused(Exception):
    """The upload is not a workbook we read; `message` says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 5 * MB
    max_uncompressed_bytes: int = 100 * MB
    max_compression_ratio: int = 100
    max_zip_entries: int = 500
    max_rows: int = 10_000
    max_columns: int = 50

    @classmethod
    def from_settings(cls, **overrides) -> "UploadLimits":
        """Limits from `KRPPA_EXCEL_*` settings where set; `overrides` win (e.g. a smaller row limit)."""
        values = {
            "max_bytes": getattr(settings, "KRPPA_EXCEL_MAX_UPLOAD_BYTES", cls.max_bytes),
            "max_uncompressed_bytes": getattr(settings, "KRPPA_EXCEL_MAX_UNCOMPRESSED_BYTES",
                                              cls.max_uncompressed_bytes),
            "max_compression_ratio": getattr(settings, "KRPPA_EXCEL_MAX_COMPRESSION_RATIO",
                                             cls.max_compression_ratio),
            "max_zip_entries": getattr(settings, "KRPPA_EXCEL_MAX_ZIP_ENTRIES", cls.max_zip_entries),
            "max_rows": getattr(settings, "KRPPA_EXCEL_MAX_ROWS", cls.max_rows),
            "max_columns": getattr(settings, "KRPPA_EXCEL_MAX_COLUMNS", cls.max_columns),
        }
        values.update(overrides)
        return cls(**values)


def _size_text(size: int) -> str:
    return f"{size // MB} MB" if size % MB == 0 else filesizeformat(size)


def _too_big(limits: UploadLimits) -> WorkbookRefused:
    return WorkbookRefused(_("The file is larger than %(limit)s; split it into smaller workbooks.")
                           % {"limit": _size_text(limits.max_bytes)})


def read_upload(upload: IO[bytes] | bytes, limits: UploadLimits) -> bytes:
    """The upload's bytes, refusing it as soon as it is known to be too large."""
    if isinstance(upload, bytes):
        data = upload
    else:
        declared = getattr(upload, "size", None)
        if declared is not None and declared > limits.max_bytes:
            raise _too_big(limits)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _too_big(limits)
    if not data:
        raise WorkbookRefused(_("The file is empty."))
    return data


def damaged() -> WorkbookRefused:
    return WorkbookRefused(_("The file is damaged (not a readable .xlsx). Save it again from Excel or "
                             "LibreOffice and upload the new copy."))


def _not_a_workbook() -> WorkbookRefused:
    return WorkbookRefused(_("This file is not an Excel workbook (.xlsx). Open it in Excel or LibreOffice and "
                             "save it as “Excel Workbook (.xlsx)”."))


def check_xlsx_bytes(data: bytes, limits: UploadLimits) -> None:
    """Refuse anything but a plain, unencrypted, macro-free .xlsx of sane size; parses no spreadsheet XML."""
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTION_STREAM in data:
            raise WorkbookRefused(_("This workbook is protected with a password, so it cannot be read. "
                                    "Remove the password (File → Info → Protect Workbook) and upload it again."))
        raise WorkbookRefused(_("This is an old Excel 97–2003 file (.xls). Save it as “Excel Workbook (.xlsx)” "
                                "and upload it again."))
    if not data.startswith(ZIP_SIGNATURES):
        raise _not_a_workbook()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise damaged() from None
    _check_zip_directory(entries, limits)
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macro_enabled()
    if CONTENT_TYPES_PART not in names:
        raise _not_a_workbook()
    if archive.getinfo(CONTENT_TYPES_PART).file_size > MAX_CONTENT_TYPES_BYTES:
        raise damaged()
    content_types = _declared_content_types(archive)
    if content_types & MACRO_CONTENT_TYPES:
        raise _macro_enabled()
    if WORKBOOK_CONTENT_TYPE not in content_types:
        raise _not_a_workbook()


def _macro_enabled() -> WorkbookRefused:
    return WorkbookRefused(_("This workbook contains macros (.xlsm), which are never accepted. Save it as "
                             "“Excel Workbook (.xlsx)” and upload it again."))


def _zip_bomb() -> WorkbookRefused:
    return WorkbookRefused(_("This file unpacks to far more data than a workbook of its size can hold, so it "
                             "was refused as unsafe."))


def _check_zip_directory(entries: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    """Sizes come from the central directory; Python's zipfile never inflates past a declared size."""
    if len(entries) > limits.max_zip_entries:
        raise _zip_bomb()
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > limits.max_uncompressed_bytes:
            raise _zip_bomb()
        if entry.file_size > COMPRESSION_RATIO_CHECKED_ABOVE:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise _zip_bomb()


def _declared_content_types(archive: zipfile.ZipFile) -> set[str]:
    try:
        root = parse_xml(archive.read(CONTENT_TYPES_PART), forbid_dtd=True)
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise damaged() from None
    return {
        element.get("ContentType", "")
        for element in root
        if element.tag in (f"{CONTENT_TYPES_NS}Override", f"{CONTENT_TYPES_NS}Default")
    }


def open_workbook(data: bytes) -> Workbook:
    """openpyxl's read-only view of checked bytes; call `check_xlsx_bytes` first."""
    if not openpyxl.DEFUSEDXML:
        # openpyxl falls back to the standard library's XML parser when defusedxml is missing or
        # switched off (OPENPYXL_DEFUSEDXML=False); never parse uploads that way.
        raise ImproperlyConfigured("openpyxl is not using defusedxml; refusing to parse uploaded workbooks.")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise damaged() from error


def load_uploaded_workbook(upload: IO[bytes] | bytes, limits: UploadLimits | None = None) -> Workbook:
    """Size, content and zip checks, then openpyxl in read-only mode. Raises `WorkbookRefused`."""
    limits = limits or UploadLimits.from_settings()
    data = read_upload(upload, limits)
    check_xlsx_bytes(data, limits)
    return open_workbook(data)
