from django import template
from django.template.defaultfilters import floatformat

from reporting import charts, formats
from reporting.photos import photo_data_uri, photo_url
from reporting.quality import may_see_data_quality

register = template.Library()

MISSING = "–"


@register.filter
def amount(value, decimals=0):
    """A number with thousands grouped and at most `decimals` decimals, or a dash when there is none."""
    if value is None:
        return MISSING
    return floatformat(value, f"-{decimals}g" if decimals else "0g")


@register.filter
def percent(value):
    return MISSING if value is None else f"{floatformat(value, '-1g')} %"


@register.filter
def signed(value):
    """A change with its sign, such as +3 or −1.5."""
    if value is None:
        return MISSING
    text = floatformat(abs(value), "g")
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


register.filter("day_month", formats.day_month)
register.filter("long_date", formats.long_date)
register.simple_tag(formats.date_range, name="date_range")


@register.simple_tag
def photo_src(photo, size, embed=False):
    """Where an <img> finds one size of a photo: its scoped URL, or the picture itself when `embed`."""
    return photo_data_uri(photo, size) if embed else photo_url(photo, size)


@register.inclusion_tag("reporting/includes/bar_chart.html")
def bar_chart(chart_id, title, rows, attribute):
    return {"chart": charts.horizontal_bars(chart_id, title, [(row.label, getattr(row, attribute)) for row in rows])}


@register.inclusion_tag("reporting/includes/column_chart.html")
def month_chart(chart_id, title, months, attribute):
    items = [(formats.month_year(row.month), getattr(row, attribute)) for row in months]
    return {"chart": charts.columns(chart_id, title, items)}


@register.filter
def sees_data_quality(user):
    return may_see_data_quality(user)
