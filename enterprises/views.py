from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from enterprises import pages, services
from enterprises.filters import EnterpriseFilter
from enterprises.forms import EnterpriseForm, ImprovementTeamForm, MeasurementForm
from enterprises.models import Enterprise, ImprovementTeam, Measurement
from partners.access import can_change, get_editable_or_403, get_visible_or_404, scope_for
from score_mis.pagination import BoundedPaginator

ENTERPRISES_PER_PAGE = 25


def _measurements_url(enterprise_id):
    return reverse("enterprises:enterprise_detail", args=[enterprise_id]) + "#measurements"


def enterprise_list_filter(request):
    """The list's search and filters over the enterprises the user sees (the spreadsheet export applies them too)."""
    return EnterpriseFilter(request.GET or None, queryset=Enterprise.objects.visible_to(request.user), request=request)


@login_required
def enterprise_list(request):
    enterprise_filter = enterprise_list_filter(request)
    number = request.GET.get("page")
    paginator = BoundedPaginator(enterprise_filter.qs.in_list_order(), ENTERPRISES_PER_PAGE, page_number=number)
    page_obj = paginator.get_page(number)
    page_obj.object_list = page_obj.object_list.for_list_page(request.user)
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "filter": enterprise_filter,
            "page_obj": page_obj,
            "may_add": scope_for(request.user).may_write_anything,
        },
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = get_visible_or_404(Enterprise.objects.for_detail(request.user), request.user, pk=pk)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "team": getattr(enterprise, "improvement_team", None),
            "may_change": can_change(request.user, enterprise),
            **pages.page_context(enterprise),
        },
    )


@login_required
def enterprise_create(request):
    if not scope_for(request.user).may_write_anything:
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enterprise “%(name)s” added.") % {"name": enterprise})
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form})


@login_required
def enterprise_update(request, pk):
    enterprise = get_editable_or_403(Enterprise.objects, request.user, pk=pk)
    saved_name = str(enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(user=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enterprise “%(name)s” saved.") % {"name": enterprise})
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise, "saved_name": saved_name}
    )


@login_required
def enterprise_delete(request, pk):
    enterprise = get_editable_or_403(Enterprise.objects, request.user, pk=pk)
    detail_url = reverse("enterprises:enterprise_detail", args=[enterprise.pk])
    if request.method == "POST":
        try:
            services.enterprise_delete(user=request.user, enterprise=enterprise)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url)
        messages.success(request, _("Enterprise “%(name)s” deleted.") % {"name": enterprise})
        return redirect("enterprises:enterprise_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": enterprise,
            "cancel_url": detail_url,
            "consequences": _("Its improvement team, indicator measurements and improvements are deleted with it."),
        },
    )


@login_required
def improvement_team_update(request, pk):
    enterprise = get_editable_or_403(Enterprise.objects, request.user, pk=pk)
    team = ImprovementTeam.objects.filter(enterprise=enterprise).first()
    form = ImprovementTeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_team_update(
                user=request.user, enterprise=enterprise, read_version=team and team.version, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Improvement team of “%(name)s” saved.") % {"name": enterprise})
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/improvement_team_form.html", {"form": form, "enterprise": enterprise})


@login_required
def measurement_create(request, pk):
    enterprise = get_editable_or_403(Enterprise.objects, request.user, pk=pk)
    form = MeasurementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(user=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Measurement added."))
            return redirect(_measurements_url(enterprise.pk))
    return render(request, "enterprises/measurement_form.html", {"form": form, "enterprise": enterprise})


@login_required
def measurement_update(request, pk):
    measurement = get_editable_or_403(Measurement.objects.select_related("enterprise"), request.user, pk=pk)
    form = MeasurementForm(request.POST or None, instance=measurement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_update(user=request.user, measurement=measurement, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Measurement saved."))
            return redirect(_measurements_url(measurement.enterprise_id))
    return render(
        request,
        "enterprises/measurement_form.html",
        {"form": form, "enterprise": measurement.enterprise, "measurement": measurement},
    )


@login_required
def measurement_delete(request, pk):
    measurement = get_editable_or_403(
        Measurement.objects.select_related("enterprise", "indicator"), request.user, pk=pk
    )
    detail_url = _measurements_url(measurement.enterprise_id)
    if request.method == "POST":
        services.measurement_delete(user=request.user, measurement=measurement)
        messages.success(request, _("Measurement deleted."))
        return redirect(detail_url)
    return render(request, "includes/confirm_delete.html", {"object": measurement, "cancel_url": detail_url})
