"""Upcoming activities: planned rounds (with their workshop days) and programme events in a window of days.
The dashboard, the committee report and the home pages list them from here."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, Q

from trainings.models import Activity, Event, TrainingRound


@dataclass
class UpcomingItem:
    starts_on: datetime.date
    ends_on: datetime.date | None
    title: str
    kind: str
    city: str = ""
    description: str = ""
    url: str = ""
    record: object = None  # the round or event, whose title and description pages show in the reader's language


def upcoming_activities(*, rounds, events, activities, after, days):
    """Rounds starting or holding workshop days, and events starting, in the `days` days after `after`, in date
    order. `rounds`, `events` and `activities` are the querysets the reader may count (scoped, filtered)."""
    window = (after + datetime.timedelta(days=1), after + datetime.timedelta(days=days))
    workshop_dates = {
        row["round_id"]: (row["first"], row["last"])
        for row in activities.filter(kind=Activity.Kind.WORKSHOP, date__range=window)
        .order_by()
        .values("round_id")
        .annotate(first=Min("date"), last=Max("date"))
    }
    planned = (
        rounds.filter(Q(starts_on__range=window) | Q(pk__in=list(workshop_dates)))
        .exclude(status=TrainingRound.Status.CANCELLED)
        .select_related("module", "city", "partner")
    )
    items = []
    for training_round in planned:
        first, last = workshop_dates.get(training_round.pk, (training_round.starts_on, None))
        items.append(
            UpcomingItem(
                starts_on=first,
                ends_on=last if last != first else None,
                title=training_round.title,
                kind=f"{training_round.module} · {training_round.get_kind_display()}",
                city=training_round.city.display_name,
                description=training_round.description,
                url=training_round.get_absolute_url(),
                record=training_round,
            )
        )
    items.extend(
        UpcomingItem(
            starts_on=event.starts_on,
            ends_on=event.ends_on if event.ends_on != event.starts_on else None,
            title=str(event),
            kind=event.get_kind_display(),
            city=event.city.display_name if event.city else "",
            description=event.description,
            url=event.get_absolute_url(),
            record=event,
        )
        for event in events.starting_between(*window).select_related("city")
    )
    return sorted(items, key=lambda item: (item.starts_on, item.title))


def upcoming_for(user, *, after, days):
    """What `user` may see coming up in the `days` days after `after` (for a home page)."""
    return upcoming_activities(
        rounds=TrainingRound.objects.visible_to(user),
        events=Event.objects.visible_to(user),
        activities=Activity.objects.visible_to(user),
        after=after,
        days=days,
    )
