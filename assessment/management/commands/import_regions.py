from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"No such file: {path}")
        parsed = parse_region_csv(path.read_bytes(), prefix=prefix)
        if not parsed.ok:
            lines = "\n".join(f"  line {line}: {message}" for line, message in parsed.errors[:200])
            more = len(parsed.errors) - 200
            if more > 0:
                lines += f"\n  … and {more} more"
            raise CommandError(
                f"{path} was refused: {len(parsed.errors)} bad line(s); nothing was imported.\n{lines}"
            )
        result = apply_regions(parsed.rows)
        self.stdout.write(self.style.SUCCESS(
            f"{len(parsed.rows)} regions read: {result.created} created, {result.updated} renamed, "
            f"{result.unchanged} unchanged."
        ))
