import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from reporting.job_services import jobs_delete_expired_files
from reporting.models import Job

pytestmark = pytest.mark.django_db


def test_starting_a_job_queues_its_task_and_leaves_the_work_to_a_worker(start_greeting, job_owner):
    job = start_greeting()

    assert job.status == Job.Status.QUEUED
    assert job.language == "en"
    task_result = default_task_backend.get_result(job.task_id)
    assert task_result.args == [] and task_result.kwargs == {"job_id": str(job.pk)}
    assert not job.result_file


def test_the_worker_runs_the_job_and_keeps_its_file_for_the_hours_set(
    start_greeting, job_owner, run_queued_tasks, settings
):
    settings.JOB_RESULT_HOURS = 6
    job = start_greeting()

    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result_name == "greeting.txt"
    assert job.result_file.read() == b"Hello, owner"
    assert job.started_at <= job.finished_at
    assert job.expires_at - job.finished_at == pytest.approx(datetime.timedelta(hours=6), abs=datetime.timedelta(1))
    assert default_task_backend.get_result(job.task_id).status == "SUCCESSFUL"


def test_a_refused_job_fails_with_its_message_in_the_users_language(start_greeting, run_queued_tasks):
    from django.utils import translation

    with translation.override("zh-hans"):
        job = start_greeting(refuse=True)

    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "您已无权阅读报告。"


def test_a_crashing_job_fails_and_the_task_queue_keeps_the_traceback(start_greeting, run_queued_tasks):
    job = start_greeting(crash=True)

    run_queued_tasks()

    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "")
    task_result = default_task_backend.get_result(job.task_id)
    assert task_result.status == "FAILED"
    assert "The disk is full" in task_result.errors[0].traceback


def test_expired_files_are_deleted_and_their_jobs_stay_listed(start_greeting, run_queued_tasks):
    expired, fresh = start_greeting(), start_greeting()
    run_queued_tasks()
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired.refresh_from_db()
    path = expired.result_file.path

    assert jobs_delete_expired_files(now=timezone.now()) == 1

    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert not expired.result_file and expired.status == Job.Status.DONE
    assert not __import__("os").path.exists(path)
    assert fresh.result_file.read() == b"Hello, owner"


def test_expired_files_command_reports_what_it_deleted(start_greeting, run_queued_tasks):
    job = start_greeting()
    run_queued_tasks()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    out = StringIO()

    call_command("delete_expired_job_files", stdout=out)

    assert out.getvalue().strip() == "Deleted 1 expired download(s)."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_db_worker_command_picks_up_a_queued_job_and_completes_it(start_greeting):
    job = start_greeting()
    assert DBTaskResult.objects.ready().count() == 1

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0, stdout=StringIO())

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result_file.read() == b"Hello, owner"
    assert DBTaskResult.objects.ready().count() == 0
