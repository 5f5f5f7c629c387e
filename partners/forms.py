from django import forms
from django.utils.translation import gettext_lazy as _

from partners.access import ScopedQuerySet, scope_for
from partners.models import Delivery, NotificationKind, PeriodLock
from score_mis.versions import VersionedFormMixin


class ChangeReasonFormMixin:
    """For ILO staff while some period is locked: a field for the reason of a change inside a locked period, which
    the record's validation (partners.locks) asks for and its history keeps. The change is validated as the user's."""

    acting_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.acting_user
        if user is not None and scope_for(user).changes_everything and PeriodLock.objects.exists():
            self.fields["change_reason"] = forms.CharField(
                label=_("Reason for a change in a locked period"),
                required=False,
                max_length=100,
                help_text=_("Needed only when the record lies in a locked period; kept in its history."),
            )

    def _post_clean(self):
        if self.acting_user is not None and hasattr(self.instance, "stamp"):
            self.instance.stamp(self.acting_user)
        # Kept on the record (its history keeps it), not passed on to services with the other cleaned data.
        self.instance._change_reason = self.cleaned_data.pop("change_reason", "")
        super()._post_clean()


class ScopedModelForm(ChangeReasonFormMixin, VersionedFormMixin, forms.ModelForm):
    """A model form for `user`: every choice of partner-owned data is limited to what the user
    may change (plus what the record already holds, so saving never silently drops a link), so a
    forged id is a form error; the save records who made the change and is refused if someone
    else saved the record since the form was shown (score_mis.versions)."""

    def __init__(self, *args, user, **kwargs):
        self.user = self.acting_user = user
        super().__init__(*args, **kwargs)
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


class NotificationSettingsForm(forms.Form):
    """One choice of delivery per kind of notification."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(label=kind.label, choices=Delivery.choices)


class DuplicateConfirmationFormMixin:
    """A box to tick when the service warns that the record looks like one already recorded (a probable duplicate):
    the warning asks, it does not refuse."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_duplicate"] = forms.BooleanField(
            label=_("Save anyway: it is not a duplicate"),
            required=False,
            help_text=_("Tick only after a warning that it looks like a record already there."),
        )
