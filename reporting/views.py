from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.access import require_report_reader, scope_for
from partners.models import QualitySettings
from reporting.committee import CommitteeReport
from reporting.forms import ReportFilterForm
from reporting.middleware import notify_when_finished
from reporting.models import FrozenRendering, FrozenReport
from reporting.pages import DEFAULT_PERIODS, day_of
from reporting.quality import may_see_data_quality
from reporting.stored_figures import figures_for
from reporting.tasks import OUTPUTS, committee_report_download_start, committee_report_freeze_start

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content, content_type, filename):
    """A response that downloads `content` as the file `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dashboard(request):
    require_report_reader(request.user)
    today = day_of("dashboard", request.user)
    start, end = DEFAULT_PERIODS["dashboard"](today)
    form = ReportFilterForm(request.GET, user=request.user, default_start=start, default_end=end)
    params = form.params()
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "filters": form.filters(),
            "figures": figures_for("dashboard", request.user, params, today),
            "report_query": urlencode(params),
        },
    )


def _committee_form(user, data, day):
    start, end = DEFAULT_PERIODS["committee"](day)
    return ReportFilterForm(data, user=user, default_start=start, default_end=end, with_module=False)


@login_required
def committee_report(request):
    require_report_reader(request.user)
    day = day_of("committee", request.user)
    form = _committee_form(request.user, request.GET, day)
    params = form.params()
    return render(
        request,
        "reporting/committee_report.html",
        {
            "form": form,
            "figures": figures_for("committee", request.user, params, day),
            "params": params,
            "can_freeze": scope_for(request.user).may_freeze_reports,
            "can_open_frozen": scope_for(request.user).reads_programme_wide,
        },
    )


@login_required
@require_POST
def committee_report_download(request):
    """Queue the report's PDF or workbook, then show its progress page: nothing slow runs in the request."""
    require_report_reader(request.user)
    form = _committee_form(request.user, request.POST, day_of("committee", request.user))
    output = request.POST.get("output")
    if output not in OUTPUTS:
        messages.error(request, _("Choose PDF or XLSX."))
        return redirect(f"{reverse('reporting:committee_report')}?{urlencode(form.params())}")
    report = CommitteeReport(request.user, form.filters())
    job = committee_report_download_start(user=request.user, report=report, params=form.params(), output=output)
    notify_when_finished(request, job)
    return redirect(job)


@login_required
@require_POST
def freeze_report(request):
    if not scope_for(request.user).may_freeze_reports:
        raise PermissionDenied
    form = _committee_form(request.user, request.POST, day_of("committee", request.user))
    report = CommitteeReport(request.user, form.filters())
    job = committee_report_freeze_start(user=request.user, report=report, params=form.params())
    notify_when_finished(request, job)
    messages.info(request, _("The report is being frozen: this copy will not change when the data is corrected."))
    return redirect(job)


@login_required
def frozen_list(request):
    if not scope_for(request.user).reads_programme_wide:
        raise PermissionDenied
    page = Paginator(FrozenReport.objects.visible_to(request.user).for_list(), 25).get_page(request.GET.get("page"))
    return render(request, "reporting/frozen_list.html", {"page_obj": page, "frozen_reports": page.object_list})


@login_required
def frozen_detail(request, pk):
    frozen = get_object_or_404(FrozenReport.objects.visible_to(request.user).for_list(), pk=pk)
    return render(request, "reporting/frozen_detail.html", {"frozen": frozen})


def _rendering_or_404(user, pk, language, *fields):
    renderings = FrozenRendering.objects.visible_to(user).only("title", *fields)
    return get_object_or_404(renderings, frozen=pk, language=language)


@login_required
@csp_update({"style-src": [UNSAFE_INLINE]})
def frozen_document(request, pk, language):
    """The stored HTML exactly as it was frozen. It carries its styles inline (it is made to read the same anywhere,
    see reporting.renderers.render_document) and no script, which the site-wide policy still forbids."""
    rendering = _rendering_or_404(request.user, pk, language, "html")
    return HttpResponse(rendering.html.encode("utf-8"), content_type="text/html; charset=utf-8")


@login_required
def frozen_download(request, pk, language, output):
    rendering = _rendering_or_404(request.user, pk, language, output)
    name = f"{slugify(rendering.title) or 'score-report'}-{pk}-{language}"
    if output == "pdf":
        return attachment(bytes(rendering.pdf), "application/pdf", f"{name}.pdf")
    return attachment(bytes(rendering.xlsx), XLSX, f"{name}.xlsx")


@login_required
def data_quality(request):
    """What is missing, late or implausible, per partner with a score: coordinators and viewers see their partners',
    ILO staff every partner's."""
    if not may_see_data_quality(request.user):
        raise PermissionDenied
    today = day_of("quality", request.user)
    return render(
        request,
        "reporting/data_quality.html",
        {
            "figures": figures_for("quality", request.user, {}, today),
            "settings": QualitySettings.current(),
            "today": today,
        },
    )
