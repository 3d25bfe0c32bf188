"""The project's locale supplies Indonesian for the django-viewflow strings shown at /workflow/ (DESIGN.md §4)."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES" / "django.po"

# %(name)s / %s style, {name} style (str.format), and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text)


def parse_po(path):
    """Tiny .po reader: a list of dicts keyed msgctxt/msgid/msgid_plural/msgstr/msgstr[N]."""
    entries, entry, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = {}, None
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                entry["obsolete"] = True
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            entry[key] = _unquote(match.group(2))
        else:
            match = re.match(r'^"(.*)"$', line)
            assert match and key, f"unparsable line in {path.name}: {raw!r}"
            entry[key] += _unquote(match.group(1))
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_PATH)
    header = [e for e in entries if e.get("msgid") == "" and "msgctxt" not in e]
    assert header, "the .po has no header"
    assert "Language: id\\n" in header[0]["msgstr"].replace("\n", "\\n")
    assert "Plural-Forms: nplurals=1; plural=0;" in header[0]["msgstr"]
    return [e for e in entries if e.get("msgid")]


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Inbox", "Kotak masuk"),
        ("Queue", "Antrean"),
        ("Archive", "Arsip"),
        ("Assign", "Ambil tugas"),
        ("Unassign", "Lepaskan tugas"),
        ("Log out", "Keluar"),
        ("Dashboard", "Dasbor"),
        ("Cancel", "Batalkan"),
        ("Undo", "Urungkan"),
        ("Filter", "Saring"),
        ("Task", "Tugas"),
        ("Process", "Proses"),
        ("Task {task} has been assigned.", "Tugas {task} telah diambil."),
        ("Process #%(pk)s has been canceled.", "Proses #%(pk)s telah dibatalkan."),
        (
            "%(user)s have no rights to access this page",
            "%(user)s tidak berhak mengakses halaman ini",
        ),
    ],
)
def test_viewflow_msgid_translates_to_indonesian(msgid, expected):
    with translation.override("id"):
        assert gettext(msgid) == expected


def test_placeholder_survives_formatting():
    with translation.override("id"):
        assert gettext("Task {task} has been completed.").format(task="#12") == "Tugas #12 telah diselesaikan."
        assert gettext("Process #%(pk)s can not be canceled.") % {"pk": 7} == "Proses #7 tidak dapat dibatalkan."


def test_status_context_and_plural():
    with translation.override("id"):
        assert pgettext("STATUS", "Canceled") == "Dibatalkan"
        assert pgettext("STATUS", "Done") == "Selesai"
        # the {% blocktrans count %} in viewflow/workflow/process_cancel.html keeps the template's whitespace
        lead, trail = "\n" + " " * 18, "\n" + " " * 16
        msgid = lead + "This process can not be canceled while a task is still in progress." + trail
        plural = lead + "This process can not be canceled while tasks are still in progress." + trail
        for count in (1, 3):
            assert ngettext(msgid, plural, count).strip() == (
                "Proses ini tidak dapat dibatalkan selama masih ada tugas yang sedang berjalan."
            )


def test_english_stays_english():
    with translation.override("en"):
        assert gettext("Inbox") == "Inbox"


def test_every_msgid_has_a_translation(po_entries):
    assert len(po_entries) >= 150
    assert not [e for e in po_entries if e.get("obsolete")], "obsolete (#~) entries in the Viewflow catalog"
    untranslated = [
        e["msgid"]
        for e in po_entries
        if not [value for key, value in e.items() if key.startswith("msgstr") and value.strip()]
    ]
    assert not untranslated


def test_no_duplicate_msgids(po_entries):
    keys = Counter((e.get("msgctxt"), e["msgid"]) for e in po_entries)
    assert [key for key, n in keys.items() if n > 1] == []


def test_placeholders_are_preserved(po_entries):
    broken = []
    for entry in po_entries:
        # nplurals=1: the single form serves every count, so it carries the plural's placeholders.
        source = entry.get("msgid_plural", entry["msgid"])
        for key, value in entry.items():
            if key.startswith("msgstr"):
                if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(value)):
                    broken.append((entry["msgid"], value))
                if source.startswith("\n") != value.startswith("\n") or source.endswith("\n") != value.endswith("\n"):
                    broken.append((entry["msgid"], value))
    assert not broken
