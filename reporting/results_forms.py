"""Forms of the results framework pages: the report's filters, and the staff forms with text in both languages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import City, Partner
from reporting.framework import (
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)
from reporting.results import computation_choices
from score_mis.bilingual import BilingualModelForm
from score_mis.forms import IsoDateInput
from score_mis.versions import VersionedFormMixin


def period_choices():
    """Every period of every phase, by key, as (key, label); the whole phase first."""
    choices = {"phase": _("Whole phase (cumulative)")}
    for phase in ProgrammePhase.objects.all():
        for period in phase.periods()[1:]:
            choices.setdefault(period.key, period.label)
    return list(choices.items())


def period_of_key(key):
    """(year, half) of a period key: "phase" is (0, 0), "2015" is (2015, 0), "2015-2" is (2015, 2)."""
    if key == "phase":
        return 0, 0
    year, _dash, half = key.partition("-")
    return int(year), int(half or 0)


def key_of(year, half):
    if not year:
        return "phase"
    return f"{year}-{half}" if half else str(year)


class ResultsFilterForm(forms.Form):
    """The phase, period and optional partner or city of the results page, from the query string."""

    phase = forms.ModelChoiceField(label=_("Phase"), queryset=ProgrammePhase.objects.all(), empty_label=None)
    period = forms.ChoiceField(label=_("Period"), required=False)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)

    def __init__(self, data, *, user, default_phase):
        self.default_phase = default_phase
        if data is not None and not any(data.get(name) for name in ("phase", "period", "partner", "city")):
            data = None
        super().__init__(data, initial={"phase": default_phase, "period": "phase"})
        phase = self._chosen_phase(data) or default_phase
        self.fields["period"].choices = [(period.key, period.label) for period in phase.periods()] if phase else []
        self.fields["partner"].queryset = Partner.objects.reportable_by(user)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not field.required:
                field.empty_label = _("All")
            css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css

    def _chosen_phase(self, data):
        if data is None:
            return None
        try:
            return ProgrammePhase.objects.filter(pk=int(data.get("phase", ""))).first()
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("partner") and cleaned.get("city"):
            self.add_error("city", _("Choose a partner or a city, not both."))
        return cleaned

    def chosen(self):
        """(period, partner, city) chosen; the defaults where nothing valid was given."""
        values = {}
        if self.is_bound:
            self.is_valid()
            values = self.cleaned_data
        phase = values.get("phase") or self.default_phase
        period = phase.period(values.get("period") or "phase") or phase.period("phase")
        return period, values.get("partner"), values.get("city")

    def params(self):
        period, partner, city = self.chosen()
        params = {"phase": period.phase.pk, "period": period.key}
        if partner is not None:
            params["partner"] = partner.pk
        if city is not None:
            params["city"] = city.pk
        return params


class PeriodFormMixin:
    """A `period` choice stored as the model's year and half."""

    def _add_period_field(self):
        self.fields["period"] = forms.ChoiceField(
            label=_("Period"), choices=period_choices(), initial=key_of(self.instance.year, self.instance.half)
        )
        self.order_fields([*[name for name in self.fields if name != "period"][:1], "period"])

    def _apply_period(self):
        key = self.cleaned_data.get("period")
        if key:
            self.instance.year, self.instance.half = period_of_key(key)

    def _update_errors(self, errors):
        """The model's errors on its year and half belong to the form's period."""
        if hasattr(errors, "error_dict"):
            for name in ("year", "half"):
                if name in errors.error_dict:
                    errors.error_dict.setdefault("period", []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)


class ResultAreaForm(VersionedFormMixin, BilingualModelForm):
    bilingual = ("title",)

    class Meta:
        model = ResultArea
        fields = ["phase", "level", "parent", "code", *BilingualModelForm.translated_fields("title"), "position"]


class ResultIndicatorForm(VersionedFormMixin, BilingualModelForm):
    bilingual = ("name", "unit_label")
    computation = forms.ChoiceField(label=_("Computation"), required=False)

    class Meta:
        model = ResultIndicator
        fields = [
            "area",
            "code",
            *BilingualModelForm.translated_fields("name", "unit_label"),
            "kind",
            "better",
            "source",
            "computation",
            "by_sex",
            "by_role",
            "by_partner",
            "by_city",
            "is_key",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ResultArea.objects.select_related("phase")
        self.fields["computation"].choices = [("", _("— none (a reported indicator) —")), *computation_choices()]


class ResultTargetForm(PeriodFormMixin, VersionedFormMixin, BilingualModelForm):
    bilingual = ("note",)

    class Meta:
        model = ResultTarget
        fields = [
            "indicator",
            "partner",
            "city",
            "baseline",
            "target",
            "target_female_share",
            *BilingualModelForm.translated_fields("note"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = ResultIndicator.objects.select_related("area__phase")
        self._add_period_field()

    def clean(self):
        cleaned = super().clean()
        self._apply_period()
        return cleaned


class ReportedActualForm(PeriodFormMixin, VersionedFormMixin, BilingualModelForm):
    bilingual = ("note",)

    class Meta:
        model = ReportedActual
        fields = ["indicator", "value", "female_share", *BilingualModelForm.translated_fields("note"), "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = ResultIndicator.objects.filter(
            source=ResultIndicator.Source.REPORTED
        ).select_related("area__phase")
        self._add_period_field()

    def clean(self):
        cleaned = super().clean()
        self._apply_period()
        return cleaned


class UsdRateForm(PeriodFormMixin, VersionedFormMixin, BilingualModelForm):
    class Meta:
        model = UsdRate
        fields = ["phase", "rmb_per_usd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_period_field()

    def clean(self):
        cleaned = super().clean()
        self._apply_period()
        return cleaned


class NarrativeForm(VersionedFormMixin, BilingualModelForm):
    bilingual = ("executive_summary", "challenges", "next_steps")

    class Meta:
        model = Narrative
        fields = [
            "period_start",
            "period_end",
            *BilingualModelForm.translated_fields("executive_summary", "challenges", "next_steps"),
        ]
        widgets = {"period_start": IsoDateInput, "period_end": IsoDateInput}


class ContentItemForm(VersionedFormMixin, BilingualModelForm):
    bilingual = ("title", "formats", "who", "text")

    class Meta:
        model = ContentItem
        fields = [
            "kind",
            "published_on",
            "languages",
            *BilingualModelForm.translated_fields("title", "formats", "who", "text"),
        ]
        widgets = {"published_on": IsoDateInput}
