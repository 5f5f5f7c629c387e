"""Plausibility checks shown to reviewers: warnings worth a second look, never a reason to refuse a record.

The thresholds are rules of thumb for SCORE factories (50–500 workers, small low-cost improvements):
- SAVING_PER_WORKER_LIMIT_RMB: an annual saving above 5,000 RMB per worker of the enterprise is more
  than a month's wage per worker saved by one improvement.
- Payback under a week: an investment smaller than a week's saving (annual saving / 52).
- NO_INVESTMENT_SAVING_LIMIT_RMB: a saving above 20,000 RMB a year with no investment at all.
- A saving with no explanation of how it was worked out.
- A photo that looks the same (average hash within SIMILAR_AHASH_MAX_DISTANCE bits) as a photo of
  another improvement, and an "after" photo that looks the same as a "before" photo of the same record.
"""

import re
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from improvements.models import Improvement, Photo
from improvements.photos import SIMILAR_AHASH_MAX_DISTANCE, ahash_distance
from score_mis.bilingual import LANGUAGE_CODES

SAVING_PER_WORKER_LIMIT_RMB = Decimal(5000)
WEEKS_PER_YEAR = 52
NO_INVESTMENT_SAVING_LIMIT_RMB = Decimal(20000)


def improvement_warnings(improvement, *, viewer):
    """Messages for the reviewer about anything implausible in `improvement` (with its enterprise).
    Another improvement with a look-alike photo is named only if `viewer` may see it."""
    photos = list(improvement.photos.all())
    return [
        *saving_warnings(improvement),
        *_reused_photo_warnings(improvement, photos, viewer),
        *_after_same_as_before_warnings(photos),
    ]


def _money(amount):
    return f"{amount:,.0f}"


def _label(photo):
    return photo.caption or _("without caption")


def saving_warnings(improvement):
    """Warnings about the saving claimed (needs the improvement's enterprise)."""
    saving, investment = improvement.annual_saving_rmb, improvement.investment_rmb
    if not saving:
        return []
    warnings = []
    workers = improvement.enterprise.workforce_total
    if workers and saving / workers > SAVING_PER_WORKER_LIMIT_RMB:
        warnings.append(
            _(
                "The annual saving is %(per_worker)s RMB per worker (%(workers)s workers), "
                "more than %(limit)s RMB per worker."
            )
            % {
                "per_worker": _money(saving / workers),
                "workers": workers,
                "limit": _money(SAVING_PER_WORKER_LIMIT_RMB),
            }
        )
    if investment > 0 and investment < saving / WEEKS_PER_YEAR:
        warnings.append(
            _("The investment of %(investment)s RMB pays back in less than a week of the claimed saving.")
            % {"investment": _money(investment)}
        )
    if investment == 0 and saving > NO_INVESTMENT_SAVING_LIMIT_RMB:
        warnings.append(
            _("An annual saving of %(saving)s RMB with no investment at all: more than %(limit)s RMB.")
            % {"saving": _money(saving), "limit": _money(NO_INVESTMENT_SAVING_LIMIT_RMB)}
        )
    if not _is_explained(improvement):
        warnings.append(_("The saving does not say how it was worked out."))
    return warnings


_CALCULATION_FIELDS = [build_localized_fieldname("saving_calculation", language) for language in LANGUAGE_CODES]
# A character Python's str.strip() keeps, in a class PostgreSQL reads as Python does (its own \s depends on the
# server's locale).
_SOME_TEXT = r"[^\s\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _is_explained(improvement):
    return any(re.search(_SOME_TEXT, getattr(improvement, field) or "") for field in _CALCULATION_FIELDS)


def implausible_saving():
    """The condition on improvements (with their enterprise) that `saving_warnings` warns of something, for the
    database to count them (a test holds the two equal)."""
    money = DecimalField(max_digits=20, decimal_places=2)
    explained = Q()
    for field in _CALCULATION_FIELDS:
        explained |= Q(**{f"{field}__regex": _SOME_TEXT})
    return Q(annual_saving_rmb__gt=0) & (
        Q(
            enterprise__workforce_total__gt=0,
            annual_saving_rmb__gt=ExpressionWrapper(
                F("enterprise__workforce_total") * SAVING_PER_WORKER_LIMIT_RMB, output_field=money
            ),
        )
        | Q(
            investment_rmb__gt=0,
            annual_saving_rmb__gt=Round(ExpressionWrapper(F("investment_rmb") * WEEKS_PER_YEAR, output_field=money), 2),
        )
        | Q(investment_rmb=0, annual_saving_rmb__gt=NO_INVESTMENT_SAVING_LIMIT_RMB)
        | ~explained
    )


def _reused_photo_warnings(improvement, photos, viewer):
    hashed = [photo for photo in photos if photo.ahash]
    candidates = list(
        Photo.objects.sharing_ahash_band({photo.ahash for photo in hashed})
        .exclude(improvement=improvement)
        .select_related("improvement__enterprise")
        .order_by("pk")
    )
    visible_ids = set(
        Improvement.objects.visible_to(viewer)
        .filter(pk__in={candidate.improvement_id for candidate in candidates})
        .values_list("pk", flat=True)
    )
    warnings = []
    for photo in hashed:
        for other in candidates:
            if ahash_distance(photo.ahash, other.ahash) > SIMILAR_AHASH_MAX_DISTANCE:
                continue
            if other.improvement_id in visible_ids:
                warnings.append(
                    _("The %(stage)s photo “%(caption)s” looks the same as a photo of “%(other)s” (%(enterprise)s).")
                    % {
                        "stage": photo.get_stage_display().lower(),
                        "caption": _label(photo),
                        "other": other.improvement,
                        "enterprise": other.improvement.enterprise,
                    }
                )
            else:
                warnings.append(
                    _("The %(stage)s photo “%(caption)s” looks the same as a photo of an improvement you cannot open.")
                    % {"stage": photo.get_stage_display().lower(), "caption": _label(photo)}
                )
    return warnings


def _after_same_as_before_warnings(photos):
    befores = [photo for photo in photos if photo.stage == Photo.Stage.BEFORE and photo.ahash]
    afters = [photo for photo in photos if photo.stage == Photo.Stage.AFTER and photo.ahash]
    return [
        _("The after photo “%(after)s” looks the same as the before photo “%(before)s”.")
        % {"after": _label(after), "before": _label(before)}
        for after in afters
        for before in befores
        if ahash_distance(after.ahash, before.ahash) <= SIMILAR_AHASH_MAX_DISTANCE
    ]
