"""Targets and baselines of the results framework as spreadsheets: a file for ILO staff, who keep the framework."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from dataexchange.cells import ChoiceWidget, IntegerWidget, LookupInColumnWidget, LookupWidget
from dataexchange.reading import excerpt
from dataexchange.resources import Column, ScopedModelResource
from partners.models import City, Partner
from reporting.framework import PeriodFields, ResultIndicator, ResultTarget


class IndicatorWidget(LookupInColumnWidget):
    """A result indicator by its code and, in another column, the code of its phase (I, II, III)."""

    other_fields = ("phase_code",)

    def __init__(self):
        super().__init__(ResultIndicator, field="code", other_column="phase", editable=False)

    def candidates(self):
        return super().candidates().annotate(phase_code=models.F("area__phase__code"))

    def missing_other(self, name):
        return _("Give the phase of indicator “%(code)s”.") % {"code": excerpt(name)}

    def not_found(self, name, other):
        return _("No result indicator “%(code)s” in phase %(phase)s.") % {
            "code": excerpt(name),
            "phase": excerpt(other),
        }

    def describe(self):
        return _("The code of a result indicator of the phase in the next column.")


class WholeByDefault:
    """An empty cell means 0: the whole phase for the year, the whole year for the half."""

    def clean(self, value, row=None, **kwargs):
        cleaned = super().clean(value, row, **kwargs)
        return 0 if cleaned in (None, "") else cleaned


class YearWidget(WholeByDefault, IntegerWidget):
    def describe(self):
        return _("A year of the phase such as 2015, or 0 (or empty) for the whole phase.")


class HalfWidget(WholeByDefault, ChoiceWidget):
    def __init__(self):
        super().__init__(PeriodFields.Half.choices)

    def render(self, value, obj=None, **kwargs):
        return value if value is not None else ""


class TargetResource(ScopedModelResource):
    """A target per indicator and period, for the whole programme or one partner or one city. The indicator
    (with its phase), the period and the partner or city say which target a row is: re-importing updates it."""

    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=IndicatorWidget())
    phase = fields.Field(attribute="indicator__area__phase__code", column_name="phase", readonly=True)
    year = fields.Field(attribute="year", column_name="year", widget=YearWidget())
    half = fields.Field(attribute="half", column_name="half", widget=HalfWidget())
    partner = fields.Field(attribute="partner", column_name="partner", widget=LookupWidget(Partner, field="code"))
    city = fields.Field(
        attribute="city", column_name="city", widget=LookupWidget(City, field="name_en", also=("name_zh_hans",))
    )

    columns = {
        "indicator": Column(
            gettext_lazy("Indicator (code)"),
            "",
            gettext_lazy(
                "With the phase, period, partner and city it says which target a row is: re-importing it "
                "updates that target."
            ),
            "1.1a",
        ),
        "phase": Column(gettext_lazy("Phase"), "", "", "II"),
        "year": Column(gettext_lazy("Year"), "", "", 2015),
        "half": Column(gettext_lazy("Half-year"), "", gettext_lazy("Empty or 0 for the whole year."), 1),
        "partner": Column(
            gettext_lazy("Partner (code)"),
            "",
            gettext_lazy("Empty for a target of the whole programme; a target is for a partner or a city, not both."),
            "",
        ),
        "city": Column(gettext_lazy("City"), "", gettext_lazy("By its English or Chinese name."), ""),
        "baseline": Column(gettext_lazy("Baseline"), "", "", "0"),
        "target": Column(gettext_lazy("Target"), "", gettext_lazy("Not negative; a percentage is at most 100."), "40"),
        "target_female_share": Column(gettext_lazy("Of whom women (%)"), "", "", ""),
        "note_en": Column(gettext_lazy("Note (English)"), "", "", ""),
        "note_zh_hans": Column(gettext_lazy("Note (Chinese)"), "", "", ""),
    }

    class Meta:
        model = ResultTarget
        fields = (
            "indicator",
            "phase",
            "year",
            "half",
            "partner",
            "city",
            "baseline",
            "target",
            "target_female_share",
            "note_en",
            "note_zh_hans",
        )
        import_id_fields = ("indicator", "year", "half", "partner", "city")

    optional_key_fields = ("partner", "city")

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("indicator__area__phase", "partner", "city")
            .order_by(
                "indicator__area__phase__starts_on",
                "indicator__area__position",
                "indicator__position",
                "indicator__code",
                "year",
                "half",
                "partner__code",
                "city__name",
                "pk",
            )
        )


def target_rows(request):
    return ResultTarget.objects.visible_to(request.user)
