import pytest
from django.contrib.auth.models import Group

from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    MembershipFactory,
    PartnerFactory,
    TrainerFactory,
    UserFactory,
)
from trainings.models import Trainer


def role_user(group, partner=None, role=PartnerMembership.Role.COORDINATOR):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    if partner is not None:
        MembershipFactory(user=user, partner=partner, role=role)
    return user


@pytest.fixture
def partner():
    return PartnerFactory(code="CEC", name="China Enterprise Confederation")


@pytest.fixture
def enterprise(partner):
    return EnterpriseFactory(name="Deyang Cable Co.", recruited_by=partner, workforce_total=200)


@pytest.fixture
def improvement(enterprise):
    return ImprovementFactory(enterprise=enterprise, title="Hoppers instead of bags")


@pytest.fixture
def coordinator(partner):
    """Coordinator of the partner that owns the improvement."""
    return role_user(roles.PARTNER_COORDINATOR, partner)


@pytest.fixture
def viewer(partner):
    """Read-only user of the same partner."""
    return role_user(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER)


@pytest.fixture
def outsider():
    """Coordinator of another partner."""
    return role_user(roles.PARTNER_COORDINATOR, PartnerFactory(code="ETI", name="Ethical Trading Initiative"))


@pytest.fixture
def ilo_staff():
    return role_user(roles.ILO_STAFF)


@pytest.fixture
def expert(partner):
    """An expert trainer of the partner, with read access to its data."""
    user = role_user(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER)
    TrainerFactory(partner=partner, level=Trainer.Level.EXPERT, user=user)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test users get their passwords hashed quickly; the hasher itself is not under test here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
