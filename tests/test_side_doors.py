"""A frozen, recalled or retired part has no side doors in PartRegistry: its owner cannot retire
it or hand it into custody, nobody strips a frozen or recalled assembly of its parts, and nothing
goes into a flagged assembly, not even through a sound part inside it.

Statuses, each set by the authority that sets it in practice:
- "frozen": a regulator's freezePart;
- "recalled": the part's own recall (recallPart);
- "batch-recalled": a recall of the part's registration batch (recallBatch), no per-part write.
"""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3

from helpers import MAX_DEPTH, PartStatus, err, register_batch

REASON = web3.keccak(text="service bulletin / court order")
FLAGGED = ["frozen", "recalled", "batch-recalled"]
ERROR = {"frozen": "PartFrozen", "recalled": "PartSuspect", "batch-recalled": "PartSuspect", "retired": "PartRetired"}

_serials = iter(range(10**9))


class Parts:
    """Parts registered one batch each, so any of them can be recalled through its batch."""

    def __init__(self, parts, maker, regulator):
        self.parts, self.maker, self.regulator = parts, maker, regulator
        self.batch_of = {}

    def new(self, label="P"):
        batch_id, (pid,) = register_batch(self.parts, self.maker, "PN-SD", [f"{label}-{next(_serials)}"])
        self.batch_of[pid] = batch_id
        return pid

    def flag(self, pid, status, owner=None):
        """Puts `pid` in `status`; `owner` is who retires it."""
        if status == "frozen":
            self.parts.freezePart(pid, REASON, {"from": self.regulator})
        elif status == "recalled":
            self.parts.recallPart(pid, REASON, {"from": self.regulator})
        elif status == "batch-recalled":
            self.parts.recallBatch(self.maker, self.batch_of[pid], REASON, {"from": self.regulator})
        else:
            self.parts.retirePart(pid, REASON, {"from": owner or self.maker})

    def lift(self, pid, status):
        if status == "frozen":
            self.parts.unfreezePart(pid, REASON, {"from": self.regulator})
        elif status == "recalled":
            self.parts.clearPart(pid, REASON, {"from": self.regulator})
        else:
            self.parts.clearBatch(self.maker, self.batch_of[pid], REASON, {"from": self.regulator})


@pytest.fixture
def p(parts, maker, regulator):
    return Parts(parts, maker, regulator)


def assembly(parts, owner, *ids):
    """ids[1] into ids[0], ids[2] into ids[1], ...: a chain below ids[0]."""
    for parent, child in zip(ids, ids[1:]):
        parts.installPart(child, parent, {"from": owner})


# ------------------------------------------------------------------ retirePart


@pytest.mark.parametrize("status", FLAGGED)
def test_the_owner_cannot_retire_a_flagged_part(parts, p, maker, airline, status):
    pid = p.new()
    parts.transferFrom(maker, airline, pid, {"from": maker})
    p.flag(pid, status)
    with brownie.reverts(err(ERROR[status], pid)):
        parts.retirePart(pid, REASON, {"from": airline})
    assert parts.verifyPart(pid)["status"] != PartStatus.Retired
    p.lift(pid, status)
    parts.retirePart(pid, REASON, {"from": airline})
    assert parts.verifyPart(pid)["status"] == PartStatus.Retired


def test_a_frozen_part_is_not_retired_out_of_a_forced_transfers_reach(
    parts, p, maker, airline, enforcer
):
    """Why retirement is closed: a retired part never moves, so retiring a frozen part would
    defeat the forced transfer the freeze was waiting for."""
    pid = p.new()
    parts.transferFrom(maker, airline, pid, {"from": maker})
    p.flag(pid, "frozen")
    with brownie.reverts(err("PartFrozen", pid)):
        parts.retirePart(pid, REASON, {"from": airline})
    parts.forcedTransfer(pid, maker, REASON, {"from": enforcer})
    assert parts.ownerOf(pid) == maker


# ------------------------------------------------------------------ custody


@pytest.mark.parametrize("status", FLAGGED)
def test_the_owner_cannot_hand_a_flagged_part_into_custody(parts, p, maker, mro, broker, status):
    pid = p.new()
    p.flag(pid, status)
    with brownie.reverts(err(ERROR[status], pid)):
        parts.assignCustody(pid, mro, {"from": maker})
    assert parts.custodianOf(pid) == ZERO_ADDRESS
    p.lift(pid, status)
    parts.assignCustody(pid, mro, {"from": maker})
    assert parts.custodianOf(pid) == mro


@pytest.mark.parametrize("status", FLAGGED)
def test_custody_given_before_the_flag_can_still_end_but_not_change_hands(parts, p, maker, mro, broker, status):
    """Ending custody returns the part to its owner's hands: no side door, so it stays open."""
    pid = p.new()
    parts.assignCustody(pid, mro, {"from": maker})
    p.flag(pid, status)
    with brownie.reverts(err(ERROR[status], pid)):
        parts.assignCustody(pid, broker, {"from": maker})
    assert parts.custodianOf(pid) == mro
    parts.releaseCustody(pid, {"from": mro})
    assert parts.custodianOf(pid) == ZERO_ADDRESS


# ------------------------------------------------------------------ removePart: no stripping


@pytest.mark.parametrize("status", FLAGGED)
@pytest.mark.parametrize("flagged_level", [0, 1])
def test_nobody_strips_a_flagged_assembly(parts, p, maker, airline, status, flagged_level):
    engine, module, blade = p.new("ENG"), p.new("MOD"), p.new("BLD")
    assembly(parts, maker, engine, module, blade)
    parts.transferFrom(maker, airline, engine, {"from": maker})
    flagged = (engine, module)[flagged_level]
    p.flag(flagged, status)
    candidates = [module, blade] if flagged == engine else [blade]
    for child in candidates:
        with brownie.reverts(err(ERROR[status], flagged)):
            parts.removePart(child, {"from": airline})
        assert parts.rootOwnerOf(child) == airline and parts.parentOf(child) != 0
    p.lift(flagged, status)
    for child in reversed(candidates):
        parts.removePart(child, {"from": airline})
        assert parts.ownerOf(child) == airline


def test_the_walk_up_reaches_the_root_of_a_full_depth_assembly(parts, p, maker):
    stack = [p.new("L") for _ in range(MAX_DEPTH + 1)]
    assembly(parts, maker, *stack)
    p.flag(stack[0], "frozen")
    with brownie.reverts(err("PartFrozen", stack[0])):
        parts.removePart(stack[MAX_DEPTH], {"from": maker})
    p.lift(stack[0], "frozen")
    parts.removePart(stack[MAX_DEPTH], {"from": maker})


def test_a_frozen_part_is_not_taken_out_of_its_assembly(parts, p, maker):
    engine, blade = p.new("ENG"), p.new("BLD")
    assembly(parts, maker, engine, blade)
    p.flag(blade, "frozen")
    with brownie.reverts(err("PartFrozen", blade)):
        parts.removePart(blade, {"from": maker})
    assert parts.parentOf(blade) == engine


@pytest.mark.parametrize("status", ["recalled", "batch-recalled"])
def test_a_recalled_part_is_taken_out_of_a_sound_assembly(parts, p, maker, status):
    """What a recall asks for: the suspect part comes out; it then stays where it is."""
    engine, blade = p.new("ENG"), p.new("BLD")
    assembly(parts, maker, engine, blade)
    p.flag(blade, status)
    tx = parts.removePart(blade, {"from": maker})
    assert tx.events["PartRemovedFrom"]["childId"] == blade
    assert parts.ownerOf(blade) == maker
    assert parts.verifyPart(blade)["status"] == PartStatus.Suspect


def test_an_assembly_is_taken_apart_before_it_is_retired(parts, p, maker):
    """A scrapped engine's sound parts are harvested first; a retired part never moves, so an
    engine retired around a part would shelter that part from a forced transfer."""
    engine, module = p.new("ENG"), p.new("MOD")
    assembly(parts, maker, engine, module)
    with brownie.reverts(err("AssemblyNotEmpty", engine)):
        parts.retirePart(engine, REASON, {"from": maker})
    assert parts.verifyPart(engine)["status"] == PartStatus.InService
    parts.removePart(module, {"from": maker})
    parts.retirePart(engine, REASON, {"from": maker})
    assert parts.ownerOf(module) == maker
    assert parts.verifyPart(module)["status"] == PartStatus.InService
    assert parts.verifyPart(engine)["status"] == PartStatus.Retired


# ------------------------------------------------------------------ installPart: nothing goes in


# (a retired part holds no assembly: test_an_assembly_is_taken_apart_before_it_is_retired)
@pytest.mark.parametrize("status", FLAGGED)
def test_nothing_is_installed_into_a_flagged_assembly_through_a_sound_part(parts, p, maker, status):
    engine, module, stage, blade = p.new("ENG"), p.new("MOD"), p.new("STG"), p.new("BLD")
    assembly(parts, maker, engine, module, stage)
    p.flag(engine, status)
    for target in (module, stage):  # a sound part one and two levels down
        with brownie.reverts(err(ERROR[status], engine)):
            parts.installPart(blade, target, {"from": maker})
    assert parts.parentOf(blade) == 0
    p.lift(engine, status)
    parts.installPart(blade, stage, {"from": maker})
    assert parts.verifyPart(blade)["root"] == engine


@pytest.mark.parametrize("status", FLAGGED + ["retired"])
def test_a_flagged_part_goes_in_neither_as_child_nor_as_parent(parts, p, maker, status):
    engine, other = p.new("ENG"), p.new("X")
    p.flag(other, status)
    with brownie.reverts(err(ERROR[status], other)):
        parts.installPart(other, engine, {"from": maker})
    with brownie.reverts(err(ERROR[status], other)):
        parts.installPart(engine, other, {"from": maker})
    assert parts.balanceOf(parts.address) == 0
