from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.admin_scoping import ScopedAdmin, ScopedTabularInline, is_programme_staff
from trainings.models import Activity, Attendance, Certification, Enrollment, Event, Module, Trainer, TrainingRound


@admin.register(Module)
class ModuleAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["number", "short_label_en", "short_label_zh_hans", "title_en"]
    list_display_links = ["number", "short_label_en"]
    search_fields = ["title_en", "title_zh_hans", "short_label_en", "short_label_zh_hans"]


class CertificationInline(ScopedTabularInline):
    model = Certification
    fk_name = "trainer"
    fields = ["module", "status", "certified_on", "lapsed_on", "renewed_on"]


@admin.register(Trainer)
class TrainerAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["name_en", "name_zh_hans", "sex", "level", "partner", "certified_modules"]
    list_select_related = ["partner"]
    list_filter = ["level", "sex", ("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_en", "name_zh_hans", "email", "partner__name_en", "partner__name_zh_hans", "partner__code"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["user"]
    inlines = [CertificationInline]

    def get_exclude(self, request, obj=None):
        """Which user account is the trainer's is for ILO staff to see and set (coordinators see no usernames)."""
        exclude = super().get_exclude(request, obj) or ()
        return exclude if is_programme_staff(request.user) else (*exclude, "user")

    def get_queryset(self, request):
        certified = Q(certifications__status=Certification.Status.CERTIFIED)
        return super().get_queryset(request).annotate(certified_module_count=Count("certifications", filter=certified))

    @admin.display(description=_("certified modules"), ordering="certified_module_count")
    def certified_modules(self, trainer):
        return trainer.certified_module_count


@admin.register(Certification)
class CertificationAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["trainer", "trainer__partner", "module", "status", "certified_on"]
    list_select_related = ["trainer__partner", "module"]
    list_filter = ["status", "module"]
    search_fields = ["trainer__name_en", "trainer__name_zh_hans", "trainer__partner__code"]
    date_hierarchy = "certified_on"
    autocomplete_fields = ["trainer", "recommended_by", "recommended_in"]


class EnrollmentInline(ScopedTabularInline):
    model = Enrollment
    fields = ["enterprise", "status", "enrolled_on", "completed_on", "baseline_done"]
    autocomplete_fields = ["enterprise"]


class ActivityInline(ScopedTabularInline):
    model = Activity
    fields = ["kind", "date", "enterprise", "trainers"]
    autocomplete_fields = ["enterprise", "trainers"]
    show_change_link = True


@admin.register(TrainingRound)
class TrainingRoundAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["title", "partner", "module", "city", "kind", "status", "starts_on", "ends_on", "enterprise_count"]
    list_select_related = ["partner", "module", "city"]
    list_filter = ["status", "kind", "phase", "module", "city", ("partner", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "title_en",
        "title_zh_hans",
        "partner__name_en",
        "partner__code",
        "city__name_en",
        "city__name_zh_hans",
    ]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["partner"]
    inlines = [EnrollmentInline, ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(enrollment_count=Count("enrollments"))

    @admin.display(description=_("enterprises"), ordering="enrollment_count")
    def enterprise_count(self, training_round):
        return training_round.enrollment_count


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdmin):
    list_display = ["enterprise", "round", "status", "enrolled_on", "completed_on", "baseline_done"]
    list_select_related = ["enterprise", "round"]
    list_filter = ["status", "baseline_done"]
    search_fields = ["enterprise__name_en", "enterprise__name_zh_hans", "round__title_en", "round__title_zh_hans"]
    autocomplete_fields = ["round", "enterprise"]


class AttendanceInline(ScopedTabularInline):
    model = Attendance
    fields = ["enterprise", "female_managers", "male_managers", "female_workers", "male_workers"]
    autocomplete_fields = ["enterprise"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["__str__", "round", "kind", "date", "enterprise"]
    list_select_related = ["round", "enterprise"]
    list_filter = ["kind"]
    search_fields = ["round__title_en", "round__title_zh_hans", "enterprise__name_en", "enterprise__name_zh_hans"]
    date_hierarchy = "date"
    autocomplete_fields = ["round", "enterprise", "trainers", "trainees_present"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["activity", "enterprise", "female_managers", "male_managers", "female_workers", "male_workers"]
    list_select_related = ["activity__enterprise", "enterprise"]
    list_filter = ["activity__kind"]
    search_fields = [
        "enterprise__name_en",
        "enterprise__name_zh_hans",
        "activity__round__title_en",
        "activity__round__title_zh_hans",
    ]
    autocomplete_fields = ["activity", "enterprise"]


@admin.register(Event)
class EventAdmin(ScopedAdmin, TranslationAdmin):
    list_display = ["title_en", "title_zh_hans", "kind", "starts_on", "ends_on", "city", "partner_codes"]
    list_select_related = ["city"]
    list_filter = ["kind", "city"]
    search_fields = ["title_en", "title_zh_hans"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["partners"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    @admin.display(description=_("partners"))
    def partner_codes(self, event):
        return ", ".join(partner.code for partner in event.partners.all())
