"""Large, realistic-looking programme data, to measure pages at scale: written with COPY on PostgreSQL
(bulk_create elsewhere) a few thousand enterprises at a time, and multiplied inside the database.

Not demo data: names are generic ("Scale enterprise 123"), there is no change history, and every run
adds rows. Use a database of its own (see the `generate_scale_data` command). The same seed gives the same
rows.
"""

import contextlib
import datetime
import io
import random
from dataclasses import astuple, dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement, Sector
from improvements.models import Improvement, ImprovementCategory, Photo
from partners.models import Agreement, City, Partner, Phase
from reporting.summaries import rebuild_all
from trainings.models import (
    Activity,
    Attendance,
    Certification,
    Enrollment,
    Event,
    Module,
    Sex,
    Trainer,
    TrainingRound,
)

CITIES = [
    ("Guangzhou", "广州", "Guangdong", "广东"),
    ("Ningbo", "宁波", "Zhejiang", "浙江"),
    ("Taixing", "泰兴", "Jiangsu", "江苏"),
    ("Shanghai", "上海", "Shanghai", "上海"),
    ("Deyang", "德阳", "Sichuan", "四川"),
    ("Chongqing", "重庆", "Chongqing", "重庆"),
    ("Beijing", "北京", "Beijing", "北京"),
    ("Xining", "西宁", "Qinghai", "青海"),
]
PARTNERS = 12
ENTERPRISES_PER_ROUND = 4
MEASURED_INDICATORS = ("defect-rate", "absenteeism", "labour-turnover", "energy-use")
BATCH = 2000
# Enterprises written per transaction: bounds the memory a run needs, whatever its size.
CHUNK = 5000
FIRST_DAY = datetime.date(2014, 1, 1)
DAYS = 3 * 365


@dataclass
class Generated:
    enterprises: int
    rounds: int
    attendances: int
    improvements: int
    photos: int


def _day(rng):
    return FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    text = str(value)
    if any(character in text for character in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy(model, rows):
    """Write `rows` (unsaved instances) with one COPY, their ids taken from the table's sequence beforehand."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, len(rows)],
        )
        first = cursor.fetchone()[0] - len(rows) + 1
        fields = model._meta.concrete_fields
        buffer = io.StringIO()
        for number, row in enumerate(rows):
            row.pk = first + number
            values = (field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields)
            buffer.write("\t".join(map(_copy_text, values)))
            buffer.write("\n")
            row._state.adding = False
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buffer)
    return rows


def _bulk(model, rows):
    if not rows:
        return rows
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _sample_photo_name(stage):
    name = f"improvements/scale/sample-{stage}.jpg"
    if not default_storage.exists(name):
        buffer = io.BytesIO()
        Image.new("RGB", (320, 240), "gray" if stage == Photo.Stage.BEFORE else "green").save(buffer, "JPEG")
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


def _reference_data(rng, run):
    cities = [
        City.objects.get_or_create(
            name_en=name,
            defaults={"name_zh_hans": name_zh, "province_en": province, "province_zh_hans": province_zh},
        )[0]
        for name, name_zh, province, province_zh in CITIES
    ]
    partners = [
        Partner.objects.get_or_create(
            code=f"scale-{run}-{number}",
            defaults={
                "name_en": f"Scale partner {run}-{number}",
                "name_zh_hans": f"规模测试合作伙伴{run}-{number}",
                "kind": Partner.Kind.EMPLOYERS_ORGANISATION,
                "city": rng.choice(cities),
            },
        )[0]
        for number in range(1, PARTNERS + 1)
    ]
    brands = [
        Partner.objects.get_or_create(
            code=f"scale-{run}-brand-{number}",
            defaults={
                "name_en": f"Scale brand {run}-{number}",
                "name_zh_hans": f"规模测试品牌{run}-{number}",
                "kind": Partner.Kind.BRAND,
            },
        )[0]
        for number in range(1, 4)
    ]
    verifier, _created = get_user_model().objects.get_or_create(
        username="scale-data-verifier", defaults={"is_active": False}
    )
    return cities, partners, brands, verifier


def generate(*, enterprises, improvements, seed=0, progress=None):
    """Add `enterprises` enterprises in rounds of four (with workshops, visits, attendance, teams and
    indicator values) and `improvements` improvements spread over them, about 70 % verified and 2 % with
    photos. Written `CHUNK` enterprises per transaction; `progress(done)` is called after each."""
    rng = random.Random(seed)
    run = Enterprise.objects.count()
    with transaction.atomic():
        cities, partners, brands, verifier = _reference_data(rng, run)
    context = _Context(
        rng=rng,
        run=run,
        cities=cities,
        partners=partners,
        brands=brands,
        verifier=verifier,
        modules=list(Module.objects.order_by("number")),
        indicators=list(Indicator.objects.filter(code__in=MEASURED_INDICATORS)),
        photo_names=(_sample_photo_name(Photo.Stage.BEFORE), _sample_photo_name(Photo.Stage.AFTER)),
        now=timezone.now(),
        today=timezone.localdate(),
    )
    total = Generated(0, 0, 0, 0, 0)
    for start in range(0, enterprises, CHUNK):
        end = min(start + CHUNK, enterprises)
        with transaction.atomic():
            generated = _chunk(
                context,
                first=run + start,
                enterprises=end - start,
                improvements=improvements * end // enterprises - improvements * start // enterprises,
            )
        total = Generated(*(a + b for a, b in zip(astuple(total), astuple(generated), strict=True)))
        if progress:
            progress(total)
    with transaction.atomic():
        _programme(context, enterprises)
    rebuild_all()
    return total


@dataclass
class _Context:
    rng: random.Random
    run: int
    cities: list
    partners: list
    brands: list
    verifier: object
    modules: list
    indicators: list
    photo_names: tuple
    now: datetime.datetime
    today: datetime.date


def _chunk(context, *, first, enterprises, improvements):
    rng, run, modules = context.rng, context.run, context.modules
    new_enterprises = []
    for number in range(enterprises):
        total = rng.randint(50, 500)
        new_enterprises.append(
            Enterprise(
                name_en=f"Scale enterprise {first + number + 1}",
                name_zh_hans=f"规模测试企业{first + number + 1}",
                city=rng.choice(context.cities),
                sector=rng.choice(Sector.values),
                recruited_by=rng.choice(context.partners),
                workforce_total=total,
                workforce_female=rng.randint(0, total),
            )
        )
    new_enterprises = _bulk(Enterprise, new_enterprises)
    _bulk(
        Enterprise.supplies_brands.through,
        [
            Enterprise.supplies_brands.through(enterprise_id=enterprise.pk, partner_id=rng.choice(context.brands).pk)
            for enterprise in new_enterprises
            if enterprise.sector in (Sector.GARMENT, Sector.FOOTWEAR)
        ],
    )

    groups = [
        new_enterprises[i : i + ENTERPRISES_PER_ROUND] for i in range(0, len(new_enterprises), ENTERPRISES_PER_ROUND)
    ]
    rounds = []
    for group in groups:
        starts_on = _day(rng)
        ends_on = starts_on + datetime.timedelta(days=rng.randint(60, 150))
        status = (
            TrainingRound.Status.COMPLETED
            if ends_on < context.today
            else (TrainingRound.Status.ONGOING if starts_on <= context.today else TrainingRound.Status.PLANNED)
        )
        cost_total = rng.randint(10, 60) * 1000
        rounds.append(
            TrainingRound(
                title_en=f"Scale round {run}-{group[0].pk}",
                title_zh_hans=f"规模测试培训轮次 {run}-{group[0].pk}",
                partner=rng.choice(context.partners),
                module=modules[0] if rng.random() < 0.6 else rng.choice(modules),
                city=group[0].city,
                kind=TrainingRound.Kind.TOE,
                status=status,
                phase=Phase.PHASE_II,
                starts_on=starts_on,
                ends_on=ends_on,
                cost_total=cost_total,
                cost_non_ilo=rng.randint(0, cost_total),
            )
        )
    rounds = _bulk(TrainingRound, rounds)
    _bulk(
        Enrollment,
        [
            Enrollment(round=training_round, enterprise=enterprise, enrolled_on=training_round.starts_on)
            for training_round, group in zip(rounds, groups, strict=True)
            for enterprise in group
        ],
    )

    activities, visited_groups = [], []
    for training_round, group in zip(rounds, groups, strict=True):
        for day in range(2):
            activities.append(
                Activity(
                    round=training_round,
                    kind=Activity.Kind.WORKSHOP,
                    date=training_round.starts_on + datetime.timedelta(days=day),
                )
            )
            visited_groups.append(group)
        for visit in range(1, 4):
            activities.append(
                Activity(
                    round=training_round,
                    kind=Activity.Kind.FACTORY_VISIT,
                    date=training_round.starts_on + datetime.timedelta(days=20 * visit),
                    enterprise=rng.choice(group),
                )
            )
            visited_groups.append(None)
    activities = _bulk(Activity, activities)
    attendances = _bulk(
        Attendance,
        [
            Attendance(
                activity=activity,
                enterprise=enterprise,
                female_managers=rng.randint(0, 2),
                male_managers=rng.randint(0, 2),
                female_workers=rng.randint(0, 3),
                male_workers=rng.randint(0, 3),
            )
            for activity, group in zip(activities, visited_groups, strict=True)
            if group is not None
            for enterprise in group
        ],
    )

    _bulk(
        ImprovementTeam,
        [
            ImprovementTeam(
                enterprise=enterprise,
                established_on=_day(rng),
                female_managers=rng.randint(0, 2),
                male_managers=rng.randint(0, 3),
                female_workers=rng.randint(0, 4),
                male_workers=rng.randint(0, 4),
            )
            for enterprise in new_enterprises
            if rng.random() < 0.5
        ],
    )
    measurements = []
    for enterprise in new_enterprises:
        for indicator in context.indicators:
            baseline = rng.uniform(1, 100)
            day = _day(rng)
            measurements.append(
                Measurement(
                    enterprise=enterprise,
                    indicator=indicator,
                    stage=Measurement.Stage.BASELINE,
                    period_start=day,
                    period_end=day + datetime.timedelta(days=30),
                    value=round(baseline, 2),
                )
            )
            if rng.random() < 0.6:
                later = day + datetime.timedelta(days=180)
                measurements.append(
                    Measurement(
                        enterprise=enterprise,
                        indicator=indicator,
                        stage=Measurement.Stage.FOLLOW_UP,
                        period_start=later,
                        period_end=later + datetime.timedelta(days=30),
                        value=round(baseline * rng.uniform(0.6, 1.1), 2),
                    )
                )
    _bulk(Measurement, measurements)

    categories = list(ImprovementCategory.objects.values_list("code", flat=True))
    new_improvements = []
    for number in range(improvements):
        is_verified = rng.random() < 0.7
        new_improvements.append(
            Improvement(
                enterprise=rng.choice(new_enterprises),
                module=rng.choice(modules),
                category_id=rng.choice(categories),
                title_en=f"Scale improvement {run}-{first + number + 1}",
                title_zh_hans=f"规模测试改进 {run}-{first + number + 1}",
                implemented_on=_day(rng),
                investment_rmb=rng.randint(0, 20) * 500,
                annual_saving_rmb=rng.randint(0, 40) * 500 if rng.random() < 0.6 else None,
                status=Improvement.Status.VERIFIED if is_verified else Improvement.Status.SUBMITTED,
                verified_by=context.verifier if is_verified else None,
                verified_at=context.now if is_verified else None,
            )
        )
    new_improvements = _bulk(Improvement, new_improvements)
    photographed = [improvement for improvement in new_improvements if rng.random() < 0.02]
    before, after = context.photo_names
    _bulk(
        Photo,
        [
            Photo(improvement=improvement, stage=stage, image=name, caption=str(improvement))
            for improvement in photographed
            for stage, name in ((Photo.Stage.BEFORE, before), (Photo.Stage.AFTER, after))
        ],
    )
    return Generated(
        enterprises=len(new_enterprises),
        rounds=len(rounds),
        attendances=len(attendances),
        improvements=len(new_improvements),
        photos=2 * len(photographed),
    )


def _programme(context, enterprises):
    """Trainers, their certifications, agreements and events, in proportion to the enterprises added."""
    rng, run = context.rng, context.run
    trainers = _bulk(
        Trainer,
        [
            Trainer(
                name_en=f"Scale trainer {run}-{number + 1}",
                name_zh_hans=f"规模测试培训师 {run}-{number + 1}",
                sex=rng.choice(Sex.values),
                partner=rng.choice(context.partners),
                level=rng.choice(Trainer.Level.values),
            )
            for number in range(max(enterprises // 20, 1))
        ],
    )
    _bulk(
        Certification,
        [
            Certification(
                trainer=trainer,
                module=context.modules[0],
                status=Certification.Status.CERTIFIED,
                certified_on=_day(rng),
            )
            for trainer in trainers
            if trainer.level != Trainer.Level.CANDIDATE
        ],
    )
    _bulk(
        Agreement,
        [
            Agreement(
                partner=partner,
                kind=Agreement.Kind.MOU,
                title_en=f"MoU with {partner.name_en}",
                title_zh_hans=f"与{partner.name_zh_hans}的谅解备忘录",
                phase=Phase.PHASE_II,
                signed_on=FIRST_DAY,
                starts_on=FIRST_DAY,
            )
            for partner in context.partners
        ],
    )
    _bulk(
        Event,
        [
            Event(
                kind=rng.choice(Event.Kind.values),
                title_en=f"Scale event {run}-{number + 1}",
                title_zh_hans=f"规模测试项目活动 {run}-{number + 1}",
                starts_on=_day(rng),
                city=rng.choice(context.cities),
            )
            for number in range(max(enterprises // 100, 4))
        ],
    )


# Copied by `multiply`, parents before children; every other table (cities, partners, modules, users …) is shared
# by the copies.
MULTIPLIED = (
    Enterprise,
    Enterprise.supplies_brands.through,
    TrainingRound,
    Enrollment,
    Activity,
    Attendance,
    ImprovementTeam,
    Measurement,
    Improvement,
    Photo,
)
# Made distinct in each copy, in every language they are written in (natural keys: the name of an enterprise in its
# city, the title of a round for its partner, of an improvement in its enterprise).
RENAMED = {Enterprise: ("name",), TrainingRound: ("title",), Improvement: ("title",)}


def _renamed(model, field):
    return any(field.name == name or field.name.startswith(f"{name}_") for name in RENAMED.get(model, ()))


@contextlib.contextmanager
def _indexes_and_foreign_keys_dropped(cursor, models):
    """Drop the foreign keys of `models`' tables and the indexes that back no constraint, and add them again at the
    end: one sorted index build and one join per foreign key are many times faster than keeping a dozen indexes
    (three of them trigram) up to date and checking five keys row by row. Inside a transaction, so a failure
    leaves the tables as they were."""
    tables = [[model._meta.db_table for model in models]]
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        tables,
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        tables,
    )
    foreign_keys = cursor.fetchall()
    # Checks still pending in this transaction run now: a table cannot be altered over them.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for _definition, name in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for definition, _name in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def multiply(factor):
    """Copy every enterprise with its rounds, enrolments, activities, attendance, team, measurements,
    improvements and photos `factor - 1` times, inside the database (PostgreSQL: one INSERT … SELECT per table
    over `generate_series`)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor, _indexes_and_foreign_keys_dropped(cursor, MULTIPLIED):
        highest = {}
        for model in MULTIPLIED:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(model._meta.db_table)}")
            highest[model] = cursor.fetchone()[0]
        for model in MULTIPLIED:
            columns, expressions, parameters = [], [], []
            for field in model._meta.concrete_fields:
                column = quote(field.column)
                columns.append(column)
                target = field.related_model if field.is_relation else model if field.primary_key else None
                if target in highest:
                    expressions.append(f"{column} + copy.number * %s")
                    parameters.append(highest[target])
                elif _renamed(model, field):
                    expressions.append(
                        f"CASE WHEN {column} = '' THEN {column} ELSE {column} || ' ×' || (copy.number + 1) END"
                    )
                else:
                    expressions.append(column)
            table = quote(model._meta.db_table)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
                f"FROM {table} CROSS JOIN generate_series(1, %s) AS copy(number) WHERE id BETWEEN 1 AND %s",
                [*parameters, factor - 1, highest[model]],
            )
        for model in MULTIPLIED:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {quote(table)}))", [table]
            )
    rebuild_all()


def vacuum_analyze():
    """Fresh planner statistics and visibility maps for the new rows (ANALYZE alone inside a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
