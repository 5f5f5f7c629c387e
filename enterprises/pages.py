"""What the enterprise list and page show from the apps above enterprises.

This app shows an enterprise's own rows (city, recruiter, brands, team, measurements). Trainings adds its rounds
and factory visits and the list's module and period filters; improvements adds its improvements, their savings
and the journey with the list's stage filter. Each adds its part from its AppConfig.ready() (as trainings adds
enrolments to the access table, access.py), so that enterprises never reads them, and scopes what it adds by its
own `visible_to(user)`. `Enterprise.objects.for_list(user)` (applied to one page of the list) and
`for_detail(user)` apply the parts; the page's view adds their context.
"""

_list_rows = []
_page_rows = []
_page_context = []


def _add(parts, part):
    if part not in parts:
        parts.append(part)


def add_to_list(rows):
    """`rows(queryset, user)` gives the list's queryset with what the list shows added (annotations, prefetches)."""
    _add(_list_rows, rows)


def add_to_page(rows, context=None):
    """`rows(queryset, user)` gives the page's queryset with what the page shows added; `context(enterprise)`
    gives the template context worked out from the enterprise read."""
    _add(_page_rows, rows)
    if context is not None:
        _add(_page_context, context)


def add_filter(name, list_filter, *, before=None):
    """A filter of the list and of the API's enterprise list, shown before the filter named `before` (else last).
    It filters in its `filter(queryset, value)`, where `self.parent` is the list's filter (its request and form)."""
    from enterprises.filters import EnterpriseFilter  # filters.py imports the models, whose querysets import this

    EnterpriseFilter.add_filter(name, list_filter, before=before)


def list_rows(queryset, user):
    for rows in _list_rows:
        queryset = rows(queryset, user)
    return queryset


def page_rows(queryset, user):
    for rows in _page_rows:
        queryset = rows(queryset, user)
    return queryset


def page_context(enterprise):
    context = {}
    for part in _page_context:
        context.update(part(enterprise))
    return context
