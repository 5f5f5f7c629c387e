from django.db import migrations

from score_mis.postgres import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_standard_score_indicators"),
    ]

    operations = [
        # The enterprise list's "Name contains" search (EnterpriseQuerySet.search) and the admin's search.
        *trigram_indexes(
            ("enterprise_name_trgm", "enterprises_enterprise", "name"),
            ("enterprise_name_zh_trgm", "enterprises_enterprise", "name_zh"),
        ),
    ]
