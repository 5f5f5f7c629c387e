from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from partners.access import ScopedQuerySet

# Deliberate crossing of the dependency order (listed in README): which partners an enterprise belongs to
# depends on the rounds it is enrolled in, and its list and page show its rounds, visits and improvements.
# The methods below import trainings and improvements when called, never at module level.


class EnterpriseQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        """Enterprises a partner recruited or enrolled in one of its rounds."""
        from trainings.models import Enrollment

        enrolled = Enrollment.objects.filter(round__partner_id__in=partner_ids).values("enterprise_id")
        return self.filter(Q(recruited_by_id__in=partner_ids) | Q(pk__in=enrolled))

    def search(self, text):
        """Enterprises whose English or Chinese name contains `text`."""
        return self.filter(Q(name__icontains=text) | Q(name_zh__icontains=text))

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

    def for_list(self, user):
        """The enterprise list: city, recruiter, and the rounds `user` may see (ordered by partner)."""
        from trainings.models import TrainingRound

        rounds = TrainingRound.objects.visible_to(user).select_related("partner")
        return self.select_related("city", "recruited_by").prefetch_related(
            Prefetch("training_rounds", queryset=rounds.order_by("partner__name", "-starts_on"), to_attr="seen_rounds")
        )

    def for_detail(self, user):
        """The enterprise page: everything related, rounds and visits limited to those `user` may see,
        and `verified_annual_saving`, the sum of the annual savings of its verified improvements."""
        from enterprises.models import Measurement
        from improvements.models import Improvement
        from trainings.models import Activity, Enrollment

        return (
            self.select_related("city", "recruited_by", "improvement_team")
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
                Prefetch("improvements", queryset=Improvement.objects.select_related("module")),
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
        from enterprises.models import Enterprise  # models.py imports this module

        return self.filter(enterprise__in=Enterprise.objects.for_partners(partner_ids).values("pk"))
