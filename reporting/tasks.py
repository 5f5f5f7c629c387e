"""Work done by the task queue: the committee report's slow outputs, run for the user who asked (a PDF or workbook
to download, or a frozen copy; each task rebuilds the user's scope from their id, so it counts what they may see
now), the weekly reminders, the rebuild of the summary tables, the data-quality counts the home page shows, and
the figures of the dashboard and the committee report for readers with too many rows to count in a request."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from partners import roles
from partners.access import require_report_reader, scope_for
from partners.models import NotificationKind, PartnerMembership
from partners.notifications import notify
from reporting import data_version
from reporting.committee import CommitteeReport
from reporting.job_services import JobRefused, job_running, job_start
from reporting.models import QualityCounts, StoredFigures
from reporting.pages import counted, filters_from
from reporting.quality import QualityReport, quality_flags_for
from reporting.renderers import render_document, render_pdf, render_xlsx
from reporting.services import frozen_report_create
from reporting.summaries import rebuild_all
from trainings.models import TrainingRound

OUTPUTS = {"pdf", "xlsx"}


def report_for(user, params):
    """The committee report `params` (the report page's query) describe, as `user` may read it now."""
    try:
        require_report_reader(user)
    except PermissionDenied:
        raise JobRefused(_("You may no longer read reports.")) from None
    filters = filters_from(user, params, with_module=False)
    if filters is None:
        raise JobRefused(_("The report's filters are no longer valid for you: open the report and ask again."))
    return CommitteeReport(user, filters)


def report_file_name(report, output):
    return f"score-report-{report.filters.start:%Y%m%d}-{report.filters.end:%Y%m%d}.{output}"


@task()
def committee_report_file(job_id):
    with job_running(job_id) as job:
        report = report_for(job.requested_by, job.params)
        output = job.params["output"]
        content = render_pdf(render_document(report)) if output == "pdf" else render_xlsx(report.tables())
        job.finish_with_file(report_file_name(report, output), content)


@task()
def committee_report_freeze(job_id):
    with job_running(job_id) as job:
        report = report_for(job.requested_by, job.params)
        try:
            frozen = frozen_report_create(user=job.requested_by, report=report)
        except PermissionDenied:
            raise JobRefused(_("Only ILO staff may freeze reports.")) from None
        job.finish_with_page(frozen.get_absolute_url())


def committee_report_download_start(*, user, report, params, output):
    """Queue the PDF or workbook of `report` (built from `params`, the report page's query) for `user`."""
    require_report_reader(user)
    if output not in OUTPUTS:
        raise ValueError(f"Unknown report output {output!r}")
    title = f"{report.title} ({output.upper()})"
    return job_start(user=user, title=title, task=committee_report_file, params={**params, "output": output})


def committee_report_freeze_start(*, user, report, params):
    if not scope_for(user).may_freeze_reports:
        raise PermissionDenied
    title = _("Freeze: %(title)s") % {"title": report.title}
    return job_start(user=user, title=title, task=committee_report_freeze, params=params)


@task()
def summaries_rebuild(names=()):
    """Rebuild the summary tables (all, or those named) from the records, in one transaction."""
    rebuild_all(names)


@task()
def reminders_send():
    """Remind each coordinator of the follow-up measurements due and the rounds overdue to close in their partners'
    records (each reminder at most once a week)."""
    coordinators = (
        get_user_model()
        .objects.filter(
            is_active=True,
            partner_memberships__role=PartnerMembership.Role.COORDINATOR,
            groups__name=roles.PARTNER_COORDINATOR,
        )
        .distinct()
    )
    for user in coordinators:
        for training_round in TrainingRound.objects.editable_by(user).overdue_to_close():
            notify(
                recipients=[user],
                kind=NotificationKind.ROUND_OVERDUE,
                params={
                    "title": training_round.title_en or training_round.title_zh_hans,
                    "title_zh": training_round.title_zh_hans or "",
                    "ended": f"{training_round.ends_on:%Y-%m-%d}",
                },
                link=reverse("trainings:round_detail", args=[training_round.pk]),
                key=f"round-overdue:{training_round.pk}",
            )
        for owed in QualityReport(user).follow_ups():
            if owed.done:
                continue
            notify(
                recipients=[user],
                kind=NotificationKind.FOLLOW_UP_DUE,
                params={
                    "enterprise": owed.enterprise,
                    "enterprise_zh": owed.enterprise_zh,
                    "months": owed.months,
                    "due": f"{owed.due:%Y-%m-%d}",
                },
                link=reverse("enterprises:enterprise_detail", args=[owed.enterprise_id]),
                key=f"follow-up:{owed.enterprise_id}:{owed.months}",
            )


@task()
def quality_counts_recount(user_id):
    """Count the programme's data-quality findings by check, as the ILO staff member `user_id` sees them (every
    partner's), and keep them for the home page; if they are no longer ILO staff, leave it to the next who asks."""
    counted_at = timezone.now()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not scope_for(user).sees_everything:
        QualityCounts.objects.filter(scope=QualityCounts.PROGRAMME).update(requested_at=None)
        return
    version = data_version.current()
    QualityCounts.objects.store(QualityCounts.PROGRAMME, quality_flags_for(user), counted_at, version)


@task()
def stored_figures_count(key):
    """Count and render the figures kept under `key` again, for their reader as they may see them now; if they may
    no longer read reports (or the filters are no longer theirs), keep nothing. Old figures are forgotten first."""
    counted_at = timezone.now()
    StoredFigures.objects.prune(counted_at)
    stored = StoredFigures.objects.select_related("reader").filter(key=key).first()
    if stored is None:
        return
    reader = stored.reader
    if not reader.is_active or not scope_for(reader).reads_reports:
        StoredFigures.objects.filter(pk=stored.pk).delete()
        return
    with translation.override(stored.language):
        result = counted(stored.page, reader, stored.arguments["params"], stored.arguments["day"])
    if result.html is None:
        StoredFigures.objects.filter(pk=stored.pk).delete()
        return
    StoredFigures.objects.store(stored, result, counted_at)
