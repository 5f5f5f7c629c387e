from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from partners.access import scope_for
from partners.forms import DuplicateConfirmationFormMixin, ScopedModelForm
from partners.models import Partner
from score_mis.bilingual import BilingualModelForm
from score_mis.forms import IsoDateInput


def _constraint_message(model, name):
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


class EnterpriseForm(DuplicateConfirmationFormMixin, BilingualModelForm, ScopedModelForm):
    """Recruiter limited to the user's writable partners; any brand may be named as a customer."""

    bilingual = ("name",)

    class Meta:
        model = Enterprise
        fields = [
            *BilingualModelForm.translated_fields("name"),
            "city",
            "sector",
            "recruited_by",
            "workforce_total",
            "workforce_female",
            "supplies_brands",
            "consents_to_share_with_brands",
        ]
        widgets = {"supplies_brands": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["supplies_brands"].queryset = Partner.objects.filter(kind=Partner.Kind.BRAND)
        recruited_by = self.fields["recruited_by"]
        current_recruiter_id = self.instance.recruited_by_id
        if current_recruiter_id and not Partner.objects.editable_by(user).filter(pk=current_recruiter_id).exists():
            # Recruited by a partner the user cannot write for: shown, but not theirs to change.
            recruited_by.queryset = Partner.objects.filter(pk=current_recruiter_id)
            recruited_by.disabled = True
            return
        if not scope_for(user).changes_everything:
            # A partner user who left it empty would no longer see the enterprise.
            recruited_by.required = self.instance._state.adding or current_recruiter_id is not None
        writable = list(recruited_by.queryset[:2])
        if self.instance._state.adding and len(writable) == 1:
            recruited_by.initial = writable[0].pk

    def clean(self):
        cleaned_data = super().clean()
        total, female = cleaned_data.get("workforce_total"), cleaned_data.get("workforce_female")
        if total is not None and female is not None and female > total:
            message = _constraint_message(Enterprise, "enterprise_female_workers_within_total")
            self.add_error("workforce_female", message)
        return cleaned_data


class ImprovementTeamForm(ScopedModelForm):
    class Meta:
        model = ImprovementTeam
        fields = ["established_on", "female_managers", "male_managers", "female_workers", "male_workers", "meets"]
        widgets = {"established_on": IsoDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields["established_on"].initial = timezone.localdate()


class YesNoOrNumberField(forms.DecimalField):
    """A number; "yes" and "no" (in the interface language) are read as 1 and 0."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            word = value.strip().lower()
            if word in {"yes", str(_("yes")).lower()}:
                return super().to_python("1")
            if word in {"no", str(_("no")).lower()}:
                return super().to_python("0")
        return super().to_python(value)


class MeasurementForm(BilingualModelForm, ScopedModelForm):
    bilingual = ("note",)

    value = YesNoOrNumberField(
        label=_("value"),
        max_digits=14,
        decimal_places=2,
        help_text=_("In the indicator's unit. For a yes/no indicator: yes or no (or 1 or 0)."),
    )

    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "stage",
            "period_start",
            "period_end",
            "value",
            *BilingualModelForm.translated_fields("note"),
        ]
        widgets = {"period_start": IsoDateInput, "period_end": IsoDateInput}

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("period_start"), cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _constraint_message(Measurement, "measurement_period_ends_after_start"))
        return cleaned_data


class IndicatorForm(BilingualModelForm, ScopedModelForm):
    bilingual = ("name", "unit", "description")

    class Meta:
        model = Indicator
        fields = ["code", *BilingualModelForm.translated_fields("name", "unit"), "kind", "better"]
        fields += BilingualModelForm.translated_fields("description")
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 3}),
        }
