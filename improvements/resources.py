from django.contrib.auth import get_user_model
from import_export import fields

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners.access import scope_for
from partners.resources import LookupWidget, ScopedModelResource
from trainings.models import Module


class EnterpriseInCityWidget(LookupWidget):
    """An enterprise by its name, in the city named in the row's `enterprise_city` column."""

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {"name": value, "city__name": row.get("enterprise_city")}


class ImprovementResource(ScopedModelResource):
    enterprise = fields.Field(
        attribute="enterprise", column_name="enterprise", widget=EnterpriseInCityWidget(Enterprise, field="name")
    )
    enterprise_city = fields.Field(attribute="enterprise__city__name", column_name="enterprise_city", readonly=True)
    module = fields.Field(attribute="module", column_name="module", widget=LookupWidget(Module, field="number"))
    verified_by = fields.Field(
        attribute="verified_by", column_name="verified_by", widget=LookupWidget(get_user_model(), field="username")
    )

    class Meta:
        model = Improvement
        fields = (
            "enterprise",
            "enterprise_city",
            "title",
            "title_zh",
            "module",
            "category",
            "description",
            "implemented_on",
            "investment_rmb",
            "annual_saving_rmb",
            "saving_calculation",
            "is_gender_responsive",
            "status",
            "verified_by",
            "verified_at",
        )
        import_id_fields = ("enterprise", "title")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not scope_for(self.user).changes_everything:
            self.fields["verified_by"].readonly = True
            self.fields["verified_at"].readonly = True

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("enterprise__city", "module", "verified_by")
