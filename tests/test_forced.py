"""forcedTransfer: an enforcer (ENFORCER_ROLE) moves a part under a court order or to recover a
lost key. Freezes, recalls and the sender's status do not stop it; the receiver must still be an
active participant; installed and retired parts stay where they are."""

import brownie
import pytest
from brownie import ZERO_ADDRESS

from helpers import ENFORCER_ROLE, FROZEN, ZERO32, PartStatus, b32, err, events, hx, missing_role, register_part

REASON = b32("court order 2025/117")


@pytest.fixture
def part(register):
    return register("SN-F1")


def assert_forced(parts, tx, pid, frm, to, enforcer):
    assert events(tx, "ForcedTransfer") == [
        {"partId": pid, "from": frm, "to": to, "enforcer": enforcer, "reasonHash": hx(REASON)}
    ]
    assert events(tx, "Transfer") == [{"from": frm, "to": to, "id": pid}]
    assert parts.ownerOf(pid) == to
    assert parts.verifyPart(pid)["owner"] == to


def test_an_enforcer_moves_a_part(parts, maker, airline, enforcer, part):
    tx = parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, part, maker, airline, enforcer)
    assert parts.verifyPart(part)["status"] == PartStatus.InService


def test_an_enforcer_moves_a_frozen_part_and_the_freeze_stays(parts, maker, airline, broker, regulator, enforcer, part):
    parts.freezePart(part, ZERO32, {"from": regulator})
    tx = parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, part, maker, airline, enforcer)
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen
    assert parts.flagsOf(part) & FROZEN
    # The override lasted one call: the new owner is held by the freeze like anyone else.
    with brownie.reverts(err("PartFrozen", part)):
        parts.transferFrom(airline, broker, part, {"from": airline})


def test_an_enforcer_moves_a_suspect_part_and_it_stays_suspect(parts, maker, airline, broker, enforcer, part):
    parts.recallPart(part, ZERO32, {"from": maker})
    tx = parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, part, maker, airline, enforcer)
    assert parts.isSuspect(part)
    assert parts.verifyPart(part)["status"] == PartStatus.Suspect
    with brownie.reverts(err("PartSuspect", part)):
        parts.transferFrom(airline, broker, part, {"from": airline})


def test_an_enforcer_moves_a_part_of_a_recalled_batch(parts, maker, airline, regulator, enforcer):
    batch = parts.registerBatch(b32("PN-B"), [b32("B-1"), b32("B-2")], ZERO32, {"from": maker}).return_value
    pid = parts.partIdOf(maker, b32("PN-B"), b32("B-1"))
    parts.recallBatch(maker, batch, ZERO32, {"from": regulator})
    tx = parts.forcedTransfer(pid, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, pid, maker, airline, enforcer)
    assert parts.isSuspect(pid)


def test_an_enforcer_recovers_a_part_from_a_suspended_owner(
    parts, participants, maker, airline, regulator, enforcer, part
):
    participants.suspend(maker, ZERO32, {"from": regulator})
    tx = parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, part, maker, airline, enforcer)


def test_an_enforcer_recovers_a_part_from_an_offboarded_owner(parts, participants, admin, maker, airline, broker, enforcer, part):
    parts.transferFrom(maker, broker, part, {"from": maker})
    participants.offboard(broker, {"from": admin})
    tx = parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert_forced(parts, tx, part, broker, airline, enforcer)


def test_the_receiver_of_a_forced_transfer_must_be_an_active_participant(
    parts, participants, airline, outsider, regulator, enforcer, maker, part
):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.forcedTransfer(part, outsider, REASON, {"from": enforcer})
    participants.suspend(airline, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", airline)):
        parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert parts.ownerOf(part) == maker


@pytest.mark.parametrize("who", ["zero", "registry"])
def test_a_forced_transfer_to_zero_or_the_registry_is_refused(parts, enforcer, maker, part, who):
    to = ZERO_ADDRESS if who == "zero" else parts
    with brownie.reverts(err("InvalidReceiver", to)):
        parts.forcedTransfer(part, to, REASON, {"from": enforcer})
    assert parts.ownerOf(part) == maker


def test_only_an_active_enforcer_can_force_a_transfer(
    parts, participants, admin, regulator, maker, airline, outsider, enforcer, part
):
    for caller in (regulator, admin, maker):
        with brownie.reverts(missing_role(caller, ENFORCER_ROLE)):
            parts.forcedTransfer(part, airline, REASON, {"from": caller})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.forcedTransfer(part, airline, REASON, {"from": outsider})
    participants.suspend(enforcer, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", enforcer)):
        parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert parts.ownerOf(part) == maker


def test_a_forced_transfer_waits_for_the_suite_to_resume(parts, participants, regulator, airline, enforcer, maker, part):
    participants.pause({"from": regulator})
    with brownie.reverts(err("EnforcedPause")):
        parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert parts.ownerOf(part) == maker


def test_a_retired_part_cannot_be_forced(parts, maker, airline, enforcer, part):
    parts.retirePart(part, ZERO32, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        parts.forcedTransfer(part, airline, REASON, {"from": enforcer})
    assert parts.ownerOf(part) == maker


def test_an_installed_part_cannot_be_forced_out_of_its_assembly(parts, maker, airline, enforcer, register):
    parent, child = register("SN-ENG"), register("SN-BLD")
    parts.installPart(child, parent, {"from": maker})
    with brownie.reverts(err("PartInstalled", child, parent)):
        parts.forcedTransfer(child, airline, REASON, {"from": enforcer})
    assert parts.parentOf(child) == parent
    assert parts.ownerOf(child) == parts


def test_a_forced_transfer_of_an_unknown_part_is_refused(parts, maker, airline, enforcer):
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER"))
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.forcedTransfer(unknown, airline, REASON, {"from": enforcer})


def test_in_open_mode_an_enforcer_moves_a_frozen_part_of_a_suspended_owner(open_suite, maker, outsider, regulator, enforcer):
    parts, participants = open_suite.parts, open_suite.participants
    pid = register_part(parts, maker, "SN-OPEN")
    parts.freezePart(pid, ZERO32, {"from": regulator})
    participants.suspend(maker, ZERO32, {"from": regulator})
    tx = parts.forcedTransfer(pid, outsider, REASON, {"from": enforcer})
    assert_forced(parts, tx, pid, maker, outsider, enforcer)


def test_in_open_mode_a_suspended_receiver_is_still_refused(open_suite, maker, airline, regulator, enforcer):
    parts, participants = open_suite.parts, open_suite.participants
    pid = register_part(parts, maker, "SN-OPEN-2")
    participants.suspend(airline, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", airline)):
        parts.forcedTransfer(pid, airline, REASON, {"from": enforcer})
    assert parts.ownerOf(pid) == maker
