"""Notifications of the review workflow: who is told, in which language, by which delivery; the inbox and bell."""

import pytest
from django.core import mail
from django.urls import reverse

from improvements.models import Photo
from improvements.services import improvement_return, improvement_submit, improvement_verify
from improvements.versions import review_version
from partners.models import Delivery, Notification, NotificationKind, NotificationPreference, UserPreference
from partners.tasks import digests_enqueue
from tests.factories import add_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(improvement, coordinator):
    improvement.created_by = coordinator
    improvement.title_zh_hans = "用料斗代替袋子"
    improvement.save()
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=2)
    return improvement


@pytest.fixture
def submitted(ready, coordinator, reviewer, ilo_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        improvement_submit(user=coordinator, improvement=ready)
    return ready


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_submitting_tells_every_reviewer_and_not_the_submitter(submitted, coordinator, reviewer, ilo_staff, viewer):
    assert kinds_of(reviewer) == [NotificationKind.IMPROVEMENT_SUBMITTED]
    assert kinds_of(ilo_staff) == [NotificationKind.IMPROVEMENT_SUBMITTED]
    assert kinds_of(coordinator) == []
    assert kinds_of(viewer) == []


def test_returning_tells_the_coordinator_with_the_reviewers_comment(submitted, coordinator, reviewer):
    improvement_return(
        user=reviewer, improvement=submitted, version=review_version(submitted), comment_en="Add the invoice."
    )

    notification = Notification.objects.get(recipient=coordinator)
    assert notification.kind == NotificationKind.IMPROVEMENT_RETURNED
    assert notification.link == submitted.get_absolute_url()
    assert notification.params["comment"] == "Add the invoice."


def test_verifying_tells_the_coordinator(submitted, coordinator, reviewer):
    improvement_verify(user=reviewer, improvement=submitted, version=review_version(submitted))

    assert kinds_of(coordinator) == [NotificationKind.IMPROVEMENT_VERIFIED]


def test_an_immediate_email_is_sent_by_a_task_in_the_recipients_language(
    ready, coordinator, reviewer, run_queued_tasks, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=reviewer, language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        improvement_submit(user=coordinator, improvement=ready)
    assert mail.outbox == []  # nothing is sent inside the request

    run_queued_tasks()

    [message] = [m for m in mail.outbox if reviewer.email in m.to]
    assert "用料斗代替袋子" in message.body
    assert "已提交审核" in message.body or "送审" in message.body
    assert Notification.objects.get(recipient=reviewer).emailed_at is not None


def test_the_returned_email_carries_the_comment(
    submitted, coordinator, reviewer, run_queued_tasks, django_capture_on_commit_callbacks
):
    run_queued_tasks()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        improvement_return(
            user=reviewer, improvement=submitted, version=review_version(submitted), comment_en="Add the invoice."
        )
    run_queued_tasks()

    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Hoppers instead of bags" in message.body and "Add the invoice." in message.body


def test_in_app_only_sends_no_email(ready, coordinator, reviewer, run_queued_tasks, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=reviewer, kind=NotificationKind.IMPROVEMENT_SUBMITTED, delivery=Delivery.IN_APP
    )
    with django_capture_on_commit_callbacks(execute=True):
        improvement_submit(user=coordinator, improvement=ready)
    run_queued_tasks()

    assert reviewer.email not in [address for message in mail.outbox for address in message.to]
    assert kinds_of(reviewer) == [NotificationKind.IMPROVEMENT_SUBMITTED]


def test_the_weekly_digest_groups_waiting_notifications_by_kind_in_one_email(
    improvement, coordinator, reviewer, run_queued_tasks, django_capture_on_commit_callbacks
):
    from partners.notifications import notify

    for kind in (NotificationKind.IMPROVEMENT_SUBMITTED, NotificationKind.IMPROVEMENT_VERIFIED):
        NotificationPreference.objects.create(user=coordinator, kind=kind, delivery=Delivery.DIGEST)
    for title in ("One", "Two"):
        notify(recipients=[coordinator], kind=NotificationKind.IMPROVEMENT_SUBMITTED, params={"title": title})
    notify(recipients=[coordinator], kind=NotificationKind.IMPROVEMENT_VERIFIED, params={"title": "Three"})
    run_queued_tasks()
    assert mail.outbox == []

    assert digests_enqueue() == 1
    run_queued_tasks()

    [message] = mail.outbox
    assert "3 notifications" in message.subject
    body = message.body
    assert body.index("Improvement sent for review") < body.index("One") < body.index("Improvement verified")
    assert body.index("Improvement verified") < body.index("Three")
    assert digests_enqueue() == 0


def test_the_bell_counts_unread_and_opening_marks_read(client, submitted, reviewer):
    client.force_login(reviewer)
    notification = Notification.objects.get(recipient=reviewer)

    page = client.get(reverse("notification_list")).content.decode()
    assert "Notifications: 1 unread" in page
    assert "Hoppers instead of bags" in page

    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response.url == submitted.get_absolute_url()
    assert Notification.objects.get(pk=notification.pk).read_at is not None
    assert "Notifications: 0 unread" in client.get(reverse("notification_list")).content.decode()


def test_the_inbox_speaks_the_readers_language(client, submitted, reviewer):
    client.force_login(reviewer)

    page = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "用料斗代替袋子" in page


def test_nobody_opens_anothers_notification(client, submitted, reviewer, outsider):
    client.force_login(outsider)
    notification = Notification.objects.get(recipient=reviewer)

    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404
    assert "Hoppers" not in client.get(reverse("notification_list")).content.decode()


def test_mark_all_read_marks_only_ones_own(client, submitted, reviewer, ilo_staff):
    client.force_login(reviewer)

    client.post(reverse("notification_read_all"))

    assert not Notification.objects.filter(recipient=reviewer).unread().exists()
    assert Notification.objects.filter(recipient=ilo_staff).unread().exists()


def test_each_user_chooses_a_delivery_per_kind(client, coordinator):
    client.force_login(coordinator)
    data = {kind.value: Delivery.IN_APP for kind in NotificationKind}
    data[NotificationKind.IMPROVEMENT_RETURNED] = Delivery.DIGEST

    response = client.post(reverse("notification_settings"), data)

    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=coordinator).values_list("kind", "delivery"))
    assert chosen[NotificationKind.IMPROVEMENT_RETURNED] == Delivery.DIGEST
    assert chosen[NotificationKind.IMPROVEMENT_SUBMITTED] == Delivery.IN_APP
    bad = client.post(reverse("notification_settings"), {**data, NotificationKind.ROUND_OVERDUE: "fax"})
    assert bad.status_code == 200 and bad.context["form"].errors
