"""Every summary table in one registry: how to rebuild it from the records, how to list where it differs from a
fresh recount, and, for writes that send no signals (bulk_create, bulk_update, raw SQL), which of its keys a set
of records touches and how to refresh those keys. `rebuild_summaries` and the `summaries_rebuild` task use it."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from enterprises import access as enterprise_access
from enterprises import summaries as enterprise_summaries
from improvements import stages_reached
from improvements import summaries as improvement_summaries
from reporting.data_version import grow_after_commit


@dataclass(frozen=True)
class Summary:
    name: str
    rebuild: Callable[[], None]
    differences: Callable[[], list]
    keys_of: Callable[[type, list], set]
    refresh: Callable[[set], None]


SUMMARIES = [
    Summary(
        "improvements-by-day",
        improvement_summaries.rebuild,
        improvement_summaries.differences_found,
        improvement_summaries.days_of,
        improvement_summaries.refresh,
    ),
    Summary(
        "indicator-series",
        enterprise_summaries.rebuild,
        enterprise_summaries.differences_found,
        enterprise_summaries.enterprises_of,
        enterprise_summaries.refresh,
    ),
    # Which partners have which enterprise (coordinators' scoping).
    Summary(
        "enterprise-access",
        enterprise_access.rebuild,
        enterprise_access.differences,
        enterprise_access.enterprises_of,
        enterprise_access.refresh,
    ),
    # Whether each enterprise has improvements, follow-up measurements (the journey's stage filter).
    Summary(
        "stages-reached",
        stages_reached.rebuild,
        stages_reached.differences_found,
        stages_reached.keys_of,
        stages_reached.refresh,
    ),
]


def named(names=()):
    """The summaries called `names` (every one if none); an unknown name raises KeyError."""
    by_name = {summary.name: summary for summary in SUMMARIES}
    return [by_name[name] for name in names] if names else SUMMARIES


def rebuild_all(names=()):
    """Rebuild the summaries called `names` (every one if none); figures counted from them before are out of date."""
    with transaction.atomic():
        for summary in named(names):
            summary.rebuild()
        grow_after_commit()


def differences(names=()):
    return [line for summary in named(names) for line in summary.differences()]


@contextmanager
def bulk_written(model, records):
    """Keep every summary exact around a write of `records` of `model` that sends no signals (bulk_create,
    bulk_update): the keys the records touched before the write and after it are refreshed, in the same
    transaction; the data version grows once it commits."""

    def keys():
        pks = [record.pk for record in records if record.pk]
        return {summary.name: summary.keys_of(model, pks) for summary in SUMMARIES}

    before = keys()
    yield
    grow_after_commit()
    after = keys()
    for summary in SUMMARIES:
        touched = before[summary.name] | after[summary.name]
        if touched:
            summary.refresh(touched)
