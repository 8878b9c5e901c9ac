"""Readable contract errors: every revert of the suite as a Python exception with its decoded
arguments and the contract's own explanation.

One root, :class:`PartLedgerError`. Reverts are :class:`ContractRevertError`, and every custom
error of the suite has its own subclass of that name, generated from the contracts' ABIs
(``partledger/_catalog.py``, rebuilt by ``tools/gen_catalog.py``), so
``except errors.PartNotFound`` works. Solidity's ``Panic(uint256)`` and ``Error(string)`` are
:class:`Panic` and :class:`RevertMessage`; anything else is :class:`UnknownRevert`.

>>> from eth_abi import encode
>>> data = bytes.fromhex("2c1ba2ce") + encode(["uint256"], [0x1234 << 240])  # PartSuspect(uint256)
>>> err = decode_revert(data)
>>> isinstance(err, PartSuspect), err.name, err.args["partId"] == 0x1234 << 240
(True, 'PartSuspect', True)
>>> str(err)
'PartSuspect(partId=0x12340000…): the part (or its batch) is recalled / quarantined'

With web3, wrap the calls so a revert comes out readable:

>>> with readable_errors():                      # doctest: +SKIP
...     registry.functions.ownerOf(123).call()
Traceback (most recent call last):
partledger.errors.TokenDoesNotExist: TokenDoesNotExist(): the token does not exist

A transaction sent with an explicit gas limit is not simulated by the node first: it is mined,
fails with status 0, and no exception comes. Given the web3 instance (or a Deployment), the block
also raises for it: reading its receipt inside the block (``wait_for_transaction_receipt``,
``get_transaction_receipt``) replays the transaction and raises its decoded error.

>>> with readable_errors(w3=w3):                 # doctest: +SKIP
...     tx = registry.functions.transferFrom(a, b, pid).transact({"from": a, "gas": 200_000})
...     w3.eth.wait_for_transaction_receipt(tx)
Traceback (most recent call last):
partledger.errors.PartSuspect: PartSuspect(partId=0x2af36c81…): the part (or its batch) is recalled / quarantined
"""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, NamedTuple, NoReturn, cast

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.exceptions import DecodingError, EncodingError
from eth_typing import HexStr
from eth_utils import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ContractLogicError, Web3Exception
from web3.middleware import Web3Middleware
from web3.types import RPCEndpoint, RPCResponse, TxParams, TxReceipt

from partledger._abi import ABI, ABIEntry, canonical_type, format_value, iter_abis, normalize, selector
from partledger._catalog import ERRORS as _CATALOG

__all__ = [
    "PartLedgerError",
    "ContractRevertError",
    "Panic",
    "RevertMessage",
    "UnknownRevert",
    "OutOfGas",
    "ManifestError",
    "ManifestNotFound",
    "ContractNotInManifest",
    "ChainMismatch",
    "NoCodeAtAddress",
    "StaleManifest",
    "decode_revert",
    "revert_data",
    "to_readable",
    "raise_for",
    "raise_for_receipt",
    "readable_errors",
    "error_class",
    "known_errors",
]

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
PANIC_SELECTOR = bytes.fromhex("4e487b71")  # Panic(uint256)

PANIC_REASONS = {
    0x00: "generic compiler panic",
    0x01: "assert(false)",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "conversion into an out-of-range enum value",
    0x22: "incorrectly encoded storage byte array",
    0x31: "pop() on an empty array",
    0x32: "array index out of bounds",
    0x41: "too much memory allocated",
    0x51: "call to a zero-initialized function variable",
}


# ============================================================ the exception tree


class PartLedgerError(Exception):
    """Root of every error this package raises."""


class ContractRevertError(PartLedgerError):
    """A contract call or transaction reverted.

    Attributes: ``name`` (the Solidity error's name), ``args`` (a dict of its decoded named
    arguments), ``contract`` (the contract that declares it, when known), ``explanation`` (the
    contract's @dev comment), ``data`` (the raw revert data), ``selector``, and
    ``transaction_hash`` (0x-hex) when the error is that of a transaction mined with status 0.
    """

    def __init__(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        *,
        contract: str | None = None,
        explanation: str = "",
        data: bytes = b"",
        types: Mapping[str, str] | None = None,
        transaction_hash: str | None = None,
    ) -> None:
        self.name = name
        self._args = dict(args or {})
        self.contract = contract
        self.explanation = explanation
        self.data = bytes(data)
        self.selector = self.data[:4]
        self._types = dict(types or {})
        self.transaction_hash = transaction_hash
        super().__init__(self._message())

    @property  # a dict, not BaseException's tuple: the decoded arguments by name
    def args(self) -> dict[str, Any]:  # type: ignore[override]
        return self._args

    def _format(self, key: str, value: Any) -> str:
        return format_value(self._types[key], value) if key in self._types else repr(value)

    def _message(self) -> str:
        shown = ", ".join(f"{key}={self._format(key, value)}" for key, value in self._args.items())
        text = f"{self.name}({shown})"
        return f"{text}: {self.explanation}" if self.explanation else text

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        where = f", contract={self.contract!r}" if self.contract else ""
        return f"{type(self).__name__}({self.name!r}, {self._args!r}{where})"

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "contract": self.contract,
            "explanation": self.explanation,
            "data": self.data,
            "types": self._types,
            "transaction_hash": self.transaction_hash,
        }
        return (_rebuild, (type(self), self.name, self._args, kwargs))


def _rebuild(
    cls: type[ContractRevertError], name: str, args: dict[str, Any], kwargs: dict[str, Any]
) -> ContractRevertError:
    return cls(name, args, **kwargs)


class Panic(ContractRevertError):
    """Solidity ``Panic(uint256)``: an assert, overflow, bad index... ``args["code"]``."""

    def _format(self, key: str, value: Any) -> str:
        return f"0x{value:02x}" if key == "code" else super()._format(key, value)


class RevertMessage(ContractRevertError):
    """Solidity ``Error(string)`` (``require(cond, "message")``): ``args["message"]``."""


class UnknownRevert(ContractRevertError):
    """Revert data no known ABI declares (or no data at all): ``args["data"]`` holds it."""


class OutOfGas(ContractRevertError):
    """A transaction mined with status 0 after using all of its gas: ``args["gasUsed"]`` and
    ``args["gasLimit"]``. Nothing reverted with a reason; send it again with more gas."""


# ------------------------------------------------------------ manifest errors


class ManifestError(PartLedgerError):
    """A deployment manifest cannot serve the request."""


class ManifestNotFound(ManifestError):
    """No manifest file at ``path`` (for chain ``chain_id`` when looked up by id)."""

    def __init__(self, path: str | PathLike[str], chain_id: int | None = None) -> None:
        self.path, self.chain_id = path, chain_id
        hint = f" for chain {chain_id}" if chain_id is not None else ""
        super().__init__(f"no deployment manifest{hint} at {path}: deploy first (brownie run scripts/deploy.py)")


class ContractNotInManifest(ManifestError):
    """The manifest at ``path`` has no contract ``name`` (``available`` lists what it has)."""

    def __init__(self, name: str, path: str | PathLike[str], available: Iterable[str]) -> None:
        self.name, self.path, self.available = name, path, sorted(available)
        super().__init__(f"{path} has no contract {name!r} (it has: {', '.join(self.available) or 'none'})")


class ChainMismatch(ManifestError):
    """The manifest was written for ``manifest_chain_id`` but the node is on ``node_chain_id``."""

    def __init__(self, path: str | PathLike[str], manifest_chain_id: int, node_chain_id: int) -> None:
        self.path, self.manifest_chain_id, self.node_chain_id = path, manifest_chain_id, node_chain_id
        super().__init__(f"{path} is for chain {manifest_chain_id}, but the node is on chain {node_chain_id}")


class NoCodeAtAddress(ManifestError):
    """The manifest's ``name`` points at ``address``, which holds no contract on this chain."""

    def __init__(self, name: str, address: str, path: str | PathLike[str]) -> None:
        self.name, self.address, self.path = name, address, path
        super().__init__(f"{name} at {address} (from {path}) has no code on this chain: stale manifest?")


class StaleManifest(ManifestError):
    """The manifest was written for another instance of its chain (every local chain is chain
    31337): ``name`` was deployed in block ``block``, whose hash is ``expected`` in the manifest
    but ``found`` on the node (None: the node has no such block yet). The chain was restarted or
    reset since, or the block was reorganised away."""

    def __init__(self, path: object, name: str, block: int, expected: str, found: str | None):
        self.path, self.name, self.block, self.expected, self.found = path, name, block, expected, found
        there = f"is {found[:10]}…" if found else "does not exist yet"
        super().__init__(
            f"{path} was written for another instance of this chain: {name} was deployed in block {block} "
            f"{expected[:10]}…, but the node's block {block} {there}. The chain was restarted or reset "
            "since; deploy the suite again (brownie run scripts/deploy.py)"
        )


# ------------------------------------------------------------ log reading errors


class LogReadError(PartLedgerError):
    """Logs could not be read or kept for a history."""


class UnknownPart(LogReadError):
    """No log in the scanned blocks mentions part ``part_id``."""

    def __init__(self, part_id: int, from_block: int, to_block: int):
        self.part_id, self.from_block, self.to_block = part_id, from_block, to_block
        super().__init__(f"part {part_id:#x} appears in no log of blocks {from_block}..{to_block}")


class LogQueryRefused(LogReadError):
    """The node refused ``eth_getLogs`` even for the one block ``block`` (``reason``: its answer).
    Wider ranges are split until they pass; one block cannot be split further."""

    def __init__(self, block: int, reason: str):
        self.block, self.reason = block, reason
        super().__init__(f"the node refused eth_getLogs even for the single block {block}: {reason}")


class LogQueryFailed(LogReadError):
    """The node answered ``method`` with an error that is no range limit (``error``: its JSON-RPC
    error object): retrying with smaller ranges would not help."""

    def __init__(self, method: str, error: Any):
        self.method, self.error = method, error
        super().__init__(f"{method} failed: {error}")


class IndexMismatch(LogReadError):
    """The history index at ``path`` holds ``found`` (chain id and contract addresses), not
    ``expected``: one index file never mixes deployments."""

    def __init__(self, path: object, expected: str, found: str):
        self.path, self.expected, self.found = path, expected, found
        super().__init__(
            f"the history index {path} holds the logs of {found}, not of {expected}: point at another "
            "file, or remove this one"
        )


# ============================================================ error classes from the ABIs

_CLASSES: dict[str, type[ContractRevertError]] = {}
_RESERVED = set(globals())  # names a generated class must never shadow


def error_class(name: str, doc: str = "") -> type[ContractRevertError]:
    """The ContractRevertError subclass for Solidity error `name`, created on first use and
    exported as ``partledger.errors.<name>`` (unless that name is taken by this module)."""
    cls = _CLASSES.get(name)
    if cls is None:
        cls = type(name, (ContractRevertError,), {"__doc__": doc or f"Solidity error {name}.", "__module__": __name__})
        _CLASSES[name] = cls
        if name not in _RESERVED:
            globals()[name] = cls
    return cls


def _explain(dev: str) -> str:
    """'`account` is not ...' -> 'account is not ...': a clause to follow the error's name."""
    text = " ".join(dev.replace("`", "").split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


@dataclass
class _Spec:
    """One error signature and, per declaring contract, its explanation."""

    name: str
    inputs: list[ABIEntry]
    explanations: dict[str | None, str] = field(default_factory=dict)  # contract -> text; None: unnamed ABI
    weights: dict[str | None, int] = field(default_factory=dict)  # errors the contract declares

    def pick(self, contract: str | None) -> tuple[str | None, str]:
        """(declaring contract, explanation): the hinted contract if it declares this error,
        else the only declarer, else (None, the text of the declarer with the most errors)."""
        named = [c for c in self.explanations if c is not None]
        if contract in self.explanations and contract is not None:
            return contract, self.explanations[contract]
        if len(named) == 1:
            return named[0], self.explanations[named[0]]
        texts = [t for t in self.explanations.values() if t]
        if not named:
            return None, texts[0] if texts else ""
        best = max(named, key=lambda c: (bool(self.explanations[c]), self.weights.get(c, 0), c))
        return None, self.explanations[best]


class _Registry:
    """Selector -> spec, from the generated catalog plus any ABIs a caller passes."""

    def __init__(self) -> None:
        self._specs: dict[bytes, _Spec] = {}

    def add(self, contract: str | None, abi: ABI) -> None:
        """Learn the errors of `abi` (entries may carry a "dev" explanation, as the catalog's do)."""
        errors = [e for e in abi if e.get("type", "error") == "error" and "name" in e]
        for entry in errors:
            sel = selector(entry)
            spec = self._specs.get(sel)
            if spec is None:
                spec = self._specs[sel] = _Spec(entry["name"], list(entry.get("inputs", [])))
            dev = entry.get("dev", "")
            if contract not in spec.explanations or dev:
                spec.explanations[contract] = _explain(dev) if dev else spec.explanations.get(contract, "")
            spec.weights[contract] = max(spec.weights.get(contract, 0), len(errors))
            error_class(entry["name"], dev)

    def with_abis(self, abis: Any) -> _Registry:
        pairs = list(iter_abis(abis))
        if not pairs:
            return self
        extended = _Registry()
        extended._specs = {
            sel: _Spec(s.name, s.inputs, dict(s.explanations), dict(s.weights)) for sel, s in self._specs.items()
        }
        for contract, abi in pairs:
            extended.add(contract, abi)
        return extended

    def get(self, sel: bytes) -> _Spec | None:
        return self._specs.get(sel)

    def items(self) -> ItemsView[bytes, _Spec]:
        return self._specs.items()

    def names(self) -> set[str]:
        return {s.name for s in self._specs.values()}


_CATALOG_REGISTRY = _Registry()
for _contract, _entries in cast(dict[str, ABI], _CATALOG).items():
    _CATALOG_REGISTRY.add(_contract, [{**e, "type": "error"} for e in _entries])


def known_errors() -> set[str]:
    """Names of every suite error that has a class without being given an ABI."""
    return _CATALOG_REGISTRY.names()


# ============================================================ decoding


def _to_bytes(data: Any) -> bytes:
    if data is None:
        return b""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        text = data.strip()
        if text.startswith("Reverted "):  # some nodes prefix the data
            text = text[len("Reverted ") :].strip()
        text = text.removeprefix("0x").removeprefix("0X")
        if len(text) % 2 or not re.fullmatch(r"[0-9a-fA-F]*", text):
            raise ValueError(f"not hex revert data: {data[:80]!r}")
        return bytes.fromhex(text)
    raise TypeError(f"revert data must be bytes or a hex string, got {type(data).__name__}")


def decode_revert(data: bytes | str, abis: Any = None, *, contract: str | None = None) -> ContractRevertError:
    """The exception that revert `data` stands for (returned, not raised).

    `abis`: extra ABIs (a mapping {contract name: ABI or Contract}, one ABI, a Contract, a
    Deployment, or a list of those); the suite's own errors are known without them. `contract`:
    the contract that was called, which decides the explanation when several declare the error.
    """
    raw = _to_bytes(data)
    head, body = raw[:4], raw[4:]
    if len(raw) < 4:
        explanation = "reverted without a reason" if not raw else "revert data shorter than a selector"
        return UnknownRevert(
            "UnknownRevert",
            {"data": raw},
            contract=contract,
            explanation=explanation,
            data=raw,
            types={"data": "bytes"},
        )
    try:
        if head == ERROR_STRING_SELECTOR:
            (message,) = abi_decode(["string"], body)
            return RevertMessage(
                "Error",
                {"message": message},
                contract=contract,
                explanation=message,
                data=raw,
                types={"message": "string"},
            )
        if head == PANIC_SELECTOR:
            (code,) = abi_decode(["uint256"], body)
            reason = PANIC_REASONS.get(code, "unknown panic code")
            return Panic("Panic", {"code": code}, contract=contract, explanation=reason, data=raw)
        spec = _CATALOG_REGISTRY.with_abis(abis).get(head)
        if spec is not None:
            types = [canonical_type(p) for p in spec.inputs]
            values = [normalize(t, v) for t, v in zip(types, abi_decode(types, body), strict=True)]
            names = [p.get("name") or f"arg{i}" for i, p in enumerate(spec.inputs)]
            declarer, explanation = spec.pick(contract)
            cls = error_class(spec.name)
            return cls(
                spec.name,
                dict(zip(names, values, strict=True)),
                contract=declarer or contract,
                explanation=explanation,
                data=raw,
                types=dict(zip(names, types, strict=True)),
            )
    except DecodingError:
        pass  # malformed arguments: report the raw data rather than guess
    return UnknownRevert(
        "UnknownRevert",
        {"selector": head, "data": body},
        contract=contract,
        explanation="no known ABI declares this error",
        data=raw,
        types={"selector": "bytes4", "data": "bytes"},
    )


# ============================================================ from web3 (and anything wrapping it)

_HEX = re.compile(r"^(Reverted )?0x[0-9a-fA-F]*$")
_TX_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")


def _mined_hash_in(payload: Mapping[str, Any]) -> str | None:
    """Ganache (with vmErrorsOnRPCResponse, as brownie runs it) answers a transaction that was
    mined and failed with ``{"hash": h, "result": h, "reason": ..., ...}``: `h` is the
    transaction's hash, not revert data."""
    tx_hash = payload.get("hash")
    if isinstance(tx_hash, str) and _TX_HASH.match(tx_hash) and payload.get("result") == tx_hash:
        return tx_hash
    return None


def _data_in(value: Any, depth: int = 0) -> bytes | None:
    """Revert data inside an RPC error payload (a hex string, or nested in a dict)."""
    if depth > 4 or value is None:
        return None
    if isinstance(value, (bytes, bytearray, HexBytes)):
        return bytes(value)
    if isinstance(value, str):
        return _to_bytes(value) if _HEX.match(value.strip()) else None
    if isinstance(value, Mapping):
        if _mined_hash_in(value) is not None:
            return None  # the data of a mined transaction comes from replaying it
        for key in ("data", "return", "result", "output", "revertData", "reason", "error"):
            found = _data_in(value.get(key), depth + 1)
            if found is not None:
                return found
        for key, inner in value.items():  # ganache: {"0x<txhash>": {"error": "revert", "reason": "0x..."}}
            if isinstance(key, str) and key.startswith("0x") and isinstance(inner, Mapping):
                found = _data_in(inner, depth + 1)
                if found is not None:
                    return found
    return None


def _mined_hash_nested(value: Any, depth: int = 0) -> str | None:
    if depth > 4 or not isinstance(value, Mapping):
        return None
    found = _mined_hash_in(value)
    for inner in value.values():
        found = found or _mined_hash_nested(inner, depth + 1)
    return found


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _payloads(link: BaseException) -> Iterator[Any]:
    """Where an exception may carry the node's error payload."""
    for attr in ("data", "rpc_response", "revert_data"):
        yield getattr(link, attr, None)
    if not isinstance(link, ContractRevertError):  # whose `args` are its decoded arguments
        yield from (arg for arg in link.args if isinstance(arg, Mapping))


def revert_data(exc: BaseException) -> bytes | None:
    """The raw revert data carried by `exc` or by an exception it was raised from: web3's
    ContractCustomError / ContractPanicError / ContractLogicError (``.data``), Web3RPCError
    (``.rpc_response``), a ValueError holding the node's error payload (what brownie's web3
    raises), or anything chained to one of those. None if there is none."""
    for link in _chain(exc):
        if isinstance(link, ContractRevertError):
            return link.data
        for payload in _payloads(link):
            found = _data_in(payload)
            if found is not None:
                return found
    return None


def _mined_transaction(exc: BaseException) -> str | None:
    """The hash of the failed transaction an error reports as mined (Ganache), else None."""
    for link in _chain(exc):
        for payload in _payloads(link):
            found = _mined_hash_nested(payload)
            if found is not None:
                return found
    return None


def _from_decoded_message(text: str, abis: Any, contract: str | None) -> ContractRevertError | None:
    """Brownie's VirtualMachineError keeps no revert data, only `revert_msg` as
    "Name: arg1, arg2" (or "Unknown typed error: 0x..."): rebuild the data from it."""
    text = text.strip()
    if text.startswith("Unknown typed error:"):
        return decode_revert(text.split(":", 1)[1].strip(), abis, contract=contract)
    match = re.fullmatch(r"(\w+)(?::\s*(.*))?", text, flags=re.DOTALL)  # "Name", "Name: ", "Name: a, b"
    if not match:
        return None
    name, rest = match.group(1), (match.group(2) or "").strip()
    registry = _CATALOG_REGISTRY.with_abis(abis)
    candidates = [(sel, spec) for sel, spec in registry.items() if spec.name == name]
    for sel, spec in candidates:
        types = [canonical_type(p) for p in spec.inputs]
        parts = rest.split(", ") if rest else []
        if len(parts) != len(types):
            continue
        try:
            values = [_parse_shown(kind, part) for kind, part in zip(types, parts, strict=True)]
            data = sel + abi_encode(types, values)
        except (ValueError, SyntaxError, TypeError, EncodingError):
            continue
        return decode_revert(data, abis, contract=contract)
    return None


def _parse_shown(kind: str, text: str) -> Any:
    """One argument as brownie prints it (str() of the decoded value)."""
    if kind.startswith(("uint", "int")):
        return int(text)
    if kind == "address":
        return to_checksum_address(text)
    if kind == "bool":
        return {"True": True, "False": False}[text]
    if kind.startswith("bytes"):
        value = ast.literal_eval(text) if text[:2] in ("b'", 'b"') else bytes.fromhex(text.removeprefix("0x"))
        if not isinstance(value, bytes):
            raise ValueError(text)
        return value
    if kind == "string":
        return text
    raise ValueError(f"cannot read a {kind} back from {text!r}")


def to_readable(
    exc: BaseException, abis: Any = None, *, contract: str | None = None, w3: Web3 | None = None
) -> ContractRevertError | None:
    """The ContractRevertError for `exc`, or None when `exc` is not a revert. With `w3`, an
    error that reports a transaction as mined and failed (Ganache's answer to sending one)
    becomes that transaction's decoded error, replayed as :func:`raise_for_receipt` does."""
    return _readable(exc, abis, contract, w3, follow_mined=True)


def _readable(
    exc: BaseException, abis: Any, contract: str | None, w3: Web3 | None, *, follow_mined: bool
) -> ContractRevertError | None:
    if isinstance(exc, ContractRevertError):
        return exc
    data = revert_data(exc)
    if data is not None:
        return decode_revert(data, abis, contract=contract)
    mined = _mined_transaction(exc) if follow_mined else None
    if mined is not None:
        if w3 is not None:
            return _failure_of(w3, _receipt_of(w3, HexStr(mined)), abis, contract)
        return UnknownRevert(
            "UnknownRevert",
            {"data": b""},
            contract=contract,
            explanation="the transaction was mined and failed; readable_errors(w3=...) replays it to name the error",
            types={"data": "bytes"},
            transaction_hash=mined,
        )
    for link in _chain(exc):
        shown = getattr(link, "revert_msg", None)
        if isinstance(shown, str) and shown:
            readable = _from_decoded_message(shown, abis, contract)
            if readable is not None:
                return readable
    # A node that gave only a message ("execution reverted: reason"), no data.
    for link in _chain(exc):
        if isinstance(link, ContractLogicError):
            message = str(getattr(link, "message", "") or "")
            reason = message.split("execution reverted:", 1)[1].strip() if "execution reverted:" in message else ""
            if reason:
                return RevertMessage(
                    "Error", {"message": reason}, contract=contract, explanation=reason, types={"message": "string"}
                )
            return decode_revert(b"", contract=contract)
    return None


def raise_for(exc: BaseException, abis: Any = None, *, contract: str | None = None, w3: Web3 | None = None) -> NoReturn:
    """Raise the readable form of `exc` (chained to it), or `exc` itself if it is no revert."""
    readable = to_readable(exc, abis, contract=contract, w3=w3)
    if readable is None or readable is exc:
        raise exc
    raise readable from exc


# ============================================================ transactions mined with status 0


def _field(record: Mapping[str, Any], key: str) -> int:
    """An integer field of a receipt or transaction, formatted (int) or raw (0x-hex)."""
    value = record[key]
    return int(value, 16) if isinstance(value, str) else int(value)


def _failure_of(w3: Web3, receipt: Mapping[str, Any], abis: Any, contract: str | None) -> ContractRevertError:
    """The error of the failed transaction behind `receipt`: the transaction is replayed with
    eth_call (same sender, target, data, value and gas limit) in the state before its block.

    That state is exact when the transaction was the first of its block (always so on an
    automining dev chain). Otherwise an earlier transaction of the block may have caused the
    failure; if the replay then succeeds, the error says so (UnknownRevert). A transaction that
    used all of its gas is :class:`OutOfGas`."""
    tx_hash = HexBytes(receipt["transactionHash"])
    tx = w3.eth.get_transaction(tx_hash)
    call: TxParams = {"from": tx["from"], "data": tx["input"], "value": tx["value"], "gas": tx["gas"]}
    if tx.get("to"):
        call["to"] = tx["to"]
    before = _field(receipt, "blockNumber") - 1
    readable: ContractRevertError | None = None
    try:
        w3.eth.call(call, before)
        why = (
            f"replayed in the state of block {before}, it succeeded: a transaction before it in its block made it fail"
        )
    except (Web3Exception, ValueError) as exc:  # brownie's web3 raises ValueError for node errors
        # (not following a mined transaction: `exc` may be chained to the error that led here)
        readable = _readable(exc, abis, contract, None, follow_mined=False)
        why = f"replayed in the state of block {before}, it failed without a reason ({exc})"
    gas_used, gas_limit = _field(receipt, "gasUsed"), _field(tx, "gas")
    if (readable is None or not readable.data) and gas_used >= gas_limit:
        readable = OutOfGas(
            "OutOfGas",
            {"gasUsed": gas_used, "gasLimit": gas_limit},
            contract=contract,
            explanation="the transaction used all of its gas; send it with a higher gas limit",
            types={"gasUsed": "uint256", "gasLimit": "uint256"},
        )
    if readable is None:
        readable = UnknownRevert(
            "UnknownRevert",
            {"data": b""},
            contract=contract,
            explanation=f"mined with status 0; {why}",
            types={"data": "bytes"},
        )
    readable.transaction_hash = tx_hash.to_0x_hex()
    return readable


def raise_for_receipt(
    w3: Web3, receipt: Mapping[str, Any] | bytes | str, abis: Any = None, *, contract: str | None = None
) -> TxReceipt:
    """The receipt of a successful transaction; for one mined with status 0, its decoded error
    raised. `receipt`: a receipt or a transaction hash.

    >>> receipt = raise_for_receipt(w3, w3.eth.wait_for_transaction_receipt(tx_hash))  # doctest: +SKIP
    """
    found = receipt if isinstance(receipt, Mapping) else _receipt_of(w3, HexBytes(receipt))
    if "status" in found and _field(found, "status") == 0:
        raise _failure_of(w3, found, abis, contract)
    return cast(TxReceipt, found)


class _Watched(NamedTuple):
    """What a readable_errors block needs to decode a failed receipt."""

    w3: Web3 | None
    abis: Any
    contract: str | None


# The innermost readable_errors block of this thread (or task), if any.
_ACTIVE: ContextVar[_Watched | None] = ContextVar("partledger_readable_errors", default=None)
_MIDDLEWARE_NAME = "partledger_failed_receipts"
_INSTALL_LOCK = threading.Lock()


class _FailedReceiptsMiddleware(Web3Middleware):
    """Raises the decoded error of a receipt with status 0, read inside a readable_errors block
    that watches this web3 instance. Inert everywhere else (other blocks, threads, no block)."""

    def response_processor(self, method: RPCEndpoint, response: RPCResponse) -> RPCResponse:
        active = _ACTIVE.get()
        if method != "eth_getTransactionReceipt" or active is None or active.w3 is not self._w3:
            return response
        result = response.get("result")
        if isinstance(result, Mapping) and "status" in result and _field(result, "status") == 0:
            raise _failure_of(self._w3, result, active.abis, active.contract)
        return response


def _receipt_of(w3: Web3, tx_hash: HexStr | HexBytes) -> TxReceipt:
    """A receipt as the node has it, even inside a readable_errors block."""
    token = _ACTIVE.set(None)
    try:
        return w3.eth.get_transaction_receipt(tx_hash)
    finally:
        _ACTIVE.reset(token)


def _watch(w3: Web3) -> None:
    """Install the failed-receipt middleware on `w3` once (it stays, inert outside blocks)."""
    with _INSTALL_LOCK:
        if _MIDDLEWARE_NAME not in w3.middleware_onion:
            w3.middleware_onion.add(_FailedReceiptsMiddleware, name=_MIDDLEWARE_NAME)


def _web3_of(abis: Any) -> Web3 | None:
    """The web3 instance of a Deployment or a web3 Contract given as `abis`, if any."""
    w3 = getattr(abis, "w3", None)
    return w3 if isinstance(w3, Web3) else None


@contextmanager
def readable_errors(abis: Any = None, *, contract: str | None = None, w3: Web3 | None = None) -> Iterator[None]:
    """Turn reverts raised inside the block into :class:`ContractRevertError` subclasses;
    every other exception passes through untouched.

    With `w3` (or a Deployment or web3 Contract as `abis`; an enclosing block's `w3` is kept),
    transactions that were mined and failed raise too: a receipt with status 0 read through
    `w3` inside the block, and Ganache's error for sending one, become the transaction's
    decoded error (replayed; see :func:`raise_for_receipt`), with ``transaction_hash`` set.
    Outside the block receipts come back unchanged.

    >>> with readable_errors():
    ...     raise ValueError("not a revert")
    Traceback (most recent call last):
    ValueError: not a revert
    """
    outer = _ACTIVE.get()
    if w3 is None:
        w3 = _web3_of(abis)
    if w3 is None and outer is not None:
        w3 = outer.w3
    if w3 is not None:
        _watch(w3)
    token = _ACTIVE.set(_Watched(w3, abis, contract))
    try:
        yield
    except PartLedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised unchanged unless it carries revert data
        raise_for(exc, abis, contract=contract, w3=w3)
    finally:
        _ACTIVE.reset(token)
