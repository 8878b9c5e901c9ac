"""A regulator's powers over receivables: a freeze is lifted only by a regulator with no stake in
the receivable (none of its units, neither its creditor nor its debtor: `AuthorityHasStake`);
freezing works while the suite is paused (it only restricts), lifting waits for the unpause.
And a claim in a token the admin has disallowed since it was issued cannot be confirmed."""

import brownie
import pytest

from helpers import ReceivableState, allow_token, err, new_key_account, onboard
from recv_kit import REASON, USD, confirmed, credit, invoice, issue, maturity  # noqa: F401

FACE = 1_000 * USD


@pytest.fixture(scope="module")
def regulator2(participants, admin, regulator):
    """A second regulator (the admin proposes, the first regulator confirms)."""
    account = new_key_account("receivables-authority-regulator2", funder=admin)
    onboard(participants, admin, regulator2=account)
    return account


def test_a_regulator_holding_units_cannot_lift_the_freeze(receivables, regulator, regulator2, tier1, confirmed):
    rid = confirmed(FACE)
    receivables.safeTransferFrom(tier1, regulator2, rid, 1, b"", {"from": tier1})
    receivables.freeze(rid, REASON, {"from": regulator})
    with brownie.reverts(err("AuthorityHasStake", rid, regulator2)):
        receivables.unfreeze(rid, REASON, {"from": regulator2})
    assert receivables.frozenFlags(rid) == 1
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):  # its unit stays where it is
        receivables.safeTransferFrom(regulator2, tier1, rid, 1, b"", {"from": regulator2})
    receivables.unfreeze(rid, REASON, {"from": regulator})  # a regulator holding none may
    assert receivables.frozenFlags(rid) == 0
    assert receivables.balanceOf(regulator2, rid) == 1 and receivables.balanceOf(tier1, rid) == FACE - 1


def test_a_regulator_freezes_a_receivable_while_the_suite_is_paused(receivables, participants, admin, regulator,
                                                                    tier1, tier2, confirmed):
    rid = confirmed(FACE)
    participants.pause({"from": admin})
    tx = receivables.freeze(rid, REASON, {"from": regulator})
    assert tx.events["ReceivableFrozenBy"]["regulator"] == regulator and receivables.frozenFlags(rid) == 1
    with brownie.reverts(err("EnforcedPause")):  # lifting waits for the unpause
        receivables.unfreeze(rid, REASON, {"from": regulator})
    participants.unpause({"from": admin})
    with brownie.reverts(err("ReceivableFrozen", rid, 1)):  # the holder cannot race the freeze
        receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})
    receivables.unfreeze(rid, REASON, {"from": regulator})
    receivables.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})
    assert receivables.balanceOf(tier2, rid) == 1


def test_a_claim_in_a_token_disallowed_since_cannot_be_confirmed(receivables, usd, admin, oem, tier1, issue):
    rid = issue(FACE)
    receivables.allowToken(usd, False, {"from": admin})
    with brownie.reverts(err("TokenNotAllowed", usd)):
        receivables.confirm(rid, {"from": oem})
    assert receivables.balanceOf(tier1, rid) == 0 and receivables.receivable(rid)["state"] == ReceivableState.Pending
    assert receivables.creditOf(oem, usd)[1] == 0  # nothing outstanding against the debtor's line
    allow_token(receivables, usd, admin)
    receivables.confirm(rid, {"from": oem})
    assert receivables.balanceOf(tier1, rid) == FACE
