"""The enterprises a partner recruited, on the partner page (partners/pages.py); added by the AppConfig."""

from enterprises.models import Enterprise
from partners import pages
from score_mis.bilingual import text_in_reader_language


def recruited(partner, user):
    enterprises = Enterprise.objects.visible_to(user).filter(recruited_by=partner)
    return {
        "enterprises": enterprises.select_related("city").order_by(text_in_reader_language("name"), "pk")[
            : pages.RECORDS_SHOWN
        ],
        "enterprise_count": enterprises.count(),
    }


def connect():
    pages.add_section(recruited)
