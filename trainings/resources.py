from import_export import fields

from partners.models import City, Partner
from partners.resources import LookupWidget, ScopedModelResource
from trainings.models import Module, TrainingRound


class TrainingRoundResource(ScopedModelResource):
    partner = fields.Field(attribute="partner", column_name="partner", widget=LookupWidget(Partner, field="code"))
    module = fields.Field(attribute="module", column_name="module", widget=LookupWidget(Module, field="number"))
    city = fields.Field(attribute="city", column_name="city", widget=LookupWidget(City, field="name"))

    class Meta:
        model = TrainingRound
        fields = (
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
        )
        import_id_fields = ("title", "partner")

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("partner", "module", "city")
