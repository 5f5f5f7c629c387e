"""Writes on partners, agreements and people. Only ILO staff make them; each validates fully and saves atomically,
as a change by the acting user (in the history too)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from partners import roles
from partners.access import people_editable_by, require_programme_staff
from partners.models import PartnerMembership
from partners.tasks import send_invitation


def partner_save(*, user, partner):
    """Create or change a partner (as the form left it)."""
    require_programme_staff(user)
    return partner.save_validated(user)


def agreement_save(*, user, agreement):
    """Create or change an agreement, its document included."""
    require_programme_staff(user)
    return agreement.save_validated(user)


def reference_save(*, user, record):
    """Create or change a row of reference data (a city, a module, an indicator)."""
    require_programme_staff(user)
    return record.save_validated(user)


def reference_delete(*, user, record):
    """Delete a row of reference data and return True. While records use it, a row that can be deactivated (it has
    `is_active`) is deactivated instead (False is returned); deleting any other is refused with a ValidationError."""
    require_programme_staff(user)
    record._history_user = user
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError:
        if hasattr(record, "is_active"):
            record.save_validated(user, is_active=False)
            return False
        raise ValidationError(
            _("“%(record)s” cannot be deleted: records use it. Change those records first."),
            code="protected",
            params={"record": record},
        ) from None
    return True


def _require_role_groups(groups):
    if any(group.name not in roles.LABELS for group in groups):
        raise ValidationError(_("Only the roles of SCORE MIS can be given."))


def person_invite(*, user, email, first_name, last_name, groups, memberships, site_url, language):
    """Create an account for `email` without a password, with its roles and `memberships` ((partner, role)
    pairs), and queue the e-mail whose link lets them choose a password."""
    require_programme_staff(user)
    _require_role_groups(groups)
    email = get_user_model().objects.normalize_email(email).lower()
    if get_user_model().objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": _("Someone already has an account with this e-mail address.")})
    person = get_user_model()(username=email, email=email, first_name=first_name, last_name=last_name)
    person.set_unusable_password()
    person._history_user = user
    with transaction.atomic():
        person.full_clean()
        person.save()
        person.groups.set(groups)
        for partner, role in memberships:
            PartnerMembership(user=person).save_validated(user, partner=partner, role=role)
    send_invitation.enqueue(person_id=person.pk, invited_by_id=user.pk, site_url=site_url, language=language)
    return person


def person_update(*, user, person, groups, memberships, removed, **fields):
    """Change an account's name and e-mail (`fields`), roles and partner memberships: `memberships` are the
    memberships to save (new or changed), `removed` those to delete."""
    if not people_editable_by(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    _require_role_groups(groups)
    for membership in [*memberships, *removed]:
        if membership.pk is not None and membership.user_id != person.pk:
            raise PermissionDenied
    with transaction.atomic():
        for name, value in fields.items():
            setattr(person, name, value)
        person._history_user = user
        person.full_clean()
        person.save()
        person.groups.set(groups)
        for membership in removed:
            membership._history_user = user
            membership.delete()
        for membership in memberships:
            membership.user = person
            membership.save_validated(user)
    return person


def person_set_active(*, user, person, active):
    """Let an account sign in again, or stop it (it keeps its history; a deactivated user's API tokens stop too)."""
    if not people_editable_by(user).filter(pk=person.pk).exists() or person.pk == user.pk:
        raise PermissionDenied
    person.is_active = active
    person._history_user = user
    person.save(update_fields=["is_active"])
    return person


def role_groups():
    """The groups that hold the roles, in the order of roles.LABELS."""
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.LABELS)}
    return [groups[name] for name in roles.LABELS if name in groups]
