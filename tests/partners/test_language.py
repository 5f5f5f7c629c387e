import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from partners.models import UserPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch_language(client, language, next_url="/"):
    return client.post(reverse("language_set"), {"language": language, "next": next_url})


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_switching_language_is_kept_on_the_user(client):
    user = UserFactory()
    client.force_login(user)

    response = switch_language(client, "zh-hans", next_url=reverse("home"))

    assert response.status_code == 302 and response.url == reverse("home")
    assert response.cookies[COOKIE].value == "zh-hans"
    assert UserPreference.objects.get(user=user).language == "zh-hans"
    assert '<html lang="zh-hans">' in client.get(reverse("home")).content.decode()


def test_switching_back_replaces_the_kept_language(client):
    user = UserFactory()
    client.force_login(user)
    switch_language(client, "zh-hans")

    switch_language(client, "en")

    assert list(UserPreference.objects.filter(user=user).values_list("language", flat=True)) == ["en"]


def test_sign_in_on_another_browser_restores_the_chosen_language(client):
    user = UserFactory()
    client.force_login(user)
    switch_language(client, "zh-hans")
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = sign_in(other_browser, user)

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "zh-hans"
    home = other_browser.get(response.url).content.decode()
    assert '<html lang="zh-hans">' in home
    assert "退出登录" in home  # "Sign out"


def test_sign_in_without_a_kept_language_follows_the_browser(client):
    user = UserFactory()

    response = sign_in(client, user)

    assert response.status_code == 302
    assert COOKIE not in response.cookies


def test_failed_sign_in_leaves_the_language_alone(client):
    user = UserFactory()
    UserPreference.objects.create(user=user, language="zh-hans")

    response = client.post(reverse("login"), {"username": user.username, "password": "wrong password"})

    assert response.status_code == 200
    assert COOKIE not in response.cookies


def test_switching_language_before_signing_in_keeps_nothing_on_the_server(client):
    response = switch_language(client, "zh-hans", next_url=reverse("login"))

    assert response.cookies[COOKIE].value == "zh-hans"
    assert not UserPreference.objects.exists()


def test_a_language_the_interface_does_not_offer_is_not_kept(client):
    user = UserFactory()
    client.force_login(user)

    switch_language(client, "fr")

    assert not UserPreference.objects.exists()
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_switching_language_takes_only_posts(client):
    client.force_login(UserFactory())

    assert client.get(reverse("language_set"), {"language": "zh-hans"}).status_code == 405


def test_first_visit_follows_a_chinese_browser(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8").content.decode()

    assert '<html lang="zh-hans">' in html
    assert "登录 SCORE 管理信息系统" in html  # "Sign in to SCORE MIS"


def test_first_visit_follows_an_english_browser(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="en">' in html
    assert "Sign in to SCORE MIS" in html
