"""The committee report's workbook, live and frozen, holds no formula whatever the records' titles hold."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners.models import Agreement, City, Partner
from reporting.models import FrozenReport
from tests.reporting.conftest import END, START
from tests.test_formulas import STORED_PAYLOADS, live_cells
from trainings.models import Event, TrainingRound

pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
RENAMED = [
    (City, "name"),
    (Partner, "name"),
    (Agreement, "title"),
    (Enterprise, "name"),
    (TrainingRound, "title_en"),
    (TrainingRound, "title_zh_hans"),
    (Event, "title_en"),
    (Event, "title_zh_hans"),
    (Improvement, "title_en"),
    (Improvement, "title_zh_hans"),
]


@pytest.fixture
def hostile_titles(newsletter):
    """Every name and title the report shows replaced by a formula payload (numbered, as names are unique)."""
    number = 0
    for model, field in RENAMED:
        for pk in model.objects.order_by("pk").values_list("pk", flat=True):
            payload = STORED_PAYLOADS[number % len(STORED_PAYLOADS)]
            model.objects.filter(pk=pk).update(**{field: f"{payload} {number}"})
            number += 1
    return number


def test_the_committee_workbook_holds_no_live_formula_whatever_the_titles(
    client, ilo_staff, hostile_titles, download_report
):
    client.force_login(ilo_staff)

    _response, workbook = download_report(PERIOD, "xlsx")

    assert hostile_titles > len(STORED_PAYLOADS)
    assert live_cells(workbook) == []


def test_a_frozen_workbook_holds_no_live_formula_whatever_the_titles(
    client, ilo_staff, hostile_titles, run_queued_tasks
):
    client.force_login(ilo_staff)

    client.post(reverse("reporting:freeze_report"), PERIOD)
    run_queued_tasks()
    frozen = FrozenReport.objects.get()

    for rendering in frozen.renderings.all():
        assert live_cells(bytes(rendering.xlsx)) == []
        url = reverse("reporting:frozen_xlsx", args=[frozen.pk, rendering.language])
        assert live_cells(client.get(url).content) == []


def test_a_control_character_in_a_title_does_not_break_the_workbook(client, ilo_staff, newsletter, download_report):
    TrainingRound.objects.filter(pk=newsletter.taixing.pk).update(title="Taixing\x01 Module\x1b 1")
    client.force_login(ilo_staff)

    _response, workbook = download_report(PERIOD, "xlsx")

    rounds = load_workbook(io.BytesIO(workbook))["Training rounds"]
    assert "Taixing Module 1" in [title for _city, title, *_rest in rounds.iter_rows(min_row=2, values_only=True)]
