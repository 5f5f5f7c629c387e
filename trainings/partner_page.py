"""The rounds a partner runs, on the partner page (partners/pages.py); added by the AppConfig."""

from partners import pages
from trainings.models import TrainingRound


def rounds(partner, user):
    rounds = TrainingRound.objects.visible_to(user).filter(partner=partner)
    return {
        "rounds": rounds.select_related("module", "city").order_by("-starts_on", "pk")[: pages.RECORDS_SHOWN],
        "round_count": rounds.count(),
    }


def connect():
    pages.add_section(rounds)
