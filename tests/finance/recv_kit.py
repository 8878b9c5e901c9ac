"""What the receivables test modules share (not a test module): the OEM's credit line, parts the
OEM owns, fresh invoice hashes, and issue / confirm shortcuts. Import the fixtures with
`from recv_kit import *`."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from brownie import web3

from helpers import latest_timestamp, register_part

USD = 10**6
DAY = 86400
LINE = 1_000_000 * USD  # the OEM's credit line in the tests
REASON = web3.keccak(text="receivables: regulator's decision")
_invoices = itertools.count(1)


def invoice() -> bytes:
    """An invoice hash never used before in this session."""
    return web3.keccak(text=f"invoice-{next(_invoices)}")


def maturity(days: int = 30) -> int:
    return latest_timestamp() + days * DAY


@pytest.fixture(scope="module")
def credit(receivables, usd, oem, admin):
    """The OEM's credit line in the dollar: LINE."""
    receivables.setCreditLine(oem, usd, LINE, {"from": admin})
    return LINE


@pytest.fixture(scope="module")
def oem_part(parts, tier1, oem):
    """oem_part(serial) -> a part made by tier 1 and delivered to the OEM."""

    def _make(serial: str) -> int:
        pid = register_part(parts, tier1, serial, "PN-BLADE")
        parts.transferFrom(tier1, oem, pid, {"from": tier1})
        return pid

    return _make


@pytest.fixture(scope="module")
def issue(receivables, usd, oem, tier1, credit):
    """issue(face, parts=(), creditor=tier1, debtor=oem, days=30, token=usd) -> pending id."""

    def _issue(face, parts=(), creditor=None, debtor=None, days=30, token=None):
        tx = receivables.issue(debtor or oem, token or usd, face, maturity(days), invoice(), list(parts),
                               {"from": creditor or tier1})
        return tx.return_value

    return _issue


@pytest.fixture(scope="module")
def confirmed(receivables, issue, oem):
    """confirmed(face, **issue_args) -> id of a confirmed receivable (units with the creditor)."""

    def _confirmed(face, debtor=None, **kwargs):
        rid = issue(face, debtor=debtor, **kwargs)
        receivables.confirm(rid, {"from": debtor or oem})
        return rid

    return _confirmed


@pytest.fixture(scope="module")
def pay(receivables, usd):
    """pay(id, amount, payer): mints, approves and pays."""

    def _pay(rid, amount, payer):
        usd.mint(payer, amount, {"from": payer})
        usd.approve(receivables, amount, {"from": payer})
        return receivables.pay(rid, amount, {"from": payer})

    return _pay


class RightsModel:
    """The exact (rational) redemption rights of one receivable, independent of the contract's
    integer bookkeeping: every unit earns paid/face; a move carries the sender's unredeemed
    entitlement pro rata; a redemption spends it."""

    def __init__(self, face: int):
        self.face, self.paid = face, 0
        self.units: dict[str, int] = {}
        self.entitled: dict[str, Fraction] = {}  # unredeemed, exact
        self.redeemed: dict[str, int] = {}

    def mint(self, holder: str, units: int) -> None:
        self.units[holder] = self.units.get(holder, 0) + units
        self.entitled.setdefault(holder, Fraction(0))

    def pay(self, amount: int) -> None:
        self.paid += amount
        for holder, units in self.units.items():
            self.entitled[holder] += Fraction(units * amount, self.face)

    def move(self, sender: str, receiver: str, n: int) -> None:
        share = self.entitled[sender] * n / self.units[sender]
        self.entitled[sender] -= share
        self.units[sender] -= n
        self.mint(receiver, n)
        self.entitled[receiver] += share

    def redeem(self, holder: str, amount: int) -> None:
        assert amount <= self.entitled[holder], f"{holder} redeemed {amount} > its share {self.entitled[holder]}"
        self.entitled[holder] -= amount
        self.redeemed[holder] = self.redeemed.get(holder, 0) + amount
        if self.paid == self.face:
            self.units[holder] = 0
