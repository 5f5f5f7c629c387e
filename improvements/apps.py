import warnings

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from PIL import Image


class ImprovementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "improvements"
    verbose_name = _("Improvements")

    def ready(self):
        from improvements import (
            enterprise_pages,
            stages_reached,
            summaries,  # noqa: F401  (connects the signals that keep the summary exact)
        )
        from improvements.photos import MAX_PIXELS

        enterprise_pages.connect()
        stages_reached.connect()

        # Process-wide, so that every image Pillow opens here (forms, admin) stops at the photo limit:
        # Pillow warns above MAX_IMAGE_PIXELS and fails above twice that; the warning becomes an error.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        warnings.simplefilter("error", Image.DecompressionBombWarning)
