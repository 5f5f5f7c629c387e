from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control

from reporting.models import Job

REFRESH_SECONDS = 2


@login_required
def job_list(request):
    """Your downloads: the user's own jobs, newest first."""
    jobs = Job.objects.visible_to(request.user).defer("params", "error")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    context = {"page_obj": page, "jobs": page.object_list, "job_result_hours": settings.JOB_RESULT_HOURS}
    return render(request, "reporting/job_list.html", context)


@login_required
def job_detail(request, pk):
    """The progress page: while the job runs, static/js/job_progress.js checks it again every few seconds."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    refresh = None if job.is_finished else REFRESH_SECONDS
    return render(request, "reporting/job_detail.html", {"job": job, "refresh_seconds": refresh})


@login_required
def job_download(request, pk):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if job.status != Job.Status.DONE or not job.result_name:
        return redirect(job)
    if job.has_expired() or not job.result_file:
        return render(request, "reporting/job_expired.html", {"job": job}, status=410)
    response = FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
    patch_cache_control(response, private=True, no_store=True)
    return response
