"""Notifications: an inbox in the app for every user, and e-mail (at once or in a weekly digest) as each user
chooses per kind. The higher apps' services call `notify`; e-mail is sent by tasks (partners.tasks), never inside
a request, in the recipient's language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from partners import roles
from partners.models import Delivery, Notification, NotificationKind, NotificationPreference, UserPreference
from score_mis.bilingual import either

# What each kind says, filled with its `params`.
MESSAGES = {
    NotificationKind.IMPROVEMENT_SUBMITTED: _("“%(title)s” was sent for review."),
    NotificationKind.IMPROVEMENT_RETURNED: _("“%(title)s” was returned to you: %(comment)s"),
    NotificationKind.IMPROVEMENT_VERIFIED: _("“%(title)s” was verified."),
    NotificationKind.FOLLOW_UP_DUE: _(
        "Follow-up measurements of %(enterprise)s are due (%(months)s months after Module 1, on %(due)s)."
    ),
    NotificationKind.ROUND_OVERDUE: _("The round “%(title)s” ended on %(ended)s and is not marked completed."),
}

DEFAULT_DELIVERY = {
    NotificationKind.IMPROVEMENT_SUBMITTED: Delivery.EMAIL,
    NotificationKind.IMPROVEMENT_RETURNED: Delivery.EMAIL,
    NotificationKind.IMPROVEMENT_VERIFIED: Delivery.IN_APP,
    NotificationKind.FOLLOW_UP_DUE: Delivery.DIGEST,
    NotificationKind.ROUND_OVERDUE: Delivery.DIGEST,
}

# A reminder with the same key is not repeated within this many days.
REMINDER_QUIET_DAYS = 7


def text_of(notification):
    """What the notification says, in the active language (a name with a Chinese version, `<key>_zh`, in the reader's
    language, else in the other)."""
    params = dict(notification.params)
    for key in [key for key in params if key.endswith("_zh")]:
        params[key.removesuffix("_zh")] = either(params.get(key.removesuffix("_zh"), ""), params.pop(key))
    return MESSAGES[notification.kind] % params


def language_of(user):
    preference = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return preference or settings.LANGUAGE_CODE


def deliveries_for(user):
    """{kind: delivery} for every kind, the user's choices over the defaults."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NotificationKind}


def preferences_save(*, user, deliveries):
    """Keep the user's choice of delivery for each kind in `deliveries` ({kind: delivery})."""
    with transaction.atomic():
        for kind, delivery in deliveries.items():
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def reviewers():
    """Everyone who reviews improvements: ILO staff and the reviewers they name."""
    return (
        get_user_model().objects.filter(is_active=True, groups__name__in=[roles.ILO_STAFF, roles.REVIEWER]).distinct()
    )


def notify(*, recipients, kind, params, link="", key=""):
    """Tell each of `recipients` (users; inactive ones and repeats are skipped) of `kind`, filled with `params`,
    linking to `link`. With a `key`, a recipient who had the same one in the last week is not told again.
    E-mails are queued once the transaction commits."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key:
        recent = timezone.now() - timezone.timedelta(days=REMINDER_QUIET_DAYS)
        told = Notification.objects.filter(recipient_id__in=users, key=key, created_at__gte=recent)
        for pk in told.values_list("recipient_id", flat=True):
            users.pop(pk, None)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=users, kind=kind).values_list("user_id", "delivery")
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            params=params,
            link=link,
            key=key,
            delivery=chosen.get(user.pk, DEFAULT_DELIVERY[kind]),
        )
        for user in users.values()
    )
    immediate = [n.pk for n in notifications if n.delivery == Delivery.EMAIL and n.recipient.email]
    if immediate:
        from partners.tasks import notification_email

        transaction.on_commit(lambda: [notification_email.enqueue(notification_id=pk) for pk in immediate])
    return notifications


def notifications_mark_read(*, user, notifications=None):
    """Mark the user's notifications (all of them, or those in the queryset `notifications`) read."""
    unread = Notification.objects.filter(recipient=user).unread()
    if notifications is not None:
        unread = unread.filter(pk__in=notifications.values("pk"))
    return unread.update(read_at=timezone.now())


def unread_count(user):
    """How many notifications `user` has not read: the number on the bell."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def absolute(link):
    return f"{settings.SITE_URL}{link}" if link.startswith("/") else link


def email_texts(user, notifications):
    """The subject and body of one e-mail to `user` telling `notifications`, grouped by kind, in their language."""
    with translation.override(language_of(user)):
        if len(notifications) == 1:
            subject = str(notifications[0].get_kind_display())
        else:
            subject = str(_("SCORE MIS: %(count)s notifications this week") % {"count": len(notifications)})
        lines = []
        for kind in NotificationKind:
            of_kind = [n for n in notifications if n.kind == kind]
            if not of_kind:
                continue
            if len(notifications) > 1:
                lines += ["", str(kind.label), "-" * 20]
            for notification in of_kind:
                lines.append(f"- {text_of(notification)}")
                if notification.link:
                    lines.append(f"  {absolute(notification.link)}")
        lines += ["", str(_("Choose how you are told: %(url)s") % {"url": absolute(reverse("notification_settings"))})]
        return f"[SCORE MIS] {subject}", "\n".join(lines).strip() + "\n"
