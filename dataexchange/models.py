from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for

IMPORT_PERMISSION = "dataexchange.import_records"


class SpreadsheetImport(models.Model):
    """No rows: the model only carries the permission to import records from spreadsheets."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("import_records", _("Can import records from spreadsheets"))]

    def __str__(self):
        return str(self._meta.verbose_name)


def writes_records(user):
    """Whether `user` writes for some partner (ILO staff write for all): who is offered the import links
    on list pages, without the permission queries."""
    scope = scope_for(user)
    return scope.changes_everything or bool(scope.writable_partner_ids)


def may_import(user):
    """Whether `user` may import at all: the permission, and partners to write for. Which rows they may
    create or change is still decided row by row."""
    return writes_records(user) and user.has_perm(IMPORT_PERMISSION)
