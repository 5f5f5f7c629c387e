"""No lost update: two people open the same record, both save; the first wins, the second is
refused with the first one's change listed and their own input kept, and saves on purpose after."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from partners import roles
from partners.models import Agreement
from score_mis.versions import StaleRecordError, stale_message
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    TrainingRoundFactory,
    UserFactory,
    WorkshopFactory,
    user_with_role,
)
from trainings import services
from trainings.models import Activity, TrainingRound

pytestmark = pytest.mark.django_db

STALE = "changed this record since you opened it"


class FormReader(HTMLParser):
    """The values a browser would post back from the page's edit form, as the page shows them."""

    def __init__(self):
        super().__init__()
        self.forms, self.values, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.values = {}
            self.forms.append(self.values)
        if self.values is None or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            self.values.setdefault(attrs["name"], []).append(attrs.get("value") or ("on" if checkable else ""))
        elif tag == "select":
            self._select = attrs["name"]
            self.values.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data.removeprefix("\n") if not self.values[self._textarea][0] else data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.values = None

    def edit_form(self):
        """The values of the form that carries a version (pages also hold sign-out and language forms)."""
        (values,) = [form for form in self.forms if "version" in form]
        values = {name: (found[0] if len(found) == 1 else found) for name, found in values.items()}
        values.pop("_continue", None)
        values.pop("_addanother", None)
        return values


def opened_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return opened_values_from(response)


@pytest.fixture
def colleague(partner):
    """A second coordinator of the same partner, editing the same records at the same time."""
    return user_with_role(roles.PARTNER_COORDINATOR, partner)


def _enterprise(partner):
    return EnterpriseFactory(recruited_by=partner, name="Taixing Valve Works")


def _round(partner):
    return TrainingRoundFactory(partner=partner, title="Ningbo Module 2")


def record_round(partner):
    training_round = _round(partner)
    return training_round, reverse("trainings:round_update", args=[training_round.pk]), "title_en", "description_en"


def record_workshop(partner):
    workshop = WorkshopFactory(round=_round(partner), notes="")
    AttendanceFactory(activity=workshop, enterprise=EnrollmentFactory(round=workshop.round).enterprise)
    return workshop, reverse("trainings:activity_update", args=[workshop.pk]), "date", "notes_en"


def record_visit(partner):
    enrollment = EnrollmentFactory(round=_round(partner))
    visit = WorkshopFactory(round=enrollment.round, kind=Activity.Kind.FACTORY_VISIT, enterprise=enrollment.enterprise)
    return visit, reverse("trainings:activity_update", args=[visit.pk]), "date", "notes_en"


def record_enrollment(partner):
    enrollment = EnrollmentFactory(round=_round(partner))
    return enrollment, reverse("trainings:enrollment_update", args=[enrollment.pk]), "enrolled_on", "baseline_done"


def record_enterprise(partner):
    enterprise = _enterprise(partner)
    return enterprise, reverse("enterprises:enterprise_update", args=[enterprise.pk]), "name_en", "workforce_total"


def record_improvement_team(partner):
    team = ImprovementTeamFactory(enterprise=_enterprise(partner))
    url = reverse("enterprises:improvement_team_update", args=[team.enterprise.pk])
    return team, url, "female_managers", "male_workers"


def record_measurement(partner):
    measurement = MeasurementFactory(enterprise=_enterprise(partner), note="")
    return measurement, reverse("enterprises:measurement_update", args=[measurement.pk]), "value", "note_en"


def record_improvement(partner):
    improvement = ImprovementFactory(enterprise=_enterprise(partner), description="")
    url = reverse("improvements:improvement_update", args=[improvement.pk])
    return improvement, url, "title_en", "description_en"


def admin_round(partner):
    training_round = _round(partner)
    return (
        training_round,
        reverse("admin:trainings_traininground_change", args=[training_round.pk]),
        "title_en",
        "description_en",
    )


def admin_enterprise(partner):
    enterprise = _enterprise(partner)
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    return enterprise, url, "name_en", "workforce_total"


EDIT_VALUES = {
    "title_en": ("Ningbo Module 2 (autumn)", "Ningbo Module 2 (winter)"),
    "description_en": ("Reworked agenda", "Trainers from Hangzhou"),
    "date": ("2015-06-11", "2015-06-12"),
    "notes_en": ("Moved one day", "Projector was missing"),
    "enrolled_on": ("2015-06-02", "2015-06-03"),
    "baseline_done": (None, "on"),
    "name_en": ("Taixing Valve Works Ltd", "Taixing Valves"),
    "workforce_total": ("310", "320"),
    "female_managers": ("5", "6"),
    "male_workers": ("7", "8"),
    "value": ("3.5", "3.25"),
    "note_en": ("Checked twice", "From the quality office"),
}

EDITED_RECORDS = [
    record_round,
    record_workshop,
    record_visit,
    record_enrollment,
    record_enterprise,
    record_improvement_team,
    record_measurement,
    record_improvement,
]


def _edit(values, field, value):
    values = dict(values)
    if value is None:
        values.pop(field, None)
    else:
        values[field] = value
    return values


@pytest.mark.parametrize("record", EDITED_RECORDS + [admin_round, admin_enterprise], ids=lambda r: r.__name__)
def test_second_of_two_concurrent_edits_is_refused_with_the_first_change_shown_and_input_kept(
    client, coordinator, colleague, partner, record
):
    instance, url, first_field, second_field = record(partner)
    if url.startswith("/admin/"):
        first = second = UserFactory(username="admin", is_staff=True, is_superuser=True)
    else:
        first, second = coordinator, colleague
    second_client = type(client)()
    client.force_login(first)
    second_client.force_login(second)
    first_form, second_form = opened_form(client, url), opened_form(second_client, url)
    read_version = instance.version
    assert posted_version(second_form) == read_version

    first_value = EDIT_VALUES[first_field][0]
    assert client.post(url, _edit(first_form, first_field, first_value)).status_code == 302
    second_value = EDIT_VALUES[second_field][1]
    refused = second_client.post(url, _edit(second_form, second_field, second_value))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    field_label = str(type(instance)._meta.get_field(first_field).verbose_name)
    assert field_label in page  # what the other person changed, by name
    if second_value != "on":
        assert second_value in page  # the user's own input is still in the form
    instance.refresh_from_db()
    assert as_posted(getattr(instance, first_field)) == first_value  # the first save was not lost

    resubmitted = opened_values_from(refused)
    assert posted_version(resubmitted) == read_version + 1  # the form now carries the current version
    assert second_client.post(url, _edit(resubmitted, second_field, second_value)).status_code == 302
    instance.refresh_from_db()
    assert instance.version == read_version + 2


def posted_version(values):
    return int(values["version"].split(":")[0])  # the admin signs it: "<version>:<signature>"


def as_posted(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)


def opened_values_from(response):
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.edit_form()


@pytest.mark.parametrize("record", EDITED_RECORDS, ids=lambda r: r.__name__)
def test_a_single_edit_saves_and_bumps_the_version(client, coordinator, partner, record):
    instance, url, field, _other = record(partner)
    client.force_login(coordinator)
    before = instance.version

    response = client.post(url, _edit(opened_form(client, url), field, EDIT_VALUES[field][0]))

    assert response.status_code == 302
    instance.refresh_from_db()
    assert instance.version == before + 1


def test_a_form_without_the_version_is_refused_not_saved_blind(client, coordinator, partner):
    training_round, url, _field, _other = record_round(partner)
    client.force_login(coordinator)
    values = _edit(opened_form(client, url), "title", "Blind overwrite")
    del values["version"]

    response = client.post(url, values)

    assert response.status_code == 200
    training_round.refresh_from_db()
    assert training_round.title == "Ningbo Module 2"


def test_a_change_landing_between_the_form_check_and_the_save_is_refused_by_the_guarded_update(partner, coordinator):
    training_round = _round(partner)
    meanwhile = TrainingRound.objects.get(pk=training_round.pk)
    meanwhile.title = "Saved by someone else"
    meanwhile.save()

    with pytest.raises(StaleRecordError, match=STALE) as refused:
        services.round_update(
            user=coordinator,
            round=training_round,
            **{
                f: getattr(training_round, f)
                for f in ("partner", "module", "city", "phase", "starts_on", "kind", "status")
            },
            title="Mine",
        )

    assert "Saved by someone else" in refused.value.messages[0]
    assert refused.value.current_version == meanwhile.version
    assert TrainingRound.objects.get(pk=training_round.pk).title == "Saved by someone else"


def test_history_rows_keep_the_version_of_the_record_they_copy(partner):
    enterprise = _enterprise(partner)
    enterprise.name = "Renamed"
    enterprise.save()
    enterprise.name = "Renamed again"
    enterprise.save()

    versions = list(enterprise.history.order_by("history_id").values_list("version", flat=True))

    assert versions == [1, 2, 3]
    assert Enterprise.objects.get(pk=enterprise.pk).version == 3


def test_the_stale_message_names_the_change_by_verbose_name_with_old_and_new_values(partner):
    enterprise = _enterprise(partner)
    read_version = enterprise.version
    enterprise.workforce_total = 999
    enterprise.save()

    message = stale_message(Enterprise, enterprise.pk, read_version)

    assert f"{Enterprise._meta.get_field('workforce_total').verbose_name}: 200 → 999" in message


def test_a_stale_row_of_an_admin_inline_is_refused_with_the_other_change_shown(client, partner):
    agreement = AgreementFactory(partner=partner, title="MoU with CEC", scope="")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    opened = opened_form(client, url)
    (row,) = [name.removesuffix("-title_en") for name, value in opened.items() if value == "MoU with CEC"]
    assert posted_version({"version": opened[f"{row}-version"]}) == agreement.version  # each row posts its own
    meanwhile = Agreement.objects.get(pk=agreement.pk)
    meanwhile.title = "MoU with CEC (renewed)"
    meanwhile.save()

    refused = client.post(url, {**opened, f"{row}-scope_en": "Phase II"})

    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert "MoU with CEC (renewed)" in refused.content.decode()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.scope) == ("MoU with CEC (renewed)", "")
