from django.core.management.base import BaseCommand

from reporting.stored_figures import count_ahead


class Command(BaseCommand):
    help = (
        "Queue the counts of today's figures for the readers whose dashboard, committee report or data-quality page a "
        "task counted yesterday, their default period moved on to today's (run from cron just after midnight)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{count_ahead()} counts queued.")
