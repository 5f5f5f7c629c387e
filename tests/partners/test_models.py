import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from partners import roles
from partners.models import City, Partner
from tests.assertions import assert_rejected
from tests.factories import AgreementFactory, CityFactory, MembershipFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_factory_data_is_valid():
    for obj in (CityFactory(), PartnerFactory(), AgreementFactory(), MembershipFactory()):
        obj.full_clean()
        assert obj.pk is not None


@pytest.mark.parametrize(
    "relation, with_parent",
    [pytest.param("", True, id="parent_without_relation"), pytest.param("branch", False, id="relation_without_parent")],
)
def test_partner_rejects_parent_and_relation_one_without_the_other(relation, with_parent):
    partner = PartnerFactory.build(parent=PartnerFactory() if with_parent else None, parent_relation=relation)

    assert_rejected(partner, "A partner with a parent needs a relation to it, and only then.")


def test_partner_accepts_parent_with_relation():
    parent = PartnerFactory(code="CEC")
    branch = PartnerFactory(code="CQ-EC", parent=parent, parent_relation=Partner.ParentRelation.BRANCH_OF)

    branch.full_clean()
    assert list(parent.children.all()) == [branch]


def test_partner_rejects_itself_as_parent():
    partner = PartnerFactory()
    partner.parent = partner
    partner.parent_relation = Partner.ParentRelation.MEMBER_OF

    assert_rejected(partner, "A partner cannot be its own parent.")


def test_partner_rejects_duplicate_code():
    PartnerFactory(code="CEC")

    assert_rejected(PartnerFactory.build(code="CEC"), "Partner with this Short code already exists.", "code")


def test_agreement_rejects_end_before_start():
    agreement = AgreementFactory(starts_on=datetime.date(2015, 8, 1))
    agreement.ends_on = datetime.date(2015, 7, 31)

    assert_rejected(agreement, "An agreement cannot end before it starts.")


@pytest.mark.parametrize("ends_on", [None, datetime.date(2015, 8, 1)], ids=["open_ended", "one_day"])
def test_agreement_accepts_open_end_or_end_on_start_day(ends_on):
    agreement = AgreementFactory(starts_on=datetime.date(2015, 8, 1), ends_on=ends_on)

    agreement.full_clean()
    assert agreement.ends_on == ends_on


def test_user_cannot_have_two_memberships_in_one_partner():
    membership = MembershipFactory()
    twin = MembershipFactory.build(user=membership.user, partner=membership.partner, role="viewer")

    assert_rejected(twin, "Partner membership with this User and Partner already exists.")


def test_user_may_be_member_of_several_partners():
    membership = MembershipFactory()
    other = MembershipFactory(user=membership.user)

    other.full_clean()
    assert membership.user.partner_memberships.count() == 2


def test_city_rejects_duplicate_name_in_either_language():
    CityFactory(name_en="Chongqing", name_zh_hans="重庆")

    assert_rejected(CityFactory.build(name_en="Chongqing", name_zh_hans="渝"), "Another city has this name.")
    assert_rejected(CityFactory.build(name_en="Chungking", name_zh_hans="重庆"), "Another city has this name.")


def test_cities_named_in_one_language_only_do_not_clash_on_the_other():
    CityFactory(name_en="", name_zh_hans="自贡")
    CityFactory(name_en="", name_zh_hans="泸州")
    CityFactory(name_en="Zigong", name_zh_hans="")
    CityFactory(name_en="Luzhou", name_zh_hans="")

    assert City.objects.filter(name_en="").count() == 2


def test_a_city_needs_a_name_in_one_language():
    assert_rejected(
        CityFactory.build(name_en="", name_zh_hans=""),
        "Write this in English, in Chinese or in both.",
        "name_en",
    )


@pytest.mark.parametrize("factory", [CityFactory, PartnerFactory])
def test_display_name_is_in_the_interface_language(factory):
    obj = factory(name="Chongqing", name_zh_hans="重庆")

    with translation.override("zh-hans"):
        assert (str(obj), obj.display_name) == ("重庆", "重庆")
    with translation.override("en"):
        assert (str(obj), obj.display_name) == ("Chongqing", "Chongqing")


def test_display_names_map_the_chosen_partners_to_their_names_in_the_interface_language():
    chongqing = PartnerFactory(name="Chongqing EC", name_zh_hans="重庆企联")
    eti = PartnerFactory(name="ETI", name_zh_hans="")
    PartnerFactory(name="Not chosen")

    with translation.override("zh-hans"):
        names = Partner.objects.for_partners([chongqing.pk, eti.pk]).display_names()

    assert names == {chongqing.pk: "重庆企联", eti.pk: "ETI"}


def test_display_name_falls_back_to_the_other_language():
    city = CityFactory(name="Zigong", name_zh_hans="", province="Sichuan", province_zh_hans="")

    with translation.override("zh-hans"):
        assert (str(city), city.display_province) == ("Zigong", "Sichuan")
    chinese_only = CityFactory(name_en="", name_zh_hans="泸州", province_en="", province_zh_hans="四川")
    with translation.override("en"):
        assert (str(chinese_only), chinese_only.display_province) == ("泸州", "四川")


def test_city_shows_province_in_the_interface_language():
    city = CityFactory(province="Sichuan", province_zh_hans="四川")

    with translation.override("zh-hans"):
        assert city.display_province == "四川"
    assert city.display_province == "Sichuan"


def test_stamp_sets_creator_on_first_save_and_only_updater_later():
    author, editor = UserFactory(), UserFactory()
    city = CityFactory.build()
    city.stamp(author)
    city.save()

    city.refresh_from_db()
    assert (city.created_by, city.updated_by) == (author, author)

    city.stamp(editor)
    city.save()
    city.refresh_from_db()
    assert (city.created_by, city.updated_by) == (author, editor)


def test_stamp_records_no_author_for_anonymous_user():
    city = CityFactory.build()
    city.stamp(AnonymousUser())
    city.save()

    assert (city.created_by, city.updated_by) == (None, None)


def test_history_records_every_change():
    partner = PartnerFactory(name="Old name")
    partner.name = "New name"
    partner.save()

    assert partner.history.count() == 2
    assert [h.name for h in partner.history.order_by("history_id")] == ["Old name", "New name"]
    assert partner.history.latest().history_type == "~"


def test_partner_cannot_become_a_branch_of_its_own_branch():
    national = PartnerFactory(code="NAT")
    branch = PartnerFactory(code="BR", parent=national, parent_relation=Partner.ParentRelation.BRANCH_OF)
    national.parent, national.parent_relation = branch, Partner.ParentRelation.BRANCH_OF

    with pytest.raises(ValidationError) as error:
        national.full_clean()

    assert "its own branch" in str(error.value.message_dict["parent"])


def test_a_users_history_keeps_role_changes_but_not_sign_ins(client):
    user = UserFactory(username="wang.li")
    user.set_password("correct horse battery staple")
    user.save()
    recorded = user.history.count()

    response = client.post(reverse("login"), {"username": "wang.li", "password": "correct horse battery staple"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None and user.history.count() == recorded

    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    latest = user.history.latest()
    assert user.history.count() == recorded + 1
    assert list(latest.groups.values_list("group__name", flat=True)) == [roles.REVIEWER]
    assert not hasattr(latest, "password")
