"""Dates as reports write them ("20 August", "2–3 September"); the formats are translatable."""

from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

DAY_MONTH = pgettext_lazy("date format (Django date syntax)", "j F")
LONG_DATE = pgettext_lazy("date format (Django date syntax)", "j F Y")
MONTH_YEAR = pgettext_lazy("date format (Django date syntax)", "M Y")
FIRST_DAY_IN_MONTH = pgettext_lazy("date format (Django date syntax): first day of a range within one month", "j")


def day_month(value):
    return date_format(value, str(DAY_MONTH)) if value else ""


def long_date(value):
    return date_format(value, str(LONG_DATE)) if value else ""


def month_year(value):
    return date_format(value, str(MONTH_YEAR)) if value else ""


def date_range(start, end):
    """ "2–3 September", "28 August–3 September", or one day when there is no other end."""
    if end is None or end == start:
        return day_month(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, str(FIRST_DAY_IN_MONTH))}–{day_month(end)}"
    return f"{day_month(start)}–{day_month(end)}"
