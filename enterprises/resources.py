from import_export import fields

from enterprises.models import Enterprise
from partners.models import City, Partner
from partners.resources import LookupManyWidget, LookupWidget, ScopedModelResource


class EnterpriseResource(ScopedModelResource):
    city = fields.Field(attribute="city", column_name="city", widget=LookupWidget(City, field="name"))
    recruited_by = fields.Field(
        attribute="recruited_by", column_name="recruited_by", widget=LookupWidget(Partner, field="code")
    )
    supplies_brands = fields.Field(
        attribute="supplies_brands",
        column_name="supplies_brands",
        widget=LookupManyWidget(Partner, field="code", separator=",", limit_choices_to={"kind": Partner.Kind.BRAND}),
    )

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "city",
            "name_zh",
            "sector",
            "recruited_by",
            "workforce_total",
            "workforce_female",
            "supplies_brands",
            "consents_to_share_with_brands",
        )
        import_id_fields = ("name", "city")

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related("city", "recruited_by").prefetch_related("supplies_brands")
