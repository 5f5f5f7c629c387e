import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from partners import pages, services
from partners.access import get_visible_or_404, require_programme_staff, scope_for
from partners.filters import PartnerFilter
from partners.forms import AgreementForm, NotificationSettingsForm, PartnerForm, add_errors
from partners.models import Agreement, Notification, Partner, UserPreference
from partners.notifications import deliveries_for, notifications_mark_read, preferences_save, text_of
from score_mis.bilingual import text_in_reader_language
from score_mis.pagination import BoundedPaginator

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


# Partners and agreements ---------------------------------------------------------------------------------

PARTNERS_PER_PAGE = 50


@login_required
def partner_list(request):
    partner_filter = PartnerFilter(
        request.GET or None, queryset=Partner.objects.visible_to(request.user), request=request
    )
    number = request.GET.get("page")
    page_obj = BoundedPaginator(partner_filter.qs.for_directory(), PARTNERS_PER_PAGE, page_number=number).get_page(
        number
    )
    context = {
        "filter": partner_filter,
        "page_obj": page_obj,
        "can_create": scope_for(request.user).changes_everything,
    }
    return render(request, "partners/partner_list.html", context)


@login_required
def partner_detail(request, pk):
    user = request.user
    partner = get_visible_or_404(Partner.objects.select_related("parent", "city"), user, pk=pk)
    scope = scope_for(user)
    children = list(partner.children.select_related("city").order_by(text_in_reader_language("name")))
    context = {
        "partner": partner,
        "parent_visible": partner.parent_id is not None
        and (scope.sees_everything or partner.parent_id in scope.readable_partner_ids),
        "branches": [child for child in children if child.parent_relation == Partner.ParentRelation.BRANCH_OF],
        "members": [child for child in children if child.parent_relation == Partner.ParentRelation.MEMBER_OF],
        "memberships": partner.memberships.select_related("user").order_by("role", "user__username"),
        "agreements": partner.agreements.order_by("-signed_on"),
        "today": timezone.localdate(),
        "can_edit": scope.changes_everything,
        **pages.sections(partner, user),
    }
    return render(request, "partners/partner_detail.html", context)


def _edit_partner(request, partner):
    form = PartnerForm(request.POST or None, instance=partner, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(user=request.user, partner=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": form.instance})
            return redirect(form.instance)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@login_required
def partner_create(request):
    require_programme_staff(request.user)
    return _edit_partner(request, Partner())


@login_required
def partner_update(request, pk):
    partner = get_visible_or_404(Partner.objects, request.user, pk=pk)
    require_programme_staff(request.user)
    return _edit_partner(request, partner)


@login_required
def agreement_detail(request, pk):
    agreement = get_visible_or_404(Agreement.objects.select_related("partner"), request.user, pk=pk)
    context = {
        "agreement": agreement,
        "status": agreement.status_on(timezone.localdate()),
        "can_edit": scope_for(request.user).changes_everything,
    }
    return render(request, "partners/agreement_detail.html", context)


def _edit_agreement(request, agreement):
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_save(user=request.user, agreement=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": form.instance})
            return redirect(form.instance)
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_create(request, pk):
    partner = get_visible_or_404(Partner.objects, request.user, pk=pk)
    require_programme_staff(request.user)
    return _edit_agreement(request, Agreement(partner=partner))


@login_required
def agreement_update(request, pk):
    agreement = get_visible_or_404(Agreement.objects.select_related("partner"), request.user, pk=pk)
    require_programme_staff(request.user)
    return _edit_agreement(request, agreement)


@login_required
@require_safe
def agreement_document(request, pk):
    """The agreement's document, for the users who may see the agreement (never from a public URL)."""
    agreement = get_visible_or_404(Agreement.objects, request.user, pk=pk)
    if not agreement.document:
        raise Http404
    try:
        stored = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = agreement.document.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(stored, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
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
