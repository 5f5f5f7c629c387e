"""The data-quality page: each finding on hand-built data, who sees what, scores, query counts; reporting rates
and reminders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, Indicator, Measurement
from improvements.models import Improvement, ReviewStep
from partners.models import Notification, NotificationKind, QualitySettings
from reporting import quality
from reporting.quality import QualityReport, follow_ups_due_by_quarter, quality_flags_for, reporting_rates
from reporting.tasks import reminders_send
from tests.factories import (
    AttendanceFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MeasurementFactory,
    PartnerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
)
from trainings.models import Enrollment, TrainingRound

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2015, 10, 15)


def findings(report):
    return [finding for found in report.check_findings().values() for finding in found.shown]


def checks(report):
    return sorted({(finding.check, finding.record) for finding in findings(report)})


def finding_records(report, check):
    return sorted(finding.record for finding in findings(report) if finding.check == check)


@pytest.fixture
def partner():
    """A partner of its own: these tests build every record they count (not the newsletter of this folder)."""
    return PartnerFactory(code="CEC", name="China Enterprise Confederation")


@pytest.fixture
def other_partner():
    return PartnerFactory(code="ETI", name="Ethical Trading Initiative")


@pytest.fixture
def city():
    return CityFactory(name="Deyang", name_zh_hans="德阳")


def module_one_round(partner, city, **fields):
    fields = {"starts_on": datetime.date(2015, 1, 5), "ends_on": datetime.date(2015, 1, 31), **fields}
    return TrainingRoundFactory(partner=partner, city=city, module=module(1), **fields)


def enrolled(training_round, name, partner, **fields):
    return EnrollmentFactory(
        round=training_round,
        enterprise__name=name,
        enterprise__recruited_by=partner,
        enrolled_on=training_round.starts_on,
        **fields,
    ).enterprise


def attended(training_round, enterprise):
    workshop = WorkshopFactory(round=training_round, date=training_round.starts_on)
    AttendanceFactory(activity=workshop, enterprise=enterprise)


def test_an_enterprise_without_a_baseline_is_found(partner, coordinator, city):
    training_round = module_one_round(partner, city, status=TrainingRound.Status.COMPLETED)
    bare = enrolled(training_round, "Bare Co", partner, status="completed", completed_on=datetime.date(2015, 1, 31))
    measured = enrolled(
        training_round, "Measured Co", partner, status="completed", completed_on=datetime.date(2015, 1, 31)
    )
    attended(training_round, bare)
    MeasurementFactory(enterprise=measured)

    assert finding_records(QualityReport(coordinator, TODAY), "no_baseline") == ["Bare Co"]


def test_follow_ups_are_due_then_overdue_six_and_twelve_months_after_module_one(partner, coordinator, city):
    training_round = module_one_round(partner, city, ends_on=datetime.date(2015, 1, 31))
    late = enrolled(training_round, "Late Co", partner)
    done = enrolled(training_round, "Done Co", partner)
    MeasurementFactory(
        enterprise=done,
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=datetime.date(2015, 5, 1),
        period_end=datetime.date(2015, 7, 31),
    )

    at_due = QualityReport(coordinator, datetime.date(2015, 7, 20))
    after = QualityReport(coordinator, datetime.date(2015, 10, 15))

    assert finding_records(at_due, "follow_up_due") == ["Late Co"]
    assert finding_records(after, "follow_up_overdue") == ["Late Co"]
    assert finding_records(after, "follow_up_due") == []
    [finding] = [f for f in findings(after) if f.check == "follow_up_overdue"]
    assert finding.url == reverse("enterprises:enterprise_detail", args=[late.pk])
    assert "6-month follow-up due on 2015-07-31" in finding.detail


def test_rounds_without_attendance_and_overdue_to_close_are_found(partner, coordinator, city):
    module_one_round(partner, city, title="Quiet round", status=TrainingRound.Status.ONGOING)
    busy = module_one_round(partner, city, title="Busy round", status=TrainingRound.Status.COMPLETED)
    attended(busy, enrolled(busy, "Busy Co", partner, status="completed", completed_on=datetime.date(2015, 1, 31)))
    module_one_round(partner, city, title="Future round", starts_on=datetime.date(2016, 1, 1), ends_on=None)

    report = QualityReport(coordinator, TODAY)

    assert finding_records(report, "round_no_attendance") == ["Quiet round"]
    assert finding_records(report, "round_overdue") == ["Quiet round"]
    assert TrainingRound.objects.get(title="Quiet round").status == TrainingRound.Status.ONGOING


def test_enrolments_of_a_completed_round_without_completion_dates_are_found(partner, coordinator, city):
    training_round = module_one_round(partner, city, title="Done round", status=TrainingRound.Status.COMPLETED)
    enterprise = enrolled(training_round, "Open Co", partner)
    attended(training_round, enterprise)

    [finding] = [f for f in findings(QualityReport(coordinator, TODAY)) if f.check == "enrollment_no_completion"]

    assert finding.record == "Open Co – Done round"
    assert finding.url == reverse("trainings:enrollment_update", args=[Enrollment.objects.get().pk])


def test_improvements_waiting_for_review_too_long_are_found(partner, coordinator):
    enterprise = EnterpriseFactory(recruited_by=partner)
    for title, days in (("Old one", 20), ("New one", 3)):
        improvement = ImprovementFactory(enterprise=enterprise, title=title, status=Improvement.Status.SUBMITTED)
        ReviewStep.objects.create(
            improvement=improvement,
            action=ReviewStep.Action.SUBMIT,
            from_status="draft",
            to_status="submitted",
            user=coordinator,
            at=timezone.make_aware(datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(9))),
        )

    assert finding_records(QualityReport(coordinator, TODAY), "review_waiting") == ["Old one"]


def test_an_outlying_indicator_value_is_found_by_its_robust_z_score(partner, coordinator):
    absenteeism = Indicator.objects.get(code="absenteeism")
    for number, value in enumerate([4, 5, 4.5, 5.5, 4, 6, 5, 4.8, 5.2, 60]):
        enterprise = EnterpriseFactory(name=f"Firm {number}", recruited_by=partner)
        MeasurementFactory(enterprise=enterprise, indicator=absenteeism, value=value)

    [finding] = [f for f in findings(QualityReport(coordinator, TODAY)) if f.check == "outlier"]

    assert finding.record.startswith("Firm 9")
    assert "60" in finding.detail


def test_an_implausible_saving_is_found(partner, coordinator):
    enterprise = EnterpriseFactory(recruited_by=partner, workforce_total=100)
    ImprovementFactory(enterprise=enterprise, title="Huge", annual_saving_rmb=2_000_000, status="submitted")
    ImprovementFactory(enterprise=enterprise, title="Modest", annual_saving_rmb=13_000, status="submitted")

    assert finding_records(QualityReport(coordinator, TODAY), "implausible_saving") == ["Huge"]


@pytest.fixture
def two_partners(partner, other_partner, city):
    for owner in (partner, other_partner):
        module_one_round(owner, city, title=f"Quiet round of {owner.code}", status=TrainingRound.Status.ONGOING)


def test_coordinators_see_their_own_partners_findings_and_ilo_staff_all(two_partners, coordinator, ilo_staff):
    mine = QualityReport(coordinator, TODAY)
    everyone = QualityReport(ilo_staff, TODAY)

    assert finding_records(mine, "round_no_attendance") == ["Quiet round of CEC"]
    assert finding_records(everyone, "round_no_attendance") == ["Quiet round of CEC", "Quiet round of ETI"]
    assert [row.partner.code for row in everyone.by_partner()] == ["CEC", "ETI"]


def test_a_partners_score_is_the_share_of_its_records_without_findings(partner, coordinator, city):
    for title in ("One", "Two", "Three"):
        busy = module_one_round(partner, city, title=title, status=TrainingRound.Status.COMPLETED)
        enterprise = enrolled(busy, f"{title} Co", partner, status="completed", completed_on=datetime.date(2015, 1, 31))
        attended(busy, enterprise)
        MeasurementFactory(enterprise=enterprise)
        MeasurementFactory(
            enterprise=enterprise,
            stage=Measurement.Stage.FOLLOW_UP,
            period_start=datetime.date(2015, 7, 1),
            period_end=datetime.date(2015, 7, 31),
        )
    module_one_round(partner, city, title="Quiet", status=TrainingRound.Status.CANCELLED)
    module_one_round(partner, city, title="Forgotten", status=TrainingRound.Status.ONGOING)

    [row] = QualityReport(coordinator, TODAY).by_partner()

    assert (row.records, row.flagged_records, row.score) == (8, 1, 88)


def test_the_page_links_each_finding_to_its_record(client, two_partners, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("reporting:data_quality")).content.decode()

    quiet = TrainingRound.objects.get(title="Quiet round of CEC")
    assert reverse("trainings:round_detail", args=[quiet.pk]) in page
    assert "Quiet round of ETI" not in page
    assert "Score" in page


def test_committee_members_do_not_open_the_data_quality_page(client, committee_member):
    client.force_login(committee_member)

    assert client.get(reverse("reporting:data_quality")).status_code == 403


def build(partner, city, count):
    for number in range(count):
        training_round = module_one_round(partner, city, title=f"Round {number} of {partner.code}", status="ongoing")
        enterprise = enrolled(training_round, f"Firm {number} of {partner.code}", partner)
        MeasurementFactory(enterprise=enterprise, value=number)
        ImprovementFactory(enterprise=enterprise, annual_saving_rmb=2_000_000, status="submitted")


@pytest.mark.parametrize("count", [2, 8])
def test_the_data_quality_page_runs_a_constant_number_of_queries(
    client, partner, coordinator, city, count, django_assert_max_num_queries
):
    build(partner, city, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(33):
        response = client.get(reverse("reporting:data_quality"))

    assert response.status_code == 200


def test_a_check_lists_its_first_findings_and_counts_the_rest(
    client, partner, coordinator, city, monkeypatch, django_assert_max_num_queries
):
    build(partner, city, 8)
    monkeypatch.setattr(quality, "FINDINGS_SHOWN", 3)
    client.force_login(coordinator)

    page = client.get(reverse("reporting:data_quality")).content.decode()

    assert '<span class="badge text-bg-secondary">8</span>' in page
    assert "and 5 more." in page


def test_quality_flags_for_counts_findings_by_check(two_partners, coordinator):
    flags = quality_flags_for(coordinator)

    assert flags["round_no_attendance"] == 1


def test_the_reporting_rate_is_the_share_of_follow_ups_reported_by_partner_and_quarter(partner, ilo_staff, city):
    training_round = module_one_round(partner, city, ends_on=datetime.date(2015, 1, 31))
    enrolled(training_round, "Late Co", partner)
    done = enrolled(training_round, "Done Co", partner)
    MeasurementFactory(
        enterprise=done,
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=datetime.date(2015, 5, 1),
        period_end=datetime.date(2015, 7, 31),
    )

    [rate] = reporting_rates(ilo_staff, today=datetime.date(2015, 12, 31))

    assert (rate.partner, rate.due, rate.done, rate.rate) == (partner, 2, 1, 50.0)
    assert rate.trend == [("2015 Q1", None), ("2015 Q2", None), ("2015 Q3", 50.0), ("2015 Q4", None)]


def counted_one_by_one(report):
    """What `follow_ups_due_by_quarter` counts in the database, counted from `QualityReport.follow_ups`."""
    counts = {}
    for owed in report.follow_ups():
        if owed.due <= report.today:
            key = (owed.partner_id, owed.due.year, (owed.due.month - 1) // 3 + 1)
            due, done = counts.get(key, (0, 0))
            counts[key] = (due + 1, done + owed.done)
    return counts


@pytest.fixture
def follow_ups_owed(partner, other_partner, city):
    month_end = module_one_round(partner, city, ends_on=datetime.date(2015, 8, 31))  # due on 29 February 2016
    later = module_one_round(other_partner, city, ends_on=datetime.date(2015, 10, 15))
    enrolled(month_end, "Late Co", partner)
    enrolled(later, "Other Co", other_partner)
    just_in_time = enrolled(month_end, "Just Co", partner)
    EnrollmentFactory(round=later, enterprise=just_in_time, enrolled_on=later.starts_on)  # its first round counts
    MeasurementFactory(
        enterprise=just_in_time,
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=datetime.date(2015, 11, 1),
        period_end=datetime.date(2016, 1, 30),  # 30 days before the due date: within the grace
    )


@pytest.mark.parametrize("today", [datetime.date(2016, 2, 28), datetime.date(2016, 2, 29), datetime.date(2016, 9, 1)])
def test_follow_ups_due_are_counted_in_the_database_as_one_by_one(follow_ups_owed, ilo_staff, today):
    report = QualityReport(ilo_staff, today, for_reports=True)

    rows = follow_ups_due_by_quarter(report)

    assert {(partner_id, year, quarter): (due, done) for partner_id, year, quarter, due, done in rows} == (
        counted_one_by_one(report)
    )
    assert sum(row[3] for row in rows) == {datetime.date(2016, 2, 28): 0, datetime.date(2016, 2, 29): 2}.get(today, 5)


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2016, 1, 29),
        datetime.date(2016, 1, 30),
        datetime.date(2016, 3, 30),
        datetime.date(2016, 3, 31),
        datetime.date(2016, 9, 1),
        datetime.date(2017, 1, 1),
    ],
)
def test_follow_ups_not_reported_are_found_in_the_database_as_one_by_one(follow_ups_owed, ilo_staff, today):
    report = QualityReport(ilo_staff, today)
    expected = [
        (
            owed.enterprise,
            "follow_up_overdue" if owed.due + quality.FOLLOW_UP_GRACE < today else "follow_up_due",
            f"{owed.months}-month follow-up due on {owed.due:%Y-%m-%d}.",
        )
        for owed in report.follow_ups()
        if not owed.done
    ]

    found = [
        (finding.record, finding.check, finding.detail)
        for finding in findings(report)
        if finding.check in ("follow_up_due", "follow_up_overdue")
    ]

    assert sorted(found) == sorted(expected)
    assert expected or today < datetime.date(2016, 2, 1)


def test_each_check_counts_all_its_findings_and_lists_the_first(
    partner, other_partner, coordinator, ilo_staff, city, monkeypatch
):
    build(partner, city, 6)
    build(other_partner, city, 4)
    MeasurementFactory(
        enterprise=Enterprise.objects.filter(recruited_by=partner).first(),
        value=1000,
        period_start=datetime.date(2014, 1, 1),
        period_end=datetime.date(2014, 12, 31),
    )
    QualitySettings.objects.create(follow_up_months="3,6,12")
    everything = QualityReport(ilo_staff, TODAY).check_findings()
    monkeypatch.setattr(quality, "FINDINGS_SHOWN", 2)

    first = QualityReport(ilo_staff, TODAY).check_findings()

    assert first.keys() == everything.keys()
    assert {key[1] for key in first} >= {"follow_up_overdue", "round_no_attendance", "implausible_saving", "outlier"}
    for key, found in first.items():
        assert found.count == everything[key].count == len(everything[key].shown)
        assert found.shown == everything[key].shown[:2]
    assert first[partner.pk, "follow_up_overdue"].count == 12  # the 3- and 6-month follow-ups of 6 enterprises


def test_the_dashboard_shows_the_reporting_rate_per_partner(client, partner, ilo_staff, city):
    training_round = module_one_round(partner, city, ends_on=datetime.date(2015, 1, 31))
    enrolled(training_round, "Late Co", partner)
    client.force_login(ilo_staff)

    page = client.get(reverse("reporting:dashboard"), {"start": "2015-01-01", "end": "2015-12-31"}).content.decode()

    assert "Reporting rate of follow-up measurements" in page
    assert "0 %" in page


def test_reminders_tell_coordinators_of_overdue_rounds_and_due_follow_ups_once_a_week(
    partner, coordinator, viewer, city
):
    training_round = module_one_round(partner, city, title="Forgotten", status=TrainingRound.Status.ONGOING)
    enrolled(training_round, "Late Co", partner)

    reminders_send.call()
    reminders_send.call()

    kinds = sorted(Notification.objects.filter(recipient=coordinator).values_list("kind", flat=True))
    assert kinds == [NotificationKind.FOLLOW_UP_DUE, NotificationKind.FOLLOW_UP_DUE, NotificationKind.ROUND_OVERDUE]
    assert not Notification.objects.filter(recipient=viewer).exists()


def test_a_coordinators_rates_count_enterprises_recruited_by_partners_they_do_not_see_as_one_other_row(
    partner, other_partner, coordinator, city
):
    training_round = module_one_round(partner, city, ends_on=datetime.date(2015, 1, 31))
    enrolled(training_round, "Own Co", partner)
    enrolled(training_round, "Recruited elsewhere Co", other_partner)
    enrolled(training_round, "Recruited by a third Co", PartnerFactory(code="BSCI"))

    rates = reporting_rates(coordinator, today=datetime.date(2015, 12, 31))

    assert [(rate.partner, rate.due) for rate in rates] == [(partner, 1), (None, 2)]
