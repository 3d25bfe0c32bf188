"""The shape of the offline self-assessment workbook, shared by the code that writes it and the code
that reads it back: sheet names, columns, the evidence-note convention and the signed binding.

Sheet names and headers are Indonesian whatever language the page was in: kelurahan staff work in
Indonesian, and the reader finds sheets and columns by these names.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _

from ..cells import clean_text
from ..reading import ColumnSpec

INSTRUCTIONS_SHEET = "Petunjuk"
ANSWERS_SHEET = "Penilaian"
LEVELS_SHEET = "Tingkat"  # the drop-down lists, one row per indicator (very hidden)
BINDING_SHEET = "_krppa"  # what the workbook belongs to (very hidden)

FIRST_ROW = 2  # the header is row 1
FORMAT = "krppa-self-assessment/1"
SIGNING_SALT = "krppa.offline-self-assessment"

# The Answer has one narrative and no field for a note about evidence, so the note travels inside the
# narrative under this heading; the next download splits it back into its own column.
EVIDENCE_NOTE_HEADING = "[Catatan bukti]"


def workbook_language() -> str:
    return settings.LANGUAGE_CODE


class Columns:
    """The columns of sheet Penilaian, left to right; letters are fixed so errors can name cells."""

    KEYS = ("number", "title", "max_points", "level", "narrative", "evidence_note", "guide")
    INPUTS = ("level", "narrative", "evidence_note")

    @classmethod
    def letter(cls, key: str) -> str:
        return "ABCDEFG"[cls.KEYS.index(key)]

    @staticmethod
    def headers() -> dict[str, str]:
        with translation.override(workbook_language()):
            return {
                "number": _("No."),
                "title": _("Indicator"),
                "max_points": _("Maximum points"),
                "level": _("Level (choose)"),
                "narrative": _("Narrative"),
                "evidence_note": _("Evidence note"),
                "guide": _("What each level means"),
            }

    @classmethod
    def specs(cls) -> list[ColumnSpec]:
        headers = cls.headers()
        required = {"number", *cls.INPUTS}
        return [ColumnSpec(key, headers[key], required=key in required) for key in cls.KEYS]


def level_option(level) -> str:
    """How a rubric level reads in the drop-down, in the workbook's language: its label and its points."""
    with translation.override(workbook_language()):
        return _("%(label)s (%(points)s points)") % {"label": level.label_localized, "points": level.points}


# -- the evidence note inside the narrative ----------------------------------------------------------

_NOTE_SEPARATOR = f"\n\n{EVIDENCE_NOTE_HEADING}\n"


def split_narrative(narrative: str) -> tuple[str, str]:
    """A stored narrative as (narrative, evidence note) for the two columns of the workbook."""
    if narrative.startswith(f"{EVIDENCE_NOTE_HEADING}\n"):
        return "", narrative[len(EVIDENCE_NOTE_HEADING) + 1:]
    head, separator, note = narrative.rpartition(_NOTE_SEPARATOR)
    if not separator:
        return narrative, ""
    return head, note


def join_narrative(narrative: str, note: str) -> str:
    """The two columns as one stored narrative; the note goes last, under its heading."""
    narrative, note = narrative.strip(), note.strip()
    if not note:
        return narrative
    if not narrative:
        return f"{EVIDENCE_NOTE_HEADING}\n{note}"
    return f"{narrative}{_NOTE_SEPARATOR}{note}"


# -- fingerprints and the binding -------------------------------------------------------------------

def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def answer_fingerprint(level_id: int | None, narrative: str, updated_at) -> str:
    """Changes whenever the answer in the system changes (a save that changes nothing keeps it)."""
    return _digest(str(level_id or ""), narrative, updated_at.isoformat() if updated_at else "")


def normalise_cell_text(text: str) -> str:
    return clean_text(text).strip()


def sheet_fingerprint(level: str, narrative: str, note: str) -> str:
    """The three input cells of a row as written; a different value read back means it was edited offline."""
    return _digest(*(normalise_cell_text(text) for text in (level, narrative, note)))


@dataclass(frozen=True)
class BoundIndicator:
    pk: int
    number: int
    answer_fingerprint: str
    sheet_fingerprint: str


@dataclass(frozen=True)
class Binding:
    """What the workbook was made for, and the answers as they were when it was downloaded."""

    application_id: int
    kelurahan_code: str
    framework_id: int
    framework_version: int
    downloaded_at: str
    indicators: tuple[BoundIndicator, ...]

    def sign(self) -> str:
        payload = {
            "f": FORMAT, "a": self.application_id, "k": self.kelurahan_code, "fw": self.framework_id,
            "v": self.framework_version, "t": self.downloaded_at,
            "i": [[item.pk, item.number, item.answer_fingerprint, item.sheet_fingerprint]
                  for item in self.indicators],
        }
        return signing.dumps(payload, salt=SIGNING_SALT, compress=True)

    @classmethod
    def unsign(cls, token: str) -> "Binding":
        """Raises `signing.BadSignature` for a token changed by hand, or `ValueError` for a foreign one."""
        payload = signing.loads(token, salt=SIGNING_SALT)
        if not isinstance(payload, dict) or payload.get("f") != FORMAT:
            raise ValueError("not a self-assessment binding")
        try:
            return cls(
                application_id=int(payload["a"]), kelurahan_code=str(payload["k"]),
                framework_id=int(payload["fw"]), framework_version=int(payload["v"]),
                downloaded_at=str(payload["t"]),
                indicators=tuple(BoundIndicator(int(pk), int(number), str(answer), str(sheet))
                                 for pk, number, answer, sheet in payload["i"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError("malformed self-assessment binding") from error

    def indicator(self, number: int) -> BoundIndicator | None:
        return next((item for item in self.indicators if item.number == number), None)
