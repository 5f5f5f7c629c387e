"""An enterprise's journey through SCORE: recruited → baseline → Module 1 workshop and factory visits → further
modules → follow-up measurements → improvements. The dates come from `Enterprise.objects.with_journey(user)`
(database annotations, so a list or a page costs no query per enterprise); this module turns them into steps,
the current stage and what is overdue, by the rules named below."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Module 1's workshop is held within two weeks of its round's start; a trainer visits each enterprise this often
# during the round; follow-up measurements are due half a year after Module 1 ends, improvements three months
# after its workshop.
WORKSHOP_WITHIN_DAYS = 14
VISITS_EXPECTED = 3
FOLLOW_UP_AFTER_DAYS = 182
IMPROVEMENTS_AFTER_DAYS = 91


class Stage(models.TextChoices):
    RECRUITED = "recruited", _("Recruited")
    BASELINE = "baseline", _("Baseline assessed")
    MODULE_1 = "module_1", _("Module 1: workshop and factory visits")
    FURTHER_MODULES = "further_modules", _("Further modules")
    FOLLOW_UP = "follow_up", _("Follow-up measurements")
    IMPROVEMENTS = "improvements", _("Improvements")


ORDER = list(Stage)


@dataclass
class Step:
    stage: Stage
    reached: bool
    date: datetime.date | None = None
    detail: str = ""
    overdue: str = ""
    current: bool = False

    @property
    def label(self):
        return self.stage.label

    @property
    def state(self):
        if self.current:
            return "current"
        if self.overdue:
            return "overdue"
        return "done" if self.reached else "ahead"


def _later(day, days):
    return day + datetime.timedelta(days=days) if day else None


def journey(enterprise, today):
    """The steps of `enterprise` (annotated by `with_journey`), the current one marked, each overdue one saying
    why. Further modules are chosen from the enterprise's priorities, so they are never overdue."""
    e = enterprise
    baseline_done = bool(e.journey_baseline_on or e.journey_baseline_flag)
    started = e.journey_first_round_on is not None and e.journey_first_round_on <= today
    steps = [
        Step(Stage.RECRUITED, True, e.journey_first_enrolled_on or e.created_at.date()),
        Step(
            Stage.BASELINE,
            baseline_done,
            e.journey_baseline_on,
            overdue="" if baseline_done or not started else _("Its first round has started without a baseline."),
        ),
    ]
    module_1 = Step(Stage.MODULE_1, e.journey_module_1_on is not None, e.journey_module_1_on)
    if module_1.reached:
        visits = e.journey_module_1_visits
        module_1.detail = ngettext("%(count)s factory visit", "%(count)s factory visits", visits) % {"count": visits}
        workshop_due = _later(e.journey_module_1_on, WORKSHOP_WITHIN_DAYS)
        if e.journey_workshop_on is None and workshop_due < today:
            module_1.overdue = _("Nobody from the enterprise came to a Module 1 workshop day.")
        elif e.journey_module_1_ends_on and e.journey_module_1_ends_on < today and visits < VISITS_EXPECTED:
            module_1.overdue = _("Module 1 ended with %(count)s of %(expected)s factory visits.") % {
                "count": visits,
                "expected": VISITS_EXPECTED,
            }
    steps.append(module_1)
    further = e.journey_further_modules
    steps.append(
        Step(
            Stage.FURTHER_MODULES,
            bool(further),
            e.journey_further_on,
            detail=ngettext("%(count)s module", "%(count)s modules", further) % {"count": further} if further else "",
        )
    )
    follow_up = Step(Stage.FOLLOW_UP, e.journey_follow_up_on is not None, e.journey_follow_up_on)
    follow_up_due = _later(e.journey_module_1_ends_on, FOLLOW_UP_AFTER_DAYS)
    if not follow_up.reached and follow_up_due and follow_up_due < today:
        follow_up.overdue = _("Due since %(date)s, half a year after Module 1 ended.") % {"date": follow_up_due}
    steps.append(follow_up)
    improvements = Step(Stage.IMPROVEMENTS, bool(e.journey_improvements), e.journey_improvement_on)
    if improvements.reached:
        improvements.detail = ngettext(
            "%(count)s improvement, %(verified)s verified",
            "%(count)s improvements, %(verified)s verified",
            e.journey_improvements,
        ) % {"count": e.journey_improvements, "verified": e.journey_verified_improvements}
    else:
        improvements_due = _later(e.journey_workshop_on, IMPROVEMENTS_AFTER_DAYS)
        if improvements_due and improvements_due < today:
            improvements.overdue = _("None recorded by %(date)s, three months after the Module 1 workshop.") % {
                "date": improvements_due
            }
    steps.append(improvements)
    for step in steps:
        step.current = step.stage == e.journey_stage
    return steps
