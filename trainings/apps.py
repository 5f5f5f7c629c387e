from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = _("Training")

    def ready(self):
        from trainings import enterprise_access, enterprise_pages, partner_page

        enterprise_access.connect()
        enterprise_pages.connect()
        partner_page.connect()
