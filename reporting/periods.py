"""The periods reports open on: the latest recorded activity's day and the months around it."""

import datetime

from django.db.models import Max
from django.utils import timezone

from trainings.models import Activity, TrainingRound

NOT_HELD = (TrainingRound.Status.PLANNED, TrainingRound.Status.CANCELLED)


def last_twelve_months(today):
    """From the first day of the month eleven months ago until today: twelve calendar months."""
    months = today.year * 12 + today.month - 1 - 11
    return datetime.date(months // 12, months % 12 + 1, 1), today


def quarter_ending_in_month_of(day):
    """The three calendar months ending with the month of `day`."""
    months = day.year * 12 + day.month - 1
    start = datetime.date((months - 2) // 12, (months - 2) % 12 + 1, 1)
    end = datetime.date((months + 1) // 12, (months + 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def reporting_day(user):
    """Today, or the day of the latest activity held (not just planned) that the user may count when nothing has been
    recorded since: an archive (or the demo data) opens on its own latest period, not on an empty one."""
    today = timezone.localdate()
    held = Activity.objects.reportable_by(user).filter(date__lte=today).exclude(round__status__in=NOT_HELD)
    latest = held.aggregate(latest=Max("date"))["latest"]
    return min(today, latest) if latest else today
