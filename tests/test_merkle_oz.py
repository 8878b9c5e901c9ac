"""Lot trees are OpenZeppelin StandardMerkleTrees: partledger.merkle builds, proves, dumps and
loads exactly what the npm package @openzeppelin/merkle-tree does (checked against the package
itself, through tests/oz_merkle.js), and OZ's trees prove membership on chain.

Lots are random (seeded: PARTLEDGER_MERKLE_SEED=<int> or =random explores other lots) and of
1 to 1,000 serials, always including the sizes where a tree's shape changes."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
from pathlib import Path

import pytest

from helpers import ZERO32, b32
from partledger.exceptions import InvalidTreeDump
from partledger.merkle import LotTree, lot_leaf, verify_proof

ROOT = Path(__file__).resolve().parent.parent
OZ_SCRIPT = ROOT / "tests" / "oz_merkle.js"

_seed_setting = os.environ.get("PARTLEDGER_MERKLE_SEED", "6009")
SEED = random.SystemRandom().randrange(2**32) if _seed_setting == "random" else int(_seed_setting)
FIXED_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 1000]
RANDOM_SIZES = 12
ON_CHAIN_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 1000]  # the sizes anchored and proven on chain


def oz(*requests: dict) -> list[dict]:
    """Answers of OpenZeppelin's StandardMerkleTree to `requests` (see tests/oz_merkle.js)."""
    run = subprocess.run(
        ["node", str(OZ_SCRIPT)], input=json.dumps({"requests": list(requests)}), capture_output=True, text=True,
        cwd=ROOT, check=False, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def hx(raw: bytes) -> str:
    return "0x" + raw.hex()


def unhex(items: list[str]) -> list[bytes]:
    return [bytes.fromhex(item[2:]) for item in items]


class Lot:
    """One random lot: a part number and distinct serials, some text, some random bytes32."""

    def __init__(self, rng: random.Random, size: int):
        self.size = size
        self.part_number = b32(f"PN-{rng.randrange(10**6)}")
        serials: dict[bytes, None] = {}
        while len(serials) < size:
            serial = b32(f"S-{rng.randrange(10**9)}") if rng.random() < 0.5 else rng.randbytes(32)
            serials[serial] = None
        self.serials = list(serials)

    @property
    def values(self) -> list[list[str]]:
        return [[hx(self.part_number), hx(s)] for s in self.serials]

    def __repr__(self) -> str:
        return f"lot-{self.size}"


def _lots() -> list[Lot]:
    rng = random.Random(SEED)
    sizes = FIXED_SIZES + sorted(rng.randint(1, 1000) for _ in range(RANDOM_SIZES))
    return [Lot(rng, size) for size in sizes]


def _multiprove(rng: random.Random, size: int) -> list[list[int]]:
    """Some index sets for multiproofs: one leaf, all leaves, random subsets."""
    picks = [[0], list(range(size))]
    for _ in range(3):
        picks.append(rng.sample(range(size), rng.randint(1, min(size, 40))))
    return picks


LOTS = _lots()
MULTIPROVE = [_multiprove(random.Random(SEED + 100 + i), lot.size) for i, lot in enumerate(LOTS)]


@pytest.fixture(scope="module")
def reference() -> dict[int, dict]:
    """OZ's tree of every lot (root, dump, every proof, some multiproofs), by lot size index."""
    requests = [
        {"values": lot.values, "prove": list(range(lot.size)), "multiprove": MULTIPROVE[i]} for i, lot in enumerate(LOTS)
    ]
    return dict(enumerate(oz(*requests)))


# ------------------------------------------------------------ the same tree as OpenZeppelin's


@pytest.mark.parametrize("index", range(len(LOTS)), ids=[repr(lot) for lot in LOTS])
def test_root_and_every_proof_are_openzeppelins(reference, index):
    lot, expected = LOTS[index], reference[index]
    tree = LotTree(lot.part_number, lot.serials)
    assert tree.root == bytes.fromhex(expected["root"][2:]), f"seed {SEED}"
    for serial, proof in zip(lot.serials, expected["proofs"]):
        assert tree.proof(serial) == unhex(proof), f"seed {SEED}"


@pytest.mark.parametrize("index", range(len(LOTS)), ids=[repr(lot) for lot in LOTS])
def test_dump_is_openzeppelins_value_for_value(reference, index):
    """Same leaf order, same node array, same values (in the caller's order) with the same tree
    indices: json of the one is json of the other."""
    lot, expected = LOTS[index], reference[index]
    dump = LotTree(lot.part_number, lot.serials).dump()
    assert dump == expected["dump"], f"seed {SEED}"
    assert json.loads(json.dumps(dump)) == dump  # plain JSON types only


@pytest.mark.parametrize("index", range(len(LOTS)), ids=[repr(lot) for lot in LOTS])
def test_multiproofs_are_openzeppelins(reference, index):
    lot, expected = LOTS[index], reference[index]
    tree = LotTree(lot.part_number, lot.serials)
    for indices, theirs in zip(MULTIPROVE[index], expected["multiproofs"]):
        ours = tree.multiproof([lot.serials[i] for i in indices])
        assert [[hx(lot.part_number), hx(s)] for s in ours.serials] == theirs["leaves"]
        assert ours.proof == unhex(theirs["proof"])
        assert ours.proof_flags == theirs["proofFlags"]
        assert tree.verify_multiproof(ours)


def test_proofs_verify_off_chain_as_standard_merkle_tree_verify_does():
    lot = LOTS[FIXED_SIZES.index(9)]
    tree = LotTree(lot.part_number, lot.serials)
    for serial in lot.serials:
        assert verify_proof(tree.root, lot.part_number, serial, tree.proof(serial))
        assert tree.verify(serial, tree.proof(serial))
    assert not verify_proof(tree.root, lot.part_number, lot.serials[0], tree.proof(lot.serials[1]))
    assert not verify_proof(tree.root, b32("PN-OTHER"), lot.serials[0], tree.proof(lot.serials[0]))


# ------------------------------------------------------------ dumps, both ways


def test_partledger_dumps_load_in_openzeppelin_with_the_same_root_and_proofs():
    requests = []
    for lot in LOTS:
        requests.append({"dump": LotTree(lot.part_number, lot.serials).dump(), "prove": list(range(lot.size))})
    for lot, answer in zip(LOTS, oz(*requests)):
        assert "error" not in answer, answer.get("error")
        tree = LotTree(lot.part_number, lot.serials)
        assert answer["root"] == hx(tree.root)
        assert [unhex(p) for p in answer["proofs"]] == [tree.proof(s) for s in lot.serials]


def test_openzeppelin_dumps_load_in_partledger_with_the_same_tree(reference):
    for index, lot in enumerate(LOTS):
        theirs = reference[index]["dump"]
        tree = LotTree.load(json.loads(json.dumps(theirs)))
        assert tree.root == bytes.fromhex(theirs["tree"][0][2:])
        assert tree.part_number == lot.part_number
        assert list(tree.serials) == lot.serials
        assert len(tree) == lot.size
        assert tree.dump() == theirs
        assert [tree.proof(s) for s in lot.serials] == [unhex(p) for p in reference[index]["proofs"]]


def test_an_unsorted_openzeppelin_tree_keeps_its_own_layout_when_loaded(parts, maker):
    """OZ can build without sorting leaves (sortLeaves: false); such a dump loads as it is."""
    lot = Lot(random.Random(SEED + 2), 13)
    (theirs,) = oz({"values": lot.values, "sortLeaves": False, "prove": list(range(13))})
    tree = LotTree.load(theirs["dump"])
    assert tree.dump() == theirs["dump"]
    assert tree.root != LotTree(lot.part_number, lot.serials).root  # another layout, another root
    assert [tree.proof(s) for s in lot.serials] == [unhex(p) for p in theirs["proofs"]]
    lot_id = parts.anchorLot(lot.part_number, b32("LOT-U"), tree.root, len(tree), ZERO32, {"from": maker}).return_value
    for serial in lot.serials[:3] + lot.serials[-2:]:
        assert parts.isLotMember(maker, lot_id, lot.part_number, serial, tree.proof(serial)) is True


def test_short_or_upper_case_hex_values_of_an_openzeppelin_dump_are_the_same_bytes32():
    """OZ takes "0x50" as bytes32 0x5000..00 (left-aligned, as Solidity does)."""
    values = [["0x504E2D31", "0x53"], ["0x504e2d31", "0xABCDEF"], ["0x504E2D31", "0x" + "Ee" * 32]]
    (theirs,) = oz({"values": values, "prove": [0, 1, 2]})
    tree = LotTree.load(theirs["dump"])
    assert tree.part_number == b32("PN-1")
    assert list(tree.serials) == [b32("S"), bytes.fromhex("abcdef").ljust(32, b"\0"), b"\xee" * 32]
    assert tree.root == LotTree(b32("PN-1"), tree.serials).root
    assert [tree.proof(s) for s in tree.serials] == [unhex(p) for p in theirs["proofs"]]


@pytest.mark.parametrize("size", ON_CHAIN_SIZES)
def test_openzeppelin_proofs_verify_on_chain_against_the_loaded_root(parts, maker, reference, size):
    """OZ dump -> LotTree.load -> anchorLot(root) -> isLotMember with OZ's proofs and ours."""
    index = FIXED_SIZES.index(size)
    lot, theirs = LOTS[index], reference[index]
    tree = LotTree.load(theirs["dump"])
    lot_id = parts.anchorLot(lot.part_number, b32(f"LOT-{size}"), tree.root, len(tree), ZERO32, {"from": maker})
    lot_id = lot_id.return_value
    picks = sorted({0, size - 1, size // 2, random.Random(SEED + size).randrange(size)})
    for pick in picks:
        serial = lot.serials[pick]
        oz_proof = unhex(theirs["proofs"][pick])
        assert parts.isLotMember(maker, lot_id, lot.part_number, serial, oz_proof) is True
        assert parts.isLotMember(maker, lot_id, lot.part_number, serial, tree.proof(serial)) is True
        assert parts.isLotMember(maker, lot_id, b32("PN-OTHER"), serial, oz_proof) is False
    if size > 1:
        assert parts.isLotMember(maker, lot_id, lot.part_number, lot.serials[0], unhex(theirs["proofs"][1])) is False


# ------------------------------------------------------------ what a lot tree is not


def _edited(dump: dict, edit) -> dict:
    changed = copy.deepcopy(dump)
    edit(changed)
    return changed


def _flip(node: str) -> str:
    return node[:-1] + ("0" if node[-1] != "0" else "1")


def test_load_refuses_what_openzeppelin_refuses(reference):
    good = reference[FIXED_SIZES.index(5)]["dump"]
    broken = {  # what -> (dump, why partledger refuses it)
        "another format": (_edited(good, lambda d: d.update(format="simple-v1")), "unknown tree format"),
        "a tampered inner node": (
            _edited(good, lambda d: d["tree"].__setitem__(1, _flip(d["tree"][1]))), "not the hash of its children"
        ),
        "a tampered leaf": (
            _edited(good, lambda d: d["tree"].__setitem__(-1, _flip(d["tree"][-1]))), "not the hash of its children"
        ),
        "a value that is not its leaf": (
            _edited(good, lambda d: d["values"][0]["value"].__setitem__(1, "0x" + "77" * 32)), "does not hold the value"
        ),
    }
    answers = oz(*({"dump": dump} for dump, _ in broken.values()))
    for (what, (dump, why)), answer in zip(broken.items(), answers):
        assert "error" in answer, f"OZ accepted {what}"
        with pytest.raises(InvalidTreeDump, match=why):
            LotTree.load(dump)


def test_load_refuses_trees_that_are_no_lot():
    """OZ trees may hold anything; a lot is one part number, distinct serials, every leaf a value."""
    lot = Lot(random.Random(SEED + 3), 6)
    good = LotTree(lot.part_number, lot.serials).dump()
    mixed = lot.values[:3] + [[hx(b32("PN-X")), hx(s)] for s in lot.serials[3:]]
    duplicated = lot.values + [lot.values[0]]
    mixed_dump, duplicated_dump = (answer["dump"] for answer in oz({"values": mixed}, {"values": duplicated}))
    no_lot = {  # what -> (dump, why)
        "another leaf encoding": (_edited(good, lambda d: d.update(leafEncoding=["address", "uint256"])), "encoding"),
        "two part numbers": (mixed_dump, "one part number"),
        "a serial twice": (duplicated_dump, "must be unique"),
        "a leaf without its value": (_edited(good, lambda d: d["values"].pop()), "nodes, not"),
        "a value on an inner node": (_edited(good, lambda d: d["values"][0].update(treeIndex=0)), "not a leaf"),
        "no values": (_edited(good, lambda d: d.update(tree=[], values=[])), "at least one serial"),
    }
    for what, (dump, why) in no_lot.items():
        with pytest.raises(InvalidTreeDump, match=why):
            LotTree.load(dump)
