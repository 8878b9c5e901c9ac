"""Moving units carries the right to redeem: what a sender already redeemed on the units it moves
stays redeemed; what it has not redeemed goes with them. Checked against RightsModel (exact
fractions), not against the contract's own integer bookkeeping."""

import pytest

from recv_kit import USD, RightsModel, confirmed, credit, issue, oem_part, pay  # noqa: F401

FACE = 1_000 * USD


@pytest.fixture(scope="module", autouse=True)
def cast(tier2, tier3, credit):
    pass


def redeem(receivables, model, rid, holder):
    amount = receivables.redeem(rid, {"from": holder}).return_value
    model.redeem(holder.address, amount)
    return amount


def move(receivables, model, rid, sender, receiver, n):
    receivables.safeTransferFrom(sender, receiver, rid, n, b"", {"from": sender})
    model.move(sender.address, receiver.address, n)


def test_units_redeemed_on_stay_redeemed(receivables, oem, tier1, tier2, confirmed, pay):
    rid = confirmed(FACE)
    model = RightsModel(FACE)
    model.mint(tier1.address, FACE)
    pay(rid, 500 * USD, oem)
    model.pay(500 * USD)
    assert redeem(receivables, model, rid, tier1) == 500 * USD
    move(receivables, model, rid, tier1, tier2, 400 * USD)  # half of their value already redeemed
    assert receivables.redeemable(rid, tier2) == 0 and receivables.redeemable(rid, tier1) == 0
    pay(rid, 500 * USD, oem)
    model.pay(500 * USD)
    assert redeem(receivables, model, rid, tier2) == 200 * USD
    assert redeem(receivables, model, rid, tier1) == 300 * USD
    assert model.redeemed == {tier1.address: 800 * USD, tier2.address: 200 * USD}


def test_unredeemed_value_goes_with_the_units(receivables, oem, tier1, tier2, confirmed, pay):
    rid = confirmed(FACE)
    model = RightsModel(FACE)
    model.mint(tier1.address, FACE)
    pay(rid, 300 * USD, oem)
    model.pay(300 * USD)
    move(receivables, model, rid, tier1, tier2, 500 * USD)  # nothing redeemed: half the paid 300 moves
    assert receivables.redeemable(rid, tier2) == 150 * USD and receivables.redeemable(rid, tier1) == 150 * USD
    assert redeem(receivables, model, rid, tier2) == 150 * USD
    move(receivables, model, rid, tier2, tier1, 500 * USD)  # back: tier 2's redemption stays redeemed
    assert receivables.redeemable(rid, tier1) == 150 * USD and receivables.balanceOf(tier1, rid) == FACE
    pay(rid, 700 * USD, oem)
    model.pay(700 * USD)
    assert redeem(receivables, model, rid, tier1) == 850 * USD
    assert sum(model.redeemed.values()) == FACE


def test_after_a_partial_redemption_the_rest_moves_pro_rata(receivables, oem, tier1, tier2, tier3, confirmed, pay):
    rid = confirmed(FACE)
    model = RightsModel(FACE)
    model.mint(tier1.address, FACE)
    pay(rid, 200 * USD, oem)
    model.pay(200 * USD)
    move(receivables, model, rid, tier1, tier2, 600 * USD)
    redeem(receivables, model, rid, tier2)  # 120
    pay(rid, 100 * USD, oem)
    model.pay(100 * USD)
    move(receivables, model, rid, tier2, tier3, 200 * USD)  # a third of tier 2's unredeemed 60
    assert receivables.redeemable(rid, tier3) == 20 * USD and receivables.redeemable(rid, tier2) == 40 * USD
    assert receivables.redeemable(rid, tier1) == 120 * USD


def test_rounding_never_gives_a_holder_more_than_its_share(receivables, oem, tier1, tier2, tier3, usd, issue, pay):
    """A 7-unit receivable paid 3 then 4: thirds and sevenths cannot be held in integers."""
    rid = issue(7)
    receivables.confirm(rid, {"from": oem})
    model = RightsModel(7)
    model.mint(tier1.address, 7)
    pay(rid, 3, oem)
    model.pay(3)
    move(receivables, model, rid, tier1, tier2, 3)  # carries 9/7
    move(receivables, model, rid, tier2, tier3, 1)  # carries 3/7
    for holder in (tier1, tier2, tier3):
        assert receivables.redeemable(rid, holder) <= model.entitled[holder.address]
        if receivables.redeemable(rid, holder):
            redeem(receivables, model, rid, holder)
    pay(rid, 4, oem)
    model.pay(4)
    for holder in (tier1, tier2, tier3):
        redeem(receivables, model, rid, holder)
        assert receivables.balanceOf(holder, rid) == 0
    redeemed = sum(model.redeemed.values())
    assert redeemed <= 7 and usd.balanceOf(receivables) == 7 - redeemed
    assert 7 - redeemed <= 2  # what rounding keeps back: under one smallest unit per holder
    for holder, left in model.entitled.items():
        assert 0 <= left < 1, holder
