"""A settlement token must pay exactly, or it is never allowed.

The receivables contract's `allowToken` probes the token: TOKEN_PROBE of it moves from the admin
to the contract and back, each way by exactly that much; the orders contract takes only a token
the receivables contract allows. A fee-on-transfer token or one that returns false fails the
probe, so no order (on credit or prepaid) and no receivable is ever opened in it, and no part
moves for a payment that cannot arrive. A probe sees the token as it is at that moment: one that
starts charging later is refused at each payment (nothing is booked that did not arrive) and the
admin disallows it for what is new."""

import brownie
import pytest
from brownie import FalseReturnToken, FeeOnTransferToken, NoReturnToken

from helpers import OrderTerms, err, latest_timestamp
from orders_kit import make_parts
from recv_kit import USD, credit, invoice, maturity  # noqa: F401

PROBE = 10_000
FACE = 1_000 * USD


@pytest.fixture(scope="module", autouse=True)
def cast(credit):
    pass


def funded(token, admin, *spenders):
    token.mint(admin, PROBE, {"from": admin})
    for spender in spenders:
        token.approve(spender, PROBE, {"from": admin})
    return token


def test_the_probe_is_ten_thousand_smallest_units(receivables):
    assert receivables.TOKEN_PROBE() == PROBE


def test_a_fee_on_transfer_token_cannot_be_allowed(receivables, orders, admin):
    token = funded(FeeOnTransferToken.deploy({"from": admin}), admin, receivables)
    with brownie.reverts(err("FeeOnTransferToken", token, PROBE, PROBE - PROBE // 100)):
        receivables.allowToken(token, True, {"from": admin})
    with brownie.reverts(err("TokenNotAllowed", token)):  # orders: only what the receivables allow
        orders.allowToken(token, True, {"from": admin})
    assert not receivables.tokenAllowed(token) and not orders.tokenAllowed(token)
    assert token.balanceOf(admin) == PROBE and token.balanceOf(receivables) == 0  # the admin lost nothing


def test_a_token_that_returns_false_cannot_be_allowed(receivables, orders, admin):
    token = funded(FalseReturnToken.deploy({"from": admin}), admin, receivables)
    token.setFailing(True, {"from": admin})
    with brownie.reverts(err("SafeERC20FailedOperation", token)):
        receivables.allowToken(token, True, {"from": admin})
    with brownie.reverts(err("TokenNotAllowed", token)):
        orders.allowToken(token, True, {"from": admin})
    assert not receivables.tokenAllowed(token) and not orders.tokenAllowed(token)
    assert token.balanceOf(admin) == PROBE


def test_a_token_that_returns_nothing_passes_the_probe_and_the_admin_keeps_it(receivables, orders, admin):
    token = funded(NoReturnToken.deploy({"from": admin}), admin, receivables)
    tx = receivables.allowToken(token, True, {"from": admin})
    assert receivables.tokenAllowed(token)
    assert list(tx.events["TokenAllowed"][0].values()) == [token, True, admin]
    assert token.balanceOf(admin) == PROBE and token.balanceOf(receivables) == 0
    assert token.allowance(admin, receivables) == 0  # the approval is spent by the probe
    tx = orders.allowToken(token, True, {"from": admin})  # no probe of its own: nothing moves
    assert orders.tokenAllowed(token) and list(tx.events["TokenAllowed"][0].values()) == [token, True, admin]
    assert token.balanceOf(admin) == PROBE and token.balanceOf(orders) == 0


def test_allowing_needs_the_probe_held_and_approved_but_disallowing_does_not(receivables, admin):
    token = NoReturnToken.deploy({"from": admin})
    with brownie.reverts(err("TokenProbeUnfunded", token, admin, 0, 0, PROBE)):
        receivables.allowToken(token, True, {"from": admin})
    token.mint(admin, PROBE, {"from": admin})
    token.approve(receivables, PROBE - 1, {"from": admin})
    with brownie.reverts(err("TokenProbeUnfunded", token, admin, PROBE, PROBE - 1, PROBE)):
        receivables.allowToken(token, True, {"from": admin})
    assert not receivables.tokenAllowed(token)
    token.approve(receivables, PROBE, {"from": admin})
    receivables.allowToken(token, True, {"from": admin})
    token.approve(receivables, 0, {"from": admin})
    receivables.allowToken(token, False, {"from": admin})  # no probe to disallow
    assert not receivables.tokenAllowed(token)


def test_a_credit_order_in_a_fee_token_is_refused_before_any_part_moves(orders, receivables, parts, admin, oem,
                                                                       tier1, arbiter):
    token = funded(FeeOnTransferToken.deploy({"from": admin}), admin, receivables)
    with brownie.reverts(err("FeeOnTransferToken", token, PROBE, PROBE - PROBE // 100)):
        receivables.allowToken(token, True, {"from": admin})
    with brownie.reverts(err("TokenNotAllowed", token)):
        orders.allowToken(token, True, {"from": admin})
    receivables.setCreditLine(oem, token, FACE, {"from": admin})
    pids = make_parts(parts, tier1, "FEE-CREDIT", 1)
    deadline = latest_timestamp() + 86400
    with brownie.reverts(err("TokenNotAllowed", token)):
        orders.openOrder(tier1, pids, token, FACE, deadline, OrderTerms.Credit, deadline + 30 * 86400, arbiter,
                         {"from": oem})
    with brownie.reverts(err("TokenNotAllowed", token)):
        receivables.issue(oem, token, FACE, maturity(), invoice(), [], {"from": tier1})
    assert orders.orderCount() == 0 and receivables.receivableCount() == 0
    assert parts.ownerOf(pids[0]) == tier1 and parts.encumbranceOf(pids[0]) == "0x" + "0" * 40


def test_a_token_that_starts_charging_after_it_was_allowed_is_refused_at_each_payment(receivables, admin, oem, tier1):
    """What a probe cannot catch: the debtor cannot pay in it while it charges (nothing is
    booked), the creditor keeps its units and its claim, and the admin disallows the token for
    new receivables; once it stops charging the debtor pays and the creditor redeems in full."""
    token = funded(FeeOnTransferToken.deploy({"from": admin}), admin, receivables)
    token.setCharging(False, {"from": admin})
    receivables.allowToken(token, True, {"from": admin})
    receivables.setCreditLine(oem, token, FACE, {"from": admin})
    rid = receivables.issue(oem, token, FACE, maturity(), invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    token.setCharging(True, {"from": admin})
    token.mint(oem, FACE, {"from": oem})
    token.approve(receivables, FACE, {"from": oem})
    with brownie.reverts(err("FeeOnTransferToken", token, FACE, FACE - FACE // 100)):
        receivables.pay(rid, FACE, {"from": oem})
    assert token.balanceOf(oem) == FACE and receivables.receivable(rid)["paid"] == 0
    assert receivables.balanceOf(tier1, rid) == FACE and token.balanceOf(receivables) == 0
    receivables.allowToken(token, False, {"from": admin})
    with brownie.reverts(err("TokenNotAllowed", token)):
        receivables.issue(oem, token, FACE, maturity(), invoice(), [], {"from": tier1})
    token.setCharging(False, {"from": admin})
    receivables.pay(rid, FACE, {"from": oem})  # what is open settles in its token
    assert receivables.redeem(rid, {"from": tier1}).return_value == FACE
    assert token.balanceOf(tier1) == FACE and token.balanceOf(oem) == 0 and token.balanceOf(receivables) == 0


def test_the_deployed_suite_allows_its_stablecoin_and_the_admin_keeps_the_probe(suite, usd, admin):
    assert suite.receivables.tokenAllowed(usd) and suite.orders.tokenAllowed(usd)
    assert usd.balanceOf(admin) == PROBE and usd.balanceOf(suite.receivables) == 0 and usd.balanceOf(suite.orders) == 0

