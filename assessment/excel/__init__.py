"""Excel import and export, safe by construction.

Exports build cells with `safe_cell` (text never runs as a formula) in streaming `TableSheet`s.
Imports open uploads with `load_uploaded_workbook` (size, content, zip and macro checks before any
parsing) and read them with `read_table` into rows and cell-addressed errors, without touching the
database; the importing app then applies the rows in one atomic action.
"""

from .cells import FORMULA_TRIGGERS, clean_text, safe_cell, starts_like_formula
from .instrument import build_instrument, instrument_filename
from .reading import CellError, ColumnSpec, NotText, Table, TableRow, cell_text, is_blank, read_table
from .uploads import UploadLimits, WorkbookRefused, check_xlsx_bytes, load_uploaded_workbook, read_upload
from .writing import (
    DATE,
    DECIMAL,
    INTEGER,
    MEAN_POINTS,
    TEXT,
    THOUSANDS,
    XLSX_CONTENT_TYPE,
    Column,
    Paragraph,
    TableSheet,
    new_workbook,
    points_value,
    save_to_temporary_file,
    write_instructions,
    xlsx_response,
)

__all__ = [
    "DATE",
    "DECIMAL",
    "FORMULA_TRIGGERS",
    "INTEGER",
    "MEAN_POINTS",
    "TEXT",
    "THOUSANDS",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "Column",
    "ColumnSpec",
    "NotText",
    "Paragraph",
    "Table",
    "TableRow",
    "TableSheet",
    "UploadLimits",
    "WorkbookRefused",
    "build_instrument",
    "cell_text",
    "check_xlsx_bytes",
    "clean_text",
    "instrument_filename",
    "is_blank",
    "load_uploaded_workbook",
    "new_workbook",
    "points_value",
    "read_table",
    "read_upload",
    "safe_cell",
    "save_to_temporary_file",
    "starts_like_formula",
    "write_instructions",
    "xlsx_response",
]
