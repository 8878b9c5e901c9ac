"""Usage that grounds a part for good can be undone. One usage record is bounded (10,000 cycles),
but records add up: an authorised station, or a carrier holding custody with no role at all,
could push a part past its life limit in two records. A regulator with no stake in the part
(neither its holder nor its manufacturer) lowers the totals (`correctUsage`, down only, with a
reason), so the owner can install the part and return it to service again."""

import brownie
import pytest

from helpers import SB, err, new_key_account, onboard, register_part


@pytest.fixture(scope="module")
def regulator2(participants, admin, regulator):
    account = new_key_account("usage-correction-regulator2", funder=admin)
    onboard(participants, admin, regulator2=account)
    return account


@pytest.fixture
def grounded(parts, records, maker, airline, broker):
    """A part of the airline with a 15,000-cycle limit and 5,000 cycles flown, then pushed past
    its limit by a carrier (the broker, no role) in two records while it held custody."""
    part = register_part(parts, maker, "SN-GROUNDED")
    records.setLifeLimit(part, 15_000, 0, {"from": maker})
    parts.transferFrom(maker, airline, part, {"from": maker})
    records.recordUsage(part, 5_000, 0, {"from": airline})
    parts.assignCustody(part, broker, {"from": airline})
    records.recordUsage(part, 10_000, 0, {"from": broker})
    records.recordUsage(part, 10_000, 0, {"from": broker})
    parts.releaseCustody(part, {"from": airline})
    assert records.lifeOf(part)["cycles"] == 25_000
    return part


def test_a_regulator_with_no_stake_undoes_the_usage_that_grounded_a_part(
    parts, records, maker, airline, regulator, grounded
):
    engine = register_part(parts, maker, "SN-ENGINE-G")
    parts.transferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", grounded, 25_000, 15_000, 0, 0)):
        parts.installPart(grounded, engine, {"from": airline})
    tx = records.correctUsage(grounded, 5_000, 0, SB, {"from": regulator})
    assert dict(tx.events["UsageCorrected"]) == {
        "partId": grounded, "regulator": regulator, "previousCycles": 25_000, "previousHours": 0,
        "cycles": 5_000, "hours_": 0, "reasonHash": "0x" + bytes(SB).hex(),
    }
    life = records.lifeOf(grounded)
    assert (life["cycles"], life["hours_"], life["cycleLimit"]) == (5_000, 0, 15_000)
    parts.installPart(grounded, engine, {"from": airline})
    assert parts.parentOf(grounded) == engine and parts.rootOwnerOf(grounded) == airline


def test_only_a_regulator_corrects_usage(records, maker, airline, broker, mro, grounded):
    for account in (airline, broker, mro, maker):
        with brownie.reverts(err("NotAuthorized", grounded, account)):
            records.correctUsage(grounded, 5_000, 0, SB, {"from": account})
    assert records.lifeOf(grounded)["cycles"] == 25_000


def test_a_regulator_holding_the_part_cannot_correct_its_usage(parts, records, airline, regulator2, grounded):
    parts.assignCustody(grounded, regulator2, {"from": airline})
    with brownie.reverts(err("AuthorityHasStake", grounded, regulator2)):
        records.correctUsage(grounded, 5_000, 0, SB, {"from": regulator2})
    parts.releaseCustody(grounded, {"from": airline})
    parts.transferFrom(airline, regulator2, grounded, {"from": airline})
    with brownie.reverts(err("AuthorityHasStake", grounded, regulator2)):
        records.correctUsage(grounded, 5_000, 0, SB, {"from": regulator2})
    assert records.lifeOf(grounded)["cycles"] == 25_000


@pytest.mark.parametrize("cycles, hours", [(25_001, 0), (5_000, 1), (25_000, 0)])
def test_a_correction_only_lowers_the_totals(records, regulator, grounded, cycles, hours):
    with brownie.reverts(err("InvalidUsageCorrection", grounded, 25_000, 0, cycles, hours)):
        records.correctUsage(grounded, cycles, hours, SB, {"from": regulator})
    assert records.lifeOf(grounded)["cycles"] == 25_000
