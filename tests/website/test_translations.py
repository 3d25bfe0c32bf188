"""The website's Indonesian catalog is complete, keeps its placeholders, and is compiled."""

import ast
import gettext
import re
from pathlib import Path

import website

CATALOG = Path(website.__file__).parent / "locale" / "id" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def po_entries(path: Path) -> list[dict[str, str]]:
    """msgid, msgid_plural and msgstr/msgstr[n] of each entry, unescaped; the header is left out."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        keyword = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if keyword:
            key = keyword.group(1)
            if key == "msgid":
                entry = {}
                entries.append(entry)
            entry[key] = ast.literal_eval(keyword.group(2))
        elif line.startswith('"') and entry is not None and key:
            entry[key] += ast.literal_eval(line)
        else:
            key = None
    return [entry for entry in entries if entry["msgid"]]


ENTRIES = po_entries(CATALOG / "django.po")


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_catalog_covers_the_public_site():
    msgids = {entry["msgid"] for entry in ENTRIES}
    assert {"Rubric", "Evidence to prepare", "How a kelurahan becomes a KRPPA", "search/"} <= msgids


def test_every_message_has_an_indonesian_translation():
    assert [entry["msgid"] for entry in ENTRIES if not all(translations(entry))] == []


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_translations_keep_their_placeholders():
    # Indonesian has a single plural form, so it carries every placeholder of both English forms.
    broken = [
        entry["msgid"]
        for entry in ENTRIES
        for translation in translations(entry)
        if placeholders(translation) != placeholders(entry["msgid"] + entry.get("msgid_plural", ""))
    ]
    assert broken == []


def test_the_compiled_catalog_matches_the_po_file():
    with open(CATALOG / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    for entry in ENTRIES:
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[0]"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"]
