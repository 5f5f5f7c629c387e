import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from improvements.models import Improvement, Photo, ReviewStep
from improvements.services import (
    improvement_create,
    improvement_delete,
    improvement_return,
    improvement_submit,
    improvement_update,
    improvement_verify,
)
from improvements.versions import review_version
from partners import roles
from partners.access import scope_for
from partners.models import Partner, PartnerMembership
from tests.factories import (
    ImprovementFactory,
    MembershipFactory,
    PartnerFactory,
    TrainerFactory,
    add_photo,
    image_upload,
    picture,
    user_with_role,
)
from trainings.models import Trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(improvement):
    """A draft with a before and an after photo, ready to submit."""
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=2)
    return improvement


def reloaded(improvement):
    return Improvement.objects.get(pk=improvement.pk)


def test_coordinator_submits_a_draft_and_the_step_is_recorded(ready, coordinator):
    before = timezone.now()

    step = improvement_submit(user=coordinator, improvement=ready)

    assert reloaded(ready).status == Improvement.Status.SUBMITTED
    assert (step.action, step.from_status, step.to_status) == ("submit", "draft", "submitted")
    assert step.user == coordinator
    assert before <= step.at <= timezone.now()
    assert reloaded(ready).updated_by == coordinator


@pytest.mark.parametrize("missing", [Photo.Stage.BEFORE, Photo.Stage.AFTER])
def test_submitting_needs_a_before_and_an_after_photo(improvement, coordinator, missing):
    present = Photo.Stage.AFTER if missing == Photo.Stage.BEFORE else Photo.Stage.BEFORE
    add_photo(improvement, stage=present)

    with pytest.raises(ValidationError) as excinfo:
        improvement_submit(user=coordinator, improvement=improvement)

    assert excinfo.value.messages == ["Add at least one “before” and one “after” photo before submitting."]
    assert reloaded(improvement).status == Improvement.Status.DRAFT
    assert not ReviewStep.objects.exists()


def test_reviewer_verifies_a_submitted_improvement(ready, coordinator, reviewer):
    improvement_submit(user=coordinator, improvement=ready)

    step = improvement_verify(
        user=reviewer, improvement=ready, version=review_version(ready), comment_en="Checked on the factory visit."
    )

    verified = reloaded(ready)
    assert verified.status == Improvement.Status.VERIFIED
    assert verified.verified_by == reviewer
    assert verified.verified_at == step.at
    assert (step.action, step.from_status, step.to_status, step.user) == ("verify", "submitted", "verified", reviewer)
    assert step.comment == "Checked on the factory visit."


def test_ilo_staff_verify_any_submitted_improvement(ready, coordinator, ilo_staff):
    improvement_submit(user=coordinator, improvement=ready)

    improvement_verify(user=ilo_staff, improvement=ready, version=review_version(ready))

    assert reloaded(ready).verified_by == ilo_staff


@pytest.mark.parametrize("level", Trainer.Level.values)
def test_coordinator_linked_to_a_trainer_of_any_level_cannot_review_their_partners_improvement(
    ready, coordinator, partner, level
):
    colleague = user_with_role(roles.PARTNER_COORDINATOR, partner)
    TrainerFactory(partner=partner, level=level, user=colleague)
    improvement_submit(user=coordinator, improvement=ready)

    assert not scope_for(colleague).reviews_improvements
    with pytest.raises(PermissionDenied):
        improvement_verify(user=colleague, improvement=ready, version=review_version(ready))
    with pytest.raises(PermissionDenied):
        improvement_return(user=colleague, improvement=ready, version=review_version(ready), comment_en="No.")
    assert reloaded(ready).status == Improvement.Status.SUBMITTED


def test_coordinator_cannot_verify_their_own_submission(ready, coordinator):
    improvement_submit(user=coordinator, improvement=ready)

    with pytest.raises(PermissionDenied):
        improvement_verify(user=coordinator, improvement=ready, version=review_version(ready))
    assert reloaded(ready).status == Improvement.Status.SUBMITTED


def test_returning_needs_a_comment(ready, coordinator, reviewer):
    improvement_submit(user=coordinator, improvement=ready)

    with pytest.raises(ValidationError) as excinfo:
        improvement_return(user=reviewer, improvement=ready, version=review_version(ready), comment_en="   ")

    assert excinfo.value.message_dict == {"comment_en": ["Say what needs to change when returning an improvement."]}
    assert reloaded(ready).status == Improvement.Status.SUBMITTED


def test_database_refuses_a_return_step_without_comment(ready, reviewer):
    step = ReviewStep(
        improvement=ready, action="return", from_status="submitted", to_status="returned", user=reviewer, comment_en=""
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        step.save()


def test_returned_improvement_is_resubmitted_and_the_history_tells_the_whole_story(ready, coordinator, reviewer):
    improvement_submit(user=coordinator, improvement=ready)
    improvement_return(
        user=reviewer, improvement=ready, version=review_version(ready), comment_en="Explain the labour saving."
    )
    assert reloaded(ready).status == Improvement.Status.RETURNED

    improvement_submit(user=coordinator, improvement=ready)
    improvement_verify(user=reviewer, improvement=ready, version=review_version(ready))

    history = list(ready.review_steps.values_list("action", "from_status", "to_status", "user", "comment_en"))
    assert history == [
        ("submit", "draft", "submitted", coordinator.pk, ""),
        ("return", "submitted", "returned", reviewer.pk, "Explain the labour saving."),
        ("resubmit", "returned", "submitted", coordinator.pk, ""),
        ("verify", "submitted", "verified", reviewer.pk, ""),
    ]
    assert reloaded(ready).status == Improvement.Status.VERIFIED


DISALLOWED = [
    ("submit", Improvement.Status.SUBMITTED),
    ("submit", Improvement.Status.VERIFIED),
    ("verify", Improvement.Status.DRAFT),
    ("verify", Improvement.Status.RETURNED),
    ("verify", Improvement.Status.VERIFIED),
    ("return", Improvement.Status.DRAFT),
    ("return", Improvement.Status.RETURNED),
    ("return", Improvement.Status.VERIFIED),
]


@pytest.mark.parametrize("action, status", DISALLOWED)
def test_disallowed_transitions_are_refused_with_a_clear_message(ready, ilo_staff, action, status):
    verification = {"verified_by": ilo_staff, "verified_at": timezone.now()} if status == "verified" else {}
    Improvement.objects.filter(pk=ready.pk).update(status=status, **verification)
    service = {"submit": improvement_submit, "verify": improvement_verify, "return": improvement_return}[action]
    extra = {"submit": {}, "verify": {"version": review_version(ready)}}.get(action)
    if extra is None:
        extra = {"version": review_version(ready), "comment_en": "Please check."}

    with pytest.raises(ValidationError) as excinfo:
        service(user=ilo_staff, improvement=ready, **extra)

    assert "can be" in excinfo.value.messages[0]
    assert reloaded(ready).status == status
    assert not ReviewStep.objects.exists()


def test_a_stale_copy_cannot_move_an_improvement_twice(ready, coordinator, reviewer, ilo_staff):
    improvement_submit(user=coordinator, improvement=ready)
    stale = reloaded(ready)
    improvement_verify(user=reviewer, improvement=ready, version=review_version(ready))

    with pytest.raises(ValidationError):
        improvement_return(user=ilo_staff, improvement=stale, version=review_version(stale), comment_en="Too late.")
    assert reloaded(ready).status == Improvement.Status.VERIFIED
    assert ready.review_steps.count() == 2


def test_totals_count_only_verified_improvements(enterprise, coordinator, reviewer):
    for status, saving in [("draft", 50000), ("submitted", 40000), ("returned", 30000)]:
        ImprovementFactory(enterprise=enterprise, status=status, annual_saving_rmb=saving)
    for saving, investment in [(13000, 2000), (7000, 500)]:
        ImprovementFactory(
            enterprise=enterprise,
            annual_saving_rmb=saving,
            investment_rmb=investment,
            status="verified",
            verified_by=reviewer,
            verified_at=timezone.now(),
        )

    totals = Improvement.objects.verified_totals()

    assert totals == {"count": 2, "annual_saving_rmb": 20000, "investment_rmb": 2500}
    assert Improvement.objects.verified().count() == 2
    assert Improvement.objects.filter(status="draft").verified_totals()["count"] == 0


def test_totals_are_zero_when_nothing_is_verified(improvement):
    assert Improvement.objects.verified_totals() == {"count": 0, "annual_saving_rmb": 0, "investment_rmb": 0}


def test_verified_improvement_is_editable_only_by_ilo_staff(ready, coordinator, reviewer, ilo_staff):
    improvement_submit(user=coordinator, improvement=ready)
    improvement_verify(user=reviewer, improvement=ready, version=review_version(ready))

    assert not Improvement.objects.editable_by(coordinator).filter(pk=ready.pk).exists()
    assert not Photo.objects.editable_by(coordinator).filter(improvement=ready).exists()
    assert Improvement.objects.visible_to(coordinator).filter(pk=ready.pk).exists()
    assert Improvement.objects.editable_by(ilo_staff).filter(pk=ready.pk).exists()
    assert Photo.objects.editable_by(ilo_staff).filter(improvement=ready).count() == 2


def test_returned_to_lists_only_the_users_returned_improvements_with_the_latest_comment(
    ready, enterprise, coordinator, viewer, outsider, reviewer
):
    ImprovementFactory(enterprise=enterprise, title="Still a draft")
    improvement_submit(user=coordinator, improvement=ready)
    improvement_return(user=reviewer, improvement=ready, version=review_version(ready), comment_en="First remark.")
    improvement_submit(user=coordinator, improvement=ready)
    improvement_return(user=reviewer, improvement=ready, version=review_version(ready), comment_en="Second remark.")

    returned = list(Improvement.objects.returned_to(coordinator))

    assert returned == [ready]
    assert returned[0].return_comment_en == "Second remark."
    assert returned[0].returned_at == ready.review_steps.order_by("-at", "-pk")[0].at
    assert list(Improvement.objects.returned_to(viewer)) == []
    assert list(Improvement.objects.returned_to(outsider)) == []


def test_improvement_is_created_with_its_photos_as_a_draft(enterprise, coordinator):
    improvement = ImprovementFactory.build(enterprise=enterprise, status="verified")

    improvement_create(
        user=coordinator,
        improvement=improvement,
        photos=[
            (Photo.Stage.BEFORE, {"caption_en": "Tools in a heap", "caption_zh_hans": ""}, image_upload(picture(1))),
            (Photo.Stage.AFTER, {"caption_en": "", "caption_zh_hans": "工具挂在架子上"}, image_upload(picture(2))),
        ],
    )

    saved = reloaded(improvement)
    assert saved.status == Improvement.Status.DRAFT
    assert saved.created_by == coordinator
    assert list(saved.photos.order_by("stage").values_list("stage", "caption_en", "caption_zh_hans")) == [
        (Photo.Stage.AFTER, "", "工具挂在架子上"),
        (Photo.Stage.BEFORE, "Tools in a heap", ""),
    ]


def test_deleting_an_improvement_removes_its_photo_files(ready, coordinator, django_capture_on_commit_callbacks):
    photos = list(ready.photos.all())
    storage = photos[0].image.storage

    with django_capture_on_commit_callbacks(execute=True):
        improvement_delete(user=coordinator, improvement=ready)

    assert not Improvement.objects.filter(pk=ready.pk).exists()
    assert not any(storage.exists(photo.file(size).name) for photo in photos for size in Photo.SIZES)


def test_ilo_staff_member_of_a_national_partner_cannot_review_its_branchs_improvement(ready, coordinator, partner):
    national = PartnerFactory(code="NATIONAL")
    partner.parent, partner.parent_relation = national, Partner.ParentRelation.BRANCH_OF
    partner.save()
    staff_member = user_with_role(roles.ILO_STAFF, national, role=PartnerMembership.Role.VIEWER)
    improvement_submit(user=coordinator, improvement=ready)

    with pytest.raises(PermissionDenied, match="belongs to a partner you are a member of"):
        improvement_verify(user=staff_member, improvement=ready, version=review_version(ready))
    assert reloaded(ready).status == Improvement.Status.SUBMITTED


def test_reviewer_who_belongs_to_the_partner_cannot_review_its_improvement(ready, coordinator, reviewer, partner):
    MembershipFactory(user=reviewer, partner=partner, role=PartnerMembership.Role.VIEWER)
    improvement_submit(user=coordinator, improvement=ready)

    with pytest.raises(PermissionDenied):
        improvement_return(user=reviewer, improvement=ready, version=review_version(ready), comment_en="Mine.")
    assert reloaded(ready).status == Improvement.Status.SUBMITTED


def test_nobody_verifies_an_improvement_they_created_or_whose_photo_they_added(enterprise, coordinator):
    author, photographer, independent = (user_with_role(roles.ILO_STAFF) for _ in range(3))
    improvement = ImprovementFactory(enterprise=enterprise, created_by=author, updated_by=author)
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1, user=photographer)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=2, user=coordinator)
    improvement_submit(user=coordinator, improvement=improvement)

    for conflicted in (author, photographer):
        with pytest.raises(PermissionDenied, match="You created or changed this improvement or its photos"):
            improvement_verify(user=conflicted, improvement=improvement, version=review_version(improvement))
    improvement_verify(user=independent, improvement=improvement, version=review_version(improvement))

    assert reloaded(improvement).verified_by == independent


def test_verifying_a_version_that_changed_since_it_was_read_verifies_nothing_and_says_what_changed(
    ready, coordinator, reviewer, ilo_staff
):
    improvement_submit(user=coordinator, improvement=ready)
    read = review_version(ready)
    fields = ["enterprise", "title_en", "title_zh_hans", "module", "category", "is_gender_responsive", "implemented_on"]
    fields += ["description_en", "description_zh_hans", "investment_rmb", "saving_calculation_en"]
    unchanged = {name: getattr(ready, name) for name in fields}
    improvement_update(user=ilo_staff, improvement=reloaded(ready), annual_saving_rmb=900000, **unchanged)
    add_photo(ready, stage=Photo.Stage.AFTER, seed=3, user=ilo_staff)

    with pytest.raises(ValidationError) as excinfo:
        improvement_verify(user=reviewer, improvement=ready, version=read)

    assert excinfo.value.code == "changed_since_opened"
    assert excinfo.value.messages == [
        "This improvement changed since you opened it, so it was not verified: "
        "annual saving (RMB) changed; photo added (After). Check it again."
    ]
    assert reloaded(ready).status == Improvement.Status.SUBMITTED
    assert not ready.review_steps.filter(action=ReviewStep.Action.VERIFY).exists()


def test_verifying_the_version_read_when_nothing_changed_goes_through(ready, coordinator, reviewer):
    improvement_submit(user=coordinator, improvement=ready)
    read = review_version(reloaded(ready))

    improvement_verify(user=reviewer, improvement=reloaded(ready), version=read)

    assert reloaded(ready).status == Improvement.Status.VERIFIED


def test_a_submitted_improvement_and_its_photos_are_changed_only_by_ilo_staff(ready, coordinator, ilo_staff):
    improvement_submit(user=coordinator, improvement=ready)

    assert not Improvement.objects.editable_by(coordinator).filter(pk=ready.pk).exists()
    assert not Photo.objects.editable_by(coordinator).filter(improvement=ready).exists()
    assert Improvement.objects.editable_by(ilo_staff).filter(pk=ready.pk).exists()
