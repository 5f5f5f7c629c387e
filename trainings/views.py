from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from enterprises.models import Enterprise
from partners.access import can_change, get_editable_or_403, get_visible_or_404, scope_for
from score_mis.bilingual import text_in_reader_language
from score_mis.pagination import BoundedPaginator
from score_mis.wording import sorted_for_reader
from trainings import services
from trainings.filters import EventFilter, RoundFilter, TrainerFilter
from trainings.forms import (
    ActivityForm,
    AttendanceFormSet,
    DecisionForm,
    EnrollmentCreateForm,
    EnrollmentForm,
    EventForm,
    LapseForm,
    ParticipationForm,
    RecommendationForm,
    RenewForm,
    RoundForm,
    RoundTrainerForm,
    TraineeForm,
    VisitForm,
    attendance_grid_enterprises,
    attendance_initial,
)
from trainings.models import (
    Activity,
    Attendance,
    Certification,
    Enrollment,
    Event,
    EventParticipation,
    RoundTrainer,
    Trainee,
    Trainer,
    TrainingRound,
)

ROUNDS_PER_PAGE = 25
TRAINERS_PER_PAGE = 25
EVENTS_PER_PAGE = 25
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
        "enrollments": sorted_for_reader(training_round.enrollments.all(), key=lambda e: e.enterprise.display_name),
        "activities": activities,
        "trainers": sorted_for_reader(trainers.values()),
        "attendance_tables": [
            (caption, totals_by_kind[kind]) for kind, caption in ATTENDANCE_CAPTIONS.items() if kind in totals_by_kind
        ],
        "can_edit": can_change(request.user, training_round),
        "trainees": training_round.trainees.all(),
        "team": training_round.team.all(),
        "recommendations": training_round.recommendations.all(),
        "supervises": any(
            member.role == RoundTrainer.Role.SUPERVISOR and member.trainer.user_id == request.user.pk
            for member in training_round.team.all()
        ),
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
            **{name: form.cleaned_data[name] for name in form.translated_fields("notes")},
            "attendance": formset.attendance,
            "trainees": form.trainees,
            "satisfaction": form.satisfaction,
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
            **{name: form.cleaned_data[name] for name in form.translated_fields("notes")},
            "attendance": form.attendance,
            "satisfaction": form.satisfaction,
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
    attendance = activity.attendances.select_related("enterprise").order_by(
        text_in_reader_language("enterprise__name"), "pk"
    )
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


# Trainers ---------------------------------------------------------------------------------------------------------


@login_required
def trainer_list(request):
    trainer_filter = TrainerFilter(
        request.GET or None, queryset=Trainer.objects.visible_to(request.user), request=request
    )
    number = request.GET.get("page")
    page_obj = BoundedPaginator(trainer_filter.qs.for_list(), TRAINERS_PER_PAGE, page_number=number).get_page(number)
    return render(request, "trainings/trainer_list.html", {"filter": trainer_filter, "page_obj": page_obj})


@login_required
def trainer_detail(request, pk):
    trainer = get_visible_or_404(Trainer.objects.for_detail(), request.user, pk=pk)
    rounds = TrainingRound.objects.visible_to(request.user).delivered_by(trainer)
    context = {
        "trainer": trainer,
        "rounds": rounds,
        "tot_places": Trainee.objects.visible_to(request.user).filter(trainer=trainer).for_trainer_page(),
        "enterprises": Enterprise.objects.visible_to(request.user)
        .filter(enrollments__round__in=rounds.filter(kind=TrainingRound.Kind.TOE).values("pk"))
        .select_related("city")
        .distinct(),
        "certifications": trainer.certifications.all(),
        "may_decide": scope_for(request.user).changes_everything,
    }
    return render(request, "trainings/trainer_detail.html", context)


def _round_form_page(request, training_round, form, heading, template="trainings/round_part_form.html"):
    return render(request, template, {"round": training_round, "form": form, "heading": heading})


@login_required
def trainee_create(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    form = TraineeForm(request.POST or None, round=training_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trainee = services.trainee_add(user=request.user, round=training_round, **form.trainee)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added to the trainees.") % {"name": trainee.trainer})
            return redirect(reverse("trainings:round_detail", args=[training_round.pk]) + "#trainees")
    return _round_form_page(request, training_round, form, _("Add a trainee"), "trainings/trainee_form.html")


@login_required
def trainee_delete(request, pk):
    trainee = get_editable_or_403(Trainee.objects.select_related("round", "trainer"), request.user, pk=pk)
    cancel_url = reverse("trainings:round_detail", args=[trainee.round_id]) + "#trainees"
    if request.method == "POST":
        services.trainee_remove(user=request.user, trainee=trainee)
        messages.success(request, _("%(name)s removed from the trainees.") % {"name": trainee.trainer})
        return redirect(cancel_url)
    context = {
        "object": trainee,
        "cancel_url": cancel_url,
        "consequences": _("The days they were marked present are removed too; the person stays registered."),
    }
    return render(request, "includes/confirm_delete.html", context)


@login_required
def round_trainer_create(request, pk):
    training_round = get_editable_or_403(TrainingRound.objects, request.user, pk=pk)
    form = RoundTrainerForm(request.POST or None, round=training_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.round_trainer_assign(user=request.user, round=training_round, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s named as %(role)s.") % {"name": member.trainer, "role": member.get_role_display()},
            )
            return redirect(reverse("trainings:round_detail", args=[training_round.pk]) + "#team")
    return _round_form_page(request, training_round, form, _("Name who delivered the round"))


@login_required
def round_trainer_delete(request, pk):
    member = get_editable_or_403(RoundTrainer.objects.select_related("round", "trainer"), request.user, pk=pk)
    cancel_url = reverse("trainings:round_detail", args=[member.round_id]) + "#team"
    if request.method == "POST":
        services.round_trainer_remove(user=request.user, round_trainer=member)
        messages.success(request, _("%(name)s is no longer named on the round.") % {"name": member.trainer})
        return redirect(cancel_url)
    return render(request, "includes/confirm_delete.html", {"object": member, "cancel_url": cancel_url})


@login_required
def recommendation_create(request, pk):
    """The supervising expert trainer of the round recommends one of its trainers; anyone else gets 403."""
    training_round = get_visible_or_404(TrainingRound.objects.select_related("module"), request.user, pk=pk)
    if not services.supervises(request.user, training_round):
        raise PermissionDenied
    form = RecommendationForm(request.POST or None, round=training_round)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.translated_fields("recommendation")}
        try:
            certification = services.certification_recommend(
                user=request.user,
                round=training_round,
                trainer=form.cleaned_data["trainer"],
                recommended_on=form.cleaned_data["recommended_on"],
                **fields,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s recommended for certification on %(module)s.")
                % {"name": certification.trainer, "module": training_round.module},
            )
            return redirect(reverse("trainings:round_detail", args=[training_round.pk]) + "#team")
    return _round_form_page(request, training_round, form, _("Recommend for certification"))


def _certification_for_staff(request, pk):
    certification = get_visible_or_404(
        Certification.objects.select_related("trainer", "module", "recommended_by", "recommended_in"),
        request.user,
        pk=pk,
    )
    if not scope_for(request.user).changes_everything:
        raise PermissionDenied
    return certification


def _certification_page(request, certification, form, heading):
    context = {"certification": certification, "trainer": certification.trainer, "form": form, "heading": heading}
    return render(request, "trainings/certification_form.html", context)


@login_required
def certification_decide(request, pk):
    """ILO staff certify a recommended trainer or decline with a reason."""
    certification = _certification_for_staff(request, pk)
    form = DecisionForm(request.POST or None, instance=certification)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == DecisionForm.CERTIFY:
                services.certification_certify(
                    user=request.user, certification=certification, certified_on=form.cleaned_data["certified_on"]
                )
                text = _("%(name)s certified on %(module)s.")
            else:
                services.certification_decline(user=request.user, certification=certification, **form.reason())
                text = _("The recommendation of %(name)s on %(module)s declined.")
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, text % {"name": certification.trainer, "module": certification.module})
            return redirect("trainings:trainer_detail", pk=certification.trainer_id)
    return _certification_page(request, certification, form, _("Certify or decline"))


@login_required
def certification_lapse(request, pk):
    certification = _certification_for_staff(request, pk)
    form = LapseForm(request.POST or None, instance=certification, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_lapse(user=request.user, certification=certification, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The certification on %(module)s lapsed.") % {"module": certification.module})
            return redirect("trainings:trainer_detail", pk=certification.trainer_id)
    return _certification_page(request, certification, form, _("Record that the certification lapsed"))


@login_required
def certification_renew(request, pk):
    certification = _certification_for_staff(request, pk)
    form = RenewForm(request.POST or None, instance=certification, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_renew(user=request.user, certification=certification, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The certification on %(module)s renewed.") % {"module": certification.module})
            return redirect("trainings:trainer_detail", pk=certification.trainer_id)
    return _certification_page(request, certification, form, _("Renew the certification"))


# Programme events -------------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    event_filter = EventFilter(request.GET or None, queryset=Event.objects.visible_to(request.user), request=request)
    number = request.GET.get("page")
    page_obj = BoundedPaginator(event_filter.qs.for_list(), EVENTS_PER_PAGE, page_number=number).get_page(number)
    context = {
        "filter": event_filter,
        "page_obj": page_obj,
        "can_create": scope_for(request.user).may_write_anything,
    }
    return render(request, "trainings/event_list.html", context)


@login_required
def event_detail(request, pk):
    event = get_visible_or_404(Event.objects.for_detail(), request.user, pk=pk)
    participations = event.participations.all()
    context = {
        "event": event,
        "participations": participations,
        "female": sum(row.female for row in participations),
        "male": sum(row.male for row in participations),
        "can_edit": Event.objects.editable_by(request.user).filter(pk=event.pk).exists(),
    }
    return render(request, "trainings/event_detail.html", context)


def _event_form(request, event=None):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        partners = list(fields.pop("partners"))
        try:
            if event is None:
                event = services.event_create(user=request.user, partners=partners, **fields)
            else:
                services.event_update(user=request.user, event=event, partners=partners, **fields)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Event “%(title)s” saved.") % {"title": event})
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request):
    if not scope_for(request.user).may_write_anything:
        raise PermissionDenied
    return _event_form(request)


@login_required
def event_update(request, pk):
    return _event_form(request, get_editable_or_403(Event.objects, request.user, pk=pk))


@login_required
def event_delete(request, pk):
    event = get_editable_or_403(Event.objects, request.user, pk=pk)
    if request.method == "POST":
        services.event_delete(user=request.user, event=event)
        messages.success(request, _("Event “%(title)s” deleted.") % {"title": event})
        return redirect("trainings:event_list")
    context = {
        "object": event,
        "cancel_url": reverse("trainings:event_detail", args=[event.pk]),
        "consequences": _("The participants counted for it are deleted too."),
    }
    return render(request, "includes/confirm_delete.html", context)


@login_required
def participation_create(request, pk):
    event = get_editable_or_403(Event.objects, request.user, pk=pk)
    form = ParticipationForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_record(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Participants counted."))
            return redirect(reverse("trainings:event_detail", args=[event.pk]) + "#participants")
    return render(request, "trainings/participation_form.html", {"form": form, "event": event})


@login_required
def participation_delete(request, pk):
    participation = get_editable_or_403(
        EventParticipation.objects.select_related("event", "partner"), request.user, pk=pk
    )
    cancel_url = reverse("trainings:event_detail", args=[participation.event_id]) + "#participants"
    if request.method == "POST":
        services.participation_delete(user=request.user, participation=participation)
        messages.success(request, _("Participants removed."))
        return redirect(cancel_url)
    return render(request, "includes/confirm_delete.html", {"object": participation, "cancel_url": cancel_url})
