from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import DuplicateConfirmationFormMixin, ScopedModelForm
from partners.models import Partner
from score_mis.bilingual import BilingualModelForm, reader_language, text_in_reader_language
from score_mis.forms import IsoDateInput, PlainTextFormMixin
from score_mis.versions import VersionedFormMixin
from trainings.models import (
    Activity,
    Certification,
    Enrollment,
    Event,
    EventParticipation,
    Module,
    RoundTrainer,
    Sex,
    Trainer,
    TrainingRound,
)
from trainings.querysets import PARTICIPANT_COUNTS

MAX_COUNT = 32767
COUNT_LABELS = {
    "female_managers": _("Female managers"),
    "male_managers": _("Male managers"),
    "female_workers": _("Female workers"),
    "male_workers": _("Male workers"),
}


class CountInput(forms.NumberInput):
    """A number box for counting people, with the numeric keypad on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "min": 0, "step": 1, **(attrs or {})})


def count_field(**kwargs):
    return forms.IntegerField(min_value=0, max_value=MAX_COUNT, required=False, widget=CountInput, **kwargs)


class RoundForm(DuplicateConfirmationFormMixin, ScopedModelForm, BilingualModelForm):
    bilingual = ("title", "description")

    class Meta:
        model = TrainingRound
        fields = [
            *BilingualModelForm.translated_fields("title"),
            "partner",
            "module",
            "city",
            "kind",
            "status",
            "phase",
            "starts_on",
            "ends_on",
            "cost_total",
            "cost_non_ilo",
            *BilingualModelForm.translated_fields("description"),
        ]
        widgets = {
            "starts_on": IsoDateInput,
            "ends_on": IsoDateInput,
            **dict.fromkeys(BilingualModelForm.translated_fields("description"), forms.Textarea(attrs={"rows": 4})),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            writable_partners = list(self.fields["partner"].queryset[:2])
            if len(writable_partners) == 1 and not self.initial.get("partner"):
                self.initial["partner"] = writable_partners[0].pk

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on, status = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("status")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A round cannot end before it starts."))
        for cost in ("cost_total", "cost_non_ilo"):
            if cleaned.get(cost) is not None and cleaned[cost] < 0:
                self.add_error(cost, _("Costs cannot be negative."))
        cost_total, cost_non_ilo = cleaned.get("cost_total"), cleaned.get("cost_non_ilo")
        if cost_total is not None and cost_non_ilo is not None and cost_non_ilo > cost_total:
            self.add_error("cost_non_ilo", _("The non-ILO part cannot exceed the total cost."))
        if status == TrainingRound.Status.COMPLETED:
            if not ends_on:
                self.add_error("ends_on", _("A completed round needs the date it ended."))
            elif ends_on > timezone.localdate():
                self.add_error("status", _("A round that ends in the future cannot be completed yet."))
        return cleaned


class EnrollmentCreateForm(ScopedModelForm):
    """Enrol one of the user's enterprises that is not yet in the round."""

    class Meta:
        model = Enrollment
        fields = ["enterprise", "enrolled_on", "baseline_done"]
        widgets = {"enrolled_on": IsoDateInput}

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, instance=Enrollment(round=round), **kwargs)
        self.fields["enterprise"].queryset = self.fields["enterprise"].queryset.exclude(
            pk__in=round.enrollments.values("enterprise_id")
        )
        self.fields["enterprise"].help_text = _("Enterprises you may change that are not in this round yet.")
        if not self.initial.get("enrolled_on"):
            self.initial["enrolled_on"] = timezone.localdate()


class EnrollmentForm(ScopedModelForm):
    class Meta:
        model = Enrollment
        fields = ["status", "enrolled_on", "completed_on", "baseline_done"]
        widgets = {"enrolled_on": IsoDateInput, "completed_on": IsoDateInput}

    def clean(self):
        cleaned = super().clean()
        enrolled_on, completed_on = cleaned.get("enrolled_on"), cleaned.get("completed_on")
        if enrolled_on and completed_on and completed_on < enrolled_on:
            self.add_error("completed_on", _("An enrollment cannot be completed before it starts."))
        if (
            cleaned.get("status") == Enrollment.Status.COMPLETED
            and not completed_on
            and "completed_on" not in self.errors
        ):
            self.add_error("completed_on", _("Give the date the enterprise completed the round."))
        return cleaned


class ActivityForm(ScopedModelForm, BilingualModelForm):
    """Date, trainers, notes and participants' satisfaction of a workshop day or factory visit of `round`."""

    bilingual = ("notes",)

    class Meta:
        model = Activity
        fields = [
            "date",
            "trainers",
            "trainees_present",
            *BilingualModelForm.translated_fields("notes"),
            "satisfaction_average",
            "satisfaction_respondents",
        ]
        widgets = {
            "date": IsoDateInput,
            "trainers": forms.CheckboxSelectMultiple,
            "trainees_present": forms.CheckboxSelectMultiple,
            **dict.fromkeys(BilingualModelForm.translated_fields("notes"), forms.Textarea(attrs={"rows": 3})),
        }

    def __init__(self, *args, round, kind, instance=None, **kwargs):
        super().__init__(*args, instance=instance or Activity(round=round, kind=kind), **kwargs)
        if self.instance.pk:
            # Trainers already named stay selectable even when the user may not pick them anew.
            self.fields["trainers"].queryset = Trainer.objects.filter(
                Q(pk__in=self.fields["trainers"].queryset.values("pk")) | Q(activities=self.instance)
            ).distinct()
        elif not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        if "trainees_present" in self.fields:
            if round.kind == TrainingRound.Kind.TOT:
                self.fields["trainees_present"].queryset = Trainer.objects.filter(tot_places__round=round)
            else:
                del self.fields["trainees_present"]

    @property
    def satisfaction(self):
        return {name: self.cleaned_data.get(name) for name in ("satisfaction_average", "satisfaction_respondents")}

    @property
    def trainees(self):
        """The trainees marked present on a day of a training of trainers; None on other rounds."""
        return self.cleaned_data.get("trainees_present") if "trainees_present" in self.fields else None


class VisitForm(ActivityForm):
    """A factory visit: the enterprise visited (one enrolled in the round) and, if counted, who took part."""

    female_managers = count_field(label=COUNT_LABELS["female_managers"])
    male_managers = count_field(label=COUNT_LABELS["male_managers"])
    female_workers = count_field(label=COUNT_LABELS["female_workers"])
    male_workers = count_field(label=COUNT_LABELS["male_workers"])

    class Meta(ActivityForm.Meta):
        fields = [
            "enterprise",
            "date",
            "trainers",
            *BilingualModelForm.translated_fields("notes"),
            "satisfaction_average",
            "satisfaction_respondents",
        ]

    def __init__(self, *args, round, instance=None, recorded_attendance=None, **kwargs):
        super().__init__(*args, round=round, kind=Activity.Kind.FACTORY_VISIT, instance=instance, **kwargs)
        taking_part = round.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).values("enterprise_id")
        self.fields["enterprise"].queryset = self.fields["enterprise"].queryset.filter(
            Q(pk__in=taking_part) | Q(pk=self.instance.enterprise_id)
        )
        self.fields["enterprise"].required = True
        if recorded_attendance is not None:
            for name in PARTICIPANT_COUNTS:
                self.initial.setdefault(name, getattr(recorded_attendance, name))

    @property
    def attendance(self):
        return {name: self.cleaned_data.get(name) or 0 for name in PARTICIPANT_COUNTS}


class AttendanceRowForm(forms.Form):
    """How many people one enterprise sent to a workshop day."""

    enterprise = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    female_managers = count_field(label=COUNT_LABELS["female_managers"])
    male_managers = count_field(label=COUNT_LABELS["male_managers"])
    female_workers = count_field(label=COUNT_LABELS["female_workers"])
    male_workers = count_field(label=COUNT_LABELS["male_workers"])

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises
        self.fields["enterprise"].choices = [(pk, pk) for pk in enterprises]
        name = self.listed_enterprise.display_name if self.listed_enterprise else ""
        for field_name in PARTICIPANT_COUNTS:
            field = self.fields[field_name]
            field.widget.attrs.update({"class": "form-control form-control-lg", "aria-label": f"{name}: {field.label}"})

    @property
    def listed_enterprise(self):
        """The enterprise this row is for, as sent in the form or given initially."""
        try:
            return self.enterprises.get(int(self["enterprise"].value()))
        except (TypeError, ValueError):
            return None

    def full_clean(self):
        super().full_clean()
        for name in PARTICIPANT_COUNTS:
            if name in self.errors:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    @property
    def counts(self):
        return {name: self.cleaned_data.get(name) or 0 for name in PARTICIPANT_COUNTS}


class BaseAttendanceFormSet(forms.BaseFormSet):
    """One row per enterprise of the round; an enterprise's id not listed, or listed twice, is an error."""

    def __init__(self, *args, enterprises, **kwargs):
        self.enterprises = {enterprise.pk: enterprise for enterprise in enterprises}
        super().__init__(*args, form_kwargs={"enterprises": self.enterprises}, **kwargs)

    def clean(self):
        seen = set()
        for form in self.forms:
            enterprise_id = form.cleaned_data.get("enterprise")
            if enterprise_id in seen:
                raise forms.ValidationError(_("An enterprise appears twice in the attendance."))
            seen.add(enterprise_id)

    @property
    def attendance(self):
        return {self.enterprises[form.cleaned_data["enterprise"]]: form.counts for form in self.forms}

    @property
    def participants(self):
        return sum(sum(counts.values()) for counts in self.attendance.values())


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0)


def attendance_grid_enterprises(training_round, workshop=None):
    """The enterprises on the attendance grid: those taking part in the round, and any already recorded."""
    enrollments = training_round.enrollments.select_related("enterprise").order_by(
        text_in_reader_language("enterprise__name"), "pk"
    )
    enterprises = {e.enterprise_id: e.enterprise for e in enrollments if e.status != Enrollment.Status.WITHDRAWN}
    if workshop is not None:
        for row in workshop.attendances.select_related("enterprise"):
            enterprises.setdefault(row.enterprise_id, row.enterprise)
    return sorted(enterprises.values(), key=lambda enterprise: enterprise.name)


def attendance_initial(enterprises, rows):
    """Initial grid values: each enterprise with the counts already recorded for it, or zeros."""
    recorded = {row.enterprise_id: row for row in rows}
    return [
        {
            "enterprise": enterprise.pk,
            **{name: getattr(recorded.get(enterprise.pk), name, 0) for name in PARTICIPANT_COUNTS},
        }
        for enterprise in enterprises
    ]


class TraineeForm(PlainTextFormMixin, forms.Form):
    """A trainee of a training of trainers: a trainer already known, or a new trainer candidate."""

    trainer = forms.ModelChoiceField(
        label=_("Someone already registered"),
        queryset=Trainer.objects.none(),
        required=False,
        help_text=_("Or leave this empty and describe a new trainer candidate below."),
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "---------"), *Sex.choices], required=False)
    partner = forms.ModelChoiceField(label=_("Employing partner"), queryset=Partner.objects.none(), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            Trainer.objects.visible_to(user).exclude(tot_places__round=round).select_related("partner")
        )
        self.fields["partner"].queryset = Partner.objects.editable_by(user)
        writable = list(self.fields["partner"].queryset[:2])
        if len(writable) == 1:
            self.initial.setdefault("partner", writable[0].pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("trainer") is None and not self.errors:
            missing = _("Give this for a new trainer candidate, or choose someone registered.")
            if not (cleaned.get("name_en") or cleaned.get("name_zh_hans")):
                self.add_error(self.name_fields()[0].name, missing)
            for name in ("sex", "partner"):
                if not cleaned.get(name):
                    self.add_error(name, missing)
        return cleaned

    @property
    def trainee(self):
        """The service's arguments: the registered trainer, or the new person's fields."""
        if self.cleaned_data["trainer"] is not None:
            return {"trainer": self.cleaned_data["trainer"]}
        names = ("name_en", "name_zh_hans", "sex", "partner", "email", "phone")
        return {name: self.cleaned_data[name] for name in names}

    def name_fields(self):
        """The new person's name in English and in Chinese, the reader's language first."""
        names = ["name_zh_hans", "name_en"] if reader_language() == "zh-hans" else ["name_en", "name_zh_hans"]
        return [self[name] for name in names]


class RoundTrainerForm(ScopedModelForm):
    """Who delivered the round, in which role."""

    class Meta:
        model = RoundTrainer
        fields = ["trainer", "role"]

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, instance=RoundTrainer(round=round), user=user, **kwargs)
        self.fields["trainer"].queryset = (
            Trainer.objects.visible_to(user).exclude(deliveries__round=round).select_related("partner")
        )


class RecommendationForm(BilingualModelForm):
    """The supervising expert recommends a lead or co-trainer of the round for certification on its module."""

    bilingual = ("recommendation",)

    class Meta:
        model = Certification
        fields = ["trainer", "recommended_on", *BilingualModelForm.translated_fields("recommendation")]
        widgets = {"recommended_on": IsoDateInput}

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, instance=Certification(module=round.module), **kwargs)
        self.fields["trainer"].queryset = Trainer.objects.filter(
            deliveries__round=round, deliveries__role__in=(RoundTrainer.Role.LEAD, RoundTrainer.Role.CO_TRAINER)
        )
        self.fields["trainer"].label = _("Trainer recommended")
        self.fields["recommended_on"].required = True
        self.initial["recommended_on"] = self.initial.get("recommended_on") or timezone.localdate()


class DecisionForm(VersionedFormMixin, BilingualModelForm):
    """ILO staff certify a recommended trainer on the module, or decline with a reason."""

    CERTIFY, DECLINE = "certify", "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(CERTIFY, _("Certify")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    bilingual = ("decline_reason",)

    class Meta:
        model = Certification
        fields = ["decision", "certified_on", *BilingualModelForm.translated_fields("decline_reason")]
        widgets = {"certified_on": IsoDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["certified_on"] = self.initial.get("certified_on") or timezone.localdate()
        for name in self.translated_fields("decline_reason"):
            self.fields[name].widget.attrs["rows"] = 3

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.CERTIFY:
            if not cleaned.get("certified_on"):
                self.add_error("certified_on", _("Give the date of the certification."))
            for name in self.translated_fields("decline_reason"):
                cleaned[name] = ""
        elif cleaned.get("decision") == self.DECLINE:
            cleaned["certified_on"] = None
            if not any(cleaned.get(name) for name in self.translated_fields("decline_reason")):
                self.add_error(
                    self.translated_fields("decline_reason")[0], _("Say why, in English, in Chinese or in both.")
                )
        return cleaned

    def reason(self):
        return {name: self.cleaned_data[name] for name in self.translated_fields("decline_reason")}


class LapseForm(ScopedModelForm):
    class Meta:
        model = Certification
        fields = ["lapsed_on"]
        widgets = {"lapsed_on": IsoDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lapsed_on"].required = True


class RenewForm(ScopedModelForm):
    class Meta:
        model = Certification
        fields = ["renewed_on"]
        widgets = {"renewed_on": IsoDateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renewed_on"].required = True
        self.initial["renewed_on"] = self.initial.get("renewed_on") or timezone.localdate()


class EventForm(ScopedModelForm, BilingualModelForm):
    bilingual = ("title", "description")

    class Meta:
        model = Event
        fields = [
            "kind",
            *BilingualModelForm.translated_fields("title"),
            "starts_on",
            "ends_on",
            "city",
            "partners",
            *BilingualModelForm.translated_fields("description"),
        ]
        widgets = {
            "starts_on": IsoDateInput,
            "ends_on": IsoDateInput,
            "partners": forms.CheckboxSelectMultiple,
            **dict.fromkeys(BilingualModelForm.translated_fields("description"), forms.Textarea(attrs={"rows": 4})),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("An event cannot end before it starts."))
        return cleaned


class ParticipationForm(ScopedModelForm):
    """The women and men of one partner (or of none) who took part in an event."""

    class Meta:
        model = EventParticipation
        fields = ["partner", "female", "male"]

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, instance=EventParticipation(event=event), user=user, **kwargs)
        # Any partner's people may come to an event; the names of partners are no secret.
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)
        for name in ("female", "male"):
            self.fields[name].widget = CountInput()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("female") or cleaned.get("male")):
            self.add_error(None, _("Count at least one participant."))
        return cleaned


class ModuleForm(ScopedModelForm, BilingualModelForm):
    bilingual = ("title", "short_label")

    class Meta:
        model = Module
        fields = ["number", *BilingualModelForm.translated_fields("title", "short_label")]
