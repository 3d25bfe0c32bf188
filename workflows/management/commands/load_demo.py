from django.core.management.base import BaseCommand, CommandError

from workflows.demo import DemoDataDisabled, load_demo


class Command(BaseCommand):
    help = "Load the demo data (regions, framework, demo accounts and cases). Safe to run again."

    def handle(self, *args, **options):
        try:
            load_demo(log=lambda line: self.stdout.write(line))
        except DemoDataDisabled as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
