from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation

from partners.access import scope_for
from reporting.models import FrozenRendering, FrozenReport
from reporting.renderers import render_document, render_pdf, render_xlsx


def _rendering(report, language):
    """`report` told anew in `language`: a new report object, since a report keeps the sentences it has made."""
    with translation.override(language):
        report = type(report)(report.user, report.filters)
        document = render_document(report)
        return FrozenRendering(
            language=language,
            title=report.title,
            filters=report.filter_labels,
            html=document,
            figures=report.as_dict(),
            pdf=render_pdf(document),
            xlsx=render_xlsx(report.tables()),
        )


def frozen_report_create(*, user, report):
    """Keep `report` as it reads now, in English and in Chinese and in every format, so that later corrections to
    the data leave it unchanged and each committee member reads the same pack in their language."""
    if not scope_for(user).may_freeze_reports:
        raise PermissionDenied
    renderings = [_rendering(report, language) for language, _name in settings.LANGUAGES]
    frozen = FrozenReport(period_start=report.filters.start, period_end=report.filters.end, frozen_by=user)
    with transaction.atomic():
        frozen.full_clean()
        frozen.save()
        for rendering in renderings:
            rendering.frozen = frozen
            rendering.full_clean()
            rendering.save()
    return frozen
