"""Writes on improvements: creating one with its photos, adding and removing photos, the review workflow.

Views check who may see and change a record (`visible_to`/`editable_by`); these functions keep the
rules of the workflow: which status may follow which, and four eyes on every review: only ILO staff and
the reviewers they name verify or return, never their own partner's or their own work, and only the
version they read.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement, Photo, ReviewStep
from improvements.photos import prepare_photo
from improvements.versions import changes_since
from partners.access import scope_for
from partners.models import NotificationKind
from partners.notifications import notify, reviewers
from score_mis.bilingual import either, reader_language

PHOTO_FILE_FIELDS = ("image", "display", "thumbnail")


def photo_add(*, user, improvement, stage, uploaded_file, caption_en="", caption_zh_hans=""):
    """Check and re-encode `uploaded_file` (see improvements.photos) and attach it to `improvement`
    as a "before" or "after" photo, with its caption in English and/or Chinese. Raises ValidationError if the file
    is not an acceptable photo."""
    prepared = prepare_photo(uploaded_file)
    photo = Photo(
        improvement=improvement,
        stage=stage,
        caption_en=caption_en,
        caption_zh_hans=caption_zh_hans,
        format=prepared.format,
        width=prepared.width,
        height=prepared.height,
        ahash=prepared.ahash,
    )
    for field_name in PHOTO_FILE_FIELDS:
        content = getattr(prepared, field_name)
        getattr(photo, field_name).save(content.name, content, save=False)
    try:
        photo.save_validated(user)
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
    (stage, captions, uploaded file) triples, the captions as {`caption_en`: …, `caption_zh_hans`: …}. All or
    nothing."""
    with transaction.atomic():
        improvement.save_validated(user, status=Improvement.Status.DRAFT)
        for stage, captions, uploaded_file in photos:
            photo_add(user=user, improvement=improvement, stage=stage, uploaded_file=uploaded_file, **captions)
    return improvement


def improvement_update(*, user, improvement, **fields):
    """Change what an improvement says (`fields`); its status moves only through the review workflow below."""
    if "status" in fields:
        raise TypeError("improvement_update does not change the status")
    return improvement.save_validated(user, **fields)


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
        _lock_and_refresh(improvement)
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
        step = _record_step(user=user, improvement=improvement, action=action, to_status=Improvement.Status.SUBMITTED)
        notify(
            recipients=[reviewer for reviewer in reviewers() if reviewer.pk != user.pk],
            kind=NotificationKind.IMPROVEMENT_SUBMITTED,
            params=_titles(improvement),
            link=improvement.get_absolute_url(),
        )
        return step


def improvement_verify(*, user, improvement, version, comment_en="", comment_zh_hans=""):
    """Accept a submitted improvement as it was at `version` (see improvements.versions): from now on it
    counts in totals and reports."""
    with transaction.atomic():
        _check_reviewable(
            user,
            improvement,
            version,
            _("Only a submitted improvement can be verified; this one is “%(status)s”."),
            _("This improvement changed since you opened it, so it was not verified: %(changes)s. Check it again."),
        )
        step = _record_step(
            user=user,
            improvement=improvement,
            action=ReviewStep.Action.VERIFY,
            to_status=Improvement.Status.VERIFIED,
            comment_en=comment_en,
            comment_zh_hans=comment_zh_hans,
        )
        _notify_author(improvement, NotificationKind.IMPROVEMENT_VERIFIED, _titles(improvement))
        return step


def improvement_return(*, user, improvement, version, comment_en="", comment_zh_hans=""):
    """Send a submitted improvement, as it was at `version`, back to its coordinator with a comment saying
    what to change, in English, Chinese or both."""
    _require_reviewer(user)
    comment_en, comment_zh_hans = comment_en.strip(), comment_zh_hans.strip()
    if not (comment_en or comment_zh_hans):
        raise ValidationError(
            {
                f"comment_{reader_language().replace('-', '_')}": _(
                    "Say what needs to change when returning an improvement."
                )
            },
            code="comment_missing",
        )
    with transaction.atomic():
        _check_reviewable(
            user,
            improvement,
            version,
            _("Only a submitted improvement can be returned; this one is “%(status)s”."),
            _("This improvement changed since you opened it, so it was not returned: %(changes)s. Check it again."),
        )
        step = _record_step(
            user=user,
            improvement=improvement,
            action=ReviewStep.Action.RETURN,
            to_status=Improvement.Status.RETURNED,
            comment_en=comment_en,
            comment_zh_hans=comment_zh_hans,
        )
        _notify_author(
            improvement,
            NotificationKind.IMPROVEMENT_RETURNED,
            {**_titles(improvement), "comment": comment_en, "comment_zh": comment_zh_hans},
        )
        return step


def _titles(improvement):
    return {"title": improvement.title_en or improvement.title_zh_hans, "title_zh": improvement.title_zh_hans or ""}


def _notify_author(improvement, kind, params):
    """Tell the coordinator who wrote the improvement and the one who last sent it for review."""
    submitters = improvement.review_steps.filter(
        action__in=[ReviewStep.Action.SUBMIT, ReviewStep.Action.RESUBMIT]
    ).select_related("user")
    last_submitter = submitters.order_by("-at").first()
    authors = [improvement.created_by, last_submitter.user if last_submitter else None]
    notify(recipients=authors, kind=kind, params=params, link=improvement.get_absolute_url())


def _lock_and_refresh(improvement):
    """Lock the row for the rest of the transaction and read its current status and last change, so that
    two people acting at once cannot both move it."""
    improvement.status, improvement.updated_at, improvement.updated_by_id = (
        Improvement.objects.select_for_update()
        .values_list("status", "updated_at", "updated_by_id")
        .get(pk=improvement.pk)
    )


def _require_reviewer(user):
    if not scope_for(user).reviews_improvements:
        raise PermissionDenied(_("Only ILO staff and the reviewers they name review improvements."))


def _check_reviewable(user, improvement, version, refusal, stale):
    _require_reviewer(user)
    _lock_and_refresh(improvement)
    if improvement.status != Improvement.Status.SUBMITTED:
        raise ValidationError(refusal, code="invalid_transition", params={"status": improvement.get_status_display()})
    conflict = improvement.review_conflict(user)
    if conflict:
        raise PermissionDenied(conflict)
    changes = changes_since(improvement, version)
    if changes:
        raise ValidationError(stale, code="changed_since_opened", params={"changes": "; ".join(changes)})


def _record_step(*, user, improvement, action, to_status, comment_en="", comment_zh_hans=""):
    step = ReviewStep(
        improvement=improvement,
        action=action,
        from_status=improvement.status,
        to_status=to_status,
        user=user,
        at=timezone.now(),
        comment_en=comment_en,
        comment_zh_hans=comment_zh_hans,
    )
    if to_status == Improvement.Status.VERIFIED:
        improvement.verified_by, improvement.verified_at = user, step.at
    improvement.status = to_status
    improvement._change_reason = either(
        comment_en, comment_zh_hans
    )  # the reason a review in a locked period needs (partners.locks)
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
