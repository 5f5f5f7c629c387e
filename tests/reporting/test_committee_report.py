import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from partners.models import Agreement
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.renderers import render_document
from tests.factories import EventFactory, TrainingRoundFactory
from tests.reporting.conftest import END, START
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db

REPORT = reverse("reporting:committee_report")
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def text_of(html):
    """The words of a page, without tags or repeated spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def report_text(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)
    return text_of(client.get(REPORT, PERIOD).content.decode())


def test_report_tells_what_happened_in_each_city_like_the_newsletter(report_text):
    assert "Taixing, Jiangsu" in report_text
    assert (
        "On 20 August, China Enterprise Confederation launched Module 1 (Workplace cooperation) training, "
        "Training of enterprises (ToE), for five enterprises (machinery and equipment)." in report_text
    )
    assert (
        "On 29 August, Ethical Trading Initiative launched Module 1 (Workplace cooperation) training, Training of "
        "enterprises (ToE), for five enterprises (footwear, garments) supplying Gap, Inditex and Pentland."
        in report_text
    )
    assert (
        "Module 5 (OSH) training, Training of enterprises (ToE), run by BSCI since 2 March for four enterprises "
        "(footwear), was completed on 24 July." in report_text
    )
    assert "The completion of Module 5 marks the end of the pilot ILO-BSCI Supplier Training." in report_text
    assert "Since 3 June" not in report_text  # Deyang started in the period: it was launched, not ongoing
    assert "On 3 June, China Enterprise Confederation launched Module 1 (Workplace cooperation) training" in report_text


def test_rounds_that_began_before_the_period_are_told_as_running(client, ilo_staff, newsletter):
    newsletter.deyang.starts_on = datetime.date(2015, 5, 20)
    newsletter.deyang.save()
    client.force_login(ilo_staff)

    text = text_of(client.get(REPORT, PERIOD).content.decode())

    assert (
        "Since 20 May, China Enterprise Confederation has been running Module 1 (Workplace cooperation) training, "
        "Training of enterprises (ToE), for four enterprises (electrical equipment and cables, machinery and "
        "equipment). It is planned to end on 10 September." in text
    )


def test_training_of_trainers_is_told_as_training_trainer_candidates(client, ilo_staff, newsletter):
    TrainingRoundFactory(
        title="Chongqing ToT",
        partner=newsletter.chongqing_cec,
        city=newsletter.city["Chongqing"],
        kind=TrainingRound.Kind.TOT,
        status=TrainingRound.Status.COMPLETED,
        starts_on=datetime.date(2015, 7, 13),
        ends_on=datetime.date(2015, 7, 15),
    )
    client.force_login(ilo_staff)

    text = text_of(client.get(REPORT, PERIOD).content.decode())

    assert (
        "From 13 July to 15 July, Chongqing Enterprise Confederation ran and completed Module 1 (Workplace "
        "cooperation) training, Training of trainers (ToT), for trainer candidates." in text
    )


def test_report_names_agreements_signed_in_the_period_under_the_partners_city(report_text):
    chongqing = report_text.index("Chongqing")
    signed = report_text.index("On 28 July, the agreement “Implementation Agreement with Chongqing CEC” was signed")

    assert chongqing < signed
    assert "MoU with CEC" not in report_text  # signed in 2013


@pytest.mark.parametrize(
    ("language", "titles", "shown"),
    [
        (
            "en",
            {"title_en": "", "title_zh_hans": "重庆实施协议"},
            '<span lang="zh-Hans" class="text-fallback">重庆实施协议',
        ),
        ("zh-hans", {"title_zh_hans": ""}, '<span lang="en" class="text-fallback">Implementation Agreement with'),
    ],
)
def test_an_agreement_titled_in_one_language_shows_in_the_report_of_the_other_marked(
    client, ilo_staff, newsletter, language, titles, shown
):
    Agreement.objects.filter(title_en="Implementation Agreement with Chongqing CEC").update(**titles)
    client.force_login(ilo_staff)

    html = client.get(REPORT, PERIOD, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert shown in html and 'class="text-fallback-marker"' in html


def test_report_lists_events_of_the_period_and_programme_wide_ones(report_text):
    assert "Gender mainstreaming webinars" in report_text
    assert "Programme-wide" in report_text
    assert "BSCI pilot closing" in report_text


def test_report_shows_verified_improvements_with_before_and_after_photos_and_savings(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    html = client.get(REPORT, PERIOD).content.decode()

    assert "Hoppers instead of bags to load cables" in html
    assert "About 13,000 RMB saved a year." in html
    assert 'alt="Before: Cables loaded in bags"' in html
    assert 'alt="After: Hoppers in use"' in html
    assert "Draft idea not yet verified" not in html
    assert "4 improvements made in the period have been verified; together they save 14,500 RMB a year." in text_of(
        html
    )


def test_report_gives_gender_figures(report_text):
    assert "Participants trained in the period Role Women Men Total Women (%)" in report_text
    assert "Total 25 31 56 44.6 %" in report_text
    assert "Women hold 30 % of the 20 seats in the 2 enterprise improvement teams." in report_text


def test_report_compares_headline_figures_with_the_previous_period(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    report = client.get(REPORT, PERIOD).context["report"]

    rows = {str(label): values for label, *values in report.headline_comparison}
    # March–May 2015: only the Guangzhou round ran, with its four enterprises. Phase II to date adds Ningbo 2014.
    assert rows["Training rounds running"] == [5, 1, 4, 6]
    assert rows["Enterprises enrolled"] == [20, 4, 16, 21]
    assert "Compared with the previous period of the same length, 1 March 2015 – 31 May 2015." in text_of(
        client.get(REPORT, PERIOD).content.decode()
    )


def test_upcoming_key_activities_reach_the_committee_meeting_at_the_end_of_october(report_text):
    upcoming = report_text[report_text.index("Upcoming key activities") :]

    assert "2–3 September, Xining: ILO-ACFTU Seminar on Promoting Green Employment" in upcoming
    assert "4–5 September, Deyang: ToE on Module 5 in Deyang" in upcoming
    assert "31 October, Beijing: 6th SCORE National Advisory Committee Meeting" in upcoming


def test_report_can_be_limited_to_a_city(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    html = client.get(REPORT, {**PERIOD, "city": newsletter.city["Shanghai"].pk}).content.decode()

    assert "ILO-ETI Pilot Supplier Training" in html
    assert "Taixing, Jiangsu" not in html


def test_report_is_written_in_chinese_with_chinese_names(client, ilo_staff, newsletter):
    client.force_login(ilo_staff)

    html = client.get(REPORT, PERIOD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<html lang="zh-hans">' in html
    assert "泰兴" in html and "中国企业联合会" in html


def test_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(client, ilo_staff, newsletter, download_report):
    client.force_login(ilo_staff)

    response, content = download_report(PERIOD, "xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="score-report-20150601-20150831.xlsx"'
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Headline figures",
        "Key figures against targets",
        "Logframe, phase to date",
        "Narrative",
        "Communication and testimonials",
        "Rounds by status",
        "By module",
        "By city",
        "By partner",
        "Monthly trend",
        "Participants",
        "Trainers",
        "Training rounds",
        "Agreements signed",
        "Events",
        "Improvement results",
        "Indicator results",
        "Upcoming key activities",
    ]
    headline = {row[0]: row[1:] for row in workbook["Headline figures"].iter_rows(min_row=2, values_only=True)}
    assert headline["Enterprises enrolled"] == (20, 4, 16, 21)
    assert headline["Annual savings of verified improvements (RMB)"][0] == 14500
    participants = list(workbook["Participants"].iter_rows(min_row=2, values_only=True))
    assert participants[-1] == ("Total", 25, 31, 56)
    rounds = {row[1]: row for row in workbook["Training rounds"].iter_rows(min_row=2, values_only=True)}
    assert rounds["ILO-ETI Pilot Supplier Training"][8] == 5
    assert rounds["ILO-ETI Pilot Supplier Training"][10] == "Gap, Inditex, Pentland"
    assert all(
        isinstance(value, int | float)
        for row in workbook["Monthly trend"].iter_rows(min_row=2, min_col=2, values_only=True)
        for value in row
    )


def test_pdf_contains_the_report_text_and_the_photos(client, ilo_staff, newsletter, download_report):
    client.force_login(ilo_staff)

    response, content = download_report(PERIOD, "pdf")

    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Taixing" in text
    assert "Hoppers instead of bags to load cables" in text
    assert "6th SCORE National Advisory Committee Meeting" in text
    embedded = {image.data for page in pdf.pages for image in page.images}
    assert len(embedded) == 8  # four improvements, before and after


def test_document_embeds_photos_so_it_stands_alone(ilo_staff, newsletter):
    with translation.override("en"):
        document = render_document(CommitteeReport(ilo_staff, ReportFilters(start=START, end=END)))

    assert document.count('src="data:image/jpeg;base64,') == 8
    assert "/media/" not in document
    assert "<link" not in document


def test_a_city_with_many_rounds_tells_the_news_and_counts_the_rest(client, ilo_staff, newsletter):
    for day in range(1, 12):
        TrainingRoundFactory(
            title=f"Extra Deyang round {day}",
            partner=newsletter.cec,
            city=newsletter.city["Deyang"],
            starts_on=datetime.date(2015, 5, day),
        )
    client.force_login(ilo_staff)

    text = text_of(client.get(REPORT, PERIOD).content.decode())

    # Twelve rounds ran in Deyang: the one launched in June is told, with nine of those running since May.
    assert "Module 1 training in Deyang" in text
    assert sum(f"Extra Deyang round {day} " in text for day in range(1, 12)) == 9
    assert "2 more training rounds ran here in the period; the workbook (XLSX) lists them all." in text


def test_a_period_without_training_or_teams_is_said_in_plain_words(client, committee_member):
    client.force_login(committee_member)

    text = text_of(client.get(REPORT, {"start": "2001-01-01", "end": "2001-03-31"}).content.decode())

    assert "No SCORE training ran from 1 January 2001 to 31 March 2001." in text
    assert "No enterprise improvement team is recorded for this period." in text
    assert "Women hold" not in text and "0 cities" not in text


def test_the_chinese_report_lists_cities_by_pinyin_with_chinese_punctuation(ilo_staff, newsletter):
    with translation.override("zh-hans"):
        document = render_document(CommitteeReport(ilo_staff, ReportFilters(start=START, end=END)))

    cities = [heading.split("，")[0] for heading in re.findall(r"<h2>([^<]+)</h2>", document) if "，" in heading]
    assert cities == sorted(cities, key=lambda name: ["重庆", "德阳", "广州", "宁波", "上海", "泰兴"].index(name))
    assert cities[0] == "重庆" and "泰兴，Jiangsu" in document
    text = text_of(document)
    assert "五家企业（鞋类、服装），为Gap、Inditex和Pentland供货" in text
    assert " ，" not in text and "(鞋类" not in text


@pytest.mark.parametrize("extra", [3, 14])
def test_a_city_with_many_events_tells_ten_and_counts_the_rest_in_constant_queries(
    client, ilo_staff, newsletter, extra, django_assert_max_num_queries
):
    deyang = newsletter.city["Deyang"]
    told_before = CommitteeReport(ilo_staff, ReportFilters(start=START, end=END)).city_sections
    events_before = next(section for section in told_before if section.city == deyang).events
    for day in range(1, extra + 1):
        EventFactory(title=f"Extra Deyang seminar {day}", city=deyang, starts_on=datetime.date(2015, 7, day))
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(63):
        text = text_of(client.get(REPORT, PERIOD).content.decode())
    with translation.override("zh-hans"):
        chinese = text_of(render_document(CommitteeReport(ilo_staff, ReportFilters(start=START, end=END))))

    events = len(events_before) + extra
    untold = max(events - 10, 0)
    assert sum(f"Extra Deyang seminar {day} " in text for day in range(1, extra + 1)) == extra - untold
    if untold:
        assert f"{untold} more events took place here in the period; the workbook (XLSX) lists them all." in text
        assert f"本期此地还举办了 {untold} 场项目活动，详见工作簿（XLSX）。" in chinese
    else:
        assert "more events took place here" not in text
