from dataclasses import dataclass

from django.db.models import F, Func, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.access import ScopedQuerySet, scope_for

PARTICIPANT_COUNTS = ("female_managers", "male_managers", "female_workers", "male_workers")


@dataclass
class SexRoleTotals:
    """Participants counted by sex and by role, with the row and column totals of that table."""

    female_managers: int = 0
    male_managers: int = 0
    female_workers: int = 0
    male_workers: int = 0

    def add(self, counts):
        for name in PARTICIPANT_COUNTS:
            setattr(self, name, getattr(self, name) + counts[name])

    @property
    def female(self):
        return self.female_managers + self.female_workers

    @property
    def male(self):
        return self.male_managers + self.male_workers

    @property
    def managers(self):
        return self.female_managers + self.male_managers

    @property
    def workers(self):
        return self.female_workers + self.male_workers

    @property
    def total(self):
        return self.female + self.male

    @property
    def female_share(self):
        """Women as a percentage of all participants, one decimal; None when nobody came."""
        return round(self.female * 100 / self.total, 1) if self.total else None


class TrainingRoundQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)

    def search(self, text):
        """Rounds whose title, city or partner (English or Chinese name, or short code) contains `text`."""
        return self.filter(
            Q(title__icontains=text)
            | Q(city__name__icontains=text)
            | Q(city__name_zh__icontains=text)
            | Q(partner__name__icontains=text)
            | Q(partner__name_zh__icontains=text)
            | Q(partner__code__iexact=text)
        )

    def probable_duplicates_of(self, training_round):
        """Other rounds of the same partner, module and city with the same dates or the same title."""
        same_dates = Q(starts_on=training_round.starts_on, ends_on=training_round.ends_on)
        return list(
            self.filter(
                partner_id=training_round.partner_id,
                module_id=training_round.module_id,
                city_id=training_round.city_id,
            )
            .filter(same_dates | Q(title__iexact=(training_round.title or "").strip()))
            .exclude(pk=training_round.pk)
            .order_by("starts_on")[:3]
        )

    def overdue_to_close(self):
        """Rounds past their end date that are still planned or ongoing (TrainingRound.is_overdue_to_close)."""
        return self.filter(status__in=["planned", "ongoing"], ends_on__lt=timezone.localdate())

    def overlapping(self, start=None, end=None):
        """Rounds running at some time between `start` and `end` (either may be left open).
        A round without an end date counts as running on its start date."""
        rounds = self
        if start is not None:
            rounds = rounds.alias(last_day=Coalesce("ends_on", "starts_on")).filter(last_day__gte=start)
        if end is not None:
            rounds = rounds.filter(starts_on__lte=end)
        return rounds

    def for_list(self):
        """The round list: related names, and how many enterprises take part (withdrawn ones left out).

        The count is a subquery per round shown, not a GROUP BY: the database counts the enrollments of the
        page's rounds only, after the ordering index has picked them."""
        enrollments = self.model._meta.get_field("enrollments").related_model.objects
        taking_part = (
            enrollments.filter(round=OuterRef("pk"))
            .exclude(status="withdrawn")
            .order_by()
            .values(count=Func(F("pk"), function="COUNT"))
        )
        return (
            self.select_related("partner", "module", "city")
            .annotate(enrolled_count=Coalesce(Subquery(taking_part), 0))
            .order_by("-starts_on", "title", "pk")
        )

    def for_detail(self):
        """The round page: enrollments with their enterprise, activities with trainers and participants."""
        enrollments = self.model._meta.get_field("enrollments").related_model.objects
        activities = self.model._meta.get_field("activities").related_model.objects
        return self.select_related("partner", "module", "city").prefetch_related(
            Prefetch("enrollments", queryset=enrollments.select_related("enterprise").order_by("enterprise__name")),
            Prefetch("activities", queryset=activities.for_round_page()),
        )


class RoundOwnedQuerySet(ScopedQuerySet):
    """Enrollments and activities belong to the partner running their round."""

    def for_partners(self, partner_ids):
        return self.filter(round__partner_id__in=partner_ids)

    def for_round_page(self):
        """Activities as the round page lists them: visited enterprise, trainers, participants in total."""
        participants = Sum(
            F("attendances__female_managers")
            + F("attendances__male_managers")
            + F("attendances__female_workers")
            + F("attendances__male_workers")
        )
        return (
            self.select_related("enterprise")
            .prefetch_related("trainers")
            .annotate(participants=Coalesce(participants, 0))
            .order_by("date", "pk")
        )


class AttendanceQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(activity__round__partner_id__in=partner_ids)

    def totals(self):
        """All these attendance rows added up by sex and role."""
        sums = self.aggregate(**{count: Coalesce(Sum(count), 0) for count in PARTICIPANT_COUNTS})
        return SexRoleTotals(**sums)

    def totals_by_activity_kind(self):
        """{activity kind: SexRoleTotals}, for the kinds that have attendance."""
        rows = self.order_by().values("activity__kind").annotate(**{f"sum_{c}": Sum(c) for c in PARTICIPANT_COUNTS})
        return {
            row["activity__kind"]: SexRoleTotals(**{c: row[f"sum_{c}"] for c in PARTICIPANT_COUNTS}) for row in rows
        }


class TrainerQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)


class CertificationQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(trainer__partner_id__in=partner_ids)


class EventQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        """Programme-wide events (no partner named) and the events of these partners."""
        with_partners = self.model.objects.filter(partners__isnull=False).values("pk")
        own = self.model.objects.filter(partners__in=partner_ids).values("pk")
        return self.filter(~Q(pk__in=with_partners) | Q(pk__in=own))

    def editable_by(self, user):
        """Programme-wide events are the ILO's: partners change only the events they take part in."""
        scope = scope_for(user)
        if scope.changes_everything:
            return self.all()
        own = self.model.objects.filter(partners__in=scope.writable_partner_ids).values("pk")
        return self.filter(pk__in=own)
