import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.middleware import PENDING_SESSION_KEY
from reporting.models import Job

pytestmark = pytest.mark.django_db

REFRESH = 'data-refresh-seconds="2"'


def detail(job):
    return reverse("reporting:job_detail", args=[job.pk])


def download(job):
    return reverse("reporting:job_download", args=[job.pk])


def watch(client, job):
    """What the report views do after starting a job: ask for a notice when it is finished."""
    session = client.session
    session[PENDING_SESSION_KEY] = [*session.get(PENDING_SESSION_KEY, []), str(job.pk)]
    session.save()


def test_progress_page_checks_again_until_the_file_is_ready(client, job_owner, start_greeting, run_queued_tasks):
    job = start_greeting()
    client.force_login(job_owner)

    waiting = client.get(detail(job)).content.decode()
    run_queued_tasks()
    ready = client.get(detail(job)).content.decode()

    assert REFRESH in waiting and "waiting for its turn" in waiting and "job_progress.js" in waiting
    assert REFRESH not in ready and "job_progress.js" not in ready
    assert f'href="{download(job)}"' in ready and "Only you can download it. The link works until" in ready


def test_owner_downloads_the_file_as_an_attachment(client, job_owner, start_greeting, run_queued_tasks):
    job = start_greeting()
    run_queued_tasks()
    client.force_login(job_owner)

    response = client.get(download(job))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="greeting.txt"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"Hello, owner"


def test_download_before_the_file_is_ready_leads_back_to_the_progress_page(client, job_owner, start_greeting):
    job = start_greeting()
    client.force_login(job_owner)

    response = client.get(download(job))

    assert response.status_code == 302 and response.url == detail(job)


@pytest.mark.parametrize("username", ["job_other_user", "job_outsider"])
def test_someone_elses_job_and_its_file_are_not_found(client, request, username, start_greeting, run_queued_tasks):
    job = start_greeting()
    run_queued_tasks()
    client.force_login(request.getfixturevalue(username))

    assert client.get(detail(job)).status_code == 404
    assert client.get(download(job)).status_code == 404
    assert job.title not in client.get(reverse("reporting:job_list")).content.decode()


def test_not_even_ilo_staff_open_another_users_download(client, start_greeting, run_queued_tasks):
    from partners import roles
    from tests.factories import user_with_role

    job = start_greeting()
    run_queued_tasks()
    client.force_login(user_with_role(roles.ILO_STAFF, is_superuser=True, is_staff=True))

    assert client.get(download(job)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, start_greeting):
    job = start_greeting()

    for url in (detail(job), download(job), reverse("reporting:job_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_expired_download_says_so_and_is_not_served(client, job_owner, start_greeting, run_queued_tasks):
    job = start_greeting()
    run_queued_tasks()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(job_owner)

    response = client.get(download(job))
    page = client.get(detail(job)).content.decode()

    assert response.status_code == 410
    assert "could be downloaded until" in response.content.decode()
    assert "This download has expired" in page and f'href="{download(job)}"' not in page


def test_a_failed_job_shows_its_reason(client, job_owner, start_greeting, run_queued_tasks):
    refused, crashed = start_greeting(refuse=True), start_greeting(crash=True)
    run_queued_tasks()
    client.force_login(job_owner)

    assert "You may no longer read reports." in client.get(detail(refused)).content.decode()
    assert "Something went wrong while preparing it" in client.get(detail(crashed)).content.decode()
    assert REFRESH not in client.get(detail(crashed)).content.decode()


def test_your_downloads_lists_the_users_own_jobs_newest_first(client, job_owner, job_other_user, start_greeting):
    first = start_greeting()
    Job.objects.filter(pk=first.pk).update(title="First", created_at=timezone.now() - datetime.timedelta(hours=1))
    second = start_greeting()
    Job.objects.filter(pk=second.pk).update(title="Second")
    others = start_greeting(user=job_other_user)
    Job.objects.filter(pk=others.pk).update(title="Someone else's")
    client.force_login(job_owner)

    page = client.get(reverse("reporting:job_list")).content.decode()

    assert page.index("Second") < page.index("First")
    assert "Someone else" not in page


def test_a_notice_on_the_next_page_once_the_job_is_finished_and_only_once(
    client, job_owner, start_greeting, run_queued_tasks
):
    job = start_greeting()
    client.force_login(job_owner)
    watch(client, job)

    while_waiting = client.get(reverse("home")).content.decode()
    run_queued_tasks()
    once_ready = client.get(reverse("home")).content.decode()
    later = client.get(reverse("home")).content.decode()

    assert "“Greeting” is ready." not in while_waiting
    assert f'“Greeting” is ready. <a href="{detail(job)}">Open</a>' in once_ready
    assert "is ready" not in later


def test_the_jobs_own_page_needs_no_notice(client, job_owner, start_greeting, run_queued_tasks):
    job = start_greeting()
    client.force_login(job_owner)
    watch(client, job)
    run_queued_tasks()

    on_its_page = client.get(detail(job)).content.decode()
    next_page = client.get(reverse("home")).content.decode()

    assert "“Greeting” is ready." not in on_its_page + next_page
    assert client.session[PENDING_SESSION_KEY] == []


def test_a_failed_job_is_announced_as_a_warning(client, job_owner, start_greeting, run_queued_tasks):
    job = start_greeting(crash=True)
    client.force_login(job_owner)
    watch(client, job)
    run_queued_tasks()

    page = client.get(reverse("home")).content.decode()

    assert "alert-warning" in page and "“Greeting” could not be prepared." in page
