from django.contrib import admin

from dataexchange.models import SpreadsheetImport
from partners.admin_scoping import ProgrammeStaffOnlyMixin


@admin.register(SpreadsheetImport)
class SpreadsheetImportAdmin(ProgrammeStaffOnlyMixin, admin.ModelAdmin):
    """The log of every import (the Spreadsheets pages and the import_records command), for ILO staff to read."""

    list_display = ["imported_at", "user", "kind", "file_name", "created", "updated", "removed", "unchanged"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["file_name", "user__username"]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
