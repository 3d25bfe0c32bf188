"""Streaming workbooks: write-only sheets with a frozen header, filters, widths and number formats.

Rows go straight to disk as they are appended (openpyxl `write_only=True`), so an export's memory
does not grow with its length; the finished file is served from a temporary file.
"""

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .cells import column_style, safe_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="5B2A86")  # the site's primary colour
TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# Number formats with the same meaning in Excel and LibreOffice, whatever the user's locale.
INTEGER = "0"
THOUSANDS = "#,##0"
DECIMAL = "0.0"
MEAN_POINTS = "0.0#"  # panel means: 62.5 and 58.33 as they are, whole points as 75.0
DATE = "yyyy-mm-dd"
TEXT = "@"


def points_value(value: Decimal | int | None) -> Decimal | int | None:
    """Points for a number cell: whole points as an integer, panel means with their decimals."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None
    wrap: bool = False


def new_workbook() -> Workbook:
    return Workbook(write_only=True, iso_dates=True)


class TableSheet:
    """A sheet of one header row and data rows, every cell written through `safe_cell`.

    Call `close()` after the last row: the filter range is only known then.
    """

    def __init__(self, workbook: Workbook, *, title: str, columns: Sequence[Column],
                 freeze_header: bool = True, autofilter: bool = True):
        self.worksheet: WriteOnlyWorksheet = workbook.create_sheet(title=title)
        self.columns = list(columns)
        self.autofilter = autofilter
        self.rows_written = 0
        self._styles = [column_style(self.worksheet, number_format=column.number_format,
                                     alignment=WRAP if column.wrap else TOP) for column in self.columns]
        for index, column in enumerate(self.columns, start=1):
            dimension = self.worksheet.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            if column.number_format:
                # The column's own format also applies to what a user types into its empty cells.
                dimension.number_format = column.number_format
        if freeze_header:
            self.worksheet.freeze_panes = "A2"
        self._append_header()

    @property
    def last_column(self) -> str:
        return get_column_letter(len(self.columns))

    def _append_header(self):
        cells = []
        for column in self.columns:
            cell = safe_cell(self.worksheet, column.header, font=HEADER_FONT, alignment=WRAP)
            cell.fill = HEADER_FILL
            cells.append(cell)
        self.worksheet.append(cells)
        self.rows_written = 1

    def append(self, values: Sequence[Any]) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} values, got {len(values)}")
        # A blank stays a missing cell: nothing to write, and the column's own format covers typing into it.
        self.worksheet.append([None if value is None else safe_cell(self.worksheet, value, style=style)
                               for style, value in zip(self._styles, values, strict=True)])
        self.rows_written += 1

    def close(self) -> None:
        if self.autofilter:
            self.worksheet.auto_filter.ref = f"A1:{self.last_column}{self.rows_written}"


@dataclass(frozen=True)
class Paragraph:
    """One line of an instructions sheet; `heading` lines are bold."""

    text: str
    heading: bool = False


def write_instructions(workbook: Workbook, *, title: str, heading: str, paragraphs: Iterable[Paragraph | str],
                       width: float = 110) -> WriteOnlyWorksheet:
    """A one-column sheet of readable text (a "Petunjuk" sheet)."""
    worksheet = workbook.create_sheet(title=title)
    worksheet.column_dimensions["A"].width = width
    worksheet.sheet_view.showGridLines = False
    worksheet.append([safe_cell(worksheet, heading, font=TITLE_FONT)])
    worksheet.append([])
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            paragraph = Paragraph(paragraph)
        if not paragraph.text:
            worksheet.append([])
            continue
        worksheet.append([safe_cell(worksheet, paragraph.text, alignment=WRAP,
                                    font=HEADING_FONT if paragraph.heading else None)])
    return worksheet


def save_to_temporary_file(workbook: Workbook) -> IO[bytes]:
    """The finished workbook in an anonymous temporary file, rewound, for streaming out."""
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_response(workbook: Workbook, *, filename: str) -> FileResponse:
    return FileResponse(save_to_temporary_file(workbook), as_attachment=True, filename=filename,
                        content_type=XLSX_CONTENT_TYPE)
