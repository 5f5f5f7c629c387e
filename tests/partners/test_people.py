import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partners import roles, services
from partners.models import PartnerMembership
from tests.factories import PartnerFactory, UserFactory, user_with_role
from tests.pages import submit_as_rendered

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new secret 2015"


def role(name):
    return Group.objects.get(name=name)


def invite(client, partner, email="wang.fang@cec.example.org"):
    return submit_as_rendered(
        client,
        reverse("partners:person_invite"),
        email=email,
        first_name="Fang",
        last_name="Wang",
        groups=[role(roles.PARTNER_COORDINATOR).pk],
        partner=partner.pk,
        partner_role=PartnerMembership.Role.COORDINATOR,
    )


def invitation_link():
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def choose_password(client, link):
    """Open the invitation link as the invited person and choose a password; the answer to the POST."""
    page = client.get(link, follow=True)
    if not page.context["validlink"]:
        return page
    return client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_ilo_staff_invite_a_coordinator_who_chooses_a_password_and_signs_in(
    client, ilo_staff, partner, run_queued_tasks
):
    client.force_login(ilo_staff)

    response = invite(client, partner)

    person = get_user_model().objects.get(email="wang.fang@cec.example.org")
    assert response.status_code == 302 and response.url == reverse("partners:person_detail", args=[person.pk])
    assert not person.has_usable_password() and person.username == "wang.fang@cec.example.org"
    assert list(person.groups.values_list("name", flat=True)) == [roles.PARTNER_COORDINATOR]
    assert person.partner_memberships.get().partner == partner
    assert mail.outbox == []  # the e-mail leaves from the task queue, not the request
    run_queued_tasks()
    assert mail.outbox[0].to == ["wang.fang@cec.example.org"]
    client.logout()

    done = choose_password(client, invitation_link())

    assert done.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "wang.fang@cec.example.org", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")


def test_invitation_link_works_once(client, ilo_staff, partner, run_queued_tasks):
    client.force_login(ilo_staff)
    invite(client, partner)
    run_queued_tasks()
    link = invitation_link()
    client.logout()
    choose_password(client, link)
    client.logout()

    again = choose_password(client, link)

    assert again.status_code == 200
    assert "This link no longer works" in again.content.decode()


def test_invitation_link_expires(client, ilo_staff, partner, run_queued_tasks, settings):
    client.force_login(ilo_staff)
    invite(client, partner)
    run_queued_tasks()
    client.logout()
    settings.PASSWORD_RESET_TIMEOUT = -1  # the link is older than any allowed age

    response = choose_password(client, invitation_link())

    assert "This link no longer works" in response.content.decode()


def test_invitation_in_chinese_is_written_in_chinese(client, ilo_staff, partner, run_queued_tasks):
    client.force_login(ilo_staff)
    client.cookies["django_language"] = "zh-hans"

    invite(client, partner)
    run_queued_tasks()

    assert "SCORE" in mail.outbox[0].subject and "密码" in mail.outbox[0].body


def test_an_email_address_is_invited_once(client, ilo_staff, partner):
    client.force_login(ilo_staff)
    invite(client, partner)

    response = invite(client, partner, email="Wang.Fang@cec.example.org")

    assert response.status_code == 200
    assert "Someone already has an account with this e-mail address." in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="wang.fang@cec.example.org").count() == 1


def test_coordinator_cannot_invite_or_grant_roles(client, coordinator, viewer, partner):
    client.force_login(coordinator)

    assert client.get(reverse("partners:person_invite")).status_code == 403
    response = client.post(
        reverse("partners:person_update", args=[viewer.pk]),
        {
            "email": viewer.email,
            "groups": [role(roles.ILO_STAFF).pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert not viewer.groups.filter(name=roles.ILO_STAFF).exists()
    with pytest.raises(PermissionDenied):
        services.person_update(
            user=coordinator, person=viewer, groups=[role(roles.ILO_STAFF)], memberships=[], removed=[]
        )
    with pytest.raises(PermissionDenied):
        services.person_invite(
            user=coordinator,
            email="x@example.org",
            first_name="",
            last_name="",
            groups=[role(roles.ILO_STAFF)],
            memberships=[],
            site_url="http://testserver/",
            language="en",
        )


def test_ilo_staff_change_roles_and_memberships_and_it_is_in_the_history(
    client, ilo_staff, viewer, partner, other_partner
):
    client.force_login(ilo_staff)
    url = reverse("partners:person_update", args=[viewer.pk])

    response = submit_as_rendered(
        client,
        url,
        groups=[role(roles.PARTNER_COORDINATOR).pk],
        **{
            "memberships-0-role": PartnerMembership.Role.COORDINATOR,
            "memberships-1-partner": other_partner.pk,
            "memberships-1-role": PartnerMembership.Role.VIEWER,
        },
    )

    assert response.status_code == 302
    assert list(viewer.groups.values_list("name", flat=True)) == [roles.PARTNER_COORDINATOR]
    assert dict(viewer.partner_memberships.values_list("partner__code", "role")) == {
        "CEC": PartnerMembership.Role.COORDINATOR,
        "ETI": PartnerMembership.Role.VIEWER,
    }
    page = client.get(reverse("partners:person_detail", args=[viewer.pk])).content.decode()
    assert "Roles: Partner viewer → Partner coordinator" in page
    assert "Became Viewer of Ethical Trading Initiative" in page
    assert "Ethical Trading Initiative: role now Coordinator" not in page
    assert ilo_staff.username in page


def test_ilo_staff_remove_a_membership(client, ilo_staff, viewer):
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client, reverse("partners:person_update", args=[viewer.pk]), **{"memberships-0-DELETE": "on"}
    )

    assert response.status_code == 302
    assert not viewer.partner_memberships.exists()


def test_ilo_staff_deactivate_and_reactivate_a_user(client, ilo_staff, coordinator):
    client.force_login(ilo_staff)
    url = reverse("partners:person_set_active", args=[coordinator.pk])

    client.post(url, {"active": "0"})
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    page = client.get(reverse("partners:person_detail", args=[coordinator.pk])).content.decode()
    assert "Active: yes → no" in page

    client.post(url, {"active": "1"})
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_staff_cannot_deactivate_themselves_or_change_a_superuser(client, ilo_staff):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(ilo_staff)

    assert client.post(reverse("partners:person_set_active", args=[ilo_staff.pk]), {"active": "0"}).status_code == 403
    assert client.post(reverse("partners:person_set_active", args=[superuser.pk]), {"active": "0"}).status_code == 403
    assert client.get(reverse("partners:person_update", args=[superuser.pk])).status_code == 403


def test_person_page_shows_last_sign_in(client, ilo_staff, coordinator):
    coordinator.last_login = datetime.datetime(2015, 8, 20, 9, 30, tzinfo=datetime.UTC)
    coordinator.save(update_fields=["last_login"])
    client.force_login(ilo_staff)

    content = client.get(reverse("partners:person_detail", args=[coordinator.pk])).content.decode()

    assert "2015-08-20 17:30" in content  # Asia/Shanghai


def test_coordinator_sees_who_else_works_for_their_partner(client, coordinator, viewer, outsider, partner):
    client.force_login(coordinator)

    response = client.get(reverse("partners:person_list"))

    assert {p.username for p in response.context["page_obj"]} == {coordinator.username, viewer.username}
    assert "Invite someone" not in response.content.decode()
    assert client.get(reverse("partners:person_detail", args=[outsider.pk])).status_code == 404
    detail = client.get(reverse("partners:person_detail", args=[viewer.pk])).content.decode()
    assert "Change roles and partners" not in detail and "History" not in detail


def test_committee_member_sees_nobody(client, committee_member, coordinator):
    client.force_login(committee_member)

    assert list(client.get(reverse("partners:person_list")).context["page_obj"]) == []
    assert client.get(reverse("partners:person_detail", args=[coordinator.pk])).status_code == 404


def test_people_list_filters_by_role_and_partner(client, ilo_staff, coordinator, viewer, outsider, other_partner):
    client.force_login(ilo_staff)

    by_role = client.get(reverse("partners:person_list"), {"role": role(roles.PARTNER_VIEWER).pk})
    by_partner = client.get(reverse("partners:person_list"), {"partner": other_partner.pk})

    assert [p.username for p in by_role.context["page_obj"]] == [viewer.username]
    assert [p.username for p in by_partner.context["page_obj"]] == [outsider.username]


@pytest.mark.parametrize("size", [2, 40])
def test_people_list_runs_a_fixed_number_of_queries(client, ilo_staff, partner, size, django_assert_max_num_queries):
    for _ in range(size):
        user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory())
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("partners:person_list"))

    assert len(response.context["page_obj"]) == min(size + 1, 50)


@pytest.mark.parametrize("size", [2, 20])
def test_person_page_runs_a_fixed_number_of_queries(
    client, ilo_staff, coordinator, size, django_assert_max_num_queries
):
    for n in range(size):
        services.person_update(
            user=ilo_staff,
            person=coordinator,
            groups=[role(roles.PARTNER_COORDINATOR)],
            memberships=[PartnerMembership(partner=PartnerFactory(), role=PartnerMembership.Role.VIEWER)],
            removed=[],
            first_name=f"Name {n}",
        )
    client.force_login(ilo_staff)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("partners:person_detail", args=[coordinator.pk]))

    assert len(response.context["history"]) >= size
