import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_change_pages_use_the_site_layout(client):
    user = UserFactory()
    client.force_login(user)

    form_page = client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a longer new secret 42",
            "new_password2": "a longer new secret 42",
        },
        follow=True,
    )

    assert 'class="navbar' in form_page
    assert "Change my password" in form_page
    assert "Your password was changed." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a longer new secret 42")
