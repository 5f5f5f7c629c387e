"""A small task for the job tests: it writes a greeting file, or fails as its parameters say."""

from django.utils.translation import gettext as _
from django_tasks import task

from reporting.job_services import JobRefused, job_running


@task()
def greeting_file(job_id):
    with job_running(job_id) as job:
        if job.params.get("refuse"):
            raise JobRefused(_("You may no longer read reports."))
        if job.params.get("crash"):
            raise RuntimeError("The disk is full")
        job.finish_with_file("greeting.txt", f"Hello, {job.requested_by.username}".encode())
