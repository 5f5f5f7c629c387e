"""The committee report for the summer of the demo year reads like the SCORE China newsletter."""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

SUMMER_2015 = {"start": "2015-06-01", "end": "2015-08-31"}

NEWSLETTER_FACTS = [
    # Guangzhou: ILO-BSCI supplier training on Module 5 completed in July
    "From 6 July to 31 July, Business Social Compliance Initiative ran and completed Module 5 (OSH) training",
    "Its completion marks the end of the pilot ILO-BSCI Supplier Training",
    # Taixing: launched on 20 August with five enterprises under CEC, second pilot area after Ningbo
    "On 20 August, China Enterprise Confederation launched Module 1 (Workplace cooperation) training",
    "for five enterprises",
    "the second pilot area after Ningbo",
    # Shanghai: ILO-ETI pilot on 29 August, five garment and footwear factories for three brands
    "On 29 August, Ethical Trading Initiative launched Module 1",
    "five enterprises (footwear, garments) supplying Gap, Inditex and Pentland Brands",
    # Deyang: four machinery manufacturers in Module 1 with factory visits
    "Four machinery manufacturers in Module 1 since June, with factory visits",
    # Chongqing: agreement on 28 July, new ToT and ToE
    "On 28 July, the agreement “Implementation agreement on SCORE in Chongqing, Phase II” was signed",
    "Training of trainers (ToT)",
    "Chongqing ToE Module 1, 2015",
    # Deyang cable manufacturer's improvements with the hopper saving
    "Shelves for the water dispenser and cups",
    "Protective shield at the wrapping machine",
    "Hoppers instead of bags to load cables",
    "Tool racks at the fitter's workstation",
    "together they save 13,000 RMB a year",
    # Upcoming key activities
    "2–3 September, Xining: ILO-ACFTU Seminar on Promoting Green Employment",
    "4–5 September, Deyang: Deyang Module 5 ToE, 2015",
    "31 October, Beijing: 6th SCORE National Advisory Committee Meeting",
]


def visible_text(markup):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture
def committee_client(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="committee"))
    return client


def test_summer_report_mentions_every_newsletter_item(committee_client):
    markup = committee_client.get(reverse("reporting:committee_report"), SUMMER_2015).content.decode()
    text = visible_text(markup)

    assert [fact for fact in NEWSLETTER_FACTS if fact not in text] == []
    assert (markup.count('alt="Before: '), markup.count('alt="After: ')) == (4, 4)


def test_summer_report_pdf_has_the_newsletter_items_and_the_eight_photos(committee_client, download_report):
    _response, content = download_report(SUMMER_2015, "pdf")
    pdf = PdfReader(io.BytesIO(content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))

    for fact in ["13,000 RMB", "Taixing", "Gap, Inditex and Pentland", "28 July", "National Advisory Committee"]:
        assert fact in text
    photos = {image.data for page in pdf.pages for image in page.images}  # pages share one resource dictionary
    assert len(photos) == 8
