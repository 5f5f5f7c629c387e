"""Large, realistic-looking programme data written with bulk_create, to measure reports at scale.

Not demo data: names are generic ("Scale enterprise 123"), there is no change history, and every run
adds rows. Use a database of its own (see the `generate_scale_data` command).
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement, Sector
from improvements.models import Category, Improvement, Photo
from partners.models import Agreement, City, Partner, Phase
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
    ("Guangzhou", "广州", "Guangdong"),
    ("Ningbo", "宁波", "Zhejiang"),
    ("Taixing", "泰兴", "Jiangsu"),
    ("Shanghai", "上海", "Shanghai"),
    ("Deyang", "德阳", "Sichuan"),
    ("Chongqing", "重庆", "Chongqing"),
    ("Beijing", "北京", "Beijing"),
    ("Xining", "西宁", "Qinghai"),
]
PARTNERS = 12
ENTERPRISES_PER_ROUND = 4
MEASURED_INDICATORS = ("defect-rate", "absenteeism", "labour-turnover", "energy-use")
BATCH = 2000
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


def _bulk(model, rows):
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
        City.objects.get_or_create(name=name, defaults={"name_zh": name_zh, "province": province})[0]
        for name, name_zh, province in CITIES
    ]
    partners = [
        Partner.objects.get_or_create(
            code=f"scale-{run}-{number}",
            defaults={
                "name": f"Scale partner {run}-{number}",
                "kind": Partner.Kind.EMPLOYERS_ORGANISATION,
                "city": rng.choice(cities),
            },
        )[0]
        for number in range(1, PARTNERS + 1)
    ]
    brands = [
        Partner.objects.get_or_create(
            code=f"scale-{run}-brand-{number}",
            defaults={"name": f"Scale brand {run}-{number}", "kind": Partner.Kind.BRAND},
        )[0]
        for number in range(1, 4)
    ]
    verifier, _created = get_user_model().objects.get_or_create(
        username="scale-data-verifier", defaults={"is_active": False}
    )
    return cities, partners, brands, verifier


@transaction.atomic
def generate(*, enterprises, improvements, seed=0):
    """Add `enterprises` enterprises in rounds of four (with workshops, visits, attendance, teams and
    indicator values) and `improvements` improvements, about 70 % verified and 2 % with photos."""
    rng = random.Random(seed)
    run = Enterprise.objects.count()
    cities, partners, brands, verifier = _reference_data(rng, run)
    modules = list(Module.objects.order_by("number"))
    indicators = list(Indicator.objects.filter(code__in=MEASURED_INDICATORS))
    sectors = Sector.values

    new_enterprises = []
    for number in range(enterprises):
        total = rng.randint(50, 500)
        new_enterprises.append(
            Enterprise(
                name=f"Scale enterprise {run + number + 1}",
                city=rng.choice(cities),
                sector=rng.choice(sectors),
                recruited_by=rng.choice(partners),
                workforce_total=total,
                workforce_female=rng.randint(0, total),
            )
        )
    new_enterprises = _bulk(Enterprise, new_enterprises)
    _bulk(
        Enterprise.supplies_brands.through,
        [
            Enterprise.supplies_brands.through(enterprise_id=enterprise.pk, partner_id=rng.choice(brands).pk)
            for enterprise in new_enterprises
            if enterprise.sector in (Sector.GARMENT, Sector.FOOTWEAR)
        ],
    )

    groups = [
        new_enterprises[i : i + ENTERPRISES_PER_ROUND] for i in range(0, len(new_enterprises), ENTERPRISES_PER_ROUND)
    ]
    rounds = []
    today = timezone.localdate()
    for number, group in enumerate(groups, start=1):
        starts_on = _day(rng)
        ends_on = starts_on + datetime.timedelta(days=rng.randint(60, 150))
        status = (
            TrainingRound.Status.COMPLETED
            if ends_on < today
            else (TrainingRound.Status.ONGOING if starts_on <= today else TrainingRound.Status.PLANNED)
        )
        cost_total = rng.randint(10, 60) * 1000
        rounds.append(
            TrainingRound(
                title=f"Scale round {run}-{number}",
                partner=rng.choice(partners),
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
        for indicator in indicators:
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

    categories = Category.values
    now = timezone.now()
    new_improvements = []
    for number in range(improvements):
        is_verified = rng.random() < 0.7
        new_improvements.append(
            Improvement(
                enterprise=rng.choice(new_enterprises),
                module=rng.choice(modules),
                category=rng.choice(categories),
                title=f"Scale improvement {run}-{number + 1}",
                implemented_on=_day(rng),
                investment_rmb=rng.randint(0, 20) * 500,
                annual_saving_rmb=rng.randint(0, 40) * 500 if rng.random() < 0.6 else None,
                status=Improvement.Status.VERIFIED if is_verified else Improvement.Status.SUBMITTED,
                verified_by=verifier if is_verified else None,
                verified_at=now if is_verified else None,
            )
        )
    new_improvements = _bulk(Improvement, new_improvements)
    photographed = [improvement for improvement in new_improvements if rng.random() < 0.02]
    if photographed:
        before, after = _sample_photo_name(Photo.Stage.BEFORE), _sample_photo_name(Photo.Stage.AFTER)
        _bulk(
            Photo,
            [
                Photo(improvement=improvement, stage=stage, image=name, caption=str(improvement))
                for improvement in photographed
                for stage, name in ((Photo.Stage.BEFORE, before), (Photo.Stage.AFTER, after))
            ],
        )

    trainers = _bulk(
        Trainer,
        [
            Trainer(
                name=f"Scale trainer {run}-{number + 1}",
                sex=rng.choice(Sex.values),
                partner=rng.choice(partners),
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
                module=modules[0],
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
                title=f"MoU with {partner.name}",
                phase=Phase.PHASE_II,
                signed_on=FIRST_DAY,
                starts_on=FIRST_DAY,
            )
            for partner in partners
        ],
    )
    _bulk(
        Event,
        [
            Event(
                kind=rng.choice(Event.Kind.values),
                title=f"Scale event {run}-{number + 1}",
                starts_on=_day(rng),
                city=rng.choice(cities),
            )
            for number in range(max(enterprises // 100, 4))
        ],
    )
    return Generated(
        enterprises=len(new_enterprises),
        rounds=len(rounds),
        attendances=len(attendances),
        improvements=len(new_improvements),
        photos=2 * len(photographed),
    )
