import pytest
from django.urls import reverse

from partners import roles
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def menu(client, user, path="/"):
    client.force_login(user)
    response = client.get(path)
    return [(item.label, item.current) for item in response.context["menu"]]


def labels(items):
    return [str(label) for label, _current in items]


def test_ilo_staff_menu_has_every_page(client, ilo_staff):
    assert labels(menu(client, ilo_staff)) == [
        "Home",
        "Partners",
        "People",
        "Enterprises",
        "Training rounds",
        "Trainers",
        "Events",
        "Improvements",
        "Dashboard",
        "Reports",
        "Data quality",
        "Frozen reports",
        "Results",
        "Spreadsheets",
        "Reference data",
    ]


def test_committee_menu_leads_only_to_reports(client, committee_member):
    assert labels(menu(client, committee_member)) == ["Home", "Dashboard", "Reports", "Frozen reports", "Results"]


def test_coordinator_menu_has_no_staff_pages(client, coordinator):
    shown = labels(menu(client, coordinator))

    assert "Partners" in shown and "Training rounds" in shown
    assert "Reference data" not in shown and "Frozen reports" not in shown


def test_reviewer_and_user_without_role_menus(client):
    assert labels(menu(client, user_with_role(roles.REVIEWER))) == ["Home", "Improvements"]
    assert labels(menu(client, UserFactory())) == ["Home"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Home"),
        ("/trainings/rounds/", "Training rounds"),
        ("/enterprises/indicators/", "Reference data"),
        ("/enterprises/", "Enterprises"),
        ("/reports/frozen/", "Frozen reports"),
        ("/reports/committee/", "Reports"),
    ],
)
def test_menu_marks_the_current_page(client, ilo_staff, path, current):
    items = menu(client, ilo_staff, path)

    assert [str(label) for label, is_current in items if is_current] == [current]


def test_current_item_carries_aria_current(client, ilo_staff):
    client.force_login(ilo_staff)

    content = client.get(reverse("partners:partner_list")).content.decode()

    assert f'href="{reverse("partners:partner_list")}" aria-current="page"' in content
    assert content.count('aria-current="page"') == 1
