import pytest

from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    TrainerFactory,
    user_with_role,
)
from trainings.models import Trainer


@pytest.fixture
def enterprise(partner):
    return EnterpriseFactory(name="Deyang Cable Co.", recruited_by=partner, workforce_total=200)


@pytest.fixture
def improvement(enterprise):
    return ImprovementFactory(enterprise=enterprise, title="Hoppers instead of bags")


@pytest.fixture
def expert(partner):
    """An expert trainer of the partner, with read access to its data."""
    user = user_with_role(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER)
    TrainerFactory(partner=partner, level=Trainer.Level.EXPERT, user=user)
    return user
