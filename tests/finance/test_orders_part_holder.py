"""Who holds an ordered part, as every money rule of the purchase orders reads it: the root owner
(a part installed in an assembly is held by the assembly's holder, not by the registry that is its
ERC-721 owner), and a booking that follows the part (once a forced transfer moved the part away
from its seller to anyone but the buyer, the old order no longer holds it: the next acceptance of
the part drops that line and refunds its buyer). Each test checks who got what."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import SB, ZERO32, LineState, OrderState, OrderTerms, err, events, latest_timestamp, register_part
from orders_kit import DAY, PRICE, assert_balanced, line_states, make_parts, open_order

SHARE, LAST = PRICE // 3, PRICE // 3 + PRICE % 3
DOC = b"\x22" * 32


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "HOLD", 3)


@pytest.fixture(scope="module")
def engine(parts, oem):
    """The buyer's own assembly (the OEM is a manufacturer)."""
    return register_part(parts, oem, "ENG-HOLD", "PN-ENGINE")


@pytest.fixture(scope="module")
def credit_line(receivables, usd, admin, oem):
    receivables.setCreditLine(oem, usd, 10 * PRICE, {"from": admin})


@pytest.fixture
def accepted(orders, usd, oem, tier1, arbiter, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    return order_id


def _expire(days=1):
    chain.sleep(days * DAY + 1)
    chain.mine()


def _balance(orders, usd, account):
    return usd.balanceOf(account) + orders.owed(usd, account)


# ------------------------------------------------------------------ the root owner holds an installed part


def _force_and_install(parts, enforcer, oem, engine, part_id):
    parts.forcedTransfer(part_id, oem, SB, {"from": enforcer})
    parts.installPart(part_id, engine, {"from": oem})
    assert parts.ownerOf(part_id) == parts.address and parts.rootOwnerOf(part_id) == oem


@pytest.mark.parametrize("close", ["refund", "rule", "confirm"])
def test_a_part_forced_to_the_buyer_and_installed_by_it_is_paid_to_the_seller_not_refunded(
        orders, parts, usd, oem, tier1, arbiter, enforcer, blades, engine, accepted, close):
    """The buyer holds the part through its assembly: whichever way the line settles, the payee
    gets its share and the buyer is refunded only what it did not get."""
    _force_and_install(parts, enforcer, oem, engine, blades[0])
    with brownie.reverts(err("PartWithBuyer", 1, blades[0])):
        orders.dropPart(1, blades[0], {"from": oem})
    buyer, seller = _balance(orders, usd, oem), _balance(orders, usd, tier1)
    if close == "refund":
        _expire()
        tx = orders.refundExpired(1, {"from": tier1})
        assert events(tx, "OrderRefunded")[0]["refund"] == PRICE - SHARE
        assert line_states(orders, 1) == [LineState.Delivered, LineState.Refunded, LineState.Refunded]
        buyer_gets = PRICE - SHARE
    elif close == "rule":
        orders.raiseDispute(1, DOC, {"from": oem})
        tx = orders.rule(1, 10_000, {"from": arbiter})  # all that is escrowed to the buyer...
        assert events(tx, "OrderRuled")[0]["toBuyer"] == PRICE - SHARE  # ...but the part it holds
        assert line_states(orders, 1) == [LineState.Delivered, LineState.Ruled, LineState.Ruled]
        buyer_gets = PRICE - SHARE
    else:
        tx = orders.confirmReceipt(1, [blades[0]], {"from": oem})  # was: PartNotEncumbered
        assert "EncumbranceLifted" not in tx.events and orders.escrowed(1) == PRICE - SHARE
        buyer_gets = 0
    assert events(tx, "PartDelivered") == [
        {"orderId": 1, "partId": blades[0], "payee": tier1, "amount": SHARE, "by": tx.sender}]
    assert _balance(orders, usd, oem) - buyer == buyer_gets  # never the share of the part it keeps
    assert _balance(orders, usd, tier1) - seller == SHARE  # the seller: the part the buyer holds
    assert parts.rootOwnerOf(blades[0]) == oem and parts.parentOf(blades[0]) == engine  # not moved
    assert [parts.ownerOf(p) for p in blades[1:]] == [tier1, tier1]
    assert_balanced(orders, usd)


def test_a_credit_line_forced_to_the_buyer_and_installed_is_not_released_as_undelivered(
        orders, receivables, parts, usd, oem, tier1, arbiter, enforcer, blades, engine, credit_line):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit,
                             maturity=latest_timestamp() + 60 * DAY)
    orders.acceptOrder(order_id, {"from": tier1})
    _force_and_install(parts, enforcer, oem, engine, blades[2])
    tx = orders.confirmReceipt(order_id, [blades[2]], {"from": oem})
    (shipment,) = events(tx, "ShipmentInvoiced")
    assert shipment["amount"] == LAST and receivables.balanceOf(tier1, shipment["receivableId"]) == LAST
    assert tuple(receivables.creditOf(oem, usd))[1:] == (LAST, 2 * SHARE)  # owes the part it holds


# ------------------------------------------------------------------ the booking follows the part


def test_a_part_forced_away_is_freed_for_its_new_owner_and_the_old_buyer_refunded(
        orders, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, blades, accepted):
    parts.forcedTransfer(blades[1], broker, SB, {"from": enforcer})  # an authority moves it away
    assert orders.openOrderOf(blades[1]) == 0 and orders.openOrderOf(blades[0]) == 1
    buyer, seller = _balance(orders, usd, oem), _balance(orders, usd, tier1)
    resale, _ = open_order(orders, usd, airline, broker, arbiter, [blades[1]], price=5_000)
    tx = orders.acceptOrder(resale, {"from": broker})  # was: PartInAcceptedOrder(part, 1)
    assert events(tx, "PartDropped") == [{"orderId": 1, "partId": blades[1], "refund": SHARE}]
    assert orders.owed(usd, oem) == SHARE  # the old buyer: credited its share
    assert _balance(orders, usd, oem) - buyer == SHARE and _balance(orders, usd, tier1) == seller
    assert line_states(orders, 1) == [LineState.Pending, LineState.Dropped, LineState.Pending]
    assert orders.escrowed(1) == PRICE - SHARE
    assert orders.openOrderOf(blades[1]) == resale and parts.encumbranceOf(blades[1]) == airline
    orders.deliver(resale, [blades[1]], {"from": broker})
    assert parts.ownerOf(blades[1]) == airline and _balance(orders, usd, broker) == 5_000
    tx = orders.deliver(1, [blades[0], blades[2]], {"from": tier1})  # the old order completes
    assert events(tx, "OrderCompleted") == [{"orderId": 1}]
    assert _balance(orders, usd, tier1) - seller == SHARE + LAST
    assert _balance(orders, usd, oem) - buyer == SHARE
    assert_balanced(orders, usd)


def test_a_part_forced_away_and_back_to_its_seller_can_be_sold_again(
        orders, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, blades, accepted):
    """Back with the seller but no longer promised: the old line can never be delivered."""
    parts.forcedTransfer(blades[0], broker, SB, {"from": enforcer})
    parts.forcedTransfer(blades[0], tier1, SB, {"from": enforcer})
    again, _ = open_order(orders, usd, airline, tier1, arbiter, [blades[0]], price=7_000)
    orders.acceptOrder(again, {"from": tier1})
    assert orders.owed(usd, oem) == SHARE and orders.escrowed(1) == PRICE - SHARE
    assert parts.encumbranceOf(blades[0]) == airline and orders.openOrderOf(blades[0]) == again
    with brownie.reverts(err("PartAlreadySettled", 1, blades[0], LineState.Dropped)):
        orders.dropPart(1, blades[0], {"from": oem})  # refunded once
    assert_balanced(orders, usd)


def test_a_stale_booking_past_the_old_deadline_is_dropped_and_the_refund_counts_it_once(
        orders, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, blades, accepted):
    parts.forcedTransfer(blades[2], broker, SB, {"from": enforcer})
    _expire()
    resale, _ = open_order(orders, usd, airline, broker, arbiter, [blades[2]], price=5_000)
    orders.acceptOrder(resale, {"from": broker})
    tx = orders.refundExpired(1, {"from": oem})
    assert events(tx, "OrderRefunded")[0]["refund"] == 2 * SHARE  # the other two lines
    assert usd.balanceOf(oem) + orders.owed(usd, oem) == PRICE  # the buyer: all of it, once
    assert [parts.ownerOf(p) for p in blades] == [tier1, tier1, broker]
    assert parts.encumbranceOf(blades[2]) == airline  # the resale's promise untouched
    assert_balanced(orders, usd)


def test_a_stale_credit_booking_releases_the_old_buyers_reservation(
        orders, receivables, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, blades, credit_line):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit,
                             maturity=latest_timestamp() + 60 * DAY)
    orders.acceptOrder(order_id, {"from": tier1})
    parts.forcedTransfer(blades[0], broker, SB, {"from": enforcer})
    resale, _ = open_order(orders, usd, airline, broker, arbiter, [blades[0]], price=5_000)
    count = receivables.receivableCount()
    orders.acceptOrder(resale, {"from": broker})
    assert tuple(receivables.creditOf(oem, usd))[1:] == (0, PRICE - SHARE)  # released, not owed
    assert receivables.receivableCount() == count  # the old seller: nothing
    assert line_states(orders, order_id) == [LineState.Dropped, LineState.Pending, LineState.Pending]


@pytest.mark.parametrize("hold", ["to_the_buyer", "disputed", "frozen"])
def test_a_booking_still_holds_a_part_with_the_buyer_or_in_a_disputed_or_frozen_order(
        orders, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, regulator, blades, accepted, hold):
    """Forced to the buyer, the line settles as delivered (the seller is paid); a dispute or a
    freeze keeps the line for the arbiter or the regulator: no takeover moves money there."""
    new_owner = oem if hold == "to_the_buyer" else broker
    parts.forcedTransfer(blades[0], new_owner, SB, {"from": enforcer})
    if hold == "disputed":
        orders.raiseDispute(1, DOC, {"from": oem})
    elif hold == "frozen":
        orders.freezeOrder(1, True, SB, {"from": regulator})
    resale, _ = open_order(orders, usd, airline, new_owner, arbiter, [blades[0]], price=5_000)
    assert orders.openOrderOf(blades[0]) == 1
    before = [_balance(orders, usd, a) for a in (oem, tier1)]
    with brownie.reverts(err("PartInAcceptedOrder", blades[0], 1)):
        orders.acceptOrder(resale, {"from": new_owner})
    assert [_balance(orders, usd, a) for a in (oem, tier1)] == before and orders.escrowed(1) == PRICE
    assert line_states(orders, 1)[0] == LineState.Pending and parts.encumbranceOf(blades[0]) == ZERO_ADDRESS
    if hold == "to_the_buyer":
        orders.confirmReceipt(1, [blades[0]], {"from": oem})  # the buyer pays for what it holds
        assert orders.owed(usd, tier1) == SHARE
        orders.acceptOrder(resale, {"from": oem})
        assert orders.openOrderOf(blades[0]) == resale
    assert_balanced(orders, usd)


def test_a_suspended_new_owner_cannot_take_the_part_over_and_nothing_moves(
        orders, participants, parts, usd, oem, tier1, broker, airline, arbiter, enforcer, regulator, blades,
        accepted):
    parts.forcedTransfer(blades[0], broker, SB, {"from": enforcer})
    resale, _ = open_order(orders, usd, airline, broker, arbiter, [blades[0]], price=5_000)
    participants.suspend(broker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", broker)):
        orders.acceptOrder(resale, {"from": broker})  # the registry refuses: the whole call reverts
    assert orders.owed(usd, oem) == 0 and line_states(orders, 1)[0] == LineState.Pending
    assert orders.order(1)["state"] == OrderState.Accepted
