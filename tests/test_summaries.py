"""The summary tables equal a recount of the records after every kind of write, `rebuild_summaries --verify` finds a
summary that does not, and a rebuild makes it right again."""

import datetime
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, Indicator, Measurement, MeasurementSeries
from enterprises.services import enterprise_delete, measurement_delete
from improvements.models import Improvement, ImprovementDay, Stage, StageReached
from improvements.services import improvement_delete, improvement_return, improvement_submit, improvement_verify
from improvements.versions import review_version
from reporting import summaries
from reporting.figures import ProgrammeFigures, ReportFilters
from reporting.tasks import summaries_rebuild
from tests.dataexchange.api.conftest import make_token
from tests.dataexchange.conftest import run_import, xlsx_bytes
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MeasurementFactory,
    PhotoFactory,
    TrainingRoundFactory,
    UserFactory,
    module,
)
from tests.test_versions import opened_form

pytestmark = pytest.mark.django_db

D = datetime.date


def exact():
    """Each summary equals the recount of its records, and holds rows to compare."""
    assert summaries.differences() == []
    return True


def verified(user, **fields):
    return ImprovementFactory(
        status=Improvement.Status.VERIFIED, verified_by=user, verified_at=timezone.now(), **fields
    )


def stages_reached():
    return set(StageReached.objects.values_list("enterprise__name", "stage"))


def verified_total(**lookups):
    return ImprovementDay.objects.filter(status=Improvement.Status.VERIFIED, **lookups).aggregate(
        count=Sum("improvements"), saving=Sum("annual_saving_rmb")
    )


@pytest.fixture
def deyang():
    return CityFactory(name="Deyang")


@pytest.fixture
def ningbo():
    return CityFactory(name="Ningbo")


@pytest.fixture
def cable_co(partner, deyang):
    return EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)


@pytest.fixture
def recorded(ilo_staff, cable_co, ningbo):
    """Improvements on two days in two cities, and a series of measurements of one enterprise."""
    valves = EnterpriseFactory(name="Ningbo Valves", city=ningbo)
    verified(ilo_staff, enterprise=cable_co, implemented_on=D(2015, 7, 1), annual_saving_rmb=1000)
    verified(ilo_staff, enterprise=cable_co, implemented_on=D(2015, 7, 1), annual_saving_rmb=None)
    verified(ilo_staff, enterprise=valves, implemented_on=D(2015, 7, 1), annual_saving_rmb=500)
    ImprovementFactory(enterprise=valves, implemented_on=D(2015, 8, 3))
    defects = Indicator.objects.get(code="defect-rate")
    for stage, start, value in [
        ("baseline", D(2015, 1, 1), 4),
        ("baseline", D(2015, 4, 1), 5),
        ("follow_up", D(2015, 7, 1), 3),
        ("follow_up", D(2015, 10, 1), 2),
    ]:
        MeasurementFactory(
            enterprise=cable_co, indicator=defects, stage=stage, period_start=start, period_end=start, value=value
        )
    return valves


def test_saves_through_the_models_keep_both_summaries_exact(recorded, cable_co, deyang, ningbo):
    series = MeasurementSeries.objects.get(enterprise=cable_co)

    assert exact()
    assert verified_total(city=deyang) == {"count": 2, "saving": Decimal(1000)}
    assert verified_total(city=ningbo) == {"count": 1, "saving": Decimal(500)}
    assert ImprovementDay.objects.get(city=deyang, day=D(2015, 7, 1)).with_saving == 1
    assert (series.baseline_value, series.baseline_period_start) == (4, D(2015, 1, 1))
    assert (series.follow_up_value, series.follow_up_period_start) == (2, D(2015, 10, 1))
    assert stages_reached() == {
        ("Deyang Cable Co", Stage.FOLLOW_UP),
        ("Deyang Cable Co", Stage.IMPROVEMENTS),
        ("Ningbo Valves", Stage.IMPROVEMENTS),
    }


def test_an_improvement_posted_in_its_form_counts_on_its_day(client, coordinator, cable_co, recorded):
    client.force_login(coordinator)
    data = {
        "enterprise": cable_co.pk,
        "title_en": "Hoppers instead of bags",
        "title_zh_hans": "",
        "module": module(1).pk,
        "category": "cleaner_production",
        "implemented_on": "2015-08-03",
        "investment_rmb": "2000",
        "annual_saving_rmb": "13000",
    }

    response = client.post(reverse("improvements:improvement_create"), data)

    assert response.status_code == 302
    assert exact()
    assert ImprovementDay.objects.filter(day=D(2015, 8, 3), city=cable_co.city).get().improvements == 1


def test_each_review_step_moves_the_improvement_between_statuses(coordinator, ilo_staff, cable_co, recorded):
    improvement = ImprovementFactory(enterprise=cable_co, implemented_on=D(2015, 9, 1), annual_saving_rmb=700)
    PhotoFactory(improvement=improvement, stage="before")
    PhotoFactory(improvement=improvement, stage="after")

    improvement_submit(user=coordinator, improvement=improvement)
    assert exact()
    assert ImprovementDay.objects.get(day=D(2015, 9, 1)).status == Improvement.Status.SUBMITTED
    improvement_return(
        user=ilo_staff, improvement=improvement, version=review_version(improvement), comment_en="A photo."
    )
    assert exact()
    improvement_submit(user=coordinator, improvement=improvement)
    improvement_verify(user=ilo_staff, improvement=improvement, version=review_version(improvement))
    assert exact()
    assert verified_total(day=D(2015, 9, 1)) == {"count": 1, "saving": Decimal(700)}


def test_admin_change_of_day_and_module_and_admin_delete(client, cable_co, recorded):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    improvement = Improvement.objects.get(enterprise=cable_co, annual_saving_rmb=1000)
    url = reverse("admin:improvements_improvement_change", args=[improvement.pk])
    form = {**opened_form(client, url), "implemented_on": "2015-06-30", "module": module(2).pk}

    changed = client.post(url, form)

    assert changed.status_code == 302, changed.context["adminform"].form.errors
    assert exact()
    assert verified_total(day=D(2015, 6, 30), module=module(2)) == {"count": 1, "saving": Decimal(1000)}
    deleted = client.post(reverse("admin:improvements_improvement_delete", args=[improvement.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert exact()
    assert not ImprovementDay.objects.filter(day=D(2015, 6, 30)).exists()


def test_deletes_by_the_services_and_the_admin_bulk_action(client, ilo_staff, cable_co, recorded):
    improvement_delete(user=ilo_staff, improvement=Improvement.objects.get(annual_saving_rmb=500))
    measurement_delete(user=ilo_staff, measurement=Measurement.objects.get(value=2))
    assert exact()
    assert MeasurementSeries.objects.get(enterprise=cable_co).follow_up_value == 3

    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    chosen = {"action": "delete_selected", "post": "yes", "_selected_action": [cable_co.improvements.first().pk]}
    assert client.post(reverse("admin:improvements_improvement_changelist"), chosen).status_code == 302
    assert exact()


def test_deleting_an_enterprise_takes_its_improvements_series_and_stages_out(ilo_staff, cable_co, recorded, deyang):
    enterprise_delete(user=ilo_staff, enterprise=cable_co)

    assert exact()
    assert stages_reached() == {("Ningbo Valves", Stage.IMPROVEMENTS)}
    assert not ImprovementDay.objects.filter(city=deyang).exists()
    assert not MeasurementSeries.objects.exists()


def test_an_enterprise_leaves_a_stage_when_its_last_record_of_that_stage_changes_or_goes(client, cable_co, recorded):
    for follow_up in Measurement.objects.filter(enterprise=cable_co, stage=Measurement.Stage.FOLLOW_UP):
        follow_up.stage = Measurement.Stage.BASELINE
        follow_up.save()
    assert exact()
    assert ("Deyang Cable Co", Stage.FOLLOW_UP) not in stages_reached()

    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    chosen = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [i.pk for i in cable_co.improvements.all()],
    }
    assert client.post(reverse("admin:improvements_improvement_changelist"), chosen).status_code == 302
    assert exact()
    assert stages_reached() == {("Ningbo Valves", Stage.IMPROVEMENTS)}


def test_an_enterprise_moving_city_moves_its_improvements(client, coordinator, cable_co, recorded, deyang, ningbo):
    client.force_login(coordinator)
    url = reverse("enterprises:enterprise_update", args=[cable_co.pk])

    response = client.post(url, {**opened_form(client, url), "city": ningbo.pk})

    assert response.status_code == 302
    assert exact()
    assert verified_total(city=deyang) == {"count": None, "saving": None}
    assert verified_total(city=ningbo) == {"count": 3, "saving": Decimal(1500)}


def test_spreadsheet_imports_create_and_update_in_bulk(coordinator, partner, deyang, cable_co, recorded):
    EnterpriseFactory(name="Deyang Wire Co", city=deyang, recruited_by=partner)
    headers = ["enterprise", "enterprise_city", "title", "module", "category", "implemented_on"]
    rows = [["Deyang Cable Co", "Deyang", f"Shelf {number}", "1", "osh", "2015-07-20"] for number in range(3)]
    rows.append(["Deyang Wire Co", "Deyang", "Reels on racks", "1", "osh", "2015-07-20"])

    created = run_import(coordinator, "improvements", xlsx_bytes([headers, *rows]))
    assert created.written
    assert exact()
    assert ("Deyang Wire Co", Stage.IMPROVEMENTS) in stages_reached()
    moved = run_import(coordinator, "improvements", xlsx_bytes([headers, [*rows[0][:5], "2015-07-21"]]))
    assert moved.written
    assert exact()
    assert ImprovementDay.objects.get(day=D(2015, 7, 21)).improvements == 1

    measurements = [
        ["enterprise", "enterprise_city", "indicator", "stage", "period_start", "period_end", "value"],
        ["Deyang Cable Co", "Deyang", "defect-rate", "follow_up", "2016-01-01", "2016-03-31", "1.5"],
    ]
    assert run_import(coordinator, "measurements", xlsx_bytes(measurements)).written
    assert exact()
    assert MeasurementSeries.objects.get(enterprise=cable_co).follow_up_value == Decimal("1.5")


def test_api_writes_keep_the_summaries_exact(client, coordinator, cable_co, recorded):
    secret = make_token(coordinator)[1]
    body = {
        "enterprise": cable_co.pk,
        "title_en": "Hoppers",
        "module": module(1).pk,
        "category": "osh",
        "implemented_on": "2015-08-01",
        "investment_rmb": "800",
        "annual_saving_rmb": "13000",
    }
    measurement = {
        "enterprise": cable_co.pk,
        "indicator": Indicator.objects.get(code="absenteeism").pk,
        "stage": "baseline",
        "period_start": "2015-01-01",
        "period_end": "2015-03-31",
        "value": "6",
    }

    improvement = client.post(
        reverse("api:improvements-list"), body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    series = client.post(
        reverse("api:measurements-list"),
        measurement,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert (improvement.status_code, series.status_code) == (201, 201), (improvement.json(), series.json())
    assert exact()
    assert MeasurementSeries.objects.filter(enterprise=cable_co).count() == 2


def test_verify_fails_on_a_tampered_summary_and_the_rebuild_repairs_it(recorded):
    ImprovementDay.objects.filter(status=Improvement.Status.VERIFIED).update(improvements=9)
    MeasurementSeries.objects.all().delete()

    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_summaries", "--verify", stdout=StringIO())
    output = StringIO()
    call_command("rebuild_summaries", stdout=output)
    call_command("rebuild_summaries", "--verify", stdout=output)

    assert "Summaries match the records." in output.getvalue()
    assert exact()


def test_the_rebuild_task_repairs_a_summary(recorded, run_queued_tasks):
    ImprovementDay.objects.all().delete()

    summaries_rebuild.enqueue()
    run_queued_tasks()

    assert exact()
    assert ImprovementDay.objects.exists()


def test_programme_wide_figures_from_the_summaries_equal_those_counted_from_the_records(
    recorded, ilo_staff, deyang, partner
):
    filters = ReportFilters(start=D(2015, 1, 1), end=D(2015, 12, 31))
    round_with_both = TrainingRoundFactory(partner=partner, starts_on=D(2015, 6, 1), ends_on=D(2015, 9, 1))
    for enterprise in Enterprise.objects.all():
        EnrollmentFactory(round=round_with_both, enterprise=enterprise, enrolled_on=D(2015, 6, 1))

    def figures(reads_summaries, **narrowed):
        counted = ProgrammeFigures(ilo_staff, replace(filters, **narrowed))
        counted.reads_summaries = reads_summaries
        return (
            counted.headline.verified_improvements,
            counted.headline.annual_savings_rmb,
            [(row.key, row.verified_improvements, row.annual_savings_rmb) for row in counted.by_module],
            [(row.key, row.verified_improvements, row.annual_savings_rmb) for row in counted.by_city],
        )

    assert figures(True) == figures(False)
    assert figures(True)[:2] == (3, Decimal(1500))
    (defects,) = ProgrammeFigures(ilo_staff, filters).indicator_results
    assert (defects.baseline_enterprises, defects.follow_up_enterprises, defects.median_change) == (1, 1, -2)
    assert figures(True, city=deyang) == figures(False, city=deyang)
    assert figures(True, module=module(1)) == figures(False, module=module(1))


def test_generated_scale_data_and_the_demo_leave_the_summaries_exact():
    call_command("generate_scale_data", enterprises=8, improvements=30, stdout=StringIO())
    assert exact()
    assert ImprovementDay.objects.aggregate(count=Sum("improvements"))["count"] == 30

    call_command("load_demo", "--force", stdout=StringIO())
    assert exact()


def test_only_programme_wide_figures_without_a_partner_filter_read_the_summaries(
    ilo_staff, committee_member, coordinator, partner
):
    filters = ReportFilters(start=D(2015, 1, 1), end=D(2015, 12, 31))

    assert ProgrammeFigures(ilo_staff, filters).reads_summaries
    assert ProgrammeFigures(committee_member, filters).reads_summaries
    assert not ProgrammeFigures(ilo_staff, replace(filters, partner=partner)).reads_summaries
    assert not ProgrammeFigures(coordinator, filters).reads_summaries
    with pytest.raises(NotImplementedError):
        ImprovementDay.objects.reportable_by(coordinator)


def test_a_coordinators_figures_follow_a_change_of_recruiting_partner(coordinator, cable_co, recorded, other_partner):
    filters = ReportFilters(start=D(2015, 1, 1), end=D(2015, 12, 31))
    assert ProgrammeFigures(coordinator, filters).headline.verified_improvements == 2

    cable_co.recruited_by = other_partner
    cable_co.save()

    assert exact()
    assert ProgrammeFigures(coordinator, filters).headline.verified_improvements == 0
