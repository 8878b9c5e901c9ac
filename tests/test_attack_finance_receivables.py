"""Red team, issue 7: attacks on the receivables (contracts/finance/Receivables.sol) and on the
credit orders that issue them.

Each test asserts the secure behaviour, so each FAILS while the attack works. What each attack
does and why it works is in the test's docstring. One suite per module; every test starts from
the same snapshot (conftest's isolation)."""

import itertools

import brownie
import pytest
from brownie import ReentrantToken, chain, web3
from eth_abi import encode

from helpers import OrderTerms, allow_token, err, latest_timestamp, new_key_account, onboard, register_part

USD = 10**6
DAY = 24 * 3600
LINE = 1_000_000 * USD
_invoices = itertools.count(1)


def _invoice() -> bytes:
    return web3.keccak(text=f"red-invoice-{next(_invoices)}")


@pytest.fixture(scope="module")
def arbiter(participants, admin):
    account = new_key_account("finance/arbiter", funder=admin)
    onboard(participants, admin, arbiter=account)
    return account


@pytest.fixture(scope="module")
def kit(suite, admin, maker, maker2, arbiter):
    """(receivables, orders, parts, usd, oem = the debtor with a line, tier1 = the supplier, arbiter)."""
    suite.receivables.setCreditLine(maker, suite.stablecoin, LINE, {"from": admin})
    return suite.receivables, suite.orders, suite.parts, suite.stablecoin, maker, maker2, arbiter


def _credit_order(orders, usd, oem, tier1, arbiter, pids, price=300 * USD):
    """An accepted order on credit (the OEM owes at maturity); its id."""
    deadline = latest_timestamp() + DAY
    tx = orders.openOrder(tier1, pids, usd, price, deadline, OrderTerms.Credit, deadline + 30 * DAY, arbiter,
                          {"from": oem})
    orders.acceptOrder(tx.return_value, {"from": tier1})
    return tx.return_value


def test_a_holder_cannot_redeem_the_units_it_offered_out_from_under_the_discount(kit, financier):
    """A discount offer fixes units and price but not what the units are still worth: the units
    carry only what their holder has not redeemed. The holder offers 1,000 USD of units for 950;
    the debtor pays half; the holder redeems its 500 (or front-runs the financier's take with
    the redemption); takeDiscount still passes: the bank pays 950 USD for a 500 USD claim.
    Expected: the take reverts once the offered units lost value (e.g. the offer records the
    holder's unredeemed entitlement, or `paid`, and the take checks it)."""
    receivables, _, _, usd, oem, tier1, _ = kit
    face = 1_000 * USD
    rid = receivables.issue(oem, usd, face, latest_timestamp() + 30 * DAY, _invoice(), [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    offer = receivables.offerDiscount(rid, financier, face, 950 * USD, latest_timestamp() + DAY,
                                      {"from": tier1}).return_value
    usd.mint(oem, face // 2, {"from": oem})
    usd.approve(receivables, face // 2, {"from": oem})
    receivables.pay(rid, face // 2, {"from": oem})
    receivables.redeem(rid, {"from": tier1})  # tier 1 takes the 500 USD paid so far
    usd.mint(financier, 950 * USD, {"from": financier})
    usd.approve(receivables, 950 * USD, {"from": financier})
    debt_now = 500 * USD * face  # the 500 USD redeemed, times the face
    with brownie.reverts(err("OfferDevalued", offer, 0, face, debt_now, face)):
        receivables.takeDiscount(offer, {"from": financier})  # was: 950 USD for 500 USD of claim
    assert receivables.balanceOf(tier1, rid) == face and usd.balanceOf(financier) == 950 * USD


def test_nobody_can_squat_the_invoice_hash_a_credit_delivery_will_use(kit, broker, airline):
    """A delivery on credit issues its receivable under keccak256(abi.encode(chainid, orders,
    orderId, partIds)), a hash anyone can compute from public data, and `issue` lets any active
    participant use any hash, which then backs that (never confirmed) claim forever. A single-part
    order has only one possible hash: one `issue` by a stranger (on any debtor) and neither the
    seller's `deliver` nor the buyer's `confirmReceipt` can ever settle it (InvoiceAlreadyFinanced).
    Expected: a stranger's claim cannot take the seller's invoice to the buyer (an invoice is
    its creditor's to its debtor, and binds only when confirmed)."""
    receivables, orders, parts, usd, oem, tier1, arbiter = kit
    pid = register_part(parts, tier1, "INVOICE-SQUAT", "PN-RED")
    oid = _credit_order(orders, usd, oem, tier1, arbiter, [pid])
    squatted = web3.keccak(encode(["uint256", "address", "uint256", "uint256[]"], [chain.id, orders.address, oid, [pid]]))
    receivables.issue(airline, usd, 1, latest_timestamp() + DAY, squatted, [], {"from": broker})
    tx = orders.deliver(oid, [pid], {"from": tier1})  # today: InvoiceAlreadyFinanced(hash, squatter's id)
    rid = tx.events["ShipmentInvoiced"]["receivableId"]
    assert parts.ownerOf(pid) == oem and receivables.balanceOf(tier1, rid) > 0
    assert receivables.receivableOfInvoice(tier1, oem, squatted) == rid  # the seller's invoice to the buyer


def test_an_unconfirmed_claim_by_a_stranger_cannot_block_a_credit_delivery(kit, broker):
    """A pending (never confirmed) receivable already counts as the open financing of the parts it
    names, and anyone may issue one on any active debtor naming that debtor's parts. A stranger
    names the seller's encumbered part in a pending claim on the seller: the credit delivery then
    reverts (PartAlreadyFinanced) until the seller rejects the claim, and the stranger issues the
    next one (front-running each delivery). Expected: only a confirmed receivable holds a part
    (checked again at confirmation), so an unconfirmed claim blocks nothing."""
    receivables, orders, parts, usd, oem, tier1, arbiter = kit
    pid = register_part(parts, tier1, "PENDING-LOCK", "PN-RED")
    oid = _credit_order(orders, usd, oem, tier1, arbiter, [pid])
    stranger = receivables.issue(tier1, usd, 1, latest_timestamp() + DAY, _invoice(), [pid], {"from": broker}).return_value
    tx = orders.deliver(oid, [pid], {"from": tier1})  # was: PartAlreadyFinanced(part, stranger's claim)
    assert parts.ownerOf(pid) == oem
    assert receivables.openReceivableOf(pid) == tx.events["ShipmentInvoiced"]["receivableId"]
    with brownie.reverts(err("PartNotOwnedByDebtor", pid, tier1, oem)):
        receivables.confirm(stranger, {"from": tier1})  # the claim's parts are checked again at confirmation


def test_a_credit_line_is_not_a_sum_of_raw_units_of_different_tokens(kit, admin):
    """The credit line is one number per debtor, compared with raw smallest units summed over every
    allowed token. With a 6-decimal and an 18-decimal token allowed, a line meant as 1,000,000
    tokens of 18 decimals (10**24) lets the debtor confirm 10**24 units of the 6-decimal dollar:
    10**18 dollars. Whatever unit the admin means, one token's limit is off by 10**12.
    Expected: the line holds per token (or in one normalised unit)."""
    receivables, _, _, usd, oem, tier1, _ = kit
    dai = ReentrantToken.deploy({"from": admin})  # a plain 18-decimal ERC-20 while unarmed
    assert dai.decimals() == 18 and usd.decimals() == 6
    allow_token(receivables, dai, admin)
    receivables.setCreditLine(oem, dai, 1_000_000 * 10**18, {"from": admin})  # a million DAI
    rid = receivables.issue(oem, usd, 10**24, latest_timestamp() + 30 * DAY, _invoice(), [], {"from": tier1}).return_value
    with brownie.reverts(err("CreditLineExceeded", oem, usd, LINE, 0, 10**24)):
        receivables.confirm(rid, {"from": oem})  # was: a trillion million dollars within the line
    assert tuple(receivables.creditOf(oem, dai)) == (10**24, 0, 0) and tuple(receivables.creditOf(oem, usd)) == (LINE, 0, 0)
