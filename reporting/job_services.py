"""Starting a job for a user, running its work in a task, and clearing away downloads whose time is up."""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import translation

from reporting.models import Job


class JobRefused(Exception):
    """Raised by a job's work with a message for the user: the job fails with that message."""


def job_start(*, user, title, task, params):
    """Record a job for `user` and queue `task`, which is called with the job's id. Call it outside a transaction
    (views are): the job is committed before the task is queued, so a worker on another machine finds it."""
    job = Job(
        requested_by=user,
        title=title,
        params=params,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    with transaction.atomic():
        job.full_clean()
        job.save()
    result = task.enqueue(job_id=str(job.pk))
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    return job


@contextmanager
def job_running(job_id):
    """The job, marked running, with its user and in the user's language. A refusal fails the job with its message;
    any other error fails it too and is raised again, so that the task queue records the traceback."""
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    job.mark_running()
    try:
        with translation.override(job.language):
            yield job
    except JobRefused as refusal:
        job.mark_failed(str(refusal))
    except Exception:
        job.mark_failed("")
        raise


def jobs_delete_expired_files(*, now):
    """Delete the files of downloads that have expired; the jobs stay listed as expired. Returns how many."""
    expired = Job.objects.expired(now).exclude(result_file="")
    count = 0
    for job in expired.iterator():
        job.delete_result_file()
        count += 1
    return count
