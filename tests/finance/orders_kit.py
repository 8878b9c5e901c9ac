"""What the purchase-order test modules share (not a test module): the parts on sale, opening an
order in one call, and the balance invariant every flow test checks after each step."""

from __future__ import annotations

from helpers import LineState, OrderTerms, latest_timestamp, register_part

USD = 10**6
DAY = 24 * 3600
PRICE = 900 * USD + 2  # three parts: 300,000,000 each, the last one 300,000,002


def make_parts(parts, seller, prefix: str, count: int) -> list[int]:
    """`count` fresh parts registered by `seller` (a manufacturer)."""
    return [register_part(parts, seller, f"{prefix}-{i}", "PN-BLADE") for i in range(count)]


def open_order(orders, token, buyer, seller, arbiter, part_ids, *, price=PRICE, terms=OrderTerms.Prepaid,
               deadline=None, maturity=0, fund=True):
    """Opens an order (prepaid: mints and approves the price for `buyer` first); returns (id, tx)."""
    deadline = deadline or latest_timestamp() + DAY
    if fund and terms == OrderTerms.Prepaid:
        token.mint(buyer, price, {"from": buyer})
        token.approve(orders, price, {"from": buyer})
    tx = orders.openOrder(seller, part_ids, token, price, deadline, terms, maturity, arbiter, {"from": buyer})
    return tx.return_value, tx


def assert_balanced(orders, token) -> None:
    """The contract holds exactly what it owes in `token`: every order's escrow + credits not
    withdrawn (nothing created, nothing lost)."""
    escrow = sum(orders.escrowed(i) for i in range(1, orders.orderCount() + 1) if orders.order(i)["token"] == token)
    assert token.balanceOf(orders) == escrow + orders.owedTotal(token)


def line_states(orders, order_id) -> list[LineState]:
    """The state of each part of order `order_id`, in order."""
    return [LineState(int(state)) for state in orders.orderParts(order_id)[1]]
