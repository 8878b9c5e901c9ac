"""ABI plumbing shared by errors (revert data) and provenance (event logs): canonical types,
selectors, the many shapes "some ABIs" arrive in, and short readable values."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any, cast

from eth_utils import keccak, to_checksum_address

from partledger.exceptions import NotAnABI

ABIEntry = dict[str, Any]  # one entry of a JSON ABI (error, event, function, parameter)
ABI = list[ABIEntry]


@lru_cache(maxsize=65_536)
def checksum(address: str) -> str:
    """The EIP-55 form of an address, remembered: a chain's logs name the same few accounts over
    and over, and computing the checksum (a keccak per call) was 40% of rebuilding a history."""
    return to_checksum_address(address)


def canonical_type(param: ABIEntry) -> str:
    """The type as it appears in a signature; tuples are spelled out."""
    kind = str(param["type"])
    if kind.startswith("tuple"):
        return "(" + ",".join(canonical_type(c) for c in param["components"]) + ")" + kind[len("tuple") :]
    return kind


def signature(entry: ABIEntry) -> str:
    """`Name(type1,type2)` of an error, event or function ABI entry."""
    return f"{entry['name']}({','.join(canonical_type(p) for p in entry.get('inputs', []))})"


def selector(entry: ABIEntry) -> bytes:
    """The first four bytes of keccak256(signature): how revert data names its error."""
    return keccak(text=signature(entry))[:4]


def topic0(entry: ABIEntry) -> bytes:
    """keccak256(signature): how a (non-anonymous) log names its event."""
    return keccak(text=signature(entry))


def shipped_abis() -> list[str]:
    """Names of the contracts whose ABI ships in the package (``partledger/abi/<Name>.json``)."""
    folder = resources.files("partledger") / "abi"
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json"))


@cache
def _read_shipped(name: str) -> str:
    return (resources.files("partledger") / "abi" / f"{name}.json").read_text()


def shipped_abi(name: str) -> ABI | None:
    """The ABI of contract `name` as the package ships it (generated from the build by
    tools/gen_catalog.py), or None when the package ships none by that name. A fresh copy.

    >>> [e["name"] for e in shipped_abi("IERC20") if e["type"] == "function"][:3]
    ['allowance', 'approve', 'balanceOf']
    >>> shipped_abi("Nothing") is None
    True
    """
    if name not in shipped_abis():
        return None
    return cast(ABI, json.loads(_read_shipped(name)))


def _as_abi(item: Any) -> ABI | None:
    if hasattr(item, "abi") and not isinstance(item, (list, tuple, Mapping)):
        return list(item.abi)
    if isinstance(item, (list, tuple)) and all(isinstance(e, Mapping) and "type" in e for e in item):
        return list(item)
    return None


def iter_abis(abis: Any) -> Iterator[tuple[str | None, ABI]]:
    """(contract name or None, ABI) pairs from any of: None; one ABI (a list of entries); a web3
    Contract (anything with `.abi`); a mapping {name: ABI or Contract}; a sequence of those; or
    an object with an `abis` mapping (a Deployment)."""
    if abis is None:
        return
    if hasattr(abis, "abis") and isinstance(abis.abis, Mapping):
        abis = abis.abis
    single = _as_abi(abis)
    if single is not None:
        yield None, single
        return
    if isinstance(abis, Mapping):
        for name, item in abis.items():
            abi = _as_abi(item)
            if abi is None:
                raise NotAnABI(f"{name!r}: expected an ABI (list of entries) or a Contract, got {type(item).__name__}")
            yield str(name), abi
        return
    for item in abis:
        yield from iter_abis(item)


def normalize(kind: str, value: Any) -> Any:
    """Decoded ABI values as integrators expect them: checksummed addresses (also inside
    arrays), tuples of arrays as lists."""
    if kind.endswith("]"):
        inner = kind[: kind.rindex("[")]
        return [normalize(inner, v) for v in value]
    if kind == "address":
        return checksum(value)
    return value


def short_hex(raw: bytes, keep: int = 4) -> str:
    """0x + the first `keep` bytes in hex + an ellipsis when longer."""
    text = raw[:keep].hex()
    return "0x" + text + ("…" if len(raw) > keep else "")


def readable_text(raw: bytes) -> str | None:
    """The text of a left-aligned, zero-padded identifier, if it is one."""
    body = raw.rstrip(b"\x00")
    if not body or b"\x00" in body:
        return None
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def format_value(kind: str, value: Any) -> str:
    """A short, human form of one ABI value (full values stay in the decoded dicts)."""
    if kind.endswith("]"):
        inner = kind[: kind.rindex("[")]
        return "[" + ", ".join(format_value(inner, v) for v in value) + "]"
    if kind == "address":
        return checksum(value)
    if kind.startswith(("uint", "int")):
        value = int(value)
        if abs(value) >= 2**64:
            return short_hex(value.to_bytes(32, "big", signed=value < 0))
        return str(value)
    if kind == "bytes32":
        raw = bytes(value)
        if not any(raw):
            return "0x0"
        text = readable_text(raw)
        return repr(text) if text is not None else short_hex(raw)
    if kind.startswith("bytes"):
        return short_hex(bytes(value)) if value else "0x"
    if kind == "string":
        return repr(value)
    return str(value)
