from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import get_language

from partners.access import scope_for
from reporting.models import FrozenReport
from reporting.renderers import render_document, render_pdf, render_xlsx


def frozen_report_create(*, user, report):
    """Keep `report` as it reads now, in every format, so that later corrections to the data leave it unchanged."""
    if not scope_for(user).may_freeze_reports:
        raise PermissionDenied
    document = render_document(report)
    frozen = FrozenReport(
        title=report.title,
        period_start=report.filters.start,
        period_end=report.filters.end,
        filters=report.filter_labels,
        language=get_language(),
        frozen_by=user,
        html=document,
        figures=report.as_dict(),
        pdf=render_pdf(document),
        xlsx=render_xlsx(report.tables()),
    )
    with transaction.atomic():
        frozen.full_clean()
        frozen.save()
    return frozen
