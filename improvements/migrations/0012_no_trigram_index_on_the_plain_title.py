from django.db import migrations

from score_mis.postgres import trigram_indexes

# The trigram index of 0003 on the plain title column: searches read the language columns since 0009, and keeping
# it up to date cost a third of the writes' index work.
PLAIN_TITLE_INDEX = trigram_indexes(("improvement_title_trgm", "improvements_improvement", "title"))[1]


class Migration(migrations.Migration):
    dependencies = [
        ("improvements", "0011_improvements_by_day"),
    ]

    operations = [
        migrations.RunPython(PLAIN_TITLE_INDEX.reverse_code, PLAIN_TITLE_INDEX.code),
    ]
