"""Recall (quarantine) of parts and batches, regulator freezes, and retirement."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3

from helpers import (
    FROZEN,
    MANUFACTURER_ROLE,
    REGULATOR_RECALL,
    REGULATOR_ROLE,
    RETIRED,
    SB,
    SUSPECT,
    ZERO32,
    PartStatus,
    TransferCode,
    b32,
    err,
    missing_role,
    register_batch,
    register_part,
)
from partledger import LotTree

CLEARED = web3.keccak(text="inspection report IR-9")
ORDER = web3.keccak(text="court order 17/2024")

BATCH_SIZE = 100


@pytest.fixture(scope="module")
def part(parts, maker):
    """A part the maker holds; registered once, before the snapshot every test starts from."""
    return register_part(parts, maker, "SN-R1")


@pytest.fixture(scope="module")
def batch(parts, maker):
    """A 100-part batch by the maker: (batch id, [part ids]). Registered once per module; each
    test starts from the chain snapshot taken after it."""
    return register_batch(parts, maker, "PN-BLADE", [f"BL-{i:03d}" for i in range(BATCH_SIZE)])


def statuses(parts, ids):
    return [parts.verifyPart(i)["status"] for i in ids]


# ------------------------------------------------------------------ recallPart / clearPart


def test_the_manufacturer_recalls_and_clears_its_part(parts, maker, part):
    tx = parts.recallPart(part, SB, {"from": maker})
    event = tx.events["PartRecalled"]
    assert (event["partId"], event["by"], bytes(event["reasonHash"])) == (part, maker, bytes(SB))
    assert parts.isSuspect(part) is True
    assert parts.verifyPart(part)["status"] == PartStatus.Suspect
    assert parts.flagsOf(part) & SUSPECT

    tx = parts.clearPart(part, CLEARED, {"from": maker})
    event = tx.events["PartCleared"]
    assert (event["partId"], event["by"], bytes(event["reasonHash"])) == (part, maker, bytes(CLEARED))
    assert parts.isSuspect(part) is False
    assert parts.verifyPart(part)["status"] == PartStatus.InService
    assert parts.flagsOf(part) & SUSPECT == 0


def test_a_regulator_recalls_and_clears_any_part(parts, regulator, airline, maker, part):
    parts.transferFrom(maker, airline, part, {"from": maker})  # wherever the part is
    tx = parts.recallPart(part, SB, {"from": regulator})
    assert tx.events["PartRecalled"]["by"] == regulator
    assert parts.verifyPart(part)["status"] == PartStatus.Suspect
    tx = parts.clearPart(part, CLEARED, {"from": regulator})
    assert tx.events["PartCleared"]["by"] == regulator
    assert parts.verifyPart(part)["status"] == PartStatus.InService


def test_only_the_manufacturer_or_a_regulator_recalls_or_clears(parts, maker, maker2, airline, part):
    parts.transferFrom(maker, airline, part, {"from": maker})
    for caller in (maker2, airline):  # another maker, and even the owner
        with brownie.reverts(err("NotManufacturerOrRegulator", part, caller)):
            parts.recallPart(part, SB, {"from": caller})
    parts.recallPart(part, SB, {"from": maker})  # the maker recalls its part in someone else's hands
    assert parts.isSuspect(part) is True
    with brownie.reverts(err("NotManufacturerOrRegulator", part, airline)):
        parts.clearPart(part, CLEARED, {"from": airline})
    assert parts.isSuspect(part) is True


def test_only_a_sound_part_is_recalled_and_only_a_suspect_one_cleared(parts, maker, regulator, part):
    with brownie.reverts(err("PartNotSuspect", part)):
        parts.clearPart(part, CLEARED, {"from": maker})
    parts.recallPart(part, SB, {"from": maker})
    with brownie.reverts(err("PartSuspect", part)):
        parts.recallPart(part, SB, {"from": maker})
    with brownie.reverts(err("PartNotFound", 4242)):
        parts.recallPart(4242, SB, {"from": regulator})
    assert parts.isSuspect(part) is True


# ------------------------------------------------------------------ recallBatch / clearBatch


@pytest.mark.parametrize("by", ["maker", "regulator"])
def test_a_100_part_batch_is_recalled_in_one_transaction(parts, maker, regulator, batch, by):
    batch_id, ids = batch
    caller = {"maker": maker, "regulator": regulator}[by]
    single_id, _ = register_batch(parts, maker, "PN-ONE", ["ONE-1"])
    assert statuses(parts, ids) == [PartStatus.InService] * BATCH_SIZE
    tx = parts.recallBatch(maker, batch_id, SB, {"from": caller})
    event = tx.events["BatchRecalled"]
    assert (event["batchId"], event["by"], bytes(event["reasonHash"])) == (batch_id, caller, bytes(SB))
    assert "PartRecalled" not in tx.events  # no per-part work
    # one slot whatever the batch size: the same gas as the recall of a one-part batch
    assert tx.gas_used == parts.recallBatch(maker, single_id, SB, {"from": caller}).gas_used
    assert parts.isBatchRecalled(batch_id) is True
    assert statuses(parts, ids) == [PartStatus.Suspect] * BATCH_SIZE


def test_a_part_cleared_on_its_own_stays_cleared_until_a_new_recall_of_its_batch(parts, maker, regulator, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    tx = parts.clearPart(ids[42], CLEARED, {"from": regulator})
    assert tx.events["PartCleared"]["partId"] == ids[42]
    expected = [PartStatus.Suspect] * BATCH_SIZE
    expected[42] = PartStatus.InService
    assert statuses(parts, ids) == expected
    assert parts.isBatchRecalled(batch_id) is True

    # lifting the batch recall clears every part
    tx = parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})
    event = tx.events["BatchCleared"]
    assert (event["batchId"], event["by"], bytes(event["reasonHash"])) == (batch_id, maker, bytes(CLEARED))
    assert parts.isBatchRecalled(batch_id) is False
    assert statuses(parts, ids) == [PartStatus.InService] * BATCH_SIZE

    # a new recall epoch: the clearance of the last one does not carry over
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    assert statuses(parts, ids) == [PartStatus.Suspect] * BATCH_SIZE


def test_a_part_recalled_on_its_own_outlives_a_batch_clear_and_clear_part_lifts_both(parts, maker, batch):
    batch_id, ids = batch
    parts.recallPart(ids[3], SB, {"from": maker})
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})
    assert parts.verifyPart(ids[3])["status"] == PartStatus.Suspect
    assert parts.verifyPart(ids[4])["status"] == PartStatus.InService

    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    parts.clearPart(ids[3], CLEARED, {"from": maker})  # lifts its own recall and the batch's
    assert parts.verifyPart(ids[3])["status"] == PartStatus.InService
    assert parts.verifyPart(ids[4])["status"] == PartStatus.Suspect


def test_a_regulator_recalls_and_clears_another_makers_batch(parts, maker, regulator, batch):
    batch_id, ids = batch
    tx = parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    assert tx.events["BatchRecalled"]["by"] == regulator
    assert parts.verifyPart(ids[0])["status"] == PartStatus.Suspect
    tx = parts.clearBatch(maker, batch_id, CLEARED, {"from": regulator})
    assert tx.events["BatchCleared"]["by"] == regulator
    assert parts.verifyPart(ids[0])["status"] == PartStatus.InService


def test_a_batch_is_recalled_only_once_and_cleared_only_when_recalled(parts, maker, regulator, batch):
    batch_id, _ = batch
    with brownie.reverts(err("BatchNotRecalled", batch_id)):
        parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    with brownie.reverts(err("BatchAlreadyRecalled", batch_id)):
        parts.recallBatch(maker, batch_id, SB, {"from": maker})
    assert parts.isBatchRecalled(batch_id) is True


def test_a_batch_is_found_only_under_its_manufacturer(parts, maker, maker2, regulator, batch):
    batch_id, _ = batch
    with brownie.reverts(err("BatchNotFound", maker2, batch_id)):
        parts.recallBatch(maker2, batch_id, SB, {"from": maker2})
    with brownie.reverts(err("BatchNotFound", maker, 77)):
        parts.recallBatch(maker, 77, SB, {"from": regulator})
    with brownie.reverts(err("BatchNotFound", maker2, batch_id)):
        parts.clearBatch(maker2, batch_id, CLEARED, {"from": regulator})


def test_only_the_batch_manufacturer_or_a_regulator_recalls_a_batch(parts, maker, maker2, airline, batch):
    batch_id, _ = batch
    for caller in (maker2, airline):
        with brownie.reverts(err("NotBatchManufacturerOrRegulator", batch_id, caller)):
            parts.recallBatch(maker, batch_id, SB, {"from": caller})
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    with brownie.reverts(err("NotBatchManufacturerOrRegulator", batch_id, maker2)):
        parts.clearBatch(maker, batch_id, CLEARED, {"from": maker2})


def test_recalling_a_lot_makes_its_claimed_parts_suspect(parts, maker):
    tree = LotTree("PN-NUT", [f"N-{i}" for i in range(20)])
    lot_id = parts.anchorLot(b32("PN-NUT"), b32("LOT-N"), tree.root, 20, ZERO32, {"from": maker}).return_value
    claimed = parts.claimLotPart(maker, lot_id, b32("PN-NUT"), b32("N-5"), tree.proof("N-5"), {"from": maker})
    parts.recallBatch(maker, lot_id, SB, {"from": maker})
    assert parts.verifyPart(claimed.return_value)["status"] == PartStatus.Suspect
    # a serial claimed during the recall is born suspect
    later = parts.claimLotPart(maker, lot_id, b32("PN-NUT"), b32("N-6"), tree.proof("N-6"), {"from": maker})
    assert parts.verifyPart(later.return_value)["status"] == PartStatus.Suspect


# ------------------------------------------------------------------ a regulator's recall is binding


def test_the_recall_records_who_imposed_it(parts, maker, regulator, part, register):
    parts.recallPart(part, SB, {"from": maker})
    assert parts.flagsOf(part) & (SUSPECT | REGULATOR_RECALL) == SUSPECT
    other = register("SN-R2")
    parts.recallPart(other, SB, {"from": regulator})
    assert parts.flagsOf(other) & (SUSPECT | REGULATOR_RECALL) == SUSPECT | REGULATOR_RECALL
    parts.clearPart(other, CLEARED, {"from": regulator})
    assert parts.flagsOf(other) & (SUSPECT | REGULATOR_RECALL) == 0


def test_only_a_regulator_clears_a_part_recall_a_regulator_imposed(parts, maker, regulator, part):
    parts.recallPart(part, SB, {"from": regulator})
    with brownie.reverts(err("RecallImposedByRegulator", part, maker)):
        parts.clearPart(part, CLEARED, {"from": maker})
    assert parts.isSuspect(part) is True
    parts.clearPart(part, CLEARED, {"from": regulator})
    assert parts.isSuspect(part) is False


def test_only_a_regulator_lifts_a_batch_recall_a_regulator_imposed(parts, maker, regulator, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    assert parts.isBatchRecalledByRegulator(batch_id) is True
    with brownie.reverts(err("BatchRecallImposedByRegulator", batch_id, maker)):
        parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})
    # nor part by part
    with brownie.reverts(err("BatchRecallImposedByRegulator", batch_id, maker)):
        parts.clearPart(ids[7], CLEARED, {"from": maker})
    assert statuses(parts, ids[:10]) == [PartStatus.Suspect] * 10
    parts.clearPart(ids[7], CLEARED, {"from": regulator})
    assert parts.isSuspect(ids[7]) is False
    parts.clearBatch(maker, batch_id, CLEARED, {"from": regulator})
    assert parts.isBatchRecalled(batch_id) is False
    assert parts.isBatchRecalledByRegulator(batch_id) is False


def test_a_manufacturers_batch_recall_stays_the_manufacturers_to_lift(parts, maker, regulator, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    assert parts.isBatchRecalledByRegulator(batch_id) is False
    parts.clearPart(ids[1], CLEARED, {"from": maker})
    parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})
    assert statuses(parts, ids[:3]) == [PartStatus.InService] * 3


@pytest.mark.parametrize("own_by, batch_by", [("regulator", "maker"), ("maker", "regulator")])
def test_clearing_a_part_recalled_twice_over_needs_authority_over_both_recalls(
    parts, maker, regulator, batch, own_by, batch_by
):
    """A part suspect through its own recall and its batch's: clearPart lifts both or neither."""
    batch_id, ids = batch
    who = {"maker": maker, "regulator": regulator}
    part = ids[5]
    parts.recallPart(part, SB, {"from": who[own_by]})
    parts.recallBatch(maker, batch_id, SB, {"from": who[batch_by]})
    expected = (err("RecallImposedByRegulator", part, maker) if own_by == "regulator"
                else err("BatchRecallImposedByRegulator", batch_id, maker))
    with brownie.reverts(expected):
        parts.clearPart(part, CLEARED, {"from": maker})
    assert parts.flagsOf(part) & SUSPECT  # nothing half-cleared
    parts.clearBatch(maker, batch_id, CLEARED, {"from": regulator})
    assert parts.isSuspect(part) is True  # its own recall outlives the batch's
    parts.recallBatch(maker, batch_id, SB, {"from": who[batch_by]})
    tx = parts.clearPart(part, CLEARED, {"from": regulator})
    assert tx.events["PartCleared"]["by"] == regulator
    assert parts.isSuspect(part) is False
    assert parts.isSuspect(ids[6]) is True


def test_a_regulator_makes_a_manufacturers_part_recall_binding(parts, maker, regulator, part):
    parts.recallPart(part, SB, {"from": maker})
    with brownie.reverts(err("PartSuspect", part)):
        parts.recallPart(part, SB, {"from": maker})
    tx = parts.recallPart(part, ORDER, {"from": regulator})
    assert tx.events["PartRecalled"]["by"] == regulator
    assert parts.flagsOf(part) & REGULATOR_RECALL
    with brownie.reverts(err("PartSuspect", part)):
        parts.recallPart(part, SB, {"from": regulator})
    with brownie.reverts(err("RecallImposedByRegulator", part, maker)):
        parts.clearPart(part, CLEARED, {"from": maker})
    assert parts.isSuspect(part) is True


def test_a_regulator_makes_a_manufacturers_batch_recall_binding_from_a_new_epoch(parts, maker, regulator, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    parts.clearPart(ids[0], CLEARED, {"from": maker})  # the manufacturer's own clearance...
    with brownie.reverts(err("BatchAlreadyRecalled", batch_id)):
        parts.recallBatch(maker, batch_id, SB, {"from": maker})
    tx = parts.recallBatch(maker, batch_id, ORDER, {"from": regulator})
    assert tx.events["BatchRecalled"]["by"] == regulator
    assert parts.isBatchRecalledByRegulator(batch_id) is True
    assert parts.isSuspect(ids[0]) is True  # ...does not carry over into the regulator's recall
    with brownie.reverts(err("BatchAlreadyRecalled", batch_id)):
        parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    with brownie.reverts(err("BatchRecallImposedByRegulator", batch_id, maker)):
        parts.clearBatch(maker, batch_id, CLEARED, {"from": maker})


def test_a_part_of_a_recalled_batch_can_be_recalled_on_its_own_and_stays_recalled(parts, maker, regulator, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    tx = parts.recallPart(ids[9], SB, {"from": maker})  # already suspect through its batch
    assert tx.events["PartRecalled"]["partId"] == ids[9]
    assert parts.flagsOf(ids[9]) & SUSPECT
    parts.clearBatch(maker, batch_id, CLEARED, {"from": regulator})
    assert parts.isSuspect(ids[9]) is True  # clearing the batch does not free it
    assert parts.isSuspect(ids[8]) is False
    parts.clearPart(ids[9], CLEARED, {"from": maker})
    assert parts.isSuspect(ids[9]) is False


@pytest.mark.parametrize("how", ["role revoked", "offboarded"])
def test_a_manufacturer_without_the_role_now_can_neither_recall_nor_clear(
    participants, parts, admin, maker, regulator, part, batch, how
):
    batch_id, ids = batch
    parts.recallPart(part, SB, {"from": maker})
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    if how == "role revoked":
        participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
        refusal = missing_role(maker, MANUFACTURER_ROLE)
    else:
        participants.offboard(maker, {"from": admin})
        refusal = err("ParticipantNotRegistered", maker)
    for attempt in (
        lambda: parts.clearPart(part, CLEARED, {"from": maker}),
        lambda: parts.clearBatch(maker, batch_id, CLEARED, {"from": maker}),
        lambda: parts.recallPart(ids[0], SB, {"from": maker}),
        lambda: parts.clearPart(ids[1], CLEARED, {"from": maker}),
    ):
        with brownie.reverts(refusal):
            attempt()
    parts.clearBatch(maker, batch_id, CLEARED, {"from": regulator})
    with brownie.reverts(refusal):
        parts.recallBatch(maker, batch_id, SB, {"from": maker})
    assert parts.isSuspect(part) is True
    # a regulator still can
    parts.clearPart(part, CLEARED, {"from": regulator})
    assert parts.isSuspect(part) is False


# ------------------------------------------------------------------ a suspect part does not move


def test_a_suspect_part_is_neither_transferred_nor_installed_until_cleared(parts, maker, airline, part, register):
    engine = register("ENG-1", part_number="PN-ENGINE")
    parts.recallPart(part, SB, {"from": maker})
    assert parts.canTransfer(maker, airline, part) == TransferCode.PartSuspect
    with brownie.reverts(err("PartSuspect", part)):
        parts.transferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("PartSuspect", part)):
        parts.safeTransferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("PartSuspect", part)):
        parts.installPart(part, engine, {"from": maker})
    assert parts.ownerOf(part) == maker
    assert parts.parentOf(part) == 0
    # once cleared it moves again
    parts.clearPart(part, CLEARED, {"from": maker})
    assert parts.canTransfer(maker, airline, part) == TransferCode.Ok
    parts.transferFrom(maker, airline, part, {"from": maker})
    assert parts.ownerOf(part) == airline


def test_a_part_of_a_recalled_batch_cannot_be_transferred(parts, maker, airline, batch):
    batch_id, ids = batch
    parts.recallBatch(maker, batch_id, SB, {"from": maker})
    with brownie.reverts(err("PartSuspect", ids[0])):
        parts.transferFrom(maker, airline, ids[0], {"from": maker})
    parts.clearPart(ids[0], CLEARED, {"from": maker})
    parts.transferFrom(maker, airline, ids[0], {"from": maker})
    assert parts.ownerOf(ids[0]) == airline


def test_an_enforcer_can_still_move_a_suspect_or_frozen_part(parts, maker, regulator, enforcer, airline, part):
    """forcedTransfer: "Freezes and recalls do not stop it"."""
    parts.recallPart(part, SB, {"from": maker})
    parts.freezePart(part, SB, {"from": regulator})
    tx = parts.forcedTransfer(part, airline, ORDER, {"from": enforcer})
    event = tx.events["ForcedTransfer"]
    assert (event["partId"], event["from"], event["to"], event["enforcer"]) == (part, maker, airline, enforcer)
    assert parts.ownerOf(part) == airline


# ------------------------------------------------------------------ freeze


def test_a_regulator_freezes_and_unfreezes_a_part(parts, regulator, maker, airline, part):
    tx = parts.freezePart(part, ORDER, {"from": regulator})
    event = tx.events["PartFrozenBy"]
    assert (event["partId"], event["regulator"], bytes(event["reasonHash"])) == (part, regulator, bytes(ORDER))
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen
    assert parts.flagsOf(part) & FROZEN
    assert parts.canTransfer(maker, airline, part) == TransferCode.PartFrozen
    with brownie.reverts(err("PartFrozen", part)):
        parts.transferFrom(maker, airline, part, {"from": maker})

    tx = parts.unfreezePart(part, CLEARED, {"from": regulator})
    event = tx.events["PartUnfrozen"]
    assert (event["partId"], event["regulator"], bytes(event["reasonHash"])) == (part, regulator, bytes(CLEARED))
    assert parts.verifyPart(part)["status"] == PartStatus.InService
    parts.transferFrom(maker, airline, part, {"from": maker})
    assert parts.ownerOf(part) == airline


def test_only_a_regulator_freezes_or_unfreezes(parts, regulator, maker, admin, part):
    for caller in (maker, admin):
        with brownie.reverts(missing_role(caller, REGULATOR_ROLE)):
            parts.freezePart(part, ORDER, {"from": caller})
    parts.freezePart(part, ORDER, {"from": regulator})
    with brownie.reverts(missing_role(maker, REGULATOR_ROLE)):
        parts.unfreezePart(part, CLEARED, {"from": maker})
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen


def test_only_a_known_unfrozen_part_is_frozen_and_only_a_frozen_one_unfrozen(parts, regulator, part):
    with brownie.reverts(err("PartNotFrozen", part)):
        parts.unfreezePart(part, CLEARED, {"from": regulator})
    with brownie.reverts(err("PartNotFound", 99)):
        parts.freezePart(99, ORDER, {"from": regulator})
    parts.freezePart(part, ORDER, {"from": regulator})
    with brownie.reverts(err("PartFrozen", part)):
        parts.freezePart(part, ORDER, {"from": regulator})
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen


def test_verification_reports_the_worst_status_retired_then_suspect_then_frozen(parts, regulator, maker, part):
    parts.freezePart(part, ORDER, {"from": regulator})
    parts.recallPart(part, SB, {"from": maker})
    assert parts.verifyPart(part)["status"] == PartStatus.Suspect
    parts.clearPart(part, CLEARED, {"from": maker})
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen
    parts.unfreezePart(part, CLEARED, {"from": regulator})
    parts.retirePart(part, CLEARED, {"from": maker})  # retired while sound (a flagged part is not)
    parts.recallPart(part, SB, {"from": maker})  # paperwork on a scrapped part still works
    parts.freezePart(part, ORDER, {"from": regulator})
    assert parts.verifyPart(part)["status"] == PartStatus.Retired
    # lifting the recall and the freeze brings nothing back
    parts.clearPart(part, CLEARED, {"from": regulator})
    parts.unfreezePart(part, CLEARED, {"from": regulator})
    assert parts.verifyPart(part)["status"] == PartStatus.Retired


# ------------------------------------------------------------------ retire


def test_the_owner_retires_a_part_once(parts, maker, airline, part):
    parts.transferFrom(maker, airline, part, {"from": maker})
    tx = parts.retirePart(part, CLEARED, {"from": airline})
    event = tx.events["PartRetiredBy"]
    assert (event["partId"], event["by"], bytes(event["reasonHash"])) == (part, airline, bytes(CLEARED))
    info = parts.verifyPart(part)
    assert info["status"] == PartStatus.Retired
    assert info["genuine"] is True  # a scrapped part is still a genuine, traceable part
    assert info["owner"] == airline
    assert parts.flagsOf(part) & RETIRED
    with brownie.reverts(err("PartRetired", part)):
        parts.retirePart(part, CLEARED, {"from": airline})


def test_only_the_owner_retires_a_part(parts, maker, airline, regulator, part):
    for caller in (airline, regulator):
        with brownie.reverts(err("NotPartOwner", part, caller, maker)):
            parts.retirePart(part, CLEARED, {"from": caller})
    assert parts.verifyPart(part)["status"] == PartStatus.InService


def test_an_installed_part_must_be_removed_before_it_is_retired(parts, maker, part, register):
    engine = register("ENG-1", part_number="PN-ENGINE")
    parts.installPart(part, engine, {"from": maker})
    with brownie.reverts(err("PartInstalled", part, engine)):
        parts.retirePart(part, CLEARED, {"from": maker})
    parts.removePart(part, {"from": maker})
    parts.retirePart(part, CLEARED, {"from": maker})
    assert parts.verifyPart(part)["status"] == PartStatus.Retired


def test_a_retired_part_can_never_move_again(parts, maker, airline, enforcer, part, register):
    engine = register("ENG-1", part_number="PN-ENGINE")
    parts.retirePart(part, CLEARED, {"from": maker})
    assert parts.canTransfer(maker, airline, part) == TransferCode.PartRetired
    with brownie.reverts(err("PartRetired", part)):
        parts.transferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.safeTransferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.offerPart(part, airline, 0, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.assignCustody(part, airline, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.forcedTransfer(part, airline, ORDER, {"from": enforcer})
    with brownie.reverts(err("PartRetired", part)):
        parts.installPart(part, engine, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.installPart(engine, part, {"from": maker})
    assert parts.ownerOf(part) == maker


def test_retiring_ends_an_open_offer_and_custody(parts, maker, airline, mro, part):
    parts.assignCustody(part, mro, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.retirePart(part, CLEARED, {"from": maker})
    assert tx.events["HandoverCancelled"]["recipient"] == airline
    custody = tx.events["CustodyChanged"]
    assert (custody["previousCustodian"], custody["custodian"]) == (mro, ZERO_ADDRESS)
    assert parts.custodianOf(part) == ZERO_ADDRESS
    assert parts.offerOf(part)["recipient"] == ZERO_ADDRESS
    with brownie.reverts(err("NoOpenOffer", part)):
        parts.acceptPart(part, {"from": airline})
