"""Bulk user import from a workbook: parse (checked rows or cell-addressed errors), then apply."""

from .applying import UserImportConflict, UserImportResult, import_users
from .invitations import password_set_link, send_invitations
from .parsing import COLUMNS, SHEET_NAME, ParsedUsers, UserRow, parse_user_workbook, read_user_upload
from .template import build_user_template

__all__ = [
    "COLUMNS",
    "SHEET_NAME",
    "ParsedUsers",
    "UserImportConflict",
    "UserImportResult",
    "UserRow",
    "build_user_template",
    "import_users",
    "parse_user_workbook",
    "password_set_link",
    "read_user_upload",
    "send_invitations",
]
