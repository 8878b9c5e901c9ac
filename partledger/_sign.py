"""Fast transaction signing for bulk mode (private): RLP and secp256k1 (coincurve) directly.

eth-account's ``sign_transaction`` validates and normalises every field through several layers:
~1 ms a transaction, as long as sending it. Bulk mode builds thousands of transactions of one
shape whose fields it made itself, so it encodes them here: an EIP-1559 (type 2) or a legacy
EIP-155 transaction, byte for byte what eth-account produces (tests/sdk/test_bulk_signing.py
checks that).

>>> raw, tx_hash = sign_transaction(b"\\x01" * 32, {"chainId": 1, "nonce": 0, "to": "0x" + "22" * 20,
...     "value": 0, "gas": 21000, "data": b"", "maxFeePerGas": 2, "maxPriorityFeePerGas": 1})
>>> raw[:1], len(tx_hash)
(b'\\x02', 32)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coincurve import PrivateKey
from eth_utils import keccak

from partledger.exceptions import InvalidArgument

__all__ = ["rlp_encode", "sign_transaction"]

RlpItem = bytes | int | Sequence["RlpItem"]


def _length(n: int, offset: int) -> bytes:
    if n < 56:
        return bytes([offset + n])
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(size)]) + size


def rlp_encode(item: RlpItem) -> bytes:
    """RLP of bytes, non-negative integers (big-endian, no leading zeros) and lists of those."""
    if isinstance(item, int):
        if item < 0:
            raise InvalidArgument(f"RLP encodes non-negative integers only, not {item}")
        item = item.to_bytes((item.bit_length() + 7) // 8, "big")
    if isinstance(item, (bytes, bytearray)):
        if len(item) == 1 and item[0] < 0x80:
            return bytes(item)
        return _length(len(item), 0x80) + bytes(item)
    payload = b"".join(rlp_encode(element) for element in item)
    return _length(len(payload), 0xC0) + payload


def _address(value: str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x"))
    if len(raw) != 20:
        raise InvalidArgument(f"not a 20-byte address: {value!r}")
    return raw


def sign_transaction(key: bytes | PrivateKey, fields: Mapping[str, Any]) -> tuple[bytes, bytes]:
    """(signed raw transaction, its hash). `fields`: chainId, nonce, to, value, gas, data and
    either maxFeePerGas + maxPriorityFeePerGas (type 2, empty access list) or gasPrice (legacy,
    EIP-155)."""
    signer = key if isinstance(key, PrivateKey) else PrivateKey(bytes(key))
    to, data = _address(str(fields["to"])), bytes(fields["data"])
    chain_id, nonce, gas, value = (int(fields[k]) for k in ("chainId", "nonce", "gas", "value"))
    if "maxFeePerGas" in fields:
        body: list[RlpItem] = [
            chain_id,
            nonce,
            int(fields["maxPriorityFeePerGas"]),
            int(fields["maxFeePerGas"]),
            gas,
            to,
            value,
            data,
            [],
        ]
        signature = signer.sign_recoverable(keccak(b"\x02" + rlp_encode(body)), hasher=None)
        r, s, parity = signature[:32], signature[32:64], signature[64]
        raw = b"\x02" + rlp_encode([*body, parity, int.from_bytes(r, "big"), int.from_bytes(s, "big")])
    else:
        legacy: list[RlpItem] = [nonce, int(fields["gasPrice"]), gas, to, value, data]
        signature = signer.sign_recoverable(keccak(rlp_encode([*legacy, chain_id, 0, 0])), hasher=None)
        r, s, parity = signature[:32], signature[32:64], signature[64]
        v = parity + 35 + 2 * chain_id
        raw = rlp_encode([*legacy, v, int.from_bytes(r, "big"), int.from_bytes(s, "big")])
    return raw, keccak(raw)
