from django.db.models import Q

from partners.access import ScopedQuerySet


class TrainingRoundQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)


class RoundOwnedQuerySet(ScopedQuerySet):
    """Enrollments and activities belong to the partner running their round."""

    def for_partners(self, partner_ids):
        return self.filter(round__partner_id__in=partner_ids)


class AttendanceQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(activity__round__partner_id__in=partner_ids)


class TrainerQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)


class CertificationQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(trainer__partner_id__in=partner_ids)


class EventQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        """Programme-wide events (no partner named) and the events of these partners."""
        with_partners = self.model.objects.filter(partners__isnull=False).values("pk")
        own = self.model.objects.filter(partners__in=partner_ids).values("pk")
        return self.filter(~Q(pk__in=with_partners) | Q(pk__in=own))
