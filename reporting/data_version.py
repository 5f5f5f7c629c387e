"""The programme's data version: a number that grows after every committed write to the records reports count, so
that figures counted at an older number are known to be out of date (`reporting.stored_figures`).

It grows after the commit, never inside the writing transaction: a reader who sees the new number also sees the
new rows, and writers never wait on each other for it."""

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from reporting.models import DataVersion

# The apps whose records the reports count, and their models that no write needs to grow the version for: bookkeeping,
# messages, and the summary tables (written only beside the records they sum, which grow it; a delete receiver would
# make Django fetch and signal every row of a summary's bulk deletes).
COUNTED_APPS = ("partners", "enterprises", "trainings", "improvements", "reporting")
NOT_COUNTED = {
    "enterprises.enterpriseaccess",
    "enterprises.measurementseries",
    "improvements.improvementday",
    "improvements.stagereached",
    "partners.notification",
    "partners.notificationpreference",
    "partners.userpreference",
    "reporting.dataversion",
    "reporting.frozenreport",
    "reporting.frozenrendering",
    "reporting.job",
    "reporting.qualitycounts",
    "reporting.storedfigures",
}


def current():
    return DataVersion.objects.values_list("number", flat=True).first() or 0


def _grow():
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def grow_after_commit():
    """Grow the version once the current transaction commits (at once outside one): once per transaction and
    savepoint, however many rows it writes (a savepoint rolled back drops its callback with its rows)."""
    connection = transaction.get_connection()
    savepoints = set(connection.savepoint_ids)
    if any(callback is _grow and ids == savepoints for ids, callback, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_grow, robust=True)


def counted_models():
    return [
        model
        for name in COUNTED_APPS
        for model in apps.get_app_config(name).get_models()
        if model._meta.label_lower not in NOT_COUNTED
        and not model._meta.label_lower.split(".")[1].startswith("historical")
    ]


def _written(sender, **kwargs):
    grow_after_commit()


def watch_writes():
    """Grow the version after every save, delete and many-to-many change of a counted model (bulk writes go through
    `reporting.summaries.bulk_written`, which grows it too)."""
    for model in counted_models():
        post_save.connect(_written, sender=model, dispatch_uid=f"data-version-save-{model._meta.label_lower}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"data-version-delete-{model._meta.label_lower}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _written,
                sender=field.remote_field.through,
                dispatch_uid=f"data-version-m2m-{field.remote_field.through}",
            )
