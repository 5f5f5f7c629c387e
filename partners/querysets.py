import datetime

from django.db.models import Count, Q

from partners.access import ScopedQuerySet
from score_mis.bilingual import text_in_reader_language

# An agreement ending within this time of a day is "expiring" on that day (home page, agreement status).
EXPIRY_WARNING = datetime.timedelta(days=90)


class PartnerQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(pk__in=partner_ids)

    def display_names(self):
        """{pk: name in the reader's language} of these partners."""
        return {partner.pk: partner.display_name for partner in self}

    def for_directory(self):
        """The partner directory: parent and city, and how many branches, agreements and people each has."""
        return (
            self.select_related("parent", "city")
            .annotate(
                branch_count=Count("children", distinct=True),
                agreement_count=Count("agreements", distinct=True),
                people_count=Count("memberships", distinct=True),
            )
            .order_by(text_in_reader_language("name"), "pk")
        )


class AgreementQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return self.filter(partner_id__in=partner_ids)

    def in_force_on(self, day):
        return self.filter(starts_on__lte=day).exclude(ends_on__lt=day)

    def expiring_on(self, day):
        """In force on `day` and ending within EXPIRY_WARNING of it, the soonest first."""
        return (
            self.in_force_on(day)
            .filter(Q(ends_on__lte=day + EXPIRY_WARNING))
            .select_related("partner")
            .order_by("ends_on", "pk")
        )
