import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners import roles
from partners.models import Partner, PartnerMembership
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.renderers import render_document, render_pdf, render_xlsx

STAFF_USER = "benchmark-staff"
COORDINATOR_USER = "benchmark-coordinator"


def benchmark_users():
    """ILO staff (a superuser, for the admin) and the coordinator of the partner that recruited most enterprises.
    Made once; they cannot sign in with a password."""
    users = get_user_model().objects
    staff, created = users.get_or_create(username=STAFF_USER, defaults={"is_superuser": True, "is_staff": True})
    if created:
        staff.set_unusable_password()
        staff.save(update_fields=["password"])
        staff.groups.add(Group.objects.get(name=roles.ILO_STAFF))
    coordinator, created = users.get_or_create(username=COORDINATOR_USER)
    if created:
        coordinator.set_unusable_password()
        coordinator.save(update_fields=["password"])
        coordinator.groups.add(Group.objects.get(name=roles.PARTNER_COORDINATOR))
        partner = Partner.objects.filter(code__startswith="scale-", kind=Partner.Kind.EMPLOYERS_ORGANISATION).first()
        if partner is None:
            raise CommandError("No generated partner: run generate_scale_data first.")
        PartnerMembership.objects.create(user=coordinator, partner=partner, role=PartnerMembership.Role.COORDINATOR)
    return staff, coordinator


class Command(BaseCommand):
    help = (
        "Time (median of --repeat runs, with their SQL queries) the pages of issue 16's table as ILO staff and as a "
        "coordinator, and the work of the report's XLSX and PDF tasks, on the data already in the database "
        "(generate_scale_data). Run it on a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--start", type=datetime.date.fromisoformat, default=datetime.date(2015, 1, 1))
        parser.add_argument("--end", type=datetime.date.fromisoformat, default=datetime.date(2015, 12, 31))
        parser.add_argument(
            "--only", help="Time only the pages whose name contains one of these texts, separated by commas."
        )

    def handle(self, *, repeat, start, end, only, **options):
        self.stdout.write(
            f"Data: {Enterprise.objects.count()} enterprises, {Improvement.objects.count()} improvements "
            f"({connection.vendor}). Period {start} – {end}."
        )
        staff, coordinator = benchmark_users()
        clients = {}
        for user in (staff, coordinator):
            clients[user] = Client(HTTP_HOST="localhost")
            clients[user].force_login(user)
        period = {"start": start.isoformat(), "end": end.isoformat()}
        filters = ReportFilters(start=start, end=end)

        def page(user, url, query=None):
            def fetch():
                response = clients[user].get(url, query)
                if response.status_code != 200:
                    self.stderr.write(f"{url}: HTTP {response.status_code}")
                if response.streaming:
                    return sum(len(chunk) for chunk in response.streaming_content)
                return len(response.content)

            return fetch

        def task_work(render):
            # What the background task does for a download: the request itself only queues it.
            def run():
                with translation.override("en"):
                    return len(render(CommitteeReport(staff, filters)))

            return run

        admin_improvements = reverse("admin:improvements_improvement_changelist")
        export = reverse("dataexchange:export", args=["enterprises", "csv"])
        measures = [
            ("dashboard, a year (staff)", page(staff, reverse("reporting:dashboard"), period)),
            ("dashboard, a year (coordinator)", page(coordinator, reverse("reporting:dashboard"), period)),
            ("committee report HTML, a year (staff)", page(staff, reverse("reporting:committee_report"), period)),
            ("committee report XLSX task work", task_work(lambda report: render_xlsx(report.tables()))),
            ("committee report PDF task work", task_work(lambda report: render_pdf(render_document(report)))),
            ("improvements list (coordinator)", page(coordinator, reverse("improvements:improvement_list"))),
            ("improvements list (staff)", page(staff, reverse("improvements:improvement_list"))),
            ("enterprise list (coordinator)", page(coordinator, reverse("enterprises:enterprise_list"))),
            ("round list (staff)", page(staff, reverse("trainings:round_list"))),
            ("home page (coordinator)", page(coordinator, reverse("home"))),
            ("admin improvements changelist", page(staff, admin_improvements)),
            ("admin improvements search", page(staff, admin_improvements, {"q": "12345"})),
            (
                "admin improvements search, a word in every title",
                page(staff, admin_improvements, {"q": "improvement 12345"}),
            ),
            ("admin enterprises search", page(staff, reverse("admin:enterprises_enterprise_changelist"), {"q": "77"})),
            (
                "enterprises export CSV (staff)",
                page(staff, export),
            ),
            (
                "enterprises export XLSX (staff)",
                page(staff, export.replace(".csv", ".xlsx")),
            ),
        ]
        self.stdout.write("| page | median s | min s | queries | KiB |\n|---|---|---|---|---|")
        for name, measure in measures:
            if only and not any(text in name for text in only.split(",")):
                continue
            timings = []
            for _run in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    size = measure()
                    timings.append(time.perf_counter() - began)
            self.stdout.write(
                f"| {name} | {statistics.median(timings):.2f} | {min(timings):.2f} | {len(queries)} | "
                f"{size / 1024:.0f} |"
            )
