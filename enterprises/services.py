"""Writes on enterprises and the records that belong to them. Each validates fully, then saves atomically."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, ImprovementTeam, Measurement
from partners.access import scope_for

NAMES = ("name_en", "name_zh_hans")  # an enterprise's name in each language


def enterprise_create(*, user, recruited_by, supplies_brands=(), confirm_duplicate=False, **fields):
    """Record an enterprise recruited by a partner the user writes for (ILO staff may leave the recruiter
    empty); `fields` are the enterprise's other fields."""
    if recruited_by is None and not scope_for(user).changes_everything:
        raise PermissionDenied  # a partner user would no longer see it
    candidate = Enterprise(**{name: fields.get(name) or "" for name in NAMES}, city=fields.get("city"))
    _warn_of_similar(user, candidate, confirm_duplicate)
    return _save_enterprise(
        Enterprise(), user=user, recruited_by=recruited_by, supplies_brands=supplies_brands, **fields
    )


def enterprise_update(*, user, enterprise, recruited_by, supplies_brands=(), confirm_duplicate=False, **fields):
    """Change an enterprise; its recruiter stays as it is or becomes a partner the user writes for."""
    stored = Enterprise.objects.values(*NAMES, "city_id").get(pk=enterprise.pk)
    names = {name: fields.get(name) or "" for name in NAMES}
    city_id = getattr(fields.get("city"), "pk", stored["city_id"])
    if any(names[name] != (stored[name] or "") for name in NAMES) or city_id != stored["city_id"]:
        candidate = Enterprise(pk=enterprise.pk, **names)
        candidate.city_id = city_id
        _warn_of_similar(user, candidate, confirm_duplicate)
    return _save_enterprise(enterprise, user=user, recruited_by=recruited_by, supplies_brands=supplies_brands, **fields)


def _warn_of_similar(user, enterprise, confirmed):
    """A probable duplicate (a nearly identical name in the same city) is a warning the user confirms, not a
    refusal."""
    similar = Enterprise.objects.visible_to(user).similar_to(enterprise)
    if similar and not confirmed:
        raise ValidationError(
            _(
                "This looks like an enterprise already recorded in this city: %(names)s. If it is another one, "
                "tick “Save anyway”."
            )
            % {"names": ", ".join(f"“{other.display_name}”" for other in similar)},
            code="probable_duplicate",
        )


def _save_enterprise(enterprise, *, user, recruited_by, supplies_brands, **fields):
    stored_recruiter_id = None
    if not enterprise._state.adding:  # a model form has already put its values on the instance
        stored_recruiter_id = Enterprise.objects.values_list("recruited_by_id", flat=True).get(pk=enterprise.pk)
    changes_recruiter = recruited_by is not None and recruited_by.pk != stored_recruiter_id
    if changes_recruiter and not scope_for(user).may_write_for(recruited_by.pk):
        raise PermissionDenied
    with transaction.atomic():
        enterprise.save_validated(user, recruited_by=recruited_by, **fields)
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
    return team.save_validated(user)


def measurement_record(*, user, enterprise, indicator, stage, period_start, period_end, value, **note):
    """Record a value; `note` is its optional note_en and note_zh_hans."""
    measurement = Measurement(
        enterprise=enterprise,
        indicator=indicator,
        stage=stage,
        period_start=period_start,
        period_end=period_end,
        value=value,
    )
    return measurement.save_validated(user, **note)


def measurement_update(*, user, measurement, indicator, stage, period_start, period_end, value, **note):
    measurement.indicator = indicator
    measurement.stage = stage
    measurement.period_start = period_start
    measurement.period_end = period_end
    measurement.value = value
    return measurement.save_validated(user, **note)


def measurement_delete(*, user, measurement):
    measurement._history_user = user
    measurement.delete()
