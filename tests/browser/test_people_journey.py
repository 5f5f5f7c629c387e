"""ILO staff run the programme from the staff app: they invite a coordinator, who chooses a password and signs in on a
phone; the partner page and the staff home page in English and Chinese, on a desktop and a phone.

Each screen is checked with axe-core and saved to screenshots/<journey>/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from partners.models import Partner
from tests.browser.helpers import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_COORDINATOR = "wang.fang@cqec.example.org"
NEW_PASSWORD = "Chongqing ToT 2015 july"


@pytest.mark.usefixtures("demo")
def test_ilo_staff_invite_a_coordinator_who_chooses_a_password_and_signs_in_on_a_phone(open_journey, run_queued_tasks):
    staff = open_journey("f-ilo-staff-invite", viewport=PHONE)
    page = staff.page
    staff.sign_in("ilo.staff")
    staff.see("staff-home")
    staff.open_menu("/people/")
    staff.see("people")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill(NEW_COORDINATOR)
    page.get_by_label("First name").fill("Fang")
    page.get_by_label("Last name").fill("Wang")
    page.get_by_label("Partner coordinator").check()
    page.get_by_label("Partner", exact=True).select_option(label="Chongqing Enterprise Confederation")
    staff.see("invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("main")).to_contain_text("Invitation to wang.fang@cqec.example.org is on its way")
    expect(page.locator("main")).to_contain_text("not chosen yet (invited)")
    staff.see("invited")

    run_queued_tasks()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    coordinator = open_journey("g-invited-coordinator-phone", viewport=PHONE)
    page = coordinator.page
    coordinator.visit(link)
    expect(page.locator("main")).to_contain_text(f"Your user name is {NEW_COORDINATOR}")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    coordinator.see("choose-password")
    page.get_by_role("button", name="Save my password").click()
    expect(page.locator("main")).to_contain_text("Your password is saved")
    coordinator.see("password-saved")
    coordinator.sign_in(NEW_COORDINATOR, NEW_PASSWORD)
    expect(page.locator("main")).to_contain_text("Your open rounds")
    expect(page.locator("main")).to_contain_text("Chongqing Enterprise Confederation")
    coordinator.see("coordinator-home")

    coordinator.visit(link)
    expect(page.locator("main")).to_contain_text("This link no longer works")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("viewport", "locale"), [(DESKTOP, "en-GB"), (PHONE, "en-GB"), (DESKTOP, "zh-CN"), (PHONE, "zh-CN")]
)
def test_partner_page_and_staff_home_in_both_languages(open_journey, viewport, locale):
    device = "phone" if viewport == PHONE else "desktop"
    journey = open_journey(f"h-partner-page-{device}-{locale}", viewport=viewport, locale=locale)
    page = journey.page
    journey.sign_in("ilo.staff")
    expect(page.locator("[data-queue=improvements-to-verify]")).to_be_visible()
    journey.see("staff-home")
    cec = Partner.objects.get(code="CEC")
    journey.visit(cec.get_absolute_url())
    expect(page.locator("main h1")).to_have_text("中国企业联合会" if locale == "zh-CN" else cec.name)
    journey.see("partner-page")
    journey.visit(Partner.objects.get(code="CQEC").get_absolute_url())
    journey.see("branch-partner-page")
    page.locator("#agreements a").first.click()
    journey.see("agreement")
