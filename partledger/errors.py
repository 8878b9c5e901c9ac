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
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.exceptions import DecodingError, EncodingError
from eth_utils import to_checksum_address
from hexbytes import HexBytes

from partledger._abi import canonical_type, format_value, iter_abis, normalize, selector
from partledger._catalog import ERRORS as _CATALOG

__all__ = [
    "PartLedgerError",
    "ContractRevertError",
    "Panic",
    "RevertMessage",
    "UnknownRevert",
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
    contract's @dev comment), ``data`` (the raw revert data) and ``selector``.
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
    ):
        self.name = name
        self._args = dict(args or {})
        self.contract = contract
        self.explanation = explanation
        self.data = bytes(data)
        self.selector = self.data[:4]
        self._types = dict(types or {})
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

    def __reduce__(self):
        kwargs = {"contract": self.contract, "explanation": self.explanation, "data": self.data, "types": self._types}
        return (_rebuild, (type(self), self.name, self._args, kwargs))


def _rebuild(cls, name, args, kwargs):
    return cls(name, args, **kwargs)


class Panic(ContractRevertError):
    """Solidity ``Panic(uint256)``: an assert, overflow, bad index... ``args["code"]``."""

    def _format(self, key: str, value: Any) -> str:
        return f"0x{value:02x}" if key == "code" else super()._format(key, value)


class RevertMessage(ContractRevertError):
    """Solidity ``Error(string)`` (``require(cond, "message")``): ``args["message"]``."""


class UnknownRevert(ContractRevertError):
    """Revert data no known ABI declares (or no data at all): ``args["data"]`` holds it."""


# ------------------------------------------------------------ manifest errors


class ManifestError(PartLedgerError):
    """A deployment manifest cannot serve the request."""


class ManifestNotFound(ManifestError):
    """No manifest file at ``path`` (for chain ``chain_id`` when looked up by id)."""

    def __init__(self, path, chain_id: int | None = None):
        self.path, self.chain_id = path, chain_id
        hint = f" for chain {chain_id}" if chain_id is not None else ""
        super().__init__(f"no deployment manifest{hint} at {path}: deploy first (brownie run scripts/deploy.py)")


class ContractNotInManifest(ManifestError):
    """The manifest at ``path`` has no contract ``name`` (``available`` lists what it has)."""

    def __init__(self, name: str, path, available):
        self.name, self.path, self.available = name, path, sorted(available)
        super().__init__(f"{path} has no contract {name!r} (it has: {', '.join(self.available) or 'none'})")


class ChainMismatch(ManifestError):
    """The manifest was written for ``manifest_chain_id`` but the node is on ``node_chain_id``."""

    def __init__(self, path, manifest_chain_id: int, node_chain_id: int):
        self.path, self.manifest_chain_id, self.node_chain_id = path, manifest_chain_id, node_chain_id
        super().__init__(f"{path} is for chain {manifest_chain_id}, but the node is on chain {node_chain_id}")


class NoCodeAtAddress(ManifestError):
    """The manifest's ``name`` points at ``address``, which holds no contract on this chain."""

    def __init__(self, name: str, address: str, path):
        self.name, self.address, self.path = name, address, path
        super().__init__(f"{name} at {address} (from {path}) has no code on this chain: stale manifest?")


class StaleManifest(ManifestError):
    """The manifest was written for another instance of its chain (every local chain is chain
    31337): ``name`` was deployed in block ``block``, whose hash is ``expected`` in the manifest
    but ``found`` on the node (None: the node has no such block yet). The chain was restarted or
    reset since, or the block was reorganised away."""

    def __init__(self, path, name: str, block: int, expected: str, found: str | None):
        self.path, self.name, self.block, self.expected, self.found = path, name, block, expected, found
        there = f"is {found[:10]}…" if found else "does not exist yet"
        super().__init__(
            f"{path} was written for another instance of this chain: {name} was deployed in block {block} "
            f"{expected[:10]}…, but the node's block {block} {there}. The chain was restarted or reset "
            "since; deploy the suite again (brownie run scripts/deploy.py)"
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
    inputs: list[dict]
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

    def __init__(self):
        self._specs: dict[bytes, _Spec] = {}

    def add(self, contract: str | None, abi: list[dict]) -> None:
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

    def items(self):
        return self._specs.items()

    def names(self) -> set[str]:
        return {s.name for s in self._specs.values()}


_CATALOG_REGISTRY = _Registry()
for _contract, _entries in _CATALOG.items():
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
        return UnknownRevert("UnknownRevert", {"data": raw}, contract=contract, explanation=explanation, data=raw,
                             types={"data": "bytes"})
    try:
        if head == ERROR_STRING_SELECTOR:
            (message,) = abi_decode(["string"], body)
            return RevertMessage("Error", {"message": message}, contract=contract, explanation=message, data=raw,
                                 types={"message": "string"})
        if head == PANIC_SELECTOR:
            (code,) = abi_decode(["uint256"], body)
            reason = PANIC_REASONS.get(code, "unknown panic code")
            return Panic("Panic", {"code": code}, contract=contract, explanation=reason, data=raw)
        spec = _CATALOG_REGISTRY.with_abis(abis).get(head)
        if spec is not None:
            types = [canonical_type(p) for p in spec.inputs]
            values = [normalize(t, v) for t, v in zip(types, abi_decode(types, body))]
            names = [p.get("name") or f"arg{i}" for i, p in enumerate(spec.inputs)]
            declarer, explanation = spec.pick(contract)
            cls = error_class(spec.name)
            return cls(spec.name, dict(zip(names, values)), contract=declarer or contract, explanation=explanation,
                       data=raw, types=dict(zip(names, types)))
    except DecodingError:
        pass  # malformed arguments: report the raw data rather than guess
    return UnknownRevert("UnknownRevert", {"selector": head, "data": body}, contract=contract,
                         explanation="no known ABI declares this error", data=raw,
                         types={"selector": "bytes4", "data": "bytes"})


# ============================================================ from web3 (and anything wrapping it)

_HEX = re.compile(r"^(Reverted )?0x[0-9a-fA-F]*$")


def _data_in(value: Any, depth: int = 0) -> bytes | None:
    """Revert data inside an RPC error payload (a hex string, or nested in a dict)."""
    if depth > 4 or value is None:
        return None
    if isinstance(value, (bytes, bytearray, HexBytes)):
        return bytes(value)
    if isinstance(value, str):
        return _to_bytes(value) if _HEX.match(value.strip()) else None
    if isinstance(value, Mapping):
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


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def revert_data(exc: BaseException) -> bytes | None:
    """The raw revert data carried by `exc` or by an exception it was raised from: web3's
    ContractCustomError / ContractPanicError / ContractLogicError (``.data``), Web3RPCError
    (``.rpc_response``), a ValueError holding the node's error payload (what brownie's web3
    raises), or anything chained to one of those. None if there is none."""
    for link in _chain(exc):
        if isinstance(link, ContractRevertError):
            return link.data
        for attr in ("data", "rpc_response", "revert_data"):
            found = _data_in(getattr(link, attr, None))
            if found is not None:
                return found
        link_args = BaseException.args.__get__(link)
        for arg in link_args:
            found = _data_in(arg) if isinstance(arg, Mapping) else None
            if found is not None:
                return found
    return None


def _from_decoded_message(text: str, abis: Any, contract: str | None) -> ContractRevertError | None:
    """Brownie's VirtualMachineError keeps no revert data, only `revert_msg` as
    "Name: arg1, arg2" (or "Unknown typed error: 0x..."): rebuild the data from it."""
    text = text.strip()
    if text.startswith("Unknown typed error:"):
        return decode_revert(text.split(":", 1)[1].strip(), abis, contract=contract)
    match = re.fullmatch(r"(\w+)(?::\s*(.*))?", text, flags=re.S)  # "Name", "Name: ", "Name: a, b"
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
            values = [_parse_shown(kind, part) for kind, part in zip(types, parts)]
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


def to_readable(exc: BaseException, abis: Any = None, *, contract: str | None = None) -> ContractRevertError | None:
    """The ContractRevertError for `exc`, or None when `exc` is not a revert."""
    if isinstance(exc, ContractRevertError):
        return exc
    data = revert_data(exc)
    if data is not None:
        return decode_revert(data, abis, contract=contract)
    for link in _chain(exc):
        shown = getattr(link, "revert_msg", None)
        if isinstance(shown, str) and shown:
            readable = _from_decoded_message(shown, abis, contract)
            if readable is not None:
                return readable
    # A node that gave only a message ("execution reverted: reason"), no data.
    from web3.exceptions import ContractLogicError

    for link in _chain(exc):
        if isinstance(link, ContractLogicError):
            message = str(getattr(link, "message", "") or "")
            reason = message.split("execution reverted:", 1)[1].strip() if "execution reverted:" in message else ""
            if reason:
                return RevertMessage("Error", {"message": reason}, contract=contract, explanation=reason,
                                     types={"message": "string"})
            return decode_revert(b"", contract=contract)
    return None


def raise_for(exc: BaseException, abis: Any = None, *, contract: str | None = None) -> NoReturn:
    """Raise the readable form of `exc` (chained to it), or `exc` itself if it is no revert."""
    readable = to_readable(exc, abis, contract=contract)
    if readable is None or readable is exc:
        raise exc
    raise readable from exc


@contextmanager
def readable_errors(abis: Any = None, *, contract: str | None = None) -> Iterator[None]:
    """Turn reverts raised inside the block into :class:`ContractRevertError` subclasses;
    every other exception passes through untouched.

    >>> with readable_errors():
    ...     raise ValueError("not a revert")
    Traceback (most recent call last):
    ValueError: not a revert
    """
    try:
        yield
    except PartLedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised unchanged unless it carries revert data
        raise_for(exc, abis, contract=contract)
