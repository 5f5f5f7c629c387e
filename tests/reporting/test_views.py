import datetime

import pytest
from django.urls import reverse

from demo.scale_data import generate
from partners import roles
from reporting.periods import last_twelve_months, quarter_ending_in_month_of
from tests.factories import WorkshopFactory, user_with_role
from tests.reporting.conftest import END, START

pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
DASHBOARD = reverse("reporting:dashboard")
REPORT = reverse("reporting:committee_report")
OTHER_PARTNERS_ROWS = [
    "ILO-ETI Pilot Supplier Training",
    "Shanghai garment factory",
    "Ethical Trading Initiative",
    "ILO-BSCI Supplier Training",
    "BSCI pilot closing",
    "ILO-ACFTU Seminar",
    "Gap, Inditex",
]


@pytest.mark.parametrize("url", [DASHBOARD, REPORT, reverse("reporting:frozen_list")])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [DASHBOARD, REPORT])
def test_user_without_a_role_cannot_read_reports(client, url):
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("username", ["ilo_staff", "committee_member", "coordinator", "viewer"])
def test_every_role_that_reads_reports_opens_dashboard_and_report(client, request, username):
    client.force_login(request.getfixturevalue(username))

    assert client.get(DASHBOARD, PERIOD).status_code == 200
    assert client.get(REPORT, PERIOD).status_code == 200


def test_dashboard_shows_headline_figures_charts_and_upcoming_activities(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    response = client.get(DASHBOARD, PERIOD)

    html = response.content.decode()
    figures = response.context["figures"]
    assert figures.headline.participants.total == 56
    assert "<svg" in html and 'role="img"' in html
    assert '<title id="chart-module-title">Participants by module: Workplace cooperation 40; OSH 16</title>' in html
    assert "Hoppers instead of bags to load cables" in html
    assert "Cables loaded in bags" in html  # the before photo's caption, in its alt text


def test_dashboard_defaults_to_the_last_twelve_months(client, ilo_staff):
    client.force_login(ilo_staff)

    filters = client.get(DASHBOARD).context["figures"].filters

    assert (filters.end - filters.start).days in range(334, 366)
    assert filters.start.day == 1


def test_default_periods():
    assert last_twelve_months(datetime.date(2015, 8, 31)) == (datetime.date(2014, 9, 1), datetime.date(2015, 8, 31))
    assert quarter_ending_in_month_of(datetime.date(2015, 8, 20)) == (
        datetime.date(2015, 6, 1),
        datetime.date(2015, 8, 31),
    )
    assert quarter_ending_in_month_of(datetime.date(2016, 1, 3)) == (
        datetime.date(2015, 11, 1),
        datetime.date(2016, 1, 31),
    )


def test_pages_open_on_the_period_of_the_latest_recorded_activity(client, ilo_staff):
    WorkshopFactory(date=datetime.date(2015, 8, 20), round__status="ongoing")
    WorkshopFactory(date=datetime.date(2015, 9, 4), round__status="planned")
    client.force_login(ilo_staff)

    dashboard_filters = client.get(DASHBOARD).context["figures"].filters
    report_filters = client.get(REPORT).context["report"].filters

    assert (dashboard_filters.start, dashboard_filters.end) == (datetime.date(2014, 9, 1), datetime.date(2015, 8, 20))
    assert (report_filters.start, report_filters.end) == (datetime.date(2015, 6, 1), datetime.date(2015, 8, 31))


@pytest.mark.parametrize("url", [DASHBOARD, REPORT])
def test_coordinator_never_sees_another_partners_rows(client, coordinator, newsletter, url):
    client.force_login(coordinator)

    html = client.get(url, PERIOD).content.decode()

    assert "Taixing" in html and "Deyang" in html
    for other in OTHER_PARTNERS_ROWS:
        assert other not in html


@pytest.mark.parametrize("url", [DASHBOARD, REPORT])
def test_viewer_sees_the_same_rows_as_the_coordinator_of_their_partner(client, viewer, newsletter, url):
    client.force_login(viewer)

    html = client.get(url, PERIOD).content.decode()

    assert "Hoppers instead of bags to load cables" in html
    for other in OTHER_PARTNERS_ROWS:
        assert other not in html


@pytest.mark.parametrize("url", [DASHBOARD, REPORT])
def test_filter_by_another_partner_is_refused_and_leaks_nothing(client, coordinator, newsletter, url):
    client.force_login(coordinator)

    response = client.get(url, {**PERIOD, "partner": newsletter.eti.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert response.context["form"].filters().partner is None
    for other in OTHER_PARTNERS_ROWS:
        assert other not in html


def test_staff_can_filter_by_any_partner(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    response = client.get(DASHBOARD, {**PERIOD, "partner": newsletter.eti.pk})

    assert response.context["figures"].headline.enterprises == 5
    assert "Hoppers instead of bags" not in response.content.decode()


def test_period_ending_before_it_starts_is_an_error_and_the_default_period_is_shown(client, ilo_staff):
    client.force_login(ilo_staff)

    response = client.get(DASHBOARD, {"start": "2015-08-31", "end": "2015-06-01"})

    assert "end" in response.context["form"].errors
    assert response.context["figures"].filters.start < response.context["figures"].filters.end


def test_dashboard_is_readable_on_a_phone(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    html = client.get(DASHBOARD, PERIOD).content.decode()

    assert 'name="viewport"' in html
    assert "table-responsive" in html
    assert 'viewBox="0 0 400' in html  # charts scale to the screen width
    assert "@media print" in html


def _count_queries(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url, {"start": "2014-01-01", "end": "2016-12-31"})
    assert response.status_code == 200
    return len(captured)


# The dashboard also reads the key indicators of the logframe (none here), and looks for figures counted by a
# background task and reads the data version it counts (three queries; the report too), and counts inside a
# savepoint with a time limit (four queries on PostgreSQL; the report too). A coordinator's scope takes two more.
DASHBOARD_QUERIES = 49
# The committee report also counts the phase to date and its logframe (without indicators here), and picks the
# rounds it tells per city.
REPORT_QUERIES = 63


@pytest.mark.parametrize("enterprises", [10, 1000])
def test_dashboard_and_report_run_a_constant_number_of_queries(
    client, ilo_staff, django_assert_max_num_queries, enterprises
):
    generate(enterprises=enterprises, improvements=enterprises * 3)
    client.force_login(ilo_staff)

    assert _count_queries(client, DASHBOARD, django_assert_max_num_queries, DASHBOARD_QUERIES)
    assert _count_queries(client, REPORT, django_assert_max_num_queries, REPORT_QUERIES)


def test_query_counts_do_not_grow_with_the_data(client, ilo_staff, django_assert_max_num_queries):
    client.force_login(ilo_staff)
    generate(enterprises=10, improvements=30, seed=1)
    small = [_count_queries(client, url, django_assert_max_num_queries, 100) for url in (DASHBOARD, REPORT)]
    generate(enterprises=1000, improvements=3000, seed=2)
    large = [_count_queries(client, url, django_assert_max_num_queries, 100) for url in (DASHBOARD, REPORT)]

    assert large == small


def test_coordinator_dashboard_query_count_is_bounded_at_scale(client, coordinator, django_assert_max_num_queries):
    generate(enterprises=1000, improvements=3000)
    client.force_login(coordinator)

    assert _count_queries(client, DASHBOARD, django_assert_max_num_queries, DASHBOARD_QUERIES)


def test_admin_index_links_to_the_reports(client):
    client.force_login(user_with_role(roles.ILO_STAFF, is_staff=True, is_superuser=True))

    html = client.get(reverse("admin:index")).content.decode()

    assert f'href="{DASHBOARD}"' in html
    assert f'href="{REPORT}"' in html
    assert reverse("admin:partners_partner_changelist") in html  # the usual application list is still there


def test_staff_and_partner_users_load_photos_through_the_scoped_photo_view(client, ilo_staff, coordinator, newsletter):
    photo = newsletter.improvements[2].photos.get(stage="before")

    for user in (ilo_staff, coordinator):
        client.force_login(user)
        dashboard = client.get(DASHBOARD, PERIOD).content.decode()
        report = client.get(REPORT, PERIOD).content.decode()

        assert f'src="{reverse("improvements:photo", args=[photo.pk, "thumbnail"])}"' in dashboard
        assert f'src="{reverse("improvements:photo", args=[photo.pk, "display"])}"' in report
        assert "data:image/jpeg" not in dashboard + report


def test_committee_members_get_the_photos_embedded_as_they_open_no_records(client, committee_member, newsletter):
    client.force_login(committee_member)

    dashboard = client.get(DASHBOARD, PERIOD).content.decode()
    report = client.get(REPORT, PERIOD).content.decode()

    assert dashboard.count('src="data:image/jpeg;base64,') == 8
    assert report.count('src="data:image/jpeg;base64,') == 8
    assert "/photos/" not in dashboard + report
