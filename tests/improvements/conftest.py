import pytest

from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    PartnerFactory,
    user_with_role,
)


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
    return user_with_role(roles.PARTNER_COORDINATOR, partner)


@pytest.fixture
def viewer(partner):
    """Read-only user of the same partner."""
    return user_with_role(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER)


@pytest.fixture
def outsider():
    """Coordinator of another partner."""
    return user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory(code="ETI", name="Ethical Trading Initiative"))


@pytest.fixture
def ilo_staff():
    return user_with_role(roles.ILO_STAFF)


@pytest.fixture
def reviewer():
    """A reviewer named by ILO staff, who belongs to no partner."""
    return user_with_role(roles.REVIEWER)
