"""The type of an upload comes from its content; names and browsers' claims count for nothing."""

import io

import pytest
from django.utils import translation

from assessment import filetypes
from tests import files

ACCEPTED = [
    (files.pdf, "pdf"), (files.png, "png"), (files.jpeg, "jpeg"), (files.docx, "docx"), (files.xlsx, "xlsx"),
    (files.odt, "odt"), (files.ods, "ods"),
]
REFUSED = [
    (files.windows_executable, "Programs"),
    (lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "Programs"),
    (lambda: b"#!/bin/sh\nrm -rf /\n", "Programs"),
    (files.html_page, "Web pages"),
    (lambda: b"  \n<html><body>hi</body></html>", "Web pages"),
    (files.svg_image, "SVG"),
    (files.plain_zip, "Archives"),
    (lambda: b"\x1f\x8b\x08\x00" + b"\x00" * 20, "Archives"),
    (files.docm, "not accepted"),
    (lambda: b"PK\x03\x04 but not really a zip", "not accepted"),
    (files.damaged_docx, "not accepted"),
    (files.encrypted_docx, "not accepted"),
    (lambda: b"GIF89a\x01\x00\x01\x00", "not accepted"),
    (lambda: b"", "empty"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("build, key", ACCEPTED)
def test_accepted_types_are_recognised_by_content(build, key):
    assert filetypes.detect(io.BytesIO(build())).key == key


@pytest.mark.parametrize("build, reason", REFUSED)
def test_everything_else_is_refused_with_a_reason(build, reason):
    with pytest.raises(filetypes.UnacceptableFile, match=reason):
        filetypes.detect(io.BytesIO(build()))


def test_detection_leaves_the_file_at_its_start_for_the_copy_that_follows():
    handle = io.BytesIO(files.docx())
    handle.seek(10)
    filetypes.detect(handle)
    assert handle.tell() == 0
