from django.db import migrations

from score_mis.postgres import trigram_indexes

# The trigram index of 0004 on the plain title column: searches read the language columns since 0011.
PLAIN_TITLE_INDEX = trigram_indexes(("round_title_trgm", "trainings_traininground", "title"))[1]


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0012_enterprise_access_from_enrolments"),
    ]

    operations = [
        migrations.RunPython(PLAIN_TITLE_INDEX.reverse_code, PLAIN_TITLE_INDEX.code),
    ]
