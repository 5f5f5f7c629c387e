"""The API: a list and a detail endpoint per kind of record, the programme figures, and the same lists and
figures as CSV feeds; writes for what coordinators record are in dataexchange.api.writes. Every list starts
from `visible_to(user)` (partners.access), so another partner's rows are missing from lists and their detail
is 404; filters, search and ordering only narrow it. Lookup tables (cities, modules, indicators) belong to
nobody and are read by every signed-in user."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from dataexchange.api import filters, serializers, writes
from dataexchange.api.auth import FeedTokenAuthentication
from dataexchange.api.feeds import CsvRenderer, csv_columns
from dataexchange.api.figures import (
    FIGURE_COLUMNS,
    FiguresSerializer,
    ResultRowSerializer,
    ResultsSerializer,
    figure_rows,
    programme_figures,
    programme_results,
)
from dataexchange.api.pagination import CursorPagination
from enterprises.models import Enterprise, Indicator, Measurement
from improvements.filters import may_see_unverified
from improvements.models import Improvement, Photo
from improvements.versions import with_review_versions
from partners.models import Agreement, City, Partner
from trainings.filters import RoundFilter
from trainings.models import Activity, Attendance, Certification, Enrollment, Event, Module, Trainer, TrainingRound


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of the rows of `model` the user may see, with what their serializer needs in a fixed
    number of queries (`related`)."""

    model = None
    lookup_value_converter = "int"
    ordering = ["pk"]
    ordering_fields = ["id"]

    def get_queryset(self):
        return self.rows(self.request.user)

    @classmethod
    def rows(cls, user):
        return cls.related(cls.model.objects.visible_to(user))

    @classmethod
    def related(cls, rows):
        return rows


class LookupViewSet(ScopedViewSet):
    @classmethod
    def rows(cls, user):
        return cls.related(cls.model.objects.all())


class PartnerViewSet(ScopedViewSet):
    """Partners you belong to, with their branches and members (every partner for ILO staff)."""

    model = Partner
    serializer_class = serializers.PartnerSerializer
    filterset_class = filters.PartnerFilter
    search_fields = ["code", "name_en", "name_zh_hans"]
    ordering = ["name_en", "pk"]
    ordering_fields = ["id", "code", "name_en", "name_zh_hans"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("parent", "city")


class CityViewSet(LookupViewSet):
    """Cities and pilot areas."""

    model = City
    serializer_class = serializers.CitySerializer
    search_fields = ["name_en", "name_zh_hans", "province_en", "province_zh_hans"]
    ordering = ["name_en", "pk"]
    ordering_fields = ["id", "name_en", "name_zh_hans"]


class ModuleViewSet(LookupViewSet):
    """The SCORE training modules."""

    model = Module
    serializer_class = serializers.ModuleSerializer
    ordering = ["number"]
    ordering_fields = ["id", "number"]


class AgreementViewSet(ScopedViewSet):
    """Agreements (MoUs, implementation agreements) of the partners you may see."""

    model = Agreement
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilter
    search_fields = ["title_en", "title_zh_hans", "partner__code", "partner__name_en", "partner__name_zh_hans"]
    ordering = ["-signed_on", "pk"]
    ordering_fields = ["id", "signed_on"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("partner")


class TrainerViewSet(ScopedViewSet):
    """Trainers employed by the partners you may see, with their certification per module."""

    model = Trainer
    serializer_class = serializers.TrainerSerializer
    filterset_class = filters.TrainerFilter
    search_fields = ["name_en", "name_zh_hans"]
    ordering = ["name_en", "pk"]
    ordering_fields = ["id", "name_en", "name_zh_hans"]

    @classmethod
    def related(cls, rows):
        certifications = Certification.objects.select_related("module").order_by("module__number")
        return rows.select_related("partner").prefetch_related(Prefetch("certifications", queryset=certifications))


class CertificationViewSet(ScopedViewSet):
    """Trainer certifications per module."""

    model = Certification
    serializer_class = serializers.CertificationSerializer
    filterset_class = filters.CertificationFilter
    ordering_fields = ["id", "certified_on"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("trainer", "module")


@writes.documented_writes
class TrainingRoundViewSet(writes.RoundWrites, ScopedViewSet):
    """Training rounds run by the partners you may see. Paged by cursor: follow `next`."""

    model = TrainingRound
    serializer_class = serializers.TrainingRoundSerializer
    filterset_class = RoundFilter
    pagination_class = CursorPagination
    search_fields = ["title_en", "title_zh_hans"]
    ordering_fields = ["id", "starts_on"]

    @classmethod
    def related(cls, rows):
        return rows.for_list()


@writes.documented_writes
class EnrollmentViewSet(writes.EnrollmentWrites, ScopedViewSet):
    """Enterprises enrolled in the rounds you may see. Paged by cursor: follow `next`."""

    model = Enrollment
    serializer_class = serializers.EnrollmentSerializer
    filterset_class = filters.EnrollmentFilter
    pagination_class = CursorPagination
    search_fields = ["enterprise__name_en", "enterprise__name_zh_hans", "round__title_en", "round__title_zh_hans"]
    ordering_fields = ["id", "enrolled_on"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("round__partner", "enterprise")


@writes.documented_writes
class ActivityViewSet(writes.ActivityWrites, ScopedViewSet):
    """Workshop days and factory visits with their trainers and attendance by sex and role. Paged by cursor."""

    model = Activity
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter
    pagination_class = CursorPagination
    search_fields = ["round__title_en", "round__title_zh_hans", "enterprise__name_en", "enterprise__name_zh_hans"]
    ordering_fields = ["id", "date"]

    @classmethod
    def related(cls, rows):
        attendance = Attendance.objects.select_related("enterprise").order_by("enterprise__name", "pk")
        return rows.select_related("round__partner", "enterprise").prefetch_related(
            Prefetch("trainers", queryset=Trainer.objects.order_by("name", "pk")),
            Prefetch("attendances", queryset=attendance),
        )


class EnterpriseViewSet(ScopedViewSet):
    """Enterprises your partners recruited or enrolled, with their improvement team. Paged by cursor."""

    model = Enterprise
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filters.ApiEnterpriseFilter
    pagination_class = CursorPagination
    search_fields = ["name_en", "name_zh_hans"]
    ordering_fields = ["id", "name_en", "name_zh_hans"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("city", "recruited_by", "improvement_team").prefetch_related(
            Prefetch("supplies_brands", queryset=Partner.objects.order_by("code"))
        )


class IndicatorViewSet(LookupViewSet):
    """The indicators enterprises report on."""

    model = Indicator
    serializer_class = serializers.IndicatorSerializer
    search_fields = ["code", "name_en", "name_zh_hans"]
    ordering = ["name_en", "pk"]
    ordering_fields = ["id", "code", "name_en", "name_zh_hans"]


@writes.documented_writes
class MeasurementViewSet(writes.MeasurementWrites, ScopedViewSet):
    """Baseline and follow-up values of indicators for the enterprises you may see. Paged by cursor."""

    model = Measurement
    serializer_class = serializers.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    pagination_class = CursorPagination
    search_fields = ["enterprise__name_en", "enterprise__name_zh_hans", "indicator__code"]
    ordering_fields = ["id", "period_start"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("enterprise", "indicator")


@writes.documented_writes
class ImprovementViewSet(writes.ImprovementWrites, ScopedViewSet):
    """Improvements with links to their before and after photos (the links need a signed-in browser). Users who
    neither enter data nor review see verified improvements only, as in the gallery. Paged by cursor."""

    model = Improvement
    serializer_class = serializers.ImprovementSerializer
    filterset_class = filters.ImprovementFilter
    pagination_class = CursorPagination
    search_fields = ["title_en", "title_zh_hans", "enterprise__name_en", "enterprise__name_zh_hans"]
    ordering_fields = ["id", "implemented_on"]

    @classmethod
    def rows(cls, user):
        rows = super().rows(user)
        return rows if may_see_unverified(user) else rows.verified()

    @classmethod
    def related(cls, rows):
        photos = Photo.objects.order_by("stage", "pk")
        rows = rows.select_related("enterprise__city", "module", "category").prefetch_related(
            Prefetch("photos", queryset=photos)
        )
        return with_review_versions(rows)


class EventViewSet(ScopedViewSet):
    """Programme-wide events and the events of the partners you may see."""

    model = Event
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    search_fields = ["title_en", "title_zh_hans"]
    ordering = ["starts_on", "pk"]
    ordering_fields = ["id", "starts_on"]

    @classmethod
    def related(cls, rows):
        return rows.select_related("city").prefetch_related(
            Prefetch("partners", queryset=Partner.objects.order_by("code"))
        )


VIEWSETS = {
    "partners": PartnerViewSet,
    "cities": CityViewSet,
    "modules": ModuleViewSet,
    "agreements": AgreementViewSet,
    "trainers": TrainerViewSet,
    "certifications": CertificationViewSet,
    "rounds": TrainingRoundViewSet,
    "enrollments": EnrollmentViewSet,
    "activities": ActivityViewSet,
    "enterprises": EnterpriseViewSet,
    "indicators": IndicatorViewSet,
    "measurements": MeasurementViewSet,
    "improvements": ImprovementViewSet,
    "events": EventViewSet,
}

FIGURE_FILTERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of the period (default: 12 months ago)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of the period (default: today)."),
    OpenApiParameter("partner", OpenApiTypes.INT, description="Only this partner (id) with its branches and members."),
    OpenApiParameter("city", OpenApiTypes.INT, description="Only this city (id)."),
    OpenApiParameter("module", OpenApiTypes.INT, description="Only this module (id)."),
]


class FiguresView(APIView):
    """The dashboard's programme figures for a period, with the same filters as the dashboard."""

    @extend_schema(
        parameters=FIGURE_FILTERS,
        responses={200: FiguresSerializer, 400: OpenApiResponse(description="A filter is not valid.")},
    )
    def get(self, request):
        return Response(FiguresSerializer(programme_figures(request)).data)


class ResultsView(APIView):
    """The results framework for a period, as on the dashboard: each indicator of the phase running at the end of
    the period, counted from the phase's start up to that day, with its baseline, target, actual, % achieved and
    status, for the chosen partner or city."""

    @extend_schema(
        parameters=FIGURE_FILTERS,
        responses={200: ResultsSerializer, 400: OpenApiResponse(description="A filter is not valid.")},
    )
    def get(self, request):
        return Response(ResultsSerializer(programme_results(request)).data)


FEED_AUTHENTICATION = [FeedTokenAuthentication, SessionAuthentication]


def feed_view(name, viewset):
    """The list of `viewset` as one CSV file, with the list's filters, for a feed token or the browser session."""

    class FeedViewSet(viewset):
        authentication_classes = FEED_AUTHENTICATION
        renderer_classes = [CsvRenderer]
        pagination_class = None

        def csv_columns(self):
            return csv_columns(self.get_serializer())

        def finalize_response(self, request, response, *args, **kwargs):
            response = super().finalize_response(request, response, *args, **kwargs)
            response["Content-Disposition"] = f'inline; filename="{name}.csv"'
            return response

    FeedViewSet.__name__ = FeedViewSet.__qualname__ = f"{name.title()}Feed"
    schema = extend_schema(operation_id=f"feeds_{name}", summary=f"The {name} list as CSV", tags=["feeds"])
    return extend_schema_view(list=schema)(FeedViewSet).as_view({"get": "list"})


class FiguresFeedView(APIView):
    """The programme figures as CSV, one number a row: start, end, section, key, label, measure, value."""

    authentication_classes = FEED_AUTHENTICATION
    renderer_classes = [CsvRenderer]

    @extend_schema(
        operation_id="feeds_figures",
        tags=["feeds"],
        parameters=FIGURE_FILTERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The figures, one number a row.")},
    )
    def get(self, request):
        data = FiguresSerializer(programme_figures(request)).data
        response = Response(figure_rows(data))
        response["Content-Disposition"] = 'inline; filename="figures.csv"'
        return response

    def csv_columns(self):
        return [(name, (name,)) for name in FIGURE_COLUMNS]


class ResultsFeedView(APIView):
    """The results framework as CSV, one indicator a row, with the period's start and end on each row."""

    authentication_classes = FEED_AUTHENTICATION
    renderer_classes = [CsvRenderer]

    @extend_schema(
        operation_id="feeds_results",
        tags=["feeds"],
        parameters=FIGURE_FILTERS,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The results, one indicator a row.")
        },
    )
    def get(self, request):
        data = ResultsSerializer(programme_results(request)).data
        response = Response([{"start": data["start"], "end": data["end"], **row} for row in data["rows"]])
        response["Content-Disposition"] = 'inline; filename="results.csv"'
        return response

    def csv_columns(self):
        return [("start", ("start",)), ("end", ("end",)), *csv_columns(ResultRowSerializer())]
