from django.core.management.base import BaseCommand

from partners.tasks import digests_enqueue


class Command(BaseCommand):
    help = "Queue the weekly e-mail digest of every user who has notifications waiting for it (run weekly from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{digests_enqueue()} digest(s) queued.")
