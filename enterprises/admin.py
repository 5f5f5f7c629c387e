from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from partners.admin_scoping import ScopedAdmin, ScopedStackedInline, ScopedTabularInline


class ImprovementTeamInline(ScopedStackedInline):
    model = ImprovementTeam
    fields = [("established_on", "meets"), ("female_managers", "male_managers"), ("female_workers", "male_workers")]


class MeasurementInline(ScopedTabularInline):
    model = Measurement
    fields = ["indicator", "stage", "period_start", "period_end", "value", "note"]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ["name", "name_zh", "city", "sector", "recruited_by", "workforce_total", "workforce_female"]
    list_select_related = ["city", "recruited_by"]
    list_filter = ["sector", "city", ("recruited_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_zh", "city__name", "city__name_zh"]
    autocomplete_fields = ["recruited_by", "supplies_brands"]
    inlines = [ImprovementTeamInline, MeasurementInline]


@admin.register(ImprovementTeam)
class ImprovementTeamAdmin(ScopedAdmin):
    list_display = ["enterprise", "established_on", "members", "female_members", "meets"]
    list_select_related = ["enterprise"]
    list_filter = ["meets"]
    search_fields = ["enterprise__name", "enterprise__name_zh"]
    autocomplete_fields = ["enterprise"]

    @admin.display(description=_("members"))
    def members(self, team):
        return team.members

    @admin.display(description=_("female members"))
    def female_members(self, team):
        return team.female_members


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin):
    list_display = ["code", "name", "name_zh", "unit", "kind", "better"]
    list_filter = ["kind", "better"]
    search_fields = ["code", "name", "name_zh"]


@admin.register(Measurement)
class MeasurementAdmin(ScopedAdmin):
    list_display = ["enterprise", "indicator", "stage", "period_start", "period_end", "value"]
    list_select_related = ["enterprise", "indicator"]
    list_filter = ["stage", "indicator"]
    search_fields = ["enterprise__name", "enterprise__name_zh", "indicator__code", "indicator__name", "note"]
    autocomplete_fields = ["enterprise"]
