"""The OpenAPI schema documents every API route; the documentation page works without any CDN."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.dataexchange.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

SCHEMA_AND_DOCS = {"schema", "docs"}


def api_routes():
    """(name, example URL) of every route in the "api" namespace, found by walking the URL configuration."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "api":
                yield pattern.name, dict.fromkeys(pattern.pattern.converters, 1)

    return [(name, reverse(f"api:{name}", kwargs=kwargs)) for name, kwargs in walk(get_resolver().url_patterns)]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def path_pattern(path):
    """A regular expression for the URLs of an OpenAPI path such as /api/rounds/{id}/."""
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts) + "$")


def test_every_api_route_is_documented(schema):
    documented = [path_pattern(path) for path in schema["paths"]]

    undocumented = [
        name
        for name, url in api_routes()
        if name not in SCHEMA_AND_DOCS and not any(path.match(url) for path in documented)
    ]

    assert undocumented == []
    assert len(api_routes()) > 40


WRITES = {
    "/api/rounds/": {"post"},
    "/api/rounds/{id}/": {"put"},
    "/api/enrollments/": {"post"},
    "/api/enrollments/{id}/": {"put"},
    "/api/activities/": {"post"},
    "/api/activities/{id}/": {"put"},
    "/api/measurements/": {"post"},
    "/api/measurements/{id}/": {"put"},
    "/api/improvements/": {"post"},
    "/api/improvements/{id}/": {"put"},
    "/api/improvements/{id}/photos/": {"post"},
    "/api/improvements/{id}/submit/": {"post"},
    "/api/improvements/{id}/verify/": {"post"},
    "/api/improvements/{id}/return/": {"post"},
    "/api/exports/global/": {"post"},
}


def test_every_operation_is_a_documented_read_or_one_of_the_coordinators_writes(schema):
    for path, operations in schema["paths"].items():
        methods = set(operations) - {"parameters"}
        reads = set() if path.endswith(("/photos/", "/submit/", "/verify/", "/return/", "/global/")) else {"get"}
        assert methods == reads | WRITES.get(path, set()), path
        for method in methods:
            assert any(status.startswith("2") for status in operations[method]["responses"]), (path, method)


def test_edits_document_the_version_they_carry_and_the_conflict(schema):
    for path, methods in WRITES.items():
        if "put" in methods:
            operation = schema["paths"][path]["put"]
            body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert "version" in schema["components"]["schemas"][body]["required"], path
            assert "409" in operation["responses"], path


def test_lists_and_feeds_document_their_filters_and_pagination(schema):
    rounds = {parameter["name"] for parameter in schema["paths"]["/api/rounds/"]["get"]["parameters"]}
    partners = {parameter["name"] for parameter in schema["paths"]["/api/partners/"]["get"]["parameters"]}
    rounds_feed = schema["paths"]["/api/feeds/rounds.csv"]["get"]

    assert {"cursor", "page_size", "status", "partner", "search", "ordering"} <= rounds
    assert {"page", "page_size", "kind", "search"} <= partners
    assert "text/csv" in rounds_feed["responses"]["200"]["content"]
    assert {"feedToken": []} in rounds_feed["security"]


def test_schema_is_served_to_signed_in_users_and_token_holders(client, owner):
    secret = make_token(owner)[1]

    assert client.get(reverse("api:schema")).status_code == 401
    assert client.get(reverse("api:schema"), **bearer(secret)).status_code == 200
    client.force_login(owner)
    assert client.get(reverse("api:schema"), {"format": "json"}).json()["info"]["title"] == "SCORE MIS API"


def test_docs_page_sends_visitors_to_sign_in(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_docs_page_loads_its_assets_from_the_app_and_no_inline_script(client, owner):
    client.force_login(owner)

    html = client.get(reverse("api:docs")).content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    script = client.get(sources[-1])

    assert "<script>" not in html
    assert all(src.startswith("/static/drf_spectacular_sidecar/") for src in sources[:2])
    assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))
    assert script.status_code == 200
    assert reverse("api:schema") in script.content.decode()


def test_every_choice_field_carries_its_chinese_label(schema):
    schemas = schema["components"]["schemas"]
    enums = {name for name, component in schemas.items() if "enum" in component}

    def enum_of(prop):
        references = [prop.get("$ref"), *(part.get("$ref") for part in prop.get("allOf", []) + prop.get("oneOf", []))]
        return next((ref.rsplit("/", 1)[-1] for ref in references if ref and ref.rsplit("/", 1)[-1] in enums), None)

    choice_fields = {
        (component, name): prop
        for component, body in schemas.items()
        for name, prop in body.get("properties", {}).items()
        if enum_of(prop) or "enum" in prop
    }

    assert len(choice_fields) > 30
    assert [field for field, prop in choice_fields.items() if not prop.get("x-label-zh")] == []
    assert choice_fields[("Activity", "kind")]["x-label-zh"] == "类型"
    assert choice_fields[("ResultRow", "status")]["x-label-zh"] == "状态"
