import pytest
from django.urls import reverse
from django.utils import timezone

from improvements.models import Improvement
from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    EnterpriseFactory,
    ImprovementFactory,
    PartnerFactory,
    TrainingRoundFactory,
    UserFactory,
    user_with_role,
)
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db

HOME_URL = reverse("home")
ONGOING = TrainingRound.Status.ONGOING


@pytest.fixture
def partner():
    return PartnerFactory(name="Deyang Enterprise Confederation", code="DY-EC")


@pytest.fixture
def rounds(partner):
    """An ongoing and a planned round of the partner, and an ongoing round of another partner."""
    return {
        "own_ongoing": TrainingRoundFactory(title="Deyang Module 1", partner=partner, status=ONGOING),
        "own_planned": TrainingRoundFactory(title="Deyang Module 5", partner=partner),
        "other_ongoing": TrainingRoundFactory(title="Shanghai ETI pilot", status=ONGOING),
    }


def test_home_sends_anonymous_user_to_sign_in(client):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_ilo_staff_see_programme_counts_with_links(client, rounds):
    EnterpriseFactory.create_batch(3)
    ImprovementFactory.create_batch(2, status=Improvement.Status.SUBMITTED)
    ImprovementFactory(status=Improvement.Status.DRAFT)
    client.force_login(user_with_role(roles.ILO_STAFF))

    response = client.get(HOME_URL)

    assert response.context["counts"] == {"ongoing_rounds": 2, "enterprises": 6, "improvements_to_verify": 2}
    content = response.content.decode()
    assert "improvements awaiting verification" in content
    assert f'href="{reverse("enterprises:enterprise_list")}"' in content
    assert f'href="{reverse("trainings:round_list")}?status=ongoing"' in content


def test_coordinator_sees_own_partners_ongoing_rounds_with_quick_actions(client, partner, rounds):
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, partner))

    response = client.get(HOME_URL)

    assert [r.title for r in response.context["ongoing_rounds"]] == ["Deyang Module 1"]
    content = response.content.decode()
    assert "Deyang Enterprise Confederation" in content
    assert "Shanghai ETI pilot" not in content
    assert reverse("trainings:enrollment_create", args=[rounds["own_ongoing"].pk]) in content
    assert reverse("trainings:workshop_create", args=[rounds["own_ongoing"].pk]) in content
    assert reverse("enterprises:enterprise_create") in content


def test_viewer_gets_a_read_only_summary(client, partner, rounds):
    EnterpriseFactory(recruited_by=partner)
    verified = {"status": Improvement.Status.VERIFIED, "verified_by": UserFactory(), "verified_at": timezone.now()}
    ImprovementFactory(enterprise__recruited_by=partner, **verified)
    ImprovementFactory(**verified)
    client.force_login(user_with_role(roles.PARTNER_VIEWER, partner, role=PartnerMembership.Role.VIEWER))

    response = client.get(HOME_URL)

    assert response.context["counts"] == {"ongoing_rounds": 1, "enterprises": 2, "improvements_verified": 1}
    content = response.content.decode()
    assert "You can read your partners' records" in content
    assert reverse("trainings:enrollment_create", args=[rounds["own_ongoing"].pk]) not in content
    assert reverse("enterprises:enterprise_create") not in content


def test_committee_member_is_told_they_see_reports_only(client, rounds):
    client.force_login(user_with_role(roles.COMMITTEE_MEMBER))

    response = client.get(HOME_URL)

    content = response.content.decode()
    assert "see the programme through its reports and dashboard, not individual records" in content
    assert "counts" not in response.context
    assert "Deyang Module 1" not in content


def test_user_without_a_role_is_told_to_ask_for_one(client):
    client.force_login(UserFactory())

    assert "Your account has no role in SCORE MIS yet." in client.get(HOME_URL).content.decode()
