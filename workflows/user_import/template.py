"""The blank workbook for the bulk user import: instructions in Indonesian and a sheet to fill."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment.excel import TEXT, Column, Paragraph, TableSheet, UploadLimits, new_workbook, write_instructions
from assessment.models import Level

from ..roles import ROLE_LEVEL, Role
from .parsing import COLUMNS, INSTRUCTIONS_SHEET_NAME, SHEET_NAME, user_import_limits

TEMPLATE_FILENAME = "templat-impor-pengguna.xlsx"
EXAMPLE_CODES = {Level.PROVINCE: "63", Level.CITY: "63.71", Level.VILLAGE: "63.71.02.1004"}
WIDTHS = {"username": 24, "full_name": 30, "email": 32, "role": 24, "region_code": 16}


def _role_lines() -> list[str]:
    lines = []
    for role in Role:
        level = ROLE_LEVEL[role]
        if level is None:
            where = _("leave the region code empty (nation-wide)")
        elif role in (Role.OPERATOR, Role.LURAH):
            where = _("a kelurahan code, e.g. %(code)s") % {"code": EXAMPLE_CODES[level]}
        else:
            where = _("a %(level)s code, e.g. %(code)s") % {"level": level.label.lower(),
                                                            "code": EXAMPLE_CODES[level]}
        lines.append(f"• {role.value} — {role.label}: {where}")
    return lines


def _instructions(workbook: Workbook, limits: UploadLimits) -> None:
    write_instructions(workbook, title=INSTRUCTIONS_SHEET_NAME, heading=_("Template for importing KRPPA users"),
                       paragraphs=[
        _("Fill in sheet “%(sheet)s”: one row per person, at most %(rows)s rows. Keep the header row as it is; "
          "blank rows are skipped.") % {"sheet": SHEET_NAME, "rows": limits.max_rows},
        "",
        Paragraph(_("Columns"), heading=True),
        _("• username — the login name: letters, digits and @ . + - _ only, at most 150 characters."),
        _("• full name — as it should appear in the system."),
        _("• email — the address where a new user receives the link to choose a password."),
        _("• role — choose from the list in the cell (see the roles below)."),
        _("• region code — the Kemendagri code of the region where the person works. The column is formatted "
          "as text so that a code such as 63.10 keeps its zero."),
        "",
        Paragraph(_("Roles and their region"), heading=True),
        *_role_lines(),
        "",
        Paragraph(_("Passwords"), heading=True),
        _("Never write passwords in this workbook; a sheet with a password column is refused. Each new user "
          "receives an email with a link to choose their own password."),
        "",
        Paragraph(_("How the import works"), heading=True),
        _("The whole workbook is checked first. If any row has a problem, nothing is imported and every problem "
          "is listed with its cell, for example “Sheet Pengguna, E7: …”."),
        _("A username that already exists must come with the same email as in the system. Existing users keep "
          "their name and password and only gain the roles they do not have yet."),
        _("Importing the same workbook twice is safe: the second import creates nothing."),
        _("Each person appears once per workbook. To give someone a second role, import another workbook."),
    ])


def build_user_template(*, limits: UploadLimits | None = None) -> Workbook:
    """Instructions, then sheet “Pengguna” with the headers, a role drop-down and a text-formatted code column."""
    limits = limits or user_import_limits()
    workbook = new_workbook()
    _instructions(workbook, limits)
    columns = [Column(column.header, width=WIDTHS[column.key],
                      number_format=TEXT if column.key == "region_code" else None) for column in COLUMNS]
    sheet = TableSheet(workbook, title=SHEET_NAME, columns=columns, autofilter=False)
    role_column = get_column_letter([column.key for column in COLUMNS].index("role") + 1)
    roles = DataValidation(type="list", formula1=f'"{",".join(Role.values)}"', allow_blank=True,
                           showErrorMessage=True, errorTitle=_("Unknown role"),
                           error=_("Choose a role from the list."), showInputMessage=True,
                           promptTitle=_("Role"), prompt=_("Choose a role from the list."))
    roles.add(f"{role_column}2:{role_column}{limits.max_rows + 1}")
    sheet.worksheet.data_validations.append(roles)
    sheet.close()
    return workbook
