from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.access import can_change, get_editable_or_403, get_visible_or_404, scope_for
from score_mis.pagination import BoundedPaginator
from trainings import services
from trainings.filters import RoundFilter
from trainings.forms import (
    ActivityForm,
    AttendanceFormSet,
    EnrollmentCreateForm,
    EnrollmentForm,
    RoundForm,
    VisitForm,
    attendance_grid_enterprises,
    attendance_initial,
)
from trainings.models import Activity, Attendance, Enrollment, TrainingRound

ROUNDS_PER_PAGE = 25
ATTENDANCE_CAPTIONS = {
    Activity.Kind.WORKSHOP: gettext_lazy("Workshop days"),
    Activity.Kind.FACTORY_VISIT: gettext_lazy("Factory visits"),
}
VISIT_RECORDED = gettext_lazy("Factory visit to %(enterprise)s on %(date)s recorded.")
VISIT_RECORDED_WITH = gettext_lazy("Factory visit to %(enterprise)s on %(date)s recorded with %(participants)s.")
VISIT_SAVED = gettext_lazy("Factory visit to %(enterprise)s on %(date)s saved.")
VISIT_SAVED_WITH = gettext_lazy("Factory visit to %(enterprise)s on %(date)s saved with %(participants)s.")


def _add_service_errors(form, error):
    """Show a service's validation errors next to the form's fields, and the others above the form."""
    for field, field_errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, field_errors)


def _participants_message(count):
    return ngettext("%(count)s participant", "%(count)s participants", count) % {"count": count}


def round_list_filter(request):
    """The list's search and filters over the rounds the user sees (the spreadsheet export applies them too)."""
    return RoundFilter(request.GET or None, queryset=TrainingRound.objects.visible_to(request.user), request=request)


@login_required
def round_list(request):
    round_filter = round_list_filter(request)
    number = request.GET.get("page")
    page_obj = BoundedPaginator(round_filter.qs.for_list(), ROUNDS_PER_PAGE, page_number=number).get_page(number)
    context = {
        "filter": round_filter,
        "page_obj": page_obj,
        "can_create": scope_for(request.user).may_write_anything,
    }
    return render(request, "trainings/round_list.html", context)


@login_required
def round_detail(request, pk):
    training_round = get_visible_or_404(TrainingRound.objects.for_detail(), request.user, pk=pk)
    activities = training_round.activities.all()
    trainers = {trainer.pk: trainer for activity in activities for trainer in activity.trainers.all()}
    attendance = Attendance.objects.visible_to(request.user).filter(activity__round=training_round)
    totals_by_kind = attendance.totals_by_activity_kind()
    context = {
        "round": training_round,
        "enrollments": training_round.enrollments.all(),
        "activities": activities,
        "trainers": sorted(trainers.values(), key=str),
        "attendance_tables": [
            (caption, totals_by_kind[kind]) for kind, caption in ATTENDANCE_CAPTIONS.items() if kind in totals_by_kind
        ],
        "can_edit": can_change(request.user, training_round),
    }
    return render(request, "trainings/round_detail.html", context)


@login_required
def round_create(request):
    if not scope_for(request.user).may_write_anything:
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training_round = services.round_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Training round “%(title)s” created.") % {"title": training_round.title})
            return redirect("trainings:round_detail", pk=training_round.pk)
    return render(request, "trainings/round_form.html", {"form": form})


@login_required
def round_update(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    form = RoundForm(request.POST or None, instance=training_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(user=request.user, round=training_round, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Training round “%(title)s” saved.") % {"title": training_round.title})
            return redirect("trainings:round_detail", pk=training_round.pk)
    return render(request, "trainings/round_form.html", {"form": form, "round": training_round})


@login_required
def round_delete(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    if request.method == "POST":
        services.round_delete(user=request.user, round=training_round)
        messages.success(request, _("Training round “%(title)s” deleted.") % {"title": training_round.title})
        return redirect("trainings:round_list")
    consequences = _(
        "Its %(enrollments)s enrollments and %(activities)s activities, with their attendance, are deleted too."
    ) % {"enrollments": training_round.enrollments.count(), "activities": training_round.activities.count()}
    context = {
        "object": training_round,
        "consequences": consequences,
        "cancel_url": reverse("trainings:round_detail", args=[training_round.pk]),
    }
    return render(request, "includes/confirm_delete.html", context)


def _workshop_screen(request, training_round, workshop=None):
    enterprises = attendance_grid_enterprises(training_round, workshop)
    recorded = workshop.attendances.all() if workshop else []
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, round=training_round, kind=Activity.Kind.WORKSHOP, instance=workshop, user=request.user)
    formset = AttendanceFormSet(
        data, prefix="attendance", enterprises=enterprises, initial=attendance_initial(enterprises, recorded)
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {
            "user": request.user,
            "date": form.cleaned_data["date"],
            "trainers": form.cleaned_data["trainers"],
            "notes": form.cleaned_data["notes"],
            "attendance": formset.attendance,
        }
        try:
            if workshop is None:
                saved = services.workshop_record(round=training_round, **fields)
                text = _("Workshop day of %(date)s recorded with %(participants)s.")
            else:
                saved = services.workshop_update(workshop=workshop, **fields)
                text = _("Workshop day of %(date)s saved with %(participants)s.")
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            participants = _participants_message(formset.participants)
            messages.success(request, text % {"date": date_format(saved.date), "participants": participants})
            return redirect("trainings:round_detail", pk=training_round.pk)
    context = {"round": training_round, "form": form, "formset": formset, "activity": workshop}
    return render(request, "trainings/workshop_form.html", context)


def _visit_screen(request, training_round, visit=None):
    recorded = visit.attendances.filter(enterprise_id=visit.enterprise_id).first() if visit else None
    form = VisitForm(
        request.POST or None, round=training_round, instance=visit, recorded_attendance=recorded, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            "user": request.user,
            "enterprise": form.cleaned_data["enterprise"],
            "date": form.cleaned_data["date"],
            "trainers": form.cleaned_data["trainers"],
            "notes": form.cleaned_data["notes"],
            "attendance": form.attendance,
        }
        participants = sum(form.attendance.values())
        try:
            if visit is None:
                saved = services.visit_record(round=training_round, **fields)
                text = VISIT_RECORDED_WITH if participants else VISIT_RECORDED
            else:
                saved = services.visit_update(visit=visit, **fields)
                text = VISIT_SAVED_WITH if participants else VISIT_SAVED
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            values = {"enterprise": saved.enterprise.display_name, "date": date_format(saved.date)}
            messages.success(request, text % {**values, "participants": _participants_message(participants)})
            return redirect("trainings:round_detail", pk=training_round.pk)
    return render(request, "trainings/visit_form.html", {"round": training_round, "form": form, "activity": visit})


@login_required
def workshop_create(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    return _workshop_screen(request, training_round)


@login_required
def visit_create(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    return _visit_screen(request, training_round)


@login_required
def activity_detail(request, pk):
    activity = get_visible_or_404(
        Activity.objects.select_related(
            "round__partner", "round__module", "round__city", "enterprise"
        ).prefetch_related("trainers"),
        request.user,
        pk=pk,
    )
    attendance = activity.attendances.select_related("enterprise").order_by("enterprise__name")
    context = {
        "activity": activity,
        "round": activity.round,
        "attendance": attendance,
        "totals": attendance.totals(),
        "can_edit": can_change(request.user, activity),
    }
    return render(request, "trainings/activity_detail.html", context)


@login_required
def activity_update(request, pk):
    activity = get_editable_or_403(Activity.objects.select_related("round", "enterprise"), request.user, pk=pk)
    if activity.kind == Activity.Kind.WORKSHOP:
        return _workshop_screen(request, activity.round, activity)
    return _visit_screen(request, activity.round, activity)


@login_required
def activity_delete(request, pk):
    activity = get_editable_or_403(Activity.objects.select_related("round", "enterprise"), request.user, pk=pk)
    if request.method == "POST":
        services.activity_delete(user=request.user, activity=activity)
        if activity.kind == Activity.Kind.WORKSHOP:
            message = _("Workshop day of %(date)s deleted.") % {"date": date_format(activity.date)}
        else:
            message = _("Factory visit to %(enterprise)s on %(date)s deleted.") % {
                "enterprise": activity.enterprise.display_name,
                "date": date_format(activity.date),
            }
        messages.success(request, message)
        return redirect("trainings:round_detail", pk=activity.round_id)
    context = {
        "object": activity,
        "consequences": _("The attendance recorded for it is deleted too."),
        "cancel_url": reverse("trainings:activity_detail", args=[activity.pk]),
    }
    return render(request, "includes/confirm_delete.html", context)


@login_required
def enrollment_create(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    form = EnrollmentCreateForm(request.POST or None, round=training_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.enrollment_create(user=request.user, round=training_round, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(enterprise)s enrolled in “%(round)s”.")
                % {"enterprise": enrollment.enterprise.display_name, "round": training_round.title},
            )
            return redirect("trainings:round_detail", pk=training_round.pk)
    return render(request, "trainings/enrollment_form.html", {"round": training_round, "form": form})


@login_required
def enrollment_update(request, pk):
    enrollment = get_editable_or_403(Enrollment.objects.select_related("round", "enterprise"), request.user, pk=pk)
    form = EnrollmentForm(request.POST or None, instance=enrollment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_update(user=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("Enrollment of %(enterprise)s saved.") % {"enterprise": enrollment.enterprise.display_name}
            )
            return redirect("trainings:round_detail", pk=enrollment.round_id)
    context = {"round": enrollment.round, "form": form, "enrollment": enrollment}
    return render(request, "trainings/enrollment_form.html", context)


@login_required
def enrollment_delete(request, pk):
    enrollment = get_editable_or_403(Enrollment.objects.select_related("round", "enterprise"), request.user, pk=pk)
    if request.method == "POST":
        try:
            services.enrollment_delete(user=request.user, enrollment=enrollment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(enterprise)s removed from the round.") % {"enterprise": enrollment.enterprise.display_name},
            )
        return redirect("trainings:round_detail", pk=enrollment.round_id)
    context = {
        "object": enrollment,
        "cancel_url": reverse("trainings:round_detail", args=[enrollment.round_id]),
        "consequences": _("Only an enrollment made by mistake should be deleted; otherwise mark it withdrawn."),
    }
    return render(request, "includes/confirm_delete.html", context)
