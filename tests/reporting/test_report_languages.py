"""The committee pack reads in one language: the Chinese PDF of the summer of 2015 (demo data) holds no English
sentence from the interface or the generated text, the English one no Chinese. Content entered in one language
only is the exception, and the document marks it (an element with the other language's `lang`)."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.renderers import render_document, render_pdf

pytestmark = pytest.mark.django_db

SUMMER_2015 = ReportFilters(start=datetime.date(2015, 6, 1), end=datetime.date(2015, 8, 31))
# Three Latin words in a row make an English phrase; names such as "SCORE" or "ToT" alone do not.
ENGLISH_PHRASE = re.compile(r"[A-Za-z][\w'’&-]*(?:[ ,:;.()–-]+[A-Za-z][\w'’&-]*){2,}")
CHINESE_PHRASE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+(?:[\s\w.,:;()–-]*[\u4e00-\u9fff]+)*")


class MarkedText(HTMLParser):
    """The text inside elements marked with a language other than the document's."""

    def __init__(self, language):
        super().__init__()
        self.language, self.depth, self.parts = language, 0, []

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if self.depth or (lang and not lang.lower().startswith(self.language)):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def squeezed(text):
    return re.sub(r"\s+", "", text)


def phrases_not_marked(language, pattern):
    """The phrases of `pattern` in the PDF of the summer report in `language` that the document did not mark as
    content in the other language, with the PDF's text."""
    user = get_user_model().objects.get(username="committee")
    with translation.override(language):
        document = render_document(CommitteeReport(user, SUMMER_2015))
        pdf = render_pdf(document)
    # The document's root carries its own language: only elements inside it that say another one are marked.
    marked = MarkedText(language[:2])
    marked.feed(document.split("<body", 1)[1])
    allowed = squeezed("".join(marked.parts))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    found = {match.group().strip(" ,:;.()–-") for line in text.splitlines() for match in pattern.finditer(line)}
    return sorted(phrase for phrase in found if squeezed(phrase) not in allowed), text


@pytest.fixture
def demo_data():
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.mark.usefixtures("demo_data")
def test_the_chinese_committee_pdf_has_no_english_sentence_but_marked_content():
    english, text = phrases_not_marked("zh-hans", ENGLISH_PHRASE)

    assert "可持续竞争力和负责任企业" in text and "企业改进成果" in text
    assert english == []


@pytest.mark.usefixtures("demo_data")
def test_the_english_committee_pdf_has_no_chinese_but_marked_content():
    chinese, text = phrases_not_marked("en", CHINESE_PHRASE)

    assert "Enterprise improvement results" in text
    assert chinese == []
