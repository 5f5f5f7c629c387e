"""Data quality: what is missing, late or implausible in the records a user may see, per partner, each finding
linking to the record to fix, with a score per partner; and the reporting rate of follow-up measurements.

A partner's score is the share of its records (rounds, enterprises, improvements) without a finding. The
database counts the findings of each check per partner and reads the first few to list (FINDINGS_SHOWN); the
records flagged are counted per partner in one query per kind of record, whatever the number of records."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Abs, Cast, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.models import Enterprise, Indicator, Measurement
from improvements.models import Improvement, ReviewStep
from improvements.plausibility import implausible_saving, saving_warnings
from partners.access import scope_for
from partners.models import Partner, QualitySettings
from reporting.figures import Median, share
from score_mis.bilingual import either, text_in_reader_language
from trainings.models import OPEN_STATUSES, Attendance, Enrollment, TrainingRound

# A follow-up measurement counts for a due date when its period ends no earlier than this before it; the
# measurement is overdue this long after the due date.
FOLLOW_UP_GRACE = timedelta(days=30)
# The constant of the robust z-score: 0.6745 × (value − median) / median absolute deviation.
MAD_SCALE = 0.6745
# The fewest values of an indicator that make a distribution to compare with.
OUTLIER_MIN_VALUES = 8
TREND_QUARTERS = 4

CHECKS = {
    "no_baseline": gettext_lazy("Enterprises without a baseline"),
    "follow_up_overdue": gettext_lazy("Follow-up measurements overdue"),
    "follow_up_due": gettext_lazy("Follow-up measurements due"),
    "round_overdue": gettext_lazy("Rounds overdue to close"),
    "round_no_attendance": gettext_lazy("Rounds without attendance"),
    "enrollment_no_completion": gettext_lazy("Enrolments without a completion date"),
    "review_waiting": gettext_lazy("Improvements waiting for review"),
    "outlier": gettext_lazy("Outlying indicator values"),
    "implausible_saving": gettext_lazy("Savings flagged as implausible"),
}


@dataclass
class Finding:
    check: str
    partner_id: int | None
    record: str
    url: str
    detail: str


# A check lists this many findings of a partner, and says how many more there are.
FINDINGS_SHOWN = 25


@dataclass
class CheckFindings:
    check: str
    shown: list = field(default_factory=list)
    count: int = 0

    @property
    def label(self):
        return CHECKS[self.check]

    @property
    def more(self):
        return self.count - len(self.shown)


@dataclass
class PartnerQuality:
    partner: Partner | None
    records: int = 0
    flagged_records: int = 0
    by_check: list = field(default_factory=list)

    @property
    def score(self):
        """Percent of the partner's records without a finding."""
        if not self.records:
            return 100
        return max(0, round(100 * (1 - self.flagged_records / self.records)))


@dataclass
class FollowUp:
    """One follow-up measurement an enterprise owes: `months` after its Module 1 round ended."""

    enterprise_id: int
    enterprise: str
    enterprise_zh: str
    partner_id: int | None
    months: int
    due: object
    done: bool


@dataclass(frozen=True)
class Source:
    """The rows of a check (or of two, told apart by the expression `check`), each flagging a record of `kind` (its
    id in the field `record`) owned by the partner in the field `owner`, listed in `order`; `finding` makes a
    row a Finding."""

    check: object
    rows: object
    kind: str
    record: str
    owner: str
    order: tuple
    finding: object


# The records a partner's score counts, and the field of each that names the partner owning it.
RECORD_MODELS = {"round": TrainingRound, "enterprise": Enterprise, "improvement": Improvement}
RECORD_OWNERS = {"round": "partner_id", "enterprise": "recruited_by_id", "improvement": "enterprise__recruited_by_id"}


# The date `months` months after the date `date` (SQL of each), the day kept or, past the month's end, its last day
# (as relativedelta).
MONTHS_AFTER_SQL = {
    "postgresql": "({date} + make_interval(months => {months}))::date",
    "sqlite": (
        "min(date({date}, 'start of month', '+' || {months} || ' months', "
        "'+' || (CAST(strftime('%%d', {date}) AS integer) - 1) || ' days'), "
        "date({date}, 'start of month', '+' || ({months} + 1) || ' months', '-1 day'))"
    ),
}


class MonthsAfter(Func):
    """The date `months` months after the date `expression`, the day kept or, past the month's end, its last day
    (as relativedelta), `days_before` days earlier."""

    output_field = DateField()

    def __init__(self, expression, months, days_before=0):
        super().__init__(expression)
        self.months, self.days_before = months, days_before

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        template = MONTHS_AFTER_SQL[connection.vendor]
        later = template.format(date=f"({sql})", months=f"{self.months:d}")
        params = params * template.count("{date}")
        if connection.vendor == "postgresql":
            return f"{later} - %s", [*params, self.days_before]
        return f"date({later}, '-{self.days_before:d} days')", params


def may_see_data_quality(user):
    """ILO staff (every partner) and partner users (their partners); committee members read no raw records."""
    scope = scope_for(user)
    return scope.sees_everything or scope.is_partner_user


def _day(value):
    return date_format(value, "Y-m-d")


class QualityReport:
    """The findings in what `user` may see (with `for_reports`, what their reports count), as of `today`: counted
    by the database per partner and check, of which the first FINDINGS_SHOWN are read."""

    def __init__(self, user, today=None, *, for_reports=False):
        self.user = user
        self.today = today or timezone.localdate()
        self.for_reports = for_reports
        self.settings = QualitySettings.current()
        self.partners = {partner.pk: partner for partner in self._scoped(Partner.objects.order_by("name"))}

    def _scoped(self, queryset):
        return queryset.reportable_by(self.user) if self.for_reports else queryset.visible_to(self.user)

    def partner_seen(self, partner_id):
        """`partner_id` when the user sees that partner, else None (counted as "other partners")."""
        return partner_id if partner_id in self.partners else None

    def _seen_owner(self, owner):
        """An expression for the partner in the field `owner` when the user sees it, else NULL."""
        return Case(When(**{f"{owner}__in": list(self.partners)}, then=F(owner)), default=None)

    def _records(self, kind):
        return self._scoped(RECORD_MODELS[kind].objects.all())

    def module_one_enrollments(self):
        """The enrolments (not withdrawn) in Module 1 rounds with an end date."""
        return (
            self._scoped(Enrollment.objects.all())
            .filter(round__module__number=1, round__ends_on__isnull=False)
            .exclude(status=Enrollment.Status.WITHDRAWN)
        )

    def follow_ups(self):
        """Every follow-up due by now or within the grace period, done or not, for enterprises in Module 1 rounds."""
        enrollments = self.module_one_enrollments().values_list(
            "enterprise_id",
            "enterprise__name_en",
            "enterprise__name_zh_hans",
            "enterprise__recruited_by_id",
            "round__ends_on",
        )
        module_one_end = {}
        for enterprise_id, name, name_zh, partner_id, ended in enrollments:
            if enterprise_id not in module_one_end or ended < module_one_end[enterprise_id][3]:
                module_one_end[enterprise_id] = (name, name_zh, partner_id, ended)
        measured = defaultdict(list)
        follow_ups = Measurement.objects.filter(
            enterprise_id__in=list(module_one_end), stage=Measurement.Stage.FOLLOW_UP
        ).values_list("enterprise_id", "period_end")
        for enterprise_id, period_end in follow_ups:
            measured[enterprise_id].append(period_end)
        owed = []
        for enterprise_id, (name, name_zh, partner_id, ended) in sorted(
            module_one_end.items(), key=lambda item: either(*item[1][:2])
        ):
            for months in self.settings.follow_up_month_list:
                due = ended + relativedelta(months=months)
                if due - FOLLOW_UP_GRACE > self.today:
                    continue
                done = any(period_end >= due - FOLLOW_UP_GRACE for period_end in measured[enterprise_id])
                owed.append(FollowUp(enterprise_id, name, name_zh, self.partner_seen(partner_id), months, due, done))
        return owed

    @cached_property
    def sources(self):
        """What each check finds (read once per report)."""
        return [
            self._no_baseline(),
            *self._follow_ups_not_reported(),
            self._rounds_without_attendance(),
            self._rounds_overdue(),
            self._enrollments_without_completion(),
            self._reviews_waiting(),
            self._outliers(),
            self._implausible_savings(),
        ]

    def check_findings(self):
        """{(partner id or None, check): CheckFindings}, one query per source."""
        found = {}
        for source in self.sources:
            first_rows = source.rows.annotate(
                seen_owner=self._seen_owner(source.owner),
                check_name=Value(source.check) if isinstance(source.check, str) else source.check,
            ).annotate(
                found=Window(Count("*"), partition_by=[F("seen_owner"), F("check_name")]),
                place=Window(RowNumber(), partition_by=[F("seen_owner"), F("check_name")], order_by=source.order),
            )
            for row in first_rows.filter(place__lte=FINDINGS_SHOWN).order_by("seen_owner", "check_name", "place"):
                if isinstance(row, dict):
                    row = SimpleNamespace(**row)
                findings = found.setdefault((row.seen_owner, row.check_name), CheckFindings(row.check_name))
                if len(findings.shown) < FINDINGS_SHOWN:
                    findings.shown.append(source.finding(row))
                if row.place == 1:
                    findings.count += row.found
        return found

    def by_partner(self):
        """One row per partner with records or findings (records no partner of the user owns under None)."""
        rows = {}

        def row(partner_id):
            return rows.setdefault(partner_id, PartnerQuality(self.partners.get(partner_id)))

        for kind, owner in RECORD_OWNERS.items():
            records = self._records(kind).order_by().annotate(seen_owner=self._seen_owner(owner))
            for partner_id, count in records.values_list("seen_owner").annotate(count=Count("pk")):
                row(partner_id).records += count
            flagged = [source.rows.order_by().values(source.record) for source in self.sources if source.kind == kind]
            flagged_records = records.filter(pk__in=flagged[0].union(*flagged[1:]))
            for partner_id, count in flagged_records.values_list("seen_owner").annotate(count=Count("pk")):
                row(partner_id).flagged_records += count
        for (partner_id, _check), findings in self.check_findings().items():
            row(partner_id).by_check.append(findings)
        for partner_row in rows.values():
            partner_row.by_check.sort(key=lambda findings: list(CHECKS).index(findings.check))
        return sorted(rows.values(), key=lambda row: (row.partner is None, row.partner.name if row.partner else ""))

    def _enterprise_url(self, pk):
        return reverse("enterprises:enterprise_detail", args=[pk])

    def _no_baseline(self):
        return Source(
            check="no_baseline",
            rows=self._records("enterprise")
            .filter(Exists(Enrollment.objects.filter(enterprise=OuterRef("pk"))))
            .exclude(Exists(Measurement.objects.filter(enterprise=OuterRef("pk"), stage=Measurement.Stage.BASELINE))),
            kind="enterprise",
            record="pk",
            owner="recruited_by_id",
            order=(text_in_reader_language("name").asc(), F("pk").asc()),
            finding=lambda enterprise: Finding(
                "no_baseline",
                enterprise.seen_owner,
                enterprise.display_name,
                self._enterprise_url(enterprise.pk),
                _("No baseline value of any indicator."),
            ),
        )

    def _follow_ups_not_reported(self):
        """Per follow-up (months after the first Module 1 round's end), the enterprises owing it, due by today
        or within the grace period, without a follow-up period ending within the grace before the due date."""
        latest = (
            Measurement.objects.filter(enterprise=OuterRef("enterprise_id"), stage=Measurement.Stage.FOLLOW_UP)
            .order_by("-period_end")
            .values("period_end")[:1]
        )
        firsts = (
            self.module_one_enrollments()
            .order_by()
            .values("enterprise_id", "enterprise__name_en", "enterprise__name_zh_hans", "enterprise__recruited_by_id")
            .annotate(ended=Min("round__ends_on"))
        )
        sources = []
        for months in self.settings.follow_up_month_list:
            rows = (
                firsts.annotate(due=MonthsAfter("ended", months))
                .alias(counts_from=MonthsAfter("ended", months, days_before=FOLLOW_UP_GRACE.days))
                .filter(due__lte=self.today + FOLLOW_UP_GRACE)
                .alias(latest=Subquery(latest))
                .filter(Q(latest__isnull=True) | Q(latest__lt=F("counts_from")))
            )
            sources.append(
                Source(
                    check=Case(
                        When(due__lt=self.today - FOLLOW_UP_GRACE, then=Value("follow_up_overdue")),
                        default=Value("follow_up_due"),
                    ),
                    rows=rows,
                    kind="enterprise",
                    record="enterprise_id",
                    owner="enterprise__recruited_by_id",
                    order=(text_in_reader_language("enterprise__name").asc(), F("enterprise_id").asc()),
                    finding=lambda row, months=months: Finding(
                        row.check_name,
                        row.seen_owner,
                        either(row.enterprise__name_en, row.enterprise__name_zh_hans),
                        self._enterprise_url(row.enterprise_id),
                        _("%(months)s-month follow-up due on %(due)s.") % {"months": months, "due": _day(row.due)},
                    ),
                )
            )
        return sources

    def _started_rounds(self):
        return self._records("round").exclude(status=TrainingRound.Status.CANCELLED).filter(starts_on__lte=self.today)

    def _round_source(self, check, rows, detail):
        return Source(
            check=check,
            rows=rows,
            kind="round",
            record="pk",
            owner="partner_id",
            order=(F("starts_on").desc(), text_in_reader_language("title").asc(), F("pk").asc()),
            finding=lambda training_round: Finding(
                check,
                training_round.seen_owner,
                str(training_round),
                reverse("trainings:round_detail", args=[training_round.pk]),
                detail(training_round),
            ),
        )

    def _rounds_without_attendance(self):
        return self._round_source(
            "round_no_attendance",
            self._started_rounds().exclude(Exists(Attendance.objects.filter(activity__round_id=OuterRef("pk")))),
            lambda training_round: _("No workshop day or visit with attendance recorded."),
        )

    def _rounds_overdue(self):
        return self._round_source(
            "round_overdue",
            self._started_rounds().filter(status__in=OPEN_STATUSES, ends_on__lt=self.today),
            lambda training_round: (
                _("Ended on %(date)s and not marked completed.") % {"date": _day(training_round.ends_on)}
            ),
        )

    def _enrollments_without_completion(self):
        return Source(
            check="enrollment_no_completion",
            rows=self._scoped(Enrollment.objects.all())
            .filter(round__status=TrainingRound.Status.COMPLETED, completed_on__isnull=True)
            .exclude(status=Enrollment.Status.WITHDRAWN)
            .select_related("enterprise", "round"),
            kind="round",
            record="round_id",
            owner="round__partner_id",
            order=(
                F("round__starts_on").desc(),
                text_in_reader_language("round__title").asc(),
                text_in_reader_language("enterprise__name").asc(),
                F("pk").asc(),
            ),
            finding=lambda enrollment: Finding(
                "enrollment_no_completion",
                enrollment.seen_owner,
                f"{enrollment.enterprise.display_name} – {enrollment.round}",
                reverse("trainings:enrollment_update", args=[enrollment.pk]),
                _("The round is completed; the enterprise has no completion date."),
            ),
        )

    def _improvement_source(self, check, rows, detail):
        return Source(
            check=check,
            rows=rows.select_related("enterprise"),
            kind="improvement",
            record="pk",
            owner="enterprise__recruited_by_id",
            order=(F("implemented_on").desc(), text_in_reader_language("title").asc(), F("pk").asc()),
            finding=lambda improvement: Finding(
                check,
                improvement.seen_owner,
                improvement.display_title,
                improvement.get_absolute_url(),
                detail(improvement),
            ),
        )

    def _reviews_waiting(self):
        sent = (
            ReviewStep.objects.filter(
                improvement=OuterRef("pk"), action__in=[ReviewStep.Action.SUBMIT, ReviewStep.Action.RESUBMIT]
            )
            .order_by("-at")
            .values("at")[:1]
        )
        waiting_since = self.today - timedelta(days=self.settings.review_wait_days)
        return self._improvement_source(
            "review_waiting",
            self._records("improvement")
            .filter(status=Improvement.Status.SUBMITTED)
            .annotate(sent=Subquery(sent))
            .filter(sent__date__lt=waiting_since),
            lambda improvement: (
                _("Sent for review on %(date)s.") % {"date": _day(timezone.localtime(improvement.sent).date())}
            ),
        )

    def _implausible_savings(self):
        return self._improvement_source(
            "implausible_saving",
            self._records("improvement").exclude(status=Improvement.Status.DRAFT).filter(implausible_saving()),
            lambda improvement: " ".join(saving_warnings(improvement)),
        )

    def _outliers(self):
        """Values far from their indicator's distribution (all enterprises), by the robust z-score."""
        centres = self._indicator_centres()
        limit = float(self.settings.outlier_z)
        far = Q(pk__in=[])
        for indicator_id, (median, mad) in centres.items():
            reach = limit * mad / MAD_SCALE
            far |= Q(indicator_id=indicator_id) & (Q(value__gt=median + reach) | Q(value__lt=median - reach))

        def finding(measurement):
            median, mad = centres[measurement.indicator_id]
            return Finding(
                "outlier",
                measurement.seen_owner,
                f"{measurement.enterprise.display_name}: {measurement.indicator}",
                reverse("enterprises:measurement_update", args=[measurement.pk]),
                _("%(value)s against a median of %(median)s (robust z-score %(score).1f).")
                % {
                    "value": measurement.value,
                    "median": f"{median:g}",
                    "score": MAD_SCALE * (float(measurement.value) - median) / mad,
                },
            )

        return Source(
            check="outlier",
            rows=self._scoped(Measurement.objects.all()).filter(far).select_related("indicator", "enterprise"),
            kind="enterprise",
            record="enterprise_id",
            owner="enterprise__recruited_by_id",
            order=(
                text_in_reader_language("enterprise__name").asc(),
                text_in_reader_language("indicator__name").asc(),
                F("period_start").asc(),
                F("pk").asc(),
            ),
            finding=finding,
        )

    def _indicator_centres(self):
        """{indicator id: (median, median absolute deviation)} of the values of each numeric indicator with enough
        values to compare with and some spread."""
        values = Measurement.objects.filter(indicator__kind=Indicator.Kind.NUMERIC).order_by()
        if connection.vendor != "postgresql":
            return _centres_in_python(values.values_list("indicator_id", "value"))
        medians = dict(
            values.values_list("indicator_id")
            .annotate(count=Count("pk"), median=Median("value"))
            .filter(count__gte=OUTLIER_MIN_VALUES)
            .values_list("indicator_id", "median")
        )
        if not medians:
            return {}
        centre = Case(
            *[When(indicator_id=indicator_id, then=Value(median)) for indicator_id, median in medians.items()],
            output_field=FloatField(),
        )
        deviations = (
            values.filter(indicator_id__in=list(medians))
            .values_list("indicator_id")
            .annotate(mad=Median(Abs(Cast("value", FloatField()) - centre)))
        )
        return {indicator_id: (medians[indicator_id], mad) for indicator_id, mad in deviations if mad}


def _centres_in_python(values):
    """SQLite (the embedded database, small data) has no median."""
    numbers_of = defaultdict(list)
    for indicator_id, value in values:
        numbers_of[indicator_id].append(float(value))
    centres = {}
    for indicator_id, numbers in numbers_of.items():
        if len(numbers) < OUTLIER_MIN_VALUES:
            continue
        median = statistics.median(numbers)
        mad = statistics.median(abs(number - median) for number in numbers)
        if mad:
            centres[indicator_id] = (median, mad)
    return centres


@dataclass
class ReportingRate:
    partner: Partner | None
    due: int
    done: int
    trend: list  # (quarter label, percent or None), oldest first

    @property
    def rate(self):
        """Percent of the follow-ups due that were reported."""
        return share(self.done, self.due)


def _quarter(day):
    return day.year, (day.month - 1) // 3 + 1


# The year and quarter of `due`; the day `days` before it.
_DATE_SQL = {
    "postgresql": {
        "year": "EXTRACT(YEAR FROM d.due)::integer",
        "quarter": "EXTRACT(QUARTER FROM d.due)::integer",
        "days_before": "d.due - %s",
    },
    "sqlite": {
        "year": "CAST(strftime('%%Y', d.due) AS integer)",
        "quarter": "(CAST(strftime('%%m', d.due) AS integer) + 2) / 3",
        "days_before": "date(d.due, '-' || %s || ' days')",
    },
}


def follow_ups_due_by_quarter(report):
    """[(partner id, year, quarter, follow-ups due, reported)] of the follow-ups due by `report.today`, by the quarter
    of their due date: counted in the database, as `QualityReport.follow_ups` counts them one by one (the first
    Module 1 round's end, the recruiting partner, reported when a follow-up period ends within the grace)."""
    firsts = (
        report.module_one_enrollments()
        .order_by()
        .values("enterprise_id")
        .annotate(partner_id=Min("enterprise__recruited_by_id"), ended=Min("round__ends_on"))
    )
    latest = (
        Measurement.objects.filter(stage=Measurement.Stage.FOLLOW_UP)
        .order_by()
        .values("enterprise_id")
        .annotate(latest=Max("period_end"))
    )
    firsts_sql, firsts_params = firsts.query.sql_with_params()
    latest_sql, latest_params = latest.query.sql_with_params()
    months = report.settings.follow_up_month_list
    months_sql = " UNION ALL ".join(["SELECT %s AS months"] * len(months))
    dates = _DATE_SQL[connection.vendor]
    due = MONTHS_AFTER_SQL[connection.vendor].format(date="f.ended", months="o.months")
    sql = f"""
        SELECT d.partner_id, {dates["year"]}, {dates["quarter"]}, COUNT(*),
               SUM(CASE WHEN d.latest >= {dates["days_before"]} THEN 1 ELSE 0 END)
        FROM (
            SELECT f.partner_id, m.latest, {due} AS due
            FROM ({firsts_sql}) f CROSS JOIN ({months_sql}) o
            LEFT JOIN ({latest_sql}) m ON m.enterprise_id = f.enterprise_id
        ) d
        WHERE d.due <= %s
        GROUP BY 1, 2, 3"""
    params = [FOLLOW_UP_GRACE.days, *firsts_params, *months, *latest_params, report.today]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def reporting_rates(user, today=None):
    """Per partner, the share of follow-up measurements due by `today` that were reported, and the same for each of
    the last quarters up to `today` (by due date), counted in what the user's reports count."""
    report = QualityReport(user, today, for_reports=True)
    last = _quarter(report.today)
    quarters = []
    year, quarter = last
    for _index in range(TREND_QUARTERS):
        quarters.insert(0, (year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    totals = defaultdict(lambda: [0, 0])
    by_quarter = defaultdict(lambda: [0, 0])
    for partner_id, due_year, due_quarter, due, done in follow_ups_due_by_quarter(report):
        partner_id = report.partner_seen(partner_id)
        totals[partner_id][0] += due
        totals[partner_id][1] += done
        by_quarter[partner_id, (due_year, due_quarter)][0] += due
        by_quarter[partner_id, (due_year, due_quarter)][1] += done
    rates = []
    for partner_id, (due, done) in totals.items():
        trend = []
        for key in quarters:
            quarter_due, quarter_done = by_quarter[partner_id, key]
            trend.append((f"{key[0]} Q{key[1]}", share(quarter_done, quarter_due)))
        rates.append(ReportingRate(report.partners.get(partner_id), due, done, trend))
    return sorted(rates, key=lambda row: (row.partner is None, row.partner.name if row.partner else ""))


def quality_flags_for(user):
    """{check: number of findings} in what `user` may see, in the order of CHECKS (slow: the home page shows them as
    a background task stored them)."""
    counts = defaultdict(int)
    for (_partner_id, check), findings in QualityReport(user).check_findings().items():
        counts[check] += findings.count
    return {check: counts[check] for check in CHECKS if counts[check]}
