"""The staff app's spreadsheet pages: templates, the upload → preview → confirm flow, and exports from lists."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from dataexchange import services, staging
from dataexchange.models import SpreadsheetImport
from enterprises.models import Enterprise
from partners import roles
from partners.models import Partner
from reporting.models import Job
from tests.dataexchange.conftest import csv_bytes, xlsx_bytes, xlsx_rows
from tests.factories import (
    AttendanceFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MeasurementFactory,
    PartnerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
)
from tests.test_formulas import STORED_PAYLOADS, live_cells, live_csv_cells
from trainings.models import TrainingRound

pytestmark = pytest.mark.django_db

KINDS = ["enterprises", "measurements", "rounds", "enrollments", "attendance", "improvements"]
HEADERS = ["name", "city", "sector", "recruited_by", "workforce_total", "workforce_female"]


def upload(client, kind, data, name="rows.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("dataexchange:import_upload", args=[kind]), {"file": file})


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.getvalue()


def preview_token(response):
    return re.search(r"/import/([A-Za-z0-9_-]{32})/$", response.url).group(1)


@pytest.fixture
def staged_by_coordinator(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    response = upload(
        client, "enterprises", xlsx_bytes([HEADERS, ["Deyang Cable Co", "Deyang", "electrical", "CEC", 320, 150]])
    )
    client.logout()
    return preview_token(response)


def test_the_spreadsheet_page_offers_templates_and_exports_and_imports_to_those_who_may(client, coordinator, viewer):
    client.force_login(viewer)
    for_viewer = client.get(reverse("dataexchange:index")).content.decode()
    client.force_login(coordinator)
    for_coordinator = client.get(reverse("dataexchange:index")).content.decode()

    assert reverse("dataexchange:template", args=["attendance"]) in for_viewer
    assert reverse("dataexchange:export", args=["rounds", "csv"]) in for_viewer
    assert reverse("dataexchange:import_upload", args=["rounds"]) not in for_viewer
    assert reverse("dataexchange:import_upload", args=["rounds"]) in for_coordinator


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_has_headers_one_example_row_and_notes_on_every_column(client, coordinator, kind):
    client.force_login(coordinator)

    response = client.get(reverse("dataexchange:template", args=[kind]))

    rows, notes = xlsx_rows(response.content), xlsx_rows(response.content, sheet=1)
    headers = rows[0]
    assert len(rows) == 2 and all(header for header in headers)
    noted = [
        row[0]
        for row in notes[
            notes.index(["Column", "Also accepted", "Required", "What it holds", "Allowed values", "Example"]) + 1 :
        ]
    ]
    assert noted == headers
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.xlsx"'


def test_the_template_is_in_the_users_language_and_notes_give_the_other(client, coordinator, settings):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    content = client.get(reverse("dataexchange:template", args=["enterprises"])).content

    assert xlsx_rows(content)[0][:3] == ["企业名称（英语）", "城市", "企业名称（中文）"]
    assert xlsx_rows(content, sheet=1)[9][:2] == ["企业名称（英语）", "Enterprise name (English)"]


def test_the_template_lists_allowed_values_and_coordinators_get_no_review_columns(client, coordinator):
    client.force_login(coordinator)

    content = client.get(reverse("dataexchange:template", args=["improvements"])).content

    headers = xlsx_rows(content)[0]
    notes = {row[0]: row for row in xlsx_rows(content, sheet=1)}
    assert "Status" not in headers and "Enterprise city" in headers
    assert notes["Category"][4].startswith("One of: cooperation (Workplace cooperation); quality (Quality)")
    assert notes["Gender-responsive"][4] == "yes or no (是/否, true/false, y/n and 1/0 also work)."
    assert notes["Enterprise"][2] == "Yes"


@pytest.mark.parametrize("kind", KINDS)
def test_a_filled_in_template_imports(client, ilo_staff, partner, kind):
    deyang = CityFactory(name="Deyang")
    CityFactory(name="Taixing")
    enterprise = EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    TrainingRoundFactory(title="Taixing Module 1", partner=partner, city=deyang).enrollments.create(
        enterprise=enterprise, enrolled_on="2015-08-01"
    )
    client.force_login(ilo_staff)
    template = client.get(reverse("dataexchange:template", args=[kind])).content

    response = upload(client, kind, xlsx_bytes(xlsx_rows(template)))
    preview = client.get(response.url)

    assert preview.context["outcome"].is_valid, preview.context["outcome"]


def test_coordinator_uploads_checks_and_confirms_an_import(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    data = csv_bytes(
        [
            ["企业名称", "城市", "行业", "招募合作伙伴代码", "员工总数", "女性员工数"],
            ["德阳电缆", "德阳", "electrical", "CEC", "1,200", 300],
        ],
        "gb18030",
    )

    uploaded = upload(client, "enterprises", data, name="企业.csv")
    preview = client.get(uploaded.url)
    confirmed = client.post(
        reverse("dataexchange:import_confirm", args=["enterprises", preview_token(uploaded)]), follow=True
    )

    assert uploaded.status_code == 302
    assert preview.status_code == 200
    assert "Confirm the import" in preview.content.decode()
    assert confirmed.redirect_chain[-1][0] == reverse("enterprises:enterprise_list")
    assert "企业.csv imported: 1 new, 0 updated, 0 unchanged." in confirmed.content.decode()
    assert Enterprise.objects.get().created_by == coordinator
    assert client.get(uploaded.url).status_code == 404


def test_nothing_is_written_before_the_confirmation(client, coordinator, partner, deyang):
    client.force_login(coordinator)

    client.get(upload(client, "enterprises", xlsx_bytes([HEADERS, ["A", "Deyang", "machinery", "CEC", 3, 1]])).url)

    assert not Enterprise.objects.exists()


def test_the_preview_lists_each_rows_problems_with_row_and_column(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    data = xlsx_bytes(
        [
            HEADERS,
            ["Good Co", "Deyang", "machinery", "CEC", 30, 10],
            ["Bad Co", "Dyang", "machinery", "CEC", "many", 10],
        ]
    )

    preview = client.get(upload(client, "enterprises", data).url)

    page = preview.content.decode()
    assert 'class="table-responsive"' in page
    assert "Column B “city”:</span> No city “Dyang” is recorded in SCORE MIS." in page
    assert "Column E “workforce_total”:</span> “many” is not a number." in page
    assert "Confirm the import" not in page
    assert [row.number for row in preview.context["page_obj"]] == [3]
    assert [row.number for row in client.get(preview.request["PATH_INFO"], {"show": "all"}).context["page_obj"]] == [
        2,
        3,
    ]


def test_confirming_a_file_with_problems_writes_nothing(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    data = xlsx_bytes(
        [HEADERS, ["Good Co", "Deyang", "machinery", "CEC", 30, 10], ["Bad Co", "Dyang", "machinery", "CEC", 3, 1]]
    )
    token = preview_token(upload(client, "enterprises", data))

    response = client.post(reverse("dataexchange:import_confirm", args=["enterprises", token]))

    assert response.url == reverse("dataexchange:import_preview", args=["enterprises", token])
    assert not Enterprise.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_form(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "enterprises", b"not a spreadsheet", name="notes.pdf")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."
    ]


def test_a_preview_too_large_to_keep_is_refused_with_a_clear_message(client, coordinator, partner, monkeypatch):
    monkeypatch.setattr(staging, "MAX_PREVIEW_BYTES", 1024)
    client.force_login(coordinator)
    rows = [["Enterprise {n}", "Atlantis", "electrical", "CEC", 10, 1] for _n in range(20)]

    response = upload(client, "enterprises", xlsx_bytes([HEADERS, *rows]))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The check of this file lists too much to show (0.0 MB, at most 0 MB): split the file into smaller "
        "files, or correct the problems of its first rows and upload it again."
    ]
    assert not default_storage.exists(f"imports/{coordinator.pk}") or default_storage.listdir(
        f"imports/{coordinator.pk}"
    ) == ([], [])


def test_an_upload_over_10_mb_is_refused_before_it_is_read(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "enterprises", b"x" * (10 * 1024 * 1024 + 1), name="big.csv")

    assert "files up to 10 MB can be imported" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("view", ["import_upload", "import_preview", "import_confirm"])
def test_viewer_may_not_import(client, viewer, staged_by_coordinator, view):
    client.force_login(viewer)
    args = ["enterprises"] if view == "import_upload" else ["enterprises", staged_by_coordinator]

    response = (
        client.post(reverse(f"dataexchange:{view}", args=args))
        if view == "import_confirm"
        else client.get(reverse(f"dataexchange:{view}", args=args))
    )

    assert response.status_code == 403


def test_coordinator_without_the_import_permission_may_not_import(client, coordinator):
    Group.objects.get(name=roles.PARTNER_COORDINATOR).permissions.remove(
        Permission.objects.get(codename="import_records")
    )
    client.force_login(coordinator)

    assert client.get(reverse("dataexchange:import_upload", args=["enterprises"])).status_code == 403


@pytest.mark.parametrize("view", ["import_preview", "import_confirm"])
def test_outsider_cannot_reach_another_users_staged_file(client, outsider, staged_by_coordinator, view):
    client.force_login(outsider)
    url = reverse(f"dataexchange:{view}", args=["enterprises", staged_by_coordinator])

    response = client.post(url) if view == "import_confirm" else client.get(url)

    assert response.status_code == 404
    assert not Enterprise.objects.exists()


def test_outsider_cannot_import_into_another_partners_rows(client, outsider, partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner, workforce_total=200)
    client.force_login(outsider)

    uploaded = upload(
        client, "enterprises", xlsx_bytes([HEADERS, ["Deyang Cable Co", "Deyang", "electrical", "CEC", 999, 1]])
    )
    client.post(reverse("dataexchange:import_confirm", args=["enterprises", preview_token(uploaded)]))

    problems = client.get(uploaded.url).context["outcome"].rows[0].problems
    assert ["D “recruited_by”", "No partner “CEC” that you may use."] in problems
    assert Enterprise.objects.get().workforce_total == 200


def test_a_staged_file_is_found_only_by_its_token_and_its_user(coordinator, outsider, staged_by_coordinator):
    assert staging.load(coordinator, staged_by_coordinator) is not None
    assert staging.load(outsider, staged_by_coordinator) is None
    assert staging.load(coordinator, "../" + staged_by_coordinator[3:]) is None


def test_the_preview_of_another_kind_is_not_found(client, coordinator, staged_by_coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("dataexchange:import_preview", args=["rounds", staged_by_coordinator])).status_code == 404


def enterprise_export(client, file_format, **filters):
    response = client.get(reverse("dataexchange:export", args=["enterprises", file_format]), filters)
    assert response.status_code == 200
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content_of(response).decode("utf-8-sig"))))
    return xlsx_rows(content_of(response))


def test_export_from_a_list_keeps_its_filters_and_scope(client, coordinator, partner, other_partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    EnterpriseFactory(name="Deyang Pumps", city=deyang, recruited_by=partner)
    EnterpriseFactory(name="Shanghai Shoes", recruited_by=other_partner)
    client.force_login(coordinator)

    everything = enterprise_export(client, "csv")
    searched = enterprise_export(client, "xlsx", q="cable")

    assert [row[0] for row in everything[1:]] == ["Deyang Cable Co", "Deyang Pumps"]
    assert [row[0] for row in searched] == ["Enterprise name (English)", "Deyang Cable Co"]


def test_list_pages_link_their_exports_with_the_current_filters(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("trainings:round_list"), {"q": "Deyang", "page": 2}).content.decode()

    assert reverse("dataexchange:export", args=["attendance", "xlsx"]) + "?q=Deyang" in page
    assert reverse("dataexchange:import_upload", args=["enrollments"]) in page


def test_csv_export_is_streamed(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("dataexchange:export", args=["rounds", "csv"]))

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.fixture
def hostile_records(partner, deyang):
    """Records of every kind whose text fields hold formula payloads."""
    for number, payload in enumerate(STORED_PAYLOADS):
        PartnerFactory(code=f"P{number}", name=payload)
        enterprise = EnterpriseFactory(
            name=payload, name_zh_hans=str(number), city=deyang, recruited_by=partner, workforce_total=100 + number
        )
        training_round = TrainingRoundFactory(title=payload, partner=partner, city=deyang, description=payload)
        EnrollmentFactory(round=training_round, enterprise=enterprise)
        AttendanceFactory(activity=WorkshopFactory(round=training_round), enterprise=enterprise)
        MeasurementFactory(enterprise=enterprise, note=payload)
        ImprovementFactory(enterprise=enterprise, title=payload, description=payload, saving_calculation=payload)


@pytest.mark.parametrize("kind", [*KINDS, "partners"])
def test_no_export_or_template_holds_a_live_formula_whatever_the_records_hold(client, ilo_staff, hostile_records, kind):
    client.force_login(ilo_staff)

    any_status = {"status": ""}
    xlsx = content_of(client.get(reverse("dataexchange:export", args=[kind, "xlsx"]), any_status))
    text = content_of(client.get(reverse("dataexchange:export", args=[kind, "csv"]), any_status)).decode("utf-8-sig")
    template = client.get(reverse("dataexchange:template", args=[kind])).content

    assert len(xlsx_rows(xlsx)) > len(STORED_PAYLOADS)
    assert live_cells(xlsx) == []
    assert live_csv_cells(text) == []
    assert live_cells(template) == []


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exports_keep_numbers_as_numbers_next_to_neutralised_text(client, coordinator, partner, deyang, file_format):
    for number, payload in enumerate(["=1+2", "-2+3", "\x01@SUM(A1)"]):
        EnterpriseFactory(
            name=payload, name_zh_hans=f"{number}", city=deyang, recruited_by=partner, workforce_total=100
        )
    client.force_login(coordinator)

    rows = enterprise_export(client, file_format)

    assert sorted(row[0] for row in rows[1:]) == ["'-2+3", "'=1+2", "'@SUM(A1)"]
    totals = [row[5] for row in rows[1:]]
    assert totals == ([100] * 3 if file_format == "xlsx" else ["100"] * 3)


@pytest.mark.parametrize("count", [10, 500])
def test_export_runs_a_constant_number_of_queries(
    client, coordinator, partner, deyang, django_assert_max_num_queries, count
):
    brand = PartnerFactory(code="GAP", kind="brand")
    for number in range(count):
        EnterpriseFactory(name=f"Enterprise {number}", city=CityFactory(), recruited_by=partner).supplies_brands.add(
            brand
        )
        TrainingRoundFactory(partner=partner, title=f"Round {number}")
    client.force_login(coordinator)

    for kind, file_format in (("enterprises", "xlsx"), ("enterprises", "csv"), ("rounds", "xlsx")):
        with django_assert_max_num_queries(12):
            content_of(client.get(reverse("dataexchange:export", args=[kind, file_format])))
    assert TrainingRound.objects.count() == count


@pytest.mark.parametrize(
    ("view", "args"),
    [
        ("index", []),
        ("template", ["enterprises"]),
        ("export", ["enterprises", "csv"]),
        ("import_upload", ["enterprises"]),
        ("import_preview", ["enterprises", "a" * 32]),
    ],
)
def test_every_spreadsheet_page_asks_to_sign_in(client, view, args):
    response = client.get(reverse(f"dataexchange:{view}", args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_exports_hold_the_rows_each_user_sees(client, coordinator, viewer, outsider, partner, deyang):
    EnterpriseFactory(name="Deyang Cable Co", city=deyang, recruited_by=partner)
    names = {}
    for user in (coordinator, viewer, outsider):
        client.force_login(user)
        names[user.username] = [row[0] for row in enterprise_export(client, "csv")[1:]]

    assert names == {
        coordinator.username: ["Deyang Cable Co"],
        viewer.username: ["Deyang Cable Co"],
        outsider.username: [],
    }


@pytest.mark.parametrize(("kind", "file_format"), [("suppliers", "csv"), ("enterprises", "pdf")])
def test_unknown_kinds_and_formats_are_not_found(client, coordinator, kind, file_format):
    client.force_login(coordinator)

    assert client.get(reverse("dataexchange:export", args=[kind, file_format])).status_code == 404


def test_ilo_staff_import_partners_on_the_spreadsheet_page_and_the_import_is_logged(client, ilo_staff, deyang):
    client.force_login(ilo_staff)
    assert (
        reverse("dataexchange:import_upload", args=["partners"])
        in client.get(reverse("dataexchange:index")).content.decode()
    )
    data = csv_bytes(
        [
            ["合作伙伴代码", "名称", "类型", "城市"],
            ["DY-EC", "Deyang Enterprise Confederation", "employers", "德阳"],
        ]
    )

    uploaded = upload(client, "partners", data, name="partners.csv")
    client.post(reverse("dataexchange:import_confirm", args=["partners", preview_token(uploaded)]))

    assert Partner.objects.get(code="DY-EC").city == deyang
    logged = SpreadsheetImport.objects.get()
    assert (logged.user, logged.kind, logged.created) == (ilo_staff, "partners", 1)


@pytest.mark.parametrize(
    ("view", "args"),
    [("template", ["partners"]), ("export", ["partners", "xlsx"]), ("import_upload", ["partners"])],
)
def test_partner_users_are_not_offered_the_partners_spreadsheets(client, coordinator, view, args):
    client.force_login(coordinator)

    assert "partners" not in [kind.slug for kind in client.get(reverse("dataexchange:index")).context["kinds"]]
    assert client.get(reverse(f"dataexchange:{view}", args=args)).status_code == 404


def test_confirming_a_file_twice_imports_it_once_and_says_so(client, coordinator, partner, deyang):
    client.force_login(coordinator)
    uploaded = upload(
        client, "enterprises", xlsx_bytes([HEADERS, ["Deyang Cable Co", "Deyang", "electrical", "CEC", 320, 150]])
    )
    confirm_url = reverse("dataexchange:import_confirm", args=["enterprises", preview_token(uploaded)])

    client.post(confirm_url)
    again = client.post(confirm_url, follow=True)

    assert "This file was already imported: it is imported only once." in again.content.decode()
    assert (Enterprise.objects.count(), SpreadsheetImport.objects.count()) == (1, 1)
    assert client.get(uploaded.url).status_code == 404


def test_a_confirmation_arriving_while_another_imports_the_file_finds_it_imported(
    client, coordinator, partner, deyang, monkeypatch
):
    """A double click: the second confirmation comes in while the first is importing the file."""
    client.force_login(coordinator)
    rows = [[f"Enterprise {n}", "Deyang", "electrical", "CEC", 10, 1] for n in range(20)]
    token = preview_token(upload(client, "enterprises", xlsx_bytes([HEADERS, *rows])))
    confirm_url = reverse("dataexchange:import_confirm", args=["enterprises", token])
    second_tab = Client()
    second_tab.force_login(coordinator)
    importing, second = services.spreadsheet_import, {}

    def import_while_confirmed_again(**kwargs):
        if "response" not in second:
            second["response"] = None  # the second confirmation itself imports normally
            second["response"] = second_tab.post(confirm_url, follow=True)
        return importing(**kwargs)

    monkeypatch.setattr(services, "spreadsheet_import", import_while_confirmed_again)
    first = client.post(confirm_url, follow=True)

    assert "rows.xlsx imported: 20 new, 0 updated, 0 unchanged." in first.content.decode()
    assert "This file was already imported: it is imported only once." in second["response"].content.decode()
    assert (Enterprise.objects.count(), SpreadsheetImport.objects.count()) == (20, 1)


@pytest.fixture
def small_export_limit(monkeypatch):
    monkeypatch.setattr("dataexchange.tasks.EXPORT_IN_REQUEST_ROWS", 2)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_export_is_prepared_in_the_background_with_the_list_filters_and_scope(
    client, coordinator, partner, other_partner, deyang, small_export_limit, run_queued_tasks, file_format
):
    for name in ("Deyang Cable Co", "Deyang Cable Works", "Deyang Pumps"):
        EnterpriseFactory(name=name, city=deyang, recruited_by=partner)
    EnterpriseFactory(name="Other Cable Co", recruited_by=other_partner)
    client.force_login(coordinator)

    offer = client.get(reverse("dataexchange:export", args=["enterprises", file_format]), {"q": "deyang"})
    assert "more than 2 rows" in offer.content.decode()
    queued = client.post(reverse("dataexchange:export_queue", args=["enterprises", file_format]), {"query": "q=deyang"})
    job = Job.objects.get(requested_by=coordinator)
    assert queued.url == job.get_absolute_url()
    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    download = client.get(reverse("reporting:job_download", args=[job.pk]))
    content = content_of(download)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) if file_format == "csv" else xlsx_rows(content)
    assert sorted(row[0] for row in rows[1:]) == ["Deyang Cable Co", "Deyang Cable Works", "Deyang Pumps"]


def test_a_small_export_is_answered_at_once(client, coordinator, partner, deyang, small_export_limit):
    EnterpriseFactory(name="Deyang Pumps", city=deyang, recruited_by=partner)
    client.force_login(coordinator)

    response = client.get(reverse("dataexchange:export", args=["enterprises", "csv"]))

    assert response.streaming
    assert not Job.objects.exists()


def test_an_export_of_records_kept_for_ilo_staff_cannot_be_queued_by_a_coordinator(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("dataexchange:export_queue", args=["partners", "csv"]), {"query": ""})

    assert response.status_code == 404
    assert not Job.objects.exists()
