"""The registry's side of the financing bridge (IPartFinancing), reached through a harness that
stands in for the purchase orders: who may connect a financing contract and replace it, who may
encumber, release and deliver, what an encumbrance checks, and that an encumbered part moves by
no other path (every ERC-721 path, handover, signed order, assembly, custody, retirement) while a
forced transfer lifts it and a recall or a freeze still lands on it."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, FinancingHarness, PartRegistry, web3

from helpers import (
    ADMIN_ROLE,
    ZERO32,
    Action,
    TransferCode,
    b32,
    err,
    events,
    key_of,
    missing_role,
    register_part,
    signed_order,
)
from partledger.roles import MANUFACTURER_ROLE

ENCUMBERED = 1 << 6
REASON = b32("court order 17")


@pytest.fixture(scope="module")
def harness(parts, participants, orders, admin, regulator):
    """A financing harness connected in place of the purchase orders (two authorities, as any
    replacement: the orders hold no part yet)."""
    harness = FinancingHarness.deploy(parts, participants, {"from": admin})
    parts.connectFinancing(harness, {"from": admin})
    parts.connectFinancing(harness, {"from": regulator})
    assert parts.financing() == harness
    return harness


@pytest.fixture(scope="module")
def orders(suite):
    return suite.orders


@pytest.fixture
def part(parts, maker):
    return register_part(parts, maker, "BR-1")


def _data(address) -> str:
    return web3.keccak(hexstr=web3.codec.encode(["string", "address"], ["financing", str(address)]).hex()).hex()


# ---------------------------------------------------------------- connecting


def test_a_fresh_registry_connects_its_financing_by_the_admin_alone(participants, admin, regulator, maker):
    registry = PartRegistry.deploy(participants, True, {"from": admin})
    assert registry.financing() == ZERO_ADDRESS
    harness = FinancingHarness.deploy(registry, participants, {"from": admin})
    with brownie.reverts(missing_role(maker, ADMIN_ROLE)):
        registry.connectFinancing(harness, {"from": maker})
    with brownie.reverts(missing_role(regulator, ADMIN_ROLE)):
        registry.connectFinancing(harness, {"from": regulator})
    tx = registry.connectFinancing(harness, {"from": admin})
    assert events(tx, "FinancingConnected") == [{"previous": ZERO_ADDRESS, "financing": harness}]
    assert registry.financing() == harness


def test_a_contract_of_another_registry_or_no_contract_is_refused(parts, participants, admin, maker, suite):
    stranger = FinancingHarness.deploy(participants, participants, {"from": admin})  # parts() wrong
    other_participants = FinancingHarness.deploy(parts, parts, {"from": admin})  # participants() wrong
    for candidate in (stranger, other_participants, maker, parts):
        with brownie.reverts(err("InvalidFinancing", candidate)):
            parts.connectFinancing(candidate, {"from": admin})
    assert parts.financing() == suite.orders


def test_replacing_takes_two_authorities_and_the_proposal_is_tagged(parts, participants, admin, regulator, suite):
    harness = FinancingHarness.deploy(parts, participants, {"from": admin})
    tx = parts.connectFinancing(harness, {"from": admin})
    assert parts.financing() == suite.orders
    assert "FinancingConnected" not in tx.events
    proposed = events(tx, "ActionProposed")
    assert proposed[0]["actionId"] == participants.actionId(Action.External, parts, _data(harness))
    # the same address proposed as the records would be another proposal: tags keep them apart
    assert _data(harness) != "0x" + "00" * 12 + harness.address[2:].lower()
    with brownie.reverts(err("AlreadyProposed", proposed[0]["actionId"], admin)):
        parts.connectFinancing(harness, {"from": admin})
    tx = parts.connectFinancing(harness, {"from": regulator})
    assert events(tx, "FinancingConnected") == [{"previous": suite.orders, "financing": harness}]


def test_a_financing_contract_holding_parts_is_replaced_and_winds_down(parts, participants, harness, admin,
                                                                     regulator, maker, airline, part, register):
    """Parts encumbered no longer block the replacement: the replaced contract winds down, still
    releasing and delivering what it encumbered, encumbering nothing more; it never comes back."""
    harness.encumber(part, maker, airline, {"from": admin})
    second = register("BR-2")
    harness.encumber(second, maker, airline, {"from": admin})
    other = FinancingHarness.deploy(parts, participants, {"from": admin})
    for candidate in (harness,):  # the current one
        with brownie.reverts(err("InvalidFinancing", candidate)):
            parts.connectFinancing(candidate, {"from": admin})
    parts.connectFinancing(other, {"from": admin})
    assert parts.financing() == harness and not parts.isWindingDown(harness)
    tx = parts.connectFinancing(other, {"from": regulator})
    assert events(tx, "FinancingConnected") == [{"previous": harness, "financing": other}]
    assert parts.financing() == other and parts.isWindingDown(harness) and not parts.isWindingDown(other)
    assert parts.encumberedCount() == 2 and parts.encumbranceOf(part) == airline
    third = register("BR-3")
    with brownie.reverts(err("NotFinancing", harness)):
        harness.encumber(third, maker, airline, {"from": admin})
    tx = harness.release(part, {"from": admin})
    assert events(tx, "EncumbranceLifted") == [{"partId": part, "beneficiary": airline, "delivered": False}]
    harness.deliver(second, {"from": admin})
    assert parts.ownerOf(second) == airline and parts.ownerOf(part) == maker and parts.encumberedCount() == 0
    # the new contract encumbers; the old one cannot touch that promise, nor come back
    other.encumber(part, maker, airline, {"from": admin})
    for call in (harness.release, harness.deliver):
        with brownie.reverts(err("EncumberedByOther", part, harness)):
            call(part, {"from": admin})
    assert parts.encumbranceOf(part) == airline and parts.ownerOf(part) == maker
    with brownie.reverts(err("InvalidFinancing", harness)):
        parts.connectFinancing(harness, {"from": admin})


# ---------------------------------------------------------------- who may call


def test_only_the_connected_financing_contract_encumbers_releases_delivers(parts, harness, maker, airline, admin, part):
    for caller in (maker, airline, admin):
        with brownie.reverts(err("NotFinancing", caller)):
            parts.encumber(part, maker, airline, {"from": caller})
        with brownie.reverts(err("NotFinancing", caller)):
            parts.release(part, {"from": caller})
        with brownie.reverts(err("NotFinancing", caller)):
            parts.deliverEncumbered(part, {"from": caller})
    assert parts.encumbranceOf(part) == ZERO_ADDRESS


# ---------------------------------------------------------------- encumber


def test_encumber_promises_the_part_and_counts_it(parts, harness, maker, airline, part):
    tx = harness.encumber(part, maker, airline, {"from": maker})
    assert events(tx, "EncumbranceSet") == [{"partId": part, "owner": maker, "beneficiary": airline}]
    assert parts.encumbranceOf(part) == airline
    assert parts.flagsOf(part) & ENCUMBERED
    assert parts.encumberedCount() == 1
    assert parts.canTransfer(maker, airline, part) == TransferCode.PartEncumbered
    with brownie.reverts(err("PartEncumbered", part)):
        harness.encumber(part, maker, airline, {"from": maker})


def test_encumber_checks_the_part_and_the_parties(parts, harness, maker, airline, outsider, regulator, participants, admin):
    missing = 12345
    with brownie.reverts(err("PartNotFound", missing)):
        harness.encumber(missing, maker, airline, {"from": maker})
    part = register_part(parts, maker, "BR-2")
    with brownie.reverts(err("IncorrectOwner", part, airline, maker)):
        harness.encumber(part, airline, maker, {"from": maker})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        harness.encumber(part, maker, outsider, {"from": maker})
    participants.suspend(airline, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", airline)):
        harness.encumber(part, maker, airline, {"from": maker})
    with brownie.reverts(err("InvalidReceiver", ZERO_ADDRESS)):
        harness.encumber(part, maker, ZERO_ADDRESS, {"from": maker})
    assert parts.encumberedCount() == 0


@pytest.mark.parametrize("status", ["suspect", "frozen", "retired", "installed"])
def test_a_part_out_of_service_or_installed_cannot_be_encumbered(parts, harness, maker, airline, regulator, status):
    part = register_part(parts, maker, "BR-3")
    engine = register_part(parts, maker, "ENG-3", "PN-ENG")
    if status == "suspect":
        parts.recallPart(part, REASON, {"from": maker})
        expected = err("PartSuspect", part)
    elif status == "frozen":
        parts.freezePart(part, REASON, {"from": regulator})
        expected = err("PartFrozen", part)
    elif status == "retired":
        parts.retirePart(part, REASON, {"from": maker})
        expected = err("PartRetired", part)
    else:
        parts.installPart(part, engine, {"from": maker})
        expected = err("PartInstalled", part, engine)
    with brownie.reverts(expected):
        harness.encumber(part, maker, airline, {"from": maker})


def test_encumber_ends_an_open_offer_and_custody(parts, harness, maker, airline, broker, mro, part):
    parts.offerPart(part, broker, 0, {"from": maker})
    parts.assignCustody(part, mro, {"from": maker})
    tx = harness.encumber(part, maker, airline, {"from": maker})
    assert events(tx, "HandoverCancelled") == [{"partId": part, "recipient": broker}]
    assert events(tx, "CustodyChanged") == [{"partId": part, "previousCustodian": mro, "custodian": ZERO_ADDRESS}]
    assert parts.offerOf(part)[0] == ZERO_ADDRESS and parts.custodianOf(part) == ZERO_ADDRESS


# ---------------------------------------------------------------- no side door


def test_an_encumbered_part_moves_by_no_other_path(parts, harness, maker, keyed, airline, broker, mro):
    part = register_part(parts, maker, "BR-4")
    parts.transferFrom(maker, keyed, part, {"from": maker})
    harness.encumber(part, keyed, airline, {"from": keyed})
    parts.setApprovalForAll(broker, True, {"from": keyed})
    for sender in (keyed, broker):
        with brownie.reverts(err("PartEncumbered", part)):
            parts.transferFrom(keyed, broker, part, {"from": sender})
        with brownie.reverts(err("PartEncumbered", part)):
            parts.safeTransferFrom(keyed, airline, part, {"from": sender})
        with brownie.reverts(err("PartEncumbered", part)):
            parts.offerPart(part, airline, 0, {"from": sender})
    with brownie.reverts(err("PartEncumbered", part)):
        parts.transferBySignature(*signed_order(parts, key_of(keyed), part, airline), {"from": broker})
    with brownie.reverts(err("PartEncumbered", part)):
        parts.assignCustody(part, mro, {"from": keyed})
    with brownie.reverts(err("PartEncumbered", part)):
        parts.retirePart(part, REASON, {"from": keyed})
    assert parts.ownerOf(part) == keyed and parts.encumbranceOf(part) == airline


def test_an_encumbered_part_stays_out_of_assemblies_and_its_assembly_stays_whole(parts, harness, maker, airline):
    engine = register_part(parts, maker, "ENG-5", "PN-ENG")
    blade = register_part(parts, maker, "B-5", "PN-BLADE")
    vane = register_part(parts, maker, "V-5", "PN-VANE")
    parts.installPart(vane, engine, {"from": maker})
    harness.encumber(blade, maker, airline, {"from": maker})
    with brownie.reverts(err("PartEncumbered", blade)):
        parts.installPart(blade, engine, {"from": maker})  # the encumbered part as a child
    harness.release(blade, {"from": maker})
    harness.encumber(engine, maker, airline, {"from": maker})
    with brownie.reverts(err("PartEncumbered", engine)):
        parts.installPart(blade, engine, {"from": maker})  # into an encumbered assembly
    with brownie.reverts(err("PartEncumbered", engine)):
        parts.removePart(vane, {"from": maker})  # out of it
    tx = harness.deliver(engine, {"from": maker})  # the assembly travels whole
    assert parts.ownerOf(engine) == airline and parts.rootOwnerOf(vane) == airline
    assert events(tx, "EncumbranceLifted") == [{"partId": engine, "beneficiary": airline, "delivered": True}]


# ---------------------------------------------------------------- release and deliver


def test_release_lifts_the_encumbrance_and_the_part_moves_again(parts, harness, maker, airline, broker, part):
    with brownie.reverts(err("PartNotEncumbered", part)):
        harness.release(part, {"from": maker})
    harness.encumber(part, maker, airline, {"from": maker})
    tx = harness.release(part, {"from": maker})
    assert events(tx, "EncumbranceLifted") == [{"partId": part, "beneficiary": airline, "delivered": False}]
    assert parts.encumbranceOf(part) == ZERO_ADDRESS and parts.encumberedCount() == 0
    assert not parts.flagsOf(part) & ENCUMBERED
    parts.transferFrom(maker, broker, part, {"from": maker})
    assert parts.ownerOf(part) == broker


def test_deliver_moves_the_part_to_its_beneficiary_only(parts, harness, maker, airline, part):
    with brownie.reverts(err("PartNotEncumbered", part)):
        harness.deliver(part, {"from": maker})
    harness.encumber(part, maker, airline, {"from": maker})
    tx = harness.deliver(part, {"from": maker})
    assert [dict(e) for e in tx.events["Transfer"]] == [{"from": maker, "to": airline, "id": part}]
    assert parts.ownerOf(part) == airline and parts.encumberedCount() == 0
    with brownie.reverts(err("PartNotEncumbered", part)):
        harness.deliver(part, {"from": maker})


def test_deliver_keeps_every_other_transfer_rule(parts, participants, harness, maker, airline, regulator, admin, part):
    harness.encumber(part, maker, airline, {"from": maker})
    parts.freezePart(part, REASON, {"from": regulator})  # a freeze lands on an encumbered part
    with brownie.reverts(err("PartFrozen", part)):
        harness.deliver(part, {"from": maker})
    parts.unfreezePart(part, REASON, {"from": regulator})
    parts.recallPart(part, REASON, {"from": maker})  # so does a recall
    with brownie.reverts(err("PartSuspect", part)):
        harness.deliver(part, {"from": maker})
    parts.clearPart(part, REASON, {"from": maker})
    participants.suspend(airline, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", airline)):
        harness.deliver(part, {"from": maker})
    participants.reinstate(airline, ZERO32, {"from": regulator})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        harness.deliver(part, {"from": maker})
    participants.unpause({"from": admin})
    assert parts.encumbranceOf(part) == airline  # every failure changed nothing
    harness.deliver(part, {"from": maker})
    assert parts.ownerOf(part) == airline


def test_a_forced_transfer_lifts_the_encumbrance(parts, harness, maker, airline, broker, enforcer, part):
    harness.encumber(part, maker, airline, {"from": maker})
    tx = parts.forcedTransfer(part, broker, REASON, {"from": enforcer})
    assert events(tx, "EncumbranceLifted") == [{"partId": part, "beneficiary": airline, "delivered": False}]
    assert parts.ownerOf(part) == broker
    assert parts.encumbranceOf(part) == ZERO_ADDRESS and parts.encumberedCount() == 0
    assert not parts.flagsOf(part) & ENCUMBERED
    with brownie.reverts(err("PartNotEncumbered", part)):
        harness.deliver(part, {"from": maker})


def test_a_manufacturer_without_its_role_keeps_nothing_it_promised_moving(parts, participants, harness, maker, airline, admin, regulator, part):
    """The encumbrance names the owner's promise, not a role: a de-accredited seller's promised
    part is still delivered (the buyer paid for it), by the transfer rules of a plain holder."""
    harness.encumber(part, maker, airline, {"from": maker})
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    harness.deliver(part, {"from": maker})
    assert parts.ownerOf(part) == airline
