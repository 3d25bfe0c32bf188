from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.framework_fixture import load_framework_file


class Command(BaseCommand):
    help = "Load and publish a criteria framework from its JSON file (an existing slug is left unchanged)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            framework, created = load_framework_file(path)
        except (ValueError, KeyError) as error:
            raise CommandError(f"{path} was refused: {error}") from error
        verb = "loaded" if created else "already present, left unchanged"
        self.stdout.write(self.style.SUCCESS(f"Framework {framework.slug}: {verb}."))
