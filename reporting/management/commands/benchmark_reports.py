import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enterprise
from improvements.models import Improvement
from reporting.scale_data import generate

BENCHMARK_USER = "benchmark-reports"


class Command(BaseCommand):
    help = (
        "Time the dashboard and the committee report (HTML, XLSX, PDF) as ILO staff see them, after topping the "
        "database up to --enterprises and --improvements with generated data. Run it on a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=10_000)
        parser.add_argument("--improvements", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--start", type=datetime.date.fromisoformat, default=datetime.date(2015, 1, 1))
        parser.add_argument("--end", type=datetime.date.fromisoformat, default=datetime.date(2015, 12, 31))

    def handle(self, *, enterprises, improvements, repeat, start, end, **options):
        missing_enterprises = max(enterprises - Enterprise.objects.count(), 0)
        missing_improvements = max(improvements - Improvement.objects.count(), 0)
        if missing_enterprises or missing_improvements:
            began = time.perf_counter()
            generate(enterprises=missing_enterprises, improvements=missing_improvements)
            self.stdout.write(f"Generated the missing data in {time.perf_counter() - began:.1f} s.")
        self.stdout.write(
            f"Data: {Enterprise.objects.count()} enterprises, {Improvement.objects.count()} improvements "
            f"({connection.vendor}). Period {start} – {end}."
        )
        user, created = get_user_model().objects.get_or_create(
            username=BENCHMARK_USER, defaults={"is_superuser": True, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        period = {"start": start.isoformat(), "end": end.isoformat()}
        pages = [
            ("dashboard", reverse("reporting:dashboard"), period),
            ("committee report (HTML)", reverse("reporting:committee_report"), period),
            ("committee report (XLSX)", reverse("reporting:committee_report"), {**period, "format": "xlsx"}),
            ("committee report (PDF)", reverse("reporting:committee_report"), {**period, "format": "pdf"}),
        ]
        for name, url, params in pages:
            timings = []
            for _run in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(url, params)
                    timings.append(time.perf_counter() - began)
                if response.status_code != 200:
                    self.stderr.write(f"{name}: HTTP {response.status_code}")
            self.stdout.write(
                f"{name:<26} median {statistics.median(timings):6.2f} s  "
                f"(min {min(timings):.2f} s, {len(queries)} queries, {len(response.content) / 1024:.0f} KiB)"
            )
