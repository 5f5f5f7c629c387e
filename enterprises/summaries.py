"""The per-series summary of measurements (`MeasurementSeries`), kept exact in the transaction of every write.

`refresh(enterprise_ids)` deletes those enterprises' series and recounts them from their measurements: exact and
idempotent. Saves and deletes of measurements (an enterprise's deletion included) refresh through the signals
below; bulk writes call `enterprises_of` before and after and then `refresh` (reporting.summaries.bulk_written)."""

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from enterprises.models import Measurement, MeasurementSeries
from score_mis.summaries import chunks, differences, insert_select, lock

LOCKS = "indicator-series"  # the namespace of this summary's locks (score_mis.summaries.lock)

FIELDS = (
    "enterprise",
    "indicator",
    "baseline_value",
    "baseline_period_start",
    "follow_up_value",
    "follow_up_period_start",
)
COLUMNS = (
    "series_enterprise",
    "series_indicator",
    "baseline_value",
    "baseline_start",
    "follow_up_value",
    "follow_up_start",
)


def _recounted_sql(measurements):
    """SQL giving, per series of `measurements`, the value and period start of its first baseline and of its latest
    follow-up (COLUMNS): each end numbered by a window function in one pass, then one row per series."""
    series = [F("enterprise_id"), F("indicator_id"), F("stage")]
    numbered = (
        measurements.order_by()
        .annotate(
            rank_up=Window(RowNumber(), partition_by=series, order_by=[F("period_start").asc(), F("pk").asc()]),
            rank_down=Window(RowNumber(), partition_by=series, order_by=[F("period_start").desc(), F("pk").desc()]),
        )
        .annotate(
            series_enterprise=F("enterprise_id"),
            series_indicator=F("indicator_id"),
            series_stage=F("stage"),
            series_value=F("value"),
            series_start=F("period_start"),
        )
        .values(
            "series_enterprise",
            "series_indicator",
            "series_stage",
            "series_value",
            "series_start",
            "rank_up",
            "rank_down",
        )
    )
    sql, params = numbered.query.sql_with_params()
    quote = connection.ops.quote_name
    stage, value, start = quote("series_stage"), quote("series_value"), quote("series_start")
    baseline = f"{stage} = %s AND {quote('rank_up')} = 1"
    follow_up = f"{stage} = %s AND {quote('rank_down')} = 1"
    by = f"{quote('series_enterprise')}, {quote('series_indicator')}"
    first, latest = Measurement.Stage.BASELINE.value, Measurement.Stage.FOLLOW_UP.value
    return (
        f"SELECT {by}, "
        f"MAX(CASE WHEN {baseline} THEN {value} END) AS {quote('baseline_value')}, "
        f"MAX(CASE WHEN {baseline} THEN {start} END) AS {quote('baseline_start')}, "
        f"MAX(CASE WHEN {follow_up} THEN {value} END) AS {quote('follow_up_value')}, "
        f"MAX(CASE WHEN {follow_up} THEN {start} END) AS {quote('follow_up_start')} "
        f"FROM ({sql}) AS numbered WHERE ({baseline}) OR ({follow_up}) GROUP BY {by}",
        [first, first, latest, latest, *params, first, latest],
    )


def _write(measurements):
    sql, params = _recounted_sql(measurements)
    insert_select(MeasurementSeries, FIELDS, COLUMNS, sql, params)


def refresh(enterprise_ids):
    """Recount the series of the enterprises `enterprise_ids` from their measurements."""
    for some in chunks({pk for pk in enterprise_ids if pk is not None}):
        lock(LOCKS, some)
        MeasurementSeries.objects.filter(enterprise_id__in=some).delete()
        _write(Measurement.objects.filter(enterprise_id__in=some))


def rebuild():
    MeasurementSeries.objects.all().delete()
    _write(Measurement.objects.all())


def differences_found():
    stored = {
        tuple(row[:2]): row[2:]
        for row in MeasurementSeries.objects.values_list("enterprise_id", "indicator_id", *FIELDS[2:])
    }
    sql, params = _recounted_sql(Measurement.objects.all())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fresh = {tuple(row[:2]): row[2:] for row in cursor.fetchall()}
    return differences("indicator series", stored, fresh)


def enterprises_of(model, pks):
    """The enterprises whose series the `model` records with `pks` count in."""
    if model is Measurement:
        return set(Measurement.objects.filter(pk__in=pks).values_list("enterprise_id", flat=True).distinct())
    return set()


@receiver(pre_save, sender=Measurement, dispatch_uid="measurement_series_before")
def _enterprises_before(sender, instance, raw=False, **kwargs):
    instance._summary_enterprises = enterprises_of(Measurement, [instance.pk]) if instance.pk and not raw else set()


@receiver(post_save, sender=Measurement, dispatch_uid="measurement_series_after")
def _measurement_saved(sender, instance, **kwargs):
    refresh({*getattr(instance, "_summary_enterprises", ()), instance.enterprise_id})


@receiver(post_delete, sender=Measurement, dispatch_uid="measurement_series_deleted")
def _measurement_deleted(sender, instance, **kwargs):
    refresh({instance.enterprise_id})
