"""Enterprises and their indicator measurements as spreadsheets."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from dataexchange.cells import DecimalWidget, EnterpriseWidget, LookupManyWidget, LookupWidget
from dataexchange.reading import parse_decimal, parse_yes_no
from dataexchange.resources import Column, ScopedModelResource, bilingual_columns
from enterprises.models import Enterprise, Indicator, Measurement
from enterprises.views import enterprise_list_filter
from partners.access import scope_for
from partners.models import City, Partner

ENTERPRISE_NAME = Column(
    gettext_lazy("Enterprise"),
    "企业",
    gettext_lazy("The enterprise's name in English (or Chinese) as recorded in SCORE MIS."),
    "Deyang Cable Co",
)
ENTERPRISE_CITY = Column(
    gettext_lazy("Enterprise city"),
    "企业所在城市",
    gettext_lazy("The city of the enterprise, in English or Chinese: with the name it tells the enterprise apart."),
    "Deyang",
)


class EnterpriseResource(ScopedModelResource):
    city = fields.Field(
        attribute="city", column_name="city", widget=LookupWidget(City, field="name_en", also=("name_zh_hans",))
    )
    recruited_by = fields.Field(
        attribute="recruited_by", column_name="recruited_by", widget=LookupWidget(Partner, field="code")
    )
    supplies_brands = fields.Field(
        attribute="supplies_brands",
        column_name="supplies_brands",
        widget=LookupManyWidget(
            Partner, field="code", separator=",", editable=False, limit_choices_to={"kind": Partner.Kind.BRAND}
        ),
    )

    columns = {
        **bilingual_columns(
            "name",
            gettext_lazy("Enterprise name"),
            gettext_lazy(
                "The name in English. With the city it identifies the enterprise: a row naming an enterprise "
                "already recorded in that city updates it."
            ),
            examples=("Deyang Cable Co", "德阳电缆有限公司"),
            former_labels_zh=("企业名称", "中文名称"),
            former_headers=(("name", "Enterprise name"), ("name_zh", "Chinese name")),
        ),
        "city": Column(
            gettext_lazy("City"), "城市", gettext_lazy("The city, by its English or Chinese name."), "Deyang"
        ),
        "sector": Column(gettext_lazy("Sector"), "行业", "", "electrical"),
        "recruited_by": Column(
            gettext_lazy("Recruited by (partner code)"),
            "招募合作伙伴代码",
            gettext_lazy("The partner that brought the enterprise into SCORE: for coordinators, one of theirs."),
            "CEC",
        ),
        "workforce_total": Column(gettext_lazy("Workers (total)"), "员工总数", "", 320),
        "workforce_female": Column(
            gettext_lazy("Workers (female)"), "女性员工数", gettext_lazy("At most the total."), 150
        ),
        "supplies_brands": Column(
            gettext_lazy("Supplies brands (codes)"),
            "供货品牌代码",
            gettext_lazy("Brands the enterprise supplies, by their partner codes."),
            "",
        ),
        "consents_to_share_with_brands": Column(
            gettext_lazy("Consents to share results with its brands"), "同意与品牌分享结果", "", "no"
        ),
    }

    class Meta:
        model = Enterprise
        fields = (
            "name_en",
            "city",
            "name_zh_hans",
            "sector",
            "recruited_by",
            "workforce_total",
            "workforce_female",
            "supplies_brands",
            "consents_to_share_with_brands",
        )
        import_id_fields = ("name_en", "city")

    def import_instance(self, instance, row, **kwargs):
        """Partner users name a recruiting partner of theirs: without one they would not see the enterprise."""
        needs_recruiter = not scope_for(self.user).changes_everything and (
            instance.pk is None or instance.recruited_by_id is not None
        )
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if needs_recruiter and instance.recruited_by_id is None and "recruited_by" not in errors:
            errors["recruited_by"] = [
                _("Give the code of one of your partners, or the enterprise would be hidden from you.")
            ]
        if errors:
            raise ValidationError(errors)

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related("city", "recruited_by").prefetch_related("supplies_brands")


class MeasurementValueWidget(DecimalWidget):
    """A number, or yes/no (是/否) for a yes/no indicator, stored as 1 or 0."""

    def bind(self, resource):
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        try:
            indicator = self.resource.fields["indicator"].clean(row or {})
        except ValueError:
            indicator = None
        if indicator is not None and indicator.kind == Indicator.Kind.YES_NO:
            try:
                answer = parse_yes_no(value)
            except ValueError:
                return parse_decimal(value)
            return None if answer is None else int(answer)
        return parse_decimal(value)

    def describe(self):
        return _("A number in the indicator's unit; for a yes/no indicator, yes or no (是/否).")


class MeasurementResource(ScopedModelResource):
    enterprise = fields.Field(attribute="enterprise", column_name="enterprise", widget=EnterpriseWidget())
    enterprise_city = fields.Field(attribute="enterprise__city__name", column_name="enterprise_city", readonly=True)
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=LookupWidget(Indicator, field="code", also=("name_en", "name_zh_hans"), editable=False),
    )
    value = fields.Field(attribute="value", column_name="value", widget=MeasurementValueWidget())

    columns = {
        "enterprise": ENTERPRISE_NAME,
        "enterprise_city": ENTERPRISE_CITY,
        "indicator": Column(
            gettext_lazy("Indicator (code)"),
            "指标代码",
            gettext_lazy("The indicator's code (or its English or Chinese name)."),
            "defect-rate",
        ),
        "stage": Column(gettext_lazy("Baseline or follow-up"), "基线或跟进", "", "baseline"),
        "period_start": Column(gettext_lazy("Period from"), "统计期开始", "", "2024-01-01"),
        "period_end": Column(
            gettext_lazy("Period until"), "统计期结束", gettext_lazy("Not before the start."), "2024-03-31"
        ),
        "value": Column(gettext_lazy("Value"), "数值", "", "4.5"),
        **bilingual_columns(
            "note", gettext_lazy("Note"), former_labels_zh=("备注", ""), former_headers=(("note", "Note"), ())
        ),
    }

    class Meta:
        model = Measurement
        fields = (
            "enterprise",
            "enterprise_city",
            "indicator",
            "stage",
            "period_start",
            "period_end",
            "value",
            "note_en",
            "note_zh_hans",
        )
        import_id_fields = ("enterprise", "indicator", "stage", "period_start")

    def dehydrate_value(self, measurement):
        if measurement.indicator.kind == Indicator.Kind.YES_NO:
            return "yes" if measurement.value else "no"
        return measurement.value

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("enterprise__city", "indicator")


def enterprise_rows(request):
    """The enterprises of the enterprise list as the user filtered it."""
    return enterprise_list_filter(request).qs


def measurement_rows(request):
    """The measurements of the enterprises of the enterprise list as the user filtered it."""
    return Measurement.objects.visible_to(request.user).filter(enterprise__in=enterprise_rows(request).values("pk"))
