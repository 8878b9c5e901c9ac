"""The deployment manifest (deployments/<chainId>.json, written by scripts/deploy.py) as web3
Contract objects.

>>> from web3 import Web3
>>> w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:8545"))  # doctest: +SKIP
>>> suite = Deployment.load(w3)                       # doctest: +SKIP
>>> suite.contract("PartRegistry").functions.name().call()  # doctest: +SKIP
'PartLedger Part'

Without a path, :meth:`Deployment.load` reads ``$PARTLEDGER_MANIFEST``, else
``<directory>/<chainId>.json`` for the node's chain (the directory is ``$PARTLEDGER_DEPLOYMENTS``,
else ``./deployments``):

>>> manifest_path(31337, "/srv/manifests")
PosixPath('/srv/manifests/31337.json')

A contract entry without an ``"abi"`` takes the ABI the package ships for its name
(``partledger/abi/<Name>.json``), so a manifest may hold addresses and deploy blocks only.

Every local chain is chain 31337, so a chain id does not tell chain instances apart: loading
checks that each contract has code, that each deploy block still has the hash the manifest
recorded, and that the contracts name each other as the manifest does (``participants()``,
``parts()``, the registry's ``records()`` and ``financing()``, ``orders()`` and ``receivables()``:
swapped addresses, two deployments mixed, or a stand-in that only echoes the registry's address
are refused). A missing file or a stale manifest is a clear error:

>>> Deployment.load(None, "/nonexistent/1.json")
Traceback (most recent call last):
partledger.exceptions.ManifestNotFound: no deployment manifest at /nonexistent/1.json: deploy first ...
"""

from __future__ import annotations

import json
import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import keccak, to_checksum_address, to_hex
from web3.exceptions import Web3Exception

from partledger._abi import shipped_abi

if TYPE_CHECKING:
    from web3.contract import Contract

    from partledger.finance import FinanceReader
    from partledger.provenance import ProvenanceReader
    from partledger.provenance.reader import IndexArgument

from partledger.decoding import readable_errors
from partledger.exceptions import (
    ABINotFound,
    ChainMismatch,
    ContractNotInManifest,
    ManifestNotFound,
    ManifestNotGiven,
    MiswiredManifest,
    NoCodeAtAddress,
    StaleManifest,
)

__all__ = ["DEFAULT_DIRECTORY", "ENV_DIRECTORY", "ENV_MANIFEST", "ContractEntry", "Deployment", "manifest_path"]

DEFAULT_DIRECTORY = Path("deployments")
ENV_DIRECTORY = "PARTLEDGER_DEPLOYMENTS"  # the folder of <chainId>.json manifests
ENV_MANIFEST = "PARTLEDGER_MANIFEST"  # one manifest file, whatever the chain id

# Each suite contract's views that name another suite contract (view, the contract it names):
# the manifest must agree with every one of them, whatever ABI the manifest gives. Any contract
# can echo participants() and parts(); only the suite's own are named by the participant
# registry's parts() (bound once by the admin), the registry's records() and financing() and the
# financing contracts' orders() and receivables(), so a stand-in for the contracts that hold
# money or certify parts is refused before anything is signed.
_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "ParticipantRegistry": (("parts", "PartRegistry"),),
    "PartRegistry": (
        ("participants", "ParticipantRegistry"),
        ("records", "PartRecords"),
        ("financing", "PurchaseOrders"),
    ),
    "PartRecords": (("participants", "ParticipantRegistry"), ("parts", "PartRegistry")),
    "Receivables": (("participants", "ParticipantRegistry"), ("parts", "PartRegistry"), ("orders", "PurchaseOrders")),
    "PurchaseOrders": (
        ("participants", "ParticipantRegistry"),
        ("parts", "PartRegistry"),
        ("receivables", "Receivables"),
    ),
}


def manifest_path(chain_id: int, directory: str | os.PathLike[str] | None = None) -> Path:
    """``<directory>/<chainId>.json``; `directory` defaults to $PARTLEDGER_DEPLOYMENTS, else
    ./deployments. The one rule scripts/deploy.py writes by and :meth:`Deployment.load` reads by."""
    base = Path(directory or os.environ.get(ENV_DIRECTORY) or DEFAULT_DIRECTORY)
    return base / f"{int(chain_id)}.json"


def _abi_of(name: str, item: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    """A manifest entry's ABI: its own, else the one the package ships for a contract `name`."""
    abi = item.get("abi")
    if abi:
        return list(abi)
    shipped = shipped_abi(name)
    if shipped is None:
        raise ABINotFound(name, path)
    return shipped


@dataclass(frozen=True)
class ContractEntry:
    """One deployed contract as the manifest records it."""

    name: str
    address: str
    abi: list[dict[str, Any]]
    deploy_block: int | None = None
    deploy_tx: str | None = None
    deploy_block_hash: str | None = None


@dataclass
class Deployment:
    """A deployed suite: chain id, each contract's address, ABI and deploy block.

    Load with :meth:`load`; get web3 contracts with :meth:`contract` (or ``deployment["Name"]``).
    """

    w3: Any
    path: Path
    chain_id: int
    entries: dict[str, ContractEntry]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @classmethod
    def load(
        cls,
        w3: Any,
        path_or_chain_id: int | str | os.PathLike[str] | None = None,
        *,
        directory: str | os.PathLike[str] | None = None,
        check_chain: bool = True,
        check_code: bool = True,
        check_blocks: bool = True,
    ) -> Deployment:
        """Read a manifest: a path to the file, or a chain id (``<directory>/<chainId>.json``, see
        :func:`manifest_path`), or nothing: $PARTLEDGER_MANIFEST, else the node's chain id.

        With a node (`w3` not None) every check runs by default (:meth:`verify`). Raises
        ManifestNotFound; ChainMismatch (another chain id); StaleManifest (a deploy block's hash
        differs: another instance of the chain, e.g. a local chain restarted); NoCodeAtAddress.
        """
        chain_id = None
        if path_or_chain_id is None:
            path_or_chain_id = os.environ.get(ENV_MANIFEST) or None
            if path_or_chain_id is None:
                if w3 is None:
                    raise ManifestNotGiven("Deployment.load(None) needs a manifest path or a chain id")
                path_or_chain_id = w3.eth.chain_id
        if isinstance(path_or_chain_id, int) or (isinstance(path_or_chain_id, str) and path_or_chain_id.isdigit()):
            chain_id = int(path_or_chain_id)
            path = manifest_path(chain_id, directory)
        else:
            path = Path(path_or_chain_id)
        if not path.is_file():
            raise ManifestNotFound(path, chain_id)
        raw = json.loads(path.read_text())
        entries = {
            name: ContractEntry(
                name=name,
                address=to_checksum_address(item["address"]),
                abi=_abi_of(name, item, path),
                deploy_block=item.get("deployBlock"),
                deploy_tx=item.get("deployTx"),
                deploy_block_hash=item.get("deployBlockHash"),
            )
            for name, item in raw.get("contracts", {}).items()
        }
        deployment = cls(w3=w3, path=path, chain_id=int(raw["chainId"]), entries=entries, raw=raw)
        if w3 is not None:
            deployment.verify(chain=check_chain, blocks=check_blocks, code=check_code)
        return deployment

    def verify(self, *, chain: bool = True, blocks: bool = True, code: bool = True) -> None:
        """Check the manifest against the node: its chain id (ChainMismatch), the hash of each
        deploy block it recorded (StaleManifest: the same chain id, another chain instance),
        code at each address (NoCodeAtAddress) and, with it, the links between the contracts
        (MiswiredManifest). Blocks come before code: a restarted chain is
        reported as such, not as a missing contract."""
        if chain:
            node_chain = self.w3.eth.chain_id
            if node_chain != self.chain_id:
                raise ChainMismatch(self.path, self.chain_id, node_chain)
        if blocks:
            seen: dict[int, str | None] = {}
            for entry in self.entries.values():
                if entry.deploy_block is None or entry.deploy_block_hash is None:
                    continue  # a manifest from before block hashes were recorded: code check only
                if entry.deploy_block not in seen:
                    seen[entry.deploy_block] = self._block_hash(entry.deploy_block)
                found = seen[entry.deploy_block]
                if found is None or found.lower() != entry.deploy_block_hash.lower():
                    raise StaleManifest(self.path, entry.name, entry.deploy_block, entry.deploy_block_hash, found)
        if code:
            for entry in self.entries.values():
                if len(self.w3.eth.get_code(entry.address)) == 0:
                    raise NoCodeAtAddress(entry.name, entry.address, self.path)
            self._check_links()

    def _check_links(self) -> None:
        """Each suite contract names the contracts of the manifest it is linked to (see _LINKS:
        ``participants()``, ``parts()``, the registry's ``records()`` and ``financing()``, the
        financing contracts' ``orders()`` and ``receivables()``), else MiswiredManifest."""
        for entry in self.entries.values():
            for link, target in _LINKS.get(entry.name, ()):
                if target not in self.entries:
                    continue
                expected = self.entries[target].address
                try:
                    raw = bytes(self.w3.eth.call({"to": entry.address, "data": keccak(text=f"{link}()")[:4]}))
                except (Web3Exception, ValueError):
                    raw = b""
                found = to_checksum_address(raw[12:32]) if len(raw) == 32 else None
                if found != expected:
                    raise MiswiredManifest(entry.name, entry.address, link, expected, found, self.path)

    def _block_hash(self, number: int) -> str | None:
        """The node's hash of block `number`, or None if it has no such block yet."""
        if number > self.w3.eth.block_number:
            return None
        block = self.w3.eth.get_block(number)
        return to_hex(block["hash"]) if block else None

    # ------------------------------------------------------------ lookups

    def entry(self, name: str) -> ContractEntry:
        try:
            return self.entries[name]
        except KeyError:
            raise ContractNotInManifest(name, self.path, self.entries) from None

    def address(self, name: str) -> str:
        return self.entry(name).address

    def abi(self, name: str) -> list[dict[str, Any]]:
        return self.entry(name).abi

    def deploy_block(self, name: str) -> int:
        """The block the contract was deployed in (0 when the manifest does not say)."""
        return self.entry(name).deploy_block or 0

    def contract(self, name: str, **kwargs: Any) -> Contract:
        """A web3 Contract bound to the manifest's address and ABI; `kwargs` go to
        ``w3.eth.contract`` (``decode_tuples=True``: structs come back as named tuples)."""
        entry = self.entry(name)
        contract: Contract = self.w3.eth.contract(address=entry.address, abi=entry.abi, **kwargs)
        return contract

    def __getitem__(self, name: str) -> Contract:
        return self.contract(name)

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    @property
    def names(self) -> list[str]:
        return list(self.entries)

    @property
    def abis(self) -> dict[str, list[dict[str, Any]]]:
        """{name: ABI}; pass it wherever partledger.decoding takes `abis`."""
        return {name: entry.abi for name, entry in self.entries.items()}

    # ------------------------------------------------------------ shortcuts

    def readable_errors(self, contract: str | None = None) -> AbstractContextManager[None]:
        """:func:`partledger.decoding.readable_errors` with every ABI of this deployment, watching
        its web3 instance (a transaction mined with status 0 raises too)."""
        return readable_errors(self.abis, contract=contract, w3=self.w3)

    def _reader_options(self, index: IndexArgument, kwargs: dict[str, Any]) -> dict[str, Any]:
        """What both readers take from the deployment: its chain id, the confirmations depth of
        its chain, and the history index unless told otherwise."""
        from partledger.provenance.index import default_confirmations, index_enabled

        kwargs.setdefault("confirmations", default_confirmations(self.chain_id))
        kwargs.setdefault("chain_id", self.chain_id)
        kwargs["index"] = index_enabled() if index is None else index
        return kwargs

    def provenance(self, *, chunk: int | None = None, index: IndexArgument = None, **kwargs: Any) -> ProvenanceReader:
        """A :class:`partledger.provenance.ProvenanceReader` over this suite's logs, scanning
        from the earliest deploy block of the registry and the records.

        `index`: the history index the reader keeps its logs in; by default the file of this
        deployment under $PARTLEDGER_INDEX (else the user cache folder), none when
        PARTLEDGER_INDEX=off; False: none; a path: that file (see partledger.provenance.index).
        """
        from partledger.provenance import DEFAULT_CHUNK, ProvenanceReader

        parts, records = self.entry("PartRegistry"), self.entry("PartRecords")
        kwargs.setdefault("from_block", min(parts.deploy_block or 0, records.deploy_block or 0))
        return ProvenanceReader(
            self.w3,
            parts.address,
            parts.abi,
            records.address,
            records.abi,
            chunk=chunk or DEFAULT_CHUNK,
            **self._reader_options(index, kwargs),
        )

    def finance(self, *, chunk: int | None = None, index: IndexArgument = None, **kwargs: Any) -> FinanceReader:
        """A :class:`partledger.finance.FinanceReader` over this suite's purchase orders and
        receivables, scanning from the earlier of their deploy blocks; `index` as for
        :meth:`provenance`."""
        from partledger.finance import FinanceReader
        from partledger.provenance import DEFAULT_CHUNK

        orders, receivables = self.entry("PurchaseOrders"), self.entry("Receivables")
        kwargs.setdefault("from_block", min(orders.deploy_block or 0, receivables.deploy_block or 0))
        return FinanceReader(
            self.w3,
            orders.address,
            orders.abi,
            receivables.address,
            receivables.abi,
            chunk=chunk or DEFAULT_CHUNK,
            **self._reader_options(index, kwargs),
        )

    def participant_names(self, *, chunk: int | None = None) -> dict[str, str]:
        """{account: name} of every onboarded participant, from the participant registry's logs
        ({} when the manifest has no registry)."""
        from partledger.provenance import DEFAULT_CHUNK, read_participant_names

        if "ParticipantRegistry" not in self:
            return {}
        return read_participant_names(
            self.w3,
            self.address("ParticipantRegistry"),
            self.abi("ParticipantRegistry"),
            from_block=self.deploy_block("ParticipantRegistry"),
            chunk=chunk or DEFAULT_CHUNK,
        )
