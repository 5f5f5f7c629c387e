"""Writes on the results framework. Only ILO staff change it; every write validates fully, then saves atomically."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from partners.access import scope_for


def _require_staff(user):
    if not scope_for(user).changes_everything:
        raise PermissionDenied


def result_record_save(*, user, record):
    """Create or update a record of the results framework (a target, an actual, a narrative …)."""
    _require_staff(user)
    return record.save_validated(user)


def result_record_delete(*, user, record):
    """Delete a record; refused with a ValidationError while other records depend on it."""
    _require_staff(user)
    record._history_user = user
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError:
        raise ValidationError(
            _("“%(record)s” cannot be deleted while other records belong to it. Delete or move those first."),
            code="protected",
            params={"record": record},
        ) from None
