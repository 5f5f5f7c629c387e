"""The export for the SCORE global M&E database: queued through the API, built by the task queue over what the
user may see, as a versioned JSON file and the same sections as CSV files in one ZIP."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from dataexchange.global_export import FORMAT_VERSION, SECTIONS
from reporting.models import Job
from tests.dataexchange.api.conftest import bearer, make_token, populate
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/exports/global/"
PERIOD = {"start": "2015-01-01", "end": "2015-12-31"}


def exported(client, user, run_queued_tasks, **chosen):
    response = client.post(EXPORT, {**PERIOD, **chosen}, content_type="application/json", **bearer(make_token(user)[1]))
    assert response.status_code == 202, response.json()
    run_queued_tasks()
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == Job.Status.DONE, job.error
    return response.json(), zipfile.ZipFile(io.BytesIO(job.result_file.read()))


def test_export_is_a_versioned_json_with_csv_files_of_the_same_sections(client, owned, owner, run_queued_tasks):
    answer, bundle = exported(client, owner, run_queued_tasks)

    export = json.loads(bundle.read("score-china.json"))
    assert answer["status_url"].endswith(reverse("reporting:job_detail", args=[answer["job"]]))
    assert (export["format"], export["format_version"], export["country"]) == ("score-global-me", FORMAT_VERSION, "CN")
    assert export["period"] == PERIOD
    assert [row["id"] for row in export["enterprises"]] == [owned["enterprises"].pk]
    assert [row["id"] for row in export["rounds"]] == [owned["rounds"].pk]
    assert export["improvements"][0]["annual_saving_rmb"] is not None
    assert "photos" not in export["improvements"][0]
    assert set(bundle.namelist()) == {"score-china.json", "results.csv", *(f"{name}.csv" for name in SECTIONS)}
    enterprises_csv = bundle.read("enterprises.csv").decode("utf-8-sig").splitlines()
    assert enterprises_csv[0].startswith("id,name_en,name_zh_hans,city")
    assert len(enterprises_csv) == 2


def test_export_holds_only_what_the_user_may_see(client, owned, outsider, run_queued_tasks):
    export = json.loads(exported(client, outsider, run_queued_tasks)[1].read("score-china.json"))

    assert all(export[name] == [] for name in SECTIONS if name != "partners")
    assert owned["partners"].pk not in [row["id"] for row in export["partners"]]


def test_export_needs_a_valid_period(client, owned, owner):
    secret = make_token(owner)[1]

    missing = client.post(EXPORT, {"start": "2015-01-01"}, content_type="application/json", **bearer(secret))
    backwards = client.post(
        EXPORT, {"start": "2015-01-01", "end": "2014-01-01"}, content_type="application/json", **bearer(secret)
    )

    assert missing.status_code == 400
    assert "end" in missing.json()
    assert backwards.status_code == 400
    assert "end" in backwards.json()
    assert not Job.objects.exists()


def test_export_is_refused_to_anonymous_callers(client):
    assert client.post(EXPORT, PERIOD, content_type="application/json").status_code == 401


def test_ilo_staff_export_one_partner_or_one_city(client, owned, staff, run_queued_tasks):
    other = populate(PartnerFactory(code="ELSE"), 1)[0]
    secret = make_token(staff)[1]
    exports = {}
    for name, chosen in (("partner", {"partner": owned["partners"].pk}), ("city", {"city": other["rounds"].city_id})):
        response = client.post(EXPORT, {**PERIOD, **chosen}, content_type="application/json", **bearer(secret))
        assert response.status_code == 202, response.json()
        run_queued_tasks()
        job = Job.objects.get(pk=response.json()["job"])
        exports[name] = json.loads(zipfile.ZipFile(io.BytesIO(job.result_file.read())).read("score-china.json"))

    by_partner, by_city = exports["partner"], exports["city"]
    assert (by_partner["partner"], by_partner["city"]) == ("OWN", None)
    assert [row["id"] for row in by_partner["rounds"]] == [owned["rounds"].pk]
    assert [row["id"] for row in by_partner["enterprises"]] == [owned["enterprises"].pk]
    assert [row["id"] for row in by_partner["measurements"]] == [owned["measurements"].pk]
    assert [row["id"] for row in by_city["rounds"]] == [other["rounds"].pk]
    assert [row["id"] for row in by_city["activities"]] == [other["activities"].pk]
    assert by_city["city"] == other["rounds"].city.name


def test_a_coordinator_may_choose_only_a_partner_of_theirs(client, owned, owner, run_queued_tasks):
    other = PartnerFactory(code="ELSE")
    secret = make_token(owner)[1]

    refused = client.post(EXPORT, {**PERIOD, "partner": other.pk}, content_type="application/json", **bearer(secret))
    answer, bundle = exported(client, owner, run_queued_tasks, partner=owned["partners"].pk)

    assert refused.status_code == 400 and "partner" in refused.json()
    export = json.loads(bundle.read("score-china.json"))
    assert [row["id"] for row in export["rounds"]] == [owned["rounds"].pk]
    assert Job.objects.get(pk=answer["job"]).params["partner"] == owned["partners"].pk
