"""Sending transactions from a local key: nonces, fees, gas, signing, waiting, receipts.

:class:`Sender` signs locally with eth-account (through coincurve when installed), prices with
EIP-1559 fees (legacy ``gasPrice`` on a chain without a base fee), estimates gas with a margin
(a revert found by the estimate raises its decoded error before any nonce is used), takes its
nonces from one :class:`NonceManager` and waits with a timeout and a confirmation depth. A
transaction mined with status 0 raises its decoded contract error, like a simulated revert.

>>> sender = Sender(w3, Account.from_key(key), contracts={"PartRegistry": (address, abi)})  # doctest: +SKIP
>>> receipt = sender.send(address, calldata)                                  # doctest: +SKIP
>>> receipt.status, [e.event for e in receipt.events]                         # doctest: +SKIP
(1, ['Transfer', 'PartRegistered'])

:class:`NonceManager` hands out consecutive nonces for one account, safely across the threads of
one process: the client and bulk mode both take their nonces from the one instance a client owns.
The Sender reserves, signs and broadcasts under :meth:`NonceManager.ordered`, so its transactions
reach the node in nonce order however many threads send: a node given nonce n+1 before n must
hold the later one back, and Ganache 7 sometimes never mines it (ganache#4522, seen here: one
of 12 writes sent at once from a thread pool waited forever).

A transaction not mined within ``rebroadcast_after`` seconds that the node no longer knows (a
node or provider lost it) is broadcast again with the very same signed bytes (checked again after
twice as long, and so on). One the node still has is never sent again: Ganache 7 executes a
second copy of bytes it holds, pending or mined, as a new transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress, HexStr
from eth_utils import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import TransactionNotFound, Web3Exception
from web3.types import TxParams, TxReceipt, Wei

from partledger._abi import ABI
from partledger._logs import DecodedLog, LogDecoder, RawLog
from partledger._rpc import already_known, nonce_used
from partledger.decoding import raise_for, raise_for_receipt, to_readable
from partledger.exceptions import InvalidNonceCount, NoSigner, TransactionRejected, TransactionTimeout

__all__ = [
    "DEFAULT_GAS_MARGIN",
    "DEFAULT_PRIORITY_FEE",
    "DEFAULT_REBROADCAST_AFTER",
    "NonceManager",
    "PendingTransaction",
    "Receipt",
    "Sender",
    "fee_fields",
]

DEFAULT_GAS_MARGIN = 1.25  # gas limit = estimate x margin: state may move between estimate and block
DEFAULT_PRIORITY_FEE = 10**9  # 1 gwei: the tip when the node has no eth_maxPriorityFeePerGas
DEFAULT_REBROADCAST_AFTER = 2.0  # seconds unmined before asking whether the node still has it
MAX_REBROADCAST_INTERVAL = 30.0  # the interval doubles up to this
MAX_KEPT_TRANSACTIONS = 4096  # signed bytes kept for re-broadcast; the oldest go first
FEE_CACHE_SECONDS = 1.0  # fees are read at most once a second (a block is >= 1 s on real chains)


class NonceManager:
    """Consecutive nonces for `address`, starting from the node's pending count.

    ``reserve(n)`` returns the first of `n` consecutive nonces and advances past them, under a
    lock; ``reset()`` forgets the local counter so the next reservation asks the node again
    (after a transaction was dropped, or another process used the key). Hold ``ordered()`` from
    a reservation to the broadcast of what it signed to send in nonce order.
    """

    def __init__(self, w3: Web3, address: ChecksumAddress) -> None:
        self._w3 = w3
        self.address = address
        self._lock = threading.Lock()
        self._order = threading.RLock()
        self._next: int | None = None

    @contextmanager
    def ordered(self) -> Iterator[None]:
        """One thread at a time from reserving a nonce to broadcasting its transaction, so
        nonces reach the node in the order they were handed out (and no Sender's ``reset()``
        happens while another Sender holds a nonce it has not broadcast yet; bulk mode reserves
        and resets outside it)."""
        with self._order:
            yield

    def reserve(self, n: int = 1) -> int:
        if n < 1:
            raise InvalidNonceCount(f"reserve at least one nonce, not {n}")
        with self._lock:
            if self._next is None:
                self._next = self._w3.eth.get_transaction_count(self.address, "pending")
            first = self._next
            self._next += n
            return first

    def reset(self) -> None:
        with self._lock:
            self._next = None


def fee_fields(w3: Web3, priority_fee: int | None = None) -> dict[str, int]:
    """The fee fields of a transaction sent now: ``maxFeePerGas`` = 2 x the latest base fee +
    the tip and ``maxPriorityFeePerGas`` = the tip (`priority_fee`, else the node's
    eth_maxPriorityFeePerGas, else :data:`DEFAULT_PRIORITY_FEE`); on a chain without a base
    fee, ``gasPrice``. Twice the base fee stays valid through six full blocks of fee rises."""
    base_fee = w3.eth.get_block("latest").get("baseFeePerGas")
    if base_fee is None:
        return {"gasPrice": int(w3.eth.gas_price)}
    tip = priority_fee
    if tip is None:
        try:
            tip = int(w3.eth.max_priority_fee)
        except (Web3Exception, ValueError):  # a node without eth_maxPriorityFeePerGas
            tip = DEFAULT_PRIORITY_FEE
    return {"maxFeePerGas": 2 * int(base_fee) + tip, "maxPriorityFeePerGas": tip}


def _field(record: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = record.get(key)
    if value is None:
        return default
    return int(value, 16) if isinstance(value, str) else int(value)


@dataclass(frozen=True)
class Receipt:
    """A mined transaction: the facts of its receipt and its logs decoded with the deployment's
    ABIs (logs of other contracts are left out of `events`; `raw` keeps the node's receipt)."""

    tx_hash: str
    block_number: int
    gas_used: int
    effective_gas_price: int
    status: int
    events: tuple[DecodedLog, ...]
    raw: TxReceipt = field(repr=False, compare=False)

    def events_named(self, name: str) -> list[DecodedLog]:
        """The decoded events called `name`, in log order."""
        return [e for e in self.events if e.event == name]

    def event(self, name: str) -> DecodedLog:
        """The first event called `name` (KeyError, listing what was emitted, when none was)."""
        for decoded in self.events:
            if decoded.event == name:
                return decoded
        raise KeyError(f"no {name} event in {self.tx_hash} (emitted: {[e.event for e in self.events]})")


@dataclass(frozen=True)
class PendingTransaction:
    """A transaction sent and not waited for: ``wait()`` gives its :class:`Receipt`."""

    tx_hash: str
    nonce: int
    sender: Sender = field(repr=False, compare=False)

    def wait(self, timeout: float | None = None, confirmations: int | None = None) -> Receipt:
        """:meth:`Sender.wait` for this transaction."""
        return self.sender.wait(self.tx_hash, timeout=timeout, confirmations=confirmations)


class Sender:
    """Signs and sends transactions for one local account, and waits for them.

    `contracts`: {name: (address, ABI)} of the deployment, to decode reverts (named by the
    contract called) and the receipts' events. Without `account` the sender is read-only:
    :meth:`send` raises :class:`~partledger.exceptions.NoSigner`. `rebroadcast_after`: seconds
    a sent transaction may stay unmined before :meth:`wait` asks whether the node still has it,
    and broadcasts its bytes again if not.
    """

    def __init__(
        self,
        w3: Web3,
        account: LocalAccount | None = None,
        *,
        contracts: Mapping[str, tuple[str, ABI]] | None = None,
        nonces: NonceManager | None = None,
        timeout: float = 120.0,
        confirmations: int = 0,
        gas_margin: float = DEFAULT_GAS_MARGIN,
        priority_fee: int | None = None,
        poll_interval: float = 0.05,
        rebroadcast_after: float = DEFAULT_REBROADCAST_AFTER,
    ) -> None:
        self.w3 = w3
        self.account = account
        self.timeout = timeout
        self.confirmations = confirmations
        self.gas_margin = gas_margin
        self.priority_fee = priority_fee
        self.poll_interval = poll_interval
        self.rebroadcast_after = rebroadcast_after
        self.rebroadcasts = 0  # broadcasts of bytes sent before, by wait(): a count to watch
        # hash -> signed bytes, until wait() sees it mined (at most MAX_KEPT_TRANSACTIONS, oldest out)
        self._unmined: dict[str, bytes] = {}
        self._unmined_lock = threading.Lock()
        contracts = dict(contracts or {})
        self.abis: dict[str, ABI] = {name: abi for name, (_address, abi) in contracts.items()}
        self._names = {to_checksum_address(address): name for name, (address, _abi) in contracts.items()}
        self._decoder = LogDecoder({address: (name, self.abis[name]) for address, name in self._names.items()})
        self.nonces = nonces
        if self.nonces is None and account is not None:
            self.nonces = NonceManager(w3, to_checksum_address(account.address))
        self._chain_id: int | None = None
        self._fees: tuple[float, dict[str, int]] | None = None
        self._fee_lock = threading.Lock()

    @property
    def address(self) -> ChecksumAddress | None:
        """The signing account's address (None for a read-only sender)."""
        return None if self.account is None else to_checksum_address(self.account.address)

    @property
    def chain_id(self) -> int:
        if self._chain_id is None:
            self._chain_id = int(self.w3.eth.chain_id)
        return self._chain_id

    def contract_name(self, address: str | None) -> str | None:
        """The deployment's name for `address` (None for another address)."""
        return None if address is None else self._names.get(to_checksum_address(address))

    def fees(self) -> dict[str, int]:
        """:func:`fee_fields`, read at most once every FEE_CACHE_SECONDS."""
        with self._fee_lock:
            now = time.monotonic()
            if self._fees is None or now - self._fees[0] > FEE_CACHE_SECONDS:
                self._fees = (now, fee_fields(self.w3, self.priority_fee))
            return dict(self._fees[1])

    def estimate_gas(self, to: str, data: bytes, value: int = 0) -> int:
        """The node's gas estimate x the margin. A revert raises its decoded error."""
        call: TxParams = {"to": to_checksum_address(to), "data": HexBytes(data), "value": Wei(value)}
        if self.address is not None:
            call["from"] = self.address
        try:
            estimate = self.w3.eth.estimate_gas(call)
        except (Web3Exception, ValueError) as exc:
            raise_for(exc, self.abis, contract=self.contract_name(to), w3=self.w3)
        return int(estimate * self.gas_margin)

    # ------------------------------------------------------------ sending

    @overload
    def send(
        self,
        to: str,
        data: bytes,
        *,
        value: int = ...,
        gas: int | None = ...,
        wait: Literal[True] = ...,
        timeout: float | None = ...,
        confirmations: int | None = ...,
    ) -> Receipt: ...
    @overload
    def send(
        self,
        to: str,
        data: bytes,
        *,
        value: int = ...,
        gas: int | None = ...,
        wait: Literal[False],
        timeout: float | None = ...,
        confirmations: int | None = ...,
    ) -> PendingTransaction: ...
    @overload
    def send(
        self,
        to: str,
        data: bytes,
        *,
        value: int = ...,
        gas: int | None = ...,
        wait: bool,
        timeout: float | None = ...,
        confirmations: int | None = ...,
    ) -> Receipt | PendingTransaction: ...
    def send(
        self,
        to: str,
        data: bytes,
        *,
        value: int = 0,
        gas: int | None = None,
        wait: bool = True,
        timeout: float | None = None,
        confirmations: int | None = None,
    ) -> Receipt | PendingTransaction:
        """Sign and send a call of `data` to `to`; with `wait` (the default) return its
        :class:`Receipt`, else a :class:`PendingTransaction`.

        Without `gas` the node estimates it (a revert raises the decoded error, nothing is
        sent); with `gas` the transaction is sent as is, and one that reverts is mined with
        status 0 and raises the same decoded error when waited for. A nonce the node reports as
        taken (another process used the key) is read again from the node and the transaction
        re-signed once, unless the node has the very transaction signed (a retried broadcast
        whose first copy got through): then that one is waited for, never a second.
        """
        if self.account is None or self.nonces is None:
            name = self.contract_name(to) or to
            raise NoSigner(f"a transaction to {name}")
        target = to_checksum_address(to)
        if gas is None:
            gas = self.estimate_gas(target, data, value)
        tx: dict[str, Any] = {
            "chainId": self.chain_id,
            "to": target,
            "data": HexBytes(data),
            "value": value,
            "gas": gas,
            **self.fees(),
        }
        with self.nonces.ordered():
            for attempt in (1, 2):
                tx["nonce"] = self.nonces.reserve()
                signed = self.account.sign_transaction(tx)
                tx_hash = signed.hash.to_0x_hex()
                try:
                    self.w3.eth.send_raw_transaction(signed.raw_transaction)
                    break
                except (Web3Exception, ValueError) as exc:
                    readable = to_readable(exc, self.abis, contract=self.contract_name(target), w3=self.w3)
                    if readable is not None:  # Ganache answers a transaction mined with status 0 so
                        self.nonces.reset()
                        raise readable from exc
                    if self._known(tx_hash):
                        # The node has these very bytes: the error answered a second copy (web3.py
                        # retries a broadcast that timed out; "already known", "nonce too low").
                        # Signing the call again would send it twice.
                        break
                    self.nonces.reset()  # our nonce was not used (or was taken): ask the node again
                    message = str(exc)
                    if attempt == 1 and (nonce_used(message) or already_known(message)):
                        continue
                    raise TransactionRejected(self.address or "", tx["nonce"], target, str(exc)) from exc
        with self._unmined_lock:
            self._unmined[tx_hash] = bytes(signed.raw_transaction)
            while len(self._unmined) > MAX_KEPT_TRANSACTIONS:
                del self._unmined[next(iter(self._unmined))]
        pending = PendingTransaction(tx_hash, tx["nonce"], self)
        return pending.wait(timeout, confirmations) if wait else pending

    def _known(self, tx_hash: str) -> bool:
        """Whether the node has the transaction `tx_hash` (pooled or mined)."""
        try:
            return self.w3.eth.get_transaction(HexStr(tx_hash)) is not None
        except (TransactionNotFound, Web3Exception, ValueError):
            return False

    # ------------------------------------------------------------ waiting

    def wait(self, tx_hash: str | bytes, *, timeout: float | None = None, confirmations: int | None = None) -> Receipt:
        """The :class:`Receipt` of `tx_hash` once it is mined and `confirmations` more blocks
        are on top of its block (0: as soon as it is mined). Raises
        :class:`~partledger.exceptions.TransactionTimeout` after `timeout` seconds, and the
        decoded contract error when it was mined with status 0.

        A transaction this sender signed that is still unmined after `rebroadcast_after` seconds
        and that the node no longer knows is broadcast again with the same bytes (asked again
        after twice as long, up to 30 s apart)."""
        timeout = self.timeout if timeout is None else timeout
        confirmations = self.confirmations if confirmations is None else confirmations
        tx_hash = HexBytes(tx_hash).to_0x_hex()
        now = time.monotonic()
        deadline = now + timeout
        rebroadcast_in = self.rebroadcast_after
        rebroadcast_at = now + rebroadcast_in
        interval = min(0.005, self.poll_interval)
        mined_in: int | None = None
        while True:
            raw = self._receipt(tx_hash)
            if raw is not None:
                with self._unmined_lock:
                    self._unmined.pop(tx_hash, None)
                mined_in = _field(raw, "blockNumber")
                if confirmations <= 0 or int(self.w3.eth.block_number) - mined_in >= confirmations:
                    return self._receipt_of(raw)
            now = time.monotonic()
            if now >= deadline:
                raise TransactionTimeout(tx_hash, timeout, confirmations, mined_in)
            if raw is None and now >= rebroadcast_at:
                self._rebroadcast(tx_hash)
                rebroadcast_in = min(rebroadcast_in * 2, MAX_REBROADCAST_INTERVAL)
                rebroadcast_at = now + rebroadcast_in
            time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
            interval = min(interval * 2, self.poll_interval)

    def _rebroadcast(self, tx_hash: str) -> None:
        """Send the signed bytes of `tx_hash` again if this sender signed them and the node no
        longer has the transaction (pooled or mined): never a second copy of one it holds, which
        Ganache 7 would execute again. Every answer is taken: "nonce too low" (its nonce went
        elsewhere: the wait then times out naming the hash) changes nothing."""
        with self._unmined_lock:
            signed = self._unmined.get(tx_hash)
        if signed is None or self._known(tx_hash):
            return
        with self._unmined_lock:
            self.rebroadcasts += 1
        with suppress(Web3Exception, ValueError):
            self.w3.eth.send_raw_transaction(signed)

    def _receipt(self, tx_hash: str) -> TxReceipt | None:
        try:
            return self.w3.eth.get_transaction_receipt(HexStr(tx_hash))
        except TransactionNotFound:
            return None

    def _receipt_of(self, raw: TxReceipt) -> Receipt:
        """The Receipt of a mined transaction; status 0 raises its decoded error."""
        raise_for_receipt(self.w3, raw, self.abis, contract=self.contract_name(raw.get("to")))
        events = tuple(self._decoder.decode_all([RawLog.from_rpc(log) for log in raw["logs"]]))
        return Receipt(
            tx_hash=HexBytes(raw["transactionHash"]).to_0x_hex(),
            block_number=_field(raw, "blockNumber"),
            gas_used=_field(raw, "gasUsed"),
            effective_gas_price=_field(raw, "effectiveGasPrice"),
            status=_field(raw, "status", 1),
            events=events,
            raw=raw,
        )
