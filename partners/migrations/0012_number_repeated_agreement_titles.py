"""Before an agreement's title becomes unique per partner (the next migration), titles already repeated get a number
("MoU with CEC (2)"), in the language they repeat in. Apart from the constraint: PostgreSQL creates no index on a
table with changes still to check in the same transaction."""

from collections import defaultdict

from django.db import migrations

TITLES = ("title_en", "title_zh_hans")


def number_repeated_titles(apps, schema_editor):
    Agreement = apps.get_model("partners", "Agreement")
    for column in TITLES:
        max_length = Agreement._meta.get_field(column).max_length
        rows = list(Agreement.objects.exclude(**{column: ""}).order_by("pk").values_list("pk", "partner_id", column))
        taken = defaultdict(set)
        for _pk, partner_id, title in rows:
            taken[partner_id].add(title)
        first = set()
        for pk, partner_id, title in rows:
            if (partner_id, title) not in first:
                first.add((partner_id, title))
                continue
            number = 2
            while (renamed := title[: max_length - len(f" ({number})")] + f" ({number})") in taken[partner_id]:
                number += 1
            taken[partner_id].add(renamed)
            Agreement.objects.filter(pk=pk).update(**{column: renamed})


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_remove_separate_chinese_names")]

    operations = [migrations.RunPython(number_repeated_titles, migrations.RunPython.noop)]
