from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

from demo.management.commands.benchmark_reports import benchmark_users


class Command(BaseCommand):
    help = (
        "Print signed-in sessions for the load test (demo/locustfile.py), one 'role cookie=value' a line: every "
        "third one ILO staff's, the others a coordinator's. On a benchmark database only: the sessions are real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sessions", type=int, default=50)

    def handle(self, *, sessions, **options):
        staff, coordinator = benchmark_users()
        cookie = settings.SESSION_COOKIE_NAME
        for number in range(sessions):
            role, user = ("staff", staff) if number % 3 == 0 else ("coordinator", coordinator)
            client = Client()
            client.force_login(user)
            self.stdout.write(f"{role} {cookie}={client.cookies[cookie].value}")
