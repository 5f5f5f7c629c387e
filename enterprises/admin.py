from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from partners.admin_scoping import (
    TRIGRAM,
    BoundedCountMixin,
    ScopedAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    search_words,
)
from partners.models import City
from score_mis.pagination import has_more_than


class ImprovementTeamInline(ScopedStackedInline):
    model = ImprovementTeam
    fields = [("established_on", "meets"), ("female_managers", "male_managers"), ("female_workers", "male_workers")]


class MeasurementInline(ScopedTabularInline, TranslationTabularInline):
    model = Measurement
    fields = ["indicator", "stage", "period_start", "period_end", "value", "note"]


# A search word in more enterprise names than this is common (see is_common).
COMMON_IN_NAMES = 1_000


def is_common(word):
    """Whether the trigram indexes would return too many enterprises for `word` to gather and sort them all."""
    if len(word) < TRIGRAM:
        return True
    return has_more_than(Enterprise.objects.search(word), COMMON_IN_NAMES)


@admin.register(Enterprise)
class EnterpriseAdmin(BoundedCountMixin, ScopedAdmin, TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "city", "sector", "recruited_by", "workforce_total", "workforce_female"]
    list_select_related = ["city", "recruited_by"]
    list_filter = ["sector", "city", ("recruited_by", admin.RelatedOnlyFieldListFilter)]
    # Searched by get_search_results below: each word in the name (English or Chinese) or the city's name.
    search_fields = ["name_en", "name_zh_hans", "city__name_en", "city__name_zh_hans"]
    autocomplete_fields = ["recruited_by", "supplies_brands"]
    inlines = [ImprovementTeamInline, MeasurementInline]

    def get_search_results(self, request, queryset, search_term):
        """Every word must be in the enterprise's name or its city's. A rare word is a UNION of the names' trigram
        look-ups and the matching cities' enterprises, which finds its few rows without reading the others; a
        common or short one is tested on each row while PostgreSQL walks the changelist's ordering index
        (`enterprise_admin_order`), which stops at the end of the page."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, "")
        for word in search_words(search_term):
            cities = City.objects.filter(Q(name_en__icontains=word) | Q(name_zh_hans__icontains=word))
            if is_common(word):
                queryset = queryset.filter(
                    Q(name_en__icontains=word) | Q(name_zh_hans__icontains=word) | Q(city__in=cities)
                )
                continue
            matching = (
                Enterprise.objects.search(word)
                .order_by()
                .values("pk")
                .union(Enterprise.objects.filter(city__in=cities).order_by().values("pk"))
            )
            queryset = queryset.filter(pk__in=matching)
        return queryset, may_have_duplicates


@admin.register(ImprovementTeam)
class ImprovementTeamAdmin(ScopedAdmin):
    list_display = ["enterprise", "established_on", "members", "female_members", "meets"]
    list_select_related = ["enterprise"]
    list_filter = ["meets"]
    search_fields = ["enterprise__name_en", "enterprise__name_zh_hans"]
    autocomplete_fields = ["enterprise"]

    @admin.display(description=_("members"))
    def members(self, team):
        return team.members

    @admin.display(description=_("female members"))
    def female_members(self, team):
        return team.female_members


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["code", "name_en", "name_zh_hans", "unit", "kind", "better"]
    list_filter = ["kind", "better"]
    search_fields = ["code", "name_en", "name_zh_hans"]


@admin.register(Measurement)
class MeasurementAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["enterprise", "indicator", "stage", "period_start", "period_end", "value"]
    list_select_related = ["enterprise", "indicator"]
    list_filter = ["stage", "indicator"]
    search_fields = [
        "enterprise__name_en",
        "enterprise__name_zh_hans",
        "indicator__code",
        "indicator__name_en",
        "indicator__name_zh_hans",
        "note_en",
        "note_zh_hans",
    ]
    autocomplete_fields = ["enterprise"]
