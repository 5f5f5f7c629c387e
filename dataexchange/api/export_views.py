"""Starting the export for the SCORE global M&E database (dataexchange.global_export) through the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dataexchange.api.writes import INVALID
from dataexchange.global_export import filters_for, global_export_start


class ExportPeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("First day of the period."))
    end = serializers.DateField(help_text=_("Last day of the period."))
    partner = serializers.IntegerField(
        required=False,
        help_text=_("Optional: only the records of this partner (its id), with its branches; one your reports cover."),
    )
    city = serializers.IntegerField(required=False, help_text=_("Optional: only the records of this city (its id)."))


class ExportQueuedSerializer(serializers.Serializer):
    job = serializers.UUIDField(source="pk")
    title = serializers.CharField()
    status_url = serializers.SerializerMethodField(
        help_text=_("The page that shows when the export is ready and downloads it (signed in).")
    )

    def get_status_url(self, job) -> str:
        return self.context["request"].build_absolute_uri(job.get_absolute_url())


class GlobalExportView(APIView):
    """Queue the export for the SCORE global M&E database (docs/global-export.md): the enterprise, training and
    results data of a period that you may see (optionally of one partner, with its branches, or one city), as one
    versioned JSON file with the same sections as CSV files, in a ZIP. It is built in the background; download it
    from its page (`status_url`) or *Downloads*."""

    @extend_schema(
        request=ExportPeriodSerializer,
        responses={202: ExportQueuedSerializer, 400: INVALID},
        summary="Queue the export for the SCORE global M&E database",
    )
    def post(self, request):
        period = ExportPeriodSerializer(data=request.data)
        period.is_valid(raise_exception=True)
        params = {name: str(value) for name, value in period.validated_data.items()}
        filters, errors = filters_for(request.user, params)
        if errors:
            raise ValidationError(errors)
        job = global_export_start(user=request.user, filters=filters)
        return Response(ExportQueuedSerializer(job, context={"request": request}).data, status=202)
