from django import forms

from partners.access import ScopedQuerySet


class ScopedModelForm(forms.ModelForm):
    """A model form for `user`: every choice of partner-owned data is limited to what the user
    may change, so a forged id is a form error, and the save records who made the change."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, ScopedQuerySet):
                field.queryset = queryset.editable_by(user)

    def save(self, commit=True):
        self.instance.stamp(self.user)
        return super().save(commit=commit)
