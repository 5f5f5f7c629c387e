"""The invitation e-mail, sent by the task queue (never inside the request that invites)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task


def invitation_link(person, site_url):
    """The link that lets `person` choose a password: Django's password-reset link, which works once (choosing a
    password changes what its token signs) and expires after settings.PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return site_url.rstrip("/") + path


@task()
def send_invitation(person_id, invited_by_id, site_url, language):
    users = get_user_model().objects
    person = users.filter(pk=person_id, is_active=True).first()
    if person is None or person.has_usable_password():
        return  # deactivated, or already chose a password: nothing to send
    invited_by = users.filter(pk=invited_by_id).first()
    with translation.override(language):
        context = {
            "person": person,
            "invited_by": invited_by,
            "link": invitation_link(person, site_url),
            "days": settings.INVITATION_DAYS,
        }
        send_mail(
            _("Your SCORE MIS account"),
            render_to_string("partners/invitation_email.txt", context),
            None,
            [person.email],
        )
