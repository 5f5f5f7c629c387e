import pytest

from partners import roles
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    user_with_role,
)


@pytest.fixture
def enterprise(partner):
    return EnterpriseFactory(name="Deyang Cable Co.", recruited_by=partner, workforce_total=200)


@pytest.fixture
def improvement(enterprise):
    return ImprovementFactory(enterprise=enterprise, title="Hoppers instead of bags")


@pytest.fixture
def reviewer():
    """A reviewer named by ILO staff, who belongs to no partner."""
    return user_with_role(roles.REVIEWER)
