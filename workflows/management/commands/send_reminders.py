import time

from django.core.management.base import BaseCommand

from workflows.reminders import send_reminders


class Command(BaseCommand):
    help = ("Remind overdue tasks by e-mail, once a day: to those who may act and, after the cycle's grace days, "
            "to the coordinator. Safe to run more than once a day.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        run = send_reminders()
        seconds = time.perf_counter() - started
        if run.lost_race:
            self.stdout.write(self.style.WARNING("Another run sent today's reminders; nothing sent."))
        self.stdout.write(
            f"{run.open_tasks} open task(s), {run.overdue} overdue; {run.reminders} reminder(s) in {run.emails} "
            f"e-mail(s); {run.already_sent} already sent today. {seconds:.1f} s.")
