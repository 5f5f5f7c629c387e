"""A small results framework for the tests: Phase II with one outcome, one output and three indicators."""

import pytest

from reporting.framework import ProgrammePhase, ResultArea, ResultIndicator


def phase_two():
    return ProgrammePhase.objects.get(code="II")


def indicator(area, code, *, computation="", kind="count", **fields):
    return ResultIndicator.objects.create(
        area=area,
        code=code,
        name_en=f"Indicator {code}",
        name_zh_hans=f"指标{code}",
        kind=kind,
        source="computed" if computation else "reported",
        computation=computation,
        **fields,
    )


@pytest.fixture
def framework(db):
    phase = phase_two()
    outcome = ResultArea.objects.create(phase=phase, level="outcome", code="1", title_en="Enterprises trained")
    output = ResultArea.objects.create(
        phase=phase, level="output", code="1.1", parent=outcome, title_en="Cost recovery", position=1
    )
    return {
        "phase": phase,
        "outcome": outcome,
        "output": output,
        "trained": indicator(outcome, "1a", computation="enterprises_trained", is_key=True),
        "cost": indicator(output, "1.1a", computation="cost_share_non_ilo", kind="percentage"),
        "plans": indicator(output, "1.1b"),
    }
