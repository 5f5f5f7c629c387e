"""Exports and imports too large for a request, done by the task queue for the user who asked (reporting's jobs:
progress page, private expiring download, notice when done). Each task rebuilds the user's scope from their id when
it runs: an export holds the list as they may see it then, an import checks and writes what they may write then."""

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from dataexchange import services, spreadsheets, staging
from dataexchange.kinds import KINDS
from dataexchange.models import StagedImport, may_import
from reporting.job_services import JobRefused, job_running, job_start
from reporting.models import Job

FORMATS = ("xlsx", "csv")
# Larger selections are exported by a task, never inside a request (the proxy's and gunicorn's timeouts).
EXPORT_IN_REQUEST_ROWS = 2000
# Files with more rows are checked and imported by tasks (counted, not checked, to decide).
IMPORT_IN_REQUEST_ROWS = 2000


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


def _import_kind(job):
    """The kind of records `job` imports, if its user may still import them."""
    kind = KINDS.get(job.params["kind"])
    if kind is None or not kind.is_offered_to(job.requested_by) or not may_import(job.requested_by):
        raise JobRefused(_("You may no longer import these records."))
    return kind


def _preview_url(kind, token):
    return reverse("dataexchange:import_preview", kwargs={"kind": kind.slug, "token": token})


def _keep_check(user, token, outcome):
    """Keep the check of the file staged under `token` for its preview; one too large to keep fails the job."""
    try:
        staging.save_outcome(user, token, outcome)
    except staging.PreviewTooLarge as error:
        staging.discard(user, token)
        raise JobRefused(str(error)) from None


@task()
def spreadsheet_import_check(job_id):
    """Check a large staged file row by row without writing it, and keep the check for its preview page."""
    with job_running(job_id) as job:
        user, kind, token = job.requested_by, _import_kind(job), job.params["token"]
        staged = staging.unchecked(user, token)
        if staged is None:
            raise JobRefused(_("This file is no longer waiting to be checked: upload it again."))
        outcome = services.spreadsheet_import(
            user=user, kind=kind.slug, data=bytes(staged.data), file_name=staged.file_name, dry_run=True
        )
        if not outcome.rows:
            staging.discard(user, token)
            problems = outcome.file_problems or [_("The file has no rows to import below its headers.")]
            raise JobRefused(" ".join(problems))
        _keep_check(user, token, outcome)
        job.finish_with_page(_preview_url(kind, token))


def spreadsheet_import_check_start(*, user, kind, data, file_name):
    """Stage the bytes of a file too long to check within a request and queue its check for `user`."""
    token = staging.stage_unchecked(user, kind.slug, file_name, data)
    title = _("Check of %(file)s") % {"file": file_name}
    return job_start(user=user, title=title, task=spreadsheet_import_check, params={"kind": kind.slug, "token": token})


@task()
def spreadsheet_import_confirm(job_id):
    """Import a large checked file, all rows or none (services.staged_import_confirm, which imports it once)."""
    with job_running(job_id) as job:
        user, kind, token = job.requested_by, _import_kind(job), job.params["token"]
        try:
            outcome = services.staged_import_confirm(user=user, kind=kind.slug, token=token)
        except services.AlreadyImported:
            raise JobRefused(_("This file was already imported: it is imported only once.")) from None
        except StagedImport.DoesNotExist:
            raise JobRefused(_("This file is no longer waiting to be imported: upload it again.")) from None
        if outcome.written:
            job.finish_with_page(reverse(kind.list_url_name), note=outcome.summary)
            return
        _keep_check(user, token, outcome)
        job.mark_failed(
            _("Nothing was imported: some rows have problems now. See them, correct the file and upload it again."),
            url=_preview_url(kind, token),
        )


def spreadsheet_import_confirm_start(*, user, kind, token):
    """Queue the import of the large file `user` staged under `token`; a confirmation of it already waiting or
    running (a double click) is returned instead of a second one."""
    confirming = (
        Job.objects.visible_to(user)
        .filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING], params__token=token, params__confirm=True)
        .first()
    )
    if confirming is not None:
        return confirming
    file_name = StagedImport.objects.filter(user=user, token=token).values_list("file_name", flat=True).get()
    title = _("Import of %(file)s") % {"file": file_name}
    return job_start(
        user=user,
        title=title,
        task=spreadsheet_import_confirm,
        params={"kind": kind.slug, "token": token, "confirm": True},
    )
