"""Targets against actuals: periods, targets per partner and city, the status thresholds, the model rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting.framework import (
    ContentItem,
    Narrative,
    Period,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)
from reporting.logframe import AT_RISK_FROM, ON_TRACK_FROM, Logframe, Status, achieved, status_of
from reporting.results_services import result_record_save
from tests.factories import PartnerFactory
from tests.reporting.results_helpers import indicator, phase_two

pytestmark = pytest.mark.django_db

HIGHER, LOWER = ResultIndicator.Better.HIGHER, ResultIndicator.Better.LOWER


def target(indicator, value, year=0, half=0, **fields):
    return ResultTarget.objects.create(indicator=indicator, target=value, year=year, half=half, **fields)


@pytest.mark.parametrize(
    ("actual", "target", "better", "expected"),
    [
        (90, 100, HIGHER, Status.ON_TRACK),
        (89.9, 100, HIGHER, Status.AT_RISK),
        (60, 100, HIGHER, Status.AT_RISK),
        (59.9, 100, HIGHER, Status.OFF_TRACK),
        (150, 100, HIGHER, Status.ON_TRACK),
        (10, 9, LOWER, Status.ON_TRACK),  # 90 %: the target divided by the actual
        (20, 10, LOWER, Status.OFF_TRACK),
        (0, 0, HIGHER, Status.ON_TRACK),
        (1, 0, LOWER, Status.OFF_TRACK),
        (None, 10, HIGHER, Status.NO_ACTUAL),
        (5, None, HIGHER, Status.NO_TARGET),
    ],
)
def test_status_follows_the_stated_thresholds(actual, target, better, expected):
    assert (ON_TRACK_FROM, AT_RISK_FROM) == (90, 60)
    assert status_of(actual, target, better) == expected


def test_yes_no_is_on_track_only_once_met():
    assert status_of(1, 1, HIGHER, ResultIndicator.Kind.YES_NO) == Status.ON_TRACK
    assert status_of(0, 1, HIGHER, ResultIndicator.Kind.YES_NO) == Status.OFF_TRACK


def test_achieved_is_none_for_a_target_of_zero():
    assert achieved(4, 0, HIGHER) is None
    assert achieved(45, 50, HIGHER) == Decimal("90.0")


def test_periods_of_a_phase_are_the_phase_its_years_and_their_halves():
    phase = phase_two()
    keys = [period.key for period in phase.periods()]

    assert keys[:5] == ["phase", "2013", "2013-1", "2013-2", "2014"]
    assert Period(phase, 2013, 1).start == datetime.date(2013, 7, 1)  # the phase starts in July 2013
    assert Period(phase, 2015, 2).end == datetime.date(2015, 12, 31)
    assert Period(phase).end == datetime.date(2017, 9, 30)
    assert phase.period("2015-2") == Period(phase, 2015, 2)
    assert phase.period("2031") is None


def test_targets_are_per_period(ilo_staff, newsletter, framework):
    target(framework["trained"], 30)
    target(framework["trained"], 12, year=2015, half=2)
    phase = framework["phase"]

    whole = Logframe(ilo_staff, Period(phase)).targets[framework["trained"].pk]
    half = Logframe(ilo_staff, Period(phase, 2015, 2)).targets[framework["trained"].pk]

    assert (whole.target, half.target) == (30, 12)
    assert framework["trained"].pk not in Logframe(ilo_staff, Period(phase, 2015, 1)).targets


def test_a_partners_target_is_compared_with_the_partners_own_actual(ilo_staff, coordinator, newsletter, framework):
    target(framework["trained"], 30)
    target(framework["trained"], 10, year=2015, half=2, partner=newsletter.cec)
    target(framework["trained"], 8, year=2015, half=2, partner=newsletter.eti)
    period = Period(framework["phase"], 2015, 2)

    staff_view = Logframe(ilo_staff, period, partner=newsletter.cec)
    own_view = Logframe(coordinator, period)

    for logframe in (staff_view, own_view):
        row = logframe.rows[0]
        assert (row.target.target, row.actual) == (10, 11)  # Taixing 5, Deyang 4 and the Chongqing branch 2
        assert row.status == Status.ON_TRACK
    assert Logframe(ilo_staff, period).rows[0].target is None  # no programme target for this half-year


def test_city_targets(ilo_staff, newsletter, framework):
    target(framework["trained"], 10, year=2015, city=newsletter.city["Taixing"])

    row = Logframe(ilo_staff, Period(framework["phase"], 2015), city=newsletter.city["Taixing"]).rows[0]

    assert (row.target.target, row.actual, row.status) == (10, 5, Status.OFF_TRACK)


def test_reported_actuals_show_programme_wide_only(ilo_staff, coordinator, newsletter, framework):
    ReportedActual.objects.create(indicator=framework["plans"], value=2, note_en="Two business plans")
    target(framework["plans"], 4)

    staff_row = Logframe(ilo_staff, Period(framework["phase"])).rows[-1]
    partner_row = Logframe(coordinator, Period(framework["phase"])).rows[-1]

    assert (staff_row.actual, staff_row.achieved, staff_row.status) == (2, Decimal("50.0"), Status.OFF_TRACK)
    assert staff_row.how_counted == "Two business plans"
    assert partner_row.actual is None


def test_sections_put_each_output_after_its_outcome(ilo_staff, framework):
    logframe = Logframe(ilo_staff, Period(framework["phase"]))

    assert [section.area.code for section in logframe.sections] == ["1", "1.1"]
    assert [row.indicator.code for row in logframe.rows] == ["1a", "1.1a", "1.1b"]
    assert [row.indicator.code for row in logframe.key_rows] == ["1a"]


def test_money_is_also_shown_in_dollars_at_the_rate_of_the_period_or_its_year(ilo_staff, newsletter, framework):
    savings = indicator(framework["outcome"], "1b", computation="verified_savings", kind="money")
    UsdRate.objects.create(phase=framework["phase"], year=2015, rmb_per_usd=Decimal("6.2"))

    row = next(row for row in Logframe(ilo_staff, Period(framework["phase"], 2015, 2)).rows if row.indicator == savings)

    assert (row.actual, row.usd) == (Decimal(14500), Decimal(2339))


def test_xlsx_table_has_a_row_per_indicator(ilo_staff, newsletter, framework):
    table = Logframe(ilo_staff, Period(framework["phase"])).table()

    assert [row[1] for row in table.rows] == ["1a", "1.1a", "1.1b"]
    assert "Status" in table.columns


# Model rules ------------------------------------------------------------------------------------------


def test_a_target_for_a_partner_and_a_city_at_once_is_refused(newsletter, framework):
    record = ResultTarget(
        indicator=framework["trained"], target=1, partner=newsletter.cec, city=newsletter.city["Deyang"]
    )

    with pytest.raises(ValidationError, match="not both"):
        record.full_clean()


def test_one_programme_target_per_indicator_and_period(framework):
    target(framework["trained"], 30)

    with pytest.raises(ValidationError, match="already has a target for this period"):
        ResultTarget(indicator=framework["trained"], target=31).full_clean()
    ResultTarget(indicator=framework["trained"], target=31, partner=PartnerFactory()).full_clean()


def test_a_year_outside_the_phase_is_refused(framework):
    with pytest.raises(ValidationError, match="not part of"):
        ResultTarget(indicator=framework["trained"], target=3, year=2011).full_clean()


def test_a_percentage_target_is_at_most_100(framework):
    with pytest.raises(ValidationError, match="at most 100"):
        ResultTarget(indicator=framework["cost"], target=140).full_clean()


def test_a_computed_indicator_names_a_known_computation_of_its_kind(framework):
    with pytest.raises(ValidationError):
        ResultIndicator(area=framework["outcome"], code="x", name_en="X", kind="count", source="computed").full_clean()
    with pytest.raises(ValidationError, match="gives a"):
        ResultIndicator(
            area=framework["outcome"],
            code="x",
            name_en="X",
            kind="count",
            source="computed",
            computation="cost_share_non_ilo",
        ).full_clean()


def test_text_is_needed_in_at_least_one_language(ilo_staff, framework):
    with pytest.raises(ValidationError, match="in English, in Chinese or in both"):
        result_record_save(user=ilo_staff, record=ResultArea(phase=framework["phase"], level="outcome", code="9"))
    saved = result_record_save(
        user=ilo_staff, record=ResultArea(phase=framework["phase"], level="outcome", code="9", title_zh_hans="只有中文")
    )

    assert saved.pk and saved.created_by == ilo_staff


def test_an_output_serves_an_outcome_of_its_phase(framework):
    with pytest.raises(ValidationError):
        ResultArea(phase=framework["phase"], level="output", code="2.1", title_en="Orphan").full_clean()


def test_content_items_need_what_their_kind_needs():
    brochure = ContentItem(kind="product", published_on=datetime.date(2015, 8, 1), title_en="Brochure")
    with pytest.raises(ValidationError, match="languages"):
        brochure.full_clean()
    with pytest.raises(ValidationError):
        ContentItem(kind="testimonial", published_on=datetime.date(2015, 8, 1), who_en="Expert trainer").full_clean()


def test_narrative_period_cannot_end_before_it_starts():
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        Narrative(
            period_start=datetime.date(2015, 8, 31), period_end=datetime.date(2015, 6, 1), executive_summary_en="Hi"
        ).full_clean()


def test_only_ilo_staff_save_framework_records(coordinator, framework):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        result_record_save(user=coordinator, record=ResultTarget(indicator=framework["trained"], target=1))
