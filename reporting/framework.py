"""The results framework: what the programme promised (targets) and what it achieved (actuals), by phase.

A phase has outcomes and outputs; each holds indicators. An indicator's actual is either computed from
the records by a key into `reporting.results.COMPUTATIONS`, or reported by ILO staff for a period.
Periods are a whole phase (year 0), a calendar year (half 0) or a half-year (half 1 or 2): see `Period`.
Text that people write is kept in English and Chinese (reporting/translation.py).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for
from partners.models import City, Partner
from partners.models import Phase as PhaseCode
from score_mis.audit import Stamped
from score_mis.bilingual import filled, require_text

FIRST_YEAR, LAST_YEAR = 2000, 2100
EVIDENCE_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "jpg", "jpeg", "png"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Period:
    """A period of a phase: the whole phase (year 0), a calendar year (half 0) or a half-year (half 1 or 2)."""

    phase: "ProgrammePhase"
    year: int = 0
    half: int = 0

    @property
    def start(self):
        if not self.year:
            return self.phase.starts_on
        day = datetime.date(self.year, 7 if self.half == 2 else 1, 1)
        return max(day, self.phase.starts_on)

    @property
    def end(self):
        if not self.year:
            return self.phase.last_day
        month = 6 if self.half == 1 else 12
        day = datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])
        return min(day, self.phase.last_day)

    @property
    def key(self):
        """The period as a query value: "phase", "2015" or "2015-2"."""
        if not self.year:
            return "phase"
        return f"{self.year}-{self.half}" if self.half else str(self.year)

    @property
    def label(self):
        if not self.year:
            return str(_("Whole phase (cumulative)"))
        if not self.half:
            return str(self.year)
        if self.half == 1:
            return str(_("%(year)s, January–June") % {"year": self.year})
        return str(_("%(year)s, July–December") % {"year": self.year})

    @property
    def is_cumulative(self):
        return not self.year


class PeriodFields(models.Model):
    """A period of the phase: year 0 is the whole phase, half 0 the whole year."""

    class Half(models.IntegerChoices):
        WHOLE_YEAR = 0, _("Whole year")
        FIRST = 1, _("January–June")
        SECOND = 2, _("July–December")

    year = models.PositiveSmallIntegerField(_("year"), default=0, help_text=_("0 for the whole phase (cumulative)."))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices, default=Half.WHOLE_YEAR)

    class Meta:
        abstract = True

    @classmethod
    def period_constraints(cls, prefix):
        return [
            models.CheckConstraint(
                condition=Q(half__in=[0, 1, 2]) & (Q(year=0, half=0) | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR)),
                name=f"{prefix}_period_is_phase_year_or_half",
                violation_error_message=_("A period is the whole phase, a year, or one half of a year."),
            )
        ]

    def period_in(self, phase):
        return Period(phase, self.year, self.half)

    def _check_period_in(self, phase):
        if phase is None or not self.year:
            return
        if not (phase.starts_on.year <= self.year <= phase.last_day.year):
            raise ValidationError({"year": _("This year is not part of %(phase)s.") % {"phase": phase}})


class ProgrammeWideQuerySet(models.QuerySet):
    """Rows about the programme as a whole: every reader of reports reads them, ILO staff change them."""

    def visible_to(self, user):
        return self.all() if scope_for(user).reads_reports else self.none()

    def editable_by(self, user):
        return self.all() if scope_for(user).changes_everything else self.none()


class StaffAndCommitteeQuerySet(ProgrammeWideQuerySet):
    """Rows for programme-wide reports only (reported actuals and their evidence): not for partner users."""

    def visible_to(self, user):
        return self.all() if scope_for(user).reads_programme_wide else self.none()


class TargetQuerySet(ProgrammeWideQuerySet):
    def visible_to(self, user):
        """Programme-wide and city targets for every reader of reports; a partner's target for its members."""
        scope = scope_for(user)
        if scope_for(user).reads_programme_wide:
            return self.all()
        if not scope.reads_reports:
            return self.none()
        return self.filter(Q(partner__isnull=True) | Q(partner_id__in=scope.readable_partner_ids))

    def for_period(self, period):
        return self.filter(indicator__area__phase=period.phase, year=period.year, half=period.half)


def phase_on(day):
    """The phase running on `day` (the latest that started by then), else the first phase; None without phases."""
    phases = list(ProgrammePhase.objects.order_by("starts_on"))
    started = [phase for phase in phases if phase.starts_on <= day]
    return started[-1] if started else next(iter(phases), None)


class ProgrammePhase(Stamped):
    """A phase of SCORE in China, with its own results framework (the three phases come from a migration)."""

    code = models.CharField(_("phase"), max_length=3, choices=PhaseCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty while the phase runs."))

    objects = ProgrammeWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programme_phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=filled("name"),
                name="programme_phase_has_name",
                violation_error_message=_("A phase needs a name."),
            ),
        ]

    def __str__(self):
        return self.name or self.get_code_display()

    @property
    def last_day(self):
        """The phase's last day; for a running phase the end of the current year."""
        return self.ends_on or datetime.date(timezone.localdate().year, 12, 31)

    def periods(self):
        """Every period of the phase: the whole phase, then each year followed by its two halves."""
        periods = [Period(self)]
        for year in range(self.starts_on.year, self.last_day.year + 1):
            periods += [Period(self, year), Period(self, year, 1), Period(self, year, 2)]
        return periods

    def period(self, key):
        """The period named by `key` ("phase", "2015", "2015-1"), or None when the phase has no such period."""
        return next((period for period in self.periods() if period.key == key), None)

    def clean(self):
        require_text(self, "name")


class ResultArea(Stamped):
    """An outcome of a phase, or an output that serves one of its outcomes."""

    class Level(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    phase = models.ForeignKey(ProgrammePhase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="areas")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("serves outcome"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outputs",
        limit_choices_to={"level": Level.OUTCOME},
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Such as 1 for an outcome or 1.2 for an output."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ProgrammeWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome or output")
        verbose_name_plural = _("outcomes and outputs")
        ordering = ["phase__starts_on", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "code"],
                name="result_area_code_unique_per_phase",
                violation_error_message=_("This phase already has an outcome or output with this code."),
            ),
            models.CheckConstraint(
                condition=(Q(level="outcome") & Q(parent__isnull=True)) | (Q(level="output") & Q(parent__isnull=False)),
                name="result_output_serves_an_outcome",
                violation_error_message=_("An output serves one outcome; an outcome serves none."),
            ),
            models.CheckConstraint(
                condition=filled("title"),
                name="result_area_has_title",
                violation_error_message=_("An outcome or output needs a title."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.code}: {self.title}"

    def clean(self):
        require_text(self, "title")
        if self.parent_id and (self.parent.phase_id != self.phase_id or self.parent.level != self.Level.OUTCOME):
            raise ValidationError({"parent": _("Choose an outcome of the same phase.")})


class ResultIndicator(Stamped):
    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        MONEY = "money", _("Money (RMB)")
        YES_NO = "yes_no", _("Yes / no")
        SCORE = "score", _("Average score (1–5)")

    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the records")
        REPORTED = "reported", _("Reported by ILO staff")

    area = models.ForeignKey(
        ResultArea, verbose_name=_("outcome or output"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300, blank=True)
    unit_label = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("Such as enterprises or %."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    better = models.CharField(_("which direction is better"), max_length=10, choices=Better.choices, default="higher")
    source = models.CharField(_("actual comes from"), max_length=10, choices=Source.choices)
    computation = models.CharField(
        _("computation"), max_length=40, blank=True, help_text=_("How a computed actual is counted.")
    )
    by_sex = models.BooleanField(_("by sex"), default=False)
    by_role = models.BooleanField(_("by manager and worker"), default=False)
    by_partner = models.BooleanField(_("targets per partner"), default=False)
    by_city = models.BooleanField(_("targets per city"), default=False)
    is_key = models.BooleanField(_("key indicator"), default=False, help_text=_("Shown on the dashboard."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ProgrammeWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")
        ordering = ["area__phase__starts_on", "area__position", "area__code", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"],
                name="result_indicator_code_unique_per_area",
                violation_error_message=_("This outcome or output already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computation="")) | (Q(source="reported") & Q(computation="")),
                name="result_indicator_computed_names_its_computation",
                violation_error_message=_("A computed indicator names its computation; a reported one does not."),
            ),
            models.CheckConstraint(
                condition=filled("name"),
                name="result_indicator_has_name",
                violation_error_message=_("An indicator needs a name."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("reporting:indicator_update", args=[self.pk])

    def clean(self):
        from reporting.results import COMPUTATIONS

        require_text(self, "name")
        if self.source == self.Source.COMPUTED and self.computation not in COMPUTATIONS:
            raise ValidationError({"computation": _("Choose how the actual is computed.")})
        if self.source == self.Source.REPORTED and self.computation:
            raise ValidationError({"computation": _("A reported indicator has no computation: leave it empty.")})
        if self.computation in COMPUTATIONS and COMPUTATIONS[self.computation].kind != self.kind:
            raise ValidationError(
                {"kind": _("This computation gives a %(kind)s.") % {"kind": COMPUTATIONS[self.computation].kind_label}}
            )


def _check_value_fits(indicator, **values):
    """Percentages lie between 0 and 100; average scores at most 5; yes/no takes 1 or 0."""
    errors = {}
    for name, value in values.items():
        if value is None or indicator is None:
            continue
        if indicator.kind == ResultIndicator.Kind.PERCENTAGE and value > 100:
            errors[name] = _("A percentage is at most 100.")
        if indicator.kind == ResultIndicator.Kind.SCORE and value > 5:
            errors[name] = _("An average score is at most 5.")
        if indicator.kind == ResultIndicator.Kind.YES_NO and value not in (0, 1):
            errors[name] = _("A yes/no indicator takes 1 for yes or 0 for no.")
    if errors:
        raise ValidationError(errors)


class ResultTarget(PeriodFields, Stamped):
    """What an indicator should reach in a period, from which baseline; for the programme, a partner or a city."""

    indicator = models.ForeignKey(
        ResultIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_female_share = models.DecimalField(
        _("of whom women (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__area__position", "indicator__position", "year", "half", "partner__name", "city__name"]
        constraints = [
            *PeriodFields.period_constraints("result_target"),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | Q(city__isnull=True),
                name="result_target_partner_or_city",
                violation_error_message=_("A target is for the programme, one partner or one city, not both."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "half"],
                condition=Q(partner__isnull=True, city__isnull=True),
                name="one_programme_target_per_indicator_and_period",
                violation_error_message=_("This indicator already has a target for this period."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "half", "partner"],
                condition=Q(partner__isnull=False),
                name="one_partner_target_per_indicator_and_period",
                violation_error_message=_("This indicator already has a target for this partner and period."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "half", "city"],
                condition=Q(city__isnull=False),
                name="one_city_target_per_indicator_and_period",
                violation_error_message=_("This indicator already has a target for this city and period."),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0) & (Q(baseline__isnull=True) | Q(baseline__gte=0)),
                name="result_target_not_negative",
                violation_error_message=_("Targets and baselines cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(target_female_share__isnull=True)
                | Q(target_female_share__gte=0, target_female_share__lte=100),
                name="result_target_female_share_is_a_percentage",
                violation_error_message=_("The share of women is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.target}"

    @property
    def period(self):
        return self.period_in(self.indicator.area.phase)

    def clean(self):
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            self._check_period_in(indicator.area.phase)
        _check_value_fits(indicator, target=self.target, baseline=self.baseline)


class ReportedActual(PeriodFields, Stamped):
    """An actual that the records cannot give (a business plan, a centre of excellence), reported by ILO staff."""

    indicator = models.ForeignKey(
        ResultIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="reported_actuals",
        limit_choices_to={"source": ResultIndicator.Source.REPORTED},
    )
    value = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)
    female_share = models.DecimalField(_("of whom women (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Where the figure comes from."))
    evidence = models.FileField(
        _("evidence"),
        upload_to="results/evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("Optional: a document behind the figure. Private: only ILO staff and committee members open it."),
    )

    objects = StaffAndCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported actual")
        verbose_name_plural = _("reported actuals")
        ordering = ["indicator__area__position", "indicator__position", "year", "half"]
        constraints = [
            *PeriodFields.period_constraints("reported_actual"),
            models.UniqueConstraint(
                fields=["indicator", "year", "half"],
                name="one_reported_actual_per_indicator_and_period",
                violation_error_message=_("This indicator already has an actual for this period."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="reported_actual_not_negative",
                violation_error_message=_("An actual cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(female_share__isnull=True) | Q(female_share__gte=0, female_share__lte=100),
                name="reported_actual_female_share_is_a_percentage",
                violation_error_message=_("The share of women is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"

    @property
    def period(self):
        return self.period_in(self.indicator.area.phase)

    def get_evidence_url(self):
        return reverse("reporting:actual_evidence", args=[self.pk]) if self.evidence else ""

    def clean(self):
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            self._check_period_in(indicator.area.phase)
            if indicator.source != ResultIndicator.Source.REPORTED:
                raise ValidationError({"indicator": _("This indicator is computed from the records.")})
        _check_value_fits(indicator, value=self.value)
        if self.evidence and self.evidence.size > EVIDENCE_MAX_BYTES:
            raise ValidationError({"evidence": _("The file is larger than 10 MB.")})


class UsdRate(PeriodFields, Stamped):
    """How many RMB make one US dollar in a period, as ILO staff set it for reporting money in USD."""

    phase = models.ForeignKey(ProgrammePhase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="+")
    rmb_per_usd = models.DecimalField(_("RMB per US dollar"), max_digits=8, decimal_places=4)

    objects = ProgrammeWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("US dollar rate")
        verbose_name_plural = _("US dollar rates")
        ordering = ["phase__starts_on", "year", "half"]
        constraints = [
            *PeriodFields.period_constraints("usd_rate"),
            models.UniqueConstraint(
                fields=["phase", "year", "half"],
                name="one_usd_rate_per_period",
                violation_error_message=_("This period already has a rate."),
            ),
            models.CheckConstraint(
                condition=Q(rmb_per_usd__gt=0),
                name="usd_rate_positive",
                violation_error_message=_("A rate is more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.period.label}: {self.rmb_per_usd}"

    @property
    def period(self):
        return self.period_in(self.phase)

    def clean(self):
        if self.phase_id:
            self._check_period_in(self.phase)


class Narrative(Stamped):
    """What ILO staff write for the committee about a period: summary, challenges, next steps."""

    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    executive_summary = models.TextField(_("executive summary"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)

    objects = ProgrammeWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee narrative")
        verbose_name_plural = _("committee narratives")
        ordering = ["-period_start", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                name="one_narrative_per_period",
                violation_error_message=_("There is already a narrative for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="narrative_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=filled("executive_summary"),
                name="narrative_has_summary",
                violation_error_message=_("A narrative needs an executive summary."),
            ),
        ]

    def __str__(self):
        return str(_("Narrative for %(start)s – %(end)s") % {"start": self.period_start, "end": self.period_end})

    def clean(self):
        require_text(self, "executive_summary")


class ContentItemQuerySet(ProgrammeWideQuerySet):
    def in_period(self, start, end):
        return self.filter(published_on__range=(start, end))


class ContentItem(Stamped):
    """A communication product (a brochure, a video) or a testimonial that staff record for the reports."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Communication product")
        TESTIMONIAL = "testimonial", _("Testimonial")

    class Languages(models.TextChoices):
        CHINESE = "zh", _("Chinese")
        ENGLISH = "en", _("English")
        BOTH = "en_zh", _("English and Chinese")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    published_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=5, choices=Languages.choices, blank=True)
    formats = models.CharField(
        _("formats"), max_length=200, blank=True, help_text=_("Such as an e-version and hard copies.")
    )
    who = models.CharField(_("who"), max_length=200, blank=True, help_text=_("For a testimonial: who said it."))
    text = models.TextField(_("text"), blank=True, help_text=_("The testimonial, or what the product contains."))

    objects = ContentItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["-published_on", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="product") & filled("title") & ~Q(languages=""))
                | (Q(kind="testimonial") & filled("who") & filled("text") & Q(languages="")),
                name="content_item_complete_for_its_kind",
                violation_error_message=_(
                    "A communication product needs a title and its languages; a testimonial needs who said it and what."
                ),
            ),
        ]

    def __str__(self):
        return self.title or self.who

    def clean(self):
        if self.kind == self.Kind.PRODUCT:
            require_text(self, "title")
            if not self.languages:
                raise ValidationError({"languages": _("Say in which languages the product exists.")})
        elif self.kind == self.Kind.TESTIMONIAL:
            require_text(self, "who", "text")
            self.languages = ""
