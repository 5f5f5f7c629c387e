import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from enterprises.models import Enterprise
from improvements.models import Improvement
from partners import roles
from partners.access import acting_with, get_editable_or_403, get_visible_or_404, scope_for, with_branches
from partners.forms import ScopedModelForm
from partners.models import Partner, PartnerMembership
from tests.factories import (
    EnrollmentFactory,
    EnterpriseFactory,
    EventFactory,
    ImprovementFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    user_with_role,
)
from trainings.models import Event, TrainingRound

pytestmark = pytest.mark.django_db


def test_coordinator_sees_only_rounds_of_own_partner(partner, other_partner):
    own = EnrollmentFactory(round__partner=partner).round
    EnrollmentFactory(round__partner=other_partner)

    assert list(TrainingRound.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, partner))) == [own]


def test_coordinator_of_national_body_covers_its_branches(partner):
    chongqing = PartnerFactory(code="CQEC", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    branch_round = EnrollmentFactory(round__partner=chongqing).round

    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)

    assert list(TrainingRound.objects.visible_to(coordinator)) == [branch_round]
    assert list(TrainingRound.objects.editable_by(coordinator)) == [branch_round]


def test_branch_coordinator_does_not_see_national_body_rounds(partner):
    chongqing = PartnerFactory(code="CQEC", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    EnrollmentFactory(round__partner=partner)

    assert not TrainingRound.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, chongqing)).exists()


def test_enterprise_enrolled_with_two_partners_is_visible_to_both_once(partner, other_partner):
    enterprise = EnterpriseFactory()
    EnrollmentFactory(round__partner=partner, enterprise=enterprise)
    EnrollmentFactory(round__partner=other_partner, enterprise=enterprise)

    for owner in (partner, other_partner):
        assert list(Enterprise.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, owner))) == [enterprise]


def test_enterprise_recruited_but_not_yet_enrolled_is_visible_to_recruiting_partner(partner, other_partner):
    enterprise = EnterpriseFactory(recruited_by=partner)

    assert list(Enterprise.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, partner))) == [enterprise]
    assert not Enterprise.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, other_partner)).exists()


def test_improvements_follow_their_enterprise(partner, other_partner):
    enrollment = EnrollmentFactory(round__partner=partner)
    improvement = ImprovementFactory(enterprise=enrollment.enterprise)

    assert list(Improvement.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, partner))) == [improvement]
    assert not Improvement.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, other_partner)).exists()


def test_viewer_reads_but_cannot_change(partner):
    round_ = EnrollmentFactory(round__partner=partner).round
    viewer = user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER)

    assert get_visible_or_404(TrainingRound.objects, viewer, pk=round_.pk) == round_
    with pytest.raises(PermissionDenied):
        get_editable_or_403(TrainingRound.objects, viewer, pk=round_.pk)


def test_outsider_gets_404_not_403(partner, other_partner):
    round_ = EnrollmentFactory(round__partner=partner).round

    with pytest.raises(Http404):
        get_editable_or_403(
            TrainingRound.objects, user_with_role(roles.PARTNER_COORDINATOR, other_partner), pk=round_.pk
        )


def test_membership_without_coordinator_group_gives_read_only_access(partner):
    round_ = EnrollmentFactory(round__partner=partner).round
    user = UserFactory()
    MembershipFactory(user=user, partner=partner, role=PartnerMembership.Role.COORDINATOR)

    assert TrainingRound.objects.visible_to(user).get() == round_
    assert not TrainingRound.objects.editable_by(user).exists()


def test_ilo_staff_and_superuser_see_and_change_everything(partner, other_partner):
    EnrollmentFactory(round__partner=partner)
    EnrollmentFactory(round__partner=other_partner)
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=roles.ILO_STAFF))
    superuser = UserFactory(is_superuser=True)

    for user in (staff, superuser):
        assert TrainingRound.objects.visible_to(user).count() == 2
        assert TrainingRound.objects.editable_by(user).count() == 2


def test_committee_member_sees_no_raw_records_but_reads_reports(partner):
    EnrollmentFactory(round__partner=partner)
    member = UserFactory()
    member.groups.add(Group.objects.get(name=roles.COMMITTEE_MEMBER))

    assert not TrainingRound.objects.visible_to(member).exists()
    assert not Enterprise.objects.visible_to(member).exists()
    assert scope_for(member).reads_reports


def test_user_without_role_sees_nothing(partner):
    EnrollmentFactory(round__partner=partner)

    assert not TrainingRound.objects.visible_to(UserFactory()).exists()
    assert not scope_for(UserFactory()).reads_reports


def test_programme_wide_events_are_visible_to_partner_users_but_other_partners_events_are_not(partner, other_partner):
    committee_meeting = EventFactory(title="National Advisory Committee")
    eti_launch = EventFactory(title="ETI pilot launch")
    eti_launch.partners.add(other_partner)
    cec_seminar = EventFactory(title="CEC seminar")
    cec_seminar.partners.add(partner, other_partner)

    visible = set(Event.objects.visible_to(user_with_role(roles.PARTNER_COORDINATOR, partner)))

    assert visible == {committee_meeting, cec_seminar}


def test_scope_is_worked_out_once_per_user_object(partner, django_assert_num_queries):
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)
    scope_for(coordinator)

    with django_assert_num_queries(0):
        scope_for(coordinator)


def test_coordinator_cannot_change_programme_wide_events_only_their_own(partner):
    EventFactory(title="National Advisory Committee")
    cec_seminar = EventFactory(title="CEC seminar")
    cec_seminar.partners.add(partner)

    assert list(Event.objects.editable_by(user_with_role(roles.PARTNER_COORDINATOR, partner))) == [cec_seminar]


def test_editing_keeps_a_link_the_user_could_not_choose(partner, other_partner):
    class RecruiterForm(ScopedModelForm):
        class Meta:
            model = Enterprise
            fields = ["recruited_by"]

    enterprise = EnterpriseFactory(recruited_by=other_partner)
    EnrollmentFactory(round__partner=partner, enterprise=enterprise)
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)

    assert set(RecruiterForm(user=coordinator).fields["recruited_by"].queryset) == {partner}
    assert set(RecruiterForm(instance=enterprise, user=coordinator).fields["recruited_by"].queryset) == {
        partner,
        other_partner,
    }


def test_with_branches_covers_branches_and_members_at_any_depth(partner, other_partner):
    chongqing = PartnerFactory(code="CQEC", parent=partner, parent_relation=Partner.ParentRelation.BRANCH_OF)
    training_centre = PartnerFactory(code="CQTC", parent=chongqing, parent_relation=Partner.ParentRelation.MEMBER_OF)

    assert with_branches({partner.pk}) == {partner.pk, chongqing.pk, training_centre.pk}
    assert with_branches({chongqing.pk}) == {chongqing.pk, training_centre.pk}
    assert with_branches({other_partner.pk}) == {other_partner.pk}


def test_scope_answers_what_each_role_may_do(partner, coordinator, viewer, ilo_staff, committee_member):
    staff, member = ilo_staff, committee_member

    questions = ("may_write_anything", "reads_programme_wide", "may_freeze_reports", "may_open_photos")
    answers = {
        name: tuple(getattr(scope_for(user), question) for question in questions)
        for name, user in {"staff": staff, "coordinator": coordinator, "viewer": viewer, "committee": member}.items()
    }

    assert answers == {
        "staff": (True, True, True, True),
        "coordinator": (True, False, False, True),
        "viewer": (False, False, False, True),
        "committee": (False, True, False, False),
    }
    assert scope_for(coordinator).may_write_for(partner.pk) and not scope_for(viewer).may_write_for(partner.pk)


def test_narrowing_a_scope_to_one_partner_leaves_the_users_own_scope_alone(partner, other_partner, ilo_staff):
    EnrollmentFactory(round__partner=partner)
    eti_round = EnrollmentFactory(round__partner=other_partner).round
    staff = ilo_staff
    own_scope = scope_for(staff)

    acting = acting_with(staff, own_scope.narrowed_to({other_partner.pk}))

    assert list(TrainingRound.objects.editable_by(acting)) == [eti_round]
    assert scope_for(staff) is own_scope
    assert TrainingRound.objects.editable_by(staff).count() == 2
