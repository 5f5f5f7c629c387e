from django.core.management.base import BaseCommand

from reporting.tasks import reminders_send


class Command(BaseCommand):
    help = (
        "Queue the reminders of follow-up measurements due and rounds overdue to close (run daily or weekly from "
        "cron; a reminder is repeated at most once a week)."
    )

    def handle(self, *args, **options):
        reminders_send.enqueue()
        self.stdout.write("Reminders queued.")
