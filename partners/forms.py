from django import forms

from partners.access import ScopedQuerySet
from score_mis.saving import UniqueFormMixin
from score_mis.versions import VersionedFormMixin


class ScopedModelForm(UniqueFormMixin, VersionedFormMixin, forms.ModelForm):
    """A model form for `user`: every choice of partner-owned data is limited to what the user
    may change (plus what the record already holds, so saving never silently drops a link), so a
    forged id is a form error; the save records who made the change and is refused if someone
    else saved the record since the form was shown (score_mis.versions). A new record that repeats a stored
    one lands on it or is refused (score_mis.saving)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, ScopedQuerySet):
                field.queryset = queryset.editable_by(user) | queryset.filter(pk__in=self._current_ids(name))

    def _current_ids(self, name):
        if self.instance.pk is None or not hasattr(self.instance, name):
            return []
        value = getattr(self.instance, name)
        if hasattr(value, "all"):
            return [related.pk for related in value.all()]
        return [value.pk] if value is not None else []

    def save(self, commit=True):
        self.instance.stamp(self.user)
        return super().save(commit=commit)
