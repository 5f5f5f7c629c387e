"""Site-wide answers made before or after any view: the request size cap, `no-store` on every page and download,
and the Content-Security-Policy header."""

import re

import pytest
from django.urls import reverse

from improvements.models import Photo
from partners import roles
from reporting.models import FrozenReport, Job
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    PartnerFactory,
    add_photo,
    image_upload,
    user_with_role,
)

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


@pytest.fixture
def partner():
    return PartnerFactory(code="CEC")


@pytest.fixture
def coordinator(partner):
    return user_with_role(roles.PARTNER_COORDINATOR, partner)


@pytest.fixture
def improvement(partner):
    return ImprovementFactory(enterprise=EnterpriseFactory(recruited_by=partner))


@pytest.fixture
def staff():
    return user_with_role(roles.ILO_STAFF, is_staff=True)


# The request size cap


def test_upload_declaring_more_than_the_limit_is_refused_with_413_before_its_body_is_read(
    client, coordinator, improvement, settings
):
    settings.MAX_REQUEST_BYTES = 25 * 1024 * 1024
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "Too much sent at once" in page
    assert "What you sent is 200.0\xa0MB; the limit is 25.0\xa0MB at a time. Nothing was saved." in page


def test_photo_form_over_the_request_limit_saves_nothing_and_says_so_in_chinese(
    client, coordinator, improvement, settings
):
    settings.MAX_REQUEST_BYTES = 1000
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]),
        {"stage": Photo.Stage.BEFORE, "photo": image_upload()},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 413
    assert "一次发送的内容过多" in response.content.decode()
    assert not improvement.photos.exists()


def test_photo_within_the_request_limit_is_stored(client, coordinator, improvement, settings):
    settings.MAX_REQUEST_BYTES = 100_000
    client.force_login(coordinator)
    upload = image_upload()
    assert upload.size < 50_000

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]), {"stage": Photo.Stage.BEFORE, "photo": upload}
    )

    assert response.status_code == 302
    assert improvement.photos.count() == 1


def test_body_sent_in_chunks_without_a_length_is_refused_with_411_unread(client, coordinator, improvement):
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 411
    assert not improvement.photos.exists()


# Cache-Control: no-store

REPORT_PERIOD = {"start": "2015-06-01", "end": "2015-08-31"}


@pytest.fixture
def frozen_report(client, staff, run_queued_tasks):
    client.force_login(staff)
    client.post(reverse("reporting:freeze_report"), REPORT_PERIOD)
    run_queued_tasks()
    return FrozenReport.objects.get()


@pytest.fixture
def report_jobs(client, staff, run_queued_tasks):
    """The committee report's PDF and workbook, made by the task worker for `staff`."""
    client.force_login(staff)
    jobs = {}
    for output in ("pdf", "xlsx"):
        client.post(reverse("reporting:committee_report_download"), {**REPORT_PERIOD, "output": output})
        jobs[output] = Job.objects.latest("created_at")
    run_queued_tasks()
    return jobs


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda **objects: reverse("home"), id="home"),
        pytest.param(lambda **objects: reverse("reporting:dashboard"), id="dashboard"),
        pytest.param(lambda **objects: objects["improvement"].get_absolute_url(), id="improvement"),
        pytest.param(lambda **objects: objects["photo"].url_for("original"), id="photo"),
        pytest.param(lambda **objects: objects["jobs"]["pdf"].get_absolute_url(), id="committee_pdf_progress"),
        pytest.param(
            lambda **objects: reverse("reporting:job_download", args=[objects["jobs"]["pdf"].pk]), id="committee_pdf"
        ),
        pytest.param(
            lambda **objects: reverse("reporting:job_download", args=[objects["jobs"]["xlsx"].pk]), id="committee_xlsx"
        ),
        pytest.param(
            lambda **objects: reverse("reporting:frozen_pdf", args=[objects["frozen"].pk, "zh-hans"]), id="frozen_pdf"
        ),
        pytest.param(
            lambda **objects: reverse("reporting:frozen_xlsx", args=[objects["frozen"].pk, "zh-hans"]), id="frozen_xlsx"
        ),
        pytest.param(
            lambda **objects: reverse("reporting:frozen_document", args=[objects["frozen"].pk, "zh-hans"]),
            id="frozen_document",
        ),
        pytest.param(lambda **objects: reverse("dataexchange:export", args=["enterprises", "csv"]), id="export_csv"),
        pytest.param(lambda **objects: reverse("dataexchange:export", args=["improvements", "xlsx"]), id="export_xlsx"),
        pytest.param(lambda **objects: reverse("dataexchange:template", args=["enterprises"]), id="template_xlsx"),
        pytest.param(lambda **objects: reverse("admin:improvements_improvement_changelist"), id="admin"),
    ],
)
def test_data_pages_and_every_download_are_marked_no_store(client, staff, improvement, frozen_report, report_jobs, url):
    photo = add_photo(improvement)
    client.force_login(staff)

    response = client.get(url(improvement=improvement, photo=photo, frozen=frozen_report, jobs=report_jobs))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


# Content-Security-Policy


def policy(response):
    return dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/no-such-page/"])
def test_pages_carry_a_content_security_policy_without_inline_script(client, url):
    response = client.get(url)

    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_report_page_styles_are_allowed_by_the_nonce_of_that_response_only(client, staff):
    client.force_login(staff)

    first, second = client.get(reverse("reporting:dashboard")), client.get(reverse("reporting:dashboard"))

    nonce = re.search(r'<style nonce="([^"]+)">', first.content.decode()).group(1)
    assert policy(first)["style-src"] == f"'self' 'nonce-{nonce}'"
    assert nonce not in second["Content-Security-Policy"]
    assert "unsafe" not in first["Content-Security-Policy"]


def test_the_progress_page_may_load_its_script_and_fetch_itself_but_runs_no_inline_script(client, staff):
    client.force_login(staff)
    client.post(reverse("reporting:committee_report_download"), {**REPORT_PERIOD, "output": "pdf"})

    response = client.get(Job.objects.get().get_absolute_url())

    directives = policy(response)
    assert "job_progress.js" in response.content.decode()
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_frozen_document_may_use_its_inline_styles_but_no_script(client, frozen_report):
    response = client.get(reverse("reporting:frozen_document", args=[frozen_report.pk, "en"]))

    assert "<style>" in response.content.decode()
    directives = policy(response)
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["script-src"] == "'self'"
