from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import ScopedModelForm
from score_mis.forms import IsoDateInput
from trainings.models import Activity, Enrollment, Trainer, TrainingRound
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


class RoundForm(ScopedModelForm):
    class Meta:
        model = TrainingRound
        fields = [
            "title",
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
            "description",
        ]
        widgets = {"starts_on": IsoDateInput, "ends_on": IsoDateInput, "description": forms.Textarea(attrs={"rows": 4})}

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


class ActivityForm(ScopedModelForm):
    """Date, trainers and notes of a workshop day or factory visit of `round`."""

    class Meta:
        model = Activity
        fields = ["date", "trainers", "notes"]
        widgets = {
            "date": IsoDateInput,
            "trainers": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
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


class VisitForm(ActivityForm):
    """A factory visit: the enterprise visited (one enrolled in the round) and, if counted, who took part."""

    female_managers = count_field(label=COUNT_LABELS["female_managers"])
    male_managers = count_field(label=COUNT_LABELS["male_managers"])
    female_workers = count_field(label=COUNT_LABELS["female_workers"])
    male_workers = count_field(label=COUNT_LABELS["male_workers"])

    class Meta(ActivityForm.Meta):
        fields = ["enterprise", "date", "trainers", "notes"]

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
    enrollments = training_round.enrollments.select_related("enterprise").order_by("enterprise__name")
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
