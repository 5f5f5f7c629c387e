"""Django's Simplified Chinese formats, with numbers grouped by thousands as SCORE China's reports write them
("26,000.00 元"): Django's own leave them ungrouped (an empty separator, groups of four). A date is typed as
2015-08-20 first, as every date input shows it (score_mis.forms.IsoDateInput): the admin's calendar reads and
writes its field in the first input format. (Django's 2015年8月20日 format is written with %n and %j, which
Python cannot read: %m and %d read 8 and 20 as well.)"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
