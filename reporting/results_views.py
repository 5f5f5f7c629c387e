"""The results pages: the logframe report (HTML, PDF, XLSX) and the staff pages that keep the framework.

Every reader of reports reads them; only ILO staff change them. Objects are fetched through the one gate
(`get_visible_or_404` / `get_editable_or_403`), so an outsider gets a 404 and a reader a 403 on a change.
"""

import mimetypes
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from partners.access import get_editable_or_403, get_visible_or_404, require_report_reader, scope_for
from reporting import results_forms as forms
from reporting.framework import (
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
    phase_on,
)
from reporting.logframe import Logframe
from reporting.periods import reporting_day
from reporting.renderers import render_pdf, render_xlsx
from reporting.results_services import result_record_delete, result_record_save
from reporting.views import XLSX, attachment

RECORDS_PER_PAGE = 25


def may_edit_results(user):
    return scope_for(user).changes_everything


def render_results_document(logframe):
    """The logframe as one self-contained HTML page, for the PDF."""
    return render_to_string(
        "reporting/results_document.html", {"logframe": logframe, "language": get_language(), "printable": True}
    )


@login_required
def results(request):
    require_report_reader(request.user)
    default_phase = phase_on(reporting_day(request.user))
    if default_phase is None:
        raise Http404
    form = forms.ResultsFilterForm(request.GET, user=request.user, default_phase=default_phase)
    period, partner, city = form.chosen()
    logframe = Logframe(request.user, period, partner=partner, city=city)
    output = request.GET.get("format")
    filename = f"score-results-{period.phase.code}-{period.key}"
    if output == "xlsx":
        return attachment(render_xlsx([logframe.table()]), XLSX, f"{filename}.xlsx")
    if output == "pdf":
        return attachment(render_pdf(render_results_document(logframe)), "application/pdf", f"{filename}.pdf")
    return _render(
        request,
        "reporting/results.html",
        {
            "form": form,
            "logframe": logframe,
            "query": urlencode(form.params()),
            "show_record_links": scope_for(request.user).may_open_photos,
        },
    )


# Staff pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordKind:
    """How the staff pages handle one model of the framework."""

    model: type
    form_class: type
    list_url: str
    segment: str
    new_label: str

    def queryset(self):
        return self.model.objects.all()


KINDS = {
    "area": RecordKind(
        ResultArea, forms.ResultAreaForm, "reporting:results_framework", "areas", gettext_lazy("New outcome or output")
    ),
    "indicator": RecordKind(
        ResultIndicator,
        forms.ResultIndicatorForm,
        "reporting:results_framework",
        "indicators",
        gettext_lazy("New indicator"),
    ),
    "target": RecordKind(
        ResultTarget, forms.ResultTargetForm, "reporting:target_list", "targets", gettext_lazy("New target")
    ),
    "actual": RecordKind(
        ReportedActual,
        forms.ReportedActualForm,
        "reporting:actual_list",
        "actuals",
        gettext_lazy("New reported actual"),
    ),
    "rate": RecordKind(UsdRate, forms.UsdRateForm, "reporting:rate_list", "rates", gettext_lazy("New rate")),
    "narrative": RecordKind(
        Narrative, forms.NarrativeForm, "reporting:narrative_list", "narratives", gettext_lazy("New narrative")
    ),
    "content": RecordKind(
        ContentItem, forms.ContentItemForm, "reporting:content_list", "content", gettext_lazy("New item")
    ),
}


def _add_errors(form, error):
    """The model's validation errors on the form: on their field when the form has it, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in ("year", "half") and "period" in form.fields:
            name = "period"
        form.add_error(name if name in form.fields else None, errors)


def _edit(request, kind_name, record):
    kind = KINDS[kind_name]
    adding = record._state.adding
    form = kind.form_class(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            result_record_save(user=request.user, record=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            message = _("Saved: %(record)s.") % {"record": form.instance}
            messages.success(request, message)
            return redirect(kind.list_url)
    context = {
        "form": form,
        "adding": adding,
        "record": record,
        "heading_new": kind.new_label,
        "cancel_url": reverse(kind.list_url),
        "delete_url": "" if adding else reverse(f"reporting:{kind_name}_delete", args=[record.pk]),
    }
    return _render(request, "reporting/results/record_form.html", context)


def _create_view(kind_name):
    @login_required
    def create(request):
        if not may_edit_results(request.user):
            raise PermissionDenied
        return _edit(request, kind_name, KINDS[kind_name].model())

    create.__name__ = f"{kind_name}_create"
    return create


def _update_view(kind_name):
    @login_required
    def update(request, pk):
        record = get_editable_or_403(KINDS[kind_name].queryset(), request.user, pk=pk)
        return _edit(request, kind_name, record)

    update.__name__ = f"{kind_name}_update"
    return update


def _delete_view(kind_name):
    @login_required
    def delete(request, pk):
        kind = KINDS[kind_name]
        record = get_editable_or_403(kind.queryset(), request.user, pk=pk)
        if request.method == "POST":
            try:
                result_record_delete(user=request.user, record=record)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Deleted: %(record)s.") % {"record": record})
            return redirect(kind.list_url)
        return render(request, "includes/confirm_delete.html", {"object": record, "cancel_url": reverse(kind.list_url)})

    delete.__name__ = f"{kind_name}_delete"
    return delete


VIEWS = {
    f"{kind}_{action}": factory(kind)
    for kind in KINDS
    for action, factory in (("create", _create_view), ("update", _update_view), ("delete", _delete_view))
}


def _render(request, template, context):
    """A results page, with what its menu needs to know about the user."""
    context = {
        **context,
        "may_edit": may_edit_results(request.user),
        "reads_programme_wide": scope_for(request.user).reads_programme_wide,
    }
    return render(request, template, context)


def _list_page(request, queryset):
    return Paginator(queryset, RECORDS_PER_PAGE).get_page(request.GET.get("page"))


@login_required
def results_framework(request):
    """The outcomes, outputs and indicators of a phase."""
    require_report_reader(request.user)
    phases = list(ProgrammePhase.objects.visible_to(request.user))
    chosen = request.GET.get("phase", "")
    phase = next((phase for phase in phases if str(phase.pk) == chosen), None)
    if phase is None:
        phase = phase_on(reporting_day(request.user))
    areas = list(ResultArea.objects.filter(phase=phase).select_related("parent").prefetch_related("indicators"))
    return _render(request, "reporting/results/framework.html", {"phases": phases, "phase": phase, "areas": areas})


@login_required
def target_list(request):
    require_report_reader(request.user)
    targets = ResultTarget.objects.visible_to(request.user).select_related("indicator__area__phase", "partner", "city")
    return _render(request, "reporting/results/target_list.html", {"page_obj": _list_page(request, targets)})


@login_required
def actual_list(request):
    require_report_reader(request.user)
    actuals = ReportedActual.objects.visible_to(request.user).select_related("indicator__area__phase")
    return _render(request, "reporting/results/actual_list.html", {"page_obj": _list_page(request, actuals)})


@login_required
def rate_list(request):
    require_report_reader(request.user)
    rates = UsdRate.objects.visible_to(request.user).select_related("phase")
    return _render(request, "reporting/results/rate_list.html", {"page_obj": _list_page(request, rates)})


@login_required
def narrative_list(request):
    require_report_reader(request.user)
    return _render(
        request,
        "reporting/results/narrative_list.html",
        {"page_obj": _list_page(request, Narrative.objects.visible_to(request.user))},
    )


@login_required
def content_list(request):
    require_report_reader(request.user)
    return _render(
        request,
        "reporting/results/content_list.html",
        {"page_obj": _list_page(request, ContentItem.objects.visible_to(request.user))},
    )


@login_required
def actual_evidence(request, pk):
    """The evidence file of a reported actual, after the same access check as the actual itself."""
    actual = get_visible_or_404(ReportedActual.objects, request.user, pk=pk)
    if not actual.evidence:
        raise Http404
    content_type = mimetypes.guess_type(actual.evidence.name)[0] or "application/octet-stream"
    return FileResponse(
        actual.evidence.open("rb"),
        as_attachment=True,
        filename=actual.evidence.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
