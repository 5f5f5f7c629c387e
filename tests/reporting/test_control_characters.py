"""A title holding control characters, whichever way it arrives (the staff page, the admin, a spreadsheet, the
API), is stored without them, so the committee workbook and the freeze keep working for everyone."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners import roles
from partners.models import City, Partner
from reporting.models import FrozenReport
from tests.dataexchange.api.conftest import bearer, make_token
from tests.dataexchange.conftest import csv_bytes, run_import
from tests.factories import UserFactory, module, user_with_role
from tests.reporting.test_renderers import PERIOD
from tests.test_formulas import live_cells
from tests.test_versions import opened_form
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db

HOSTILE = '\x07=HYPERLINK("http://evil.example","Click")\x1b'
CLEANED = '=HYPERLINK("http://evil.example","Click")'
MULTI_LINE = "One\x0b\r\ntwo\u202e"


@pytest.fixture
def cec_coordinator(newsletter):
    return user_with_role(roles.PARTNER_COORDINATOR, Partner.objects.get(code="CEC"))


def through_the_staff_form(client, newsletter, coordinator):
    training_round = newsletter.taixing
    url = reverse("trainings:round_update", args=[training_round.pk])
    client.force_login(coordinator)
    values = {**opened_form(client, url), "title_en": f"{HOSTILE} Taixing", "description_en": MULTI_LINE}
    assert client.post(url, values).status_code == 302
    return TrainingRound.objects.get(pk=training_round.pk)


def through_the_admin(client, newsletter, coordinator):
    training_round = newsletter.guangzhou
    url = reverse("admin:trainings_traininground_change", args=[training_round.pk])
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    values = {**opened_form(client, url), "title_en": f"{HOSTILE} Guangzhou", "description_en": MULTI_LINE}
    assert client.post(url, values).status_code == 302
    return TrainingRound.objects.get(pk=training_round.pk)


def through_an_import(client, newsletter, coordinator):
    rows = [
        ["title", "partner", "module", "city", "phase", "starts_on", "description"],
        [f"{HOSTILE}\n Imported", "CEC", 1, "Taixing", "II", "2015-07-01", MULTI_LINE],
    ]
    assert run_import(coordinator, "rounds", csv_bytes(rows), "rounds.csv").written
    return TrainingRound.objects.get(title__endswith="Imported")


def through_the_api(client, newsletter, coordinator):
    body = {
        "title_en": f"{HOSTILE}\tSent",
        "partner": Partner.objects.get(code="CEC").pk,
        "module": module(1).pk,
        "city": City.objects.get(name_en="Taixing").pk,
        "kind": TrainingRound.Kind.TOE,
        "status": TrainingRound.Status.PLANNED,
        "phase": "II",
        "starts_on": "2015-07-02",
        "cost_total": "0",
        "cost_non_ilo": "0",
        "description_en": MULTI_LINE,
    }
    response = client.post(
        reverse("api:rounds-list"), body, content_type="application/json", **bearer(make_token(coordinator)[1])
    )
    assert response.status_code == 201, response.json()
    return TrainingRound.objects.get(pk=response.json()["id"])


CHANNELS = {
    through_the_staff_form: "Taixing",
    through_the_admin: "Guangzhou",
    through_an_import: "Imported",
    through_the_api: "Sent",
}


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda channel: channel.__name__)
def test_a_round_title_with_control_characters_is_stored_without_them(client, newsletter, cec_coordinator, channel):
    stored = channel(client, newsletter, cec_coordinator)

    assert stored.title == f"{CLEANED} {CHANNELS[channel]}"  # a line break or tab in a one-line title is a space
    assert stored.description.replace("\r\n", "\n") == "One\ntwo"  # a multi-line text keeps its line breaks


def test_the_committee_workbook_and_the_freeze_work_after_titles_sent_with_control_characters(
    client, newsletter, cec_coordinator, ilo_staff, download_report, run_queued_tasks
):
    stored = [channel(client, newsletter, cec_coordinator) for channel in CHANNELS]
    client.force_login(ilo_staff)

    _response, workbook = download_report(PERIOD, "xlsx")
    frozen_asked = client.post(reverse("reporting:freeze_report"), PERIOD)
    run_queued_tasks()

    rounds = load_workbook(io.BytesIO(workbook))["Training rounds"]
    titles = [title for _city, title, *_rest in rounds.iter_rows(min_row=2, values_only=True)]
    assert {"'" + training_round.title for training_round in stored} <= set(titles)  # text, not formulas
    assert live_cells(workbook) == []
    assert frozen_asked.status_code == 302
    frozen = FrozenReport.objects.get()
    for rendering in frozen.renderings.all():
        response = client.get(reverse("reporting:frozen_xlsx", args=[frozen.pk, rendering.language]))
        assert response.status_code == 200
        assert live_cells(response.content) == []
