import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from improvements.models import Improvement
from partners import roles
from reporting.committee import CommitteeReport
from reporting.figures import ReportFilters
from reporting.models import FrozenReport, Job
from reporting.services import frozen_report_create
from tests.factories import user_with_role
from tests.reporting.conftest import END, START

pytestmark = pytest.mark.django_db

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture
def frozen(client, ilo_staff, newsletter, run_queued_tasks):
    """ILO staff freeze the summer report: the request queues the freeze, the worker keeps the copy."""
    client.force_login(ilo_staff)
    response = client.post(reverse("reporting:freeze_report"), PERIOD)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert not FrozenReport.objects.exists()
    run_queued_tasks()
    frozen = FrozenReport.objects.get()
    assert f'href="{frozen.get_absolute_url()}"' in client.get(job.get_absolute_url()).content.decode()
    return frozen


def document_of(client, frozen, language="en"):
    return client.get(reverse("reporting:frozen_document", args=[frozen.pk, language])).content


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(content))).pages)


def test_staff_freeze_a_report_with_its_html_figures_pdf_and_workbook(frozen, ilo_staff):
    english = frozen.renderings.get(language="en")
    assert frozen.frozen_by == ilo_staff
    assert (frozen.period_start, frozen.period_end) == (START, END)
    assert english.title == "SCORE programme report, 1 June 2015 – 31 August 2015"
    assert "Hoppers instead of bags to load cables" in english.html
    headline = english.figures["tables"][0]
    assert headline["title"] == "Headline figures"
    assert ["Enterprises enrolled", 20, 4, 16, 21] in headline["rows"]
    assert "Taixing" in pdf_text(english.pdf)
    assert "By city" in load_workbook(io.BytesIO(bytes(english.xlsx))).sheetnames


def test_a_frozen_pack_holds_the_report_in_english_and_in_chinese_whoever_froze_it(frozen):
    english, chinese = frozen.renderings.get(language="en"), frozen.renderings.get(language="zh-hans")

    assert frozen.renderings.count() == 2
    assert chinese.title == "SCORE 项目报告，2015年6月1日 – 2015年8月31日"
    assert '<html lang="zh-hans">' in chinese.html and '<html lang="en">' in english.html
    assert chinese.figures["tables"][0]["title"] == "主要数据"
    assert ["参训企业", 20, 4, 16, 21] in chinese.figures["tables"][0]["rows"]
    assert "泰兴" in pdf_text(chinese.pdf) and "Taixing" in pdf_text(english.pdf)
    assert "按城市" in load_workbook(io.BytesIO(bytes(chinese.xlsx))).sheetnames
    english_figures = [row[1:] for row in english.figures["tables"][0]["rows"]]
    assert english_figures == [row[1:] for row in chinese.figures["tables"][0]["rows"]]


def test_the_frozen_list_and_page_offer_both_languages(client, frozen, committee_member):
    client.force_login(committee_member)
    listing = client.get(reverse("reporting:frozen_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    detail = client.get(frozen.get_absolute_url()).content.decode()

    for page in (listing, detail):
        for language in ("en", "zh-hans"):
            for name in ("frozen_document", "frozen_pdf", "frozen_xlsx"):
                assert reverse(f"reporting:{name}", args=[frozen.pk, language]) in page
    assert "English" in detail and "简体中文" in detail
    assert "Taixing" in document_of(client, frozen, "en").decode()
    assert "泰兴" in document_of(client, frozen, "zh-hans").decode()
    assert client.get(reverse("reporting:frozen_pdf", args=[frozen.pk, "fr"])).status_code == 404


def test_frozen_report_stays_byte_for_byte_the_same_after_the_data_is_corrected(client, frozen, newsletter):
    before = document_of(client, frozen)
    pdf = client.get(reverse("reporting:frozen_pdf", args=[frozen.pk, "en"])).content
    xlsx = client.get(reverse("reporting:frozen_xlsx", args=[frozen.pk, "en"])).content

    newsletter.taixing.title = "Renamed round"
    newsletter.taixing.save()
    Improvement.objects.filter(title__startswith="Hoppers").update(annual_saving_rmb=1)
    for photo in newsletter.improvements[2].photos.all():
        photo.image.delete()

    assert before == frozen.renderings.get(language="en").html.encode("utf-8")
    assert document_of(client, frozen) == before
    assert client.get(reverse("reporting:frozen_pdf", args=[frozen.pk, "en"])).content == pdf
    assert client.get(reverse("reporting:frozen_xlsx", args=[frozen.pk, "en"])).content == xlsx
    live = client.get(reverse("reporting:committee_report"), PERIOD).content.decode()
    assert "Renamed round" in live and "Renamed round" not in before.decode()


def test_committee_member_lists_and_opens_frozen_reports(client, frozen, committee_member):
    client.force_login(committee_member)

    listing = client.get(reverse("reporting:frozen_list"))
    detail = client.get(frozen.get_absolute_url())

    assert str(frozen) in listing.content.decode()
    assert reverse("reporting:frozen_pdf", args=[frozen.pk, "en"]) in detail.content.decode()
    assert document_of(client, frozen) == frozen.renderings.get(language="en").html.encode("utf-8")


def test_partner_users_do_not_see_programme_wide_frozen_reports(client, frozen, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("reporting:frozen_list")).status_code == 403
    assert reverse("reporting:frozen_list") not in client.get(reverse("reporting:committee_report")).content.decode()
    assert client.get(reverse("reporting:frozen_detail", args=[frozen.pk])).status_code == 404
    for name in ("frozen_document", "frozen_pdf", "frozen_xlsx"):
        assert client.get(reverse(f"reporting:{name}", args=[frozen.pk, "zh-hans"])).status_code == 404


@pytest.mark.parametrize("username", ["committee_member", "coordinator"])
def test_only_ilo_staff_can_freeze(client, request, newsletter, username):
    user = request.getfixturevalue(username)
    client.force_login(user)

    response = client.post(reverse("reporting:freeze_report"), PERIOD)

    assert response.status_code == 403
    assert not FrozenReport.objects.exists() and not Job.objects.exists()
    with pytest.raises(PermissionDenied):
        frozen_report_create(user=user, report=CommitteeReport(user, ReportFilters(start=START, end=END)))


def test_freezing_needs_a_post(client, ilo_staff):
    client.force_login(ilo_staff)

    assert client.get(reverse("reporting:freeze_report"), PERIOD).status_code == 405


def test_freeze_button_is_offered_to_staff_only(client, ilo_staff, committee_member):
    freeze_url = reverse("reporting:freeze_report")
    client.force_login(ilo_staff)
    assert freeze_url in client.get(reverse("reporting:committee_report")).content.decode()

    client.force_login(committee_member)
    assert freeze_url not in client.get(reverse("reporting:committee_report")).content.decode()


def test_ilo_staff_can_withdraw_a_frozen_report_in_the_admin_but_not_change_it(client, frozen):
    admin_user = user_with_role(roles.ILO_STAFF, is_staff=True)
    client.force_login(admin_user)
    change_url = reverse("admin:reporting_frozenreport_change", args=[frozen.pk])

    page = client.get(change_url)
    client.post(change_url, {"period_start": "2000-01-01"})
    frozen.refresh_from_db()
    assert page.status_code == 200
    assert 'name="period_start"' not in page.content.decode()
    assert frozen.period_start == START

    response = client.post(reverse("admin:reporting_frozenreport_delete", args=[frozen.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not FrozenReport.objects.exists()
