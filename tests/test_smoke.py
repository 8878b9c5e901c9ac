from brownie import reverts

from helpers import ZERO32, b32, err


def test_registered_part_is_genuine_and_owned_by_its_manufacturer(parts, maker, register):
    part_id = register("SN-1")
    info = parts.verifyPart(part_id)
    assert info["genuine"] is True
    assert info["manufacturer"] == maker
    assert info["owner"] == maker
    assert parts.ownerOf(part_id) == maker


def test_same_serial_cannot_be_registered_twice(parts, maker, register):
    part_id = register("SN-1")
    with reverts(err("PartAlreadyRegistered", part_id)):
        parts.registerPart(b32("PN-100"), b32("SN-1"), ZERO32, {"from": maker})


def test_lot_part_is_claimed_with_a_python_built_proof(parts, maker):
    from partledger import LotTree, lot_part_id

    tree = LotTree("PN-LOT", [f"S{i}" for i in range(37)])
    tx = parts.anchorLot(b32("PN-LOT"), b32("LOT-1"), tree.root, len(tree), ZERO32, {"from": maker})
    lot_id = tx.return_value
    tx = parts.claimLotPart(maker, lot_id, b32("PN-LOT"), b32("S17"), tree.proof("S17"), {"from": maker})
    assert tx.return_value == lot_part_id(maker.address, "PN-LOT", "S17", lot_id)
