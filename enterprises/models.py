from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.querysets import EnterpriseOwnedQuerySet, EnterpriseQuerySet
from partners.locks import check_unlocked
from partners.models import City, Partner, unique_in_each_language
from score_mis.audit import Audited, Stamped
from score_mis.bilingual import LANGUAGE_CODES, filled, in_language, require_text, text_in_language
from score_mis.wording import aside


class Sector(models.TextChoices):
    MACHINERY = "machinery", _("Machinery and equipment")
    ELECTRICAL = "electrical", _("Electrical equipment and cables")
    ELECTRONICS = "electronics", _("Electronics")
    GARMENT = "garment", _("Garments")
    FOOTWEAR = "footwear", _("Footwear")
    TEXTILE = "textile", _("Textiles")
    CHEMICALS = "chemicals", _("Chemicals")
    FOOD = "food", _("Food processing")
    OTHER = "other", _("Other manufacturing")


class Enterprise(Stamped):
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="enterprises")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    recruited_by = models.ForeignKey(
        Partner,
        verbose_name=_("recruited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recruited_enterprises",
        help_text=_("The partner that brought the enterprise into SCORE."),
    )
    workforce_total = models.PositiveIntegerField(_("workers (total)"))
    workforce_female = models.PositiveIntegerField(_("workers (female)"))
    supplies_brands = models.ManyToManyField(
        Partner,
        verbose_name=_("supplies brands"),
        blank=True,
        related_name="suppliers",
        limit_choices_to={"kind": Partner.Kind.BRAND},
    )
    consents_to_share_with_brands = models.BooleanField(_("consents to share results with its brands"), default=False)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [
            # The admin changelist's order in each language (its search walks it, testing each row, for a common or
            # short word).
            models.Index(fields=["name_en", "-id"], name="enterprise_admin_order_en"),
            models.Index(fields=["name_zh_hans", "-id"], name="enterprise_admin_order_zh"),
            # The enterprise list's order (EnterpriseQuerySet.in_list_order) for readers of each language: its page
            # is the first rows of the index, not a sort of every enterprise.
            *(
                models.Index(
                    text_in_language("name", language),
                    F("id"),
                    name=f"enterprise_list_order_{language.replace('-', '_')}",
                )
                for language in LANGUAGE_CODES
            ),
        ]
        constraints = [
            # The message says nothing of the enterprise: it may be another partner's (forms that may name it say more).
            *unique_in_each_language(
                "name",
                "enterprise_name",
                _("This name cannot be used in this city. Ask ILO staff to resolve it."),
                fields=["city"],
            ),
            models.CheckConstraint(
                condition=filled("name"),
                name="enterprise_has_name",
                violation_error_message=_("An enterprise needs a name."),
            ),
            models.CheckConstraint(
                condition=Q(workforce_female__lte=F("workforce_total")),
                name="enterprise_female_workers_within_total",
                violation_error_message=_("Female workers cannot outnumber all workers."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.pk])

    def clean(self):
        require_text(self, "name")

    @property
    def display_name(self):
        return in_language(self, "name")[0]


class EnterpriseAccess(models.Model):
    """A partner that has an enterprise directly: it recruited it, or runs a round it is enrolled in. Derived
    from those rows and kept exact by every write on them (enterprises/access.py); partners' scoping joins it."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+", db_index=False)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="access")

    class Meta:
        verbose_name = _("partner's access to an enterprise")
        verbose_name_plural = _("partners' access to enterprises")
        constraints = [
            # Serves `Enterprise.objects.for_partners` and the coordinator's lists: partner_id IN (…) → enterprise_id.
            models.UniqueConstraint(fields=["partner", "enterprise"], name="enterprise_access_once"),
        ]

    def __str__(self):
        return f"{self.partner_id} → {self.enterprise_id}"


class ImprovementTeam(Audited):
    """The Enterprise Improvement Team (EIT): managers and workers who run improvement projects."""

    class MeetingFrequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        IRREGULAR = "irregular", _("Irregularly")

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="improvement_team"
    )
    established_on = models.DateField(_("established on"))
    female_managers = models.PositiveSmallIntegerField(_("female managers"), default=0)
    male_managers = models.PositiveSmallIntegerField(_("male managers"), default=0)
    female_workers = models.PositiveSmallIntegerField(_("female workers"), default=0)
    male_workers = models.PositiveSmallIntegerField(_("male workers"), default=0)
    meets = models.CharField(
        _("meets"), max_length=20, choices=MeetingFrequency.choices, default=MeetingFrequency.MONTHLY
    )

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise improvement team")
        verbose_name_plural = _("enterprise improvement teams")
        ordering = ["enterprise__name"]

    def __str__(self):
        return str(_("Improvement team of %(enterprise)s") % {"enterprise": self.enterprise})

    @property
    def members(self):
        return self.female_managers + self.male_managers + self.female_workers + self.male_workers

    @property
    def female_members(self):
        return self.female_managers + self.female_workers


class Indicator(Stamped):
    class Kind(models.TextChoices):
        NUMERIC = "numeric", _("Number")
        YES_NO = "yes_no", _("Yes / no")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        NEUTRAL = "neutral", _("Neither")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NUMERIC)
    better = models.CharField(_("which direction is better"), max_length=10, choices=Direction.choices)
    description = models.TextField(_("description"), blank=True)
    min_value = models.DecimalField(_("lowest valid value"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("highest valid value"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="indicator_valid_range_ordered",
                violation_error_message=_("The highest valid value cannot be below the lowest."),
            ),
            models.CheckConstraint(
                condition=filled("name"),
                name="indicator_has_name",
                violation_error_message=_("An indicator needs a name."),
            ),
        ]

    def __str__(self):
        return aside(in_language(self, "unit")[0], in_language(self, "name")[0])

    def clean(self):
        require_text(self, "name")


class Measurement(Stamped):
    class Stage(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="measurements"
    )
    stage = models.CharField(_("baseline or follow-up"), max_length=10, choices=Stage.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        ordering = ["enterprise__name", "indicator__name", "period_start"]
        indexes = [
            # Each enterprise's latest follow-up, read index-only by the reporting rates (reporting.quality).
            models.Index(
                fields=["enterprise", "period_end"],
                condition=Q(stage="follow_up"),
                name="measurement_follow_up_end",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "indicator", "stage", "period_start"],
                name="one_measurement_per_indicator_stage_and_period",
                violation_error_message=_("This indicator already has a value for this stage and period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} – {self.indicator}: {self.value} ({self.get_stage_display()})"

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.enterprise_id]) + "#measurements"

    def clean(self):
        if (
            self.indicator_id
            and self.value is not None
            and self.indicator.kind == Indicator.Kind.YES_NO
            and self.value not in (0, 1)
        ):
            raise ValidationError({"value": _("A yes/no indicator takes 1 for yes or 0 for no.")})
        if self.indicator_id and self.value is not None:
            self._check_range()
        check_unlocked(self, "period_start", "period_end")

    def _check_range(self):
        low, high = self.indicator.min_value, self.indicator.max_value
        if (low is not None and self.value < low) or (high is not None and self.value > high):
            raise ValidationError(
                {
                    "value": _("%(indicator)s takes values from %(low)s to %(high)s.")
                    % {
                        "indicator": self.indicator,
                        "low": low if low is not None else "…",
                        "high": high if high is not None else "…",
                    }
                }
            )


class MeasurementSeries(models.Model):
    """An enterprise's values of one indicator as reports compare them: its first baseline and its latest follow-up
    (by period start, then by entry). Written only by enterprises.summaries."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    baseline_value = models.DecimalField(_("first baseline"), max_digits=14, decimal_places=2, null=True)
    baseline_period_start = models.DateField(_("first baseline from"), null=True)
    follow_up_value = models.DecimalField(_("latest follow-up"), max_digits=14, decimal_places=2, null=True)
    follow_up_period_start = models.DateField(_("latest follow-up from"), null=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator series")
        verbose_name_plural = _("indicator series")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "indicator"], name="one_measurement_series_per_indicator")
        ]

    def __str__(self):
        return f"{self.enterprise} – {self.indicator}: {self.baseline_value} → {self.follow_up_value}"
