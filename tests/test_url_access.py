"""Every URL of the staff app that names an object is checked with the three users of a partner
family: the owner coordinator, a read-only viewer of the same partner and an outsider coordinator.
A new URL pattern with an object id fails `test_every_object_url_has_an_access_rule` until it is
listed here."""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from PIL import Image

from improvements import services as improvement_services
from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    EnrollmentFactory,
    ImprovementFactory,
    MeasurementFactory,
    PartnerFactory,
    WorkshopFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

STAFF_APP_NAMESPACES = {"enterprises", "trainings", "improvements", "reporting", "dataexchange"}


@dataclass(frozen=True)
class Rule:
    target: str
    writes: bool = False
    owner_may: bool = True
    extra: tuple = ()


OBJECT_URLS = {
    "enterprises:enterprise_detail": Rule("enterprise"),
    "enterprises:enterprise_update": Rule("enterprise", writes=True),
    "enterprises:enterprise_delete": Rule("enterprise", writes=True),
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
    "improvements:improvement_detail": Rule("improvement"),
    "improvements:improvement_update": Rule("improvement", writes=True),
    "improvements:improvement_delete": Rule("improvement", writes=True),
    "improvements:improvement_submit": Rule("improvement", writes=True),
    "improvements:improvement_verify": Rule("improvement", writes=True, owner_may=False),
    "improvements:improvement_return": Rule("improvement", writes=True, owner_may=False),
    "improvements:photo_add": Rule("improvement", writes=True),
    "improvements:photo_delete": Rule("photo", writes=True),
    "improvements:photo": Rule("photo", extra=(("size", "thumbnail"),)),
}

# URLs with parameters that are not a partner-owned object (frozen reports are for staff and the committee;
# spreadsheet URLs name a kind of record and a per-user upload token; a background job belongs to the user who
# asked for it), with the test that covers them.
OTHER_AUDIENCE_URLS = {
    "reporting:frozen_detail": "tests/reporting/test_frozen.py",
    "reporting:frozen_document": "tests/reporting/test_frozen.py",
    "reporting:frozen_pdf": "tests/reporting/test_frozen.py",
    "reporting:frozen_xlsx": "tests/reporting/test_frozen.py",
    "dataexchange:template": "tests/dataexchange/test_views.py",
    "dataexchange:export": "tests/dataexchange/test_views.py",
    "dataexchange:import_upload": "tests/dataexchange/test_views.py",
    "dataexchange:import_preview": "tests/dataexchange/test_views.py",
    "dataexchange:import_confirm": "tests/dataexchange/test_views.py",
    "reporting:job_detail": "tests/reporting/test_job_views.py",
    "reporting:job_download": "tests/reporting/test_job_views.py",
}


def staff_app_object_urls():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in STAFF_APP_NAMESPACES and pattern.pattern.converters:
                yield f"{namespace}:{pattern.name}"

    return sorted(walk(get_resolver().url_patterns))


def test_every_object_url_has_an_access_rule():
    unlisted = [name for name in staff_app_object_urls() if name not in OBJECT_URLS | OTHER_AUDIENCE_URLS]

    assert unlisted == [], "Add these URLs to OBJECT_URLS with their access rule"


def png_upload(name="photo.png", color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def owned_objects():
    """One object of each kind, all belonging to partner OWN."""
    owner_partner = PartnerFactory(code="OWN")
    enrollment = EnrollmentFactory(round__partner=owner_partner)
    improvement = ImprovementFactory(enterprise=enrollment.enterprise)
    photo = improvement_services.photo_add(
        user=None, improvement=improvement, stage="before", caption="Before", uploaded_file=png_upload()
    )
    return {
        "partner": owner_partner,
        "round": enrollment.round,
        "enrollment": enrollment,
        "enterprise": enrollment.enterprise,
        "activity": WorkshopFactory(round=enrollment.round),
        "measurement": MeasurementFactory(enterprise=enrollment.enterprise),
        "improvement": improvement,
        "photo": photo,
    }


def url_for(name, rule, objects):
    return reverse(name, kwargs={"pk": objects[rule.target].pk, **dict(rule.extra)})


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_outsider_coordinator_gets_404(client, name, owned_objects):
    outsider = user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory(code="OTHER"))
    client.force_login(outsider)
    rule = OBJECT_URLS[name]
    url = url_for(name, rule, owned_objects)

    if rule.writes:
        assert client.get(url).status_code in (404, 405)  # 405: a POST-only URL, refused before any lookup
        assert client.post(url).status_code == 404
    else:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_viewer_reads_but_gets_403_on_writes(client, name, owned_objects):
    rule = OBJECT_URLS[name]
    viewer = user_with_role(roles.PARTNER_VIEWER, owned_objects["partner"], PartnerMembership.Role.VIEWER)
    client.force_login(viewer)
    url = url_for(name, rule, owned_objects)

    if rule.writes:
        assert client.post(url).status_code == 403
        assert client.get(url).status_code in (403, 405)
    else:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_owner_coordinator_reaches_the_page(client, name, owned_objects):
    rule = OBJECT_URLS[name]
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, owned_objects["partner"]))

    url = url_for(name, rule, owned_objects)

    if rule.owner_may:
        assert client.get(url).status_code in (200, 405)  # 405: a POST-only URL
    else:
        assert client.post(url).status_code == 403


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_user_is_sent_to_sign_in(client, name, owned_objects):
    response = client.get(url_for(name, OBJECT_URLS[name], owned_objects))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_read_only_user_sees_a_helpful_403_page(client, owned_objects):
    viewer = user_with_role(roles.PARTNER_VIEWER, owned_objects["partner"], PartnerMembership.Role.VIEWER)
    client.force_login(viewer)

    response = client.get(reverse("trainings:round_update", kwargs={"pk": owned_objects["round"].pk}))

    assert response.status_code == 403
    assert "You may read this record but not change it" in response.content.decode()
