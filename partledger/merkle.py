"""Merkle trees of lot serials: OpenZeppelin's StandardMerkleTree, node for node.

A lot's tree is the tree ``@openzeppelin/merkle-tree`` builds with
``StandardMerkleTree.of(values, ["bytes32", "bytes32"])`` from the values
``[partNumber, serialNumber]``: same leaves, same leaf order, same root, same proofs and
multiproofs, and the same JSON dump (``tree.dump()`` / ``StandardMerkleTree.load``), so a lot
built with either tool is proven with the other and by ``MerkleProof`` on chain.

- Leaf of a serial: ``keccak256(bytes.concat(keccak256(abi.encode(partNumber, serialNumber))))``.
- Inner node: ``keccak256`` of its two children, the smaller first (sorted pairs).
- Layout: the leaves are sorted by hash and the tree is one array of ``2n - 1`` nodes, the root
  at index 0, the children of node ``i`` at ``2i + 1`` and ``2i + 2``, the smallest leaf last.
- Values keep the caller's order; each names the ``treeIndex`` of its leaf.

>>> tree = LotTree("PN-7", ["S1", "S2", "S3"])
>>> tree.verify("S2", tree.proof("S2"))
True
>>> LotTree.load(tree.dump()).root == tree.root
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from eth_utils import keccak

from partledger.exceptions import InvalidIdentifier, InvalidLot, InvalidMultiproof, InvalidTreeDump, SerialNotInLot
from partledger.ids import Bytes32Like, to_bytes32

__all__ = [
    "DUMP_FORMAT",
    "LEAF_ENCODING",
    "LotMultiProof",
    "LotTree",
    "TreeDump",
    "TreeValue",
    "lot_leaf",
    "node_hash",
    "process_multiproof",
    "process_proof",
    "verify_proof",
]

DUMP_FORMAT: Final = "standard-v1"
LEAF_ENCODING: Final = ("bytes32", "bytes32")


class TreeValue(TypedDict):
    """One entry of a dump's ``values``: ``[partNumber, serialNumber]`` as 0x-hex and the index
    of its leaf in ``tree``."""

    value: list[str]
    treeIndex: int


class TreeDump(TypedDict):
    """StandardMerkleTree's JSON dump (``format`` ``"standard-v1"``)."""

    format: str
    leafEncoding: list[str]
    tree: list[str]
    values: list[TreeValue]


@dataclass(frozen=True)
class LotMultiProof:
    """Several serials proven at once (OpenZeppelin's multiproof): ``serials`` in the order the
    proof consumes their leaves, the ``proof`` nodes, and the ``proof_flags`` (True: hash two
    computed nodes; False: take the next proof node)."""

    serials: list[bytes]
    proof: list[bytes]
    proof_flags: list[bool]


# ============================================================ hashing, as the contracts do


def lot_leaf(part_number: Bytes32Like, serial_number: Bytes32Like) -> bytes:
    """The leaf PartRegistry checks for one serial of a lot."""
    # abi.encode(bytes32, bytes32) is the two words side by side: no encoder needed.
    return keccak(keccak(to_bytes32(part_number) + to_bytes32(serial_number)))


def node_hash(a: bytes, b: bytes) -> bytes:
    """An inner node: keccak256 of the two children, the smaller first."""
    return keccak(a + b) if a < b else keccak(b + a)


def process_proof(leaf: bytes, proof: Iterable[bytes]) -> bytes:
    """The root a proof leads to from `leaf` (MerkleProof.processProof)."""
    node = leaf
    for sibling in proof:
        node = node_hash(node, bytes(sibling))
    return node


def process_multiproof(leaves: Sequence[bytes], proof: Sequence[bytes], proof_flags: Sequence[bool]) -> bytes:
    """The root a multiproof leads to (MerkleProof.processMultiProof). Raises InvalidMultiproof when
    the lengths of `leaves`, `proof` and `proof_flags` do not fit together."""
    if len(leaves) + len(proof) != len(proof_flags) + 1 or len(proof) < proof_flags.count(False):
        raise InvalidMultiproof("the leaves, proof and flags of this multiproof do not fit together")
    stack = deque(bytes(leaf) for leaf in leaves)
    nodes = deque(bytes(node) for node in proof)
    for flag in proof_flags:
        a = stack.popleft()
        b = stack.popleft() if flag else nodes.popleft()
        stack.append(node_hash(a, b))
    return stack.pop() if stack else nodes.popleft()


def verify_proof(root: bytes, part_number: Bytes32Like, serial_number: Bytes32Like, proof: Iterable[bytes]) -> bool:
    """Whether `proof` shows the serial in the lot whose root is `root`, with no tree at hand
    (StandardMerkleTree.verify; on chain, PartRegistry.isLotMember)."""
    return process_proof(lot_leaf(part_number, serial_number), proof) == bytes(root)


# ============================================================ the tree


def _left(i: int) -> int:
    return 2 * i + 1


def _sibling(i: int) -> int:
    return i + 1 if i % 2 else i - 1


def _parent(i: int) -> int:
    return (i - 1) // 2


class LotTree:
    """All serials of one lot, as StandardMerkleTree lays them out. Building hashes every node
    once (O(n log n) for the sort); a proof is O(log n).

    `sort_leaves=False` builds OpenZeppelin's ``{sortLeaves: false}`` layout (leaves in the
    caller's order); the default, sorted, is what OpenZeppelin recommends and does by default.
    """

    part_number: bytes
    _serials: list[bytes]
    _nodes: list[bytes]
    _tree_index: dict[bytes, int]

    def __init__(
        self, part_number: Bytes32Like, serial_numbers: Iterable[Bytes32Like], *, sort_leaves: bool = True
    ) -> None:
        pn = to_bytes32(part_number)
        serials = [to_bytes32(s) for s in serial_numbers]
        if not serials:
            raise InvalidLot("a lot needs at least one serial")
        if len(set(serials)) != len(serials):
            raise InvalidLot("serial numbers in a lot must be unique")
        leaves = [(lot_leaf(pn, s), i) for i, s in enumerate(serials)]
        if sort_leaves:
            leaves.sort()  # by hash; hashes are distinct since the serials are
        size = 2 * len(leaves) - 1
        nodes = [b""] * size
        tree_indices = [0] * len(serials)
        for position, (leaf, value_index) in enumerate(leaves):
            nodes[size - 1 - position] = leaf
            tree_indices[value_index] = size - 1 - position
        for i in range(size - 1 - len(leaves), -1, -1):
            nodes[i] = node_hash(nodes[_left(i)], nodes[_left(i) + 1])
        self._set(pn, serials, tree_indices, nodes)

    def _set(self, part_number: bytes, serials: list[bytes], tree_indices: list[int], nodes: list[bytes]) -> None:
        self.part_number = part_number
        self._serials = serials
        self._nodes = nodes
        self._tree_index = dict(zip(serials, tree_indices, strict=True))

    # ------------------------------------------------------------ what it holds

    def __len__(self) -> int:
        return len(self._serials)

    def __contains__(self, serial_number: object) -> bool:
        if not isinstance(serial_number, (str, bytes)):
            return False
        try:
            return to_bytes32(serial_number) in self._tree_index
        except InvalidIdentifier:  # not an identifier at all (empty, longer than 32 bytes)
            return False

    @property
    def root(self) -> bytes:
        """The lot's Merkle root, as `anchorLot` takes it."""
        return self._nodes[0]

    @property
    def serials(self) -> tuple[bytes, ...]:
        """The serials as bytes32, in the order they were given (a dump's ``values`` order)."""
        return tuple(self._serials)

    @property
    def tree(self) -> tuple[bytes, ...]:
        """Every node, in StandardMerkleTree's array layout (root first, leaves last)."""
        return tuple(self._nodes)

    # ------------------------------------------------------------ proofs

    def _index_of(self, serial_number: Bytes32Like) -> int:
        try:
            return self._tree_index[to_bytes32(serial_number)]
        except KeyError:
            raise SerialNotInLot(f"serial {serial_number!r} is not in this lot") from None

    def proof(self, serial_number: Bytes32Like) -> list[bytes]:
        """Sibling hashes from the serial's leaf up to the root (StandardMerkleTree.getProof)."""
        index = self._index_of(serial_number)
        proof = []
        while index > 0:
            proof.append(self._nodes[_sibling(index)])
            index = _parent(index)
        return proof

    def verify(self, serial_number: Bytes32Like, proof: Iterable[bytes]) -> bool:
        """Off-chain check, the same computation as MerkleProof.verify."""
        return verify_proof(self.root, self.part_number, serial_number, proof)

    def multiproof(self, serial_numbers: Iterable[Bytes32Like]) -> LotMultiProof:
        """One proof for several serials (StandardMerkleTree.getMultiProof, same output)."""
        indices = sorted((self._index_of(s) for s in serial_numbers), reverse=True)
        if len(set(indices)) != len(indices):
            raise InvalidMultiproof("cannot prove a serial twice in one multiproof")
        by_index = {index: serial for serial, index in self._tree_index.items()}
        stack = deque(indices)
        proof: list[bytes] = []
        flags: list[bool] = []
        while stack and stack[0] > 0:
            j = stack.popleft()
            sibling = _sibling(j)
            if stack and stack[0] == sibling:
                flags.append(True)
                stack.popleft()
            else:
                flags.append(False)
                proof.append(self._nodes[sibling])
            stack.append(_parent(j))
        if not indices:
            proof.append(self._nodes[0])
        return LotMultiProof([by_index[i] for i in indices], proof, flags)

    def verify_multiproof(self, multiproof: LotMultiProof) -> bool:
        """Off-chain check of a multiproof, as MerkleProof.multiProofVerify does it."""
        leaves = [lot_leaf(self.part_number, s) for s in multiproof.serials]
        try:
            return process_multiproof(leaves, multiproof.proof, multiproof.proof_flags) == self.root
        except (ValueError, IndexError):
            return False

    # ------------------------------------------------------------ StandardMerkleTree's JSON

    def dump(self) -> TreeDump:
        """The tree as StandardMerkleTree's ``dump()`` writes it (plain JSON types; hex is
        lower case, every bytes32 in full)."""
        pn = "0x" + self.part_number.hex()
        return {
            "format": DUMP_FORMAT,
            "leafEncoding": list(LEAF_ENCODING),
            "tree": ["0x" + node.hex() for node in self._nodes],
            "values": [
                {"value": [pn, "0x" + serial.hex()], "treeIndex": self._tree_index[serial]} for serial in self._serials
            ],
        }

    @classmethod
    def load(cls, dump: Mapping[str, Any]) -> LotTree:
        """A tree from StandardMerkleTree's dump (``json.load`` of the file ``tree.dump()``
        wrote), in the layout it has. Checked as ``StandardMerkleTree.load`` checks it (every
        inner node the hash of its children, every value at its leaf) and as a lot: leaf
        encoding ``["bytes32", "bytes32"]``, one part number, distinct serials, one value per
        leaf. Raises InvalidTreeDump otherwise."""
        if dump.get("format") != DUMP_FORMAT:
            raise InvalidTreeDump(f"unknown tree format {dump.get('format')!r}: expected {DUMP_FORMAT!r}")
        if list(dump.get("leafEncoding") or []) != list(LEAF_ENCODING):
            raise InvalidTreeDump(f"a lot's leaf encoding is {list(LEAF_ENCODING)}, not {dump.get('leafEncoding')!r}")
        nodes = [_hex_bytes(node, exact=True) for node in dump.get("tree") or []]
        values = list(dump.get("values") or [])
        if not values:
            raise InvalidTreeDump("a lot needs at least one serial")
        if len(nodes) != 2 * len(values) - 1:
            raise InvalidTreeDump(f"a tree of {len(values)} values has {2 * len(values) - 1} nodes, not {len(nodes)}")
        for i in range(len(values) - 1):
            if nodes[i] != node_hash(nodes[_left(i)], nodes[_left(i) + 1]):
                raise InvalidTreeDump(f"the tree is invalid: node {i} is not the hash of its children")
        part_numbers: set[bytes] = set()
        serials: list[bytes] = []
        tree_indices: list[int] = []
        for entry in values:
            pair, index = entry.get("value"), entry.get("treeIndex")
            if not isinstance(pair, list) or len(pair) != 2:
                raise InvalidTreeDump(f"a lot's value is [partNumber, serialNumber], not {pair!r}")
            if not isinstance(index, int) or isinstance(index, bool) or not len(values) - 1 <= index < len(nodes):
                raise InvalidTreeDump(f"treeIndex {index!r} is not a leaf of this tree")
            pn, serial = _hex_bytes(pair[0]).ljust(32, b"\0"), _hex_bytes(pair[1]).ljust(32, b"\0")
            if nodes[index] != lot_leaf(pn, serial):
                raise InvalidTreeDump(f"the tree does not hold the value {pair!r} at its leaf {index}")
            part_numbers.add(pn)
            serials.append(serial)
            tree_indices.append(index)
        if len(part_numbers) != 1:
            raise InvalidTreeDump(f"a lot has one part number; this tree has {len(part_numbers)}")
        if len(set(serials)) != len(serials):
            raise InvalidTreeDump("serial numbers in a lot must be unique")
        tree = cls.__new__(cls)
        tree._set(part_numbers.pop(), serials, tree_indices, nodes)
        return tree


def _hex_bytes(value: object, *, exact: bool = False) -> bytes:
    """A dump's 0x-hex: a node (`exact`: 32 bytes) or a bytes32 value (up to 32 bytes,
    left-aligned as abi.encode pads it)."""
    if not isinstance(value, str) or not value.startswith(("0x", "0X")):
        raise InvalidTreeDump(f"expected 0x-prefixed hex, got {value!r}")
    try:
        raw = bytes.fromhex(value[2:])
    except ValueError:
        raise InvalidTreeDump(f"not hex: {value!r}") from None
    if len(raw) > 32 or (exact and len(raw) != 32):
        raise InvalidTreeDump(f"expected {'' if exact else 'at most '}32 bytes, got {len(raw)}: {value!r}")
    return raw
