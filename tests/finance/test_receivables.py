"""Receivables: issue, confirm, reject, transfer rules, pay, redeem, discount, freeze, default,
credit lines and terms. Every guard with its error, every event."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import FINANCIER_ROLE, REGULATOR_ROLE, ADMIN_ROLE, ReceivableCode, ReceivableState, err, missing_role
from recv_kit import DAY, LINE, REASON, USD, credit, confirmed, invoice, issue, maturity, oem_part, pay  # noqa: F401

FACE = 1_000 * USD


@pytest.fixture(scope="module", autouse=True)
def cast(tier2, tier3, credit):
    """Onboards tier 2 and tier 3 and sets the OEM's line before the module's snapshot."""


def pattern(name, *parts):
    return rf"{name}: " + r", ".join(parts)


# ------------------------------------------------------------------ issue


def test_receivables_claim_erc1155_but_not_its_metadata_extension(receivables):
    """uri() is empty (an invoice is a hash in the events), so the metadata extension is not
    claimed, as the part registry claims no ERC-721 metadata."""
    assert receivables.supportsInterface("0x01ffc9a7") is True  # ERC-165
    assert receivables.supportsInterface("0xd9b67a26") is True  # ERC-1155
    assert receivables.supportsInterface("0x0e89341c") is False  # ERC-1155 metadata URI
    assert receivables.supportsInterface("0xffffffff") is False  # EIP-165: must be false
    assert receivables.uri(1) == ""


def test_issue_records_a_pending_receivable_without_units(receivables, usd, oem, tier1, oem_part):
    pid = oem_part("B-1")
    due, inv = maturity(60), invoice()
    tx = receivables.issue(oem, usd, FACE, due, inv, [pid], {"from": tier1})
    rid = tx.return_value
    assert list(tx.events["ReceivableIssued"][0].values()) == [rid, tier1, oem, usd, FACE, due, "0x" + inv.hex(), 0, [pid]]
    assert "TransferSingle" not in tx.events
    info = receivables.receivable(rid)
    assert info["state"] == ReceivableState.Pending and info["creditor"] == tier1 and info["debtor"] == oem
    assert info["face"] == FACE and info["paid"] == 0 and info["partCount"] == 1 and info["frozenFlags"] == 0
    assert info["defaultsAt"] == due + 30 * DAY
    assert receivables.balanceOf(tier1, rid) == 0
    assert receivables.partsOf(rid) == [pid]
    assert receivables.receivableOfInvoice(tier1, oem, inv) == 0  # a pending claim binds no invoice
    assert receivables.openReceivableOf(pid) == 0  # and holds no part


def test_issue_guards(receivables, usd, oem, tier1, tier2, outsider, regulator, participants, oem_part):
    args = lambda **kw: [kw.get("debtor", oem), kw.get("token", usd), kw.get("face", FACE),  # noqa: E731
                         kw.get("due", maturity()), kw.get("inv", invoice()), kw.get("parts", [])]
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        receivables.issue(*args(), {"from": outsider})
    for debtor in (ZERO_ADDRESS, tier1):
        with brownie.reverts(err("InvalidDebtor", debtor)):
            receivables.issue(*args(debtor=debtor), {"from": tier1})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        receivables.issue(*args(debtor=outsider), {"from": tier1})
    with brownie.reverts(err("TokenNotAllowed", receivables)):
        receivables.issue(*args(token=receivables), {"from": tier1})
    for face in (0, 2**128):
        with brownie.reverts(err("InvalidFace", face)):
            receivables.issue(*args(face=face), {"from": tier1})
    for due in (chain.time() - 10, maturity(366)):
        with brownie.reverts(revert_pattern=pattern("InvalidMaturity", str(due), r"\d+", r"\d+")):
            receivables.issue(*args(due=due), {"from": tier1})
    with brownie.reverts(err("EmptyInvoiceHash")):
        receivables.issue(*args(inv=b"\x00" * 32), {"from": tier1})
    with brownie.reverts(err("TooManyParts", 33, 32)):
        receivables.issue(*args(parts=list(range(1, 34))), {"from": tier1})
    with brownie.reverts(err("PartNotFound", 7)):
        receivables.issue(*args(parts=[7]), {"from": tier1})
    pid = oem_part("B-guard")
    with brownie.reverts(err("PartAlreadyFinanced", pid, receivables.receivableCount() + 1)):
        receivables.issue(*args(parts=[pid, pid]), {"from": tier1})  # the same part twice
    participants.suspend(tier2, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier2)):
        receivables.issue(*args(), {"from": tier2})


def test_a_part_must_belong_to_the_debtor(receivables, parts, usd, oem, tier1, oem_part):
    pid = oem_part("B-away")
    rid = receivables.issue(oem, usd, FACE, maturity(), invoice(), [pid], {"from": tier1}).return_value
    parts.transferFrom(oem, tier1, pid, {"from": oem})
    with brownie.reverts(err("PartNotOwnedByDebtor", pid, oem, tier1)):
        receivables.issue(oem, usd, FACE, maturity(), invoice(), [pid], {"from": tier1})
    with brownie.reverts(err("PartNotOwnedByDebtor", pid, oem, tier1)):
        receivables.confirm(rid, {"from": oem})  # checked again at confirmation


def test_an_invoice_backs_one_receivable_ever(receivables, usd, oem, tier1, tier2, issue):
    inv = invoice()
    rejected = receivables.issue(oem, usd, FACE, maturity(), inv, [], {"from": tier1}).return_value
    receivables.reject(rejected, {"from": oem})  # a rejected claim never bound its invoice
    rid = receivables.issue(oem, usd, FACE, maturity(), inv, [], {"from": tier1}).return_value
    receivables.confirm(rid, {"from": oem})
    assert receivables.receivableOfInvoice(tier1, oem, inv) == rid
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, rid)):
        receivables.issue(oem, usd, FACE, maturity(), inv, [], {"from": tier1})
    other = receivables.issue(oem, usd, FACE, maturity(), inv, [], {"from": tier2}).return_value  # not tier 1's
    assert receivables.receivableOfInvoice(tier2, oem, inv) == 0 and other == rid + 1


def test_a_part_backs_one_confirmed_open_receivable(receivables, oem, tier1, tier2, issue, pay, oem_part):
    pid = oem_part("B-once")
    first = issue(FACE, parts=[pid])
    rival = issue(FACE, parts=[pid], creditor=tier2)  # pending claims hold no part: both stand
    assert receivables.openReceivableOf(pid) == 0
    receivables.confirm(first, {"from": oem})
    assert receivables.openReceivableOf(pid) == first
    with brownie.reverts(err("PartAlreadyFinanced", pid, first)):
        issue(FACE, parts=[pid])
    with brownie.reverts(err("PartAlreadyFinanced", pid, first)):
        receivables.confirm(rival, {"from": oem})  # checked again at confirmation
    pay(first, FACE, oem)  # fully paid: the part is free again
    assert receivables.openReceivableOf(pid) == 0
    receivables.confirm(rival, {"from": oem})
    assert receivables.openReceivableOf(pid) == rival


# ------------------------------------------------------------------ confirm / reject


def test_confirm_mints_the_face_to_the_creditor(receivables, usd, oem, tier1, issue):
    rid = issue(FACE)
    tx = receivables.confirm(rid, {"from": oem})
    assert list(tx.events["ReceivableConfirmed"][0].values()) == [rid, oem, FACE]
    assert list(tx.events["TransferSingle"][0].values()) == [oem, ZERO_ADDRESS, tier1, rid, FACE]
    assert receivables.balanceOf(tier1, rid) == FACE
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, FACE, 0)
    assert receivables.receivable(rid)["state"] == ReceivableState.Outstanding


def test_confirm_and_reject_guards(receivables, oem, tier1, issue, admin, participants):
    rid = issue(FACE)
    for call in (receivables.confirm, receivables.reject):
        with brownie.reverts(err("NotDebtor", rid, tier1, oem)):
            call(rid, {"from": tier1})
        with brownie.reverts(err("ReceivableNotFound", 999)):
            call(999, {"from": oem})
    receivables.confirm(rid, {"from": oem})
    for call in (receivables.confirm, receivables.reject):
        with brownie.reverts(err("ReceivableNotPending", rid, ReceivableState.Outstanding)):
            call(rid, {"from": oem})
    other = issue(FACE)
    tx = receivables.reject(other, {"from": oem})
    assert list(tx.events["ReceivableRejected"][0].values()) == [other, oem]
    with brownie.reverts(err("ReceivableNotPending", other, ReceivableState.Rejected)):
        receivables.confirm(other, {"from": oem})
    late = issue(FACE, days=2)
    chain.sleep(2 * DAY + 1)
    with brownie.reverts(revert_pattern=pattern("InvalidMaturity", r"\d+", r"\d+", r"\d+")):
        receivables.confirm(late, {"from": oem})  # past its maturity: too late to confirm
    receivables.reject(late, {"from": oem})
    third = issue(FACE)
    participants.pause({"from": admin})
    for call in (receivables.confirm, receivables.reject):
        with brownie.reverts(err("EnforcedPause")):
            call(third, {"from": oem})


def test_confirm_over_the_line_reverts_with_the_figures(receivables, usd, oem, admin, issue, confirmed):
    confirmed(LINE - 10 * USD)
    rid = issue(11 * USD)
    with brownie.reverts(err("CreditLineExceeded", oem, usd, LINE, LINE - 10 * USD, 11 * USD)):
        receivables.confirm(rid, {"from": oem})
    tx = receivables.setCreditLine(oem, usd, LINE + USD, {"from": admin})
    assert list(tx.events["CreditLineSet"][0].values()) == [oem, usd, LINE + USD, admin]
    receivables.confirm(rid, {"from": oem})
    assert tuple(receivables.creditOf(oem, usd)) == (LINE + USD, LINE + USD, 0)


# ------------------------------------------------------------------ transfers


def test_split_moves_units_to_a_registered_participant(receivables, tier1, tier2, tier3, confirmed):
    rid = confirmed(FACE)
    assert receivables.canTransfer(tier1, tier2, rid, 300 * USD) == ReceivableCode.Ok
    tx = receivables.safeTransferFrom(tier1, tier2, rid, 300 * USD, b"", {"from": tier1})
    assert list(tx.events["TransferSingle"][0].values()) == [tier1, tier1, tier2, rid, 300 * USD]
    receivables.safeBatchTransferFrom(tier2, tier3, [rid, rid], [100 * USD, 50 * USD], b"", {"from": tier2})
    assert [receivables.balanceOf(a, rid) for a in (tier1, tier2, tier3)] == [700 * USD, 150 * USD, 150 * USD]


def test_transfer_rules_for_parties_and_pause(receivables, participants, admin, regulator, tier1, tier2, outsider,
                                              confirmed):
    rid = confirmed(FACE)
    send = lambda to, by=tier1, frm=tier1: receivables.safeTransferFrom(frm, to, rid, USD, b"", {"from": by})  # noqa
    assert receivables.canTransfer(tier1, outsider, rid, USD) == ReceivableCode.ReceiverNotRegistered
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        send(outsider)
    receivables.setApprovalForAll(outsider, True, {"from": tier1})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):  # an unregistered operator
        send(tier2, by=outsider)
    participants.suspend(tier2, REASON, {"from": regulator})
    assert receivables.canTransfer(tier1, tier2, rid, USD) == ReceivableCode.ReceiverSuspended
    with brownie.reverts(err("ParticipantSuspended", tier2)):
        send(tier2)
    participants.reinstate(tier2, REASON, {"from": regulator})
    send(tier2)
    participants.suspend(tier2, REASON, {"from": regulator})
    assert receivables.canTransfer(tier2, tier1, rid, USD) == ReceivableCode.SenderSuspended
    with brownie.reverts(err("ParticipantSuspended", tier2)):
        send(tier1, by=tier2, frm=tier2)
    participants.pause({"from": admin})
    assert receivables.canTransfer(tier1, tier1, rid, USD) == ReceivableCode.SuitePaused
    with brownie.reverts(err("EnforcedPause")):
        send(tier1)


def test_only_confirmed_unpaid_receivables_move(receivables, oem, tier1, tier2, issue, confirmed, pay):
    pending = issue(FACE)
    assert receivables.canTransfer(tier1, tier2, pending, 0) == ReceivableCode.NotConfirmed
    with brownie.reverts(err("ReceivableNotConfirmed", pending, ReceivableState.Pending)):
        receivables.safeTransferFrom(tier1, tier2, pending, 0, b"", {"from": tier1})
    assert receivables.canTransfer(tier1, tier2, 999, 0) == ReceivableCode.ReceivableNotFound
    with brownie.reverts(err("ReceivableNotFound", 999)):
        receivables.safeTransferFrom(tier1, tier2, 999, 0, b"", {"from": tier1})
    rid = confirmed(FACE)
    assert receivables.canTransfer(tier1, ZERO_ADDRESS, rid, 1) == ReceivableCode.InvalidReceiver
    assert receivables.canTransfer(tier1, tier2, rid, FACE + 1) == ReceivableCode.InsufficientUnits
    pay(rid, FACE, oem)
    assert receivables.canTransfer(tier1, tier2, rid, 1) == ReceivableCode.Settled
    with brownie.reverts(err("ReceivableSettled", rid)):
        receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})


def test_a_regulator_freeze_stops_every_path_but_pay_and_redeem(receivables, regulator, oem, tier1, tier2, financier,
                                                                 confirmed, pay, usd):
    rid = confirmed(FACE)
    offer = receivables.offerDiscount(rid, financier, 10 * USD, 9 * USD, maturity(1), {"from": tier1}).return_value
    tx = receivables.freeze(rid, REASON, {"from": regulator})
    assert list(tx.events["ReceivableFrozenBy"][0].values()) == [rid, regulator, "0x" + REASON.hex()]
    assert receivables.frozenFlags(rid) == 1 and receivables.canTransfer(tier1, tier2, rid, 1) == ReceivableCode.Frozen
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):
        receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):
        receivables.safeBatchTransferFrom(tier1, tier2, [rid], [1], b"", {"from": tier1})
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):
        receivables.offerDiscount(rid, financier, 1, 1, maturity(1), {"from": tier1})
    usd.mint(financier, 9 * USD, {"from": financier})
    usd.approve(receivables, 9 * USD, {"from": financier})
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):
        receivables.takeDiscount(offer, {"from": financier})
    pay(rid, FACE // 2, oem)  # payment and redemption stay open
    assert receivables.redeem(rid, {"from": tier1}).return_value == FACE // 2
    tx = receivables.unfreeze(rid, REASON, {"from": regulator})
    assert list(tx.events["ReceivableUnfrozen"][0].values()) == [rid, regulator, "0x" + REASON.hex()]
    receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})


def test_freeze_guards(receivables, regulator, tier1, confirmed):
    rid = confirmed(FACE)
    with brownie.reverts(missing_role(tier1, REGULATOR_ROLE)):
        receivables.freeze(rid, REASON, {"from": tier1})
    with brownie.reverts(missing_role(tier1, REGULATOR_ROLE)):
        receivables.unfreeze(rid, REASON, {"from": tier1})
    with brownie.reverts(err("ReceivableNotFound", 999)):
        receivables.freeze(999, REASON, {"from": regulator})
    with brownie.reverts(err("NotFrozenByRegulator", rid)):
        receivables.unfreeze(rid, REASON, {"from": regulator})
    receivables.freeze(rid, REASON, {"from": regulator})
    with brownie.reverts(err("AlreadyFrozen", rid)):
        receivables.freeze(rid, REASON, {"from": regulator})


@pytest.mark.parametrize("how", ["recall", "freeze"])
def test_a_suspect_or_frozen_part_freezes_its_receivable(receivables, parts, regulator, oem, tier1, tier2, financier,
                                                         confirmed, oem_part, pay, how):
    pid = oem_part(f"B-{how}")
    rid = confirmed(FACE, parts=[oem_part(f"B-{how}-other"), pid])
    if how == "recall":
        parts.recallPart(pid, REASON, {"from": tier1})
    else:
        parts.freezePart(pid, REASON, {"from": regulator})
    assert receivables.frozenFlags(rid) == 2 and receivables.receivable(rid)["frozenFlags"] == 2
    assert receivables.canTransfer(tier1, tier2, rid, 1) == ReceivableCode.Frozen
    with brownie.reverts(err("ReceivableFrozen", rid, 2)):
        receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})
    with brownie.reverts(err("ReceivableFrozen", rid, 2)):
        receivables.offerDiscount(rid, financier, 1, 1, maturity(1), {"from": tier1})
    pay(rid, 10 * USD, oem)
    receivables.redeem(rid, {"from": tier1})
    if how == "recall":
        parts.clearPart(pid, REASON, {"from": tier1})
    else:
        parts.unfreezePart(pid, REASON, {"from": regulator})
    assert receivables.frozenFlags(rid) == 0
    receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})


# ------------------------------------------------------------------ pay and redeem


def test_pay_in_several_payments_and_redeem_after_each(receivables, usd, oem, tier1, tier2, outsider, confirmed, pay):
    rid = confirmed(FACE)
    receivables.safeTransferFrom(tier1, tier2, rid, 400 * USD, b"", {"from": tier1})
    tx = pay(rid, 250 * USD, oem)
    assert list(tx.events["ReceivablePaid"][0].values()) == [rid, oem, 250 * USD, 250 * USD]
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 750 * USD, 0)
    assert usd.balanceOf(receivables) == 250 * USD
    assert receivables.redeemable(rid, tier2) == 100 * USD
    tx = receivables.redeem(rid, {"from": tier2})
    assert list(tx.events["ReceivableRedeemed"][0].values()) == [rid, tier2, 100 * USD, 0]
    assert usd.balanceOf(tier2) == 100 * USD
    with brownie.reverts(err("NothingToRedeem", rid, tier2)):
        receivables.redeem(rid, {"from": tier2})
    pay(rid, 750 * USD, outsider)  # anyone may pay for the debtor
    info = receivables.receivable(rid)
    assert info["state"] == ReceivableState.Paid and info["paid"] == FACE and info["shortfall"] == 0
    assert tuple(receivables.creditOf(oem, usd)) == (LINE, 0, 0)
    tx = receivables.redeem(rid, {"from": tier2})  # the rest of its 400, its units burned
    assert list(tx.events["ReceivableRedeemed"][0].values()) == [rid, tier2, 300 * USD, 400 * USD]
    assert list(tx.events["TransferSingle"][0].values()) == [tier2, tier2, ZERO_ADDRESS, rid, 400 * USD]
    assert receivables.redeem(rid, {"from": tier1}).return_value == 600 * USD
    assert usd.balanceOf(receivables) == 0 and receivables.balanceOf(tier1, rid) == 0
    with brownie.reverts(err("NothingToRedeem", rid, tier1)):
        receivables.redeem(rid, {"from": tier1})


def test_pay_guards(receivables, usd, oem, admin, participants, issue, confirmed, pay):
    pending = issue(FACE)
    with brownie.reverts(err("ReceivableNotConfirmed", pending, ReceivableState.Pending)):
        pay(pending, 1, oem)
    with brownie.reverts(err("ReceivableNotFound", 999)):
        pay(999, 1, oem)
    rid = confirmed(FACE)
    with brownie.reverts(err("ZeroAmount")):
        pay(rid, 0, oem)
    with brownie.reverts(err("Overpayment", rid, FACE + 1, FACE)):
        pay(rid, FACE + 1, oem)
    pay(rid, FACE - 5, oem)
    with brownie.reverts(err("Overpayment", rid, 6, 5)):
        pay(rid, 6, oem)
    pay(rid, 5, oem)
    with brownie.reverts(err("ReceivableSettled", rid)):
        pay(rid, 1, oem)
    other = confirmed(FACE)
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        pay(other, 1, oem)


def test_redeem_guards(receivables, participants, admin, regulator, oem, tier1, tier2, outsider, confirmed, pay):
    rid = confirmed(FACE)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        receivables.redeem(rid, {"from": outsider})
    with brownie.reverts(err("ReceivableNotFound", 999)):
        receivables.redeem(999, {"from": tier1})
    with brownie.reverts(err("NothingToRedeem", rid, tier1)):  # nothing paid yet
        receivables.redeem(rid, {"from": tier1})
    pay(rid, FACE, oem)
    with brownie.reverts(err("NothingToRedeem", rid, tier2)):  # holds no units
        receivables.redeem(rid, {"from": tier2})
    participants.suspend(tier1, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        receivables.redeem(rid, {"from": tier1})
    participants.reinstate(tier1, REASON, {"from": regulator})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        receivables.redeem(rid, {"from": tier1})


# ------------------------------------------------------------------ discount


def test_discount_swaps_units_for_the_price_in_one_transaction(receivables, usd, tier1, tier3, financier, confirmed,
                                                               fund):
    rid = confirmed(FACE)
    receivables.safeTransferFrom(tier1, tier3, rid, 200 * USD, b"", {"from": tier1})
    expiry = maturity(2)
    tx = receivables.offerDiscount(rid, financier, 200 * USD, 194 * USD, expiry, {"from": tier3})
    offer = tx.return_value
    assert list(tx.events["DiscountOffered"][0].values()) == [offer, rid, tier3, financier, 200 * USD, 194 * USD, expiry]
    assert tuple(receivables.discountOffer(offer)) == (rid, tier3, financier, 200 * USD, 194 * USD, expiry, 0, 200 * USD)
    fund(financier, 194 * USD, receivables)
    tx = receivables.takeDiscount(offer, {"from": financier})
    assert list(tx.events["DiscountTaken"][0].values()) == [offer, rid, tier3, financier, 200 * USD, 194 * USD]
    assert list(tx.events["TransferSingle"][0].values()) == [financier, tier3, financier, rid, 200 * USD]
    assert receivables.balanceOf(financier, rid) == 200 * USD and receivables.balanceOf(tier3, rid) == 0
    assert usd.balanceOf(tier3) == 194 * USD and usd.balanceOf(financier) == 0
    with brownie.reverts(err("OfferNotFound", offer)):
        receivables.takeDiscount(offer, {"from": financier})


def test_discount_guards(receivables, participants, admin, oem, tier1, tier2, financier, issue, confirmed, fund):
    pending = issue(FACE)
    with brownie.reverts(err("ReceivableNotConfirmed", pending, ReceivableState.Pending)):
        receivables.offerDiscount(pending, financier, 1, 1, maturity(1), {"from": tier1})
    rid = confirmed(FACE)
    with brownie.reverts(missing_role(tier2, FINANCIER_ROLE)):
        receivables.offerDiscount(rid, tier2, 1, 1, maturity(1), {"from": tier1})
    for units, price in ((0, 1), (1, 0)):
        with brownie.reverts(err("ZeroAmount")):
            receivables.offerDiscount(rid, financier, units, price, maturity(1), {"from": tier1})
    with brownie.reverts(err("InsufficientUnits", rid, tier2, 0, 1)):
        receivables.offerDiscount(rid, financier, 1, 1, maturity(1), {"from": tier2})
    past = chain.time() - 1
    with brownie.reverts(err("InvalidOfferExpiry", past)):
        receivables.offerDiscount(rid, financier, 1, 1, past, {"from": tier1})
    offer = receivables.offerDiscount(rid, financier, 10, 9, maturity(1), {"from": tier1}).return_value
    with brownie.reverts(err("NotOfferFinancier", offer, tier2, financier)):
        receivables.takeDiscount(offer, {"from": tier2})
    with brownie.reverts(err("NotOfferHolder", offer, tier2, tier1)):
        receivables.cancelDiscount(offer, {"from": tier2})
    fund(financier, 9, receivables)
    receivables.safeTransferFrom(tier1, tier2, rid, FACE - 5, b"", {"from": tier1})  # the holder moved its units
    with brownie.reverts(err("ERC1155InsufficientBalance", tier1, 5, 10, rid)):
        receivables.takeDiscount(offer, {"from": financier})
    tx = receivables.cancelDiscount(offer, {"from": tier1})
    assert list(tx.events["DiscountCancelled"][0].values()) == [offer, tier1]
    with brownie.reverts(err("OfferNotFound", offer)):
        receivables.cancelDiscount(offer, {"from": tier1})
    late = receivables.offerDiscount(rid, financier, 5, 4, maturity(1), {"from": tier1}).return_value
    expiry = receivables.discountOffer(late)["expiry"]
    chain.sleep(2 * DAY)
    with brownie.reverts(err("OfferExpired", late, expiry)):
        receivables.takeDiscount(late, {"from": financier})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        receivables.cancelDiscount(late, {"from": tier1})


def test_a_discount_is_refused_once_the_offered_units_are_worth_less(receivables, oem, tier1, tier2, financier,
                                                                     confirmed, pay, fund):
    rid = confirmed(FACE)
    receivables.safeTransferFrom(tier1, tier2, rid, 400 * USD, b"", {"from": tier1})
    kept = receivables.offerDiscount(rid, financier, 100 * USD, 95 * USD, maturity(1), {"from": tier1}).return_value
    taken_in = receivables.offerDiscount(rid, financier, 100 * USD, 95 * USD, maturity(1), {"from": tier2}).return_value
    pay(rid, 500 * USD, oem)  # a payment alone changes no unit's worth (paid and unredeemed stays with it)
    fund(financier, 190 * USD, receivables)
    receivables.takeDiscount(kept, {"from": financier})
    assert receivables.redeemable(rid, financier) == 50 * USD
    receivables.redeem(rid, {"from": tier1})  # tier 1's units now carry only the unpaid half
    receivables.safeTransferFrom(tier1, tier2, rid, 100 * USD, b"", {"from": tier1})  # and tier 2 takes some in
    debt, balance = receivables.debtOf(rid, tier2), receivables.balanceOf(tier2, rid)
    assert debt == 100 * USD * 500 * USD and balance == 500 * USD
    with brownie.reverts(err("OfferDevalued", taken_in, 0, 400 * USD, debt, balance)):
        receivables.takeDiscount(taken_in, {"from": financier})


# ------------------------------------------------------------------ overdue and default


def test_a_debtor_that_never_pays_defaults_with_its_shortfall(receivables, oem, tier1, tier2, confirmed, pay):
    rid = confirmed(FACE, days=10)
    receivables.safeTransferFrom(tier1, tier2, rid, 100 * USD, b"", {"from": tier1})
    pay(rid, 150 * USD, oem)
    info = receivables.receivable(rid)
    assert info["state"] == ReceivableState.Outstanding and info["shortfall"] == 0
    chain.sleep(11 * DAY)
    chain.mine()
    info = receivables.receivable(rid)
    assert info["state"] == ReceivableState.Overdue and info["shortfall"] == 850 * USD
    chain.sleep(30 * DAY)
    chain.mine()
    info = receivables.receivable(rid)
    assert info["state"] == ReceivableState.Defaulted and info["shortfall"] == 850 * USD
    # holders still redeem what was paid, pro rata
    assert receivables.redeem(rid, {"from": tier2}).return_value == 15 * USD
    assert receivables.redeem(rid, {"from": tier1}).return_value == 135 * USD
    pay(rid, 850 * USD, oem)  # a late payment still settles it
    assert receivables.receivable(rid)["state"] == ReceivableState.Paid


# ------------------------------------------------------------------ administration


def test_set_terms(receivables, admin, tier1, oem, usd):
    with brownie.reverts(missing_role(tier1, ADMIN_ROLE)):
        receivables.setTerms(90 * DAY, DAY, {"from": tier1})
    for tenor, grace in ((DAY - 1, 0), (3651 * DAY, 0), (90 * DAY, 366 * DAY)):
        with brownie.reverts(err("InvalidTerms", tenor, grace)):
            receivables.setTerms(tenor, grace, {"from": admin})
    tx = receivables.setTerms(90 * DAY, 5 * DAY, {"from": admin})
    assert list(tx.events["TermsSet"][0].values()) == [90 * DAY, 5 * DAY, admin]
    assert tuple(receivables.terms()) == (90 * DAY, 5 * DAY)
    with brownie.reverts(revert_pattern=pattern("InvalidMaturity", r"\d+", r"\d+", r"\d+")):
        receivables.issue(oem, usd, FACE, maturity(91), invoice(), [], {"from": tier1})
    due = maturity(90)
    rid = receivables.issue(oem, usd, FACE, due, invoice(), [], {"from": tier1}).return_value
    assert receivables.receivable(rid)["defaultsAt"] == due + 5 * DAY


def test_set_credit_line_guards(receivables, usd, admin, tier1, oem):
    with brownie.reverts(missing_role(tier1, ADMIN_ROLE)):
        receivables.setCreditLine(oem, usd, 1, {"from": tier1})
    with brownie.reverts(err("InvalidDebtor", ZERO_ADDRESS)):
        receivables.setCreditLine(ZERO_ADDRESS, usd, 1, {"from": admin})
