"""Tiny but valid files of every accepted type, and the impostors that must be refused."""

import io
import zipfile

from PIL import Image


def pdf(text: str = "Bukti") -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + f"% {text}\n".encode() + b"trailer << /Root 1 0 R >>\n%%EOF\n")


def image(fmt: str, color=(91, 42, 134)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, fmt)
    return buffer.getvalue()


def png(color=(91, 42, 134)) -> bytes:
    return image("PNG", color)


def jpeg(color=(15, 110, 110)) -> bytes:
    return image("JPEG", color)


def _zip(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if stored_first:
            package.writestr(zipfile.ZipInfo(stored_first), members[stored_first], zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                package.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="{part}" ContentType="{content_type}"/></Types>')


def _ooxml(part: str, content_type: str) -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES.format(part=part, content_type=content_type).encode(),
                 part.lstrip("/"): b"<document/>"})


def docx() -> bytes:
    return _ooxml("/word/document.xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")


def docm() -> bytes:
    """A macro-enabled Word document: an office file, but not an accepted one."""
    return _ooxml("/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")


def xlsx() -> bytes:
    return _ooxml("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")


def _opendocument(mimetype: str) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"},
                stored_first="mimetype")


def odt() -> bytes:
    return _opendocument("application/vnd.oasis.opendocument.text")


def ods() -> bytes:
    return _opendocument("application/vnd.oasis.opendocument.spreadsheet")


def damaged_docx() -> bytes:
    """A Word document whose compressed manifest is garbage (a broken download or disk)."""
    data = bytearray(docx())
    name = b"[Content_Types].xml"
    start = data.index(name) + len(name)  # the first entry's data follows its name (no extra field)
    data[start:start + 8] = b"\xff" * 8  # an invalid deflate block type
    return bytes(data)


def encrypted_docx() -> bytes:
    """A Word document saved with a password: every entry flagged as encrypted."""
    data = bytearray(docx())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        while position != -1:
            data[position + flag_offset] |= 0x01
            position = data.find(signature, position + 4)
    return bytes(data)


def plain_zip() -> bytes:
    return _zip({"laporan.pdf": pdf(), "foto.png": png()})


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_image() -> bytes:
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b'<rect width="8" height="8"/></svg>')
