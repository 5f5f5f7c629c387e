"""The export for the SCORE global M&E database: queued through the API, built by the task queue over what the
user may see, as a versioned JSON file and the same sections as CSV files in one ZIP."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from dataexchange.global_export import FORMAT_VERSION, SECTIONS
from reporting.models import Job
from tests.dataexchange.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

EXPORT = "/api/exports/global/"
PERIOD = {"start": "2015-01-01", "end": "2015-12-31"}


def exported(client, user, run_queued_tasks):
    response = client.post(EXPORT, PERIOD, content_type="application/json", **bearer(make_token(user)[1]))
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
