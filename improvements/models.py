from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from improvements.querysets import (
    AHASH_BANDS,
    ImprovementCategoryQuerySet,
    ImprovementQuerySet,
    PhotoQuerySet,
    ProgrammeSummaryQuerySet,
    ReviewStepQuerySet,
)
from partners.access import partners_of
from partners.locks import check_unlocked
from partners.models import City
from score_mis.audit import Stamped
from score_mis.bilingual import filled, has_text, in_language, require_text, unique_in_each_language
from trainings.models import Module


class Stage(models.TextChoices):
    """The stages of an enterprise's journey through SCORE (improvements.journey), in order."""

    RECRUITED = "recruited", _("Recruited")
    BASELINE = "baseline", _("Baseline assessed")
    MODULE_1 = "module_1", _("Module 1: workshop and factory visits")
    FURTHER_MODULES = "further_modules", _("Further modules")
    FOLLOW_UP = "follow_up", _("Follow-up measurements")
    IMPROVEMENTS = "improvements", _("Improvements")


class ImprovementCategory(Stamped):
    """A kind of improvement (workplace cooperation, quality …), kept by ILO staff as reference data. Improvements
    store its code; an inactive category is not offered for new improvements but stays on those that have it."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active categories are offered for new improvements.")
    )

    objects = ImprovementCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement category")
        verbose_name_plural = _("improvement categories")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=filled("name"),
                name="improvement_category_has_name",
                violation_error_message=_("An improvement category needs a name."),
            ),
            *unique_in_each_language(
                "improvement_category_name", "name", [], _("Another improvement category has this name.")
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        require_text(self, "name")

    @property
    def display_name(self):
        return in_language(self, "name")[0]

    @property
    def display_status(self):
        return _("Active") if self.is_active else _("Inactive")


class Improvement(Stamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned for changes")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="improvements"
    )
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="improvements")
    category = models.ForeignKey(
        ImprovementCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        to_field="code",
        db_column="category",
        related_name="improvements",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    implemented_on = models.DateField(_("implemented on"))
    investment_rmb = models.DecimalField(_("investment (RMB)"), max_digits=12, decimal_places=2, default=0)
    annual_saving_rmb = models.DecimalField(
        _("annual saving (RMB)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    saving_calculation = models.TextField(
        _("how the saving was worked out"),
        blank=True,
        help_text=_("For example: bags no longer bought, hours of unpacking saved, at what prices."),
    )
    is_gender_responsive = models.BooleanField(_("gender-responsive"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["-implemented_on", "title"]
        indexes = [
            # Verified improvements of a period: dashboard, committee report, improvement list.
            models.Index(fields=["status", "-implemented_on"], name="improvement_status_date"),
            # The improvement list and the admin changelist in their default order (the admin adds the id).
            models.Index(fields=["-implemented_on", "title", "id"], name="improvement_list_order"),
            # The latest verified improvements, with photos first (reporting.figures improvement_results: ORDER BY
            # verified_at DESC, id walks this index and stops at the few rows shown).
            models.Index(fields=["status", "-verified_at", "id"], name="improvement_latest_verified"),
            # Improvements to verify, the longest waiting first (the staff and reviewers' home page:
            # status = 'submitted' ORDER BY updated_at, id walks it, its bounded count reads it alone).
            models.Index(fields=["updated_at", "id"], condition=Q(status="submitted"), name="improvement_to_verify"),
        ]
        constraints = [
            *unique_in_each_language(
                "improvement_title_unique_per_enterprise",
                "title",
                ["enterprise"],
                _("This enterprise already has an improvement with this title."),
            ),
            models.CheckConstraint(
                condition=has_text("title"),
                name="improvement_has_title",
                violation_error_message=_("An improvement needs a title."),
            ),
            models.CheckConstraint(
                condition=Q(investment_rmb__gte=0) & (Q(annual_saving_rmb__isnull=True) | Q(annual_saving_rmb__gte=0)),
                name="improvement_money_not_negative",
                violation_error_message=_("Investment and saving cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | (Q(verified_by__isnull=False) & Q(verified_at__isnull=False)),
                name="verified_improvement_names_verifier",
                violation_error_message=_("A verified improvement records who verified it and when."),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("improvements:improvement_detail", args=[self.pk])

    @property
    def display_title(self):
        return self.title

    def clean(self):
        require_text(self, "title")
        check_unlocked(self, "implemented_on")
        self._check_category_offered()

    def _check_category_offered(self):
        """An inactive category stays on the improvements that have it; no other improvement takes it."""
        try:
            category = self.category
        except ImprovementCategory.DoesNotExist:
            return  # none given, or an unknown code: the field's own check says so
        if category.is_active:
            return
        if self._state.adding or not Improvement.objects.filter(pk=self.pk, category=category).exists():
            raise ValidationError(
                {
                    "category": _("The category “%(category)s” is no longer used: choose another.")
                    % {"category": category}
                }
            )

    def review_conflict(self, user):
        """Why `user` may not review this improvement, or "" if they may (four eyes): nobody reviews an
        improvement they created or changed (its photos included), nor one of a partner they belong to."""
        own_photos = self.photos.filter(Q(created_by=user) | Q(updated_by=user))
        if user.pk in (self.created_by_id, self.updated_by_id) or own_photos.exists():
            return _("You created or changed this improvement or its photos: someone else must review it.")
        member_of = partners_of(user)
        if member_of and Improvement.objects.filter(pk=self.pk).for_partners(member_of).exists():
            return _("This improvement belongs to a partner you are a member of: someone independent must review it.")
        return ""


class ReviewStep(models.Model):
    """One step of an improvement's review: who moved it from which status to which, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Submitted again")
        VERIFY = "verify", _("Verified")
        RETURN = "return", _("Returned for changes")

    improvement = models.ForeignKey(
        Improvement, verbose_name=_("improvement"), on_delete=models.CASCADE, related_name="review_steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=10, choices=Improvement.Status.choices)
    to_status = models.CharField(_("to status"), max_length=10, choices=Improvement.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = ReviewStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["improvement", "at", "pk"]
        indexes = [
            # An improvement's latest return and its comment (the coordinator's home page: returned_to).
            models.Index(fields=["improvement", "action", "-at"], name="review_step_latest_by_action"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="return") | has_text("comment"),
                name="returned_improvement_has_comment",
                violation_error_message=_("Say what needs to change when returning an improvement."),
            ),
        ]

    def __str__(self):
        return f"{self.improvement}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class Photo(Stamped):
    """A before or after photo. Stored only as re-encoded copies made by `improvements.photos`:
    `image` at full size, `display` fitting 1280 px and `thumbnail` fitting 320 px, all upright and
    without metadata. They are private: served by the `improvements:photo` view, never from /media/."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"

    SIZES = {"thumbnail": "thumbnail", "display": "display", "original": "image"}

    improvement = models.ForeignKey(
        Improvement, verbose_name=_("improvement"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(_("before or after"), max_length=6, choices=Stage.choices)
    image = models.ImageField(_("image"), upload_to="improvements/%Y/%m/")
    display = models.ImageField(_("display size"), upload_to="improvements/display/%Y/%m/", blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="improvements/thumbnails/%Y/%m/", blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, blank=True)
    width = models.PositiveIntegerField(_("width (pixels)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (pixels)"), null=True, blank=True)
    ahash = models.CharField(
        _("average hash"),
        max_length=16,
        blank=True,
        help_text=_("A 64-bit perceptual hash in hexadecimal: near-identical pictures have nearly equal hashes."),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["improvement", "stage", "pk"]
        indexes = [
            models.Index(Substr("ahash", start, length), name=f"photo_ahash_band_{number}")
            for number, (start, length) in enumerate(AHASH_BANDS, start=1)
        ]

    def __str__(self):
        return f"{self.improvement} – {self.get_stage_display()}"

    def get_absolute_url(self):
        return self.url_for("display")

    def url_for(self, size):
        return reverse("improvements:photo", args=[self.pk, size])

    def file(self, size):
        """The stored file of one size ("thumbnail", "display" or "original"), or None if it is missing."""
        field_file = getattr(self, self.SIZES[size])
        return field_file or None

    @property
    def content_type(self):
        return f"image/{self.format}"


class ImprovementDay(models.Model):
    """The improvements implemented on one day in one city, by module, status and whether gender-responsive: the
    programme-wide reports sum these rows instead of the improvements. Written only by improvements.summaries."""

    day = models.DateField(_("implemented on"))
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Improvement.Status.choices)
    is_gender_responsive = models.BooleanField(_("gender-responsive"))
    improvements = models.PositiveIntegerField(_("improvements"))
    with_saving = models.PositiveIntegerField(_("improvements with an annual saving"))
    annual_saving_rmb = models.DecimalField(_("annual saving (RMB)"), max_digits=18, decimal_places=2)
    investment_rmb = models.DecimalField(_("investment (RMB)"), max_digits=18, decimal_places=2)

    objects = ProgrammeSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvements of a day")
        verbose_name_plural = _("improvements by day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "city", "module", "status", "is_gender_responsive"], name="improvement_day_key"
            )
        ]
        indexes = [
            # Verified improvements of a period (reporting.figures: headline, by module and city; reporting.results).
            models.Index(fields=["status", "day"], name="improvement_day_status"),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.city} {self.module} {self.status}: {self.improvements}"


class StageReached(models.Model):
    """A stage of an enterprise's journey that its own records reach for whoever sees the enterprise: it has
    improvements (they follow their enterprise's visibility), it has follow-up measurements (not scoped at all). The
    journey's stage filter (improvements.journey.at_journey_stage) reads these rows instead of the records. Written
    only by improvements.stages_reached."""

    REACHED_BY_ITS_RECORDS = (Stage.FOLLOW_UP, Stage.IMPROVEMENTS)

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(
        _("stage of the journey"),
        max_length=20,
        choices=[(stage.value, stage.label) for stage in REACHED_BY_ITS_RECORDS],
    )

    class Meta:
        verbose_name = _("stage reached")
        verbose_name_plural = _("stages reached")
        # Stage first: a stage's rows in enterprise order, for the filter's anti-join (cascades use the foreign key's).
        constraints = [models.UniqueConstraint(fields=["stage", "enterprise"], name="stage_reached_key")]

    def __str__(self):
        return f"{self.enterprise_id}: {self.stage}"
