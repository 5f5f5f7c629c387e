from django import template
from django.urls import reverse

from dataexchange.kinds import KINDS
from partners.access import scope_for

register = template.Library()


@register.inclusion_tag("dataexchange/_list_menu.html", takes_context=True)
def spreadsheet_menu(context, *slugs):
    """Export and import links for a list page's kinds of records (the template adds the list's current filters)."""
    importing = scope_for(context["request"].user).may_write_anything
    return {
        "kinds": [
            {
                "label": KINDS[slug].label,
                "xlsx": reverse("dataexchange:export", args=[slug, "xlsx"]),
                "csv": reverse("dataexchange:export", args=[slug, "csv"]),
                "import": reverse("dataexchange:import_upload", args=[slug]) if importing else None,
            }
            for slug in slugs
        ],
    }
