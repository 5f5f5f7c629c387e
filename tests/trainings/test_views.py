import datetime

import factory
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from enterprises import access as enterprise_access
from enterprises.models import Enterprise
from partners import roles
from partners.models import Partner
from tests.factories import (
    AttendanceFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    PartnerFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
    user_with_role,
)
from trainings.models import Activity, Attendance, Enrollment, TrainingRound

pytestmark = pytest.mark.django_db

COUNTS = ("female_managers", "male_managers", "female_workers", "male_workers")


@pytest.fixture
def training_round(partner):
    return TrainingRoundFactory(
        partner=partner,
        title="Taixing Module 1",
        city=CityFactory(name="Taixing", name_zh_hans="泰兴"),
        starts_on=datetime.date(2015, 8, 20),
        ends_on=datetime.date(2015, 11, 30),
    )


@pytest.fixture
def enrollments(training_round, partner):
    return [
        EnrollmentFactory(round=training_round, enterprise__name=name, enterprise__recruited_by=partner)
        for name in ("Alpha Cables", "Beta Machinery", "Gamma Pumps")
    ]


@pytest.fixture
def trainer(partner):
    return TrainerFactory(partner=partner, name="Li Na")


@pytest.fixture
def workshop(training_round, enrollments, trainer):
    workshop = WorkshopFactory(round=training_round, date=datetime.date(2015, 8, 20))
    workshop.trainers.add(trainer)
    for enrollment in enrollments:
        AttendanceFactory(activity=workshop, enterprise=enrollment.enterprise)
    return workshop


@pytest.fixture
def visit(training_round, enrollments):
    return Activity.objects.create(
        round=training_round,
        kind=Activity.Kind.FACTORY_VISIT,
        enterprise=enrollments[0].enterprise,
        date=datetime.date(2015, 9, 10),
    )


@pytest.fixture
def objects(training_round, enrollments, workshop, visit):
    return {"round": training_round, "enrollment": enrollments[0], "workshop": workshop, "visit": visit}


READ_URLS = [
    ("trainings:round_detail", "round"),
    ("trainings:activity_detail", "workshop"),
    ("trainings:activity_detail", "visit"),
]
WRITE_URLS = [
    ("trainings:round_update", "round"),
    ("trainings:round_delete", "round"),
    ("trainings:workshop_create", "round"),
    ("trainings:visit_create", "round"),
    ("trainings:enrollment_create", "round"),
    ("trainings:activity_update", "workshop"),
    ("trainings:activity_update", "visit"),
    ("trainings:activity_delete", "workshop"),
    ("trainings:enrollment_update", "enrollment"),
    ("trainings:enrollment_delete", "enrollment"),
]
OBJECT_URLS = READ_URLS + WRITE_URLS


def url(name, objects, key):
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


def row_counts():
    return (
        TrainingRound.objects.count(),
        Enrollment.objects.count(),
        Activity.objects.count(),
        Attendance.objects.count(),
    )


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Access: owner coordinator, read-only viewer, outsider coordinator, anonymous visitor.


@pytest.mark.parametrize("name, key", [("trainings:round_list", None), ("trainings:round_create", None), *OBJECT_URLS])
def test_coordinator_can_open_every_page_of_own_partner(client, coordinator, objects, name, key):
    client.force_login(coordinator)

    assert client.get(url(name, objects, key)).status_code == 200


@pytest.mark.parametrize("name, key", [("trainings:round_list", None), *READ_URLS])
def test_viewer_can_read_rounds_and_activities(client, viewer, objects, name, key):
    client.force_login(viewer)

    assert client.get(url(name, objects, key)).status_code == 200


@pytest.mark.parametrize("name, key", [("trainings:round_create", None), *WRITE_URLS])
def test_viewer_is_forbidden_to_open_or_post_any_write_page(client, viewer, objects, name, key):
    client.force_login(viewer)
    before = row_counts()

    assert client.get(url(name, objects, key)).status_code == 403
    assert client.post(url(name, objects, key), {"title": "Changed", "date": "2015-09-01"}).status_code == 403
    assert row_counts() == before


@pytest.mark.parametrize("name, key", OBJECT_URLS)
def test_outsider_gets_404_on_every_url_of_another_partners_round(client, outsider, objects, name, key):
    client.force_login(outsider)
    before = row_counts()

    assert client.get(url(name, objects, key)).status_code == 404
    assert client.post(url(name, objects, key), {"title": "Changed", "date": "2015-09-01"}).status_code == 404
    assert row_counts() == before


@pytest.mark.parametrize("name, key", [("trainings:round_list", None), ("trainings:round_create", None), *OBJECT_URLS])
def test_anonymous_visitor_is_sent_to_login(client, objects, name, key):
    response = client.get(url(name, objects, key))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsider_does_not_see_other_partners_round_in_list(client, outsider, other_partner, training_round):
    TrainingRoundFactory(partner=other_partner, title="Guangzhou OSH")
    client.force_login(outsider)

    response = client.get(reverse("trainings:round_list"))

    assert [r.title for r in response.context["page_obj"]] == ["Guangzhou OSH"]
    assert "Taixing Module 1" not in response.content.decode()


def test_ilo_staff_see_rounds_of_every_partner(client, ilo_staff, training_round, other_partner):
    TrainingRoundFactory(partner=other_partner, title="Guangzhou OSH")
    client.force_login(ilo_staff)

    response = client.get(reverse("trainings:round_list"))

    assert {r.title for r in response.context["page_obj"]} == {"Taixing Module 1", "Guangzhou OSH"}
    assert response.context["can_create"] is True


def test_coordinator_of_parent_partner_sees_and_edits_branch_rounds(client, coordinator, partner):
    branch = PartnerFactory(code="CQ-EC", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    branch_round = TrainingRoundFactory(partner=branch, title="Chongqing ToT")
    client.force_login(coordinator)

    listed = client.get(reverse("trainings:round_list")).context["page_obj"]
    detail = client.get(reverse("trainings:round_detail", args=[branch_round.pk]))

    assert [r.title for r in listed] == ["Chongqing ToT"]
    assert detail.status_code == 200
    assert detail.context["can_edit"] is True


def test_branch_coordinator_does_not_see_parent_partners_rounds(client, partner, training_round):
    branch = PartnerFactory(code="CQ-EC", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, branch))

    assert client.get(reverse("trainings:round_detail", args=[training_round.pk])).status_code == 404


def test_viewer_sees_no_write_buttons(client, viewer, objects):
    client.force_login(viewer)

    listing = client.get(reverse("trainings:round_list")).content.decode()
    detail = client.get(reverse("trainings:round_detail", args=[objects["round"].pk])).content.decode()

    assert reverse("trainings:round_create") not in listing
    assert reverse("trainings:workshop_create", args=[objects["round"].pk]) not in detail
    assert reverse("trainings:round_update", args=[objects["round"].pk]) not in detail


def test_committee_member_sees_no_rounds(client, training_round):
    client.force_login(user_with_role(roles.COMMITTEE_MEMBER))

    assert list(client.get(reverse("trainings:round_list")).context["page_obj"]) == []
    assert client.get(reverse("trainings:round_detail", args=[training_round.pk])).status_code == 404


# Round list: search, filters, pagination, query counts.


@pytest.fixture
def rounds_to_filter(partner, other_partner):
    taixing, deyang = CityFactory(name="Taixing"), CityFactory(name="Deyang", name_zh_hans="德阳")
    return {
        "taixing": TrainingRoundFactory(
            partner=partner, title="Taixing M1", city=taixing, starts_on=datetime.date(2015, 8, 20)
        ),
        "deyang_osh": TrainingRoundFactory(
            partner=partner,
            title="Deyang OSH",
            city=deyang,
            module=module(5),
            kind=TrainingRound.Kind.TOE,
            starts_on=datetime.date(2015, 9, 4),
            ends_on=datetime.date(2015, 9, 5),
        ),
        "deyang_m1": TrainingRoundFactory(
            partner=partner,
            title="Deyang M1",
            city=deyang,
            status=TrainingRound.Status.COMPLETED,
            starts_on=datetime.date(2015, 6, 1),
            ends_on=datetime.date(2015, 9, 3),
        ),
        "branch": TrainingRoundFactory(
            partner=PartnerFactory(
                code="CQ-EC",
                name="Chongqing Enterprise Confederation",
                parent=partner,
                parent_relation=Partner.ParentRelation.BRANCH_OF,
            ),
            title="Chongqing ToT",
            kind=TrainingRound.Kind.TOT,
            starts_on=datetime.date(2015, 7, 15),
            ends_on=datetime.date(2015, 8, 15),
        ),
        "other": TrainingRoundFactory(partner=other_partner, title="Guangzhou OSH", module=module(5)),
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        pytest.param({"q": "deyang"}, {"Deyang OSH", "Deyang M1"}, id="search_title_and_city"),
        pytest.param({"q": "德阳"}, {"Deyang OSH", "Deyang M1"}, id="search_chinese_city_name"),
        pytest.param({"q": "chongqing enterprise"}, {"Chongqing ToT"}, id="search_partner_name"),
        pytest.param({"q": "cq-ec"}, {"Chongqing ToT"}, id="search_partner_code"),
        pytest.param({"module": "5"}, {"Deyang OSH"}, id="module"),
        pytest.param({"status": "completed"}, {"Deyang M1"}, id="status"),
        pytest.param({"kind": "tot"}, {"Chongqing ToT"}, id="kind"),
        pytest.param(
            {"running_from": "2015-09-01", "running_until": "2015-09-30"},
            {"Deyang OSH", "Deyang M1"},
            id="period_overlap",
        ),
        pytest.param({"running_until": "2015-07-31"}, {"Deyang M1", "Chongqing ToT"}, id="period_until"),
        pytest.param({"running_from": "2015-08-16"}, {"Taixing M1", "Deyang OSH", "Deyang M1"}, id="period_from"),
    ],
)
def test_round_list_filters_and_search(client, coordinator, rounds_to_filter, params, expected):
    client.force_login(coordinator)

    response = client.get(reverse("trainings:round_list"), params)

    assert {r.title for r in response.context["page_obj"]} == expected


def test_round_list_filters_by_partner_and_city(client, coordinator, rounds_to_filter):
    client.force_login(coordinator)
    branch = rounds_to_filter["branch"].partner
    deyang = rounds_to_filter["deyang_m1"].city

    by_partner = client.get(reverse("trainings:round_list"), {"partner": branch.pk}).context["page_obj"]
    by_city = client.get(reverse("trainings:round_list"), {"city": deyang.pk}).context["page_obj"]

    assert [r.title for r in by_partner] == ["Chongqing ToT"]
    assert {r.title for r in by_city} == {"Deyang OSH", "Deyang M1"}


def test_round_list_partner_choices_are_the_visible_partners(client, coordinator, rounds_to_filter, other_partner):
    client.force_login(coordinator)

    response = client.get(reverse("trainings:round_list"))

    choices = set(response.context["filter"].form.fields["partner"].queryset.values_list("code", flat=True))
    assert choices == {"CEC", "CQ-EC"}
    forged = client.get(reverse("trainings:round_list"), {"partner": other_partner.pk})
    assert "partner" in forged.context["filter"].form.errors


def test_round_list_shows_enrolled_count_without_withdrawn(client, coordinator, training_round, enrollments):
    enrollments[0].status = Enrollment.Status.WITHDRAWN
    enrollments[0].save()
    client.force_login(coordinator)

    [listed] = client.get(reverse("trainings:round_list")).context["page_obj"]

    assert listed.enrolled_count == 2


def test_round_list_has_an_empty_state(client, coordinator):
    client.force_login(coordinator)

    assert "There are no training rounds yet." in client.get(reverse("trainings:round_list")).content.decode()
    no_match = client.get(reverse("trainings:round_list"), {"q": "nothing like this"}).content.decode()
    assert "No training round matches your search and filters." in no_match


def test_round_list_is_paginated_by_25_and_keeps_filters(client, coordinator, partner):
    TrainingRoundFactory.create_batch(30, partner=partner, title=factory.Sequence(lambda n: f"Batch round {n}"))
    client.force_login(coordinator)

    first = client.get(reverse("trainings:round_list"), {"q": "Batch"})
    second = client.get(reverse("trainings:round_list"), {"q": "Batch", "page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert "?q=Batch&amp;page=2" in first.content.decode()
    assert not {r.pk for r in first.context["page_obj"]} & {r.pk for r in second.context["page_obj"]}


@pytest.mark.parametrize("size", [10, 500])
def test_round_list_runs_a_fixed_number_of_queries(client, coordinator, partner, size, django_assert_max_num_queries):
    city = CityFactory()
    rounds = TrainingRound.objects.bulk_create(
        TrainingRound(
            title=f"Round {n}",
            partner=partner,
            module=module(),
            city=city,
            phase="II",
            starts_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(size)
    )
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"E{n}", city=city, sector="machinery", workforce_total=100, workforce_female=40)
        for n in range(size)
    )
    Enrollment.objects.bulk_create(
        Enrollment(round=r, enterprise=e, enrolled_on=r.starts_on) for r, e in zip(rounds, enterprises, strict=True)
    )
    enterprise_access.rebuild()
    client.force_login(coordinator)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("trainings:round_list"), {"q": "Round", "status": "planned"})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", [10, 500])
def test_round_detail_runs_a_fixed_number_of_queries(
    client, coordinator, training_round, trainer, size, django_assert_max_num_queries
):
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"E{n}", city=training_round.city, sector="machinery", workforce_total=100, workforce_female=40)
        for n in range(size)
    )
    Enrollment.objects.bulk_create(
        Enrollment(round=training_round, enterprise=e, enrolled_on=training_round.starts_on) for e in enterprises
    )
    enterprise_access.rebuild()
    workshop = Activity.objects.create(round=training_round, kind=Activity.Kind.WORKSHOP, date=training_round.starts_on)
    workshop.trainers.add(trainer)
    Attendance.objects.bulk_create(Attendance(activity=workshop, enterprise=e, female_workers=2) for e in enterprises)
    visits = Activity.objects.bulk_create(
        Activity(round=training_round, kind=Activity.Kind.FACTORY_VISIT, enterprise=e, date=training_round.starts_on)
        for e in enterprises
    )
    Activity.trainers.through.objects.bulk_create(
        Activity.trainers.through(activity=v, trainer=trainer) for v in visits
    )
    client.force_login(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("trainings:round_detail", args=[training_round.pk]))

    assert response.status_code == 200
    assert len(response.context["enrollments"]) == size
    assert len(response.context["activities"]) == size + 1
    assert response.context["attendance_tables"][0][1].female_workers == 2 * size


# Round detail.


def test_round_detail_shows_everything_about_the_round(client, coordinator, objects):
    training_round = objects["round"]
    training_round.cost_total, training_round.cost_non_ilo = 20000, 5000
    training_round.save()
    client.force_login(coordinator)

    response = client.get(reverse("trainings:round_detail", args=[training_round.pk]))
    page = response.content.decode()

    assert "China Enterprise Confederation" in page
    assert "Workplace cooperation" in page
    assert "Taixing" in page
    assert "(25%)" in page
    assert "Women (%)" not in page  # the cost share is not the women's share of the attendance table
    for name in ("Alpha Cables", "Beta Machinery", "Gamma Pumps"):
        assert name in page
    assert "Li Na" in page
    [(caption, workshop_totals)] = response.context["attendance_tables"]
    assert str(caption) == "Workshop days"
    assert (workshop_totals.female, workshop_totals.male, workshop_totals.total) == (6, 6, 12)
    participants = {a.kind: a.participants for a in response.context["activities"]}
    assert participants == {"workshop": 12, "visit": 0}


# Create, edit and delete a round.


def round_data(partner, **changes):
    return {
        "title_en": "Ningbo Module 2",
        "partner": partner.pk,
        "module": module(2).pk,
        "city": CityFactory(name="Ningbo").pk,
        "kind": "toe",
        "status": "planned",
        "phase": "II",
        "starts_on": "2015-09-01",
        "ends_on": "2015-12-15",
        "cost_total": "30000",
        "cost_non_ilo": "12000",
        "description_en": "",
        **changes,
    }


def test_coordinator_creates_a_round(client, coordinator, partner):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:round_create"), round_data(partner))

    created = TrainingRound.objects.get()
    assert response.url == reverse("trainings:round_detail", args=[created.pk])
    assert (created.partner, created.module.number, created.created_by) == (partner, 2, coordinator)
    assert created.history.count() == 1
    assert message_texts(response) == ["Training round “Ningbo Module 2” created."]


def test_new_round_form_proposes_the_only_writable_partner(client, coordinator, partner):
    client.force_login(coordinator)

    form = client.get(reverse("trainings:round_create")).context["form"]

    assert form["partner"].value() == partner.pk


def test_new_round_form_proposes_no_partner_to_ilo_staff(client, ilo_staff, partner, other_partner):
    client.force_login(ilo_staff)

    form = client.get(reverse("trainings:round_create")).context["form"]

    assert form["partner"].value() is None


def test_round_cannot_be_created_for_another_partner(client, coordinator, other_partner):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:round_create"), round_data(other_partner))

    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not TrainingRound.objects.exists()


def test_round_cannot_be_moved_to_another_partner(client, coordinator, training_round, other_partner):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:round_update", args=[training_round.pk]), round_data(other_partner))

    assert "partner" in response.context["form"].errors
    training_round.refresh_from_db()
    assert training_round.title == "Taixing Module 1"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        pytest.param(
            {"ends_on": "2015-08-01"}, "ends_on", "A round cannot end before it starts.", id="ends_before_start"
        ),
        pytest.param(
            {"cost_non_ilo": "40000"}, "cost_non_ilo", "The non-ILO part cannot exceed the total cost.", id="non_ilo"
        ),
        pytest.param(
            {"status": "completed", "ends_on": ""},
            "ends_on",
            "A completed round needs the date it ended.",
            id="completed_without_end",
        ),
        pytest.param(
            {"status": "completed", "ends_on": "2999-01-01"},
            "status",
            "A round that ends in the future cannot be completed yet.",
            id="completed_in_future",
        ),
        pytest.param({"cost_total": "-5"}, "cost_total", "Costs cannot be negative.", id="negative_cost"),
    ],
)
def test_round_form_shows_errors_next_to_fields_and_keeps_input(client, coordinator, partner, changes, field, message):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:round_create"), round_data(partner, **changes))

    assert response.context["form"].errors[field] == [message]
    assert 'value="Ningbo Module 2"' in response.content.decode()
    assert not TrainingRound.objects.exists()


def test_coordinator_edits_a_round(client, coordinator, training_round, partner):
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:round_update", args=[training_round.pk]),
        round_data(partner, title_en="Taixing Module 1 (CEC)", status="ongoing", version=training_round.version),
    )

    training_round.refresh_from_db()
    assert (training_round.title, training_round.status, training_round.updated_by) == (
        "Taixing Module 1 (CEC)",
        "ongoing",
        coordinator,
    )
    assert response.url == reverse("trainings:round_detail", args=[training_round.pk])


def test_round_delete_asks_for_confirmation_then_deletes(client, coordinator, objects):
    training_round = objects["round"]
    client.force_login(coordinator)

    confirmation = client.get(reverse("trainings:round_delete", args=[training_round.pk]))
    assert TrainingRound.objects.filter(pk=training_round.pk).exists()
    assert "Its 3 enrollments and 2 activities" in confirmation.content.decode()

    response = client.post(reverse("trainings:round_delete", args=[training_round.pk]))

    assert response.url == reverse("trainings:round_list")
    assert row_counts() == (0, 0, 0, 0)


# Workshop day with its attendance grid.


def grid_data(enterprises, counts, **fields):
    data = {
        "date": "2015-08-20",
        "notes_en": "",
        "attendance-TOTAL_FORMS": str(len(enterprises)),
        "attendance-INITIAL_FORMS": str(len(enterprises)),
        **fields,
    }
    for index, (enterprise, row) in enumerate(zip(enterprises, counts, strict=True)):
        data[f"attendance-{index}-enterprise"] = str(enterprise.pk)
        for name, value in zip(COUNTS, row, strict=True):
            data[f"attendance-{index}-{name}"] = str(value)
    return data


def test_workshop_screen_lists_every_enrolled_enterprise_and_today(client, coordinator, training_round, enrollments):
    client.force_login(coordinator)

    response = client.get(reverse("trainings:workshop_create", args=[training_round.pk]))

    formset = response.context["formset"]
    assert [form.listed_enterprise.name for form in formset] == ["Alpha Cables", "Beta Machinery", "Gamma Pumps"]
    assert response.context["form"]["date"].value() == timezone.localdate()
    assert 'inputmode="numeric"' in response.content.decode()


def test_workshop_grid_leaves_out_withdrawn_enterprises(client, coordinator, training_round, enrollments):
    enrollments[1].status = Enrollment.Status.WITHDRAWN
    enrollments[1].save()
    client.force_login(coordinator)

    formset = client.get(reverse("trainings:workshop_create", args=[training_round.pk])).context["formset"]

    assert [form.listed_enterprise.name for form in formset] == ["Alpha Cables", "Gamma Pumps"]


def test_workshop_grid_saves_attendance_of_every_enrolled_enterprise(
    client, coordinator, training_round, enrollments, trainer
):
    enterprises = [e.enterprise for e in enrollments]
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:workshop_create", args=[training_round.pk]),
        grid_data(enterprises, [(2, 2, 1, 3), (1, 3, 2, 2), (0, 2, 2, 0)], trainers=[trainer.pk], notes_en="Day 1"),
    )

    workshop = Activity.objects.get()
    assert response.url == reverse("trainings:round_detail", args=[training_round.pk])
    assert (workshop.kind, workshop.date, workshop.notes) == ("workshop", datetime.date(2015, 8, 20), "Day 1")
    assert list(workshop.trainers.all()) == [trainer]
    recorded = {
        a.enterprise.name: (a.female_managers, a.male_managers, a.female_workers, a.male_workers)
        for a in workshop.attendances.all()
    }
    assert recorded == {"Alpha Cables": (2, 2, 1, 3), "Beta Machinery": (1, 3, 2, 2), "Gamma Pumps": (0, 2, 2, 0)}
    assert {a.created_by for a in workshop.attendances.all()} == {coordinator}
    assert message_texts(response) == ["Workshop day of Aug. 20, 2015 recorded with 20 participants."]


def test_workshop_grid_with_a_negative_number_shows_the_error_and_keeps_typed_values(
    client, coordinator, training_round, enrollments
):
    enterprises = [e.enterprise for e in enrollments]
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:workshop_create", args=[training_round.pk]),
        grid_data(enterprises, [(7, 2, 1, 3), (1, -1, 2, 2), (0, 2, 9, 0)], notes_en="Typed notes"),
    )

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors == {"male_managers": ["Ensure this value is greater than or equal to 0."]}
    page = response.content.decode()
    assert 'value="-1"' in page
    assert 'value="7"' in page and 'value="9"' in page
    assert "Typed notes" in page
    assert "is-invalid" in page
    assert row_counts()[2:] == (0, 0)


def test_workshop_grid_rejects_an_enterprise_not_enrolled_in_the_round(
    client, coordinator, training_round, enrollments, partner
):
    stranger = EnterpriseFactory(recruited_by=partner, name="Not Enrolled Ltd")
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:workshop_create", args=[training_round.pk]), grid_data([stranger], [(1, 1, 1, 1)])
    )

    assert response.status_code == 200
    assert "enterprise" in response.context["formset"].forms[0].errors
    assert row_counts()[2:] == (0, 0)


def test_workshop_grid_rejects_trainer_of_another_partner(client, coordinator, training_round, enrollments):
    foreign_trainer = TrainerFactory(partner=PartnerFactory())
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:workshop_create", args=[training_round.pk]),
        grid_data([enrollments[0].enterprise], [(1, 1, 1, 1)], trainers=[foreign_trainer.pk]),
    )

    assert "trainers" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_workshop_edit_screen_is_prefilled_and_saves_changes(client, coordinator, workshop, enrollments):
    enterprises = [e.enterprise for e in enrollments]
    client.force_login(coordinator)

    page = client.get(reverse("trainings:activity_update", args=[workshop.pk]))
    initial = [(form.listed_enterprise.name, form["female_managers"].value()) for form in page.context["formset"]]
    assert initial == [("Alpha Cables", 1), ("Beta Machinery", 1), ("Gamma Pumps", 1)]

    response = client.post(
        reverse("trainings:activity_update", args=[workshop.pk]),
        grid_data(enterprises, [(3, 1, 1, 1), (1, 1, 1, 1), (0, 0, 0, 0)], date="2015-08-21", version=workshop.version),
    )

    workshop.refresh_from_db()
    assert workshop.date == datetime.date(2015, 8, 21)
    assert list(workshop.trainers.all()) == []
    assert {a.enterprise.name: a.total for a in workshop.attendances.all()} == {"Alpha Cables": 6, "Beta Machinery": 4}
    assert message_texts(response) == ["Workshop day of Aug. 21, 2015 saved with 10 participants."]


# Factory visit.


def test_coordinator_records_a_factory_visit_with_attendance(client, coordinator, training_round, enrollments, trainer):
    client.force_login(coordinator)
    visited = enrollments[1].enterprise

    response = client.post(
        reverse("trainings:visit_create", args=[training_round.pk]),
        {
            "enterprise": visited.pk,
            "date": "2015-09-10",
            "trainers": [trainer.pk],
            "female_workers": "3",
            "male_workers": "2",
        },
    )

    visit = Activity.objects.get()
    assert (visit.kind, visit.enterprise, visit.date) == ("visit", visited, datetime.date(2015, 9, 10))
    assert [(a.enterprise, a.female_workers, a.male_workers) for a in visit.attendances.all()] == [(visited, 3, 2)]
    assert message_texts(response) == [
        "Factory visit to Beta Machinery on Sept. 10, 2015 recorded with 5 participants."
    ]


def test_factory_visit_without_counts_records_no_attendance(client, coordinator, training_round, enrollments):
    client.force_login(coordinator)

    client.post(
        reverse("trainings:visit_create", args=[training_round.pk]),
        {"enterprise": enrollments[0].enterprise.pk, "date": "2015-09-10"},
    )

    assert Activity.objects.get().attendances.count() == 0


def test_factory_visit_to_enterprise_not_enrolled_is_a_form_error(client, coordinator, training_round, partner):
    stranger = EnterpriseFactory(recruited_by=partner)
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:visit_create", args=[training_round.pk]), {"enterprise": stranger.pk, "date": "2015-09-10"}
    )

    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_visit_screen_offers_only_enrolled_enterprises(client, coordinator, training_round, enrollments, partner):
    EnterpriseFactory(recruited_by=partner)
    client.force_login(coordinator)

    form = client.get(reverse("trainings:visit_create", args=[training_round.pk])).context["form"]

    assert set(form.fields["enterprise"].queryset) == {e.enterprise for e in enrollments}


def test_visit_edit_screen_is_prefilled_and_saves_changes(client, coordinator, visit, enrollments):
    client.force_login(coordinator)

    form = client.get(reverse("trainings:activity_update", args=[visit.pk])).context["form"]
    assert form["enterprise"].value() == enrollments[0].enterprise.pk

    client.post(
        reverse("trainings:activity_update", args=[visit.pk]),
        {
            "enterprise": enrollments[2].enterprise.pk,
            "date": "2015-09-12",
            "male_managers": "1",
            "version": visit.version,
        },
    )

    visit.refresh_from_db()
    assert (visit.enterprise, visit.date) == (enrollments[2].enterprise, datetime.date(2015, 9, 12))
    assert [(a.enterprise, a.total) for a in visit.attendances.all()] == [(enrollments[2].enterprise, 1)]


# Activity detail and delete.


def test_activity_detail_shows_attendance_per_enterprise_and_totals(client, viewer, workshop):
    client.force_login(viewer)

    response = client.get(reverse("trainings:activity_detail", args=[workshop.pk]))

    assert response.context["totals"].total == 12
    assert [row.enterprise.name for row in response.context["attendance"]] == [
        "Alpha Cables",
        "Beta Machinery",
        "Gamma Pumps",
    ]
    assert response.context["can_edit"] is False


def test_activity_delete_asks_for_confirmation_then_deletes_attendance(client, coordinator, workshop):
    client.force_login(coordinator)

    assert client.get(reverse("trainings:activity_delete", args=[workshop.pk])).status_code == 200
    assert Activity.objects.filter(pk=workshop.pk).exists()

    response = client.post(reverse("trainings:activity_delete", args=[workshop.pk]))

    assert response.url == reverse("trainings:round_detail", args=[workshop.round_id])
    assert not Activity.objects.exists() and not Attendance.objects.exists()
    assert message_texts(response) == ["Workshop day of Aug. 20, 2015 deleted."]


# Enrollment.


def test_coordinator_enrols_an_enterprise(client, coordinator, training_round, partner):
    newcomer = EnterpriseFactory(recruited_by=partner, name="Delta Garments")
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:enrollment_create", args=[training_round.pk]),
        {"enterprise": newcomer.pk, "enrolled_on": "2015-08-18", "baseline_done": "on"},
    )

    enrollment = Enrollment.objects.get()
    assert (enrollment.round, enrollment.enterprise, enrollment.baseline_done) == (training_round, newcomer, True)
    assert enrollment.created_by == coordinator
    assert message_texts(response) == ["Delta Garments enrolled in “Taixing Module 1”."]


def test_enrol_screen_offers_own_enterprises_not_yet_enrolled_and_today(
    client, coordinator, training_round, enrollments, partner, other_partner
):
    newcomer = EnterpriseFactory(recruited_by=partner)
    EnterpriseFactory(recruited_by=other_partner)
    client.force_login(coordinator)

    form = client.get(reverse("trainings:enrollment_create", args=[training_round.pk])).context["form"]

    assert list(form.fields["enterprise"].queryset) == [newcomer]
    assert form["enrolled_on"].value() == timezone.localdate()


@pytest.mark.parametrize("whose", ["other_partner", "already_enrolled"])
def test_enrolling_a_forged_enterprise_is_a_form_error(
    client, coordinator, training_round, enrollments, other_partner, whose
):
    forged = EnterpriseFactory(recruited_by=other_partner) if whose == "other_partner" else enrollments[0].enterprise
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:enrollment_create", args=[training_round.pk]),
        {"enterprise": forged.pk, "enrolled_on": "2015-08-18"},
    )

    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert Enrollment.objects.count() == 3


def test_coordinator_withdraws_an_enrollment(client, coordinator, enrollments):
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:enrollment_update", args=[enrollments[0].pk]),
        {"status": "withdrawn", "enrolled_on": "2015-06-01", "version": enrollments[0].version},
    )

    enrollments[0].refresh_from_db()
    assert enrollments[0].status == Enrollment.Status.WITHDRAWN
    assert message_texts(response) == ["Enrollment of Alpha Cables saved."]


def test_completed_enrollment_needs_its_completion_date(client, coordinator, enrollments):
    client.force_login(coordinator)

    response = client.post(
        reverse("trainings:enrollment_update", args=[enrollments[0].pk]),
        {"status": "completed", "enrolled_on": "2015-06-01", "version": enrollments[0].version},
    )

    assert response.context["form"].errors == {"completed_on": ["Give the date the enterprise completed the round."]}


def test_enrollment_made_by_mistake_can_be_deleted(client, coordinator, enrollments):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:enrollment_delete", args=[enrollments[2].pk]))

    assert not Enrollment.objects.filter(pk=enrollments[2].pk).exists()
    assert message_texts(response) == ["Gamma Pumps removed from the round."]


def test_enrollment_of_enterprise_that_took_part_is_not_deleted(client, coordinator, workshop, enrollments):
    client.force_login(coordinator)

    response = client.post(reverse("trainings:enrollment_delete", args=[enrollments[1].pk]))

    assert Enrollment.objects.filter(pk=enrollments[1].pk).exists()
    assert message_texts(response) == [
        "This enterprise already took part in activities of the round; mark it withdrawn instead."
    ]
