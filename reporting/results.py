"""The fixed registry of computed actuals: every result indicator that is "computed" names one of these.

Each computation reads the records of one period that a user's reports may count (the same scoping
and filters as `ProgrammeFigures`, which it reuses) and returns a `Measure`: the value, the number of
enterprises it rests on, a sentence saying how it was counted, and where the records behind it are
listed. Every computation runs a fixed number of aggregate queries, whatever the amount of data.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, F, Min, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from enterprises.models import Enterprise, ImprovementTeam, Measurement
from partners.models import Agreement, Partner
from reporting.figures import ProgrammeFigures, share
from trainings.models import Activity, Certification, Sex, Trainer, TrainingRound

# An enterprise "reports" (SCORE's "any basic reporting") once it has given a follow-up value of each of
# these indicators for a period after its first round started.
CORE_INDICATORS = ("employees", "jobs-created", "jobs-lost")
JOBS = ("jobs-created", "jobs-lost")
CASUAL_WORKERS = ("casual-workers-added", "casual-workers-lost")
HELD = (TrainingRound.Status.ONGOING, TrainingRound.Status.COMPLETED)
COUNT, PERCENTAGE, MONEY, SCORE = "count", "percentage", "money", "score"
KIND_LABELS = {
    COUNT: gettext_lazy("count"),
    PERCENTAGE: gettext_lazy("percentage"),
    MONEY: gettext_lazy("sum of money"),
    SCORE: gettext_lazy("average score"),
}


@dataclass
class Measure:
    """A computed actual and how it came about."""

    value: Decimal | int | float | None
    counted: str
    enterprises: int | None = None
    records_url: str = ""
    respondents: int | None = None
    female: int | None = None
    male: int | None = None
    managers: int | None = None
    workers: int | None = None
    breakdown: list = field(default_factory=list)

    @property
    def female_share(self):
        if self.female is None or self.male is None:
            return None
        return share(self.female, self.female + self.male)


@dataclass(frozen=True)
class Computation:
    key: str
    label: str
    kind: str
    function: object

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def __call__(self, data):
        return self.function(data)


COMPUTATIONS = {}


def computation(key, label, kind):
    def register(function):
        COMPUTATIONS[key] = Computation(key, label, kind, function)
        return function

    return register


def computation_choices():
    return [(key, item.label) for key, item in COMPUTATIONS.items()]


class ResultsData:
    """The records of one period for one user, read once and shared by the computations."""

    def __init__(self, user, filters):
        self.user = user
        self.filters = filters
        self.figures = ProgrammeFigures(user, filters)

    def link(self, name, **params):
        params = {key: value for key, value in params.items() if value not in (None, "")}
        filters = self.filters
        if filters.partner is not None:
            params["partner"] = filters.partner.pk
        if filters.city is not None:
            params["city"] = filters.city.pk
        return f"{reverse(name)}?{urlencode(params)}"

    def period_link(self, name):
        return self.link(name, running_from=self.filters.start.isoformat(), running_until=self.filters.end.isoformat())

    @cached_property
    def held_rounds(self):
        return self.figures.rounds.filter(status__in=HELD)

    @cached_property
    def trained_enrollments(self):
        return self.figures.enrollments.filter(round__status__in=HELD, round__kind=TrainingRound.Kind.TOE)

    @cached_property
    def trained_enterprises(self):
        return Enterprise.objects.filter(pk__in=self.trained_enrollments.values("enterprise_id"))

    @cached_property
    def trained_count(self):
        return self.trained_enterprises.count()

    @cached_property
    def round_costs(self):
        rows = list(
            self.held_rounds.order_by()
            .values("partner_id")
            .annotate(rounds=Count("pk"), total=Sum("cost_total"), non_ilo=Sum("cost_non_ilo"))
        )
        labels = Partner.objects.for_partners([row["partner_id"] for row in rows]).display_names()
        for row in rows:
            row["label"] = labels.get(row["partner_id"], "")
        return sorted(rows, key=lambda row: row["label"])

    def trainers_by_sex(self, trainers):
        counts = dict(
            trainers.order_by().values("sex").annotate(count=Count("pk", distinct=True)).values_list("sex", "count")
        )
        return counts.get(Sex.FEMALE, 0), counts.get(Sex.MALE, 0)

    def certified_by_end(self, *levels):
        """Trainers at `levels` with a certification in force at the end of the period (a lapsed one does not count)."""
        certified = Certification.objects.in_force(self.filters.end).values("trainer_id")
        return self.figures.trainers.filter(level__in=levels, pk__in=certified)

    @cached_property
    def jobs(self):
        """{indicator code: (sum, enterprises)} of follow-up jobs created and lost and casual workers added and lost
        in periods ending in the period, plus "any": the enterprises that reported jobs created or lost."""
        measurements = (
            self.figures.scoped(Measurement.objects, city="enterprise__city")
            .filter(
                stage=Measurement.Stage.FOLLOW_UP,
                indicator__code__in=(*JOBS, *CASUAL_WORKERS),
                period_end__range=(self.filters.start, self.filters.end),
            )
            .order_by()
        )
        sums = {
            row["indicator__code"]: (row["total"], row["enterprises"])
            for row in measurements.values("indicator__code").annotate(
                total=Sum("value"), enterprises=Count("enterprise_id", distinct=True)
            )
        }
        sums["any"] = (
            None,
            measurements.filter(indicator__code__in=JOBS).aggregate(count=Count("enterprise_id", distinct=True))[
                "count"
            ],
        )
        return sums

    @cached_property
    def satisfaction(self):
        """Respondents, the sum of their ratings and the activities rated, of the activities held in the period."""
        rated = self.figures.scoped(Activity.objects, city="round__city", module="round__module").filter(
            round__status__in=HELD,
            date__range=(self.filters.start, self.filters.end),
            satisfaction_respondents__isnull=False,
        )
        return rated.aggregate(
            respondents=Sum("satisfaction_respondents", default=0),
            ratings=Sum(F("satisfaction_average") * F("satisfaction_respondents"), default=Decimal(0)),
            activities=Count("pk"),
        )

    @cached_property
    def savings(self):
        return self.figures.verified_improvements.filter(annual_saving_rmb__isnull=False).aggregate(
            total=Sum("annual_saving_rmb", default=Decimal(0)),
            improvements=Count("pk"),
            enterprises=Count("enterprise_id", distinct=True),
        )

    @cached_property
    def teams(self):
        return ImprovementTeam.objects.filter(
            enterprise__in=self.trained_enterprises.values("pk"), established_on__lte=self.filters.end
        ).aggregate(
            count=Count("pk"),
            female_managers=Sum("female_managers", default=0),
            male_managers=Sum("male_managers", default=0),
            female_workers=Sum("female_workers", default=0),
            male_workers=Sum("male_workers", default=0),
        )

    @cached_property
    def reporting_enterprises(self):
        first_start = (
            self.trained_enrollments.filter(enterprise=OuterRef("pk"))
            .order_by()
            .values("enterprise")
            .annotate(first=Min("round__starts_on"))
            .values("first")
        )
        enterprises = self.trained_enterprises.annotate(first_start=Subquery(first_start))
        for code in CORE_INDICATORS:
            reported = Measurement.objects.filter(
                enterprise=OuterRef("pk"),
                indicator__code=code,
                stage=Measurement.Stage.FOLLOW_UP,
                period_start__gte=OuterRef("first_start"),
                period_start__lte=self.filters.end,
            )
            enterprises = enterprises.filter(Exists(reported))
        return enterprises.count()


@computation("enterprises_trained", gettext_lazy("Enterprises trained"), COUNT)
def enterprises_trained(data):
    count = data.trained_count
    return Measure(
        count,
        _(
            "Enterprises enrolled in a training round for enterprises (ToE) held (ongoing or completed) in the "
            "period, each counted once; withdrawn enrolments left out."
        ),
        enterprises=count,
        records_url=data.period_link("enterprises:enterprise_list"),
    )


@computation("participants", gettext_lazy("Participants trained"), COUNT)
def participants(data):
    people = data.figures.participants
    return Measure(
        people.total,
        _(
            "Managers and workers at workshops and factory visits in the period: for each enterprise and round, the "
            "largest attendance at any one activity, so that nobody is counted twice."
        ),
        enterprises=data.figures.participant_enterprises,
        records_url=data.period_link("trainings:round_list"),
        female=people.female,
        male=people.male,
        managers=people.managers,
        workers=people.workers,
    )


@computation("women_participant_share", gettext_lazy("Women among participants"), PERCENTAGE)
def women_participant_share(data):
    measure = participants(data)
    measure.value = measure.female_share
    measure.counted = _("Women as a share of the participants trained in the period (counted as for participants).")
    return measure


@computation("certified_trainers", gettext_lazy("Certified trainers (all levels above candidate)"), COUNT)
def certified_trainers(data):
    female, male = data.trainers_by_sex(data.certified_by_end(Trainer.Level.TRAINER, Trainer.Level.EXPERT))
    return Measure(
        female + male,
        _(
            "Certified SCORE trainers and expert trainers with a module certification in force at the end of the "
            "period (a lapsed certification does not count)."
        ),
        female=female,
        male=male,
    )


@computation("expert_trainers", gettext_lazy("Expert trainers"), COUNT)
def expert_trainers(data):
    female, male = data.trainers_by_sex(data.certified_by_end(Trainer.Level.EXPERT))
    return Measure(
        female + male,
        _("Trainers at the expert level with a module certification in force at the end of the period."),
        female=female,
        male=male,
    )


@computation("agency_staff_trained", gettext_lazy("Staff of implementing agencies trained"), COUNT)
def agency_staff_trained(data):
    tot_days = data.figures.scoped(Activity.objects, city="round__city", module="round__module").filter(
        round__kind=TrainingRound.Kind.TOT,
        round__status__in=HELD,
        date__range=(data.filters.start, data.filters.end),
    )
    trainees = Trainer.objects.filter(pk__in=tot_days.values("trainees_present"))
    female, male = data.trainers_by_sex(trainees)
    return Measure(
        female + male,
        _(
            "Trainees of training-of-trainers (ToT) rounds, staff of the partners that employ them, present on at "
            "least one day of the round in the period; each person counted once."
        ),
        records_url=data.link(
            "trainings:round_list",
            kind=TrainingRound.Kind.TOT,
            running_from=data.filters.start.isoformat(),
            running_until=data.filters.end.isoformat(),
        ),
        female=female,
        male=male,
    )


@computation("candidates_certified", gettext_lazy("Trainer candidates certified"), COUNT)
def candidates_certified(data):
    certified = Certification.objects.filter(
        status=Certification.Status.CERTIFIED, certified_on__range=(data.filters.start, data.filters.end)
    )
    female, male = data.trainers_by_sex(data.figures.trainers.filter(pk__in=certified.values("trainer_id")))
    return Measure(
        female + male,
        _("Trainers whom ILO staff certified on a module in the period, after an expert trainer recommended them."),
        records_url=data.link("trainings:trainer_list", stage=Trainer.Stage.CERTIFIED),
        female=female,
        male=male,
    )


@computation("agreements_signed", gettext_lazy("Agreements (MoUs) signed"), COUNT)
def agreements_signed(data):
    count = (
        data.figures.scoped(Agreement.objects, city="partner__city")
        .filter(signed_on__range=(data.filters.start, data.filters.end))
        .count()
    )
    return Measure(count, _("Memorandums of understanding and implementation agreements signed in the period."))


@computation("cost_share_non_ilo", gettext_lazy("Share of training cost paid from non-ILO money"), PERCENTAGE)
def cost_share_non_ilo(data):
    rows = data.round_costs
    total = sum((row["total"] or 0 for row in rows), Decimal(0))
    non_ilo = sum((row["non_ilo"] or 0 for row in rows), Decimal(0))
    rounds = sum(row["rounds"] for row in rows)
    return Measure(
        share(non_ilo, total),
        _(
            "Money from partners, enterprises and others (not the ILO) as a share of the total cost of the %(rounds)s "
            "held in the period: %(non_ilo)s of %(total)s RMB."
        )
        % {
            "rounds": ngettext("%(count)s round", "%(count)s rounds", rounds) % {"count": rounds},
            "non_ilo": f"{non_ilo:,.0f}",
            "total": f"{total:,.0f}",
        },
        records_url=data.period_link("trainings:round_list"),
        breakdown=[(row["label"], share(row["non_ilo"], row["total"])) for row in rows],
    )


@computation("paying_partners", gettext_lazy("Institutions paying for SCORE services"), COUNT)
def paying_partners(data):
    paying = [row for row in data.round_costs if row["non_ilo"]]
    return Measure(
        len(paying),
        _("Partners whose training rounds held in the period were paid in part or in full from non-ILO money."),
        records_url=data.period_link("trainings:round_list"),
        breakdown=[(row["label"], row["non_ilo"]) for row in paying],
    )


@computation("pilot_areas", gettext_lazy("Pilot areas (cities with training)"), COUNT)
def pilot_areas(data):
    cities = data.held_rounds.order_by().values("city_id").distinct().count()
    return Measure(
        cities,
        _("Cities where a training round was held (ongoing or completed) in the period."),
        records_url=data.period_link("trainings:round_list"),
    )


@computation("enterprises_reporting", gettext_lazy("Enterprises reporting results"), COUNT)
def enterprises_reporting(data):
    return Measure(
        data.reporting_enterprises,
        _(
            "Enterprises trained in the period that gave a follow-up value of each core indicator (employees, jobs "
            "created, jobs lost) for a period after their first round started."
        ),
        enterprises=data.trained_count,
        records_url=data.period_link("enterprises:enterprise_list"),
    )


@computation("reporting_rate", gettext_lazy("Reporting rate of enterprises trained"), PERCENTAGE)
def reporting_rate(data):
    measure = enterprises_reporting(data)
    measure.value = share(data.reporting_enterprises, data.trained_count)
    measure.counted = _("Enterprises reporting results (as counted for that indicator) as a share of those trained.")
    return measure


def _jobs_measure(data, value, enterprises, counted):
    return Measure(value, counted, enterprises=enterprises, records_url=data.period_link("enterprises:enterprise_list"))


@computation("jobs_created", gettext_lazy("Jobs created"), COUNT)
def jobs_created(data):
    total, enterprises = data.jobs.get("jobs-created", (Decimal(0), 0))
    return _jobs_measure(
        data, total, enterprises, _("Sum of the follow-up values of “jobs created” for periods ending in the period.")
    )


@computation("jobs_lost", gettext_lazy("Jobs lost"), COUNT)
def jobs_lost(data):
    total, enterprises = data.jobs.get("jobs-lost", (Decimal(0), 0))
    return _jobs_measure(
        data, total, enterprises, _("Sum of the follow-up values of “jobs lost” for periods ending in the period.")
    )


@computation("jobs_net", gettext_lazy("Jobs created less jobs lost"), COUNT)
def jobs_net(data):
    created = data.jobs.get("jobs-created", (Decimal(0), 0))[0]
    lost = data.jobs.get("jobs-lost", (Decimal(0), 0))[0]
    return _jobs_measure(
        data,
        created - lost,
        data.jobs["any"][1],
        _("Jobs created less jobs lost, both summed over the enterprises that reported either."),
    )


@computation("casual_workers_added", gettext_lazy("Casual workers added"), COUNT)
def casual_workers_added(data):
    total, enterprises = data.jobs.get("casual-workers-added", (Decimal(0), 0))
    return _jobs_measure(
        data,
        total,
        enterprises,
        _("Sum of the follow-up values of “casual workers added” for periods ending in the period."),
    )


@computation("casual_workers_lost", gettext_lazy("Casual workers lost"), COUNT)
def casual_workers_lost(data):
    total, enterprises = data.jobs.get("casual-workers-lost", (Decimal(0), 0))
    return _jobs_measure(
        data,
        total,
        enterprises,
        _("Sum of the follow-up values of “casual workers lost” for periods ending in the period."),
    )


SAVINGS_COUNTED = gettext_lazy(
    "Annual savings of the improvements verified by ILO staff and implemented in the period. Only verified "
    "improvements count, never the enterprises' own cost-savings figures, so no saving is counted twice."
)


@computation("verified_savings", gettext_lazy("Verified annual savings"), MONEY)
def verified_savings(data):
    savings = data.savings
    return Measure(
        savings["total"],
        str(SAVINGS_COUNTED),
        enterprises=savings["enterprises"],
        records_url=data.link(
            "improvements:improvement_list",
            status="verified",
            implemented_after=data.filters.start.isoformat(),
            implemented_before=data.filters.end.isoformat(),
        ),
    )


@computation("savings_per_enterprise", gettext_lazy("Verified annual savings per enterprise"), MONEY)
def savings_per_enterprise(data):
    measure = verified_savings(data)
    enterprises = data.savings["enterprises"]
    measure.value = (data.savings["total"] / enterprises).quantize(Decimal("1")) if enterprises else None
    measure.counted = _("Verified annual savings (as counted for the total) divided by the enterprises they come from.")
    return measure


@computation("improvement_teams", gettext_lazy("Enterprise improvement teams"), COUNT)
def improvement_teams(data):
    teams = data.teams
    female = teams["female_managers"] + teams["female_workers"]
    male = teams["male_managers"] + teams["male_workers"]
    return Measure(
        teams["count"],
        _("Improvement teams set up by the end of the period in the enterprises trained in it; members by sex."),
        enterprises=teams["count"],
        records_url=data.period_link("enterprises:enterprise_list"),
        female=female,
        male=male,
        managers=teams["female_managers"] + teams["male_managers"],
        workers=teams["female_workers"] + teams["male_workers"],
    )


@computation("women_in_teams_share", gettext_lazy("Women in improvement teams"), PERCENTAGE)
def women_in_teams_share(data):
    measure = improvement_teams(data)
    measure.value = measure.female_share
    measure.counted = _("Women as a share of the members of those improvement teams.")
    return measure


@computation("gender_responsive_improvements", gettext_lazy("Gender-responsive improvements"), COUNT)
def gender_responsive_improvements(data):
    counts = data.figures.verified_improvements.filter(is_gender_responsive=True).aggregate(
        count=Count("pk"), enterprises=Count("enterprise_id", distinct=True)
    )
    return Measure(
        counts["count"],
        _("Verified improvements implemented in the period that are marked gender-responsive."),
        enterprises=counts["enterprises"],
        records_url=data.link(
            "improvements:improvement_list",
            status="verified",
            implemented_after=data.filters.start.isoformat(),
            implemented_before=data.filters.end.isoformat(),
        ),
    )


@computation("participant_satisfaction", gettext_lazy("Participant satisfaction"), SCORE)
def participant_satisfaction(data):
    rated = data.satisfaction
    respondents = rated["respondents"]
    return Measure(
        (rated["ratings"] / respondents).quantize(Decimal("0.01")) if respondents else None,
        _(
            "Average rating (1 to 5) that participants gave the workshops and visits held in the period, each "
            "activity weighted by its respondents: %(respondents)s from %(activities)s."
        )
        % {
            "respondents": ngettext("%(count)s respondent", "%(count)s respondents", respondents)
            % {"count": respondents},
            "activities": ngettext("%(count)s activity", "%(count)s activities", rated["activities"])
            % {"count": rated["activities"]},
        },
        records_url=data.period_link("trainings:round_list"),
        respondents=respondents,
    )


def measures_for(user, filters, keys):
    """{key: Measure} for the computations named in `keys`, over the records of `filters` that `user` may count."""
    data = ResultsData(user, filters)
    return {key: COMPUTATIONS[key](data) for key in keys if key in COMPUTATIONS}
