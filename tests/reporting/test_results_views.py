"""The results pages: who reads and who changes what (staff, committee, partner owner and viewer, outsider),
the staff forms in both languages, downloads, and the query count of the results page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partners import roles
from partners.models import PartnerMembership
from reporting.framework import ContentItem, Narrative, ReportedActual, ResultTarget, UsdRate
from reporting.results_views import KINDS
from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    PartnerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    user_with_role,
)
from tests.reporting.results_helpers import indicator
from tests.test_versions import opened_form, opened_values_from

pytestmark = pytest.mark.django_db

RESULTS = reverse("reporting:results")
READ_PAGES = [
    "reporting:results",
    "reporting:results_framework",
    "reporting:target_list",
    "reporting:actual_list",
    "reporting:rate_list",
    "reporting:narrative_list",
    "reporting:content_list",
]
CREATE_PAGES = [f"reporting:{kind}_create" for kind in KINDS]


@pytest.fixture
def records(framework, newsletter, settings):
    """One record of each kind; the target belongs to CEC."""
    evidence = SimpleUploadedFile("plans.pdf", b"%PDF-1.4 two business plans", content_type="application/pdf")
    return {
        "area": framework["output"],
        "indicator": framework["plans"],
        "target": ResultTarget.objects.create(indicator=framework["trained"], target=10, partner=newsletter.cec),
        "actual": ReportedActual.objects.create(indicator=framework["plans"], value=2, evidence=evidence),
        "rate": UsdRate.objects.create(phase=framework["phase"], rmb_per_usd="6.2"),
        "narrative": Narrative.objects.create(
            period_start=datetime.date(2015, 6, 1),
            period_end=datetime.date(2015, 8, 31),
            executive_summary_en="A busy season.",
        ),
        "content": ContentItem.objects.create(
            kind="product", published_on=datetime.date(2015, 8, 1), title_en="SCORE brochure", languages="zh"
        ),
    }


def object_urls(records, action):
    return {kind: reverse(f"reporting:{kind}_{action}", args=[record.pk]) for kind, record in records.items()}


@pytest.mark.parametrize("name", READ_PAGES + CREATE_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", READ_PAGES + CREATE_PAGES)
def test_staff_opens_every_page(client, ilo_staff, records, name):
    client.force_login(ilo_staff)

    assert client.get(reverse(name)).status_code == 200


def test_staff_opens_every_edit_and_delete_page(client, ilo_staff, records):
    client.force_login(ilo_staff)

    for action in ("update", "delete"):
        for kind, url in object_urls(records, action).items():
            assert client.get(url).status_code == 200, (kind, action)


@pytest.mark.parametrize("username", ["committee_member", "coordinator", "viewer"])
def test_readers_read_every_list_but_change_nothing(client, request, records, username):
    client.force_login(request.getfixturevalue(username))

    for name in READ_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for name in CREATE_PAGES:
        assert client.post(reverse(name)).status_code == 403, name
    visible = {"area", "indicator", "target", "rate", "narrative", "content"}
    visible |= {"actual"} if username == "committee_member" else set()
    for action in ("update", "delete"):
        for kind, url in object_urls(records, action).items():
            expected = 403 if kind in visible else 404
            assert client.post(url).status_code == expected, (kind, action)
    assert ResultTarget.objects.count() == 1 and Narrative.objects.count() == 1


def test_another_partners_target_is_not_found(client, records, outsider):
    client.force_login(outsider)

    assert client.get(reverse("reporting:target_update", args=[records["target"].pk])).status_code == 404
    assert "China Enterprise Confederation" not in client.get(reverse("reporting:target_list")).content.decode()


def test_user_without_a_role_reads_nothing(client, records):
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR))

    for name in READ_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    for kind, url in object_urls(records, "update").items():
        assert client.get(url).status_code == 404, kind
    assert client.get(reverse("reporting:actual_evidence", args=[records["actual"].pk])).status_code == 404


def test_evidence_is_served_to_staff_and_committee_only(client, ilo_staff, committee_member, coordinator, records):
    url = reverse("reporting:actual_evidence", args=[records["actual"].pk])

    for user, status in ((ilo_staff, 200), (committee_member, 200), (coordinator, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
    client.force_login(ilo_staff)
    assert b"two business plans" in b"".join(client.get(url).streaming_content)
    assert "/media/" not in records["actual"].get_evidence_url()


def test_staff_sets_a_target_for_a_half_year_and_a_partner(client, ilo_staff, newsletter, framework):
    client.force_login(ilo_staff)

    response = client.post(
        reverse("reporting:target_create"),
        {
            "indicator": framework["trained"].pk,
            "period": "2015-2",
            "partner": newsletter.cec.pk,
            "target": "12",
            "note_en": "Taixing and Deyang",
            "note_zh_hans": "泰兴和德阳",
        },
    )

    assert response.status_code == 302
    target = ResultTarget.objects.get()
    assert (target.year, target.half, target.partner, target.target) == (2015, 2, newsletter.cec, 12)
    assert (target.note_en, target.note_zh_hans, target.created_by) == ("Taixing and Deyang", "泰兴和德阳", ilo_staff)


def test_a_second_target_for_the_same_period_is_a_clear_message_not_an_error(client, ilo_staff, framework):
    ResultTarget.objects.create(indicator=framework["trained"], target=10, year=2015)
    client.force_login(ilo_staff)

    response = client.post(
        reverse("reporting:target_create"), {"indicator": framework["trained"].pk, "period": "2015", "target": "11"}
    )

    assert response.status_code == 200
    assert "This indicator already has a target for this period." in response.content.decode()
    assert ResultTarget.objects.count() == 1


def test_a_year_outside_the_phase_is_reported_on_the_period_field(client, ilo_staff, framework):
    client.force_login(ilo_staff)

    response = client.post(
        reverse("reporting:target_create"), {"indicator": framework["trained"].pk, "period": "2011", "target": "3"}
    )

    assert "is not part of Phase II" in response.content.decode()
    assert response.context["form"].errors["period"]


def test_text_left_empty_in_both_languages_is_a_message_on_the_field(client, ilo_staff, framework):
    client.force_login(ilo_staff)

    response = client.post(
        reverse("reporting:area_create"), {"phase": framework["phase"].pk, "level": "outcome", "code": "7"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title_en"] == ["Write this in English, in Chinese or in both."]


def test_form_shows_both_languages_side_by_side_the_readers_first(client, ilo_staff, framework):
    client.force_login(ilo_staff)

    english = client.get(reverse("reporting:narrative_create")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("reporting:narrative_create"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert english.index('name="executive_summary_en"') < english.index('name="executive_summary_zh_hans"')
    assert chinese.index('name="executive_summary_zh_hans"') < chinese.index('name="executive_summary_en"')


def test_delete_asks_first_then_deletes(client, ilo_staff, records):
    client.force_login(ilo_staff)
    url = reverse("reporting:content_delete", args=[records["content"].pk])

    assert "This cannot be undone." in client.get(url).content.decode()
    assert ContentItem.objects.count() == 1
    client.post(url)
    assert ContentItem.objects.count() == 0


def test_an_outcome_with_indicators_cannot_be_deleted(client, ilo_staff, records):
    client.force_login(ilo_staff)

    response = client.post(reverse("reporting:area_delete", args=[records["area"].pk]), follow=True)

    assert "cannot be deleted while other records belong to it" in response.content.decode()


def test_lists_are_paginated_and_say_when_empty(client, ilo_staff, framework):
    client.force_login(ilo_staff)

    assert "No targets yet." in client.get(reverse("reporting:target_list")).content.decode()
    for year in range(2013, 2018):
        for half in (0, 1, 2):
            ResultTarget.objects.create(indicator=framework["trained"], target=1, year=year, half=half)
            ResultTarget.objects.create(indicator=framework["cost"], target=1, year=year, half=half)
    page = client.get(reverse("reporting:target_list")).context["page_obj"]
    assert (len(page.object_list), page.paginator.num_pages) == (25, 2)


def test_results_page_shows_targets_actuals_status_and_the_thresholds(client, ilo_staff, newsletter, framework):
    ResultTarget.objects.create(indicator=framework["trained"], target=25, year=2015, half=2)
    client.force_login(ilo_staff)

    response = client.get(RESULTS, {"phase": framework["phase"].pk, "period": "2015-2"})

    html = response.content.decode()
    assert "at least 90 % of the target" in html and "from 60 %" in html
    row = response.context["logframe"].rows[0]
    assert (row.target.target, row.actual, row.status) == (25, 20, "at_risk")
    assert 'class="result-status result-status-at_risk">At risk<' in html
    assert "The records" in html


def test_results_page_of_a_partner_shows_its_own_rows(client, coordinator, outsider, newsletter, framework):
    ResultTarget.objects.create(indicator=framework["trained"], target=9, year=2015, half=2, partner=newsletter.eti)
    client.force_login(outsider)

    row = client.get(RESULTS, {"phase": framework["phase"].pk, "period": "2015-2"}).context["logframe"].rows[0]

    assert (row.target.target, row.actual) == (9, 5)


def test_results_page_falls_back_to_the_other_language_with_a_marker(client, ilo_staff, framework):
    framework["outcome"].title_zh_hans = ""
    framework["outcome"].save()
    client.force_login(ilo_staff)

    html = client.get(RESULTS, {"phase": framework["phase"].pk}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<span lang="en" class="text-fallback">Enterprises trained' in html
    assert "仅有英文" in html


def test_results_download_as_pdf_and_xlsx_with_formulas_neutralised(client, ilo_staff, newsletter, framework):
    framework["plans"].name_en = "=HYPERLINK(1)"
    framework["plans"].save()
    client.force_login(ilo_staff)

    pdf = client.get(RESULTS, {"format": "pdf"})
    workbook = load_workbook(io.BytesIO(client.get(RESULTS, {"format": "xlsx"}).content))

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    names = [row[2] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names


def test_menu_has_results(client, ilo_staff):
    client.force_login(ilo_staff)

    assert f'href="{RESULTS}">Results<' in client.get(reverse("reporting:dashboard")).content.decode()


def add_partner_with_records(number, ilo_staff):
    """A partner with `number` rounds held in 2015, each with an enterprise that attended, has a team and a
    verified improvement, and the partner's coordinator."""
    partner = PartnerFactory()
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner, PartnerMembership.Role.COORDINATOR)
    add_records(partner, number, ilo_staff)
    return coordinator, partner


def add_records(partner, number, ilo_staff):
    for _ in range(number):
        enrollment = EnrollmentFactory(round=TrainingRoundFactory(partner=partner, status="ongoing"))
        AttendanceFactory(activity=WorkshopFactory(round=enrollment.round), enterprise=enrollment.enterprise)
        ImprovementTeamFactory(enterprise=enrollment.enterprise)
        ImprovementFactory(
            enterprise=enrollment.enterprise, status="verified", verified_by=ilo_staff, verified_at=timezone.now()
        )


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_results_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, ilo_staff, framework, role
):
    for key in ("participants", "verified_savings", "improvement_teams", "reporting_rate", "jobs_net"):
        kind = {"verified_savings": "money", "reporting_rate": "percentage"}.get(key, "count")
        indicator(framework["outcome"], key[:20], computation=key, kind=kind)
    coordinator, partner = add_partner_with_records(2, ilo_staff)
    client.force_login(ilo_staff if role == "staff" else coordinator)
    page = {"phase": framework["phase"].pk, "period": "2015"}
    assert client.get(RESULTS, page).context["logframe"].rows[0].actual == 2
    with django_assert_max_num_queries(40) as small:
        client.get(RESULTS, page)
    add_records(partner, 20, ilo_staff)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(RESULTS, page).context["logframe"].rows[0].actual == 22


def test_staff_attach_evidence_and_a_wrong_kind_of_file_is_refused(client, ilo_staff, framework):
    client.force_login(ilo_staff)
    values = {"indicator": framework["plans"].pk, "period": "phase", "value": "2", "note_en": "Two plans"}

    refused = client.post(
        reverse("reporting:actual_create"),
        {**values, "evidence": SimpleUploadedFile("plans.exe", b"MZ", content_type="application/octet-stream")},
    )
    saved = client.post(
        reverse("reporting:actual_create"),
        {**values, "evidence": SimpleUploadedFile("plans.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )

    assert "File extension “exe” is not allowed." in refused.content.decode()
    assert saved.status_code == 302
    actual = ReportedActual.objects.get()
    assert actual.evidence.name.startswith("results/evidence/") and actual.created_by == ilo_staff


def test_dashboard_shows_key_indicators_against_their_phase_targets(client, ilo_staff, newsletter, framework):
    ResultTarget.objects.create(indicator=framework["trained"], target=40)
    client.force_login(ilo_staff)

    response = client.get(reverse("reporting:dashboard"), {"start": "2015-06-01", "end": "2015-08-31"})

    html = response.content.decode()
    assert "Key indicators against targets" in html
    row = response.context["logframe"].key_rows[0]
    assert (row.indicator, row.target.target, row.actual, row.status) == (framework["trained"], 40, 21, "off_track")
    assert 'result-status-off_track">Off track<' in html


def test_a_stale_save_of_any_results_record_is_refused_and_the_resubmitted_form_saves(client, ilo_staff, records):
    client.force_login(ilo_staff)

    for kind, url in object_urls(records, "update").items():
        record = records[kind]
        opened = opened_form(client, url)
        meanwhile = type(record).objects.get(pk=record.pk)
        meanwhile.save()  # someone else saved it since

        refused = client.post(url, opened)

        assert refused.status_code == 200, kind
        assert "changed this record since you opened it" in refused.content.decode(), kind
        assert client.post(url, opened_values_from(refused)).status_code == 302, kind
        assert type(record).objects.get(pk=record.pk).version == meanwhile.version + 1, kind
