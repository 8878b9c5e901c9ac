"""Merkle trees of lot serials, compatible with OpenZeppelin's StandardMerkleTree and
MerkleProof (sorted-pair hashing, double-hashed leaves).

Leaf of a serial: keccak256(bytes.concat(keccak256(abi.encode(partNumber, serialNumber)))).

>>> tree = LotTree("PN-7", ["S1", "S2", "S3"])
>>> tree.verify("S2", tree.proof("S2"))
True
"""

from __future__ import annotations

from collections.abc import Iterable

from eth_abi import encode
from eth_utils import keccak

from partledger.ids import Bytes32Like, to_bytes32


def lot_leaf(part_number: Bytes32Like, serial_number: Bytes32Like) -> bytes:
    """The leaf PartRegistry checks for one serial of a lot."""
    inner = keccak(encode(["bytes32", "bytes32"], [to_bytes32(part_number), to_bytes32(serial_number)]))
    return keccak(inner)


def _hash_pair(a: bytes, b: bytes) -> bytes:
    return keccak(a + b) if a < b else keccak(b + a)


class LotTree:
    """All serials of one lot. Builds every level once (O(n)); proofs are O(log n)."""

    def __init__(self, part_number: Bytes32Like, serial_numbers: Iterable[Bytes32Like]):
        self.part_number = to_bytes32(part_number)
        serials = [to_bytes32(s) for s in serial_numbers]
        if not serials:
            raise ValueError("a lot needs at least one serial")
        if len(set(serials)) != len(serials):
            raise ValueError("serial numbers in a lot must be unique")
        self._index = {s: i for i, s in enumerate(serials)}
        level = [lot_leaf(self.part_number, s) for s in serials]
        self._levels = [level]
        while len(level) > 1:
            nxt = [_hash_pair(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                nxt.append(level[-1])  # an odd node is promoted unchanged
            self._levels.append(nxt)
            level = nxt

    def __len__(self) -> int:
        return len(self._levels[0])

    @property
    def root(self) -> bytes:
        return self._levels[-1][0]

    def proof(self, serial_number: Bytes32Like) -> list[bytes]:
        """Sibling hashes from the serial's leaf up to the root."""
        try:
            index = self._index[to_bytes32(serial_number)]
        except KeyError:
            raise KeyError(f"serial {serial_number!r} is not in this lot") from None
        proof = []
        for level in self._levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                proof.append(level[sibling])
            index //= 2
        return proof

    def verify(self, serial_number: Bytes32Like, proof: list[bytes]) -> bool:
        """Off-chain check, the same computation as MerkleProof.verify."""
        node = lot_leaf(self.part_number, serial_number)
        for sibling in proof:
            node = _hash_pair(node, sibling)
        return node == self.root
