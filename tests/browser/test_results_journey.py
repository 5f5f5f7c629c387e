"""The results framework in a headless browser on the demo data: the committee member reads the logframe on a
phone, in Chinese; ILO staff set a target. Every screen is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.usefixtures("demo")
def test_committee_member_reads_the_logframe_on_a_phone_in_chinese(open_journey):
    journey = open_journey("r-results-phone-zh", viewport=PHONE, locale="zh-CN")
    page = journey.page
    journey.sign_in("committee")
    journey.open_menu("/results/")
    table = page.locator("table.logframe-table")
    expect(table).to_contain_text("非国际劳工组织资金支付的培训费用比例")
    expect(table.locator(".result-status-at_risk").first).to_have_text("存在风险")
    journey.see("logframe")


@pytest.mark.usefixtures("demo")
def test_ilo_staff_set_a_target_for_a_half_year(open_journey):
    journey = open_journey("r-results-target")
    page = journey.page
    journey.sign_in("ilo.staff")
    journey.visit("/results/targets/")
    journey.see("targets")
    page.get_by_role("link", name="New target").first.click()
    journey.see("target-form")
    page.locator("#id_indicator").select_option(label="1.1b MoUs signed with partners")
    page.locator("#id_period").select_option("2015-2")
    page.locator("#id_target").fill("2")
    page.locator("#id_note_en").fill("Chongqing and one more")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved")
    expect(page.locator("table")).to_contain_text("2015, July–December")
    journey.see("target-saved")
