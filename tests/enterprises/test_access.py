"""The access table (which partner has which enterprise) equals a recount from the raw rows after every kind of
write, and scoping reads it in one join."""

import datetime

import pytest
from concurrency.forms import get_signer
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises import access
from enterprises.models import Enterprise, EnterpriseAccess
from enterprises.services import enterprise_create, enterprise_delete, enterprise_update
from partners import roles
from reporting.summaries import bulk_written
from tests.dataexchange.api.conftest import bearer, make_token
from tests.dataexchange.conftest import run_import, xlsx_bytes
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    TrainingRoundFactory,
    module,
    user_with_role,
)
from trainings.models import Enrollment, TrainingRound
from trainings.services import enrollment_create, enrollment_delete, round_delete, round_update

pytestmark = pytest.mark.django_db


def stored():
    return set(EnterpriseAccess.objects.values_list("partner_id", "enterprise_id"))


def assert_exact(*pairs):
    """The table holds exactly these (partner, enterprise) rows, and they are what a recount gives."""
    assert access.differences() == []
    assert stored() == {(partner.pk, enterprise.pk) for partner, enterprise in pairs}


@pytest.fixture
def staff():
    return user_with_role(roles.ILO_STAFF)


@pytest.fixture
def cec_round(partner):
    return TrainingRoundFactory(partner=partner, title="Deyang Module 1", city=CityFactory(name="Deyang"))


@pytest.fixture
def eti_round(other_partner, cec_round):
    return TrainingRoundFactory(partner=other_partner, title="Shanghai pilot", city=cec_round.city)


def new_enterprise(staff, recruiter, city, name="Cable Co"):
    return enterprise_create(
        user=staff, recruited_by=recruiter, name_en=name, city=city, sector="machinery",
        workforce_total=100, workforce_female=40,
    )  # fmt: skip


def test_recruiting_an_enterprise_gives_its_recruiter_access(staff, partner, cec_round):
    enterprise = new_enterprise(staff, partner, cec_round.city)

    assert_exact((partner, enterprise))


def test_changing_the_recruiter_moves_the_access(staff, partner, other_partner, cec_round):
    enterprise = new_enterprise(staff, partner, cec_round.city)

    enterprise_update(
        user=staff, enterprise=enterprise, recruited_by=other_partner, name_en="Cable Co", city=cec_round.city
    )

    assert_exact((other_partner, enterprise))


def test_a_recruiter_that_also_runs_the_enterprises_round_keeps_access_when_no_longer_recruiter(
    staff, partner, other_partner, cec_round
):
    enterprise = new_enterprise(staff, partner, cec_round.city)
    enrollment_create(user=staff, round=cec_round, enterprise=enterprise, enrolled_on=datetime.date(2015, 6, 1))

    enterprise_update(
        user=staff, enterprise=enterprise, recruited_by=other_partner, name_en="Cable Co", city=cec_round.city
    )

    assert_exact((partner, enterprise), (other_partner, enterprise))


def test_deleting_an_enterprise_deletes_its_access(staff, partner, cec_round):
    enterprise = new_enterprise(staff, partner, cec_round.city)

    enterprise_delete(user=staff, enterprise=enterprise)

    assert_exact()


def test_enrolling_gives_the_partner_running_the_round_access_and_unenrolling_takes_it_back(
    staff, partner, other_partner, cec_round, eti_round
):
    enterprise = new_enterprise(staff, partner, cec_round.city)

    enrollment = enrollment_create(
        user=staff, round=eti_round, enterprise=enterprise, enrolled_on=datetime.date(2015, 6, 1)
    )
    assert_exact((partner, enterprise), (other_partner, enterprise))

    enrollment_delete(user=staff, enrollment=enrollment)
    assert_exact((partner, enterprise))


def test_moving_a_round_to_another_partner_moves_the_access_of_its_enterprises(
    staff, partner, other_partner, cec_round
):
    enrollment = EnrollmentFactory(round=cec_round)
    assert_exact((partner, enrollment.enterprise))

    round_update(user=staff, round=cec_round, partner=other_partner)

    assert_exact((other_partner, enrollment.enterprise))


def test_deleting_a_round_takes_its_partners_access_to_its_enterprises(staff, partner, cec_round):
    enrollments = EnrollmentFactory.create_batch(3, round=cec_round)
    assert_exact(*((partner, enrollment.enterprise) for enrollment in enrollments))

    round_delete(user=staff, round=cec_round)

    assert_exact()


def test_an_enterprise_in_two_rounds_of_one_partner_keeps_access_until_both_are_gone(staff, partner, cec_round):
    second_round = TrainingRoundFactory(partner=partner, city=cec_round.city)
    first = EnrollmentFactory(round=cec_round)
    second = EnrollmentFactory(round=second_round, enterprise=first.enterprise)

    enrollment_delete(user=staff, enrollment=first)
    assert_exact((partner, first.enterprise))

    enrollment_delete(user=staff, enrollment=second)
    assert_exact()


def test_refreshing_many_enterprises_runs_as_many_queries_as_refreshing_a_few(partner, cec_round):
    def queries_to_refresh(count):
        enterprises = [enrollment.enterprise for enrollment in EnrollmentFactory.create_batch(count, round=cec_round)]
        EnterpriseAccess.objects.filter(enterprise__in=enterprises).delete()
        with CaptureQueriesContext(connection) as queries:
            access.refresh(enterprise.pk for enterprise in enterprises)
        assert access.differences() == []
        return len(queries)

    assert queries_to_refresh(3) == queries_to_refresh(40)


def test_importing_enterprises_and_enrolments_keeps_the_table(staff, partner, other_partner, eti_round):
    enterprises = xlsx_bytes(
        [
            ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"],
            ["Cable Co", "Deyang", "machinery", "CEC", 300, 100],
            ["Wire Co", "Deyang", "machinery", "CEC", 200, 80],
        ]
    )
    enrollments = xlsx_bytes(
        [
            ["round", "round_partner", "enterprise", "enterprise_city", "enrolled_on"],
            ["Shanghai pilot", "ETI", "Cable Co", "Deyang", "2015-06-01"],
        ]
    )
    recruited_by_eti = xlsx_bytes(
        [
            ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"],
            ["Wire Co", "Deyang", "machinery", "ETI", 200, 80],
        ]
    )

    assert run_import(staff, "enterprises", enterprises).written
    assert run_import(staff, "enrollments", enrollments).written
    assert run_import(staff, "enterprises", recruited_by_eti).written

    cable, wire = Enterprise.objects.get(name="Cable Co"), Enterprise.objects.get(name="Wire Co")
    assert_exact((partner, cable), (other_partner, cable), (other_partner, wire))


def test_a_bulk_write_without_signals_keeps_the_table_through_bulk_written(partner, other_partner, eti_round):
    cable = EnterpriseFactory(recruited_by=partner, city=eti_round.city)
    wire = EnterpriseFactory(recruited_by=partner, city=eti_round.city)
    enrollment = EnrollmentFactory(round=eti_round, enterprise=cable)
    enrollment.enterprise = wire

    with bulk_written(Enrollment, [enrollment]):
        Enrollment.objects.bulk_update([enrollment], ["enterprise"])

    assert_exact((partner, cable), (partner, wire), (other_partner, wire))


def test_enrolling_through_the_api_keeps_the_table(client, staff, partner, other_partner, eti_round):
    enterprise = EnterpriseFactory(recruited_by=partner, city=eti_round.city)
    body = {"round": eti_round.pk, "enterprise": enterprise.pk, "enrolled_on": "2015-06-02"}

    response = client.post(
        reverse("api:enrollments-list"),
        body,
        content_type="application/json",
        **bearer(make_token(staff)[1]),
    )

    assert response.status_code == 201, response.json()
    assert_exact((partner, enterprise), (other_partner, enterprise))


def test_admin_moving_and_deleting_rounds_keeps_the_table(client, partner, other_partner, cec_round):
    enrollment = EnrollmentFactory(round=cec_round)
    client.force_login(user_with_role(roles.ILO_STAFF, is_staff=True))
    form = {
        "title_en": cec_round.title_en,
        "partner": other_partner.pk,
        "module": module(1).pk,
        "city": cec_round.city_id,
        "kind": TrainingRound.Kind.TOE,
        "status": TrainingRound.Status.PLANNED,
        "phase": "II",
        "starts_on": "2015-06-01",
        "cost_total": "0",
        "cost_non_ilo": "0",
        "enrollments-TOTAL_FORMS": "0",
        "enrollments-INITIAL_FORMS": "0",
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        "version": get_signer().sign(cec_round.version),
    }

    moved = client.post(reverse("admin:trainings_traininground_change", args=[cec_round.pk]), form)
    assert moved.status_code == 302 and moved.url == reverse("admin:trainings_traininground_changelist")
    assert_exact((other_partner, enrollment.enterprise))

    deleted = client.post(
        reverse("admin:trainings_traininground_changelist"),
        {"action": "delete_selected", "_selected_action": [cec_round.pk], "post": "yes"},
    )
    assert deleted.status_code == 302
    assert not Enrollment.objects.exists()
    assert_exact()


def test_rebuild_repairs_a_table_that_drifted_and_the_command_verifies_it(partner, other_partner, cec_round):
    enrollment = EnrollmentFactory(round=cec_round)
    EnterpriseAccess.objects.all().delete()
    EnterpriseAccess.objects.create(partner=other_partner, enterprise=enrollment.enterprise)

    with pytest.raises(CommandError):
        call_command("rebuild_summaries", "enterprise-access", "--verify", stdout=None)
    assert access.rebuild() == (1, 1)

    assert_exact((partner, enrollment.enterprise))
    call_command("rebuild_summaries", "enterprise-access", "--verify")


def test_coordinator_scoping_reads_the_access_table_without_the_enterprise_or_enrolment_tables(partner):
    sql = str(Enterprise.objects.for_partners([partner.pk]).values("pk").query)

    assert "enterpriseaccess" in sql
    assert "enrollment" not in sql and "recruited_by" not in sql


MIGRATION_BEFORE = [
    ("enterprises", "0011_chinese_units_of_standard_indicators"),
    ("trainings", "0011_old_chinese_columns_go"),
]
MIGRATION_AFTER = [("trainings", "0012_enterprise_access_from_enrolments")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_fills_the_table_from_recruiters_and_enrolments(partner, other_partner):
    enrollment = EnrollmentFactory(round__partner=other_partner, enterprise__recruited_by=partner)
    alone = EnterpriseFactory(recruited_by=partner)
    migrate(MIGRATION_BEFORE)
    try:
        migrate(MIGRATION_AFTER)

        assert_exact((partner, enrollment.enterprise), (other_partner, enrollment.enterprise), (partner, alone))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
