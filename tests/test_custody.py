"""Physical custody: the owner hands a part to a carrier or repair station and keeps title."""

import brownie
import pytest
from brownie import ZERO_ADDRESS

from helpers import HAS_CUSTODIAN, ZERO32, b32, err, events, key_of, signed_order


@pytest.fixture
def part(register):
    return register("SN-C1")


def custody_is_back_with_owner(parts, pid):
    return (
        parts.custodianOf(pid) == ZERO_ADDRESS
        and parts.verifyPart(pid)["custodian"] == ZERO_ADDRESS
        and parts.flagsOf(pid) & HAS_CUSTODIAN == 0
    )


def test_owner_assigns_custody_and_keeps_title(parts, maker, mro, part):
    tx = parts.assignCustody(part, mro, {"from": maker})
    assert events(tx, "CustodyChanged") == [{"partId": part, "previousCustodian": ZERO_ADDRESS, "custodian": mro}]
    assert parts.custodianOf(part) == mro
    info = parts.verifyPart(part)
    assert info["custodian"] == mro and info["owner"] == maker
    assert parts.ownerOf(part) == maker
    assert parts.flagsOf(part) & HAS_CUSTODIAN


def test_owner_moves_custody_from_one_custodian_to_another(parts, maker, mro, broker, part):
    parts.assignCustody(part, mro, {"from": maker})
    tx = parts.assignCustody(part, broker, {"from": maker})
    assert events(tx, "CustodyChanged") == [{"partId": part, "previousCustodian": mro, "custodian": broker}]
    assert parts.verifyPart(part)["custodian"] == broker


def test_assigning_the_same_custodian_or_the_owner_is_refused(parts, maker, mro, part):
    with brownie.reverts(err("CustodyUnchanged", part, ZERO_ADDRESS)):
        parts.assignCustody(part, ZERO_ADDRESS, {"from": maker})
    with brownie.reverts(err("CustodyUnchanged", part, maker)):
        parts.assignCustody(part, maker, {"from": maker})
    parts.assignCustody(part, mro, {"from": maker})
    with brownie.reverts(err("CustodyUnchanged", part, mro)):
        parts.assignCustody(part, mro, {"from": maker})
    assert parts.custodianOf(part) == mro


def test_only_the_owner_assigns_custody_not_an_approved_account(parts, maker, mro, broker, part):
    with brownie.reverts(err("NotPartOwner", part, broker, maker)):
        parts.assignCustody(part, mro, {"from": broker})
    parts.setApprovalForAll(broker, True, {"from": maker})
    with brownie.reverts(err("NotPartOwner", part, broker, maker)):
        parts.assignCustody(part, mro, {"from": broker})
    assert custody_is_back_with_owner(parts, part)


def test_the_custodian_must_be_an_active_participant(parts, participants, maker, mro, outsider, regulator, part):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.assignCustody(part, outsider, {"from": maker})
    participants.suspend(mro, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", mro)):
        parts.assignCustody(part, mro, {"from": maker})
    assert custody_is_back_with_owner(parts, part)


def test_a_suspended_owner_cannot_assign_custody(parts, participants, maker, mro, regulator, part):
    participants.suspend(maker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.assignCustody(part, mro, {"from": maker})


def test_custody_of_an_installed_retired_or_unknown_part_is_refused(parts, maker, mro, register):
    parent, child, scrap = register("SN-ENG"), register("SN-BLD"), register("SN-SCRAP")
    parts.installPart(child, parent, {"from": maker})
    with brownie.reverts(err("PartInstalled", child, parent)):
        parts.assignCustody(child, mro, {"from": maker})
    parts.retirePart(scrap, ZERO32, {"from": maker})
    with brownie.reverts(err("PartRetired", scrap)):
        parts.assignCustody(scrap, mro, {"from": maker})
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER"))
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.assignCustody(unknown, mro, {"from": maker})


@pytest.mark.parametrize("by", ["custodian", "owner"])
def test_the_custodian_or_the_owner_releases_custody(parts, maker, mro, part, by):
    parts.assignCustody(part, mro, {"from": maker})
    tx = parts.releaseCustody(part, {"from": mro if by == "custodian" else maker})
    assert events(tx, "CustodyChanged") == [{"partId": part, "previousCustodian": mro, "custodian": ZERO_ADDRESS}]
    assert custody_is_back_with_owner(parts, part)


def test_nobody_else_can_release_custody(parts, maker, mro, broker, part):
    parts.assignCustody(part, mro, {"from": maker})
    parts.setApprovalForAll(broker, True, {"from": maker})
    with brownie.reverts(err("NotOwnerOrCustodian", part, broker)):
        parts.releaseCustody(part, {"from": broker})
    assert parts.custodianOf(part) == mro


def test_releasing_when_the_owner_already_holds_the_part_is_refused(parts, maker, part):
    with brownie.reverts(err("CustodyUnchanged", part, ZERO_ADDRESS)):
        parts.releaseCustody(part, {"from": maker})


def test_a_custodian_may_not_transfer_the_part(parts, maker, mro, airline, part):
    parts.assignCustody(part, mro, {"from": maker})
    with brownie.reverts(err("NotOwnerNorApproved")):
        parts.transferFrom(maker, airline, part, {"from": mro})
    assert parts.ownerOf(part) == maker


def assert_custody_ended(parts, tx, pid, custodian):
    assert events(tx, "CustodyChanged") == [{"partId": pid, "previousCustodian": custodian, "custodian": ZERO_ADDRESS}]
    assert custody_is_back_with_owner(parts, pid)


def test_custody_ends_when_the_part_is_transferred(parts, maker, mro, airline, part):
    parts.assignCustody(part, mro, {"from": maker})
    tx = parts.transferFrom(maker, airline, part, {"from": maker})
    assert_custody_ended(parts, tx, part, mro)
    assert parts.verifyPart(part)["owner"] == airline


def test_custody_ends_when_a_handover_is_accepted(parts, maker, mro, airline, part):
    parts.assignCustody(part, mro, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.acceptPart(part, {"from": airline})
    assert_custody_ended(parts, tx, part, mro)
    assert parts.ownerOf(part) == airline


def test_custody_ends_when_the_part_moves_by_signed_transfer(parts, maker, mro, airline, keyed, part):
    parts.transferFrom(maker, keyed, part, {"from": maker})
    parts.assignCustody(part, mro, {"from": keyed})
    tx = parts.transferBySignature(*signed_order(parts, key_of(keyed), part, airline), {"from": mro})
    assert_custody_ended(parts, tx, part, mro)
    assert parts.ownerOf(part) == airline


def test_custody_ends_when_an_enforcer_forces_a_transfer(parts, maker, mro, airline, enforcer, part):
    parts.assignCustody(part, mro, {"from": maker})
    tx = parts.forcedTransfer(part, airline, b32("court order 7"), {"from": enforcer})
    assert_custody_ended(parts, tx, part, mro)
    assert parts.ownerOf(part) == airline


def test_custody_ends_when_the_part_is_installed_or_retired(parts, maker, mro, register):
    parent, child, scrap = register("SN-ENG"), register("SN-BLD"), register("SN-SCRAP")
    parts.assignCustody(child, mro, {"from": maker})
    parts.assignCustody(scrap, mro, {"from": maker})
    tx = parts.installPart(child, parent, {"from": maker})
    assert_custody_ended(parts, tx, child, mro)
    tx = parts.retirePart(scrap, ZERO32, {"from": maker})
    assert_custody_ended(parts, tx, scrap, mro)
