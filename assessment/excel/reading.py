"""Reading a table from an uploaded workbook into rows, with errors that name sheet and cell.

The first step of every Excel import ("parse"): it never writes to the database. The second step
("apply") takes the typed rows and is one atomic action of the importing app.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from .uploads import UploadLimits, damaged


@dataclass(frozen=True)
class CellError:
    """A problem in one cell (or, with no `cell`, in the sheet as a whole)."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.cell:
            return _("Sheet %(sheet)s, %(cell)s: %(message)s") % {
                "sheet": self.sheet, "cell": self.cell, "message": self.message}
        return _("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}


@dataclass(frozen=True)
class ColumnSpec:
    """A column found by its header text: `header` as our templates write it, or any alias."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def matches(self, text: str) -> bool:
        return normalise_header(text) in {normalise_header(name) for name in (self.header, *self.aliases)}


@dataclass(frozen=True)
class TableRow:
    number: int
    values: Mapping[str, Any]
    columns: Mapping[str, int]

    def address(self, key: str) -> str:
        return f"{get_column_letter(self.columns[key])}{self.number}"


@dataclass
class Table:
    sheet: str
    rows: list[TableRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    def error(self, message: str, *, row: TableRow | None = None, key: str | None = None, cell: str = "") -> None:
        if row is not None and key is not None:
            cell = row.address(key)
        self.errors.append(CellError(self.sheet, cell, message))


def normalise_header(text: Any) -> str:
    """'Full_Name ', 'full name' and 'FULL-NAME' are one header."""
    if text is None:
        return ""
    return " ".join(str(text).replace("_", " ").replace("-", " ").lower().split())


def _pick_sheet(workbook: Workbook, sheet_names: Sequence[str]):
    for name in sheet_names:
        if name in workbook.sheetnames:
            return workbook[name]
    # A workbook someone made by hand may call its only sheet anything.
    return workbook.worksheets[0]


def _raw_rows(worksheet, limits: UploadLimits) -> list[tuple]:
    """The header and data rows within the limits, plus one row and one column more to notice excess.

    Both bounds are explicit: the <dimension> a file declares may claim a million rows, and a single
    cell far to the right would otherwise widen every row that openpyxl builds.
    """
    worksheet.reset_dimensions()
    try:
        return list(worksheet.iter_rows(min_row=1, max_row=limits.max_rows + 2, max_col=limits.max_columns + 1,
                                        values_only=True))
    except Exception as error:  # a damaged or hostile sheet part fails in many ways inside openpyxl
        raise damaged() from error


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(workbook: Workbook, *, sheet_names: Sequence[str], columns: Sequence[ColumnSpec],
               limits: UploadLimits, refused_headers: Mapping[str, str] | None = None) -> Table:
    """Rows of the first sheet named in `sheet_names` (or the first sheet), keyed by column.

    Headers not in `columns` are errors; `refused_headers` maps a normalised header to a more
    specific message (e.g. a password column). Blank rows are skipped.
    """
    worksheet = _pick_sheet(workbook, sheet_names)
    table = Table(sheet=worksheet.title)
    raw = _raw_rows(worksheet, limits)
    if not raw or all(is_blank(value) for value in raw[0]):
        table.error(_("the first row must hold the column headers: %(headers)s")
                    % {"headers": ", ".join(column.header for column in columns)}, cell="A1")
        return table

    header = raw[0]
    if len(header) > limits.max_columns and any(not is_blank(value) for value in header[limits.max_columns:]):
        table.error(_("the sheet has more than %(n)s columns") % {"n": limits.max_columns})
        return table
    positions: dict[str, int] = {}
    refused_headers = refused_headers or {}
    for index, text in enumerate(header, start=1):
        if is_blank(text):
            continue
        address = f"{get_column_letter(index)}1"
        normalised = normalise_header(text)
        if normalised in refused_headers:
            table.error(refused_headers[normalised], cell=address)
            continue
        column = next((column for column in columns if column.matches(text)), None)
        if column is None:
            table.error(_("unknown column “%(header)s”; the columns are: %(headers)s")
                        % {"header": text, "headers": ", ".join(column.header for column in columns)}, cell=address)
        elif column.key in positions:
            table.error(_("column “%(header)s” appears twice") % {"header": text}, cell=address)
        else:
            positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            table.error(_("column “%(header)s” is missing") % {"header": column.header}, cell="A1")
    if table.errors:
        return table

    data = raw[1:]
    if len(data) > limits.max_rows and any(not is_blank(value) for value in data[limits.max_rows]):
        table.error(_("the sheet has more than %(n)s rows; split it into several workbooks")
                    % {"n": limits.max_rows})
        return table
    headed = set(positions.values())
    for offset, values in enumerate(data[:limits.max_rows], start=2):
        picked = {key: values[index - 1] if index <= len(values) else None for key, index in positions.items()}
        stray = [index for index, value in enumerate(values, start=1)
                 if index not in headed and not is_blank(value)]
        for index in stray:
            # Data under no header is a shifted column or a note; guessing would import it wrongly.
            table.error(_("this cell is in a column without a header"), cell=f"{get_column_letter(index)}{offset}")
        if stray or all(is_blank(value) for value in picked.values()):
            continue
        table.rows.append(TableRow(number=offset, values=picked, columns=positions))
    return table


class NotText(ValueError):
    pass


def cell_text(value: Any) -> str:
    """A cell read as text: strings stripped, whole numbers as digits, blank as "".

    Raises `NotText` for a fraction, date or other value that has no single written form.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise NotText(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise NotText(value)
