"""Event logs: as a node gives them (:class:`RawLog`) and decoded by their ABIs (:class:`LogDecoder`).

A decoder compiles, once per event, how each argument is read: static arguments straight from
their 32-byte words of hex, dynamic ones (arrays, bytes, strings) through eth-abi. Decoding was
half the time of rebuilding a history; a plan per topic makes it a few string slices.

>>> abi = [{"type": "event", "name": "Moved", "anonymous": False, "inputs": [
...     {"name": "id", "type": "uint256", "indexed": True},
...     {"name": "to", "type": "address", "indexed": False}]}]
>>> decoder = LogDecoder({"0x" + "aa" * 20: ("Mover", abi)})
>>> raw = RawLog(7, 0, "0x" + "01" * 32, "0x" + "aa" * 20, ("0x" + topic0(abi[0]).hex(), "0x" + "00" * 31 + "2a"),
...              "0x" + "00" * 12 + "bb" * 20, "0x" + "02" * 32)
>>> log = decoder.decode(raw)
>>> log.event, log.args["id"], log.args["to"], log.at.block
('Moved', 42, '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB', 7)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from eth_abi import decode as abi_decode

from partledger._abi import ABI, ABIEntry, canonical_type, checksum, normalize, topic0
from partledger._catalog import ENUMS

__all__ = ["At", "DecodedLog", "LogDecoder", "RawLog"]


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


def _hex_text(value: Any) -> str:
    """0x-prefixed lowercase hex of a node's value (a JSON string, bytes or HexBytes)."""
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") else "0x" + value.lower()
    return "0x" + bytes(value).hex()


def _int(value: Any) -> int:
    return value if isinstance(value, int) else int(value, 16)


class RawLog(NamedTuple):
    """One log as the node gave it, in one shape whatever the source: hex text in lowercase,
    block numbers as ints. `timestamp` is the block's time when known."""

    block: int
    log_index: int
    tx: str
    address: str
    topics: tuple[str, ...]
    data: str
    block_hash: str
    timestamp: int | None = None

    @classmethod
    def from_rpc(cls, log: Mapping[str, Any]) -> RawLog:
        """From an ``eth_getLogs`` entry, raw JSON (hex strings) or as web3.py formats it."""
        stamp = log.get("blockTimestamp")
        if isinstance(log["data"], str) and isinstance(log["blockNumber"], str):  # raw JSON: the fast path
            return cls(
                int(log["blockNumber"], 16),
                int(log["logIndex"], 16),
                log["transactionHash"].lower(),
                log["address"].lower(),
                tuple([t.lower() for t in log["topics"]]),
                log["data"].lower(),
                log["blockHash"].lower(),
                None if stamp is None else int(stamp, 16),
            )
        return cls(
            _int(log["blockNumber"]),
            _int(log["logIndex"]),
            _hex_text(log["transactionHash"]),
            _hex_text(log["address"]),
            tuple(_hex_text(t) for t in log["topics"]),
            _hex_text(log["data"]),
            _hex_text(log["blockHash"]),
            None if stamp is None else _int(stamp),
        )


_WordReader = Callable[[str], Any]


def _signed(word: str) -> int:
    """A two's complement intN word (sign-extended to 256 bits, whatever N)."""
    value = int(word, 16)
    return value - (1 << 256) if value >> 255 else value


def _word_reader(kind: str) -> _WordReader | None:
    """How to read one 32-byte word (64 hex digits) of a static type; None for the others."""
    if kind.endswith("]") or kind.startswith("(") or kind in ("bytes", "string"):
        return None
    if kind == "address":
        return lambda word: checksum("0x" + word[24:])
    if kind == "bool":
        return lambda word: int(word, 16) != 0
    if kind.startswith("uint"):
        return lambda word: int(word, 16)
    if kind.startswith("int"):
        return _signed
    if kind.startswith("bytes"):
        size = 2 * int(kind[5:])
        return lambda word: bytes.fromhex(word[:size])
    return None


@dataclass(frozen=True)
class _Argument:
    name: str
    kind: str
    indexed: bool
    position: int  # topic number (from 1) when indexed, else its place among the data values
    reader: _WordReader | None
    enum: list[str] | None


@dataclass(frozen=True)
class _Plan:
    """How to decode one event of one address."""

    event: str
    label: str
    address: str  # checksummed, as DecodedLog carries it
    topics: int
    arguments: tuple[_Argument, ...]
    data_types: tuple[str, ...]
    data_static: bool  # every data value is one word: read by slicing, without eth-abi

    @classmethod
    def of(cls, entry: ABIEntry, label: str, address: str) -> _Plan:
        arguments: list[_Argument] = []
        data_types: list[str] = []
        topics = 1
        for i, param in enumerate(entry["inputs"]):
            kind = canonical_type(param)
            internal = str(param.get("internalType", ""))
            enum = ENUMS.get(internal[len("enum ") :]) if internal.startswith("enum ") else None
            name = param.get("name") or f"arg{i}"
            if param.get("indexed"):
                arguments.append(_Argument(name, kind, True, topics, _word_reader(kind), enum))
                topics += 1
            else:
                arguments.append(_Argument(name, kind, False, len(data_types), _word_reader(kind), enum))
                data_types.append(kind)
        static = all(a.reader is not None for a in arguments if not a.indexed)
        return cls(entry["name"], label, checksum(address), topics, tuple(arguments), tuple(data_types), static)

    def decode(self, log: RawLog) -> DecodedLog | None:
        topics = log.topics
        if len(topics) != self.topics:
            return None  # same signature, other indexing (ERC-20 vs ERC-721 Transfer)
        data = log.data
        values: tuple[Any, ...] = ()
        if not self.data_static:
            values = abi_decode(list(self.data_types), bytes.fromhex(data[2:]))
        args: dict[str, Any] = {}
        enum_names: dict[str, str] = {}
        for argument in self.arguments:
            if argument.indexed:
                topic = topics[argument.position]
                # An indexed dynamic value is only its hash: keep the hash.
                value = argument.reader(topic[2:]) if argument.reader else bytes.fromhex(topic[2:])
            elif self.data_static:
                start = 2 + 64 * argument.position
                value = argument.reader(data[start : start + 64]) if argument.reader else None
            else:
                value = normalize(argument.kind, values[argument.position])
            args[argument.name] = value
            if argument.enum is not None and isinstance(value, int) and value < len(argument.enum):
                enum_names[argument.name] = argument.enum[value]
        at = At(log.block, log.log_index, log.tx, log.timestamp)
        return DecodedLog(self.event, args, self.label, self.address, at, enum_names)


class LogDecoder:
    """Decodes logs of known addresses by topic0, each address with its own ABI."""

    def __init__(self, sources: Mapping[str, tuple[str, ABI]]) -> None:
        """`sources`: {address: (label, ABI)}."""
        self._plans: dict[tuple[str, str], _Plan] = {}
        self._addresses: list[str] = []
        for given, (label, abi) in sources.items():
            address = checksum(given)
            self._addresses.append(address)
            for entry in abi:
                if entry.get("type") == "event" and not entry.get("anonymous"):
                    key = (address.lower(), "0x" + topic0(entry).hex())
                    self._plans[key] = _Plan.of(entry, label, address)

    @property
    def addresses(self) -> list[str]:
        """The addresses decoded, checksummed."""
        return list(self._addresses)

    def decode(self, log: RawLog) -> DecodedLog | None:
        """The decoded log, or None for an event none of the ABIs declares."""
        if not log.topics:
            return None
        plan = self._plans.get((log.address, log.topics[0]))
        return plan.decode(log) if plan is not None else None

    def decode_all(self, logs: list[RawLog]) -> list[DecodedLog]:
        """The logs the ABIs declare, decoded, in the order given."""
        found = (self.decode(log) for log in logs)
        return [log for log in found if log is not None]
