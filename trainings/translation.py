"""Text fields of trainings kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`). The older models keep their `name`/`name_zh` pairs."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from trainings.models import Certification


@register(Certification)
class CertificationTranslation(TranslationOptions):
    fields = ("recommendation", "decline_reason")


# The change history, made now that the translation fields exist so that it keeps both languages.
register_history(Certification, app="trainings")
