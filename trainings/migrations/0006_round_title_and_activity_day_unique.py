"""Natural keys become unique: a round's title per partner, one workshop day per round and date, one visit per
enterprise, round and date. Rows already doubled are resolved first: a repeated round title gets a number
("Module 1 Deyang (2)"); an activity that repeats another exactly (same notes, trainers and attendance, as a
double tap makes) is removed; activities that repeat a day with different content stop the migration with
their ids, for ILO staff to merge in the admin."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations, models


def number_repeated_titles(apps, schema_editor):
    TrainingRound = apps.get_model("trainings", "TrainingRound")
    max_length = TrainingRound._meta.get_field("title").max_length
    titles = defaultdict(set)
    rows = list(TrainingRound.objects.order_by("pk").values_list("pk", "partner_id", "title"))
    for _pk, partner_id, title in rows:
        titles[partner_id].add(title)
    first = set()
    for pk, partner_id, title in rows:
        if (partner_id, title) not in first:
            first.add((partner_id, title))
            continue
        number = 2
        while (renamed := title[: max_length - len(f" ({number})")] + f" ({number})") in titles[partner_id]:
            number += 1
        titles[partner_id].add(renamed)
        TrainingRound.objects.filter(pk=pk).update(title=renamed)


def _content(activity):
    attendance = sorted(
        activity.attendances.values_list(
            "enterprise_id", "female_managers", "male_managers", "female_workers", "male_workers"
        )
    )
    return activity.notes, sorted(activity.trainers.values_list("pk", flat=True)), attendance


def remove_repeated_activities(apps, schema_editor):
    Activity = apps.get_model("trainings", "Activity")
    kept, conflicts = {}, []
    for activity in Activity.objects.order_by("pk"):
        key = (activity.round_id, activity.kind, activity.enterprise_id, activity.date)
        if key not in kept:
            kept[key] = activity
        elif _content(activity) == _content(kept[key]):
            activity.delete()
        else:
            conflicts.append(f"{kept[key].pk} and {activity.pk}")
    if conflicts:
        raise RuntimeError(
            "These activities record the same workshop day or factory visit with different content: "
            + "; ".join(conflicts)
            + ". Merge each pair into one in the admin (Activities), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0005_record_versions"),
        ("partners", "0007_record_versions"),
        ("trainings", "0005_record_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(number_repeated_titles, migrations.RunPython.noop),
        migrations.RunPython(remove_repeated_activities, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "workshop")),
                fields=("round", "date"),
                name="one_workshop_day_per_round_and_date",
                violation_error_message="This round already has a workshop day on this date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "visit")),
                fields=("round", "enterprise", "date"),
                name="one_visit_per_enterprise_round_and_date",
                violation_error_message="This enterprise already has a factory visit of this round on this date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="traininground",
            constraint=models.UniqueConstraint(
                fields=("partner", "title"),
                name="round_title_unique_per_partner",
                violation_error_message="This partner already has a training round with this title.",
            ),
        ),
    ]
