"""An improvement's title is unique per enterprise. Titles already repeated get a number ("Tool racks (2)")."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations, models


def number_repeated_titles(apps, schema_editor):
    Improvement = apps.get_model("improvements", "Improvement")
    max_length = Improvement._meta.get_field("title").max_length
    titles = defaultdict(set)
    rows = list(Improvement.objects.order_by("pk").values_list("pk", "enterprise_id", "title"))
    for _pk, enterprise_id, title in rows:
        titles[enterprise_id].add(title)
    first = set()
    for pk, enterprise_id, title in rows:
        if (enterprise_id, title) not in first:
            first.add((enterprise_id, title))
            continue
        number = 2
        while (renamed := title[: max_length - len(f" ({number})")] + f" ({number})") in titles[enterprise_id]:
            number += 1
        titles[enterprise_id].add(renamed)
        Improvement.objects.filter(pk=pk).update(title=renamed)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0005_record_versions"),
        ("improvements", "0004_record_versions"),
        ("trainings", "0005_record_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(number_repeated_titles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="improvement",
            constraint=models.UniqueConstraint(
                fields=("enterprise", "title"),
                name="improvement_title_unique_per_enterprise",
                violation_error_message="This enterprise already has an improvement with this title.",
            ),
        ),
    ]
