from django.contrib import admin

from partners.access import scope_for
from reporting.models import FrozenReport


@admin.register(FrozenReport)
class FrozenReportAdmin(admin.ModelAdmin):
    """Frozen reports never change: ILO staff may look them up and withdraw (delete) one frozen by mistake."""

    list_display = ["title", "period_start", "period_end", "language", "frozen_by", "frozen_at"]
    list_select_related = ["frozen_by"]
    date_hierarchy = "frozen_at"
    fields = readonly_fields = ["title", "period_start", "period_end", "filters", "language", "frozen_by", "frozen_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("html", "figures", "pdf", "xlsx")

    def has_module_permission(self, request):
        return scope_for(request.user).may_freeze_reports

    def has_view_permission(self, request, obj=None):
        return scope_for(request.user).may_freeze_reports

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return scope_for(request.user).may_freeze_reports
