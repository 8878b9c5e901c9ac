"""Event logs: fetched with eth_getLogs in bounded block ranges, decoded by topic0 from ABIs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from eth_abi import decode as abi_decode
from eth_typing import ChecksumAddress
from eth_utils import to_checksum_address
from web3 import Web3
from web3.types import FilterParams, LogReceipt

from partledger._abi import ABI, ABIEntry, canonical_type, normalize, topic0
from partledger._catalog import ENUMS
from partledger.exceptions import InvalidChunk


@dataclass(frozen=True, order=True)
class At:
    """Where a fact was recorded: block, position in the block, transaction and block time."""

    block: int
    log_index: int
    tx: str = field(compare=False)
    timestamp: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DecodedLog:
    """One log decoded by its ABI: `args` by parameter name (enum values stay ints; see
    `enum_names` for their member names)."""

    event: str
    args: dict[str, Any]
    contract: str  # the label the reader gave the emitting address
    address: str
    at: At
    enum_names: dict[str, str] = field(default_factory=dict)


def _hex(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    return str(value) if str(value).startswith("0x") else "0x" + str(value)


def _as_int(value: Any) -> int:
    if isinstance(value, int):
        return value
    return int(str(value), 16) if str(value).startswith("0x") else int(value)


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return bytes.fromhex(str(value).removeprefix("0x"))


class LogDecoder:
    """Decodes logs of known addresses by topic0, each address with its own ABI."""

    def __init__(self, sources: Mapping[str, tuple[str, ABI]]) -> None:
        """`sources`: {address: (label, ABI)}."""
        self._events: dict[tuple[str, bytes], ABIEntry] = {}
        self._labels: dict[str, str] = {}
        for given, (label, abi) in sources.items():
            address = to_checksum_address(given)
            self._labels[address] = label
            for entry in abi:
                if entry.get("type") == "event" and not entry.get("anonymous"):
                    self._events[(address, topic0(entry))] = entry

    @property
    def addresses(self) -> list[str]:
        return list(self._labels)

    def decode(self, log: Mapping[str, Any], timestamp: int | None = None) -> DecodedLog | None:
        """The decoded log, or None for an event none of the ABIs declares."""
        topics = [_as_bytes(t) for t in log["topics"]]
        if not topics:
            return None
        address = to_checksum_address(log["address"])
        entry = self._events.get((address, topics[0]))
        if entry is None:
            return None
        indexed = [p for p in entry["inputs"] if p.get("indexed")]
        if len(indexed) != len(topics) - 1:
            return None  # same signature, other indexing (ERC-20 vs ERC-721 Transfer)
        plain = [p for p in entry["inputs"] if not p.get("indexed")]
        plain_values = iter(abi_decode([canonical_type(p) for p in plain], _as_bytes(log["data"])))
        topic_values = iter(topics[1:])
        args: dict[str, Any] = {}
        enum_names: dict[str, str] = {}
        for i, param in enumerate(entry["inputs"]):
            name = param.get("name") or f"arg{i}"
            kind = canonical_type(param)
            if param.get("indexed"):
                topic = next(topic_values)
                dynamic = kind in ("string", "bytes") or kind.endswith("]") or kind.startswith("(")
                # An indexed dynamic value is only its hash: keep the hash.
                value = topic if dynamic else normalize(kind, abi_decode([kind], topic)[0])
            else:
                value = normalize(kind, next(plain_values))
            args[name] = value
            internal = param.get("internalType", "")
            if internal.startswith("enum "):
                members = ENUMS.get(internal[len("enum ") :], [])
                if isinstance(value, int) and value < len(members):
                    enum_names[name] = members[value]
        at = At(
            block=_as_int(log["blockNumber"]),
            log_index=_as_int(log["logIndex"]),
            tx=_hex(log["transactionHash"]),
            timestamp=timestamp,
        )
        return DecodedLog(entry["name"], args, self._labels[address], address, at, enum_names)


def block_ranges(start: int, end: int, chunk: int) -> Iterable[tuple[int, int]]:
    """Inclusive [from, to] ranges of at most `chunk` blocks covering start..end."""
    if chunk < 1:
        raise InvalidChunk("chunk must be at least 1 block")
    while start <= end:
        stop = min(start + chunk - 1, end)
        yield start, stop
        start = stop + 1


def fetch_logs(
    w3: Web3, addresses: list[str], start: int, end: int, chunk: int, ranges: list[tuple[int, int]] | None = None
) -> list[LogReceipt]:
    """eth_getLogs over start..end in ranges of at most `chunk` blocks. A range the node refuses
    (too many results, too wide) is split in halves; a one-block range that still fails raises.
    Each range actually asked is appended to `ranges` when given."""
    logs: list[LogReceipt] = []
    pending = list(block_ranges(start, end, chunk))
    pending.reverse()
    while pending:
        low, high = pending.pop()
        try:
            query: FilterParams = {"address": cast(list[ChecksumAddress], addresses), "fromBlock": low, "toBlock": high}
            batch = w3.eth.get_logs(query)
        except Exception:
            if low == high:
                raise
            middle = (low + high) // 2
            pending += [(middle + 1, high), (low, middle)]
            continue
        if ranges is not None:
            ranges.append((low, high))
        logs.extend(batch)
    return logs


def fetch_decoded(
    w3: Web3,
    decoder: LogDecoder,
    start: int,
    end: int,
    chunk: int,
    ranges: list[tuple[int, int]] | None = None,
    timestamp: Callable[[Mapping[str, Any]], int | None] | None = None,
) -> list[DecodedLog]:
    """The logs of `decoder`'s addresses over start..end (:func:`fetch_logs`), in chain order,
    decoded; logs no ABI declares are left out. `timestamp(log)` gives each one's block time."""
    raw = fetch_logs(w3, decoder.addresses, start, end, chunk, ranges)
    raw.sort(key=lambda log: (int(log["blockNumber"]), int(log["logIndex"])))
    found = (decoder.decode(log, timestamp(log) if timestamp else None) for log in raw)
    return [d for d in found if d is not None]
