from django.conf import settings
from django.contrib.auth.views import LoginView
from django.utils.translation import get_supported_language_variant
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from partners.models import UserPreference


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
