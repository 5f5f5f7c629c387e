from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from enterprises.models import Enterprise
from improvements.models import Improvement, ImprovementCategory, Photo
from partners.admin_scoping import (
    AUDIT_FIELDS,
    TRIGRAM,
    BoundedCountMixin,
    ScopedAdmin,
    ScopedTabularInline,
    is_programme_staff,
    search_words,
)
from score_mis.pagination import has_more_than

# A search word in more titles, or enterprise names, than these is common (see is_common).
COMMON_IN_TITLES = 10_000
COMMON_IN_NAMES = 1_000


def is_common(word):
    """Whether the trigram indexes would return too many rows for `word` to gather and sort them all (two bounded
    counts, each an index look-up for a rare word or a few thousand rows read for a common one)."""
    if len(word) < TRIGRAM:
        return True
    titles = Improvement.objects.filter(Q(title_en__icontains=word) | Q(title_zh_hans__icontains=word))
    return has_more_than(titles, COMMON_IN_TITLES) or has_more_than(Enterprise.objects.search(word), COMMON_IN_NAMES)


def photo_url(photo):
    """Photos are private: the browser loads them through the scoped photo view."""
    return photo.url_for("thumbnail")


def photo_thumbnail(photo):
    if photo is None or not photo.image:
        return "–"
    return format_html(
        '<img src="{}" alt="{}" class="photo-preview">',
        photo_url(photo),
        photo.caption or photo.get_stage_display(),
    )


class PhotoInline(ScopedTabularInline, TranslationTabularInline):
    """Photos are uploaded in the staff app, where every file is checked and stripped of metadata."""

    model = Photo
    fields = ["stage", "preview", "caption"]
    readonly_fields = ["preview"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_thumbnail(photo)


@admin.register(ImprovementCategory)
class ImprovementCategoryAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["code", "name_en", "name_zh_hans", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_en", "name_zh_hans"]


@admin.register(Improvement)
class ImprovementAdmin(BoundedCountMixin, ScopedAdmin, TranslationAdmin):
    list_display = [
        "title_en",
        "title_zh_hans",
        "enterprise",
        "module",
        "category",
        "status",
        "implemented_on",
        "annual_saving_rmb",
        "before_photo",
        "after_photo",
    ]
    list_select_related = ["enterprise", "module", "category"]
    list_filter = ["status", "category", "module", "is_gender_responsive"]
    # Searched by get_search_results below: each word in the title (English or Chinese) or the enterprise's name.
    search_fields = ["title_en", "title_zh_hans", "enterprise__name_en", "enterprise__name_zh_hans"]
    autocomplete_fields = ["enterprise"]
    raw_id_fields = ["verified_by"]
    inlines = [PhotoInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        photos = Prefetch("photos", queryset=Photo.objects.order_by("pk"), to_attr="photos_in_order")
        return super().get_queryset(request).prefetch_related(photos)

    def get_search_results(self, request, queryset, search_term):
        """Every word must be in the title (English or Chinese) or the enterprise's name. A rare word is a UNION of
        trigram-indexed look-ups, which finds its few rows without reading the others; a common one (see
        `is_common`) is tested on each row while PostgreSQL walks the changelist's ordering index, which stops at the
        end of the page instead of gathering and sorting millions of rows."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, "")
        for word in search_words(search_term):
            if is_common(word):
                queryset = queryset.filter(
                    Q(title_en__icontains=word)
                    | Q(title_zh_hans__icontains=word)
                    | Q(enterprise__name_en__icontains=word)
                    | Q(enterprise__name_zh_hans__icontains=word)
                )
                continue
            matching = (
                Improvement.objects.filter(title_en__icontains=word)
                .order_by()
                .values("pk")
                .union(
                    Improvement.objects.filter(title_zh_hans__icontains=word).order_by().values("pk"),
                    Improvement.objects.filter(enterprise__in=Enterprise.objects.search(word).order_by().values("pk"))
                    .order_by()
                    .values("pk"),
                )
            )
            queryset = queryset.filter(pk__in=matching)
        return queryset, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        readonly_fields = super().get_readonly_fields(request, obj)
        if is_programme_staff(request.user):
            return readonly_fields
        return (*readonly_fields, "verified_by", "verified_at")

    @admin.display(description=_("before"))
    def before_photo(self, improvement):
        return photo_thumbnail(self._first_photo(improvement, Photo.Stage.BEFORE))

    @admin.display(description=_("after"))
    def after_photo(self, improvement):
        return photo_thumbnail(self._first_photo(improvement, Photo.Stage.AFTER))

    @staticmethod
    def _first_photo(improvement, stage):
        return next((photo for photo in improvement.photos_in_order if photo.stage == stage), None)


@admin.register(Photo)
class PhotoAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["preview", "improvement", "stage", "caption_en", "caption_zh_hans"]
    list_select_related = ["improvement"]
    list_filter = ["stage"]
    search_fields = [
        "caption_en",
        "caption_zh_hans",
        "improvement__title_en",
        "improvement__title_zh_hans",
        "improvement__enterprise__name_en",
    ]
    autocomplete_fields = ["improvement"]
    fields = ["improvement", "stage", "preview", "caption", *AUDIT_FIELDS]
    readonly_fields = ["improvement", "preview", *AUDIT_FIELDS]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_thumbnail(photo)
