"""What changed in a person's account, newest first, as lines to read: its own history (name, e-mail, flags,
roles) and the history of its partner memberships, with who made each change."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from partners import roles
from partners.models import PartnerMembership

HISTORY_SHOWN = 50
ACCOUNT_FIELDS = ("first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


@dataclass
class Change:
    at: datetime
    by: object
    lines: list = field(default_factory=list)


def _role_names(record):
    names = sorted(str(roles.LABELS.get(row.group.name, row.group.name)) for row in record.historicaluser_groups.all())
    return ", ".join(names) or "—"


def _shown(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "—"


def _account_changes(person):
    records = list(
        person.history.select_related("history_user")
        .prefetch_related("historicaluser_groups__group")
        .order_by("-history_date", "-history_id")[: HISTORY_SHOWN + 1]
    )
    model = get_user_model()
    changes = []
    for record, previous in zip(records[:HISTORY_SHOWN], [*records[1:], None][:HISTORY_SHOWN], strict=True):
        if record.history_type == "+":
            lines = [_("Account created; roles: %(roles)s") % {"roles": _role_names(record)}]
        elif previous is None:
            continue  # its earlier state is not kept
        else:
            lines = [
                f"{model._meta.get_field(name).verbose_name}: {_shown(getattr(previous, name))} → "
                f"{_shown(getattr(record, name))}"
                for name in ACCOUNT_FIELDS
                if getattr(previous, name) != getattr(record, name)
            ]
            if (before := _role_names(previous)) != (after := _role_names(record)):
                lines.append(_("Roles: %(before)s → %(after)s") % {"before": before, "after": after})
        if lines:
            changes.append(Change(record.history_date, record.history_user, lines))
    return changes


def _membership_changes(person):
    records = (
        PartnerMembership.history.filter(user_id=person.pk)
        .select_related("partner", "history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
    )
    messages = {
        "+": _("Became %(role)s of %(partner)s"),
        "~": _("%(partner)s: role now %(role)s"),
        "-": _("No longer %(role)s of %(partner)s"),
    }
    return [
        Change(
            record.history_date,
            record.history_user,
            [messages[record.history_type] % {"role": record.get_role_display(), "partner": record.partner}],
        )
        for record in records
    ]


def person_history(person):
    """The latest changes of `person`'s account and memberships, newest first."""
    changes = _account_changes(person) + _membership_changes(person)
    return sorted(changes, key=lambda change: change.at, reverse=True)[:HISTORY_SHOWN]
