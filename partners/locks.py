"""Locked reporting periods. Every dated record checks, in its model validation, that neither its new nor its saved
dates fall in a locked period, unless ILO staff change it with a reason (kept in the record's history)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partners.access import scope_for
from partners.models import PeriodLock


def check_unlocked(instance, *date_fields):
    """Refuse a change of `instance` touching a locked period. `instance.updated_by` (stamped by the service, form
    or admin) is who changes it; ILO staff give the reason as `instance._change_reason`."""
    dates = [getattr(instance, name) for name in date_fields]
    if instance.pk is not None:
        saved = type(instance)._default_manager.filter(pk=instance.pk).values_list(*date_fields).first()
        dates += list(saved or ())
    lock = PeriodLock.objects.covering(dates).first()
    if lock is None:
        return
    user = instance.updated_by
    if user is None or not scope_for(user).changes_everything:
        raise ValidationError(
            _("The period %(period)s is locked (%(reason)s): only ILO staff change records in it.")
            % {"period": lock, "reason": lock.reason},
            code="period_locked",
        )
    if not (getattr(instance, "_change_reason", "") or "").strip():
        raise ValidationError(
            _("The period %(period)s is locked: give the reason for this change.") % {"period": lock},
            code="period_locked_reason",
        )
