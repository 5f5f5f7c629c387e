import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Agreement, Partner, PartnerMembership
from tests.factories import (
    AgreementFactory,
    EnterpriseFactory,
    MembershipFactory,
    PartnerFactory,
    TrainingRoundFactory,
    UserFactory,
)
from tests.pages import submit_as_rendered

pytestmark = pytest.mark.django_db

DAY = datetime.date(2015, 8, 1)


@pytest.fixture
def branch(partner):
    return PartnerFactory(
        code="CQ-EC", name="Chongqing Enterprise Confederation", parent=partner, parent_relation="branch"
    )


@pytest.fixture
def agreement(branch):
    return AgreementFactory(
        partner=branch,
        kind=Agreement.Kind.IMPLEMENTATION,
        title="Chongqing implementation agreement",
        signed_on=datetime.date(2015, 7, 28),
        starts_on=datetime.date(2015, 8, 1),
        ends_on=datetime.date(2017, 7, 31),
        document=SimpleUploadedFile("chongqing.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
    )


def test_agreement_status_follows_its_period():
    agreement = Agreement(starts_on=datetime.date(2015, 8, 1), ends_on=datetime.date(2016, 7, 31))

    assert agreement.status_on(datetime.date(2015, 7, 1)) == Agreement.Status.NOT_YET
    assert agreement.status_on(datetime.date(2015, 9, 1)) == Agreement.Status.IN_FORCE
    assert agreement.status_on(datetime.date(2016, 5, 2)) == Agreement.Status.EXPIRING
    assert agreement.status_on(datetime.date(2016, 7, 31)) == Agreement.Status.EXPIRING
    assert agreement.status_on(datetime.date(2016, 8, 1)) == Agreement.Status.EXPIRED
    assert Agreement(starts_on=DAY).status_on(datetime.date(2030, 1, 1)) == Agreement.Status.IN_FORCE


def test_partner_page_shows_branches_brands_people_agreements_rounds_and_enterprises(
    client, coordinator, viewer, partner, branch, agreement
):
    brand = PartnerFactory(code="GAP", name="Gap", kind=Partner.Kind.BRAND, parent=partner, parent_relation="member")
    TrainingRoundFactory(title="Chongqing ToT", partner=branch)
    EnterpriseFactory(name="Chongqing Cable Co", recruited_by=branch)
    EnterpriseFactory(name="Somebody else's", recruited_by=PartnerFactory())
    client.force_login(coordinator)

    national = client.get(reverse("partners:partner_detail", args=[partner.pk])).content.decode()
    local = client.get(reverse("partners:partner_detail", args=[branch.pk])).content.decode()

    assert "Chongqing Enterprise Confederation" in national and brand.name in national
    assert coordinator.username in national and viewer.username in national
    assert "Chongqing implementation agreement" in local and "Chongqing ToT" in local
    assert "Chongqing Cable Co" in local and "Somebody else" not in local
    assert f'href="{reverse("partners:partner_detail", args=[partner.pk])}"' in local  # the parent


def test_branch_coordinator_sees_the_parents_name_without_a_link(client, partner, branch):
    branch_coordinator = MembershipFactory(partner=branch).user
    branch_coordinator.groups.add(*coordinator_groups())
    client.force_login(branch_coordinator)

    content = client.get(reverse("partners:partner_detail", args=[branch.pk])).content.decode()

    assert partner.name in content
    assert f'href="{reverse("partners:partner_detail", args=[partner.pk])}"' not in content
    assert client.get(reverse("partners:partner_detail", args=[partner.pk])).status_code == 404


def coordinator_groups():
    from django.contrib.auth.models import Group

    from partners import roles

    return Group.objects.filter(name=roles.PARTNER_COORDINATOR)


def test_directory_lists_only_the_users_partners(client, coordinator, partner, branch, other_partner):
    client.force_login(coordinator)

    response = client.get(reverse("partners:partner_list"))

    assert {p.code for p in response.context["page_obj"]} == {"CEC", "CQ-EC"}
    assert "New partner" not in response.content.decode()


def test_directory_searches_and_filters_by_kind(client, ilo_staff, partner, other_partner):
    client.force_login(ilo_staff)

    by_name = client.get(reverse("partners:partner_list"), {"q": "ethical"})
    by_kind = client.get(reverse("partners:partner_list"), {"kind": Partner.Kind.EMPLOYERS_ORGANISATION})

    assert [p.code for p in by_name.context["page_obj"]] == ["ETI"]
    assert [p.code for p in by_kind.context["page_obj"]] == ["CEC"]


def test_ilo_staff_create_a_branch_partner(client, ilo_staff, partner):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client,
        reverse("partners:partner_create"),
        name_en="Taixing Enterprise Confederation",
        code="TX-EC",
        kind=Partner.Kind.EMPLOYERS_ORGANISATION,
        parent=partner.pk,
        parent_relation=Partner.ParentRelation.BRANCH_OF,
    )

    created = Partner.objects.get(code="TX-EC")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.parent == partner and created.created_by == ilo_staff
    assert created.history.first().history_user == ilo_staff


def test_partner_form_shows_the_models_errors(client, ilo_staff, partner):
    client.force_login(ilo_staff)

    response = submit_as_rendered(client, reverse("partners:partner_update", args=[partner.pk]), parent=partner.pk)

    assert response.status_code == 200
    assert Partner.objects.get(pk=partner.pk).parent is None
    assert response.context["form"].errors


def test_stale_partner_edit_is_refused(client, ilo_staff, partner):
    client.force_login(ilo_staff)
    url = reverse("partners:partner_update", args=[partner.pk])
    page = client.get(url)
    Partner.objects.get(pk=partner.pk).save_validated(None, name="Renamed elsewhere")

    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name_en="My rename", is_active="on")
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert Partner.objects.get(pk=partner.pk).name == "Renamed elsewhere"


def test_ilo_staff_record_an_agreement_with_its_document(client, ilo_staff, partner):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client,
        reverse("partners:agreement_create", args=[partner.pk]),
        kind=Agreement.Kind.MOU,
        title_en="CEC memorandum",
        phase="II",
        signed_on="2015-07-28",
        starts_on="2015-08-01",
        ends_on="2017-07-31",
        document=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou", content_type="application/pdf"),
    )

    agreement = Agreement.objects.get(title_en="CEC memorandum")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.partner == partner and agreement.document


def test_agreement_document_must_be_a_document(client, ilo_staff, partner):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client,
        reverse("partners:agreement_create", args=[partner.pk]),
        kind=Agreement.Kind.MOU,
        title_en="CEC memorandum",
        phase="II",
        signed_on="2015-07-28",
        starts_on="2015-08-01",
        document=SimpleUploadedFile("mou.exe", b"MZ", content_type="application/octet-stream"),
    )

    assert response.status_code == 200 and "document" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_agreement_ending_before_it_starts_is_refused(client, ilo_staff, agreement):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client, reverse("partners:agreement_update", args=[agreement.pk]), ends_on="2015-01-01"
    )

    assert response.status_code == 200
    assert "An agreement cannot end before it starts." in response.content.decode()


def test_agreement_page_shows_status_and_document_link(client, coordinator, agreement):
    client.force_login(coordinator)

    content = client.get(reverse("partners:agreement_detail", args=[agreement.pk])).content.decode()

    assert "Implementation agreement" in content and "2015-07-28" in content
    assert reverse("partners:agreement_document", args=[agreement.pk]) in content
    assert reverse("partners:agreement_update", args=[agreement.pk]) not in content


def test_agreement_document_is_served_to_the_partners_users_only(client, viewer, outsider, ilo_staff, agreement):
    url = reverse("partners:agreement_document", args=[agreement.pk])
    for user, status in ((viewer, 200), (ilo_staff, 200), (outsider, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
    client.force_login(viewer)
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_agreement_without_document_has_none_to_serve(client, coordinator, partner):
    client.force_login(coordinator)

    assert (
        client.get(reverse("partners:agreement_document", args=[AgreementFactory(partner=partner).pk])).status_code
        == 404
    )


@pytest.mark.parametrize("size", [2, 40])
def test_partner_directory_runs_a_fixed_number_of_queries(client, ilo_staff, size, django_assert_max_num_queries):
    for _ in range(size):
        parent = PartnerFactory()
        AgreementFactory(partner=PartnerFactory(parent=parent, parent_relation="branch"))
        MembershipFactory(partner=parent)
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners:partner_list"))

    assert len(response.context["page_obj"]) == min(2 * size, 50)


@pytest.mark.parametrize("size", [2, 40])
def test_partner_page_runs_a_fixed_number_of_queries(client, coordinator, partner, size, django_assert_max_num_queries):
    for _ in range(size):
        PartnerFactory(parent=partner, parent_relation="member", kind=Partner.Kind.BRAND)
        AgreementFactory(partner=partner)
        TrainingRoundFactory(partner=partner)
        EnterpriseFactory(recruited_by=partner)
        MembershipFactory(partner=partner, user=UserFactory(), role=PartnerMembership.Role.VIEWER)
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("partners:partner_detail", args=[partner.pk]))

    assert response.context["round_count"] == size


@pytest.mark.parametrize("size", [1, 20])
def test_agreement_page_runs_a_fixed_number_of_queries(
    client, coordinator, partner, size, django_assert_max_num_queries
):
    agreements = AgreementFactory.create_batch(size, partner=partner)
    client.force_login(coordinator)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("partners:agreement_detail", args=[agreements[-1].pk]))

    assert response.status_code == 200
