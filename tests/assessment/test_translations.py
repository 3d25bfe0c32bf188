"""The Indonesian catalogs of our apps: complete, compiled, in use, and agreeing with each other."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from assessment.excel import UploadLimits, WorkbookRefused, load_uploaded_workbook
from tests.excel_files import PDF

CATALOGS = [Path(settings.BASE_DIR) / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
            for app in ("website", "assessment", "workflows")]


def entries(path: Path) -> list[tuple[str, str, bool, str, str | None]]:
    """(msgid, first msgstr, is plural, English form the msgstr renders, context) of each message, header
    excluded."""
    pairs = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        sections: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?|msgstr\[\d\]) (".*")$', line)
            if match:
                current = match.group(1).replace("[0]", "")
                sections[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                sections[current] += ast.literal_eval(line)
        if sections.get("msgid"):
            # Indonesian has one plural form, written from the English plural: compare against that.
            source = sections.get("msgid_plural", sections["msgid"])
            pairs.append((sections["msgid"], sections.get("msgstr", ""), "msgid_plural" in sections, source,
                          sections.get("msgctxt")))
    return pairs


@pytest.mark.parametrize("catalog", CATALOGS, ids=["website", "assessment", "workflows"])
def test_every_message_is_translated_with_its_placeholders(catalog):
    for msgid, msgstr, _plural, source, _context in entries(catalog):
        assert msgstr, msgid
        assert sorted(re.findall(r"%\(\w+\)s", source)) == sorted(re.findall(r"%\(\w+\)s", msgstr)), msgid


@pytest.mark.parametrize("catalog", CATALOGS, ids=["website", "assessment", "workflows"])
def test_the_compiled_catalog_is_the_current_one(catalog):
    with translation.override("id"):
        for msgid, msgstr, plural, _source, context in entries(catalog):
            if plural:
                assert ngettext(msgid, msgid, 2) == msgstr, msgid
            elif context:
                assert pgettext(context, msgid) == msgstr, msgid
            elif msgstr:
                assert gettext(msgid) == msgstr, msgid


def test_an_upload_refusal_reads_in_indonesian_the_default_language():
    # Requests and commands run in LANGUAGE_CODE unless someone asks for another language.
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(WorkbookRefused) as refused:
        load_uploaded_workbook(PDF, UploadLimits())
    assert refused.value.message.startswith("Berkas ini bukan buku kerja Excel (.xlsx).")
