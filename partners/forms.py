from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from partners import roles
from partners.access import ScopedQuerySet, scope_for
from partners.models import Agreement, City, Delivery, NotificationKind, Partner, PartnerMembership, PeriodLock
from score_mis.bilingual import BilingualModelForm
from score_mis.forms import IsoDateInput, PlainTextFormMixin
from score_mis.saving import UniqueFormMixin
from score_mis.versions import VersionedFormMixin

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "jpg", "jpeg", "png"}


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


class ScopedModelForm(ChangeReasonFormMixin, UniqueFormMixin, VersionedFormMixin, PlainTextFormMixin, forms.ModelForm):
    """A model form for `user`: every choice of partner-owned data is limited to what the user
    may change (plus what the record already holds, so saving never silently drops a link), so a
    forged id is a form error; the save records who made the change and is refused if someone
    else saved the record since the form was shown (score_mis.versions). A new record that repeats a stored
    one lands on it or is refused (score_mis.saving)."""

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


class PartnerForm(BilingualModelForm, ScopedModelForm):
    bilingual = ("name",)

    class Meta:
        model = Partner
        fields = [
            *BilingualModelForm.translated_fields("name"),
            "code",
            "kind",
            "parent",
            "parent_relation",
            "city",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)


class AgreementForm(BilingualModelForm, ScopedModelForm):
    bilingual = ("title", "scope")

    class Meta:
        model = Agreement
        fields = [
            "kind",
            *BilingualModelForm.translated_fields("title"),
            "phase",
            "signed_on",
            "starts_on",
            "ends_on",
            *BilingualModelForm.translated_fields("scope"),
            "document",
        ]
        widgets = {
            "signed_on": IsoDateInput,
            "starts_on": IsoDateInput,
            "ends_on": IsoDateInput,
            "scope_en": forms.Textarea(attrs={"rows": 4}),
            "scope_zh_hans": forms.Textarea(attrs={"rows": 4}),
            "document": forms.FileInput,  # the stored file has no public URL to show
        }

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload, not the stored file
            if document.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(_("The document is larger than 20 MB."))
            extension = document.name.rsplit(".", 1)[-1].lower()
            if extension not in DOCUMENT_EXTENSIONS:
                raise forms.ValidationError(_("Upload the agreement as PDF, Word or a scanned image (JPEG or PNG)."))
        return document


class PersonForm(PlainTextFormMixin, forms.ModelForm):
    """An account's name, e-mail and roles (the roles of SCORE MIS only)."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Group.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["groups"].queryset = Group.objects.filter(name__in=roles.LABELS)
        self.fields["groups"].label_from_instance = lambda group: roles.LABELS[group.name]
        if self.instance.pk is not None:
            self.initial["groups"] = [group.pk for group in self.instance.groups.all() if group.name in roles.LABELS]


class InvitationForm(PersonForm):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.all(), required=False)
    partner_role = forms.ChoiceField(
        label=_("Role in the partner"),
        choices=PartnerMembership.Role.choices,
        initial=PartnerMembership.Role.COORDINATOR,
    )

    def memberships(self):
        partner = self.cleaned_data.get("partner")
        return [(partner, self.cleaned_data["partner_role"])] if partner else []

    def validate_unique(self):
        """The service says when an e-mail address is taken (usernames are e-mail addresses)."""


class MembershipForm(VersionedFormMixin, PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerMembership
        fields = ["partner", "role"]


MembershipFormSet = forms.inlineformset_factory(
    get_user_model(), PartnerMembership, form=MembershipForm, fk_name="user", extra=1, can_delete=True
)


def add_errors(form, error):
    """A service's validation errors on the form: on their field when the form has it, else above the form."""
    for name, errors in error.update_error_dict({}).items():
        form.add_error(name if name in form.fields else None, errors)


class CityForm(BilingualModelForm, ScopedModelForm):
    bilingual = ("name", "province")

    class Meta:
        model = City
        fields = BilingualModelForm.translated_fields("name", "province")


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
            help_text=_("Tick only after a warning that it looks like another record."),
        )
