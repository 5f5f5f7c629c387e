import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dataexchange.api.services import api_token_create, token_digest
from dataexchange.models import ApiToken
from tests.dataexchange.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

ROUNDS = "/api/rounds/"


def test_token_is_stored_only_as_its_digest(owner):
    token, secret = make_token(owner)

    assert secret.startswith("scoreapi_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == token_digest(secret)
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)


def test_two_tokens_are_never_the_same(owner):
    assert make_token(owner)[1] != make_token(owner)[1]


def test_api_token_reads_as_its_user(client, owned, owner):
    secret = make_token(owner)[1]

    response = client.get(ROUNDS, **bearer(secret))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [owned["rounds"].pk]


def test_use_of_a_token_is_recorded_at_most_once_a_minute(client, owner):
    token, secret = make_token(owner)

    client.get(ROUNDS, **bearer(secret))
    token.refresh_from_db()
    first_use = token.last_used_at
    client.get(ROUNDS, **bearer(secret))
    token.refresh_from_db()

    assert first_use is not None
    assert token.last_used_at == first_use


def test_revoked_token_gets_401(client, owner):
    token, secret = make_token(owner)
    token.revoke()

    response = client.get(ROUNDS, **bearer(secret))

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_gets_401(client, owner):
    token, secret = make_token(owner)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))

    response = client.get(ROUNDS, **bearer(secret))

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_token_works_on_its_last_day(client, owner):
    token, secret = make_token(owner)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate())

    assert client.get(ROUNDS, **bearer(secret)).status_code == 200


def test_unknown_or_malformed_token_gets_401(client, owner):
    secret = make_token(owner)[1]

    assert client.get(ROUNDS, **bearer(secret + "x")).status_code == 401
    assert client.get(ROUNDS, HTTP_AUTHORIZATION=f"Bearer {secret} extra").status_code == 401


def test_feed_token_does_not_open_the_api_and_api_token_does_not_open_feeds(client, owner):
    feed_secret = make_token(owner, kind=ApiToken.Kind.FEED)[1]
    api_secret = make_token(owner)[1]

    assert client.get(ROUNDS, **bearer(feed_secret)).status_code == 401
    assert client.get(reverse("api:feed-rounds"), {"token": api_secret}).status_code == 401
    assert client.get(reverse("api:feed-rounds"), {"token": feed_secret}).status_code == 200


def test_expiry_must_be_within_a_year_and_not_past(owner):
    today = timezone.localdate()

    with pytest.raises(ValidationError) as past:
        api_token_create(user=owner, name="old", kind="api", expires_on=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as too_far:
        api_token_create(user=owner, name="long", kind="api", expires_on=today + datetime.timedelta(days=400))

    assert "expires_on" in past.value.message_dict
    assert "expires_on" in too_far.value.message_dict
    assert not ApiToken.objects.exists()


def test_requests_beyond_the_rate_get_429_per_token(client, owner, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    first, second = make_token(owner, name="first")[1], make_token(owner, name="second")[1]

    statuses = [client.get(ROUNDS, **bearer(first)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert client.get(ROUNDS, **bearer(second)).status_code == 200


def test_session_requests_are_throttled_per_user(client, owner, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    client.force_login(owner)

    assert [client.get(ROUNDS).status_code for _ in range(3)] == [200, 200, 429]


def test_session_keeps_csrf_protection(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(ROUNDS, {}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
