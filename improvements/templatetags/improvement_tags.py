from django import template

from improvements.models import Improvement

register = template.Library()


@register.inclusion_tag("improvements/_returned_list.html", takes_context=True)
def returned_improvements(context):
    """The improvements returned to the current user for changes, with the reviewers' comments."""
    return {"returned": list(Improvement.objects.returned_to(context["request"].user))}
