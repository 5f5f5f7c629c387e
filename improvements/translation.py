"""Text fields of improvements kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from improvements.models import Improvement, ImprovementCategory, Photo, ReviewStep


@register(ImprovementCategory)
class ImprovementCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Improvement)
class ImprovementTranslation(TranslationOptions):
    fields = ("title", "description", "saving_calculation")


@register(ReviewStep)
class ReviewStepTranslation(TranslationOptions):
    fields = ("comment",)


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption",)


# The change history of each model, made now that the translation fields exist so that it keeps both languages.
for model in (ImprovementCategory, Improvement, Photo):
    register_history(model, app="improvements")
