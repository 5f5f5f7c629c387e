"""Writes through the API go through the pages' forms and the apps' services: the same rules and messages,
the same scoping (outsiders 404, read-only users 403), versions (a stale write is 409 with the current version),
four eyes on reviews, and every change in the history as the token's user."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dataexchange.models import ApiToken
from enterprises.models import Indicator, Measurement
from improvements.models import Improvement, ImprovementCategory
from improvements.services import improvement_update
from partners import roles
from tests.dataexchange.api.conftest import bearer, make_token
from tests.factories import (
    EnrollmentFactory,
    EnterpriseFactory,
    TrainerFactory,
    image_upload,
    module,
    picture,
    user_with_role,
)
from trainings.models import Activity, Enrollment, TrainingRound

pytestmark = pytest.mark.django_db

WRITABLE = ("rounds", "enrollments", "activities", "measurements", "improvements")


def post(client, resource, body, secret):
    return client.post(reverse(f"api:{resource}-list"), body, content_type="application/json", **bearer(secret))


def put(client, resource, pk, body, secret):
    url = reverse(f"api:{resource}-detail", args=[pk])
    return client.put(url, body, content_type="application/json", **bearer(secret))


def round_body(owned, **changes):
    training_round = owned["rounds"]
    return {
        "title_en": "Module 1 in Deyang",
        "partner": owned["partners"].pk,
        "module": module(1).pk,
        "city": training_round.city_id,
        "kind": "toe",
        "status": "planned",
        "phase": training_round.phase,
        "starts_on": "2015-06-01",
        "ends_on": "2015-09-05",
        "cost_total": "10000.00",
        "cost_non_ilo": "4000.00",
        "description_en": "",
        **changes,
    }


def current_body(client, resource, pk, secret):
    """The record as the API shows it: what a client reads before changing it."""
    return client.get(reverse(f"api:{resource}-detail", args=[pk]), **bearer(secret)).json()


def test_coordinator_records_a_round_and_the_history_names_the_token_user(client, owned, owner):
    secret = make_token(owner)[1]

    response = post(client, "rounds", round_body(owned), secret)

    assert response.status_code == 201, response.json()
    created = TrainingRound.objects.get(pk=response.json()["id"])
    assert response.json()["partner_code"] == "OWN"
    assert created.created_by == owner
    assert created.history.get().history_user == owner


def test_round_with_broken_rules_gets_400_with_the_forms_messages(client, owned, owner):
    secret = make_token(owner)[1]

    response = post(client, "rounds", round_body(owned, ends_on="2015-05-01", cost_non_ilo="20000"), secret)

    assert response.status_code == 400
    assert response.json()["ends_on"] == ["A round cannot end before it starts."]
    assert response.json()["cost_non_ilo"] == ["The non-ILO part cannot exceed the total cost."]
    assert TrainingRound.objects.count() == 1


def test_body_of_the_wrong_shape_gets_400_naming_the_field(client, owned, owner):
    secret = make_token(owner)[1]

    response = post(client, "rounds", round_body(owned, starts_on=["2015"], module="one"), secret)

    assert response.status_code == 400
    assert set(response.json()) == {"starts_on", "module"}


def test_round_of_another_partner_cannot_be_recorded(client, owned, outsider):
    response = post(client, "rounds", round_body(owned), make_token(outsider)[1])

    assert response.status_code == 400
    assert "partner" in response.json()
    assert TrainingRound.objects.count() == 1


def test_edit_with_the_version_read_is_saved_and_a_stale_one_gets_409_with_the_current_version(client, owned, owner):
    secret = make_token(owner)[1]
    training_round = owned["rounds"]
    read = round_body(owned, title_en="Renamed", version=training_round.version)

    first = put(client, "rounds", training_round.pk, read, secret)
    second = put(client, "rounds", training_round.pk, {**read, "title_en": "Renamed again"}, secret)

    assert first.status_code == 200, first.json()
    assert first.json()["title_en"] == "Renamed"
    assert second.status_code == 409
    assert second.json()["current_version"] == first.json()["version"]
    assert "Someone else changed this record" in second.json()["detail"]
    training_round.refresh_from_db()
    assert training_round.title == "Renamed"
    assert training_round.history.latest().history_user == owner


def test_edit_without_a_version_gets_400(client, owned, owner):
    response = put(client, "rounds", owned["rounds"].pk, round_body(owned), make_token(owner)[1])

    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize("resource", WRITABLE)
@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("outsider", 404), ("committee_member", 404)])
def test_only_those_who_may_change_a_record_edit_it(client, request, owned, resource, role, expected):
    secret = make_token(request.getfixturevalue(role))[1]
    record = owned[resource]

    response = put(client, resource, record.pk, {"version": record.version}, secret)

    assert response.status_code == expected
    assert type(record).objects.get(pk=record.pk).version == record.version


@pytest.mark.parametrize("resource", WRITABLE)
def test_read_only_user_cannot_record_anything(client, owned, viewer, resource):
    assert post(client, resource, {}, make_token(viewer)[1]).status_code == 403


def test_feed_token_cannot_write(client, owned, owner):
    feed_secret = make_token(owner, kind=ApiToken.Kind.FEED)[1]

    assert post(client, "rounds", round_body(owned), feed_secret).status_code == 401


def test_enterprise_is_enrolled_and_the_enrollment_edited(client, owned, owner):
    secret = make_token(owner)[1]
    enterprise = EnterpriseFactory(recruited_by=owned["partners"])
    body = {"round": owned["rounds"].pk, "enterprise": enterprise.pk, "enrolled_on": "2015-06-02"}

    created = post(client, "enrollments", body, secret)
    twice = post(client, "enrollments", body, secret)
    edit = {"status": "completed", "enrolled_on": "2015-06-02", "version": created.json()["version"]}
    incomplete = put(client, "enrollments", created.json()["id"], edit, secret)
    completed = put(client, "enrollments", created.json()["id"], {**edit, "completed_on": "2015-09-05"}, secret)

    assert created.status_code == 201, created.json()
    assert twice.status_code == 400
    assert "enterprise" in twice.json()
    assert incomplete.json() == {"completed_on": ["Give the date the enterprise completed the round."]}
    assert completed.status_code == 200
    assert Enrollment.objects.get(pk=created.json()["id"]).status == "completed"


def test_filters_of_a_write_cannot_reach_another_partners_round(client, owned, outsider):
    enterprise = EnterpriseFactory(recruited_by=outsider.partner_memberships.get().partner)
    body = {"round": owned["rounds"].pk, "enterprise": enterprise.pk, "enrolled_on": "2015-06-02"}

    response = post(client, "enrollments", body, make_token(outsider)[1])

    assert response.status_code == 400
    assert "round" in response.json()
    assert not Enrollment.objects.filter(enterprise=enterprise).exists()


def test_workshop_day_is_recorded_with_attendance_by_enterprise(client, owned, owner):
    secret = make_token(owner)[1]
    enterprise = owned["enterprises"]
    body = {
        "round": owned["rounds"].pk,
        "kind": "workshop",
        "date": "2015-06-11",
        "trainers": [owned["trainers"].pk],
        "attendance": [{"enterprise": enterprise.pk, "female_managers": 2, "male_workers": 3}],
    }

    response = post(client, "activities", body, secret)

    assert response.status_code == 201, response.json()
    assert response.json()["participants"] == 5
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.attendances.get().history.get().history_user == owner


def test_workshop_attendance_of_an_enterprise_outside_the_round_is_refused(client, owned, owner):
    stranger = EnterpriseFactory(recruited_by=owned["partners"])
    body = {
        "round": owned["rounds"].pk,
        "kind": "workshop",
        "date": "2015-06-11",
        "attendance": [{"enterprise": stranger.pk, "female_managers": 2}],
    }

    response = post(client, "activities", body, make_token(owner)[1])

    assert response.status_code == 400
    assert "enterprise" in response.json()["attendance"]["0"]


def test_factory_visit_is_recorded_and_counts_only_the_visited_enterprise(client, owned, owner):
    secret = make_token(owner)[1]
    visited, other = owned["enterprises"], EnrollmentFactory(round=owned["rounds"]).enterprise
    body = {"round": owned["rounds"].pk, "kind": "visit", "date": "2015-07-01", "enterprise": visited.pk}

    refused = post(client, "activities", {**body, "attendance": [{"enterprise": other.pk, "male_managers": 1}]}, secret)
    recorded = post(
        client, "activities", {**body, "attendance": [{"enterprise": visited.pk, "male_managers": 1}]}, secret
    )
    assert recorded.status_code == 201, recorded.json()
    moved = put(
        client,
        "activities",
        recorded.json()["id"],
        {"date": "2015-07-02", "enterprise": other.pk, "version": recorded.json()["version"]},
        secret,
    )

    assert refused.status_code == 400
    assert "attendance" in refused.json()
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["participants"] == 1
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["enterprise"], moved.json()["participants"]) == (other.pk, 0)


def test_activity_trainer_of_another_partner_cannot_be_named(client, owned, owner):
    body = {
        "round": owned["rounds"].pk,
        "kind": "workshop",
        "date": "2015-06-11",
        "trainers": [TrainerFactory().pk],
    }

    response = post(client, "activities", body, make_token(owner)[1])

    assert response.status_code == 400
    assert "trainers" in response.json()


def test_measurement_is_recorded_with_the_forms_rules_and_edited(client, owned, owner):
    secret = make_token(owner)[1]
    body = {
        "enterprise": owned["enterprises"].pk,
        "indicator": Indicator.objects.get(code="defect-rate").pk,
        "stage": "baseline",
        "period_start": "2013-01-01",
        "period_end": "2013-03-31",
        "value": 4.5,
    }

    backwards = post(client, "measurements", {**body, "period_end": "2012-12-31"}, secret)
    created = post(client, "measurements", body, secret)
    assert created.status_code == 201, created.json()
    edited = put(client, "measurements", created.json()["id"], {**body, "value": "3.25", "version": 1}, secret)

    assert backwards.status_code == 400
    assert "period_end" in backwards.json()
    assert created.status_code == 201, created.json()
    assert edited.status_code == 200, edited.json()
    assert Measurement.objects.get(pk=created.json()["id"]).value == pytest.approx(3.25)


def improvement_body(owned, **changes):
    return {
        "enterprise": owned["enterprises"].pk,
        "title_en": "Hoppers instead of bags to load cables",
        "module": module(1).pk,
        "category": owned["improvements"].category_id,
        "implemented_on": "2015-08-01",
        "investment_rmb": "800",
        "annual_saving_rmb": "13000",
        **changes,
    }


def test_an_improvement_takes_an_active_category_by_its_code(client, owned, owner):
    secret = make_token(owner)[1]
    ImprovementCategory.objects.filter(code="gender").update(is_active=False)

    created = post(client, "improvements", improvement_body(owned, category="quality"), secret)
    retired = post(client, "improvements", improvement_body(owned, category="gender", title_en="Nursing room"), secret)

    assert created.status_code == 201, created.json()
    assert Improvement.objects.get(pk=created.json()["id"]).category_id == "quality"
    assert retired.status_code == 400 and "category" in retired.json()


def upload_photo(client, improvement_id, stage, secret, seed=0):
    url = reverse("api:improvements-photos", args=[improvement_id])
    return client.post(url, {"stage": stage, "photo": image_upload(picture(seed)), "caption_en": ""}, **bearer(secret))


def test_improvement_goes_from_draft_through_photos_to_four_eyes_review(client, owned, owner, staff):
    secret, reviewer_secret = make_token(owner)[1], make_token(staff)[1]

    created = post(client, "improvements", improvement_body(owned), secret)
    improvement_id = created.json()["id"]
    too_early = client.post(reverse("api:improvements-submit", args=[improvement_id]), **bearer(secret))
    upload_photo(client, improvement_id, "before", secret)
    after = upload_photo(client, improvement_id, "after", secret, seed=7)
    submitted = client.post(reverse("api:improvements-submit", args=[improvement_id]), **bearer(secret))
    review = {"review_version": submitted.json()["review_version"]}
    verify_url = reverse("api:improvements-verify", args=[improvement_id])
    own_verification = client.post(verify_url, review, content_type="application/json", **bearer(secret))
    verified = client.post(verify_url, review, content_type="application/json", **bearer(reviewer_secret))

    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    assert too_early.status_code == 400
    assert after.status_code == 201, after.json()
    assert (after.json()["before_photos"], after.json()["after_photos"]) == (1, 1)
    assert submitted.status_code == 200
    assert own_verification.status_code == 403
    assert verified.status_code == 200, verified.json()
    improvement = Improvement.objects.get(pk=improvement_id)
    assert (improvement.status, improvement.verified_by) == ("verified", staff)
    assert improvement.history.latest().history_user == staff


def test_review_of_an_improvement_changed_since_gets_409_with_the_current_review_version(client, owned, owner, staff):
    secret, reviewer_secret = make_token(owner)[1], make_token(staff)[1]
    improvement_id = post(client, "improvements", improvement_body(owned), secret).json()["id"]
    upload_photo(client, improvement_id, "before", secret)
    upload_photo(client, improvement_id, "after", secret, seed=7)
    read = client.post(reverse("api:improvements-submit", args=[improvement_id]), **bearer(secret)).json()
    improvement_update(
        user=user_with_role(roles.ILO_STAFF), improvement=Improvement.objects.get(pk=improvement_id), title="Hoppers"
    )

    response = client.post(
        reverse("api:improvements-return", args=[improvement_id]),
        {"review_version": read["review_version"], "comment_en": "Show the hopper in use."},
        content_type="application/json",
        **bearer(reviewer_secret),
    )

    assert response.status_code == 409
    assert (
        response.json()["current_review_version"]
        == current_body(client, "improvements", improvement_id, reviewer_secret)["review_version"]
    )
    assert Improvement.objects.get(pk=improvement_id).status == "submitted"


def test_photo_that_is_not_a_picture_gets_400(client, owned, owner):
    secret = make_token(owner)[1]
    improvement_id = post(client, "improvements", improvement_body(owned), secret).json()["id"]
    url = reverse("api:improvements-photos", args=[improvement_id])

    response = client.post(
        url, {"stage": "before", "photo": SimpleUploadedFile("a.jpg", b"not a photo")}, **bearer(secret)
    )

    assert response.status_code == 400
    assert "photo" in response.json()


def test_writes_are_throttled_per_token(client, owned, owner, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    first, second = make_token(owner, name="first")[1], make_token(owner, name="second")[1]

    statuses = [post(client, "rounds", {}, first).status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    assert post(client, "rounds", {}, second).status_code == 400
