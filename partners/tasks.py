"""E-mail sent by the task queue, never inside a request: the invitation, and notifications (one at once, or a
user's weekly digest)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from partners.models import Delivery, Notification
from partners.notifications import email_texts


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


def _send(user, notifications):
    subject, body = email_texts(user, notifications)
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())


@task()
def notification_email(notification_id):
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return
    _send(notification.recipient, [notification])


@task()
def notification_digest(user_id):
    """One e-mail with every digest notification of the user not e-mailed yet, grouped by kind."""
    pending = list(
        Notification.objects.select_related("recipient")
        .filter(recipient_id=user_id, delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .order_by("kind", "created_at")
    )
    if pending and pending[0].recipient.email and pending[0].recipient.is_active:
        _send(pending[0].recipient, pending)


def digests_enqueue():
    """Queue the digest of every user who has one waiting; how many were queued."""
    user_ids = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    queued = 0
    for user_id in user_ids:
        notification_digest.enqueue(user_id=user_id)
        queued += 1
    return queued
