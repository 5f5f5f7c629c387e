"""Writes in training rounds that touch several rows: each runs full_clean() inside one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from partners.access import scope_for
from trainings.models import Activity, Attendance, Enrollment, TrainingRound
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


def _save_activity(activity, *, user, date, trainers, notes, enterprise=None):
    activity.date = date
    activity.notes = notes
    activity.enterprise = enterprise
    activity.stamp(user)
    activity.full_clean()
    activity.save()
    activity.trainers.set(trainers)


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
        for name in PARTICIPANT_COUNTS:
            setattr(row, name, counts.get(name, 0))
        row.stamp(user)
        row.full_clean()
        row.save()


def workshop_record(*, user, round, date, trainers, notes="", attendance):
    """Record a classroom workshop day of `round`. `attendance` maps each enterprise to the people it sent,
    as {"female_managers": 1, "male_managers": 1, "female_workers": 2, "male_workers": 0}."""
    _require_editable_round(user, round)
    workshop = Activity(round=round, kind=Activity.Kind.WORKSHOP)
    with transaction.atomic():
        _save_activity(workshop, user=user, date=date, trainers=trainers, notes=notes)
        _save_attendance(workshop, user=user, attendance=attendance)
    return workshop


def workshop_update(*, user, workshop, date, trainers, notes="", attendance):
    """Change a recorded workshop day; enterprises missing from `attendance` keep their counts."""
    _require_editable_round(user, workshop.round)
    with transaction.atomic():
        _save_activity(workshop, user=user, date=date, trainers=trainers, notes=notes)
        _save_attendance(workshop, user=user, attendance=attendance)
    return workshop


def activity_delete(*, user, activity):
    """Delete a workshop day or factory visit with the attendance recorded for it."""
    _require_editable_round(user, activity.round)
    activity._history_user = user
    with transaction.atomic():
        activity.delete()


def visit_record(*, user, round, enterprise, date, trainers, notes="", attendance=None):
    """Record a trainers' visit to an enterprise enrolled in `round`, with the people who took part if counted."""
    _require_editable_round(user, round)
    visit = Activity(round=round, kind=Activity.Kind.FACTORY_VISIT)
    with transaction.atomic():
        _save_activity(visit, user=user, date=date, trainers=trainers, notes=notes, enterprise=enterprise)
        _save_attendance(visit, user=user, attendance={enterprise: attendance or {}})
    return visit


def visit_update(*, user, visit, enterprise, date, trainers, notes="", attendance=None):
    """Change a recorded visit; counts of an enterprise no longer visited are removed."""
    _require_editable_round(user, visit.round)
    with transaction.atomic():
        _save_activity(visit, user=user, date=date, trainers=trainers, notes=notes, enterprise=enterprise)
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
    enrollment.stamp(user)
    with transaction.atomic():
        enrollment.full_clean()
        enrollment.save()
    return enrollment


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
