from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for

IMPORT_PERMISSION = "dataexchange.import_records"


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


def may_import(user):
    """Whether `user` may import at all: the permission, and partners to write for. Which rows they may
    create or change is still decided row by row."""
    return scope_for(user).may_write_anything and user.has_perm(IMPORT_PERMISSION)
