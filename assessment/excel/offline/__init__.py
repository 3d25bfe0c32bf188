"""The offline self-assessment workbook: download an application's answers, fill them in Excel, upload.

`build_offline_workbook` writes it; `parse_offline_workbook` reads an upload into checked answers or
cell-addressed errors without writing; `apply_offline_workbook` saves a fully valid one in one
transaction through `assessment.actions.save_answers`.
"""

from .applying import AnswerChange, KeptAnswer, LevelShown, WorkbookResult, apply_offline_workbook
from .building import build_offline_workbook, workbook_filename
from .layout import (
    ANSWERS_SHEET,
    BINDING_SHEET,
    EVIDENCE_NOTE_HEADING,
    INSTRUCTIONS_SHEET,
    LEVELS_SHEET,
    Binding,
    join_narrative,
    split_narrative,
    workbook_language,
)
from .parsing import ParsedWorkbook, WorkbookAnswer, offline_limits, parse_offline_workbook

__all__ = [
    "ANSWERS_SHEET",
    "BINDING_SHEET",
    "EVIDENCE_NOTE_HEADING",
    "INSTRUCTIONS_SHEET",
    "LEVELS_SHEET",
    "AnswerChange",
    "Binding",
    "KeptAnswer",
    "LevelShown",
    "ParsedWorkbook",
    "WorkbookAnswer",
    "WorkbookResult",
    "apply_offline_workbook",
    "build_offline_workbook",
    "join_narrative",
    "offline_limits",
    "parse_offline_workbook",
    "split_narrative",
    "workbook_filename",
    "workbook_language",
]
