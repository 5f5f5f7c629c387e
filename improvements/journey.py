"""An enterprise's journey through SCORE: recruited → baseline → Module 1 workshop and factory visits → further
modules → follow-up measurements → improvements. The dates come from `with_journey(enterprises, user)` (database
annotations over what the user may see, so a list or a page costs no query per enterprise); `journey` turns them
into steps, the current stage and what is overdue, by the rules named below. It reads enterprises, trainings and
improvements, so it lives here, the lowest app that may read all three."""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, CharField, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from enterprises.models import Measurement
from improvements.models import Improvement, Stage, StageReached
from trainings.models import Activity, Attendance, Enrollment, TrainingRound

# Module 1's workshop is held within two weeks of its round's start; a trainer visits each enterprise this often
# during the round; follow-up measurements are due half a year after Module 1 ends, improvements three months
# after its workshop.
WORKSHOP_WITHIN_DAYS = 14
VISITS_EXPECTED = 3
FOLLOW_UP_AFTER_DAYS = 182
IMPROVEMENTS_AFTER_DAYS = 91


def _first(queryset, field, function="MIN"):
    """A subquery: the MIN (or MAX) of `field` over the rows of `queryset` (filtered by OuterRef). A plain SQL
    function, not an aggregate, so that the subquery has no GROUP BY and gives one row."""
    return Subquery(queryset.order_by().annotate(extreme=Func(F(field), function=function)).values("extreme"))


_count_distinct_modules = Func(F("round__module"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")


def _count(queryset):
    return Coalesce(Subquery(queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")), 0)


def _records(user):
    """The records of an enterprise (OuterRef) that its journey reads, over what `user` may see."""
    enrollments = (
        Enrollment.objects.visible_to(user)
        .filter(enterprise=OuterRef("pk"))
        .exclude(status=Enrollment.Status.WITHDRAWN)
    )
    measurements = Measurement.objects.filter(enterprise=OuterRef("pk"))
    module_1_rounds = {"round__module__number": 1, "round__kind": TrainingRound.Kind.TOE}
    return {
        "enrollments": enrollments,
        "module_1": enrollments.filter(round__kind=TrainingRound.Kind.TOE, round__module__number=1),
        "further": enrollments.filter(round__kind=TrainingRound.Kind.TOE).exclude(round__module__number=1),
        "baselines": measurements.filter(stage=Measurement.Stage.BASELINE),
        "follow_ups": measurements.filter(stage=Measurement.Stage.FOLLOW_UP),
        "improvements": Improvement.objects.visible_to(user).filter(enterprise=OuterRef("pk")),
        "visits": Activity.objects.visible_to(user).filter(
            enterprise=OuterRef("pk"), kind=Activity.Kind.FACTORY_VISIT, **module_1_rounds
        ),
        "workshops": Attendance.objects.visible_to(user).filter(
            enterprise=OuterRef("pk"),
            activity__kind=Activity.Kind.WORKSHOP,
            **{f"activity__{key}": value for key, value in module_1_rounds.items()},
        ),
    }


def _parts(user):
    """The subqueries behind an enterprise's journey, over the records `user` may see."""
    records = _records(user)
    return {
        "journey_first_enrolled_on": _first(records["enrollments"], "enrolled_on"),
        "journey_first_round_on": _first(records["enrollments"], "round__starts_on"),
        "journey_baseline_on": _first(records["baselines"], "period_end"),
        "journey_baseline_flag": Exists(records["enrollments"].filter(baseline_done=True)),
        "journey_module_1_on": _first(records["module_1"], "round__starts_on"),
        "journey_module_1_ends_on": _first(records["module_1"], "round__ends_on", "MAX"),
        "journey_workshop_on": _first(records["workshops"], "activity__date"),
        "journey_module_1_visits": _count(records["visits"]),
        "journey_further_modules": Coalesce(
            Subquery(records["further"].order_by().annotate(count=_count_distinct_modules).values("count")), 0
        ),
        "journey_further_on": _first(records["further"], "round__starts_on"),
        "journey_follow_up_on": _first(records["follow_ups"], "period_end"),
        "journey_improvements": _count(records["improvements"]),
        "journey_verified_improvements": _count(records["improvements"].filter(status=Improvement.Status.VERIFIED)),
        "journey_improvement_on": _first(records["improvements"], "implemented_on"),
    }


def _stage(user):
    """The subqueries, and the furthest step of the journey an enterprise reached, worked out by the database."""
    parts = _parts(user)
    reached = [
        (Stage.IMPROVEMENTS, Q(journey_improvements__gt=0)),
        (Stage.FOLLOW_UP, Q(journey_follow_up_on__isnull=False)),
        (Stage.FURTHER_MODULES, Q(journey_further_modules__gt=0)),
        (Stage.MODULE_1, Q(journey_module_1_on__isnull=False)),
        (Stage.BASELINE, Q(journey_baseline_on__isnull=False) | Q(journey_baseline_flag=True)),
    ]
    stage = Case(
        *(When(condition, then=Value(value)) for value, condition in reached),
        default=Value(Stage.RECRUITED),
        output_field=CharField(),
    )
    return parts, stage


def with_journey(enterprises, user):
    """Each enterprise's journey dates and counts (`journey_*`) and its `journey_stage`, over what `user` sees."""
    parts, stage = _stage(user)
    return enterprises.annotate(**parts).annotate(journey_stage=stage)


def _any_exists(model, any_of):
    """Whether any of the querysets `any_of` has a row for the enterprise. Two are asked inside a subquery of the
    enterprise's own row, which PostgreSQL tests only for the enterprises the other conditions leave: a plain
    EXISTS … OR EXISTS … it answers by reading every row of both first."""
    if len(any_of) == 1:
        return Exists(any_of[0])
    return Exists(model.objects.filter(reduce(or_, (Q(Exists(rows)) for rows in any_of)), pk=OuterRef("pk")))


def at_journey_stage(enterprises, user, stage):
    """The enterprises (of those `user` sees) whose journey over what `user` sees has reached `stage` and no further.
    The same stage as `with_journey`'s, told by EXISTS conditions (each date or count it tests is one of rows that
    exist), so that the database tests each enterprise with index look-ups that stop at the first row found, furthest
    stage first, instead of working out every date and count of its journey. Whether an enterprise has improvements,
    follow-up measurements is the same for whoever sees it, and read from its `StageReached` rows."""
    records = _records(user)
    reached_by_its_records = StageReached.objects.filter(enterprise=OuterRef("pk"))
    # Each stage is reached when any of its records exists.
    reached = [
        (Stage.IMPROVEMENTS, [reached_by_its_records.filter(stage=Stage.IMPROVEMENTS)]),
        (Stage.FOLLOW_UP, [reached_by_its_records.filter(stage=Stage.FOLLOW_UP)]),
        (Stage.FURTHER_MODULES, [records["further"]]),
        (Stage.MODULE_1, [records["module_1"]]),
        (Stage.BASELINE, [records["baselines"], records["enrollments"].filter(baseline_done=True)]),
    ]
    no_further = Q()
    for value, any_of in reached:
        if value == stage:
            return enterprises.filter(no_further, _any_exists(enterprises.model, any_of))
        # NOT EXISTS of each (anti-joins), rather than NOT (EXISTS … OR EXISTS …), which reads every row of both.
        no_further &= Q(*(~Exists(rows) for rows in any_of))
    return enterprises.filter(no_further)


@dataclass
class Step:
    stage: Stage
    reached: bool
    date: datetime.date | None = None
    detail: str = ""
    overdue: str = ""
    current: bool = False

    @property
    def label(self):
        return self.stage.label

    @property
    def state(self):
        if self.current:
            return "current"
        if self.overdue:
            return "overdue"
        return "done" if self.reached else "ahead"


def _later(day, days):
    return day + datetime.timedelta(days=days) if day else None


def journey(enterprise, today):
    """The steps of `enterprise` (annotated by `with_journey`), the current one marked, each overdue one saying
    why. Further modules are chosen from the enterprise's priorities, so they are never overdue."""
    e = enterprise
    baseline_done = bool(e.journey_baseline_on or e.journey_baseline_flag)
    started = e.journey_first_round_on is not None and e.journey_first_round_on <= today
    steps = [
        Step(Stage.RECRUITED, True, e.journey_first_enrolled_on or e.created_at.date()),
        Step(
            Stage.BASELINE,
            baseline_done,
            e.journey_baseline_on,
            overdue="" if baseline_done or not started else _("Its first round has started without a baseline."),
        ),
    ]
    module_1 = Step(Stage.MODULE_1, e.journey_module_1_on is not None, e.journey_module_1_on)
    if module_1.reached:
        visits = e.journey_module_1_visits
        module_1.detail = ngettext("%(count)s factory visit", "%(count)s factory visits", visits) % {"count": visits}
        workshop_due = _later(e.journey_module_1_on, WORKSHOP_WITHIN_DAYS)
        if e.journey_workshop_on is None and workshop_due < today:
            module_1.overdue = _("Nobody from the enterprise came to a Module 1 workshop day.")
        elif e.journey_module_1_ends_on and e.journey_module_1_ends_on < today and visits < VISITS_EXPECTED:
            module_1.overdue = _("Module 1 ended with %(count)s of %(expected)s factory visits.") % {
                "count": visits,
                "expected": VISITS_EXPECTED,
            }
    steps.append(module_1)
    further = e.journey_further_modules
    steps.append(
        Step(
            Stage.FURTHER_MODULES,
            bool(further),
            e.journey_further_on,
            detail=ngettext("%(count)s module", "%(count)s modules", further) % {"count": further} if further else "",
        )
    )
    follow_up = Step(Stage.FOLLOW_UP, e.journey_follow_up_on is not None, e.journey_follow_up_on)
    follow_up_due = _later(e.journey_module_1_ends_on, FOLLOW_UP_AFTER_DAYS)
    if not follow_up.reached and follow_up_due and follow_up_due < today:
        follow_up.overdue = _("Due since %(date)s, half a year after Module 1 ended.") % {"date": follow_up_due}
    steps.append(follow_up)
    improvements = Step(Stage.IMPROVEMENTS, bool(e.journey_improvements), e.journey_improvement_on)
    if improvements.reached:
        improvements.detail = ngettext(
            "%(count)s improvement, %(verified)s verified",
            "%(count)s improvements, %(verified)s verified",
            e.journey_improvements,
        ) % {"count": e.journey_improvements, "verified": e.journey_verified_improvements}
    else:
        improvements_due = _later(e.journey_workshop_on, IMPROVEMENTS_AFTER_DAYS)
        if improvements_due and improvements_due < today:
            improvements.overdue = _("None recorded by %(date)s, three months after the Module 1 workshop.") % {
                "date": improvements_due
            }
    steps.append(improvements)
    for step in steps:
        step.current = step.stage == e.journey_stage
    return steps
