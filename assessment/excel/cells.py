"""Writing one cell safely: text is shown as text and never run as a formula.

A spreadsheet program treats a typed value that begins with `=`, `+`, `-` or `@` (and, in some
versions, a leading tab or carriage return) as a formula. Names, narratives and criteria texts come
from people, so an export that copies them into cells must not let `=HYPERLINK(...)` or a DDE call
turn into something Excel or LibreOffice runs when someone opens or edits the file ("CSV/formula
injection"). Every export builds its cells through `safe_cell`.
"""

import datetime
from copy import copy
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses to open a file with a longer cell text.
MAX_CELL_TEXT = 32_767


def clean_text(text: str) -> str:
    """`text` without the control characters the xlsx format cannot hold, cut to Excel's cell limit.

    Line ends become "\n": XML turns a stored carriage return into a line feed anyway, so this keeps
    the value we write equal to the value everyone reads back.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def safe_cell(
    worksheet: WriteOnlyWorksheet,
    value: Any,
    *,
    number_format: str | None = None,
    font: Font | None = None,
    alignment: Alignment | None = None,
    style: StyleArray | None = None,
) -> WriteOnlyCell:
    """A cell for a write-only worksheet in which any text stays text.

    Text is stored as a string cell (openpyxl would otherwise store "=…" as a formula). Text that a
    spreadsheet would read as a formula also gets the cell's quote-prefix flag: the xlsx form of
    typing a leading apostrophe, so the value shows exactly as written and stays text even when a
    user edits the cell and presses Enter.

    `style` is a ready-made style (see `column_style`): a long export gives every cell of a column the
    same format, and copying it is far cheaper than setting the format and alignment cell by cell.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # xlsx has no time zones; people read times in the project's zone (WITA).
        value = timezone.make_naive(value)
    cell = WriteOnlyCell(worksheet)
    if style is not None:
        # Before the value: a date then keeps a date format of its own where the column has none.
        cell._style = copy(style)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if starts_like_formula(value) or starts_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def column_style(worksheet: WriteOnlyWorksheet, *, number_format: str | None = None,
                 alignment: Alignment | None = None) -> StyleArray:
    """The style of a cell with this number format and alignment, to pass to `safe_cell(style=…)`."""
    cell = WriteOnlyCell(worksheet)
    if number_format:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    return copy(cell._style)
