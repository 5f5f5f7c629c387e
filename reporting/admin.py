from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for
from reporting.models import FrozenReport, Job


@admin.register(FrozenReport)
class FrozenReportAdmin(admin.ModelAdmin):
    """Frozen reports never change: ILO staff may look them up and withdraw (delete) one frozen by mistake."""

    list_display = ["__str__", "period_start", "period_end", "languages", "frozen_by", "frozen_at"]
    date_hierarchy = "frozen_at"
    fields = readonly_fields = ["period_start", "period_end", "languages", "frozen_by", "frozen_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description=_("languages"))
    def languages(self, frozen):
        return ", ".join(rendering.language_name for rendering in frozen.renderings.all())

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


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Superusers may look up a job that failed; the files themselves are served only to their owner."""

    list_display = ["title", "requested_by", "status", "created_at", "finished_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    raw_id_fields = ["requested_by"]
    show_full_result_count = False
    fields = readonly_fields = [
        "title",
        "requested_by",
        "status",
        "params",
        "language",
        "task_id",
        "created_at",
        "started_at",
        "finished_at",
        "result_name",
        "result_url",
        "result_note",
        "expires_at",
        "error",
    ]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
