"""The start page, a work queue by role. It reads rounds, enterprises, improvements, certifications and frozen reports,
so it sits in reporting, above the apps it reads."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from improvements.models import Improvement
from partners.access import scope_for
from partners.models import Agreement
from reporting import data_version
from reporting.models import FrozenReport, QualityCounts
from reporting.quality import CHECKS
from reporting.tasks import quality_counts_recount
from score_mis.bilingual import text_in_reader_language
from trainings.models import Certification, TrainingRound

ITEMS_SHOWN = 5
# A queue counts its rows up to this many and then says "1,000+": an exact count of a million submitted
# improvements tells staff nothing more and would read them all on every visit.
COUNTED_AT_MOST = 1000
OPEN_ROUNDS_SHOWN = 10
OPEN = (TrainingRound.Status.PLANNED, TrainingRound.Status.ONGOING)


@dataclass
class Queue:
    """One kind of work waiting: how many (None while not yet counted; at most COUNTED_AT_MOST when
    `count_is_bounded`, read "more than"), the first few (label, URL, detail), the page with all of them and a note on
    how current the count is."""

    key: str
    title: str
    empty: str
    count: int
    items: list = field(default_factory=list)
    all_url: str = ""
    note: str = ""
    count_is_bounded: bool = False


def _queue(key, title, empty, queryset, item, all_url=""):
    """A queue of `queryset`'s rows (two queries: the count up to COUNTED_AT_MOST and the first ITEMS_SHOWN), each
    shown by `item`."""
    counted = queryset.order_by().values("pk")[: COUNTED_AT_MOST + 1].count()
    rows = list(queryset[:ITEMS_SHOWN]) if counted else []
    count = min(counted, COUNTED_AT_MOST)
    return Queue(key, title, empty, count, [item(row) for row in rows], all_url, count_is_bounded=counted > count)


def improvements_to_verify(user, today):
    queryset = (
        Improvement.objects.visible_to(user)
        .filter(status=Improvement.Status.SUBMITTED)
        .select_related("enterprise")
        .order_by("updated_at", "pk")
    )
    return _queue(
        "improvements-to-verify",
        _("Improvements to verify"),
        _("No improvement is waiting for review."),
        queryset,
        lambda improvement: (
            improvement.display_title,
            improvement.get_absolute_url(),
            improvement.enterprise.display_name,
        ),
        reverse("improvements:improvement_list") + "?status=submitted",
    )


def certification_recommendations(user, today):
    queryset = (
        Certification.objects.visible_to(user)
        .filter(status=Certification.Status.RECOMMENDED)
        .select_related("trainer", "module")
        .order_by("updated_at", "pk")
    )
    return _queue(
        "certification-recommendations",
        _("Certification recommendations"),
        _("No trainer is recommended for certification."),
        queryset,
        lambda certification: (str(certification.trainer), "", str(certification.module)),
    )


def rounds_past_their_end(user, today):
    queryset = (
        TrainingRound.objects.visible_to(user)
        .filter(status__in=OPEN, ends_on__lt=today)
        .select_related("city")
        .order_by("ends_on", "pk")
    )
    return _queue(
        "rounds-past-end",
        _("Rounds past their end, still open"),
        _("Every round past its end date is closed."),
        queryset,
        lambda training_round: (
            training_round.title,
            reverse("trainings:round_detail", args=[training_round.pk]),
            _("ended %(date)s") % {"date": training_round.ends_on.isoformat()},
        ),
    )


def agreements_expiring(user, today):
    return _queue(
        "agreements-expiring",
        _("Agreements expiring within 90 days"),
        _("No agreement expires in the next 90 days."),
        Agreement.objects.visible_to(user).expiring_on(today),
        lambda agreement: (
            agreement.title,
            agreement.get_absolute_url(),
            _("%(partner)s, until %(date)s") % {"partner": agreement.partner, "date": agreement.ends_on.isoformat()},
        ),
    )


def _counted_at(moment, today):
    moment = timezone.localtime(moment)
    return date_format(moment, "H:i" if moment.date() == today else "Y-m-d H:i")


def data_quality_findings(user, today):
    """The data-quality page's findings counted by check, each line leading to the page, as a background task last
    counted them (a recount is queued when the records have changed since, or after QualityCounts.FRESH_FOR)."""
    now = timezone.now()
    version = data_version.current()
    stored = QualityCounts.objects.filter(scope=QualityCounts.PROGRAMME).first()
    if (stored is None or not stored.is_fresh(now, version)) and QualityCounts.objects.claim_recount(
        QualityCounts.PROGRAMME, stored, now, version
    ):
        quality_counts_recount.enqueue(user_id=user.pk)
        stored = stored or QualityCounts(scope=QualityCounts.PROGRAMME)
        stored.requested_at = now
    page = reverse("reporting:data_quality")
    if stored is None or stored.counted_at is None:
        return Queue("data-quality", _("Data-quality findings"), _("Not counted yet: counting…"), None, [], page)
    counts = [(CHECKS[check], stored.counts[check]) for check in CHECKS if stored.counts.get(check)]
    note = _("counted at %(time)s") % {"time": _counted_at(stored.counted_at, today)}
    if stored.is_recounting(now):
        note = _("counted at %(time)s, counting again…") % {"time": _counted_at(stored.counted_at, today)}
    return Queue(
        "data-quality",
        _("Data-quality findings"),
        _("No data-quality finding."),
        sum(count for _label, count in counts),
        [(label, page, count) for label, count in counts[:ITEMS_SHOWN]],
        page,
        note,
    )


# What waits for ILO staff, in the order shown: each is a function (user, today) -> Queue.
STAFF_QUEUES = [
    improvements_to_verify,
    certification_recommendations,
    rounds_past_their_end,
    agreements_expiring,
    data_quality_findings,
]


@login_required
def home(request):
    """The start page, by role: ILO staff see what waits for them; partner users their returned improvements, then
    their open rounds (with quick actions for coordinators); reviewers what awaits review; committee members the
    latest frozen report and the way to the dashboard."""
    user = request.user
    scope = scope_for(user)
    today = timezone.localdate()
    context = {"scope": scope}
    if scope.sees_everything:
        context["queues"] = [queue(user, today) for queue in STAFF_QUEUES]
    elif scope.is_partner_user:
        may_write = scope.may_write_anything
        rounds = TrainingRound.objects.filter(status__in=OPEN)
        rounds = rounds.editable_by(user) if may_write else rounds.visible_to(user)
        context.update(
            may_write=may_write,
            returned=list(Improvement.objects.returned_to(user)) if may_write else [],
            memberships=user.partner_memberships.select_related("partner").order_by(
                text_in_reader_language("partner__name")
            ),
            open_rounds=rounds.select_related("module", "city", "partner").order_by("starts_on", "pk")[
                :OPEN_ROUNDS_SHOWN
            ],
            open_round_count=rounds.count(),
        )
    elif scope.reviews_improvements:
        context["queues"] = [improvements_to_verify(user, today)]
    elif scope.reads_reports:
        context["latest_frozen"] = FrozenReport.objects.visible_to(user).for_list().first()
    return render(request, "reporting/home.html", context)
