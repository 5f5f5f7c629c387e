from django import template

from improvements.journey import Stage
from improvements.models import Improvement

register = template.Library()


@register.inclusion_tag("improvements/_returned_list.html", takes_context=True)
def returned_improvements(context):
    """The improvements returned to the current user for changes, with the reviewers' comments."""
    return {"returned": list(Improvement.objects.returned_to(context["request"].user))}


@register.filter
def journey_stage_label(stage):
    """The name of a stage of an enterprise's journey (`journey_stage`, improvements/journey.py)."""
    return Stage(stage).label
