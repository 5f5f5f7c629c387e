import datetime
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from demo import benchmark_limits
from enterprises.models import Enterprise
from improvements.models import Improvement
from partners import roles
from partners.models import Partner, PartnerMembership
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.models import StoredFigures
from reporting.pages import counted
from reporting.periods import reporting_day
from reporting.renderers import render_document, render_pdf, render_xlsx
from reporting.tasks import stored_figures_count

STAFF_USER = "benchmark-staff"
# Issue 16's goals at 480,000 enterprises / 5,000,000 improvements, in seconds of server time.
PAGE_GOAL = 0.3
REPORT_GOAL = 1.0
REQUEST_GOAL = 2.0


@dataclass
class Timing:
    median: float
    least: float


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
        parser.add_argument(
            "--scale",
            action="store_true",
            help="Print each page's goal at 480,000 enterprises beside its time and, for the dashboard and the report, "
            "the limit: the same figures by hand-written SQL over the summary tables (PostgreSQL), and the ratio.",
        )

    def handle(self, *, repeat, start, end, only, scale, **options):
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

        def page(user, url, query=None, *, post=False):
            def fetch():
                send = clients[user].post if post else clients[user].get
                response = send(url, query)
                if response.status_code != (302 if post else 200):
                    self.stderr.write(f"{url}: HTTP {response.status_code}")
                if response.streaming:
                    return sum(len(chunk) for chunk in response.streaming_content)
                return len(response.content)

            return fetch

        def counting(user, page_name):
            # What the page counts: in the request for a reader whose figures count quickly, else in a background task.
            def run():
                with translation.override("en"):
                    return len(counted(page_name, user, period, reporting_day(user)).html)

            return run

        def kept(user, url):
            # The page as read once its figures are kept: a first request, not timed, counts them, or asks a task to,
            # which runs here (no worker runs beside the benchmark).
            fetch = page(user, url, period)

            def prepare():
                fetch()
                for key in StoredFigures.objects.filter(requested_at__isnull=False).values_list("key", flat=True):
                    stored_figures_count.call(key=key)

            fetch.prepare = prepare
            return fetch

        def task_work(render):
            # What the background task does for a download: the request itself only queues it.
            def run():
                with translation.override("en"):
                    return len(render(CommitteeReport(staff, filters)))

            return run

        admin_improvements = reverse("admin:improvements_improvement_changelist")
        export = reverse("dataexchange:export", args=["enterprises", "csv"])
        report_download = reverse("reporting:committee_report_download")
        first_improvement = Improvement.objects.order_by("pk").values_list("pk", flat=True).first()
        first_enterprise = Enterprise.objects.order_by("pk").values_list("pk", flat=True).first()
        dashboard_limit = self.limit(lambda: benchmark_limits.run_dashboard(staff, start, end))
        report_limit = self.limit(lambda: benchmark_limits.run_report(start, end))
        dashboard, report = reverse("reporting:dashboard"), reverse("reporting:committee_report")
        # (page, what to time, goal in seconds at 480,000 enterprises or None for task work, the limit or None)
        measures = [
            ("dashboard, a year (staff): counting the figures", counting(staff, "dashboard"), None, dashboard_limit),
            ("dashboard, a year (coordinator): counting the figures", counting(coordinator, "dashboard"), None, None),
            ("dashboard, a year (staff)", kept(staff, dashboard), REPORT_GOAL, None),
            ("dashboard, a year (coordinator)", kept(coordinator, dashboard), REPORT_GOAL, None),
            (
                "committee report, a year (staff): counting the figures",
                counting(staff, "committee"),
                None,
                report_limit,
            ),
            (
                "committee report, a year (coordinator): counting the figures",
                counting(coordinator, "committee"),
                None,
                None,
            ),
            ("committee report HTML, a year (staff)", kept(staff, report), REPORT_GOAL, None),
            ("committee report HTML, a year (coordinator)", kept(coordinator, report), REPORT_GOAL, None),
            (
                "committee report PDF, the request queueing it",
                page(staff, report_download, {**period, "output": "pdf"}, post=True),
                REQUEST_GOAL,
                None,
            ),
            ("data-quality page (staff): counting the findings", counting(staff, "quality"), None, None),
            ("data-quality page (coordinator): counting the findings", counting(coordinator, "quality"), None, None),
            ("data-quality page (staff)", kept(staff, reverse("reporting:data_quality")), PAGE_GOAL, None),
            ("data-quality page (coordinator)", kept(coordinator, reverse("reporting:data_quality")), PAGE_GOAL, None),
            ("committee report XLSX task work", task_work(lambda report: render_xlsx(report.tables())), None, None),
            (
                "committee report PDF task work",
                task_work(lambda report: render_pdf(render_document(report))),
                None,
                None,
            ),
            (
                "improvements list (coordinator)",
                page(coordinator, reverse("improvements:improvement_list")),
                PAGE_GOAL,
                None,
            ),
            ("improvements list (staff)", page(staff, reverse("improvements:improvement_list")), PAGE_GOAL, None),
            (
                "improvement page (staff)",
                page(staff, reverse("improvements:improvement_detail", args=[first_improvement])),
                PAGE_GOAL,
                None,
            ),
            (
                "enterprise list (coordinator)",
                page(coordinator, reverse("enterprises:enterprise_list")),
                PAGE_GOAL,
                None,
            ),
            ("enterprise list (staff)", page(staff, reverse("enterprises:enterprise_list")), PAGE_GOAL, None),
            (
                "enterprise page (staff)",
                page(staff, reverse("enterprises:enterprise_detail", args=[first_enterprise])),
                PAGE_GOAL,
                None,
            ),
            ("round list (staff)", page(staff, reverse("trainings:round_list")), PAGE_GOAL, None),
            ("round list (coordinator)", page(coordinator, reverse("trainings:round_list")), PAGE_GOAL, None),
            ("home page (staff)", page(staff, reverse("home")), PAGE_GOAL, None),
            ("home page (coordinator)", page(coordinator, reverse("home")), PAGE_GOAL, None),
            ("admin improvements changelist", page(staff, admin_improvements), PAGE_GOAL, None),
            ("admin improvements search", page(staff, admin_improvements, {"q": "12345"}), PAGE_GOAL, None),
            (
                "admin improvements search, a word in every title",
                page(staff, admin_improvements, {"q": "improvement 12345"}),
                PAGE_GOAL,
                None,
            ),
            (
                "admin enterprises search",
                page(staff, reverse("admin:enterprises_enterprise_changelist"), {"q": "77"}),
                PAGE_GOAL,
                None,
            ),
            ("enterprises export CSV (staff)", page(staff, export), REQUEST_GOAL, None),
            ("enterprises export XLSX (staff)", page(staff, export.replace(".csv", ".xlsx")), REQUEST_GOAL, None),
        ]
        if scale:
            self.stdout.write(
                "| page | median s | goal s | limit s | page ÷ limit | queries | KiB |\n|---|---|---|---|---|---|---|"
            )
        else:
            self.stdout.write("| page | median s | min s | queries | KiB |\n|---|---|---|---|---|")
        for name, measure, goal, limit in measures:
            if only and not any(text in name for text in only.split(",")):
                continue
            if hasattr(measure, "prepare"):
                measure.prepare()
            timing, queries, size = self.median(measure, repeat)
            if not scale:
                self.stdout.write(
                    f"| {name} | {timing.median:.2f} | {timing.least:.2f} | {queries} | {size / 1024:.0f} |"
                )
                continue
            goal_text = "task" if goal is None else f"{goal:g} {'✓' if timing.median <= goal else '✗'}"
            limit_text = ratio_text = "–"
            if limit is not None:
                limit_timing = self.median(limit, repeat)[0]
                limit_text = f"{limit_timing.median:.3f}"
                ratio_text = f"{timing.median / limit_timing.median:.1f}×" if limit_timing.median else "–"
            self.stdout.write(
                f"| {name} | {timing.median:.3f} | {goal_text} | {limit_text} | {ratio_text} | {queries} | "
                f"{size / 1024:.0f} |"
            )

    @staticmethod
    def median(measure, repeat):
        """The median and least time of `repeat` runs of `measure`, the SQL queries of the last and its size."""
        timings = []
        for _run in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                size = measure()
                timings.append(time.perf_counter() - began)
        return Timing(statistics.median(timings), min(timings)), len(queries), size

    @staticmethod
    def limit(run):
        """`run`, the hand-written SQL, on PostgreSQL (its SQL is PostgreSQL's)."""
        return run if connection.vendor == "postgresql" else None
