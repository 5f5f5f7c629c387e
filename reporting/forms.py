import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import City, Partner
from reporting.figures import ReportFilters
from score_mis.forms import IsoDateInput
from trainings.models import Module

LONGEST_PERIOD = datetime.timedelta(days=366 * 10)


class ReportFilterForm(forms.Form):
    """The period and optional partner, city and module of a dashboard or report, read from the query string.

    The partners offered are those the user's reports cover, so another partner's id is an invalid
    choice; invalid fields are reported and left out, never used."""

    start = forms.DateField(label=_("From"), widget=IsoDateInput)
    end = forms.DateField(label=_("Until"), widget=IsoDateInput)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.all(), required=False)

    def __init__(self, data, *, user, default_start, default_end, with_module=True):
        self.default_start, self.default_end = default_start, default_end
        if data is not None and not any(data.get(name) for name in ("start", "end", "partner", "city", "module")):
            data = None
        super().__init__(data, initial={"start": default_start, "end": default_end})
        self.fields["partner"].queryset = Partner.objects.reportable_by(user)
        if not with_module:
            del self.fields["module"]
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("All")
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start", self.default_start), cleaned.get("end", self.default_end)
        if start > end:
            self.add_error("end", _("The period cannot end before it starts."))
        elif end - start > LONGEST_PERIOD:
            self.add_error("start", _("Choose a period of ten years at most."))
        return cleaned

    def filters(self):
        """The chosen filters; the defaults where nothing valid was given."""
        chosen = {}
        if self.is_bound:
            self.is_valid()
            chosen = self.cleaned_data
        start, end = chosen.get("start", self.default_start), chosen.get("end", self.default_end)
        if "start" in self.errors or "end" in self.errors:
            start, end = self.default_start, self.default_end
        return ReportFilters(
            start=start,
            end=end,
            partner=chosen.get("partner"),
            city=chosen.get("city"),
            module=chosen.get("module"),
        )

    def params(self):
        """The filters in use as query parameters, for download links and the freeze form."""
        filters = self.filters()
        params = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
        for name in ("partner", "city", "module"):
            value = getattr(filters, name)
            if value is not None:
                params[name] = value.pk
        return params
