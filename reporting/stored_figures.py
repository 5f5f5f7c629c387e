"""Which figures the dashboard, the committee report and the data-quality page show: counted inside the request
while that is quick for the reader's rows (FIGURES_IN_REQUEST_SECONDS), else the latest count a background task made
for this reader, period and language, with a new count asked for whenever the records have changed since (the data
version) or it is older than StoredFigures.KEPT_FOR. Either way they are exact for the moment they were counted, and
the page says when that was."""

import dataclasses
import datetime
import hashlib
import json
import time

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from partners.access import scope_for
from reporting import data_version
from reporting.models import StoredFigures
from reporting.pages import counted, day_of, params_on
from reporting.tasks import stored_figures_count


@dataclasses.dataclass(frozen=True)
class Figures:
    html: str | None  # None: not counted yet (a count is under way)
    counted_at: object = None  # when a background task counted them; None: counted for this request
    counting: bool = False  # a newer count is under way


def scope_key(user):
    """Whose rows the reader's figures count: the programme's, or their partners'."""
    scope = scope_for(user)
    return "programme" if scope.reads_programme_wide else ",".join(map(str, sorted(scope.readable_partner_ids)))


def _key(page, user, language, arguments):
    """The figures' key: the page, the reader and their powers (another role is another count: a reader who loses a
    role never reads what they counted with it), the language and the filters."""
    powers = {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name, value in dataclasses.asdict(scope_for(user)).items()
    }
    described = json.dumps([page, user.pk, powers, language, arguments], sort_keys=True)
    return hashlib.sha256(described.encode()).hexdigest()


def _stored_row(key, page, user, language, arguments):
    try:
        with transaction.atomic():
            return StoredFigures.objects.create(
                key=key, page=page, reader=user, scope=scope_key(user), language=language, arguments=arguments
            )
    except IntegrityError:
        return StoredFigures.objects.get(key=key)


class CountingTooLong(Exception):
    pass


# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


def _counted_within(seconds, page, user, params, day):
    """`counted(page, user, params, day)`, or CountingTooLong once counting has taken `seconds`: no query starts
    after that, and on PostgreSQL no statement runs past it (its statement_timeout is the time left)."""
    deadline = time.monotonic() + seconds
    postgresql = connection.vendor == "postgresql"

    def before_deadline(execute, sql, query_params, many, context):
        left = deadline - time.monotonic()
        if left <= 0:
            raise CountingTooLong
        if postgresql:
            context["cursor"].cursor.execute("SET LOCAL statement_timeout = %s", [max(1, int(left * 1000))])
        return execute(sql, query_params, many, context)

    if not postgresql:  # SQLite: a transaction would take the write lock for the whole count
        with connection.execute_wrapper(before_deadline):
            return counted(page, user, params, day)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            [timeout] = cursor.fetchone()
            with connection.execute_wrapper(before_deadline):
                result = counted(page, user, params, day)
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
            return result
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
            raise CountingTooLong from error
        raise


def figures_for(page, user, params, day):
    """The figures of `page` ("dashboard", "committee" or "quality": `reporting.pages.BODIES`) for `user`, the filters
    `params` and the day `day`."""
    language = get_language()
    arguments = {"params": params, "day": day.isoformat()}
    key = _key(page, user, language, arguments)
    now = timezone.now()
    stored = StoredFigures.objects.filter(key=key).first()
    if stored is not None and stored.is_current(data_version.current(), now):
        return Figures(stored.html, stored.counted_at)
    limit = settings.FIGURES_IN_REQUEST_SECONDS
    if stored is not None and stored.seconds is not None:
        slow = stored.seconds > limit
    else:
        slow = StoredFigures.objects.slow_for(page, scope_key(user))
    if not slow:
        try:
            result = _counted_within(settings.FIGURES_IN_REQUEST_GIVE_UP_SECONDS, page, user, params, day)
        except CountingTooLong:
            pass
        else:
            if stored is not None or result.seconds > limit:
                stored = stored or _stored_row(key, page, user, language, arguments)
                StoredFigures.objects.store(stored, result, counted_at=now)
            return Figures(result.html)
    stored = stored or _stored_row(key, page, user, language, arguments)
    if StoredFigures.objects.claim_count(stored, now):
        stored_figures_count.enqueue(key=key)
    return Figures(stored.html or None, stored.counted_at, counting=True)


def count_ahead(now=None):
    """Ask for the figures of the day of every reader, page, filters and language that a task counted for the day
    before, so that the first visit of the day finds them counted (run just after midnight). Returns how many counts
    were asked for."""
    now = now or timezone.now()
    yesterday = (timezone.localdate(now) - datetime.timedelta(days=1)).isoformat()
    asked = 0
    slow_yesterday = StoredFigures.objects.filter(
        arguments__day=yesterday, seconds__gt=settings.FIGURES_IN_REQUEST_SECONDS, reader__is_active=True
    ).select_related("reader")
    for stored in slow_yesterday:
        day = day_of(stored.page, stored.reader).isoformat()
        if day == yesterday:
            continue
        arguments = {"params": params_on(stored.page, stored.arguments["params"], yesterday, day), "day": day}
        key = _key(stored.page, stored.reader, stored.language, arguments)
        row = _stored_row(key, stored.page, stored.reader, stored.language, arguments)
        if not row.html and StoredFigures.objects.claim_count(row, now):
            stored_figures_count.enqueue(key=key)
            asked += 1
    return asked
