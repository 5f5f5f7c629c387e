"""The summer newsletter (June–August 2015) as a small data set. The shared users (tests/conftest.py)
belong to its partners: CEC owns the records, ETI is the outsider."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from improvements.models import Improvement, Photo
from partners import roles
from partners.models import Agreement, Partner
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    CertificationFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    EventFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    PartnerFactory,
    PhotoFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
    user_with_role,
)
from tests.reporting.results_helpers import framework  # noqa: F401 (a fixture of the results tests)
from trainings.models import Certification, Event, Trainer, TrainingRound

START = datetime.date(2015, 6, 1)
END = datetime.date(2015, 8, 31)


def round_with(enterprises, **kwargs):
    """A round with these enterprises enrolled."""
    training_round = TrainingRoundFactory(**kwargs)
    for enterprise in enterprises:
        EnrollmentFactory(round=training_round, enterprise=enterprise, enrolled_on=training_round.starts_on)
    return training_round


def workshop(training_round, date, attendance):
    """A workshop day; `attendance` maps enterprise to (women managers, men managers, women workers, men workers)."""
    activity = WorkshopFactory(round=training_round, date=date)
    for enterprise, (female_managers, male_managers, female_workers, male_workers) in attendance.items():
        AttendanceFactory(
            activity=activity,
            enterprise=enterprise,
            female_managers=female_managers,
            male_managers=male_managers,
            female_workers=female_workers,
            male_workers=male_workers,
        )
    return activity


def verified(user, **kwargs):
    return ImprovementFactory(
        status=Improvement.Status.VERIFIED,
        verified_by=user,
        verified_at=timezone.now(),
        **kwargs,
    )


@pytest.fixture
def newsletter(ilo_staff):
    """Everything the summer newsletter reports, plus one Chongqing round of another partner."""
    city = {
        name: CityFactory(name=name, name_zh_hans=name_zh, province=province, province_zh_hans="")
        for name, name_zh, province in [
            ("Guangzhou", "广州", "Guangdong"),
            ("Taixing", "泰兴", "Jiangsu"),
            ("Shanghai", "上海", "Shanghai"),
            ("Deyang", "德阳", "Sichuan"),
            ("Chongqing", "重庆", "Chongqing"),
            ("Beijing", "北京", "Beijing"),
            ("Xining", "西宁", "Qinghai"),
        ]
    }
    cec = PartnerFactory(code="CEC", name="China Enterprise Confederation", name_zh_hans="中国企业联合会")
    chongqing_cec = PartnerFactory(
        code="CQ-EC",
        name="Chongqing Enterprise Confederation",
        parent=cec,
        parent_relation=Partner.ParentRelation.BRANCH_OF,
        city=city["Chongqing"],
    )
    bsci = PartnerFactory(code="BSCI", name="BSCI", kind=Partner.Kind.BUYER_INITIATIVE)
    eti = PartnerFactory(code="ETI", name="Ethical Trading Initiative", kind=Partner.Kind.BUYER_INITIATIVE)
    acftu = PartnerFactory(code="ACFTU", name="All-China Federation of Trade Unions", kind=Partner.Kind.TRADE_UNION)
    brands = [
        PartnerFactory(code=name.upper(), name=name, kind=Partner.Kind.BRAND) for name in ("Gap", "Inditex", "Pentland")
    ]
    agreement = AgreementFactory(
        partner=chongqing_cec,
        kind=Agreement.Kind.IMPLEMENTATION,
        title="Implementation Agreement with Chongqing CEC",
        signed_on=datetime.date(2015, 7, 28),
        starts_on=datetime.date(2015, 8, 1),
        scope="Chongqing CEC will run SCORE more independently in Phase II.",
    )
    AgreementFactory(
        partner=cec, title="MoU with CEC", signed_on=datetime.date(2013, 5, 1), starts_on=datetime.date(2013, 5, 1)
    )

    guangzhou_factories = [
        EnterpriseFactory(
            name=f"Guangzhou supplier {n}",
            city=city["Guangzhou"],
            sector="footwear",
            workforce_total=300,
            workforce_female=200,
        )
        for n in range(1, 5)
    ]
    guangzhou = round_with(
        guangzhou_factories,
        title="ILO-BSCI Supplier Training on Module 5",
        partner=bsci,
        module=module(5),
        city=city["Guangzhou"],
        status=TrainingRound.Status.COMPLETED,
        starts_on=datetime.date(2015, 3, 2),
        ends_on=datetime.date(2015, 7, 24),
        cost_total=40000,
        cost_non_ilo=30000,
        description="The completion of Module 5 marks the end of the pilot ILO-BSCI Supplier Training.",
    )
    taixing_enterprises = [
        EnterpriseFactory(
            name=f"Taixing enterprise {n}",
            city=city["Taixing"],
            sector="machinery",
            workforce_total=100,
            workforce_female=30,
        )
        for n in range(1, 6)
    ]
    taixing = round_with(
        taixing_enterprises,
        title="SCORE training launched in Taixing",
        partner=cec,
        module=module(1),
        city=city["Taixing"],
        status=TrainingRound.Status.ONGOING,
        starts_on=datetime.date(2015, 8, 20),
        cost_total=20000,
        cost_non_ilo=5000,
        description="Taixing is the second pilot area after Ningbo under the partnership with national CEC.",
    )
    shanghai_factories = [
        EnterpriseFactory(
            name=f"Shanghai garment factory {n}",
            city=city["Shanghai"],
            sector="garment",
            workforce_total=400,
            workforce_female=320,
        )
        for n in range(1, 4)
    ] + [
        EnterpriseFactory(
            name=f"Shanghai footwear factory {n}",
            city=city["Shanghai"],
            sector="footwear",
            workforce_total=250,
            workforce_female=150,
        )
        for n in range(1, 3)
    ]
    shanghai_factories[0].supplies_brands.add(brands[0], brands[1])
    shanghai_factories[3].supplies_brands.add(brands[2])
    shanghai = round_with(
        shanghai_factories,
        title="ILO-ETI Pilot Supplier Training",
        partner=eti,
        module=module(1),
        city=city["Shanghai"],
        status=TrainingRound.Status.ONGOING,
        starts_on=datetime.date(2015, 8, 29),
        cost_total=30000,
        cost_non_ilo=30000,
    )
    cable_maker = EnterpriseFactory(
        name="Deyang cable manufacturer",
        city=city["Deyang"],
        sector="electrical",
        workforce_total=180,
        workforce_female=40,
    )
    deyang_factories = [cable_maker] + [
        EnterpriseFactory(
            name=f"Deyang machinery {n}",
            city=city["Deyang"],
            sector="machinery",
            workforce_total=150,
            workforce_female=30,
        )
        for n in range(1, 4)
    ]
    deyang = round_with(
        deyang_factories,
        title="Module 1 training in Deyang",
        partner=cec,
        module=module(1),
        city=city["Deyang"],
        status=TrainingRound.Status.ONGOING,
        starts_on=datetime.date(2015, 6, 3),
        ends_on=datetime.date(2015, 9, 10),
        cost_total=10000,
        cost_non_ilo=5000,
    )
    chongqing_enterprises = [
        EnterpriseFactory(
            name=f"Chongqing enterprise {n}",
            city=city["Chongqing"],
            sector="chemicals",
            workforce_total=120,
            workforce_female=60,
        )
        for n in range(1, 3)
    ]
    chongqing = round_with(
        chongqing_enterprises,
        title="Chongqing ToE round",
        partner=chongqing_cec,
        module=module(1),
        city=city["Chongqing"],
        status=TrainingRound.Status.ONGOING,
        starts_on=datetime.date(2015, 7, 14),
        cost_total=0,
        cost_non_ilo=0,
    )
    deyang_osh = round_with(
        [],
        title="ToE on Module 5 in Deyang",
        partner=cec,
        module=module(5),
        city=city["Deyang"],
        status=TrainingRound.Status.PLANNED,
        starts_on=datetime.date(2015, 9, 4),
        ends_on=datetime.date(2015, 12, 20),
    )
    WorkshopFactory(round=deyang_osh, date=datetime.date(2015, 9, 4))
    WorkshopFactory(round=deyang_osh, date=datetime.date(2015, 9, 5))
    ningbo = CityFactory(name="Ningbo", province="Zhejiang")
    old_round = round_with(
        [EnterpriseFactory(name="Ningbo enterprise", city=ningbo)],
        title="Ningbo 2014 round",
        partner=cec,
        module=module(1),
        city=ningbo,
        status=TrainingRound.Status.COMPLETED,
        starts_on=datetime.date(2014, 9, 1),
        ends_on=datetime.date(2014, 12, 1),
    )

    # Deyang: a two-day workshop (the same people both days) and a factory visit in the period.
    workshop(deyang, datetime.date(2015, 6, 10), dict.fromkeys(deyang_factories, (1, 1, 1, 1)))
    workshop(deyang, datetime.date(2015, 6, 11), dict.fromkeys(deyang_factories, (1, 1, 0, 2)))
    # Guangzhou: the last Module 5 workshop in July.
    workshop(guangzhou, datetime.date(2015, 7, 8), dict.fromkeys(guangzhou_factories, (2, 0, 1, 1)))
    # Taixing: launch workshop on 20 August.
    workshop(taixing, datetime.date(2015, 8, 20), dict.fromkeys(taixing_enterprises, (0, 2, 1, 1)))
    # Before the period: not counted.
    workshop(guangzhou, datetime.date(2015, 3, 3), dict.fromkeys(guangzhou_factories, (5, 5, 5, 5)))

    trainers = [
        TrainerFactory(name="Expert Wang", sex="F", partner=cec, level=Trainer.Level.EXPERT),
        TrainerFactory(name="Trainer Li", sex="M", partner=cec, level=Trainer.Level.TRAINER),
        TrainerFactory(name="Candidate Zhao", sex="F", partner=chongqing_cec, level=Trainer.Level.CANDIDATE),
        TrainerFactory(name="Candidate Chen", sex="M", partner=chongqing_cec, level=Trainer.Level.CANDIDATE),
        TrainerFactory(name="BSCI trainer", sex="M", partner=bsci, level=Trainer.Level.TRAINER),
    ]
    CertificationFactory(
        trainer=trainers[1],
        module=module(1),
        status=Certification.Status.CERTIFIED,
        certified_on=datetime.date(2015, 7, 1),
    )
    CertificationFactory(
        trainer=trainers[4],
        module=module(5),
        status=Certification.Status.CERTIFIED,
        certified_on=datetime.date(2014, 7, 1),
    )

    ImprovementTeamFactory(enterprise=cable_maker, female_managers=1, male_managers=2, female_workers=3, male_workers=4)
    ImprovementTeamFactory(
        enterprise=deyang_factories[1], female_managers=0, male_managers=3, female_workers=2, male_workers=5
    )

    improvements = []
    colours = iter(["red", "orange", "yellow", "green", "blue", "navy", "purple", "black"])
    for title, saving, before_caption, after_caption in [
        ("Shelves for water dispenser and cups", None, "Cups placed at machines", "Shelves installed"),
        ("Protective shield on the wrapping machine", None, "Flying debris", "Shield installed"),
        ("Hoppers instead of bags to load cables", 13000, "Cables loaded in bags", "Hoppers in use"),
        ("Tool racks at the fitter's workstation", 1500, "Tools on the bench", "Tools on racks"),
    ]:
        improvement = verified(
            ilo_staff,
            enterprise=cable_maker,
            module=module(1),
            title=title,
            annual_saving_rmb=saving,
            implemented_on=datetime.date(2015, 8, 10),
        )
        for stage, caption in ((Photo.Stage.BEFORE, before_caption), (Photo.Stage.AFTER, after_caption)):
            PhotoFactory(improvement=improvement, stage=stage, caption_en=caption, image__color=next(colours))
        improvements.append(improvement)
    draft = ImprovementFactory(
        enterprise=deyang_factories[1], title="Draft idea not yet verified", annual_saving_rmb=99999
    )

    MeasurementFactory(enterprise=cable_maker, stage="baseline", value=4)
    MeasurementFactory(
        enterprise=cable_maker,
        stage="follow_up",
        value=3,
        period_start=datetime.date(2015, 7, 1),
        period_end=datetime.date(2015, 7, 31),
    )
    MeasurementFactory(
        enterprise=cable_maker,
        stage="follow_up",
        value=2,
        period_start=datetime.date(2015, 8, 1),
        period_end=datetime.date(2015, 8, 31),
    )
    MeasurementFactory(enterprise=deyang_factories[1], stage="baseline", value=6)
    MeasurementFactory(
        enterprise=deyang_factories[1],
        stage="follow_up",
        value=7,
        period_start=datetime.date(2015, 8, 1),
        period_end=datetime.date(2015, 8, 31),
    )
    MeasurementFactory(enterprise=deyang_factories[2], stage="baseline", value=5)

    seminar = EventFactory(
        kind=Event.Kind.SEMINAR,
        title="ILO-ACFTU Seminar on Promoting Green Employment",
        starts_on=datetime.date(2015, 9, 2),
        ends_on=datetime.date(2015, 9, 3),
        city=city["Xining"],
    )
    seminar.partners.add(acftu)
    committee_meeting = EventFactory(
        kind=Event.Kind.COMMITTEE_MEETING,
        title="6th SCORE National Advisory Committee Meeting",
        starts_on=datetime.date(2015, 10, 31),
        city=city["Beijing"],
    )
    webinar = EventFactory(
        kind=Event.Kind.WEBINAR,
        title="Gender mainstreaming webinars",
        starts_on=datetime.date(2015, 8, 12),
        description="SCORE Global Office hosted webinars on the gender mainstreaming strategy.",
    )
    bsci_event = EventFactory(
        kind=Event.Kind.LAUNCH, title="BSCI pilot closing", starts_on=datetime.date(2015, 7, 24), city=city["Guangzhou"]
    )
    bsci_event.partners.add(bsci)

    return SimpleNamespace(**locals())


@pytest.fixture
def partner(newsletter):
    return newsletter.cec


@pytest.fixture
def other_partner(newsletter):
    return newsletter.eti


@pytest.fixture
def download_report(client, run_queued_tasks):
    """download_report(params, output): as the signed-in user, ask for the report's PDF or XLSX, let the task
    worker make it, and download it from the progress page. Returns the response and the file's bytes."""
    from django.urls import reverse

    from reporting.models import Job

    def download(params, output):
        asked = client.post(reverse("reporting:committee_report_download"), {**params, "output": output})
        job = Job.objects.latest("created_at")
        assert asked.status_code == 302 and asked.url == job.get_absolute_url()
        run_queued_tasks()
        response = client.get(reverse("reporting:job_download", args=[job.pk]))
        assert response.status_code == 200, client.get(job.get_absolute_url()).content.decode()
        return response, b"".join(response.streaming_content)

    return download


@pytest.fixture
def job_owner():
    return user_with_role(roles.COMMITTEE_MEMBER, username="owner")


@pytest.fixture
def job_other_user():
    """Another committee member: reads the same reports, but not someone else's downloads."""
    return user_with_role(roles.COMMITTEE_MEMBER, username="other")


@pytest.fixture
def job_outsider():
    return user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory(code="OUT"), username="outsider")


@pytest.fixture
def start_greeting(job_owner):
    """start_greeting(user=job_owner, **params): start a job that runs tests/reporting/job_tasks.greeting_file."""
    from reporting.job_services import job_start
    from tests.reporting.job_tasks import greeting_file

    def start(user=job_owner, **params):
        return job_start(user=user, title="Greeting", task=greeting_file, params=params)

    return start
