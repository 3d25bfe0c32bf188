"""Workbooks and not-quite-workbooks made on the fly for the Excel tests (no binary fixtures)."""

import io
import zipfile

import openpyxl

# (what a user typed, what the cell shows): XML stores a carriage return as a line feed.
FORMULA_PAYLOADS = [
    ("=HYPERLINK(\"http://evil.example/\",\"klik\")", "=HYPERLINK(\"http://evil.example/\",\"klik\")"),
    ("+1+2", "+1+2"),
    ("-2+3", "-2+3"),
    ("@SUM(1,2)", "@SUM(1,2)"),
    ("\t=1+1", "\t=1+1"),
    ("\r=1+1", "\n=1+1"),
]
PAYLOAD_IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def xlsx_bytes(rows, *, sheet="Pengguna", extra_sheets=None) -> bytes:
    """A real .xlsx whose first sheet holds `rows` (lists of cell values)."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name, extra_rows in (extra_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rezip(data: bytes, *, replace=None, add=None, drop=()) -> bytes:
    """`data` (an xlsx) with some parts replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return output.getvalue()


def macro_enabled(data: bytes) -> bytes:
    """What Excel saves as .xlsm: the macro content type and a vbaProject.bin part."""
    content_types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    content_types = content_types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return rezip(data, replace={"[Content_Types].xml": content_types},
                 add={"xl/vbaProject.bin": b"\xcc\x61" + b"\x00" * 64})


def zip_bomb(uncompressed_mb: int = 200) -> bytes:
    """A zip whose sheet part inflates from a few hundred KB to `uncompressed_mb` MB of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="x"/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                part.write(block)
    return output.getvalue()


def encrypted_workbook() -> bytes:
    """The shape of a password-protected .xlsx: an OLE compound file holding an EncryptionInfo stream."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    return header + directory + b"\x00" * 2048


def old_xls() -> bytes:
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return header + "Workbook".encode("utf-16-le") + b"\x00" * 2048


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = b"username,full name,email\nsiti,Siti Rahmah,siti@example.org\n"


def read_back(data: bytes, **options) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **options)
