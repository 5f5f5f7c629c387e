"""Reference data pages (cities, modules, indicators, improvement categories): ILO staff list, add, change and delete
the rows every other record picks from; nobody else opens these pages (the admin stays for superusers' repairs).

Each app declares its kind with `ReferenceKind` and adds `reference_urls(kind)` to its URLs."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from partners import services
from partners.access import require_programme_staff
from partners.forms import add_errors

ROWS_PER_PAGE = 50


@dataclass(frozen=True)
class ReferenceKind:
    """One table of reference data: its model, the ScopedModelForm that edits it, the URL segment and namespace of
    its pages, and the columns of its list as (heading, attribute) pairs."""

    name: str
    model: type
    form_class: type
    segment: str
    namespace: str
    columns: tuple

    def url_name(self, action):
        return f"{self.namespace}:{self.name}_{action}"


def _list(kind):
    @login_required
    def view(request):
        require_programme_staff(request.user)
        page_obj = Paginator(kind.model.objects.all(), ROWS_PER_PAGE).get_page(request.GET.get("page"))
        rows = [(record, [getattr(record, attribute) for _heading, attribute in kind.columns]) for record in page_obj]
        context = {"kind": kind, "page_obj": page_obj, "rows": rows, "headings": [h for h, _a in kind.columns]}
        return render(request, "partners/reference_list.html", context)

    return view


def _edit(request, kind, record):
    form = kind.form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_save(user=request.user, record=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": form.instance})
            return redirect(kind.url_name("list"))
    context = {"kind": kind, "form": form, "record": record, "list_url": reverse(kind.url_name("list"))}
    return render(request, "partners/reference_form.html", context)


def _create(kind):
    @login_required
    def view(request):
        require_programme_staff(request.user)
        return _edit(request, kind, kind.model())

    return view


def _update(kind):
    @login_required
    def view(request, pk):
        require_programme_staff(request.user)
        return _edit(request, kind, get_object_or_404(kind.model, pk=pk))

    return view


def _delete(kind):
    @login_required
    def view(request, pk):
        require_programme_staff(request.user)
        record = get_object_or_404(kind.model, pk=pk)
        list_url = reverse(kind.url_name("list"))
        if request.method == "POST":
            try:
                deleted = services.reference_delete(user=request.user, record=record)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if deleted:
                    messages.success(request, _("Deleted: %(record)s.") % {"record": record})
                else:
                    message = _(
                        "“%(record)s” is in use, so it was deactivated instead: it stays on the records that have it."
                    )
                    messages.success(request, message % {"record": record})
            return redirect(list_url)
        context = {"object": record, "cancel_url": list_url}
        if hasattr(record, "is_active"):
            context["consequences"] = _("If records use it, it is deactivated instead and stays on them.")
        return render(request, "includes/confirm_delete.html", context)

    return view


def reference_urls(kind):
    return [
        path(f"{kind.segment}/", _list(kind), name=f"{kind.name}_list"),
        path(f"{kind.segment}/new/", _create(kind), name=f"{kind.name}_create"),
        path(f"{kind.segment}/<int:pk>/edit/", _update(kind), name=f"{kind.name}_update"),
        path(f"{kind.segment}/<int:pk>/delete/", _delete(kind), name=f"{kind.name}_delete"),
    ]
