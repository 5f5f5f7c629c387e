"""Text fields of trainings kept in English and Chinese (django-modeltranslation adds `<field>_en` and
`<field>_zh_hans`)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from trainings.models import Activity, Certification, Event, Module, Trainer, TrainingRound


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("title", "short_label")


@register(Trainer)
class TrainerTranslation(TranslationOptions):
    fields = ("name",)


@register(Certification)
class CertificationTranslation(TranslationOptions):
    fields = ("recommendation", "decline_reason")


@register(TrainingRound)
class TrainingRoundTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("notes",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


# The change history of each model, made now that the translation fields exist so that it keeps both languages.
for model in (Module, Trainer, Certification, TrainingRound, Activity, Event):
    register_history(model, app="trainings")
