"""A purchase order delivers only sound parts: a part its seller made life-expired while the buyer's
money sat in escrow (as manufacturer setting a low life limit, with usage records it or a repair
station it authorised writes) cannot be delivered for the price (the records' LifeLimitExceeded),
`canDeliver` says PartUnserviceable, and the buyer drops the line and is refunded at once. The
buyer may still take it knowingly (confirmReceipt). Each test checks who got what."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import DeliveryCode, LineState, OrderTerms, err, events, latest_timestamp
from orders_kit import DAY, PRICE, assert_balanced, line_states, make_parts, open_order

SHARE, LAST = PRICE // 3, PRICE // 3 + PRICE % 3
LIMIT = 10  # cycles


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "SOUND", 3)


@pytest.fixture
def accepted(orders, usd, oem, tier1, arbiter, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    return order_id


def _wear_out(records, tier1, part_id, by):
    """The seller (manufacturer) sets a life limit; `by` (the seller, holder of the part, or a
    repair station it authorised) records usage up to it."""
    records.setLifeLimit(part_id, LIMIT, 0, {"from": tier1})
    if by != tier1:
        records.authoriseStation(part_id, by, {"from": tier1})
    records.recordUsage(part_id, LIMIT, 0, {"from": by})


def _balance(orders, usd, account):
    return usd.balanceOf(account) + orders.owed(usd, account)


@pytest.mark.parametrize("worn_by", ["seller", "station"])
def test_a_part_worn_out_after_payment_is_not_delivered_and_the_buyer_drops_it_for_a_refund(
        orders, records, parts, usd, oem, tier1, mro, blades, accepted, worn_by):
    _wear_out(records, tier1, blades[1], tier1 if worn_by == "seller" else mro)  # mro: a repair station
    assert orders.canDeliver(1, blades[1]) == DeliveryCode.PartUnserviceable  # was: Ok
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.Ok
    with brownie.reverts(err("LifeLimitExceeded", blades[1], LIMIT, LIMIT, 0, 0)):
        orders.deliver(1, [blades[0], blades[1]], {"from": tier1})  # was: paid in full
    assert parts.ownerOf(blades[0]) == tier1 and _balance(orders, usd, tier1) == 0  # nothing moved
    buyer = usd.balanceOf(oem)
    tx = orders.dropPart(1, blades[1], {"from": oem})  # was: PartStillDeliverable
    assert events(tx, "PartDropped") == [{"orderId": 1, "partId": blades[1], "refund": SHARE}]
    assert usd.balanceOf(oem) - buyer == SHARE  # the buyer: its share back, now
    assert parts.ownerOf(blades[1]) == tier1 and parts.encumbranceOf(blades[1]) == ZERO_ADDRESS
    orders.deliver(1, [blades[0], blades[2]], {"from": tier1})  # the sound parts still sell
    assert _balance(orders, usd, tier1) == SHARE + LAST  # the seller: only what it delivered sound
    assert [parts.ownerOf(p) for p in blades] == [oem, tier1, oem]
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Dropped, LineState.Delivered]
    assert_balanced(orders, usd)


def test_a_sound_part_cannot_be_dropped(orders, records, tier1, oem, blades, accepted):
    records.setLifeLimit(blades[0], LIMIT, 0, {"from": tier1})
    records.recordUsage(blades[0], LIMIT - 1, 0, {"from": tier1})  # one cycle left: still sound
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.Ok
    with brownie.reverts(err("PartStillDeliverable", 1, blades[0])):
        orders.dropPart(1, blades[0], {"from": oem})


def test_an_authorised_deliverer_cannot_deliver_a_worn_out_part_either(orders, records, usd, oem, tier1, broker,
                                                                      blades, accepted):
    _wear_out(records, tier1, blades[2], tier1)
    orders.authoriseDeliverer(1, broker, True, {"from": tier1})
    with brownie.reverts(err("LifeLimitExceeded", blades[2], LIMIT, LIMIT, 0, 0)):
        orders.deliver(1, [blades[2]], {"from": broker})
    assert orders.owed(usd, tier1) == 0 and orders.escrowed(1) == PRICE


def test_the_buyer_may_take_a_worn_out_part_knowingly(orders, records, parts, usd, oem, tier1, blades, accepted):
    _wear_out(records, tier1, blades[0], tier1)
    orders.confirmReceipt(1, [blades[0]], {"from": oem})  # its choice: it pays for what it takes
    assert parts.ownerOf(blades[0]) == oem and orders.owed(usd, tier1) == SHARE
    assert_balanced(orders, usd)


def test_a_worn_out_part_left_undelivered_is_refunded_at_the_deadline(orders, records, parts, usd, oem, tier1,
                                                                    blades, accepted):
    _wear_out(records, tier1, blades[0], tier1)
    orders.deliver(1, blades[1:], {"from": tier1})
    chain.sleep(DAY + 1)
    chain.mine()
    tx = orders.refundExpired(1, {"from": tier1})
    assert events(tx, "OrderRefunded")[0]["refund"] == SHARE
    assert orders.owed(usd, oem) == SHARE and _balance(orders, usd, tier1) == SHARE + LAST
    assert parts.ownerOf(blades[0]) == tier1 and parts.encumbranceOf(blades[0]) == ZERO_ADDRESS
    assert_balanced(orders, usd)


def test_a_worn_out_part_on_credit_is_dropped_and_its_reservation_released(
        orders, receivables, records, usd, admin, oem, tier1, arbiter, blades):
    receivables.setCreditLine(oem, usd, 10 * PRICE, {"from": admin})
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades, terms=OrderTerms.Credit,
                             maturity=latest_timestamp() + 60 * DAY)
    orders.acceptOrder(order_id, {"from": tier1})
    _wear_out(records, tier1, blades[2], tier1)
    count = receivables.receivableCount()
    with brownie.reverts(err("LifeLimitExceeded", blades[2], LIMIT, LIMIT, 0, 0)):
        orders.deliver(order_id, [blades[2]], {"from": tier1})
    orders.dropPart(order_id, blades[2], {"from": oem})
    assert tuple(receivables.creditOf(oem, usd))[1:] == (0, 2 * SHARE)  # nothing owed for it
    assert receivables.receivableCount() == count  # the seller: no receivable for it
