"""Attack: the manufacturer grounds a part it sold, for good. A life limit is set once and
nobody (not the owner, not a regulator) can change it, so a limit the part has already reached
makes installPart and every return to service fail forever. Grounding a part in service is
what a recall is for (recorded, and cleared by whoever has the authority); a life limit must
leave the part some life."""

import brownie
import pytest

from helpers import err, register_part


@pytest.fixture(scope="module")
def sold(parts, maker, airline):
    """A part the airline bought and has flown 5,000 cycles and 9,000 hours."""
    sold = register_part(parts, maker, "SN-LIFE")
    parts.transferFrom(maker, airline, sold, {"from": maker})
    return sold


@pytest.fixture
def flown(records, airline, sold):
    records.recordUsage(sold, 5_000, 9_000, {"from": airline})
    return sold


@pytest.mark.parametrize("cycle_limit, hour_limit", [(100, 0), (5_000, 0), (0, 9_000), (1, 1)])
def test_the_manufacturer_cannot_ground_a_sold_part_with_a_limit_it_already_reached(
    parts, records, maker, airline, flown, cycle_limit, hour_limit
):
    with brownie.reverts(err("LifeLimitAlreadyReached", flown, 5_000, cycle_limit, 9_000, hour_limit)):
        records.setLifeLimit(flown, cycle_limit, hour_limit, {"from": maker})
    life = records.lifeOf(flown)
    assert (life["cycleLimit"], life["hourLimit"]) == (0, 0)
    records.checkServiceable(flown)  # the owner can still install it and return it to service
    engine = register_part(parts, maker, "SN-ENGINE")
    parts.transferFrom(maker, airline, engine, {"from": maker})
    parts.installPart(flown, engine, {"from": airline})


def test_a_limit_above_the_usage_so_far_is_set_once(records, maker, flown):
    records.setLifeLimit(flown, 5_001, 0, {"from": maker})
    assert records.lifeOf(flown)["cycleLimit"] == 5_001
    records.checkServiceable(flown)
    with brownie.reverts(err("LifeLimitAlreadySet", flown)):
        records.setLifeLimit(flown, 20_000, 0, {"from": maker})


def test_a_limit_in_one_unit_only_ignores_the_usage_in_the_other(records, maker, flown):
    """A cycle limit above 5,000 cycles is fine however many hours the part has flown."""
    records.setLifeLimit(flown, 6_000, 0, {"from": maker})
    records.checkServiceable(flown)
