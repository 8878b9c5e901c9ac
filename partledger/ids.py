"""Identifiers as the contracts see them.

>>> to_bytes32("PN-100")[:6]
b'PN-100'
>>> hex(part_id("0x" + "11" * 20, "PN-100", "SN-1"))[:10]
'0x435d27af'
>>> lot_part_id("0x" + "11" * 20, "PN-100", "SN-1", 7) != part_id("0x" + "11" * 20, "PN-100", "SN-1")
True
"""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from partledger._abi import checksum
from partledger.exceptions import InvalidIdentifier, InvalidLotId

Bytes32Like = str | bytes


def to_bytes32(value: Bytes32Like) -> bytes:
    """A part number, serial or lot number as the contracts store it: UTF-8, left-aligned,
    zero-padded to 32 bytes. Bytes of length 32 pass through unchanged."""
    if isinstance(value, bytes) and len(value) == 32:
        return value
    raw = value.encode() if isinstance(value, str) else bytes(value)
    if not 0 < len(raw) <= 32:
        raise InvalidIdentifier(f"identifier must be 1..32 bytes, got {len(raw)}: {value!r}")
    return raw.ljust(32, b"\x00")


def from_bytes32(value: bytes | str) -> str:
    """The text of a bytes32 identifier (trailing zero bytes dropped)."""
    if isinstance(value, str):
        value = bytes.fromhex(value.removeprefix("0x"))
    return bytes(value).rstrip(b"\x00").decode(errors="replace")


def part_id(manufacturer: str, part_number: Bytes32Like, serial_number: Bytes32Like) -> int:
    """The part id PartRegistry derives: uint256(keccak256(abi.encode(manufacturer, pn, sn)))."""
    # abi.encode of (address, bytes32, bytes32) is the address left-padded to a word, then the two
    # words: spelled out, since a replay derives one id per serial of every batch.
    address = bytes.fromhex(checksum(manufacturer)[2:])
    encoded = bytes(12) + address + to_bytes32(part_number) + to_bytes32(serial_number)
    return int.from_bytes(keccak(encoded), "big")


def lot_part_id(manufacturer: str, part_number: Bytes32Like, serial_number: Bytes32Like, lot_id: int) -> int:
    """The id of a serial claimed from lot `lot_id` (PartRegistry.lotPartIdOf):
    uint256(keccak256(abi.encode(manufacturer, pn, sn, lotId))).

    Scoped to the lot, so no registration outside the lot (registerPart, registerBatch, another
    lot) can take it: the same physical serial registered on its own gets `part_id(...)`, a
    different part."""
    if not 0 < int(lot_id) < 2**32:
        raise InvalidLotId(f"lot id must be 1..2**32-1, got {lot_id!r}")
    encoded = encode(
        ["address", "bytes32", "bytes32", "uint32"],
        [to_checksum_address(manufacturer), to_bytes32(part_number), to_bytes32(serial_number), int(lot_id)],
    )
    return int.from_bytes(keccak(encoded), "big")
