from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from improvements.querysets import ImprovementQuerySet, PhotoQuerySet
from partners.models import localized
from score_mis.audit import Audited
from trainings.models import Module


class Category(models.TextChoices):
    WORKPLACE_COOPERATION = "cooperation", _("Workplace cooperation")
    QUALITY = "quality", _("Quality")
    CLEANER_PRODUCTION = "cleaner_production", _("Cleaner production")
    WORKFORCE_MANAGEMENT = "workforce", _("Workforce management")
    OSH = "osh", _("Occupational safety and health")
    GENDER = "gender", _("Gender")


class Improvement(Audited):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned for changes")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="improvements"
    )
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="improvements")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("Chinese title"), max_length=200, blank=True)
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
        constraints = [
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
        return localized(self.title, self.title_zh)


class Photo(Audited):
    class Stage(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    improvement = models.ForeignKey(
        Improvement, verbose_name=_("improvement"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(_("before or after"), max_length=6, choices=Stage.choices)
    image = models.ImageField(_("image"), upload_to="improvements/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["improvement", "stage", "pk"]

    def __str__(self):
        return f"{self.improvement} – {self.get_stage_display()}"
