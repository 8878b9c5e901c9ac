"""Bulk mode: register, transfer or install thousands of items by pipelining.

Each run signs every transaction locally (RLP and coincurve directly: ~10x eth-account) with
consecutive nonces (one range reserved from the
client's :class:`~partledger.tx.NonceManager`), sends them in JSON-RPC batches, then collects the
receipts in batches. Calldata is encoded once per item with precomputed selectors; gas is
estimated once per *shape* (one function of one contract) with a margin, and batch calls
(``registerBatch``, ``installParts``) are chunked so each transaction fits the block gas limit.

>>> bulk = Bulk(w3, deployment, account, NonceManager(w3, account.address))  # doctest: +SKIP
>>> result = bulk.register_parts("PN-100", [f"SN-{i}" for i in range(1000)])  # doctest: +SKIP
>>> len(result.ok), result.failed, result.seconds  # doctest: +SKIP
(1000, {}, 2.1)

Rules it keeps:

- **Resumable, from the chain.** Before sending, each item's view (``ownerOf``, ``parentOf``) says
  whether it is already done; those are ``skipped``. A run killed half-way is simply run again:
  only the missing items are sent. No local state file. A run first waits for the account's own
  transactions still in flight (a killed run's) to be mined, so it reads settled state.
- **One failing item never loses the others.** An item whose gas estimate reverts fails with the
  decoded error and is not sent. A batch transaction mined with status 0 is split: each of its
  items is simulated on its own, those that revert fail with their decoded error, the rest go
  again one per transaction. A single item mined with status 0 is replayed with eth_call at its
  block to name its error (out of gas: sent again with twice the gas, once).
- **Never a double send.** A lost transaction is re-broadcast with the same signed bytes (same
  nonce, same hash), never re-signed; an item goes out again under a new nonce only when the
  transaction that carried it can no longer be mined (mined with status 0, or its nonce taken).
  A broadcast answered with an error is first looked up by its hash (the node may hold it: a
  retried broadcast). When the nonce was used but the node finds the transaction nowhere (a
  lagging node, or another transaction took the nonce), only items with a done check go again;
  the others fail with :class:`~partledger.exceptions.TransactionUnconfirmed`.
- **Stalls.** Anvil 1.7.1's automine mines a block when a transaction arrives; pipelined
  transactions that did not fit in that block wait in the pool until the next arrival, and
  under load it loses an accepted transaction now and then. On an automining dev chain (Anvil,
  Ganache, Hardhat) a pool that makes no progress gets an ``evm_mine`` (at once, then every
  50 ms while nothing moves). When no
  receipt comes for `stall_seconds` while some are due, the transactions the node no longer
  knows are re-broadcast with their same bytes (and a dev chain is nudged). Interval-mined
  chains (``anvil --block-time``) are never nudged before `stall_seconds`.

The BOM CSV read by :meth:`Bulk.register_bom` (:func:`read_bom`) has a header row and the
columns ``part_number,serial,parent,lot``:

- ``part_number``, ``serial``: the part (each at most 32 bytes of UTF-8); unique pairs.
- ``parent``: empty, or ``PART_NUMBER/SERIAL`` of another row: the assembly the part goes into.
- ``lot`` (optional column): empty, or a lot number. Rows without a lot are registered with
  ``registerBatch`` (one batch per part number, up to MAX_BATCH_SIZE serials a transaction). The
  rows of one (part number, lot) are committed as one Merkle lot (``anchorLot``); a lot row that
  is installed or has parts installed in it is claimed (``claimLotPart``) so it becomes a part,
  the others stay unclaimed serials of the lot.

Parts are installed bottom-up, one level at a time, with ``installParts`` (one transaction per
parent and chunk) when the registry has it, else ``installPart`` per child.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from coincurve import PrivateKey
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from partledger._abi import ABIEntry, canonical_type, signature, topic0
from partledger._rpc import JsonRpc, RpcError, already_known, nonce_used
from partledger._sign import sign_transaction
from partledger.decoding import decode_revert, revert_data
from partledger.exceptions import (
    BomError,
    BulkError,
    ContractRevertError,
    DuplicateKey,
    InvalidArgument,
    NotSettled,
    OutOfGas,
    PartLedgerError,
    ReceiptTimeout,
    TransactionLost,
    TransactionRefused,
    TransactionUnconfirmed,
    UnknownRevert,
)
from partledger.ids import lot_part_id, part_id, to_bytes32
from partledger.manifest import Deployment
from partledger.merkle import LotTree
from partledger.tx import NonceManager

__all__ = [
    "Bulk",
    "BulkItem",
    "BulkResult",
    "BomResult",
    "BomRow",
    "DoneCheck",
    "Join",
    "read_bom",
    "BulkError",
    "DuplicateKey",
    "TransactionRefused",
    "TransactionLost",
    "TransactionUnconfirmed",
    "ReceiptTimeout",
    "NotSettled",
    "BomError",
]

ZERO32 = b"\x00" * 32
MAX_BATCH_SIZE = 256  # PartRegistry.MAX_BATCH_SIZE, read from the chain when the ABI has it
DEV_CLIENTS = ("anvil", "ganache", "hardhat", "ethereumjs")
_GAS_HEADROOM = 10_000  # added to every estimate after the margin
_BLOCK_SHARE = 0.9  # at most this share of the block gas limit per transaction
_NUDGE_AFTER = 0.05  # seconds without a new block before an automining dev chain gets evm_mine
_PROBE_BATCH = 8  # values in the second estimate of a batch shape (marginal gas per value)

# ============================================================ items and results


@dataclass(frozen=True)
class DoneCheck:
    """How to tell from the chain that an item is done: an eth_call of view calldata `data` on
    `to`; `is_done` gets the returned bytes, or None if the view reverted."""

    to: str
    data: bytes
    is_done: Callable[[bytes | None], bool]


@dataclass(frozen=True)
class Join:
    """How an item shares a batch call with others of its `group`: `encode` builds the calldata
    for a list of `value`s (at most `limit` of them)."""

    group: Hashable
    value: Any
    encode: Callable[[Sequence[Any]], bytes]
    limit: int


@dataclass(frozen=True)
class BulkItem:
    """One thing to do, by `key` (unique in a run): calldata `data` to `to` sent on its own, gas
    limit `gas` (0: estimated once per shape), an optional `done` check (resumption) and an
    optional `join` (batching with other items)."""

    key: str
    to: str
    data: bytes
    gas: int = 0
    done: DoneCheck | None = None
    join: Join | None = None


@dataclass
class BulkResult:
    """What a run did. ``ok``: keys done by this run; ``failed``: key -> the decoded error
    (a :class:`~partledger.exceptions.PartLedgerError`); ``skipped``: keys already done on chain;
    ``tx_hashes``: every transaction mined (status 1 or 0); ``tx_of``: key -> the hash of the
    transaction that did it; ``gas_used`` by all of them; ``seconds`` of wall time;
    ``rebroadcasts``: transactions sent again with the same bytes after the node lost them;
    ``nudges``: ``evm_mine`` calls on a stalled dev chain."""

    ok: list[str] = field(default_factory=list)
    failed: dict[str, PartLedgerError] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    tx_hashes: list[str] = field(default_factory=list)
    tx_of: dict[str, str] = field(default_factory=dict)
    gas_used: int = 0
    seconds: float = 0.0
    rebroadcasts: int = 0
    nudges: int = 0

    @property
    def done(self) -> list[str]:
        """Every key that is done on chain now: ``ok`` and ``skipped``."""
        return [*self.ok, *self.skipped]

    def merge(self, other: BulkResult) -> None:
        """Add `other`'s keys, transactions and counters to this result (seconds add up)."""
        self.ok += other.ok
        self.failed.update(other.failed)
        self.skipped += other.skipped
        self.tx_hashes += other.tx_hashes
        self.tx_of.update(other.tx_of)
        self.gas_used += other.gas_used
        self.seconds += other.seconds
        self.rebroadcasts += other.rebroadcasts
        self.nudges += other.nudges


@dataclass
class BomResult(BulkResult):
    """A :class:`BulkResult` of :meth:`Bulk.register_bom` (keys ``register:PN/SERIAL``,
    ``anchor:PN/LOT``, ``claim:PN/SERIAL``, ``install:PN/SERIAL``), plus ``part_ids``:
    ``PN/SERIAL`` -> part id of every row that is a part (not an unclaimed lot serial), and
    ``roots``: the rows without a parent that are parts."""

    part_ids: dict[str, int] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BomRow:
    """One row of a bill of materials (see the module docstring): `parent` is the
    ``PART_NUMBER/SERIAL`` key of another row or None, `lot` a lot number or None."""

    part_number: str
    serial: str
    parent: str | None = None
    lot: str | None = None
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.part_number}/{self.serial}"


# ============================================================ calldata


class _Fn:
    """One ABI function: its selector and input types, encoded with eth_abi directly (web3's
    Contract encoder looks the ABI up again on every call)."""

    def __init__(self, entry: ABIEntry) -> None:
        self.name = str(entry["name"])
        self.types = [canonical_type(p) for p in entry.get("inputs", [])]
        self.outputs = [canonical_type(p) for p in entry.get("outputs", [])]
        self.selector = keccak(text=signature(entry))[:4]

    def __call__(self, *args: Any) -> bytes:
        return self.selector + abi_encode(self.types, list(args))

    def decode(self, raw: bytes) -> tuple[Any, ...]:
        return tuple(abi_decode(self.outputs, raw))


class _Bar(Protocol):
    def advance(self, n: int = 1) -> None: ...


class _NoBar:
    def advance(self, n: int = 1) -> None:
        pass


class _RichBar:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


@dataclass(eq=False)
class _Tx:
    """One transaction of a round: its items, calldata and gas; then nonce, signed bytes, hash
    and, when mined, the receipt."""

    items: list[BulkItem]
    to: str
    data: bytes
    gas: int
    nonce: int = -1
    raw: bytes = b""
    hash: str = ""
    receipt: dict[str, Any] | None = None
    gone: bool = False  # its nonce was taken by another transaction: it can never be mined
    unfound: bool = False  # gone by a guess: its nonce was used, but the node found it nowhere
    refused: bool = False
    misses: int = 0  # polls that found its nonce used but no receipt for it
    timed_out: bool = False


def _hex(value: bytes) -> str:
    return "0x" + value.hex()


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


def _part_key(part: int) -> str:
    return f"0x{part:064x}"


# ============================================================ bulk mode


class Bulk:
    """Bulk mode for one account on one deployment.

    `w3` must use an HTTP provider (JSON-RPC batches go to its endpoint). `account` signs
    locally; `nonces` is the account's one NonceManager (share the client's). `chunk_size`
    caps the items in one batch call (at most MAX_BATCH_SIZE); `send_batch` raw transactions go
    in one POST, at most `window` in flight; `progress` shows a rich progress
    bar on a terminal (never when stderr is not a TTY). `dev_chain` (None: from the node's
    client version) allows ``evm_mine`` nudges; `stall_seconds` (None: 1 s on an automining dev
    chain, 30 s elsewhere) is how long to wait for a receipt before recovering; `max_rounds` bounds the
    rounds of re-sends; `timeout` the seconds a round waits for its receipts.
    """

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        account: LocalAccount,
        nonces: NonceManager,
        *,
        chunk_size: int | None = None,
        progress: bool = True,
        send_batch: int = 250,
        window: int = 1000,
        gas_margin: float = 1.3,
        stall_seconds: float | None = None,
        dev_chain: bool | None = None,
        max_rounds: int = 4,
        settle_timeout: float = 120.0,
        timeout: float = 600.0,
        rpc: JsonRpc | None = None,
    ) -> None:
        if chunk_size is not None and chunk_size < 1:
            raise InvalidArgument(f"chunk_size must be at least 1, not {chunk_size}")
        self.w3 = w3
        self.deployment = deployment
        self.account = account
        self.address = to_checksum_address(account.address)
        if to_checksum_address(nonces.address) != self.address:
            raise InvalidArgument(f"the NonceManager is for {nonces.address}, not for the account {self.address}")
        self.nonces = nonces
        self._signer = PrivateKey(bytes(account.key))
        self.rpc = rpc or JsonRpc.for_web3(w3, max_batch=max(send_batch, 1))
        self.chunk_size = chunk_size
        self.progress = progress
        self.send_batch = send_batch
        self.window = max(window, 1)
        self.gas_margin = gas_margin
        self.max_rounds = max_rounds
        self.settle_timeout = settle_timeout
        self.timeout = timeout
        self._abis = deployment.abis
        self._registry = to_checksum_address(deployment.address("PartRegistry"))
        self._fns = {str(e["name"]): _Fn(e) for e in deployment.abi("PartRegistry") if e.get("type") == "function"}
        self._chain_id = _int(self.rpc.call("eth_chainId"))
        client = str(self.rpc.call("web3_clientVersion")).lower()
        # Ganache answers a transaction that meets another at its nonce "transaction underpriced"
        # (elsewhere that words a fee below the pool's floor; others say "replacement ...").
        self._ganache = client.startswith("ganache")
        if dev_chain is None:
            dev_chain = client.startswith(DEV_CLIENTS)
        self.dev_chain = dev_chain
        self.automine = self._automining()
        self.stall_seconds = stall_seconds if stall_seconds is not None else (1.0 if self.automine else 30.0)
        self._max_batch: int | None = None

    def _automining(self) -> bool:
        """Whether the node mines a block as transactions arrive (a dev chain's automine)."""
        if not self.dev_chain:
            return False
        for method in ("anvil_getAutomine", "hardhat_getAutomine"):
            try:
                return bool(self.rpc.call(method))
            except RpcError:
                continue
        return True  # Ganache mines each transaction as it arrives (instamine)

    # ------------------------------------------------------------ registry facts

    @property
    def has_batch_install(self) -> bool:
        """Whether the registry's ABI has ``installParts(childIds, parentId)``."""
        return "installParts" in self._fns

    @property
    def max_batch_size(self) -> int:
        """PartRegistry.MAX_BATCH_SIZE (read once), capped by `chunk_size`."""
        if self._max_batch is None:
            found = MAX_BATCH_SIZE
            if "MAX_BATCH_SIZE" in self._fns:
                fn = self._fns["MAX_BATCH_SIZE"]
                found = int(fn.decode(bytes.fromhex(self._call(self._registry, fn())[2:]))[0])
            self._max_batch = found
        return min(self._max_batch, self.chunk_size or self._max_batch)

    def _fn(self, name: str) -> _Fn:
        return self._fns[name]

    def _call(self, to: str, data: bytes, block: str = "latest") -> str:
        return str(self.rpc.call("eth_call", [{"from": self.address, "to": to, "data": _hex(data)}, block]))

    def _exists_check(self, part: int) -> DoneCheck:
        return DoneCheck(self._registry, self._fn("ownerOf")(part), lambda raw: raw is not None)

    # ------------------------------------------------------------ builders

    def register_part_items(
        self,
        part_number: str,
        serials: Iterable[str],
        *,
        mode: Literal["batch", "single"] = "batch",
        metadata: bytes = ZERO32,
        prefix: str = "",
    ) -> list[BulkItem]:
        """Items registering `serials` of `part_number` for the account, keyed
        ``<prefix>PART_NUMBER/SERIAL``: chunks of ``registerBatch`` (mode "batch") or one
        ``registerPart`` each ("single"). Done when the part exists."""
        if mode not in ("batch", "single"):
            raise InvalidArgument(f"mode must be 'batch' or 'single', not {mode!r}")
        pn = to_bytes32(part_number)
        single, batch = self._fn("registerPart"), self._fn("registerBatch")

        def encode(values: Sequence[Any]) -> bytes:
            return batch(pn, list(values), metadata)

        items = []
        for serial in serials:
            sn = to_bytes32(serial)
            key = f"{prefix}{part_number}/{serial}"
            done = self._exists_check(part_id(self.address, pn, sn))
            if mode == "single":
                items.append(BulkItem(key, self._registry, single(pn, sn, metadata), done=done))
            else:
                join = Join(("registerBatch", pn, metadata), sn, encode, self.max_batch_size)
                items.append(BulkItem(key, self._registry, encode([sn]), done=done, join=join))
        return items

    def transfer_items(self, to: str, part_ids: Iterable[int], *, prefix: str = "") -> list[BulkItem]:
        """Items moving each part from the account to `to` (``transferFrom``), keyed by the
        part id as 0x-hex. Done when `to` owns the part."""
        receiver = to_checksum_address(to)
        transfer, owner_of = self._fn("transferFrom"), self._fn("ownerOf")

        def owned_by_receiver(raw: bytes | None) -> bool:
            return raw is not None and to_checksum_address(owner_of.decode(raw)[0]) == receiver

        return [
            BulkItem(
                f"{prefix}{_part_key(part)}",
                self._registry,
                transfer(self.address, receiver, part),
                done=DoneCheck(self._registry, owner_of(part), owned_by_receiver),
            )
            for part in part_ids
        ]

    def install_items(
        self, pairs: Iterable[tuple[int, int]], *, prefix: str = "", keys: Sequence[str] = ()
    ) -> list[BulkItem]:
        """Items installing each child into its parent, from (child id, parent id) pairs, keyed
        by the child id as 0x-hex (or by `keys`, one per pair). Children of one parent share
        ``installParts`` calls when the registry has it; else ``installPart`` each. Done when
        ``parentOf(child)`` is the parent. A part id 0 raises InvalidArgument (no part has it,
        and ``parentOf`` answers 0 for every loose part)."""
        parent_of, single = self._fn("parentOf"), self._fn("installPart")
        batch = self._fns.get("installParts")
        items = []
        for i, (child, parent) in enumerate(pairs):
            if not child or not parent:  # parentOf says 0 for every loose part: "done" at once
                raise InvalidArgument(f"no part has part id 0 (install {child} into {parent})")
            key = f"{prefix}{keys[i] if keys else _part_key(child)}"

            def installed(raw: bytes | None, parent: int = parent) -> bool:
                return raw is not None and int(parent_of.decode(raw)[0]) == parent

            done = DoneCheck(self._registry, parent_of(child), installed)
            if batch is None:
                items.append(BulkItem(key, self._registry, single(child, parent), done=done))
                continue

            def encode(values: Sequence[Any], parent: int = parent, batch: _Fn = batch) -> bytes:
                return batch(list(values), parent)

            join = Join(("installParts", parent), child, encode, self.max_batch_size)
            items.append(BulkItem(key, self._registry, encode([child]), done=done, join=join))
        return items

    # ------------------------------------------------------------ high-level runs

    def register_parts(
        self,
        part_number: str,
        serials: Iterable[str],
        *,
        mode: Literal["batch", "single"] = "batch",
        metadata: bytes = ZERO32,
    ) -> BulkResult:
        """Register `serials` of `part_number` (see :meth:`register_part_items`)."""
        items = self.register_part_items(part_number, serials, mode=mode, metadata=metadata)
        return self.run(items, label=f"register {part_number}")

    def transfer_parts(self, to: str, part_ids: Iterable[int]) -> BulkResult:
        """Move parts the account owns to `to` (see :meth:`transfer_items`)."""
        return self.run(self.transfer_items(to, part_ids), label="transfer")

    def install_parts(self, pairs: Iterable[tuple[int, int]]) -> BulkResult:
        """Install children into parents, from (child id, parent id) pairs (see
        :meth:`install_items`)."""
        return self.run(self.install_items(pairs), label="install")

    def register_bom(self, rows: Iterable[BomRow] | str | os.PathLike[str]) -> BomResult:
        """Register a bill of materials: a CSV path (see :func:`read_bom`) or rows. Stages,
        each resumable: registerBatch per part number, anchorLot per lot, claimLotPart of the
        lot rows that are assembled, then installs bottom-up, one level at a time."""
        bom = read_bom(rows) if isinstance(rows, (str, os.PathLike)) else _validated(list(rows), "BOM")
        start = time.monotonic()
        result = BomResult()
        by_key = {row.key: row for row in bom}
        assembled = {row.key for row in bom if row.parent} | {row.parent for row in bom if row.parent}

        # 1. registration: one registerBatch series per part number
        plain: dict[str, list[str]] = {}
        for row in bom:
            if row.lot is None:
                plain.setdefault(row.part_number, []).append(row.serial)
                result.part_ids[row.key] = part_id(self.address, row.part_number, row.serial)
        items = [
            it for pn, serials in plain.items() for it in self.register_part_items(pn, serials, prefix="register:")
        ]
        result.merge(self.run(items, label="register"))

        # 2. lots: anchored unless the chain already has a lot of that part number, number and root
        lots: dict[tuple[str, str], list[BomRow]] = {}
        for row in bom:
            if row.lot is not None:
                lots.setdefault((row.part_number, row.lot), []).append(row)
        trees = {lot: LotTree(lot[0], [r.serial for r in members]) for lot, members in lots.items()}
        anchored = self.anchored_lots() if lots else {}
        anchor = self._fn("anchorLot")
        lot_items = [
            BulkItem(
                f"anchor:{pn}/{number}",
                self._registry,
                anchor(to_bytes32(pn), to_bytes32(number), tree.root, len(tree), ZERO32),
            )
            for (pn, number), tree in trees.items()
            if (to_bytes32(pn), to_bytes32(number), tree.root) not in anchored
        ]
        result.skipped += [
            f"anchor:{pn}/{number}"
            for (pn, number), tree in trees.items()
            if (to_bytes32(pn), to_bytes32(number), tree.root) in anchored
        ]
        if lot_items:
            result.merge(self.run(lot_items, label="anchor lots"))
            anchored = self.anchored_lots()

        # 3. claims: the lot rows that take part in an assembly become parts
        claim, claim_items = self._fn("claimLotPart"), []
        for (pn, number), members in lots.items():
            tree = trees[(pn, number)]
            lot_id = anchored.get((to_bytes32(pn), to_bytes32(number), tree.root))
            for row in members:
                if row.key not in assembled:
                    continue
                if lot_id is None:
                    why = result.failed.get(f"anchor:{pn}/{number}") or BulkError(f"lot {pn}/{number} is not anchored")
                    result.failed[f"claim:{row.key}"] = why
                    continue
                part = lot_part_id(self.address, pn, row.serial, lot_id)
                result.part_ids[row.key] = part
                data = claim(self.address, lot_id, to_bytes32(pn), to_bytes32(row.serial), tree.proof(row.serial))
                claim_items.append(BulkItem(f"claim:{row.key}", self._registry, data, done=self._exists_check(part)))
        if claim_items:
            result.merge(self.run(claim_items, label="claim lot parts"))

        # 4. installs, deepest level first (a parent not yet installed is its own root: short walks)
        levels = _levels(by_key)
        for level in range(max(levels.values(), default=0), 0, -1):
            pairs, keys = [], []
            for row in bom:
                if levels[row.key] != level or row.parent is None:
                    continue
                if row.key not in result.part_ids or row.parent not in result.part_ids:
                    result.failed[f"install:{row.key}"] = BulkError(
                        f"{row.key} cannot go into {row.parent}: a lot serial that was not claimed is no part"
                    )
                    continue
                pairs.append((result.part_ids[row.key], result.part_ids[row.parent]))
                keys.append(row.key)
            if pairs:
                result.merge(
                    self.run(self.install_items(pairs, prefix="install:", keys=keys), label=f"install L{level}")
                )
        result.roots = [row.key for row in bom if row.parent is None and row.key in result.part_ids]
        result.seconds = time.monotonic() - start
        return result

    def anchored_lots(self) -> dict[tuple[bytes, bytes, bytes], int]:
        """{(part number, lot number, Merkle root): lot id} of every lot the account anchored on
        this registry, from its LotAnchored logs (from the registry's deploy block)."""
        (event,) = [
            e for e in self.deployment.abi("PartRegistry") if e.get("type") == "event" and e["name"] == "LotAnchored"
        ]
        from partledger.provenance.source import RpcLogSource  # here: bulk mode rarely needs it

        topics = [_hex(topic0(event)), None, "0x" + self.address[2:].lower().rjust(64, "0")]
        source = RpcLogSource(self.w3, timestamps=False)  # ranges that shrink to what the node allows
        start = self.deployment.deploy_block("PartRegistry")
        logs = source.logs([self._registry], start, source.head(), topics)
        found: dict[tuple[bytes, bytes, bytes], int] = {}
        for log in logs:  # oldest first: a lot anchored twice resumes in the first
            pn, number, root, _size, _meta = abi_decode(
                ["bytes32", "bytes32", "bytes32", "uint32", "bytes32"], bytes.fromhex(log.data[2:])
            )
            found.setdefault((bytes(pn), bytes(number), bytes(root)), int(log.topics[1], 16))
        return found

    # ------------------------------------------------------------ the engine

    def run(self, items: Sequence[BulkItem], *, label: str = "bulk") -> BulkResult:
        """Do `items` (unique keys): skip what is done on chain, send the rest pipelined,
        collect the receipts, split and retry failed batches, and name every failure."""
        start = time.monotonic()
        seen: set[str] = set()
        for item in items:
            if item.key in seen:
                raise DuplicateKey(item.key)
            seen.add(item.key)
        result = BulkResult()
        self._settle()
        pending = list(items)
        with self._bar(label, len(pending)) as bar:
            for round_ in range(self.max_rounds + 1):
                pending = self._skip_done(pending, result, bar)
                if not pending:
                    break
                if round_ == self.max_rounds:
                    for item in pending:
                        result.failed[item.key] = TransactionLost(item.key, round_)
                    bar.advance(len(pending))
                    break
                txs = self._plan(pending, round_, result, bar)
                try:
                    self._pipeline(txs, result, bar)
                except BaseException:
                    self.nonces.reset()  # nonces reserved but never sent must not leave a gap
                    raise
                pending = self._review(txs, round_, result, bar)
        result.seconds = time.monotonic() - start
        return result

    # --- progress

    @contextmanager
    def _bar(self, label: str, total: int) -> Iterator[_Bar]:
        if not (self.progress and total and sys.stderr.isatty()):
            yield _NoBar()
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
            yield _RichBar(progress, progress.add_task(label, total=total))

    # --- state on chain

    def _nonce_counts(self) -> tuple[int, int]:
        latest, pending = self.rpc.batch(
            [
                ("eth_getTransactionCount", [self.address, "latest"]),
                ("eth_getTransactionCount", [self.address, "pending"]),
            ]
        )
        for answer in (latest, pending):
            if isinstance(answer, RpcError):
                raise answer
        return _int(latest), _int(pending)

    def _settle(self) -> None:
        """Wait until the account has no transaction in flight (a killed run's), nudging a dev
        chain when it stalls: a resumed run must read settled state."""
        deadline = time.monotonic() + self.settle_timeout
        last_change, last = time.monotonic(), -1
        while True:
            mined, pending = self._nonce_counts()
            if pending <= mined:
                return
            now = time.monotonic()
            if now > deadline:
                raise NotSettled(self.address, pending - mined, self.settle_timeout)
            if mined != last:
                last, last_change = mined, now
            elif self.dev_chain and now - last_change > self.stall_seconds:
                self.rpc.call("evm_mine")
                last_change = now
            time.sleep(0.05)

    def _skip_done(self, items: list[BulkItem], result: BulkResult, bar: _Bar) -> list[BulkItem]:
        checked = [item for item in items if item.done is not None]
        answers = self.rpc.batch(
            [
                ("eth_call", [{"to": item.done.to, "data": _hex(item.done.data)}, "latest"])
                for item in checked
                if item.done is not None
            ]
        )
        done: set[str] = set()
        for item, answer in zip(checked, answers, strict=True):
            assert item.done is not None
            if isinstance(answer, RpcError):
                if not answer.is_revert:
                    raise answer
                raw = None
            else:
                raw = bytes.fromhex(str(answer)[2:])
            if item.done.is_done(raw):
                done.add(item.key)
                result.skipped.append(item.key)
        bar.advance(len(done))
        return [item for item in items if item.key not in done]

    def _decoded(self, error: RpcError) -> PartLedgerError:
        data = revert_data(error)
        if data is not None:
            return decode_revert(data, self._abis)
        return decode_revert(b"") if error.is_revert else error

    def _simulate(self, item: BulkItem, block: str = "latest") -> PartLedgerError | None:
        """The decoded error of `item` sent alone in the state of `block`, or None if it passes."""
        try:
            self._call(item.to, item.data, block)
        except RpcError as error:
            return self._decoded(error)
        return None

    def _estimate(self, to: str, data: bytes) -> int | PartLedgerError:
        try:
            return _int(self.rpc.call("eth_estimateGas", [{"from": self.address, "to": to, "data": _hex(data)}]))
        except RpcError as error:
            return self._decoded(error)

    # --- planning: gas per shape, chunks

    def _plan(self, items: list[BulkItem], round_: int, result: BulkResult, bar: _Bar) -> list[_Tx]:
        """Transactions for `items`: singles with their gas, batch groups in chunks that fit the
        block. An item whose estimate reverts fails here, unsent."""
        margin = self.gas_margin * (1.5**round_)
        block_gas = _int(self.rpc.call("eth_getBlockByNumber", ["latest", False])["gasLimit"])
        cap = int(block_gas * _BLOCK_SHARE)

        def failed(item: BulkItem, error: PartLedgerError) -> None:
            result.failed[item.key] = error
            bar.advance()

        txs: list[_Tx] = []
        single_gas: dict[tuple[str, bytes], int] = {}
        groups: dict[Hashable, list[BulkItem]] = {}
        for item in items:
            if item.join is not None:
                groups.setdefault(item.join.group, []).append(item)
                continue
            gas = item.gas
            shape = (item.to, item.data[:4])
            if not gas and shape not in single_gas:
                estimate = self._estimate(item.to, item.data)
                if isinstance(estimate, PartLedgerError):
                    failed(item, estimate)
                    continue
                single_gas[shape] = min(int(estimate * margin) + _GAS_HEADROOM, cap)
            txs.append(_Tx([item], item.to, item.data, gas or single_gas[shape]))

        models: dict[tuple[str, bytes], tuple[float, float]] = {}
        for grouped in groups.values():
            members, first = grouped, grouped[0]
            assert first.join is not None
            shape = (first.to, first.data[:4])
            if shape not in models:
                model, members = self._batch_model(members, failed)
                if model is None:
                    continue
                models[shape] = model
            base, per = models[shape]
            room = int(((cap - _GAS_HEADROOM) / margin - base) / per) if per > 0 else first.join.limit
            size = max(1, min(first.join.limit, room))
            for start in range(0, len(members), size):
                chunk = members[start : start + size]
                gas = min(int((base + per * len(chunk)) * margin) + _GAS_HEADROOM, cap)
                data = first.join.encode([m.join.value for m in chunk if m.join is not None])
                txs.append(_Tx(chunk, first.to, data, gas))
        return txs

    def _batch_model(
        self, members: list[BulkItem], failed: Callable[[BulkItem, PartLedgerError], None]
    ) -> tuple[tuple[float, float] | None, list[BulkItem]]:
        """(base gas, gas per value) of a batch shape, from an estimate of a batch of one and of
        a few; members whose batch of one reverts fail here. Returns the remaining members."""
        members = list(members)
        while members:
            first = members[0]
            one = self._estimate(first.to, first.data)
            if isinstance(one, PartLedgerError):
                failed(first, one)
                members.pop(0)
                continue
            probe = members[:_PROBE_BATCH]
            assert first.join is not None
            if len(probe) > 1:
                several = self._estimate(
                    first.to, first.join.encode([m.join.value for m in probe if m.join is not None])
                )
                if isinstance(several, int) and several > one:
                    per = (several - one) / (len(probe) - 1)
                    return (max(one - per, 0.0), per), members
            return (0.0, float(one)), members  # a conservative model: every value costs a whole batch of one
        return None, members

    # --- sending

    def _fees(self) -> dict[str, int]:
        block = self.rpc.call("eth_getBlockByNumber", ["latest", False])
        base = block.get("baseFeePerGas")
        if base is None:
            return {"gasPrice": _int(self.rpc.call("eth_gasPrice"))}
        try:
            tip = _int(self.rpc.call("eth_maxPriorityFeePerGas"))
        except RpcError:
            tip = 10**9
        return {"maxFeePerGas": 2 * _int(base) + tip, "maxPriorityFeePerGas": tip}

    def _sign(self, tx: _Tx, fees: Mapping[str, int], nonce: int) -> None:
        fields: dict[str, Any] = {
            "chainId": self._chain_id,
            "nonce": nonce,
            "to": tx.to,
            "value": 0,
            "gas": tx.gas,
            "data": tx.data,
            **fees,
        }
        raw, tx_hash = sign_transaction(self._signer, fields)
        tx.nonce, tx.raw, tx.hash = nonce, raw, _hex(tx_hash)

    def _broadcast(self, txs: Sequence[_Tx]) -> list[Any]:
        answers: list[Any] = []
        for start in range(0, len(txs), self.send_batch):
            chunk = txs[start : start + self.send_batch]
            answers += self.rpc.batch([("eth_sendRawTransaction", [_hex(tx.raw)]) for tx in chunk])
        return answers

    def _pipeline(self, txs: list[_Tx], result: BulkResult, bar: _Bar) -> None:
        """Sign `txs` with one reserved nonce range, then send them in JSON-RPC batches while
        polling for receipts, at most `window` in flight: a node with thousands of pending
        transactions answers slowly (Anvil's automine mines a block per arrival)."""
        if not txs:
            return
        fees = self._fees()
        first = self.nonces.reserve(len(txs))
        for i, tx in enumerate(txs):
            self._sign(tx, fees, first + i)
        unsent, waiting = list(txs), list[_Tx]()
        last_change = last_nudge = time.monotonic()
        mined_before, pause, idle_nudges = -1, 0.01, 0
        deadline = time.monotonic() + self.timeout
        while unsent or waiting:
            if len(waiting) < self.window and unsent:
                room = min(self.window - len(waiting), self.send_batch)
                chunk, unsent = unsent[:room], unsent[room:]
                waiting += self._send(chunk, fees, result, bar)
                last_change = time.monotonic()
                continue
            if time.monotonic() > deadline:
                for tx in waiting:
                    tx.timed_out = True
                    for item in tx.items:
                        result.failed[item.key] = ReceiptTimeout(item.key, tx.hash, self.timeout)
                    bar.advance(len(tx.items))
                if unsent:  # signed, never broadcast: their nonces must not leave a gap
                    for tx in unsent:
                        tx.gone = True  # the next round sends their items again (never sent: no double)
                    self.nonces.reset()
                return
            mined, _ = self._nonce_counts()
            due = [tx for tx in waiting if tx.nonce < mined]
            got = 0
            if due:
                answers = self.rpc.batch([("eth_getTransactionReceipt", [tx.hash]) for tx in due])
                for tx, receipt in zip(due, answers, strict=True):
                    if isinstance(receipt, dict):
                        tx.receipt = receipt
                        got += 1
                        continue
                    tx.misses += 1
                    if tx.misses >= 3 and self.rpc.call("eth_getTransactionByHash", [tx.hash]) is None:
                        tx.gone = tx.unfound = True  # its nonce went to another transaction, or a node lags
                waiting = [tx for tx in waiting if tx.receipt is None and not tx.gone]
                bar.advance(sum(len(tx.items) for tx in due if tx.receipt and _int(tx.receipt["status"]) == 1))
            now = time.monotonic()
            if got or mined != mined_before:
                last_change, mined_before, pause, idle_nudges = now, mined, 0.01, 0
                continue  # top the window up at once
            if now - last_change > self.stall_seconds:
                self._recover([tx for tx in waiting if tx.nonce >= mined], result)
                last_change = last_nudge = now
            elif self.automine and waiting and (idle_nudges == 0 or now - last_nudge > _NUDGE_AFTER):
                # Automine mines a block when a transaction arrives; what did not fit in it (the
                # block gas limit) waits in the pool for the next arrival, which may never come.
                # The first nudge after progress comes at once, further ones _NUDGE_AFTER apart.
                self.rpc.call("evm_mine")
                result.nudges += 1
                last_nudge, idle_nudges = now, idle_nudges + 1
                continue
            if waiting:
                time.sleep(pause)
                pause = min(pause * 2, 0.25)

    def _send(self, txs: list[_Tx], fees: Mapping[str, int], result: BulkResult, bar: _Bar) -> list[_Tx]:
        """Broadcast signed `txs`; returns those to wait for. A refused transaction's nonce gets
        an empty self-transfer, so the ones after it still mine."""
        accepted, fillers = [], []
        answers = self._broadcast(txs)
        sent = [
            not isinstance(answer, RpcError) or already_known(answer.message) or _mined_anyway(answer, tx.hash)
            for tx, answer in zip(txs, answers, strict=True)
        ]
        # An error may answer a second copy of bytes the node took (a retried or load-balanced
        # broadcast: "nonce too low"): a transaction the node has is waited for, never replaced.
        doubtful = [i for i, ok in enumerate(sent) if not ok]
        known = self.rpc.batch([("eth_getTransactionByHash", [txs[i].hash]) for i in doubtful])
        for i, found in zip(doubtful, known, strict=True):
            sent[i] = isinstance(found, dict)
        for tx, answer, ok in zip(txs, answers, sent, strict=True):
            if ok:
                accepted.append(tx)
                continue
            if self._nonce_held(answer):
                tx.gone = True  # another transaction has the nonce: ours can never mine
                self.nonces.reset()
                continue
            tx.refused = True
            for item in tx.items:
                result.failed[item.key] = TransactionRefused(item.key, answer.message)
            bar.advance(len(tx.items))
            filler = _Tx([], self.address, b"", 21_000)
            self._sign(filler, fees, tx.nonce)
            fillers.append(filler)
        for filler, answer in zip(fillers, self._broadcast(fillers), strict=True):
            if isinstance(answer, RpcError) and self._nonce_held(answer):
                self.nonces.reset()  # another transaction of the account holds that nonce: no gap to fill
                continue
            if isinstance(answer, RpcError) and not already_known(answer.message):
                raise BulkError(f"the node refused a filler for nonce {filler.nonce}: {answer.message}")
            accepted.append(filler)
        return sorted(accepted, key=lambda tx: tx.nonce)

    def _nonce_held(self, error: RpcError) -> bool:
        """Whether the node refused a transaction because another one of the account has its
        nonce (mined, or waiting in the pool)."""
        return nonce_used(error.message) or (self._ganache and "transaction underpriced" in error.message.lower())

    def _recover(self, stuck: list[_Tx], result: BulkResult) -> None:
        """Re-broadcast (same bytes) what the node no longer knows; nudge a dev chain."""
        if stuck:
            known = self.rpc.batch([("eth_getTransactionByHash", [tx.hash]) for tx in stuck])
            lost = [tx for tx, answer in zip(stuck, known, strict=True) if answer is None]
            if lost:
                self._broadcast(lost)
                result.rebroadcasts += len(lost)
        if self.dev_chain:
            self.rpc.call("evm_mine")
            result.nudges += 1

    # --- after the receipts

    def _review(self, txs: list[_Tx], round_: int, result: BulkResult, bar: _Bar) -> list[BulkItem]:
        """Book each mined transaction; return the items to send again in the next round."""
        again: list[BulkItem] = []
        for tx in txs:
            if tx.refused or tx.timed_out or not tx.items:
                if tx.receipt is not None:
                    result.gas_used += _int(tx.receipt["gasUsed"])
                continue
            if tx.receipt is None:  # its nonce was taken: it can never be mined
                for item in tx.items:
                    if tx.unfound and item.done is None:
                        # Perhaps mined after all (a lagging node) and nothing on chain would
                        # show it: sending it again could do it twice.
                        result.failed[item.key] = TransactionUnconfirmed(item.key, tx.hash)
                        bar.advance()
                    else:
                        again.append(item)  # the next round's done check reads the chain
                continue
            result.tx_hashes.append(tx.hash)
            result.gas_used += _int(tx.receipt["gasUsed"])
            if _int(tx.receipt["status"]) == 1:
                for item in tx.items:
                    result.ok.append(item.key)
                    result.tx_of[item.key] = tx.hash
                continue
            if len(tx.items) == 1:
                item = tx.items[0]
                error = self._diagnose(tx)
                if isinstance(error, OutOfGas) and round_ + 1 < self.max_rounds:
                    again.append(replace(item, gas=tx.gas * 2, join=None))
                    continue
                result.failed[item.key] = error
                bar.advance()
                continue
            for item in tx.items:  # a failed batch: find who failed and why; the rest go alone
                reverted = self._simulate(item)
                if reverted is None:
                    again.append(replace(item, join=None))
                else:
                    result.failed[item.key] = reverted
                    bar.advance()
        return again

    def _diagnose(self, tx: _Tx) -> PartLedgerError:
        """The error of a one-item transaction mined with status 0: out of gas if it used all,
        else its item replayed with eth_call at its block, then before it."""
        assert tx.receipt is not None
        item, used, block = tx.items[0], _int(tx.receipt["gasUsed"]), _int(tx.receipt["blockNumber"])
        error: PartLedgerError | None
        if used >= tx.gas:
            error = OutOfGas(
                "OutOfGas",
                {"gasUsed": used, "gasLimit": tx.gas},
                explanation="the transaction used all of its gas",
                types={"gasUsed": "uint256", "gasLimit": "uint256"},
            )
        else:
            error = self._simulate(item, hex(block)) or self._simulate(item, hex(block - 1))
        if error is None:
            error = UnknownRevert(
                "UnknownRevert",
                {"data": b""},
                explanation=f"mined with status 0 in block {block}; replayed there it succeeds",
                types={"data": "bytes"},
            )
        if isinstance(error, ContractRevertError):
            error.transaction_hash = tx.hash
        return error


def _mined_anyway(error: RpcError, tx_hash: str) -> bool:
    """Ganache run with vmErrorsOnRPCResponse (as brownie runs it) answers the broadcast of a
    transaction that it mined with status 0 with an error naming the transaction's hash."""
    return tx_hash.lower() in str(error.data).lower()


# ============================================================ bill of materials


def read_bom(path: str | os.PathLike[str]) -> list[BomRow]:
    """The rows of a BOM CSV (format in the module docstring), validated: unique parts, parents
    that exist, no cycle. Raises :class:`BomError` with the line."""
    source = Path(path)
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or [])
        missing = {"part_number", "serial", "parent"} - columns
        if missing:
            raise BomError(
                1,
                f"missing column(s) {', '.join(sorted(missing))}; expected part_number,serial,parent,lot",
                str(source),
            )
        unknown = columns - {"part_number", "serial", "parent", "lot"}
        if unknown:
            raise BomError(1, f"unknown column(s) {', '.join(sorted(unknown))}", str(source))
        rows = [
            BomRow(
                (raw.get("part_number") or "").strip(),
                (raw.get("serial") or "").strip(),
                (raw.get("parent") or "").strip() or None,
                (raw.get("lot") or "").strip() or None,
                line=reader.line_num,
            )
            for raw in reader
        ]
    return _validated(rows, str(source))


def _validated(rows: list[BomRow], source: str) -> list[BomRow]:
    seen: dict[str, BomRow] = {}
    for number, row in enumerate(rows, start=2):
        line = row.line or number
        for name, value in (("part_number", row.part_number), ("serial", row.serial), ("lot", row.lot)):
            if name != "lot" and not value:
                raise BomError(line, f"empty {name}", source)
            if value is not None:
                try:
                    to_bytes32(value)
                except ValueError as exc:
                    raise BomError(line, f"{name} {value!r}: {exc}", source) from None
        if "/" in row.part_number:
            raise BomError(line, f"part number {row.part_number!r} contains '/' (the parent separator)", source)
        if row.key in seen:
            raise BomError(line, f"{row.key} appears twice (first on line {seen[row.key].line})", source)
        seen[row.key] = replace(row, line=line)
    for row in seen.values():
        if row.parent is not None and row.parent not in seen:
            raise BomError(row.line, f"parent {row.parent} is not a row of the BOM", source)
    _levels(seen, source)  # refuses a cycle
    return list(seen.values())


def _levels(rows: Mapping[str, BomRow], source: str = "BOM") -> dict[str, int]:
    """Each row's depth in its assembly (0: no parent). Raises BomError on a cycle."""
    levels: dict[str, int] = {}
    for key in rows:
        path: list[str] = []
        current: str | None = key
        while current is not None and current not in levels:
            if current in path:
                raise BomError(rows[current].line, f"{current} is installed, through its parents, into itself", source)
            path.append(current)
            current = rows[current].parent
        base = levels[current] + 1 if current is not None else 0
        for offset, step in enumerate(reversed(path)):
            levels[step] = base + offset
    return levels
