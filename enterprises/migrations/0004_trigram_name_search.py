from django.db import migrations

from score_mis.postgres import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_enterprise_name_clash_names_no_enterprise"),
    ]

    operations = [
        # The enterprise list's "Name contains" search (EnterpriseQuerySet.search) and the admin's search.
        *trigram_indexes(
            ("enterprise_name_trgm", "enterprises_enterprise", "name"),
            ("enterprise_name_zh_trgm", "enterprises_enterprise", "name_zh"),
        ),
    ]
