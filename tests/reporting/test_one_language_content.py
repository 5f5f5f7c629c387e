"""Content written in one language only reaches the readers of the other language in that language, marked as
such (an element with its `lang` and a subtle “Only in …” note), in the committee report."""

import pytest
from django.utils import translation

from improvements.models import Improvement
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.renderers import render_document
from tests.reporting.conftest import END, START
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db

HOPPERS = "Hoppers instead of bags to load cables"


def report(user, language):
    with translation.override(language):
        return render_document(CommitteeReport(user, ReportFilters(start=START, end=END)))


def test_an_improvement_titled_only_in_chinese_shows_in_the_english_report_marked(ilo_staff, newsletter):
    Improvement.objects.filter(title_en=HOPPERS).update(title_en="", title_zh_hans="用料斗代替编织袋装载电缆")

    document = report(ilo_staff, "en")

    assert (
        '<span lang="zh-Hans" class="text-fallback">用料斗代替编织袋装载电缆 '
        '<small class="text-fallback-marker">(Only in Chinese)</small></span>'
    ) in document


def test_a_round_described_only_in_english_shows_in_the_chinese_report_marked(ilo_staff, newsletter):
    TrainingRound.objects.filter(title_en="SCORE training launched in Taixing").update(
        title_zh_hans="", description_en="The second pilot area after Ningbo.", description_zh_hans=""
    )

    document = report(ilo_staff, "zh-hans")

    assert '<span lang="en" class="text-fallback">SCORE training launched in Taixing <small' in document
    assert '<div lang="en" class="text-fallback"><p>The second pilot area after Ningbo.</p>' in document


def test_a_text_in_both_languages_shows_in_each_report_unmarked(ilo_staff, newsletter):
    Improvement.objects.filter(title_en=HOPPERS).update(title_zh_hans="用料斗代替编织袋装载电缆")

    english, chinese = report(ilo_staff, "en"), report(ilo_staff, "zh-hans")

    assert f"<h3>{HOPPERS}</h3>" in english and "用料斗代替编织袋装载电缆" not in english
    assert "<h3>用料斗代替编织袋装载电缆</h3>" in chinese and HOPPERS not in chinese
