from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for


class FrozenReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Frozen reports are programme-wide packs: ILO staff and committee members open them."""
        return self.all() if scope_for(user).reads_programme_wide else self.none()

    def for_list(self):
        return self.select_related("frozen_by").defer("html", "figures", "pdf", "xlsx")


class FrozenReport(models.Model):
    """A committee report as it was handed out: its HTML, figures, PDF and workbook, never recomputed."""

    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    filters = models.JSONField(_("filters"), default=dict, blank=True, help_text=_("Partner, city and module chosen."))
    language = models.CharField(_("language"), max_length=10)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    html = models.TextField(_("document (HTML)"), editable=False)
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder, editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    xlsx = models.BinaryField(_("workbook (XLSX)"), editable=False)

    objects = FrozenReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-frozen_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="frozen_report_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:frozen_detail", args=[self.pk])


# The results framework lives in its own module; imported here so that Django finds its models.
from reporting.framework import (  # noqa: E402, F401
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)
