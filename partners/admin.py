from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group, User
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from partners.admin_scoping import (
    ProgrammeStaffOnlyMixin,
    ScopedAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)
from partners.models import Agreement, City, Notification, Partner, PartnerMembership, PeriodLock, QualitySettings
from score_mis.forms import PlainTextFormMixin


@admin.register(City)
class CityAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "province_en", "province_zh_hans"]
    list_filter = ["province_en"]
    search_fields = ["name_en", "name_zh_hans", "province_en", "province_zh_hans"]


class AgreementInline(ScopedStackedInline, TranslationStackedInline):
    model = Agreement
    fields = ["kind", "title", "phase", ("signed_on", "starts_on", "ends_on"), "scope", "document"]


class MembershipInline(ProgrammeStaffOnlyMixin, ScopedTabularInline):
    model = PartnerMembership
    fields = ["user", "role"]
    raw_id_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "code", "kind", "parent", "city", "is_active"]
    list_select_related = ["parent", "city"]
    list_filter = ["kind", "is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_en", "name_zh_hans", "code"]
    autocomplete_fields = ["parent"]
    inlines = [AgreementInline, MembershipInline]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["title", "partner", "kind", "phase", "signed_on", "starts_on", "ends_on"]
    list_select_related = ["partner"]
    list_filter = ["kind", "phase", ("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title_en", "title_zh_hans", "partner__name_en", "partner__name_zh_hans", "partner__code"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["partner"]


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(ProgrammeStaffOnlyMixin, ScopedAdmin):
    list_display = ["user", "partner", "role"]
    list_select_related = ["user", "partner"]
    list_filter = ["role", ("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "partner__name_en", "partner__name_zh_hans", "partner__code"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["user"]


admin.site.unregister(User)
admin.site.unregister(Group)


class UserChangeForm(PlainTextFormMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(PlainTextFormMixin, auth_forms.AdminUserCreationForm):
    pass


class GroupForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "permissions"]


@admin.register(User)
class UserAdmin(ProgrammeStaffOnlyMixin, SimpleHistoryAdmin, auth_admin.UserAdmin):
    """Users and their roles decide who sees, changes and reviews what: only ILO staff change them (only a
    superuser makes another), and every change is kept in the history (partners.models.UserHistory)."""

    form = UserChangeForm
    add_form = UserCreationForm

    def get_readonly_fields(self, request, obj=None):
        readonly_fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly_fields
        return (*readonly_fields, "is_superuser", "user_permissions")


@admin.register(Group)
class GroupAdmin(ProgrammeStaffOnlyMixin, auth_admin.GroupAdmin):
    form = GroupForm


@admin.register(QualitySettings)
class QualitySettingsAdmin(ProgrammeStaffOnlyMixin, ScopedAdmin):
    """The thresholds of the data-quality rules: one row, changed by ILO staff."""

    list_display = ["__str__", "activity_tolerance_days", "attendance_ceiling", "follow_up_months", "review_wait_days"]

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not QualitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodLock)
class PeriodLockAdmin(ProgrammeStaffOnlyMixin, ScopedAdmin, TranslationAdmin):
    """Reporting periods ILO staff lock after the committee meeting (partners.locks)."""

    list_display = ["starts_on", "ends_on", "reason", "created_by", "created_at"]
    list_select_related = ["created_by"]


@admin.register(Notification)
class NotificationAdmin(ProgrammeStaffOnlyMixin, admin.ModelAdmin):
    """What was sent to whom and when (read-only: notifications come from the workflow and the reminders)."""

    list_display = ["recipient", "kind", "delivery", "created_at", "read_at", "emailed_at"]
    list_select_related = ["recipient"]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__username"]
    raw_id_fields = ["recipient"]
    show_full_result_count = False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
