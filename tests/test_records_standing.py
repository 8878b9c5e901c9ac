"""PartRecords, issue 6: every write comes from someone with a standing on the part, usage is
bounded and never overflows, and no status opens a side door (frozen, suspect, retired parts;
suspended or offboarded callers, owners and manufacturers)."""

import brownie
import pytest
from brownie import web3

from helpers import MANUFACTURER_ROLE, REPAIR_STATION_ROLE, SB, ZERO32, b32, err, register_part

CERT1 = web3.keccak(text="FAA 8130-3 #1")
CERT2 = web3.keccak(text="EASA Form 1 #2")
WORK_ORDER = web3.keccak(text="work order WO-881")
HAM = b32("EDDH")
U64_MAX = 2**64 - 1
LIVES_SLOT = 4  # PartRecords storage: _lives is the fifth state variable (checked below)

# IPartRecords.BizStep
(COMMISSIONING, SHIPPING, RECEIVING, STORING, INSPECTING, REPAIRING, INSTALLING, REMOVING, DECOMMISSIONING) = range(9)


@pytest.fixture(scope="module")
def sold(parts, maker, airline):
    """A part the airline bought from its manufacturer."""
    sold = register_part(parts, maker, "SN-STAND")
    parts.transferFrom(maker, airline, sold, {"from": maker})
    return sold


def record(records, part, step, by):
    return records.recordEvent(part, step, 0, HAM, ZERO32, 0, 0, {"from": by})


# ------------------------------------------------------------------ storage access (overflow tests)


def life_slot(part: int) -> int:
    return int.from_bytes(web3.keccak(part.to_bytes(32, "big") + LIVES_SLOT.to_bytes(32, "big")), "big")


def pack_life(cycle_limit=0, hour_limit=0, cycles=0, hours=0) -> int:
    """IPartRecords.Life as Solidity packs it into one slot (first member in the low bits)."""
    return cycle_limit | hour_limit << 64 | cycles << 128 | hours << 192


def read_life(records, part: int) -> int:
    return int.from_bytes(web3.eth.get_storage_at(records.address, life_slot(part)), "big")


def write_life(records, part: int, value: int) -> None:
    """Sets the part's Life slot directly (Anvil or Ganache): counters no bounded record
    could reach in a test's lifetime."""
    slot, word = hex(life_slot(part)), "0x" + value.to_bytes(32, "big").hex()
    for method, params in (("anvil_setStorageAt", [records.address, slot, word]),
                           ("evm_setAccountStorageAt", [records.address, slot, word])):
        reply = web3.provider.make_request(method, params)
        if "error" not in reply:
            assert read_life(records, part) == value
            return
    pytest.fail("the node can set no storage")


def test_the_life_slot_is_where_the_overflow_tests_write(records, airline, maker, sold):
    records.setLifeLimit(sold, 700, 900, {"from": maker})
    records.recordUsage(sold, 3, 5, {"from": airline})
    assert read_life(records, sold) == pack_life(700, 900, 3, 5)


# ------------------------------------------------------------------ regressions (issue 6, item 6 and 3)


def test_a_repair_station_without_standing_adds_no_usage(records, mro, sold):
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordUsage(sold, 10_000, 0, {"from": mro})
    assert records.lifeOf(sold)["cycles"] == 0


def test_a_repair_station_without_standing_supersedes_no_certificate(records, maker, mro, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.attachCertificate(sold, CERT2, CERT1, {"from": mro})
    assert bytes(records.currentCertificate(sold)) == bytes(CERT1)


def test_usage_that_would_overflow_the_counters_reverts_by_name_and_changes_nothing(records, airline, sold):
    near_max = pack_life(cycles=U64_MAX - 5, hours=U64_MAX - 5)
    write_life(records, sold, near_max)
    with brownie.reverts(err("UsageOverflow", sold, U64_MAX - 5, U64_MAX - 5, 6, 0)):
        records.recordUsage(sold, 6, 0, {"from": airline})
    with brownie.reverts(err("UsageOverflow", sold, U64_MAX - 5, U64_MAX - 5, 0, 6)):
        records.recordUsage(sold, 0, 6, {"from": airline})
    assert read_life(records, sold) == near_max
    # up to the last unit still counts
    tx = records.recordUsage(sold, 5, 5, {"from": airline})
    assert (tx.events["UsageRecorded"]["totalCycles"], tx.events["UsageRecorded"]["totalHours"]) == (U64_MAX, U64_MAX)


def test_a_frozen_part_is_not_returned_to_service(parts, records, airline, mro, regulator, sold):
    parts.assignCustody(sold, mro, {"from": airline})
    parts.freezePart(sold, SB, {"from": regulator})
    with brownie.reverts(err("PartFrozen", sold)):
        records.recordMaintenance(sold, WORK_ORDER, True, {"from": mro})
    assert records.maintenanceCount(sold) == 0
