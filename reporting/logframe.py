"""The logframe report: each indicator of a phase with its baseline, target, actual, % achieved and status.

`Logframe` gathers (scoped like every report); the results page, its PDF and XLSX, the dashboard and the
committee report present it. Targets follow the reader: programme-wide readers compare with the
programme's target (or the chosen partner's or city's); a partner user with the targets set for their
partners. Reported actuals are figures for the programme as a whole: they are shown to programme-wide
readers when no partner or city is chosen.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.access import scope_for
from reporting.figures import ReportFilters
from reporting.formats import long_date
from reporting.framework import ReportedActual, ResultArea, ResultIndicator, ResultTarget, UsdRate
from reporting.results import COMPUTATIONS, ResultsData
from reporting.tables import Table

# % achieved at or above ON_TRACK_FROM is on track, from AT_RISK_FROM up to it at risk, below it off track.
ON_TRACK_FROM = 90
AT_RISK_FROM = 60


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    NO_ACTUAL = "no_actual"

    LABELS = {
        ON_TRACK: gettext_lazy("On track"),
        AT_RISK: gettext_lazy("At risk"),
        OFF_TRACK: gettext_lazy("Off track"),
        NO_TARGET: gettext_lazy("No target"),
        NO_ACTUAL: gettext_lazy("No actual yet"),
    }


def achieved(actual, target, better):
    """How far `actual` has come towards `target`, in %: actual / target, or target / actual when lower is better.
    None when it cannot be said (no figure, or a target of zero)."""
    if actual is None or target is None:
        return None
    actual, target = Decimal(str(actual)), Decimal(str(target))
    if better == ResultIndicator.Better.LOWER:
        if actual == 0:
            return Decimal(100) if target >= 0 else None
        return (target * 100 / actual).quantize(Decimal("0.1"))
    if target == 0:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"))


def status_of(actual, target, better, kind=None):
    """On track, at risk or off track, by the thresholds above. A yes/no indicator is on track once it is met;
    a target of zero is on track when the actual is no worse than it."""
    if target is None:
        return Status.NO_TARGET
    if actual is None:
        return Status.NO_ACTUAL
    actual, target = Decimal(str(actual)), Decimal(str(target))
    met = actual <= target if better == ResultIndicator.Better.LOWER else actual >= target
    if kind == ResultIndicator.Kind.YES_NO or target == 0:
        return Status.ON_TRACK if met else Status.OFF_TRACK
    share = achieved(actual, target, better)
    if share >= ON_TRACK_FROM:
        return Status.ON_TRACK
    if share >= AT_RISK_FROM:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass
class TargetFigures:
    target: Decimal
    baseline: Decimal | None = None
    female_share: Decimal | None = None
    note: str = ""


@dataclass
class LogframeRow:
    indicator: ResultIndicator
    target: TargetFigures | None = None
    measure: object = None
    reported: ReportedActual | None = None
    rmb_per_usd: Decimal | None = None

    @property
    def actual(self):
        if self.reported is not None:
            return self.reported.value
        return self.measure.value if self.measure is not None else None

    @property
    def female_share(self):
        if self.reported is not None:
            return self.reported.female_share
        return self.measure.female_share if self.measure is not None else None

    @property
    def usd(self):
        if self.indicator.kind != ResultIndicator.Kind.MONEY or self.actual is None or not self.rmb_per_usd:
            return None
        return (Decimal(str(self.actual)) / self.rmb_per_usd).quantize(Decimal("1"))

    @property
    def achieved(self):
        return achieved(self.actual, self.target.target if self.target else None, self.indicator.better)

    @property
    def status(self):
        target = self.target.target if self.target else None
        return status_of(self.actual, target, self.indicator.better, self.indicator.kind)

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def how_counted(self):
        if self.measure is not None:
            return self.measure.counted
        if self.reported is not None:
            return self.reported.note
        return ""

    @property
    def is_reported(self):
        return self.indicator.source == ResultIndicator.Source.REPORTED


@dataclass
class LogframeSection:
    area: ResultArea
    rows: list = field(default_factory=list)


class Logframe:
    """The indicators of `phase` for one of its periods, or up to `until` (cumulative from the phase's start)."""

    def __init__(self, user, period, *, partner=None, city=None, until=None):
        self.user = user
        self.period = period
        self.phase = period.phase
        end = min(until, period.end) if until else period.end
        self.filters = ReportFilters(start=period.start, end=end, partner=partner, city=city)
        self.programme_wide = scope_for(user).reads_programme_wide and partner is None and city is None

    @property
    def title(self):
        return _("Results framework, %(phase)s: %(period)s") % {"phase": self.phase, "period": self.period_label}

    @property
    def period_label(self):
        if self.period.is_cumulative:
            return _("cumulative, %(start)s – %(end)s") % {
                "start": long_date(self.filters.start),
                "end": long_date(self.filters.end),
            }
        return self.period.label

    @cached_property
    def indicators(self):
        return list(ResultIndicator.objects.filter(area__phase=self.phase).select_related("area__parent"))

    @cached_property
    def areas(self):
        return list(ResultArea.objects.filter(phase=self.phase).select_related("parent"))

    @cached_property
    def targets(self):
        """{indicator id: TargetFigures} for the reader, the period and the chosen partner or city."""
        filters = self.filters
        targets = ResultTarget.objects.visible_to(self.user).filter(
            indicator__area__phase=self.phase, year=self.period.year, half=self.period.half
        )
        if filters.partner is not None:
            targets = targets.filter(partner=filters.partner)
        elif filters.city is not None:
            targets = targets.filter(city=filters.city)
        elif scope_for(self.user).reads_programme_wide:
            targets = targets.filter(partner__isnull=True, city__isnull=True)
        else:
            targets = targets.filter(partner_id__in=scope_for(self.user).readable_partner_ids)
        grouped = defaultdict(list)
        for target in targets.order_by("pk"):
            grouped[target.indicator_id].append(target)
        kinds = {indicator.pk: indicator.kind for indicator in self.indicators}
        figures = {}
        for indicator_id, rows in grouped.items():
            if len(rows) == 1:
                row = rows[0]
                figures[indicator_id] = TargetFigures(row.target, row.baseline, row.target_female_share, row.note)
            elif kinds.get(indicator_id) in (ResultIndicator.Kind.COUNT, ResultIndicator.Kind.MONEY):
                baselines = [row.baseline for row in rows if row.baseline is not None]
                figures[indicator_id] = TargetFigures(
                    sum(row.target for row in rows), sum(baselines) if len(baselines) == len(rows) else None
                )
        return figures

    @cached_property
    def reported(self):
        if not self.programme_wide:
            return {}
        actuals = ReportedActual.objects.visible_to(self.user).filter(
            indicator__area__phase=self.phase, year=self.period.year, half=self.period.half
        )
        return {actual.indicator_id: actual for actual in actuals}

    @cached_property
    def measures(self):
        data = ResultsData(self.user, self.filters)
        keys = {indicator.computation for indicator in self.indicators if indicator.source == "computed"}
        return {key: COMPUTATIONS[key](data) for key in sorted(keys) if key in COMPUTATIONS}

    @cached_property
    def usd_rate(self):
        """The rate of the period, else of its year, else of the phase."""
        period = self.period
        candidates = UsdRate.objects.filter(phase=self.phase).filter(
            Q(year=period.year, half=period.half) | Q(year=period.year, half=0) | Q(year=0, half=0)
        )
        by_period = {(rate.year, rate.half): rate.rmb_per_usd for rate in candidates}
        for key in ((period.year, period.half), (period.year, 0), (0, 0)):
            if key in by_period:
                return by_period[key]
        return None

    @cached_property
    def sections(self):
        """Outcomes in order, each followed by its outputs; each with its indicators' rows."""
        rows_of = defaultdict(list)
        for indicator in self.indicators:
            rows_of[indicator.area_id].append(
                LogframeRow(
                    indicator=indicator,
                    target=self.targets.get(indicator.pk),
                    measure=self.measures.get(indicator.computation) if indicator.computation else None,
                    reported=self.reported.get(indicator.pk),
                    rmb_per_usd=self.usd_rate,
                )
            )
        outputs_of = defaultdict(list)
        for area in self.areas:
            if area.parent_id:
                outputs_of[area.parent_id].append(area)
        sections = []
        for outcome in (area for area in self.areas if not area.parent_id):
            for area in [outcome, *outputs_of[outcome.pk]]:
                sections.append(LogframeSection(area, rows_of[area.pk]))
        return sections

    @property
    def rows(self):
        return [row for section in self.sections for row in section.rows]

    @property
    def key_rows(self):
        return [row for row in self.rows if row.indicator.is_key]

    @property
    def columns(self):
        """Which disaggregated columns the table needs: only those that some indicator of the phase fills."""
        rows = self.rows
        columns = {
            "sex": any(row.indicator.by_sex and row.measure is not None for row in rows),
            "role": any(row.indicator.by_role and row.measure is not None for row in rows),
            "enterprises": any(row.measure is not None and row.measure.enterprises is not None for row in rows),
        }
        columns["span"] = 6 + 2 * columns["sex"] + 2 * columns["role"] + columns["enterprises"]
        return columns

    @property
    def thresholds(self):
        return {"on_track": ON_TRACK_FROM, "at_risk": AT_RISK_FROM}

    def table(self, rows=None, title=None):
        """The logframe as a plain table (for the XLSX sheets and the frozen figures)."""
        columns = [
            _("Outcome or output"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
            _("Target: women (%)"),
            _("Actual"),
            _("Actual: women (%)"),
            _("Women"),
            _("Men"),
            _("Managers"),
            _("Workers"),
            _("Actual (USD)"),
            _("Achieved (%)"),
            _("Status"),
            _("Enterprises counted"),
            _("How it was counted"),
        ]
        values = []
        for row in self.rows if rows is None else rows:
            measure, target = row.measure, row.target
            values.append(
                [
                    f"{row.indicator.area.code} {row.indicator.area.title}",
                    row.indicator.code,
                    row.indicator.name,
                    row.indicator.unit_label,
                    target.baseline if target else None,
                    target.target if target else None,
                    target.female_share if target else None,
                    row.actual,
                    row.female_share,
                    measure.female if measure else None,
                    measure.male if measure else None,
                    measure.managers if measure else None,
                    measure.workers if measure else None,
                    row.usd,
                    row.achieved,
                    row.status_label,
                    measure.enterprises if measure else None,
                    row.how_counted,
                ]
            )
        table = Table(str(title or _("Logframe")), columns, values)
        table.columns = [str(column) for column in table.columns]
        table.rows = [[str(value) if isinstance(value, Promise) else value for value in row] for row in table.rows]
        return table
