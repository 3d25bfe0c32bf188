import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workflows.expiry import run_expiry


class Command(BaseCommand):
    help = ("End designations whose validity has run out and warn the city and province coordinators of those "
            "expiring within six months. Run daily; a second run sends nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must look like 2026-01-31, not {options['date']!r}.") from error
        run = run_expiry(today=today)
        self.stdout.write(f"{today}: {len(run.expired)} designation(s) expired, {len(run.expiring)} newly "
                          f"expiring within six months, {run.emails} email(s) sent.")
