"""Benchmark: rebuilding the provenance tree of a 10,000-part bill of materials from logs.

    .venv/bin/python -m scripts.bench_tree            # starts its own Anvil on a free port
    PARTLEDGER_RPC_URL=http://127.0.0.1:8532 .venv/bin/python -m scripts.bench_tree

Deploys the parts contracts with web3.py alone (from build/contracts), registers 10,000 parts with
``registerBatch`` (256 per transaction) and builds a 4-level assembly with ``installPart``: the
installs are sent pipelined, a few hundred to a block (automine off, ``evm_mine`` after each
round), then :func:`measure` times

- ``tree_seconds``: the root's assembly tree from an empty history index (every log fetched from
  the node, stored, and the tree rebuilt);
- ``tree_seconds_warm``: the same from the index already synced, in a new process (the SQLite file
  opened again, the chain asked only whether it moved).

:func:`measure` is what ``make bench`` calls; :func:`deploy_parts` and :func:`build_bom` set a
chain up for it (tests use them too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_hex
from web3 import Web3

from partledger.ids import part_id, to_bytes32
from partledger.manifest import ContractEntry, Deployment
from partledger.provenance import ProvenanceReader
from partledger.roles import MANUFACTURER_ROLE

ROOT = Path(__file__).resolve().parent.parent
BATCH = 256  # PartRegistry.MAX_BATCH_SIZE
ROUND = 250  # installs mined per block (~94,000 gas each, under a 30M block gas limit)
INSTALL = keccak(text="installPart(uint256,uint256)")[:4]


def _artifact(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "build" / "contracts" / f"{name}.json").read_text())
    return data


def _mined(w3: Web3, tx_hash: Any) -> Any:
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=60, poll_latency=0.01)
    if receipt["status"] != 1:
        raise RuntimeError(f"transaction {to_hex(tx_hash)} reverted")
    return receipt


def deploy_parts(w3: Web3, admin: str, *, permissioned: bool = True) -> Deployment:
    """ParticipantRegistry, PartRegistry and PartRecords deployed from `admin` (an account the
    node unlocks) and connected, as a :class:`Deployment` (no manifest file)."""
    entries: dict[str, ContractEntry] = {}

    def deploy(name: str, *args: Any) -> str:
        artifact = _artifact(name)
        factory = w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
        receipt = _mined(w3, factory.constructor(*args).transact({"from": admin}))
        block = receipt["blockNumber"]
        entries[name] = ContractEntry(
            name,
            receipt["contractAddress"],
            artifact["abi"],
            block,
            to_hex(receipt["transactionHash"]),
            to_hex(w3.eth.get_block(block)["hash"]),
        )
        return str(receipt["contractAddress"])

    participants = deploy("ParticipantRegistry", admin, "PartLedger Admin", "ADMIN-0001", 0)
    parts = deploy("PartRegistry", participants, permissioned)
    records = deploy("PartRecords", participants, parts)
    registry = w3.eth.contract(address=entries["PartRegistry"].address, abi=entries["PartRegistry"].abi)
    _mined(w3, registry.functions.connectRecords(records).transact({"from": admin}))
    return Deployment(w3=w3, path=Path("(not written)"), chain_id=w3.eth.chain_id, entries=entries)


def onboard_manufacturer(w3: Web3, deployment: Deployment, admin: str, maker: str, name: str = "Bench Works") -> None:
    registry = deployment.contract("ParticipantRegistry")
    _mined(w3, registry.functions.onboard(maker, name, "BW-1", [MANUFACTURER_ROLE]).transact({"from": admin}))


def register_batches(w3: Web3, deployment: Deployment, maker: str, count: int, number: str = "PN-BOM") -> list[int]:
    """`count` parts of part number `number` registered by `maker` in batches of 256; their ids."""
    parts = deployment.contract("PartRegistry")
    serials = [to_bytes32(f"SN-{i:06d}") for i in range(count)]
    for start in range(0, count, BATCH):
        chunk = serials[start : start + BATCH]
        _mined(w3, parts.functions.registerBatch(to_bytes32(number), chunk, bytes(32)).transact({"from": maker}))
    return [part_id(maker, number, serial) for serial in serials]


def install_all(w3: Web3, deployment: Deployment, maker: str, pairs: list[tuple[int, int]]) -> None:
    """installPart(child, parent) for each pair, in order: sent pipelined (consecutive nonces,
    JSON-RPC batches of ROUND), each round mined into one block."""
    parts = deployment.address("PartRegistry")
    provider: Any = w3.provider
    nonce = w3.eth.get_transaction_count(maker)  # type: ignore[arg-type]
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    try:
        for start in range(0, len(pairs), ROUND):
            batch = []
            for child, parent in pairs[start : start + ROUND]:
                data = "0x" + (INSTALL + child.to_bytes(32, "big") + parent.to_bytes(32, "big")).hex()
                tx = {"from": maker, "to": parts, "data": data, "gas": hex(250_000), "nonce": hex(nonce)}
                batch.append(("eth_sendTransaction", [{**tx, "gasPrice": hex(0)}]))
                nonce += 1
            answers = provider.make_batch_request(batch)
            failed = [a["error"] for a in answers if "error" in a]
            if failed:
                raise RuntimeError(f"installs refused: {failed[:3]}")
            w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
            receipts = provider.make_batch_request([("eth_getTransactionReceipt", [a["result"]]) for a in answers])
            lost = [r for r in receipts if not r.get("result") or r["result"]["status"] != "0x1"]
            if lost:
                raise RuntimeError(f"{len(lost)} installs not mined or reverted, e.g. {lost[0]}")
    finally:
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]


def build_bom(w3: Web3, deployment: Deployment, maker: str, count: int = 10_000) -> int:
    """`count` parts registered, then assembled 4 levels deep under the first one: 10 modules
    under the root, 10 sub-assemblies under each module, the rest spread over those. The root."""
    ids = register_batches(w3, deployment, maker, count)
    root, rest = ids[0], ids[1:]
    level1, rest = rest[:10], rest[10:]
    level2, level3 = rest[:100], rest[100:]
    pairs = [(child, root) for child in level1]
    pairs += [(child, level1[i // 10]) for i, child in enumerate(level2)]
    pairs += [(child, level2[i % len(level2)]) for i, child in enumerate(level3)]
    install_all(w3, deployment, maker, pairs)
    return root


_WARM = """
import json, sys, time
from pathlib import Path
from web3 import Web3
from partledger.manifest import Deployment
from partledger.provenance import ProvenanceReader
url, manifest, root, index = sys.argv[1:5]
w3 = Web3(Web3.HTTPProvider(url))
deployment = Deployment.load(w3, manifest, check_code=False, check_blocks=False)
started = time.perf_counter()
reader = deployment.provenance(index=Path(index))
tree = reader.assembly(int(root))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "parts": len(tree.part_ids()), "ranges": len(reader.ranges)}))
"""


def write_manifest(deployment: Deployment, path: Path) -> Path:
    """The deployment as a manifest file (what a new process loads)."""
    contracts = {
        e.name: {
            "address": e.address,
            "abi": e.abi,
            "deployBlock": e.deploy_block,
            "deployTx": e.deploy_tx,
            "deployBlockHash": e.deploy_block_hash,
        }
        for e in deployment.entries.values()
    }
    path.write_text(json.dumps({"chainId": deployment.chain_id, "contracts": contracts}))
    return path


def measure(w3: Web3, deployment: Deployment, root_id: int, index_path: str | os.PathLike[str]) -> dict[str, Any]:
    """``tree_seconds`` (the tree from an empty index at `index_path`, which must not exist yet)
    and ``tree_seconds_warm`` (from that index, synced, in a new process), with what they read."""
    index_path = Path(index_path)
    if index_path.exists():
        raise FileExistsError(f"{index_path}: measure needs an empty index")
    started = time.perf_counter()
    reader: ProvenanceReader = deployment.provenance(index=index_path)
    tree = reader.assembly(root_id)
    cold = time.perf_counter() - started
    parts = len(tree.part_ids())
    assert reader.index is not None
    stored = len(reader.index.logs(reader.decoder.addresses, reader.from_block, reader.index.synced_to))
    manifest = write_manifest(deployment, index_path.with_suffix(".manifest.json"))
    url = str(getattr(w3.provider, "endpoint_uri", ""))
    done = subprocess.run(
        [sys.executable, "-c", _WARM, url, str(manifest), str(root_id), str(index_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    warm = json.loads(done.stdout.strip().splitlines()[-1])
    if warm["parts"] != parts or warm["ranges"] != 0:
        raise RuntimeError(f"the warm run read {warm}, expected {parts} parts and no eth_getLogs")
    return {
        "tree_seconds": round(cold, 3),
        "tree_seconds_warm": round(warm["seconds"], 3),
        "tree_parts": parts,
        "tree_logs": stored,
    }


def main() -> None:
    url = os.environ.get("PARTLEDGER_RPC_URL")
    anvil = None
    if url is None:
        port = 8532 if os.environ.get("BENCH_PORT") is None else int(os.environ["BENCH_PORT"])
        anvil = subprocess.Popen(
            ["anvil", "--port", str(port), "--block-base-fee-per-gas", "0", "--gas-limit", "30000000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
    try:
        w3 = Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": 120}))
        for _ in range(100):
            if w3.is_connected():
                break
            time.sleep(0.1)
        admin, maker = w3.eth.accounts[0], w3.eth.accounts[2]
        started = time.perf_counter()
        deployment = deploy_parts(w3, admin)
        onboard_manufacturer(w3, deployment, admin, maker)
        root = build_bom(w3, deployment, maker)
        print(f"BOM built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(measure(w3, deployment, root, Path(folder) / "index.sqlite"), indent=2))
    finally:
        if anvil is not None:
            anvil.terminate()
            anvil.wait(30)


if __name__ == "__main__":
    main()
