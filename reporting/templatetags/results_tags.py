from django import template
from django.utils.translation import gettext as _

from reporting.framework import ResultIndicator
from reporting.templatetags.reporting_tags import MISSING, amount, percent

register = template.Library()


@register.filter
def indicator_value(value, indicator):
    """A target or actual as the indicator counts it: a number, a percentage, RMB or yes/no."""
    if value is None:
        return MISSING
    kind = indicator.kind
    if kind == ResultIndicator.Kind.PERCENTAGE:
        return percent(value)
    if kind == ResultIndicator.Kind.YES_NO:
        return _("Yes") if value else _("No")
    if kind == ResultIndicator.Kind.MONEY:
        return _("%(amount)s RMB") % {"amount": amount(value)}
    return amount(value, 1)
