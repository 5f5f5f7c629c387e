"""What the API returns for each kind of record: ids with the natural keys (codes, names, numbers) beside them.

Field names are stable English words; the CSV feeds use the same names for their columns (dataexchange.api.feeds).
Nested lists (attendance, photos, certifications …) appear in JSON only; the feeds carry their totals.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from improvements.models import Improvement, Photo
from improvements.versions import review_version
from partners.models import Agreement, City, Partner
from trainings.models import Activity, Attendance, Certification, Enrollment, Event, Module, Trainer, TrainingRound
from trainings.querysets import PARTICIPANT_COUNTS


class PartnerSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True, read_only=True)
    city_name = serializers.CharField(source="city.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            "code",
            "name_en",
            "name_zh_hans",
            "kind",
            "parent",
            "parent_code",
            "parent_relation",
            "city",
            "city_name",
            "is_active",
        ]


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "name_en", "name_zh_hans", "province_en", "province_zh_hans"]


class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = ["id", "number", "title_en", "title_zh_hans", "short_label_en", "short_label_zh_hans"]


class AgreementSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partner",
            "partner_code",
            "kind",
            "title_en",
            "title_zh_hans",
            "phase",
            "signed_on",
            "starts_on",
            "ends_on",
            "scope_en",
            "scope_zh_hans",
        ]


class CertificationSerializer(serializers.ModelSerializer):
    trainer_name = serializers.CharField(source="trainer.name", read_only=True)
    module_number = serializers.IntegerField(source="module.number", read_only=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "trainer",
            "trainer_name",
            "module",
            "module_number",
            "status",
            "certified_on",
            "lapsed_on",
            "renewed_on",
        ]


class TrainerCertificationSerializer(serializers.ModelSerializer):
    module_number = serializers.IntegerField(source="module.number", read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "module", "module_number", "status", "certified_on", "lapsed_on", "renewed_on"]


class TrainerSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    certifications = TrainerCertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Trainer
        fields = ["id", "name_en", "name_zh_hans", "sex", "level", "partner", "partner_code", "certifications"]


class TrainingRoundSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    module_number = serializers.IntegerField(source="module.number", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    enrolled_enterprises = serializers.IntegerField(
        source="enrolled_count", read_only=True, help_text=_("Enterprises taking part (withdrawn ones left out).")
    )

    class Meta:
        model = TrainingRound
        fields = [
            "id",
            "version",
            "title_en",
            "title_zh_hans",
            "partner",
            "partner_code",
            "module",
            "module_number",
            "city",
            "city_name",
            "kind",
            "status",
            "phase",
            "starts_on",
            "ends_on",
            "cost_total",
            "cost_non_ilo",
            "enrolled_enterprises",
            "description_en",
            "description_zh_hans",
        ]


class EnrollmentSerializer(serializers.ModelSerializer):
    round_title_en = serializers.CharField(source="round.title_en", read_only=True, allow_null=True)
    round_title_zh_hans = serializers.CharField(source="round.title_zh_hans", read_only=True, allow_null=True)
    partner_code = serializers.CharField(source="round.partner.code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "version",
            "round",
            "round_title_en",
            "round_title_zh_hans",
            "partner_code",
            "enterprise",
            "enterprise_name",
            "status",
            "enrolled_on",
            "completed_on",
            "baseline_done",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Attendance
        fields = ["enterprise", "enterprise_name", *PARTICIPANT_COUNTS, "total"]


class TrainerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trainer
        fields = ["id", "name_en", "name_zh_hans"]


class ActivitySerializer(serializers.ModelSerializer):
    """A workshop day or factory visit with who attended; the participant counts add up the attendance."""

    round_title_en = serializers.CharField(source="round.title_en", read_only=True, allow_null=True)
    round_title_zh_hans = serializers.CharField(source="round.title_zh_hans", read_only=True, allow_null=True)
    partner_code = serializers.CharField(source="round.partner.code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", default=None, allow_null=True, read_only=True)
    trainers = TrainerNameSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    female_managers = serializers.SerializerMethodField()
    male_managers = serializers.SerializerMethodField()
    female_workers = serializers.SerializerMethodField()
    male_workers = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "version",
            "round",
            "round_title_en",
            "round_title_zh_hans",
            "partner_code",
            "kind",
            "date",
            "enterprise",
            "enterprise_name",
            "notes_en",
            "notes_zh_hans",
            "satisfaction_average",
            "satisfaction_respondents",
            "trainers",
            "attendance",
            *PARTICIPANT_COUNTS,
            "participants",
        ]

    @staticmethod
    def _sum(activity, count):
        return sum(getattr(attendance, count) for attendance in activity.attendances.all())

    def get_female_managers(self, activity) -> int:
        return self._sum(activity, "female_managers")

    def get_male_managers(self, activity) -> int:
        return self._sum(activity, "male_managers")

    def get_female_workers(self, activity) -> int:
        return self._sum(activity, "female_workers")

    def get_male_workers(self, activity) -> int:
        return self._sum(activity, "male_workers")

    def get_participants(self, activity) -> int:
        return sum(attendance.total for attendance in activity.attendances.all())


class ImprovementTeamSerializer(serializers.ModelSerializer):
    members = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImprovementTeam
        fields = ["established_on", "meets", *PARTICIPANT_COUNTS, "members"]


class EnterpriseSerializer(serializers.ModelSerializer):
    city_name = serializers.CharField(source="city.name", read_only=True)
    recruited_by_code = serializers.CharField(source="recruited_by.code", default=None, allow_null=True, read_only=True)
    supplies_brands = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    improvement_team = ImprovementTeamSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name_en",
            "name_zh_hans",
            "city",
            "city_name",
            "sector",
            "recruited_by",
            "recruited_by_code",
            "workforce_total",
            "workforce_female",
            "supplies_brands",
            "consents_to_share_with_brands",
            "improvement_team",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name_en",
            "name_zh_hans",
            "unit_en",
            "unit_zh_hans",
            "kind",
            "better",
            "description_en",
            "description_zh_hans",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "version",
            "enterprise",
            "enterprise_name",
            "indicator",
            "indicator_code",
            "unit",
            "stage",
            "period_start",
            "period_end",
            "value",
            "note_en",
            "note_zh_hans",
        ]


class PhotoSerializer(serializers.ModelSerializer):
    """Links to the photo view of SCORE MIS, which checks again that the signed-in user may see the photo."""

    thumbnail_url = serializers.SerializerMethodField()
    display_url = serializers.SerializerMethodField()
    original_url = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = [
            "id",
            "stage",
            "caption_en",
            "caption_zh_hans",
            "width",
            "height",
            "thumbnail_url",
            "display_url",
            "original_url",
        ]

    def _url(self, photo, size):
        return self.context["request"].build_absolute_uri(photo.url_for(size))

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, photo):
        return self._url(photo, "thumbnail")

    @extend_schema_field(OpenApiTypes.URI)
    def get_display_url(self, photo):
        return self._url(photo, "display")

    @extend_schema_field(OpenApiTypes.URI)
    def get_original_url(self, photo):
        return self._url(photo, "original")


class ImprovementSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    city_name = serializers.CharField(source="enterprise.city.name", read_only=True)
    module_number = serializers.IntegerField(source="module.number", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, label=_("Category code"))
    category_name_en = serializers.CharField(
        source="category.name_en", allow_null=True, read_only=True, label=_("Category (English)")
    )
    category_name_zh_hans = serializers.CharField(
        source="category.name_zh_hans", allow_null=True, read_only=True, label=_("Category (Chinese)")
    )
    photos = PhotoSerializer(many=True, read_only=True)
    before_photos = serializers.SerializerMethodField()
    after_photos = serializers.SerializerMethodField()
    review_version = serializers.SerializerMethodField(
        help_text=_("What a reviewer read: give it back when verifying or returning the improvement.")
    )

    class Meta:
        model = Improvement
        fields = [
            "id",
            "version",
            "review_version",
            "enterprise",
            "enterprise_name",
            "city_name",
            "module",
            "module_number",
            "category",
            "category_name_en",
            "category_name_zh_hans",
            "title_en",
            "title_zh_hans",
            "description_en",
            "description_zh_hans",
            "implemented_on",
            "investment_rmb",
            "annual_saving_rmb",
            "saving_calculation_en",
            "saving_calculation_zh_hans",
            "is_gender_responsive",
            "status",
            "verified_at",
            "photos",
            "before_photos",
            "after_photos",
        ]

    def get_review_version(self, improvement) -> str:
        return review_version(improvement)

    def get_before_photos(self, improvement) -> int:
        return sum(1 for photo in improvement.photos.all() if photo.stage == Photo.Stage.BEFORE)

    def get_after_photos(self, improvement) -> int:
        return sum(1 for photo in improvement.photos.all() if photo.stage == Photo.Stage.AFTER)


class EventSerializer(serializers.ModelSerializer):
    city_name = serializers.CharField(source="city.name", default=None, allow_null=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title_en",
            "title_zh_hans",
            "starts_on",
            "ends_on",
            "city",
            "city_name",
            "partners",
            "description_en",
            "description_zh_hans",
        ]
