import datetime
import io
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from improvements.forms import ImprovementForm
from improvements.models import Improvement, Photo
from improvements.services import improvement_return, improvement_submit, improvement_verify
from improvements.versions import review_version
from partners import roles
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    TrainingRoundFactory,
    UserFactory,
    add_photo,
    category,
    image_upload,
    module,
    picture,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(improvement):
    return add_photo(improvement, caption_en="Cables in bags")


def submitted(improvement, user):
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=11)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=12)
    improvement_submit(user=user, improvement=improvement)
    improvement.refresh_from_db()
    return improvement


def verified(improvement, user, reviewer):
    submitted(improvement, user)
    improvement_verify(user=reviewer, improvement=improvement, version=review_version(improvement))
    improvement.refresh_from_db()
    return improvement


def version_on_page(client, improvement):
    """The version of the improvement that the review form on its page carries."""
    page = client.get(improvement.get_absolute_url()).content.decode()
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def form_data(enterprise, **changes):
    return {
        "enterprise": enterprise.pk,
        "title_en": "Hoppers instead of bags",
        "title_zh_hans": "",
        "module": module(1).pk,
        "category": "cleaner_production",
        "implemented_on": "2015-08-01",
        "description_en": "Cables are loaded from hoppers.",
        "investment_rmb": "2000",
        "annual_saving_rmb": "13000",
        "saving_calculation_en": "Bags no longer bought: 9,000 RMB; unpacking labour: 4,000 RMB.",
        **changes,
    }


def photo_upload(seed=0, name="before.jpg"):
    return image_upload(picture(seed), name=name)


# Three users on every URL with an object id

IMPROVEMENT_URLS = [
    ("improvements:improvement_detail", "get"),
    ("improvements:improvement_update", "get"),
    ("improvements:improvement_update", "post"),
    ("improvements:improvement_delete", "get"),
    ("improvements:improvement_delete", "post"),
    ("improvements:improvement_submit", "post"),
    ("improvements:improvement_verify", "post"),
    ("improvements:improvement_return", "post"),
    ("improvements:photo_add", "get"),
    ("improvements:photo_add", "post"),
]
PHOTO_URLS = [
    ("improvements:photo_delete", "get"),
    ("improvements:photo_delete", "post"),
]
READS = [("improvements:improvement_detail", "get")]
WRITES = [url for url in IMPROVEMENT_URLS + PHOTO_URLS if url not in READS]


def request_url(client, name, method, improvement, photo):
    target = photo if name.startswith("improvements:photo_delete") else improvement
    return getattr(client, method)(reverse(name, args=[target.pk]), {"comment_en": "Looks fine."})


@pytest.mark.parametrize("name, method", IMPROVEMENT_URLS + PHOTO_URLS)
def test_outsider_coordinator_gets_404_on_every_improvement_url(client, outsider, improvement, photo, name, method):
    client.force_login(outsider)

    assert request_url(client, name, method, improvement, photo).status_code == 404
    assert Improvement.objects.filter(pk=improvement.pk, status=Improvement.Status.DRAFT).exists()
    assert Photo.objects.filter(pk=photo.pk).exists()


@pytest.mark.parametrize("name, method", WRITES)
def test_viewer_of_the_same_partner_gets_403_on_every_write(client, viewer, improvement, photo, name, method):
    client.force_login(viewer)

    assert request_url(client, name, method, improvement, photo).status_code == 403
    assert Improvement.objects.filter(pk=improvement.pk, status=Improvement.Status.DRAFT).exists()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_viewer_reads_the_improvement(client, viewer, improvement, photo):
    client.force_login(viewer)

    response = client.get(improvement.get_absolute_url())

    assert response.status_code == 200
    assert photo.url_for("display") in response.content.decode()


@pytest.mark.parametrize(
    "name, method",
    [
        ("improvements:improvement_detail", "get"),
        ("improvements:improvement_update", "get"),
        ("improvements:photo_add", "get"),
    ]
    + [("improvements:improvement_delete", "get"), ("improvements:photo_delete", "get")],
)
def test_owner_coordinator_opens_every_page_of_the_improvement(client, coordinator, improvement, photo, name, method):
    client.force_login(coordinator)

    assert request_url(client, name, method, improvement, photo).status_code == 200


@pytest.mark.parametrize("name", ["improvements:improvement_verify", "improvements:improvement_return"])
def test_owner_coordinator_cannot_review(client, coordinator, improvement, name):
    submitted(improvement, coordinator)
    client.force_login(coordinator)

    response = client.post(reverse(name, args=[improvement.pk]), {"comment_en": "Fine"})

    assert response.status_code == 403
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.SUBMITTED


def test_committee_member_sees_no_improvement(client, improvement):
    client.force_login(user_with_role(roles.COMMITTEE_MEMBER))

    assert client.get(improvement.get_absolute_url()).status_code == 404


def test_anonymous_user_is_sent_to_sign_in(client, improvement):
    response = client.get(improvement.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Capture


def test_create_form_offers_the_phone_camera(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("improvements:improvement_create")).content.decode()

    assert page.count('accept="image/*"') == 2
    assert page.count('capture="environment"') == 2
    assert 'enctype="multipart/form-data"' in page


def test_coordinator_records_improvement_with_before_and_after_photos(client, coordinator, enterprise):
    client.force_login(coordinator)
    data = form_data(
        enterprise,
        before_photo=photo_upload(1),
        before_caption_en="Cables packed in bags",
        after_photo=photo_upload(2, name="after.png"),
        after_caption_en="Cables loaded from a hopper",
    )

    response = client.post(reverse("improvements:improvement_create"), data)

    improvement = Improvement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == improvement.get_absolute_url()
    assert improvement.status == Improvement.Status.DRAFT
    assert improvement.enterprise == enterprise
    assert improvement.created_by == coordinator
    photos = {photo.stage: photo for photo in improvement.photos.all()}
    assert photos[Photo.Stage.BEFORE].caption == "Cables packed in bags"
    assert photos[Photo.Stage.AFTER].caption == "Cables loaded from a hopper"
    assert all(photo.thumbnail and photo.display and photo.ahash for photo in photos.values())
    assert photos[Photo.Stage.BEFORE].created_by == coordinator


def test_enterprise_choices_are_those_the_coordinator_may_change(client, coordinator, enterprise):
    other = EnterpriseFactory(name="Shanghai Shoes")
    client.force_login(coordinator)

    form = client.get(reverse("improvements:improvement_create")).context["form"]

    assert list(form.fields["enterprise"].queryset) == [enterprise]
    assert other not in form.fields["enterprise"].queryset


def test_forged_enterprise_of_another_partner_is_a_form_error(client, coordinator):
    other = EnterpriseFactory(name="Shanghai Shoes")
    client.force_login(coordinator)

    response = client.post(reverse("improvements:improvement_create"), form_data(other))

    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Improvement.objects.exists()


@pytest.mark.parametrize(
    "bad_photo, message",
    [
        (
            SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),
            "This file is not a JPEG, PNG or WebP picture",
        ),
        (SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture"), "This file is not a JPEG, PNG or WebP picture"),
    ],
    ids=["png_html_polyglot", "pdf_named_jpg"],
)
def test_failed_upload_re_renders_the_form_with_everything_typed(client, coordinator, enterprise, bad_photo, message):
    client.force_login(coordinator)
    data = form_data(enterprise, before_photo=bad_photo, before_caption_en="Cables packed in bags")

    response = client.post(reverse("improvements:improvement_create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors["before_photo"][0]
    page = response.content.decode()
    assert 'value="Hoppers instead of bags"' in page
    assert 'value="Cables packed in bags"' in page
    assert "Bags no longer bought: 9,000 RMB; unpacking labour: 4,000 RMB." in page
    assert 'value="13000"' in page
    assert f'<option value="{enterprise.pk}" selected>' in page
    assert not Improvement.objects.exists()


def test_decompression_bomb_upload_gets_a_clear_message_not_a_server_error(client, coordinator, enterprise):
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")
    client.force_login(coordinator)
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue())

    response = client.post(reverse("improvements:improvement_create"), form_data(enterprise, after_photo=bomb))

    assert response.status_code == 200
    assert "more than 40 million pixels" in response.context["form"].errors["after_photo"][0]
    assert not Improvement.objects.exists()


def test_oversized_upload_gets_a_clear_message(client, coordinator, improvement):
    client.force_login(coordinator)
    big = SimpleUploadedFile("big.jpg", photo_upload().read() + b"\0" * (11 * 1024 * 1024))

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]), {"stage": "before", "caption_en": "x", "photo": big}
    )

    assert response.status_code == 200
    assert "the limit is 10.0" in response.context["form"].errors["photo"][0]
    assert not improvement.photos.exists()


def test_errors_in_other_fields_ask_to_choose_the_photos_again(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:improvement_create"), form_data(enterprise, title_en="", before_photo=photo_upload())
    )

    assert response.status_code == 200
    assert "Photos are not kept when the form has errors: choose them again." in response.content.decode()
    assert not Photo.objects.exists()


def test_viewer_cannot_open_the_create_page(client, viewer):
    client.force_login(viewer)

    assert client.get(reverse("improvements:improvement_create")).status_code == 403


# Edit, delete, photos


def test_coordinator_edits_a_draft(client, coordinator, improvement):
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:improvement_update", args=[improvement.pk]),
        form_data(improvement.enterprise, title_en="Hoppers for cable loading", version=improvement.version),
    )

    assert response.status_code == 302
    improvement.refresh_from_db()
    assert improvement.title == "Hoppers for cable loading"
    assert improvement.updated_by == coordinator


def test_coordinator_cannot_edit_a_verified_improvement_but_ilo_staff_can(
    client, coordinator, reviewer, ilo_staff, improvement
):
    verified(improvement, coordinator, reviewer)
    url = reverse("improvements:improvement_update", args=[improvement.pk])
    client.force_login(coordinator)

    assert client.get(url).status_code == 403
    assert client.post(url, form_data(improvement.enterprise, title_en="Changed")).status_code == 403
    assert client.get(improvement.get_absolute_url()).status_code == 200

    client.force_login(ilo_staff)
    improvement.refresh_from_db()
    corrected = form_data(improvement.enterprise, title_en="Corrected", version=improvement.version)
    assert client.post(url, corrected).status_code == 302
    improvement.refresh_from_db()
    assert (improvement.title, improvement.status) == ("Corrected", Improvement.Status.VERIFIED)


def test_delete_asks_for_confirmation_then_deletes(client, coordinator, improvement, photo):
    url = reverse("improvements:improvement_delete", args=[improvement.pk])
    client.force_login(coordinator)

    confirmation = client.get(url)
    assert "This cannot be undone." in confirmation.content.decode()
    assert Improvement.objects.filter(pk=improvement.pk).exists()

    response = client.post(url)

    assert response["Location"] == reverse("improvements:improvement_list")
    assert not Improvement.objects.filter(pk=improvement.pk).exists()
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_coordinator_adds_an_after_photo(client, coordinator, improvement):
    client.force_login(coordinator)

    response = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]),
        {"stage": "after", "caption_en": "Tools on a rack", "photo": photo_upload(5)},
    )

    assert response.status_code == 302
    photo = improvement.photos.get()
    assert (photo.stage, photo.caption, photo.created_by) == ("after", "Tools on a rack", coordinator)


def test_coordinator_deletes_a_photo_after_confirming(client, coordinator, improvement, photo):
    url = reverse("improvements:photo_delete", args=[photo.pk])
    client.force_login(coordinator)

    assert "This cannot be undone." in client.get(url).content.decode()
    response = client.post(url)

    assert response["Location"] == improvement.get_absolute_url()
    assert not improvement.photos.exists()


def test_photos_of_a_verified_improvement_are_locked_for_the_coordinator(client, coordinator, reviewer, improvement):
    verified(improvement, coordinator, reviewer)
    photo = improvement.photos.first()
    client.force_login(coordinator)

    assert client.get(reverse("improvements:photo_add", args=[improvement.pk])).status_code == 403
    assert client.post(reverse("improvements:photo_delete", args=[photo.pk])).status_code == 403
    assert client.get(photo.url_for("display")).status_code == 200


# Review through the pages


def test_coordinator_submits_and_sees_the_history(client, coordinator, improvement):
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=2)
    client.force_login(coordinator)

    response = client.post(reverse("improvements:improvement_submit", args=[improvement.pk]), follow=True)

    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.SUBMITTED
    page = response.content.decode()
    assert "submitted for review" in page
    assert f"by {coordinator.username}" in page


def test_submitting_without_photos_shows_why_it_was_refused(client, coordinator, improvement):
    client.force_login(coordinator)

    response = client.post(reverse("improvements:improvement_submit", args=[improvement.pk]), follow=True)

    assert "Add at least one “before” and one “after” photo before submitting." in response.content.decode()
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.DRAFT


def test_reviewer_verifies_from_the_page(client, coordinator, reviewer, improvement):
    submitted(improvement, coordinator)
    client.force_login(reviewer)

    page = client.get(improvement.get_absolute_url()).content.decode()
    assert reverse("improvements:improvement_verify", args=[improvement.pk]) in page

    version = version_on_page(client, improvement)
    client.post(
        reverse("improvements:improvement_verify", args=[improvement.pk]), {"comment_en": "", "version": version}
    )

    improvement.refresh_from_db()
    assert (improvement.status, improvement.verified_by) == (Improvement.Status.VERIFIED, reviewer)


def test_returning_without_a_comment_re_renders_the_page_with_the_error(client, coordinator, reviewer, improvement):
    submitted(improvement, coordinator)
    client.force_login(reviewer)

    response = client.post(reverse("improvements:improvement_return", args=[improvement.pk]), {"comment_en": "  "})

    assert response.status_code == 200
    assert response.context["review_form"].errors["comment_en"] == [
        "Say what needs to change when returning an improvement."
    ]
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.SUBMITTED


def test_returned_comment_is_shown_to_the_coordinator(client, coordinator, reviewer, improvement):
    submitted(improvement, coordinator)
    client.force_login(reviewer)
    client.post(
        reverse("improvements:improvement_return", args=[improvement.pk]),
        {"comment_en": "Explain the labour saving.", "version": version_on_page(client, improvement)},
    )

    client.force_login(coordinator)
    page = client.get(improvement.get_absolute_url()).content.decode()

    assert "Explain the labour saving." in page
    assert "Submit again for review" in page


def test_action_buttons_follow_the_users_rights(client, coordinator, viewer, reviewer, improvement):
    submit_url = reverse("improvements:improvement_submit", args=[improvement.pk])
    verify_url = reverse("improvements:improvement_verify", args=[improvement.pk])
    edit_url = reverse("improvements:improvement_update", args=[improvement.pk])

    client.force_login(coordinator)
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert submit_url in page and edit_url in page and verify_url not in page

    client.force_login(viewer)
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert submit_url not in page and edit_url not in page and verify_url not in page

    submitted(improvement, coordinator)
    client.force_login(reviewer)
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert verify_url in page and submit_url not in page and edit_url not in page


def test_plausibility_warnings_are_shown_to_reviewers_only(client, coordinator, reviewer, improvement):
    improvement.saving_calculation = ""
    improvement.save()
    submitted(improvement, coordinator)
    warning = "The saving does not say how it was worked out."

    client.force_login(coordinator)
    assert warning not in client.get(improvement.get_absolute_url()).content.decode()

    client.force_login(reviewer)
    assert warning in client.get(improvement.get_absolute_url()).content.decode()


def test_returned_improvements_are_listed_on_the_coordinators_home_page(
    client, coordinator, outsider, reviewer, improvement
):
    submitted(improvement, coordinator)
    improvement_return(
        user=reviewer,
        improvement=improvement,
        version=review_version(improvement),
        comment_en="Add a photo of the hopper in use.",
    )

    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "Improvements returned to you for changes" in home
    assert improvement.get_absolute_url() in home
    assert "Add a photo of the hopper in use." in home

    client.force_login(outsider)
    assert "Add a photo of the hopper in use." not in client.get(reverse("home")).content.decode()


def test_returned_list_tag_renders_nothing_when_nothing_is_returned(coordinator, improvement):
    request = RequestFactory().get("/")
    request.user = coordinator

    rendered = Template("{% load improvement_tags %}{% returned_improvements %}").render(Context({"request": request}))

    assert rendered.strip() == ""


# The gallery


def test_gallery_shows_a_coordinators_drafts_by_default_and_any_status_chosen(
    client, coordinator, reviewer, enterprise
):
    draft = ImprovementFactory(enterprise=enterprise, title="Draft shelf")
    done = verified(ImprovementFactory(enterprise=enterprise, title="Verified hopper"), coordinator, reviewer)
    client.force_login(coordinator)

    default = client.get(reverse("improvements:improvement_list"))
    verified_only = client.get(reverse("improvements:improvement_list"), {"status": "verified"})
    every = client.get(reverse("improvements:improvement_list"), {"status": ""})

    assert list(default.context["page_obj"]) == [draft]
    assert list(verified_only.context["page_obj"]) == [done]
    assert set(every.context["page_obj"]) == {draft, done}


def test_viewer_sees_only_verified_improvements_in_the_gallery(client, coordinator, viewer, reviewer, enterprise):
    ImprovementFactory(enterprise=enterprise, title="Draft shelf")
    done = verified(ImprovementFactory(enterprise=enterprise), coordinator, reviewer)
    client.force_login(viewer)

    response = client.get(reverse("improvements:improvement_list"), {"status": "draft"})

    assert list(response.context["page_obj"]) == [done]
    assert "status" not in response.context["filter"].form.fields


def test_gallery_never_shows_other_partners_improvements(client, outsider, ilo_staff, enterprise):
    improvement = ImprovementFactory(enterprise=enterprise)
    client.force_login(outsider)

    assert list(client.get(reverse("improvements:improvement_list"), {"status": ""}).context["page_obj"]) == []
    client.force_login(ilo_staff)
    assert list(client.get(reverse("improvements:improvement_list"), {"status": ""}).context["page_obj"]) == [
        improvement
    ]


def test_gallery_filters_by_module_category_city_partner_and_period(client, ilo_staff, partner):
    deyang, taixing = CityFactory(name="Deyang"), CityFactory(name="Taixing")
    guard = ImprovementFactory(
        enterprise=EnterpriseFactory(city=deyang, recruited_by=partner),
        module=module(5),
        category=category("osh"),
        implemented_on=datetime.date(2015, 7, 1),
    )
    enrolled = EnrollmentFactory(round=TrainingRoundFactory(city=taixing)).enterprise
    cups = ImprovementFactory(
        enterprise=enrolled, module=module(1), category=category("quality"), implemented_on=datetime.date(2015, 9, 1)
    )
    client.force_login(ilo_staff)

    def shown(**filters):
        return set(client.get(reverse("improvements:improvement_list"), {"status": "", **filters}).context["page_obj"])

    assert shown(module=module(5).pk) == {guard}
    assert shown(category="quality") == {cups}
    assert shown(city=taixing.pk) == {cups}
    assert shown(partner=partner.pk) == {guard}
    assert shown(partner=enrolled.enrollments.get().round.partner_id) == {cups}
    assert shown(implemented_after="2015-08-01") == {cups}
    assert shown(implemented_before="2015-08-01") == {guard}


def test_gallery_totals_count_only_verified_improvements(client, coordinator, reviewer, enterprise):
    ImprovementFactory(enterprise=enterprise, annual_saving_rmb=99999)
    verified(ImprovementFactory(enterprise=enterprise, annual_saving_rmb=13000), coordinator, reviewer)
    client.force_login(coordinator)

    response = client.get(reverse("improvements:improvement_list"), {"status": ""})

    assert response.context["totals"]["count"] == 1
    assert response.context["totals"]["annual_saving_rmb"] == 13000


def test_gallery_is_paginated(client, ilo_staff, enterprise):
    ImprovementFactory.create_batch(30, enterprise=enterprise)
    client.force_login(ilo_staff)

    first = client.get(reverse("improvements:improvement_list"), {"status": ""})
    second = client.get(reverse("improvements:improvement_list"), {"status": "", "page": 2})

    assert len(first.context["page_obj"]) == 24
    assert len(second.context["page_obj"]) == 6
    assert "status=&amp;page=2" in first.content.decode()


# Query counts


def make_improvements(count, enterprise, verifier):
    rng = random.Random(count)
    improvements = Improvement.objects.bulk_create(
        Improvement(
            enterprise=enterprise,
            module=module(1),
            category_id="osh",
            title=f"Improvement {number}",
            implemented_on=datetime.date(2015, 8, 1),
            annual_saving_rmb=1000,
            status=Improvement.Status.VERIFIED,
            verified_by=verifier,
            verified_at=timezone.now(),
        )
        for number in range(count)
    )
    Photo.objects.bulk_create(
        Photo(
            improvement=improvement,
            stage=stage,
            image=f"improvements/{improvement.pk}-{stage}.jpg",
            thumbnail=f"improvements/thumbnails/{improvement.pk}-{stage}.jpg",
            display=f"improvements/display/{improvement.pk}-{stage}.jpg",
            format="jpeg",
            ahash=f"{rng.getrandbits(64):016x}",
        )
        for improvement in improvements
        for stage in Photo.Stage.values
    )
    return improvements


@pytest.mark.parametrize("rows", [10, 500])
def test_gallery_runs_a_constant_number_of_queries(
    client, coordinator, enterprise, rows, django_assert_max_num_queries
):
    make_improvements(rows, enterprise, UserFactory())
    client.force_login(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("improvements:improvement_list"), {"status": ""})

    assert len(response.context["page_obj"]) == min(rows, 24)


@pytest.mark.parametrize("rows", [10, 500])
def test_detail_page_runs_a_constant_number_of_queries(
    client, coordinator, reviewer, enterprise, rows, django_assert_max_num_queries
):
    improvement = make_improvements(rows, enterprise, UserFactory())[0]
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=3)
    client.force_login(reviewer)

    with django_assert_max_num_queries(13):
        response = client.get(improvement.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["improvement"].before_photos) == 2


def test_verifying_after_the_improvement_changed_verifies_nothing_and_shows_what_changed(
    client, coordinator, ilo_staff, improvement
):
    submitted(improvement, coordinator)
    verify_url = reverse("improvements:improvement_verify", args=[improvement.pk])
    client.force_login(ilo_staff)
    version = version_on_page(client, improvement)
    client.force_login(user_with_role(roles.ILO_STAFF))
    client.post(
        reverse("improvements:improvement_update", args=[improvement.pk]),
        form_data(improvement.enterprise, annual_saving_rmb="900000", version=improvement.version),
    )

    client.force_login(ilo_staff)
    response = client.post(verify_url, {"comment_en": "", "version": version}, follow=True)

    improvement.refresh_from_db()
    assert (improvement.status, improvement.verified_by) == (Improvement.Status.SUBMITTED, None)
    content = response.content.decode()
    assert "This improvement changed since you opened it, so it was not verified" in content
    assert "annual saving (RMB) changed" in content
    client.post(verify_url, {"comment_en": "", "version": version_on_page(client, improvement)})
    improvement.refresh_from_db()
    assert (improvement.status, improvement.verified_by) == (Improvement.Status.VERIFIED, ilo_staff)


def test_returning_after_a_photo_was_added_returns_nothing_and_says_so(client, coordinator, reviewer, improvement):
    submitted(improvement, coordinator)
    client.force_login(reviewer)
    version = version_on_page(client, improvement)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=13, user=user_with_role(roles.ILO_STAFF))

    response = client.post(
        reverse("improvements:improvement_return", args=[improvement.pk]),
        {"comment_en": "Explain the saving.", "version": version},
        follow=True,
    )

    assert "so it was not returned: photo added (After)" in response.content.decode()
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.SUBMITTED


def test_ilo_staff_who_last_changed_an_improvement_cannot_verify_it(client, coordinator, ilo_staff, improvement):
    submitted(improvement, coordinator)
    client.force_login(ilo_staff)
    client.post(
        reverse("improvements:improvement_update", args=[improvement.pk]),
        form_data(improvement.enterprise, annual_saving_rmb="900000", version=improvement.version),
    )

    page = client.get(improvement.get_absolute_url()).content.decode()
    improvement.refresh_from_db()
    response = client.post(
        reverse("improvements:improvement_verify", args=[improvement.pk]), {"version": review_version(improvement)}
    )

    assert "You created or changed this improvement or its photos: someone else must review it." in page
    assert reverse("improvements:improvement_verify", args=[improvement.pk]) not in page
    assert response.status_code == 403
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.SUBMITTED


def test_coordinator_cannot_change_an_improvement_while_it_is_submitted(client, coordinator, improvement):
    submitted(improvement, coordinator)
    client.force_login(coordinator)
    edit_url = reverse("improvements:improvement_update", args=[improvement.pk])

    edit = client.post(edit_url, form_data(improvement.enterprise, annual_saving_rmb="900000"))
    photo = client.post(
        reverse("improvements:photo_add", args=[improvement.pk]), {"stage": "after", "photo": photo_upload(14)}
    )
    page = client.get(improvement.get_absolute_url()).content.decode()

    assert edit.status_code == photo.status_code == 403
    improvement.refresh_from_db()
    assert improvement.annual_saving_rmb != 900000 and improvement.photos.count() == 2
    assert "Submitted for review: it cannot be changed until a reviewer verifies or returns it." in page
    assert edit_url not in page


def test_reviewer_opens_improvements_sent_for_review_but_not_drafts(client, coordinator, reviewer, improvement):
    draft = ImprovementFactory(enterprise=improvement.enterprise, title="Still a draft")
    submitted(improvement, coordinator)
    photo = improvement.photos.first()
    client.force_login(reviewer)

    assert client.get(improvement.get_absolute_url()).status_code == 200
    assert client.get(photo.url_for("thumbnail")).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("improvements:improvement_update", args=[improvement.pk])).status_code == 403


@pytest.mark.parametrize(
    "language, first, second", [("en", "title_en", "title_zh_hans"), ("zh-hans", "title_zh_hans", "title_en")]
)
def test_the_improvement_form_shows_both_languages_side_by_side_the_readers_first(coordinator, language, first, second):
    with translation.override(language):
        form = ImprovementForm(user=coordinator)
        html = render_to_string("includes/bilingual_fields.html", {"form": form})

    assert [(a.name, b.name) for a, b in form.pairs()][0] == (first, second)
    assert html.index(f'name="{first}"') < html.index(f'name="{second}"')
    assert 'name="description_en"' in html and 'name="saving_calculation_zh_hans"' in html


def test_an_improvement_titled_in_chinese_only_is_saved_and_one_titled_in_neither_is_refused(
    client, coordinator, enterprise
):
    client.force_login(coordinator)
    url = reverse("improvements:improvement_create")

    refused = client.post(url, form_data(enterprise, title_en="", title_zh_hans=""))
    client.post(url, form_data(enterprise, title_en="", title_zh_hans="用料斗代替编织袋"))

    assert refused.context["form"].errors["title_en"] == ["Write this in English, in Chinese or in both."]
    assert Improvement.objects.get().title_zh_hans == "用料斗代替编织袋"


def test_a_comment_returned_in_chinese_only_shows_marked_to_an_english_reader(
    client, coordinator, reviewer, improvement
):
    submitted(improvement, coordinator)
    client.force_login(reviewer)
    client.post(
        reverse("improvements:improvement_return", args=[improvement.pk]),
        {"comment_en": "", "comment_zh_hans": "请补充节约的计算。", "version": version_on_page(client, improvement)},
    )

    client.force_login(coordinator)
    detail = client.get(improvement.get_absolute_url()).content.decode()
    home = client.get(reverse("home")).content.decode()

    step = improvement.review_steps.get(action="return")
    assert (step.comment_en, step.comment_zh_hans) == ("", "请补充节约的计算。")
    for page in (detail, home):
        assert re.search(r'lang="zh-Hans" class="text-fallback">.*请补充节约的计算。.*\(Only in Chinese\)', page, re.S)


def test_a_photo_caption_is_written_in_both_languages_and_each_reader_sees_their_own(client, coordinator, improvement):
    client.force_login(coordinator)
    client.post(
        reverse("improvements:photo_add", args=[improvement.pk]),
        {"stage": "after", "caption_en": "", "caption_zh_hans": "工具挂在架子上", "photo": photo_upload(5)},
    )

    english = client.get(improvement.get_absolute_url()).content.decode()
    chinese = client.get(improvement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert improvement.photos.values_list("caption_en", "caption_zh_hans").get() == ("", "工具挂在架子上")
    assert '工具挂在架子上 <small class="text-fallback-marker">(Only in Chinese)</small>' in english
    assert "<span>工具挂在架子上</span>" in chinese


def test_the_photo_form_puts_the_readers_language_first(client, coordinator, improvement):
    client.force_login(coordinator)
    url = reverse("improvements:photo_add", args=[improvement.pk])

    english = client.get(url).content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert english.index('id="id_caption_en"') < english.index('id="id_caption_zh_hans"')
    assert chinese.index('id="id_caption_zh_hans"') < chinese.index('id="id_caption_en"')


def test_names_written_only_in_chinese_show_marked_in_the_english_improvement_pages(client, coordinator, improvement):
    enterprise = improvement.enterprise
    enterprise.name_en, enterprise.name_zh_hans = "", "德阳彩灯厂"
    enterprise.save()
    client.force_login(coordinator)

    for url in (improvement.get_absolute_url(), reverse("improvements:improvement_list") + "?status="):
        page = client.get(url).content.decode()
        assert '德阳彩灯厂 <small class="text-fallback-marker">(Only in Chinese)</small>' in page, url
