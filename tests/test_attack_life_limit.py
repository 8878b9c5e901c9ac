"""Attack: the manufacturer grounds a part it sold, for good. A life limit is set once and
nobody (not the owner, not a regulator) can change it, so a limit the part has already reached
makes installPart and every return to service fail forever. Grounding a part in service is
what a recall is for (recorded, and cleared by whoever has the authority); a life limit must
leave the part some life.

The life limit of the assembly above a part counts too: nothing goes into an assembly past its
limit (a sound part into an expired engine), and no station returns a part to service while it
sits in one; the part is harvested first."""

import brownie
import pytest

from helpers import ZERO32, err, register_part


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


# ------------------------------------------------------------------ the assembly above counts too


@pytest.fixture
def expired_engine(parts, records, maker, airline):
    """An engine past its 100-cycle limit, a fan module inside it and a blade inside that (both
    sound, installed before the engine expired), sold to the airline."""
    engine = register_part(parts, maker, "SN-EXPIRED-ENGINE")
    module = register_part(parts, maker, "SN-FAN-MODULE")
    blade = register_part(parts, maker, "SN-FAN-BLADE")
    parts.installPart(blade, module, {"from": maker})
    parts.installPart(module, engine, {"from": maker})
    records.setLifeLimit(engine, 100, 0, {"from": maker})
    records.recordUsage(engine, 100, 0, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})  # an expired engine may be sold
    return engine, module, blade


def test_a_sound_part_does_not_go_into_an_assembly_past_its_life_limit(parts, maker, airline, expired_engine):
    engine, module, _ = expired_engine
    spare = register_part(parts, maker, "SN-SPARE")
    parts.transferFrom(maker, airline, spare, {"from": maker})
    expired = err("LifeLimitExceeded", engine, 100, 100, 0, 0)
    for parent in (engine, module):  # the engine itself, or a part inside it
        with brownie.reverts(expired):
            parts.installPart(spare, parent, {"from": airline})
        with brownie.reverts(expired):
            parts.installParts([spare], parent, {"from": airline})
    assert parts.parentOf(spare) == 0 and parts.ownerOf(spare) == airline
    parts.removePart(module, {"from": airline})  # harvesting from the expired engine is allowed
    parts.installPart(spare, module, {"from": airline})
    assert parts.parentOf(spare) == module and parts.rootOwnerOf(spare) == airline


def test_a_station_does_not_return_a_part_to_service_while_it_sits_in_an_expired_assembly(
    parts, records, airline, mro, expired_engine
):
    engine, module, blade = expired_engine
    records.authoriseStation(engine, mro, {"from": airline})
    for part in (module, blade):  # in the engine, or deeper
        with brownie.reverts(err("LifeLimitExceeded", engine, 100, 100, 0, 0)):
            records.recordMaintenance(part, ZERO32, True, {"from": mro})
        assert records.maintenanceCount(part) == 0
    records.recordMaintenance(blade, ZERO32, False, {"from": mro})  # the work itself is a fact
    parts.removePart(module, {"from": airline})
    records.authoriseStation(module, mro, {"from": airline})
    tx = records.recordMaintenance(blade, ZERO32, True, {"from": mro})  # out of the engine: released
    assert tx.events["MaintenanceRecorded"]["returnedToService"] is True
    assert records.maintenanceCount(blade) == 2
