from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for

IMPORT_PERMISSION = "dataexchange.import_records"
# How long an uploaded file waits for its confirmation.
STAGED_FOR = timezone.timedelta(days=1)


class SpreadsheetImport(models.Model):
    """A spreadsheet imported into SCORE MIS: who imported which file of what, and what it changed
    (rows removed: attendance rows a file sets to nobody). The model also carries the permission to import."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind of records"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    created = models.PositiveIntegerField(_("rows added"))
    updated = models.PositiveIntegerField(_("rows updated"))
    removed = models.PositiveIntegerField(_("rows removed"), default=0)
    unchanged = models.PositiveIntegerField(_("rows unchanged"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-imported_at"]
        default_permissions = ("view",)
        permissions = [("import_records", _("Can import records from spreadsheets"))]

    def __str__(self):
        return f"{self.file_name} ({self.kind}, {self.imported_at:%Y-%m-%d %H:%M})"


class StagedImportQuerySet(models.QuerySet):
    def waiting(self):
        """Files not imported yet, staged less than STAGED_FOR ago."""
        return self.filter(imported_at__isnull=True, staged_at__gte=timezone.now() - STAGED_FOR)


class StagedImport(models.Model):
    """A file uploaded for import, kept between its check and its confirmation (for a day at most): the
    bytes, the check shown in the preview, and when it was imported. Only its token leaves the server,
    and it is looked up with its user only. Confirming claims it once (services.staged_import_confirm)."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    outcome = models.JSONField()
    staged_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = StagedImportQuerySet.as_manager()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.file_name} ({self.kind}, {self.token})"


def writes_records(user):
    """Whether `user` writes for some partner (ILO staff write for all): who is offered the import links
    on list pages, without the permission queries."""
    scope = scope_for(user)
    return scope.changes_everything or bool(scope.writable_partner_ids)


def may_import(user):
    """Whether `user` may import at all: the permission, and partners to write for. Which rows they may
    create or change is still decided row by row."""
    return writes_records(user) and user.has_perm(IMPORT_PERMISSION)
