from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Substr

from enterprises.models import Enterprise
from partners.access import ScopedQuerySet, scope_for
from score_mis.bilingual import text_in_reader_language

# The 16 hex digits of a photo's average hash cut into five bands (start, length; 1-based as in SQL).
# Two hashes at most 4 bits apart agree exactly on at least one band (pigeonhole), so an indexed
# exact match on any band finds every candidate without reading all photos.
AHASH_BANDS = ((1, 4), (5, 3), (8, 3), (11, 3), (14, 3))


def _related_model(model, accessor):
    """The model behind a reverse relation, found by name (models.py imports this module)."""
    return model._meta.get_field(accessor).related_model


def _visible_to_partners(queryset, enterprise_path, partner_ids):
    enterprises = Enterprise.objects.for_partners(partner_ids).values("pk")
    return queryset.filter(**{f"{enterprise_path}__in": enterprises})


def _with_review_queue(visible, user, sent_for_review):
    """What `user` sees, and for reviewers also every improvement sent for review (its photos with it)."""
    scope = scope_for(user)
    if scope.reviews_improvements and not scope.sees_everything:
        return visible | sent_for_review
    return visible


class ImprovementCategoryQuerySet(models.QuerySet):
    def offered(self, current=None):
        """The categories a new improvement may take: the active ones, and `current` (a code) for an improvement that
        already has it."""
        return self.filter(Q(is_active=True) | Q(code=current or ""))


class ImprovementQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return _visible_to_partners(self, "enterprise", partner_ids)

    def visible_to(self, user):
        return _with_review_queue(super().visible_to(user), user, self.exclude(status=self.model.Status.DRAFT))

    def editable_by(self, user):
        """Coordinators change their partners' improvements while draft or returned; once submitted for review
        (and after it is verified) only ILO staff change them."""
        editable = super().editable_by(user)
        if scope_for(user).changes_everything:
            return editable
        return editable.exclude(status__in=(self.model.Status.SUBMITTED, self.model.Status.VERIFIED))

    def verified(self):
        """The improvements that count in totals and reports."""
        return self.filter(status=self.model.Status.VERIFIED)

    def verified_totals(self, *, at_most=None):
        """How many improvements are verified, with their summed annual saving and investment in RMB.

        With `at_most`, no more rows than that are read: a larger selection has a count of `at_most` + 1 (read
        it as "more than `at_most`") and no sums (None)."""
        verified = self.verified().order_by()
        if at_most is not None:
            verified = verified[: at_most + 1]
        totals = verified.aggregate(
            count=Count("pk"),
            annual_saving_rmb=Sum("annual_saving_rmb", default=0),
            investment_rmb=Sum("investment_rmb", default=0),
        )
        if at_most is not None and totals["count"] > at_most:
            totals.update(annual_saving_rmb=None, investment_rmb=None)
        return totals

    def returned_to(self, user):
        """Improvements returned for changes that `user` may change, with the reviewer's latest
        comment (`return_comment`) and when it was returned (`returned_at`), latest first."""
        review_step = _related_model(self.model, "review_steps")
        latest_return = review_step.objects.filter(
            improvement=OuterRef("pk"), action=review_step.Action.RETURN
        ).order_by("-at", "-pk")
        return (
            self.editable_by(user)
            .filter(status=self.model.Status.RETURNED)
            .select_related("enterprise")
            .annotate(
                returned_at=Subquery(latest_return.values("at")[:1]),
                return_comment=Subquery(
                    latest_return.annotate(text=text_in_reader_language("comment")).values("text")[:1]
                ),
            )
            .order_by("-returned_at", "pk")
        )

    def with_photos_by_stage(self):
        """Adds `before_photos` and `after_photos` lists (two queries for all rows)."""
        photo = _related_model(self.model, "photos")
        photos = photo.objects.order_by("pk")
        return self.prefetch_related(
            Prefetch("photos", queryset=photos.filter(stage=photo.Stage.BEFORE), to_attr="before_photos"),
            Prefetch("photos", queryset=photos.filter(stage=photo.Stage.AFTER), to_attr="after_photos"),
        )

    def for_list(self):
        """The gallery: enterprise, city, module and photos by stage."""
        return self.select_related("enterprise__city", "module", "category").with_photos_by_stage()

    def for_detail(self):
        """The improvement page: everything on the list plus the people named and the review history."""
        steps = _related_model(self.model, "review_steps").objects.select_related("user")
        return (
            self.select_related("enterprise__city", "module", "category", "verified_by", "created_by", "updated_by")
            .with_photos_by_stage()
            .prefetch_related(Prefetch("review_steps", queryset=steps))
        )


class PhotoQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return _visible_to_partners(self, "improvement__enterprise", partner_ids)

    def visible_to(self, user):
        status = self.model._meta.get_field("improvement").related_model.Status
        return _with_review_queue(super().visible_to(user), user, self.exclude(improvement__status=status.DRAFT))

    def editable_by(self, user):
        """Photos of an improvement under review or verified are changed only by ILO staff, like the improvement."""
        editable = super().editable_by(user)
        if scope_for(user).changes_everything:
            return editable
        status = self.model._meta.get_field("improvement").related_model.Status
        return editable.exclude(improvement__status__in=(status.SUBMITTED, status.VERIFIED))

    def sharing_ahash_band(self, ahashes):
        """Photos whose average hash equals one of `ahashes` on at least one band: every photo within
        4 bits of one of them is among these (see AHASH_BANDS); compare the full hashes to decide."""
        if not ahashes:
            return self.none()
        band_matches = Q()
        annotations = {}
        for number, (start, length) in enumerate(AHASH_BANDS, start=1):
            annotations[f"ahash_band_{number}"] = Substr("ahash", start, length)
            band_matches |= Q(
                **{f"ahash_band_{number}__in": {ahash[start - 1 : start - 1 + length] for ahash in ahashes}}
            )
        return self.alias(**annotations).filter(band_matches)


class ProgrammeSummaryQuerySet(ScopedQuerySet):
    """Summary rows that add up every partner's records: read through `reportable_by` by readers of programme-wide
    reports only. A partner's share is not in them (an enterprise belongs to several partners), so `for_partners`
    (and `visible_to` for a partner user) refuses: count a partner's rows from the records themselves."""


class ReviewStepQuerySet(ScopedQuerySet):
    def for_partners(self, partner_ids):
        return _visible_to_partners(self, "improvement__enterprise", partner_ids)
