"""Writes in training rounds that touch several rows: each runs full_clean() inside one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from partners.access import scope_for
from score_mis.bilingual import require_text
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
from trainings.querysets import PARTICIPANT_COUNTS


def _require_editable_round(user, training_round):
    if not TrainingRound.objects.editable_by(user).filter(pk=training_round.pk).exists():
        raise PermissionDenied


def _require_writable_partner(user, partner):
    if not scope_for(user).may_write_for(partner.pk):
        raise PermissionDenied


def _warn_of_duplicates(user, training_round, confirmed):
    """A probable duplicate (same partner, module, city and dates, or the same title) is a warning the user
    confirms (`confirmed`), not a refusal."""
    duplicates = TrainingRound.objects.visible_to(user).probable_duplicates_of(training_round)
    if duplicates and not confirmed:
        raise ValidationError(
            _("This looks like a round already recorded: %(rounds)s. If it is another one, tick “Save anyway”.")
            % {
                "rounds": ", ".join(f"“{duplicate.title}” ({duplicate.starts_on:%Y-%m-%d})" for duplicate in duplicates)
            },
            code="probable_duplicate",
        )


def _as_saved(partner, fields, current=None):
    """The round `fields` (over `current`) describe, unsaved, to compare with the rounds already recorded."""
    names = ("title", "module", "city", "starts_on", "ends_on")
    values = {name: fields[name] if name in fields else getattr(current, name, None) for name in names}
    return TrainingRound(pk=getattr(current, "pk", None), partner=partner, **values)


def round_create(*, user, partner, confirm_duplicate=False, **fields):
    """Create a training round of a partner the user writes for; `fields` are the round's other fields."""
    _require_writable_partner(user, partner)
    _warn_of_duplicates(user, _as_saved(partner, fields), confirm_duplicate)
    return TrainingRound().save_validated(user, partner=partner, **fields)


def round_update(*, user, round, partner, confirm_duplicate=False, **fields):
    """Change a round the user may change; it may move only to another partner the user writes for."""
    _require_editable_round(user, round)
    _require_writable_partner(user, partner)
    _warn_of_duplicates(user, _as_saved(partner, fields, round), confirm_duplicate)
    return round.save_validated(user, partner=partner, **fields)


def round_delete(*, user, round):
    """Delete the round with its enrollments, activities and their attendance."""
    _require_editable_round(user, round)
    round._history_user = user
    with transaction.atomic():
        round.delete()


def _save_activity(activity, *, user, date, trainers, notes, enterprise=None, trainees=None, satisfaction=None):
    activity.save_validated(user, date=date, notes=notes, enterprise=enterprise, **(satisfaction or {}))
    activity.trainers.set(trainers)
    if trainees is not None:
        enrolled = set(activity.round.trainees.values_list("trainer_id", flat=True))
        if any(trainee.pk not in enrolled for trainee in trainees):
            raise ValidationError({"trainees_present": _("Only a trainee of this round can be present.")})
        activity.trainees_present.set(trainees)


def _save_attendance(activity, *, user, attendance):
    """Write the counts of each enterprise in `attendance`; an enterprise with only zeros has no attendance row."""
    existing = {row.enterprise_id: row for row in activity.attendances.all()}
    for enterprise, counts in attendance.items():
        row = existing.get(enterprise.pk)
        if Attendance.counts_nobody(counts):
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = Attendance(activity=activity, enterprise=enterprise)
        elif all(getattr(row, name) == counts.get(name, 0) for name in PARTICIPANT_COUNTS):
            continue
        row.save_validated(user, **{name: counts.get(name, 0) for name in PARTICIPANT_COUNTS})


def workshop_record(*, user, round, date, trainers, notes="", attendance, trainees=None, satisfaction=None):
    """Record a classroom workshop day of `round`. `attendance` maps each enterprise to the people it sent,
    as {"female_managers": 1, "male_managers": 1, "female_workers": 2, "male_workers": 0}; on a day of a
    training of trainers, `trainees` are the round's trainees who came. `satisfaction` gives the participants'
    ratings as {"satisfaction_average": 4.5, "satisfaction_respondents": 20} (None keeps those recorded)."""
    _require_editable_round(user, round)
    workshop = Activity(round=round, kind=Activity.Kind.WORKSHOP)
    with transaction.atomic():
        _save_activity(
            workshop, user=user, date=date, trainers=trainers, notes=notes, trainees=trainees, satisfaction=satisfaction
        )
        _save_attendance(workshop, user=user, attendance=attendance)
    return workshop


def workshop_update(*, user, workshop, date, trainers, notes="", attendance, trainees=None, satisfaction=None):
    """Change a recorded workshop day; enterprises missing from `attendance` keep their counts."""
    _require_editable_round(user, workshop.round)
    with transaction.atomic():
        _save_activity(
            workshop, user=user, date=date, trainers=trainers, notes=notes, trainees=trainees, satisfaction=satisfaction
        )
        _save_attendance(workshop, user=user, attendance=attendance)
    return workshop


def activity_delete(*, user, activity):
    """Delete a workshop day or factory visit with the attendance recorded for it."""
    _require_editable_round(user, activity.round)
    activity._history_user = user
    with transaction.atomic():
        activity.delete()


def visit_record(*, user, round, enterprise, date, trainers, notes="", attendance=None, satisfaction=None):
    """Record a trainers' visit to an enterprise enrolled in `round`, with the people who took part if counted."""
    _require_editable_round(user, round)
    visit = Activity(round=round, kind=Activity.Kind.FACTORY_VISIT)
    with transaction.atomic():
        _save_activity(
            visit,
            user=user,
            date=date,
            trainers=trainers,
            notes=notes,
            enterprise=enterprise,
            satisfaction=satisfaction,
        )
        _save_attendance(visit, user=user, attendance={enterprise: attendance or {}})
    return visit


def visit_update(*, user, visit, enterprise, date, trainers, notes="", attendance=None, satisfaction=None):
    """Change a recorded visit; counts of an enterprise no longer visited are removed."""
    _require_editable_round(user, visit.round)
    with transaction.atomic():
        _save_activity(
            visit,
            user=user,
            date=date,
            trainers=trainers,
            notes=notes,
            enterprise=enterprise,
            satisfaction=satisfaction,
        )
        for row in visit.attendances.exclude(enterprise=enterprise):
            row.delete()
        _save_attendance(visit, user=user, attendance={enterprise: attendance or {}})
    return visit


def enrollment_create(*, user, round, enterprise, enrolled_on, baseline_done=False):
    """Enrol an enterprise the user may change in a round the user may change."""
    _require_editable_round(user, round)
    if not Enterprise.objects.editable_by(user).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("You cannot enrol this enterprise.")})
    enrollment = Enrollment(round=round, enterprise=enterprise, enrolled_on=enrolled_on, baseline_done=baseline_done)
    return enrollment.save_validated(user)


def enrollment_update(*, user, enrollment, **fields):
    """Change how an enterprise takes part in a round (status, dates, baseline): `fields` of the enrollment."""
    _require_editable_round(user, enrollment.round)
    return enrollment.save_validated(user, **fields)


def enrollment_delete(*, user, enrollment):
    """Remove an enrollment made by mistake. Once the enterprise took part in an activity of the round,
    the enrollment stays (mark it withdrawn instead), so attendance keeps its meaning."""
    _require_editable_round(user, enrollment.round)
    took_part = Activity.objects.filter(round_id=enrollment.round_id).filter(
        Q(enterprise_id=enrollment.enterprise_id) | Q(attendances__enterprise_id=enrollment.enterprise_id)
    )
    if took_part.exists():
        raise ValidationError(
            _("This enterprise already took part in activities of the round; mark it withdrawn instead.")
        )
    enrollment.delete()


# Trainers: from a training of trainers to certification ----------------------------------------------------------


def trainee_add(*, user, round, trainer=None, **person):
    """Add a trainee to a ToT round: an existing trainer the user sees, or a new trainer candidate described by
    `person` (name, name_zh, sex, partner, email, phone) employed by a partner the user writes for."""
    _require_editable_round(user, round)
    with transaction.atomic():
        if trainer is None:
            _require_writable_partner(user, person["partner"])
            trainer = Trainer().save_validated(user, level=Trainer.Level.CANDIDATE, **person)
        elif not Trainer.objects.visible_to(user).filter(pk=trainer.pk).exists():
            raise PermissionDenied
        return Trainee(round=round).save_validated(user, trainer=trainer)


def trainee_remove(*, user, trainee):
    """Take a trainee off a ToT round, with the days they were marked present."""
    _require_editable_round(user, trainee.round)
    trainee._history_user = user
    with transaction.atomic():
        for day in trainee.round.activities.filter(trainees_present=trainee.trainer):
            day.trainees_present.remove(trainee.trainer)
        trainee.delete()


def round_trainer_assign(*, user, round, trainer, role):
    """Name who delivered a round: its lead trainer, a co-trainer or the supervising expert trainer."""
    _require_editable_round(user, round)
    if not Trainer.objects.visible_to(user).filter(pk=trainer.pk).exists():
        raise PermissionDenied
    return RoundTrainer(round=round).save_validated(user, trainer=trainer, role=role)


def round_trainer_remove(*, user, round_trainer):
    _require_editable_round(user, round_trainer.round)
    round_trainer._history_user = user
    round_trainer.delete()


def supervises(user, round):
    """Whether `user` is the expert trainer who supervised `round` (their trainer record is linked to them)."""
    return RoundTrainer.objects.filter(
        round=round, role=RoundTrainer.Role.SUPERVISOR, trainer__user_id=user.pk, trainer__level=Trainer.Level.EXPERT
    ).exists()


def certification_recommend(*, user, round, trainer, recommended_on, **comment):
    """The supervising expert of a ToE round recommends one of the round's trainers for certification on its
    module, with a comment (`recommendation_en`, `recommendation_zh_hans`). Nobody else recommends."""
    if not supervises(user, round):
        raise PermissionDenied
    delivering = (RoundTrainer.Role.LEAD, RoundTrainer.Role.CO_TRAINER)
    if not round.team.filter(trainer=trainer, role__in=delivering).exists():
        raise ValidationError({"trainer": _("Only a lead trainer or co-trainer of this round can be recommended.")})
    with transaction.atomic():
        certification = Certification.objects.select_for_update().filter(
            trainer=trainer, module=round.module
        ).first() or Certification(trainer=trainer, module=round.module)
        if certification.in_force_on(recommended_on):
            raise ValidationError({"trainer": _("This trainer is already certified on this module.")})
        for name, text in comment.items():
            setattr(certification, name, text)
        require_text(certification, "recommendation")
        return certification.save_validated(
            user,
            status=Certification.Status.RECOMMENDED,
            recommended_by=RoundTrainer.objects.get(round=round, role=RoundTrainer.Role.SUPERVISOR).trainer,
            recommended_in=round,
            recommended_on=recommended_on,
            **comment,
        )


def _require_ilo_staff(user):
    if not scope_for(user).changes_everything:
        raise PermissionDenied


def _require_recommended(certification):
    if certification.status != Certification.Status.RECOMMENDED:
        raise ValidationError(_("Only a recommended trainer can be certified or declined."))


def certification_certify(*, user, certification, certified_on):
    """ILO staff certify a recommended trainer on the module from `certified_on`; a candidate becomes a
    certified SCORE trainer."""
    _require_ilo_staff(user)
    _require_recommended(certification)
    with transaction.atomic():
        certification.save_validated(
            user, status=Certification.Status.CERTIFIED, certified_on=certified_on, lapsed_on=None, renewed_on=None
        )
        trainer = certification.trainer
        if trainer.level == Trainer.Level.CANDIDATE:
            trainer.save_validated(user, level=Trainer.Level.TRAINER)
    return certification


def certification_decline(*, user, certification, **reason):
    """ILO staff decline a recommendation, saying why (`decline_reason_en`, `decline_reason_zh_hans`)."""
    _require_ilo_staff(user)
    _require_recommended(certification)
    for name, text in reason.items():
        setattr(certification, name, text)
    require_text(certification, "decline_reason")
    return certification.save_validated(user, status=Certification.Status.DECLINED, **reason)


def certification_lapse(*, user, certification, lapsed_on):
    """ILO staff record that a certification lapsed on `lapsed_on`: from then on it no longer counts."""
    _require_ilo_staff(user)
    if not Certification.objects.get(pk=certification.pk).in_force_on(lapsed_on):
        raise ValidationError({"lapsed_on": _("The certification is not in force on this date.")})
    return certification.save_validated(user, lapsed_on=lapsed_on, renewed_on=None)


def certification_renew(*, user, certification, renewed_on):
    """ILO staff renew a lapsed certification from `renewed_on`."""
    _require_ilo_staff(user)
    stored = Certification.objects.get(pk=certification.pk)
    if stored.lapsed_on is None or stored.renewed_on is not None:
        raise ValidationError(_("Only a lapsed certification can be renewed."))
    return certification.save_validated(user, renewed_on=renewed_on)


# Programme events -------------------------------------------------------------------------------------------------


def _require_editable_event(user, event):
    if not Event.objects.editable_by(user).filter(pk=event.pk).exists():
        raise PermissionDenied


def event_create(*, user, partners, **fields):
    """Create an event. Partner users create events of their own partners only; ILO staff any event."""
    scope = scope_for(user)
    if not scope.changes_everything and (
        not partners or any(not scope.may_write_for(partner.pk) for partner in partners)
    ):
        raise PermissionDenied
    with transaction.atomic():
        event = Event().save_validated(user, **fields)
        event.partners.set(partners)
    return event


def event_update(*, user, event, partners, **fields):
    """Change an event; a partner user keeps it among their own partners' events."""
    _require_editable_event(user, event)
    scope = scope_for(user)
    if not scope.changes_everything and not any(scope.may_write_for(partner.pk) for partner in partners):
        raise ValidationError({"partners": _("Keep at least one of your partners among the event's partners.")})
    with transaction.atomic():
        event.save_validated(user, **fields)
        event.partners.set(partners)
    return event


def event_delete(*, user, event):
    _require_editable_event(user, event)
    event._history_user = user
    with transaction.atomic():
        event.delete()


def participation_record(*, user, event, partner, female, male):
    """Count the women and men of `partner` (None: from outside the partners) who took part in an event."""
    _require_editable_event(user, event)
    return EventParticipation(event=event).save_validated(user, partner=partner, female=female, male=male)


def participation_delete(*, user, participation):
    _require_editable_event(user, participation.event)
    participation._history_user = user
    participation.delete()
