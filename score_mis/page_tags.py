"""Template tags for the page scaffolding every app's templates share (`{% load page_tags %}`)."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string

register = template.Library()

TABLE_SECTION_OPTIONS = {"id", "heading", "rows", "empty", "count", "table_class"}
TABLE_SECTION_REQUIRED = {"id", "heading", "rows", "empty"}


@register.tag
def table_section(parser, token):
    """{% table_section id="rounds" heading=_("Training rounds") rows=rounds empty=_("No rounds.") %}
    <thead>…</thead><tbody>…</tbody>{% endtable_section %}

    A section with its heading and the table of `rows`, or the `empty` sentence when there are none
    (templates/includes/table_section.html). Optional: `count` shown beside the heading, `table_class`."""
    bits = token.split_contents()
    options = token_kwargs(bits[1:], parser)
    given = set(options)
    if len(options) != len(bits) - 1 or not TABLE_SECTION_REQUIRED <= given <= TABLE_SECTION_OPTIONS:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes {', '.join(sorted(TABLE_SECTION_REQUIRED))} and optionally count and table_class, "
            "all as name=value"
        )
    table = parser.parse(("endtable_section",))
    parser.delete_first_token()
    return TableSectionNode(table, options)


class TableSectionNode(template.Node):
    def __init__(self, table, options):
        self.table, self.options = table, options

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.options.items()}
        if values["rows"]:
            values["table"] = self.table.render(context)
        return render_to_string("includes/table_section.html", values)
