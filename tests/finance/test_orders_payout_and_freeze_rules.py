"""Who may take money out of an order, and who may freeze one.

The financier's advance must reach the payee in full: a token that starts charging a fee on
transfer after it was allowed fails the assignment (`AdvanceNotReceived`), so the financier never
gets the whole claim for less than the payee agreed to. A buyer closing its expired order itself is
paid straight, so it may only while active: a suspended or offboarded buyer's refund is credited
by anyone else's close and waits for `withdraw` (which pays it once reinstated). A regulator with a
stake in an order (its buyer, seller, payee or arbiter) may neither freeze nor unfreeze it; a
freeze works while the suite is paused (it only restricts), lifting one waits until it runs."""

import brownie
import pytest
from brownie import FeeOnTransferToken, chain

from helpers import (
    FINANCIER_ROLE,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    SB,
    allow_token,
    err,
)
from orders_kit import DAY, PRICE, assert_balanced, make_parts, open_order


@pytest.fixture(scope="module")
def blades(parts, tier1):
    return make_parts(parts, tier1, "RULE", 3)


@pytest.fixture
def accepted(orders, usd, oem, tier1, arbiter, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    return order_id


def _expire():
    chain.sleep(DAY + 1)
    chain.mine()


def _make_regulator(participants, admin, regulator, account, leaving=None):
    """`account` becomes a regulator (two authorities), first renouncing `leaving`, a role a
    regulator may not hold."""
    if leaving is not None:
        participants.renounceRole(leaving, account, {"from": account})
    participants.grantRole(REGULATOR_ROLE, account, {"from": admin})
    participants.grantRole(REGULATOR_ROLE, account, {"from": regulator})


# ------------------------------------------------------------------ the advance


def test_the_payee_must_receive_the_whole_advance_or_nothing_is_assigned(orders, admin, oem, tier1, arbiter,
                                                                         financier, blades):
    token = FeeOnTransferToken.deploy({"from": admin})
    token.setCharging(False, {"from": admin})
    allow_token(orders, token, admin)
    order_id, _ = open_order(orders, token, oem, tier1, arbiter, blades)
    orders.acceptOrder(order_id, {"from": tier1})
    advance = PRICE * 95 // 100
    orders.offerAssignment(order_id, financier, advance, orders.order(order_id)["deadline"], {"from": tier1})
    token.mint(financier, advance, {"from": financier})
    token.approve(orders, advance, {"from": financier})
    token.setCharging(True, {"from": admin})  # the token starts charging after it was allowed
    with brownie.reverts(err("AdvanceNotReceived", order_id, advance, advance - advance // 100)):
        orders.takeAssignment(order_id, advance, PRICE, {"from": financier})
    assert token.balanceOf(financier) == advance and token.balanceOf(tier1) == 0
    assert orders.order(order_id)["payee"] == tier1
    assert orders.assignmentOffer(order_id)["financier"] == financier  # the offer stands
    assert token.balanceOf(orders) == PRICE
    token.setCharging(False, {"from": admin})
    orders.takeAssignment(order_id, advance, PRICE, {"from": financier})
    assert token.balanceOf(tier1) == advance and token.balanceOf(financier) == 0
    assert orders.order(order_id)["payee"] == financier
    assert_balanced(orders, token)


# ------------------------------------------------------------------ the refund of an inactive buyer


def test_a_suspended_buyer_cannot_pull_its_refund_and_the_sellers_close_credits_it(orders, participants, parts,
                                                                                   usd, oem, tier1, regulator,
                                                                                   blades, accepted):
    participants.suspend(oem, SB, {"from": regulator})
    _expire()
    with brownie.reverts(err("ParticipantSuspended", oem)):
        orders.refundExpired(accepted, {"from": oem})
    assert usd.balanceOf(oem) == 0 and orders.escrowed(accepted) == PRICE
    orders.refundExpired(accepted, {"from": tier1})  # the seller closes it to get its parts back
    assert usd.balanceOf(oem) == 0 and orders.owed(usd, oem) == PRICE
    assert usd.balanceOf(tier1) == 0 and orders.owed(usd, tier1) == 0
    assert [parts.ownerOf(p) for p in blades] == [tier1] * 3
    with brownie.reverts(err("ParticipantSuspended", oem)):
        orders.withdraw(usd, {"from": oem})  # the refund waits
    participants.reinstate(oem, SB, {"from": regulator})
    orders.withdraw(usd, {"from": oem})
    assert usd.balanceOf(oem) == PRICE and orders.owed(usd, oem) == 0
    assert_balanced(orders, usd)


def test_an_offboarded_buyer_cannot_pull_its_refund_and_a_keepers_close_credits_it(orders, participants, usd,
                                                                                   admin, oem, tier1, arbiter,
                                                                                   broker, blades):
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, blades)
    participants.offboard(oem, {"from": admin})
    _expire()
    with brownie.reverts(err("ParticipantNotRegistered", oem)):
        orders.refundExpired(order_id, {"from": oem})
    assert usd.balanceOf(oem) == 0 and orders.escrowed(order_id) == PRICE
    orders.refundExpired(order_id, {"from": broker})
    assert usd.balanceOf(oem) == 0 and orders.owed(usd, oem) == PRICE
    assert usd.balanceOf(broker) == 0 and orders.owed(usd, broker) == 0
    assert usd.balanceOf(tier1) == 0 and orders.owed(usd, tier1) == 0
    with brownie.reverts(err("ParticipantNotRegistered", oem)):
        orders.withdraw(usd, {"from": oem})
    assert_balanced(orders, usd)


# ------------------------------------------------------------------ the regulator's freeze


def _assert_stake_refused(orders, order_id, account):
    frozen = orders.order(order_id)["frozen"]
    for flag in (True, False):
        with brownie.reverts(err("RegulatorHasStake", order_id, account)):
            orders.freezeOrder(order_id, flag, SB, {"from": account})
    assert orders.order(order_id)["frozen"] == frozen


def test_a_regulator_with_a_stake_in_the_order_may_neither_freeze_nor_unfreeze_it(orders, participants, usd,
                                                                                   admin, oem, tier1, arbiter,
                                                                                   financier, regulator, accepted):
    _make_regulator(participants, admin, regulator, arbiter)
    _assert_stake_refused(orders, accepted, arbiter)
    _make_regulator(participants, admin, regulator, oem, leaving=MANUFACTURER_ROLE)
    _assert_stake_refused(orders, accepted, oem)
    advance = PRICE * 95 // 100
    orders.offerAssignment(accepted, financier, advance, orders.order(accepted)["deadline"], {"from": tier1})
    usd.mint(financier, advance, {"from": financier})
    usd.approve(orders, advance, {"from": financier})
    orders.takeAssignment(accepted, advance, PRICE, {"from": financier})
    _make_regulator(participants, admin, regulator, financier, leaving=FINANCIER_ROLE)
    _assert_stake_refused(orders, accepted, financier)  # the payee
    _make_regulator(participants, admin, regulator, tier1, leaving=MANUFACTURER_ROLE)
    _assert_stake_refused(orders, accepted, tier1)  # the seller, no longer the payee
    orders.freezeOrder(accepted, True, SB, {"from": regulator})  # a regulator with no stake
    assert orders.order(accepted)["frozen"]
    _assert_stake_refused(orders, accepted, oem)
    orders.freezeOrder(accepted, False, SB, {"from": regulator})
    assert not orders.order(accepted)["frozen"]


def test_a_freeze_works_while_the_suite_is_paused_and_lifting_it_waits(orders, participants, admin, regulator,
                                                                       accepted):
    participants.pause({"from": admin})
    orders.freezeOrder(accepted, True, SB, {"from": regulator})
    assert orders.order(accepted)["frozen"] and orders.isDisputed(accepted)
    with brownie.reverts(err("EnforcedPause")):
        orders.freezeOrder(accepted, False, SB, {"from": regulator})
    assert orders.order(accepted)["frozen"]
    participants.unpause({"from": admin})
    orders.freezeOrder(accepted, False, SB, {"from": regulator})
    assert not orders.order(accepted)["frozen"]
