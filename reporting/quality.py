"""Data quality: what is missing, late or implausible in the records a user may see, per partner, each finding
linking to the record to fix, with a score per partner; and the reporting rate of follow-up measurements.

A partner's score is the share of its records (rounds, enterprises, improvements) without a finding. Every
check reads its rows in one query, whatever the number of records."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.models import Enterprise, Indicator, Measurement
from improvements.models import Improvement, ReviewStep
from improvements.plausibility import saving_warnings
from partners.access import scope_for
from partners.models import Partner, QualitySettings
from reporting.figures import share
from score_mis.bilingual import either
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
    record_key: tuple = ()

    @property
    def check_label(self):
        return CHECKS[self.check]


# A check lists this many findings of a partner, and says how many more there are.
FINDINGS_SHOWN = 25


@dataclass(frozen=True)
class CheckFindings:
    label: str
    shown: list
    count: int

    @property
    def more(self):
        return self.count - len(self.shown)


@dataclass
class PartnerQuality:
    partner: Partner | None
    records: int = 0
    findings: list = field(default_factory=list)

    @property
    def flagged_records(self):
        return len({finding.record_key for finding in self.findings})

    @property
    def score(self):
        """Percent of the partner's records without a finding."""
        if not self.records:
            return 100
        return max(0, round(100 * (1 - self.flagged_records / self.records)))

    @property
    def by_check(self):
        grouped = defaultdict(list)
        for finding in self.findings:
            grouped[finding.check].append(finding)
        return [
            CheckFindings(CHECKS[check], grouped[check][:FINDINGS_SHOWN], len(grouped[check]))
            for check in CHECKS
            if grouped[check]
        ]


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


def may_see_data_quality(user):
    """ILO staff (every partner) and partner users (their partners); committee members read no raw records."""
    scope = scope_for(user)
    return scope.sees_everything or scope.is_partner_user


def _day(value):
    return date_format(value, "Y-m-d")


class QualityReport:
    """The findings in what `user` may see (with `for_reports`, what their reports count), as of `today`."""

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

    # The records each check reads, and who owns them.

    def _enterprises(self):
        return self._scoped(Enterprise.objects.all())

    def _rounds(self):
        return self._scoped(TrainingRound.objects.all())

    def _improvements(self):
        return self._scoped(Improvement.objects.all())

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

    def findings(self):
        return [
            *self._no_baseline(),
            *self._follow_up_findings(),
            *self._round_findings(),
            *self._enrollment_findings(),
            *self._review_findings(),
            *self._outliers(),
            *self._implausible_savings(),
        ]

    def _enterprise_url(self, pk):
        return reverse("enterprises:enterprise_detail", args=[pk])

    def _no_baseline(self):
        baseline = Measurement.objects.filter(enterprise_id=OuterRef("pk"), stage=Measurement.Stage.BASELINE)
        enterprises = (
            self._enterprises()
            .filter(enrollments__isnull=False)
            .exclude(Exists(baseline))
            .distinct()
            .values_list("pk", "name_en", "name_zh_hans", "recruited_by_id")
        )
        return [
            Finding(
                "no_baseline",
                self.partner_seen(partner_id),
                either(name, name_zh),
                self._enterprise_url(pk),
                _("No baseline value of any indicator."),
                ("enterprise", pk),
            )
            for pk, name, name_zh, partner_id in enterprises
        ]

    def _follow_up_findings(self):
        findings = []
        for owed in self.follow_ups():
            if owed.done:
                continue
            overdue = owed.due + FOLLOW_UP_GRACE < self.today
            findings.append(
                Finding(
                    "follow_up_overdue" if overdue else "follow_up_due",
                    owed.partner_id,
                    either(owed.enterprise, owed.enterprise_zh),
                    self._enterprise_url(owed.enterprise_id),
                    _("%(months)s-month follow-up due on %(due)s.") % {"months": owed.months, "due": _day(owed.due)},
                    ("enterprise", owed.enterprise_id),
                )
            )
        return findings

    def _round_findings(self):
        attended = Attendance.objects.filter(activity__round_id=OuterRef("pk"))
        rounds = (
            self._rounds()
            .exclude(status=TrainingRound.Status.CANCELLED)
            .filter(starts_on__lte=self.today)
            .annotate(attended=Exists(attended))
            .filter(Q(attended=False) | Q(pk__in=self._rounds().overdue_to_close().values("pk")))
            .values_list("pk", "title_en", "title_zh_hans", "partner_id", "attended", "status", "ends_on")
        )
        findings = []
        for pk, title_en, title_zh_hans, partner_id, attended, status, ends_on in rounds:
            title = either(title_en, title_zh_hans)
            url = reverse("trainings:round_detail", args=[pk])
            key = ("round", pk)
            if status in OPEN_STATUSES and ends_on and ends_on < self.today:
                detail = _("Ended on %(date)s and not marked completed.") % {"date": _day(ends_on)}
                findings.append(Finding("round_overdue", self.partner_seen(partner_id), title, url, detail, key))
            if not attended:
                detail = _("No workshop day or visit with attendance recorded.")
                findings.append(Finding("round_no_attendance", self.partner_seen(partner_id), title, url, detail, key))
        return findings

    def _enrollment_findings(self):
        enrollments = (
            self._scoped(Enrollment.objects.all())
            .filter(round__status=TrainingRound.Status.COMPLETED, completed_on__isnull=True)
            .exclude(status=Enrollment.Status.WITHDRAWN)
            .values_list(
                "pk",
                "enterprise__name_en",
                "enterprise__name_zh_hans",
                "round_id",
                "round__title_en",
                "round__title_zh_hans",
                "round__partner_id",
            )
        )
        return [
            Finding(
                "enrollment_no_completion",
                self.partner_seen(partner_id),
                f"{either(name, name_zh)} – {either(title_en, title_zh_hans)}",
                reverse("trainings:enrollment_update", args=[pk]),
                _("The round is completed; the enterprise has no completion date."),
                ("round", round_id),
            )
            for pk, name, name_zh, round_id, title_en, title_zh_hans, partner_id in enrollments
        ]

    def _review_findings(self):
        waiting_since = self.today - timedelta(days=self.settings.review_wait_days)
        improvements = (
            self._improvements()
            .filter(status=Improvement.Status.SUBMITTED)
            .annotate(
                sent=Max(
                    "review_steps__at",
                    filter=Q(review_steps__action__in=[ReviewStep.Action.SUBMIT, ReviewStep.Action.RESUBMIT]),
                )
            )
            .filter(sent__date__lt=waiting_since)
            .values_list("pk", "title_en", "title_zh_hans", "enterprise__recruited_by_id", "sent")
        )
        return [
            Finding(
                "review_waiting",
                self.partner_seen(partner_id),
                either(title_en, title_zh_hans),
                reverse("improvements:improvement_detail", args=[pk]),
                _("Sent for review on %(date)s.") % {"date": _day(timezone.localtime(sent).date())},
                ("improvement", pk),
            )
            for pk, title_en, title_zh_hans, partner_id, sent in improvements
        ]

    def _outliers(self):
        """Values far from their indicator's distribution (all enterprises), by the robust z-score."""
        values = defaultdict(list)
        rows = Measurement.objects.filter(indicator__kind=Indicator.Kind.NUMERIC).values_list("indicator_id", "value")
        for indicator_id, value in rows:
            values[indicator_id].append(float(value))
        centres = {}
        for indicator_id, numbers in values.items():
            if len(numbers) < OUTLIER_MIN_VALUES:
                continue
            median = statistics.median(numbers)
            mad = statistics.median(abs(number - median) for number in numbers)
            if mad:
                centres[indicator_id] = (median, mad)
        limit = float(self.settings.outlier_z)
        measurements = (
            self._scoped(Measurement.objects.all())
            .filter(indicator_id__in=list(centres))
            .select_related("indicator", "enterprise")
            .order_by("enterprise__name", "indicator__name", "period_start")
        )
        findings = []
        for measurement in measurements:
            median, mad = centres[measurement.indicator_id]
            score = MAD_SCALE * (float(measurement.value) - median) / mad
            if abs(score) > limit:
                findings.append(
                    Finding(
                        "outlier",
                        self.partner_seen(measurement.enterprise.recruited_by_id),
                        f"{measurement.enterprise.display_name}: {measurement.indicator}",
                        reverse("enterprises:measurement_update", args=[measurement.pk]),
                        _("%(value)s against a median of %(median)s (robust z-score %(score).1f).")
                        % {"value": measurement.value, "median": f"{median:g}", "score": score},
                        ("enterprise", measurement.enterprise_id),
                    )
                )
        return findings

    def _implausible_savings(self):
        improvements = (
            self._improvements()
            .exclude(annual_saving_rmb__isnull=True)
            .exclude(annual_saving_rmb=0)
            .exclude(status=Improvement.Status.DRAFT)
            .select_related("enterprise")
        )
        return [
            Finding(
                "implausible_saving",
                self.partner_seen(improvement.enterprise.recruited_by_id),
                improvement.display_title,
                improvement.get_absolute_url(),
                " ".join(warnings),
                ("improvement", improvement.pk),
            )
            for improvement in improvements
            if (warnings := saving_warnings(improvement))
        ]

    def _record_counts(self):
        counts = defaultdict(int)
        for partner_id in self._rounds().values_list("partner_id", flat=True):
            counts[self.partner_seen(partner_id)] += 1
        for partner_id in self._enterprises().values_list("recruited_by_id", flat=True):
            counts[self.partner_seen(partner_id)] += 1
        for partner_id in self._improvements().values_list("enterprise__recruited_by_id", flat=True):
            counts[self.partner_seen(partner_id)] += 1
        return counts

    def by_partner(self):
        """One row per partner with records or findings (records no partner of the user owns under None)."""
        rows = {}
        for partner_id, count in self._record_counts().items():
            rows.setdefault(partner_id, PartnerQuality(self.partners.get(partner_id))).records = count
        for finding in self.findings():
            rows.setdefault(finding.partner_id, PartnerQuality(self.partners.get(finding.partner_id)))
            rows[finding.partner_id].findings.append(finding)
        return sorted(rows.values(), key=lambda row: (row.partner is None, row.partner.name if row.partner else ""))


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


# A date `months` months after `ended`, the day kept or, past the month's end, its last day (as relativedelta);
# the year and quarter of `due`; the day `days` before it.
_DATE_SQL = {
    "postgresql": {
        "add_months": "(f.ended + make_interval(months => o.months))::date",
        "year": "EXTRACT(YEAR FROM d.due)::integer",
        "quarter": "EXTRACT(QUARTER FROM d.due)::integer",
        "days_before": "d.due - %s",
    },
    "sqlite": {
        "add_months": (
            "min(date(f.ended, 'start of month', '+' || o.months || ' months', "
            "'+' || (CAST(strftime('%%d', f.ended) AS integer) - 1) || ' days'), "
            "date(f.ended, 'start of month', '+' || (o.months + 1) || ' months', '-1 day'))"
        ),
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
    sql = f"""
        SELECT d.partner_id, {dates["year"]}, {dates["quarter"]}, COUNT(*),
               SUM(CASE WHEN d.latest >= {dates["days_before"]} THEN 1 ELSE 0 END)
        FROM (
            SELECT f.partner_id, m.latest, {dates["add_months"]} AS due
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
    for finding in QualityReport(user).findings():
        counts[finding.check] += 1
    return {check: counts[check] for check in CHECKS if counts[check]}
