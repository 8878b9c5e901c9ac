"""Deploy the PartLedger suite in dependency order and write deployments/<chainId>.json.

    brownie run scripts/deploy.py                      # local Anvil (development)
    brownie run scripts/deploy.py --network sepolia    # live: key from PRIVATE_KEY or PARTLEDGER_KEYSTORE

On a live network an existing manifest is reused (checked against the chain: code at every
address, the same deploy block hashes) unless PARTLEDGER_REDEPLOY=1; a manifest from another
instance of the chain (a local chain that restarted) is reported and replaced. Development chains
always get a fresh deployment. PARTLEDGER_DEPLOYMENTS moves the manifest folder.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import brownie.network.contract as brownie_contract
from brownie._config import CONFIG
from brownie import (
    Contract,
    PartRecords,
    PartRegistry,
    ParticipantRegistry,
    PurchaseOrders,
    Receivables,
    TestStablecoin,
    accounts,
    chain,
    config,
    network,
    web3,
)
from eth_utils import to_hex

from partledger.exceptions import NoCodeAtAddress, StaleManifest
from partledger.manifest import ENV_DIRECTORY, Deployment
from partledger.manifest import manifest_path as _manifest_path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ("ParticipantRegistry", "PartRegistry", "PartRecords", "Receivables", "PurchaseOrders")
# Settlement tokens the admin allows: comma-separated ERC-20 addresses. Without it the suite
# deploys TestStablecoin (6 decimals, anyone mints: for local chains and testnets only) and
# allows that.
ENV_SETTLEMENT_TOKENS = "PARTLEDGER_SETTLEMENT_TOKENS"
ADMIN_DELAY = 24 * 3600  # seconds between starting and accepting an admin handover
# the one ERC-20 call the deployment makes on a settlement token (the approval of allowToken's probe)
_ERC20_APPROVE_ABI = [
    {
        "type": "function",
        "name": "approve",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "spender", "type": "address"}, {"name": "amount", "type": "uint256"}],
        "outputs": [],
    }
]


@dataclass
class Suite:
    """The deployed contracts as brownie contract objects (ProjectContract when deployed here,
    Contract built from the manifest's ABI when an existing suite is reused)."""

    participants: object
    parts: object
    records: object
    receivables: object
    orders: object
    stablecoin: object | None = None  # the TestStablecoin deployed with the suite, if any

    def contracts(self) -> dict:
        found = {
            "ParticipantRegistry": self.participants,
            "PartRegistry": self.parts,
            "PartRecords": self.records,
            "Receivables": self.receivables,
            "PurchaseOrders": self.orders,
        }
        if self.stablecoin is not None:
            found["TestStablecoin"] = self.stablecoin
        return found


def deploy_suite(
    deployer,
    *,
    permissioned: bool = True,
    admin_name: str = "PartLedger Admin",
    admin_filing: str = "ADMIN-0001",
    admin_delay: int = ADMIN_DELAY,
    publish: bool = False,
    settlement_tokens: list[str] | None = None,
) -> Suite:
    """Deploy registry -> parts -> records -> receivables -> purchase orders, bind the part
    registry to the participant registry, connect the life-limit oracle, the financing bridge
    and the orders to the receivables, and allow the settlement tokens (`settlement_tokens`;
    None deploys TestStablecoin and allows that).
    `deployer` becomes the suite's admin (DEFAULT_ADMIN_ROLE on the participant registry); handing
    that role on takes two steps `admin_delay` seconds apart (at most 30 days)."""
    tx = {"from": deployer}
    participants = ParticipantRegistry.deploy(
        deployer, admin_name, admin_filing, admin_delay, tx, publish_source=publish
    )
    parts = PartRegistry.deploy(participants, permissioned, tx, publish_source=publish)
    participants.bindParts(parts, tx)  # the suite contracts the two-authority path speaks for
    records = PartRecords.deploy(participants, parts, tx, publish_source=publish)
    parts.connectRecords(records, tx)
    receivables = Receivables.deploy(participants, parts, tx, publish_source=publish)
    orders = PurchaseOrders.deploy(participants, parts, receivables, tx, publish_source=publish)
    receivables.connectOrders(orders, tx)
    parts.connectFinancing(orders, tx)
    stablecoin = None
    if settlement_tokens is None:
        stablecoin = TestStablecoin.deploy(tx, publish_source=publish)
        stablecoin.mint(deployer, receivables.TOKEN_PROBE(), tx)  # the probe allowToken moves and gives back
        settlement_tokens = [stablecoin.address]
    for token in settlement_tokens:
        # The receivables contract's allowToken probes the token: TOKEN_PROBE of it moves from the
        # admin (the deployer, who must hold that much) to the contract and back, exactly (the
        # approval is used up by it); the orders contract then takes what the receivables allow.
        coin = Contract.from_abi("ERC20", token, _ERC20_APPROVE_ABI, persist=False)
        coin.approve(receivables, receivables.TOKEN_PROBE(), tx)
        receivables.allowToken(token, True, tx)
        orders.allowToken(token, True, tx)
    return Suite(participants, parts, records, receivables, orders, stablecoin)


def replace_orders(suite: Suite, admin, confirmer, *, tokens: list | None = None, publish: bool = False) -> Suite:
    """Move `suite` to a new purchase-order contract while the old one winds down (README,
    "Replacing the financing contracts"): deploy it, let it take the settlement `tokens` (None:
    the suite's stablecoin) as the receivables allow them (the admin's `allowToken`), then connect
    it as the receivables' orders and as the registry's financing contract: `admin` proposes each
    connection and `confirmer`, a second authority, confirms it. The old contract then opens no
    order that can be accepted and reserves no credit, while each of its open orders still
    delivers, refunds and is ruled on exactly as before. Returns the suite with the new orders."""
    tx = {"from": admin}
    orders = PurchaseOrders.deploy(suite.participants, suite.parts, suite.receivables, tx, publish_source=publish)
    for token in tokens if tokens is not None else [suite.stablecoin]:
        orders.allowToken(token, True, tx)
    for authority in (admin, confirmer):  # proposed, then confirmed: two authorities
        suite.receivables.connectOrders(orders, {"from": authority})
        suite.parts.connectFinancing(orders, {"from": authority})
    return Suite(suite.participants, suite.parts, suite.records, suite.receivables, orders, suite.stablecoin)


@contextmanager
def no_brownie_deployment_records() -> Iterator[None]:
    """Deploy on a live network without brownie's own deployment records.

    On a live network eth-brownie 1.22.2 records every contract it deploys or attaches to twice,
    and both records break PartLedger:
    - ``brownie.network.state._add_deployment`` (called by ``ContractContainer.at``, hence by
      ``deploy``'s ``_add_from_tx`` thread) stores the sources in ~/.brownie/deployments.db. That
      module is compiled with mypyc, which enforces its annotation ``contract_sources: dict``;
      a project contract's ``_sources`` is a ``brownie.project.sources.Sources``, so it raises
      ``TypeError: dict object expected; got brownie.project.sources.Sources``;
    - ``_DeployedContractBase._save_deployment`` copies the build to
      build/deployments/<chainId>/<address>.json. At every connect brownie re-attaches to each
      cached address; for a contract with immutables the cached build has no pcMap (its
      runtime code differs from the build's), so brownie reads the code from the chain and,
      after a local chain restarted, fails with ContractNotFound before any script runs.
    PartLedger's own manifest (deployments/<chainId>.json) is the record of a deployment, so
    both are switched off while the suite deploys (brownie's names, restored on exit).
    """
    add_deployment = brownie_contract._add_deployment
    deployment_path = brownie_contract._DeployedContractBase._deployment_path
    brownie_contract._add_deployment = lambda *args, **kwargs: None
    brownie_contract._DeployedContractBase._deployment_path = lambda self: None
    try:
        yield
    finally:
        brownie_contract._add_deployment = add_deployment
        brownie_contract._DeployedContractBase._deployment_path = deployment_path


def manifest_path(chain_id: int, directory: str | os.PathLike | None = None) -> Path:
    """The project's deployments/<chainId>.json, or <chainId>.json under `directory`, else under
    $PARTLEDGER_DEPLOYMENTS (tests point it at a temporary folder)."""
    return _manifest_path(chain_id, directory or os.environ.get(ENV_DIRECTORY) or ROOT / "deployments")


def write_manifest(suite: Suite, chain_id: int | None = None, *, directory: str | os.PathLike | None = None) -> Path:
    """Write what an integrator needs: chain id, each contract's address, ABI, deploy block and
    its hash (which tells this chain from another instance with the same id), and the compiler
    settings the bytecode came from. Returns the path (see :func:`manifest_path`)."""
    chain_id = chain_id if chain_id is not None else chain.id
    compiler = config["compiler"]
    contracts = {}
    for name, contract in suite.contracts().items():
        receipt = contract.tx
        block = receipt.block_number if receipt else None
        contracts[name] = {
            "address": contract.address,
            "abi": contract.abi,
            "deployBlock": block,
            "deployBlockHash": to_hex(web3.eth.get_block(block)["hash"]) if block is not None else None,
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
            "viaIR": bool(compiler["solc"].get("viaIR", False)),
        },
        "contracts": contracts,
    }
    path = manifest_path(chain_id, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def load_existing(chain_id: int, *, directory: str | os.PathLike | None = None) -> Suite | None:
    """The suite the manifest records, if it still stands on this chain (partledger's checks:
    code at every address, deploy blocks with the recorded hashes); None, with the reason
    printed, if the manifest is missing or stale. The contracts come from the manifest's
    addresses and ABIs (``Contract.from_abi``), never from brownie's deployment records."""
    path = manifest_path(chain_id, directory)
    if not path.exists():
        return None
    try:
        deployment = Deployment.load(web3, path)
    except (StaleManifest, NoCodeAtAddress) as exc:
        print(f"Not reusing {path}:\n  {exc}\nDeploying a new suite; the manifest will be replaced.")
        return None
    names = [*SUITE, "TestStablecoin"] if "TestStablecoin" in deployment else SUITE
    found = {name: Contract.from_abi(name, deployment.address(name), deployment.abi(name), persist=False) for name in names}
    return Suite(*(found[name] for name in SUITE), found.get("TestStablecoin"))


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
            for name, contract in existing.contracts().items():
                print(f"{name:20} {contract.address}")
            return existing
    listed = [t.strip() for t in os.environ.get(ENV_SETTLEMENT_TOKENS, "").split(",") if t.strip()]
    with no_brownie_deployment_records():
        suite = deploy_suite(deployer, permissioned=permissioned, settlement_tokens=listed or None)
    path = write_manifest(suite)
    for name, contract in suite.contracts().items():
        print(f"{name:20} {contract.address}")
    print(f"Manifest: {path.resolve()}")
    return suite
