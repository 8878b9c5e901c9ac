"""Fixtures of the financing tests: the suite's settlement token, the contracts, and the cast of
the financing story. The engine maker (`maker`) is the OEM, the core enterprise that buys and
owes; the blade maker (`maker2`) is its tier-1 supplier; `tier2` and `tier3` supply tier 1;
`financier` is the bank; `arbiter` rules disputes."""

import pytest

from helpers import new_key_account, onboard

USD = 10**6  # the test stablecoin has 6 decimals


@pytest.fixture(scope="module")
def usd(suite):
    """The 6-decimal test stablecoin the suite allows (TestStablecoin; anyone mints)."""
    return suite.stablecoin


@pytest.fixture(scope="module")
def orders(suite):
    return suite.orders


@pytest.fixture(scope="module")
def receivables(suite):
    return suite.receivables


@pytest.fixture(scope="module")
def oem(maker):
    """The core enterprise: buys parts and owes the receivables."""
    return maker


@pytest.fixture(scope="module")
def tier1(maker2):
    """The OEM's blade supplier: sells on orders, holds the receivables it is issued."""
    return maker2


@pytest.fixture(scope="module")
def arbiter(participants, admin):
    account = new_key_account("finance/arbiter", funder=admin)
    onboard(participants, admin, arbiter=account)
    return account


@pytest.fixture(scope="module")
def tier2(participants, admin):
    account = new_key_account("finance/tier2", funder=admin)
    onboard(participants, admin, tier2=account)
    return account


@pytest.fixture(scope="module")
def tier3(participants, admin):
    account = new_key_account("finance/tier3", funder=admin)
    onboard(participants, admin, tier3=account)
    return account


@pytest.fixture(scope="module")
def fund(usd):
    """fund(account, amount, spender) mints `amount` test dollars (smallest units) to `account`
    and approves `spender` (a contract) for them."""

    def _fund(account, amount, spender=None):
        usd.mint(account, amount, {"from": account})
        if spender is not None:
            usd.approve(spender, amount, {"from": account})

    return _fund
