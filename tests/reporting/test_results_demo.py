"""The demo's Phase II logframe and the committee report of the summer of 2015 with its targets,
narrative, brochure and testimonial: each said once."""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from demo import newsletter
from reporting.framework import ProgrammePhase

pytestmark = pytest.mark.django_db

SUMMER_2015 = {"start": "2015-06-01", "end": "2015-08-31"}
NINE_ROWS = [
    "Institutions embedding SCORE in their services",
    "Share of training cost paid from non-ILO money",
    "National institutions or multinationals paying for SCORE services",
    "National centre of excellence",
    "Clusters (pilot areas) selected",
    "MoUs signed with partners",
    "Staff of implementing agencies trained",
    "Business plans developed by implementing agencies",
    "National expert trainers",
]


def visible_text(markup):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture
def demo_client(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="committee"))
    return client


def test_demo_logframe_has_the_nine_rows_each_with_a_target_and_an_actual(demo_client):
    phase = ProgrammePhase.objects.get(code="II")

    logframe = demo_client.get(reverse("reporting:results"), {"phase": phase.pk}).context["logframe"]

    rows = {row.indicator.name: row for row in logframe.rows}
    assert sorted(rows) == sorted(NINE_ROWS)
    assert all(row.target is not None and row.actual is not None for row in rows.values())
    staff_trained = rows["Staff of implementing agencies trained"]
    assert (staff_trained.target.target, staff_trained.target.female_share) == (35, 60)
    assert (staff_trained.actual, staff_trained.female_share) == (36, 56)
    # Computed from the demo records: four agreements signed since 2013, four expert trainers.
    assert rows["MoUs signed with partners"].actual == 4
    assert rows["National expert trainers"].actual == 4
    assert rows["Share of training cost paid from non-ILO money"].actual == 43.4


def test_demo_results_page_in_chinese_uses_the_chinese_names(demo_client):
    markup = demo_client.get(reverse("reporting:results"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "非国际劳工组织资金支付的培训费用比例" in markup
    assert "Share of training cost paid from non-ILO money" not in markup


def test_summer_committee_report_states_targets_narrative_brochure_and_comment_once_each(demo_client):
    markup = demo_client.get(reverse("reporting:committee_report"), SUMMER_2015).content.decode()
    text = visible_text(markup)

    summary = text[text.index("Executive summary") : text.index("Chongqing ToT Module 1, 2015")]
    assert "Key figures against targets" in summary
    assert "Share of training cost paid from non-ILO money 43.4 % 43.4 % 40 % 108.5 % On track" in summary
    assert "MoUs signed with partners 2 4 5 80 % At risk" in summary
    once = [
        newsletter.NARRATIVE["executive_summary_en"],
        newsletter.NARRATIVE["challenges_en"],
        newsletter.NARRATIVE["next_steps_en"],
        newsletter.CONTENT_ITEMS[0]["title_en"],
        "It is a management approach embodied with human-oriented values.",
        "On 28 July, the agreement",
        *NINE_ROWS,
    ]
    assert {fact: text.count(fact) for fact in once} == dict.fromkeys(once, 1)
    # The cost share is a key figure: the headline table does not give it again as "cost recovery".
    assert text.lower().count("training cost paid from non-ilo money") == 1
    assert "Launch of the ILO-ETI pilot supplier training" not in text  # the round's launch tells it
    assert "Signing of the implementation agreement" not in text  # the agreement tells it


def test_summer_committee_report_in_chinese_has_the_chinese_narrative(demo_client):
    markup = demo_client.get(
        reverse("reporting:committee_report"), SUMMER_2015, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert newsletter.NARRATIVE["executive_summary_zh_hans"] in markup
    assert "新版SCORE宣传册" in markup
    assert newsletter.NARRATIVE["executive_summary_en"] not in markup


def test_frozen_summer_report_keeps_the_narrative_and_the_logframe(demo_client, run_queued_tasks):
    from reporting.models import FrozenReport

    demo_client.force_login(get_user_model().objects.get(username="ilo.staff"))
    demo_client.post(reverse("reporting:freeze_report"), SUMMER_2015)
    run_queued_tasks()
    frozen = FrozenReport.objects.get().renderings.get(language="en")

    assert newsletter.NARRATIVE["executive_summary_en"] in frozen.html
    titles = [table["title"] for table in frozen.figures["tables"]]
    assert {"Key figures against targets", "Logframe, phase to date", "Narrative"} <= set(titles)
