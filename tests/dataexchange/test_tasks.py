"""Spreadsheet imports of more rows than are checked within a request: the upload queues the check, the progress page
leads to the usual preview, and confirming queues the import (all rows or none, once, summaries kept exact)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Sum
from django.urls import reverse

from dataexchange import tasks
from dataexchange.models import SpreadsheetImport, StagedImport
from enterprises.models import Enterprise
from improvements.models import ImprovementDay
from partners import roles
from reporting import summaries
from reporting.job_services import job_start
from reporting.models import Job
from tests.dataexchange.conftest import xlsx_bytes
from tests.dataexchange.test_views import HEADERS, upload
from tests.factories import CityFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

IMPROVEMENT_HEADERS = ["enterprise", "enterprise_city", "title", "module", "category", "implemented_on"]


@pytest.fixture(autouse=True)
def three_rows_in_a_request(monkeypatch):
    monkeypatch.setattr(tasks, "IMPORT_IN_REQUEST_ROWS", 3)


def enterprise_rows(count, city="Deyang"):
    return [[f"Enterprise {n}", city, "electrical", "CEC", 10, 1] for n in range(count)]


def job_of(response):
    job = Job.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    assert response.url == job.get_absolute_url()
    return job


def checked(client, run_queued_tasks, kind, data):
    """Upload a large file and run its check; returns the finished check job."""
    job = job_of(upload(client, kind, data))
    assert job.status == Job.Status.QUEUED
    run_queued_tasks()
    job.refresh_from_db()
    return job


def confirm(client, job):
    return client.post(job.result_url + "confirm/")


def test_a_large_file_is_checked_then_imported_by_tasks_keeping_the_summaries_exact(
    client, coordinator, partner, deyang, run_queued_tasks
):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    rows = [["Deyang Cable Co", "Deyang", f"Shelf {n}", "1", "osh", "2015-07-20"] for n in range(4)]
    client.force_login(coordinator)

    check = checked(client, run_queued_tasks, "improvements", xlsx_bytes([IMPROVEMENT_HEADERS, *rows]))
    assert check.status == Job.Status.DONE
    assert f'href="{check.result_url}"' in client.get(check.get_absolute_url()).content.decode()
    preview = client.get(check.result_url)
    assert [row.status for row in preview.context["outcome"].rows] == ["new"] * 4
    assert "Confirm the import" in preview.content.decode()
    assert not ImprovementDay.objects.exists()

    writing = job_of(confirm(client, check))
    assert writing.title == "Import of rows.xlsx"
    run_queued_tasks()

    writing.refresh_from_db()
    assert writing.status == Job.Status.DONE
    assert writing.result_url == reverse("improvements:improvement_list")
    assert summaries.differences() == []
    assert ImprovementDay.objects.aggregate(total=Sum("improvements"))["total"] == 4
    assert SpreadsheetImport.objects.get().created == 4
    notice = "rows.xlsx imported: 4 new, 0 updated, 0 unchanged."
    assert writing.result_note == notice
    assert notice in client.get(reverse("home")).content.decode()
    assert client.get(check.result_url).status_code == 404


def test_a_large_file_with_one_bad_row_shows_the_row_and_writes_nothing(
    client, coordinator, partner, deyang, run_queued_tasks
):
    client.force_login(coordinator)
    rows = [*enterprise_rows(3), ["Bad Co", "Dyang", "machinery", "CEC", 3, 1]]

    check = checked(client, run_queued_tasks, "enterprises", xlsx_bytes([HEADERS, *rows]))
    preview = client.get(check.result_url).content.decode()
    refused = job_of(confirm(client, check))
    run_queued_tasks()

    assert "No city “Dyang” is recorded in SCORE MIS." in preview
    assert "Confirm the import" not in preview
    refused.refresh_from_db()
    assert refused.status == Job.Status.FAILED
    assert not Enterprise.objects.exists() and not SpreadsheetImport.objects.exists()


def test_rows_that_went_wrong_since_the_check_fail_the_import_and_link_to_their_problems(
    client, coordinator, partner, run_queued_tasks
):
    mianyang = CityFactory(name="Mianyang")
    client.force_login(coordinator)
    check = checked(client, run_queued_tasks, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4, "Mianyang")]))
    mianyang.delete()

    job = job_of(confirm(client, check))
    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Nothing was imported: some rows have problems now.")
    assert job.result_url == check.result_url
    assert f'href="{check.result_url}">See why</a>' in client.get(job.get_absolute_url()).content.decode()
    assert "No city “Mianyang” is recorded in SCORE MIS." in client.get(job.result_url).content.decode()
    assert not Enterprise.objects.exists()


def test_another_coordinator_cannot_reach_the_job_the_staged_file_or_its_preview(
    client, coordinator, outsider, partner, deyang, run_queued_tasks
):
    client.force_login(coordinator)
    check = checked(client, run_queued_tasks, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4)]))
    client.force_login(outsider)

    assert client.get(check.get_absolute_url()).status_code == 404
    assert client.get(check.result_url).status_code == 404
    assert confirm(client, check).status_code == 404
    assert list(Job.objects.values_list("pk", flat=True)) == [check.pk]
    assert not Enterprise.objects.exists()


def test_a_file_waiting_for_its_check_has_no_preview_and_cannot_be_confirmed(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    job = job_of(upload(client, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4)])))
    preview_url = reverse("dataexchange:import_preview", args=["enterprises", job.params["token"]])

    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url + "confirm/").status_code == 404
    assert StagedImport.objects.get().imported_at is None


def test_confirming_a_large_file_twice_queues_one_import_and_imports_once(
    client, coordinator, partner, deyang, run_queued_tasks
):
    client.force_login(coordinator)
    check = checked(client, run_queued_tasks, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4)]))

    first, second = confirm(client, check), confirm(client, check)
    run_queued_tasks()
    third = client.post(check.result_url + "confirm/", follow=True)

    assert first.url == second.url
    assert "This file was already imported: it is imported only once." in third.content.decode()
    assert (Enterprise.objects.count(), SpreadsheetImport.objects.count()) == (4, 1)


def test_a_second_import_task_of_the_same_file_finds_it_imported(
    client, coordinator, partner, deyang, run_queued_tasks
):
    client.force_login(coordinator)
    check = checked(client, run_queued_tasks, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4)]))
    params = {"kind": "enterprises", "token": check.params["token"], "confirm": True}
    jobs = [
        job_start(user=coordinator, title="Import", task=tasks.spreadsheet_import_confirm, params=params)
        for _ in range(2)
    ]

    run_queued_tasks()

    for job in jobs:
        job.refresh_from_db()
    assert sorted(job.status for job in jobs) == [Job.Status.DONE, Job.Status.FAILED]
    assert "This file was already imported: it is imported only once." in [job.error for job in jobs]
    assert (Enterprise.objects.count(), SpreadsheetImport.objects.count()) == (4, 1)


def test_the_check_task_refuses_a_user_who_may_no_longer_import(client, coordinator, partner, deyang, run_queued_tasks):
    client.force_login(coordinator)
    job = job_of(upload(client, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(4)])))
    Group.objects.get(name=roles.PARTNER_COORDINATOR).permissions.remove(
        Permission.objects.get(codename="import_records")
    )

    run_queued_tasks()

    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "You may no longer import these records.")
    assert StagedImport.objects.get().outcome is None


def test_a_large_file_with_wrong_headers_is_refused_on_the_upload_form(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "enterprises", xlsx_bytes([["name", "name"], *[[f"E{n}", "x"] for n in range(5)]]))

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Job.objects.exists() and not StagedImport.objects.exists()


def test_a_file_within_the_limit_is_still_checked_and_imported_in_the_request(client, coordinator, partner, deyang):
    client.force_login(coordinator)

    uploaded = upload(client, "enterprises", xlsx_bytes([HEADERS, *enterprise_rows(3)]))
    confirmed = client.post(uploaded.url + "confirm/", follow=True)

    assert "/enterprises/import/" in uploaded.url
    assert "rows.xlsx imported: 3 new, 0 updated, 0 unchanged." in confirmed.content.decode()
    assert Enterprise.objects.count() == 3
    assert not Job.objects.exists()
