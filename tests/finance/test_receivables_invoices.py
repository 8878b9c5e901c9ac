"""An invoice is financed once, ever, and no one but its creditor and debtor can use it up.

An invoice is the creditor's to the debtor: the key is (creditor, debtor, invoice hash), so a
stranger who copies a supplier's hash (or front-runs its issue) makes a claim on another key. A
claim binds its invoice only when the debtor confirms it (a delivery on credit, confirmed at once,
binds at issue): a claim the debtor rejects or never confirms holds nothing, and the same invoice
of the same creditor to the same debtor never backs two confirmed receivables, whatever the order
of issue, confirm and reject."""

import brownie
import pytest
from brownie import chain, web3
from eth_abi import encode

from helpers import OrderTerms, ReceivableState, err, events, latest_timestamp
from orders_kit import make_parts
from recv_kit import USD, credit, invoice, maturity  # noqa: F401

FACE = 1_000 * USD


@pytest.fixture(scope="module", autouse=True)
def lines(credit, receivables, usd, admin, airline):
    receivables.setCreditLine(airline, usd, FACE * 10, {"from": admin})


def issue(receivables, usd, creditor, debtor, inv, face=FACE):
    return receivables.issue(debtor, usd, face, maturity(), inv, [], {"from": creditor}).return_value


def test_a_stranger_copying_a_suppliers_invoice_cannot_burn_it(receivables, usd, oem, tier1, broker, airline):
    inv = invoice()
    squat_same_debtor = issue(receivables, usd, broker, oem, inv)  # front-runs the supplier's own issue
    squat_own_debtor = issue(receivables, usd, broker, airline, inv)
    receivables.confirm(squat_own_debtor, {"from": airline})  # a colluding debtor confirms the copy
    rid = issue(receivables, usd, tier1, oem, inv)  # the real invoice: still free
    receivables.confirm(rid, {"from": oem})
    receivables.reject(squat_same_debtor, {"from": oem})
    assert receivables.balanceOf(tier1, rid) == FACE and receivables.balanceOf(broker, rid) == 0
    assert receivables.receivableOfInvoice(tier1, oem, inv) == rid
    assert receivables.receivableOfInvoice(broker, airline, inv) == squat_own_debtor
    assert receivables.receivableOfInvoice(broker, oem, inv) == 0
    assert receivables.creditOf(oem, usd)[1] == FACE  # the OEM owes the supplier's invoice alone


def test_a_rejected_claim_leaves_its_invoice_free(receivables, usd, oem, tier1):
    inv = invoice()
    first = issue(receivables, usd, tier1, oem, inv, face=FACE + 1)  # a wrong amount
    receivables.reject(first, {"from": oem})
    again = issue(receivables, usd, tier1, oem, inv)
    receivables.confirm(again, {"from": oem})
    assert receivables.receivable(first)["state"] == ReceivableState.Rejected
    assert receivables.receivableOfInvoice(tier1, oem, inv) == again
    assert receivables.balanceOf(tier1, first) == 0 and receivables.balanceOf(tier1, again) == FACE


def test_the_same_invoice_never_backs_two_confirmed_receivables(receivables, usd, oem, tier1):
    inv = invoice()
    first, second = issue(receivables, usd, tier1, oem, inv), issue(receivables, usd, tier1, oem, inv)
    receivables.confirm(second, {"from": oem})
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, second)):
        receivables.confirm(first, {"from": oem})
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, second)):
        issue(receivables, usd, tier1, oem, inv)
    receivables.reject(first, {"from": oem})  # the leftover claim can still be turned down
    assert receivables.balanceOf(tier1, first) == 0 and receivables.balanceOf(tier1, second) == FACE
    assert receivables.creditOf(oem, usd)[1] == FACE
    assert receivables.receivableOfInvoice(tier1, oem, inv) == second


def test_a_paid_receivables_invoice_stays_used(receivables, usd, oem, tier1):
    inv = invoice()
    rid = issue(receivables, usd, tier1, oem, inv)
    receivables.confirm(rid, {"from": oem})
    usd.mint(oem, FACE, {"from": oem})
    usd.approve(receivables, FACE, {"from": oem})
    receivables.pay(rid, FACE, {"from": oem})
    receivables.redeem(rid, {"from": tier1})
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, rid)):
        issue(receivables, usd, tier1, oem, inv)
    assert usd.balanceOf(tier1) == FACE and receivables.receivable(rid)["state"] == ReceivableState.Paid


def _credit_order(orders, usd, buyer, seller, arbiter, pids):
    deadline = latest_timestamp() + 86400
    tx = orders.openOrder(seller, pids, usd, FACE, deadline, OrderTerms.Credit, deadline + 30 * 86400, arbiter,
                          {"from": buyer})
    orders.acceptOrder(tx.return_value, {"from": seller})
    return tx.return_value


def _delivery_invoice(orders, oid, pids) -> bytes:
    return web3.keccak(encode(["uint256", "address", "uint256", "uint256[]"], [chain.id, orders.address, oid, pids]))


def test_a_pending_claim_on_a_deliverys_invoice_blocks_nothing_and_cannot_be_confirmed_after_it(
        receivables, orders, parts, usd, oem, tier1, broker, arbiter):
    pids = make_parts(parts, tier1, "INV-DELIVERY", 1)
    oid = _credit_order(orders, usd, oem, tier1, arbiter, pids)
    inv = _delivery_invoice(orders, oid, pids)
    own = issue(receivables, usd, tier1, oem, inv, face=1)  # the seller's own claim on the same invoice
    stranger = issue(receivables, usd, broker, oem, inv, face=1)
    tx = orders.deliver(oid, pids, {"from": tier1})
    rid = events(tx, "ShipmentInvoiced")[0]["receivableId"]
    assert parts.ownerOf(pids[0]) == oem and receivables.balanceOf(tier1, rid) == FACE
    assert receivables.receivableOfInvoice(tier1, oem, inv) == rid
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, rid)):
        receivables.confirm(own, {"from": oem})
    receivables.confirm(stranger, {"from": oem})  # another creditor's invoice: the OEM's choice to owe it
    assert receivables.balanceOf(tier1, own) == 0 and receivables.balanceOf(broker, stranger) == 1


def test_a_delivery_cannot_invoice_what_its_buyer_already_confirmed(receivables, orders, parts, usd, oem, tier1,
                                                                    arbiter):
    pids = make_parts(parts, tier1, "INV-CONFIRMED", 1)
    oid = _credit_order(orders, usd, oem, tier1, arbiter, pids)
    inv = _delivery_invoice(orders, oid, pids)
    claim = issue(receivables, usd, tier1, oem, inv)
    receivables.confirm(claim, {"from": oem})  # the buyer owes this invoice already
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, claim)):
        orders.deliver(oid, pids, {"from": tier1})
    assert parts.ownerOf(pids[0]) == tier1 and receivables.receivableCount() == claim
    assert tuple(receivables.creditOf(oem, usd))[1:] == (FACE, FACE)  # owed once, the order's credit still reserved


def test_a_creditor_withdraws_a_pending_claim_and_the_debtor_can_no_longer_confirm_it(
    receivables, participants, usd, oem, tier1, regulator
):
    inv = invoice()
    stale = issue(receivables, usd, tier1, oem, inv, face=FACE + 1)  # wrong terms: the creditor takes it back
    participants.pause({"from": regulator})  # taking a claim back restricts only: it works paused
    tx = receivables.withdrawClaim(stale, {"from": tier1})
    participants.unpause({"from": regulator})
    assert events(tx, "ClaimWithdrawn") == [{"id": stale, "creditor": tier1}]
    assert receivables.receivable(stale)["state"] == ReceivableState.Withdrawn
    with brownie.reverts(err("ReceivableNotPending", stale, ReceivableState.Withdrawn)):
        receivables.confirm(stale, {"from": oem})
    again = issue(receivables, usd, tier1, oem, inv)  # the invoice stayed free
    receivables.confirm(again, {"from": oem})
    assert receivables.receivableOfInvoice(tier1, oem, inv) == again
    assert receivables.balanceOf(tier1, stale) == 0 and receivables.balanceOf(tier1, again) == FACE
    assert receivables.creditOf(oem, usd)[1] == FACE  # the OEM owes the claim it confirmed alone


def test_only_the_creditor_withdraws_and_only_a_pending_claim(receivables, participants, usd, oem, tier1, broker, regulator):
    pending, confirmed, rejected = (issue(receivables, usd, tier1, oem, invoice()) for _ in range(3))
    receivables.confirm(confirmed, {"from": oem})
    receivables.reject(rejected, {"from": oem})
    for stranger in (oem, broker):
        with brownie.reverts(err("NotCreditor", pending, stranger, tier1)):
            receivables.withdrawClaim(pending, {"from": stranger})
    for rid, state in ((confirmed, ReceivableState.Outstanding), (rejected, ReceivableState.Rejected)):
        with brownie.reverts(err("ReceivableNotPending", rid, state)):
            receivables.withdrawClaim(rid, {"from": tier1})
    with brownie.reverts(err("ReceivableNotFound", 999)):
        receivables.withdrawClaim(999, {"from": tier1})
    participants.suspend(tier1, b"\x01" * 32, {"from": regulator})  # a suspended creditor still takes it back
    receivables.withdrawClaim(pending, {"from": tier1})
    assert receivables.receivable(pending)["state"] == ReceivableState.Withdrawn
    with brownie.reverts(err("ReceivableNotPending", pending, ReceivableState.Withdrawn)):
        receivables.withdrawClaim(pending, {"from": tier1})
