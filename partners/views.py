from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from partners.forms import NotificationSettingsForm
from partners.models import Notification, UserPreference
from partners.notifications import deliveries_for, notifications_mark_read, preferences_save, text_of

NOTIFICATIONS_PER_PAGE = 25


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


@login_required
def notification_list(request):
    """The inbox: the user's own notifications, newest first, unread ones marked."""
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.text = text_of(notification)
    return render(request, "partners/notification_list.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one of the user's notifications read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    notifications_mark_read(user=request.user, notifications=Notification.objects.filter(pk=notification.pk))
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()})
    return redirect(notification.link if notification.link and safe else "notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext("%(count)s notification marked read.", "%(count)s notifications marked read.", count)
        % {"count": count},
    )
    return redirect("notification_list")


@login_required
def notification_settings(request):
    """How the user is told of each kind of notification: in the app only, by e-mail at once, or in a weekly digest."""
    form = NotificationSettingsForm(request.POST or None, initial=deliveries_for(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    return render(request, "partners/notification_settings.html", {"form": form, "has_email": bool(request.user.email)})
