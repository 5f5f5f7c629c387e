"""Which state of an improvement a reviewer read, and what changed since.

A reviewer's verify or return form carries `review_version(improvement)`: when the improvement last
changed (`updated_at`) and when its photos last changed (their history, so removals count). This is
the one place that knows how a version is made: switch it to a version column when records get one.
"""

import datetime

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from improvements.models import Improvement, Photo

SEPARATOR = "|"
AUDIT_FIELDS = {"created_at", "created_by", "updated_at", "updated_by", "version"}
PHOTO_CHANGES = {
    "+": gettext_lazy("photo added (%(stage)s)"),
    "~": gettext_lazy("photo changed (%(stage)s)"),
    "-": gettext_lazy("photo removed (%(stage)s)"),
}


def with_review_versions(improvements):
    """`improvements` with what `review_version` needs read in the same query (for lists)."""
    latest = Photo.history.filter(improvement_id=OuterRef("pk")).order_by("-history_date").values("history_date")
    return improvements.annotate(photos_changed_at=Subquery(latest[:1]))


def review_version(improvement):
    if hasattr(improvement, "photos_changed_at"):
        photos_changed = improvement.photos_changed_at
    else:
        photos_changed = Photo.history.filter(improvement_id=improvement.pk).aggregate(at=Max("history_date"))["at"]
    return SEPARATOR.join(moment.isoformat() if moment else "" for moment in (improvement.updated_at, photos_changed))


def changes_since(improvement, version):
    """What changed in `improvement` and its photos since `version` was read, in words; empty if nothing did."""
    try:
        seen_at, photos_seen_at = (
            datetime.datetime.fromisoformat(part) if part else None for part in str(version).split(SEPARATOR)
        )
    except ValueError:
        return [_("the improvement changed")]
    changes = []
    if improvement.updated_at != seen_at:
        changes += _field_changes(improvement, seen_at)
    photo_records = Photo.history.filter(improvement_id=improvement.pk).order_by("history_date")
    if photos_seen_at is not None:
        photo_records = photo_records.filter(history_date__gt=photos_seen_at)
    changes += [
        str(PHOTO_CHANGES[record.history_type] % {"stage": record.get_stage_display()}) for record in photo_records
    ]
    return changes


def _field_changes(improvement, seen_at):
    history = improvement.history.order_by("-history_date", "-history_id")
    latest, seen = history.first(), history.filter(updated_at=seen_at).first() if seen_at else None
    if latest is None or seen is None:
        return [_("the improvement changed")]
    fields = [change.field for change in latest.diff_against(seen).changes if change.field not in AUDIT_FIELDS]
    if not fields:
        return [_("the improvement changed")]
    return [_("%(field)s changed") % {"field": Improvement._meta.get_field(name).verbose_name} for name in fields]
