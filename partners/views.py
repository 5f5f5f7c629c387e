from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.utils.translation import get_supported_language_variant
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners.access import scope_for
from partners.models import UserPreference
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
        may_write = bool(scope.writable_partner_ids)
        rounds = ongoing.editable_by(user) if may_write else ongoing.visible_to(user)
        context.update(
            may_write=may_write,
            memberships=user.partner_memberships.select_related("partner").order_by("partner__name"),
            ongoing_rounds=rounds.select_related("module", "city", "partner")[:ONGOING_ROUNDS_SHOWN],
            counts={
                "ongoing_rounds": rounds.count(),
                "enterprises": Enterprise.objects.visible_to(user).count(),
                "improvements_verified": Improvement.objects.visible_to(user)
                .filter(status=Improvement.Status.VERIFIED)
                .count(),
            },
        )
    return render(request, "partners/home.html", context)


@require_POST
def language_set(request):
    """Django's set_language, which also keeps a signed-in user's choice for their next sign-in."""
    response = set_language(request)
    if request.user.is_authenticated:
        try:
            language = get_supported_language_variant(request.POST.get("language") or "")
        except LookupError:
            return response
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


class SignInView(LoginView):
    """Django's sign-in, which then shows the interface in the language the user last chose."""

    def form_valid(self, form):
        response = super().form_valid(form)
        preference = UserPreference.objects.filter(user=form.get_user()).first()
        if preference is not None:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                preference.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
