"""Programme figures for a period, counted over the rows a user's reports may include.

`ProgrammeFigures` gathers; templates and the XLSX/PDF renderers only present. Every section is a
cached property built from a fixed number of aggregate queries, whatever the amount of data.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, ImprovementTeam, Indicator, MeasurementSeries
from improvements.models import Improvement, ImprovementDay, Photo
from partners.access import scope_for, with_branches
from partners.models import Agreement, City, Partner
from score_mis.regroup import regrouped
from score_mis.wording import sorted_for_reader
from trainings.models import (
    Activity,
    Attendance,
    Certification,
    Enrollment,
    Event,
    Module,
    Sex,
    Trainer,
    TrainingRound,
)
from trainings.querysets import PARTICIPANT_COUNTS, SexRoleTotals
from trainings.upcoming import upcoming_activities

LATEST_IMPROVEMENTS = 6
MOST_AT_ONE_ACTIVITY = {key: Max(key) for key in PARTICIPANT_COUNTS}
# Medians of changes between values of two decimals have three at most.
MEDIAN_PLACES = Decimal("0.001")


def share(part, whole):
    """`part` as a percentage of `whole`, one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(float(part) * 100 / float(whole), 1)


def months_between(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class ReportFilters:
    start: datetime.date
    end: datetime.date
    partner: Partner | None = None
    city: City | None = None
    module: Module | None = None

    def previous(self):
        """The period of the same length that ends the day before this one starts."""
        end = self.start - datetime.timedelta(days=1)
        return replace(self, start=end - (self.end - self.start), end=end)


@dataclass
class TrainerLevel:
    level: str
    label: str
    female: int = 0
    male: int = 0

    @property
    def total(self):
        return self.female + self.male


@dataclass
class Headline:
    active_partners: int
    agreements_in_force: int
    rounds_by_status: dict
    enterprises: int
    workers: int
    female_workers: int
    participants: SexRoleTotals
    trainer_levels: list
    newly_certified_female: int
    newly_certified_male: int
    improvement_teams: int
    team_members: int
    female_team_members: int
    verified_improvements: int
    annual_savings_rmb: Decimal
    cost_total: Decimal
    cost_non_ilo: Decimal

    @property
    def rounds(self):
        return sum(self.rounds_by_status.values())

    @property
    def female_worker_share(self):
        return share(self.female_workers, self.workers)

    @property
    def trainers(self):
        return sum(level.total for level in self.trainer_levels)

    @property
    def female_trainers(self):
        return sum(level.female for level in self.trainer_levels)

    @property
    def male_trainers(self):
        return sum(level.male for level in self.trainer_levels)

    @property
    def female_trainer_share(self):
        return share(self.female_trainers, self.trainers)

    @property
    def female_team_share(self):
        return share(self.female_team_members, self.team_members)

    @property
    def cost_recovery(self):
        return share(self.cost_non_ilo, self.cost_total)

    def rows(self):
        """(key, label, value) for each headline figure, in the order reports show them."""
        return [
            ("active_partners", _("Partners with activity in the period"), self.active_partners),
            ("agreements_in_force", _("Agreements in force at the end of the period"), self.agreements_in_force),
            ("rounds", _("Training rounds running"), self.rounds),
            ("enterprises", _("Enterprises enrolled"), self.enterprises),
            ("workers", _("Workers in these enterprises"), self.workers),
            ("female_worker_share", _("Women among these workers (%)"), self.female_worker_share),
            ("participants", _("Participants trained"), self.participants.total),
            ("female_participant_share", _("Women among participants (%)"), self.participants.female_share),
            ("trainers", _("Trainers"), self.trainers),
            ("female_trainer_share", _("Women among trainers (%)"), self.female_trainer_share),
            ("improvement_teams", _("Enterprise improvement teams"), self.improvement_teams),
            ("female_team_share", _("Women in improvement teams (%)"), self.female_team_share),
            ("verified_improvements", _("Verified improvements"), self.verified_improvements),
            ("annual_savings_rmb", _("Annual savings of verified improvements (RMB)"), self.annual_savings_rmb),
            ("cost_recovery", _("Training cost paid from non-ILO money (%)"), self.cost_recovery),
        ]


@dataclass
class BreakdownRow:
    key: int
    label: str
    rounds: int = 0
    enterprises: int = 0
    participants: int = 0
    female_participants: int = 0
    verified_improvements: int | None = None
    annual_savings_rmb: Decimal | None = None


@dataclass
class MonthRow:
    month: datetime.date
    participants: int = 0
    rounds_started: int = 0


@dataclass
class ImprovementResult:
    improvement: Improvement
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)


@dataclass
class IndicatorResult:
    indicator: Indicator
    baseline_enterprises: int
    follow_up_enterprises: int
    reporting_rate: float | None
    paired_enterprises: int
    median_change: Decimal | None
    improved_enterprises: int


class ProgrammeFigures:
    """What happened in a period, in the part of the programme `user` may report on."""

    def __init__(self, user, filters):
        self.user = user
        self.filters = filters

    # Row sets ------------------------------------------------------------------------------

    def scoped(self, queryset, *, city=None, module=None):
        """`queryset` narrowed to the user's reportable rows and to the chosen partner, city and module.

        `city`/`module` name the lookup from the model to a city/module, or are functions of the
        city/module returning a Q for models reached through a many-valued relation.
        """
        queryset = queryset.reportable_by(self.user)
        filters = self.filters
        if filters.partner is not None:
            queryset = queryset.for_partners(self.partner_ids)
        for lookup, value in ((city, filters.city), (module, filters.module)):
            if lookup is None or value is None:
                continue
            queryset = queryset.filter(lookup(value) if callable(lookup) else Q(**{lookup: value}))
        return queryset

    @cached_property
    def partner_ids(self):
        """The chosen partner with its branches and members, as access rules cover them."""
        return with_branches({self.filters.partner.pk})

    def _running(self, prefix=""):
        """Rounds that run at some point of the period (a round without an end date still runs)."""
        return Q(**{f"{prefix}starts_on__lte": self.filters.end}) & ~Q(**{f"{prefix}ends_on__lt": self.filters.start})

    @cached_property
    def rounds(self):
        return self.scoped(TrainingRound.objects, city="city", module="module").filter(self._running())

    @cached_property
    def enrollments(self):
        return (
            self.scoped(Enrollment.objects, city="round__city", module="round__module")
            .filter(self._running("round__"))
            .exclude(round__status=TrainingRound.Status.CANCELLED)
            .exclude(status=Enrollment.Status.WITHDRAWN)
        )

    @cached_property
    def enterprises(self):
        """Enterprises enrolled in a round that runs in the period."""
        return Enterprise.objects.filter(pk__in=self.enrollments.values("enterprise_id"))

    @cached_property
    def verified_improvements(self):
        return self.scoped(Improvement.objects, city="enterprise__city", module="module").filter(
            status=Improvement.Status.VERIFIED,
            implemented_on__range=(self.filters.start, self.filters.end),
        )

    @cached_property
    def verified_improvement_days(self):
        """The summary rows of the verified improvements of the period (programme-wide readers only)."""
        days = ImprovementDay.objects.reportable_by(self.user).filter(
            status=Improvement.Status.VERIFIED, day__range=(self.filters.start, self.filters.end)
        )
        for name in ("city", "module"):
            if getattr(self.filters, name) is not None:
                days = days.filter(**{name: getattr(self.filters, name)})
        return days

    # Labels ------------------------------------------------------------------------------

    @cached_property
    def modules(self):
        return {module.pk: module for module in Module.objects.all()}

    @cached_property
    def cities(self):
        return {city.pk: city for city in City.objects.all()}

    # Headline ------------------------------------------------------------------------------

    @cached_property
    def _round_groups(self):
        return list(
            self.rounds.order_by()
            .values("status", "module_id", "city_id", "partner_id")
            .annotate(count=Count("pk"), cost_total=Sum("cost_total"), cost_non_ilo=Sum("cost_non_ilo"))
        )

    def _attendance(self):
        """Attendance at the activities of the period."""
        return self.scoped(Attendance.objects, city="activity__round__city", module="activity__round__module").filter(
            activity__date__range=(self.filters.start, self.filters.end)
        )

    @cached_property
    def _participant_groups(self):
        """Participants by the module, city and partner of their round: per round and enterprise, the most people of
        each sex and role at any one activity in the period, summed in the database.

        An enterprise sends the same people to every day of a workshop and to the factory visits, so
        the largest attendance counts each person once per round."""
        keys = ["activity__round__module_id", "activity__round__city_id", "activity__round__partner_id"]
        per_round_and_enterprise = (
            self._attendance().order_by().values("activity__round_id", "enterprise_id", *keys)
        ).annotate(**MOST_AT_ONE_ACTIVITY)
        return regrouped(per_round_and_enterprise, keys, PARTICIPANT_COUNTS)

    @cached_property
    def participant_enterprises(self):
        """How many enterprises sent people to an activity of the period."""
        return self._attendance().order_by().values("enterprise_id").distinct().count()

    @cached_property
    def participants(self):
        total = SexRoleTotals()
        for row in self._participant_groups:
            total.add(row)
        return total

    @cached_property
    def trainers(self):
        return self.scoped(
            Trainer.objects,
            city=lambda city: Q(pk__in=Activity.objects.filter(round__city=city).values("trainers")),
            module=lambda module: Q(pk__in=Certification.objects.filter(module=module).values("trainer_id")),
        )

    @cached_property
    def trainer_levels(self):
        levels = {level: TrainerLevel(level, label) for level, label in Trainer.Level.choices}
        for row in self.trainers.order_by().values("level", "sex").annotate(count=Count("pk")):
            setattr(levels[row["level"]], "female" if row["sex"] == Sex.FEMALE else "male", row["count"])
        return list(levels.values())

    @cached_property
    def newly_certified(self):
        """Trainers certified on a module in the period, by sex."""
        by_sex = dict(
            Certification.objects.filter(
                trainer__in=self.trainers.values("pk"),
                status=Certification.Status.CERTIFIED,
                certified_on__range=(self.filters.start, self.filters.end),
            )
            .order_by()
            .values("trainer__sex")
            .annotate(count=Count("trainer_id", distinct=True))
            .values_list("trainer__sex", "count")
        )
        return by_sex.get(Sex.FEMALE, 0), by_sex.get(Sex.MALE, 0)

    @cached_property
    def reads_summaries(self):
        """Programme-wide figures add up the summary tables; a partner's share is counted from its own records
        (an enterprise belongs to several partners, so per-partner sums would count it more than once)."""
        return scope_for(self.user).reads_programme_wide and self.filters.partner is None

    @cached_property
    def _improvement_groups(self):
        """Verified improvements of the period by module and city: how many, and their annual savings."""
        if not self.reads_summaries:
            return list(
                self.verified_improvements.order_by()
                .values("module_id", "enterprise__city_id")
                .annotate(count=Count("pk"), savings=Sum("annual_saving_rmb"))
            )
        days = self.verified_improvement_days.order_by().values("module_id", "city_id")
        return [
            {"module_id": row["module_id"], "enterprise__city_id": row["city_id"], **row}
            for row in days.annotate(count=Sum("improvements"), savings=Sum("annual_saving_rmb"))
        ]

    @cached_property
    def headline(self):
        filters = self.filters
        rounds_by_status = dict.fromkeys(TrainingRound.Status.values, 0)
        cost_total = cost_non_ilo = Decimal(0)
        for group in self._round_groups:
            rounds_by_status[group["status"]] += group["count"]
            cost_total += group["cost_total"] or 0
            cost_non_ilo += group["cost_non_ilo"] or 0
        enterprises = self.enterprises.aggregate(
            count=Count("pk"), workers=Sum("workforce_total"), female=Sum("workforce_female")
        )
        teams = ImprovementTeam.objects.filter(
            enterprise__in=self.enterprises.values("pk"), established_on__lte=filters.end
        ).aggregate(
            count=Count("pk"),
            female_managers=Sum("female_managers"),
            male_managers=Sum("male_managers"),
            female_workers=Sum("female_workers"),
            male_workers=Sum("male_workers"),
        )
        female_team = (teams["female_managers"] or 0) + (teams["female_workers"] or 0)
        newly_female, newly_male = self.newly_certified
        return Headline(
            active_partners=self.active_partners.count(),
            agreements_in_force=self.scoped(Agreement.objects, city="partner__city").in_force_on(filters.end).count(),
            rounds_by_status=rounds_by_status,
            enterprises=enterprises["count"],
            workers=enterprises["workers"] or 0,
            female_workers=enterprises["female"] or 0,
            participants=self.participants,
            trainer_levels=self.trainer_levels,
            newly_certified_female=newly_female,
            newly_certified_male=newly_male,
            improvement_teams=teams["count"],
            team_members=female_team + (teams["male_managers"] or 0) + (teams["male_workers"] or 0),
            female_team_members=female_team,
            verified_improvements=sum(group["count"] for group in self._improvement_groups),
            annual_savings_rmb=sum((group["savings"] or 0 for group in self._improvement_groups), Decimal(0)),
            cost_total=cost_total,
            cost_non_ilo=cost_non_ilo,
        )

    @cached_property
    def active_partners(self):
        """Partners with activity in the period: a round held (not just planned), an agreement signed, an event."""
        period = (self.filters.start, self.filters.end)
        held = self.rounds.exclude(status__in=[TrainingRound.Status.PLANNED, TrainingRound.Status.CANCELLED])
        signed = self.scoped(Agreement.objects, city="partner__city").filter(signed_on__range=period)
        events = self.scoped(Event.objects, city="city").filter(starts_on__range=period)
        return self.scoped(Partner.objects).filter(
            Q(pk__in=held.values("partner_id"))
            | Q(pk__in=signed.values("partner_id"))
            | Q(pk__in=events.values("partners"))
        )

    def rounds_by_status_rows(self):
        counts = self.headline.rounds_by_status
        return [(label, counts[status]) for status, label in TrainingRound.Status.choices]

    # Breakdowns ----------------------------------------------------------------------------

    def _breakdown(self, dimension, labels, *, with_improvements):
        rows = {}

        def row(key):
            if key not in rows:
                rows[key] = BreakdownRow(key=key, label=labels.get(key, ""))
                if with_improvements:
                    rows[key].verified_improvements = 0
                    rows[key].annual_savings_rmb = Decimal(0)
            return rows[key]

        for group in self._round_groups:
            row(group[f"{dimension}_id"]).rounds += group["count"]
        enterprises = (
            self.enrollments.order_by()
            .values(f"round__{dimension}_id")
            .annotate(count=Count("enterprise_id", distinct=True))
        )
        for group in enterprises:
            row(group[f"round__{dimension}_id"]).enterprises = group["count"]
        for participant in self._participant_groups:
            target = row(participant[f"activity__round__{dimension}_id"])
            target.participants += sum(participant[key] for key in PARTICIPANT_COUNTS)
            target.female_participants += participant["female_managers"] + participant["female_workers"]
        if with_improvements:
            lookup = "module_id" if dimension == "module" else "enterprise__city_id"
            for group in self._improvement_groups:
                target = row(group[lookup])
                target.verified_improvements += group["count"]
                target.annual_savings_rmb += group["savings"] or 0
        return list(rows.values())

    @cached_property
    def by_module(self):
        labels = {pk: module.display_label for pk, module in self.modules.items()}
        rows = self._breakdown("module", labels, with_improvements=True)
        return sorted(rows, key=lambda row: self.modules[row.key].number)

    @cached_property
    def by_city(self):
        labels = {pk: city.display_name for pk, city in self.cities.items()}
        rows = self._breakdown("city", labels, with_improvements=True)
        return sorted_for_reader(rows, key=lambda row: row.label)

    @cached_property
    def by_partner(self):
        partner_ids = {group["partner_id"] for group in self._round_groups} | {
            row["activity__round__partner_id"] for row in self._participant_groups
        }
        labels = Partner.objects.for_partners(partner_ids).display_names()
        rows = self._breakdown("partner", labels, with_improvements=False)
        return sorted_for_reader(rows, key=lambda row: row.label)

    # Trend ---------------------------------------------------------------------------------

    @cached_property
    def monthly_trend(self):
        filters = self.filters
        months = {month: MonthRow(month) for month in months_between(filters.start, filters.end)}
        per_month_round_and_enterprise = (
            self._attendance()
            .annotate(month=TruncMonth("activity__date"))
            .order_by()
            .values("month", "activity__round_id", "enterprise_id")
            .annotate(**MOST_AT_ONE_ACTIVITY)
        )
        for row in regrouped(per_month_round_and_enterprise, ["month"], PARTICIPANT_COUNTS):
            months[row["month"]].participants += sum(row[key] for key in PARTICIPANT_COUNTS)
        started = (
            self.rounds.filter(starts_on__gte=filters.start)
            .annotate(month=TruncMonth("starts_on"))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
        )
        for row in started:
            months[row["month"]].rounds_started = row["count"]
        return list(months.values())

    # Upcoming ------------------------------------------------------------------------------

    def upcoming(self, after, days):
        """Rounds, workshops and events in the `days` days after `after`, in date order."""
        return upcoming_activities(
            rounds=self.scoped(TrainingRound.objects, city="city", module="module"),
            events=self.scoped(Event.objects, city="city"),
            activities=self.scoped(Activity.objects, city="round__city", module="round__module"),
            after=after,
            days=days,
        )

    # Improvements --------------------------------------------------------------------------

    def improvement_results(self, limit):
        """Verified improvements of the period, those with photos first, then the latest verified."""
        photographed = Exists(Photo.objects.filter(improvement=OuterRef("pk")))
        latest = self.verified_improvements.select_related("enterprise__city", "module", "category").order_by(
            "-verified_at", "pk"
        )
        if scope_for(self.user).reads_programme_wide and self.filters.partner is None:
            # Two walks of the (status, verified_at, id) index that stop at `limit` rows, instead of sorting every
            # verified improvement of the period by whether it has photos. Not for a partner's share: PostgreSQL
            # then joins each row of the walk to the partner's enterprises one by one (minutes at 240,000).
            improvements = [*latest.filter(photographed)[:limit], *latest.filter(~photographed)[:limit]][:limit]
        else:
            improvements = list(
                latest.alias(has_photos=photographed).order_by("-has_photos", "-verified_at", "pk")[:limit]
            )
        prefetch_related_objects(improvements, Prefetch("photos", queryset=Photo.objects.order_by("pk")))
        results = []
        for improvement in improvements:
            result = ImprovementResult(improvement)
            for photo in improvement.photos.all():
                (result.before if photo.stage == Photo.Stage.BEFORE else result.after).append(photo)
            results.append(result)
        return results

    @cached_property
    def latest_improvements(self):
        return self.improvement_results(LATEST_IMPROVEMENTS)

    # Indicators ----------------------------------------------------------------------------

    @cached_property
    def indicator_results(self):
        """Per indicator: enterprises (of those enrolled) that reported a baseline and a follow-up,
        and the median change from each enterprise's first baseline to its latest follow-up, counted in the
        database."""
        series = MeasurementSeries.objects.reportable_by(self.user).filter(enterprise__in=self.enterprises.values("pk"))
        paired = Q(baseline_value__isnull=False, follow_up_value__isnull=False)
        counts = {
            "baseline": Count("baseline_value"),
            "follow_up": Count("follow_up_value"),
            "paired": Count("pk", filter=paired),
            "higher": Count("pk", filter=paired & Q(follow_up_value__gt=F("baseline_value"))),
            "lower": Count("pk", filter=paired & Q(follow_up_value__lt=F("baseline_value"))),
        }
        if connection.vendor == "postgresql":
            counts["median"] = Median(F("follow_up_value") - F("baseline_value"))  # the change, baseline to follow-up
        rows = {row["indicator_id"]: row for row in series.order_by().values("indicator_id").annotate(**counts)}
        if connection.vendor == "postgresql":
            medians = {pk: row["median"] for pk, row in rows.items()}
        else:
            medians = _medians_in_python(series.filter(paired))
        enrolled = self.headline.enterprises
        results = []
        for indicator in Indicator.objects.filter(pk__in=list(rows)):
            row = rows[indicator.pk]
            median = medians.get(indicator.pk)
            results.append(
                IndicatorResult(
                    indicator=indicator,
                    baseline_enterprises=row["baseline"],
                    follow_up_enterprises=row["follow_up"],
                    reporting_rate=share(row["follow_up"], enrolled),
                    paired_enterprises=row["paired"],
                    median_change=None if median is None else Decimal(str(median)).quantize(MEDIAN_PLACES),
                    improved_enterprises={
                        Indicator.Direction.HIGHER: row["higher"],
                        Indicator.Direction.LOWER: row["lower"],
                    }.get(indicator.better, 0),
                )
            )
        return results


class Median(Aggregate):
    """PostgreSQL: the median of `expression`."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _medians_in_python(paired_series):
    """SQLite (the embedded database, small data) has no median: {indicator id: median change}."""
    changes = defaultdict(list)
    for indicator_id, baseline, follow_up in paired_series.values_list(
        "indicator_id", "baseline_value", "follow_up_value"
    ):
        changes[indicator_id].append(Decimal(follow_up) - Decimal(baseline))
    return {indicator_id: statistics.median(values) for indicator_id, values in changes.items()}
