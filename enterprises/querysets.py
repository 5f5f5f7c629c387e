import re
from difflib import SequenceMatcher

from django.db.models import Prefetch, Q

from enterprises import pages
from partners.access import ScopedQuerySet
from score_mis.bilingual import text_in_reader_language


def _name_key(name):
    """A name without case, punctuation and the usual company words, to compare names as people type them."""
    words = re.sub(r"[^\w]+", " ", name.lower()).split()
    return " ".join(word for word in words if word not in COMPANY_WORDS)


COMPANY_WORDS = {"co", "company", "ltd", "limited", "inc", "corp", "corporation", "factory", "有限公司", "公司"}
SIMILAR_NAME_RATIO = 0.85


def ids_for_partners(partner_ids):
    """The ids of the enterprises these partners recruited or enrolled in one of their rounds: one index scan of
    the access table (enterprises/access.py), for `…__in` filters of every record that belongs to an enterprise."""
    from enterprises.models import EnterpriseAccess  # models.py imports this module

    return EnterpriseAccess.objects.filter(partner_id__in=partner_ids).values("enterprise_id")


class EnterpriseQuerySet(ScopedQuerySet):
    def similar_to(self, enterprise):
        """Enterprises of the same city whose name (English or Chinese) is nearly the same: probable duplicates."""
        names = [name for name in (enterprise.name_en, enterprise.name_zh_hans) if name]
        keys = [_name_key(name) for name in names]
        similar = []
        others = self.filter(city_id=enterprise.city_id).exclude(pk=enterprise.pk).only("name_en", "name_zh_hans")
        for other in others:
            for other_name in (other.name_en, other.name_zh_hans):
                other_key = _name_key(other_name) if other_name else ""
                if other_key and any(
                    SequenceMatcher(None, key, other_key).ratio() >= SIMILAR_NAME_RATIO for key in keys
                ):
                    similar.append(other)
                    break
        return similar[:3]

    def for_partners(self, partner_ids):
        """Enterprises a partner recruited or enrolled in one of its rounds."""
        return self.filter(pk__in=ids_for_partners(partner_ids))

    def search(self, text):
        """Enterprises whose English or Chinese name contains `text`."""
        return self.filter(Q(name_en__icontains=text) | Q(name_zh_hans__icontains=text))

    def in_list_order(self):
        """The enterprise list's order: by name in the reader's language, then id (index enterprise_list_order_*)."""
        return self.order_by(text_in_reader_language("name"), "pk")

    def for_list(self, user):
        """The rows of the enterprise list: city and recruiter, and what the apps above add for `user`
        (enterprises/pages.py: the rounds, the stage of the journey). Their subqueries cost per enterprise, so the list
        applies this to the enterprises of one page (`for_list_page`), not to the ones it counts and pages through."""
        return pages.list_rows(self.select_related("city", "recruited_by").in_list_order(), user)

    def for_list_page(self, user):
        """`for_list(user)` of the enterprises of `self`, a page (slice) of the list: one query, in which the
        database works out what the apps add for the page's rows only."""
        return self.model.objects.filter(pk__in=self.values("pk")).for_list(user)

    def for_detail(self, user):
        """The enterprise page: city, recruiter, team, brands and measurements, and what the apps above add for
        `user` (enterprises/pages.py: rounds, visits, improvements and their saving, the journey)."""
        from enterprises.models import Measurement  # models.py imports this module

        enterprises = self.select_related("city", "recruited_by", "improvement_team").prefetch_related(
            "supplies_brands",
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("indicator").order_by(
                    "indicator__name", "indicator_id", "stage", "period_start"
                ),
            ),
        )
        return pages.page_rows(enterprises, user)


class EnterpriseOwnedQuerySet(ScopedQuerySet):
    """Rows that belong to an enterprise: they follow the enterprise's visibility."""

    def for_partners(self, partner_ids):
        return self.filter(enterprise__in=ids_for_partners(partner_ids))
