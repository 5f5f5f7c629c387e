import pytest

from jobs.services import job_start
from partners import roles
from tests.factories import PartnerFactory, user_with_role
from tests.jobs.tasks import greeting_file


@pytest.fixture
def owner():
    return user_with_role(roles.COMMITTEE_MEMBER, username="owner")


@pytest.fixture
def other_user():
    """Another committee member: reads the same reports, but not someone else's downloads."""
    return user_with_role(roles.COMMITTEE_MEMBER, username="other")


@pytest.fixture
def outsider():
    return user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory(code="OUT"), username="outsider")


@pytest.fixture
def start_greeting(owner):
    def start(user=owner, **params):
        return job_start(user=user, title="Greeting", task=greeting_file, params=params)

    return start
