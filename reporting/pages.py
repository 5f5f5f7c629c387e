"""The figures of the dashboard, of the committee report and of the data-quality page, counted and rendered for a
reader from the page's filters (its query parameters) and day: the same code whether the request counts them or a
background task does (`reporting.stored_figures`)."""

import datetime
import time
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from partners.access import scope_for
from reporting import data_version
from reporting.committee import CommitteeReport
from reporting.figures import ProgrammeFigures
from reporting.forms import ReportFilterForm
from reporting.framework import Period, phase_on
from reporting.logframe import Logframe
from reporting.periods import last_twelve_months, quarter_ending_in_month_of, reporting_day
from reporting.quality import QualityReport, reporting_rates

DASHBOARD_UPCOMING_DAYS = 60


def filters_from(user, params, **form_options):
    """The `ReportFilters` a report page's query `params` describe for `user`, or None when they are not valid for
    them (any more)."""
    form = ReportFilterForm(params, user=user, default_start=None, default_end=None, **form_options)
    return form.filters() if form.is_valid() else None


def dashboard_body(user, params, day):
    filters = filters_from(user, params)
    if filters is None:
        return None
    figures = ProgrammeFigures(user, filters)
    phase = phase_on(filters.end)
    logframe = (
        Logframe(user, Period(phase), partner=filters.partner, city=filters.city, until=filters.end) if phase else None
    )
    return render_to_string(
        "reporting/includes/dashboard_body.html",
        {
            "figures": figures,
            "logframe": logframe,
            "upcoming": figures.upcoming(after=day, days=DASHBOARD_UPCOMING_DAYS),
            "upcoming_days": DASHBOARD_UPCOMING_DAYS,
            "embed_photos": not scope_for(user).may_open_photos,
            "reporting_rates": reporting_rates(user, today=filters.end),
        },
    )


def committee_body(user, params, day):
    filters = filters_from(user, params, with_module=False)
    if filters is None:
        return None
    return render_to_string(
        "reporting/includes/committee_body.html",
        {"report": CommitteeReport(user, filters), "embed_photos": not scope_for(user).may_open_photos},
    )


def data_quality_body(user, params, day):
    report = QualityReport(user, day)
    return render_to_string("reporting/includes/data_quality_body.html", {"rows": report.by_partner()})


BODIES = {"dashboard": dashboard_body, "committee": committee_body, "quality": data_quality_body}


def day_of(page, user):
    """The day whose figures `page` shows `user`: the reports' reporting day (an archive's own latest), the
    data-quality page's today."""
    return timezone.localdate() if page == "quality" else reporting_day(user)


# The period a report page opens on, on a day: (start, end).
DEFAULT_PERIODS = {"dashboard": last_twelve_months, "committee": quarter_ending_in_month_of}


def params_on(page, params, day, new_day):
    """The filters `params` of `page` read on `day`, as read on `new_day`: the page's default period moves on to
    the new day's, any other period stays."""
    default_period = DEFAULT_PERIODS.get(page)
    if default_period is None:
        return params
    start, end = default_period(datetime.date.fromisoformat(day))
    if (params.get("start"), params.get("end")) != (start.isoformat(), end.isoformat()):
        return params
    start, end = default_period(datetime.date.fromisoformat(new_day))
    return {**params, "start": start.isoformat(), "end": end.isoformat()}


@dataclass(frozen=True)
class Counted:
    html: str | None  # None: the filters are not valid for this reader (any more)
    data_version: int
    seconds: float


def counted(page, user, params, day):
    """The page's figures rendered for `user`, the data version they count (read before counting: a write that
    commits meanwhile makes them out of date, never the other way round) and how long counting took."""
    version = data_version.current()
    started = time.perf_counter()
    html = BODIES[page](user, params, datetime.date.fromisoformat(day) if isinstance(day, str) else day)
    return Counted(html, version, time.perf_counter() - started)
