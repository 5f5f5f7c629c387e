"""Text fields of enterprises kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`). Code that looks a record up by its text names the language column (`name_en`, `name_zh_hans`):
the plain `name` is rewritten to the active language."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from enterprises.models import Enterprise, Indicator, Measurement


@register(Enterprise)
class EnterpriseTranslation(TranslationOptions):
    fields = ("name",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit", "description")


@register(Measurement)
class MeasurementTranslation(TranslationOptions):
    fields = ("note",)


# The change history of each model, made now that the translation fields exist so that it keeps both languages.
for model in (Enterprise, Indicator, Measurement):
    register_history(model, app="enterprises")
