"""Safety powers under a conflict of interest and in an emergency.

- A freeze or a recall is lifted by an authority with no stake in the part: a regulator that
  holds the part (owns, or keeps in custody, the root assembly it is in) or made it (a former
  manufacturer appointed regulator keeps its participant number) cannot unfreeze or clear it
  (`AuthorityHasStake(partId, account)`); another regulator does.
- Recalls and freezes only restrict, so they work while the suite is paused (the moment they
  are needed most); lifting them, like everything else, waits for the suite to resume."""

import brownie
import pytest

from helpers import (
    FINANCIER_ROLE,
    FROZEN,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    REPAIR_STATION_ROLE,
    SB,
    SUSPECT,
    ZERO32,
    b32,
    err,
    new_key_account,
    onboard,
    register_batch,
    register_part,
)


@pytest.fixture(scope="module")
def regulator2(participants, admin, regulator):
    """A second regulator (the admin proposes, the first regulator confirms)."""
    account = new_key_account("safety-powers-regulator2", funder=admin)
    onboard(participants, admin, regulator2=account)
    return account


@pytest.fixture
def held(parts, maker, regulator2):
    """A part the second regulator bought: owner regulator2."""
    part = register_part(parts, maker, "SN-HELD")
    parts.transferFrom(maker, regulator2, part, {"from": maker})
    return part


# ---------------------------------------------------------------- no stake in what it lifts


def test_a_regulator_cannot_unfreeze_a_part_it_holds(parts, regulator, regulator2, held):
    parts.freezePart(held, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", held, regulator2)):
        parts.unfreezePart(held, SB, {"from": regulator2})
    assert parts.flagsOf(held) & FROZEN and parts.ownerOf(held) == regulator2
    tx = parts.unfreezePart(held, SB, {"from": regulator})  # a regulator with no stake may
    assert tx.events["PartUnfrozen"]["regulator"] == regulator
    assert parts.flagsOf(held) & FROZEN == 0


def test_a_regulator_cannot_clear_a_recall_of_a_part_it_holds(parts, regulator, regulator2, held):
    parts.recallPart(held, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", held, regulator2)):
        parts.clearPart(held, SB, {"from": regulator2})
    assert parts.isSuspect(held)
    parts.clearPart(held, SB, {"from": regulator})
    assert not parts.isSuspect(held)


def test_a_regulator_cannot_clear_its_part_of_a_recalled_batch(parts, maker, regulator, regulator2):
    batch_id, (kept, other) = register_batch(parts, maker, "PN-BATCH", ["B-1", "B-2"])
    parts.transferFrom(maker, regulator2, kept, {"from": maker})
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", kept, regulator2)):
        parts.clearPart(kept, SB, {"from": regulator2})
    parts.clearPart(other, SB, {"from": regulator2})  # a part of the batch it does not hold
    assert parts.isSuspect(kept) and not parts.isSuspect(other)


def test_the_regulator_holding_a_lot_cannot_clear_its_recall(parts, maker, regulator, regulator2):
    lot_id = parts.anchorLot(b32("PN-LOT"), b32("LOT-HELD"), b32("root"), 10, ZERO32, {"from": maker}).return_value
    parts.transferLot(maker, lot_id, regulator2, {"from": maker})
    parts.recallBatch(maker, lot_id, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", lot_id, regulator2)):
        parts.clearBatch(maker, lot_id, SB, {"from": regulator2})
    tx = parts.clearBatch(maker, lot_id, SB, {"from": regulator})  # a regulator holding nothing of it
    assert tx.events["BatchCleared"]["by"] == regulator


@pytest.mark.parametrize("role", [REPAIR_STATION_ROLE, FINANCIER_ROLE])
def test_a_regulator_neither_services_nor_finances_parts(participants, admin, regulator, regulator2, role):
    """A regulator that was also a repair station could correct the usage of a part it maintains
    and return it to service; one that was also a financier could lift the freeze of what it is
    invested in. The roles exclude each other, both ways."""
    with brownie.reverts(err("IncompatibleRoles", regulator2, role, REGULATOR_ROLE)):
        participants.grantRole(role, regulator2, {"from": admin})
    assert not participants.hasRole(role, regulator2)
    station = new_key_account(f"safety-powers-{role.hex()[:8]}", funder=admin)
    participants.onboard(station, "Station or bank", "F-STAKE", [role], {"from": admin})
    with brownie.reverts(err("IncompatibleRoles", station, REGULATOR_ROLE, role)):
        participants.grantRole(REGULATOR_ROLE, station, {"from": admin})
    assert not participants.hasRole(REGULATOR_ROLE, station)


def test_a_regulator_cannot_lift_a_flag_inside_an_assembly_it_owns(parts, maker, regulator, regulator2):
    engine = register_part(parts, maker, "SN-ENG-HELD")
    blade = register_part(parts, maker, "SN-BLD-HELD")
    parts.installPart(blade, engine, {"from": maker})
    parts.transferFrom(maker, regulator2, engine, {"from": maker})
    parts.freezePart(blade, SB, {"from": regulator})
    parts.recallPart(blade, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", blade, regulator2)):
        parts.unfreezePart(blade, SB, {"from": regulator2})
    with brownie.reverts(err("AuthorityHasStake", blade, regulator2)):
        parts.clearPart(blade, SB, {"from": regulator2})
    assert parts.flagsOf(blade) & (FROZEN | SUSPECT) == FROZEN | SUSPECT


def test_a_regulator_cannot_unfreeze_a_part_in_its_custody(parts, maker, regulator, regulator2):
    part = register_part(parts, maker, "SN-KEPT")
    parts.assignCustody(part, regulator2, {"from": maker})
    parts.freezePart(part, SB, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", part, regulator2)):
        parts.unfreezePart(part, SB, {"from": regulator2})
    assert parts.flagsOf(part) & FROZEN


def test_a_former_manufacturer_made_regulator_cannot_unfreeze_its_old_parts(
    parts, participants, admin, regulator, regulator2, broker
):
    """The broker makes a part, loses MANUFACTURER_ROLE and is appointed regulator: the part
    still names it as its manufacturer, so it may not lift another regulator's freeze of it."""
    participants.grantRole(MANUFACTURER_ROLE, broker, {"from": admin})
    part = register_part(parts, broker, "SN-OLD")
    parts.transferFrom(broker, regulator, part, {"from": broker})
    parts.transferFrom(regulator, admin, part, {"from": regulator})  # held by neither regulator
    participants.revokeRole(MANUFACTURER_ROLE, broker, {"from": admin})
    participants.grantRole(REGULATOR_ROLE, broker, {"from": admin})
    participants.grantRole(REGULATOR_ROLE, broker, {"from": regulator})
    assert participants.hasRole(REGULATOR_ROLE, broker)
    parts.freezePart(part, SB, {"from": regulator2})
    with brownie.reverts(err("AuthorityHasStake", part, broker)):
        parts.unfreezePart(part, SB, {"from": broker})
    assert parts.flagsOf(part) & FROZEN
    parts.unfreezePart(part, SB, {"from": regulator})


def test_a_regulator_with_a_stake_may_still_recall_and_freeze(parts, regulator2, held):
    """Restricting its own part is no conflict."""
    parts.freezePart(held, SB, {"from": regulator2})
    parts.recallPart(held, SB, {"from": regulator2})
    assert parts.flagsOf(held) & (FROZEN | SUSPECT) == FROZEN | SUSPECT


# ---------------------------------------------------------------- in an emergency


def test_regulators_recall_and_freeze_while_the_suite_is_paused(parts, participants, admin, maker, regulator):
    part = register_part(parts, maker, "SN-EMERGENCY")
    batch_id, (in_batch,) = register_batch(parts, maker, "PN-EMERGENCY", ["E-1"])
    participants.pause({"from": regulator})
    tx = parts.freezePart(part, SB, {"from": regulator})
    assert tx.events["PartFrozenBy"]["regulator"] == regulator
    parts.recallPart(part, SB, {"from": regulator})
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    assert parts.flagsOf(part) & (FROZEN | SUSPECT) == FROZEN | SUSPECT
    assert parts.isSuspect(in_batch) and parts.isBatchRecalledByRegulator(batch_id)
    assert parts.ownerOf(part) == maker  # nothing moved


def test_a_manufacturer_recalls_its_parts_while_the_suite_is_paused(parts, participants, admin, maker):
    part = register_part(parts, maker, "SN-EMERGENCY-M")
    batch_id, (in_batch,) = register_batch(parts, maker, "PN-EMERGENCY-M", ["M-1"])
    participants.pause({"from": admin})
    parts.recallPart(part, SB, {"from": maker})
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    assert parts.isSuspect(part) and parts.isSuspect(in_batch)


def test_flags_are_not_lifted_while_the_suite_is_paused(parts, participants, admin, maker, regulator):
    part = register_part(parts, maker, "SN-PAUSED")
    batch_id, _ = register_batch(parts, maker, "PN-PAUSED", ["P-1"])
    parts.freezePart(part, SB, {"from": regulator})
    parts.recallPart(part, SB, {"from": regulator})
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    participants.pause({"from": admin})
    for lift in (
        lambda: parts.unfreezePart(part, SB, {"from": regulator}),
        lambda: parts.clearPart(part, SB, {"from": regulator}),
        lambda: parts.clearBatch(maker, batch_id, SB, {"from": regulator}),
    ):
        with brownie.reverts(err("EnforcedPause")):
            lift()
    assert parts.flagsOf(part) & (FROZEN | SUSPECT) == FROZEN | SUSPECT and parts.isBatchRecalled(batch_id)


def test_a_suspended_regulator_neither_recalls_nor_freezes_while_the_suite_is_paused(
    parts, participants, admin, maker, regulator, regulator2
):
    part = register_part(parts, maker, "SN-SUSPENDED-REG")
    participants.suspend(regulator2, ZERO32, {"from": regulator})
    participants.suspend(regulator2, ZERO32, {"from": admin})
    participants.pause({"from": admin})
    with brownie.reverts(err("ParticipantSuspended", regulator2)):
        parts.freezePart(part, SB, {"from": regulator2})
    with brownie.reverts(err("ParticipantSuspended", regulator2)):
        parts.recallPart(part, SB, {"from": regulator2})
    assert parts.flagsOf(part) == 0
