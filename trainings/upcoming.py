"""Upcoming activities: planned rounds (with their workshop days) and programme events in a window of days.
The dashboard and the committee report list them from here, through `ProgrammeFigures.upcoming`."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min

from trainings.models import Activity, TrainingRound


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


class UpcomingList(list):
    """The first upcoming items, and how many there are in all (`total`)."""

    def __init__(self, items, total):
        super().__init__(items)
        self.total = total

    @property
    def more(self):
        return self.total - len(self)


def _round_item(training_round, first, last):
    return UpcomingItem(
        starts_on=first,
        ends_on=last if last != first else None,
        title=training_round.title,
        kind=f"{training_round.module} · {training_round.get_kind_display()}",
        city=training_round.city.display_name,
        description=training_round.description,
        url=training_round.get_absolute_url(),
        record=training_round,
    )


def _event_item(event):
    return UpcomingItem(
        starts_on=event.starts_on,
        ends_on=event.ends_on if event.ends_on != event.starts_on else None,
        title=str(event),
        kind=event.get_kind_display(),
        city=event.city.display_name if event.city else "",
        description=event.description,
        url=event.get_absolute_url(),
        record=event,
    )


def upcoming_activities(*, rounds, events, activities, after, days, limit=20):
    """The first `limit` of the rounds starting or holding workshop days and the events starting in the `days` days
    after `after`, in date order, and how many there are in all. `rounds`, `events` and `activities` are the
    querysets the reader may count (scoped, filtered).

    A round is dated by its first workshop day in the window, or else by its start; the first `limit` of each kind
    of item are read, which holds the first `limit` of all, whatever the number in the window."""
    window = (after + datetime.timedelta(days=1), after + datetime.timedelta(days=days))
    rounds = rounds.exclude(status=TrainingRound.Status.CANCELLED)
    workshops = (
        activities.filter(kind=Activity.Kind.WORKSHOP, date__range=window, round__in=rounds)
        .order_by()
        .values("round_id")
        .annotate(first=Min("date"), last=Max("date"))
    )
    workshop_dates = {
        row["round_id"]: (row["first"], row["last"]) for row in workshops.order_by("first", "round_id")[:limit]
    }
    starting = rounds.filter(starts_on__range=window).exclude(pk__in=workshops.values("round_id"))
    all_events = events.starting_between(*window)
    starting_rounds = list(starting.select_related("module", "city", "partner").order_by("starts_on", "pk")[:limit])
    first_events = list(all_events.select_related("city").order_by("starts_on", "pk")[:limit])
    items = [
        _round_item(training_round, *workshop_dates[training_round.pk])
        for training_round in rounds.filter(pk__in=list(workshop_dates)).select_related("module", "city", "partner")
    ]
    items += [_round_item(training_round, training_round.starts_on, None) for training_round in starting_rounds]
    items += [_event_item(event) for event in first_events]
    total = sum(
        queryset.count() if len(read) == limit else len(read)
        for queryset, read in ((workshops, workshop_dates), (starting, starting_rounds), (all_events, first_events))
    )
    return UpcomingList(sorted(items, key=lambda item: (item.starts_on, item.title))[:limit], total)
