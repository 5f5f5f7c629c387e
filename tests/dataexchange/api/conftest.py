"""One record of every kind owned by partner OWN, the users who look at them, and token helpers."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from dataexchange.api.services import api_token_create
from dataexchange.models import ApiToken
from enterprises.models import Indicator
from partners import roles
from partners.models import City, PartnerMembership
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    CertificationFactory,
    EnrollmentFactory,
    EventFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    PartnerFactory,
    TrainerFactory,
    WorkshopFactory,
    add_photo,
    module,
    user_with_role,
)


@pytest.fixture(autouse=True)
def empty_throttle_cache():
    """The throttle counts requests in the cache: every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def make_token(user, kind=ApiToken.Kind.API, days=30, name="Reporting script"):
    token, secret = api_token_create(
        user=user, name=name, kind=kind, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )
    return token, secret


def populate(partner, number):
    """`number` rounds of `partner`, each with an enrolled enterprise (with its improvement team, a
    measurement, a verified improvement with two photos), a workshop with a trainer and attendance,
    a certified trainer, an agreement and an event."""
    verifier = user_with_role(roles.ILO_STAFF)
    objects = []
    for n in range(number):
        enrollment = EnrollmentFactory(round__partner=partner)
        enterprise = enrollment.enterprise
        enterprise.supplies_brands.add(PartnerFactory(code=f"BRAND-{partner.code}-{n}"))
        ImprovementTeamFactory(enterprise=enterprise)
        trainer = TrainerFactory(partner=partner)
        certification = CertificationFactory(trainer=trainer, module=module(1))
        activity = WorkshopFactory(round=enrollment.round)
        activity.trainers.add(trainer)
        AttendanceFactory(activity=activity, enterprise=enterprise)
        improvement = ImprovementFactory(
            enterprise=enterprise, status="verified", verified_by=verifier, verified_at=timezone.now()
        )
        add_photo(improvement, stage="before", seed=n)
        add_photo(improvement, stage="after", seed=n + 100)
        event = EventFactory(city=enrollment.round.city)
        event.partners.add(partner)
        objects.append(
            {
                "partners": partner,
                "agreements": AgreementFactory(partner=partner),
                "trainers": trainer,
                "certifications": certification,
                "rounds": enrollment.round,
                "enrollments": enrollment,
                "activities": activity,
                "enterprises": enterprise,
                "measurements": MeasurementFactory(enterprise=enterprise),
                "improvements": improvement,
                "events": event,
            }
        )
    return objects


@pytest.fixture
def own():
    return PartnerFactory(code="OWN", name="Own partner")


@pytest.fixture
def owned(own):
    """One record of each kind belonging to OWN, and one of each lookup table."""
    record = populate(own, 1)[0]
    record["cities"] = City.objects.get(pk=record["rounds"].city_id)
    record["modules"] = module(1)
    record["indicators"] = Indicator.objects.get(code="defect-rate")
    return record


@pytest.fixture
def owner(own):
    return user_with_role(roles.PARTNER_COORDINATOR, own, username="owner")


@pytest.fixture
def viewer(own):
    return user_with_role(roles.PARTNER_VIEWER, own, PartnerMembership.Role.VIEWER, username="viewer")


@pytest.fixture
def outsider():
    return user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory(code="OTHER"), username="outsider")


@pytest.fixture
def staff():
    return user_with_role(roles.ILO_STAFF, username="ilo-staff")


@pytest.fixture
def committee_member():
    return user_with_role(roles.COMMITTEE_MEMBER, username="committee")
