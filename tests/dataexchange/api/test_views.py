"""Every API route, walked from the URL configuration, with the users of a partner family: the owner
coordinator, a viewer of the same partner, an outsider coordinator, ILO staff, a committee member, and a
token of a deactivated user. A new route fails `test_every_api_route_has_an_access_rule` until it is
given a rule here."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from dataexchange.models import ApiToken
from tests.dataexchange.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

SCOPED = (
    "partners",
    "agreements",
    "trainers",
    "certifications",
    "rounds",
    "enrollments",
    "activities",
    "enterprises",
    "measurements",
    "improvements",
    "events",
)
LOOKUPS = ("cities", "modules", "indicators")
SEES_OWN_ROWS = {"owner": True, "viewer": True, "staff": True, "outsider": False, "committee_member": False}
ROLES = sorted(SEES_OWN_ROWS)
# Routes that name no record: how they are covered.
OTHER_ROUTES = {
    "figures": "test_figures.py",
    "feed-figures": "test_feeds.py",
    "results": "test_results.py",
    "feed-results": "test_results.py",
    "global-export": "test_global_export.py",
    "schema": "test_schema.py",
    "docs": "test_schema.py",
}
# Writes on one improvement (test_writes.py covers who may make them).
IMPROVEMENT_ACTIONS = ("improvements-photos", "improvements-submit", "improvements-verify", "improvements-return")


def api_route_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "api":
                yield pattern.name

    return sorted(walk(get_resolver().url_patterns))


def covered_route_names():
    names = set(OTHER_ROUTES) | set(IMPROVEMENT_ACTIONS)
    for resource in SCOPED + LOOKUPS:
        names |= {f"{resource}-list", f"{resource}-detail", f"feed-{resource}"}
    return names


def test_every_api_route_has_an_access_rule():
    assert set(api_route_names()) - covered_route_names() == set()


def list_ids(client, resource, **headers):
    response = client.get(reverse(f"api:{resource}-list"), {"page_size": 500}, **headers)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", SCOPED)
@pytest.mark.parametrize("role", ROLES)
def test_partner_rows_are_listed_and_opened_only_by_those_who_may_see_them(client, request, owned, role, resource):
    client.force_login(request.getfixturevalue(role))
    record = owned[resource]

    detail = client.get(reverse(f"api:{resource}-detail", args=[record.pk]))

    assert (record.pk in list_ids(client, resource)) is SEES_OWN_ROWS[role]
    assert detail.status_code == (200 if SEES_OWN_ROWS[role] else 404)
    if detail.status_code == 200:
        assert detail.json()["id"] == record.pk


@pytest.mark.parametrize("resource", LOOKUPS)
@pytest.mark.parametrize("role", ROLES)
def test_lookup_tables_are_read_by_every_signed_in_user(client, request, owned, role, resource):
    client.force_login(request.getfixturevalue(role))
    record = owned[resource]

    assert record.pk in list_ids(client, resource)
    assert client.get(reverse(f"api:{resource}-detail", args=[record.pk])).status_code == 200


def every_route(owned):
    """(name, url) of every API route but the documentation page, which is for the browser."""
    for name in api_route_names():
        if name == "docs":
            continue
        if name in IMPROVEMENT_ACTIONS:
            yield name, reverse(f"api:{name}", args=[owned["improvements"].pk])
            continue
        resource = name.removesuffix("-detail")
        yield name, reverse(f"api:{name}", args=[owned[resource].pk] if name.endswith("-detail") else [])


def test_token_of_a_deactivated_user_gets_401_everywhere(client, owned, owner):
    api_token = make_token(owner)[1]
    feed_token = make_token(owner, kind=ApiToken.Kind.FEED)[1]
    owner.is_active = False
    owner.save()

    for name, url in every_route(owned):
        if name.startswith("feed-"):
            response = client.get(url, {"token": feed_token})
        else:
            response = client.get(url, **bearer(api_token))
        assert response.status_code == 401, name


def test_anonymous_caller_gets_401_everywhere(client, owned):
    for name, url in every_route(owned):
        assert client.get(url).status_code == 401, name


WRITABLE = ("rounds", "enrollments", "activities", "measurements", "improvements")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_coordinators_records_are_written_and_never_patched_or_deleted(client, owned, owner, method):
    secret = make_token(owner)[1]
    for resource in SCOPED + LOOKUPS:
        list_url = reverse(f"api:{resource}-list")
        detail_url = reverse(f"api:{resource}-detail", args=[owned[resource].pk])
        for url, written_with in ((list_url, "post"), (detail_url, "put")):
            response = getattr(client, method)(url, {}, content_type="application/json", **bearer(secret))
            expected = 400 if resource in WRITABLE and method == written_with else 405
            if expected == 400 and url == detail_url and resource == "improvements":
                expected = 403  # a verified improvement is no longer changed by its coordinator
            assert response.status_code == expected, (method, url)


def test_records_carry_natural_keys_beside_ids(client, owned, owner):
    client.force_login(owner)

    round_ = client.get(reverse("api:rounds-detail", args=[owned["rounds"].pk])).json()
    measurement = client.get(reverse("api:measurements-detail", args=[owned["measurements"].pk])).json()

    assert round_["partner"] == owned["partners"].pk
    assert round_["partner_code"] == "OWN"
    assert round_["module_number"] == 1
    assert round_["city_name"] == owned["rounds"].city.name
    assert measurement["indicator_code"] == "defect-rate"
    assert measurement["enterprise_name"] == owned["enterprises"].name


def test_activity_carries_its_attendance_and_trainers(client, owned, owner):
    client.force_login(owner)

    activity = client.get(reverse("api:activities-detail", args=[owned["activities"].pk])).json()

    assert activity["attendance"] == [
        {
            "enterprise": owned["enterprises"].pk,
            "enterprise_name": owned["enterprises"].name,
            "female_managers": 1,
            "male_managers": 1,
            "female_workers": 1,
            "male_workers": 1,
            "total": 4,
        }
    ]
    assert activity["participants"] == 4
    assert [trainer["id"] for trainer in activity["trainers"]] == [owned["trainers"].pk]


def test_enterprise_carries_its_improvement_team_or_null(client, owned, owner):
    client.force_login(owner)
    team = owned["enterprises"].improvement_team

    with_team = client.get(reverse("api:enterprises-detail", args=[owned["enterprises"].pk])).json()
    team.delete()
    without_team = client.get(reverse("api:enterprises-detail", args=[owned["enterprises"].pk])).json()

    assert with_team["improvement_team"]["members"] == team.members
    assert with_team["supplies_brands"] == ["BRAND-OWN-0"]
    assert without_team["improvement_team"] is None


def test_improvement_links_to_the_scoped_photo_view(client, owned, owner, outsider):
    client.force_login(owner)

    improvement = client.get(reverse("api:improvements-detail", args=[owned["improvements"].pk])).json()
    photo_urls = [photo["display_url"] for photo in improvement["photos"]]

    assert [photo["stage"] for photo in improvement["photos"]] == ["after", "before"]
    assert (improvement["before_photos"], improvement["after_photos"]) == (1, 1)
    assert all(url.startswith("http://testserver/improvements/photos/") for url in photo_urls)
    assert client.get(photo_urls[0]).status_code == 200
    client.force_login(outsider)
    assert client.get(photo_urls[0]).status_code == 404


def test_improvement_names_its_category_by_code_with_both_names_and_filters_by_code(client, owned, owner):
    client.force_login(owner)
    url = reverse("api:improvements-list")

    improvement = client.get(reverse("api:improvements-detail", args=[owned["improvements"].pk])).json()
    same = client.get(url, {"category": owned["improvements"].category_id}).json()["results"]
    other = client.get(url, {"category": "gender"}).json()["results"]
    unknown = client.get(url, {"category": "productivity"})

    assert (improvement["category"], improvement["category_name_en"], improvement["category_name_zh_hans"]) == (
        "osh",
        "Occupational safety and health",
        "职业安全健康",
    )
    assert [row["id"] for row in same] == [owned["improvements"].pk] and other == []
    assert unknown.status_code == 400 and "category" in unknown.json()


def test_viewer_sees_verified_improvements_only_like_in_the_gallery(client, owned, owner, viewer):
    draft = owned["improvements"]
    draft.status = "draft"
    draft.verified_by = draft.verified_at = None
    draft.save()

    client.force_login(owner)
    assert draft.pk in list_ids(client, "improvements")
    client.force_login(viewer)
    assert draft.pk not in list_ids(client, "improvements")
    assert client.get(reverse("api:improvements-detail", args=[draft.pk])).status_code == 404
