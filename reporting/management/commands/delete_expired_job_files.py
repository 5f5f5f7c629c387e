from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.job_services import jobs_delete_expired_files


class Command(BaseCommand):
    help = "Delete the files of background jobs whose download has expired (run it daily, e.g. from cron)."

    def handle(self, **options):
        count = jobs_delete_expired_files(now=timezone.now())
        self.stdout.write(f"Deleted {count} expired download(s).")
