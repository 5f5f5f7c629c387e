"""What changed in a person's account, newest first, as lines to read: its own history (name, e-mail, flags,
roles) and the history of its partner memberships, with who made each change."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partners import roles
from partners.models import PartnerMembership

HISTORY_SHOWN = 50
SAME_CHANGE = timedelta(seconds=2)
ACCOUNT_FIELDS = ("first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


@dataclass
class Change:
    at: datetime
    by: object
    lines: list = field(default_factory=list)


def _role_names(record):
    names = sorted(
        str(roles.LABELS.get(row.group.name, row.group.name)) for row in record.historicaluser_groups_set.all()
    )
    return ", ".join(names) or "—"


def _shown(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "—"


def _one_change_each(records):
    """Runs of records (newest first) saved by one person within a moment: one save of a form writes several
    (setting roles removes, then adds)."""
    runs = []
    for record in records:
        run = runs[-1] if runs else None
        if (
            run
            and run[-1].history_user_id == record.history_user_id
            and run[-1].history_date - record.history_date < SAME_CHANGE
        ):
            run.append(record)
        else:
            runs.append([record])
    return runs


def _account_changes(person):
    records = list(
        person.history.select_related("history_user")
        .prefetch_related("historicaluser_groups_set__group")
        .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
    )
    model = get_user_model()
    runs = _one_change_each(records)
    changes = []
    for run, earlier in zip(runs, [*runs[1:], None], strict=True):
        record = run[0]
        if any(item.history_type == "+" for item in run):
            lines = [_("Account created; roles: %(roles)s") % {"roles": _role_names(record)}]
        elif earlier is None:
            continue  # its earlier state is not shown
        else:
            previous = earlier[0]
            lines = [
                f"{capfirst(model._meta.get_field(name).verbose_name)}: {_shown(getattr(previous, name))} → "
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
