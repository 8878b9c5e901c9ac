"""What the buyer ordered is what the seller accepts: nothing taken out of an ordered assembly, at
any depth, between the order's opening and its acceptance (the registry's `contentVersionOf` grows
with every removal; an accepted order's parts are encumbered and nothing comes out of them).
Each test checks who got what."""

import brownie
import pytest

from helpers import err, events, register_part
from orders_kit import PRICE, assert_balanced, open_order


@pytest.fixture
def engine(parts, tier1):
    """The seller's engine holding a fan holding a blade: (engine, fan, blade)."""
    engine, fan, blade = (register_part(parts, tier1, f"CONTENT-{name}", "PN-ASSY") for name in ("E", "F", "B"))
    parts.installPart(fan, engine, {"from": tier1})
    parts.installPart(blade, fan, {"from": tier1})
    return engine, fan, blade


@pytest.mark.parametrize("taken_out", ["fan", "blade"])
def test_a_seller_cannot_accept_an_assembly_stripped_since_the_opening(orders, parts, usd, oem, tier1, arbiter,
                                                                        engine, taken_out):
    """The seller takes a part out of the ordered engine (the fan, or the blade inside the fan) and
    accepts: refused, naming the versions; the buyer cancels and has its whole escrow back, the
    seller keeps its parts and is paid nothing."""
    root, fan, blade = engine
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, [root])
    parts.removePart(fan if taken_out == "fan" else blade, {"from": tier1})
    assert parts.contentVersionOf(root) == 1
    with brownie.reverts(err("PartsChangedSinceOpening", order_id, 0, 1)):
        orders.acceptOrder(order_id, {"from": tier1})
    orders.cancelOrder(order_id, {"from": oem})
    assert usd.balanceOf(oem) == PRICE and usd.balanceOf(tier1) + orders.owed(usd, tier1) == 0
    assert parts.ownerOf(root) == tier1 and parts.encumbranceOf(root) == brownie.ZERO_ADDRESS
    assert_balanced(orders, usd)


def test_an_assembly_unchanged_since_the_opening_is_accepted_and_delivered_whole(orders, parts, usd, oem, tier1,
                                                                                  arbiter, engine):
    """Stripped before the order (the version at opening is kept) and added to since: accepted,
    delivered with what it holds, the seller paid in full."""
    root, fan, blade = engine
    parts.removePart(blade, {"from": tier1})
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, [root])
    parts.installPart(blade, root, {"from": tier1})  # adding takes nothing from the buyer
    orders.acceptOrder(order_id, {"from": tier1})
    with brownie.reverts(err("PartEncumbered", root)):
        parts.removePart(fan, {"from": tier1})  # accepted: nothing comes out any more
    tx = orders.deliver(order_id, [root], {"from": tier1})
    assert events(tx, "OrderCompleted") == [{"orderId": order_id}]
    assert parts.ownerOf(root) == oem and parts.rootOwnerOf(fan) == oem and parts.parentOf(blade) == root
    assert usd.balanceOf(tier1) == PRICE
    assert_balanced(orders, usd)
