"""Programme figures for June–August 2015, checked against what the newsletter fixture holds.

Expected values are worked out by hand from the fixture (see the comments), not by running the
same queries again.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.figures import ProgrammeFigures, ReportFilters
from tests.factories import TrainingRoundFactory, module
from tests.reporting.conftest import END, START
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db


def figures_for(user, **filters):
    return ProgrammeFigures(user, ReportFilters(start=START, end=END, **filters))


def by_label(rows):
    return {row.label: row for row in rows}


def test_headline_counts_partners_agreements_rounds_and_enterprises(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline

    # Partners with activity in the period: rounds of CEC, Chongqing CEC (which also signed), BSCI and ETI.
    # ACFTU's seminar and the brands come later or have no activity of their own.
    assert headline.active_partners == 4
    # The CEC MoU of 2013 and the Chongqing agreement in force from 1 August.
    assert headline.agreements_in_force == 2
    # Guangzhou (until 24 July), Taixing, Shanghai, Deyang, Chongqing; not the September or 2014 rounds.
    assert headline.rounds == 5
    assert headline.rounds_by_status == {"planned": 0, "ongoing": 4, "completed": 1, "cancelled": 0}
    assert headline.enterprises == 4 + 5 + 5 + 4 + 2


def test_headline_counts_workers_of_enrolled_enterprises_and_their_female_share(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline

    expected_total = 4 * 300 + 5 * 100 + 3 * 400 + 2 * 250 + 180 + 3 * 150 + 2 * 120
    expected_female = 4 * 200 + 5 * 30 + 3 * 320 + 2 * 150 + 40 + 3 * 30 + 2 * 60
    assert headline.workers == expected_total == 4270
    assert headline.female_workers == expected_female
    assert headline.female_worker_share == round(expected_female * 100 / expected_total, 1)


def test_participants_count_each_person_once_per_round_by_sex_and_role(ilo_staff, newsletter):
    participants = figures_for(ilo_staff).headline.participants

    # Deyang: two workshop days with the same people, the larger day counts: (1, 1, 1, 2) for 4 enterprises.
    # Guangzhou in July: (2, 0, 1, 1) for 4; Taixing: (0, 2, 1, 1) for 5; the March workshop is outside the period.
    assert participants.female_managers == 4 * 1 + 4 * 2 + 5 * 0
    assert participants.male_managers == 4 * 1 + 4 * 0 + 5 * 2
    assert participants.female_workers == 4 * 1 + 4 * 1 + 5 * 1
    assert participants.male_workers == 4 * 2 + 4 * 1 + 5 * 1
    assert participants.total == 56
    assert participants.female == 25
    assert participants.managers == 26


def test_trainers_by_level_and_sex_and_new_certifications(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline
    levels = {level.level: (level.female, level.male) for level in headline.trainer_levels}

    assert levels == {"candidate": (1, 1), "trainer": (0, 2), "expert": (1, 0)}
    assert headline.trainers == 5
    assert headline.female_trainer_share == 40.0
    # Trainer Li was certified on 1 July 2015; the BSCI trainer in 2014.
    assert (headline.newly_certified_female, headline.newly_certified_male) == (0, 1)


def test_improvement_teams_and_their_female_share(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline

    assert headline.improvement_teams == 2
    assert headline.team_members == 10 + 10
    assert headline.female_team_members == (1 + 3) + (0 + 2)
    assert headline.female_team_share == 30.0


def test_only_verified_improvements_count_with_their_savings(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline

    assert headline.verified_improvements == 4
    assert headline.annual_savings_rmb == Decimal(13000 + 1500)


def test_cost_recovery_is_the_non_ilo_share_of_the_cost_of_rounds_in_the_period(ilo_staff, newsletter):
    headline = figures_for(ilo_staff).headline

    assert headline.cost_total == Decimal(40000 + 20000 + 30000 + 10000 + 0)
    assert headline.cost_non_ilo == Decimal(30000 + 5000 + 30000 + 5000 + 0)
    assert headline.cost_recovery == 70.0


def test_breakdowns_by_module_city_and_partner(ilo_staff, newsletter):
    figures = figures_for(ilo_staff)

    modules = by_label(figures.by_module)
    assert (modules["Workplace cooperation"].rounds, modules["Workplace cooperation"].enterprises) == (4, 16)
    assert modules["Workplace cooperation"].participants == 20 + 20
    assert modules["Workplace cooperation"].verified_improvements == 4
    assert (modules["OSH"].rounds, modules["OSH"].enterprises, modules["OSH"].participants) == (1, 4, 16)

    deyang = by_label(figures.by_city)["Deyang"]
    assert (deyang.rounds, deyang.enterprises, deyang.participants, deyang.female_participants) == (1, 4, 20, 8)
    assert deyang.annual_savings_rmb == Decimal(14500)

    cec = by_label(figures.by_partner)["China Enterprise Confederation"]
    assert (cec.rounds, cec.enterprises, cec.participants) == (2, 9, 40)
    assert cec.verified_improvements is None


def test_monthly_trend_of_participants_and_rounds_started(ilo_staff, newsletter):
    trend = figures_for(ilo_staff).monthly_trend

    assert [(row.month, row.participants, row.rounds_started) for row in trend] == [
        (datetime.date(2015, 6, 1), 20, 1),
        (datetime.date(2015, 7, 1), 16, 1),
        (datetime.date(2015, 8, 1), 20, 2),
    ]


def test_indicator_results_count_reporting_enterprises_and_median_change(ilo_staff, newsletter):
    (defect_rate,) = figures_for(ilo_staff).indicator_results

    assert defect_rate.indicator.code == "defect-rate"
    assert (defect_rate.baseline_enterprises, defect_rate.follow_up_enterprises) == (3, 2)
    assert defect_rate.reporting_rate == 10.0  # 2 of 20 enterprises enrolled
    # Cable maker: latest follow-up 2 against baseline 4 (-2); the other: 7 against 6 (+1).
    assert defect_rate.paired_enterprises == 2
    assert defect_rate.median_change == Decimal("-0.5")
    assert defect_rate.improved_enterprises == 1


def test_upcoming_lists_rounds_workshops_and_events_after_the_period(ilo_staff, newsletter):
    upcoming = figures_for(ilo_staff).upcoming(after=END, days=75)

    assert [(item.starts_on, item.ends_on, item.title) for item in upcoming] == [
        (datetime.date(2015, 9, 2), datetime.date(2015, 9, 3), "ILO-ACFTU Seminar on Promoting Green Employment"),
        (datetime.date(2015, 9, 4), datetime.date(2015, 9, 5), "ToE on Module 5 in Deyang"),
        (datetime.date(2015, 10, 31), None, "6th SCORE National Advisory Committee Meeting"),
    ]


def test_a_partner_user_sees_their_partners_upcoming_rounds_and_programme_wide_events_only(
    coordinator, outsider, newsletter
):
    mine = figures_for(coordinator).upcoming(after=END, days=75)
    theirs = figures_for(outsider).upcoming(after=END, days=75)

    # CEC's Deyang round, and the committee meeting that belongs to no partner; not ACFTU's seminar.
    assert [(item.starts_on, item.title) for item in mine] == [
        (datetime.date(2015, 9, 4), "ToE on Module 5 in Deyang"),
        (datetime.date(2015, 10, 31), "6th SCORE National Advisory Committee Meeting"),
    ]
    assert mine[1].url == reverse("trainings:event_detail", args=[newsletter.committee_meeting.pk])
    assert [item.title for item in theirs] == ["6th SCORE National Advisory Committee Meeting"]


@pytest.mark.parametrize("extra", [2, 30])
def test_upcoming_shows_the_first_twenty_and_counts_all_in_constant_queries(
    ilo_staff, newsletter, extra, django_assert_max_num_queries
):
    for day in range(extra):
        TrainingRoundFactory(
            title=f"Planned round {day:02}",
            partner=newsletter.cec,
            city=newsletter.city["Deyang"],
            starts_on=datetime.date(2015, 9, 6) + datetime.timedelta(days=day),
            status=TrainingRound.Status.PLANNED,
        )
    figures = figures_for(ilo_staff)

    with django_assert_max_num_queries(8):
        upcoming = figures.upcoming(after=END, days=75)

    assert upcoming.total == 3 + extra
    assert len(upcoming) == min(3 + extra, 20) and upcoming.more == max(3 + extra - 20, 0)
    assert [item.title for item in upcoming][:3] == [
        "ILO-ACFTU Seminar on Promoting Green Employment",
        "ToE on Module 5 in Deyang",
        "Planned round 00",
    ]
    assert upcoming == sorted(upcoming, key=lambda item: item.starts_on)


def test_latest_improvements_bring_their_before_and_after_photos(ilo_staff, newsletter):
    results = figures_for(ilo_staff).latest_improvements

    assert len(results) == 4
    assert all(len(result.before) == 1 and len(result.after) == 1 for result in results)
    assert {result.before[0].caption for result in results} >= {"Cables loaded in bags", "Tools on the bench"}


def test_filters_narrow_every_figure(ilo_staff, newsletter):
    deyang = figures_for(ilo_staff, city=newsletter.city["Deyang"]).headline
    osh = figures_for(ilo_staff, module=module(5)).headline
    cec = figures_for(ilo_staff, partner=newsletter.cec).headline

    assert (deyang.rounds, deyang.enterprises, deyang.participants.total, deyang.verified_improvements) == (1, 4, 20, 4)
    assert (osh.rounds, osh.enterprises, osh.participants.total, osh.verified_improvements) == (1, 4, 16, 0)
    # CEC with its Chongqing branch: Taixing, Deyang and Chongqing.
    assert (cec.rounds, cec.enterprises, cec.active_partners, cec.trainers) == (3, 11, 2, 4)


def test_coordinator_figures_cover_only_their_partner_and_its_branches(coordinator, newsletter):
    headline = figures_for(coordinator).headline

    assert headline.rounds == 3
    assert headline.enterprises == 5 + 4 + 2
    assert headline.participants.total == 20 + 20
    assert headline.trainers == 4
    assert headline.active_partners == 2
    assert headline.verified_improvements == 4


def test_committee_member_sees_programme_wide_figures(committee_member, ilo_staff, newsletter):
    assert figures_for(committee_member).headline == figures_for(ilo_staff).headline


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    filters = ReportFilters(start=START, end=END)

    previous = filters.previous()

    assert previous.end == datetime.date(2015, 5, 31)
    assert previous.end - previous.start == END - START
