"""Spreadsheet import and export of partners, and what every SCORE resource shares.

Files name rows by natural keys (a partner's code, a city's name, a module's number), never by
database ids, and leave out the audit fields. A resource works for one user: it finds existing
rows among those the user sees, changes only those the user may change, and links only to
partner-owned rows the user may pick. Without a user it reaches nothing.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from partners.access import ScopedQuerySet
from partners.models import City, Partner


def _editable(queryset, user):
    return queryset.editable_by(user) if isinstance(queryset, ScopedQuerySet) else queryset


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key written as a natural key, such as a partner's code."""

    user = None

    def get_queryset(self, value, row, *args, **kwargs):
        return _editable(self.model.objects.all(), self.user)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                _("No %(model)s “%(value)s” that you may use.")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


class LookupManyWidget(widgets.ManyToManyWidget):
    """Many related rows as separated natural keys; an unknown key is an error, not silently dropped."""

    user = None

    def __init__(self, model, *, limit_choices_to=None, **kwargs):
        super().__init__(model, **kwargs)
        self.limit_choices_to = limit_choices_to or {}

    def clean(self, value, row=None, **kwargs):
        keys = {key.strip() for key in str(value or "").split(self.separator) if key.strip()}
        found = _editable(self.model.objects.filter(**self.limit_choices_to), self.user).filter(
            **{f"{self.field}__in": keys}
        )
        missing = keys - {str(getattr(obj, self.field)) for obj in found}
        if missing:
            raise ValueError(
                _("No %(model)s “%(value)s” that you may use.")
                % {"model": self.model._meta.verbose_name, "value": ", ".join(sorted(missing))}
            )
        return found


class ScopedModelResource(resources.ModelResource):
    """The base of every SCORE resource: pass `user=` the person importing or exporting."""

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user or AnonymousUser()
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget | LookupManyWidget):
                field.widget.user = self.user

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        """Text fields read an empty spreadsheet cell as empty text, like char fields do."""
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)

    def get_queryset(self):
        return super().get_queryset().visible_to(self.user)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if instance.pk and not self._meta.model.objects.editable_by(self.user).filter(pk=instance.pk).exists():
            errors[NON_FIELD_ERRORS] = [_("You may read this row but not change it.")]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.stamp(self.user)
        if self.user.is_authenticated:
            instance._history_user = self.user


def _generation(code, parent_of):
    """How many ancestors of partner `code` the file itself lists."""
    depth, seen = 0, {code}
    while (code := parent_of.get(code)) in parent_of and code not in seen:
        seen.add(code)
        depth += 1
    return depth


class PartnerResource(ScopedModelResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=LookupWidget(Partner, field="code"))
    city = fields.Field(attribute="city", column_name="city", widget=LookupWidget(City, field="name"))

    class Meta:
        model = Partner
        fields = ("code", "name", "name_zh", "kind", "parent", "parent_relation", "city", "is_active")
        import_id_fields = ("code",)

    def before_import(self, dataset, **kwargs):
        """Parents before their branches, so a file may list partners in any order."""
        if dataset.headers and {"code", "parent"} <= set(dataset.headers):
            parent_of = dict(zip(dataset["code"], dataset["parent"], strict=True))
            dataset.dict = sorted(dataset.dict, key=lambda row: _generation(row["code"], parent_of))

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("parent", "city")
