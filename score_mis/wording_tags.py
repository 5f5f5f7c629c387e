"""Punctuation of generated sentences in the reader's language (score_mis/wording.py):
`{{ names|join_list }}`, `{% place city province %}`, `{% aside text before %}`, `{% comma %}`, `{% colon %}`,
`{% semicolon %}`. Text that is already HTML (such as `{% bilingual %}`'s) stays as it is; other text is escaped."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from score_mis import wording

register = template.Library()


@register.filter(needs_autoescape=True)
def join_list(items, autoescape=True):
    escape = conditional_escape if autoescape else str
    return mark_safe(wording.join_list([escape(item) for item in items if item not in (None, "")]))


@register.simple_tag
def place(*parts):
    return mark_safe(wording.place(*(conditional_escape(part) for part in parts if part)))


@register.simple_tag
def aside(text, before=""):
    return mark_safe(wording.aside(conditional_escape(text), conditional_escape(before)))


register.simple_tag(wording.comma, name="comma")
register.simple_tag(wording.colon, name="colon")
register.simple_tag(wording.semicolon, name="semicolon")
