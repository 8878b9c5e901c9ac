"""A holder sending units of a receivable to itself (allowed by ERC-1155) after a partial payment
and a redemption must leave its rights intact: found by the forge invariant campaign
(invariant_noHolderRedeemsMoreThanPaid), where the carry of rights counted the units twice and
left the holder's debt above its due, so redeemable(), redeem() and every later move of its units
reverted with an arithmetic panic."""

from helpers import latest_timestamp, register_part

USD = 10**6
DAY = 24 * 3600


def test_a_self_transfer_after_payment_and_redemption_keeps_the_holders_rights(
    receivables, parts, usd, admin, oem, tier1, tier2
):
    """Face 1,000, tier 2 holds 400, 500 paid: tier 2 redeems exactly 200 (400 x 500 / 1,000,
    no remainder), then sends 3 units to itself; it must still redeem the other 200 later."""
    receivables.setCreditLine(oem, usd, 10_000 * USD, {"from": admin})
    part = register_part(parts, tier1, "SELF-1", "PN-SELF")
    parts.transferFrom(tier1, oem, part, {"from": tier1})
    rid = receivables.issue(oem, usd, 1_000, latest_timestamp() + 30 * DAY, b"\x51" * 32, [part],
                            {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    receivables.safeTransferFrom(tier1, tier2, rid, 400, b"", {"from": tier1})
    usd.mint(oem, 1_000, {"from": oem})
    usd.approve(receivables, 1_000, {"from": oem})
    receivables.pay(rid, 500, {"from": oem})
    before = usd.balanceOf(tier2)
    receivables.redeem(rid, {"from": tier2})
    assert usd.balanceOf(tier2) - before == 200
    for units in (3, 1, 400):
        receivables.safeTransferFrom(tier2, tier2, rid, units, b"", {"from": tier2})
        assert receivables.redeemable(rid, tier2) == 0
        assert receivables.balanceOf(tier2, rid) == 400
    receivables.pay(rid, 500, {"from": oem})
    assert receivables.redeemable(rid, tier2) == 200
    receivables.redeem(rid, {"from": tier2})
    receivables.redeem(rid, {"from": tier1})
    assert usd.balanceOf(tier2) - before == 400
    assert usd.balanceOf(receivables) == receivables.owedTotal(usd)  # everything redeemed
