"""No lost update: every Audited record carries a version (django-concurrency's
AutoIncVersionField), every edit form posts back the version it showed, and a save whose
version is no longer the stored one is refused with what the other person changed.

Two places refuse a stale save, with the same message: the form's `clean()` compares the posted
version with the stored one, and django-concurrency's guarded UPDATE (`WHERE version = <posted>`)
catches a change that lands between that check and the save; its conflict callback
(`CONCURRENCY_CALLBACK`) raises `StaleRecordError`, a ValidationError the views already show
as a form error.
"""

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

UNCOMPARED_FIELDS = {"id", "version", "created_at", "created_by", "updated_at", "updated_by"}


class StaleRecordError(RecordModifiedError, ValidationError):
    """Someone else saved the record after the user opened it; `current_version` is theirs."""

    def __init__(self, message, *, target, current_version):
        super().__init__(message, target=target)
        self.current_version = current_version


def refuse_stale_save(instance):
    """django-concurrency's conflict callback: the guarded UPDATE matched no row."""
    read_version = instance.version
    current = type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    raise StaleRecordError(
        stale_message(type(instance), instance.pk, read_version), target=instance, current_version=current
    )


def stale_message(model, pk, read_version):
    """“Someone else changed this record” with each changed field as verbose name: old → new."""
    current = model._base_manager.filter(pk=pk).first()
    if current is None:
        return _("Someone else deleted this record since you opened it.")
    read = model.history.filter(id=pk, version=read_version).order_by("-history_id").first()
    changes = _changes(model, read, current) if read is not None else []
    author = current.updated_by or _("someone else")
    message = _("Someone else changed this record since you opened it (%(author)s, %(when)s).") % {
        "author": author,
        "when": localize(timezone.localtime(current.updated_at)),
    }
    if changes:
        message += " " + _("Their changes: %(changes)s.") % {"changes": "; ".join(changes)}
    return message + " " + _("Your input is kept below: check it against theirs and save again to keep it.")


def _changes(model, read, current):
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in UNCOMPARED_FIELDS:
            continue
        before, after = getattr(read, field.attname), getattr(current, field.attname)
        if before != after:
            changes.append(f"{field.verbose_name}: {_display(field, before)} → {_display(field, after)}")
    return changes


def _display(field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else "—"
    return f"“{localize(value)}”" if isinstance(value, str) else str(localize(value))


def is_versioned(instance):
    return instance is not None and instance.pk is not None and hasattr(type(instance), "_concurrencymeta")


class VersionedFormMixin:
    """For a ModelForm editing a versioned record: a hidden `version` field holding the version
    the user read, set on the instance so the save is guarded, and a clear refusal when stale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if is_versioned(self.instance) and "version" not in self.fields:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=self.instance.version)
        elif "version" in self.fields and not is_versioned(self.instance):
            self.fields["version"].disabled = True  # a new row of an admin inline: it has no version yet

    def clean(self):
        cleaned_data = super().clean()
        read_version = cleaned_data.get("version")
        if read_version is not None and is_versioned(self.instance):
            # Ordered by its key alone: a default ordering through a nullable relation would make an outer join,
            # which PostgreSQL cannot lock.
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk).order_by("pk")
            if connection.in_atomic_block:
                stored = stored.select_for_update()
            current = stored.values_list("version", flat=True).first()
            if current != read_version:
                message = stale_message(type(self.instance), self.instance.pk, read_version)
                self.add_error(None, StaleRecordError(message, target=self.instance, current_version=current))
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()
        read_version = self.cleaned_data.pop("version", None)  # the instance carries it, not the service call
        if read_version is not None and is_versioned(self.instance):
            self.instance.version = read_version

    def add_error(self, field, error):
        stale = _stale_in(error)
        if stale is not None and stale.current_version is not None:
            # The next submit, made after reading their changes, overwrites them on purpose.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(self.fields["version"].prepare_value(stale.current_version))
        super().add_error(field, error)


def _stale_in(error):
    errors = error if isinstance(error, list) else [error]
    for item in errors:
        if isinstance(item, StaleRecordError):
            return item
        if isinstance(item, ValidationError) and not hasattr(item, "error_dict"):
            found = next((e for e in item.error_list if isinstance(e, StaleRecordError)), None)
            if found is not None:
                return found
    return None
