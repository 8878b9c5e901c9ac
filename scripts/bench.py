"""Gas benchmark: PartLedger operations beside OpenZeppelin reference contracts, one fresh chain.

    make bench        (brownie run scripts/bench.py)

Writes reports/gas.json and prints a table. Figures are whole-transaction gas (the 21,000 base
included), deterministic for a given compiler and contract source. Every "new holder" figure
pays for a fresh balance slot (22,100 gas), so each of our operations is compared with the
OpenZeppelin operation in the same storage situation.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

from brownie import OZReferenceERC721, accounts, chain, config, web3

from partledger.ids import to_bytes32
from partledger.merkle import LotTree
from partledger.roles import MANUFACTURER_ROLE
from partledger.signing import domain_from_eip5267, sign_transfer
from scripts import bench_orders, bench_receivables, bench_throughput
from scripts.deploy import deploy_suite

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "gas.json"
THROUGHPUT = ROOT / "reports" / "throughput.json"
README = ROOT / "README.md"
ZERO = b"\x00" * 32

# (key, limit expression, description): the gas targets the suite holds itself to.
TARGETS = [
    ("register_part", ("oz_erc721_mint", 1.3), "register one part vs OZ mint (both to a new holder)"),
    ("register_batch_per_part", (None, 30_000), "marginal gas of one more serial in a batch"),
    ("anchor_lot_10000", (None, 80_000), "commit a 10,000-serial lot"),
    ("claim_lot_part", ("oz_erc721_mint", 1.6), "claim one serial of that lot (new holder)"),
    ("transfer_part_new_holder", ("oz_erc721_transfer_new_holder", 1.35), "compliant transfer vs OZ transfer"),
    ("signed_transfer", ("oz_erc721_transfer_new_holder", 1.5), "EIP-712 signed transfer (nonce in use)"),
    # the financing pillar
    ("order_open_prepaid", (None, 200_000), "open a funded one-part order"),
    # 140,000 until a delivery asked the life-limit oracle whether each part is sound (about
    # 9,600 gas: the registry's records() and PartRecords.checkServiceable, both cold).
    ("order_deliver", (None, 150_000), "deliver one part: move + pay"),
    (
        "receivable_split_new_holder",
        ("oz_erc1155_transfer_new_holder", 1.5),
        "split a receivable to a new holder vs OZ ERC-1155 transfer",
    ),
]
# The financing keys, in the order of their table (the ERC-721 keys make the first table).
FINANCE_KEYS = [
    "oz_erc20_transfer",
    "oz_erc20_transfer_new_holder",
    "oz_erc1155_transfer_new_holder",
    "order_open_prepaid",
    "order_open_prepaid_first",
    "order_accept",
    "order_deliver",
    "order_refund",
    "order_assign",
    "receivable_issue",
    "receivable_confirm",
    "receivable_split_new_holder",
    "receivable_split_after_payment",
    "receivable_discount",
    "receivable_pay",
    "receivable_redeem",
]
FINANCE_REFERENCE = {
    key: ("oz_erc1155_transfer_new_holder" if key.startswith("receivable_split") else "oz_erc20_transfer")
    for key in FINANCE_KEYS
}

INSTALL_BATCH = 100  # children per installParts in the bench: a bill of materials' assembly step

DESCRIPTIONS = {
    "oz_erc721_mint": "OZ ERC721 mint, new holder (reference)",
    "oz_erc721_mint_existing_holder": "OZ ERC721 mint, existing holder (reference)",
    "oz_erc721_transfer_new_holder": "OZ ERC721 transferFrom, new holder (reference)",
    "oz_erc721_transfer_existing_holder": "OZ ERC721 transferFrom, existing holder (reference)",
    "register_part": "registerPart, manufacturer's first part",
    "register_part_existing_holder": "registerPart, manufacturer holds parts",
    "register_batch_100": "registerBatch, 100 serials (whole tx)",
    "register_batch_per_part": "registerBatch, marginal part (101 - 100)",
    "anchor_lot_10000": "anchorLot, 10,000-serial Merkle root",
    "claim_lot_part": "claimLotPart from the 10,000 lot (14-hash proof)",
    "record_event": "PartRecords.recordEvent (first event of a part)",
    "attach_certificate": "PartRecords.attachCertificate (first)",
    "install_part": "installPart into a root assembly",
    f"install_batch_{INSTALL_BATCH}": f"installParts, {INSTALL_BATCH} children into that assembly (whole tx)",
    "install_batch_per_child": f"installParts, gas per child of that batch (/ {INSTALL_BATCH})",
    "recall_batch_100": "recallBatch of a 100-part batch (one slot)",
    "transfer_part_new_holder": "transferFrom, receiver holds no part",
    "transfer_part_existing_holder": "transferFrom, receiver holds parts",
    "handover_offer": "offerPart (two-step handover)",
    "handover_accept": "acceptPart, receiver holds no part",
    "signed_transfer": "transferBySignature, owner's nonce in use",
    "signed_transfer_first_nonce": "transferBySignature, owner's first order",
    "oz_erc20_transfer": "OZ ERC20 transfer, receiver holds tokens (reference)",
    "oz_erc20_transfer_new_holder": "OZ ERC20 transfer, new holder (reference)",
    "order_open_prepaid_first": "the first order of a deployment (two one-time slots)",
    "order_open_prepaid": "openOrder prepaid, one part, price escrowed (contract already escrows)",
    "order_accept": "acceptOrder, one part encumbered",
    "order_deliver": "deliver one part: part to the buyer, price to the seller",
    "order_refund": "refundExpired after the deadline, one part released",
    "order_assign": "takeAssignment: PO financing, advance paid to the seller",
    **bench_receivables.DESCRIPTIONS,
}


def _gas(tx) -> int:
    return int(tx.gas_used)


def _onboard(participants, admin, account, name, roles=()):
    participants.onboard(account, name, f"FILE-{name}", list(roles), {"from": admin})


def measure_install_batch(parts, owner, parent, part_number, size=INSTALL_BATCH) -> dict[str, int]:
    """installParts of `size` fresh children of `owner` into `parent` (whole transaction and gas
    per child, the 21,000 base shared), from a snapshot the chain returns to: the rows after it
    see the chain they would see without it."""
    serials = [to_bytes32(f"KIT-{i}") for i in range(size)]
    chain.snapshot()
    tx = parts.registerBatch(part_number, serials, ZERO, {"from": owner})
    children = [event["id"] for event in tx.events["Transfer"]]
    total = _gas(parts.installParts(children, parent, {"from": owner}))
    chain.revert()
    return {f"install_batch_{size}": total, "install_batch_per_child": total // size}


def measure() -> dict[str, int]:
    admin, maker, lot_maker, first_maker = accounts[0], accounts[1], accounts[2], accounts[3]
    # Fresh accounts (new holders) from fixed keys: addresses and signatures go into calldata,
    # so random keys would move the figures by a few gas from run to run.
    buyers = [accounts.add(web3.keccak(text=f"partledger-bench/{i}")) for i in range(8)]
    for buyer in buyers:
        admin.transfer(buyer, "1 ether")
    holder = accounts[4]
    gas: dict[str, int] = {}

    # OpenZeppelin reference, same chain, same run.
    ref = OZReferenceERC721.deploy({"from": admin})
    gas["oz_erc721_mint"] = _gas(ref.mint(maker, 1, {"from": admin}))
    gas["oz_erc721_mint_existing_holder"] = _gas(ref.mint(maker, 2, {"from": admin}))
    ref.mint(holder, 3, {"from": admin})
    gas["oz_erc721_transfer_new_holder"] = _gas(ref.transferFrom(maker, buyers[0], 1, {"from": maker}))
    gas["oz_erc721_transfer_existing_holder"] = _gas(ref.transferFrom(maker, holder, 2, {"from": maker}))

    suite = deploy_suite(admin)
    participants, parts, records = suite.participants, suite.parts, suite.records
    for account, name in ((maker, "maker"), (lot_maker, "lotmaker"), (first_maker, "firstmaker")):
        _onboard(participants, admin, account, name, [MANUFACTURER_ROLE])
    _onboard(participants, admin, holder, "holder")
    for i, buyer in enumerate(buyers):
        _onboard(participants, admin, buyer, f"buyer{i}")
    pn = to_bytes32("PN-BENCH")

    def register(serial, by=maker):
        return parts.registerPart(pn, to_bytes32(serial), ZERO, {"from": by})

    gas["register_part"] = _gas(register("FIRST-1", by=first_maker))
    tx = register("S-1")
    gas["register_part_existing_holder"] = _gas(register("S-2"))
    part, part2 = tx.return_value, parts.partIdOf(maker, pn, to_bytes32("S-2"))
    register("S-H")  # give `holder` a part, so it is an existing holder
    parts.transferFrom(maker, holder, parts.partIdOf(maker, pn, to_bytes32("S-H")), {"from": maker})

    # Batches: the marginal part is measured as the difference of two batches from one state.
    snapshot_serials = [to_bytes32(f"B-{i}") for i in range(101)]
    chain.snapshot()
    batch101 = _gas(parts.registerBatch(pn, snapshot_serials, ZERO, {"from": maker}))
    chain.revert()
    tx = parts.registerBatch(pn, snapshot_serials[:100], ZERO, {"from": maker})
    gas["register_batch_100"] = _gas(tx)
    gas["register_batch_per_part"] = batch101 - gas["register_batch_100"]
    batch_id = tx.return_value

    tree = LotTree("PN-LOT", [f"L-{i:05d}" for i in range(10_000)])
    tx = parts.anchorLot(to_bytes32("PN-LOT"), to_bytes32("LOT-10000"), tree.root, len(tree), ZERO, {"from": lot_maker})
    gas["anchor_lot_10000"] = _gas(tx)
    lot_id = tx.return_value
    proof = tree.proof("L-04242")
    gas["claim_lot_part"] = _gas(
        parts.claimLotPart(lot_maker, lot_id, to_bytes32("PN-LOT"), to_bytes32("L-04242"), proof, {"from": lot_maker})
    )

    gas["record_event"] = _gas(records.recordEvent(part, 1, 1, to_bytes32("GLN-1"), ZERO, 0, 0, {"from": maker}))
    gas["attach_certificate"] = _gas(
        records.attachCertificate(part, web3.keccak(text="8130-3 #1"), ZERO, {"from": maker})
    )
    engine = register("ENGINE-1").return_value
    gas["install_part"] = _gas(parts.installPart(part2, engine, {"from": maker}))
    gas.update(measure_install_batch(parts, maker, engine, pn))
    gas["recall_batch_100"] = _gas(parts.recallBatch(maker, batch_id, ZERO, {"from": maker}))

    p3, p4, p5, p6, p7, p8 = (register(f"T-{i}").return_value for i in range(6))
    gas["transfer_part_new_holder"] = _gas(parts.transferFrom(maker, buyers[1], p3, {"from": maker}))
    gas["transfer_part_existing_holder"] = _gas(parts.transferFrom(maker, holder, p4, {"from": maker}))
    gas["handover_offer"] = _gas(parts.offerPart(p5, buyers[2], 0, {"from": maker}))
    gas["handover_accept"] = _gas(parts.acceptPart(p5, {"from": buyers[2]}))

    # Brownie's chain accounts are unlocked, keyless: the signer is a local key holding the parts.
    signer = buyers[5]
    for part_id in (p6, p7):
        parts.transferFrom(maker, signer, part_id, {"from": maker})
    domain = domain_from_eip5267(parts.eip712Domain())
    deadline = 4_102_444_800  # 2100-01-01: a fixed deadline keeps the signature, so the gas, fixed

    def signed(part_id, to):
        nonce = parts.nonces(signer)
        sig = sign_transfer(signer.private_key, domain, part_id=part_id, to=to.address, nonce=nonce, deadline=deadline)
        return parts.transferBySignature(part_id, to, nonce, deadline, sig, {"from": holder})

    gas["signed_transfer_first_nonce"] = _gas(signed(p6, buyers[3]))
    gas["signed_transfer"] = _gas(signed(p7, buyers[4]))

    # The financing pillar on the same suite (orders first: the bench needs the first order).
    usd = suite.stablecoin
    usd.mint(admin, 2_000 * 10**6, {"from": admin})
    usd.transfer(holder, 10**6, {"from": admin})
    gas["oz_erc20_transfer"] = _gas(usd.transfer(holder, 10**6, {"from": admin}))
    gas["oz_erc20_transfer_new_holder"] = _gas(usd.transfer(buyers[5], 10**6, {"from": admin}))
    gas.update(bench_orders.measure(suite, {"admin": admin}))
    gas.update(bench_receivables.measure(suite, {"admin": admin}))
    return gas


def evaluate(gas: dict[str, int]) -> dict[str, dict]:
    results = {}
    for key, (base, factor), description in TARGETS:
        limit = int(gas[base] * factor) if base else factor
        results[key] = {
            "value": gas[key],
            "limit": limit,
            "rule": f"<= {factor} x {base}" if base else f"<= {factor:,}",
            "ok": gas[key] <= limit,
            "description": description,
        }
    return results


def _verdict(target: dict | None) -> str:
    return f"{target['rule']} ({target['limit']:,}): {'met' if target['ok'] else 'MISSED'}" if target else ""


def table(gas: dict[str, int], targets: dict[str, dict]) -> str:
    """Two tables: parts beside OZ ERC-721, financing beside OZ ERC-20 / ERC-1155."""
    mint, transfer = gas["oz_erc721_mint"], gas["oz_erc721_transfer_new_holder"]
    lines = [
        "| operation | gas (tx) | vs OZ mint | vs OZ transfer | target |",
        "|---|---:|---:|---:|---|",
    ]
    for key, value in gas.items():
        if key in FINANCE_KEYS:
            continue
        lines.append(
            f"| `{key}` {DESCRIPTIONS.get(key, '')} | {value:,} | {value / mint:.2f} | {value / transfer:.2f} "
            f"| {_verdict(targets.get(key))} |"
        )
    lines += ["", "| financing operation | gas (tx) | vs reference | target |", "|---|---:|---:|---|"]
    for key in FINANCE_KEYS:
        value, reference = gas[key], FINANCE_REFERENCE[key]
        ratio = f"{value / gas[reference]:.2f} x `{reference}`"
        lines.append(f"| `{key}` {DESCRIPTIONS.get(key, '')} | {value:,} | {ratio} | {_verdict(targets.get(key))} |")
    return "\n".join(lines)


def update_readme(markdown: str, marker: str = "gas-table") -> None:
    """Replace the README's text between <!-- {marker}:start --> and <!-- {marker}:end -->."""
    if not README.exists():
        return
    text = README.read_text()
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.S)
    if pattern.search(text):
        README.write_text(pattern.sub(lambda m: m.group(1) + markdown + "\n" + m.group(2), text))


def main():
    targets = gas_report()
    # Throughput: brownie vs the SDK's bulk mode and the 10,000-part BOM, each on a
    # fresh Anvil of its own (brownie reconnects to this network afterwards).
    throughput = bench_throughput.measure()
    THROUGHPUT.write_text(json.dumps(throughput, indent=2) + "\n")
    throughput_table = bench_throughput.table(throughput)
    update_readme(throughput_table, "throughput-table")
    print("\n" + throughput_table)
    print(f"wrote {THROUGHPUT.relative_to(ROOT)}")
    missed = [k for k, t in targets.items() if not t["ok"]]
    missed += [k for k, t in throughput["targets"].items() if t["ok"] is False]
    print(f"\nwrote {REPORT.relative_to(ROOT)}; targets met: {len(targets) - len(missed)}/{len(targets)}")
    if missed:
        raise SystemExit(f"targets missed: {', '.join(missed)}")


def gas_report():
    """The gas half of the benchmark (deterministic): writes reports/gas.json and the README's gas
    tables; returns the targets. `brownie run scripts/bench.py gas_report` runs it alone."""
    with contextlib.redirect_stdout(io.StringIO()):  # one table, not a receipt per transaction
        gas = measure()
    targets = evaluate(gas)
    report = {
        "note": "transaction gas incl. 21,000 base; OpenZeppelin references measured in the same run",
        "compiler": {
            "solc": str(config["compiler"]["solc"]["version"]),
            "evmVersion": config["compiler"]["evm_version"],
            "optimizerRuns": config["compiler"]["solc"]["optimizer"]["runs"],
            "viaIR": bool(config["compiler"]["solc"].get("viaIR", False)),
        },
        "gas": gas,
        "targets": targets,
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    markdown = table(gas, targets)
    update_readme(markdown)
    print(markdown)
    return targets
