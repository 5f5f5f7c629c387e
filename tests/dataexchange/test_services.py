import pytest

from dataexchange.services import acting_for_partner
from partners.access import scope_for
from tests.factories import TrainingRoundFactory
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db


def test_acting_for_one_partner_leaves_the_users_own_scope_alone(partner, other_partner, ilo_staff):
    cec_round, eti_round = TrainingRoundFactory(partner=partner), TrainingRoundFactory(partner=other_partner)
    own_scope = scope_for(ilo_staff)

    acting = acting_for_partner(other_partner, ilo_staff)

    assert list(TrainingRound.objects.editable_by(acting)) == [eti_round]
    assert scope_for(ilo_staff) is own_scope
    assert set(TrainingRound.objects.editable_by(ilo_staff)) == {cec_round, eti_round}
