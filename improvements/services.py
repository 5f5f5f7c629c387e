"""Writes on improvements: creating one with its photos, adding and removing photos, the review workflow.

Views check who may see and change a record (`visible_to`/`editable_by`); these functions keep the
rules of the workflow: which status may follow which, and that only reviewers verify or return.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement, Photo, ReviewStep, is_reviewer
from improvements.photos import prepare_photo

PHOTO_FILE_FIELDS = ("image", "display", "thumbnail")


def photo_add(*, user, improvement, stage, caption, uploaded_file):
    """Check and re-encode `uploaded_file` (see improvements.photos) and attach it to `improvement`
    as a "before" or "after" photo. Raises ValidationError if the file is not an acceptable photo."""
    prepared = prepare_photo(uploaded_file)
    photo = Photo(
        improvement=improvement,
        stage=stage,
        caption=caption,
        format=prepared.format,
        width=prepared.width,
        height=prepared.height,
        ahash=prepared.ahash,
    )
    photo.stamp(user)
    for field_name in PHOTO_FILE_FIELDS:
        content = getattr(prepared, field_name)
        getattr(photo, field_name).save(content.name, content, save=False)
    try:
        with transaction.atomic():
            photo.full_clean()
            photo.save()
    except Exception:
        _delete_files([photo])
        raise
    return photo


def photo_delete(*, user, photo):
    """Delete the photo and, once that is committed, its stored files."""
    photo._history_user = user
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: _delete_files([photo]))


def improvement_create(*, user, improvement, photos=()):
    """Save a new (unsaved) improvement as a draft with its first photos, given as
    (stage, caption, uploaded file) triples. All or nothing."""
    improvement.status = Improvement.Status.DRAFT
    improvement.stamp(user)
    with transaction.atomic():
        improvement.full_clean()
        improvement.save()
        for stage, caption, uploaded_file in photos:
            photo_add(user=user, improvement=improvement, stage=stage, caption=caption, uploaded_file=uploaded_file)
    return improvement


def improvement_update(
    *,
    user,
    improvement,
    enterprise,
    title,
    module,
    category,
    implemented_on,
    title_zh="",
    is_gender_responsive=False,
    description="",
    investment_rmb=0,
    annual_saving_rmb=None,
    saving_calculation="",
):
    """Change what an improvement says (its status moves only through the review workflow below)."""
    fields = {
        "enterprise": enterprise,
        "title": title,
        "title_zh": title_zh,
        "module": module,
        "category": category,
        "is_gender_responsive": is_gender_responsive,
        "implemented_on": implemented_on,
        "description": description,
        "investment_rmb": investment_rmb,
        "annual_saving_rmb": annual_saving_rmb,
        "saving_calculation": saving_calculation,
    }
    for name, value in fields.items():
        setattr(improvement, name, value)
    improvement.stamp(user)
    improvement._history_user = user
    with transaction.atomic():
        improvement.full_clean()
        improvement.save()
    return improvement


def improvement_delete(*, user, improvement):
    """Delete the improvement with its photos and review history, then the photos' stored files."""
    photos = list(improvement.photos.all())
    improvement._history_user = user
    with transaction.atomic():
        improvement.delete()
        transaction.on_commit(lambda: _delete_files(photos))


def improvement_submit(*, user, improvement):
    """Send a draft or returned improvement to review. It needs a before and an after photo."""
    with transaction.atomic():
        _lock_status(improvement)
        if improvement.status not in (Improvement.Status.DRAFT, Improvement.Status.RETURNED):
            raise ValidationError(
                _("Only a draft or a returned improvement can be submitted; this one is “%(status)s”."),
                code="invalid_transition",
                params={"status": improvement.get_status_display()},
            )
        stages = set(improvement.photos.values_list("stage", flat=True))
        if not {Photo.Stage.BEFORE, Photo.Stage.AFTER} <= stages:
            raise ValidationError(
                _("Add at least one “before” and one “after” photo before submitting."), code="photos_missing"
            )
        action = ReviewStep.Action.SUBMIT
        if improvement.status == Improvement.Status.RETURNED:
            action = ReviewStep.Action.RESUBMIT
        return _record_step(user=user, improvement=improvement, action=action, to_status=Improvement.Status.SUBMITTED)


def improvement_verify(*, user, improvement, comment=""):
    """Accept a submitted improvement: from now on it counts in totals and reports."""
    with transaction.atomic():
        _check_reviewable(
            user, improvement, _("Only a submitted improvement can be verified; this one is “%(status)s”.")
        )
        return _record_step(
            user=user,
            improvement=improvement,
            action=ReviewStep.Action.VERIFY,
            to_status=Improvement.Status.VERIFIED,
            comment=comment,
        )


def improvement_return(*, user, improvement, comment):
    """Send a submitted improvement back to its coordinator with a comment saying what to change."""
    _require_reviewer(user)
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say what needs to change when returning an improvement.")}, code="comment_missing"
        )
    with transaction.atomic():
        _check_reviewable(
            user, improvement, _("Only a submitted improvement can be returned; this one is “%(status)s”.")
        )
        return _record_step(
            user=user,
            improvement=improvement,
            action=ReviewStep.Action.RETURN,
            to_status=Improvement.Status.RETURNED,
            comment=comment.strip(),
        )


def _lock_status(improvement):
    """Lock the row for the rest of the transaction and read its current status, so that two
    people acting at once cannot both move it."""
    improvement.status = Improvement.objects.select_for_update().values_list("status", flat=True).get(pk=improvement.pk)


def _require_reviewer(user):
    if not is_reviewer(user):
        raise PermissionDenied(_("Only ILO staff and expert trainers review improvements."))


def _check_reviewable(user, improvement, refusal):
    _require_reviewer(user)
    _lock_status(improvement)
    if improvement.status != Improvement.Status.SUBMITTED:
        raise ValidationError(refusal, code="invalid_transition", params={"status": improvement.get_status_display()})


def _record_step(*, user, improvement, action, to_status, comment=""):
    step = ReviewStep(
        improvement=improvement,
        action=action,
        from_status=improvement.status,
        to_status=to_status,
        user=user,
        at=timezone.now(),
        comment=comment,
    )
    if to_status == Improvement.Status.VERIFIED:
        improvement.verified_by, improvement.verified_at = user, step.at
    improvement.status = to_status
    improvement.stamp(user)
    improvement.full_clean()
    improvement.save()
    step.full_clean()
    step.save()
    return step


def _delete_files(photos):
    for photo in photos:
        for field_name in PHOTO_FILE_FIELDS:
            field_file = getattr(photo, field_name)
            if field_file:
                field_file.storage.delete(field_file.name)
