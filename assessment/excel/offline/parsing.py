"""Step one of taking an offline workbook back: the upload becomes checked answers or cell-addressed errors.

Nothing here writes. A workbook that is not ours, was changed in its hidden part, belongs to another
application or to another framework version is refused whole (`WorkbookRefused`) before any cell is
read; otherwise every cell problem is collected, so the person fixes them all in one go.
"""

from dataclasses import dataclass, field
from typing import IO, Any

from django.core import signing
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl.workbook.workbook import Workbook

from assessment.models import Application, Indicator, RubricLevel

from ..reading import CellError, NotText, Table, TableRow, cell_text, read_table
from ..uploads import UploadLimits, WorkbookRefused, load_uploaded_workbook
from .layout import (
    ANSWERS_SHEET,
    BINDING_SHEET,
    Binding,
    Columns,
    join_narrative,
    level_option,
    normalise_cell_text,
    sheet_fingerprint,
)

# A framework has a dozen indicators; a sheet with hundreds of rows is not one of ours.
MAX_ROWS = 200


# A filled-in workbook of the ten-indicator framework unpacks to about 42 KB (measured). openpyxl holds all
# shared strings in memory even in read-only mode, so a small file of millions of short strings is refused
# before it is read.
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024


def offline_limits() -> UploadLimits:
    return UploadLimits.from_settings(max_rows=MAX_ROWS, max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES)


@dataclass(frozen=True)
class WorkbookAnswer:
    """One indicator's row, read and checked."""

    indicator_id: int
    number: int
    level_id: int | None
    narrative: str
    edited: bool  # any of its input cells differs from what was downloaded
    answer_fingerprint: str  # the system's answer when the workbook was downloaded


@dataclass
class ParsedWorkbook:
    binding: Binding
    answers: list[WorkbookAnswer] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _not_ours() -> WorkbookRefused:
    return WorkbookRefused(_("This is not a self-assessment workbook downloaded from the KRPPA system. Download "
                             "the workbook on the self-assessment page, fill it in and upload that file."))


def read_binding(workbook: Workbook) -> Binding:
    if BINDING_SHEET not in workbook.sheetnames:
        raise _not_ours()
    rows = list(workbook[BINDING_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True))
    token = next((value for key, value, *_rest in rows if key == "token"), None)
    if not isinstance(token, str):
        raise _not_ours()
    try:
        return Binding.unsign(token)
    except signing.BadSignature:
        raise WorkbookRefused(_("The hidden part of this workbook, which ties it to its application, was changed "
                                "or damaged. Download a fresh workbook and copy your answers into it.")) from None
    except ValueError:
        raise _not_ours() from None


def check_binding(binding: Binding, application: Application, indicators: list[Indicator]) -> None:
    if binding.application_id != application.pk:
        raise WorkbookRefused(
            _("This workbook belongs to another application, not to %(kelurahan)s in cycle %(year)s. Download the "
              "workbook from this application's self-assessment page.")
            % {"kelurahan": application.kelurahan.name, "year": application.cycle.year})
    framework = application.framework
    bound = {(item.pk, item.number) for item in binding.indicators}
    current = {(indicator.pk, indicator.number) for indicator in indicators}
    if (binding.framework_id, binding.framework_version) != (framework.pk, framework.version) or bound != current:
        raise WorkbookRefused(
            _("This workbook was made for another version of the criteria framework; the application now uses "
              "“%(framework)s” version %(version)s. Download a fresh workbook and copy your answers into it.")
            % {"framework": framework.name_localized, "version": framework.version})


def _text(table: Table, row: TableRow, key: str) -> str | None:
    value = row.values.get(key)
    try:
        return normalise_cell_text(cell_text(value))
    except NotText:
        table.error(_("expected text, found %(value)s") % {"value": value}, row=row, key=key)
        return None


def _number(table: Table, row: TableRow, numbers: set[int]) -> int | None:
    value = row.values.get("number")
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    if number not in numbers:
        table.error(_("this is not an indicator number of the framework; do not change column A"),
                    row=row, key="number")
        return None
    return number


def _key(text: str) -> str:
    return " ".join(normalise_cell_text(text).split()).casefold()


def _options(indicator: Indicator) -> dict[str, int]:
    """Accepted level texts -> level pk: the drop-down's text, or the label alone (in either language)."""
    options = {}
    for level in indicator.levels.all():
        options[_key(level_option(level))] = level.pk
        for label in (level.label, level.label_en):
            if label:
                options.setdefault(_key(label), level.pk)
    return options


def _choices_text(indicator: Indicator) -> str:
    return "; ".join(f"“{level_option(level)}”" for level in indicator.levels.all())


def _level(table: Table, row: TableRow, indicator: Indicator) -> tuple[bool, int | None, str]:
    """(ok, level pk or None when blank, the cell's text)."""
    value: Any = row.values.get("level")
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None, ""
    if not isinstance(value, str):
        table.error(_("the level must be chosen from the list, one of: %(choices)s; found %(value)s")
                    % {"choices": _choices_text(indicator), "value": value}, row=row, key="level")
        return False, None, ""
    text = normalise_cell_text(value)
    level_id = _options(indicator).get(_key(text))
    if level_id is None:
        table.error(_("the level must be one of: %(choices)s") % {"choices": _choices_text(indicator)},
                    row=row, key="level")
        return False, None, text
    return True, level_id, text


def _indicators(application: Application) -> list[Indicator]:
    return list(application.framework.indicators.order_by("number").prefetch_related(
        Prefetch("levels", queryset=RubricLevel.objects.order_by("points"))))


def parse_offline_workbook(upload: IO[bytes] | bytes, application: Application) -> ParsedWorkbook:
    """Read an uploaded workbook for `application`. Raises `WorkbookRefused` when it cannot be used at all."""
    workbook = load_uploaded_workbook(upload, offline_limits())
    binding = read_binding(workbook)
    indicators = _indicators(application)
    check_binding(binding, application, indicators)
    if ANSWERS_SHEET not in workbook.sheetnames:
        raise WorkbookRefused(_("Sheet “%(sheet)s” is missing; do not rename or delete the sheets.")
                              % {"sheet": ANSWERS_SHEET})
    table = read_table(workbook, sheet_names=[ANSWERS_SHEET], columns=Columns.specs(), limits=offline_limits())
    parsed = ParsedWorkbook(binding=binding, errors=table.errors)
    if table.errors:
        return parsed

    by_number = {indicator.number: indicator for indicator in indicators}
    seen: dict[int, TableRow] = {}
    for row in table.rows:
        number = _number(table, row, set(by_number))
        if number is None:
            continue
        if number in seen:
            table.error(_("indicator %(n)s appears twice (also in row %(row)s)") % {"n": number,
                                                                                   "row": seen[number].number},
                        row=row, key="number")
            continue
        seen[number] = row
        indicator = by_number[number]
        level_ok, level_id, level_text = _level(table, row, indicator)
        narrative = _text(table, row, "narrative")
        note = _text(table, row, "evidence_note")
        if not level_ok or narrative is None or note is None:
            continue
        bound = binding.indicator(number)
        parsed.answers.append(WorkbookAnswer(
            indicator_id=indicator.pk, number=number, level_id=level_id,
            narrative=join_narrative(narrative, note),
            edited=sheet_fingerprint(level_text, narrative, note) != bound.sheet_fingerprint,
            answer_fingerprint=bound.answer_fingerprint,
        ))
    for number in sorted(set(by_number) - set(seen)):
        table.error(_("the row of indicator %(n)s is missing; do not delete rows") % {"n": number})
    parsed.errors = table.errors
    return parsed
