"""Step two of the bulk user import: checked rows become accounts and memberships, all or nothing."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessment.models import AuditEvent, Region

from ..actions import grant_membership
from ..models import Membership
from .invitations import send_invitations
from .parsing import UserRow


class UserImportConflict(Exception):
    """The accounts changed between checking and applying; nothing was imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UserImportResult:
    created: list[str] = field(default_factory=list)
    memberships_granted: int = 0
    rows_unchanged: int = 0
    invitations: int = 0
    dry_run: bool = False


class _DryRun(Exception):
    def __init__(self, result: UserImportResult):
        super().__init__()
        self.result = result


def import_users(*, rows: Sequence[UserRow], by=None, source: str = "", resend_invitations: bool = False,
                 dry_run: bool = False) -> UserImportResult:
    """Create the missing accounts and grant the missing memberships of parsed `rows`.

    Idempotent: an account that exists keeps its name and password and only gains what it lacks.
    New accounts have no usable password; their password-set emails go out after commit. With
    `resend_invitations`, listed accounts that never set a password get a fresh link too. `dry_run`
    does all the work and rolls it back, so the counts are exact and nothing changes or is sent.
    """
    try:
        return _apply(rows=rows, by=by, source=source, resend_invitations=resend_invitations, dry_run=dry_run)
    except _DryRun as done:
        return replace(done.result, dry_run=True)
    except IntegrityError as error:
        raise UserImportConflict(_("Some of these users were changed while the import ran, so nothing was "
                                   "imported. Check the workbook again and repeat the import.")) from error


@transaction.atomic
def _apply(*, rows: Sequence[UserRow], by, source: str, resend_invitations: bool, dry_run: bool) -> UserImportResult:
    User = get_user_model()
    existing = {user.username: user for user in User.objects.filter(username__in=[row.username for row in rows])}
    regions = Region.objects.in_bulk([row.region_code for row in rows if row.region_code])
    # Read once what is already held, so a re-import costs a query, not a membership check per row.
    held = set(Membership.objects.filter(user__username__in=list(existing))
               .values_list("user__username", "role", "region_id"))
    created, to_invite = [], []
    granted = unchanged = 0
    for row in rows:
        user = existing.get(row.username)
        changed = False
        if user is None:
            user = _create_user(row, by=by, source=source)
            existing[row.username] = user
            created.append(user.username)
            to_invite.append(user.pk)
            changed = True
        elif user.email.lower() != row.email.lower():
            raise UserImportConflict(_("The email of user “%(username)s” changed after the workbook was checked, "
                                       "so nothing was imported. Check the workbook again.")
                                     % {"username": user.username})
        elif resend_invitations and not user.has_usable_password() and user.last_login is None:
            to_invite.append(user.pk)
        if (row.username, row.role, row.region_code) in held:
            membership_created = False
        else:
            _membership, membership_created = grant_membership(
                user=user, role=row.role, region=regions.get(row.region_code) if row.region_code else None, by=by)
        if membership_created:
            granted += 1
            changed = True
        if not changed:
            unchanged += 1

    result = UserImportResult(created=created, memberships_granted=granted, rows_unchanged=unchanged,
                              invitations=len(to_invite))
    if dry_run:
        raise _DryRun(result)
    if to_invite:
        # After commit: a rolled-back import must not have mailed anyone a link to an account that
        # does not exist. `robust` keeps a mail-server failure from turning a done import into an error.
        transaction.on_commit(partial(send_invitations, to_invite), robust=True)
    return result


def _create_user(row: UserRow, *, by, source: str):
    User = get_user_model()
    user = User(username=row.username, first_name=row.first_name, last_name=row.last_name, email=row.email)
    # No password from anyone but the user: the emailed link sets it.
    user.set_unusable_password()
    user.save()
    AuditEvent.record(actor=by, action="user.created", obj=user,
                      after={"username": user.username, "full_name": row.full_name, "email": user.email},
                      note=f"{source} row {row.row}".strip())
    return user
