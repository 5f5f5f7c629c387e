from django import template
from django.urls import reverse

from dataexchange.kinds import KINDS
from partners.access import scope_for

register = template.Library()


@register.inclusion_tag("dataexchange/_list_menu.html", takes_context=True)
def spreadsheet_menu(context, *slugs):
    """Export (with the list's current filters) and import links for a list page's kinds of records."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    query_string = f"?{query.urlencode()}" if query else ""
    importing = scope_for(request.user).may_write_anything
    return {
        "kinds": [
            {
                "label": KINDS[slug].label,
                "xlsx": reverse("dataexchange:export", args=[slug, "xlsx"]) + query_string,
                "csv": reverse("dataexchange:export", args=[slug, "csv"]) + query_string,
                "import": reverse("dataexchange:import_upload", args=[slug]) if importing else None,
            }
            for slug in slugs
        ],
    }
