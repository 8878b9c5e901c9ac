"""Replacing the financing contracts while orders are open: two authorities connect a new
purchase-order contract to the registry and the receivables (scripts/deploy.py's replace_orders),
and the old one winds down. It encumbers and reserves nothing more, while every open order on it
(prepaid, on credit, assigned to a financier) still delivers, refunds after its deadline and is
ruled on exactly as before, next to new orders on the new contract. Each flow checks who got
what: the buyer, the seller, the financier and the parts' owners."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import SB, OrderState, OrderTerms, err, events, latest_timestamp
from orders_kit import DAY, PRICE, USD, assert_balanced, make_parts, open_order
from scripts.deploy import replace_orders

DOC = b"\x22" * 32  # a dispute's document hash
LINE = 10 * PRICE


@pytest.fixture(scope="module", autouse=True)
def credit_line(receivables, usd, admin, oem):
    receivables.setCreditLine(oem, usd, LINE, {"from": admin})


@pytest.fixture
def old(orders, usd, oem, tier1, arbiter, parts):
    """Two accepted orders of the OEM on the contract about to be replaced: one prepaid
    (`prepaid`, its price escrowed) and one on credit (`credit`, its price reserved)."""
    blades, vanes = make_parts(parts, tier1, "OLD-P", 3), make_parts(parts, tier1, "OLD-C", 3)
    prepaid, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    maturity = latest_timestamp() + 60 * DAY
    credit, _ = open_order(orders, usd, oem, tier1, arbiter, vanes, terms=OrderTerms.Credit, maturity=maturity)
    for order_id in (prepaid, credit):
        orders.acceptOrder(order_id, {"from": tier1})
    return dict(prepaid=prepaid, credit=credit, blades=blades, vanes=vanes)


@pytest.fixture
def new(suite, old, admin, regulator):
    """The suite moved to a new purchase-order contract (admin proposes, regulator confirms)."""
    return replace_orders(suite, admin, regulator).orders


def _expire():
    chain.sleep(DAY + 1)
    chain.mine()


def _new_order(new, usd, parts, oem, tier1, arbiter, prefix, terms=OrderTerms.Prepaid):
    """A fresh order on the new contract, accepted: returns (order id, its parts)."""
    fresh = make_parts(parts, tier1, prefix, 3)
    maturity = latest_timestamp() + 60 * DAY if terms == OrderTerms.Credit else 0
    order_id, _ = open_order(new, usd, oem, tier1, arbiter, fresh, terms=terms, maturity=maturity)
    new.acceptOrder(order_id, {"from": tier1})
    return order_id, fresh


# ------------------------------------------------------------------ the move


def test_two_authorities_move_the_suite_to_new_financing_contracts_while_orders_are_open(
        suite, orders, parts, receivables, participants, usd, admin, regulator, tier1, oem, old):
    from brownie import PurchaseOrders

    assert parts.encumberedCount() == 6 and receivables.reservedTotal() == PRICE
    new = PurchaseOrders.deploy(participants, parts, receivables, {"from": admin})
    for connect in (receivables.connectOrders, parts.connectFinancing):
        with brownie.reverts(err("NotAnAuthority", tier1)):
            connect(new, {"from": tier1})
        connect(new, {"from": admin})  # one authority proposes: nothing moves yet
    assert parts.financing() == orders and receivables.orders() == orders
    assert not parts.isWindingDown(orders) and tuple(receivables.windingDown(orders)) == (False, 0)
    tx = receivables.connectOrders(new, {"from": regulator})
    assert list(tx.events["OrdersConnected"][0].values()) == [orders, new]
    assert list(tx.events["OrdersWindingDown"][0].values()) == [orders, PRICE]
    tx = parts.connectFinancing(new, {"from": regulator})
    assert events(tx, "FinancingConnected") == [{"previous": orders, "financing": new}]
    assert parts.financing() == new and receivables.orders() == new
    assert parts.isWindingDown(orders) and not parts.isWindingDown(new)
    assert tuple(receivables.windingDown(orders)) == (True, PRICE)
    # nothing moved: the parts are still promised to the OEM, the escrow and reservation stand
    assert [parts.encumbranceOf(p) for p in old["blades"] + old["vanes"]] == [oem] * 6
    assert usd.balanceOf(orders) == PRICE and tuple(receivables.creditOf(oem, usd)) == (LINE, 0, PRICE)
    # the old contract is never connected again
    with brownie.reverts(err("InvalidFinancing", orders)):
        parts.connectFinancing(orders, {"from": admin})


def test_the_old_contract_opens_no_order_that_can_be_accepted_and_reserves_no_credit(
        orders, new, parts, receivables, usd, oem, tier1, arbiter):
    spare = make_parts(parts, tier1, "SPARE", 3)
    with brownie.reverts(err("NotOrders", orders)):
        open_order(orders, usd, oem, tier1, arbiter, spare, terms=OrderTerms.Credit,
                   maturity=latest_timestamp() + 60 * DAY)
    # a prepaid order still opens (the old contract asks neither), but can never be accepted
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, spare)
    with brownie.reverts(err("NotFinancing", orders)):
        orders.acceptOrder(order_id, {"from": tier1})
    assert [parts.encumbranceOf(p) for p in spare] == [ZERO_ADDRESS] * 3
    orders.cancelOrder(order_id, {"from": oem})  # the buyer takes its money back
    assert usd.balanceOf(oem) == PRICE and usd.balanceOf(tier1) == 0
    assert receivables.reservedTotal() == PRICE  # the old credit order's, nothing more
    assert_balanced(orders, usd)


# ------------------------------------------------------------------ old orders settle


def test_an_old_prepaid_order_delivers_after_the_move_while_the_new_contract_takes_orders(
        orders, new, parts, usd, oem, tier1, arbiter, old):
    fresh_id, fresh = _new_order(new, usd, parts, oem, tier1, arbiter, "NEW-P")
    assert [parts.encumbranceOf(p) for p in fresh] == [oem] * 3
    tx = orders.deliver(old["prepaid"], old["blades"], {"from": tier1})
    assert events(tx, "OrderCompleted") == [{"orderId": old["prepaid"]}]
    assert [parts.ownerOf(p) for p in old["blades"]] == [oem] * 3
    assert usd.balanceOf(tier1) == PRICE and usd.balanceOf(orders) == 0  # the seller paid by the old
    new.deliver(fresh_id, fresh, {"from": tier1})
    assert [parts.ownerOf(p) for p in fresh] == [oem] * 3
    assert usd.balanceOf(tier1) == 2 * PRICE and usd.balanceOf(oem) == 0 and usd.balanceOf(new) == 0
    assert_balanced(orders, usd)
    assert_balanced(new, usd)


def test_an_old_credit_order_is_invoiced_after_the_move_and_new_credit_orders_reserve_beside_it(
        orders, new, parts, receivables, usd, oem, tier1, arbiter, old):
    fresh_id, fresh = _new_order(new, usd, parts, oem, tier1, arbiter, "NEW-C", OrderTerms.Credit)
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 0, 2 * PRICE)
    tx = orders.deliver(old["credit"], old["vanes"], {"from": tier1})
    rid = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert receivables.balanceOf(tier1, rid) == PRICE and receivables.receivable(rid)["orders"] == orders
    assert [parts.ownerOf(p) for p in old["vanes"]] == [oem] * 3
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, PRICE, PRICE)  # owes the old, reserves the new
    assert tuple(receivables.windingDown(orders)) == (True, 0)
    tx = new.deliver(fresh_id, fresh, {"from": tier1})
    rid2 = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert receivables.balanceOf(tier1, rid2) == PRICE and receivables.receivable(rid2)["orders"] == new
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 2 * PRICE, 0)
    assert usd.balanceOf(orders) == PRICE  # the old prepaid order's escrow, untouched


def test_old_orders_refund_after_their_deadline_and_give_the_parts_back(orders, new, parts, receivables, usd,
                                                                        oem, tier1, old):
    _expire()
    orders.refundExpired(old["prepaid"], {"from": oem})
    orders.refundExpired(old["credit"], {"from": tier1})  # anyone closes an expired order
    assert usd.balanceOf(oem) == PRICE and usd.balanceOf(tier1) == 0 and usd.balanceOf(orders) == 0
    assert [parts.ownerOf(p) for p in old["blades"] + old["vanes"]] == [tier1] * 6
    assert [parts.encumbranceOf(p) for p in old["blades"] + old["vanes"]] == [ZERO_ADDRESS] * 6
    assert parts.encumberedCount() == 0
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 0, 0) and receivables.reservedTotal() == 0
    assert tuple(receivables.windingDown(orders)) == (True, 0)
    assert [orders.order(i)["state"] for i in (old["prepaid"], old["credit"])] == [OrderState.Refunded] * 2


def test_old_disputed_orders_are_ruled_after_the_move(orders, new, parts, receivables, usd, oem, tier1, arbiter,
                                                      old):
    orders.deliver(old["credit"], old["vanes"][:1], {"from": tier1})  # one part invoiced first
    for order_id in (old["prepaid"], old["credit"]):
        orders.raiseDispute(order_id, DOC, {"from": oem})
    orders.rule(old["prepaid"], 2_500, {"from": arbiter})  # a quarter back to the buyer
    orders.rule(old["credit"], 10_000, {"from": arbiter})
    to_buyer = PRICE * 2_500 // 10_000
    assert orders.owed(usd, oem) == to_buyer and orders.owed(usd, tier1) == PRICE - to_buyer
    orders.withdraw(usd, {"from": oem})
    orders.withdraw(usd, {"from": tier1})
    assert usd.balanceOf(oem) == to_buyer and usd.balanceOf(tier1) == PRICE - to_buyer
    assert usd.balanceOf(orders) == 0
    share = PRICE // 3
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, share, 0)  # owes the delivered part only
    assert [parts.ownerOf(p) for p in old["vanes"]] == [oem, tier1, tier1]
    assert [parts.ownerOf(p) for p in old["blades"]] == [tier1] * 3
    assert parts.encumberedCount() == 0 and receivables.reservedTotal() == 0


def test_an_old_order_drops_a_recalled_part_after_the_move(orders, new, parts, receivables, usd, oem, tier1, old):
    parts.recallPart(old["blades"][0], SB, {"from": tier1})
    parts.recallPart(old["vanes"][0], SB, {"from": tier1})
    orders.dropPart(old["prepaid"], old["blades"][0], {"from": oem})
    orders.dropPart(old["credit"], old["vanes"][0], {"from": oem})
    assert usd.balanceOf(oem) == PRICE // 3  # refunded straight
    assert parts.encumbranceOf(old["blades"][0]) == ZERO_ADDRESS and parts.ownerOf(old["blades"][0]) == tier1
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 0, PRICE - PRICE // 3)
    assert_balanced(orders, usd)


def test_an_old_assigned_order_pays_the_financier_after_the_move(suite, orders, parts, usd, oem, tier1, financier,
                                                                 arbiter, admin, regulator):
    blades = make_parts(parts, tier1, "OLD-A", 3)
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    advance = PRICE * 95 // 100
    orders.offerAssignment(order_id, financier, advance, orders.order(order_id)["deadline"], {"from": tier1})
    usd.mint(financier, advance, {"from": financier})
    usd.approve(orders, advance, {"from": financier})
    orders.takeAssignment(order_id, advance, PRICE, {"from": financier})
    replace_orders(suite, admin, regulator)
    orders.deliver(order_id, blades, {"from": tier1})
    assert [parts.ownerOf(p) for p in blades] == [oem] * 3
    assert orders.owed(usd, financier) == PRICE and usd.balanceOf(tier1) == advance
    orders.withdraw(usd, {"from": financier})
    assert usd.balanceOf(financier) == PRICE and usd.balanceOf(oem) == 0 and usd.balanceOf(orders) == 0


# ------------------------------------------------------------------ only its own parts


def test_the_old_contract_cannot_deliver_a_part_the_new_contract_encumbered(
        orders, new, parts, usd, oem, tier1, broker, airline, enforcer, arbiter, old):
    """A part forced out of an old order and sold again through the new contract: the old order's
    seller cannot deliver it (it would move the new buyer's part and take the old buyer's money);
    the old buyer drops that line and gets its share back."""
    blade = old["blades"][0]
    parts.forcedTransfer(blade, broker, SB, {"from": enforcer})  # lifts the old encumbrance
    fresh_id, _ = open_order(new, usd, airline, broker, arbiter, [blade], price=500 * USD)
    new.acceptOrder(fresh_id, {"from": broker})
    assert parts.encumbranceOf(blade) == airline
    with brownie.reverts(err("EncumberedByOther", blade, orders)):
        orders.deliver(old["prepaid"], [blade], {"from": tier1})
    assert parts.ownerOf(blade) == broker and usd.balanceOf(tier1) == 0
    orders.dropPart(old["prepaid"], blade, {"from": oem})
    assert usd.balanceOf(oem) == PRICE // 3
    new.deliver(fresh_id, [blade], {"from": broker})
    assert parts.ownerOf(blade) == airline and usd.balanceOf(broker) == 500 * USD
    orders.deliver(old["prepaid"], old["blades"][1:], {"from": tier1})
    assert usd.balanceOf(tier1) == PRICE - PRICE // 3
    assert_balanced(orders, usd)
    assert_balanced(new, usd)


# ------------------------------------------------------------------ only its own credit, per debtor


def test_each_contract_settles_only_the_credit_it_reserved_for_each_debtor(
        orders, new, parts, receivables, usd, oem, airline, tier1, arbiter, admin, old):
    """Two debtors across the move: the OEM's credit order on the old contract, the airline's on the
    new one (the OEM orders on the new one too). Each contract holds, per debtor, what it reserved
    itself, and each delivery invoices its own buyer for its own order."""
    receivables.setCreditLine(airline, usd, LINE, {"from": admin})
    airline_id, airline_parts = _new_order(new, usd, parts, airline, tier1, arbiter, "NEW-A", OrderTerms.Credit)
    oem_id, oem_parts = _new_order(new, usd, parts, oem, tier1, arbiter, "NEW-O", OrderTerms.Credit)
    shares = {(c, d): receivables.reservedBy(c, d) for c in (orders, new) for d in (oem, airline)}
    assert shares == {(orders, oem): PRICE, (orders, airline): 0, (new, oem): PRICE, (new, airline): PRICE}
    orders.deliver(old["credit"], old["vanes"], {"from": tier1})
    assert receivables.reservedBy(orders, oem) == 0 and receivables.reservedBy(new, oem) == PRICE
    assert receivables.reservedBy(new, airline) == PRICE
    new.deliver(airline_id, airline_parts, {"from": tier1})
    new.deliver(oem_id, oem_parts, {"from": tier1})
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 2 * PRICE, 0)
    assert tuple(receivables.creditOf(airline, usd)) == (LINE, PRICE, 0)
    assert [parts.ownerOf(p) for p in old["vanes"] + oem_parts] == [oem] * 6
    assert [parts.ownerOf(p) for p in airline_parts] == [airline] * 3
    assert receivables.reservedTotal() == 0


def test_a_winding_down_contract_cannot_issue_or_release_against_another_debtors_reservation(
        suite, participants, parts, receivables, usd, oem, airline, tier1, tier2, arbiter, admin, regulator):
    """A faulty or hostile old orders contract (a stand-in here) held 300 of the OEM's credit when it
    was replaced; the airline's credit order is the new contract's. The old one cannot invoice the
    airline nor release its reservation, and settles the OEM's 300 in full, no more; the airline's
    order delivers in full: the seller holds the airline's debt, the old contract's creditor only
    the OEM's."""
    from brownie import MockOrders

    hostile = MockOrders.deploy(participants, parts, receivables, {"from": admin})
    for authority in (admin, regulator):
        receivables.connectOrders(hostile, {"from": authority})
    receivables.setCreditLine(airline, usd, LINE, {"from": admin})
    due = latest_timestamp() + 60 * DAY
    hostile.reserve(oem, usd, 300 * USD, due, {"from": admin})
    new = replace_orders(suite, admin, regulator).orders
    assert tuple(receivables.windingDown(hostile)) == (True, 300 * USD)
    airline_id, airline_parts = _new_order(new, usd, parts, airline, tier1, arbiter, "NEW-A", OrderTerms.Credit)
    assert receivables.reservedBy(new, airline) == PRICE and receivables.reservedBy(hostile, airline) == 0
    assert receivables.reservedBy(hostile, oem) == 300 * USD

    with brownie.reverts(err("WindingDownExceeded", hostile, airline, 100 * USD, 0)):
        hostile.issue(1, tier2, airline, usd, 100 * USD, due, b"\x33" * 32, [], {"from": admin})
    with brownie.reverts(err("WindingDownExceeded", hostile, airline, 1, 0)):
        hostile.release(airline, 1, {"from": admin})
    assert tuple(receivables.creditOf(airline, usd)) == (LINE, 0, PRICE) and receivables.receivableCount() == 0

    rid = hostile.issue(1, tier2, oem, usd, 200 * USD, due, b"\x34" * 32, [], {"from": admin}).return_value
    hostile.release(oem, 100 * USD, {"from": admin})
    with brownie.reverts(err("WindingDownExceeded", hostile, oem, 1, 0)):
        hostile.release(oem, 1, {"from": admin})
    assert tuple(receivables.windingDown(hostile)) == (True, 0)
    assert receivables.balanceOf(tier2, rid) == 200 * USD
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 200 * USD, 0)

    tx = new.deliver(airline_id, airline_parts, {"from": tier1})
    rid2 = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert receivables.balanceOf(tier1, rid2) == PRICE and receivables.balanceOf(tier2, rid2) == 0
    assert receivables.receivable(rid2)["debtor"] == airline and receivables.receivable(rid)["debtor"] == oem
    assert [parts.ownerOf(p) for p in airline_parts] == [airline] * 3
    assert tuple(receivables.creditOf(airline, usd)) == (LINE, PRICE, 0) and receivables.reservedTotal() == 0
