"""The dashboard and the committee report count their figures in the request while that is quick; for readers whose
figures take longer (FIGURES_IN_REQUEST_SECONDS), a background task counts them and the page shows the latest
count, counted again whenever the records change."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.models import EnterpriseAccess, MeasurementSeries
from improvements.models import ImprovementDay, StageReached
from partners import roles
from partners.models import Delivery, Notification, NotificationKind, PartnerMembership
from reporting import data_version, pages
from reporting.models import StoredFigures
from reporting.stored_figures import count_ahead
from reporting.summaries import bulk_written, rebuild_all
from tests.factories import CityFactory, EnterpriseFactory
from tests.reporting.conftest import END, START, verified

# Each test's writes run inside the test's own transaction, which never commits: a write whose commit matters is
# made in a transaction of its own (a savepoint here, as a request's), with its on-commit callbacks run when it ends.
pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
DASHBOARD = reverse("reporting:dashboard")
REPORT = reverse("reporting:committee_report")
COUNTING = "Counting the figures for this period"
COUNTING_AGAIN = "The records have changed since"


@pytest.fixture
def counted_by_tasks(settings):
    """Every count takes too long to run in a request."""
    settings.FIGURES_IN_REQUEST_SECONDS = 0


def test_data_version_grows_when_a_transaction_that_writes_commits(django_capture_on_commit_callbacks, partner):
    before = data_version.current()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        EnterpriseFactory(recruited_by=partner)
        EnterpriseFactory(recruited_by=partner)
        assert data_version.current() == before

    assert callbacks
    assert data_version.current() == before + len(callbacks)


def test_data_version_ignores_bookkeeping_writes(django_capture_on_commit_callbacks, coordinator):
    before = data_version.current()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Notification.objects.create(recipient=coordinator, kind=NotificationKind.values[0], delivery=Delivery.IN_APP)

    assert data_version.current() == before


def test_bulk_writes_grow_the_data_version(django_capture_on_commit_callbacks, partner):
    before = data_version.current()
    enterprises = [EnterpriseFactory.build(recruited_by=partner, city=CityFactory()) for _ in range(3)]

    model = type(enterprises[0])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), bulk_written(model, enterprises):
        model.objects.bulk_create(enterprises)

    assert data_version.current() == before + 1


@pytest.mark.parametrize("model", [ImprovementDay, MeasurementSeries, EnterpriseAccess, StageReached])
def test_summary_tables_are_deleted_in_one_statement(model, newsletter, django_assert_num_queries):
    """The records they sum grow the data version: a receiver on the summaries would only make Django fetch and
    signal every row of their bulk deletes."""
    assert model.objects.exists()

    with django_assert_num_queries(1):
        model.objects.all().delete()


def test_rebuilding_the_summaries_grows_the_data_version(django_capture_on_commit_callbacks):
    before = data_version.current()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rebuild_all()

    assert data_version.current() == before + 1


@pytest.mark.parametrize(("url", "heading"), [(DASHBOARD, "Headline figures"), (REPORT, "The period in figures")])
def test_quick_figures_are_counted_in_the_request_and_not_kept(client, ilo_staff, newsletter, url, heading):
    client.force_login(ilo_staff)

    page = client.get(url, PERIOD).content.decode()

    assert heading in page
    assert COUNTING not in page
    assert "Figures as counted at" not in page
    assert not StoredFigures.objects.exists()


@pytest.mark.parametrize("url", [DASHBOARD, REPORT])
def test_slow_figures_are_kept_and_shown_until_the_records_change(
    client, ilo_staff, newsletter, counted_by_tasks, django_capture_on_commit_callbacks, run_queued_tasks, url
):
    client.force_login(ilo_staff)
    first = client.get(url, PERIOD).content.decode()  # no count yet for this reader: counted in the request, and kept
    stored = StoredFigures.objects.get()
    assert stored.html and stored.html in first

    again = client.get(url, PERIOD).content.decode()
    assert stored.html in again
    assert "Figures as counted at" in again

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        verified(
            ilo_staff,
            enterprise=newsletter.cable_maker,
            title="Kept-figures safety rail",
            implemented_on=datetime.date(2015, 8, 12),
        )
    stale = client.get(url, PERIOD).content.decode()
    assert COUNTING_AGAIN in stale
    assert "Kept-figures safety rail" not in stale

    run_queued_tasks()
    fresh = client.get(url, PERIOD).content.decode()
    assert "Kept-figures safety rail" in fresh
    assert COUNTING_AGAIN not in fresh


def test_a_new_period_of_a_slow_reader_is_counted_by_a_task_while_the_page_waits(
    client, ilo_staff, newsletter, counted_by_tasks, run_queued_tasks
):
    client.force_login(ilo_staff)
    client.get(DASHBOARD, PERIOD)  # this reader's figures are slow to count

    waiting = client.get(DASHBOARD, {"start": "2015-07-01", "end": "2015-07-31"})
    assert COUNTING in waiting.content.decode()
    assert '<meta http-equiv="refresh"' in waiting.content.decode()
    client.get(DASHBOARD, {"start": "2015-07-01", "end": "2015-07-31"})  # asks for no second count

    run_queued_tasks()
    ready = client.get(DASHBOARD, {"start": "2015-07-01", "end": "2015-07-31"}).content.decode()
    assert COUNTING not in ready
    assert "Headline figures" in ready
    assert StoredFigures.objects.count() == 2
    assert not StoredFigures.objects.filter(requested_at__isnull=False).exists()


def test_kept_figures_are_read_in_a_few_queries(
    client, ilo_staff, newsletter, counted_by_tasks, django_assert_max_num_queries
):
    client.force_login(ilo_staff)
    client.get(DASHBOARD, PERIOD)

    with django_assert_max_num_queries(10):  # the page's own (session, user, menu, filters) and three to read them
        assert client.get(DASHBOARD, PERIOD).status_code == 200


def test_kept_figures_belong_to_their_reader_and_language(
    client, ilo_staff, coordinator, newsletter, counted_by_tasks, run_queued_tasks
):
    client.force_login(ilo_staff)
    staff_page = client.get(DASHBOARD, PERIOD).content.decode()
    assert "Ethical Trading Initiative" in staff_page

    client.force_login(coordinator)
    own_page = client.get(DASHBOARD, PERIOD).content.decode()
    client.force_login(ilo_staff)
    waiting = client.get(DASHBOARD, PERIOD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    run_queued_tasks()
    chinese = client.get(DASHBOARD, PERIOD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "Ethical Trading Initiative" not in own_page
    assert "主要数据" not in waiting
    assert "主要数据" in chinese
    assert StoredFigures.objects.count() == 3


def test_a_count_for_a_reader_who_lost_access_keeps_nothing(
    client, coordinator, newsletter, counted_by_tasks, run_queued_tasks
):
    client.force_login(coordinator)
    client.get(DASHBOARD, PERIOD)
    client.get(DASHBOARD, {"start": "2015-07-01", "end": "2015-07-31"})
    assert StoredFigures.objects.filter(requested_at__isnull=False).exists()

    PartnerMembership.objects.filter(user=coordinator).delete()
    run_queued_tasks()

    assert not StoredFigures.objects.filter(requested_at__isnull=False).exists()
    assert list(StoredFigures.objects.values_list("arguments__params__start", flat=True)) == [PERIOD["start"]]


def test_figures_not_counted_for_a_week_are_forgotten_by_the_next_count(
    client, ilo_staff, newsletter, counted_by_tasks, run_queued_tasks
):
    client.force_login(ilo_staff)
    client.get(DASHBOARD, PERIOD)
    old = StoredFigures.objects.get()
    StoredFigures.objects.filter(pk=old.pk).update(counted_at=old.counted_at - StoredFigures.FORGOTTEN_AFTER)
    client.get(DASHBOARD, {"start": "2015-07-01", "end": "2015-07-31"})

    run_queued_tasks()

    assert list(StoredFigures.objects.values_list("arguments__params__start", flat=True)) == ["2015-07-01"]


def test_the_data_quality_page_keeps_its_findings_when_they_are_slow_to_count(
    client, coordinator, newsletter, counted_by_tasks
):
    client.force_login(coordinator)
    first = client.get(reverse("reporting:data_quality")).content.decode()
    stored = StoredFigures.objects.get(page="quality")

    again = client.get(reverse("reporting:data_quality")).content.decode()

    assert stored.html and stored.html in first
    assert stored.html in again
    assert "Figures as counted at" in again


def test_a_reader_who_loses_a_role_never_reads_the_figures_kept_for_it(
    client, coordinator, partner, newsletter, counted_by_tasks
):
    coordinator.groups.add(Group.objects.get(name=roles.ILO_STAFF))
    client.force_login(coordinator)
    as_staff = client.get(DASHBOARD, PERIOD).content.decode()
    assert "Ethical Trading Initiative" in as_staff

    coordinator.groups.remove(Group.objects.get(name=roles.ILO_STAFF))
    as_coordinator = client.get(DASHBOARD, PERIOD).content.decode()

    assert "Ethical Trading Initiative" not in as_coordinator


def test_a_reader_of_other_rows_waits_for_a_task_while_counts_are_slow_and_none_of_theirs_is_known(
    client, ilo_staff, coordinator, newsletter, counted_by_tasks, run_queued_tasks
):
    client.force_login(ilo_staff)
    client.get(DASHBOARD, PERIOD)

    client.force_login(coordinator)
    waiting = client.get(DASHBOARD, PERIOD).content.decode()
    run_queued_tasks()
    ready = client.get(DASHBOARD, PERIOD).content.decode()

    assert COUNTING in waiting
    assert "Headline figures" in ready
    assert "Ethical Trading Initiative" not in ready  # the coordinator's own rows, not the staff's kept figures


def as_counted_yesterday(stored, yesterday):
    """`stored` as if counted for `yesterday`: its period that day's default, unless it is PERIOD."""
    params = stored.arguments["params"]
    if params != PERIOD:
        start, end = pages.DEFAULT_PERIODS["dashboard"](yesterday)
        params = {**params, "start": start.isoformat(), "end": end.isoformat()}
    StoredFigures.objects.filter(pk=stored.pk).update(
        key=f"yesterday-{stored.pk}", arguments={"params": params, "day": yesterday.isoformat()}
    )


def test_figures_counted_yesterday_are_counted_ahead_for_today_with_the_default_period_moved_on(
    client, ilo_staff, counted_by_tasks, run_queued_tasks
):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    client.force_login(ilo_staff)
    client.get(DASHBOARD)
    client.get(DASHBOARD, PERIOD)
    run_queued_tasks()
    for stored in StoredFigures.objects.all():
        as_counted_yesterday(stored, yesterday)

    assert count_ahead() == 2

    run_queued_tasks()
    start, end = pages.DEFAULT_PERIODS["dashboard"](today)
    counted_today = StoredFigures.objects.filter(arguments__day=today.isoformat(), counted_at__isnull=False)
    assert sorted(counted_today.values_list("arguments__params__start", flat=True)) == sorted(
        [start.isoformat(), PERIOD["start"]]
    )
    assert COUNTING not in client.get(DASHBOARD).content.decode()
    assert count_ahead() == 0


def test_the_committee_reports_default_quarter_moves_on_to_the_new_days():
    on_31_march = {"start": "2026-01-01", "end": "2026-03-31", "city": 3}

    assert pages.params_on("committee", on_31_march, "2026-03-31", "2026-04-01") == {
        "start": "2026-02-01",
        "end": "2026-04-30",
        "city": 3,
    }
    assert pages.params_on("committee", on_31_march, "2026-03-30", "2026-03-31") == on_31_march
    assert pages.params_on("quality", {}, "2026-03-31", "2026-04-01") == {}


def test_a_first_count_that_takes_too_long_in_the_request_is_left_to_a_task(
    client, ilo_staff, newsletter, settings, run_queued_tasks
):
    settings.FIGURES_IN_REQUEST_GIVE_UP_SECONDS = 0
    client.force_login(ilo_staff)

    waiting = client.get(DASHBOARD, PERIOD).content.decode()

    assert COUNTING in waiting
    run_queued_tasks()
    ready = client.get(DASHBOARD, PERIOD).content.decode()
    assert COUNTING not in ready
    assert "Headline figures" in ready


def slow_statement_then_another(user, params, day):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(5)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
                "SELECT count(*) FROM n"
            )
        cursor.execute("SELECT 1")
    return "Counted after all"


def test_a_slow_statement_gives_the_count_in_the_request_up(client, ilo_staff, settings, monkeypatch):
    """On PostgreSQL the statement is cancelled; elsewhere no query starts after the time is up."""
    monkeypatch.setitem(pages.BODIES, "dashboard", slow_statement_then_another)
    settings.FIGURES_IN_REQUEST_GIVE_UP_SECONDS = 0.1
    client.force_login(ilo_staff)

    started = time.monotonic()
    page = client.get(DASHBOARD, PERIOD).content.decode()

    assert COUNTING in page
    assert "Counted after all" not in page
    assert StoredFigures.objects.get().requested_at is not None
    assert time.monotonic() - started < 4


def test_a_count_in_the_request_opens_a_transaction_on_postgresql_only(client, ilo_staff, newsletter):
    """On PostgreSQL the count's statement time limit lasts as long as its transaction; on SQLite a transaction would
    take the write lock for the whole count."""
    client.force_login(ilo_staff)

    with CaptureQueriesContext(connection) as queries:
        client.get(DASHBOARD, PERIOD)

    savepoints = [query for query in queries if query["sql"].startswith("SAVEPOINT")]
    assert bool(savepoints) == (connection.vendor == "postgresql")
