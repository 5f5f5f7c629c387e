from django.db.models import Q

from partners.access import ScopedQuerySet


class EnterpriseQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        """Enterprises a partner recruited or enrolled in one of its rounds."""
        enrolled = self.model.objects.filter(enrollments__round__partner_id__in=partner_ids).values("pk")
        return self.filter(Q(recruited_by_id__in=partner_ids) | Q(pk__in=enrolled))


class EnterpriseOwnedQuerySet(ScopedQuerySet):
    """Rows that belong to an enterprise: they follow the enterprise's visibility."""

    def for_partners(self, partner_ids):
        enterprises = self.model._meta.get_field("enterprise").related_model.objects
        return self.filter(enterprise__in=enterprises.for_partners(partner_ids).values("pk"))
