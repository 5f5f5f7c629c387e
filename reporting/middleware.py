from django.contrib import messages
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reporting.models import Job

PENDING_SESSION_KEY = "jobs_pending"


def notify_when_finished(request, job):
    """Tell the user, on the next page they open after `job` finished, that it has."""
    request.session[PENDING_SESSION_KEY] = [*request.session.get(PENDING_SESSION_KEY, []), str(job.pk)]


class FinishedJobNoticeMiddleware:
    """A message on the first page opened after one of the user's jobs finished (except the job's own page, which
    says so itself). Only a session with jobs pending costs a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = request.session.get(PENDING_SESSION_KEY)
        if not pending or not request.user.is_authenticated:
            return None
        own_page = str(view_kwargs.get("pk")) if request.resolver_match.view_name == "reporting:job_detail" else None
        still_pending = []
        jobs = Job.objects.visible_to(request.user).filter(pk__in=pending).only("title", "status", "result_note")
        for job in jobs:
            if not job.is_finished:
                still_pending.append(str(job.pk))
            elif str(job.pk) != own_page:
                self._tell(request, job)
        request.session[PENDING_SESSION_KEY] = still_pending
        return None

    def _tell(self, request, job):
        if job.status == Job.Status.DONE:
            text, level = job.result_note or _("“%(title)s” is ready.") % {"title": job.title}, messages.SUCCESS
        else:
            text, level = _("“%(title)s” could not be prepared.") % {"title": job.title}, messages.WARNING
        link = format_html('{} <a href="{}">{}</a>', text, job.get_absolute_url(), _("Open"))
        messages.add_message(request, level, link)
