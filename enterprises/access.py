"""Which partners have each enterprise directly: the `EnterpriseAccess` rows partners' scoping joins.

A partner has an enterprise when it recruited it or runs a round the enterprise is enrolled in (withdrawn or
not); access to a partner also covers its branches, which the scope adds (`partners.access.with_branches`),
not this table. The rows are derived, never written by hand: `refresh(enterprise_ids)` recounts the rows of
those enterprises from the raw rows, in the caller's transaction. Each source of access gives the (partner id,
enterprise id) pairs of some enterprises and is read from one model: this app knows recruiters; trainings adds
enrolments (`add_source`, from its AppConfig), so that this app never reads a higher one.

Every write that changes a source refreshes the enterprises it touches in its own transaction: saves and
deletes (forms, services, admin, API, cascades) through the receivers connected by each app's AppConfig,
bulk writes through `enterprises_of` before and after the write, then `refresh` (reporting.summaries.bulk_written),
or `rebuild` (scale data). `differences()` compares
the table with a full recount; `rebuild()` makes them equal.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_save

from enterprises.models import Enterprise, EnterpriseAccess

BATCH = 1000
_sources = []


@dataclass(frozen=True)
class Source:
    """Records of `model` give access: `pairs(enterprise_ids)` is a values_list queryset of (partner id,
    enterprise id) for those enterprises (None: every enterprise); `enterprise` names the model's field holding
    the enterprise the record gives access to."""

    model: type
    pairs: object
    enterprise: str = "enterprise_id"


def add_source(source):
    if source not in _sources:
        _sources.append(source)


def recruiters(enterprise_ids):
    rows = Enterprise.objects.filter(recruited_by__isnull=False)
    if enterprise_ids is not None:
        rows = rows.filter(pk__in=enterprise_ids)
    return rows.order_by().values_list("recruited_by_id", "pk")


add_source(Source(Enterprise, recruiters, enterprise="pk"))


def enterprises_of(model, pks):
    """The enterprises whose access rows the `model` records with `pks` count in."""
    enterprise_ids = set()
    for source in _sources:
        if source.model is model:
            rows = model._base_manager.filter(pk__in=pks).order_by()
            enterprise_ids.update(rows.values_list(source.enterprise, flat=True))
    return enterprise_ids


def _counted(enterprise_ids):
    return {pair for source in _sources for pair in source.pairs(enterprise_ids).iterator()}


def _stored(enterprise_ids):
    rows = EnterpriseAccess.objects.order_by()
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    rows = rows.values_list("pk", "partner_id", "enterprise_id")
    return {(partner_id, enterprise_id): pk for pk, partner_id, enterprise_id in rows.iterator()}


def _batches(items):
    items = list(items)
    return (items[start : start + BATCH] for start in range(0, len(items), BATCH))


def _make_equal(enterprise_ids):
    """Delete the stored rows the recount lacks and add those it has: (rows added, rows deleted)."""
    counted, stored = _counted(enterprise_ids), _stored(enterprise_ids)
    extra = [pk for pair, pk in stored.items() if pair not in counted]
    missing = counted - stored.keys()
    for batch in _batches(extra):
        EnterpriseAccess.objects.filter(pk__in=batch).delete()
    EnterpriseAccess.objects.bulk_create(
        [EnterpriseAccess(partner_id=partner_id, enterprise_id=enterprise_id) for partner_id, enterprise_id in missing],
        batch_size=BATCH,
        ignore_conflicts=True,  # the same enrolment made at the same moment in another transaction
    )
    return len(missing), len(extra)


def refresh(enterprise_ids):
    """Recount the access rows of these enterprises from the raw rows."""
    ids = sorted({pk for pk in enterprise_ids if pk is not None})
    with transaction.atomic():
        for batch in _batches(ids):
            _make_equal(batch)


def rebuild():
    """Recount every access row: (rows added, rows deleted)."""
    with transaction.atomic():
        return _make_equal(None)


def differences():
    """How the table differs from a full recount, one line per row; empty when it is exact."""
    counted, stored = _counted(None), set(_stored(None))
    lines = [("missing", pair) for pair in sorted(counted - stored)]
    lines += [("extra", pair) for pair in sorted(stored - counted)]
    return [f"{kind}: partner {partner} → enterprise {enterprise}" for kind, (partner, enterprise) in lines]


def _enterprise_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.pk])


def connect():
    """Keep the table on every save of an enterprise (its recruiter); its deletion cascades to its rows."""
    post_save.connect(_enterprise_saved, sender=Enterprise, dispatch_uid="enterprise_access_recruiter")
