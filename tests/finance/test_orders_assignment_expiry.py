"""Purchase-order financing has a time limit: an offer of an order's payment carries an expiry (after
now, at most the order's delivery deadline), and nothing is assigned after the offer lapsed or the
deadline passed, so a seller that missed its deadline cannot sell a payment the buyer is about to
be refunded and keep both the advance and the part. Each test checks who got what."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import OrderState, err, events, latest_timestamp
from orders_kit import DAY, PRICE, assert_balanced, make_parts, open_order

HOUR = 3600
ADVANCE = PRICE * 9 // 10


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "ASSIGN", 3)


@pytest.fixture
def accepted(orders, usd, oem, tier1, arbiter, financier, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    usd.mint(financier, ADVANCE, {"from": financier})
    usd.approve(orders, ADVANCE, {"from": financier})
    return order_id


def _sleep_past(moment):
    chain.sleep(moment - latest_timestamp() + 1)
    chain.mine()


def test_an_offer_expires_between_now_and_the_deadline(orders, tier1, financier, accepted):
    deadline = orders.order(1)["deadline"]
    now = latest_timestamp()
    for expiry in (0, now, deadline + 1):
        with brownie.reverts(err("InvalidAssignmentExpiry", 1, expiry, deadline)):
            orders.offerAssignment(1, financier, ADVANCE, expiry, {"from": tier1})
    assert orders.assignmentOffer(1)[0] == ZERO_ADDRESS
    tx = orders.offerAssignment(1, financier, ADVANCE, deadline, {"from": tier1})  # the deadline itself is fine
    assert events(tx, "AssignmentOffered")[0]["expiry"] == deadline
    assert tuple(orders.assignmentOffer(1)) == (financier, deadline, tier1, ADVANCE, PRICE)


def test_a_lapsed_offer_cannot_be_taken_and_the_financier_keeps_its_money(orders, usd, oem, tier1, financier,
                                                                        accepted):
    expiry = latest_timestamp() + HOUR
    orders.offerAssignment(1, financier, ADVANCE, expiry, {"from": tier1})
    _sleep_past(expiry)
    assert tuple(orders.assignmentOffer(1)) == (ZERO_ADDRESS, 0, ZERO_ADDRESS, 0, 0)  # lapsed
    with brownie.reverts(err("AssignmentOfferExpired", 1, expiry)):
        orders.takeAssignment(1, ADVANCE, PRICE, {"from": financier})
    assert usd.balanceOf(financier) == ADVANCE and usd.balanceOf(tier1) == 0
    assert orders.order(1)["payee"] == tier1
    expiry = latest_timestamp() + HOUR  # a fresh offer can be taken
    orders.offerAssignment(1, financier, ADVANCE, expiry, {"from": tier1})
    orders.takeAssignment(1, ADVANCE, PRICE, {"from": financier})
    assert usd.balanceOf(tier1) == ADVANCE and orders.order(1)["payee"] == financier
    assert_balanced(orders, usd)


def test_a_seller_cannot_sell_a_smaller_claim_by_reoffering_before_the_take(orders, usd, oem, tier1, financier,
                                                                          blades, accepted):
    """The financier agreed to pay ADVANCE for the whole escrow; before its take lands, the seller
    delivers two parts (paid directly) and offers again at the same advance, now for what is
    left. The take names the claim agreed, so it fails and the financier keeps its money."""
    orders.offerAssignment(1, financier, ADVANCE, latest_timestamp() + HOUR, {"from": tier1})
    assert orders.assignmentOffer(1)["claim"] == PRICE
    orders.deliver(1, blades[:2], {"from": tier1})
    orders.offerAssignment(1, financier, ADVANCE, latest_timestamp() + HOUR, {"from": tier1})
    left = orders.escrowed(1)
    assert orders.assignmentOffer(1)["claim"] == left < PRICE
    with brownie.reverts(err("ClaimChanged", 1, PRICE, left)):
        orders.takeAssignment(1, ADVANCE, PRICE, {"from": financier})
    assert usd.balanceOf(financier) == ADVANCE and orders.order(1)["payee"] == tier1
    assert usd.balanceOf(tier1) == PRICE - left  # the seller: paid for its two deliveries only
    assert_balanced(orders, usd)


def test_nothing_is_assigned_after_the_deadline_and_the_buyer_is_refunded_in_full(orders, parts, usd, oem, tier1,
                                                                                 financier, blades, accepted):
    deadline = orders.order(1)["deadline"]
    orders.offerAssignment(1, financier, ADVANCE, deadline, {"from": tier1})  # offered in time
    _sleep_past(deadline)
    with brownie.reverts(err("AssignmentOfferExpired", 1, deadline)):  # an offer lapses by the deadline
        orders.takeAssignment(1, ADVANCE, PRICE, {"from": financier})  # was: advance paid to a late seller
    for expiry in (deadline, deadline + DAY):  # no expiry is valid once the deadline passed
        with brownie.reverts(err("InvalidAssignmentExpiry", 1, expiry, deadline)):
            orders.offerAssignment(1, financier, ADVANCE, expiry, {"from": tier1})
    orders.refundExpired(1, {"from": oem})
    assert usd.balanceOf(oem) == PRICE  # the buyer: all of it back
    assert usd.balanceOf(financier) == ADVANCE  # the financier: paid nothing for a refunded order
    assert usd.balanceOf(tier1) + orders.owed(usd, tier1) == 0  # the late seller: no advance
    assert [parts.ownerOf(p) for p in blades] == [tier1] * 3 and orders.order(1)["state"] == OrderState.Refunded
    assert_balanced(orders, usd)


def test_an_offer_taken_before_the_deadline_pays_the_financier_for_what_is_delivered(
        orders, usd, oem, tier1, financier, blades, accepted):
    orders.offerAssignment(1, financier, ADVANCE, latest_timestamp() + HOUR, {"from": tier1})
    orders.takeAssignment(1, ADVANCE, PRICE, {"from": financier})
    orders.deliver(1, blades, {"from": tier1})
    assert orders.owed(usd, financier) == PRICE and usd.balanceOf(tier1) == ADVANCE
    assert_balanced(orders, usd)
