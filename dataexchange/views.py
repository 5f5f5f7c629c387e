import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dataexchange import services, spreadsheets, staging, tasks
from dataexchange.forms import UploadForm
from dataexchange.kinds import KINDS, offered_kinds
from dataexchange.models import StagedImport, may_import
from reporting.middleware import notify_when_finished

PREVIEW_ROWS_PER_PAGE = 100
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(slug, user):
    """The kind of records named in the URL; a kind not offered to `user` (partners, for ILO staff) is not found."""
    kind = KINDS.get(slug)
    if kind is None or not kind.is_offered_to(user):
        raise Http404
    return kind


def _require_import(user):
    if not may_import(user):
        raise PermissionDenied


@login_required
@require_safe
def index(request):
    return render(
        request,
        "dataexchange/index.html",
        {"kinds": offered_kinds(request.user), "may_import": may_import(request.user)},
    )


@login_required
@require_safe
def template_download(request, kind):
    kind = _kind(kind, request.user)
    output = io.BytesIO()
    spreadsheets.template_workbook(kind.resource(request.user), str(kind.label), output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind.slug}-template.xlsx"'
    return response


@login_required
@require_safe
def export(request, kind, file_format):
    """The rows of the kind's list as the user filtered it (the list's own query string). A selection too large to
    write within a request gets a page that offers to prepare the file in the background."""
    kind = _kind(kind, request.user)
    if file_format not in tasks.FORMATS:
        raise Http404
    resource, queryset = tasks.export_rows(kind, request.user, request.GET.urlencode())
    if queryset.order_by()[: tasks.EXPORT_IN_REQUEST_ROWS + 1].count() > tasks.EXPORT_IN_REQUEST_ROWS:
        return render(
            request,
            "dataexchange/export_large.html",
            {"kind": kind, "file_format": file_format, "rows": tasks.EXPORT_IN_REQUEST_ROWS},
        )
    if file_format == "csv":
        response = StreamingHttpResponse(
            spreadsheets.csv_lines(resource, queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{tasks.export_file_name(kind, "csv")}"'
        return response
    return FileResponse(
        spreadsheets.xlsx_file(resource, queryset),
        as_attachment=True,
        filename=tasks.export_file_name(kind, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def export_queue(request, kind, file_format):
    """Queue the export (the list's query string comes back in the form), then show its progress page."""
    kind = _kind(kind, request.user)
    if file_format not in tasks.FORMATS:
        raise Http404
    job = tasks.spreadsheet_export_start(
        user=request.user, kind=kind, file_format=file_format, query=request.POST.get("query", "")
    )
    notify_when_finished(request, job)
    return redirect(job)


@login_required
def import_upload(request, kind):
    """Check an uploaded file and show the check; a file too long to check within a request is checked by a task,
    whose progress page links to the check when it is done."""
    kind = _kind(kind, request.user)
    _require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        first_look = services.spreadsheet_first_look(
            user=request.user, kind=kind.slug, data=data, file_name=upload.name, up_to=tasks.IMPORT_IN_REQUEST_ROWS + 1
        )
        if first_look.file_problems:
            form.add_error("file", first_look.file_problems)
        elif first_look.rows > tasks.IMPORT_IN_REQUEST_ROWS:
            job = tasks.spreadsheet_import_check_start(user=request.user, kind=kind, data=data, file_name=upload.name)
            notify_when_finished(request, job)
            return redirect(job)
        else:
            return _check_in_request(request, kind, form, data, upload.name)
    return render(request, "dataexchange/import_upload.html", {"kind": kind, "form": form})


def _check_in_request(request, kind, form, data, file_name):
    outcome = services.spreadsheet_import(
        user=request.user, kind=kind.slug, data=data, file_name=file_name, dry_run=True
    )
    if outcome.rows:
        try:
            token = staging.stage(request.user, data, outcome)
        except staging.PreviewTooLarge as error:
            form.add_error("file", str(error))
        else:
            return redirect("dataexchange:import_preview", kind=kind.slug, token=token)
    else:
        form.add_error("file", outcome.file_problems or [_("The file has no rows to import below its headers.")])
    return render(request, "dataexchange/import_upload.html", {"kind": kind, "form": form})


@login_required
@require_safe
def import_preview(request, kind, token):
    kind = _kind(kind, request.user)
    _require_import(request.user)
    outcome = staging.load(request.user, token)
    if outcome is None or outcome.kind != kind.slug:
        raise Http404
    only_problems = request.GET.get("show") == "problems" or (request.GET.get("show") != "all" and not outcome.is_valid)
    rows = [row for row in outcome.rows if row.problems] if only_problems else outcome.rows
    page_obj = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dataexchange/import_preview.html",
        {
            "kind": kind,
            "token": token,
            "outcome": outcome,
            "counts": outcome.counts,
            "only_problems": only_problems,
            "page_obj": page_obj,
        },
    )


@login_required
@require_POST
def import_confirm(request, kind, token):
    kind = _kind(kind, request.user)
    _require_import(request.user)
    if staging.in_background(request.user, kind.slug, token):
        job = tasks.spreadsheet_import_confirm_start(user=request.user, kind=kind, token=token)
        notify_when_finished(request, job)
        return redirect(job)
    try:
        outcome = services.staged_import_confirm(user=request.user, kind=kind.slug, token=token)
    except services.AlreadyImported:
        messages.info(request, _("This file was already imported: it is imported only once."))
        return redirect(kind.list_url_name)
    except StagedImport.DoesNotExist:
        raise Http404 from None
    if not outcome.written:
        try:
            staging.save_outcome(request.user, token, outcome)
        except staging.PreviewTooLarge as error:
            staging.discard(request.user, token)
            messages.error(request, str(error))
            return redirect("dataexchange:import_upload", kind=kind.slug)
        messages.error(
            request, _("Nothing was imported: the rows below have problems now. Correct the file and upload it again.")
        )
        return redirect("dataexchange:import_preview", kind=kind.slug, token=token)
    messages.success(request, outcome.summary)
    return redirect(kind.list_url_name)
