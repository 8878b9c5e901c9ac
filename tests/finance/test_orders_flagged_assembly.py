"""An ordered assembly that comes to hold a frozen or recalled part is not delivered: the
registry refuses the delivery (ContainsFlaggedPart), `canDeliver` says the part is not in
service, and the buyer drops the line and is refunded its share like any other undeliverable
line. An assembly that holds one already is not promised to an order at all."""

import brownie
import pytest
from brownie import web3
from orders_kit import PRICE, assert_balanced, line_states, open_order

from helpers import DeliveryCode, LineState, err, register_part

REASON = web3.keccak(text="AD 2026-0417: suspect unapproved part")


@pytest.fixture(scope="module")
def engine(parts, tier1):
    return register_part(parts, tier1, "ENG-OFA", "PN-ENGINE")


@pytest.fixture(scope="module")
def blade(parts, tier1):
    return register_part(parts, tier1, "BLD-OFA", "PN-BLADE")


@pytest.mark.parametrize("how", ["frozen", "recalled"])
def test_an_ordered_assembly_holding_a_flagged_part_is_not_delivered_and_the_buyer_drops_it(
        orders, parts, usd, oem, tier1, arbiter, regulator, engine, blade, how):
    parts.installPart(blade, engine, {"from": tier1})
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, [engine])
    orders.acceptOrder(order_id, {"from": tier1})
    if how == "frozen":
        parts.freezePart(blade, REASON, {"from": regulator})
    else:
        parts.recallPart(blade, REASON, {"from": tier1})

    assert orders.canDeliver(order_id, engine) == DeliveryCode.PartSuspect
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        orders.deliver(order_id, [engine], {"from": tier1})
    assert parts.ownerOf(engine) == tier1

    buyer_before, seller_before = usd.balanceOf(oem), usd.balanceOf(tier1) + orders.owed(usd, tier1)
    orders.dropPart(order_id, engine, {"from": oem})
    assert usd.balanceOf(oem) == buyer_before + PRICE  # the buyer's share, straight back
    assert usd.balanceOf(tier1) + orders.owed(usd, tier1) == seller_before  # the seller is paid nothing
    assert line_states(orders, order_id) == [LineState.Dropped]
    assert parts.ownerOf(engine) == tier1 and parts.rootOwnerOf(blade) == tier1  # the seller keeps both
    assert parts.encumbranceOf(engine) == "0x" + "00" * 20
    assert_balanced(orders, usd)


def test_an_assembly_holding_a_flagged_part_is_not_promised_to_an_order(orders, parts, usd, oem, tier1, arbiter,
                                                                       regulator, engine, blade):
    parts.installPart(blade, engine, {"from": tier1})
    parts.freezePart(blade, REASON, {"from": regulator})
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, [engine])
    with brownie.reverts(err("ContainsFlaggedPart", engine)):
        orders.acceptOrder(order_id, {"from": tier1})
    assert parts.encumbranceOf(engine) == "0x" + "00" * 20
    assert parts.ownerOf(engine) == tier1
    assert usd.balanceOf(orders) == PRICE  # still escrowed for the buyer, who may cancel
