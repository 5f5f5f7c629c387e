import itertools
import random
from decimal import Decimal

import pytest

from improvements.models import Improvement, Photo
from improvements.plausibility import implausible_saving, improvement_warnings, saving_warnings
from improvements.services import photo_add
from tests.factories import EnterpriseFactory, ImprovementFactory, PartnerFactory, add_photo, image_upload, picture

pytestmark = pytest.mark.django_db


def warnings_for(improvement, viewer):
    return improvement_warnings(improvement, viewer=viewer)


def test_plausible_improvement_gets_no_warning(improvement, ilo_staff):
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1)
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=2)

    assert warnings_for(improvement, ilo_staff) == []


def test_saving_large_for_the_workforce_is_flagged(ilo_staff):
    improvement = ImprovementFactory(
        enterprise=EnterpriseFactory(workforce_total=50, workforce_female=20),
        annual_saving_rmb=300000,
        investment_rmb=20000,
    )

    assert warnings_for(improvement, ilo_staff) == [
        "The annual saving is 6,000 RMB per worker (50 workers), more than 5,000 RMB per worker."
    ]


def test_saving_of_exactly_the_limit_per_worker_is_not_flagged(ilo_staff):
    improvement = ImprovementFactory(
        enterprise=EnterpriseFactory(workforce_total=50, workforce_female=20),
        annual_saving_rmb=250000,
        investment_rmb=20000,
    )

    assert warnings_for(improvement, ilo_staff) == []


def test_payback_in_less_than_a_week_is_flagged(improvement, ilo_staff):
    improvement.annual_saving_rmb = 13000
    improvement.investment_rmb = 200  # a week of the saving is 250 RMB

    assert warnings_for(improvement, ilo_staff) == [
        "The investment of 200 RMB pays back in less than a week of the claimed saving."
    ]


def test_large_saving_without_any_investment_is_flagged(improvement, ilo_staff):
    improvement.annual_saving_rmb = 25000
    improvement.investment_rmb = 0

    assert warnings_for(improvement, ilo_staff) == [
        "An annual saving of 25,000 RMB with no investment at all: more than 20,000 RMB."
    ]


def test_small_saving_without_investment_is_not_flagged(improvement, ilo_staff):
    improvement.annual_saving_rmb = 3000
    improvement.investment_rmb = 0

    assert warnings_for(improvement, ilo_staff) == []


def test_saving_without_explanation_is_flagged(improvement, ilo_staff):
    improvement.saving_calculation = "  "

    assert warnings_for(improvement, ilo_staff) == ["The saving does not say how it was worked out."]


def test_no_saving_needs_no_explanation(improvement, ilo_staff):
    improvement.annual_saving_rmb = None
    improvement.saving_calculation = ""

    assert warnings_for(improvement, ilo_staff) == []


def test_same_photo_uploaded_for_two_improvements_is_flagged(improvement, enterprise, ilo_staff):
    earlier = ImprovementFactory(enterprise=enterprise, title="Shelf for cups")
    add_photo(earlier, stage=Photo.Stage.AFTER, seed=7, caption_en="Cups on the shelf")
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=7, caption_en="Cables in bags")

    assert warnings_for(improvement, ilo_staff) == [
        "The before photo “Cables in bags” looks the same as a photo of “Shelf for cups” (Deyang Cable Co.)."
    ]
    assert warnings_for(earlier, ilo_staff) == [
        "The after photo “Cups on the shelf” looks the same as a photo of “Hoppers instead of bags” (Deyang Cable Co.)."
    ]


def test_recompressed_and_resized_copy_of_a_photo_is_flagged(improvement, enterprise, ilo_staff):
    earlier = ImprovementFactory(enterprise=enterprise, title="Shelf for cups")
    add_photo(earlier, seed=7, caption_en="Original")
    photo_add(
        user=None,
        improvement=improvement,
        stage=Photo.Stage.BEFORE,
        caption_en="Copy",
        uploaded_file=image_upload(picture(seed=7, size=(1024, 768)), quality=35),
    )

    assert len(warnings_for(improvement, ilo_staff)) == 1


def test_photo_of_an_improvement_the_reviewer_cannot_open_is_flagged_without_naming_it(improvement, reviewer):
    elsewhere = ImprovementFactory(
        enterprise=EnterpriseFactory(recruited_by=PartnerFactory(code="BSCI")), title="Secret"
    )
    add_photo(elsewhere, seed=9)
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=9, caption_en="Cables in bags")

    assert warnings_for(improvement, reviewer) == [
        "The before photo “Cables in bags” looks the same as a photo of an improvement you cannot open."
    ]


def test_different_photos_of_other_improvements_are_not_flagged(improvement, enterprise, ilo_staff):
    for seed in range(10, 20):
        add_photo(ImprovementFactory(enterprise=enterprise), seed=seed)
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=1)

    assert warnings_for(improvement, ilo_staff) == []


def test_after_photo_identical_to_before_photo_is_flagged(improvement, ilo_staff):
    add_photo(improvement, stage=Photo.Stage.BEFORE, seed=4, caption_en="Wrapping machine")
    add_photo(improvement, stage=Photo.Stage.AFTER, seed=4, caption_en="Shield on the wrapping machine")

    assert warnings_for(improvement, ilo_staff) == [
        "The after photo “Shield on the wrapping machine” looks the same as the before photo “Wrapping machine”."
    ]


def test_band_lookup_finds_every_hash_within_four_bits():
    rng = random.Random(2015)
    improvement = ImprovementFactory()
    stored = [f"{rng.getrandbits(64):016x}" for _ in range(50)]
    Photo.objects.bulk_create(
        Photo(improvement=improvement, stage="before", image=f"x/{number}.jpg", ahash=ahash)
        for number, ahash in enumerate(stored)
    )

    for ahash in stored:
        value = int(ahash, 16)
        for bit in rng.sample(range(64), 4):
            value ^= 1 << bit
        near = f"{value:016x}"

        assert ahash in set(Photo.objects.sharing_ahash_band({near}).values_list("ahash", flat=True))


def test_the_database_flags_exactly_the_savings_warned_of():
    savings = [None, 0, "0.01", "15.08", 20_000, "20000.01", 200_000, "200000.01"]
    # 200,000 RMB a year is 3,846.15 RMB a week; 15.08 RMB is 0.29 RMB a week (in floating point, 0.29 × 52 is less)
    investments = [0, "0.01", "0.29", "3846.15", "3846.16"]
    calculations = [("", ""), (" \n\t\u00a0", "\u3000"), ("", "按价格计算"), ("Bags at 2 RMB", "")]
    for workers in (0, 40):  # 40 workers at 5,000 RMB each is 200,000 RMB
        enterprise = EnterpriseFactory(workforce_total=workers, workforce_female=0)
        for saving, investment, (english, chinese) in itertools.product(savings, investments, calculations):
            ImprovementFactory(
                enterprise=enterprise,
                annual_saving_rmb=None if saving is None else Decimal(saving),
                investment_rmb=Decimal(investment),
                saving_calculation_en=english,
                saving_calculation_zh_hans=chinese,
            )
    improvements = Improvement.objects.select_related("enterprise")

    flagged = set(improvements.filter(implausible_saving()).values_list("pk", flat=True))

    warned = {improvement.pk for improvement in improvements if saving_warnings(improvement)}
    assert flagged == warned
    assert 0 < len(warned) < improvements.count()
