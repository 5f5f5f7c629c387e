"""Sending notifications by e-mail, run by the task queue: one at once, or a user's weekly digest."""

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from partners.models import Delivery, Notification
from partners.notifications import email_texts


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
