"""Two-step handover: offerPart, acceptPart, declinePart, cancelOffer, and offers that die when
the part moves by another path."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import HAS_OFFER, HOUR, ZERO32, b32, err, events, key_of, latest_timestamp, register_part, signed_order


@pytest.fixture
def part(register):
    return register("SN-H1")


def offer_is_closed(parts, pid):
    return tuple(parts.offerOf(pid)) == (ZERO_ADDRESS, 0, ZERO_ADDRESS) and parts.flagsOf(pid) & HAS_OFFER == 0


# ---------------------------------------------------------------- offerPart


def test_owner_offers_a_part_and_the_offer_is_recorded(parts, maker, airline, part):
    expiry = latest_timestamp() + HOUR
    tx = parts.offerPart(part, airline, expiry, {"from": maker})
    assert events(tx, "HandoverOffered") == [
        {"partId": part, "owner": maker, "recipient": airline, "expiry": expiry}
    ]
    assert tuple(parts.offerOf(part)) == (airline, expiry, ZERO_ADDRESS)
    assert parts.flagsOf(part) & HAS_OFFER
    assert parts.ownerOf(part) == maker  # nothing moves before acceptance


def test_an_offer_without_expiry_uses_zero(parts, maker, airline, part):
    tx = parts.offerPart(part, airline, 0, {"from": maker})
    assert events(tx, "HandoverOffered")[0]["expiry"] == 0
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)


def test_an_offer_expiring_now_or_in_the_past_is_refused(parts, maker, airline, part):
    for expiry in (latest_timestamp(), 1):
        with brownie.reverts(err("Expired", part, expiry)):
            parts.offerPart(part, airline, expiry, {"from": maker})
    assert offer_is_closed(parts, part)


@pytest.mark.parametrize("who", ["zero", "owner", "registry"])
def test_an_offer_to_zero_the_owner_or_the_registry_is_refused(parts, maker, part, who):
    recipient = {"zero": ZERO_ADDRESS, "owner": maker, "registry": parts}[who]
    with brownie.reverts(err("InvalidReceiver", recipient)):
        parts.offerPart(part, recipient, 0, {"from": maker})
    assert offer_is_closed(parts, part)


def test_only_the_owner_or_an_approved_account_can_offer(parts, maker, airline, broker, mro, part):
    with brownie.reverts(err("NotPartOwner", part, broker, maker)):
        parts.offerPart(part, airline, 0, {"from": broker})
    parts.approve(broker, part, {"from": maker})
    tx = parts.offerPart(part, airline, 0, {"from": broker})
    # The offer is made in the owner's name; the registry remembers which account made it.
    assert events(tx, "HandoverOffered") == [{"partId": part, "owner": maker, "recipient": airline, "expiry": 0}]
    assert tuple(parts.offerOf(part)) == (airline, 0, broker)
    tx = parts.acceptPart(part, {"from": airline})
    assert events(tx, "HandoverAccepted") == [{"partId": part, "from": maker, "to": airline}]
    assert parts.ownerOf(part) == airline


def test_an_operator_for_all_can_offer_and_cancel(parts, maker, airline, broker, part):
    parts.setApprovalForAll(broker, True, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": broker})
    tx = parts.cancelOffer(part, {"from": broker})
    assert events(tx, "HandoverCancelled") == [{"partId": part, "recipient": airline}]
    assert offer_is_closed(parts, part)


def test_a_suspended_owner_cannot_offer(parts, participants, maker, airline, regulator, part):
    participants.suspend(maker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.offerPart(part, airline, 0, {"from": maker})


def test_an_installed_or_retired_part_cannot_be_offered(parts, maker, airline, register):
    parent, child, scrap = register("SN-ENG"), register("SN-BLD"), register("SN-SCRAP")
    parts.installPart(child, parent, {"from": maker})
    with brownie.reverts(err("PartInstalled", child, parent)):
        parts.offerPart(child, airline, 0, {"from": maker})
    parts.retirePart(scrap, ZERO32, {"from": maker})
    with brownie.reverts(err("PartRetired", scrap)):
        parts.offerPart(scrap, airline, 0, {"from": maker})
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER"))
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.offerPart(unknown, airline, 0, {"from": maker})


def test_a_new_offer_replaces_the_previous_one(parts, maker, airline, mro, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    parts.offerPart(part, mro, 0, {"from": maker})
    assert tuple(parts.offerOf(part)) == (mro, 0, ZERO_ADDRESS)
    with brownie.reverts(err("NotOfferRecipient", part, airline, mro)):
        parts.acceptPart(part, {"from": airline})
    tx = parts.acceptPart(part, {"from": mro})
    assert parts.ownerOf(part) == mro
    assert events(tx, "HandoverAccepted") == [{"partId": part, "from": maker, "to": mro}]


# ---------------------------------------------------------------- offers made by an approved account


def grant(parts, approval, owner, operator, pid):
    if approval == "approve":
        parts.approve(operator, pid, {"from": owner})
    else:
        parts.setApprovalForAll(operator, True, {"from": owner})


REVOCATIONS = {  # how an owner ends an approval: (approval kind, revoke(parts, owner, operator, pid, other))
    "approve-zero": ("approve", lambda p, o, op, pid, other: p.approve(ZERO_ADDRESS, pid, {"from": o})),
    "approve-another": ("approve", lambda p, o, op, pid, other: p.approve(other, pid, {"from": o})),
    "for-all-revoked": ("setApprovalForAll", lambda p, o, op, pid, other: p.setApprovalForAll(op, False, {"from": o})),
}


@pytest.mark.parametrize("to_itself", [True, False], ids=["to-itself", "to-a-third-party"])
@pytest.mark.parametrize("revocation", REVOCATIONS)
def test_an_operators_offer_dies_with_its_approval(parts, maker, airline, broker, mro, part, revocation, to_itself):
    """An approved account offers the part (to itself, or to a friend); the owner revokes the
    approval; the offer can no longer be accepted. The owner can still cancel it."""
    approval, revoke = REVOCATIONS[revocation]
    recipient = broker if to_itself else airline
    grant(parts, approval, maker, broker, part)
    parts.offerPart(part, recipient, 0, {"from": broker})
    assert tuple(parts.offerOf(part)) == (recipient, 0, broker)
    revoke(parts, maker, broker, part, mro)
    with brownie.reverts(err("OfferMakerNotApproved", part, broker, maker)):
        parts.acceptPart(part, {"from": recipient})
    assert parts.ownerOf(part) == maker
    tx = parts.cancelOffer(part, {"from": maker})
    assert events(tx, "HandoverCancelled") == [{"partId": part, "recipient": recipient}]
    assert offer_is_closed(parts, part)


@pytest.mark.parametrize("approval", ["approve", "setApprovalForAll"])
def test_an_operators_offer_stands_while_its_approval_does(parts, maker, airline, broker, part, approval):
    grant(parts, approval, maker, broker, part)
    parts.offerPart(part, airline, 0, {"from": broker})
    tx = parts.acceptPart(part, {"from": airline})
    assert events(tx, "HandoverAccepted") == [{"partId": part, "from": maker, "to": airline}]
    assert parts.ownerOf(part) == airline
    assert offer_is_closed(parts, part)


def test_an_operators_offer_needs_the_operator_still_active(parts, participants, admin, regulator, maker, airline, broker, part):
    parts.setApprovalForAll(broker, True, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": broker})
    participants.suspend(broker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", broker)):
        parts.acceptPart(part, {"from": airline})
    participants.reinstate(broker, ZERO32, {"from": regulator})
    participants.offboard(broker, {"from": admin})
    with brownie.reverts(err("ParticipantNotRegistered", broker)):
        parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == maker
    participants.onboard(broker, "Parts Brokerage", "BRK-12", [], {"from": admin})
    parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == airline


def test_in_open_mode_an_offboarded_operators_offer_stands_a_suspended_ones_does_not(
    open_suite, admin, regulator, maker, airline, broker, mro
):
    parts, participants = open_suite.parts, open_suite.participants
    first, second = register_part(parts, maker, "SN-OPEN-1"), register_part(parts, maker, "SN-OPEN-2")
    parts.setApprovalForAll(broker, True, {"from": maker})
    parts.setApprovalForAll(mro, True, {"from": maker})
    parts.offerPart(first, airline, 0, {"from": broker})
    parts.offerPart(second, airline, 0, {"from": mro})
    participants.offboard(broker, {"from": admin})
    participants.suspend(mro, ZERO32, {"from": regulator})
    parts.acceptPart(first, {"from": airline})
    with brownie.reverts(err("ParticipantSuspended", mro)):
        parts.acceptPart(second, {"from": airline})
    assert parts.ownerOf(first) == airline and parts.ownerOf(second) == maker


def test_the_owners_new_offer_replaces_an_operators_and_forgets_its_maker(parts, maker, airline, broker, mro, part):
    parts.approve(broker, part, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": broker})
    parts.offerPart(part, mro, 0, {"from": maker})
    assert tuple(parts.offerOf(part)) == (mro, 0, ZERO_ADDRESS)
    parts.approve(ZERO_ADDRESS, part, {"from": maker})  # the operator's approval ends: the owner's offer stands
    parts.acceptPart(part, {"from": mro})
    assert parts.ownerOf(part) == mro


@pytest.mark.parametrize("end", ["declined", "cancelled", "transferred"])
def test_an_operators_offer_leaves_no_maker_behind_when_it_closes(parts, maker, airline, broker, part, end):
    parts.approve(broker, part, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": broker})
    if end == "declined":
        parts.declinePart(part, {"from": airline})
    elif end == "cancelled":
        parts.cancelOffer(part, {"from": broker})
    else:
        parts.transferFrom(maker, broker, part, {"from": broker})
        parts.transferFrom(broker, maker, part, {"from": broker})
    assert offer_is_closed(parts, part)
    parts.offerPart(part, airline, 0, {"from": maker})
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)


# ---------------------------------------------------------------- acceptPart


def test_the_recipient_accepts_and_ownership_moves(parts, maker, airline, part):
    parts.offerPart(part, airline, latest_timestamp() + HOUR, {"from": maker})
    tx = parts.acceptPart(part, {"from": airline})
    assert events(tx, "HandoverAccepted") == [{"partId": part, "from": maker, "to": airline}]
    assert events(tx, "Transfer") == [{"from": maker, "to": airline, "id": part}]
    assert events(tx, "HandoverCancelled") == []  # an accepted offer is closed, not cancelled
    assert parts.ownerOf(part) == airline
    assert parts.verifyPart(part)["owner"] == airline
    assert offer_is_closed(parts, part)


def test_only_the_recipient_can_accept(parts, maker, airline, broker, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    for other in (broker, maker):
        with brownie.reverts(err("NotOfferRecipient", part, other, airline)):
            parts.acceptPart(part, {"from": other})
    assert parts.ownerOf(part) == maker
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)


def test_an_offer_can_be_accepted_until_its_expiry_and_not_after(parts, maker, airline, register):
    early, late = register("SN-E1"), register("SN-E2")
    expiry = latest_timestamp() + HOUR
    parts.offerPart(early, airline, expiry, {"from": maker})
    parts.offerPart(late, airline, expiry, {"from": maker})
    parts.acceptPart(early, {"from": airline})
    assert parts.ownerOf(early) == airline
    chain.sleep(HOUR + 60)
    chain.mine()
    with brownie.reverts(err("Expired", late, expiry)):
        parts.acceptPart(late, {"from": airline})
    assert parts.ownerOf(late) == maker


def test_a_suspended_recipient_cannot_accept_and_the_offer_stays_open(
    parts, participants, maker, airline, regulator, part
):
    parts.offerPart(part, airline, 0, {"from": maker})
    participants.suspend(airline, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", airline)):
        parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == maker
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)
    participants.reinstate(airline, ZERO32, {"from": regulator})
    parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == airline


def test_an_owner_suspended_after_offering_cannot_hand_over(parts, participants, maker, airline, regulator, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    participants.suspend(maker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == maker


def test_an_unregistered_recipient_is_refused_at_offer_and_again_at_accept(
    parts, participants, admin, maker, airline, outsider, part
):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.offerPart(part, outsider, 0, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": maker})
    participants.offboard(airline, {"from": admin})
    with brownie.reverts(err("ParticipantNotRegistered", airline)):
        parts.acceptPart(part, {"from": airline})
    assert parts.ownerOf(part) == maker


def test_an_offer_must_pass_the_part_rules_when_made(parts, regulator, maker, airline, part):
    parts.freezePart(part, ZERO32, {"from": regulator})
    with brownie.reverts(err("PartFrozen", part)):
        parts.offerPart(part, airline, 0, {"from": maker})
    assert tuple(parts.offerOf(part)) == (ZERO_ADDRESS, 0, ZERO_ADDRESS)


def test_an_unregistered_recipient_can_accept_in_open_mode(open_suite, maker, outsider):
    parts = open_suite.parts
    pid = register_part(parts, maker, "SN-OPEN")
    parts.offerPart(pid, outsider, 0, {"from": maker})
    tx = parts.acceptPart(pid, {"from": outsider})
    assert events(tx, "HandoverAccepted") == [{"partId": pid, "from": maker, "to": outsider}]
    assert parts.ownerOf(pid) == outsider


def test_acceptance_obeys_the_part_rules_and_the_pause(parts, participants, maker, airline, regulator, register):
    frozen, suspect, paused = register("SN-R1"), register("SN-R2"), register("SN-R3")
    for pid in (frozen, suspect, paused):
        parts.offerPart(pid, airline, 0, {"from": maker})
    parts.freezePart(frozen, ZERO32, {"from": regulator})
    parts.recallPart(suspect, ZERO32, {"from": maker})
    with brownie.reverts(err("PartFrozen", frozen)):
        parts.acceptPart(frozen, {"from": airline})
    with brownie.reverts(err("PartSuspect", suspect)):
        parts.acceptPart(suspect, {"from": airline})
    participants.pause({"from": regulator})
    with brownie.reverts(err("EnforcedPause")):
        parts.acceptPart(paused, {"from": airline})
    for pid in (frozen, suspect, paused):
        assert parts.ownerOf(pid) == maker


def test_an_approval_does_not_survive_a_handover(parts, maker, airline, broker, mro, part):
    parts.approve(broker, part, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": maker})
    parts.acceptPart(part, {"from": airline})
    assert parts.getApproved(part) == ZERO_ADDRESS
    with brownie.reverts(err("NotOwnerNorApproved")):
        parts.transferFrom(airline, mro, part, {"from": broker})


# ---------------------------------------------------------------- declinePart, cancelOffer


def test_the_recipient_declines_and_the_offer_closes(parts, maker, airline, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.declinePart(part, {"from": airline})
    assert events(tx, "HandoverDeclined") == [{"partId": part, "recipient": airline}]
    assert offer_is_closed(parts, part)
    assert parts.ownerOf(part) == maker
    with brownie.reverts(err("NoOpenOffer", part)):
        parts.acceptPart(part, {"from": airline})


def test_only_the_recipient_can_decline(parts, maker, airline, broker, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    for other in (broker, maker):
        with brownie.reverts(err("NotOfferRecipient", part, other, airline)):
            parts.declinePart(part, {"from": other})
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)


def test_the_owner_cancels_and_the_recipient_can_no_longer_accept(parts, maker, airline, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.cancelOffer(part, {"from": maker})
    assert events(tx, "HandoverCancelled") == [{"partId": part, "recipient": airline}]
    assert offer_is_closed(parts, part)
    with brownie.reverts(err("NoOpenOffer", part)):
        parts.acceptPart(part, {"from": airline})


def test_only_the_owner_or_an_approved_account_can_cancel(parts, maker, airline, broker, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    for other in (broker, airline):
        with brownie.reverts(err("NotPartOwner", part, other, maker)):
            parts.cancelOffer(part, {"from": other})
    assert tuple(parts.offerOf(part)) == (airline, 0, ZERO_ADDRESS)


@pytest.mark.parametrize("action", ["acceptPart", "declinePart", "cancelOffer"])
def test_without_an_open_offer_accept_decline_and_cancel_revert(parts, maker, airline, part, action):
    sender = maker if action == "cancelOffer" else airline
    with brownie.reverts(err("NoOpenOffer", part)):
        getattr(parts, action)(part, {"from": sender})


# ---------------------------------------------------------------- offers die when the part moves


def assert_offer_died(parts, tx, pid, recipient):
    assert events(tx, "HandoverCancelled") == [{"partId": pid, "recipient": recipient}]
    assert offer_is_closed(parts, pid)
    with brownie.reverts(err("NoOpenOffer", pid)):
        parts.acceptPart(pid, {"from": recipient})


def test_an_offer_dies_when_the_owner_transfers_the_part_directly(parts, maker, airline, broker, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.transferFrom(maker, broker, part, {"from": maker})
    names = [e.name for e in tx.events]
    assert names.index("HandoverCancelled") < names.index("Transfer")
    assert_offer_died(parts, tx, part, airline)
    assert parts.ownerOf(part) == broker


def test_an_offer_dies_when_the_part_moves_by_signed_transfer(parts, maker, airline, broker, keyed, part):
    parts.transferFrom(maker, keyed, part, {"from": maker})
    parts.offerPart(part, airline, 0, {"from": keyed})
    tx = parts.transferBySignature(*signed_order(parts, key_of(keyed), part, broker), {"from": airline})
    assert_offer_died(parts, tx, part, airline)
    assert parts.ownerOf(part) == broker


def test_an_offer_dies_when_an_enforcer_forces_a_transfer(parts, maker, airline, broker, enforcer, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.forcedTransfer(part, broker, b32("court order 12"), {"from": enforcer})
    assert_offer_died(parts, tx, part, airline)
    assert parts.ownerOf(part) == broker


def test_an_offer_dies_when_the_part_is_installed(parts, maker, airline, register):
    parent, child = register("SN-ENG"), register("SN-BLD")
    parts.offerPart(child, airline, 0, {"from": maker})
    tx = parts.installPart(child, parent, {"from": maker})
    assert_offer_died(parts, tx, child, airline)


def test_an_offer_dies_when_the_part_is_retired(parts, maker, airline, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    tx = parts.retirePart(part, ZERO32, {"from": maker})
    assert_offer_died(parts, tx, part, airline)


def test_an_offer_that_died_does_not_come_back_when_the_part_returns(parts, maker, airline, broker, part):
    parts.offerPart(part, airline, 0, {"from": maker})
    parts.transferFrom(maker, broker, part, {"from": maker})
    parts.transferFrom(broker, maker, part, {"from": broker})
    assert offer_is_closed(parts, part)
    with brownie.reverts(err("NoOpenOffer", part)):
        parts.acceptPart(part, {"from": airline})
