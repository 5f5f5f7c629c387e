from enterprises.models import Enterprise
from partners.access import ScopedQuerySet


class ImprovementQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(enterprise__in=Enterprise.objects.for_partners(partner_ids).values("pk"))


class PhotoQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(improvement__enterprise__in=Enterprise.objects.for_partners(partner_ids).values("pk"))
