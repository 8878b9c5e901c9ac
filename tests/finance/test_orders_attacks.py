"""Attacks on purchase orders through the settlement token and the parties' contracts: a
re-entrant token armed to call back into deliver / refund / withdraw, a contract buyer whose
ERC-721 hook tries to re-enter, a contract seller whose ERC-1155 hook (the receivable minted on a
credit delivery) tries to re-enter, a token that returns nothing (works), one that returns false
(fails cleanly), and a fee-on-transfer token (refused). (Recalled, frozen and forced-away parts
and a suspended buyer: tests/finance/test_orders_settlement.py and test_orders.py.)"""

import brownie
import pytest
from brownie import (
    FalseReturnToken,
    FeeOnTransferToken,
    NoReturnToken,
    ReentrantPartBuyer,
    ReentrantToken,
    chain,
    web3,
)

from helpers import LineState, OrderTerms, allow_token, err, events, latest_timestamp
from orders_kit import DAY, PRICE, assert_balanced, line_states, make_parts, open_order

REENTRANT_CALL = web3.keccak(text="ReentrancyGuardReentrantCall()")[:4]


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "ATK", 2)


def _allowed(orders, admin, token):
    allow_token(orders, token, admin)
    return token


@pytest.fixture(scope="module")
def evil(orders, admin):
    return _allowed(orders, admin, ReentrantToken.deploy({"from": admin}))


def _assert_guard_stopped_it(token_or_contract):
    assert not token_or_contract.lastCallSucceeded()
    assert bytes(token_or_contract.lastReturnData()) == bytes(REENTRANT_CALL)


def test_a_reentrant_token_cannot_call_back_into_open_deliver_refund_or_withdraw(orders, parts, admin, evil, oem,
                                                                                tier1, arbiter, blades):
    # during the opening pull, into deliver
    evil.arm(orders, orders.deliver.encode_input(1, [blades[0]]), {"from": admin})
    open_order(orders, evil, oem, tier1, arbiter, blades)
    _assert_guard_stopped_it(evil)
    orders.acceptOrder(1, {"from": tier1})
    # during the seller's payment, into refundExpired and deliver again
    evil.arm(orders, orders.deliver.encode_input(1, [blades[1]]), {"from": admin})
    orders.deliver(1, [blades[0]], {"from": tier1})
    _assert_guard_stopped_it(evil)
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Pending]
    assert_balanced(orders, evil)
    chain.sleep(DAY + 1)
    chain.mine()
    evil.arm(orders, orders.withdraw.encode_input(evil), {"from": admin})
    orders.refundExpired(1, {"from": oem})  # the buyer's refund is pushed to it
    _assert_guard_stopped_it(evil)
    assert evil.balanceOf(oem) == PRICE - PRICE // 2
    assert_balanced(orders, evil)


def test_a_reentrant_token_cannot_call_back_during_withdraw(orders, admin, evil, oem, tier1, arbiter, blades):
    open_order(orders, evil, oem, tier1, arbiter, blades)
    orders.declineOrder(1, {"from": tier1})  # the refund is credited
    evil.arm(orders, orders.withdraw.encode_input(evil), {"from": admin})
    orders.withdraw(evil, {"from": oem})  # a second withdraw from inside the transfer
    _assert_guard_stopped_it(evil)
    assert evil.balanceOf(oem) == PRICE and orders.owed(evil, oem) == 0
    assert_balanced(orders, evil)


@pytest.fixture
def contract_buyer(participants, admin):
    buyer = ReentrantPartBuyer.deploy({"from": admin})
    participants.onboard(buyer, "Contract Buyer", "CB-1", [], {"from": admin})
    return buyer


def test_a_contract_buyer_gets_no_erc721_hook_to_reenter_through(orders, parts, usd, admin, tier1, arbiter,
                                                                contract_buyer, blades):
    usd.mint(contract_buyer, PRICE, {"from": admin})
    contract_buyer.execute(usd, usd.approve.encode_input(orders, PRICE), {"from": admin})
    deadline = latest_timestamp() + DAY
    contract_buyer.execute(orders, orders.openOrder.encode_input(
        tier1, blades, usd, PRICE, deadline, OrderTerms.Prepaid, 0, arbiter), {"from": admin})
    orders.acceptOrder(1, {"from": tier1})
    contract_buyer.arm(orders, orders.dropPart.encode_input(1, blades[1]), {"from": admin})
    orders.deliver(1, blades, {"from": tier1})
    # the registry's move is not a safe transfer: the hook never runs, so nothing re-enters
    assert contract_buyer.hookCalls() == 0 and contract_buyer.armed()
    assert all(parts.ownerOf(p) == contract_buyer for p in blades)
    assert usd.balanceOf(tier1) == PRICE
    assert_balanced(orders, usd)


def test_a_contract_seller_cannot_reenter_from_the_receivable_mint(orders, receivables, parts, participants, usd,
                                                                  admin, oem, tier1, arbiter, blades):
    seller = ReentrantPartBuyer.deploy({"from": admin})
    participants.onboard(seller, "Contract Seller", "CS-1", [], {"from": admin})
    for pid in blades:
        parts.transferFrom(tier1, seller, pid, {"from": tier1})
    receivables.setCreditLine(oem, usd, PRICE, {"from": admin})
    open_order(orders, usd, oem, seller, arbiter, blades, terms=OrderTerms.Credit,
               maturity=latest_timestamp() + 60 * DAY)
    seller.execute(orders, orders.acceptOrder.encode_input(1), {"from": admin})
    seller.arm(orders, orders.deliver.encode_input(1, [blades[1]]), {"from": admin})
    tx = seller.execute(orders, orders.deliver.encode_input(1, [blades[0]]), {"from": admin})
    assert seller.hookCalls() == 1  # the ERC-1155 mint of its receivable called it back
    _assert_guard_stopped_it(seller)
    rid = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert receivables.balanceOf(seller, rid) == PRICE // 2
    assert line_states(orders, 1) == [LineState.Delivered, LineState.Pending]


def test_a_token_that_returns_nothing_settles_normally(orders, parts, admin, oem, tier1, arbiter, blades):
    token = _allowed(orders, admin, NoReturnToken.deploy({"from": admin}))
    open_order(orders, token, oem, tier1, arbiter, blades)
    orders.acceptOrder(1, {"from": tier1})
    orders.deliver(1, [blades[0]], {"from": tier1})
    assert token.balanceOf(tier1) == PRICE // 2 and parts.ownerOf(blades[0]) == oem
    assert_balanced(orders, token)
    chain.sleep(DAY + 1)
    chain.mine()
    orders.refundExpired(1, {"from": oem})
    assert token.balanceOf(oem) == PRICE - PRICE // 2 and token.balanceOf(orders) == 0


def test_a_token_that_returns_false_fails_cleanly_and_moves_nothing(orders, parts, admin, oem, tier1, arbiter,
                                                                   blades):
    token = _allowed(orders, admin, FalseReturnToken.deploy({"from": admin}))
    token.setFailing(True, {"from": admin})
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        open_order(orders, token, oem, tier1, arbiter, blades)
    token.setFailing(False, {"from": admin})
    open_order(orders, token, oem, tier1, arbiter, blades)
    orders.acceptOrder(1, {"from": tier1})
    token.setFailing(True, {"from": admin})
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        orders.deliver(1, [blades[0]], {"from": tier1})
    assert parts.ownerOf(blades[0]) == tier1 and parts.encumbranceOf(blades[0]) == oem  # no part without money
    token.setFailing(False, {"from": admin})
    orders.deliver(1, [blades[0]], {"from": tier1})
    assert token.balanceOf(tier1) == PRICE // 2
    assert_balanced(orders, token)


def test_a_token_that_starts_charging_a_fee_is_refused(orders, admin, oem, tier1, arbiter, blades):
    token = FeeOnTransferToken.deploy({"from": admin})
    token.setCharging(False, {"from": admin})  # charging, it would fail allowToken's probe
    _allowed(orders, admin, token)
    token.setCharging(True, {"from": admin})
    with brownie.reverts(err("FeeOnTransferToken", token, PRICE, PRICE - PRICE // 100)):
        open_order(orders, token, oem, tier1, arbiter, blades)
    assert orders.orderCount() == 0
