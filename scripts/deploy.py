"""Deploy the PartLedger suite in dependency order and write deployments/<chainId>.json.

    brownie run scripts/deploy.py                      # local Anvil (development)
    brownie run scripts/deploy.py --network sepolia    # live: key from PRIVATE_KEY or PARTLEDGER_KEYSTORE

On a live network an existing manifest is reused (its contracts are checked for code) unless
PARTLEDGER_REDEPLOY=1. Development chains always get a fresh deployment.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from brownie._config import CONFIG
from brownie import (
    PartRecords,
    PartRegistry,
    ParticipantRegistry,
    accounts,
    chain,
    config,
    network,
    web3,
)

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENTS = ROOT / "deployments"
SUITE = ("ParticipantRegistry", "PartRegistry", "PartRecords")
ADMIN_DELAY = 24 * 3600  # seconds between starting and accepting an admin handover


@dataclass
class Suite:
    """The deployed contracts, as brownie ProjectContract objects."""

    participants: object
    parts: object
    records: object

    def contracts(self) -> dict:
        return {"ParticipantRegistry": self.participants, "PartRegistry": self.parts, "PartRecords": self.records}


def deploy_suite(
    deployer,
    *,
    permissioned: bool = True,
    admin_name: str = "PartLedger Admin",
    admin_filing: str = "ADMIN-0001",
    admin_delay: int = ADMIN_DELAY,
    publish: bool = False,
) -> Suite:
    """Deploy registry -> parts -> records and connect the life-limit oracle. `deployer` becomes
    the suite's admin (DEFAULT_ADMIN_ROLE on the participant registry); handing that role on
    takes two steps `admin_delay` seconds apart (at most 30 days)."""
    tx = {"from": deployer}
    participants = ParticipantRegistry.deploy(
        deployer, admin_name, admin_filing, admin_delay, tx, publish_source=publish
    )
    parts = PartRegistry.deploy(participants, permissioned, tx, publish_source=publish)
    records = PartRecords.deploy(participants, parts, tx, publish_source=publish)
    parts.connectRecords(records, tx)
    return Suite(participants, parts, records)


def manifest_path(chain_id: int) -> Path:
    return DEPLOYMENTS / f"{chain_id}.json"


def write_manifest(suite: Suite, chain_id: int | None = None) -> Path:
    """Write what an integrator needs: chain id, each contract's address, ABI and deploy block,
    and the compiler settings the bytecode came from."""
    chain_id = chain_id if chain_id is not None else chain.id
    compiler = config["compiler"]
    contracts = {}
    for name, contract in suite.contracts().items():
        receipt = contract.tx
        contracts[name] = {
            "address": contract.address,
            "abi": contract.abi,
            "deployBlock": receipt.block_number if receipt else None,
            "deployTx": receipt.txid if receipt else None,
        }
    manifest = {
        "chainId": chain_id,
        "network": network.show_active(),
        "permissioned": suite.parts.permissioned(),
        "deployedAt": int(time.time()),
        "compiler": {
            "solc": str(compiler["solc"]["version"]),
            "evmVersion": compiler["evm_version"],
            "optimizer": dict(compiler["solc"]["optimizer"]),
        },
        "contracts": contracts,
    }
    DEPLOYMENTS.mkdir(exist_ok=True)
    path = manifest_path(chain_id)
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def load_existing(chain_id: int) -> Suite | None:
    """The suite recorded in the manifest, if every contract in it still has code."""
    path = manifest_path(chain_id)
    if not path.exists():
        return None
    manifest = json.loads(path.read_text())
    found = {}
    for name, cls in zip(SUITE, (ParticipantRegistry, PartRegistry, PartRecords)):
        entry = manifest["contracts"].get(name)
        if not entry or len(web3.eth.get_code(entry["address"])) == 0:
            return None
        found[name] = cls.at(entry["address"])
    return Suite(found["ParticipantRegistry"], found["PartRegistry"], found["PartRecords"])


def live_deployer():
    """The live-network account: PRIVATE_KEY from the environment, else a brownie keystore."""
    key = os.environ.get("PRIVATE_KEY", "").strip()
    if key:
        return accounts.add(key)
    keystore = os.environ.get("PARTLEDGER_KEYSTORE", "").strip()
    if keystore:
        return accounts.load(keystore)
    raise SystemExit(
        "No deployer for a live network: set PRIVATE_KEY in .env, or PARTLEDGER_KEYSTORE to a "
        "brownie keystore id (brownie accounts new <id>)."
    )


def main():
    # Brownie's own notion: a network it launches itself (Anvil, Ganache, forks) is development.
    development = CONFIG.network_type == "development"
    deployer = accounts[0] if development else live_deployer()
    permissioned = os.environ.get("PARTLEDGER_OPEN_MODE", "0") != "1"
    if not development and os.environ.get("PARTLEDGER_REDEPLOY", "0") != "1":
        existing = load_existing(chain.id)
        if existing is not None:
            print(f"Reusing the suite in {manifest_path(chain.id)} (PARTLEDGER_REDEPLOY=1 to redeploy)")
            return existing
    suite = deploy_suite(deployer, permissioned=permissioned)
    path = write_manifest(suite)
    for name, contract in suite.contracts().items():
        print(f"{name:20} {contract.address}")
    print(f"Manifest: {path}")
    return suite
