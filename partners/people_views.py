"""The People pages: ILO staff invite users, give them roles and partner memberships, deactivate them; a partner's
coordinators and viewers see who else works for their partners. Accounts are fetched through partners.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import roles, services
from partners.access import (
    get_editable_person_or_403,
    get_person_or_404,
    people_editable_by,
    people_visible_to,
    require_programme_staff,
    scope_for,
)
from partners.filters import PersonFilter
from partners.forms import InvitationForm, MembershipFormSet, PersonForm, add_errors
from partners.history import person_history
from partners.models import PartnerMembership
from score_mis.pagination import BoundedPaginator

PEOPLE_PER_PAGE = 50


def _with_roles_and_partners(people):
    return people.prefetch_related(
        "groups", Prefetch("partner_memberships", queryset=PartnerMembership.objects.select_related("partner"))
    )


def role_names(person):
    return [roles.LABELS[group.name] for group in person.groups.all() if group.name in roles.LABELS]


@login_required
def person_list(request):
    people = people_visible_to(request.user)
    person_filter = PersonFilter(request.GET or None, queryset=people, request=request)
    number = request.GET.get("page")
    ordered = _with_roles_and_partners(person_filter.qs.order_by("-is_active", "username"))
    page_obj = BoundedPaginator(ordered, PEOPLE_PER_PAGE, page_number=number).get_page(number)
    for person in page_obj:
        person.role_names = role_names(person)
    context = {
        "filter": person_filter,
        "page_obj": page_obj,
        "can_invite": scope_for(request.user).changes_everything,
    }
    return render(request, "partners/person_list.html", context)


@login_required
def person_detail(request, pk):
    person = get_person_or_404(request.user, pk)
    person = _with_roles_and_partners(people_visible_to(request.user).filter(pk=person.pk)).get()
    can_edit = people_editable_by(request.user).filter(pk=person.pk).exists()
    context = {
        "person": person,
        "role_names": role_names(person),
        "can_edit": can_edit,
        "history": person_history(person) if can_edit else [],
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "partners/person_detail.html", context)


@login_required
def person_invite(request):
    require_programme_staff(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_invite(
                user=request.user,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                groups=list(form.cleaned_data["groups"]),
                memberships=form.memberships(),
                site_url=request.build_absolute_uri("/"),
                language=get_language(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation to %(email)s is on its way: they choose a password from its link.")
                % {"email": person.email},
            )
            return redirect("partners:person_detail", pk=person.pk)
    return render(request, "partners/person_invite.html", {"form": form})


@login_required
def person_update(request, pk):
    person = get_editable_person_or_403(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)
    formset = MembershipFormSet(request.POST or None, instance=person, prefix="memberships")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.person_update(
                user=request.user,
                person=person,
                groups=list(form.cleaned_data["groups"]),
                memberships=[f.instance for f in formset.forms if f not in formset.deleted_forms and f.has_changed()],
                removed=[f.instance for f in formset.deleted_forms if f.instance.pk is not None],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": person.get_username()})
            return redirect("partners:person_detail", pk=person.pk)
    context = {"form": form, "formset": formset, "person": person}
    return render(request, "partners/person_form.html", context)


@login_required
@require_POST
def person_set_active(request, pk):
    person = get_editable_person_or_403(request.user, pk)
    active = request.POST.get("active") == "1"
    services.person_set_active(user=request.user, person=person, active=active)
    if active:
        messages.success(request, _("%(user)s can sign in again.") % {"user": person.get_username()})
    else:
        messages.success(request, _("%(user)s can no longer sign in.") % {"user": person.get_username()})
    return redirect(reverse("partners:person_detail", args=[person.pk]))
