"""Text fields of partners kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`). Code that looks a record up by its text names the language column (`name_en`, `name_zh_hans`):
the plain `name` is rewritten to the active language."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from partners.models import Agreement, City, Partner, PeriodLock


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name", "province")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "scope")


@register(PeriodLock)
class PeriodLockTranslation(TranslationOptions):
    fields = ("reason",)


# The change history of each model, made now that the translation fields exist so that it keeps both languages.
for model in (City, Partner, Agreement, PeriodLock):
    register_history(model, app="partners")
