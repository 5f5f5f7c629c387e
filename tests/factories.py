import datetime
import io
import itertools
import random

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement, Sector
from improvements.models import Improvement, ImprovementCategory, Photo
from improvements.services import photo_add
from partners.models import Agreement, City, Partner, PartnerMembership, Phase
from trainings.models import (
    Activity,
    Attendance,
    Certification,
    Enrollment,
    Event,
    EventParticipation,
    Module,
    RoundTrainer,
    Trainee,
    Trainer,
    TrainingRound,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"City {n}")
    name_zh_hans = factory.Sequence(lambda n: f"城市{n}")
    province = "Sichuan"
    province_zh_hans = "四川"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Partner {n}")
    code = factory.Sequence(lambda n: f"P{n}")
    kind = Partner.Kind.EMPLOYERS_ORGANISATION


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = PartnerMembership.Role.COORDINATOR


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    kind = Agreement.Kind.MOU
    title = factory.Sequence(lambda n: f"Agreement {n}")
    phase = Phase.PHASE_II
    signed_on = datetime.date(2015, 7, 28)
    starts_on = datetime.date(2015, 8, 1)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Enterprise {n}")
    city = factory.SubFactory(CityFactory)
    sector = Sector.MACHINERY
    workforce_total = 200
    workforce_female = 80


class ImprovementTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementTeam

    enterprise = factory.SubFactory(EnterpriseFactory)
    established_on = datetime.date(2015, 6, 15)
    female_managers = 1
    male_managers = 2
    female_workers = 3
    male_workers = 4


def module(number=1):
    """The SCORE modules come from a data migration; tests look them up."""
    return Module.objects.get(number=number)


def category(code="osh"):
    """The improvement categories come from a data migration too."""
    return ImprovementCategory.objects.get(code=code)


class TrainingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRound

    title = factory.Sequence(lambda n: f"Round {n}")
    partner = factory.SubFactory(PartnerFactory)
    module = factory.LazyFunction(module)
    city = factory.SubFactory(CityFactory)
    phase = Phase.PHASE_II
    starts_on = datetime.date(2015, 6, 1)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    round = factory.SubFactory(TrainingRoundFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, city=factory.SelfAttribute("..round.city"))
    enrolled_on = datetime.date(2015, 6, 1)


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    name = factory.Sequence(lambda n: f"Trainer {n}")
    sex = "F"
    partner = factory.SubFactory(PartnerFactory)


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    trainer = factory.SubFactory(TrainerFactory)
    module = factory.LazyFunction(module)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    round = factory.SubFactory(TrainingRoundFactory)
    kind = Activity.Kind.WORKSHOP
    date = datetime.date(2015, 6, 10)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(WorkshopFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    female_managers = 1
    male_managers = 1
    female_workers = 1
    male_workers = 1


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.SEMINAR
    title = factory.Sequence(lambda n: f"Event {n}")
    starts_on = datetime.date(2015, 9, 2)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    enterprise = factory.SubFactory(EnterpriseFactory)
    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="defect-rate"))
    stage = Measurement.Stage.BASELINE
    period_start = datetime.date(2015, 1, 1)
    period_end = datetime.date(2015, 3, 31)
    value = 4


class ImprovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Improvement

    enterprise = factory.SubFactory(EnterpriseFactory)
    module = factory.LazyFunction(module)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"Improvement {n}")
    implemented_on = datetime.date(2015, 8, 1)
    investment_rmb = 2000
    annual_saving_rmb = 13000
    saving_calculation = "Bags no longer bought."


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    improvement = factory.SubFactory(ImprovementFactory)
    stage = Photo.Stage.BEFORE
    image = factory.django.ImageField(width=64, height=48, color="gray")
    caption_en = "Before"
    caption_zh_hans = ""

    @classmethod
    def _create(cls, model_class, *, improvement, stage, caption_en, caption_zh_hans, image, **kwargs):
        """Saved photos go through the application's upload checks, like every real photo."""
        return add_photo(
            improvement, stage=stage, caption_en=caption_en, caption_zh_hans=caption_zh_hans, seed=next(cls._seeds)
        )

    _seeds = itertools.count(1000)


def picture(seed=0, size=(640, 480)):
    """A Pillow picture of 8x8 light and dark blocks chosen by `seed`: pictures of different seeds
    have clearly different average hashes, the same seed gives the same picture."""
    rng = random.Random(seed)
    blocks = Image.new("L", (8, 8))
    blocks.putdata([rng.choice((40, 215)) for _ in range(64)])
    return blocks.resize(size, Image.Resampling.NEAREST).convert("RGB")


def image_upload(image=None, *, name="photo.jpg", image_format="JPEG", **save_options):
    """An uploaded file holding real image bytes made with Pillow."""
    buffer = io.BytesIO()
    (image or picture()).save(buffer, format=image_format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def add_photo(improvement, *, stage=Photo.Stage.BEFORE, seed=0, caption_en="", caption_zh_hans="", user=None):
    """A photo added the way the application adds one (checked, re-encoded, resized, hashed)."""
    return photo_add(
        user=user,
        improvement=improvement,
        stage=stage,
        uploaded_file=image_upload(picture(seed)),
        caption_en=caption_en,
        caption_zh_hans=caption_zh_hans,
    )


def user_with_role(group, partner=None, role=PartnerMembership.Role.COORDINATOR, **fields):
    """A user in one of the role groups of partners/roles.py, optionally a member of `partner`."""
    from django.contrib.auth.models import Group

    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=group))
    if partner is not None:
        MembershipFactory(user=user, partner=partner, role=role)
    return user


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    round = factory.SubFactory(TrainingRoundFactory, kind=TrainingRound.Kind.TOT)
    trainer = factory.SubFactory(TrainerFactory, partner=factory.SelfAttribute("..round.partner"))


class RoundTrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundTrainer

    round = factory.SubFactory(TrainingRoundFactory)
    trainer = factory.SubFactory(TrainerFactory, partner=factory.SelfAttribute("..round.partner"))
    role = RoundTrainer.Role.LEAD


class EventParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipation

    event = factory.SubFactory(EventFactory)
    female = 3
    male = 2
