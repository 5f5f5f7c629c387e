"""The export for the SCORE global M&E database: SCORE China's enterprise, training and results data for a
period, in one versioned format (docs/global-export.md), as a ZIP holding `score-china.json` and the same
sections as CSV files. Built by the task queue for the user who asked, over the records that user may see."""

import csv
import io
import json
import zipfile

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from rest_framework.utils.encoders import JSONEncoder

from dataexchange.api import serializers, views
from dataexchange.api.feeds import csv_columns
from dataexchange.api.figures import FiguresSerializer, ResultRowSerializer, programme_results_for
from partners.access import require_report_reader, with_branches
from reporting.figures import ProgrammeFigures, ReportFilters
from reporting.forms import ReportFilterForm
from reporting.job_services import JobRefused, job_running, job_start
from score_mis.formulas import neutralise

FORMAT = "score-global-me"
FORMAT_VERSION = "1.1"
COUNTRY = "CN"
JSON_NAME = "score-china.json"


class ExportImprovementSerializer(serializers.ImprovementSerializer):
    """Improvements without their photo links, which only open for a signed-in browser of SCORE MIS."""

    class Meta(serializers.ImprovementSerializer.Meta):
        fields = [name for name in serializers.ImprovementSerializer.Meta.fields if name != "photos"]


SECTIONS = {
    "partners": (views.PartnerViewSet, serializers.PartnerSerializer),
    "rounds": (views.TrainingRoundViewSet, serializers.TrainingRoundSerializer),
    "enrollments": (views.EnrollmentViewSet, serializers.EnrollmentSerializer),
    "activities": (views.ActivityViewSet, serializers.ActivitySerializer),
    "enterprises": (views.EnterpriseViewSet, serializers.EnterpriseSerializer),
    "measurements": (views.MeasurementViewSet, serializers.MeasurementSerializer),
    "improvements": (views.ImprovementViewSet, ExportImprovementSerializer),
}


# How each section's rows lie in a city (the export's optional city filter).
CITY_OF = {
    "partners": "city",
    "rounds": "city",
    "enrollments": "round__city",
    "activities": "round__city",
    "enterprises": "city",
    "measurements": "enterprise__city",
    "improvements": "enterprise__city",
}


def _chosen(model, filters):
    """The rows of `model` of the chosen partner (with its branches and members, as the reports count them)."""
    if filters.partner is None:
        return model.objects.all()
    return model.objects.for_partners(with_branches({filters.partner.pk}))


def _in_period(filters):
    """Which rows of each section belong to the period: rounds running in it (with their enrollments and
    enterprises), activities held and measurements taken in it, improvements verified and implemented in it."""
    start, end = filters.start, filters.end

    def round_runs(prefix=""):
        return Q(**{f"{prefix}starts_on__lte": end}) & (
            Q(**{f"{prefix}ends_on__gte": start}) | Q(**{f"{prefix}ends_on__isnull": True})
        )

    return {
        "partners": Q(),
        "rounds": round_runs(),
        "enrollments": round_runs("round__"),
        "activities": Q(date__range=(start, end)),
        "enterprises": round_runs("enrollments__round__"),
        "measurements": Q(period_start__lte=end, period_end__gte=start),
        "improvements": Q(status="verified", implemented_on__range=(start, end)),
    }


def global_export(user, filters):
    """The export as a dict: what the format's sections hold for `user`, the period of `filters` and its optional
    partner or city."""
    require_report_reader(user)
    sections = {}
    for name, in_period in _in_period(filters).items():
        viewset, serializer_class = SECTIONS[name]
        chosen = _chosen(viewset.model, filters).filter(in_period)
        if filters.city is not None:
            chosen = chosen.filter(**{CITY_OF[name]: filters.city})
        rows = viewset.rows(user).filter(pk__in=chosen.values("pk")).order_by("pk")
        sections[name] = serializer_class(rows, many=True).data
    results = programme_results_for(user, filters)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "country": COUNTRY,
        "generated_at": timezone.now(),
        "period": {"start": filters.start, "end": filters.end},
        "partner": filters.partner.code if filters.partner else None,
        "city": filters.city.name if filters.city else None,
        "phase": results.phase.code if results.phase else None,
        **sections,
        "results": ResultRowSerializer(results.rows, many=True).data,
        "figures": FiguresSerializer(ProgrammeFigures(user, filters)).data["headline"],
    }


def _csv(rows, columns):
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([name for name, _path in columns])
    for row in rows:
        cells = []
        for _name, path in columns:
            value = row
            for key in path:
                value = value.get(key) if value is not None else None
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            cells.append("" if value is None else neutralise(value))
        writer.writerow(cells)
    return output.getvalue().encode("utf-8")


def global_export_zip(export):
    """The export as a ZIP: the JSON, and each section as CSV with the feeds' columns."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(JSON_NAME, json.dumps(export, cls=JSONEncoder, ensure_ascii=False, indent=1))
        for name, (_viewset, serializer_class) in SECTIONS.items():
            bundle.writestr(f"{name}.csv", _csv(export[name], csv_columns(serializer_class())))
        bundle.writestr("results.csv", _csv(export["results"], csv_columns(ResultRowSerializer())))
    return buffer.getvalue()


def filters_for(user, params):
    """The period of the export from `start` and `end` in `params` (both needed), and the optional `partner` (one
    the user's reports cover) and `city` (ids), as the reports check them: (filters, {}) or (None, messages by
    field)."""
    missing = [name for name in ("start", "end") if not params.get(name)]
    if missing:
        return None, {name: [_("Give the first and last day of the period.")] for name in missing}
    chosen = {name: params[name] for name in ("start", "end", "partner", "city") if params.get(name) is not None}
    form = ReportFilterForm(chosen, user=user, default_start=None, default_end=None, with_module=False)
    if not form.is_valid():
        return None, dict(form.errors)
    return ReportFilters(**{name: form.cleaned_data[name] for name in ("start", "end", "partner", "city")}), {}


@task()
def global_export_file(job_id):
    with job_running(job_id) as job:
        filters, errors = filters_for(job.requested_by, job.params)
        if errors:
            raise JobRefused(_("The export's period is not valid: ask again."))
        try:
            export = global_export(job.requested_by, filters)
        except PermissionDenied:
            raise JobRefused(_("You may no longer read reports.")) from None
        name = f"score-china-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.zip"
        job.finish_with_file(name, global_export_zip(export))


EXPORT_TITLE = gettext_lazy("Export for the SCORE global M&E database, %(start)s – %(end)s")


def global_export_start(*, user, filters):
    """Queue the export of the period of `filters` for `user`."""
    require_report_reader(user)
    period = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
    chosen = {name: getattr(filters, name).pk for name in ("partner", "city") if getattr(filters, name) is not None}
    return job_start(user=user, title=EXPORT_TITLE % period, task=global_export_file, params={**period, **chosen})
