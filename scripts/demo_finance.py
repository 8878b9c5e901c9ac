"""The financing half of the showcase (scripts/demo.py calls :func:`finance_story`).

An OEM (Turbine Works) buys a turbine blade from its tier-1 supplier (Blade Forge) on a prepaid
order that pays on delivery; orders four more on credit, and delivering them issues Blade Forge a
confirmed receivable; Blade Forge pays its own suppliers (tier 2, tier 3) with pieces of it; tier
3 discounts its piece to a bank for cash; a recall freezes another receivable; at maturity the
OEM pays and every holder redeems its share; the histories are read back from logs alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brownie import accounts, chain, web3

from partledger.finance import FinanceReader
from partledger.ids import to_bytes32
from partledger.roles import ARBITER_ROLE, FINANCIER_ROLE

USD = 10**6  # the test stablecoin has 6 decimals
DAY = 24 * 3600
ZERO = b"\x00" * 32
STATE = ["None", "Pending", "Rejected", "Outstanding", "Overdue", "Defaulted", "Paid"]
PREPAID, CREDIT = 0, 1


def usd(amount: int) -> str:
    return f"{amount / USD:,.2f} tUSD"


def finance_story(report, suite, names: dict[str, str], cast: dict[str, Any], quiet: Callable, refused: Callable) -> None:
    """Tell the financing story on `suite` with `cast` (admin, authority, oem, tier1, airline)."""
    participants, parts, orders, receivables, token = (
        suite.participants,
        suite.parts,
        suite.orders,
        suite.receivables,
        suite.stablecoin,
    )
    admin, authority, oem, tier1, airline = (cast[k] for k in ("admin", "authority", "oem", "tier1", "airline"))
    first_block = min(orders.tx.block_number, receivables.tx.block_number)

    report.title("Financing: who takes part")
    tier2, tier3 = accounts[8], accounts[9]
    bank, arbiter = quiet(accounts.add), quiet(accounts.add)
    for account in (bank, arbiter):
        quiet(admin.transfer, account, "1 ether")
    joining = [
        (tier2, "Precision Castings", "T2-CAST-12", []),
        (tier3, "Alloy Melt Shop", "T3-MELT-40", []),
        (bank, "Harbor Bank", "BANK-0091", [FINANCIER_ROLE]),
        (arbiter, "Trade Arbitration Chamber", "ARB-0007", [ARBITER_ROLE]),
    ]
    for account, name, filing, roles in joining:
        names[account.address] = name
        quiet(participants.onboard, account, name, filing, roles, {"from": admin})
        report.line(f"{name:26} {filing:12} {'financier' if roles == [FINANCIER_ROLE] else 'arbiter' if roles else 'supplier'}")
    line = 100_000 * USD
    quiet(receivables.setCreditLine, oem, token, line, {"from": admin})
    report.line(f"settlement token {token.symbol()} ({token.decimals()} decimals) at {token.address}, allowed by the admin")
    report.line(f"credit line of {names[oem.address]}: {usd(line)}")

    def register(serial: str) -> int:
        return quiet(parts.registerPart, to_bytes32("BLADE-22"), to_bytes32(serial), ZERO, {"from": tier1}).return_value

    report.title("Prepaid order: the blade pays its maker on delivery (delivery versus payment)")
    blade = register("BL-101")
    price = 12_000 * USD
    quiet(token.mint, oem, 200_000 * USD, {"from": oem})
    quiet(token.approve, orders, price, {"from": oem})
    deadline = chain.time() + 30 * DAY
    tx = quiet(orders.openOrder, tier1, [blade], token, price, deadline, PREPAID, 0, arbiter, {"from": oem})
    order_id = tx.return_value
    report.line(f"order #{order_id}: {names[oem.address]} escrows {usd(price)} for blade BL-101 ({tx.gas_used:,} gas)")
    tx = quiet(orders.acceptOrder, order_id, {"from": tier1})
    report.line(f"{names[tier1.address]} accepts: the blade is encumbered for the buyer ({tx.gas_used:,} gas)")
    refused(report, "selling the promised blade to someone else", parts.transferFrom, tier1, airline, blade, {"from": tier1})
    before = token.balanceOf(tier1)
    tx = quiet(orders.deliver, order_id, [blade], {"from": tier1})
    report.line(
        f"delivered: blade owner now {names[parts.ownerOf(blade)]}, seller paid "
        f"{usd(token.balanceOf(tier1) - before)} in the same transaction ({tx.gas_used:,} gas)"
    )

    report.title("Order on credit: delivery issues the supplier a confirmed receivable")
    blades = [register(f"BL-2{i:02}") for i in range(1, 5)]
    price = 40_000 * USD
    maturity = chain.time() + 90 * DAY
    tx = quiet(
        orders.openOrder, tier1, blades, token, price, chain.time() + 30 * DAY, CREDIT, maturity, arbiter, {"from": oem}
    )
    credit_order = tx.return_value
    quiet(orders.acceptOrder, credit_order, {"from": tier1})
    report.line(f"order #{credit_order}: 4 blades for {usd(price)}, payable at day 90; nothing paid now")
    tx = quiet(orders.deliver, credit_order, blades, {"from": tier1})
    receivable = tx.events["ShipmentInvoiced"][0]["receivableId"]
    info = receivables.receivable(receivable)
    report.line(
        f"4 blades delivered to {names[oem.address]}; receivable #{receivable}: {usd(info['face'])} owed by "
        f"{names[info['debtor']]} to {names[info['creditor']]}, {STATE[info['state']]} (confirmed by the order itself)"
    )
    credit = receivables.creditOf(oem, token)
    report.line(f"credit line {usd(credit[0])}: {usd(credit[1])} outstanding, {usd(credit[2])} reserved")

    report.title("Down the tiers: Blade Forge pays its suppliers with pieces of the receivable")
    for holder, units in ((tier2, 15_000 * USD), (tier3, 10_000 * USD)):
        tx = quiet(receivables.safeTransferFrom, tier1, holder, receivable, units, b"", {"from": tier1})
        report.line(f"{names[tier1.address]} -> {names[holder.address]}: {usd(units)} of receivable #{receivable} ({tx.gas_used:,} gas)")
    refused(
        report,
        "a piece to an unregistered account",
        receivables.safeTransferFrom,
        tier1,
        "0x000000000000000000000000000000000000dEaD",
        receivable,
        1,
        b"",
        {"from": tier1},
    )

    report.title("Discount: Alloy Melt Shop sells its piece to Harbor Bank for cash now")
    units, cash = 10_000 * USD, 9_700 * USD
    tx = quiet(receivables.offerDiscount, receivable, bank, units, cash, chain.time() + 7 * DAY, {"from": tier3})
    offer = tx.return_value
    quiet(token.mint, bank, cash, {"from": bank})
    quiet(token.approve, receivables, cash, {"from": bank})
    tx = quiet(receivables.takeDiscount, offer, {"from": bank})
    report.line(f"offer #{offer}: {usd(units)} of face for {usd(cash)}; units and cash crossed in one transaction ({tx.gas_used:,} gas)")

    report.title("A recall freezes the financing a part backs")
    spare = register("BL-301")
    quiet(parts.transferFrom, tier1, oem, spare, {"from": tier1})  # delivered outside any order
    invoice = web3.keccak(text="INV-2026-0301 Blade Forge")
    tx = quiet(receivables.issue, oem, token, 9_000 * USD, chain.time() + 60 * DAY, invoice, [spare], {"from": tier1})
    frozen = tx.return_value
    quiet(receivables.confirm, frozen, {"from": oem})
    report.line(f"receivable #{frozen}: {usd(9_000 * USD)} for blade BL-301, invoiced and confirmed")
    refused(report, "financing the same invoice twice", receivables.issue, oem, token, 1, chain.time() + 60 * DAY, invoice, [], {"from": tier1})
    quiet(parts.recallPart, spare, web3.keccak(text="AD 2026-11-04: crack at the root"), {"from": authority})
    report.line(f"the authority recalls BL-301: receivable #{frozen} frozen (flags {receivables.frozenFlags(frozen)})")
    refused(report, "passing the frozen receivable on", receivables.safeTransferFrom, tier1, tier2, frozen, USD, b"", {"from": tier1})

    report.title("Maturity: the OEM pays once, every holder redeems its share")
    chain.sleep(91 * DAY)
    chain.mine()
    quiet(token.approve, receivables, 40_000 * USD, {"from": oem})
    tx = quiet(receivables.pay, receivable, 40_000 * USD, {"from": oem})
    report.line(f"{names[oem.address]} pays {usd(40_000 * USD)} on receivable #{receivable} ({tx.gas_used:,} gas)")
    for holder in (tier1, tier2, bank):
        units = receivables.balanceOf(holder, receivable)
        before = token.balanceOf(holder)
        quiet(receivables.redeem, receivable, {"from": holder})
        report.line(f"{names[holder.address]:26} held {usd(units):>16} of face, redeemed {usd(token.balanceOf(holder) - before)}")
    info = receivables.receivable(frozen)
    report.line(f"receivable #{frozen} (recalled blade): {STATE[info['state']]}, shortfall {usd(info['shortfall'])}")

    report.title(f"Receivable #{receivable} rebuilt from logs alone")
    reader = FinanceReader(web3, orders.address, orders.abi, receivables.address, receivables.abi, from_block=first_block)
    history = reader.receivable(receivable)
    for move in history.moves:
        sender = names.get(move.sender, "(minted)")
        receiver = names.get(move.receiver, "(burned)")
        report.line(f"block {move.at.block:>4}  {move.via:9} {sender:26} -> {receiver:26} {usd(move.units):>16}")
    for payment in history.payments:
        report.line(f"block {payment.at.block:>4}  paid      by {names[payment.payer]}: {usd(payment.amount)}")
    for redemption in history.redemptions:
        report.line(f"block {redemption.at.block:>4}  redeemed  by {names[redemption.holder]}: {usd(redemption.amount)}")
    order = reader.order(credit_order)
    report.line(f"order #{credit_order}: {order.state}, {len(order.deliveries)} parts delivered, invoiced in {order.receivable_ids}")
