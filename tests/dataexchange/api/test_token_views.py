import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dataexchange.api.services import token_digest
from dataexchange.models import ApiToken
from tests.dataexchange.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

PAGE = "/data/api-tokens/"


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_new_api_token_is_shown_once_and_works(client, owner, owned):
    client.force_login(owner)

    response = client.post(PAGE, {"name": "Provincial dashboard", "kind": "api", "expires_on": in_days(30)})

    assert response.status_code == 200
    secret = response.context["created"]["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=owner)
    assert (token.name, token.digest) == ("Provincial dashboard", token_digest(secret))
    assert client.get(reverse("api:rounds-list"), **bearer(secret)).status_code == 200
    page = client.get(PAGE).content.decode()
    assert "Provincial dashboard" in page
    assert secret not in page


def test_new_feed_token_comes_with_working_feed_urls(client, owner, owned):
    client.force_login(owner)

    response = client.post(PAGE, {"name": "Excel workbook", "kind": "feed", "expires_on": in_days(90)})

    feeds = dict(response.context["created"]["feeds"])
    rounds_url = next(url for label, url in feeds.items() if str(label) == "training rounds")
    client.logout()
    feed = client.get(rounds_url)
    assert feed.status_code == 200
    assert owned["rounds"].title in feed.content.decode("utf-8-sig")
    assert len(feeds) == 15


def test_expiry_in_the_past_is_refused_with_a_message(client, owner):
    client.force_login(owner)

    response = client.post(PAGE, {"name": "Old", "kind": "api", "expires_on": in_days(-1)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"expires_on": ["Choose a day from today on."]}
    assert not ApiToken.objects.exists()


def test_owner_revokes_a_token_and_programs_are_refused(client, owner):
    token, secret = make_token(owner)
    client.force_login(owner)

    response = client.post(reverse("dataexchange:api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    client.logout()
    assert client.get(reverse("api:rounds-list"), **bearer(secret)).status_code == 401


def test_nobody_revokes_another_users_token(client, owner, viewer):
    token = make_token(owner)[0]
    client.force_login(viewer)

    response = client.post(reverse("dataexchange:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_page_lists_only_the_users_own_tokens_with_their_status(client, owner, viewer):
    make_token(owner, name="Owner script")
    expired = make_token(viewer, name="Viewer script")[0]
    ApiToken.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(viewer)

    page = client.get(PAGE).content.decode()

    assert "Viewer script" in page
    assert "Expired" in page
    assert "Owner script" not in page
