"""Training rounds, enrollments and workshop/visit attendance as spreadsheets."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from dataexchange.cells import CellError, ChoiceWidget, EnterpriseWidget, LookupWidget, ModuleWidget, RoundWidget
from dataexchange.kinds.enterprises import ENTERPRISE_CITY, ENTERPRISE_NAME
from dataexchange.reading import parse_date
from dataexchange.resources import Column, ScopedModelResource
from partners.models import City, Partner
from trainings.models import Activity, Attendance, Enrollment, TrainingRound
from trainings.querysets import PARTICIPANT_COUNTS
from trainings.views import round_list_filter

ROUND_TITLE = Column(
    gettext_lazy("Training round"),
    "培训轮次",
    gettext_lazy("The title of the round, as recorded in SCORE MIS."),
    "Taixing Module 1",
)
ROUND_PARTNER = Column(
    gettext_lazy("Round partner (code)"),
    "轮次合作伙伴代码",
    gettext_lazy("The code of the partner running the round: with the title it tells the round apart."),
    "CEC",
)


class TrainingRoundResource(ScopedModelResource):
    partner = fields.Field(attribute="partner", column_name="partner", widget=LookupWidget(Partner, field="code"))
    module = fields.Field(attribute="module", column_name="module", widget=ModuleWidget())
    city = fields.Field(
        attribute="city", column_name="city", widget=LookupWidget(City, field="name_en", also=("name_zh_hans",))
    )

    columns = {
        "title_en": Column(
            gettext_lazy("Title (English)"),
            "标题",
            gettext_lazy("With the partner it identifies the round: a row naming a recorded round updates it."),
            "Taixing Module 1",
        ),
        "title_zh_hans": Column(gettext_lazy("Title (Chinese)"), "", "", "2015年泰兴模块1"),
        "partner": Column(gettext_lazy("Partner (code)"), "合作伙伴代码", "", "CEC"),
        "module": Column(gettext_lazy("Module"), "模块", "", 1),
        "city": Column(gettext_lazy("City"), "城市", gettext_lazy("By its English or Chinese name."), "Taixing"),
        "kind": Column(gettext_lazy("Kind"), "类型", "", "toe"),
        "status": Column(gettext_lazy("Status"), "状态", "", "ongoing"),
        "phase": Column(gettext_lazy("Phase"), "阶段", "", "II"),
        "starts_on": Column(gettext_lazy("Starts on"), "开始日期", "", "2015-08-20"),
        "ends_on": Column(gettext_lazy("Ends on"), "结束日期", gettext_lazy("Needed once the round is completed."), ""),
        "cost_total": Column(gettext_lazy("Total cost (RMB)"), "总费用（元）", "", "48000"),
        "cost_non_ilo": Column(
            gettext_lazy("Cost paid from non-ILO money (RMB)"),
            "非国际劳工组织资金支付的费用（元）",
            gettext_lazy("At most the total cost."),
            "12000",
        ),
        "description_en": Column(gettext_lazy("Description (English)"), "说明", "", ""),
        "description_zh_hans": Column(gettext_lazy("Description (Chinese)"), "", "", ""),
    }

    class Meta:
        model = TrainingRound
        fields = (
            "title_en",
            "title_zh_hans",
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
            "description_en",
            "description_zh_hans",
        )
        import_id_fields = ("title_en", "partner")

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("partner", "module", "city")


class EnrollmentResource(ScopedModelResource):
    round = fields.Field(attribute="round", column_name="round", widget=RoundWidget())
    round_partner = fields.Field(attribute="round__partner__code", column_name="round_partner", readonly=True)
    enterprise = fields.Field(attribute="enterprise", column_name="enterprise", widget=EnterpriseWidget())
    enterprise_city = fields.Field(attribute="enterprise__city__name", column_name="enterprise_city", readonly=True)

    columns = {
        "round": ROUND_TITLE,
        "round_partner": ROUND_PARTNER,
        "enterprise": ENTERPRISE_NAME,
        "enterprise_city": ENTERPRISE_CITY,
        "status": Column(gettext_lazy("Status"), "状态", "", "enrolled"),
        "enrolled_on": Column(gettext_lazy("Enrolled on"), "报名日期", "", "2015-08-20"),
        "completed_on": Column(
            gettext_lazy("Completed on"), "完成日期", gettext_lazy("Needed once the status is completed."), ""
        ),
        "baseline_done": Column(gettext_lazy("Baseline assessment done"), "已完成基线评估", "", "yes"),
    }

    class Meta:
        model = Enrollment
        fields = (
            "round",
            "round_partner",
            "enterprise",
            "enterprise_city",
            "status",
            "enrolled_on",
            "completed_on",
            "baseline_done",
        )
        import_id_fields = ("round", "enterprise")

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("round__partner", "enterprise__city")


class ActivityWidget(LookupWidget):
    """The workshop day or factory visit a row of attendance belongs to: its date is in this column; the
    round, the kind and (for a visit) the enterprise visited are the row's other columns. An activity
    not yet recorded is created with its first attendance row."""

    reads_columns = ("round", "round_partner", "activity_kind", "enterprise")

    def __init__(self):
        super().__init__(Activity, field="date")

    def bind(self, resource):
        super().bind(resource)
        self.rounds, self.kinds, self.enterprises = (
            RoundWidget(),
            ChoiceWidget(Activity.Kind.choices),
            EnterpriseWidget(),
        )
        self.rounds.bind(resource)
        self.enterprises.bind(resource)
        self._activities = None

    def _part(self, widget, column, row, missing):
        try:
            value = widget.clean(row.get(column, ""), row)
        except CellError:
            raise
        except ValueError as error:
            raise CellError(str(error), column=column) from None
        if value in (None, ""):
            raise CellError(missing, column=column)
        return value

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        date = parse_date(value)
        if date is None:
            raise ValueError(_("Give the date of the workshop day or factory visit."))
        training_round = self._part(self.rounds, "round", row, _("Give the title of the training round."))
        kind = self._part(self.kinds, "activity_kind", row, _("Give the kind of activity: workshop or visit."))
        visited = None
        if kind == Activity.Kind.FACTORY_VISIT:
            visited = self._part(self.enterprises, "enterprise", row, _("Give the enterprise visited."))
        return self._activity(training_round, kind, date, visited)

    def _activity(self, training_round, kind, date, visited):
        if self._activities is None:
            self._activities = {}
            for activity in self.candidates().order_by("-pk"):
                self._activities[(activity.round_id, activity.kind, activity.date, activity.enterprise_id)] = activity
        key = (training_round.pk, kind, date, visited.pk if visited else None)
        if key not in self._activities:
            self._activities[key] = Activity(round=training_round, kind=kind, date=date, enterprise=visited)
        return self._activities[key]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.date if kwargs.get("force_native_type") else value.date.isoformat()

    def describe(self):
        return _("The date of the workshop day or factory visit; a new one is recorded if the round has none that day.")


class AttendanceResource(ScopedModelResource):
    round = fields.Field(attribute="activity__round__title_en", column_name="round", readonly=True)
    round_partner = fields.Field(attribute="activity__round__partner__code", column_name="round_partner", readonly=True)
    activity_kind = fields.Field(
        attribute="activity__kind",
        column_name="activity_kind",
        readonly=True,
        widget=ChoiceWidget(Activity.Kind.choices),
    )
    activity = fields.Field(attribute="activity", column_name="date", widget=ActivityWidget())
    enterprise = fields.Field(attribute="enterprise", column_name="enterprise", widget=EnterpriseWidget())
    enterprise_city = fields.Field(attribute="enterprise__city__name", column_name="enterprise_city", readonly=True)

    columns = {
        "round": ROUND_TITLE,
        "round_partner": ROUND_PARTNER,
        "activity_kind": Column(gettext_lazy("Workshop or visit"), "课堂培训或企业走访", "", "workshop"),
        "activity": Column(gettext_lazy("Date"), "日期", "", "2015-08-20"),
        "enterprise": Column(
            ENTERPRISE_NAME.label,
            ENTERPRISE_NAME.label_zh,
            gettext_lazy("The enterprise whose people took part; for a factory visit, the enterprise visited."),
            ENTERPRISE_NAME.example,
        ),
        "enterprise_city": ENTERPRISE_CITY,
        "female_managers": Column(gettext_lazy("Female managers"), "女性管理人员", "", 1),
        "male_managers": Column(gettext_lazy("Male managers"), "男性管理人员", "", 1),
        "female_workers": Column(gettext_lazy("Female workers"), "女性员工", "", 2),
        "male_workers": Column(gettext_lazy("Male workers"), "男性员工", "", 0),
    }

    class Meta:
        model = Attendance
        fields = (
            "round",
            "round_partner",
            "activity_kind",
            "activity",
            "enterprise",
            "enterprise_city",
            "female_managers",
            "male_managers",
            "female_workers",
            "male_workers",
        )
        import_id_fields = ("activity", "enterprise")

    def title_columns(self):
        return ["round", "activity_kind", "date", "enterprise"]

    def for_delete(self, row, instance):
        """A row that leaves its enterprise counting nobody is not stored, and removes the enterprise's recorded
        attendance: the rule of the attendance forms (Attendance.counts_nobody). Rows that cannot be read or
        changed go the usual way, to their errors."""
        if self.natural_key(row) is None or (instance.pk is not None and instance.pk not in self.editable_pks):
            return False
        counts = {name: getattr(instance, name) for name in PARTICIPANT_COUNTS}
        for name in PARTICIPANT_COUNTS:
            if self.fields[name].column_name in row:
                try:
                    counts[name] = self.fields[name].clean(row)
                except ValueError:
                    return False
        return Attendance.counts_nobody(counts)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        activity = getattr(instance, "activity", None) if "activity" not in errors else None
        if activity is not None and activity.pk is None:
            try:
                activity.full_clean(exclude={"round"})
            except ValidationError as error:
                errors.setdefault("activity", []).extend(error.messages)
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.activity.pk is None:
            instance.activity.stamp(self.user)
            instance.activity.save()
        super().before_save_instance(instance, row, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("activity__round__partner", "enterprise__city")
            .order_by("activity__round__title_en", "activity__date", "activity_id", "enterprise__name")
        )


def round_rows(request):
    """The rounds of the round list as the user filtered it."""
    return round_list_filter(request).qs


def enrollment_rows(request):
    return Enrollment.objects.visible_to(request.user).filter(round__in=round_rows(request).values("pk"))


def attendance_rows(request):
    return Attendance.objects.visible_to(request.user).filter(activity__round__in=round_rows(request).values("pk"))
