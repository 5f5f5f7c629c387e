import pytest

from tests.factories import AttendanceFactory, EnrollmentFactory, MembershipFactory, PhotoFactory


@pytest.mark.django_db
def test_factories_build_a_consistent_round_with_attendance_and_photo():
    enrollment = EnrollmentFactory()
    attendance = AttendanceFactory(activity__round=enrollment.round, enterprise=enrollment.enterprise)
    attendance.full_clean()
    photo = PhotoFactory(improvement__enterprise=enrollment.enterprise)
    membership = MembershipFactory(partner=enrollment.round.partner)

    assert attendance.total == 4
    assert photo.image.name.endswith(".jpg")
    assert membership.user.check_password("correct horse battery staple")
