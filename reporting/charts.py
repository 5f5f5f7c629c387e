"""Geometry of the charts drawn as inline SVG on the server (no script, prints as it shows)."""

import unicodedata
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

BAR_AREA = 330
BAR_ROW = 36
COLUMN_AREA_TOP = 18
COLUMN_AREA_HEIGHT = 150
COLUMNS_WIDTH = 480
MAX_COLUMN_LABELS = 6
MAX_COLUMN_VALUES = 12
# A bar's label fits the chart's 400 units at 14 units a line: about 50 narrow (Latin) or 25 wide (Chinese) characters.
LABEL_WIDTH = 50


@dataclass
class Bar:
    label: str
    tick: str
    value: float
    text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    text_x: float
    text_y: float


@dataclass
class Chart:
    chart_id: str
    title: str
    bars: list
    width: int
    height: int


def _tick(label):
    """The label as it fits above its bar, cut with an ellipsis (the table beside the chart has it whole)."""
    width = 0
    for index, character in enumerate(label):
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if width > LABEL_WIDTH - 1:
            return label[:index] + "…"
    return label


def _text(value):
    return intcomma(round(value, 1) if isinstance(value, float) else value)


def horizontal_bars(chart_id, title, items):
    """One bar per (label, value), the label above its bar: it stays legible when the chart shrinks to a phone."""
    largest = max((value for _label, value in items), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            tick=_tick(str(label)),
            value=value,
            text=_text(value),
            x=0,
            y=index * BAR_ROW + 16,
            width=max(value / largest * BAR_AREA, 1 if value else 0),
            height=12,
            label_x=0,
            label_y=index * BAR_ROW + 12,
            text_x=max(value / largest * BAR_AREA, 1 if value else 0) + 6,
            text_y=index * BAR_ROW + 26,
        )
        for index, (label, value) in enumerate(items)
    ]
    return Chart(chart_id, str(title), bars, width=400, height=max(len(items), 1) * BAR_ROW)


def columns(chart_id, title, items):
    """One column per (label, value), such as a value per month; labels thinned out to stay readable."""
    largest = max((value for _label, value in items), default=0) or 1
    slot = COLUMNS_WIDTH / max(len(items), 1)
    every = -(-len(items) // MAX_COLUMN_LABELS) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        height = value / largest * COLUMN_AREA_HEIGHT
        top = COLUMN_AREA_TOP + COLUMN_AREA_HEIGHT - height
        bars.append(
            Bar(
                label=str(label),
                tick=str(label) if index % every == 0 else "",
                value=value,
                text=_text(value) if len(items) <= MAX_COLUMN_VALUES else "",
                x=index * slot + slot * 0.15,
                y=top,
                width=slot * 0.7,
                height=height,
                label_x=(index + 0.5) * slot,
                label_y=COLUMN_AREA_TOP + COLUMN_AREA_HEIGHT + 16,
                text_x=(index + 0.5) * slot,
                text_y=top - 4,
            )
        )
    return Chart(chart_id, str(title), bars, width=COLUMNS_WIDTH, height=COLUMN_AREA_TOP + COLUMN_AREA_HEIGHT + 22)
