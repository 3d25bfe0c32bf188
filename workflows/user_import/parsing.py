"""Step one of the bulk user import: a workbook becomes checked rows or cell-addressed errors.

Nothing here writes to the database; it only reads which regions and users already exist, so every
problem — in the sheet, against the regions, against existing accounts — is found before anything
changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from openpyxl.workbook.workbook import Workbook

from assessment.excel import (
    CellError,
    ColumnSpec,
    NotText,
    Table,
    TableRow,
    UploadLimits,
    cell_text,
    load_uploaded_workbook,
    read_table,
)
from assessment.models import Kind, Region

from ..roles import ROLE_LEVEL, Role

SHEET_NAME = "Pengguna"
INSTRUCTIONS_SHEET_NAME = "Petunjuk"

COLUMNS = [
    ColumnSpec("username", "username", aliases=("nama pengguna", "user name")),
    ColumnSpec("full_name", "full name", aliases=("nama lengkap", "nama", "name")),
    ColumnSpec("email", "email", aliases=("e-mail", "surel", "alamat email")),
    ColumnSpec("role", "role", aliases=("peran",)),
    ColumnSpec("region_code", "region code", aliases=("kode wilayah", "wilayah", "region")),
]
# Passwords never travel in a spreadsheet: a sheet that carries one is refused whole.
PASSWORD_HEADERS = ["password", "passwd", "pwd", "pass", "kata sandi", "sandi", "kata kunci", "password hash"]

NAME_PART_MAX_LENGTH = 150  # Django's first_name and last_name
# Each new membership costs grant_membership about nine queries, and the admin upload runs inside one
# request: 2,000 rows stay well inside a worker's timeout, and cover a whole province's kelurahan staff.
DEFAULT_MAX_ROWS = 2_000


MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # 2,000 users unpack to 0.7 MB (measured); see offline_limits


def user_import_limits() -> UploadLimits:
    return UploadLimits.from_settings(max_rows=getattr(settings, "KRPPA_USER_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
                                      max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES)


@dataclass(frozen=True)
class UserRow:
    row: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    region_code: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class ParsedUsers:
    sheet: str
    rows: list[UserRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _password_refusal() -> str:
    return _("passwords are never imported: delete this column. Each new user receives an email with a link "
             "to choose their own password.")


def _roles_text() -> str:
    return ", ".join(Role.values)


def _text(table: Table, row: TableRow, key: str) -> str | None:
    try:
        return cell_text(row.values.get(key))
    except NotText:
        table.error(_("expected text, found %(value)s") % {"value": row.values.get(key)}, row=row, key=key)
        return None


def _username(table: Table, row: TableRow) -> str | None:
    username = _text(table, row, "username")
    if username is None:
        return None
    if not username:
        table.error(_("the username is missing"), row=row, key="username")
        return None
    try:
        get_user_model()._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        table.error(" ".join(error.messages), row=row, key="username")
        return None
    return username


def _full_name(table: Table, row: TableRow) -> tuple[str, str] | None:
    full_name = _text(table, row, "full_name")
    if full_name is None:
        return None
    full_name = " ".join(full_name.split())
    if not full_name:
        table.error(_("the full name is missing"), row=row, key="full_name")
        return None
    first, _space, last = full_name.partition(" ")
    if len(first) > NAME_PART_MAX_LENGTH or len(last) > NAME_PART_MAX_LENGTH:
        table.error(_("the full name is too long"), row=row, key="full_name")
        return None
    return first, last


def _email(table: Table, row: TableRow) -> str | None:
    email = _text(table, row, "email")
    if email is None:
        return None
    if not email:
        table.error(_("the email address is missing; new users receive their password link there"),
                    row=row, key="email")
        return None
    try:
        validate_email(email)
        get_user_model()._meta.get_field("email").run_validators(email)  # and the column's length (254)
    except ValidationError:
        table.error(_("“%(email)s” is not a valid email address") % {"email": email}, row=row, key="email")
        return None
    return email


def _role(table: Table, row: TableRow) -> str | None:
    role = _text(table, row, "role")
    if role is None:
        return None
    normalised = "_".join(role.lower().replace("-", " ").split())
    if normalised not in Role.values:
        if role:
            message = _("unknown role “%(role)s”; the roles are: %(roles)s") % {"role": role, "roles": _roles_text()}
        else:
            message = _("the role is missing; the roles are: %(roles)s") % {"roles": _roles_text()}
        table.error(message, row=row, key="role")
        return None
    return normalised


def _region_code(table: Table, row: TableRow) -> str | None:
    value = row.values.get("region_code")
    try:
        return cell_text(value)
    except NotText:
        # Excel turns a typed 63.10 into the number 63.1; the code cannot be recovered from it.
        table.error(_("the region code was stored as a number (%(value)s); format the column as Text and type "
                      "the code again, e.g. 63.71") % {"value": value}, row=row, key="region_code")
        return None


def _check_region(table: Table, row: TableRow, role: str, code: str, regions: dict[str, Region]) -> bool:
    level = ROLE_LEVEL[Role(role)]
    role_label = Role(role).label
    if level is None:
        if code:
            table.error(_("a %(role)s works nation-wide; leave the region code empty") % {"role": role_label},
                        row=row, key="region_code")
            return False
        return True
    if not code:
        table.error(_("a %(role)s needs a region code at %(level)s level") % {"role": role_label,
                                                                             "level": level.label},
                    row=row, key="region_code")
        return False
    region = regions.get(code)
    if region is None:
        table.error(_("no region has the code “%(code)s”") % {"code": code}, row=row, key="region_code")
        return False
    if region.level != level:
        table.error(_("a %(role)s works at %(level)s level, but %(code)s (%(name)s) is a %(kind)s")
                    % {"role": role_label, "level": level.label, "code": code, "name": region.name,
                       "kind": region.get_kind_display()}, row=row, key="region_code")
        return False
    if role in (Role.OPERATOR, Role.LURAH) and region.kind != Kind.KELURAHAN:
        table.error(_("operators and lurah belong to a kelurahan, but %(code)s (%(name)s) is a %(kind)s")
                    % {"code": code, "name": region.name, "kind": region.get_kind_display()},
                    row=row, key="region_code")
        return False
    return True


def _regions(codes: Iterable[str]) -> dict[str, Region]:
    return Region.objects.in_bulk([code for code in set(codes) if code])


def _existing_users(rows: list[UserRow]):
    """Accounts that share a username or an email (ignoring case) with any row."""
    User = get_user_model()
    usernames = {row.username.lower() for row in rows}
    emails = {row.email.lower() for row in rows}
    by_username = {user.username.lower(): user for user in
                   User.objects.annotate(username_lower=Lower("username")).filter(username_lower__in=usernames)}
    by_email: dict[str, list] = {}
    for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails):
        by_email.setdefault(user.email.lower(), []).append(user)
    return by_username, by_email


def _check_against_accounts(table: Table, rows: list[tuple[TableRow, UserRow]]) -> None:
    """Report each row that clashes with an existing account, on the cell that clashes."""
    by_username, by_email = _existing_users([user_row for _row, user_row in rows])
    for row, user_row in rows:
        existing = by_username.get(user_row.username.lower())
        if existing is not None and existing.username != user_row.username:
            table.error(_("a user “%(existing)s” already exists; usernames may not differ only in capitals")
                        % {"existing": existing.username}, row=row, key="username")
            continue
        if existing is not None and existing.email.lower() != user_row.email.lower():
            table.error(_("user “%(username)s” already exists with the email %(existing)s, not %(email)s; correct "
                          "the sheet or change the user's email first")
                        % {"username": existing.username, "existing": existing.email or _("(none)"),
                           "email": user_row.email}, row=row, key="email")
        others = [user for user in by_email.get(user_row.email.lower(), []) if user.username != user_row.username]
        if others:
            table.error(_("the email %(email)s already belongs to user “%(other)s”")
                        % {"email": user_row.email, "other": others[0].username}, row=row, key="email")


def parse_user_workbook(workbook: Workbook, *, limits: UploadLimits | None = None) -> ParsedUsers:
    """Every row checked: its own cells, against the other rows, the regions and existing accounts."""
    table = read_table(workbook, sheet_names=[SHEET_NAME], columns=COLUMNS, limits=limits or user_import_limits(),
                       refused_headers={header: _password_refusal() for header in PASSWORD_HEADERS})
    if table.errors:
        return ParsedUsers(sheet=table.sheet, errors=table.errors)

    checked: list[tuple[TableRow, dict]] = []
    for row in table.rows:
        fields = {
            "username": _username(table, row),
            "name": _full_name(table, row),
            "email": _email(table, row),
            "role": _role(table, row),
            "region_code": _region_code(table, row),
        }
        checked.append((row, fields))

    regions = _regions(fields["region_code"] for _row, fields in checked if fields["region_code"])
    first_row_of_username: dict[str, int] = {}
    first_row_of_email: dict[str, tuple[int, str]] = {}
    valid: list[tuple[TableRow, UserRow]] = []
    for row, fields in checked:
        ok = all(value is not None for value in fields.values())
        username, email = fields["username"], fields["email"]
        if username:
            seen = first_row_of_username.setdefault(username.lower(), row.number)
            if seen != row.number:
                table.error(_("username “%(username)s” already appears in row %(row)s; each person appears once")
                            % {"username": username, "row": seen}, row=row, key="username")
                ok = False
        if email and username:
            seen_row, seen_username = first_row_of_email.setdefault(email.lower(), (row.number, username.lower()))
            if seen_username != username.lower():
                table.error(_("email %(email)s is already used for another user in row %(row)s")
                            % {"email": email, "row": seen_row}, row=row, key="email")
                ok = False
        if fields["role"] and fields["region_code"] is not None:
            ok = _check_region(table, row, fields["role"], fields["region_code"], regions) and ok
        if ok:
            first, last = fields["name"]
            valid.append((row, UserRow(row=row.number, username=username, first_name=first, last_name=last,
                                       email=email, role=fields["role"], region_code=fields["region_code"] or None)))

    _check_against_accounts(table, valid)
    if not table.rows:
        table.error(_("the sheet has no users below its header row"), cell="A2")
    table.errors.sort(key=_reading_order)
    if table.errors:
        return ParsedUsers(sheet=table.sheet, errors=table.errors)
    return ParsedUsers(sheet=table.sheet, rows=[user_row for _row, user_row in valid])


def _reading_order(error: CellError) -> tuple[int, int, str]:
    """Errors row by row, left to right, as someone fixing the sheet reads it."""
    digits = "".join(character for character in error.cell if character.isdigit())
    letters = "".join(character for character in error.cell if character.isalpha())
    return (int(digits) if digits else 0, len(letters), letters)


def read_user_upload(upload: IO[bytes] | bytes, *, limits: UploadLimits | None = None) -> ParsedUsers:
    """Check and parse an uploaded user workbook. Raises `WorkbookRefused` for a file that is no .xlsx."""
    limits = limits or user_import_limits()
    workbook = load_uploaded_workbook(upload, limits)
    try:
        return parse_user_workbook(workbook, limits=limits)
    finally:
        workbook.close()
