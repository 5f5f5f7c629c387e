"""The real user journeys of SCORE MIS, in a headless browser on the demo data set (SCORE China, summer 2015).

Each journey checks every screen with axe-core and saves it to screenshots/<journey>/.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from enterprises.models import Enterprise, Indicator, Measurement
from enterprises.services import measurement_record
from improvements import services
from improvements.models import Improvement, Photo
from reporting.models import ContentItem, Narrative
from tests.browser.helpers import PHONE, focus_is_visible, photo_upload, picture_bytes, unlabelled_fields
from trainings.models import Module, TrainingRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TAIXING_ROUND = "Taixing Module 1, 2015"
TAIXING_ROUND_ZH = "2015年泰兴模块1"
HUAXING = "Taixing Huaxing Chemical Co., Ltd."
TAIXING_ENTERPRISES = {
    HUAXING: "泰兴华兴化工有限公司",
    "Taixing Ruifeng Textile Co., Ltd.": "泰兴瑞丰纺织有限公司",
    "Taixing Jinlong Machinery Co., Ltd.": "泰兴金龙机械有限公司",
    "Taixing Hongyuan Food Co., Ltd.": "泰兴宏远食品有限公司",
    "Taixing Yinhe Electric Co., Ltd.": "泰兴银河电器有限公司",
}
# Per enterprise, in the grid's order: female managers, male managers, female workers, male workers.
WORKSHOP_GRID = [(1, 1, 2, 1), (0, 2, 1, 2), (1, 1, 1, 1), (2, 0, 2, 2), (1, 1, 0, 2)]
WORKSHOP_PARTICIPANTS = sum(map(sum, WORKSHOP_GRID))
VISIT_COUNTS = {"female_managers": 1, "male_managers": 1, "female_workers": 2, "male_workers": 3}
VISIT_PARTICIPANTS = sum(VISIT_COUNTS.values())


@dataclass(frozen=True)
class ImprovementEntry:
    """What the coordinator types into the new-improvement form."""

    title: str
    title_zh: str
    implemented_on: str
    description: str
    before_caption: str
    after_caption: str
    investment_rmb: int = 2_500
    annual_saving_rmb: int = 8_000
    saving_calculation: str = "Solvent no longer spilled and lost: about 8,000 RMB a year."


NEW_IMPROVEMENT = ImprovementEntry(
    "Drum racks in the chemical store",
    "化学品仓库设置料桶架",
    "2015-09-18",
    "Drums stood in the gangway; racks now hold them upright and labelled.",
    "Drums in the gangway",
    "Drums on racks",
)
CHINESE_IMPROVEMENT = ImprovementEntry(
    "Labelled valves at the dyeing line",
    "染色线阀门加贴标识",
    "2015-09-21",
    "阀门没有标识，操作工常开错阀门；现在每个阀门都贴上了名称和流向。",
    "没有标识的阀门",
    "贴上标识的阀门",
)
DASHBOARD_PERIOD = "/dashboard/?start=2015-06-01&end=2015-09-30"


@dataclass(frozen=True)
class Interface:
    """What the coordinator reads on the screen in one interface language."""

    language: str
    welcome: str
    workshop_caption: str
    visit_caption: str
    status_submitted: str
    participants_recorded: str  # the part of a success message that counts the participants

    def enterprise(self, english_name):
        return TAIXING_ENTERPRISES[english_name] if self.language == "zh-hans" else english_name

    @property
    def round(self):
        return TAIXING_ROUND_ZH if self.language == "zh-hans" else TAIXING_ROUND


ENGLISH = Interface(
    "en", "Welcome, Gang", "Workshop days", "Factory visits", "Submitted", "recorded with {} participants"
)
CHINESE = Interface("zh-hans", "欢迎，Gang", "课堂培训日", "现场辅导", "已提交", "{}")


def heading(page):
    return page.get_by_role("heading", level=1)


def alert(page):
    return page.locator("main [role=alert]")


def enrolled_enterprises(page):
    section = page.locator("main section").filter(has=page.locator("a[href^='/enterprises/']"))
    return section.locator("tbody tr td:first-child").all_inner_texts()


def attendance_total(page, caption):
    """The grand total of the round page's attendance table with this caption (0 when there is no such table yet)."""
    table = page.locator("table").filter(has=page.locator("caption", has_text=caption))
    return int(table.locator("tfoot td").last.inner_text()) if table.count() else 0


def choose(select, value):
    select.select_option(value=str(value))


def open_round(journey, seen):
    page = journey.page
    journey.open_menu("/trainings/rounds/")
    expect(page.locator("main table")).to_contain_text(seen.round)
    journey.see("round-list")
    page.get_by_role("link", name=seen.round, exact=True).click()
    expect(heading(page)).to_have_text(seen.round)
    assert set(enrolled_enterprises(page)) == {seen.enterprise(name) for name in TAIXING_ENTERPRISES}
    journey.see("round")


def record_workshop_day(journey, seen, date):
    page = journey.page
    recorded_before = attendance_total(page, seen.workshop_caption)
    page.locator("main a[href$='/workshops/new/']").click()
    rows = page.locator("[data-attendance-row]")
    expect(rows).to_have_count(len(WORKSHOP_GRID))
    page.locator("#id_date").fill(date)
    for row, counts in zip(rows.all(), WORKSHOP_GRID, strict=True):
        expect(row).to_contain_text(re.compile("|".join(map(re.escape, map(seen.enterprise, TAIXING_ENTERPRISES)))))
        for field, count in zip(row.locator("input[type=number]").all(), counts, strict=True):
            field.fill(str(count))
    expect(page.locator("#attendance-total")).to_have_text(str(WORKSHOP_PARTICIPANTS))
    journey.see("workshop-day-form")
    page.locator("main form button[type=submit]").click()
    expect(alert(page)).to_contain_text(seen.participants_recorded.format(WORKSHOP_PARTICIPANTS))
    expect(heading(page)).to_have_text(seen.round)
    assert attendance_total(page, seen.workshop_caption) == recorded_before + WORKSHOP_PARTICIPANTS
    journey.see("workshop-day-recorded")


def record_factory_visit(journey, seen, date):
    page = journey.page
    page.locator("main a[href$='/visits/new/']").click()
    choose(page.locator("#id_enterprise"), Enterprise.objects.get(name=HUAXING).pk)
    page.locator("#id_date").fill(date)
    for field, count in VISIT_COUNTS.items():
        page.locator(f"#id_{field}").fill(str(count))
    journey.see("factory-visit-form")
    page.locator("main form button[type=submit]").click()
    expect(alert(page)).to_contain_text(seen.enterprise(HUAXING))
    expect(alert(page)).to_contain_text(seen.participants_recorded.format(VISIT_PARTICIPANTS))
    assert attendance_total(page, seen.visit_caption) == VISIT_PARTICIPANTS
    expect(page.locator("main table").last).to_contain_text(seen.enterprise(HUAXING))
    journey.see("factory-visit-recorded")


def add_improvement_and_submit_it(journey, seen, improvement):
    page = journey.page
    journey.open_menu("/improvements/")
    journey.see("improvement-list")
    page.locator("main a.btn[href='/improvements/new/']").click()
    choose(page.locator("#id_enterprise"), Enterprise.objects.get(name=HUAXING).pk)
    page.locator("#id_implemented_on").fill(improvement.implemented_on)
    page.locator("#id_title_en").fill(improvement.title)
    page.locator("#id_title_zh_hans").fill(improvement.title_zh)
    choose(page.locator("#id_module"), Module.objects.get(number=1).pk)
    choose(page.locator("#id_category"), "osh")
    page.locator("#id_description_en").fill(improvement.description)
    page.locator("#id_investment_rmb").fill(str(improvement.investment_rmb))
    page.locator("#id_annual_saving_rmb").fill(str(improvement.annual_saving_rmb))
    page.locator("#id_saving_calculation_en").fill(improvement.saving_calculation)
    page.locator("#id_before_photo").set_input_files(photo_upload("before", "JPEG", tidy=False))
    page.locator("#id_before_caption_en").fill(improvement.before_caption)
    page.locator("#id_after_photo").set_input_files(photo_upload("after", "PNG", tidy=True))
    page.locator("#id_after_caption_en").fill(improvement.after_caption)
    journey.see("improvement-form")
    page.locator("main form button[type=submit]").click()

    title = improvement.title_zh if seen.language == "zh-hans" else improvement.title
    expect(heading(page)).to_contain_text(title)
    expect(alert(page)).to_contain_text(title)
    expect(page.locator("main").get_by_text(seen.enterprise(HUAXING), exact=False).first).to_be_visible()
    expect(page.locator("main figure img")).to_have_count(2)
    expect(page.get_by_role("img", name=improvement.before_caption)).to_be_visible()
    expect(page.get_by_role("img", name=improvement.after_caption)).to_be_visible()
    journey.see("improvement-draft")
    page.locator("form[action$='/submit/'] button").click()
    expect(heading(page).locator(".badge")).to_have_text(seen.status_submitted)
    journey.see("improvement-submitted")


def coordinator_journey_on_a_phone(journey, seen):
    page = journey.page
    journey.sign_in("cec.coordinator")
    expect(heading(page)).to_have_text(seen.welcome)
    journey.see("home")
    open_round(journey, seen)
    record_workshop_day(journey, seen, "2015-09-10")
    record_factory_visit(journey, seen, "2015-09-17")


@pytest.mark.usefixtures("demo")
def test_cec_coordinator_records_a_workshop_day_a_visit_and_an_improvement_on_a_phone(open_journey):
    journey = open_journey("a-cec-coordinator-phone", viewport=PHONE)
    page = journey.page
    coordinator_journey_on_a_phone(journey, ENGLISH)
    expect(alert(page)).to_contain_text(f"recorded with {VISIT_PARTICIPANTS} participants")

    add_improvement_and_submit_it(journey, ENGLISH, NEW_IMPROVEMENT)
    expect(alert(page)).to_have_text(f"Improvement “{NEW_IMPROVEMENT.title}” submitted for review.")
    expect(page.get_by_role("listitem").filter(has_text="cec.coordinator")).to_contain_text("Submitted")


@pytest.mark.usefixtures("demo")
def test_cec_coordinator_journey_in_chinese_shows_chinese_names(open_journey):
    journey = open_journey("e-cec-coordinator-chinese", viewport=PHONE, locale="zh-CN")
    page = journey.page
    coordinator_journey_on_a_phone(journey, CHINESE)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language-select option:checked")).to_have_text("中文")
    add_improvement_and_submit_it(journey, CHINESE, CHINESE_IMPROVEMENT)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator("#language-select").select_option("en")  # the menu sends itself (static/js/score.js)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_contain_text(CHINESE_IMPROVEMENT.title)


def submitted_improvement(submit=True):
    """The improvement of journey (a), as the CEC coordinator saved and (unless `submit` is false) submitted it."""
    coordinator = get_user_model().objects.get(username="cec.coordinator")
    improvement = Improvement(
        enterprise=Enterprise.objects.get(name=HUAXING),
        module=Module.objects.get(number=1),
        category_id="osh",
        title_en=NEW_IMPROVEMENT.title,
        title_zh_hans=NEW_IMPROVEMENT.title_zh,
        implemented_on=NEW_IMPROVEMENT.implemented_on,
        description_en=NEW_IMPROVEMENT.description,
        investment_rmb=NEW_IMPROVEMENT.investment_rmb,
        annual_saving_rmb=NEW_IMPROVEMENT.annual_saving_rmb,
        saving_calculation=NEW_IMPROVEMENT.saving_calculation,
    )
    photos = [
        (
            stage,
            {"caption_en": caption, "caption_zh_hans": ""},
            SimpleUploadedFile(f"{stage}.png", picture_bytes(caption, (200, 200, 200), "PNG", tidy)),
        )
        for stage, caption, tidy in [
            (Photo.Stage.BEFORE, NEW_IMPROVEMENT.before_caption, False),
            (Photo.Stage.AFTER, NEW_IMPROVEMENT.after_caption, True),
        ]
    ]
    services.improvement_create(user=coordinator, improvement=improvement, photos=photos)
    if submit:
        services.improvement_submit(user=coordinator, improvement=improvement)


def verified_savings(page):
    card = page.locator("#headline-heading + div .card").filter(has_text="Annual savings of verified improvements")
    return int(card.locator(".report-figure").inner_text().replace(",", ""))


@pytest.mark.usefixtures("demo")
def test_ilo_staff_verify_the_improvement_and_its_saving_reaches_the_dashboard(open_journey):
    submitted_improvement()
    journey = open_journey("b-ilo-staff-verify")
    page = journey.page
    journey.sign_in("ilo.staff")
    expect(page.locator("[data-count=improvements-to-verify]")).to_have_text("1")
    journey.see("home")
    journey.visit(DASHBOARD_PERIOD)
    savings_before = verified_savings(page)
    journey.see("dashboard-before")

    journey.visit("/")
    page.locator("[data-queue=improvements-to-verify]").get_by_role("link", name=NEW_IMPROVEMENT.title).click()
    expect(heading(page)).to_contain_text(NEW_IMPROVEMENT.title)
    expect(heading(page).locator(".badge")).to_have_text("Submitted")
    expect(page.get_by_role("img", name=NEW_IMPROVEMENT.after_caption)).to_be_visible()
    journey.see("improvement-to-verify")
    page.get_by_role("button", name="Verify").click()
    expect(alert(page)).to_have_text(f"Improvement “{NEW_IMPROVEMENT.title}” verified.")
    expect(heading(page).locator(".badge")).to_have_text("Verified")
    journey.see("improvement-verified")

    journey.visit(DASHBOARD_PERIOD)
    assert verified_savings(page) == savings_before + NEW_IMPROVEMENT.annual_saving_rmb
    latest = page.locator("section[aria-labelledby=improvements-heading]")
    expect(latest.locator("article").filter(has_text=NEW_IMPROVEMENT.title)).to_contain_text("8,000 RMB a year")
    journey.see("dashboard-after")


@pytest.mark.usefixtures("demo")
def test_committee_member_reads_the_summer_report_and_downloads_its_pdf(open_journey, run_queued_tasks):
    journey = open_journey("c-committee-report")
    page = journey.page
    journey.sign_in("committee")
    journey.open_menu("/reports/committee/")
    expect(heading(page).first).to_have_text("Committee report")
    journey.see("committee-report-latest-period")
    page.locator("#id_start").fill("2015-06-01")
    page.locator("#id_end").fill("2015-08-31")
    page.locator("main form.report-filters button[type=submit]").click()
    report = page.locator("article.committee-report")
    expect(report).to_contain_text("From 1 June 2015 to 31 August 2015")
    expect(report.get_by_role("heading", name="Taixing, Jiangsu")).to_be_visible()
    expect(report.get_by_role("heading", name="Shanghai", exact=True)).to_be_visible()
    expect(report).to_contain_text("ETI")
    expect(report).to_contain_text("13,000")
    journey.see("committee-report")

    page.get_by_role("button", name="Download PDF").click()
    expect(heading(page)).to_contain_text("(PDF)")
    expect(page.get_by_role("status")).to_contain_text("waiting for its turn")
    journey.see("committee-report-pdf-waiting")
    run_queued_tasks()
    download_link = page.get_by_role("link", name=re.compile(r"^Download score-report-20150601-20150831\.pdf"))
    expect(download_link).to_be_visible()  # the progress page reloads itself
    journey.see("committee-report-pdf-ready")
    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
    assert download_info.value.suggested_filename.endswith(".pdf")


@pytest.mark.usefixtures("demo")
def test_eti_coordinator_finds_no_trace_of_the_cec_enterprises(open_journey):
    huaxing = Enterprise.objects.get(name=HUAXING)
    journey = open_journey("d-eti-coordinator-scope")
    page = journey.page
    journey.sign_in("eti.coordinator")

    journey.open_menu("/enterprises/")
    results = page.locator("main table tbody")
    expect(results).to_contain_text("Shanghai Meilun Garment Co., Ltd.")
    expect(results).not_to_contain_text("Taixing")
    journey.see("enterprise-list")
    page.locator("main form[role=search] input[name=q]").fill("Taixing")
    page.locator("main form[role=search] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("No enterprise matches these filters.")
    expect(results).to_have_count(0)
    journey.see("enterprise-search")

    journey.open_menu("/trainings/rounds/")
    expect(results).to_contain_text("ILO-ETI pilot supplier training")
    expect(results).not_to_contain_text("Taixing")
    journey.see("round-list")
    page.locator("main form[role=search] input[name=q]").fill("Taixing")
    page.locator("main form[role=search] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("No training round matches your search and filters.")
    expect(results).to_have_count(0)
    journey.see("round-search")

    journey.visit(f"/enterprises/{huaxing.pk}/")
    expect(heading(page)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Taixing")
    journey.see("enterprise-404")


def tab_past_the_skip_link(page):
    """Tab to the "Skip to content" link, which appears, follow it, and Tab past the breadcrumbs' links to the
    first field of the page."""
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    for _ in range(page.locator("main .breadcrumb a").count() + 1):
        page.keyboard.press("Tab")


@pytest.mark.usefixtures("demo")
def test_forms_work_with_the_keyboard_alone_and_show_where_the_focus_is(open_journey):
    journey = open_journey("f-keyboard")
    page = journey.page
    journey.visit("/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Language")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    assert focus_is_visible(page)
    assert unlabelled_fields(page) == []
    page.keyboard.type("cec.coordinator")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.type("score-demo-2015")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Welcome, Gang")
    journey.see("signed-in-by-keyboard")

    journey.visit("/improvements/new/")
    tab_past_the_skip_link(page)
    expect(page.get_by_label("Enterprise")).to_be_focused()
    assert focus_is_visible(page)
    assert unlabelled_fields(page) == []
    journey.see("improvement-form-focused")


def date_inputs_as_shown(page):
    """{name: value} of the page's date inputs as the browser holds them: a value it could not read is empty."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("main input[type=date]")]
            .map(input => [input.name, input.value]))"""
    )


def date_inputs_as_rendered(page):
    """{name: value} of the page's date inputs as the server wrote them."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("main input[type=date]")]
            .map(input => [input.name, input.getAttribute("value") || ""]))"""
    )


def rows_listed(page):
    return page.locator("main table tbody tr, main article.card").count()


def submit_main_form(page):
    page.locator("main form:has(input[type=date]) button[type=submit]:visible").first.click()
    page.wait_for_load_state("load")


def chinese_edit_pages():
    """The CEC coordinator's edit pages with a date input, on the demo data (with an improvement and a
    measurement of Huaxing added for the purpose)."""
    coordinator = get_user_model().objects.get(username="cec.coordinator")
    training_round = TrainingRound.objects.get(title=TAIXING_ROUND)
    huaxing = Enterprise.objects.get(name=HUAXING)
    submitted_improvement(submit=False)  # a submitted improvement is not the coordinator's to edit
    measurement = measurement_record(
        user=coordinator,
        enterprise=huaxing,
        indicator=Indicator.objects.get(code="defect-rate"),
        stage=Measurement.Stage.BASELINE,
        period_start=datetime.date(2015, 6, 1),
        period_end=datetime.date(2015, 6, 30),
        value=4,
    )
    return [
        reverse("trainings:round_update", args=[training_round.pk]),
        reverse("trainings:enrollment_update", args=[training_round.enrollments.get(enterprise=huaxing).pk]),
        reverse("trainings:activity_update", args=[training_round.activities.filter(kind="workshop").first().pk]),
        reverse("improvements:improvement_update", args=[Improvement.objects.get(title=NEW_IMPROVEMENT.title).pk]),
        reverse("enterprises:improvement_team_update", args=[huaxing.pk]),
        reverse("enterprises:measurement_update", args=[measurement.pk]),
    ]


@pytest.mark.usefixtures("demo")
def test_every_date_input_submits_as_shown_in_chinese(open_journey):
    journey = open_journey("g-chinese-dates", locale="zh-CN")
    page = journey.page
    journey.sign_in("cec.coordinator")

    for path in ["/dashboard/", "/reports/committee/"]:
        journey.visit(path)
        shown = date_inputs_as_shown(page)
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown[name]) for name in ("start", "end")), shown
        submit_main_form(page)
        assert f"start={shown['start']}&end={shown['end']}" in page.url
        assert date_inputs_as_shown(page) == shown
    journey.see("committee-report-filtered")

    # The coordinator's improvement list opens on their drafts: the verified ones are the list to narrow down.
    for path, other_filters, (name, value) in [
        ("/enterprises/", "", ("running_until", "2015-06-30")),
        ("/trainings/rounds/", "", ("running_until", "2015-06-30")),
        ("/improvements/", "status=verified&", ("implemented_before", "2015-08-01")),
    ]:
        journey.visit(f"{path}?{other_filters}")
        unfiltered = rows_listed(page)
        journey.visit(f"{path}?{other_filters}{name}={value}")
        assert date_inputs_as_shown(page)[name] == value
        submit_main_form(page)
        assert f"{name}={value}" in page.url
        assert date_inputs_as_shown(page)[name] == value
        assert 0 < rows_listed(page) < unfiltered, path
    journey.see("improvements-filtered")

    for path in chinese_edit_pages():
        journey.visit(path)
        shown = date_inputs_as_shown(page)
        assert any(shown.values()) and shown == date_inputs_as_rendered(page), path
        submit_main_form(page)
        expect(page.locator("main .alert-success")).to_be_visible()
        assert path not in page.url
    journey.see("last-form-saved")


@pytest.mark.usefixtures("demo")
def test_the_results_pages_with_dates_submit_as_shown_in_chinese(open_journey):
    """ILO staff's pages of the results framework that hold a date: the committee narrative of a period and a
    communication product, edited in Chinese and saved as the browser shows them."""
    journey = open_journey("g-chinese-dates-results", locale="zh-CN")
    page = journey.page
    journey.sign_in("ilo.staff")

    for name, model in [("narrative_update", Narrative), ("content_update", ContentItem)]:
        path = reverse(f"reporting:{name}", args=[model.objects.order_by("pk").first().pk])
        journey.visit(path)
        shown = date_inputs_as_shown(page)
        assert shown and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in shown.values()), shown
        assert shown == date_inputs_as_rendered(page)
        submit_main_form(page)
        expect(page.locator("main .alert-success")).to_be_visible()
        assert path not in page.url
    journey.see("results-record-saved")
