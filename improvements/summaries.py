"""The daily summary of improvements (`ImprovementDay`), kept exact in the transaction of every write.

A summary row's key starts with the day an improvement was implemented, so `refresh(days)` deletes the rows of
those days and recounts them from the improvements: exact and idempotent, whatever changed (status, module, the
enterprise's city…). Saves and deletes of improvements (cascades included) and an enterprise's change of city
refresh through the signals below; bulk writes call `days_of` before and after and then `refresh`
(reporting.summaries.bulk_written)."""

import datetime

from django.db.models import Count, F, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from enterprises.models import Enterprise
from improvements.models import Improvement, ImprovementDay
from score_mis.summaries import chunks, differences, insert_select, lock

LOCKS = "improvements-by-day"  # the namespace of this summary's locks (score_mis.summaries.lock)

SUMS = ("improvements", "with_saving", "annual_saving_rmb", "investment_rmb")
TOTALS = ("counted", "with_saving", "saving_total", "investment_total")

# The summary's fields and, in the same order, the columns of `recounted` that fill them.
FIELDS = ("day", "city", "module", "status", "is_gender_responsive", *SUMS)
KEY = {
    "summary_day": F("implemented_on"),
    "summary_city": F("enterprise__city_id"),
    "summary_module": F("module_id"),
    "summary_status": F("status"),
    "summary_gender": F("is_gender_responsive"),
}
COLUMNS = (*KEY, *TOTALS)


def recounted(improvements):
    """`improvements` added up by summary key (KEY, then TOTALS)."""
    return (
        improvements.order_by()
        .annotate(**KEY)
        .values(*KEY)
        .annotate(
            counted=Count("pk"),
            with_saving=Count("annual_saving_rmb"),
            saving_total=Sum("annual_saving_rmb", default=0),
            investment_total=Sum("investment_rmb", default=0),
        )
    )


def _write(improvements):
    sql, params = recounted(improvements).query.sql_with_params()
    insert_select(ImprovementDay, FIELDS, COLUMNS, sql, params)


def refresh(days):
    """Recount the summary rows of `days` from the improvements implemented on them."""
    days = {datetime.date.fromisoformat(str(day)) for day in days if day is not None}
    for some in chunks(days):
        lock(LOCKS, [day.toordinal() for day in some])
        ImprovementDay.objects.filter(day__in=some).delete()
        _write(Improvement.objects.filter(implemented_on__in=some))


def rebuild():
    ImprovementDay.objects.all().delete()
    _write(Improvement.objects.all())


def differences_found():
    stored = ImprovementDay.objects.values_list("day", "city_id", "module_id", "status", "is_gender_responsive", *SUMS)
    fresh = recounted(Improvement.objects.all()).values_list(*COLUMNS)
    stored, fresh = ({tuple(row[:5]): row[5:] for row in rows} for rows in (stored, fresh))
    return differences("improvements by day", stored, fresh)


def days_of(model, pks):
    """The days whose summary rows the `model` records with `pks` count in (improvements, or enterprises' ones)."""
    if model is Improvement:
        improvements = Improvement.objects.filter(pk__in=pks)
    elif model is Enterprise:
        improvements = Improvement.objects.filter(enterprise__in=pks)
    else:
        return set()
    return set(improvements.order_by().values_list("implemented_on", flat=True).distinct())


@receiver(pre_save, sender=Improvement, dispatch_uid="improvement_days_before")
def _days_before(sender, instance, raw=False, **kwargs):
    instance._summary_days = days_of(Improvement, [instance.pk]) if instance.pk and not raw else set()


@receiver(post_save, sender=Improvement, dispatch_uid="improvement_days_after")
def _improvement_saved(sender, instance, **kwargs):
    refresh({*getattr(instance, "_summary_days", ()), instance.implemented_on})


@receiver(post_delete, sender=Improvement, dispatch_uid="improvement_days_deleted")
def _improvement_deleted(sender, instance, **kwargs):
    refresh({instance.implemented_on})


@receiver(pre_save, sender=Enterprise, dispatch_uid="improvement_days_enterprise_city")
def _city_before(sender, instance, raw=False, **kwargs):
    cities = Enterprise.objects.filter(pk=instance.pk).values_list("city_id", flat=True) if instance.pk else []
    instance._summary_city = next(iter(cities), None) if not raw else None


@receiver(post_save, sender=Enterprise, dispatch_uid="improvement_days_enterprise_moved")
def _enterprise_saved(sender, instance, created, **kwargs):
    moved_from = getattr(instance, "_summary_city", None)
    if not created and moved_from is not None and moved_from != instance.city_id:
        refresh(days_of(Enterprise, [instance.pk]))
