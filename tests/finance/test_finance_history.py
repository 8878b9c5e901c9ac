"""partledger.finance: an order's and a receivable's history rebuilt from logs alone agrees with
the contracts' own state - every holder's units after every move (checked against balanceOf at
that block), every payment and redemption, deliveries, drops, assignments - and the manifest's
Deployment.finance() reads the same."""

import pytest
from brownie import chain, web3

from helpers import OrderTerms, latest_timestamp, register_part
from partledger import Deployment
from partledger.finance import FinanceReader, UnknownOrder, UnknownReceivable
from scripts.deploy import write_manifest

USD = 10**6
DAY = 24 * 3600
REASON = b"\x22" * 32


@pytest.fixture(scope="module")
def story(suite, admin, regulator, oem, tier1, tier2, tier3, financier, arbiter, usd, orders, receivables, parts):
    """A prepaid order (one part delivered, one dropped after a recall, assigned to the bank
    first) and an order on credit whose receivable is split, discounted, paid in two payments and
    redeemed, with a regulator freeze in between."""
    first = min(orders.tx.block_number, receivables.tx.block_number)
    a, b = (register_part(parts, tier1, f"H-{i}", "PN-HIST") for i in range(2))
    usd.mint(oem, 10_000 * USD, {"from": oem})
    usd.approve(orders, 10_000 * USD, {"from": oem})
    prepaid = orders.openOrder(tier1, [a, b], usd, 2_000 * USD, latest_timestamp() + DAY, OrderTerms.Prepaid, 0,
                               arbiter, {"from": oem}).return_value
    orders.acceptOrder(prepaid, {"from": tier1})
    orders.offerAssignment(prepaid, financier, 1_800 * USD, orders.order(prepaid)["deadline"], {"from": tier1})
    usd.mint(financier, 5_000 * USD, {"from": financier})
    usd.approve(orders, 1_800 * USD, {"from": financier})
    orders.takeAssignment(prepaid, 1_800 * USD, 2_000 * USD, {"from": financier})
    orders.deliver(prepaid, [a], {"from": tier1})
    parts.recallPart(b, REASON, {"from": regulator})
    orders.dropPart(prepaid, b, {"from": oem})

    receivables.setCreditLine(oem, usd, 100_000 * USD, {"from": admin})
    c, d = (register_part(parts, tier1, f"H-{i}", "PN-HIST") for i in range(2, 4))
    credit = orders.openOrder(tier1, [c, d], usd, 6_000 * USD, latest_timestamp() + DAY, OrderTerms.Credit,
                              latest_timestamp() + 30 * DAY, arbiter, {"from": oem}).return_value
    orders.acceptOrder(credit, {"from": tier1})
    tx = orders.deliver(credit, [c, d], {"from": tier1})
    rid = tx.events["ShipmentInvoiced"][0]["receivableId"]
    receivables.safeTransferFrom(tier1, tier2, rid, 2_000 * USD, b"", {"from": tier1})
    receivables.safeTransferFrom(tier2, tier3, rid, 500 * USD, b"", {"from": tier2})
    offer = receivables.offerDiscount(rid, financier, 1_000 * USD, 950 * USD, latest_timestamp() + DAY,
                                      {"from": tier2}).return_value
    usd.approve(receivables, 950 * USD, {"from": financier})
    receivables.takeDiscount(offer, {"from": financier})
    receivables.freeze(rid, REASON, {"from": regulator})
    receivables.unfreeze(rid, REASON, {"from": regulator})
    usd.approve(receivables, 6_000 * USD, {"from": oem})
    receivables.pay(rid, 2_400 * USD, {"from": oem})
    receivables.redeem(rid, {"from": tier1})
    receivables.pay(rid, 3_600 * USD, {"from": oem})
    for holder in (tier1, tier2, tier3, financier):
        receivables.redeem(rid, {"from": holder})
    claim = receivables.issue(oem, usd, 100 * USD, latest_timestamp() + 30 * DAY, b"\x33" * 32, [],
                              {"from": tier1}).return_value
    withdrawal = receivables.withdrawClaim(claim, {"from": tier1})
    return dict(first=first, prepaid=prepaid, credit=credit, rid=rid, delivered=a, dropped=b, credited=[c, d],
                claim=claim, withdrawal=withdrawal)


@pytest.fixture(scope="module")
def reader(orders, receivables, story):
    return FinanceReader(web3, orders.address, orders.abi, receivables.address, receivables.abi,
                         from_block=story["first"], chunk=7)


def test_units_after_every_move_match_balanceOf_at_that_block(reader, receivables, story, tier1, tier2, tier3, financier):
    history = reader.receivable(story["rid"])
    assert len(history.moves) >= 5
    everyone = {tier1.address, tier2.address, tier3.address, financier.address}
    for at, balances in history.holdings():
        for holder in everyone:
            on_chain = receivables.balanceOf.call(holder, story["rid"], block_identifier=at.block)
            assert balances.get(holder, 0) == on_chain, (at.block, holder)
    assert history.balances == {}  # fully paid and redeemed: every unit burned
    vias = [m.via for m in history.moves]
    assert vias[0] == "confirm" and "discount" in vias and vias.count("redeem") == 4


def test_payments_and_redemptions_match_the_contract(reader, receivables, usd, story, tier1, tier2, tier3, financier, oem):
    history = reader.receivable(story["rid"])
    info = receivables.receivable(story["rid"])
    assert [(p.payer, p.amount) for p in history.payments] == [(oem.address, 2_400 * USD), (oem.address, 3_600 * USD)]
    assert history.paid == info["paid"] == history.face == 6_000 * USD
    assert history.redeemed == history.face  # every holder redeemed everything
    # tier1 redeemed twice: 40% of its 4,000 units after the first payment, the rest after the second
    assert [r.amount for r in history.redemptions if r.holder == tier1.address] == [1_600 * USD, 2_400 * USD]
    assert history.redeemed_by(financier.address) == 1_000 * USD and history.redeemed_by(tier3.address) == 500 * USD
    assert history.redeemed_by(tier2.address) == 500 * USD
    assert history.debtor == oem.address and history.order_id == story["credit"]
    assert history.part_ids == story["credited"]
    assert [f[0] for f in history.freezes] == [True, False] and not history.frozen_by_regulator
    (discount,) = history.discounts.values()
    assert (discount.holder, discount.financier, discount.units, discount.price) == (
        tier2.address, financier.address, 1_000 * USD, 950 * USD)
    assert discount.taken is not None and discount.cancelled is None


def test_the_order_histories(reader, story, tier1, financier, oem, orders):
    prepaid = reader.order(story["prepaid"])
    assert prepaid.state == "Completed" == ["None", "Open", "Accepted", "Disputed", "Declined", "Cancelled",
                                            "Completed", "Refunded", "Ruled"][orders.order(story["prepaid"])["state"]]
    assert prepaid.buyer == oem.address and prepaid.terms == "Prepaid"
    assert [p for p, _ in prepaid.payees] == [tier1.address, financier.address]
    assert [(d.part_id, d.payee, d.amount) for d in prepaid.deliveries] == [(story["delivered"], financier.address, 1_000 * USD)]
    assert prepaid.dropped == {story["dropped"]: 1_000 * USD}
    credit = reader.order(story["credit"])
    assert credit.terms == "Credit" and credit.receivable_ids == [story["rid"]]
    assert {d.receivable_id for d in credit.deliveries} == {story["rid"]}
    assert credit.delivered_parts == story["credited"]


def test_a_claim_its_creditor_withdrew(reader, story, tier1, oem):
    history = reader.receivable(story["claim"])
    assert (history.creditor, history.debtor, history.face) == (tier1, oem, 100 * USD)
    assert history.withdrawn.block == story["withdrawal"].block_number
    assert history.withdrawn.tx.lower().removeprefix("0x") == story["withdrawal"].txid.lower().removeprefix("0x")
    assert history.confirmed is None and history.rejected is None and history.balances == {}


def test_unknown_ids_are_clear_errors(reader):
    with pytest.raises(UnknownOrder):
        reader.order(10**9)
    with pytest.raises(UnknownReceivable):
        reader.receivable(10**9)


def test_the_manifest_reads_the_same(suite, story, tmp_path):
    path = write_manifest(suite, directory=tmp_path)
    deployment = Deployment.load(web3, path)
    history = deployment.finance().receivable(story["rid"])
    assert history.paid == 6_000 * USD and history.balances == {}
