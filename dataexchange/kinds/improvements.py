"""Improvements as spreadsheets (their photos are added in SCORE MIS)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from import_export import fields

from dataexchange.cells import CategoryWidget, EnterpriseWidget, LookupWidget, ModuleWidget
from dataexchange.kinds.enterprises import ENTERPRISE_CITY, ENTERPRISE_NAME
from dataexchange.resources import Column, ScopedModelResource
from improvements.filters import ImprovementFilter
from improvements.models import Improvement
from partners.access import scope_for


class ImprovementResource(ScopedModelResource):
    """Improvements without their photos. Only ILO staff set the review status by import: partners'
    new improvements are drafts, submitted and verified in SCORE MIS."""

    enterprise = fields.Field(attribute="enterprise", column_name="enterprise", widget=EnterpriseWidget())
    enterprise_city = fields.Field(attribute="enterprise__city__name", column_name="enterprise_city", readonly=True)
    module = fields.Field(attribute="module", column_name="module", widget=ModuleWidget())
    category = fields.Field(attribute="category", column_name="category", widget=CategoryWidget())
    verified_by = fields.Field(
        attribute="verified_by",
        column_name="verified_by",
        widget=LookupWidget(get_user_model(), field="username", editable=False),
    )

    columns = {
        "enterprise": ENTERPRISE_NAME,
        "enterprise_city": ENTERPRISE_CITY,
        "title_en": Column(
            gettext_lazy("Title (English)"),
            "标题",
            gettext_lazy("With the enterprise it identifies the improvement: a row naming a recorded one updates it."),
            "Hoppers instead of bags",
        ),
        "title_zh_hans": Column(gettext_lazy("Title (Chinese)"), "中文标题", "", "用料斗代替编织袋装载电缆"),
        "module": Column(gettext_lazy("Module"), "模块", "", 1),
        "category": Column(gettext_lazy("Category"), "类别", "", "cleaner_production"),
        "description_en": Column(gettext_lazy("Description (English)"), "说明", "", ""),
        "description_zh_hans": Column(gettext_lazy("Description (Chinese)"), "", "", ""),
        "implemented_on": Column(gettext_lazy("Implemented on"), "实施日期", "", "2015-07-15"),
        "investment_rmb": Column(gettext_lazy("Investment (RMB)"), "投资（元）", "", "2000"),
        "annual_saving_rmb": Column(
            gettext_lazy("Annual saving (RMB)"), "年节约（元）", gettext_lazy("Empty if not known."), "13,000"
        ),
        "saving_calculation_en": Column(
            gettext_lazy("How the saving was worked out (English)"), "节约计算方法", "", "Bags no longer bought."
        ),
        "saving_calculation_zh_hans": Column(
            gettext_lazy("How the saving was worked out (Chinese)"), "", "", "不再购买编织袋。"
        ),
        "is_gender_responsive": Column(gettext_lazy("Gender-responsive"), "促进性别平等", "", "no"),
        "status": Column(gettext_lazy("Status"), "状态", gettext_lazy("Read only, except for ILO staff."), "draft"),
        "verified_by": Column(
            gettext_lazy("Verified by (user name)"),
            "核实人（用户名）",
            gettext_lazy("Read only, except for ILO staff."),
            "",
        ),
        "verified_at": Column(
            gettext_lazy("Verified at"), "核实时间", gettext_lazy("Read only, except for ILO staff."), ""
        ),
    }

    class Meta:
        model = Improvement
        fields = (
            "enterprise",
            "enterprise_city",
            "title_en",
            "title_zh_hans",
            "module",
            "category",
            "description_en",
            "description_zh_hans",
            "implemented_on",
            "investment_rmb",
            "annual_saving_rmb",
            "saving_calculation_en",
            "saving_calculation_zh_hans",
            "is_gender_responsive",
            "status",
            "verified_by",
            "verified_at",
        )
        import_id_fields = ("enterprise", "title_en")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not scope_for(self.user).changes_everything:
            for name in ("status", "verified_by", "verified_at"):
                self.fields[name].readonly = True

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("enterprise__city", "module", "category", "verified_by")
        )


def improvement_rows(request):
    """The improvements of the improvement list as the user filtered it (as improvements.views.improvement_list).
    Without a status in the query the export holds every status the user may see, not the list's opening queue."""
    improvements = Improvement.objects.visible_to(request.user)
    query = request.GET.copy()
    query.setdefault("status", "")
    return ImprovementFilter(query, queryset=improvements, request=request).qs
