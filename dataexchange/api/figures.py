"""The programme figures and results of the dashboard (reporting.figures, reporting.logframe) for the API and
the figures and results feeds."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from partners.access import require_report_reader
from reporting.figures import ProgrammeFigures, ReportFilters
from reporting.forms import ReportFilterForm
from reporting.framework import Period, phase_on
from reporting.logframe import Logframe, Status
from reporting.periods import last_twelve_months, reporting_day


def report_filters(request):
    """The period and the partner, city and module in the query string, as the dashboard reads them. Without a
    period: the dashboard's last twelve months. Bad filters: 400."""
    require_report_reader(request.user)
    start, end = last_twelve_months(reporting_day(request.user))
    form = ReportFilterForm(request.query_params, user=request.user, default_start=start, default_end=end)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors)
    return form.filters()


def programme_figures(request):
    """The figures for the filters in the query string, counted over the rows the user's reports may include."""
    return ProgrammeFigures(request.user, report_filters(request))


@dataclass
class ProgrammeResults:
    """The results framework as the dashboard shows it: each indicator of the phase running at the end of the
    period, counted from the phase's start up to that day, against its target (for the chosen partner or city;
    the module filter does not apply to results)."""

    filters: ReportFilters
    phase: object
    rows: list


def programme_results(request):
    return programme_results_for(request.user, report_filters(request))


def programme_results_for(user, filters):
    phase = phase_on(filters.end)
    if phase is None:
        return ProgrammeResults(filters, None, [])
    logframe = Logframe(user, Period(phase), partner=filters.partner, city=filters.city, until=filters.end)
    return ProgrammeResults(logframe.filters, phase, logframe.rows)


def _money():
    return serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class SexRoleSerializer(serializers.Serializer):
    female_managers = serializers.IntegerField()
    male_managers = serializers.IntegerField()
    female_workers = serializers.IntegerField()
    male_workers = serializers.IntegerField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    managers = serializers.IntegerField()
    workers = serializers.IntegerField()
    total = serializers.IntegerField()
    female_share = serializers.FloatField(allow_null=True)


class TrainerLevelSerializer(serializers.Serializer):
    level = serializers.CharField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    total = serializers.IntegerField()


class HeadlineSerializer(serializers.Serializer):
    active_partners = serializers.IntegerField()
    agreements_in_force = serializers.IntegerField()
    rounds = serializers.IntegerField()
    rounds_by_status = serializers.DictField(child=serializers.IntegerField())
    enterprises = serializers.IntegerField()
    workers = serializers.IntegerField()
    female_workers = serializers.IntegerField()
    female_worker_share = serializers.FloatField(allow_null=True)
    participants = SexRoleSerializer()
    trainers = serializers.IntegerField()
    female_trainers = serializers.IntegerField()
    male_trainers = serializers.IntegerField()
    female_trainer_share = serializers.FloatField(allow_null=True)
    trainer_levels = TrainerLevelSerializer(many=True)
    newly_certified_female = serializers.IntegerField()
    newly_certified_male = serializers.IntegerField()
    improvement_teams = serializers.IntegerField()
    team_members = serializers.IntegerField()
    female_team_members = serializers.IntegerField()
    female_team_share = serializers.FloatField(allow_null=True)
    verified_improvements = serializers.IntegerField()
    annual_savings_rmb = _money()
    cost_total = _money()
    cost_non_ilo = _money()
    cost_recovery = serializers.FloatField(allow_null=True)


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text=_("The id of the module, city or partner."))
    label = serializers.CharField()
    rounds = serializers.IntegerField()
    enterprises = serializers.IntegerField()
    participants = serializers.IntegerField()
    female_participants = serializers.IntegerField()
    verified_improvements = serializers.IntegerField(allow_null=True)
    annual_savings_rmb = _money()


class MonthRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    participants = serializers.IntegerField()
    rounds_started = serializers.IntegerField()


class IndicatorResultSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    indicator_code = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    baseline_enterprises = serializers.IntegerField()
    follow_up_enterprises = serializers.IntegerField()
    reporting_rate = serializers.FloatField(allow_null=True)
    paired_enterprises = serializers.IntegerField()
    median_change = _money()
    improved_enterprises = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    start = serializers.DateField(source="filters.start")
    end = serializers.DateField(source="filters.end")
    partner = serializers.IntegerField(source="filters.partner.pk", allow_null=True)
    partner_code = serializers.CharField(source="filters.partner.code", allow_null=True)
    city = serializers.IntegerField(source="filters.city.pk", allow_null=True)
    city_name = serializers.CharField(source="filters.city.name", allow_null=True)
    module = serializers.IntegerField(source="filters.module.pk", allow_null=True)
    module_number = serializers.IntegerField(source="filters.module.number", allow_null=True)
    headline = HeadlineSerializer()
    by_module = BreakdownRowSerializer(many=True)
    by_city = BreakdownRowSerializer(many=True)
    by_partner = BreakdownRowSerializer(many=True)
    monthly_trend = MonthRowSerializer(many=True)
    indicators = IndicatorResultSerializer(many=True, source="indicator_results")


def _figure(**kwargs):
    return serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True, **kwargs)


class ResultRowSerializer(serializers.Serializer):
    """One indicator of the results framework: its target and its actual for the period."""

    area_code = serializers.CharField(source="indicator.area.code", help_text=_("The outcome or output."))
    area_title = serializers.CharField(source="indicator.area.title")
    indicator_code = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit_label")
    kind = serializers.CharField(source="indicator.kind")
    better = serializers.CharField(source="indicator.better", help_text=_("Which direction is better."))
    source = serializers.CharField(source="indicator.source", help_text=_("computed from records, or reported"))
    is_key = serializers.BooleanField(source="indicator.is_key")
    baseline = _figure(source="target.baseline", default=None)
    target = _figure(source="target.target", default=None)
    target_female_share = _figure(source="target.female_share", default=None)
    actual = _figure()
    female_share = serializers.FloatField(allow_null=True)
    female = serializers.IntegerField(source="measure.female", default=None, allow_null=True)
    male = serializers.IntegerField(source="measure.male", default=None, allow_null=True)
    managers = serializers.IntegerField(source="measure.managers", default=None, allow_null=True)
    workers = serializers.IntegerField(source="measure.workers", default=None, allow_null=True)
    enterprises = serializers.IntegerField(
        source="measure.enterprises", default=None, allow_null=True, help_text=_("Enterprises the actual rests on.")
    )
    actual_usd = _figure(source="usd")
    achieved = serializers.FloatField(allow_null=True, help_text=_("The actual as a percentage of the target."))
    respondents = serializers.IntegerField(
        source="measure.respondents",
        default=None,
        allow_null=True,
        help_text=_("Participants whose ratings the actual rests on (participant satisfaction)."),
    )
    status = serializers.ChoiceField(choices=list(Status.LABELS.items()), label=_("Status"))
    how_counted = serializers.CharField()


class ResultsSerializer(serializers.Serializer):
    start = serializers.DateField(
        source="filters.start", help_text=_("The first day counted: the start of the phase running at the end.")
    )
    end = serializers.DateField(source="filters.end")
    phase = serializers.CharField(source="phase.code", default=None, allow_null=True)
    partner = serializers.IntegerField(source="filters.partner.pk", allow_null=True)
    partner_code = serializers.CharField(source="filters.partner.code", allow_null=True)
    city = serializers.IntegerField(source="filters.city.pk", allow_null=True)
    city_name = serializers.CharField(source="filters.city.name", allow_null=True)
    rows = ResultRowSerializer(many=True)


BREAKDOWNS = ("by_module", "by_city", "by_partner")
BREAKDOWN_MEASURES = (
    "rounds",
    "enterprises",
    "participants",
    "female_participants",
    "verified_improvements",
    "annual_savings_rmb",
)
INDICATOR_MEASURES = (
    "baseline_enterprises",
    "follow_up_enterprises",
    "reporting_rate",
    "paired_enterprises",
    "median_change",
    "improved_enterprises",
)
FIGURE_COLUMNS = ("start", "end", "section", "key", "label", "measure", "value")


def figure_rows(data):
    """The serialized figures as long rows (one number a row), the shape Power BI and pivot tables like."""
    period = {"start": data["start"], "end": data["end"]}

    def row(section, measure, value, key="", label=""):
        return {**period, "section": section, "key": key, "label": label, "measure": measure, "value": value}

    rows = []
    for measure, value in data["headline"].items():
        if measure == "participants":
            rows.extend(row("participants", name, count) for name, count in value.items())
        elif measure == "rounds_by_status":
            rows.extend(row("rounds_by_status", status, count) for status, count in value.items())
        elif measure == "trainer_levels":
            for level in value:
                rows.extend(row("trainer_levels", sex, level[sex], key=level["level"]) for sex in ("female", "male"))
        else:
            rows.append(row("headline", measure, value))
    for section in BREAKDOWNS:
        for breakdown in data[section]:
            rows.extend(
                row(section, measure, breakdown[measure], key=breakdown["key"], label=breakdown["label"])
                for measure in BREAKDOWN_MEASURES
                if breakdown[measure] is not None
            )
    for month in data["monthly_trend"]:
        rows.extend(
            row("monthly_trend", measure, month[measure], key=month["month"])
            for measure in ("participants", "rounds_started")
        )
    for result in data["indicators"]:
        rows.extend(
            row("indicators", measure, result[measure], key=result["indicator_code"], label=result["indicator_name"])
            for measure in INDICATOR_MEASURES
        )
    return rows
