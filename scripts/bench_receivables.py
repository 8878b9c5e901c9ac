"""Gas of the receivables beside an OpenZeppelin ERC-1155, one chain, transaction gas.

    brownie run scripts/bench_receivables.py --network dev-NAME     (prints the figures)

`measure(suite, accounts_dict)` is what make bench calls: it onboards its own accounts (fixed
keys, so addresses in calldata do not move the figures), sets a credit line, and measures one
fresh receivable through issue, confirm, split to a new holder, discount, pay and redeem. The
receivable links one part (the usual case: an invoice for a delivered part), so every transfer
pays for its part check; the split happens before any payment (the usual case: a supplier pays
its own suppliers with pieces of a receivable).
"""

from __future__ import annotations

from brownie import OZReferenceERC1155, accounts, chain, web3

from partledger.ids import to_bytes32
from partledger.roles import FINANCIER_ROLE, MANUFACTURER_ROLE

USD = 10**6
FACE = 10_000 * USD

# key -> (limit: (reference key, ratio) or (None, absolute), description); the issue's target
TARGETS = {
    "receivable_split_new_holder": (("oz_erc1155_transfer_new_holder", 1.5), "split to a new holder vs OZ transfer"),
}
DESCRIPTIONS = {
    "oz_erc1155_transfer_new_holder": "OZ ERC1155 safeTransferFrom, new holder (reference)",
    "receivable_issue": "issue, one linked part (pending)",
    "receivable_confirm": "confirm: credit line, mint face to the creditor",
    "receivable_split_new_holder": "safeTransferFrom part of a receivable, new holder",
    "receivable_split_after_payment": "the same after a partial payment (rights move)",
    "receivable_discount": "takeDiscount: units to the financier, price to the holder",
    "receivable_pay": "pay part of the face (exact pull)",
    "receivable_redeem": "redeem what was paid for the holder's units",
}


def _fixed(label: str, funder):
    account = accounts.add(web3.keccak(text=f"partledger-bench/receivables/{label}"))
    if account.balance() < 10**18:
        funder.transfer(account, "1 ether")
    return account


def measure(suite, accounts_dict: dict | None = None) -> dict[str, int]:
    """The receivables' gas keys (see DESCRIPTIONS) on `suite`, deployed by `accounts_dict['admin']`
    (default accounts[0])."""
    admin = (accounts_dict or {}).get("admin", accounts[0])
    participants, parts, rx, usd = suite.participants, suite.parts, suite.receivables, suite.stablecoin
    tx = {"from": admin}
    oem, supplier, bank = (_fixed(n, admin) for n in ("oem", "supplier", "bank"))
    holders = [_fixed(f"holder-{i}", admin) for i in range(3)]
    participants.onboard(oem, "Bench OEM", "B-OEM", [], tx)
    participants.onboard(supplier, "Bench Supplier", "B-SUP", [MANUFACTURER_ROLE], tx)
    participants.onboard(bank, "Bench Bank", "B-BANK", [FINANCIER_ROLE], tx)
    for i, holder in enumerate(holders):
        participants.onboard(holder, f"Bench Holder {i}", f"B-H{i}", [], tx)
    rx.setCreditLine(oem, usd, 10 * FACE, tx)
    gas: dict[str, int] = {}

    reference = OZReferenceERC1155.deploy(tx)
    reference.mint(supplier, 1, FACE, {"from": supplier})
    reference.safeTransferFrom(supplier, holders[2], 1, 1, b"", {"from": supplier})  # warm: holder not new
    gas["oz_erc1155_transfer_new_holder"] = reference.safeTransferFrom(
        supplier, holders[0], 1, 3_000 * USD, b"", {"from": supplier}).gas_used

    part = parts.registerPart(to_bytes32("PN-BENCH"), to_bytes32("SN-1"), b"\x00" * 32, {"from": supplier}).return_value
    parts.transferFrom(supplier, oem, part, {"from": supplier})
    maturity = chain.time() + 60 * 86400
    issued = rx.issue(oem, usd, FACE, maturity, web3.keccak(text="bench-invoice-1"), [part], {"from": supplier})
    rid = issued.return_value
    gas["receivable_issue"] = issued.gas_used
    gas["receivable_confirm"] = rx.confirm(rid, {"from": oem}).gas_used
    gas["receivable_split_new_holder"] = rx.safeTransferFrom(
        supplier, holders[0], rid, 3_000 * USD, b"", {"from": supplier}).gas_used

    usd.mint(bank, 1_900 * USD, {"from": bank})
    usd.approve(rx, 1_900 * USD, {"from": bank})
    offer = rx.offerDiscount(rid, bank, 2_000 * USD, 1_900 * USD, maturity, {"from": holders[0]}).return_value
    gas["receivable_discount"] = rx.takeDiscount(offer, {"from": bank}).gas_used

    usd.mint(oem, FACE, {"from": oem})
    usd.approve(rx, FACE, {"from": oem})
    gas["receivable_pay"] = rx.pay(rid, FACE // 2, {"from": oem}).gas_used
    gas["receivable_redeem"] = rx.redeem(rid, {"from": holders[0]}).gas_used
    gas["receivable_split_after_payment"] = rx.safeTransferFrom(
        supplier, holders[1], rid, 1_000 * USD, b"", {"from": supplier}).gas_used
    return gas


def evaluate(gas: dict[str, int]) -> dict[str, dict]:
    """Each target: its limit and whether it holds."""
    found = {}
    for key, ((reference, ratio), _) in TARGETS.items():
        limit = int(gas[reference] * ratio) if reference else ratio
        found[key] = {"gas": gas[key], "limit": limit, "ok": gas[key] <= limit}
    return found


def main():
    from scripts.deploy import deploy_suite

    suite = deploy_suite(accounts[0])
    gas = measure(suite, {"admin": accounts[0]})
    for key, value in gas.items():
        print(f"{key:34} {value:>9,}  {DESCRIPTIONS[key]}")
    for key, result in evaluate(gas).items():
        print(f"target {key}: {result['gas']:,} <= {result['limit']:,}: {'ok' if result['ok'] else 'MISSED'}")
