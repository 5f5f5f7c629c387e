"""Enrolments give the partner running a round access to the enrolled enterprise (enterprises/access.py).

Connected by the AppConfig: an enrolment saved or deleted, a round moved to another partner and a round
deleted refresh the enterprises they touch, in the transaction of the write. A round's deletion refreshes its
enterprises once, after its enrolments are gone, rather than once per enrolment."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from enterprises import access
from trainings.models import Enrollment, TrainingRound


def enrolments(enterprise_ids):
    rows = Enrollment.objects.all()
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    return rows.order_by().values_list("round__partner_id", "enterprise_id")


def _stored(model, instance, field):
    if instance._state.adding or instance.pk is None:
        return None
    return model._base_manager.filter(pk=instance.pk).values_list(field, flat=True).first()


def _enrollment_saving(sender, instance, raw=False, **kwargs):
    instance._enterprise_before = None if raw else _stored(Enrollment, instance, "enterprise_id")


def _enrollment_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        access.refresh([instance.enterprise_id, getattr(instance, "_enterprise_before", None)])


def _deleted_with_round(origin):
    return isinstance(origin, TrainingRound) or getattr(origin, "model", None) is TrainingRound


def _enrollment_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_round(origin):
        access.refresh([instance.enterprise_id])


def _enrolled_in(training_round):
    return list(Enrollment.objects.filter(round=training_round).values_list("enterprise_id", flat=True))


def _round_saving(sender, instance, raw=False, **kwargs):
    stored_partner = None if raw else _stored(TrainingRound, instance, "partner_id")
    instance._partner_changes = stored_partner is not None and stored_partner != instance.partner_id


def _round_saved(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_partner_changes", False):
        access.refresh(_enrolled_in(instance))


def _round_deleting(sender, instance, **kwargs):
    instance._enrolled_before = _enrolled_in(instance)


def _round_deleted(sender, instance, **kwargs):
    access.refresh(getattr(instance, "_enrolled_before", ()))


def connect():
    access.add_source(access.Source(Enrollment, enrolments))
    pre_save.connect(_enrollment_saving, sender=Enrollment, dispatch_uid="enterprise_access_enrolment_before")
    post_save.connect(_enrollment_saved, sender=Enrollment, dispatch_uid="enterprise_access_enrolment")
    post_delete.connect(_enrollment_deleted, sender=Enrollment, dispatch_uid="enterprise_access_unenrolment")
    pre_save.connect(_round_saving, sender=TrainingRound, dispatch_uid="enterprise_access_round_before")
    post_save.connect(_round_saved, sender=TrainingRound, dispatch_uid="enterprise_access_round")
    pre_delete.connect(_round_deleting, sender=TrainingRound, dispatch_uid="enterprise_access_round_deleting")
    post_delete.connect(_round_deleted, sender=TrainingRound, dispatch_uid="enterprise_access_round_deleted")
