import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessment.excel.recap import build_recap
from assessment.models import Region
from assessment.models.regions import CODE_PATTERN


class Command(BaseCommand):
    help = (
        "Write the recap (rekapitulasi) of a region's applications to an .xlsx file: a summary one region level "
        "down and one row per application with its stage, days in stage, overdue flag and self/city/province "
        "points. A system export: it sees every application in the region."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="a Kemendagri code, e.g. 63 or 63.71")
        parser.add_argument("--cycle", type=int, metavar="YEAR", help="only the cycles of this year")
        parser.add_argument("--output", required=True, type=Path, help="the .xlsx file to write")

    def handle(self, *args, region: str, cycle: int | None, output: Path, **options):
        if not CODE_PATTERN.match(region):
            raise CommandError(_("“%(code)s” is not a region code such as 63 or 63.71.") % {"code": region})
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(_("There is no region with code %(code)s; import it first (import_regions).")
                               % {"code": region})
        if not output.parent.is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": output.parent})
        started = time.perf_counter()
        workbook = build_recap(found, cycle)
        # Rows stream to temporary files as they are written; saving joins them into the workbook.
        workbook.save(output)
        self.stdout.write(self.style.SUCCESS(
            _("Recap of %(region)s written to %(path)s in %(seconds).1f s.")
            % {"region": found.name, "path": output, "seconds": time.perf_counter() - started}))
