"""The main menu: what each role can use, and which item is the current page (aria-current). It names pages of
every app, so it sits in the project package, above them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    shown_to: object  # scope -> bool
    also_current_under: tuple = ()  # other path prefixes whose pages belong to this item


def _works_with_records(scope):
    return scope.sees_everything or scope.is_partner_user


ITEMS = (
    MenuItem(_("Home"), "home", lambda scope: True),
    MenuItem(_("Partners"), "partners:partner_list", _works_with_records, ("/agreements/",)),
    MenuItem(_("People"), "partners:person_list", _works_with_records),
    MenuItem(_("Enterprises"), "enterprises:enterprise_list", _works_with_records),
    MenuItem(
        _("Training rounds"),
        "trainings:round_list",
        _works_with_records,
        ("/trainings/activities/", "/trainings/enrollments/"),
    ),
    MenuItem(_("Trainers"), "trainings:trainer_list", _works_with_records),
    MenuItem(_("Events"), "trainings:event_list", _works_with_records),
    MenuItem(
        _("Improvements"),
        "improvements:improvement_list",
        lambda scope: _works_with_records(scope) or scope.reviews_improvements,
    ),
    MenuItem(_("Dashboard"), "reporting:dashboard", lambda scope: scope.reads_reports),
    MenuItem(_("Reports"), "reporting:committee_report", lambda scope: scope.reads_reports),
    MenuItem(_("Data quality"), "reporting:data_quality", lambda scope: scope.sees_everything or scope.is_partner_user),
    MenuItem(_("Frozen reports"), "reporting:frozen_list", lambda scope: scope.reads_programme_wide),
    MenuItem(_("Results"), "reporting:results", lambda scope: scope.reads_reports),
    MenuItem(_("Spreadsheets"), "dataexchange:index", _works_with_records),
    MenuItem(
        _("Reference data"),
        "partners:city_list",
        lambda scope: scope.changes_everything,
        ("/reference/", "/trainings/modules/", "/enterprises/indicators/", "/improvements/categories/"),
    ),
)


@dataclass(frozen=True)
class ShownItem:
    label: str
    url: str
    current: bool


def menu_for(user, path):
    """The menu items `user` can use, the one whose pages include `path` (the longest match) marked current."""
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    items = [(item, reverse(item.url_name)) for item in ITEMS if item.shown_to(scope)]

    def match(entry):
        item, url = entry
        prefixes = (url,) if url == "/" else (url, *item.also_current_under)
        return max(
            (len(prefix) for prefix in prefixes if path == prefix or (prefix != "/" and path.startswith(prefix))),
            default=0,
        )

    best = max(items, key=match, default=None)
    current = best if best is not None and match(best) else None
    return [ShownItem(item.label, url, (item, url) == current) for item, url in items]


def menu(request):
    """Template context: `menu`, computed only when a template shows it."""
    return {"menu": SimpleLazyObject(lambda: menu_for(request.user, request.path))}
