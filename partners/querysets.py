from partners.access import ScopedQuerySet


class PartnerQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(pk__in=partner_ids)


class AgreementQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)

    def in_force_on(self, day):
        return self.filter(starts_on__lte=day).exclude(ends_on__lt=day)
