import re
from difflib import SequenceMatcher

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from enterprises.journey import Stage
from partners.access import ScopedQuerySet
from score_mis.bilingual import text_in_reader_language


def _first(queryset, field, function="MIN"):
    """A subquery: the MIN (or MAX) of `field` over the rows of `queryset` (filtered by OuterRef). A plain SQL
    function, not an aggregate, so that the subquery has no GROUP BY and gives one row."""
    return Subquery(queryset.order_by().annotate(extreme=Func(F(field), function=function)).values("extreme"))


_count_distinct_modules = Func(F("round__module"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")


def _count(queryset):
    return Coalesce(Subquery(queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")), 0)


# Deliberate crossing of the dependency order (listed in README): an enterprise's list and page show its
# rounds, visits and improvements.
# The methods below import trainings and improvements when called, never at module level.


def _name_key(name):
    """A name without case, punctuation and the usual company words, to compare names as people type them."""
    words = re.sub(r"[^\w]+", " ", name.lower()).split()
    return " ".join(word for word in words if word not in COMPANY_WORDS)


COMPANY_WORDS = {"co", "company", "ltd", "limited", "inc", "corp", "corporation", "factory", "有限公司", "公司"}
SIMILAR_NAME_RATIO = 0.85


def ids_for_partners(partner_ids):
    """The ids of the enterprises these partners recruited or enrolled in one of their rounds: one index scan of
    the access table (enterprises/access.py), for `…__in` filters of every record that belongs to an enterprise."""
    from enterprises.models import EnterpriseAccess  # models.py imports this module

    return EnterpriseAccess.objects.filter(partner_id__in=partner_ids).values("enterprise_id")


class EnterpriseQuerySet(ScopedQuerySet):
    def similar_to(self, enterprise):
        """Enterprises of the same city whose name (English or Chinese) is nearly the same: probable duplicates."""
        names = [name for name in (enterprise.name_en, enterprise.name_zh_hans) if name]
        keys = [_name_key(name) for name in names]
        similar = []
        others = self.filter(city_id=enterprise.city_id).exclude(pk=enterprise.pk).only("name_en", "name_zh_hans")
        for other in others:
            for other_name in (other.name_en, other.name_zh_hans):
                other_key = _name_key(other_name) if other_name else ""
                if other_key and any(
                    SequenceMatcher(None, key, other_key).ratio() >= SIMILAR_NAME_RATIO for key in keys
                ):
                    similar.append(other)
                    break
        return similar[:3]

    def for_partners(self, partner_ids):
        """Enterprises a partner recruited or enrolled in one of its rounds."""
        return self.filter(pk__in=ids_for_partners(partner_ids))

    def search(self, text):
        """Enterprises whose English or Chinese name contains `text`."""
        return self.filter(Q(name_en__icontains=text) | Q(name_zh_hans__icontains=text))

    def with_enrollment_seen_by(self, user, *conditions, **lookups):
        """Enterprises with an enrollment `user` may see that matches the conditions (e.g. round__module=...)."""
        from trainings.models import Enrollment

        enrollments = Enrollment.objects.visible_to(user).filter(*conditions, **lookups)
        return self.filter(pk__in=enrollments.values("enterprise_id"))

    def enrolled_during(self, user, start=None, end=None):
        """Enterprises in a round (seen by `user`) running at some time between `start` and `end`;
        either may be left open. A round without an end date counts as running on its start date."""
        from trainings.models import Enrollment

        conditions = []
        if start is not None:
            conditions.append(Q(round_last_day__gte=start))
        if end is not None:
            conditions.append(Q(round__starts_on__lte=end))
        enrollments = (
            Enrollment.objects.visible_to(user)
            .alias(round_last_day=Coalesce("round__ends_on", "round__starts_on"))
            .filter(*conditions)
        )
        return self.filter(pk__in=enrollments.values("enterprise_id"))

    def _journey_parts(self, user):
        """The subqueries behind an enterprise's journey, over the records `user` may see."""
        from enterprises.models import Measurement
        from improvements.models import Improvement
        from trainings.models import Activity, Attendance, Enrollment, TrainingRound

        enrollments = (
            Enrollment.objects.visible_to(user)
            .filter(enterprise=OuterRef("pk"))
            .exclude(status=Enrollment.Status.WITHDRAWN)
        )
        module_1 = enrollments.filter(round__kind=TrainingRound.Kind.TOE, round__module__number=1)
        further = enrollments.filter(round__kind=TrainingRound.Kind.TOE).exclude(round__module__number=1)
        measurements = Measurement.objects.filter(enterprise=OuterRef("pk"))
        improvements = Improvement.objects.visible_to(user).filter(enterprise=OuterRef("pk"))
        module_1_rounds = {"round__module__number": 1, "round__kind": TrainingRound.Kind.TOE}
        visits = Activity.objects.visible_to(user).filter(
            enterprise=OuterRef("pk"), kind=Activity.Kind.FACTORY_VISIT, **module_1_rounds
        )
        workshops = Attendance.objects.visible_to(user).filter(
            enterprise=OuterRef("pk"),
            activity__kind=Activity.Kind.WORKSHOP,
            **{f"activity__{key}": value for key, value in module_1_rounds.items()},
        )
        return {
            "journey_first_enrolled_on": _first(enrollments, "enrolled_on"),
            "journey_first_round_on": _first(enrollments, "round__starts_on"),
            "journey_baseline_on": _first(measurements.filter(stage=Measurement.Stage.BASELINE), "period_end"),
            "journey_baseline_flag": Exists(enrollments.filter(baseline_done=True)),
            "journey_module_1_on": _first(module_1, "round__starts_on"),
            "journey_module_1_ends_on": _first(module_1, "round__ends_on", "MAX"),
            "journey_workshop_on": _first(workshops, "activity__date"),
            "journey_module_1_visits": _count(visits),
            "journey_further_modules": Coalesce(
                Subquery(further.order_by().annotate(count=_count_distinct_modules).values("count")), 0
            ),
            "journey_further_on": _first(further, "round__starts_on"),
            "journey_follow_up_on": _first(measurements.filter(stage=Measurement.Stage.FOLLOW_UP), "period_end"),
            "journey_improvements": _count(improvements),
            "journey_verified_improvements": _count(improvements.filter(status=Improvement.Status.VERIFIED)),
            "journey_improvement_on": _first(improvements, "implemented_on"),
        }

    def _journey_stage(self, user):
        """The furthest step of the journey an enterprise reached, worked out by the database."""
        parts = self._journey_parts(user)
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

    def with_journey(self, user):
        """Each enterprise's journey dates and counts (`journey_*`) and its `journey_stage`, over what `user` sees
        (enterprises/journey.py makes the steps)."""
        parts, stage = self._journey_stage(user)
        return self.annotate(**parts).annotate(journey_stage=stage)

    def at_journey_stage(self, user, stage):
        parts, expression = self._journey_stage(user)
        return self.alias(**parts).alias(stage_reached=expression).filter(stage_reached=stage)

    def for_list(self, user):
        """The enterprise list: city, recruiter, the rounds `user` may see (ordered by partner) and the stage of
        the journey."""
        from trainings.models import TrainingRound

        rounds = TrainingRound.objects.visible_to(user).select_related("partner")
        return (
            self.with_journey(user)
            .select_related("city", "recruited_by")
            .prefetch_related(
                Prefetch(
                    "training_rounds",
                    queryset=rounds.order_by(text_in_reader_language("partner__name"), "-starts_on"),
                    to_attr="seen_rounds",
                )
            )
            .order_by(text_in_reader_language("name"), "pk")
        )

    def for_detail(self, user):
        """The enterprise page: everything related, rounds and visits limited to those `user` may see,
        and `verified_annual_saving`, the sum of the annual savings of its verified improvements."""
        from enterprises.models import Measurement
        from improvements.models import Improvement
        from trainings.models import Activity, Enrollment

        return (
            self.with_journey(user)
            .select_related("city", "recruited_by", "improvement_team")
            .prefetch_related(
                "supplies_brands",
                Prefetch(
                    "enrollments",
                    queryset=Enrollment.objects.visible_to(user)
                    .select_related("round__module", "round__partner", "round__city")
                    .order_by("-round__starts_on"),
                    to_attr="seen_enrollments",
                ),
                Prefetch(
                    "visits",
                    queryset=Activity.objects.visible_to(user)
                    .select_related("round")
                    .prefetch_related("trainers")
                    .order_by("-date"),
                    to_attr="seen_visits",
                ),
                Prefetch(
                    "measurements",
                    queryset=Measurement.objects.select_related("indicator").order_by(
                        "indicator__name", "indicator_id", "stage", "period_start"
                    ),
                ),
                Prefetch("improvements", queryset=Improvement.objects.select_related("module", "category")),
            )
            .annotate(
                verified_annual_saving=Sum(
                    "improvements__annual_saving_rmb",
                    filter=Q(improvements__status=Improvement.Status.VERIFIED),
                    default=0,
                )
            )
        )


class EnterpriseOwnedQuerySet(ScopedQuerySet):
    """Rows that belong to an enterprise: they follow the enterprise's visibility."""

    def for_partners(self, partner_ids):
        return self.filter(enterprise__in=ids_for_partners(partner_ids))
