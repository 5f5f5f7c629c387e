"""The committee report's PDF, workbook and freeze run as background tasks for the user who asked."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import PartnerMembership
from reporting import tasks
from reporting.models import Job
from tests.reporting.conftest import END, START

pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
DOWNLOAD = reverse("reporting:committee_report_download")


def round_titles(content):
    sheet = load_workbook(io.BytesIO(content))["Training rounds"]
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_asking_for_the_pdf_queues_it_and_builds_nothing_in_the_request(client, ilo_staff, newsletter, monkeypatch):
    rendered = []
    monkeypatch.setattr(tasks, "render_pdf", lambda document: rendered.append(document) or b"%PDF")
    client.force_login(ilo_staff)

    response = client.post(DOWNLOAD, {**PERIOD, "output": "pdf"})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert rendered == [] and job.status == Job.Status.QUEUED and not job.result_file
    assert job.title == "SCORE programme report, 1 June 2015 – 31 August 2015 (PDF)"
    assert job.params == {**PERIOD, "output": "pdf"}
    assert job.requested_by == ilo_staff


def test_the_report_page_offers_the_downloads_as_buttons_that_post(client, committee_member):
    client.force_login(committee_member)

    page = client.get(reverse("reporting:committee_report")).content.decode()

    assert f'action="{DOWNLOAD}"' in page
    assert 'name="output" value="pdf"' in page and 'name="output" value="xlsx"' in page
    assert client.get(DOWNLOAD, {**PERIOD, "output": "pdf"}).status_code == 405


def test_an_unknown_output_is_refused_with_a_message(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    response = client.post(DOWNLOAD, {**PERIOD, "output": "docx"}, follow=True)

    assert "Choose PDF or XLSX." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{reverse('reporting:committee_report')}?start=2015-06-01&end=2015-08-31"
    assert not Job.objects.exists()


def test_a_user_who_reads_no_reports_cannot_queue_one(client, newsletter):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    assert client.post(DOWNLOAD, {**PERIOD, "output": "pdf"}).status_code == 403
    assert not Job.objects.exists()


def test_the_workbook_counts_only_what_the_requesting_coordinator_may_see(
    client, coordinator, newsletter, download_report
):
    client.force_login(coordinator)

    _response, content = download_report(PERIOD, "xlsx")

    titles = round_titles(content)
    assert "SCORE training launched in Taixing" in titles
    assert "ILO-ETI Pilot Supplier Training" not in titles


def test_a_partner_filter_is_kept_in_the_task(client, ilo_staff, newsletter, download_report):
    client.force_login(ilo_staff)

    _response, content = download_report({**PERIOD, "partner": newsletter.eti.pk}, "xlsx")

    assert round_titles(content) == {"ILO-ETI Pilot Supplier Training"}


def test_a_coordinator_who_lost_their_partner_before_the_task_ran_gets_a_refusal(
    client, coordinator, newsletter, run_queued_tasks
):
    client.force_login(coordinator)
    client.post(DOWNLOAD, {**PERIOD, "output": "xlsx"})
    PartnerMembership.objects.filter(user=coordinator).delete()

    run_queued_tasks()

    job = Job.objects.get()
    assert (job.status, job.error) == (Job.Status.FAILED, "You may no longer read reports.")
    assert not job.result_file


def test_a_filter_the_user_may_no_longer_use_fails_the_job_instead_of_widening_it(
    client, coordinator, newsletter, run_queued_tasks
):
    client.force_login(coordinator)
    client.post(DOWNLOAD, {**PERIOD, "partner": newsletter.chongqing_cec.pk, "output": "xlsx"})
    type(newsletter.chongqing_cec).objects.filter(pk=newsletter.chongqing_cec.pk).update(
        parent=None, parent_relation=""
    )

    run_queued_tasks()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("The report's filters are no longer valid for you")


def test_the_file_is_written_in_the_language_the_user_asked_in(client, ilo_staff, newsletter, download_report):
    client.force_login(ilo_staff)
    client.post(reverse("language_set"), {"language": "zh-hans", "next": "/"})

    _response, content = download_report(PERIOD, "xlsx")

    assert "主要数据" in load_workbook(io.BytesIO(content)).sheetnames


@pytest.mark.parametrize("username", ["committee_member", "coordinator"])
def test_someone_elses_report_download_is_not_found(client, request, ilo_staff, newsletter, run_queued_tasks, username):
    client.force_login(ilo_staff)
    client.post(DOWNLOAD, {**PERIOD, "output": "xlsx"})
    run_queued_tasks()
    job = Job.objects.get()
    client.force_login(request.getfixturevalue(username))

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reporting:job_download", args=[job.pk])).status_code == 404


def test_the_owner_is_told_on_the_next_page_that_the_report_is_ready(client, ilo_staff, newsletter, run_queued_tasks):
    client.force_login(ilo_staff)
    client.post(DOWNLOAD, {**PERIOD, "output": "xlsx"})
    run_queued_tasks()

    page = client.get(reverse("reporting:dashboard")).content.decode()

    assert "“SCORE programme report, 1 June 2015 – 31 August 2015 (XLSX)” is ready." in page
