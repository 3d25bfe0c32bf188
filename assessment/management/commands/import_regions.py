from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessment.region_import import apply_regions, parse_region_csv


class Command(BaseCommand):
    help = (
        "Import Kemendagri regions from a CSV with columns code,name "
        "(e.g. ../shared/data/wilayah_kemendagri_2025.csv). Re-running updates names and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--prefix", help="only this region and everything below it, e.g. 63")

    def handle(self, *args, path: Path, prefix=None, **options):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        parsed = parse_region_csv(path.read_bytes(), prefix=prefix)
        if not parsed.ok:
            lines = "\n".join(_("  line %(line)s: %(message)s") % {"line": line, "message": message}
                              for line, message in parsed.errors[:200])
            more = len(parsed.errors) - 200
            if more > 0:
                lines += "\n" + _("  … and %(count)s more") % {"count": more}
            raise CommandError(
                _("%(path)s was refused: %(count)s bad line(s); nothing was imported.")
                % {"path": path, "count": len(parsed.errors)} + "\n" + lines
            )
        result = apply_regions(parsed.rows)
        self.stdout.write(self.style.SUCCESS(
            _("%(read)s regions read: %(created)s created, %(updated)s renamed, %(unchanged)s unchanged.")
            % {"read": len(parsed.rows), "created": result.created, "updated": result.updated,
               "unchanged": result.unchanged}
        ))
