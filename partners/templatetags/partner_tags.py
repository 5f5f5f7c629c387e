from django import template

register = template.Library()


@register.inclusion_tag("partners/_agreement_status.html")
def agreement_status(agreement, day):
    """The agreement's status on `day` as a badge: not yet in force, in force, expiring within 90 days, expired."""
    return {"status": agreement.status_on(day)}


@register.filter
def verbose_name(model):
    return model._meta.verbose_name


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def reference_url(kind, action):
    """The URL name of one page of a kind of reference data: {% url kind|reference_url:"update" record.pk %}."""
    return kind.url_name(action)
