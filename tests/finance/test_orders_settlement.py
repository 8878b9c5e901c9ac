"""Purchase orders after acceptance: dropping an undeliverable part (recall, freeze, forced
transfer), refund after the deadline, dispute and ruling, purchase-order financing, the
regulator's freeze, the suite pause, and orders on credit (receivables issued on delivery).
Every flow checks that the contract holds exactly what it owes."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import (
    ARBITER_ROLE,
    DeliveryCode,
    FINANCIER_ROLE,
    REGULATOR_ROLE,
    SB,
    ZERO32,
    LineState,
    OrderState,
    OrderTerms,
    err,
    events,
    hx,
    latest_timestamp,
    missing_role,
    new_key_account,
    onboard,
)
from orders_kit import DAY, PRICE, USD, assert_balanced, line_states, make_parts, open_order

SHARE, LAST = PRICE // 3, PRICE // 3 + PRICE % 3
DOC = b"\x11" * 32  # a dispute's document hash


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "SET", 3)


@pytest.fixture(scope="module")
def judge2(participants, admin):
    """A second arbiter, not named by the orders here."""
    account = new_key_account("finance/arbiter2", funder=admin)
    participants.onboard(account, "Second Chamber", "ARB-2", [ARBITER_ROLE], {"from": admin})
    return account


@pytest.fixture
def accepted(orders, usd, oem, tier1, arbiter, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    return order_id


def _expire():
    chain.sleep(DAY + 1)
    chain.mine()


# ------------------------------------------------------------------ drop


def test_a_part_recalled_after_acceptance_is_dropped_at_once_and_refunded(orders, parts, usd, oem, tier1, blades,
                                                                        accepted):
    with brownie.reverts(err("PartStillDeliverable", 1, blades[2])):
        orders.dropPart(1, blades[2], {"from": oem})
    parts.recallPart(blades[2], SB, {"from": tier1})
    with brownie.reverts(err("NotBuyer", 1, tier1)):
        orders.dropPart(1, blades[2], {"from": tier1})
    tx = orders.dropPart(1, blades[2], {"from": oem})
    assert events(tx, "PartDropped") == [{"orderId": 1, "partId": blades[2], "refund": LAST}]
    assert events(tx, "EncumbranceLifted") == [{"partId": blades[2], "beneficiary": oem, "delivered": False}]
    assert usd.balanceOf(oem) == LAST  # straight to the caller
    assert parts.ownerOf(blades[2]) == tier1 and parts.encumbranceOf(blades[2]) == ZERO_ADDRESS
    assert line_states(orders, 1) == [LineState.Pending, LineState.Pending, LineState.Dropped]
    assert orders.escrowed(1) == 2 * SHARE and orders.openOrderOf(blades[2]) == 0
    assert_balanced(orders, usd)
    with brownie.reverts(err("PartAlreadySettled", 1, blades[2], LineState.Dropped)):
        orders.dropPart(1, blades[2], {"from": oem})
    tx = orders.deliver(1, blades[:2], {"from": tier1})
    assert events(tx, "OrderCompleted") == [{"orderId": 1}]  # delivered + dropped = every part
    assert usd.balanceOf(tier1) == 2 * SHARE and usd.balanceOf(orders) == 0
    assert_balanced(orders, usd)


def test_a_frozen_part_is_dropped_and_released_to_the_seller(orders, parts, usd, oem, tier1, regulator, blades,
                                                            accepted):
    parts.freezePart(blades[0], ZERO32, {"from": regulator})
    tx = orders.dropPart(1, blades[0], {"from": oem})
    assert events(tx, "PartDropped")[0]["refund"] == SHARE
    assert parts.encumbranceOf(blades[0]) == ZERO_ADDRESS and parts.ownerOf(blades[0]) == tier1
    assert_balanced(orders, usd)


def test_a_part_forced_away_is_dropped_without_release(orders, parts, usd, oem, tier1, broker, enforcer, blades,
                                                      accepted):
    parts.forcedTransfer(blades[1], broker, SB, {"from": enforcer})  # lifts the encumbrance
    tx = orders.dropPart(1, blades[1], {"from": oem})
    assert "EncumbranceLifted" not in tx.events and events(tx, "PartDropped")[0]["refund"] == SHARE
    assert parts.ownerOf(blades[1]) == broker
    # a part forced away and back is no longer promised to the buyer: droppable too
    parts.forcedTransfer(blades[0], broker, SB, {"from": enforcer})
    parts.forcedTransfer(blades[0], tier1, SB, {"from": enforcer})
    orders.dropPart(1, blades[0], {"from": oem})
    assert orders.escrowed(1) == LAST
    assert_balanced(orders, usd)


@pytest.mark.parametrize("how", ["suspended", "offboarded"])
def test_the_buyer_drops_every_line_at_once_when_the_seller_can_no_longer_deliver(
        orders, participants, parts, usd, admin, oem, tier1, regulator, blades, accepted, how):
    """A seller suspended or offboarded can deliver nothing: the buyer need not wait for the
    deadline (up to a year) to get its escrow back."""
    with brownie.reverts(err("PartStillDeliverable", 1, blades[0])):
        orders.dropPart(1, blades[0], {"from": oem})  # an active seller may still deliver
    if how == "suspended":
        participants.suspend(tier1, ZERO32, {"from": regulator})
    else:
        participants.offboard(tier1, {"from": admin})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.SellerRefused
    buyer_before, seller_before = usd.balanceOf(oem), usd.balanceOf(tier1) + orders.owed(usd, tier1)
    refunds = [events(orders.dropPart(1, p, {"from": oem}), "PartDropped")[0]["refund"] for p in blades]
    assert refunds == [SHARE, SHARE, LAST]
    assert usd.balanceOf(oem) - buyer_before == PRICE  # the buyer: the whole escrow, now
    assert usd.balanceOf(tier1) + orders.owed(usd, tier1) == seller_before  # the seller: nothing
    assert [parts.ownerOf(p) for p in blades] == [tier1] * 3  # its parts released to it
    assert [parts.encumbranceOf(p) for p in blades] == [ZERO_ADDRESS] * 3
    assert orders.escrowed(1) == 0 and line_states(orders, 1) == [LineState.Dropped] * 3
    assert_balanced(orders, usd)


def test_drop_guards(orders, participants, parts, oem, tier1, regulator, blades, accepted):
    parts.recallPart(blades[0], SB, {"from": tier1})
    with brownie.reverts(err("PartNotInOrder", 1, 777)):
        orders.dropPart(1, 777, {"from": oem})
    participants.suspend(oem, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", oem)):
        orders.dropPart(1, blades[0], {"from": oem})
    participants.reinstate(oem, ZERO32, {"from": regulator})
    orders.raiseDispute(1, DOC, {"from": oem})
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Disputed)):
        orders.dropPart(1, blades[0], {"from": oem})


# ------------------------------------------------------------------ refund after the deadline


def test_after_the_deadline_what_was_not_delivered_is_refunded_and_released(orders, parts, usd, oem, tier1, blades,
                                                                           accepted):
    orders.deliver(1, [blades[0]], {"from": tier1})
    with brownie.reverts(err("DeadlineNotPassed", 1, orders.order(1)["deadline"])):
        orders.refundExpired(1, {"from": tier1})
    _expire()
    tx = orders.refundExpired(1, {"from": tier1})  # the seller closes it: the buyer is credited
    assert events(tx, "OrderRefunded") == [{"orderId": 1, "buyer": oem, "refund": PRICE - SHARE, "parts": 2}]
    assert [e["partId"] for e in events(tx, "EncumbranceLifted")] == blades[1:]
    assert events(tx, "PaymentCredited") == [{"token": usd, "account": oem, "amount": PRICE - SHARE}]
    assert orders.order(1)["state"] == OrderState.Refunded
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Refunded, LineState.Refunded]
    assert parts.encumberedCount() == 0 and parts.ownerOf(blades[1]) == tier1
    assert_balanced(orders, usd)
    with brownie.reverts(err("OrderNotRefundable", 1, OrderState.Refunded)):
        orders.refundExpired(1, {"from": oem})
    orders.withdraw(usd, {"from": oem})
    assert usd.balanceOf(oem) == PRICE - SHARE
    assert_balanced(orders, usd)


def test_the_buyer_refunding_an_open_order_is_paid_directly(orders, parts, usd, oem, tier1, arbiter, blades,
                                                             enforcer, broker):
    open_order(orders, usd, oem, tier1, arbiter, blades)
    _expire()
    tx = orders.refundExpired(1, {"from": oem})
    assert "EncumbranceLifted" not in tx.events and usd.balanceOf(oem) == PRICE
    assert_balanced(orders, usd)


def test_refund_works_around_a_part_forced_away(orders, parts, usd, oem, tier1, broker, enforcer, blades, accepted):
    parts.forcedTransfer(blades[0], broker, SB, {"from": enforcer})
    _expire()
    tx = orders.refundExpired(1, {"from": oem})
    assert [e["partId"] for e in events(tx, "EncumbranceLifted")] == blades[1:]
    assert usd.balanceOf(oem) == PRICE
    assert_balanced(orders, usd)


def test_a_completed_order_is_not_refundable(orders, usd, tier1, oem, blades, accepted):
    orders.deliver(1, blades, {"from": tier1})
    _expire()
    with brownie.reverts(err("OrderNotRefundable", 1, OrderState.Completed)):
        orders.refundExpired(1, {"from": oem})


# ------------------------------------------------------------------ dispute and ruling


def test_a_dispute_stops_the_order_and_the_arbiter_splits_the_escrow(orders, receivables, parts, usd, oem, tier1,
                                                                     arbiter, judge2, broker, blades, accepted):
    orders.deliver(1, [blades[0]], {"from": tier1})
    with brownie.reverts(err("NotParty", 1, broker)):
        orders.raiseDispute(1, DOC, {"from": broker})
    with brownie.reverts(err("OrderNotDisputed", 1, OrderState.Accepted)):
        orders.rule(1, 0, {"from": arbiter})
    tx = orders.raiseDispute(1, DOC, {"from": tier1})
    assert events(tx, "OrderDisputed") == [{"orderId": 1, "by": tier1, "documentHash": hx(DOC)}]
    assert orders.isDisputed(1) and orders.dispute(1) == (tier1, hx(DOC))
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Disputed)):
        orders.raiseDispute(1, DOC, {"from": oem})
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Disputed)):
        orders.deliver(1, [blades[1]], {"from": tier1})
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Disputed)):
        orders.confirmReceipt(1, [blades[1]], {"from": oem})
    _expire()
    with brownie.reverts(err("RulingWindowOpen", 1, orders.order(1)["deadline"] + 30 * DAY)):
        orders.refundExpired(1, {"from": oem})  # the arbiter has 30 days past the deadline
    with brownie.reverts(err("NotArbiter", 1, judge2)):
        orders.rule(1, 2_500, {"from": judge2})
    with brownie.reverts(err("NotArbiter", 1, oem)):
        orders.rule(1, 2_500, {"from": oem})
    with brownie.reverts(err("InvalidSplit", 10_001)):
        orders.rule(1, 10_001, {"from": arbiter})
    held = PRICE - SHARE
    to_buyer = held * 2_500 // 10_000
    tx = orders.rule(1, 2_500, {"from": arbiter})
    assert events(tx, "OrderRuled") == [
        {"orderId": 1, "arbiter": arbiter, "buyerBps": 2_500, "toBuyer": to_buyer, "toPayee": held - to_buyer}]
    assert orders.owed(usd, oem) == to_buyer and orders.owed(usd, tier1) == held - to_buyer
    assert [e["partId"] for e in events(tx, "EncumbranceLifted")] == blades[1:]
    assert not orders.isDisputed(1) and orders.order(1)["state"] == OrderState.Ruled
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Ruled, LineState.Ruled]
    assert_balanced(orders, usd)
    with brownie.reverts(err("OrderNotDisputed", 1, OrderState.Ruled)):
        orders.rule(1, 0, {"from": arbiter})


def test_an_arbiter_who_lost_its_role_cannot_rule(orders, participants, admin, oem, arbiter, accepted):
    orders.raiseDispute(1, DOC, {"from": oem})
    participants.revokeRole(ARBITER_ROLE, arbiter, {"from": admin})
    with brownie.reverts(missing_role(arbiter, ARBITER_ROLE)):
        orders.rule(1, 0, {"from": arbiter})


@pytest.mark.parametrize("party", ["seller", "buyer"])
def test_neither_party_can_dispute_after_the_deadline_and_the_buyer_is_refunded_at_once(
        orders, parts, usd, oem, tier1, blades, accepted, party):
    """Past the deadline a dispute would only hold up the buyer's refund (the seller missed its
    deadline) or the seller's parts (the buyer gets those lines back anyway): neither may raise one."""
    raiser = tier1 if party == "seller" else oem
    buyer_before = usd.balanceOf(oem) + orders.owed(usd, oem)
    seller_before = usd.balanceOf(tier1) + orders.owed(usd, tier1)
    orders.deliver(1, [blades[0]], {"from": tier1})
    _expire()
    deadline = orders.order(1)["deadline"]
    with brownie.reverts(err("DeadlinePassed", 1, deadline)):
        orders.raiseDispute(1, DOC, {"from": raiser})
    assert orders.order(1)["state"] == OrderState.Accepted and orders.dispute(1)[0] == ZERO_ADDRESS
    tx = orders.refundExpired(1, {"from": oem})  # no ruling window to wait for
    assert events(tx, "OrderRefunded") == [{"orderId": 1, "buyer": oem, "refund": PRICE - SHARE, "parts": 2}]
    assert usd.balanceOf(oem) + orders.owed(usd, oem) - buyer_before == PRICE - SHARE  # the undelivered lines, now
    assert usd.balanceOf(tier1) + orders.owed(usd, tier1) - seller_before == SHARE  # the line it delivered, no more
    assert [parts.ownerOf(p) for p in blades[1:]] == [tier1, tier1] and parts.encumberedCount() == 0
    assert_balanced(orders, usd)


def test_the_seller_may_dispute_until_its_deadline(orders, oem, tier1, blades, accepted):
    chain.sleep(orders.order(1)["deadline"] - latest_timestamp() - 60)  # a minute before, as mined
    tx = orders.raiseDispute(1, DOC, {"from": tier1})
    assert tx.timestamp <= orders.order(1)["deadline"]
    assert orders.dispute(1) == (tier1, hx(DOC)) and orders.order(1)["state"] == OrderState.Disputed


# ------------------------------------------------------------------ purchase-order financing


def test_the_seller_assigns_the_payment_to_a_financier_against_an_advance(orders, usd, oem, tier1, financier,
                                                                         blades, accepted):
    advance = PRICE * 95 // 100
    expiry = orders.order(1)["deadline"]
    tx = orders.offerAssignment(1, financier, advance, expiry, {"from": tier1})
    assert events(tx, "AssignmentOffered") == [
        {"orderId": 1, "payee": tier1, "financier": financier, "advance": advance, "expiry": expiry}]
    assert tuple(orders.assignmentOffer(1)) == (financier, expiry, tier1, advance, PRICE)  # the claim sold
    usd.mint(financier, advance, {"from": financier})
    usd.approve(orders, advance, {"from": financier})
    with brownie.reverts(err("AdvanceMismatch", 1, advance, advance - 1)):
        orders.takeAssignment(1, advance - 1, PRICE, {"from": financier})
    with brownie.reverts(err("ClaimChanged", 1, PRICE - 1, PRICE)):
        orders.takeAssignment(1, advance, PRICE - 1, {"from": financier})  # the claim agreed is the escrow
    tx = orders.takeAssignment(1, advance, PRICE, {"from": financier})
    assert events(tx, "OrderAssigned") == [
        {"orderId": 1, "previousPayee": tier1, "financier": financier, "advance": advance}]
    assert usd.balanceOf(tier1) == advance and usd.balanceOf(financier) == 0  # atomic
    assert orders.order(1)["payee"] == financier
    assert tuple(orders.assignmentOffer(1)) == (ZERO_ADDRESS, 0, ZERO_ADDRESS, 0, 0)
    with brownie.reverts(err("NoAssignmentOffer", 1, financier)):
        orders.takeAssignment(1, advance, PRICE, {"from": financier})
    with brownie.reverts(err("NotPayee", 1, tier1)):
        orders.offerAssignment(1, financier, 1, expiry, {"from": tier1})  # one payee at a time
    tx = orders.deliver(1, blades, {"from": tier1})  # deliveries now pay the financier (credited)
    assert {e["payee"] for e in events(tx, "PartDelivered")} == {financier.address}
    assert orders.owed(usd, financier) == PRICE and usd.balanceOf(tier1) == advance
    assert_balanced(orders, usd)
    orders.withdraw(usd, {"from": financier})
    assert usd.balanceOf(financier) == PRICE
    assert_balanced(orders, usd)


def test_a_ruling_after_assignment_pays_the_financier(orders, usd, oem, tier1, financier, arbiter, accepted):
    orders.offerAssignment(1, financier, 1_000, orders.order(1)["deadline"], {"from": tier1})
    usd.mint(financier, 1_000, {"from": financier})
    usd.approve(orders, 1_000, {"from": financier})
    orders.takeAssignment(1, 1_000, PRICE, {"from": financier})
    orders.raiseDispute(1, DOC, {"from": oem})
    orders.rule(1, 0, {"from": arbiter})
    assert orders.owed(usd, financier) == PRICE and orders.owed(usd, tier1) == 0
    assert_balanced(orders, usd)


def test_assignment_guards(orders, participants, usd, oem, tier1, tier2, financier, arbiter, regulator, blades,
                           spare_parts, credit_line):
    open_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    until = orders.order(open_id)["deadline"]
    with brownie.reverts(err("OrderNotAccepted", open_id, OrderState.Open)):
        orders.offerAssignment(open_id, financier, 1, until, {"from": tier1})
    orders.acceptOrder(open_id, {"from": tier1})
    with brownie.reverts(err("NotPayee", open_id, oem)):
        orders.offerAssignment(open_id, financier, 1, until, {"from": oem})
    with brownie.reverts(err("InvalidFinancier", open_id, oem)):
        orders.offerAssignment(open_id, oem, 1, until, {"from": tier1})
    with brownie.reverts(missing_role(tier2, FINANCIER_ROLE)):
        orders.offerAssignment(open_id, tier2, 1, until, {"from": tier1})
    with brownie.reverts(err("ZeroAmount")):
        orders.offerAssignment(open_id, financier, 0, until, {"from": tier1})
    orders.offerAssignment(open_id, financier, 1, until, {"from": tier1})
    with brownie.reverts(err("NoAssignmentOffer", open_id, tier2)):
        orders.takeAssignment(open_id, 1, PRICE, {"from": tier2})
    participants.suspend(tier1, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        orders.takeAssignment(open_id, 1, PRICE, {"from": financier})  # no advance to a suspended seller
    participants.reinstate(tier1, ZERO32, {"from": regulator})
    orders.freezeOrder(open_id, True, ZERO32, {"from": regulator})
    with brownie.reverts(err("OrderIsFrozen", open_id)):
        orders.takeAssignment(open_id, 1, PRICE, {"from": financier})
    credit_id, _ = open_order(orders, usd, oem, tier1, arbiter, spare_parts, terms=OrderTerms.Credit,
                              maturity=latest_timestamp() + 30 * DAY)
    with brownie.reverts(err("WrongTerms", credit_id, OrderTerms.Prepaid)):
        orders.offerAssignment(credit_id, financier, 1, until, {"from": tier1})


# ------------------------------------------------------------------ regulator and pause


def test_a_regulator_freezes_an_order_and_nothing_moves(orders, parts, usd, oem, tier1, regulator, arbiter,
                                                        broker, blades, accepted):
    with brownie.reverts(missing_role(broker, REGULATOR_ROLE)):
        orders.freezeOrder(1, True, SB, {"from": broker})
    with brownie.reverts(err("OrderNotFound", 5)):
        orders.freezeOrder(5, True, SB, {"from": regulator})
    tx = orders.freezeOrder(1, True, SB, {"from": regulator})
    assert events(tx, "OrderFrozen") == [{"orderId": 1, "regulator": regulator, "frozen": True, "reasonHash": hx(SB)}]
    assert orders.isDisputed(1) and orders.order(1)["frozen"]
    parts.recallPart(blades[2], SB, {"from": tier1})
    for call, who in [
        (lambda: orders.deliver(1, [blades[0]], {"from": tier1}), "deliver"),
        (lambda: orders.confirmReceipt(1, [blades[0]], {"from": oem}), "confirm"),
        (lambda: orders.dropPart(1, blades[2], {"from": oem}), "drop"),
        (lambda: orders.raiseDispute(1, DOC, {"from": oem}), "dispute"),
    ]:
        with brownie.reverts(err("OrderIsFrozen", 1)):
            call()
    _expire()
    with brownie.reverts(err("OrderIsFrozen", 1)):
        orders.refundExpired(1, {"from": oem})
    orders.freezeOrder(1, False, SB, {"from": regulator})
    assert not orders.isDisputed(1)
    orders.refundExpired(1, {"from": oem})
    assert_balanced(orders, usd)


def test_a_frozen_dispute_cannot_be_ruled(orders, oem, regulator, arbiter, accepted):
    orders.raiseDispute(1, DOC, {"from": oem})
    orders.freezeOrder(1, True, SB, {"from": regulator})
    with brownie.reverts(err("OrderIsFrozen", 1)):
        orders.rule(1, 0, {"from": arbiter})


def test_the_suite_pause_stops_every_state_changing_function(orders, participants, usd, admin, oem, tier1, arbiter,
                                                            financier, regulator, blades, spare_parts, accepted):
    usd.mint(oem, PRICE, {"from": oem})
    usd.approve(orders, PRICE, {"from": oem})
    orders.deliver(1, [blades[0]], {"from": tier1})  # something to withdraw: pay via a deliverer
    orders.authoriseDeliverer(1, financier, True, {"from": tier1})
    orders.deliver(1, [blades[1]], {"from": financier})
    orders.offerAssignment(1, financier, 1, orders.order(1)["deadline"], {"from": tier1})
    participants.pause({"from": admin})
    deadline = latest_timestamp() + DAY
    calls = [
        lambda: orders.openOrder(tier1, spare_parts, usd, PRICE, deadline, 0, 0, arbiter, {"from": oem}),
        lambda: orders.openOrderWithPermit(tier1, spare_parts, usd, PRICE, deadline, arbiter, deadline, 27, ZERO32,
                                           ZERO32, {"from": oem}),
        lambda: orders.acceptOrder(1, {"from": tier1}),
        lambda: orders.declineOrder(1, {"from": tier1}),
        lambda: orders.cancelOrder(1, {"from": oem}),
        lambda: orders.authoriseDeliverer(1, financier, False, {"from": tier1}),
        lambda: orders.deliver(1, [blades[2]], {"from": tier1}),
        lambda: orders.confirmReceipt(1, [blades[2]], {"from": oem}),
        lambda: orders.dropPart(1, blades[2], {"from": oem}),
        lambda: orders.refundExpired(1, {"from": oem}),
        lambda: orders.raiseDispute(1, DOC, {"from": oem}),
        lambda: orders.rule(1, 0, {"from": arbiter}),
        lambda: orders.offerAssignment(1, financier, 2, deadline, {"from": tier1}),
        lambda: orders.takeAssignment(1, 1, PRICE, {"from": financier}),
        lambda: orders.freezeOrder(1, False, SB, {"from": regulator}),  # lifting; a freeze works while paused
        lambda: orders.withdraw(usd, {"from": tier1}),
    ]
    for call in calls:
        with brownie.reverts(err("EnforcedPause")):
            call()
    participants.unpause({"from": admin})
    assert_balanced(orders, usd)


@pytest.fixture(scope="module")
def spare_parts(parts, tier1):
    return make_parts(parts, tier1, "SPR", 2)


# ------------------------------------------------------------------ on credit


@pytest.fixture(scope="module")
def credit_line(receivables, usd, admin, oem):
    receivables.setCreditLine(oem, usd, 10 * PRICE, {"from": admin})


def test_an_order_on_credit_reserves_the_line_and_issues_a_confirmed_receivable_per_delivery(
        orders, receivables, parts, usd, oem, tier1, arbiter, blades, credit_line):
    maturity = latest_timestamp() + 60 * DAY
    order_id, tx = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    assert usd.balanceOf(orders) == 0 and orders.escrowed(order_id) == 0  # no money moves
    assert receivables.creditOf(oem, usd)[2] == PRICE  # reserved
    orders.acceptOrder(order_id, {"from": tier1})
    tx = orders.deliver(order_id, blades[:2], {"from": tier1})
    (shipment,) = events(tx, "ShipmentInvoiced")
    rid = shipment["receivableId"]
    assert shipment["amount"] == 2 * SHARE
    assert [(e["partId"], e["payee"], e["amount"]) for e in events(tx, "PartDelivered")] == [
        (blades[0], tier1, SHARE), (blades[1], tier1, SHARE)]
    assert receivables.balanceOf(tier1, rid) == 2 * SHARE
    info = receivables.receivable(rid)
    assert (info["debtor"], info["creditor"], info["face"], info["maturity"], info["orderId"]) == (
        oem, tier1, 2 * SHARE, maturity, order_id)
    assert list(receivables.partsOf(rid)) == blades[:2]
    assert receivables.receivableOfInvoice(tier1, oem, shipment["invoiceHash"]) == rid
    # the last part is recalled: dropped, its share released from the reservation; the order completes
    parts.recallPart(blades[2], SB, {"from": tier1})
    tx = orders.dropPart(order_id, blades[2], {"from": oem})
    assert events(tx, "OrderCompleted") == [{"orderId": order_id}]
    assert tuple(receivables.creditOf(oem, usd))[1:] == (2 * SHARE, 0)  # outstanding, reserved
    assert_balanced(orders, usd)


def test_a_credit_order_of_a_suspended_seller_is_dropped_and_its_reservation_released(
        orders, receivables, participants, parts, usd, oem, tier1, regulator, arbiter, blades, credit_line):
    """On credit nothing is escrowed: dropping the lines of a seller that can no longer deliver
    releases the buyer's reservation at once, and the seller is issued no receivable."""
    maturity = latest_timestamp() + 90 * DAY
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.acceptOrder(order_id, {"from": tier1})
    assert tuple(receivables.creditOf(oem, usd))[1:] == (0, PRICE)  # outstanding, reserved
    count = receivables.receivableCount()
    participants.suspend(tier1, ZERO32, {"from": regulator})
    for p in blades:
        orders.dropPart(order_id, p, {"from": oem})
    assert tuple(receivables.creditOf(oem, usd))[1:] == (0, 0)  # the buyer owes nothing, reserves nothing
    assert receivables.receivableCount() == count  # the seller: no receivable
    assert [parts.ownerOf(p) for p in blades] == [tier1] * 3
    assert [parts.encumbranceOf(p) for p in blades] == [ZERO_ADDRESS] * 3
    assert orders.order(order_id)["state"] == OrderState.Completed
    assert_balanced(orders, usd)


def test_a_dispute_over_a_credit_order_freezes_its_receivables_until_ruled(orders, receivables, usd, oem, tier1,
                                                                          tier2, arbiter, blades, credit_line):
    maturity = latest_timestamp() + 60 * DAY
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.acceptOrder(order_id, {"from": tier1})
    rid = events(orders.deliver(order_id, [blades[0]], {"from": tier1}), "ShipmentInvoiced")[0]["receivableId"]
    orders.raiseDispute(order_id, DOC, {"from": oem})
    assert receivables.frozenFlags(rid) != 0
    tx = orders.rule(order_id, 5_000, {"from": arbiter})
    assert events(tx, "OrderRuled")[0]["toBuyer"] == 0 and events(tx, "OrderRuled")[0]["toPayee"] == 0
    assert receivables.frozenFlags(rid) == 0
    assert receivables.creditOf(oem, usd)[2] == 0  # the undelivered parts' reservation released
    receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})  # moves again
    assert_balanced(orders, usd)


def test_a_credit_receipt_is_refused_from_the_orders_maturity_and_the_close_releases_it(
        orders, receivables, parts, usd, oem, tier1, arbiter, blades, credit_line):
    """A receipt confirmed at or after the maturity would invoice a receivable already due: refused
    (`OrderMatured`), the part stays with the seller, the close releases the line's reservation;
    a receipt confirmed a minute before is invoiced to the seller as usual."""
    maturity = latest_timestamp() + 2 * DAY
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.acceptOrder(order_id, {"from": tier1})
    chain.sleep(maturity - latest_timestamp() - 60)
    tx = orders.confirmReceipt(order_id, [blades[0]], {"from": oem})
    assert tx.timestamp < maturity and parts.ownerOf(blades[0]) == oem
    assert receivables.balanceOf(tier1, events(tx, "ShipmentInvoiced")[0]["receivableId"]) == SHARE
    chain.sleep(maturity - latest_timestamp())
    chain.mine()
    with brownie.reverts(err("OrderMatured", order_id, maturity)):
        orders.confirmReceipt(order_id, [blades[1]], {"from": oem})
    assert parts.ownerOf(blades[1]) == tier1 and parts.encumbranceOf(blades[1]) == oem
    assert line_states(orders, order_id) == [LineState.Delivered, LineState.Pending, LineState.Pending]
    tx = orders.refundExpired(order_id, {"from": tier1})
    assert events(tx, "OrderRefunded")[0]["refund"] == PRICE - SHARE
    assert tuple(receivables.creditOf(oem, usd))[1:] == (SHARE, 0)  # the invoiced line outstanding, no reservation
    assert [parts.ownerOf(p) for p in blades[1:]] == [tier1, tier1] and parts.encumberedCount() == 0


def test_credit_over_the_line_is_refused_with_the_figures(orders, receivables, usd, oem, tier1, arbiter, blades,
                                                         credit_line):
    with brownie.reverts(err("CreditLineExceeded", oem, usd, 10 * PRICE, 0, 10 * PRICE + 1)):
        open_order(orders, usd, oem, tier1, arbiter, blades, price=10 * PRICE + 1, terms=OrderTerms.Credit,
                   maturity=latest_timestamp() + 60 * DAY)


def test_cancel_decline_and_refund_of_credit_orders_release_the_reservation(orders, receivables, usd, oem, tier1,
                                                                          arbiter, blades, credit_line):
    maturity = latest_timestamp() + 60 * DAY
    first, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.cancelOrder(first, {"from": oem})
    second, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.declineOrder(second, {"from": tier1})
    third, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.acceptOrder(third, {"from": tier1})
    _expire()
    tx = orders.refundExpired(third, {"from": tier1})
    assert events(tx, "OrderRefunded")[0]["refund"] == PRICE
    assert receivables.creditOf(oem, usd)[2] == 0
    assert_balanced(orders, usd)


# ------------------------------------------------------------------ red-team fixes (issue 7)


def test_an_unruled_dispute_is_refunded_once_its_ruling_window_passed(orders, parts, usd, oem, tier1, arbiter,
                                                                     blades, accepted):
    orders.deliver(1, [blades[0]], {"from": tier1})
    orders.raiseDispute(1, DOC, {"from": oem})
    _expire()
    until = orders.order(1)["deadline"] + 30 * DAY  # the window runs from the deadline
    assert orders.DISPUTE_WINDOW() == 30 * DAY
    with brownie.reverts(err("RulingWindowOpen", 1, until)):
        orders.refundExpired(1, {"from": tier1})
    chain.sleep(until - latest_timestamp() + 1)
    chain.mine()
    tx = orders.refundExpired(1, {"from": tier1})  # anyone: the buyer is credited
    assert events(tx, "OrderRefunded") == [{"orderId": 1, "buyer": oem, "refund": PRICE - SHARE, "parts": 2}]
    assert [e["partId"] for e in events(tx, "EncumbranceLifted")] == blades[1:]
    assert orders.owed(usd, oem) == PRICE - SHARE and parts.encumberedCount() == 0
    assert orders.order(1)["state"] == OrderState.Refunded and not orders.isDisputed(1)
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Refunded, LineState.Refunded]
    with brownie.reverts(err("OrderNotDisputed", 1, OrderState.Refunded)):
        orders.rule(1, 0, {"from": arbiter})  # too late: the order is closed
    assert_balanced(orders, usd)


def test_an_unruled_credit_dispute_releases_the_reservation_and_its_receivables(
        orders, receivables, usd, oem, tier1, arbiter, blades, credit_line):
    maturity = latest_timestamp() + 90 * DAY
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit, maturity=maturity)
    orders.acceptOrder(order_id, {"from": tier1})
    rid = events(orders.deliver(order_id, [blades[0]], {"from": tier1}), "ShipmentInvoiced")[0]["receivableId"]
    orders.raiseDispute(order_id, DOC, {"from": oem})
    assert receivables.frozenFlags(rid) != 0
    chain.sleep(31 * DAY + DAY)
    chain.mine()
    tx = orders.refundExpired(order_id, {"from": oem})
    assert events(tx, "OrderRefunded")[0]["refund"] == PRICE - SHARE
    assert receivables.creditOf(oem, usd)[2] == 0 and receivables.frozenFlags(rid) == 0


def test_a_part_forced_to_the_buyer_is_paid_to_the_payee_when_the_order_closes(orders, parts, usd, oem, tier1,
                                                                               enforcer, blades, accepted):
    parts.forcedTransfer(blades[0], oem, SB, {"from": enforcer})
    with brownie.reverts(err("PartNotEncumbered", blades[0])):
        orders.deliver(1, [blades[0]], {"from": tier1})  # the seller cannot move what it no longer has
    _expire()
    tx = orders.refundExpired(1, {"from": tier1})
    assert events(tx, "PartDelivered") == [
        {"orderId": 1, "partId": blades[0], "payee": tier1, "amount": SHARE, "by": tier1}]
    assert events(tx, "OrderRefunded")[0]["refund"] == PRICE - SHARE
    assert orders.owed(usd, oem) == PRICE - SHARE and usd.balanceOf(tier1) == 0 and orders.owed(usd, tier1) == SHARE
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Refunded, LineState.Refunded]
    assert_balanced(orders, usd)


def test_a_part_forced_to_the_buyer_is_outside_the_ruling(orders, parts, usd, oem, tier1, arbiter, enforcer,
                                                         blades, accepted):
    orders.raiseDispute(1, DOC, {"from": oem})
    parts.forcedTransfer(blades[1], oem, SB, {"from": enforcer})
    tx = orders.rule(1, 10_000, {"from": arbiter})  # everything escrowed to the buyer...
    assert events(tx, "OrderRuled")[0]["toBuyer"] == PRICE - SHARE  # ...but the part it holds
    assert orders.owed(usd, oem) == PRICE - SHARE and orders.owed(usd, tier1) == SHARE
    assert line_states(orders, 1) == [LineState.Ruled, LineState.Delivered, LineState.Ruled]
    assert_balanced(orders, usd)


def test_only_an_accepted_order_holds_a_part(orders, parts, usd, oem, tier1, broker, arbiter, enforcer, blades):
    first, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    rival, _ = open_order(orders, usd, broker, tier1, arbiter, blades[:1])
    late, _ = open_order(orders, usd, broker, tier1, arbiter, blades[2:])
    orders.acceptOrder(first, {"from": tier1})
    with brownie.reverts(err("PartInAcceptedOrder", blades[0], first)):
        orders.acceptOrder(rival, {"from": tier1})
    orders.declineOrder(rival, {"from": tier1})  # closing an unaccepted order frees nothing of another
    _expire()
    orders.refundExpired(late, {"from": broker})
    assert [orders.openOrderOf(p) for p in blades] == [first] * 3
    orders.confirmReceipt(first, blades[:1], {"from": oem})  # the first order still holds its lines
    # the buyer dropping a line a forced transfer took away frees the part for its new owner
    parts.forcedTransfer(blades[1], broker, SB, {"from": enforcer})
    other, _ = open_order(orders, usd, oem, broker, arbiter, blades[1:2])
    orders.dropPart(first, blades[1], {"from": oem})
    orders.acceptOrder(other, {"from": broker})
    assert orders.openOrderOf(blades[1]) == other
    assert_balanced(orders, usd)


def test_an_offboarded_account_cannot_withdraw(orders, participants, usd, admin, oem, tier1, arbiter, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.declineOrder(order_id, {"from": tier1})  # the buyer is credited
    participants.offboard(oem, {"from": admin})
    with brownie.reverts(err("ParticipantNotRegistered", oem)):
        orders.withdraw(usd, {"from": oem})
    assert orders.owed(usd, oem) == PRICE
