"""Purchase orders, prepaid: opening (approve or EIP-2612 permit), acceptance, decline,
cancellation, delivery versus payment (by the seller, an authorised deliverer, or the buyer
confirming), pro-rata shares, and the views. Every flow checks that the contract holds exactly
what it owes (escrow + credits)."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain
from eth_account import Account

from helpers import (
    DeliveryCode,
    LineState,
    OrderState,
    OrderTerms,
    PartStatus,
    TransferCode,
    ZERO32,
    err,
    events,
    key_of,
    latest_timestamp,
    missing_role,
    ARBITER_ROLE,
)
from orders_kit import DAY, PRICE, USD, assert_balanced, line_states, make_parts, open_order

SHARE, LAST = PRICE // 3, PRICE // 3 + PRICE % 3


@pytest.fixture(scope="module")
def blades(parts, tier1):
    """Three blades tier 1 (a manufacturer) owns and sells."""
    return make_parts(parts, tier1, "BLD", 3)


@pytest.fixture(scope="module")
def spare(parts, tier1):
    return make_parts(parts, tier1, "SPARE", 1)[0]


@pytest.fixture
def opened(orders, usd, oem, tier1, arbiter, blades):
    """An open prepaid order of the three blades: (order id, tx)."""
    return open_order(orders, usd, oem, tier1, arbiter, blades)


@pytest.fixture
def accepted(orders, tier1, opened):
    order_id, _ = opened
    orders.acceptOrder(order_id, {"from": tier1})
    return order_id


# ------------------------------------------------------------------ opening


def test_open_prepaid_escrows_the_price_and_records_the_order(orders, usd, oem, tier1, arbiter, blades, opened):
    order_id, tx = opened
    assert order_id == 1 and orders.orderCount() == 1
    (event,) = events(tx, "OrderOpened")
    assert event == {
        "orderId": 1, "buyer": oem, "seller": tier1, "token": usd, "price": PRICE,
        "deadline": event["deadline"], "terms": OrderTerms.Prepaid, "maturity": 0, "arbiter": arbiter,
        "partIds": blades,
    }
    info = orders.order(1)
    assert (info["buyer"], info["seller"], info["token"], info["price"]) == (oem, tier1, usd, PRICE)
    assert (info["state"], info["arbiter"], info["payee"], info["frozen"], info["partCount"]) == (
        OrderState.Open, arbiter, tier1, False, 3)
    assert info["deadline"] == event["deadline"]
    assert usd.balanceOf(orders) == PRICE and orders.escrowed(1) == PRICE
    assert list(orders.orderParts(1)[0]) == blades and line_states(orders, 1) == [LineState.Pending] * 3
    assert [orders.openOrderOf(p) for p in blades] == [0, 0, 0]  # held only once accepted
    # exact integer shares that sum to the price: the last part takes the remainder
    assert [orders.shareOf(1, i) for i in range(3)] == [SHARE, SHARE, LAST]
    assert sum(orders.shareOf(1, i) for i in range(3)) == PRICE
    assert_balanced(orders, usd)


def test_open_order_guards(orders, participants, parts, usd, oem, tier1, tier2, arbiter, regulator, outsider,
                           admin, blades, spare, register):
    deadline = latest_timestamp() + DAY
    usd.mint(oem, 10 * PRICE, {"from": oem})
    usd.approve(orders, 10 * PRICE, {"from": oem})

    def attempt(seller=tier1, ids=blades, token=usd, price=PRICE, when=deadline, terms=OrderTerms.Prepaid,
                maturity=0, judge=arbiter, buyer=oem):
        return orders.openOrder(seller, ids, token, price, when, terms, maturity, judge, {"from": buyer})

    with brownie.reverts(err("SameBuyerAndSeller", oem)):
        attempt(seller=oem)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        attempt(buyer=outsider)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        attempt(seller=outsider)
    with brownie.reverts(err("ArbiterIsParty", tier1)):
        attempt(judge=tier1)
    with brownie.reverts(err("ArbiterIsParty", oem)):
        attempt(judge=oem)
    with brownie.reverts(missing_role(tier2, ARBITER_ROLE)):
        attempt(judge=tier2)
    with brownie.reverts(err("TokenNotAllowed", parts)):
        attempt(token=parts)
    with brownie.reverts(err("InvalidPartCount", 0, 32)):
        attempt(ids=[])
    with brownie.reverts(err("InvalidPartCount", 33, 32)):
        attempt(ids=list(range(1, 34)))
    with brownie.reverts(err("PriceTooLow", 2, 3)):
        attempt(price=2)
    with brownie.reverts(err("PriceTooHigh", 2**88, 2**88 - 1)):
        attempt(price=2**88)
    with brownie.reverts(revert_pattern=r"DeadlineNotInFuture: 1, \d+"):
        attempt(when=1)
    far = latest_timestamp() + 366 * DAY
    with brownie.reverts(revert_pattern=rf"DeadlineTooFar: {far}, \d+"):
        attempt(when=far)  # at most MAX_TERM (365 days) ahead
    with brownie.reverts(err("InvalidOrderMaturity", 5, deadline)):
        attempt(maturity=5)  # prepaid: no maturity
    with brownie.reverts(err("InvalidOrderMaturity", deadline, deadline)):
        attempt(terms=OrderTerms.Credit, maturity=deadline)  # credit: maturity after the deadline
    with brownie.reverts(err("PartNotFound", 12345)):
        attempt(ids=[12345])
    mine = register("OEM-OWN")  # the OEM's own part
    with brownie.reverts(err("PartNotOwnedBySeller", mine, tier1, oem)):
        attempt(ids=[blades[0], mine])
    with brownie.reverts(err("DuplicatePart", blades[1])):
        attempt(ids=[blades[0], blades[1], blades[1]])
    with brownie.reverts(err("ERC20InsufficientAllowance", orders, 10 * PRICE, 10 * PRICE + 1)):
        attempt(price=10 * PRICE + 1)
    attempt()  # order 1 names the blades; unaccepted, it holds none of them
    attempt(ids=[spare, blades[2]])  # order 2 names blades[2] too: only acceptance excludes
    participants.suspend(tier1, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        attempt(ids=[spare])
    participants.reinstate(tier1, ZERO32, {"from": regulator})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        attempt(ids=[spare])
    participants.unpause({"from": admin})
    attempt(ids=[spare], price=1)  # one smallest unit per part is enough
    assert_balanced(orders, usd)


def test_open_with_an_eip2612_permit_signed_with_eth_account(orders, usd, keyed, tier1, arbiter, blades):
    deadline = latest_timestamp() + DAY
    usd.mint(keyed, PRICE, {"from": keyed})
    permit = _permit(usd, keyed, orders, PRICE, deadline)
    tx = orders.openOrderWithPermit(tier1, blades, usd, PRICE, deadline, arbiter, deadline, permit.v,
                                    _b32(permit.r), _b32(permit.s), {"from": keyed})
    assert tx.return_value == 1 and events(tx, "OrderOpened")[0]["terms"] == OrderTerms.Prepaid
    assert usd.balanceOf(keyed) == 0 and usd.balanceOf(orders) == PRICE and usd.nonces(keyed) == 1
    assert_balanced(orders, usd)


def test_a_front_run_permit_does_not_stop_the_order(orders, usd, keyed, tier1, arbiter, outsider, blades):
    deadline = latest_timestamp() + DAY
    usd.mint(keyed, PRICE, {"from": keyed})
    permit = _permit(usd, keyed, orders, PRICE, deadline)
    args = (keyed, orders, PRICE, deadline, permit.v, _b32(permit.r), _b32(permit.s))
    usd.permit(*args, {"from": outsider})  # someone submits the permit first
    orders.openOrderWithPermit(tier1, blades, usd, PRICE, deadline, arbiter, *args[3:], {"from": keyed})
    assert usd.balanceOf(orders) == PRICE


def test_a_bad_permit_without_allowance_fails_on_the_pull(orders, usd, keyed, tier1, arbiter, blades):
    deadline = latest_timestamp() + DAY
    usd.mint(keyed, PRICE, {"from": keyed})
    permit = _permit(usd, keyed, orders, PRICE - 1, deadline)  # signed for less than the price
    with brownie.reverts(err("ERC20InsufficientAllowance", orders, 0, PRICE)):
        orders.openOrderWithPermit(tier1, blades, usd, PRICE, deadline, arbiter, deadline, permit.v,
                                   _b32(permit.r), _b32(permit.s), {"from": keyed})


def _b32(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _permit(token, owner, spender, value, deadline):
    """An EIP-2612 permit signed by eth-account (the reference), not by our own code."""
    data = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {"name": "Test USD", "version": "1", "chainId": chain.id, "verifyingContract": token.address},
        "message": {"owner": owner.address, "spender": spender.address, "value": value,
                    "nonce": token.nonces(owner), "deadline": deadline},
    }
    return Account.sign_typed_data(key_of(owner), full_message=data)


# ------------------------------------------------------------------ before acceptance


def test_accept_encumbers_every_part_for_the_buyer(orders, parts, oem, tier1, broker, blades, opened):
    tx = orders.acceptOrder(1, {"from": tier1})
    assert events(tx, "OrderAccepted") == [{"orderId": 1, "seller": tier1}]
    assert [orders.openOrderOf(p) for p in blades] == [1, 1, 1]
    assert [e["partId"] for e in events(tx, "EncumbranceSet")] == blades
    assert orders.order(1)["state"] == OrderState.Accepted
    assert all(parts.encumbranceOf(p) == oem for p in blades)
    assert parts.canTransfer(tier1, broker, blades[0]) == TransferCode.PartEncumbered
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.Ok


def test_accept_guards(orders, parts, participants, oem, tier1, broker, regulator, admin, blades, opened):
    with brownie.reverts(err("OrderNotFound", 9)):
        orders.acceptOrder(9, {"from": tier1})
    with brownie.reverts(err("NotSeller", 1, oem)):
        orders.acceptOrder(1, {"from": oem})
    orders.freezeOrder(1, True, ZERO32, {"from": regulator})
    with brownie.reverts(err("OrderIsFrozen", 1)):
        orders.acceptOrder(1, {"from": tier1})
    orders.freezeOrder(1, False, ZERO32, {"from": regulator})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        orders.acceptOrder(1, {"from": tier1})
    participants.unpause({"from": admin})
    participants.suspend(oem, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", oem)):
        orders.acceptOrder(1, {"from": tier1})  # the buyer could not receive: refused now
    participants.reinstate(oem, ZERO32, {"from": regulator})
    parts.recallPart(blades[2], ZERO32, {"from": tier1})
    with brownie.reverts(err("PartSuspect", blades[2])):
        orders.acceptOrder(1, {"from": tier1})


def test_an_order_whose_part_moved_cannot_be_accepted(orders, parts, tier1, broker, blades, opened):
    parts.transferFrom(tier1, broker, blades[1], {"from": tier1})  # not encumbered before acceptance
    with brownie.reverts(err("IncorrectOwner", blades[1], tier1, broker)):
        orders.acceptOrder(1, {"from": tier1})


def test_accept_after_the_deadline_or_twice_is_refused(orders, usd, oem, tier1, arbiter, spare, opened):
    orders.acceptOrder(1, {"from": tier1})
    with brownie.reverts(err("OrderNotOpen", 1, OrderState.Accepted)):
        orders.acceptOrder(1, {"from": tier1})
    late, _ = open_order(orders, usd, oem, tier1, arbiter, [spare], price=10)
    chain.sleep(DAY + 1)
    chain.mine()
    with brownie.reverts(err("DeadlinePassed", late, orders.order(late)["deadline"])):
        orders.acceptOrder(late, {"from": tier1})


def test_decline_credits_the_refund_and_frees_the_parts(orders, usd, oem, tier1, arbiter, blades, opened):
    tx = orders.declineOrder(1, {"from": tier1})
    assert events(tx, "OrderDeclined") == [{"orderId": 1, "seller": tier1, "refund": PRICE}]
    assert events(tx, "PaymentCredited") == [{"token": usd, "account": oem, "amount": PRICE}]
    assert orders.order(1)["state"] == OrderState.Declined
    assert line_states(orders, 1) == [LineState.Refunded] * 3
    assert orders.escrowed(1) == 0 and orders.owed(usd, oem) == PRICE
    assert [orders.openOrderOf(p) for p in blades] == [0, 0, 0]
    assert_balanced(orders, usd)
    open_order(orders, usd, oem, tier1, arbiter, blades)  # the parts may back a new order
    orders.withdraw(usd, {"from": oem})
    assert usd.balanceOf(oem) == PRICE
    assert_balanced(orders, usd)


def test_cancel_refunds_the_buyer_directly(orders, usd, oem, tier1, opened):
    tx = orders.cancelOrder(1, {"from": oem})
    assert events(tx, "OrderCancelled") == [{"orderId": 1, "buyer": oem, "refund": PRICE}]
    assert usd.balanceOf(oem) == PRICE and orders.owed(usd, oem) == 0
    assert orders.order(1)["state"] == OrderState.Cancelled
    assert line_states(orders, 1) == [LineState.Refunded] * 3
    assert_balanced(orders, usd)


def test_decline_and_cancel_guards(orders, participants, oem, tier1, regulator, opened):
    with brownie.reverts(err("NotSeller", 1, oem)):
        orders.declineOrder(1, {"from": oem})
    with brownie.reverts(err("NotBuyer", 1, tier1)):
        orders.cancelOrder(1, {"from": tier1})
    orders.freezeOrder(1, True, ZERO32, {"from": regulator})
    with brownie.reverts(err("OrderIsFrozen", 1)):
        orders.declineOrder(1, {"from": tier1})
    with brownie.reverts(err("OrderIsFrozen", 1)):
        orders.cancelOrder(1, {"from": oem})
    orders.freezeOrder(1, False, ZERO32, {"from": regulator})
    participants.suspend(oem, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", oem)):
        orders.cancelOrder(1, {"from": oem})
    participants.reinstate(oem, ZERO32, {"from": regulator})
    participants.suspend(tier1, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        orders.declineOrder(1, {"from": tier1})
    participants.reinstate(tier1, ZERO32, {"from": regulator})
    orders.acceptOrder(1, {"from": tier1})
    with brownie.reverts(err("OrderNotOpen", 1, OrderState.Accepted)):
        orders.cancelOrder(1, {"from": oem})
    with brownie.reverts(err("OrderNotOpen", 1, OrderState.Accepted)):
        orders.declineOrder(1, {"from": tier1})


# ------------------------------------------------------------------ delivery versus payment


def test_delivery_moves_each_part_and_pays_its_share_in_the_same_transaction(orders, parts, usd, oem, tier1,
                                                                               blades, accepted):
    tx = orders.deliver(1, [blades[0]], {"from": tier1})
    assert events(tx, "PartDelivered") == [
        {"orderId": 1, "partId": blades[0], "payee": tier1, "amount": SHARE, "by": tier1}]
    assert events(tx, "EncumbranceLifted") == [{"partId": blades[0], "beneficiary": oem, "delivered": True}]
    assert parts.ownerOf(blades[0]) == oem and usd.balanceOf(tier1) == SHARE
    assert orders.escrowed(1) == PRICE - SHARE
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Pending, LineState.Pending]
    assert orders.openOrderOf(blades[0]) == 0
    assert_balanced(orders, usd)
    tx = orders.deliver(1, [blades[2], blades[1]], {"from": tier1})  # the second shipment, any order
    assert [(e["partId"], e["amount"]) for e in events(tx, "PartDelivered")] == [(blades[2], LAST), (blades[1], SHARE)]
    assert events(tx, "OrderCompleted") == [{"orderId": 1}]
    assert usd.balanceOf(tier1) == PRICE and usd.balanceOf(orders) == 0
    assert orders.order(1)["state"] == OrderState.Completed
    with brownie.reverts(err("OrderNotOpen", 1, OrderState.Completed)):  # the state order() shows, not storage's
        orders.acceptOrder(1, {"from": tier1})
    assert all(parts.ownerOf(p) == oem for p in blades)
    assert parts.encumberedCount() == 0
    assert_balanced(orders, usd)


def test_delivery_guards(orders, parts, participants, usd, oem, tier1, broker, regulator, admin, blades, spare,
                         accepted):
    with brownie.reverts(err("NotDeliverer", 1, broker)):
        orders.deliver(1, [blades[0]], {"from": broker})
    with brownie.reverts(err("EmptyDelivery", 1)):
        orders.deliver(1, [], {"from": tier1})
    with brownie.reverts(err("PartNotInOrder", 1, spare)):
        orders.deliver(1, [spare], {"from": tier1})
    with brownie.reverts(err("PartAlreadySettled", 1, blades[0], LineState.Delivered)):
        orders.deliver(1, [blades[0], blades[0]], {"from": tier1})  # a part twice in one shipment
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        orders.deliver(1, [blades[0]], {"from": tier1})
    participants.unpause({"from": admin})
    participants.suspend(oem, ZERO32, {"from": regulator})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.BuyerRefused
    with brownie.reverts(err("ParticipantSuspended", oem)):  # a suspended buyer cannot receive
        orders.deliver(1, [blades[0]], {"from": tier1})
    participants.reinstate(oem, ZERO32, {"from": regulator})
    participants.suspend(tier1, ZERO32, {"from": regulator})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.SellerRefused
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        orders.deliver(1, [blades[0]], {"from": tier1})
    participants.reinstate(tier1, ZERO32, {"from": regulator})
    parts.freezePart(blades[0], ZERO32, {"from": regulator})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.PartFrozen
    with brownie.reverts(err("PartFrozen", blades[0])):
        orders.deliver(1, [blades[0]], {"from": tier1})
    parts.recallPart(blades[1], ZERO32, {"from": tier1})
    assert orders.canDeliver(1, blades[1]) == DeliveryCode.PartSuspect
    with brownie.reverts(err("PartSuspect", blades[1])):
        orders.deliver(1, [blades[1]], {"from": tier1})
    orders.deliver(1, [blades[2]], {"from": tier1})
    with brownie.reverts(err("PartAlreadySettled", 1, blades[2], LineState.Delivered)):
        orders.deliver(1, [blades[2]], {"from": tier1})
    assert orders.canDeliver(1, blades[2]) == DeliveryCode.PartSettled
    chain.sleep(DAY + 1)
    chain.mine()
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.DeadlinePassed
    with brownie.reverts(err("DeadlinePassed", 1, orders.order(1)["deadline"])):
        orders.deliver(1, [blades[0]], {"from": tier1})
    assert_balanced(orders, usd)


def test_an_open_order_cannot_be_delivered_or_confirmed(orders, oem, tier1, blades, opened):
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.OrderNotAccepted
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Open)):
        orders.deliver(1, [blades[0]], {"from": tier1})
    with brownie.reverts(err("OrderNotAccepted", 1, OrderState.Open)):
        orders.confirmReceipt(1, [blades[0]], {"from": oem})
    assert orders.canDeliver(7, blades[0]) == DeliveryCode.OrderNotFound
    with brownie.reverts(err("OrderNotFound", 7)):
        orders.deliver(7, [blades[0]], {"from": tier1})


def test_an_authorised_deliverer_delivers_and_the_seller_is_credited(orders, parts, participants, usd, oem, tier1,
                                                                   broker, regulator, blades, accepted):
    with brownie.reverts(err("NotSeller", 1, broker)):
        orders.authoriseDeliverer(1, broker, True, {"from": broker})
    with brownie.reverts(err("InvalidDeliverer", 1, oem)):
        orders.authoriseDeliverer(1, oem, True, {"from": tier1})
    with brownie.reverts(err("InvalidDeliverer", 1, ZERO_ADDRESS)):
        orders.authoriseDeliverer(1, ZERO_ADDRESS, True, {"from": tier1})
    tx = orders.authoriseDeliverer(1, broker, True, {"from": tier1})
    assert events(tx, "DelivererAuthorised") == [{"orderId": 1, "deliverer": broker, "authorised": True}]
    assert orders.isDeliverer(1, broker) and orders.isDeliverer(1, tier1) and not orders.isDeliverer(1, oem)
    participants.suspend(broker, ZERO32, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", broker)):
        orders.deliver(1, [blades[0]], {"from": broker})
    participants.reinstate(broker, ZERO32, {"from": regulator})
    tx = orders.deliver(1, [blades[0]], {"from": broker})
    assert events(tx, "PartDelivered")[0]["by"] == broker
    assert events(tx, "PaymentCredited") == [{"token": usd, "account": tier1, "amount": SHARE}]
    assert parts.ownerOf(blades[0]) == oem and orders.owed(usd, tier1) == SHARE and usd.balanceOf(broker) == 0
    assert_balanced(orders, usd)
    orders.authoriseDeliverer(1, broker, False, {"from": tier1})
    with brownie.reverts(err("NotDeliverer", 1, broker)):
        orders.deliver(1, [blades[1]], {"from": broker})
    orders.withdraw(usd, {"from": tier1})
    assert usd.balanceOf(tier1) == SHARE
    assert_balanced(orders, usd)


def test_the_buyer_confirms_a_delivery_received_outside_the_contract_even_late(orders, parts, usd, oem, tier1,
                                                                              broker, blades, accepted):
    with brownie.reverts(err("NotBuyer", 1, broker)):
        orders.confirmReceipt(1, [blades[0]], {"from": broker})
    chain.sleep(DAY + 1)
    chain.mine()
    tx = orders.confirmReceipt(1, blades, {"from": oem})
    assert [e["by"] for e in events(tx, "PartDelivered")] == [oem] * 3
    assert events(tx, "PaymentCredited") == [{"token": usd, "account": tier1, "amount": PRICE}]
    assert events(tx, "OrderCompleted") == [{"orderId": 1}]
    assert all(parts.ownerOf(p) == oem for p in blades) and orders.owed(usd, tier1) == PRICE
    assert_balanced(orders, usd)


# ------------------------------------------------------------------ views


def test_views_of_an_unknown_order_are_empty(orders, blades):
    info = orders.order(42)
    assert info["state"] == OrderState["None"] and info["buyer"] == ZERO_ADDRESS
    assert orders.orderParts(42) == ((), ())
    assert orders.escrowed(42) == 0 and orders.shareOf(42, 0) == 0 and not orders.isDisputed(42)
    assert tuple(orders.assignmentOffer(42)) == (ZERO_ADDRESS, 0, ZERO_ADDRESS, 0, 0)
    assert orders.dispute(42) == (ZERO_ADDRESS, "0x" + "00" * 32)


def test_can_deliver_reports_a_forced_transfer_and_a_pause(orders, parts, participants, oem, tier1, broker,
                                                           enforcer, admin, blades, spare, accepted):
    assert orders.canDeliver(1, spare) == DeliveryCode.PartNotInOrder
    participants.pause({"from": admin})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.SuitePaused
    participants.unpause({"from": admin})
    parts.forcedTransfer(blades[0], broker, ZERO32, {"from": enforcer})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.SellerNotOwner
    parts.forcedTransfer(blades[0], tier1, ZERO32, {"from": enforcer})  # back, but no longer promised
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.NotEncumbered
    parts.retirePart(blades[0], ZERO32, {"from": tier1})
    assert orders.canDeliver(1, blades[0]) == DeliveryCode.PartRetired
    assert parts.verifyPart(blades[0])["status"] == PartStatus.Retired
