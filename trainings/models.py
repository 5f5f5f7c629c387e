from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from partners.locks import check_unlocked
from partners.models import City, Partner, Phase, QualitySettings
from score_mis.audit import Audited, Stamped
from score_mis.bilingual import has_text, require_text, unique_in_each_language
from trainings.querysets import (
    PARTICIPANT_COUNTS,
    AttendanceQuerySet,
    CertificationQuerySet,
    EventOwnedQuerySet,
    EventQuerySet,
    PipelineStage,
    RoundOwnedQuerySet,
    TraineeQuerySet,
    TrainerQuerySet,
    TrainingRoundQuerySet,
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Module(Stamped):
    """A SCORE training module. A lookup table: modules were added over the years. Its history is registered in
    trainings/translation.py, after its text fields in two languages (as for the other models with text)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("official title"), max_length=200, blank=True)
    short_label = models.CharField(_("short label"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=has_text("title") & has_text("short_label"),
                name="module_has_title_and_label",
                violation_error_message=_("A module needs a title and a short label."),
            ),
        ]

    def __str__(self):
        return _("Module %(number)s: %(label)s") % {"number": self.number, "label": self.display_label}

    def clean(self):
        require_text(self, "title", "short_label")

    @property
    def display_label(self):
        return self.short_label

    @property
    def display_title(self):
        return self.title


class Trainer(Stamped):
    class Level(models.TextChoices):
        CANDIDATE = "candidate", _("Trainer candidate")
        TRAINER = "trainer", _("Certified SCORE trainer")
        EXPERT = "expert", _("Expert trainer")

    Stage = PipelineStage

    name = models.CharField(_("name"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    partner = models.ForeignKey(
        Partner, verbose_name=_("employing partner"), on_delete=models.PROTECT, related_name="trainers"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.CANDIDATE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainer",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = TrainerQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=has_text("name"),
                name="trainer_has_name",
                violation_error_message=_("A trainer needs a name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        require_text(self, "name")

    def get_absolute_url(self):
        return reverse("trainings:trainer_detail", args=[self.pk])

    @property
    def pipeline_steps(self):
        """(stage, label) of the way from a training of trainers to expert, with the trainer's own stage among
        them when it is off that way (registered only, or lapsed)."""
        steps = [PipelineStage.IN_TOT, PipelineStage.DELIVERING, PipelineStage.RECOMMENDED, PipelineStage.CERTIFIED]
        if self.stage == PipelineStage.REGISTERED:
            steps.insert(0, PipelineStage.REGISTERED)
        if self.stage == PipelineStage.LAPSED:
            steps.append(PipelineStage.LAPSED)
        steps.append(PipelineStage.EXPERT)
        return [(step.value, step.label) for step in steps]

    @property
    def stage_label(self):
        """The pipeline stage's name; the stage comes from `Trainer.objects.with_stage()`."""
        return self.Stage(self.stage).label


class Certification(Stamped):
    """A trainer's way to certification on one module: recommended by the expert trainer who supervised them in a
    ToE round, then certified (or declined) by ILO staff. A certification may lapse and be renewed; it counts only
    while in force. Its history is registered in trainings/translation.py, after its text fields in two languages."""

    class Status(models.TextChoices):
        IN_TRAINING = "in_training", _("In training")
        RECOMMENDED = "recommended", _("Recommended for certification")
        CERTIFIED = "certified", _("Certified")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    trainer = models.ForeignKey(
        Trainer, verbose_name=_("trainer"), on_delete=models.CASCADE, related_name="certifications"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="certifications"
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.IN_TRAINING)
    recommended_by = models.ForeignKey(
        Trainer,
        verbose_name=_("recommended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations_made",
    )
    recommended_in = models.ForeignKey(
        "TrainingRound",
        verbose_name=_("supervised in round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    recommended_on = models.DateField(_("recommended on"), null=True, blank=True)
    recommendation = models.TextField(_("expert trainer's comment"), blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["trainer__name", "module__number"]
        indexes = [
            # Trainers certified in a period (dashboard, report) and the admin's date drill-down.
            models.Index(fields=["certified_on"], name="certification_certified_on"),
            # Recommendations waiting for ILO staff (home page, trainer list by pipeline stage).
            models.Index(fields=["status", "recommended_on"], name="certification_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "module"],
                name="one_certification_per_trainer_and_module",
                violation_error_message=_("This trainer already has a certification record for this module."),
            ),
            models.CheckConstraint(
                condition=~Q(status="certified") | Q(certified_on__isnull=False),
                name="certified_has_date",
                violation_error_message=_("A certification needs the date it was granted."),
            ),
            models.CheckConstraint(
                condition=Q(lapsed_on__isnull=True) | (Q(status="certified") & Q(lapsed_on__gte=F("certified_on"))),
                name="only_a_certification_lapses_after_it_was_granted",
                violation_error_message=_("Only a certification lapses, and not before it was granted."),
            ),
            models.CheckConstraint(
                condition=Q(renewed_on__isnull=True) | Q(renewed_on__gte=F("lapsed_on")),
                name="renewed_after_it_lapsed",
                violation_error_message=_("A certification is renewed after it lapsed."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} – {self.module}: {self.get_status_display()}"

    def in_force_on(self, day):
        """Whether the certification counts on `day`: granted by then, and not lapsed then (or renewed since)."""
        if self.status != self.Status.CERTIFIED or self.certified_on is None or self.certified_on > day:
            return False
        renewed = self.renewed_on is not None and day >= self.renewed_on
        return self.lapsed_on is None or self.lapsed_on > day or renewed


class TrainingRound(Stamped):
    class Kind(models.TextChoices):
        TOT = "tot", _("Training of trainers (ToT)")
        TOE = "toe", _("Training of enterprises (ToE)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="training_rounds"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="training_rounds"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="training_rounds")
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices, default=Kind.TOE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    phase = models.CharField(_("phase"), max_length=3, choices=Phase.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    cost_total = models.DecimalField(_("total cost (RMB)"), max_digits=12, decimal_places=2, default=0)
    cost_non_ilo = models.DecimalField(
        _("cost paid from non-ILO money (RMB)"), max_digits=12, decimal_places=2, default=0
    )
    description = models.TextField(_("description"), blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, through="Enrollment", verbose_name=_("enterprises"), related_name="training_rounds"
    )

    objects = TrainingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("training round")
        verbose_name_plural = _("training rounds")
        ordering = ["-starts_on", "title"]
        indexes = [
            # The round list and the admin changelist in their default order; rounds starting in a period.
            models.Index(fields=["-starts_on", "title", "id"], name="round_list_order"),
            # Open rounds past their end, the oldest first (the staff home page: status IN ('planned', 'ongoing')
            # AND ends_on < today ORDER BY ends_on, id; the round list's "Overdue to close").
            models.Index(
                fields=["ends_on", "id"], condition=Q(status__in=["planned", "ongoing"]), name="round_open_by_end"
            ),
        ]
        constraints = [
            *unique_in_each_language(
                "round_title_unique_per_partner",
                "title",
                ["partner"],
                _("This partner already has a training round with this title."),
            ),
            models.CheckConstraint(
                condition=has_text("title"), name="round_has_title", violation_error_message=_("A round needs a title.")
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="round_ends_after_start",
                violation_error_message=_("A round cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(cost_total__gte=0) & Q(cost_non_ilo__gte=0),
                name="round_costs_not_negative",
                violation_error_message=_("Costs cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(cost_non_ilo__lte=F("cost_total")),
                name="round_non_ilo_cost_within_total",
                violation_error_message=_("The non-ILO part cannot exceed the total cost."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(ends_on__isnull=False),
                name="completed_round_has_end_date",
                violation_error_message=_("A completed round needs the date it ended."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:round_detail", args=[self.pk])

    def clean(self):
        require_text(self, "title")
        check_unlocked(self, "starts_on", "ends_on")

    @property
    def is_overdue_to_close(self):
        """Past its end date and neither completed nor cancelled: its coordinator should close it (its status is
        never changed behind their back)."""
        return self.status in OPEN_STATUSES and self.ends_on is not None and self.ends_on < timezone.localdate()


OPEN_STATUSES = (TrainingRound.Status.PLANNED, TrainingRound.Status.ONGOING)


class Enrollment(Audited):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(
        TrainingRound, verbose_name=_("training round"), on_delete=models.CASCADE, related_name="enrollments"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    baseline_done = models.BooleanField(_("baseline assessment done"), default=False)

    objects = RoundOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["round", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enterprise"],
                name="one_enrollment_per_enterprise_and_round",
                violation_error_message=_("This enterprise is already enrolled in this round."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("enrolled_on")),
                name="enrollment_completed_after_enrolled",
                violation_error_message=_("An enrollment cannot be completed before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_enrollment_has_date",
                violation_error_message=_("Give the date the enterprise completed the round."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} – {self.round}"

    def clean(self):
        check_unlocked(self, "enrolled_on", "completed_on")


class Trainee(Audited):
    """A trainer candidate taking part in a training of trainers (ToT) round."""

    round = models.ForeignKey(
        TrainingRound, verbose_name=_("training round"), on_delete=models.CASCADE, related_name="trainees"
    )
    trainer = models.ForeignKey(Trainer, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="tot_places")

    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["round", "trainer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "trainer"],
                name="one_place_per_trainee_and_round",
                violation_error_message=_("This person is already a trainee of this round."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} – {self.round}"

    def clean(self):
        if self.round_id and self.round.kind != TrainingRound.Kind.TOT:
            raise ValidationError(_("Only a training of trainers (ToT) round has trainees."))


class RoundTrainer(Audited):
    """Who delivered a round: its lead trainer and co-trainers, and the expert trainer who supervised them."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead trainer")
        CO_TRAINER = "co", _("Co-trainer")
        SUPERVISOR = "supervisor", _("Supervising expert trainer")

    round = models.ForeignKey(
        TrainingRound, verbose_name=_("training round"), on_delete=models.CASCADE, related_name="team"
    )
    trainer = models.ForeignKey(Trainer, verbose_name=_("trainer"), on_delete=models.PROTECT, related_name="deliveries")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    objects = RoundOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer of a round")
        verbose_name_plural = _("trainers of rounds")
        ordering = ["round", "role", "trainer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "trainer"],
                name="one_role_per_trainer_and_round",
                violation_error_message=_("This trainer already has a role in this round."),
            ),
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(role="supervisor"),
                name="one_supervising_expert_per_round",
                violation_error_message=_("This round already has a supervising expert trainer."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} – {self.round}: {self.get_role_display()}"

    def clean(self):
        if self.role == self.Role.SUPERVISOR and self.trainer_id and self.trainer.level != Trainer.Level.EXPERT:
            raise ValidationError({"trainer": _("Only an expert trainer supervises a round.")})


class Activity(Stamped):
    """A classroom workshop day or a trainer's factory visit in a round."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Classroom workshop day")
        FACTORY_VISIT = "visit", _("Factory visit")

    round = models.ForeignKey(
        TrainingRound, verbose_name=_("training round"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise visited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    trainers = models.ManyToManyField(Trainer, verbose_name=_("trainers"), blank=True, related_name="activities")
    trainees_present = models.ManyToManyField(
        Trainer,
        verbose_name=_("trainees present"),
        blank=True,
        related_name="tot_days_attended",
        help_text=_("On a day of a training of trainers: the trainees who came."),
    )
    notes = models.TextField(_("notes"), blank=True)
    satisfaction_respondents = models.PositiveSmallIntegerField(
        _("participants who rated the activity"), null=True, blank=True
    )
    satisfaction_average = models.DecimalField(
        _("average satisfaction (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The participants' average rating, from 1 (poor) to 5 (excellent)."),
    )

    objects = RoundOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "pk"]
        indexes = [
            # Activities of a period (dashboard, report, upcoming activities) and the admin's date drill-down.
            models.Index(fields=["date", "id"], name="activity_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "date"],
                condition=Q(kind="workshop"),
                name="one_workshop_day_per_round_and_date",
                violation_error_message=_("This round already has a workshop day on this date."),
            ),
            models.UniqueConstraint(
                fields=["round", "enterprise", "date"],
                condition=Q(kind="visit"),
                name="one_visit_per_enterprise_round_and_date",
                violation_error_message=_("This enterprise already has a factory visit of this round on this date."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="visit") & Q(enterprise__isnull=False))
                | (Q(kind="workshop") & Q(enterprise__isnull=True)),
                name="visit_names_enterprise_workshop_does_not",
                violation_error_message=_("A factory visit names the enterprise visited; a workshop does not."),
            ),
            models.CheckConstraint(
                condition=Q(satisfaction_respondents__isnull=True, satisfaction_average__isnull=True)
                | Q(
                    satisfaction_respondents__isnull=False,
                    satisfaction_average__isnull=False,
                    satisfaction_respondents__gte=1,
                    satisfaction_average__gte=1,
                    satisfaction_average__lte=5,
                ),
                name="activity_satisfaction_rated_by_someone_from_1_to_5",
                violation_error_message=_(
                    "Give both the average satisfaction, from 1 to 5, and how many participants rated the activity."
                ),
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.FACTORY_VISIT:
            return _("Visit to %(enterprise)s on %(date)s") % {"enterprise": self.enterprise, "date": self.date}
        return _("Workshop on %(date)s") % {"date": self.date}

    def get_absolute_url(self):
        return reverse("trainings:activity_detail", args=[self.pk])

    def clean(self):
        if (
            self.kind == self.Kind.FACTORY_VISIT
            and self.enterprise_id
            and self.round_id
            and not Enrollment.objects.filter(round_id=self.round_id, enterprise_id=self.enterprise_id).exists()
        ):
            raise ValidationError({"enterprise": _("Only an enterprise enrolled in this round can be visited.")})
        if self.date is not None and self.round_id:
            self._check_date()
        check_unlocked(self, "date")

    def _check_date(self):
        """Never in the future, and within the round's dates give or take the tolerance ILO staff set."""
        if self.date > timezone.localdate():
            raise ValidationError({"date": _("An activity cannot be dated in the future.")})
        tolerance = timedelta(days=QualitySettings.current().activity_tolerance_days)
        starts_on, ends_on = self.round.starts_on, self.round.ends_on
        if self.date < starts_on - tolerance or (ends_on is not None and self.date > ends_on + tolerance):
            raise ValidationError(
                {
                    "date": _("This date is outside the round (%(start)s – %(end)s, give or take %(days)s days).")
                    % {
                        "start": date_format(starts_on, "Y-m-d"),
                        "end": date_format(ends_on, "Y-m-d") if ends_on else "…",
                        "days": tolerance.days,
                    }
                }
            )


class Attendance(Audited):
    """How many people of one enterprise came to an activity, by sex and role."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="attendances"
    )
    female_managers = models.PositiveSmallIntegerField(_("female managers"), default=0)
    male_managers = models.PositiveSmallIntegerField(_("male managers"), default=0)
    female_workers = models.PositiveSmallIntegerField(_("female workers"), default=0)
    male_workers = models.PositiveSmallIntegerField(_("male workers"), default=0)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise"],
                name="one_attendance_per_enterprise_and_activity",
                violation_error_message=_("Attendance for this enterprise is already recorded for this activity."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.enterprise}: {self.total}"

    @property
    def total(self):
        return self.female_managers + self.male_managers + self.female_workers + self.male_workers

    @staticmethod
    def counts_nobody(counts):
        """Whether `counts` ({"female_managers": 1, …}; a missing or empty count is 0) count nobody. An
        enterprise that sent nobody has no attendance row, whether counted in a form or in a spreadsheet."""
        return not any(counts.get(name) for name in PARTICIPANT_COUNTS)

    def clean(self):
        if (
            self.activity_id
            and self.enterprise_id
            and not Enrollment.objects.filter(
                round_id=self.activity.round_id, enterprise_id=self.enterprise_id
            ).exists()
        ):
            raise ValidationError({"enterprise": _("Only an enterprise enrolled in this round can attend.")})
        if self.enterprise_id:
            self._check_plausible()

    def _check_plausible(self):
        """No more people than the enterprise employs, nor than the ceiling ILO staff set for one activity."""
        workforce = self.enterprise.workforce_total
        ceiling = QualitySettings.current().attendance_ceiling
        if self.total > workforce:
            raise ValidationError(
                _("%(enterprise)s employs %(workforce)s people; %(total)s cannot have attended.")
                % {"enterprise": self.enterprise, "workforce": workforce, "total": self.total}
            )
        if self.total > ceiling:
            raise ValidationError(
                _("%(total)s people of one enterprise at one activity is more than the %(ceiling)s ILO staff allow.")
                % {"total": self.total, "ceiling": ceiling}
            )


class Event(Stamped):
    """A programme event that is not part of a round, such as a committee meeting or a seminar."""

    class Kind(models.TextChoices):
        COMMITTEE_MEETING = "committee", _("Advisory committee meeting")
        SEMINAR = "seminar", _("Seminar")
        LAUNCH = "launch", _("Launch")
        AGREEMENT_SIGNING = "signing", _("Agreement signing")
        WEBINAR = "webinar", _("Webinar")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="events")
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on"]
        indexes = [
            # Events of a period and the upcoming ones (dashboard, report), the admin's date drill-down.
            models.Index(fields=["starts_on"], name="event_starts_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=has_text("title"),
                name="event_has_title",
                violation_error_message=_("An event needs a title."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        require_text(self, "title")

    def get_absolute_url(self):
        return reverse("trainings:event_detail", args=[self.pk])


class EventParticipation(Audited):
    """How many women and men of one partner (or of no partner) took part in an event."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations")
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participations",
        help_text=_("Leave empty for participants from outside the programme's partners."),
    )
    female = models.PositiveIntegerField(_("women"), default=0)
    male = models.PositiveIntegerField(_("men"), default=0)

    objects = EventOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("event participation")
        verbose_name_plural = _("event participations")
        ordering = ["event", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partner"],
                name="one_participation_per_event_and_partner",
                violation_error_message=_("Participants of this partner are already counted for this event."),
            ),
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(partner__isnull=True),
                name="one_participation_per_event_outside_partners",
                violation_error_message=_("Participants from outside the partners are already counted for this event."),
            ),
            models.CheckConstraint(
                condition=Q(female__gt=0) | Q(male__gt=0),
                name="participation_counts_someone",
                violation_error_message=_("Count at least one participant."),
            ),
        ]

    def __str__(self):
        return f"{self.event} – {self.partner or _('other participants')}: {self.total}"

    @property
    def total(self):
        return self.female + self.male
