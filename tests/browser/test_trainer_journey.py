"""Trainers from a training of trainers to certification, in the browser: a CEC coordinator adds a trainee to the
Chongqing ToT and records a day with the trainees present on a phone; the trainer page and an enterprise's journey
are looked at on a desktop and a phone, in English and in Chinese. Every screen is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from enterprises.models import Enterprise
from tests.browser.helpers import DESKTOP, PHONE
from trainings.models import Trainer, TrainingRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def alert(page):
    return page.locator("main [role=alert]")


@pytest.mark.usefixtures("demo")
def test_a_coordinator_records_a_tot_day_with_its_trainees_on_a_phone(open_journey):
    journey = open_journey("t-tot-day-phone", viewport=PHONE)
    page = journey.page
    tot = TrainingRound.objects.get(title="Chongqing ToT Module 1, 2015")
    journey.sign_in("cec.coordinator")
    journey.visit(f"/trainings/rounds/{tot.pk}/")
    expect(page.locator("#trainees")).to_contain_text("Wu Xia")
    journey.see("tot-round")

    page.locator("main a[href$='/trainees/new/']").click()
    page.locator("#id_name_en").fill("Luo Ping")
    page.locator("#id_name_zh_hans").fill("罗平")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_partner").select_option(label="Chongqing Enterprise Confederation")
    journey.see("trainee-form")
    page.locator("main form button[type=submit]").click()
    expect(alert(page)).to_contain_text("Luo Ping added to the trainees.")

    page.locator("main a[href$='/workshops/new/']").click()
    page.locator("#id_date").fill("2015-07-16")
    present = page.get_by_role("group", name="Trainees present")
    for name in ("Luo Ping", "Wu Xia", "Li Qiang"):
        present.get_by_label(name, exact=True).check()
    journey.see("tot-day-form")
    page.locator("main form button[type=submit]").click()
    expect(alert(page)).to_contain_text("Workshop day of")
    expect(page.locator("#trainees tr", has_text="Luo Ping")).to_contain_text("1 / 4")
    expect(page.locator("#trainees tr", has_text="Wu Xia")).to_contain_text("4 / 4")
    journey.see("tot-day-recorded")
    trainee = Trainer.objects.get(name="Luo Ping")
    assert (trainee.sex, trainee.level, trainee.partner.code) == ("F", Trainer.Level.CANDIDATE, "CQEC")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    "device, viewport, locale",
    [
        ("desktop", DESKTOP, "en-GB"),
        ("phone", PHONE, "en-GB"),
        ("desktop", DESKTOP, "zh-CN"),
        ("phone", PHONE, "zh-CN"),
    ],
)
def test_the_trainer_page_and_an_enterprise_journey_on_each_screen_and_language(open_journey, device, viewport, locale):
    language = "zh" if locale == "zh-CN" else "en"
    journey = open_journey(f"t-trainer-and-journey-{device}-{language}", viewport=viewport, locale=locale)
    page = journey.page
    journey.sign_in("ilo.staff")
    zhao = Trainer.objects.get(name="Zhao Min")
    journey.visit(f"/trainings/trainers/{zhao.pk}/")
    expect(page.locator("#modules")).to_contain_text("2015-08-31")
    expect(page.locator("[aria-current=step]")).to_have_text("已认证" if language == "zh" else "Certified")
    journey.see("trainer-page")

    journey.visit("/trainings/trainers/?stage=recommended")
    expect(page.locator("main table")).to_contain_text("李强" if language == "zh" else "Li Qiang")
    journey.see("trainers-recommended")

    toe = TrainingRound.objects.get(title="Chongqing ToE Module 1, 2015")
    enterprise = Enterprise.objects.filter(enrollments__round=toe).order_by("name").first()
    journey.visit(f"/enterprises/{enterprise.pk}/#journey")
    expect(page.locator("#journey [aria-current=step]")).to_be_visible()
    journey.see("enterprise-journey")
