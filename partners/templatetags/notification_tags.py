from django import template

from partners.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many notifications the signed-in user has not read (the bell's number)."""
    return unread_count(context["user"])
