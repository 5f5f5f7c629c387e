import csv
import io

import pytest
from django.urls import reverse

from dataexchange.models import ApiToken
from score_mis.formulas import neutralise
from tests.dataexchange.api.conftest import make_token

pytestmark = pytest.mark.django_db


def feed(client, name, secret, **params):
    response = client.get(reverse(f"api:feed-{name}"), {"token": secret, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def feed_token(owner):
    return make_token(owner, kind=ApiToken.Kind.FEED)[1]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("＝HYPERLINK()", "'＝HYPERLINK()"),
        ("  =after spaces", "'  =after spaces"),
        ("\u3000＋ideographic space", "'\u3000＋ideographic space"),
        ("Deyang cable factory", "Deyang cable factory"),
        ("a=b", "a=b"),
        ("-12.50", "-12.50"),
        ("", ""),
        (7, 7),
        (None, None),
    ],
)
def test_text_that_would_run_as_a_formula_is_neutralised(text, safe):
    assert neutralise(text) == safe


def test_rounds_feed_has_stable_english_columns_and_the_visible_rows(client, owned, feed_token):
    rows = feed(client, "rounds", feed_token)

    assert list(rows[0]) == [
        "id",
        "version",
        "title_en",
        "title_zh_hans",
        "partner",
        "partner_code",
        "module",
        "module_number",
        "city",
        "city_name",
        "kind",
        "status",
        "phase",
        "starts_on",
        "ends_on",
        "cost_total",
        "cost_non_ilo",
        "enrolled_enterprises",
        "description_en",
        "description_zh_hans",
    ]
    assert [(row["id"], row["partner_code"], row["starts_on"]) for row in rows] == [
        (str(owned["rounds"].pk), "OWN", "2015-06-01")
    ]


def test_enterprise_feed_flattens_the_team_and_joins_brand_codes(client, owned, feed_token):
    [row] = feed(client, "enterprises", feed_token)

    team = owned["enterprises"].improvement_team
    assert row["improvement_team_members"] == str(team.members)
    assert row["improvement_team_established_on"] == team.established_on.isoformat()
    assert row["supplies_brands"] == "BRAND-OWN-0"


def test_activity_feed_carries_attendance_totals_not_the_nested_lists(client, owned, feed_token):
    [row] = feed(client, "activities", feed_token)

    assert "attendance" not in row and "trainers" not in row
    assert (row["female_managers"], row["participants"]) == ("1", "4")


def test_formula_in_a_name_reaches_the_feed_neutralised(client, owned, feed_token):
    enterprise = owned["enterprises"]
    enterprise.name = '=HYPERLINK("http://example.org","click")'
    enterprise.save()

    [row] = feed(client, "enterprises", feed_token)

    assert row["name_en"] == "'" + enterprise.name_en


def test_feed_keeps_the_lists_filters(client, owned, feed_token):
    assert feed(client, "rounds", feed_token, status="completed") == []
    assert len(feed(client, "rounds", feed_token, status="planned")) == 1


def test_feed_of_an_outsider_has_none_of_the_partners_rows(client, owned, outsider):
    secret = make_token(outsider, kind=ApiToken.Kind.FEED)[1]

    for name in ("rounds", "enterprises", "improvements", "measurements", "activities"):
        assert feed(client, name, secret) == [], name


def test_feed_without_a_token_gets_401_as_csv(client, owned):
    response = client.get(reverse("api:feed-rounds"))

    assert response.status_code == 401
    assert "detail" in response.content.decode("utf-8-sig")


def test_signed_in_browser_downloads_a_feed_without_a_token(client, owned, owner):
    client.force_login(owner)

    response = client.get(reverse("api:feed-rounds"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="rounds.csv"'


def test_figures_feed_has_one_number_a_row(client, owned, feed_token):
    rows = feed(client, "figures", feed_token, start="2015-01-01", end="2015-12-31")

    assert list(rows[0]) == ["start", "end", "section", "key", "label", "measure", "value"]
    values = {(row["section"], row["key"], row["measure"]): row["value"] for row in rows}
    assert values["headline", "", "enterprises"] == "1"
    assert values["headline", "", "verified_improvements"] == "1"
    assert values["participants", "", "total"] == "4"
    assert values["rounds_by_status", "", "planned"] == "1"
    assert all(row["start"] == "2015-01-01" and row["end"] == "2015-12-31" for row in rows)
