from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from enterprises import (
            access,
            partner_page,
            summaries,  # noqa: F401  (connects the signals that keep the summary exact)
        )

        access.connect()
        partner_page.connect()
