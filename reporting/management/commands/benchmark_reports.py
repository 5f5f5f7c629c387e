import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enterprises.models import Enterprise
from improvements.models import Improvement
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.renderers import render_document, render_pdf, render_xlsx
from reporting.scale_data import generate

BENCHMARK_USER = "benchmark-reports"


class Command(BaseCommand):
    help = (
        "Time the dashboard and the committee report (the HTML page; the XLSX and PDF tasks' work) as ILO staff see "
        "them, after topping the "
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
        filters = ReportFilters(start=start, end=end)

        def page(url):
            def fetch():
                response = client.get(url, period)
                if response.status_code != 200:
                    self.stderr.write(f"{url}: HTTP {response.status_code}")
                return len(response.content)

            return fetch

        def task_work(render):
            # What the background task does for a download: the request itself only queues it.
            def run():
                with translation.override("en"):
                    return len(render(CommitteeReport(user, filters)))

            return run

        measures = [
            ("dashboard", page(reverse("reporting:dashboard"))),
            ("committee report (HTML)", page(reverse("reporting:committee_report"))),
            ("committee report (XLSX) task", task_work(lambda report: render_xlsx(report.tables()))),
            ("committee report (PDF) task", task_work(lambda report: render_pdf(render_document(report)))),
        ]
        for name, measure in measures:
            timings = []
            for _run in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    size = measure()
                    timings.append(time.perf_counter() - began)
            self.stdout.write(
                f"{name:<30} median {statistics.median(timings):6.2f} s  "
                f"(min {min(timings):.2f} s, {len(queries)} queries, {size / 1024:.0f} KiB)"
            )
