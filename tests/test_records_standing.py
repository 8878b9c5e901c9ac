"""PartRecords, issue 6: every write comes from someone with a standing on the part, usage is
bounded and never overflows, and no status opens a side door (frozen, suspect, retired parts;
suspended or offboarded callers, owners and manufacturers)."""

import brownie
import pytest
from brownie import web3
from web3 import Web3

from partledger.provenance import ProvenanceReader, StationAuthorisation
from partledger.report import format_provenance

from helpers import MANUFACTURER_ROLE, REPAIR_STATION_ROLE, SB, ZERO32, b32, err, new_key_account, register_part

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


# ------------------------------------------------------------------ fixtures of the rules below


@pytest.fixture(scope="module")
def station2(participants, admin):
    """A second repair station, onboarded for this module."""
    account = new_key_account("records-station-2", funder=admin)
    participants.onboard(account, "Second Shop", "145-MRO-10", [REPAIR_STATION_ROLE], {"from": admin})
    return account


@pytest.fixture(scope="module")
def assembly(parts, maker, airline):
    """engine > module > blade, all made by `maker`, the engine sold to the airline:
    (engine, module, blade)."""
    engine = register_part(parts, maker, "E-STAND", "PN-ENG")
    module = register_part(parts, maker, "M-STAND", "PN-MOD")
    blade = register_part(parts, maker, "B-STAND", "PN-BLADE")
    parts.installPart(blade, module, {"from": maker})
    parts.installPart(module, engine, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})
    return engine, module, blade


# ------------------------------------------------------------------ the owner authorises stations


def test_the_owner_authorises_a_station_which_then_writes_what_a_station_may(records, maker, airline, mro, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    assert records.isAuthorisedStation(sold, mro) is False
    tx = records.authoriseStation(sold, mro, {"from": airline})
    assert dict(tx.events["StationAuthorised"]) == {"partId": sold, "owner": airline, "station": mro}
    assert records.isAuthorisedStation(sold, mro) is True

    assert records.recordUsage(sold, 4, 9, {"from": mro}).events["UsageRecorded"]["recorder"] == mro
    assert record(records, sold, INSPECTING, mro).events["LifecycleEventRecorded"]["recorder"] == mro
    assert record(records, sold, REPAIRING, mro).events["LifecycleEventRecorded"]["recorder"] == mro
    assert records.recordMaintenance(sold, WORK_ORDER, True, {"from": mro}).return_value == 1
    assert records.attachCertificate(sold, CERT2, CERT1, {"from": mro}).events["CertificateAttached"]["issuer"] == mro
    # but not what is the holder's or the manufacturer's
    for step in (COMMISSIONING, SHIPPING, RECEIVING, INSTALLING, DECOMMISSIONING):
        with brownie.reverts(err("NotAuthorized", sold, mro)):
            record(records, sold, step, mro)
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.setLifeLimit(sold, 100, 0, {"from": mro})


def test_a_revoked_station_writes_nothing_more(records, maker, airline, mro, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    records.authoriseStation(sold, mro, {"from": airline})
    tx = records.revokeStation(sold, mro, {"from": airline})
    assert dict(tx.events["StationRevoked"]) == {"partId": sold, "owner": airline, "station": mro}
    assert records.isAuthorisedStation(sold, mro) is False
    writes = (
        lambda: records.recordUsage(sold, 1, 1, {"from": mro}),
        lambda: record(records, sold, INSPECTING, mro),
        lambda: records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro}),
        lambda: records.attachCertificate(sold, CERT2, CERT1, {"from": mro}),
    )
    for write in writes:
        with brownie.reverts(err("NotAuthorized", sold, mro)):
            write()


def test_an_authorisation_is_for_one_station_and_one_part(parts, records, maker, airline, mro, station2, sold):
    other = register_part(parts, maker, "SN-OTHER")
    parts.transferFrom(maker, airline, other, {"from": maker})
    records.authoriseStation(sold, mro, {"from": airline})
    with brownie.reverts(err("NotAuthorized", sold, station2)):
        records.recordUsage(sold, 1, 1, {"from": station2})
    with brownie.reverts(err("NotAuthorized", other, mro)):
        records.recordUsage(other, 1, 1, {"from": mro})
    records.authoriseStation(sold, station2, {"from": airline})  # several stations may be authorised
    records.recordUsage(sold, 1, 1, {"from": station2})
    records.recordUsage(sold, 1, 1, {"from": mro})
    assert records.lifeOf(sold)["cycles"] == 2


def test_only_the_current_owner_authorises_or_revokes(parts, records, maker, airline, broker, mro, outsider, sold):
    parts.assignCustody(sold, broker, {"from": airline})
    for caller in (broker, maker, mro):  # the custodian, the manufacturer, the station itself
        with brownie.reverts(err("NotPartOwner", sold, caller, airline)):
            records.authoriseStation(sold, mro, {"from": caller})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        records.authoriseStation(sold, mro, {"from": outsider})
    records.authoriseStation(sold, mro, {"from": airline})
    for caller in (broker, maker, mro):
        with brownie.reverts(err("NotPartOwner", sold, caller, airline)):
            records.revokeStation(sold, mro, {"from": caller})
    assert records.isAuthorisedStation(sold, mro) is True


def test_only_an_active_repair_station_can_be_authorised(participants, records, airline, broker, maker, mro, outsider,
                                                          regulator, sold):
    for account in (broker, maker, outsider, "0x" + "00" * 20):  # no role, a manufacturer, unregistered, zero
        with brownie.reverts(err("NotRepairStation", account)):
            records.authoriseStation(sold, account, {"from": airline})
    participants.suspend(mro, SB, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", mro)):
        records.authoriseStation(sold, mro, {"from": airline})


def test_authorising_twice_or_revoking_what_is_not_authorised_reverts(records, airline, mro, sold):
    with brownie.reverts(err("StationNotAuthorised", sold, airline, mro)):
        records.revokeStation(sold, mro, {"from": airline})
    records.authoriseStation(sold, mro, {"from": airline})
    with brownie.reverts(err("StationAlreadyAuthorised", sold, airline, mro)):
        records.authoriseStation(sold, mro, {"from": airline})
    records.revokeStation(sold, mro, {"from": airline})
    with brownie.reverts(err("StationNotAuthorised", sold, airline, mro)):
        records.revokeStation(sold, mro, {"from": airline})


def test_an_authorisation_dies_when_the_part_changes_owner(parts, records, airline, broker, mro, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    parts.transferFrom(airline, broker, sold, {"from": airline})
    assert records.isAuthorisedStation(sold, mro) is False
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordUsage(sold, 1, 1, {"from": mro})
    # the new owner starts clean: nothing of the old owner's to revoke, its own to give
    with brownie.reverts(err("StationNotAuthorised", sold, broker, mro)):
        records.revokeStation(sold, mro, {"from": broker})
    records.authoriseStation(sold, mro, {"from": broker})
    records.recordUsage(sold, 1, 1, {"from": mro})
    records.revokeStation(sold, mro, {"from": broker})
    # the stated trade-off of keying by (part, owner): an owner that gets the part back finds
    # its own earlier authorisations standing (it gave them; it can revoke them)
    parts.transferFrom(broker, airline, sold, {"from": broker})
    assert records.isAuthorisedStation(sold, mro) is True


def test_an_authorisation_for_an_assembly_covers_the_parts_installed_in_it(parts, records, airline, broker, mro,
                                                                           assembly):
    engine, module, blade = assembly
    records.authoriseStation(engine, mro, {"from": airline})
    assert [records.isAuthorisedStation(p, mro) for p in assembly] == [True, True, True]
    records.recordUsage(blade, 10, 20, {"from": mro})
    records.recordMaintenance(module, WORK_ORDER, True, {"from": mro})
    # removed from the engine, the blade is no longer covered
    parts.removePart(blade, {"from": airline})
    assert records.isAuthorisedStation(blade, mro) is False
    with brownie.reverts(err("NotAuthorized", blade, mro)):
        records.recordUsage(blade, 1, 1, {"from": mro})
    # and the engine sold on takes none of its old owner's authorisations along
    parts.transferFrom(airline, broker, engine, {"from": airline})
    with brownie.reverts(err("NotAuthorized", module, mro)):
        records.recordUsage(module, 1, 1, {"from": mro})


def test_the_custodian_of_an_assembly_holds_the_parts_installed_in_it(parts, records, airline, broker, mro, assembly):
    engine, module, blade = assembly
    with brownie.reverts(err("NotAuthorized", blade, mro)):
        records.recordUsage(blade, 1, 1, {"from": mro})
    parts.assignCustody(engine, mro, {"from": airline})
    records.recordUsage(blade, 1, 1, {"from": mro})
    records.recordMaintenance(blade, WORK_ORDER, True, {"from": mro})
    assert record(records, blade, RECEIVING, mro).events["LifecycleEventRecorded"]["recorder"] == mro
    assert records.isAuthorisedStation(blade, mro) is False  # it holds the parts; it needs no authorisation
    parts.releaseCustody(engine, {"from": mro})
    with brownie.reverts(err("NotAuthorized", blade, mro)):
        records.recordUsage(blade, 1, 1, {"from": mro})
    with brownie.reverts(err("NotAuthorized", blade, broker)):
        records.recordUsage(blade, 1, 1, {"from": broker})


def test_a_station_that_loses_its_role_loses_its_standing(participants, records, admin, airline, mro, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    participants.revokeRole(REPAIR_STATION_ROLE, mro, {"from": admin})
    assert records.isAuthorisedStation(sold, mro) is False
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordUsage(sold, 1, 1, {"from": mro})
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        record(records, sold, INSPECTING, mro)


def test_a_holding_station_without_the_role_records_usage_but_no_maintenance(participants, parts, records, admin,
                                                                              airline, mro, sold):
    parts.assignCustody(sold, mro, {"from": airline})
    participants.revokeRole(REPAIR_STATION_ROLE, mro, {"from": admin})
    records.recordUsage(sold, 1, 1, {"from": mro})  # a custodian like any other
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro})


def test_a_suspended_or_offboarded_owner_lends_no_standing(participants, records, admin, airline, mro, regulator, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    participants.suspend(airline, SB, {"from": regulator})
    assert records.isAuthorisedStation(sold, mro) is False
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordUsage(sold, 1, 1, {"from": mro})
    participants.reinstate(airline, SB, {"from": regulator})
    records.recordUsage(sold, 1, 1, {"from": mro})
    participants.offboard(airline, {"from": admin})
    with brownie.reverts(err("NotAuthorized", sold, mro)):
        records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro})


def test_a_custodian_station_keeps_its_standing_while_the_owner_is_suspended(participants, parts, records, airline,
                                                                             mro, regulator, sold):
    parts.assignCustody(sold, mro, {"from": airline})
    participants.suspend(airline, SB, {"from": regulator})
    records.recordUsage(sold, 1, 1, {"from": mro})  # the part is in its hands: the facts still get recorded
    assert records.recordMaintenance(sold, WORK_ORDER, True, {"from": mro}).return_value == 1


def test_a_suspended_station_writes_nothing(participants, records, airline, mro, regulator, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    participants.suspend(mro, SB, {"from": regulator})
    assert records.isAuthorisedStation(sold, mro) is False
    with brownie.reverts(err("ParticipantSuspended", mro)):
        records.recordUsage(sold, 1, 1, {"from": mro})
    with brownie.reverts(err("ParticipantSuspended", mro)):
        records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro})


def test_is_authorised_station_never_reverts(records, mro):
    assert records.isAuthorisedStation(31337, mro) is False  # no such part


def test_nothing_is_authorised_or_revoked_while_the_suite_is_paused(participants, records, admin, airline, mro, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        records.revokeStation(sold, mro, {"from": airline})
    with brownie.reverts(err("EnforcedPause")):
        records.recordUsage(sold, 1, 1, {"from": mro})


# ------------------------------------------------------------------ the manufacturer's standing


def test_the_manufacturer_re_certifies_a_part_it_sold(records, maker, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    tx = records.attachCertificate(sold, CERT2, CERT1, {"from": maker})
    assert tx.events["CertificateAttached"]["issuer"] == maker


def test_a_manufacturer_whose_role_was_revoked_has_only_a_holders_standing(participants, parts, records, admin, maker,
                                                                            sold):
    part = register_part(parts, maker, "SN-HELD")
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    for pid in (part, sold):
        with brownie.reverts(err("NotAuthorized", pid, maker)):
            records.attachCertificate(pid, CERT2, bytes(records.currentCertificate(pid)), {"from": maker})
        with brownie.reverts(err("NotAuthorized", pid, maker)):
            records.setLifeLimit(pid, 100, 0, {"from": maker})
        with brownie.reverts(err("NotAuthorized", pid, maker)):
            record(records, pid, COMMISSIONING, maker)
    # it still holds `part`: a holder records usage and events
    records.recordUsage(part, 1, 1, {"from": maker})
    assert record(records, part, STORING, maker).events["LifecycleEventRecorded"]["recorder"] == maker


def test_an_offboarded_manufacturer_writes_nothing_and_its_parts_live_on(participants, parts, records, admin, maker,
                                                                          airline, mro, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    parts.assignCustody(sold, mro, {"from": airline})
    participants.offboard(maker, {"from": admin})
    with brownie.reverts(err("ParticipantNotRegistered", maker)):
        records.attachCertificate(sold, CERT2, CERT1, {"from": maker})
    with brownie.reverts(err("ParticipantNotRegistered", maker)):
        record(records, sold, COMMISSIONING, maker)
    records.recordUsage(sold, 5, 5, {"from": airline})
    records.recordMaintenance(sold, WORK_ORDER, True, {"from": mro})
    records.attachCertificate(sold, CERT2, CERT1, {"from": mro})  # the station re-certifies
    assert bytes(records.currentCertificate(sold)) == bytes(CERT2)


# ------------------------------------------------------------------ bounded usage


def test_usage_is_bounded_per_record(records, airline, sold):
    max_cycles, max_hours = records.MAX_CYCLES_PER_RECORD(), records.MAX_HOURS_PER_RECORD()
    assert (max_cycles, max_hours) == (10_000, 100_000)
    with brownie.reverts(err("UsageTooLarge", sold, max_cycles + 1, 0, max_cycles, max_hours)):
        records.recordUsage(sold, max_cycles + 1, 0, {"from": airline})
    with brownie.reverts(err("UsageTooLarge", sold, 1, max_hours + 1, max_cycles, max_hours)):
        records.recordUsage(sold, 1, max_hours + 1, {"from": airline})
    with brownie.reverts(err("UsageTooLarge", sold, U64_MAX, U64_MAX, max_cycles, max_hours)):
        records.recordUsage(sold, U64_MAX, U64_MAX, {"from": airline})  # the old way to jam the counter
    assert records.lifeOf(sold)["cycles"] == 0
    tx = records.recordUsage(sold, max_cycles, max_hours, {"from": airline})
    assert (tx.events["UsageRecorded"]["totalCycles"], tx.events["UsageRecorded"]["totalHours"]) == (10_000, 100_000)


# ------------------------------------------------------------------ statuses: no side doors

STATUS_ERROR = {"frozen": "PartFrozen", "suspect": "PartSuspect", "retired": "PartRetired"}


def impose(parts, status, part, *, owner, regulator):
    if status == "frozen":
        parts.freezePart(part, SB, {"from": regulator})
    elif status == "suspect":
        parts.recallPart(part, SB, {"from": regulator})
    else:
        parts.retirePart(part, SB, {"from": owner})


@pytest.mark.parametrize("status", ["frozen", "suspect", "retired"])
def test_what_each_status_refuses_and_what_it_still_records(parts, records, maker, airline, mro, station2, regulator,
                                                            sold, status):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    records.authoriseStation(sold, mro, {"from": airline})
    impose(parts, status, sold, owner=airline, regulator=regulator)
    refused = err(STATUS_ERROR[status], sold)

    # an airworthiness statement is refused: no certificate, no return to service
    for issuer in (maker, mro):
        with brownie.reverts(refused):
            records.attachCertificate(sold, CERT2, CERT1, {"from": issuer})
    with brownie.reverts(refused):
        records.recordMaintenance(sold, WORK_ORDER, True, {"from": mro})
    assert bytes(records.currentCertificate(sold)) == bytes(CERT1)

    # facts are recorded whatever the status: events and work done
    for step, by in ((INSPECTING, mro), (SHIPPING, airline), (COMMISSIONING, maker)):
        assert record(records, sold, step, by).events["LifecycleEventRecorded"]["bizStep"] == step
    tx = records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro})
    assert tx.events["MaintenanceRecorded"]["returnedToService"] is False
    # the owner still chooses its stations
    records.authoriseStation(sold, station2, {"from": airline})
    records.revokeStation(sold, station2, {"from": airline})

    # usage and a life limit count on a frozen or recalled part (it may still be flying); a
    # retired one takes neither
    if status == "retired":
        with brownie.reverts(refused):
            records.recordUsage(sold, 1, 1, {"from": airline})
        with brownie.reverts(refused):
            records.setLifeLimit(sold, 100, 0, {"from": maker})
        assert [int(v) for v in records.lifeOf(sold)] == [0, 0, 0, 0]
    else:
        records.recordUsage(sold, 1, 1, {"from": airline})
        records.recordUsage(sold, 1, 1, {"from": mro})
        records.setLifeLimit(sold, 100, 0, {"from": maker})
        assert [int(v) for v in records.lifeOf(sold)] == [100, 0, 2, 2]


def test_a_frozen_part_takes_no_first_certificate(parts, records, maker, regulator, sold):
    parts.freezePart(sold, SB, {"from": regulator})
    with brownie.reverts(err("PartFrozen", sold)):
        records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    parts.unfreezePart(sold, SB, {"from": regulator})
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})


def test_a_part_inside_a_frozen_recalled_or_retired_assembly_is_not_released(parts, records, maker, airline, mro,
                                                                             regulator, assembly):
    engine, module, blade = assembly
    records.attachCertificate(blade, CERT1, ZERO32, {"from": maker})
    records.authoriseStation(engine, mro, {"from": airline})
    parts.freezePart(module, SB, {"from": regulator})  # the walk goes past the parent to the root
    with brownie.reverts(err("PartFrozen", module)):
        records.recordMaintenance(blade, WORK_ORDER, True, {"from": mro})
    with brownie.reverts(err("PartFrozen", module)):
        records.attachCertificate(blade, CERT2, CERT1, {"from": mro})
    records.recordUsage(blade, 3, 3, {"from": mro})  # facts still count
    parts.unfreezePart(module, SB, {"from": regulator})

    parts.recallPart(engine, SB, {"from": regulator})
    with brownie.reverts(err("PartSuspect", engine)):
        records.recordMaintenance(blade, WORK_ORDER, True, {"from": mro})
    parts.clearPart(engine, SB, {"from": regulator})
    records.recordMaintenance(blade, WORK_ORDER, True, {"from": mro})  # all clear: released

    assert records.maintenanceCount(blade) == 1
    # (a retired assembly holds no parts: PartRegistry.retirePart refuses one that is not empty)


# ------------------------------------------------------------------ history


def test_the_provenance_reader_shows_who_authorised_which_station(records, parts, airline, broker, mro, sold):
    start = web3.eth.block_number
    given = records.authoriseStation(sold, mro, {"from": airline})
    withdrawn = records.revokeStation(sold, mro, {"from": airline})
    parts.transferFrom(airline, broker, sold, {"from": airline})
    again = records.authoriseStation(sold, mro, {"from": broker})

    w3 = Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))
    reader = ProvenanceReader(w3, parts.address, parts.abi, records.address, records.abi, from_block=start)
    stations = reader.history(sold).stations
    assert [(s.action, s.owner, s.station, s.at.block) for s in stations] == [
        ("authorised", airline, mro, given.block_number),
        ("revoked", airline, mro, withdrawn.block_number),
        ("authorised", broker, mro, again.block_number),
    ]
    assert all(type(s) is StationAuthorisation for s in stations)
    text = format_provenance(reader, sold, names={airline.address: "Blue Sky", broker.address: "Brokerage",
                                                  mro.address: "Hangar One"})
    assert "\nRepair stations\n" in text
    assert text.count(" authorised by ") == 2 and text.count(" revoked by ") == 1
