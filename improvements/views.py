from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from improvements import services
from improvements.filters import ImprovementFilter
from improvements.forms import ImprovementCreateForm, ImprovementForm, PhotoForm, ReviewForm
from improvements.models import Improvement, Photo
from improvements.plausibility import improvement_warnings
from improvements.versions import review_version
from partners.access import can_change, get_editable_or_403, get_visible_or_404, scope_for
from score_mis.pagination import BoundedPaginator

IMPROVEMENTS_PER_PAGE = 24
# The list sums the savings of its selection up to this many verified improvements; the dashboard has the rest.
TOTALLED_AT_MOST = 5000


@login_required
def improvement_list(request):
    improvements = Improvement.objects.visible_to(request.user).for_list()
    improvement_filter = ImprovementFilter(request.GET, queryset=improvements, request=request)
    number = request.GET.get("page")
    page_obj = BoundedPaginator(improvement_filter.qs, IMPROVEMENTS_PER_PAGE, page_number=number).get_page(number)
    return render(
        request,
        "improvements/improvement_list.html",
        {
            "filter": improvement_filter,
            "page_obj": page_obj,
            "totals": improvement_filter.qs.verified_totals(at_most=TOTALLED_AT_MOST),
            "totals_limit": TOTALLED_AT_MOST,
            "may_add": scope_for(request.user).may_write_anything,
        },
    )


@login_required
def improvement_detail(request, pk):
    improvement = get_visible_or_404(Improvement.objects.for_detail(), request.user, pk=pk)
    return _render_detail(request, improvement)


def _render_detail(request, improvement, review_form=None):
    """The improvement page; a reviewer's form carries the version they read, unless `review_form` is given back."""
    user = request.user
    reviewer = scope_for(user).reviews_improvements
    may_change = can_change(user, improvement)
    submitted = improvement.status == Improvement.Status.SUBMITTED
    review_conflict = improvement.review_conflict(user) if reviewer and submitted else ""
    may_review = reviewer and submitted and not review_conflict
    if may_review and review_form is None:
        review_form = ReviewForm(initial={"version": review_version(improvement)})
    return render(
        request,
        "improvements/improvement_detail.html",
        {
            "improvement": improvement,
            "may_change": may_change,
            "may_submit": may_change and improvement.status in (Improvement.Status.DRAFT, Improvement.Status.RETURNED),
            "may_review": may_review,
            "review_conflict": review_conflict,
            "locked_for_review": submitted and not may_change and not reviewer,
            "review_form": review_form,
            "steps": list(improvement.review_steps.all()),
            "warnings": improvement_warnings(improvement, viewer=user) if reviewer else [],
        },
    )


def _review_form(request):
    """The reviewer's comment and the version they read (both optional, so the form always validates)."""
    form = ReviewForm(request.POST)
    form.is_valid()
    return form


@login_required
def improvement_create(request):
    if not scope_for(request.user).may_write_anything:
        raise PermissionDenied
    form = ImprovementCreateForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"enterprise": request.GET.get("enterprise")},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                improvement = services.improvement_create(
                    user=request.user, improvement=form.save(commit=False), photos=form.photos()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Improvement “%(title)s” saved as a draft.") % {"title": improvement})
                return redirect(improvement)
        if request.FILES:
            form.add_error(None, _("Photos are not kept when the form has errors: choose them again."))
    return render(request, "improvements/improvement_form.html", {"form": form})


@login_required
def improvement_update(request, pk):
    improvement = get_editable_or_403(Improvement.objects, request.user, pk=pk)
    form = ImprovementForm(request.POST or None, instance=improvement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_update(user=request.user, improvement=improvement, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Improvement “%(title)s” saved.") % {"title": improvement})
            return redirect(improvement)
    return render(request, "improvements/improvement_form.html", {"form": form, "improvement": improvement})


@login_required
def improvement_delete(request, pk):
    improvement = get_editable_or_403(Improvement.objects, request.user, pk=pk)
    if request.method == "POST":
        services.improvement_delete(user=request.user, improvement=improvement)
        messages.success(request, _("Improvement “%(title)s” deleted.") % {"title": improvement})
        return redirect("improvements:improvement_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": improvement,
            "cancel_url": improvement.get_absolute_url(),
            "consequences": _("Its photos and review history are deleted with it."),
        },
    )


@login_required
@require_POST
def improvement_submit(request, pk):
    improvement = get_editable_or_403(Improvement.objects, request.user, pk=pk)
    try:
        services.improvement_submit(user=request.user, improvement=improvement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Improvement “%(title)s” submitted for review.") % {"title": improvement})
    return redirect(improvement)


@login_required
@require_POST
def improvement_verify(request, pk):
    improvement = get_visible_or_404(Improvement.objects, request.user, pk=pk)
    form = _review_form(request)
    try:
        services.improvement_verify(user=request.user, improvement=improvement, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Improvement “%(title)s” verified.") % {"title": improvement})
    return redirect(improvement)


@login_required
@require_POST
def improvement_return(request, pk):
    improvement = get_visible_or_404(Improvement.objects.for_detail(), request.user, pk=pk)
    form = _review_form(request)
    try:
        services.improvement_return(user=request.user, improvement=improvement, **form.cleaned_data)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(improvement)
        form.add_error(None, error)
        return _render_detail(request, improvement, form)
    messages.success(request, _("Improvement “%(title)s” returned for changes.") % {"title": improvement})
    return redirect(improvement)


@login_required
def photo_add(request, pk):
    improvement = get_editable_or_403(Improvement.objects, request.user, pk=pk)
    form = PhotoForm(request.POST or None, request.FILES or None, initial={"stage": request.GET.get("stage")})
    if request.method == "POST" and form.is_valid():
        services.photo_add(
            user=request.user,
            improvement=improvement,
            stage=form.cleaned_data["stage"],
            uploaded_file=form.cleaned_data["photo"],
            caption_en=form.cleaned_data["caption_en"],
            caption_zh_hans=form.cleaned_data["caption_zh_hans"],
        )
        messages.success(request, _("Photo added."))
        return redirect(improvement)
    return render(request, "improvements/photo_form.html", {"form": form, "improvement": improvement})


@login_required
def photo_delete(request, pk):
    photo = get_editable_or_403(Photo.objects.select_related("improvement"), request.user, pk=pk)
    if request.method == "POST":
        services.photo_delete(user=request.user, photo=photo)
        messages.success(request, _("Photo deleted."))
        return redirect(photo.improvement)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": photo, "cancel_url": photo.improvement.get_absolute_url()},
    )


@login_required
@require_safe
def photo_file(request, pk, size):
    """One size of a photo, for users who may see its improvement. How the bytes leave the server
    depends on settings.PHOTO_SERVE_MODE; the file never has a public URL of its own, and no cache keeps it
    (score_mis.middleware.NoStoreMiddleware)."""
    if size not in Photo.SIZES:
        raise Http404
    photo = get_visible_or_404(Photo.objects, request.user, pk=pk)
    stored = photo.file(size)
    if stored is None or not photo.format:
        raise Http404
    if settings.PHOTO_SERVE_MODE == "x-accel":
        response = HttpResponse(content_type=photo.content_type)
        response["X-Accel-Redirect"] = f"{settings.PHOTO_X_ACCEL_LOCATION.rstrip('/')}/{quote(stored.name)}"
    elif settings.PHOTO_SERVE_MODE == "storage-url":
        response = HttpResponseRedirect(stored.url)
    else:
        try:
            response = FileResponse(stored.open("rb"), content_type=photo.content_type)
        except FileNotFoundError:
            raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    return response
