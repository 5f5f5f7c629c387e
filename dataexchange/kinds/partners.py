"""Partners as spreadsheets: a file for ILO staff, who keep the list of partners."""

from django.utils.translation import gettext_lazy
from import_export import fields

from dataexchange.cells import LookupWidget
from dataexchange.resources import Column, ScopedModelResource, bilingual_columns
from partners.models import City, Partner


def _generation(code, parent_of):
    """How many ancestors of partner `code` the file itself lists."""
    depth, seen = 0, {code}
    while (code := parent_of.get(code)) in parent_of and code not in seen:
        seen.add(code)
        depth += 1
    return depth


class PartnerResource(ScopedModelResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=LookupWidget(Partner, field="code"))
    city = fields.Field(
        attribute="city", column_name="city", widget=LookupWidget(City, field="name_en", also=("name_zh_hans",))
    )

    columns = {
        "code": Column(
            gettext_lazy("Partner code"),
            "合作伙伴代码",
            gettext_lazy("Identifies the partner: a row with a recorded code updates that partner."),
            "CQ-EC",
        ),
        **bilingual_columns(
            "name",
            gettext_lazy("Name"),
            examples=("Chongqing Enterprise Confederation", "重庆市企业联合会"),
            former_labels_zh=("名称", "中文名称"),
            former_headers=(("name", "Name"), ("name_zh", "Chinese name")),
        ),
        "kind": Column(gettext_lazy("Kind"), "类型", "", "employers"),
        "parent": Column(
            gettext_lazy("Parent partner code"),
            "上级合作伙伴代码",
            gettext_lazy("Empty for a partner on its own; the parent may be a row of the same file."),
            "CEC",
        ),
        "parent_relation": Column(gettext_lazy("Relation to parent"), "与上级的关系", "", "branch"),
        "city": Column(gettext_lazy("City"), "城市", gettext_lazy("By its English or Chinese name."), "Chongqing"),
        "is_active": Column(gettext_lazy("Active"), "是否有效", "", "yes"),
    }

    class Meta:
        model = Partner
        fields = ("code", "name_en", "name_zh_hans", "kind", "parent", "parent_relation", "city", "is_active")
        import_id_fields = ("code",)
        # A branch may name a parent listed earlier in the same file: rows are saved one by one.
        use_bulk = False

    def before_import(self, dataset, **kwargs):
        """Parents before their branches, so a file may list partners in any order."""
        super().before_import(dataset, **kwargs)
        if dataset.headers and {"code", "parent"} <= set(dataset.headers):
            parent_of = dict(zip(dataset["code"], dataset["parent"], strict=True))
            dataset.dict = sorted(dataset.dict, key=lambda row: _generation(row["code"], parent_of))

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("parent", "city")


def partner_rows(request):
    return Partner.objects.visible_to(request.user).order_by("code")
