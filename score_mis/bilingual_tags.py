"""Template tags showing bilingual text in the reader's language.

When the reader's language is empty the other language is shown, marked subtly as such (and with its
`lang` attribute, so that screen readers pronounce it right)."""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from score_mis.bilingual import in_language

register = template.Library()

FALLBACK_HTML = {
    "span": '<span lang="{}" class="text-fallback">{} <small class="text-fallback-marker">({})</small></span>',
    "div": '<div lang="{}" class="text-fallback">{}<p class="text-fallback-marker small">({})</p></div>',
}


def _fallback(language, content, tag="span"):
    marker = _("Only in English") if language == "en" else _("Only in Chinese")
    return format_html(FALLBACK_HTML[tag], "zh-Hans" if language == "zh-hans" else "en", content, marker)


@register.simple_tag
def bilingual(record, name):
    """One line of text in the reader's language, or the other language marked."""
    text, language, is_own = in_language(record, name)
    return text if is_own else _fallback(language, text)


@register.simple_tag
def bilingual_paragraphs(record, name):
    """Paragraphs of text in the reader's language, or the other language marked."""
    text, language, is_own = in_language(record, name)
    paragraphs = mark_safe(linebreaks(text, autoescape=True)) if text else ""
    return paragraphs if is_own else _fallback(language, paragraphs, "div")
