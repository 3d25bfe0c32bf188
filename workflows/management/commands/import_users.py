from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessment.excel import WorkbookRefused
from workflows.user_import import UserImportConflict, import_users, read_user_upload

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = (
        "Create users and their role memberships from a workbook with columns username, full name, email, role, "
        "region code (download the template in the CMS under Settings → Import users). The whole workbook is "
        "checked first; one bad row refuses it all. Re-running creates nothing twice. New users get an email to "
        "set their password; a password column is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--check", action="store_true", help="check and count, change nothing, send nothing")
        parser.add_argument("--resend-invitations", action="store_true",
                            help="also email a fresh password link to listed users who never set a password")
        parser.add_argument("--by", metavar="USERNAME", help="the administrator recorded in the audit trail")

    def handle(self, *args, path: Path, check=False, resend_invitations=False, by=None, **options):
        actor = self._actor(by)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            with path.open("rb") as upload:
                parsed = read_user_upload(upload)
        except WorkbookRefused as refused:
            raise CommandError(_("%(path)s was refused: %(reason)s") % {"path": path, "reason": refused.message}) \
                from None
        if not parsed.ok:
            lines = "\n".join(f"  {error}" for error in parsed.errors[:SHOWN_ERRORS])
            if len(parsed.errors) > SHOWN_ERRORS:
                lines += "\n  " + _("… and %(n)s more") % {"n": len(parsed.errors) - SHOWN_ERRORS}
            raise CommandError(
                _("%(path)s was refused, nothing was imported. Problems: %(n)s.")
                % {"path": path, "n": len(parsed.errors)} + "\n" + lines
            )
        try:
            result = import_users(rows=parsed.rows, by=actor, source=path.name,
                                  resend_invitations=resend_invitations, dry_run=check)
        except UserImportConflict as conflict:
            raise CommandError(conflict.message) from None
        summary = _("Rows read: %(rows)s; users created: %(created)s; memberships granted: %(granted)s; "
                    "rows already in place: %(unchanged)s; password-set emails: %(invitations)s.") % {
            "rows": len(parsed.rows), "created": len(result.created), "granted": result.memberships_granted,
            "unchanged": result.rows_unchanged, "invitations": result.invitations}
        if result.dry_run:
            summary = _("Check only, nothing was changed or sent. %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user named %(username)s") % {"username": username}) from None
