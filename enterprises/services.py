"""Writes on enterprises and the records that belong to them. Each validates fully, then saves atomically."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from enterprises.models import ImprovementTeam, Measurement


def _validate_and_save(obj, user):
    obj.stamp(user)
    obj._history_user = user
    with transaction.atomic():
        obj.full_clean()
        obj.save()
    return obj


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
    *, user, enterprise, established_on, female_managers, male_managers, female_workers, male_workers, meets
):
    """Create the enterprise's improvement team, or update the one it has."""
    team = ImprovementTeam.objects.filter(enterprise=enterprise).first() or ImprovementTeam(enterprise=enterprise)
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
