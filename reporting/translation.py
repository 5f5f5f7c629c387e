"""Text fields of the results framework kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`); each app registers its own in its `translation.py`."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from reporting.framework import (
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)


@register(ProgrammePhase)
class ProgrammePhaseTranslation(TranslationOptions):
    fields = ("name",)


@register(ResultArea)
class ResultAreaTranslation(TranslationOptions):
    fields = ("title",)


@register(ResultIndicator)
class ResultIndicatorTranslation(TranslationOptions):
    fields = ("name", "unit_label")


@register(ResultTarget)
class ResultTargetTranslation(TranslationOptions):
    fields = ("note",)


@register(ReportedActual)
class ReportedActualTranslation(TranslationOptions):
    fields = ("note",)


@register(Narrative)
class NarrativeTranslation(TranslationOptions):
    fields = ("executive_summary", "challenges", "next_steps")


@register(ContentItem)
class ContentItemTranslation(TranslationOptions):
    fields = ("title", "formats", "who", "text")


# The change history of each model, made now that the translation fields exist so that it keeps both languages.
for model in (
    ProgrammePhase,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    ReportedActual,
    UsdRate,
    Narrative,
    ContentItem,
):
    register_history(model, app="reporting")
