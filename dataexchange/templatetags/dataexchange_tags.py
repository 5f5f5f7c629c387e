from django import template
from django.urls import reverse

from dataexchange.kinds import KINDS
from dataexchange.models import writes_records

register = template.Library()


@register.inclusion_tag("dataexchange/_list_menu.html", takes_context=True)
def spreadsheet_menu(context, *slugs):
    """Export and import links for a list page's kinds of records (the template adds the list's current filters)."""
    importing = writes_records(context["request"].user)
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
