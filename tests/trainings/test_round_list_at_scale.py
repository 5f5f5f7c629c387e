import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import roles
from tests.factories import EnrollmentFactory, TrainingRoundFactory, user_with_role
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db


def test_round_list_counts_the_enrollments_of_the_page_without_grouping_every_round(client):
    busy = TrainingRoundFactory(title="Busy round", starts_on=datetime.date(2015, 5, 1))
    TrainingRoundFactory(title="Quiet round", partner=busy.partner, starts_on=datetime.date(2015, 4, 1))
    for _ in range(3):
        EnrollmentFactory(round=busy)
    EnrollmentFactory(round=busy, status=Enrollment.Status.WITHDRAWN)
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, busy.partner))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trainings:round_list"))

    counts = {training_round.title: training_round.enrolled_count for training_round in response.context["page_obj"]}
    assert counts == {"Busy round": 3, "Quiet round": 0}
    round_queries = [q["sql"] for q in queries if 'FROM "trainings_traininground"' in q["sql"]]
    assert round_queries and not any("GROUP BY" in sql for sql in round_queries)
