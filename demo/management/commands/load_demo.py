from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import demo_counts, load_demo, logins
from partners.models import Partner


class Command(BaseCommand):
    help = "Load the SCORE China demo data (summer 2015 newsletter) and its demo users. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database has any partner.")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, if_empty, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates users with a published password, so it only runs with DEBUG=true. "
                "Use --force to load the demo data anyway."
            )
        if if_empty and Partner.objects.exists():
            self.stdout.write("The database already has partners: demo data not loaded.")
        else:
            load_demo()
            self.write_counts()
        self.write_logins()

    def write_counts(self):
        counts = demo_counts()
        width = max(len(label) for label, _ in counts)
        self.stdout.write(self.style.SUCCESS("Demo data loaded (SCORE China, summer 2015):"))
        for label, count in counts:
            self.stdout.write(f"  {label:<{width}}  {count:>4}")

    def write_logins(self):
        rows = [("Username", "Password", "Role"), *logins()]
        width = max(len(username) for username, _, _ in rows)
        self.stdout.write("Demo logins:")
        for username, password, role in rows:
            self.stdout.write(f"  {username:<{width}}  {password:<15}  {role}")
