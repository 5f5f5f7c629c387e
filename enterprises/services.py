"""Writes on enterprises and the records that belong to them. Each validates fully, then saves atomically."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, ImprovementTeam, Measurement
from partners.access import scope_for


def _validate_and_save(obj, user):
    obj.stamp(user)
    obj._history_user = user
    with transaction.atomic():
        obj.full_clean()
        obj.save()
    return obj


def enterprise_create(
    *,
    user,
    name,
    city,
    sector,
    recruited_by,
    workforce_total,
    workforce_female,
    name_zh="",
    supplies_brands=(),
    consents_to_share_with_brands=False,
):
    """Record an enterprise recruited by a partner the user writes for (ILO staff may leave the recruiter empty)."""
    if recruited_by is None and not scope_for(user).changes_everything:
        raise PermissionDenied  # a partner user would no longer see it
    return _save_enterprise(
        Enterprise(),
        user=user,
        supplies_brands=supplies_brands,
        name=name,
        name_zh=name_zh,
        city=city,
        sector=sector,
        recruited_by=recruited_by,
        workforce_total=workforce_total,
        workforce_female=workforce_female,
        consents_to_share_with_brands=consents_to_share_with_brands,
    )


def enterprise_update(
    *,
    user,
    enterprise,
    name,
    city,
    sector,
    recruited_by,
    workforce_total,
    workforce_female,
    name_zh="",
    supplies_brands=(),
    consents_to_share_with_brands=False,
):
    """Change an enterprise; its recruiter stays as it is or becomes a partner the user writes for."""
    return _save_enterprise(
        enterprise,
        user=user,
        supplies_brands=supplies_brands,
        name=name,
        name_zh=name_zh,
        city=city,
        sector=sector,
        recruited_by=recruited_by,
        workforce_total=workforce_total,
        workforce_female=workforce_female,
        consents_to_share_with_brands=consents_to_share_with_brands,
    )


def _save_enterprise(enterprise, *, user, supplies_brands, **fields):
    recruited_by = fields["recruited_by"]
    stored_recruiter_id = None
    if not enterprise._state.adding:  # a model form has already put its values on the instance
        stored_recruiter_id = Enterprise.objects.values_list("recruited_by_id", flat=True).get(pk=enterprise.pk)
    changes_recruiter = recruited_by is not None and recruited_by.pk != stored_recruiter_id
    if changes_recruiter and not scope_for(user).may_write_for(recruited_by.pk):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(enterprise, name, value)
    with transaction.atomic():
        _validate_and_save(enterprise, user)
        enterprise.supplies_brands.set(supplies_brands)
    return enterprise


def enterprise_delete(*, user, enterprise):
    """Delete the enterprise with its team, measurements and improvements. Refused with a
    ValidationError while training records (enrollments, visits, attendance) refer to it."""
    enterprise._history_user = user
    try:
        with transaction.atomic():
            enterprise.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "“%(enterprise)s” cannot be deleted because it takes part in training rounds (enrolled, "
                "visited or attending). Remove it from those rounds first."
            ),
            code="enterprise_in_rounds",
            params={"enterprise": enterprise},
        ) from None


def improvement_team_update(
    *,
    user,
    enterprise,
    established_on,
    female_managers,
    male_managers,
    female_workers,
    male_workers,
    meets,
    read_version=None,
):
    """Create the enterprise's improvement team, or update the one it has; with `read_version`
    (the version the user edited) the update is refused if someone else saved the team since."""
    team = ImprovementTeam.objects.filter(enterprise=enterprise).first() or ImprovementTeam(enterprise=enterprise)
    if read_version is not None and team.pk is not None:
        team.version = read_version
    team.established_on = established_on
    team.female_managers = female_managers
    team.male_managers = male_managers
    team.female_workers = female_workers
    team.male_workers = male_workers
    team.meets = meets
    return _validate_and_save(team, user)


def measurement_record(*, user, enterprise, indicator, stage, period_start, period_end, value, note=""):
    measurement = Measurement(
        enterprise=enterprise,
        indicator=indicator,
        stage=stage,
        period_start=period_start,
        period_end=period_end,
        value=value,
        note=note,
    )
    return _validate_and_save(measurement, user)


def measurement_update(*, user, measurement, indicator, stage, period_start, period_end, value, note=""):
    measurement.indicator = indicator
    measurement.stage = stage
    measurement.period_start = period_start
    measurement.period_end = period_end
    measurement.value = value
    measurement.note = note
    return _validate_and_save(measurement, user)


def measurement_delete(*, user, measurement):
    measurement._history_user = user
    measurement.delete()
