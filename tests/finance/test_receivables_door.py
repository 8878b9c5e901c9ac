"""The purchase orders' door into the receivables (reserveCredit, releaseCredit, issueForOrder),
the order-dispute freeze and connectOrders, against a stand-in orders contract (MockOrders) wired
to a Receivables of its own."""

import brownie
import pytest
from brownie import MockOrders, Receivables, TestStablecoin, ZERO_ADDRESS

from helpers import ADMIN_ROLE, ReceivableCode, ReceivableState, allow_token, err, missing_role
from recv_kit import DAY, REASON, USD, invoice, maturity, oem_part  # noqa: F401

LINE = 1_000 * USD


@pytest.fixture(scope="module")
def rx(participants, parts, admin, usd, oem):
    contract = Receivables.deploy(participants, parts, {"from": admin})
    allow_token(contract, usd, admin)
    contract.setCreditLine(oem, usd, LINE, {"from": admin})
    return contract


@pytest.fixture(scope="module")
def mock(rx, participants, parts, admin):
    orders = MockOrders.deploy(participants, parts, rx, {"from": admin})
    tx = rx.connectOrders(orders, {"from": admin})
    assert list(tx.events["OrdersConnected"][0].values()) == [ZERO_ADDRESS, orders]
    return orders


@pytest.fixture(scope="module", autouse=True)
def cast(mock, tier2):
    pass


def test_only_the_connected_orders_contract_opens_the_door(rx, usd, oem, tier1, admin):
    with brownie.reverts(err("NotOrders", admin)):
        rx.reserveCredit(oem, usd, 1, maturity(), {"from": admin})
    with brownie.reverts(err("NotOrders", admin)):
        rx.releaseCredit(oem, 1, {"from": admin})
    with brownie.reverts(err("NotOrders", admin)):
        rx.issueForOrder(1, tier1, oem, usd, 1, maturity(), invoice(), [], {"from": admin})


def test_reserve_and_release_credit(rx, mock, usd, oem, tier1, admin):
    tx = mock.reserve(oem, usd, 600 * USD, maturity(), {"from": admin})
    assert list(tx.events["CreditReserved"][0].values()) == [oem, usd, 600 * USD, 600 * USD]
    assert tuple(rx.creditOf(oem, usd)) == (LINE, 0, 600 * USD) and rx.reservedTotal() == 600 * USD
    with brownie.reverts(err("CreditLineExceeded", oem, usd, LINE, 600 * USD, 401 * USD)):
        mock.reserve(oem, usd, 401 * USD, maturity(), {"from": admin})
    pending = rx.issue(oem, usd, 400 * USD, maturity(), invoice(), [], {"from": tier1}).return_value
    too_big = rx.issue(oem, usd, 401 * USD, maturity(), invoice(), [], {"from": tier1}).return_value
    with brownie.reverts(err("CreditLineExceeded", oem, usd, LINE, 600 * USD, 401 * USD)):  # reserved counts
        rx.confirm(too_big, {"from": oem})
    rx.confirm(pending, {"from": oem})  # reserved + confirmed = the line exactly
    with brownie.reverts(err("ReservationExceeded", oem, usd, 601 * USD, 600 * USD)):
        mock.release(oem, 601 * USD, {"from": admin})
    tx = mock.release(oem, 100 * USD, {"from": admin})
    assert list(tx.events["CreditReleased"][0].values()) == [oem, usd, 100 * USD, 500 * USD, False]


def test_reserve_guards(rx, mock, usd, oem, admin, participants):
    with brownie.reverts(err("TokenNotAllowed", rx)):
        mock.reserve(oem, rx, 1, maturity(), {"from": admin})
    for amount in (0, 2**128):
        with brownie.reverts(err("InvalidFace", amount)):
            mock.reserve(oem, usd, amount, maturity(), {"from": admin})
    with brownie.reverts(revert_pattern=r"InvalidMaturity: 1, \d+, \d+"):
        mock.reserve(oem, usd, 1, 1, {"from": admin})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        mock.reserve(oem, usd, 1, maturity(), {"from": admin})


def test_issue_for_order_is_confirmed_at_once(rx, mock, usd, oem, tier1, admin, oem_part):
    pid = oem_part("B-door")
    mock.reserve(oem, usd, 500 * USD, maturity(), {"from": admin})
    due, inv = maturity(20), invoice()
    tx = mock.issue(42, tier1, oem, usd, 300 * USD, due, inv, [pid], {"from": admin})
    rid = tx.return_value
    assert list(tx.events["ReceivableIssued"][0].values()) == [rid, tier1, oem, usd, 300 * USD, due, "0x" + inv.hex(),
                                                                42, [pid]]
    assert list(tx.events["CreditReleased"][0].values()) == [oem, usd, 300 * USD, 200 * USD, True]
    assert list(tx.events["ReceivableConfirmed"][0].values()) == [rid, oem, 300 * USD]
    assert list(tx.events["TransferSingle"][0].values()) == [mock, ZERO_ADDRESS, tier1, rid, 300 * USD]
    info = rx.receivable(rid)
    assert info["state"] == ReceivableState.Outstanding and info["orders"] == mock and info["orderId"] == 42
    assert tuple(rx.creditOf(oem, usd)) == (LINE, 300 * USD, 200 * USD)
    assert rx.openReceivableOf(pid) == rid
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, rid)):
        mock.issue(43, tier1, oem, usd, 1, due, inv, [], {"from": admin})
    with brownie.reverts(err("InvoiceAlreadyFinanced", tier1, oem, inv, rid)):  # one key for claims and deliveries
        rx.issue(oem, usd, 1, due, inv, [], {"from": tier1})
    assert rx.receivableOfInvoice(tier1, oem, inv) == rid and rx.receivableOfInvoice(oem, tier1, inv) == 0
    with brownie.reverts(err("PartAlreadyFinanced", pid, rid)):
        mock.issue(43, tier1, oem, usd, 1, due, invoice(), [pid], {"from": admin})
    with brownie.reverts(err("ReservationExceeded", oem, usd, 201 * USD, 200 * USD)):
        mock.issue(43, tier1, oem, usd, 201 * USD, due, invoice(), [], {"from": admin})
    for debtor in (ZERO_ADDRESS, tier1):
        with brownie.reverts(err("InvalidDebtor", debtor)):
            mock.issue(43, tier1, debtor, usd, 1, due, invoice(), [], {"from": admin})
    with brownie.reverts(err("InvalidFace", 0)):
        mock.issue(43, tier1, oem, usd, 0, due, invoice(), [], {"from": admin})


def test_a_line_per_token_and_reservations_in_one_token_at_a_time(rx, mock, usd, oem, tier1, admin):
    eur = TestStablecoin.deploy({"from": admin})
    allow_token(rx, eur, admin)
    with brownie.reverts(err("CreditLineExceeded", oem, eur, 0, 0, 1)):  # the dollar line is not a euro line
        mock.reserve(oem, eur, 1, maturity(), {"from": admin})
    tx = rx.setCreditLine(oem, eur, 50 * USD, {"from": admin})
    assert list(tx.events["CreditLineSet"][0].values()) == [oem, eur, 50 * USD, admin]
    mock.reserve(oem, usd, 100 * USD, maturity(), {"from": admin})
    assert rx.reservationTokenOf(oem) == usd
    with brownie.reverts(err("CreditReservedInOtherToken", oem, usd, 100 * USD, eur)):
        mock.reserve(oem, eur, 1, maturity(), {"from": admin})  # releaseCredit names no token
    mock.release(oem, 100 * USD, {"from": admin})
    mock.reserve(oem, eur, 50 * USD, maturity(), {"from": admin})
    assert rx.reservationTokenOf(oem) == eur and tuple(rx.creditOf(oem, eur)) == (50 * USD, 0, 50 * USD)
    with brownie.reverts(err("ReservationExceeded", oem, usd, 1, 0)):
        mock.issue(9, tier1, oem, usd, 1, maturity(), invoice(), [], {"from": admin})
    tx = mock.release(oem, 20 * USD, {"from": admin})  # in the reservations' token
    assert list(tx.events["CreditReleased"][0].values()) == [oem, eur, 20 * USD, 30 * USD, False]
    rid = mock.issue(9, tier1, oem, eur, 30 * USD, maturity(), invoice(), [], {"from": admin}).return_value
    assert tuple(rx.creditOf(oem, eur)) == (50 * USD, 30 * USD, 0) and tuple(rx.creditOf(oem, usd)) == (LINE, 0, 0)
    eur.mint(oem, 30 * USD, {"from": oem})
    eur.approve(rx, 30 * USD, {"from": oem})
    rx.pay(rid, 30 * USD, {"from": oem})
    assert tuple(rx.creditOf(oem, eur)) == (50 * USD, 0, 0)


def test_a_disputed_order_freezes_its_receivables(rx, mock, usd, oem, tier1, tier2, admin):
    mock.reserve(oem, usd, 500 * USD, maturity(), {"from": admin})
    rid = mock.issue(7, tier1, oem, usd, 500 * USD, maturity(), invoice(), [], {"from": admin}).return_value
    mock.setDisputed(7, True, {"from": admin})
    assert rx.frozenFlags(rid) == 4 and rx.canTransfer(tier1, tier2, rid, 1) == ReceivableCode.Frozen
    with brownie.reverts(err("ReceivableFrozen", rid, 4)):
        rx.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})
    mock.setDisputed(7, False, {"from": admin})
    rx.safeTransferFrom(tier1, tier2, rid, 1, b"", {"from": tier1})


def _speak_for_the_suite(parts, mock, admin, regulator):
    """Connects `mock` (whose receivables() is this module's Receivables) as the registry's
    financing contract, by two authorities: the participant registry then records that
    Receivables' two-authority decisions (confirmExternal answers the financing's receivables)."""
    parts.connectFinancing(mock, {"from": admin})
    parts.connectFinancing(mock, {"from": regulator})
    assert parts.financing() == mock


def test_replacing_the_orders_contract_takes_two_authorities_even_with_credit_reserved(
        rx, mock, participants, parts, usd, oem, admin, regulator, tier1):
    """Credit reserved no longer blocks the replacement: the replaced contract winds down with
    what it holds."""
    other = MockOrders.deploy(participants, parts, rx, {"from": admin})
    stranger = MockOrders.deploy(participants, parts, ZERO_ADDRESS, {"from": admin})
    for candidate in (stranger, tier1, mock):  # another suite's, no contract, the current one
        with brownie.reverts(err("InvalidOrders", candidate)):
            rx.connectOrders(candidate, {"from": admin})
    mock.reserve(oem, usd, 1, maturity(), {"from": admin})
    # A Receivables that no financing contract of the suite names records no two-authority
    # decision in the participant registry, so no authority can replace its orders contract...
    for authority in (admin, regulator):
        with brownie.reverts(err("NotASuiteContract", rx)):
            rx.connectOrders(other, {"from": authority})
    _speak_for_the_suite(parts, mock, admin, regulator)  # ... until the registry's financing names it
    with brownie.reverts(err("NotAnAuthority", tier1)):
        rx.connectOrders(other, {"from": tier1})
    tx = rx.connectOrders(other, {"from": admin})  # proposed only
    assert "OrdersConnected" not in tx.events and rx.orders() == mock
    assert tuple(rx.windingDown(mock)) == (False, 0)
    tx = rx.connectOrders(other, {"from": regulator})
    assert list(tx.events["OrdersConnected"][0].values()) == [mock, other] and rx.orders() == other
    assert list(tx.events["OrdersWindingDown"][0].values()) == [mock, 1]
    assert tuple(rx.windingDown(mock)) == (True, 1) and tuple(rx.windingDown(other)) == (False, 0)


def test_replacing_the_suites_orders_contract_takes_two_authorities(
        participants, parts, receivables, orders, admin, regulator, tier1):
    other = MockOrders.deploy(participants, parts, receivables, {"from": admin})
    with brownie.reverts(err("NotAnAuthority", tier1)):
        receivables.connectOrders(other, {"from": tier1})
    tx = receivables.connectOrders(other, {"from": admin})  # proposed only
    assert "OrdersConnected" not in tx.events and receivables.orders() == orders
    assert [e["account"] for e in tx.events["ActionProposed"]] == [receivables]
    tx = receivables.connectOrders(other, {"from": regulator})
    assert list(tx.events["OrdersConnected"][0].values()) == [orders, other] and receivables.orders() == other


def test_a_winding_down_orders_contract_settles_only_the_credit_it_held(rx, mock, participants, parts, usd, oem,
                                                                      tier1, admin, regulator):
    """A replaced orders contract reserves nothing more, and releases or issues against the credit
    it held when replaced, never more (not the new contract's reservations)."""
    _speak_for_the_suite(parts, mock, admin, regulator)
    mock.reserve(oem, usd, 300 * USD, maturity(), {"from": admin})
    other = MockOrders.deploy(participants, parts, rx, {"from": admin})
    rx.connectOrders(other, {"from": admin})
    rx.connectOrders(other, {"from": regulator})
    other.reserve(oem, usd, 200 * USD, maturity(), {"from": admin})
    assert tuple(rx.creditOf(oem, usd)) == (LINE, 0, 500 * USD) and rx.reservedTotal() == 500 * USD
    with brownie.reverts(err("NotOrders", mock)):
        mock.reserve(oem, usd, 1, maturity(), {"from": admin})
    with brownie.reverts(err("WindingDownExceeded", mock, oem, 301 * USD, 300 * USD)):
        mock.release(oem, 301 * USD, {"from": admin})  # the new contract's 200 are not its own
    rid = mock.issue(4, tier1, oem, usd, 100 * USD, maturity(), invoice(), [], {"from": admin}).return_value
    assert rx.balanceOf(tier1, rid) == 100 * USD and rx.receivable(rid)["orders"] == mock
    mock.release(oem, 150 * USD, {"from": admin})
    assert tuple(rx.windingDown(mock)) == (True, 50 * USD)
    with brownie.reverts(err("WindingDownExceeded", mock, oem, 51 * USD, 50 * USD)):
        mock.issue(5, tier1, oem, usd, 51 * USD, maturity(), invoice(), [], {"from": admin})
    mock.release(oem, 50 * USD, {"from": admin})
    assert tuple(rx.windingDown(mock)) == (True, 0)
    mock.release(oem, 0, {"from": admin})  # an old order's closing call of nothing still passes
    with brownie.reverts(err("WindingDownExceeded", mock, oem, 1, 0)):
        mock.release(oem, 1, {"from": admin})
    # the buyer owes the old contract's delivery, reserves the new contract's order only
    assert tuple(rx.creditOf(oem, usd)) == (LINE, 100 * USD, 200 * USD) and rx.reservedTotal() == 200 * USD
    other.release(oem, 200 * USD, {"from": admin})
    assert tuple(rx.creditOf(oem, usd)) == (LINE, 100 * USD, 0)


def test_a_replaced_orders_contract_is_never_connected_again(rx, mock, participants, parts, usd, oem, admin,
                                                             regulator):
    _speak_for_the_suite(parts, mock, admin, regulator)
    mock.reserve(oem, usd, 300 * USD, maturity(), {"from": admin})
    other = MockOrders.deploy(participants, parts, rx, {"from": admin})
    rx.connectOrders(other, {"from": admin})
    rx.connectOrders(other, {"from": regulator})
    mock.release(oem, 300 * USD, {"from": admin})  # holds nothing now: still refused
    with brownie.reverts(err("InvalidOrders", mock)):
        rx.connectOrders(mock, {"from": admin})
    assert rx.orders() == other and tuple(rx.windingDown(mock)) == (True, 0)
