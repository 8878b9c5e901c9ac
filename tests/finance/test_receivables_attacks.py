"""Attacks on the receivables: hostile and odd settlement tokens, a reentrant ERC-1155 receiver,
a debtor that never pays (tests/finance/test_receivables.py covers the default view)."""

import brownie
import pytest
from brownie import FalseReturnToken, FeeOnTransferToken, NoReturnToken, ReentrantERC1155Receiver, ReentrantToken
from eth_utils import keccak

from helpers import FINANCIER_ROLE, allow_token, err
from recv_kit import USD, credit, invoice, maturity  # noqa: F401

FACE = 1_000 * USD
GUARD = "0x" + keccak(text="ReentrancyGuardReentrantCall()")[:4].hex()


@pytest.fixture(scope="module", autouse=True)
def cast(tier2, credit):
    pass


def confirmed_in(receivables, token, admin, oem, tier1, face=FACE):
    allow_token(receivables, token, admin)
    receivables.setCreditLine(oem, token, face, {"from": admin})  # a line per token
    rid = receivables.issue(oem, token, face, maturity(), invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    return rid


def fund(token, account, spender, amount):
    token.mint(account, amount, {"from": account})
    token.approve(spender, amount, {"from": account})


def test_a_token_that_returns_nothing_works(receivables, admin, oem, tier1, tier2, financier):
    token = NoReturnToken.deploy({"from": admin})
    rid = confirmed_in(receivables, token, admin, oem, tier1)
    offer = receivables.offerDiscount(rid, financier, 100 * USD, 95 * USD, maturity(1), {"from": tier1}).return_value
    fund(token, financier, receivables, 95 * USD)
    receivables.takeDiscount(offer, {"from": financier})
    assert token.balanceOf(tier1) == 95 * USD
    fund(token, oem, receivables, FACE)
    receivables.pay(rid, FACE, {"from": oem})
    assert receivables.redeem(rid, {"from": tier1}).return_value == 900 * USD
    assert receivables.redeem(rid, {"from": financier}).return_value == 100 * USD
    assert token.balanceOf(receivables) == 0 and token.balanceOf(tier1) == 995 * USD


def test_a_token_that_returns_false_fails_cleanly(receivables, admin, oem, tier1, financier):
    token = FalseReturnToken.deploy({"from": admin})
    rid = confirmed_in(receivables, token, admin, oem, tier1)
    fund(token, oem, receivables, FACE)
    receivables.pay(rid, FACE // 2, {"from": oem})
    token.setFailing(True, {"from": admin})
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        receivables.pay(rid, 1, {"from": oem})
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        receivables.redeem(rid, {"from": tier1})
    offer = receivables.offerDiscount(rid, financier, 10, 9, maturity(1), {"from": tier1}).return_value
    fund(token, financier, receivables, 9)
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        receivables.takeDiscount(offer, {"from": financier})
    assert receivables.receivable(rid)["paid"] == FACE // 2 and receivables.balanceOf(tier1, rid) == FACE
    token.setFailing(False, {"from": admin})
    assert receivables.redeem(rid, {"from": tier1}).return_value == FACE // 2


def test_a_token_that_starts_charging_a_fee_is_refused(receivables, admin, oem, tier1, financier):
    token = FeeOnTransferToken.deploy({"from": admin})
    token.setCharging(False, {"from": admin})  # charging, it would fail allowToken's probe
    rid = confirmed_in(receivables, token, admin, oem, tier1)
    token.setCharging(True, {"from": admin})
    fund(token, oem, receivables, FACE)
    with brownie.reverts(revert_pattern=rf"FeeOnTransferToken: {str(token.address).lower()}, 100, \d+"):
        receivables.pay(rid, 100, {"from": oem})
    offer = receivables.offerDiscount(rid, financier, 100, 100, maturity(1), {"from": tier1}).return_value
    fund(token, financier, receivables, 100)
    with brownie.reverts(revert_pattern=rf"PriceNotReceived: {offer}, 100, \d+"):
        receivables.takeDiscount(offer, {"from": financier})


def test_a_reentrant_token_meets_the_guard(receivables, admin, oem, tier1):
    token = ReentrantToken.deploy({"from": admin})
    rid = confirmed_in(receivables, token, admin, oem, tier1)
    fund(token, oem, receivables, FACE)
    receivables.pay(rid, 100, {"from": oem})
    token.arm(receivables, receivables.redeem.encode_input(rid), {"from": admin})
    receivables.pay(rid, 100, {"from": oem})  # the token calls back mid-transfer
    assert not token.lastCallSucceeded() and token.lastReturnData() == GUARD
    token.arm(receivables, receivables.pay.encode_input(rid, 1), {"from": admin})
    assert receivables.redeem(rid, {"from": tier1}).return_value == 200
    assert not token.lastCallSucceeded() and token.lastReturnData() == GUARD
    assert receivables.receivable(rid)["paid"] == 200 and token.balanceOf(receivables) == 0


@pytest.fixture(scope="module")
def hostile(participants, admin):
    """A contract participant (and financier) that calls back from onERC1155Received."""
    contract = ReentrantERC1155Receiver.deploy({"from": admin})
    participants.onboard(contract, "Hostile Holder", "HOST-1", [FINANCIER_ROLE], {"from": admin})
    return contract


def test_a_receiver_redeeming_from_its_callback_gets_only_what_the_units_carry(receivables, usd, oem, tier1, hostile,
                                                                                 fund):
    rid = receivables.issue(oem, usd, FACE, maturity(), invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    fund(oem, FACE // 2, receivables)
    receivables.pay(rid, FACE // 2, {"from": oem})
    hostile.arm(receivables, receivables.redeem.encode_input(rid), {"from": oem})
    receivables.safeTransferFrom(tier1, hostile, rid, 400 * USD, b"", {"from": tier1})
    assert hostile.lastCallSucceeded() and usd.balanceOf(hostile) == 200 * USD  # its units' share, no more
    assert receivables.redeemable(rid, hostile) == 0
    assert receivables.redeem(rid, {"from": tier1}).return_value == 300 * USD
    assert usd.balanceOf(receivables) == 0


def test_a_receiver_forwarding_from_its_callback_obeys_the_rules(receivables, usd, oem, tier1, tier2, outsider,
                                                                 hostile):
    rid = receivables.issue(oem, usd, FACE, maturity(), invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    forward = receivables.safeTransferFrom.encode_input(hostile, outsider, rid, 10, b"")
    hostile.arm(receivables, forward, {"from": oem})
    receivables.safeTransferFrom(tier1, hostile, rid, 100, b"", {"from": tier1})
    assert not hostile.lastCallSucceeded()  # an unregistered receiver: refused even from the callback
    hostile.arm(receivables, receivables.safeTransferFrom.encode_input(hostile, tier2, rid, 10, b""), {"from": oem})
    receivables.safeTransferFrom(tier1, hostile, rid, 100, b"", {"from": tier1})
    assert hostile.lastCallSucceeded() and receivables.balanceOf(tier2, rid) == 10
    assert receivables.balanceOf(hostile, rid) == 190


def test_a_discount_taker_reentering_from_its_callback_meets_the_guard(receivables, usd, oem, tier1, hostile, fund):
    rid = receivables.issue(oem, usd, FACE, maturity(), invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    fund(oem, FACE // 2, receivables)
    receivables.pay(rid, FACE // 2, {"from": oem})
    offer = receivables.offerDiscount(rid, hostile, 400 * USD, 190 * USD, maturity(1), {"from": tier1}).return_value
    usd.mint(hostile, 190 * USD, {"from": oem})
    hostile.execute(usd, usd.approve.encode_input(receivables, 190 * USD), {"from": oem})
    hostile.arm(receivables, receivables.redeem.encode_input(rid), {"from": oem})
    hostile.execute(receivables, receivables.takeDiscount.encode_input(offer), {"from": oem})
    assert not hostile.lastCallSucceeded() and hostile.lastReturnData() == GUARD
    assert receivables.balanceOf(hostile, rid) == 400 * USD and usd.balanceOf(tier1) == 190 * USD
    # the units came with their unredeemed share: 400 of 1000 units of the 500 paid
    hostile.execute(receivables, receivables.redeem.encode_input(rid), {"from": oem})
    assert usd.balanceOf(hostile) == 200 * USD
