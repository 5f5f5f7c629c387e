import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from improvements.models import Improvement
from tests.assertions import assert_rejected
from tests.factories import ImprovementFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_factory_data_is_valid():
    photo = PhotoFactory()

    for obj in (photo.improvement, photo):
        obj.full_clean()
    assert photo.improvement.photos.get() == photo


@pytest.mark.parametrize("field", ["investment_rmb", "annual_saving_rmb"])
def test_improvement_rejects_negative_money(field):
    improvement = ImprovementFactory()
    setattr(improvement, field, Decimal("-0.01"))

    assert_rejected(improvement, "Investment and saving cannot be negative.")


@pytest.mark.parametrize("investment, saving", [(0, None), (0, 0)], ids=["saving_unknown", "nothing_spent_or_saved"])
def test_improvement_accepts_zero_investment_and_unknown_saving(investment, saving):
    improvement = ImprovementFactory(investment_rmb=investment, annual_saving_rmb=saving)

    improvement.full_clean()
    assert improvement.annual_saving_rmb == saving


@pytest.mark.parametrize(
    "by_whom, when", [(False, True), (True, False), (False, False)], ids=["no_verifier", "no_time", "neither"]
)
def test_verified_improvement_rejects_missing_verifier_or_time(by_whom, when):
    improvement = ImprovementFactory(status=Improvement.Status.SUBMITTED)
    improvement.status = Improvement.Status.VERIFIED
    improvement.verified_by = UserFactory() if by_whom else None
    improvement.verified_at = timezone.now() if when else None

    assert_rejected(improvement, "A verified improvement records who verified it and when.")


def test_verified_improvement_with_verifier_and_time_is_valid():
    verifier = UserFactory()
    improvement = ImprovementFactory(
        status=Improvement.Status.VERIFIED, verified_by=verifier, verified_at=timezone.now()
    )

    improvement.full_clean()
    assert improvement.verified_by == verifier


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_unverified_improvement_needs_no_verifier(status):
    improvement = ImprovementFactory(status=status)

    improvement.full_clean()
    assert (improvement.verified_by, improvement.verified_at) == (None, None)


def test_improvement_title_is_chinese_only_when_the_interface_is():
    improvement = ImprovementFactory(title="Reusable packing crates", title_zh_hans="可重复使用的包装箱")
    photo = PhotoFactory.build(improvement=improvement, stage="after")

    with translation.override("zh-hans"):
        assert str(improvement) == "可重复使用的包装箱"
    with translation.override("en"):
        assert str(improvement) == "Reusable packing crates"
        assert str(photo) == "Reusable packing crates – After"


def test_history_records_verification():
    improvement = ImprovementFactory(implemented_on=datetime.date(2015, 8, 1))
    improvement.status = Improvement.Status.VERIFIED
    improvement.verified_by = UserFactory()
    improvement.verified_at = timezone.now()
    improvement.save()

    assert [h.status for h in improvement.history.order_by("history_id")] == ["draft", "verified"]
