"""Writes through the API, for what coordinators record: rounds, enrollments, activities with attendance,
measurements, improvements (with their photos and review) — with the forms and services of the pages.

A request body is first checked for its shape by a body serializer made from the page's form (`body_serializer`,
which is also what the schema documents); its values then go to that form as if typed on the page, so every
rule, message and choice limit (only rows the user may change) is the form's, and the app's service saves the
record as a change by the caller (the token's user, in the history too). An edit carries the `version` it read;
a stale one is refused with 409 and the current version. Other errors: 400 with messages by field
(`non_field_errors` for the rest), 403 for a user who may only read, 404 for a record the user may not see.
"""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from dataexchange.api.filters import LARGEST_ID
from dataexchange.api.serializers import ImprovementSerializer
from enterprises import services as enterprise_services
from enterprises.forms import MeasurementForm, YesNoOrNumberField
from enterprises.models import Enterprise
from improvements import services as improvement_services
from improvements.forms import ImprovementForm, PhotoForm
from improvements.models import Improvement
from improvements.versions import review_version
from partners.access import get_editable_or_403, get_visible_or_404, scope_for
from score_mis.text import plain_text
from score_mis.versions import StaleRecordError
from trainings import services as training_services
from trainings.forms import (
    ActivityForm,
    AttendanceFormSet,
    EnrollmentCreateForm,
    EnrollmentForm,
    RoundForm,
    VisitForm,
    attendance_grid_enterprises,
)
from trainings.models import Activity, TrainingRound
from trainings.querysets import PARTICIPANT_COUNTS

NON_FIELD_ERRORS = "non_field_errors"
MAX_ATTENDANCE_ROWS = 500


class RecordId(serializers.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=LARGEST_ID, **kwargs)


class PlainTextField(serializers.CharField):
    """Text of a body, cleaned of control and invisible characters before it is checked, as the forms clean
    theirs (score_mis.forms.PlainTextFormMixin): a body that holds them is stored without them, not refused."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = plain_text(data, multiline=self.multiline)
        return super().to_internal_value(data)


def _body_field(form_field):
    """The body field for one form field: the same name, type, choices and limits."""
    required = form_field.required
    common = {"required": required, "label": form_field.label, "help_text": form_field.help_text or None}
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=RecordId(), **{**common, "required": False})
    if isinstance(form_field, forms.ModelChoiceField) and form_field.to_field_name not in (
        None,
        form_field.queryset.model._meta.pk.name,
    ):
        # A record named by its code (an improvement category), as the form takes it.
        return serializers.CharField(allow_null=not required, allow_blank=not required, **common)
    if isinstance(form_field, forms.ModelChoiceField):
        return RecordId(allow_null=not required, **common)
    if isinstance(form_field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(form_field, forms.ChoiceField):
        choices = [(value, label) for value, label in form_field.choices if value != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not required, **common)
    if isinstance(form_field, forms.FileField):
        return serializers.FileField(**common)
    if isinstance(form_field, YesNoOrNumberField):
        return serializers.CharField(max_length=40, **common)
    if isinstance(form_field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=form_field.max_digits,
            decimal_places=form_field.decimal_places,
            allow_null=not required,
            **common,
        )
    if isinstance(form_field, forms.IntegerField):
        limits = {"min_value": form_field.min_value, "max_value": form_field.max_value}
        return serializers.IntegerField(allow_null=not required, **limits, **common)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(allow_null=not required, **common)
    return PlainTextField(
        max_length=form_field.max_length,
        allow_blank=not required,
        trim_whitespace=False,
        multiline=isinstance(form_field.widget, forms.Textarea),
        **common,
    )


def body_serializer(name, form_class, *, exclude=(), version=False, **extra):
    """A serializer for request bodies with the fields of `form_class` (less `exclude`), the record's `version`
    if the body edits a record, and the `extra` fields."""
    fields = {
        field_name: _body_field(form_field)
        for field_name, form_field in form_class.base_fields.items()
        if field_name not in exclude
    }
    if version:
        fields["version"] = serializers.IntegerField(
            min_value=0, max_value=LARGEST_ID, help_text=_("The version of the record you read and changed.")
        )
    return type(name, (serializers.Serializer,), {**fields, **extra})


def form_data(values):
    """Checked body values as a page's form receives them."""
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, bool):
            data[name] = value
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return data


def messages_by_field(errors):
    """Django's errors ({field: [messages]}, "__all__" for the rest) in the API's shape."""
    return {(NON_FIELD_ERRORS if field == "__all__" else field): list(messages) for field, messages in errors.items()}


def require_valid(*forms_to_check):
    """Raise the stale-version error of a form if it has one, else 400 with every form's messages."""
    errors = {}
    for form in forms_to_check:
        if form.is_valid():
            continue
        if isinstance(form, forms.BaseForm):
            stale = [error for error in form.non_field_errors().as_data() if isinstance(error, StaleRecordError)]
            if stale:
                raise stale[0]
        if isinstance(form, forms.BaseFormSet):
            rows = {str(index): row_errors for index, row_errors in enumerate(form.errors) if row_errors}
            if form.non_form_errors():
                rows[NON_FIELD_ERRORS] = list(form.non_form_errors())
            errors[form.prefix] = rows
        else:
            errors.update(messages_by_field(form.errors))
    if errors:
        raise ValidationError(errors)


def stale_answer(error):
    return Response({"detail": error.messages[0], "current_version": error.current_version}, status.HTTP_409_CONFLICT)


CONFLICT = inline_serializer(
    "Conflict",
    {
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(allow_null=True),
    },
)
STALE = OpenApiResponse(CONFLICT, description="Someone else saved the record since the version you give.")
INVALID = OpenApiResponse(
    inline_serializer(
        "InputErrors", {NON_FIELD_ERRORS: serializers.ListField(child=serializers.CharField(), required=False)}
    ),
    description="The input is not valid: messages by field, the others in `non_field_errors`.",
)


class WritableMixin:
    """POST to the list creates a record, PUT to a record replaces what the page's form edits.
    Subclasses give the bodies (`create_body`, `update_body`) and `create_record(values)` /
    `update_record(record, values)`, which take the checked body and return the saved record."""

    http_method_names = ["get", "post", "put", "head", "options"]
    create_body = update_body = None

    @property
    def user(self):
        return self.request.user

    def handle_exception(self, exc):
        if isinstance(exc, StaleRecordError):
            return stale_answer(exc)
        if isinstance(exc, DjangoValidationError):
            if hasattr(exc, "error_dict"):
                exc = ValidationError(messages_by_field(exc.message_dict))
            else:
                exc = ValidationError({NON_FIELD_ERRORS: exc.messages})
        return super().handle_exception(exc)

    def checked_body(self, body_class):
        body = body_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    def writable_record(self, queryset=None):
        """The record in the URL if the user may change it: 404 if they may not see it, 403 if they only read."""
        queryset = self.model.objects if queryset is None else queryset
        return get_editable_or_403(queryset, self.user, pk=self.kwargs["pk"])

    def represent(self, record, status_code=status.HTTP_200_OK):
        record = self.rows(self.user).get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if not scope_for(self.user).may_write_anything:
            raise PermissionDenied
        record = self.create_record(self.checked_body(self.create_body))
        return self.represent(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.writable_record()
        return self.represent(self.update_record(record, self.checked_body(self.update_body)))


def documented_writes(viewset):
    """A class decorator: the schema of the viewset's writes, with their bodies and answers."""
    name = viewset.model._meta.verbose_name
    return extend_schema_view(
        create=extend_schema(
            request=viewset.create_body,
            responses={201: viewset.serializer_class, 400: INVALID},
            summary=f"Record a {name}",
        ),
        update=extend_schema(
            request=viewset.update_body,
            responses={200: viewset.serializer_class, 400: INVALID, 409: STALE},
            summary=f"Change a {name}",
        ),
    )(viewset)


def editable_choice(queryset, user, values, name):
    """The row named by id in `values[name]` among those the user may change, with the form's message if none."""
    field = forms.ModelChoiceField(queryset=queryset.editable_by(user))
    try:
        return field.clean(values.get(name))
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from None


class RoundWrites(WritableMixin):
    create_body = body_serializer("RoundBody", RoundForm)
    update_body = body_serializer("RoundUpdateBody", RoundForm, version=True)

    def create_record(self, values):
        form = RoundForm(form_data(values), user=self.user)
        require_valid(form)
        return training_services.round_create(user=self.user, **form.cleaned_data)

    def update_record(self, record, values):
        form = RoundForm(form_data(values), instance=record, user=self.user)
        require_valid(form)
        return training_services.round_update(user=self.user, round=record, **form.cleaned_data)


class EnrollmentWrites(WritableMixin):
    create_body = body_serializer(
        "EnrollmentBody", EnrollmentCreateForm, round=RecordId(help_text=_("The round the enterprise joins."))
    )
    update_body = body_serializer("EnrollmentUpdateBody", EnrollmentForm, version=True)

    def create_record(self, values):
        training_round = editable_choice(TrainingRound.objects, self.user, values, "round")
        form = EnrollmentCreateForm(form_data(values), round=training_round, user=self.user)
        require_valid(form)
        return training_services.enrollment_create(user=self.user, round=training_round, **form.cleaned_data)

    def update_record(self, record, values):
        form = EnrollmentForm(form_data(values), instance=record, user=self.user)
        require_valid(form)
        return training_services.enrollment_update(user=self.user, enrollment=record, **form.cleaned_data)


class AttendanceRowBody(serializers.Serializer):
    enterprise = RecordId()
    female_managers = serializers.IntegerField(min_value=0, required=False)
    male_managers = serializers.IntegerField(min_value=0, required=False)
    female_workers = serializers.IntegerField(min_value=0, required=False)
    male_workers = serializers.IntegerField(min_value=0, required=False)


ATTENDANCE = AttendanceRowBody(
    many=True,
    required=False,
    max_length=MAX_ATTENDANCE_ROWS,
    help_text=_(
        "Who took part, by enterprise, sex and role. A workshop day: any enterprise of the round (one left out "
        "keeps what was recorded for it). A factory visit: the visited enterprise only."
    ),
)
ACTIVITY_FIELDS = {
    "enterprise": RecordId(
        required=False, allow_null=True, help_text=_("The enterprise visited (factory visits only).")
    ),
    "attendance": ATTENDANCE,
}


class ActivityWrites(WritableMixin):
    create_body = body_serializer(
        "ActivityBody",
        ActivityForm,
        round=RecordId(help_text=_("The round of the activity.")),
        kind=serializers.ChoiceField(choices=Activity.Kind.choices, label=_("Kind")),
        **ACTIVITY_FIELDS,
    )
    update_body = body_serializer("ActivityUpdateBody", ActivityForm, version=True, **ACTIVITY_FIELDS)

    def create_record(self, values):
        training_round = editable_choice(TrainingRound.objects, self.user, values, "round")
        return self._save(values, training_round, values["kind"], None)

    def update_record(self, record, values):
        return self._save(values, record.round, record.kind, record)

    def writable_record(self, queryset=None):
        return super().writable_record(Activity.objects.select_related("round", "enterprise"))

    def _save(self, values, training_round, kind, activity):
        attendance = values.get("attendance", [])
        data = form_data({name: value for name, value in values.items() if name != "attendance"})
        if kind == Activity.Kind.WORKSHOP:
            return self._save_workshop(data, attendance, training_round, activity)
        return self._save_visit(data, attendance, training_round, activity)

    def _save_workshop(self, data, attendance, training_round, workshop):
        form = ActivityForm(data, round=training_round, kind=Activity.Kind.WORKSHOP, instance=workshop, user=self.user)
        formset = AttendanceFormSet(
            _formset_data("attendance", attendance),
            prefix="attendance",
            enterprises=attendance_grid_enterprises(training_round, workshop),
        )
        require_valid(form, formset)
        fields = {"user": self.user, **_activity_fields(form), "attendance": formset.attendance}
        if workshop is None:
            return training_services.workshop_record(round=training_round, **fields)
        return training_services.workshop_update(workshop=workshop, **fields)

    def _save_visit(self, data, attendance, training_round, visit):
        if len(attendance) > 1 or any(str(row["enterprise"]) != data.get("enterprise") for row in attendance):
            raise ValidationError(
                {"attendance": [_("A factory visit counts the people of the visited enterprise only.")]}
            )
        counts = attendance[0] if attendance else {}
        data.update({name: str(counts.get(name, 0)) for name in PARTICIPANT_COUNTS})
        form = VisitForm(data, round=training_round, instance=visit, user=self.user)
        require_valid(form)
        fields = {
            "user": self.user,
            "enterprise": form.cleaned_data["enterprise"],
            **_activity_fields(form),
            "attendance": form.attendance,
        }
        if visit is None:
            return training_services.visit_record(round=training_round, **fields)
        return training_services.visit_update(visit=visit, **fields)


def _activity_fields(form):
    return {
        **{name: form.cleaned_data[name] for name in ("date", "trainers", *form.translated_fields("notes"))},
        "satisfaction": form.satisfaction,
    }


def _formset_data(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": str(value) for name, value in row.items()})
    return data


class MeasurementWrites(WritableMixin):
    create_body = body_serializer(
        "MeasurementBody", MeasurementForm, enterprise=RecordId(help_text=_("The enterprise measured."))
    )
    update_body = body_serializer("MeasurementUpdateBody", MeasurementForm, version=True)

    def create_record(self, values):
        enterprise = editable_choice(Enterprise.objects, self.user, values, "enterprise")
        form = MeasurementForm(form_data(values), user=self.user)
        require_valid(form)
        return enterprise_services.measurement_record(user=self.user, enterprise=enterprise, **form.cleaned_data)

    def update_record(self, record, values):
        form = MeasurementForm(form_data(values), instance=record, user=self.user)
        require_valid(form)
        return enterprise_services.measurement_update(user=self.user, measurement=record, **form.cleaned_data)


class ReviewBody(serializers.Serializer):
    review_version = serializers.CharField(
        max_length=100, help_text=_("The `review_version` of the improvement you reviewed.")
    )
    comment_en = PlainTextField(
        multiline=True,
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text=_("The comment in English; a returned improvement needs it in English, in Chinese or in both."),
    )
    comment_zh_hans = PlainTextField(
        multiline=True,
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text=_("The comment in Chinese."),
    )


REVIEW_CONFLICT = OpenApiResponse(
    inline_serializer(
        "ReviewConflict",
        {"detail": serializers.CharField(), "current_review_version": serializers.CharField()},
    ),
    description="The improvement or its photos changed since the review version you give.",
)
PhotoBody = body_serializer("PhotoBody", PhotoForm)


class ImprovementWrites(WritableMixin):
    """Improvements are recorded as drafts, sent to review (`submit`) once they have a before and an after photo
    (`photos`), and verified or returned by a reviewer who may not review their own partner's work (four eyes)."""

    create_body = body_serializer("ImprovementBody", ImprovementForm)
    update_body = body_serializer("ImprovementUpdateBody", ImprovementForm, version=True)

    def create_record(self, values):
        form = ImprovementForm(form_data(values), user=self.user)
        require_valid(form)
        return improvement_services.improvement_create(user=self.user, improvement=form.save(commit=False))

    def update_record(self, record, values):
        form = ImprovementForm(form_data(values), instance=record, user=self.user)
        require_valid(form)
        return improvement_services.improvement_update(user=self.user, improvement=record, **form.cleaned_data)

    @extend_schema(
        request=PhotoBody,
        responses={201: ImprovementSerializer, 400: INVALID},
        summary="Add a before or after photo",
    )
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        improvement = self.writable_record()
        self.checked_body(PhotoBody)
        form = PhotoForm(request.data, request.FILES)
        require_valid(form)
        improvement_services.photo_add(
            user=self.user,
            improvement=improvement,
            stage=form.cleaned_data["stage"],
            uploaded_file=form.cleaned_data["photo"],
            caption_en=form.cleaned_data["caption_en"],
            caption_zh_hans=form.cleaned_data["caption_zh_hans"],
        )
        return self.represent(improvement, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ImprovementSerializer, 400: INVALID}, summary="Send to review")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        improvement = self.writable_record()
        improvement_services.improvement_submit(user=self.user, improvement=improvement)
        return self.represent(improvement)

    @extend_schema(
        request=ReviewBody,
        responses={200: ImprovementSerializer, 400: INVALID, 409: REVIEW_CONFLICT},
        summary="Verify a submitted improvement",
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._review(improvement_services.improvement_verify)

    @extend_schema(
        request=ReviewBody,
        responses={200: ImprovementSerializer, 400: INVALID, 409: REVIEW_CONFLICT},
        summary="Return a submitted improvement for changes",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_for_changes(self, request, pk=None):
        return self._review(improvement_services.improvement_return)

    def _review(self, service):
        improvement = get_visible_or_404(Improvement.objects, self.user, pk=self.kwargs["pk"])
        values = self.checked_body(ReviewBody)
        try:
            service(
                user=self.user,
                improvement=improvement,
                version=values["review_version"],
                comment_en=values.get("comment_en", ""),
                comment_zh_hans=values.get("comment_zh_hans", ""),
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) != "changed_since_opened":
                raise
            improvement.refresh_from_db()
            answer = {"detail": error.messages[0], "current_review_version": review_version(improvement)}
            return Response(answer, status.HTTP_409_CONFLICT)
        return self.represent(improvement)
