"""Every URL of the staff app that names an object is checked with the users of a partner family: the owner
coordinator, a read-only viewer of the same partner and an outsider coordinator (ILO staff for the reviews).

A URL that writes is proven by its effect: the permitted user's POST redirects and changes what it says it
changes, the viewer's POST gets 403 and the outsider's 404, and a POST-only URL answers a GET with 405 for
everyone. So a view that refuses everyone fails (`test_a_view_that_refuses_everyone_fails_the_check`).
A new URL pattern with an object id fails `test_every_object_url_has_an_access_rule` until it is listed here."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLResolver, get_resolver, reverse
from django.views.decorators.http import require_POST
from PIL import Image

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from improvements import services as improvement_services
from improvements.models import Improvement, Photo
from improvements.versions import review_version
from partners import roles
from partners.models import Agreement, PartnerMembership
from tests.factories import (
    AgreementFactory,
    CertificationFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    EventFactory,
    EventParticipationFactory,
    ImprovementFactory,
    MeasurementFactory,
    RoundTrainerFactory,
    TraineeFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    user_with_role,
)
from tests.pages import submit_as_rendered
from trainings.models import (
    Activity,
    Certification,
    Enrollment,
    Event,
    EventParticipation,
    RoundTrainer,
    Trainee,
    Trainer,
    TrainingRound,
)

pytestmark = pytest.mark.django_db

STAFF_APP_NAMESPACES = {"partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange"}


@dataclass(frozen=True)
class Rule:
    target: str  # the object the URL names
    writes: bool = False
    post_only: bool = False  # a GET is answered with 405
    writer: str = "coordinator"  # who may write: the partner's coordinator, ILO staff, or the supervising expert
    extra: tuple = ()


OBJECT_URLS = {
    "enterprises:enterprise_detail": Rule("enterprise"),
    "enterprises:enterprise_update": Rule("enterprise", writes=True),
    "enterprises:enterprise_delete": Rule("spare_enterprise", writes=True),
    "enterprises:improvement_team_update": Rule("enterprise", writes=True),
    "enterprises:measurement_create": Rule("enterprise", writes=True),
    "enterprises:measurement_update": Rule("measurement", writes=True),
    "enterprises:measurement_delete": Rule("measurement", writes=True),
    "trainings:round_detail": Rule("round"),
    "trainings:round_update": Rule("round", writes=True),
    "trainings:round_delete": Rule("round", writes=True),
    "trainings:workshop_create": Rule("round", writes=True),
    "trainings:visit_create": Rule("round", writes=True),
    "trainings:enrollment_create": Rule("round", writes=True),
    "trainings:activity_detail": Rule("activity"),
    "trainings:activity_update": Rule("activity", writes=True),
    "trainings:activity_delete": Rule("activity", writes=True),
    "trainings:enrollment_update": Rule("enrollment", writes=True),
    "trainings:enrollment_delete": Rule("enrollment", writes=True),
    "trainings:trainee_create": Rule("tot_round", writes=True),
    "trainings:trainee_delete": Rule("trainee", writes=True),
    "trainings:round_trainer_create": Rule("round", writes=True),
    "trainings:round_trainer_delete": Rule("round_trainer", writes=True),
    "trainings:recommendation_create": Rule("round", writes=True, writer="supervising_expert"),
    "trainings:trainer_detail": Rule("trainer"),
    "trainings:certification_decide": Rule("recommended_certification", writes=True, writer="ilo_staff"),
    "trainings:certification_lapse": Rule("certification", writes=True, writer="ilo_staff"),
    "trainings:certification_renew": Rule("lapsed_certification", writes=True, writer="ilo_staff"),
    "trainings:event_detail": Rule("event"),
    "trainings:event_update": Rule("event", writes=True),
    "trainings:event_delete": Rule("event", writes=True),
    "trainings:participation_create": Rule("event", writes=True),
    "trainings:participation_delete": Rule("participation", writes=True),
    "improvements:improvement_detail": Rule("improvement"),
    "improvements:improvement_update": Rule("improvement", writes=True),
    "improvements:improvement_delete": Rule("improvement", writes=True),
    "improvements:improvement_submit": Rule("improvement", writes=True, post_only=True),
    "improvements:improvement_verify": Rule("submitted_improvement", writes=True, post_only=True, writer="ilo_staff"),
    "improvements:improvement_return": Rule("submitted_improvement", writes=True, post_only=True, writer="ilo_staff"),
    "improvements:photo_add": Rule("improvement", writes=True),
    "improvements:photo_delete": Rule("photo", writes=True),
    "improvements:photo": Rule("photo", extra=(("size", "thumbnail"),)),
    "partners:partner_detail": Rule("partner"),
    "partners:partner_update": Rule("partner", writes=True, writer="ilo_staff"),
    "partners:agreement_create": Rule("partner", writes=True, writer="ilo_staff"),
    "partners:agreement_detail": Rule("agreement"),
    "partners:agreement_update": Rule("agreement", writes=True, writer="ilo_staff"),
    "partners:agreement_document": Rule("agreement"),
    "partners:person_detail": Rule("colleague"),
    "partners:person_update": Rule("colleague", writes=True, writer="ilo_staff"),
    "partners:person_set_active": Rule("colleague", writes=True, post_only=True, writer="ilo_staff"),
}

# URLs with parameters that are not a partner-owned object (frozen reports are for staff and the committee;
# spreadsheet URLs name a kind of record and a per-user upload token; API tokens and background jobs belong to one
# user; the results framework is the programme's, kept by ILO staff), with the test that covers them.
OTHER_AUDIENCE_URLS = {
    "reporting:frozen_detail": "tests/reporting/test_frozen.py",
    "reporting:frozen_document": "tests/reporting/test_frozen.py",
    "reporting:frozen_pdf": "tests/reporting/test_frozen.py",
    "reporting:frozen_xlsx": "tests/reporting/test_frozen.py",
    "dataexchange:template": "tests/dataexchange/test_views.py",
    "dataexchange:export": "tests/dataexchange/test_views.py",
    "dataexchange:export_queue": "tests/dataexchange/test_views.py",
    "dataexchange:import_upload": "tests/dataexchange/test_views.py",
    "dataexchange:import_preview": "tests/dataexchange/test_views.py",
    "dataexchange:import_confirm": "tests/dataexchange/test_views.py",
    "reporting:job_detail": "tests/reporting/test_job_views.py",
    "reporting:job_download": "tests/reporting/test_job_views.py",
    "dataexchange:api_token_revoke": "tests/dataexchange/api/test_token_views.py",
    "reporting:actual_evidence": "tests/reporting/test_results_views.py",
    **{
        f"{namespace}:{kind}_{action}": "tests/partners/test_reference.py"
        for namespace, kind in (
            ("partners", "city"),
            ("trainings", "module"),
            ("enterprises", "indicator"),
            ("improvements", "category"),
        )
        for action in ("update", "delete")
    },
    **{
        f"reporting:{kind}_{action}": "tests/reporting/test_results_views.py"
        for kind in ("area", "indicator", "target", "actual", "rate", "narrative", "content")
        for action in ("update", "delete")
    },
}


def staff_app_object_urls():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in STAFF_APP_NAMESPACES and pattern.pattern.converters:
                yield f"{namespace}:{pattern.name}", pattern

    return dict(walk(get_resolver().url_patterns))


def test_every_object_url_has_an_access_rule():
    unlisted = [name for name in sorted(staff_app_object_urls()) if name not in OBJECT_URLS | OTHER_AUDIENCE_URLS]

    assert unlisted == [], "Add these URLs to OBJECT_URLS with their access rule"


def png_upload(name="photo.png", color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def supervising_expert(partner):
    """An expert trainer's account (a viewer of `partner`): the supervising expert of `owned_objects`' round."""
    return user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER)


@pytest.fixture
def owned_objects(partner, coordinator, supervising_expert):
    """One object of each kind, all belonging to `partner`."""
    enrollment = EnrollmentFactory(round__partner=partner)
    expert = TrainerFactory(partner=partner, level=Trainer.Level.EXPERT, user=supervising_expert)
    RoundTrainerFactory(round=enrollment.round, trainer=expert, role=RoundTrainer.Role.SUPERVISOR)
    lead = RoundTrainerFactory(round=enrollment.round, role=RoundTrainer.Role.LEAD)
    certified = {"status": Certification.Status.CERTIFIED, "certified_on": datetime.date(2015, 1, 1)}
    event = EventFactory()
    event.partners.set([partner])
    improvement, submitted = ImprovementFactory.create_batch(2, enterprise=enrollment.enterprise)
    photos = [
        improvement_services.photo_add(
            user=None, improvement=photographed, stage=stage, caption_en=stage, uploaded_file=png_upload(color=color)
        )
        for photographed in (improvement, submitted)
        for stage, color in ((Photo.Stage.BEFORE, "red"), (Photo.Stage.AFTER, "green"))
    ]
    improvement_services.improvement_submit(user=coordinator, improvement=submitted)
    return {
        "round": enrollment.round,
        "enrollment": enrollment,
        "enterprise": enrollment.enterprise,
        "spare_enterprise": EnterpriseFactory(recruited_by=partner),
        "activity": WorkshopFactory(round=enrollment.round),
        "measurement": MeasurementFactory(enterprise=enrollment.enterprise),
        "improvement": improvement,
        "submitted_improvement": submitted,
        "photo": photos[0],
        "tot_round": TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT),
        "trainee": TraineeFactory(round__partner=partner),
        "trainer": TrainerFactory(partner=partner),
        "round_trainer": lead,
        "recommended_certification": CertificationFactory(
            trainer=lead.trainer, status=Certification.Status.RECOMMENDED, recommended_by=expert
        ),
        "certification": CertificationFactory(trainer=expert, **certified),
        "lapsed_certification": CertificationFactory(
            trainer=TrainerFactory(partner=partner), lapsed_on=datetime.date(2015, 6, 1), **certified
        ),
        "event": event,
        "participation": EventParticipationFactory(event=event, partner=partner),
        "partner": partner,
        "agreement": AgreementFactory(
            partner=partner, document=SimpleUploadedFile("mou.pdf", b"%PDF-1.4", content_type="application/pdf")
        ),
        "colleague": user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER),
    }


def url_for(name, objects):
    rule = OBJECT_URLS[name]
    return reverse(name, kwargs={"pk": objects[rule.target].pk, **dict(rule.extra)})


def gone(model, key):
    return lambda objects: not model.objects.filter(pk=objects[key].pk).exists()


def refreshed(key, **expected):
    def check(objects):
        obj = type(objects[key]).objects.get(pk=objects[key].pk)
        return {name: getattr(obj, name) for name in expected} == expected

    return check


def nothing(objects):
    return {}


@dataclass(frozen=True)
class Write:
    """What the permitted user sends (`changes` to the form as the page shows it, or `data` for a URL without
    a page) and the effect it must have."""

    effect: object
    changes: object = nothing
    data: object = None


WRITES = {
    "enterprises:enterprise_update": Write(
        refreshed("enterprise", name="Renamed Co"), lambda o: {"name_en": "Renamed Co"}
    ),
    "enterprises:enterprise_delete": Write(gone(Enterprise, "spare_enterprise")),
    "enterprises:improvement_team_update": Write(
        lambda o: ImprovementTeam.objects.filter(enterprise=o["enterprise"], female_managers=2).exists(),
        lambda o: {"female_managers": 2, "male_workers": 3},
    ),
    "enterprises:measurement_create": Write(
        lambda o: o["enterprise"].measurements.count() == 2,
        lambda o: {
            "indicator": Indicator.objects.get(code="defect-rate").pk,
            "stage": Measurement.Stage.FOLLOW_UP,
            "period_start": "2015-07-01",
            "period_end": "2015-07-31",
            "value": "3",
        },
    ),
    "enterprises:measurement_update": Write(refreshed("measurement", value=7), lambda o: {"value": "7"}),
    "enterprises:measurement_delete": Write(gone(Measurement, "measurement")),
    "trainings:round_update": Write(refreshed("round", title="Renamed round"), lambda o: {"title_en": "Renamed round"}),
    "trainings:round_delete": Write(gone(TrainingRound, "round")),
    "trainings:workshop_create": Write(
        lambda o: o["round"].activities.filter(kind=Activity.Kind.WORKSHOP, date=datetime.date(2015, 6, 20)).exists(),
        lambda o: {"date": "2015-06-20", "attendance-0-female_workers": "4"},
    ),
    "trainings:visit_create": Write(
        lambda o: o["round"].activities.filter(kind=Activity.Kind.FACTORY_VISIT, enterprise=o["enterprise"]).exists(),
        lambda o: {"enterprise": o["enterprise"].pk},
    ),
    "trainings:enrollment_create": Write(
        lambda o: o["round"].enrollments.filter(enterprise=o["spare_enterprise"]).exists(),
        lambda o: {"enterprise": o["spare_enterprise"].pk},
    ),
    "trainings:activity_update": Write(refreshed("activity", notes="Moved"), lambda o: {"notes_en": "Moved"}),
    "trainings:activity_delete": Write(gone(Activity, "activity")),
    "trainings:enrollment_update": Write(
        refreshed("enrollment", baseline_done=True), lambda o: {"baseline_done": "on"}
    ),
    "trainings:enrollment_delete": Write(gone(Enrollment, "enrollment")),
    "trainings:trainee_create": Write(
        lambda o: Trainee.objects.filter(round=o["tot_round"], trainer__name_en="Wu Xia", trainer__sex="F").exists(),
        lambda o: {"name_en": "Wu Xia", "sex": "F"},
    ),
    "trainings:trainee_delete": Write(gone(Trainee, "trainee")),
    "trainings:round_trainer_create": Write(
        lambda o: o["round"].team.filter(trainer=o["trainer"], role=RoundTrainer.Role.CO_TRAINER).exists(),
        lambda o: {"trainer": o["trainer"].pk, "role": RoundTrainer.Role.CO_TRAINER},
    ),
    "trainings:round_trainer_delete": Write(gone(RoundTrainer, "round_trainer")),
    "trainings:recommendation_create": Write(
        lambda o: Certification.objects.filter(
            trainer=o["round_trainer"].trainer, status=Certification.Status.RECOMMENDED, recommended_in=o["round"]
        ).exists(),
        lambda o: {"trainer": o["round_trainer"].trainer_id, "recommendation_en": "Ready."},
    ),
    "trainings:certification_decide": Write(
        refreshed("recommended_certification", status=Certification.Status.CERTIFIED), lambda o: {"decision": "certify"}
    ),
    "trainings:certification_lapse": Write(
        refreshed("certification", lapsed_on=datetime.date(2015, 9, 1)), lambda o: {"lapsed_on": "2015-09-01"}
    ),
    "trainings:certification_renew": Write(
        refreshed("lapsed_certification", renewed_on=datetime.date(2015, 10, 1)), lambda o: {"renewed_on": "2015-10-01"}
    ),
    "trainings:event_update": Write(refreshed("event", title="Renamed event"), lambda o: {"title_en": "Renamed event"}),
    "trainings:event_delete": Write(gone(Event, "event")),
    "trainings:participation_create": Write(
        lambda o: o["event"].participations.filter(partner=None, female=4, male=1).exists(),
        lambda o: {"partner": "", "female": "4", "male": "1"},
    ),
    "trainings:participation_delete": Write(gone(EventParticipation, "participation")),
    "improvements:improvement_update": Write(
        refreshed("improvement", title="Renamed"), lambda o: {"title_en": "Renamed"}
    ),
    "improvements:improvement_delete": Write(gone(Improvement, "improvement")),
    "improvements:improvement_submit": Write(
        refreshed("improvement", status=Improvement.Status.SUBMITTED), data=nothing
    ),
    "improvements:improvement_verify": Write(
        refreshed("submitted_improvement", status=Improvement.Status.VERIFIED),
        data=lambda o: {"version": review_version(o["submitted_improvement"])},
    ),
    "improvements:improvement_return": Write(
        refreshed("submitted_improvement", status=Improvement.Status.RETURNED),
        data=lambda o: {
            "comment_en": "Add the saving's calculation.",
            "version": review_version(o["submitted_improvement"]),
        },
    ),
    "improvements:photo_add": Write(
        lambda o: o["improvement"].photos.count() == 3,
        lambda o: {"stage": Photo.Stage.AFTER, "photo": png_upload(color="blue"), "caption_en": "Racks"},
    ),
    "improvements:photo_delete": Write(gone(Photo, "photo")),
    "partners:partner_update": Write(
        refreshed("partner", name="Renamed partner"), lambda o: {"name_en": "Renamed partner"}
    ),
    "partners:agreement_create": Write(
        lambda o: o["partner"].agreements.filter(title="New MoU").exists(),
        lambda o: {
            "title_en": "New MoU",
            "kind": Agreement.Kind.MOU,
            "phase": "II",
            "signed_on": "2015-07-28",
            "starts_on": "2015-08-01",
        },
    ),
    "partners:agreement_update": Write(
        refreshed("agreement", title="Renamed MoU"), lambda o: {"title_en": "Renamed MoU"}
    ),
    "partners:person_update": Write(refreshed("colleague", first_name="Renamed"), lambda o: {"first_name": "Renamed"}),
    "partners:person_set_active": Write(refreshed("colleague", is_active=False), data=lambda o: {"active": "0"}),
}

WRITE_URLS = sorted(name for name, rule in OBJECT_URLS.items() if rule.writes)
READ_URLS = sorted(name for name, rule in OBJECT_URLS.items() if not rule.writes)


def test_every_write_url_has_its_effect_listed():
    assert sorted(WRITES) == WRITE_URLS


def form_errors(response):
    return {key: form.errors for key in ("form", "formset") if (form := (response.context or {}).get(key))}


def check_permitted_write(client, name, objects):
    """The permitted user reaches the URL as it should answer a GET, and their POST redirects and has its effect."""
    rule, write = OBJECT_URLS[name], WRITES[name]
    url = url_for(name, objects)

    assert client.get(url).status_code == (405 if rule.post_only else 200)
    if write.data is not None:
        response = client.post(url, write.data(objects))
    else:
        response = submit_as_rendered(client, url, **write.changes(objects))

    assert response.status_code == 302, form_errors(response)
    assert write.effect(objects), f"{name}: the POST redirected but did not have its effect"


@pytest.mark.parametrize("name", WRITE_URLS)
def test_permitted_user_writes_with_effect(client, request, name, owned_objects):
    client.force_login(request.getfixturevalue(OBJECT_URLS[name].writer))

    check_permitted_write(client, name, owned_objects)


@pytest.mark.parametrize("name", sorted(name for name, rule in OBJECT_URLS.items() if rule.writer != "coordinator"))
def test_owner_coordinator_gets_403_on_writes_left_to_ilo_staff_or_the_expert(client, coordinator, name, owned_objects):
    client.force_login(coordinator)

    assert client.post(url_for(name, owned_objects)).status_code == 403
    assert refreshed("submitted_improvement", status=Improvement.Status.SUBMITTED)(owned_objects)


@pytest.mark.parametrize("name", READ_URLS)
def test_owner_coordinator_reads(client, coordinator, name, owned_objects):
    client.force_login(coordinator)

    assert client.get(url_for(name, owned_objects)).status_code == 200


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_outsider_coordinator_gets_404(client, outsider, name, owned_objects):
    client.force_login(outsider)
    rule = OBJECT_URLS[name]
    url = url_for(name, owned_objects)

    assert client.get(url).status_code == (405 if rule.post_only else 404)
    if rule.writes:
        assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_viewer_reads_but_gets_403_on_writes(client, viewer, name, owned_objects):
    client.force_login(viewer)
    rule = OBJECT_URLS[name]
    url = url_for(name, owned_objects)

    if rule.writes:
        assert client.post(url).status_code == 403
        assert client.get(url).status_code == (405 if rule.post_only else 403)
    else:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_user_is_sent_to_sign_in(client, name, owned_objects):
    response = client.get(url_for(name, owned_objects))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_read_only_user_sees_a_helpful_403_page(client, viewer, owned_objects):
    client.force_login(viewer)

    response = client.get(reverse("trainings:round_update", kwargs={"pk": owned_objects["round"].pk}))

    assert response.status_code == 403
    assert "You may read this record but not change it" in response.content.decode()


def refuse_with_403(request, **kwargs):
    raise PermissionDenied


def refuse_with_405(request, **kwargs):
    return HttpResponseNotAllowed(["GET"])


@require_POST
def redirect_without_effect(request, **kwargs):
    return redirect("home")


@pytest.mark.parametrize("mutant", [refuse_with_403, refuse_with_405, redirect_without_effect])
@pytest.mark.parametrize("name", ["improvements:improvement_submit", "trainings:round_update"])
def test_a_view_that_refuses_everyone_fails_the_check(client, request, monkeypatch, owned_objects, name, mutant):
    """Refusing is not enough to pass: a POST-only URL and a form URL whose view is replaced by one that
    refuses every user, or that redirects without doing anything, fail the permitted user's check."""
    monkeypatch.setattr(staff_app_object_urls()[name], "callback", mutant)
    client.force_login(request.getfixturevalue(OBJECT_URLS[name].writer))

    with pytest.raises(AssertionError):
        check_permitted_write(client, name, owned_objects)
