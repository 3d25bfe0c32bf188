"""What kind of file an upload really is, decided by its content — never by its name or the browser's claim.

Accepted: PDF, JPEG, PNG, and the office formats DOCX, XLSX, ODT, ODS. Office files are zip packages,
so a zip is opened and its declared content read: `[Content_Types].xml` for Office Open XML, the
`mimetype` entry for OpenDocument. Every other zip is an archive and refused, as are executables,
web pages and SVG images (which can carry scripts), and empty files.

Only the first bytes and the zip's directory plus one small entry are read, so a large file costs
no memory here.
"""

import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from defusedxml import ElementTree
from django.utils.translation import gettext as _

HEAD_BYTES = 2048
# A real [Content_Types].xml or mimetype entry is a few kilobytes at most; more is not an office file.
MAX_MANIFEST_BYTES = 256 * 1024


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extension: str


PDF = FileKind("pdf", "PDF", "application/pdf", "pdf")
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", "jpg")
PNG = FileKind("png", "PNG", "image/png", "png")
DOCX = FileKind("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileKind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileKind("odt", "ODT", "application/vnd.oasis.opendocument.text", "odt")
ODS = FileKind("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", "ods")
ACCEPTED = {kind.key: kind for kind in (PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS)}

# The main part of each Office Open XML document type, as declared in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
OPENDOCUMENT_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}

EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                         b"dex\n")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OTHER_ARCHIVE_SIGNATURES = (b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<head", b"<body", b"<script", b"<iframe")


class UnacceptableFile(ValueError):
    """The file is not one of the accepted types; the message says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _not_accepted() -> UnacceptableFile:
    return UnacceptableFile(_("This kind of file is not accepted. Upload a PDF, JPEG, PNG, DOCX, XLSX, ODT or "
                              "ODS file."))


def detect(file: BinaryIO) -> FileKind:
    """The kind of `file` (a seekable binary file), or `UnacceptableFile` saying why it is refused."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        raise UnacceptableFile(_("The file is empty."))
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_SIGNATURES):
        return _office_kind(file)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise UnacceptableFile(_("Programs and scripts are not accepted as evidence."))
    if head.startswith(OTHER_ARCHIVE_SIGNATURES):
        raise UnacceptableFile(_("Archives (zip, rar, 7z, gz) are not accepted: upload each document by itself."))
    if _looks_like_markup(head):
        raise UnacceptableFile(_("Web pages and SVG images are not accepted: save the page as PDF, or the image as "
                                 "PNG or JPEG."))
    raise _not_accepted()


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") or any(marker in text for marker in MARKUP_MARKERS)


def _office_kind(file: BinaryIO) -> FileKind:
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                kind = OPENDOCUMENT_MIMETYPES.get(_read_small(package, "mimetype").decode("ascii", "replace").strip())
                if kind:
                    return kind
            if "[Content_Types].xml" in names:
                kind = _ooxml_kind(_read_small(package, "[Content_Types].xml"))
                if kind:
                    return kind
            # Another office format (a macro-enabled document, a presentation) is refused like any other type.
            office_like = "mimetype" in names or "[Content_Types].xml" in names
    # A damaged (zlib.error), password-protected (RuntimeError) or exotically compressed (NotImplementedError)
    # package is refused like any file we cannot read.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):
        raise _not_accepted() from None
    finally:
        file.seek(0)
    if office_like:
        raise _not_accepted()
    raise UnacceptableFile(_("Archives (zip, rar, 7z, gz) are not accepted: upload each document by itself."))


def _read_small(package: zipfile.ZipFile, name: str) -> bytes:
    info = package.getinfo(name)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise ValueError(f"{name} is too large for a manifest")
    with package.open(info) as entry:
        return entry.read(MAX_MANIFEST_BYTES + 1)[:MAX_MANIFEST_BYTES]


def _ooxml_kind(manifest: bytes) -> FileKind | None:
    try:
        root = ElementTree.fromstring(manifest)
    except Exception:  # defusedxml raises several types for hostile or broken XML; all mean "not an office file"
        return None
    for element in root:
        if element.tag.rsplit("}", 1)[-1] == "Override":
            kind = OOXML_MAIN_PARTS.get(element.get("ContentType", ""))
            if kind:
                return kind
    return None
