from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.access import ScopedQuerySet, scope_for
from score_mis.bilingual import text_in_reader_language

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
            Q(title_en__icontains=text)
            | Q(title_zh_hans__icontains=text)
            | Q(city__name_en__icontains=text)
            | Q(city__name_zh_hans__icontains=text)
            | Q(partner__name_en__icontains=text)
            | Q(partner__name_zh_hans__icontains=text)
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
            .filter(same_dates | _same_title(training_round))
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
        """The round page: enrollments with their enterprise, activities with trainers and participants, the
        trainees of a ToT with the days they came, who delivered the round and the recommendations made in it."""
        enrollments = self.model._meta.get_field("enrollments").related_model.objects
        activities = self.model._meta.get_field("activities").related_model.objects
        trainees = self.model._meta.get_field("trainees").related_model.objects
        team = self.model._meta.get_field("team").related_model.objects
        recommendations = self.model._meta.get_field("recommendations").related_model.objects
        return self.select_related("partner", "module", "city").prefetch_related(
            Prefetch(
                "enrollments",
                queryset=enrollments.select_related("enterprise").order_by(
                    text_in_reader_language("enterprise__name"), "pk"
                ),
            ),
            Prefetch("activities", queryset=activities.for_round_page()),
            Prefetch("trainees", queryset=trainees.for_round_page()),
            Prefetch(
                "team",
                queryset=team.select_related("trainer").order_by("role", text_in_reader_language("trainer__name")),
            ),
            Prefetch(
                "recommendations",
                queryset=recommendations.select_related("trainer").order_by(text_in_reader_language("trainer__name")),
            ),
        )

    def delivered_by(self, trainer):
        """Rounds the trainer delivered, as lead or co-trainer or named on an activity, with `role` (None when
        only named on activities), latest first."""
        team = self.model._meta.get_field("team").related_model.objects
        delivering = team.filter(trainer=trainer, role__in=("lead", "co"))
        role = team.filter(round=OuterRef("pk"), trainer=trainer).values("role")[:1]
        return (
            self.filter(Q(pk__in=delivering.values("round_id")) | Q(activities__trainers=trainer))
            .distinct()
            .select_related("module", "city", "partner")
            .annotate(role=Subquery(role))
            .order_by("-starts_on", "title", "pk")
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
        present = (
            self.model.trainees_present.through.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values(count=Func(F("pk"), function="COUNT"))
        )
        return (
            self.select_related("enterprise")
            .prefetch_related("trainers")
            .annotate(participants=Coalesce(participants, 0), trainees_count=Coalesce(Subquery(present), 0))
            .order_by("date", "pk")
        )


class TraineeQuerySet(RoundOwnedQuerySet):
    def _with_days_present(self):
        days = Func(F("pk"), function="COUNT")
        present = (
            self.model._meta.get_field("round")
            .related_model._meta.get_field("activities")
            .related_model.objects.filter(round=OuterRef("round"), trainees_present=OuterRef("trainer"))
            .order_by()
            .annotate(count=days)
            .values("count")  # a field name: a translated model's values() with none selects every field
        )
        return self.annotate(days_present=Coalesce(Subquery(present), 0))

    def for_round_page(self):
        return (
            self._with_days_present()
            .select_related("trainer__partner")
            .order_by(text_in_reader_language("trainer__name"), "pk")
        )

    def for_trainer_page(self):
        return self._with_days_present().select_related("round__module", "round__city").order_by("-round__starts_on")


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


class PipelineStage(models.TextChoices):
    """Where a trainer is on the way from a training of trainers to expert, furthest first."""

    EXPERT = "expert", _("Expert trainer")
    CERTIFIED = "certified", _("Certified")
    RECOMMENDED = "recommended", _("Recommended for certification")
    LAPSED = "lapsed", _("Certification lapsed")
    DELIVERING = "delivering", _("Delivering a ToE under supervision")
    IN_TOT = "in_tot", _("In a training of trainers")
    REGISTERED = "registered", _("Registered")


def in_force_on(day, prefix=""):
    """The condition of a certification (reached through `prefix`, e.g. "certifications__") counting on `day`:
    granted by then and not lapsed then, or renewed since it lapsed."""
    return Q(**{f"{prefix}status": "certified", f"{prefix}certified_on__lte": day}) & (
        Q(**{f"{prefix}lapsed_on__isnull": True})
        | Q(**{f"{prefix}lapsed_on__gt": day})
        | Q(**{f"{prefix}renewed_on__lte": day})
    )


class TrainerQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)

    def with_stage(self, day=None):
        """Each trainer's `stage` (a PipelineStage) on `day` (today by default), worked out by the database."""
        return self.annotate(stage=self._stage(day or timezone.localdate()))

    def at_stage(self, stage, day=None):
        return self.alias(stage_reached=self._stage(day or timezone.localdate())).filter(stage_reached=stage)

    def _stage(self, day):
        certifications = self.model._meta.get_field("certifications").related_model.objects.filter(
            trainer=OuterRef("pk")
        )
        deliveries = self.model._meta.get_field("deliveries").related_model.objects.filter(
            trainer=OuterRef("pk"), round__kind="toe", role__in=("lead", "co")
        )
        tot_places = self.model._meta.get_field("tot_places").related_model.objects.filter(trainer=OuterRef("pk"))
        return Case(
            When(level="expert", then=Value(PipelineStage.EXPERT)),
            When(Exists(certifications.filter(in_force_on(day))), then=Value(PipelineStage.CERTIFIED)),
            When(Exists(certifications.filter(status="recommended")), then=Value(PipelineStage.RECOMMENDED)),
            When(Exists(certifications.filter(status="certified")), then=Value(PipelineStage.LAPSED)),
            When(Exists(deliveries), then=Value(PipelineStage.DELIVERING)),
            When(Exists(tot_places), then=Value(PipelineStage.IN_TOT)),
            default=Value(PipelineStage.REGISTERED),
            output_field=models.CharField(),
        )

    def for_detail(self):
        """The trainer page: stage, partner, and every certification with who recommended it and where."""
        certifications = self.model._meta.get_field("certifications").related_model.objects
        return (
            self.with_stage()
            .select_related("partner")
            .prefetch_related(
                Prefetch(
                    "certifications",
                    queryset=certifications.select_related("module", "recommended_by", "recommended_in").order_by(
                        "module__number"
                    ),
                )
            )
        )

    def for_list(self):
        """The trainer list: employing partner, pipeline stage and the modules certified today."""
        certifications = self.model._meta.get_field("certifications").related_model.objects
        return (
            self.with_stage()
            .select_related("partner")
            .prefetch_related(
                Prefetch(
                    "certifications",
                    queryset=certifications.in_force().select_related("module").order_by("module__number"),
                    to_attr="modules_in_force",
                )
            )
            .order_by(text_in_reader_language("name"), "pk")
        )


class CertificationQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(trainer__partner_id__in=partner_ids)

    def in_force(self, day=None):
        """Certifications that count on `day` (today by default): a lapsed one no longer counts."""
        return self.filter(in_force_on(day or timezone.localdate()))

    def awaiting_decision(self):
        """Recommendations waiting for ILO staff to certify or decline, oldest first."""
        return self.filter(status="recommended").order_by("recommended_on", "pk")


class EventQuerySet(ScopedQuerySet):
    def for_list(self):
        """The event list: city, partners and the participants counted, latest first."""
        return (
            self.select_related("city")
            .prefetch_related("partners")
            .annotate(female=Coalesce(Sum("participations__female"), 0), male=Coalesce(Sum("participations__male"), 0))
            .order_by("-starts_on", "pk")
        )

    def for_detail(self):
        participations = self.model._meta.get_field("participations").related_model.objects
        return self.select_related("city").prefetch_related(
            "partners",
            Prefetch(
                "participations",
                queryset=participations.select_related("partner").order_by(text_in_reader_language("partner__name")),
            ),
        )

    def starting_between(self, start, end):
        return self.filter(starts_on__range=(start, end))

    def search(self, text):
        return self.filter(Q(title_en__icontains=text) | Q(title_zh_hans__icontains=text))

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


class EventOwnedQuerySet(ScopedQuerySet):
    """Participants of an event follow the event's visibility, and its changes."""

    def for_partners(self, partner_ids):
        events = self.model._meta.get_field("event").related_model.objects
        return self.filter(event__in=events.for_partners(partner_ids).values("pk"))

    def editable_by(self, user):
        events = self.model._meta.get_field("event").related_model.objects
        return self.filter(event__in=events.editable_by(user).values("pk"))


def _same_title(training_round):
    """Rounds with the title of `training_round` in English or in Chinese (case and outer spaces aside)."""
    same = Q(pk__in=[])
    for name in ("title_en", "title_zh_hans"):
        if title := (getattr(training_round, name, None) or "").strip():
            same |= Q(**{f"{name}__iexact": title})
    return same
