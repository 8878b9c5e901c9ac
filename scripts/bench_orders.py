"""Gas of the purchase orders, one fresh suite: whole-transaction gas (21,000 base included).

    brownie run scripts/bench_orders.py --network dev-orders     # prints the figures

`measure(suite, accounts_dict)` is what `make bench` calls. `order_open_prepaid` is an order
opened while the contract already escrows in the token (every order but the very first of a
deployment); `order_open_prepaid_first` is that first one, which also pays two one-time fresh
slots (the order counter and the contract's token balance, ~17,000 gas each). The delivery is the
worst case of its kind: a buyer that holds no part yet, a seller that holds none of the token,
and the contract still escrowing other orders (no refund for emptying its balance).

Targets: order_open_prepaid <= 200,000; order_deliver <= 150,000 (140,000 before a delivery asked
the life-limit oracle whether each part is sound).
"""

from __future__ import annotations

from brownie import accounts, chain, web3

from partledger.ids import to_bytes32
from partledger.roles import ARBITER_ROLE, FINANCIER_ROLE, MANUFACTURER_ROLE
from scripts.deploy import deploy_suite

TARGETS = {"order_open_prepaid": 200_000, "order_deliver": 150_000}
DAY = 24 * 3600
PRICE = 1_000 * 10**6
ZERO = b"\x00" * 32


def _fixed(label: str, admin):
    """A local account from a fixed key (addresses go into calldata: random keys would move the
    figures by a few gas), funded with ether."""
    account = accounts.add(web3.keccak(text=f"partledger-bench-orders/{label}"))
    admin.transfer(account, "1 ether")
    return account


def measure(suite, accounts_dict: dict) -> dict[str, int]:
    """The orders' gas keys on `suite` (fresh: no order yet); `accounts_dict["admin"]` is its admin."""
    admin = accounts_dict["admin"]
    participants, parts, orders, usd = suite.participants, suite.parts, suite.orders, suite.stablecoin
    seller, buyer, arbiter, bank = (_fixed(name, admin) for name in ("seller", "buyer", "arbiter", "bank"))
    for account, name, roles in [(seller, "Bench Seller", [MANUFACTURER_ROLE]), (buyer, "Bench Buyer", []),
                                 (arbiter, "Bench Arbiter", [ARBITER_ROLE]), (bank, "Bench Bank", [FINANCIER_ROLE])]:
        participants.onboard(account, name, f"FILE-{name}", roles, {"from": admin})
    pids = [parts.registerPart(to_bytes32("PN-BENCH"), to_bytes32(f"O-{i}"), ZERO, {"from": seller}).return_value
            for i in range(4)]
    usd.mint(buyer, 4 * PRICE, {"from": buyer})
    usd.approve(orders, 4 * PRICE, {"from": buyer})
    usd.mint(bank, PRICE, {"from": bank})
    usd.approve(orders, PRICE, {"from": bank})

    def open_one(pid):
        deadline = chain.time() + DAY
        return orders.openOrder(seller, [pid], usd, PRICE, deadline, 0, 0, arbiter, {"from": buyer})

    gas = {"order_open_prepaid_first": open_one(pids[3]).gas_used}
    tx = open_one(pids[0])
    gas["order_open_prepaid"] = tx.gas_used
    first = tx.return_value
    tx = orders.acceptOrder(first, {"from": seller})
    gas["order_accept"] = tx.gas_used
    gas["order_deliver"] = orders.deliver(first, [pids[0]], {"from": seller}).gas_used

    assigned = open_one(pids[1]).return_value
    orders.acceptOrder(assigned, {"from": seller})
    orders.offerAssignment(assigned, bank, PRICE * 95 // 100, orders.order(assigned)["deadline"], {"from": seller})
    gas["order_assign"] = orders.takeAssignment(assigned, PRICE * 95 // 100, PRICE, {"from": bank}).gas_used

    expired = open_one(pids[2]).return_value
    orders.acceptOrder(expired, {"from": seller})
    chain.sleep(DAY + 1)
    chain.mine()
    gas["order_refund"] = orders.refundExpired(expired, {"from": buyer}).gas_used
    return {key: int(value) for key, value in gas.items()}


def main():
    admin = accounts[0]
    gas = measure(deploy_suite(admin), {"admin": admin})
    for key, value in gas.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else f"  (target <= {target:,}: {'ok' if value <= target else 'OVER'})"
        print(f"{key:22} {value:>9,}{verdict}")
