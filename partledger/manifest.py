"""The deployment manifest (deployments/<chainId>.json, written by scripts/deploy.py) as web3
Contract objects.

>>> import json, tempfile, pathlib
>>> from web3 import Web3, EthereumTesterProvider      # doctest: +SKIP
>>> w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:8545"))  # doctest: +SKIP
>>> suite = Deployment.load(w3, 31337)                # doctest: +SKIP
>>> suite.contract("PartRegistry").functions.name().call()  # doctest: +SKIP
'PartLedger Part'

A missing file or contract is a clear error:

>>> Deployment.load(None, "/nonexistent/1.json")
Traceback (most recent call last):
partledger.errors.ManifestNotFound: no deployment manifest at /nonexistent/1.json: deploy first (brownie run scripts/deploy.py)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from partledger.errors import ChainMismatch, ContractNotInManifest, ManifestNotFound, NoCodeAtAddress, readable_errors

DEFAULT_DIRECTORY = Path("deployments")


@dataclass(frozen=True)
class ContractEntry:
    """One deployed contract as the manifest records it."""

    name: str
    address: str
    abi: list[dict]
    deploy_block: int | None = None
    deploy_tx: str | None = None


@dataclass
class Deployment:
    """A deployed suite: chain id, each contract's address, ABI and deploy block.

    Load with :meth:`load`; get web3 contracts with :meth:`contract` (or ``deployment["Name"]``).
    """

    w3: Any
    path: Path
    chain_id: int
    entries: dict[str, ContractEntry]
    raw: dict = field(repr=False, default_factory=dict)

    @classmethod
    def load(
        cls,
        w3,
        path_or_chain_id: int | str | os.PathLike,
        *,
        directory: str | os.PathLike | None = None,
        check_chain: bool = True,
        check_code: bool = False,
    ) -> Deployment:
        """Read a manifest: a chain id (``<directory>/<chainId>.json``, directory defaulting to
        $PARTLEDGER_DEPLOYMENTS or ./deployments) or a path to the file.

        Raises ManifestNotFound; ChainMismatch when `check_chain` and the node (if `w3` is given)
        is on another chain; NoCodeAtAddress when `check_code` and a contract has no code.
        """
        chain_id = None
        if isinstance(path_or_chain_id, int) or (isinstance(path_or_chain_id, str) and path_or_chain_id.isdigit()):
            chain_id = int(path_or_chain_id)
            base = Path(directory or os.environ.get("PARTLEDGER_DEPLOYMENTS") or DEFAULT_DIRECTORY)
            path = base / f"{chain_id}.json"
        else:
            path = Path(path_or_chain_id)
        if not path.is_file():
            raise ManifestNotFound(path, chain_id)
        raw = json.loads(path.read_text())
        entries = {
            name: ContractEntry(
                name=name,
                address=to_checksum_address(item["address"]),
                abi=item["abi"],
                deploy_block=item.get("deployBlock"),
                deploy_tx=item.get("deployTx"),
            )
            for name, item in raw.get("contracts", {}).items()
        }
        deployment = cls(w3=w3, path=path, chain_id=int(raw["chainId"]), entries=entries, raw=raw)
        if w3 is not None and check_chain:
            node_chain = w3.eth.chain_id
            if node_chain != deployment.chain_id:
                raise ChainMismatch(path, deployment.chain_id, node_chain)
        if w3 is not None and check_code:
            for entry in entries.values():
                if len(w3.eth.get_code(entry.address)) == 0:
                    raise NoCodeAtAddress(entry.name, entry.address, path)
        return deployment

    # ------------------------------------------------------------ lookups

    def entry(self, name: str) -> ContractEntry:
        try:
            return self.entries[name]
        except KeyError:
            raise ContractNotInManifest(name, self.path, self.entries) from None

    def address(self, name: str) -> str:
        return self.entry(name).address

    def abi(self, name: str) -> list[dict]:
        return self.entry(name).abi

    def deploy_block(self, name: str) -> int:
        """The block the contract was deployed in (0 when the manifest does not say)."""
        return self.entry(name).deploy_block or 0

    def contract(self, name: str):
        """A web3 Contract bound to the manifest's address and ABI."""
        entry = self.entry(name)
        return self.w3.eth.contract(address=entry.address, abi=entry.abi)

    def __getitem__(self, name: str):
        return self.contract(name)

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    @property
    def names(self) -> list[str]:
        return list(self.entries)

    @property
    def abis(self) -> dict[str, list[dict]]:
        """{name: ABI}; pass it wherever partledger.errors takes `abis`."""
        return {name: entry.abi for name, entry in self.entries.items()}

    # ------------------------------------------------------------ shortcuts

    def readable_errors(self, contract: str | None = None):
        """:func:`partledger.errors.readable_errors` with every ABI of this deployment, watching
        its web3 instance (a transaction mined with status 0 raises too)."""
        return readable_errors(self.abis, contract=contract, w3=self.w3)

    def provenance(self, *, chunk: int | None = None, **kwargs):
        """A :class:`partledger.provenance.ProvenanceReader` over this suite's logs, scanning
        from the earliest deploy block of the registry and the records."""
        from partledger.provenance import DEFAULT_CHUNK, ProvenanceReader

        parts, records = self.entry("PartRegistry"), self.entry("PartRecords")
        kwargs.setdefault("from_block", min(parts.deploy_block or 0, records.deploy_block or 0))
        return ProvenanceReader(
            self.w3, parts.address, parts.abi, records.address, records.abi, chunk=chunk or DEFAULT_CHUNK, **kwargs
        )
