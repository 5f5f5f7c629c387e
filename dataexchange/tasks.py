"""Exports too large to build inside a request, written by the task queue for the user who asked (reporting's jobs:
progress page, private expiring download, notice when ready). The task rebuilds the list as the user may see it
when it runs."""

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from dataexchange import spreadsheets
from dataexchange.kinds import KINDS
from reporting.job_services import JobRefused, job_running, job_start

FORMATS = ("xlsx", "csv")
# Larger selections are exported by a task, never inside a request (the proxy's and gunicorn's timeouts).
EXPORT_IN_REQUEST_ROWS = 2000


def export_rows(kind, user, query):
    """The rows of `kind`'s list for `user` filtered by `query` (the list's query string), and their resource."""
    request = HttpRequest()
    request.GET = QueryDict(query)
    request.user = user
    resource = kind.resource(user)
    return resource, resource.filter_export(kind.rows(request))


def export_file_name(kind, file_format):
    return f"{kind.slug}-{timezone.localdate():%Y-%m-%d}.{file_format}"


@task()
def spreadsheet_export_file(job_id):
    with job_running(job_id) as job:
        kind = KINDS.get(job.params["kind"])
        if kind is None or not kind.is_offered_to(job.requested_by):
            raise JobRefused(_("You may no longer export these records."))
        resource, rows = export_rows(kind, job.requested_by, job.params["query"])
        file_format = job.params["format"]
        if file_format == "csv":
            content = "".join(spreadsheets.csv_lines(resource, rows)).encode()
        else:
            with spreadsheets.xlsx_file(resource, rows) as workbook:
                content = workbook.read()
        job.finish_with_file(export_file_name(kind, file_format), content)


def spreadsheet_export_start(*, user, kind, file_format, query):
    """Queue the export of `kind`'s list as `user` filtered it (`query`, the list's query string)."""
    if file_format not in FORMATS or not kind.is_offered_to(user):
        raise ValueError(f"No export {kind.slug}.{file_format} for this user")
    title = _("%(kind)s export (%(format)s)") % {"kind": kind.label, "format": file_format.upper()}
    return job_start(
        user=user,
        title=title,
        task=spreadsheet_export_file,
        params={"kind": kind.slug, "format": file_format, "query": query},
    )
