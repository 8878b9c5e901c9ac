"""Brownie glue: what only brownie's objects need, kept out of the partledger package (which never
imports brownie). Scripts and tests import it as ``scripts._brownie``.

- :func:`to_readable`: :func:`partledger.decoding.to_readable` that also reads brownie's
  ``VirtualMachineError``, which keeps no revert data, only ``revert_msg``: "Name: arg1, arg2"
  (each argument as ``str()`` of the decoded value) or "Unknown typed error: 0x...". The error's
  data is rebuilt from that message and decoded like any other.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from eth_abi import encode as abi_encode
from eth_abi.exceptions import EncodingError
from eth_utils import to_checksum_address

from partledger import decoding
from partledger.exceptions import ContractRevertError

__all__ = ["to_readable", "from_revert_message"]


def to_readable(
    exc: BaseException, abis: Any = None, *, contract: str | None = None, w3: Any = None
) -> ContractRevertError | None:
    """The ContractRevertError for `exc` (see :func:`partledger.decoding.to_readable`), also
    when `exc` is brownie's VirtualMachineError (or chained to one); None when it is no revert."""
    readable = decoding.to_readable(exc, abis, contract=contract, w3=w3)
    if readable is not None:
        return readable
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        shown = getattr(link, "revert_msg", None)
        if isinstance(shown, str) and shown:
            readable = from_revert_message(shown, abis, contract=contract)
            if readable is not None:
                return readable
        link = link.__cause__ or link.__context__
    return None


def from_revert_message(text: str, abis: Any = None, *, contract: str | None = None) -> ContractRevertError | None:
    """The error a brownie `revert_msg` names ("Name: arg1, arg2", "Name", "Unknown typed error:
    0x..."), with its data rebuilt; None if no known error of that name reads those arguments."""
    text = text.strip()
    if text.startswith("Unknown typed error:"):
        return decoding.decode_revert(text.split(":", 1)[1].strip(), abis, contract=contract)
    match = re.fullmatch(r"(\w+)(?::\s*(.*))?", text, flags=re.DOTALL)  # "Name", "Name: ", "Name: a, b"
    if not match:
        return None
    name, rest = match.group(1), (match.group(2) or "").strip()
    parts = rest.split(", ") if rest else []
    for selector, types in decoding.errors_named(name, abis):
        if len(parts) != len(types):
            continue
        try:
            values = [_parse_shown(kind, part) for kind, part in zip(types, parts, strict=True)]
            data = selector + abi_encode(types, values)
        except (ValueError, SyntaxError, TypeError, KeyError, EncodingError):
            continue
        return decoding.decode_revert(data, abis, contract=contract)
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
