"""The stages each enterprise's own records reach (`StageReached`), kept exact in the transaction of every write.

A row's key is (enterprise id, stage), and each stage is reached by one model's records: improvements, follow-up
measurements. `refresh(keys)` deletes the rows of those keys and recounts them from that stage's records only, so
that deleting an enterprise, whose improvements and measurements go one model after the other, never brings back a
row of a record that is about to go. Saves and deletes (forms, services, admin, API, cascades) refresh through the
signals below; bulk writes call `keys_of` before and after and then `refresh` (reporting.summaries.bulk_written)."""

from collections import defaultdict

from django.db.models import F, Value
from django.db.models.signals import post_delete, post_save, pre_save

from enterprises.models import Measurement
from improvements.models import Improvement, Stage, StageReached
from score_mis.summaries import chunks, differences, insert_select, lock

# Each stage: the model whose records reach it, and which of them do.
SOURCES = {
    Stage.IMPROVEMENTS: (Improvement, {}),
    Stage.FOLLOW_UP: (Measurement, {"stage": Measurement.Stage.FOLLOW_UP}),
}


def _records(stage):
    model, lookups = SOURCES[stage]
    return model._base_manager.filter(**lookups)


def _recounted(stage, records):
    """The (enterprise id, stage) of each enterprise some of `records` reach `stage` for."""
    return (
        records.order_by()
        .annotate(reached_enterprise=F("enterprise_id"), reached_stage=Value(stage.value))
        .values_list("reached_enterprise", "reached_stage")
        .distinct()
    )


def _write(stage, records):
    sql, params = _recounted(stage, records).query.sql_with_params()
    insert_select(StageReached, ("enterprise", "stage"), ("reached_enterprise", "reached_stage"), sql, params)


def refresh(keys):
    """Recount the rows of `keys` ((enterprise id, stage) pairs) from the records of each stage."""
    enterprises_at = defaultdict(set)
    for enterprise_id, stage in keys:
        if enterprise_id is not None:
            enterprises_at[Stage(stage)].add(enterprise_id)
    for stage, enterprise_ids in enterprises_at.items():
        for some in chunks(enterprise_ids):
            lock(f"stages-reached:{stage.value}", some)
            StageReached.objects.filter(stage=stage, enterprise_id__in=some).delete()
            _write(stage, _records(stage).filter(enterprise_id__in=some))


def rebuild():
    StageReached.objects.all().delete()
    for stage in SOURCES:
        _write(stage, _records(stage))


def differences_found():
    stored = StageReached.objects.values_list("enterprise_id", "stage")
    fresh = (row for stage in SOURCES for row in _recounted(stage, _records(stage)))
    stored, fresh = ({tuple(row): ("reached",) for row in rows} for rows in (stored, fresh))
    return differences("stage reached", stored, fresh)


def keys_of(model, pks):
    """The (enterprise id, stage) rows the `model` records with `pks` count in."""
    return {
        (enterprise_id, stage)
        for stage, (source, lookups) in SOURCES.items()
        if source is model
        for enterprise_id in source._base_manager.filter(pk__in=pks, **lookups).values_list("enterprise_id", flat=True)
    }


def _stages_of(model):
    return [stage for stage, (source, _lookups) in SOURCES.items() if source is model]


def _before(sender, instance, raw=False, **kwargs):
    instance._stages_reached = keys_of(sender, [instance.pk]) if instance.pk and not raw else set()


def _saved(sender, instance, **kwargs):
    refresh({*getattr(instance, "_stages_reached", ()), *((instance.enterprise_id, s) for s in _stages_of(sender))})


def _deleted(sender, instance, **kwargs):
    refresh({(instance.enterprise_id, stage) for stage in _stages_of(sender)})


def connect():
    """Keep the rows on every save and delete of the records of each stage (cascades included)."""
    for model in {model for model, _lookups in SOURCES.values()}:
        pre_save.connect(_before, sender=model, dispatch_uid=f"stages_reached_before_{model.__name__}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"stages_reached_saved_{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"stages_reached_deleted_{model.__name__}")
