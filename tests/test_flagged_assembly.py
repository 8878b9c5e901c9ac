"""A frozen or individually recalled part inside an assembly does not travel with a sound root.

Each assembly counts the parts below it that are frozen or recalled on their own (kept up the
chain on freeze, unfreeze, recall, clearance and removal) and carries PartData.FLAGGED_BELOW
while the count is not zero: the root then refuses every ordinary path (ContainsFlaggedPart);
a forced transfer still moves it. A batch recall is lazy and is not counted (README, Known
limits)."""

import brownie
import pytest
from brownie import web3

from helpers import (
    FROZEN,
    SUSPECT,
    ZERO32,
    PartStatus,
    TransferCode,
    err,
    key_of,
    register_batch,
    register_part,
    signed_order,
)
from partledger.provenance import ProvenanceReader

REASON = web3.keccak(text="AD 2026-0417: suspect unapproved part")
FLAGGED_BELOW = 1 << 8


@pytest.fixture(scope="module")
def engine(parts, maker):
    return register_part(parts, maker, "ENG-FA", "PN-ENGINE")


@pytest.fixture(scope="module")
def module(parts, maker):
    return register_part(parts, maker, "MOD-FA", "PN-MODULE")


@pytest.fixture(scope="module")
def blade(parts, maker):
    return register_part(parts, maker, "BLD-FA", "PN-BLADE")


@pytest.fixture
def assembled(parts, maker, engine, module, blade):
    """engine > module > blade, all the maker's."""
    parts.installPart(module, engine, {"from": maker})
    parts.installPart(blade, module, {"from": maker})


def flag(parts, maker, regulator, pid, how):
    if how == "frozen":
        parts.freezePart(pid, REASON, {"from": regulator})
    else:
        parts.recallPart(pid, REASON, {"from": maker})


@pytest.mark.parametrize("how", ["frozen", "recalled"])
def test_flagged_part_does_not_travel_with_its_root(parts, maker, regulator, airline, engine, module, blade,
                                                    assembled, how):
    flag(parts, maker, regulator, blade, how)
    assert parts.canTransfer(maker, airline, engine) == TransferCode.ContainsFlaggedPart
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        parts.transferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        parts.safeTransferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        parts.offerPart(engine, airline, 0, {"from": maker})
    assert parts.ownerOf(engine) == maker
    assert parts.rootOwnerOf(blade) == maker
    assert parts.balanceOf(airline) == 0


@pytest.mark.parametrize("how", ["frozen", "recalled"])
def test_verify_part_of_the_root_says_it_contains_a_flagged_part(parts, records, maker, regulator, engine, module,
                                                                 blade, assembled, how):
    flag(parts, maker, regulator, blade, how)
    for assembly in (engine, module):
        info = parts.verifyPart(assembly)
        assert info["flags"] & FLAGGED_BELOW
        assert info["flags"] & (FROZEN | SUSPECT) == 0  # the assembly itself carries no flag
        assert info["status"] == PartStatus.Suspect  # not in service while it holds the part
        assert not parts.isSuspect(assembly)
    blade_info = parts.verifyPart(blade)
    assert blade_info["flags"] & FLAGGED_BELOW == 0
    assert blade_info["status"] == (PartStatus.Frozen if how == "frozen" else PartStatus.Suspect)
    # the history rebuilt from the logs gives the same verdicts, and names the flagged part
    reader = ProvenanceReader(web3, parts.address, parts.abi, records.address, records.abi,
                              from_block=parts.tx.block_number)
    for pid in (engine, module, blade):
        assert reader.history(pid).status == PartStatus(parts.verifyPart(pid)["status"]).name
    assert reader.history(engine).flagged_below == reader.history(module).flagged_below == [blade]
    assert reader.history(blade).flagged_below == []


def test_an_offer_made_before_the_freeze_cannot_be_accepted(parts, maker, regulator, airline, engine, blade,
                                                            assembled):
    parts.offerPart(engine, airline, 0, {"from": maker})
    parts.freezePart(blade, REASON, {"from": regulator})
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        parts.acceptPart(engine, {"from": airline})
    assert parts.ownerOf(engine) == maker


def test_a_signed_order_does_not_move_a_root_holding_a_frozen_part(parts, maker, regulator, keyed, broker, airline,
                                                                   engine, blade, assembled):
    parts.transferFrom(maker, keyed, engine, {"from": maker})
    parts.freezePart(blade, REASON, {"from": regulator})
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        parts.transferBySignature(*signed_order(parts, key_of(keyed), engine, airline), {"from": broker})
    assert parts.ownerOf(engine) == keyed
    assert parts.rootOwnerOf(blade) == keyed


def test_a_forced_transfer_still_moves_a_root_holding_a_flagged_part(parts, maker, regulator, enforcer, broker,
                                                                     engine, blade, assembled):
    parts.freezePart(blade, REASON, {"from": regulator})
    parts.forcedTransfer(engine, broker, REASON, {"from": enforcer})
    assert parts.ownerOf(engine) == broker
    assert parts.rootOwnerOf(blade) == broker
    assert parts.flagsOf(engine) & FLAGGED_BELOW  # it still holds the frozen part
    assert parts.canTransfer(broker, maker, engine) == TransferCode.ContainsFlaggedPart


def test_removing_the_recalled_part_frees_every_assembly_above_it(parts, maker, airline, engine, module, blade,
                                                                  assembled):
    parts.recallPart(blade, REASON, {"from": maker})
    parts.removePart(blade, {"from": maker})
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0
    assert parts.flagsOf(module) & FLAGGED_BELOW == 0
    assert parts.verifyPart(engine)["status"] == PartStatus.InService
    parts.transferFrom(maker, airline, engine, {"from": maker})
    assert parts.rootOwnerOf(module) == airline
    assert parts.ownerOf(blade) == maker  # the recalled part stays with the seller


def test_a_frozen_part_stays_in_and_unfreezing_frees_the_root(parts, maker, regulator, airline, engine,
                                                             module, blade, assembled):
    parts.freezePart(blade, REASON, {"from": regulator})
    with brownie.reverts(err("PartFrozen", blade)):
        parts.removePart(blade, {"from": maker})
    parts.unfreezePart(blade, REASON, {"from": regulator})
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0
    parts.transferFrom(maker, airline, engine, {"from": maker})
    assert parts.rootOwnerOf(blade) == airline


def test_clearing_the_recall_frees_the_root_but_a_freeze_keeps_it(parts, maker, regulator, airline,
                                                                  engine, blade, assembled):
    parts.recallPart(blade, REASON, {"from": maker})
    parts.freezePart(blade, REASON, {"from": regulator})  # one flagged part, counted once
    parts.clearPart(blade, REASON, {"from": maker})
    assert parts.canTransfer(maker, airline, engine) == TransferCode.ContainsFlaggedPart  # still frozen
    parts.unfreezePart(blade, REASON, {"from": regulator})
    assert parts.canTransfer(maker, airline, engine) == TransferCode.Ok
    parts.transferFrom(maker, airline, engine, {"from": maker})
    assert parts.rootOwnerOf(blade) == airline


def test_two_flagged_parts_keep_the_root_flagged_until_both_are_dealt_with(parts, maker, regulator, airline, engine,
                                                                            module, blade, assembled):
    vane = register_part(parts, maker, "VANE-FA", "PN-VANE")
    parts.installPart(vane, engine, {"from": maker})
    parts.recallPart(blade, REASON, {"from": maker})
    parts.recallPart(vane, REASON, {"from": maker})
    parts.removePart(vane, {"from": maker})
    assert parts.flagsOf(engine) & FLAGGED_BELOW  # the blade is still inside
    parts.removePart(blade, {"from": maker})
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0
    parts.transferFrom(maker, airline, engine, {"from": maker})
    assert (parts.ownerOf(engine), parts.ownerOf(blade), parts.ownerOf(vane)) == (airline, maker, maker)


def test_a_sub_assembly_taken_out_takes_its_flagged_part_with_it(parts, maker, airline, engine, module, blade,
                                                                  assembled):
    parts.recallPart(blade, REASON, {"from": maker})
    parts.removePart(module, {"from": maker})  # the module is sound itself: it may come out
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0
    assert parts.flagsOf(module) & FLAGGED_BELOW
    parts.transferFrom(maker, airline, engine, {"from": maker})
    assert parts.ownerOf(engine) == airline
    with brownie.reverts(err("ContainsFlaggedPart", module)):
        parts.transferFrom(maker, airline, module, {"from": maker})
    assert parts.ownerOf(module) == maker


def test_nothing_goes_into_an_assembly_inside_a_sub_assembly_holding_a_flagged_part(parts, maker, regulator,
                                                                                    engine, module, blade):
    parts.installPart(blade, module, {"from": maker})
    parts.freezePart(blade, REASON, {"from": regulator})
    with brownie.reverts(err("ContainsFlaggedPart", module)):
        parts.installPart(module, engine, {"from": maker})
    assert parts.parentOf(module) == 0
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0


def test_a_batch_recall_is_not_counted_up_the_assembly(parts, maker, airline, engine):
    """Documented limit: a batch recall writes no per-part state, so it is not counted."""
    batch_id, (blade,) = register_batch(parts, maker, "PN-LOTBLADE", ["LB-1"])
    parts.installPart(blade, engine, {"from": maker})
    parts.recallBatch(maker, batch_id, REASON, {"from": maker})
    assert parts.isSuspect(blade)
    assert parts.flagsOf(engine) & FLAGGED_BELOW == 0
    assert parts.canTransfer(maker, airline, engine) == TransferCode.Ok


def test_no_part_of_an_assembly_holding_a_frozen_part_is_released_to_service(parts, records, maker, regulator,
                                                                           engine, module, blade, assembled):
    """The records read verifyPart's status up the assembly: a root holding a frozen part is
    Suspect, so no part in it gets a release certificate until the freeze is lifted."""
    vane = register_part(parts, maker, "VANE-RS", "PN-VANE")
    parts.installPart(vane, engine, {"from": maker})
    parts.freezePart(blade, REASON, {"from": regulator})
    cert = web3.keccak(text="FAA 8130-3 vane")
    with brownie.reverts(err("PartSuspect", engine)):
        records.attachCertificate(vane, cert, ZERO32, {"from": maker})
    assert bytes(records.currentCertificate(vane)) == ZERO32
    parts.unfreezePart(blade, REASON, {"from": regulator})
    records.attachCertificate(vane, cert, ZERO32, {"from": maker})
    assert bytes(records.currentCertificate(vane)) == bytes(cert)
