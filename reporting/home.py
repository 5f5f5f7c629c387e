"""The start page. It counts rounds, enterprises and improvements, so it sits in reporting, above the apps it counts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners.access import scope_for
from trainings.models import TrainingRound

ONGOING_ROUNDS_SHOWN = 10


@login_required
def home(request):
    """The start page, by role: ILO staff get the programme's to-do counts, partner users their partners
    and ongoing rounds (with quick actions for coordinators), committee members the way to the reports."""
    user = request.user
    scope = scope_for(user)
    context = {"scope": scope}
    ongoing = TrainingRound.objects.filter(status=TrainingRound.Status.ONGOING)
    if scope.sees_everything:
        context["counts"] = {
            "ongoing_rounds": ongoing.visible_to(user).count(),
            "enterprises": Enterprise.objects.visible_to(user).count(),
            "improvements_to_verify": Improvement.objects.visible_to(user)
            .filter(status=Improvement.Status.SUBMITTED)
            .count(),
        }
    elif scope.is_partner_user:
        may_write = scope.may_write_anything
        rounds = ongoing.editable_by(user) if may_write else ongoing.visible_to(user)
        context.update(
            may_write=may_write,
            memberships=user.partner_memberships.select_related("partner").order_by("partner__name"),
            ongoing_rounds=rounds.select_related("module", "city", "partner")[:ONGOING_ROUNDS_SHOWN],
            counts={
                "ongoing_rounds": rounds.count(),
                "enterprises": Enterprise.objects.visible_to(user).count(),
                "improvements_verified": Improvement.objects.visible_to(user).verified().count(),
            },
        )
    return render(request, "reporting/home.html", context)
