"""Django's Simplified Chinese formats, with numbers grouped by thousands as SCORE China's reports write them
("26,000.00 元"): Django's own leave them ungrouped (an empty separator, groups of four)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
