"""Merkle-anchored lots: one root for many serials, each claimable one by one as its own part."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3
from brownie.test import given
from eth_utils import keccak
from hypothesis import example, settings
from hypothesis import strategies as st

from helpers import MANUFACTURER_ROLE, SB, SETTINGS, ZERO32, PartStatus, b32, err, missing_role
from partledger import LotTree, lot_part_id, part_id

LOT_SHEET = web3.keccak(text="lot certificate of conformity")
BATCH_MARKER = web3.keccak(text="PartLedger.registrationBatch")
PN = "PN-RIVET"
LOT_SERIALS = [f"R-{i:04d}" for i in range(50)]


@pytest.fixture(scope="module")
def tree():
    return LotTree(PN, LOT_SERIALS)


@pytest.fixture
def lot(parts, maker, tree):
    """A 50-serial lot anchored by the maker; returns its id."""
    tx = parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, len(tree), LOT_SHEET, {"from": maker})
    return tx.return_value


def claim(parts, by, manufacturer, lot_id, tree, serial):
    return parts.claimLotPart(manufacturer, lot_id, b32(PN), b32(serial), tree.proof(serial), {"from": by})


# ------------------------------------------------------------------ anchorLot


def test_anchoring_a_lot_commits_its_root_in_one_transaction(parts, maker, tree):
    tx = parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, len(tree), LOT_SHEET, {"from": maker})
    lot_id = tx.return_value
    assert lot_id == 1
    event = tx.events["LotAnchored"]
    assert event["lotId"] == lot_id
    assert event["manufacturer"] == maker
    assert bytes(event["partNumber"]) == b32(PN)
    assert bytes(event["lotNumber"]) == b32("LOT-7")
    assert bytes(event["merkleRoot"]) == tree.root
    assert event["size"] == 50
    assert bytes(event["metadataHash"]) == bytes(LOT_SHEET)
    assert "Transfer" not in tx.events  # nothing is minted until a serial is claimed
    assert parts.balanceOf(maker) == 0
    assert bytes(parts.batchCommitment(maker, lot_id)) == tree.root
    assert parts.lotHolder(maker, lot_id) == maker


def test_lots_and_batches_share_one_numbering(parts, maker, maker2, tree):
    batch_id = parts.registerBatch(b32("PN-1"), [b32("A"), b32("B")], ZERO32, {"from": maker}).return_value
    lot_id = parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, len(tree), ZERO32, {"from": maker2}).return_value
    assert (batch_id, lot_id) == (1, 2)
    assert parts.batchCount() == 2


def test_a_lot_needs_a_merkle_root_other_than_the_batch_marker(parts, maker):
    with brownie.reverts(err("InvalidMerkleRoot")):
        parts.anchorLot(b32(PN), b32("LOT-7"), ZERO32, 10, ZERO32, {"from": maker})
    with brownie.reverts(err("InvalidMerkleRoot")):
        parts.anchorLot(b32(PN), b32("LOT-7"), BATCH_MARKER, 10, ZERO32, {"from": maker})
    assert parts.batchCount() == 0


def test_a_lot_needs_a_part_number_a_lot_number_and_a_size(parts, maker, tree):
    with brownie.reverts(err("EmptyIdentifier")):
        parts.anchorLot(ZERO32, b32("LOT-7"), tree.root, 10, ZERO32, {"from": maker})
    with brownie.reverts(err("EmptyIdentifier")):
        parts.anchorLot(b32(PN), ZERO32, tree.root, 10, ZERO32, {"from": maker})
    with brownie.reverts(err("InvalidBatchSize", 0, 2**32 - 1)):
        parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, 0, ZERO32, {"from": maker})
    assert parts.batchCount() == 0


def test_only_a_manufacturer_anchors_a_lot(parts, airline, outsider, tree):
    with brownie.reverts(missing_role(airline, MANUFACTURER_ROLE)):
        parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, 10, ZERO32, {"from": airline})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.anchorLot(b32(PN), b32("LOT-7"), tree.root, 10, ZERO32, {"from": outsider})


# ------------------------------------------------------------------ claimLotPart


def test_claiming_a_serial_mints_it_as_its_own_part(parts, maker, tree, lot):
    tx = claim(parts, maker, maker, lot, tree, "R-0017")
    expected = lot_part_id(maker.address, PN, "R-0017", lot)
    assert tx.return_value == expected
    event = tx.events["LotPartClaimed"]
    assert event["partId"] == expected
    assert event["lotId"] == lot
    assert event["holder"] == maker
    assert bytes(event["partNumber"]) == b32(PN)
    assert bytes(event["serialNumber"]) == b32("R-0017")
    transfer = tx.events["Transfer"]
    assert (transfer["from"], transfer["to"], transfer["id"]) == (ZERO_ADDRESS, maker, expected)

    info = parts.verifyPart(expected)
    assert info["genuine"] is True
    assert info["manufacturer"] == maker
    assert info["owner"] == maker
    assert info["batchId"] == lot


def test_a_serial_is_claimed_once(parts, maker, tree, lot):
    first = claim(parts, maker, maker, lot, tree, "R-0003").return_value
    with brownie.reverts(err("PartAlreadyRegistered", first)):
        claim(parts, maker, maker, lot, tree, "R-0003")
    assert parts.balanceOf(maker) == 1


def test_a_lot_serials_id_is_scoped_to_its_lot(parts, maker, tree, lot):
    claimed = claim(parts, maker, maker, lot, tree, "R-0004").return_value
    assert claimed == lot_part_id(maker.address, PN, "R-0004", lot)
    assert claimed == parts.lotPartIdOf(maker, b32(PN), b32("R-0004"), lot)
    assert claimed != part_id(maker.address, PN, "R-0004")


def test_registering_a_lot_serial_outside_the_lot_makes_a_second_visible_part(parts, maker, tree, lot):
    """The trade-off of lot-scoped ids: the same physical serial registered on its own is a
    separate part (two parts, one serial, both on chain for anyone to see)."""
    claimed = claim(parts, maker, maker, lot, tree, "R-0004").return_value
    alone = parts.registerPart(b32(PN), b32("R-0004"), ZERO32, {"from": maker}).return_value
    assert alone == part_id(maker.address, PN, "R-0004") != claimed
    assert parts.verifyPart(claimed)["batchId"] == lot
    assert parts.verifyPart(alone)["batchId"] == 0
    assert parts.verifySerial(maker, b32(PN), b32("R-0004"))["partId"] == alone


def test_after_transfer_lot_the_manufacturer_cannot_take_an_unclaimed_serials_id(parts, maker, airline, tree, lot):
    parts.transferLot(maker, lot, airline, {"from": maker})
    # the manufacturer registers lot serials itself, alone and in a batch
    parts.registerPart(b32(PN), b32("R-0010"), ZERO32, {"from": maker})
    parts.registerBatch(b32(PN), [b32("R-0011"), b32("R-0012")], ZERO32, {"from": maker})
    # the holder's claims still go through, under the lot's own ids
    for serial in ("R-0010", "R-0011", "R-0012"):
        tx = claim(parts, airline, maker, lot, tree, serial)
        assert tx.return_value == lot_part_id(maker.address, PN, serial, lot)
        assert parts.ownerOf(tx.return_value) == airline


def test_a_recall_of_the_lot_covers_every_part_claimed_from_it_and_nothing_else(
    parts, maker, airline, regulator, tree, lot
):
    parts.transferLot(maker, lot, airline, {"from": maker})
    alone = parts.registerPart(b32(PN), b32("R-0030"), ZERO32, {"from": maker}).return_value
    claimed = [claim(parts, airline, maker, lot, tree, s).return_value for s in ("R-0030", "R-0031")]
    parts.recallBatch(maker, lot, SB, {"from": regulator})
    assert [parts.verifyPart(c)["status"] for c in claimed] == [PartStatus.Suspect] * 2
    assert parts.verifyPart(alone)["status"] == PartStatus.InService  # not from the lot
    later = claim(parts, airline, maker, lot, tree, "R-0032").return_value
    assert parts.verifyPart(later)["status"] == PartStatus.Suspect


def test_the_same_serial_in_two_lots_is_two_parts(parts, maker, tree, lot):
    second = parts.anchorLot(b32(PN), b32("LOT-8"), tree.root, len(tree), ZERO32, {"from": maker}).return_value
    a = claim(parts, maker, maker, lot, tree, "R-0001").return_value
    b = claim(parts, maker, maker, second, tree, "R-0001").return_value
    assert a != b
    assert (parts.verifyPart(a)["batchId"], parts.verifyPart(b)["batchId"]) == (lot, second)


@given(
    manufacturer=st.binary(min_size=20, max_size=20),
    part_number=st.binary(min_size=1, max_size=32),
    serial=st.binary(min_size=1, max_size=32),
    lot_id=st.integers(min_value=1, max_value=2**32 - 1),
)
@settings(max_examples=20, **SETTINGS)
def test_the_on_chain_lot_part_id_equals_the_python_derivation(parts, manufacturer, part_number, serial, lot_id):
    address = "0x" + manufacturer.hex()
    expected = lot_part_id(address, part_number, serial, lot_id)
    assert parts.lotPartIdOf(address, b32(part_number), b32(serial), lot_id) == expected
    assert expected != part_id(address, part_number, serial)


def test_a_claim_needs_the_proof_of_that_serial_under_that_part_number(parts, maker, tree, lot):
    # a proof for another serial
    with brownie.reverts(err("InvalidLotProof", lot, b32("R-0001"))):
        parts.claimLotPart(maker, lot, b32(PN), b32("R-0001"), tree.proof("R-0002"), {"from": maker})
    # a serial outside the lot
    with brownie.reverts(err("InvalidLotProof", lot, b32("R-9999"))):
        parts.claimLotPart(maker, lot, b32(PN), b32("R-9999"), tree.proof("R-0001"), {"from": maker})
    # a lot serial under another part number
    with brownie.reverts(err("InvalidLotProof", lot, b32("R-0001"))):
        parts.claimLotPart(maker, lot, b32("PN-BOLT"), b32("R-0001"), tree.proof("R-0001"), {"from": maker})
    assert parts.balanceOf(maker) == 0


def test_only_the_lot_holder_claims(parts, maker, airline, outsider, tree, lot):
    with brownie.reverts(err("NotLotHolder", lot, airline, maker)):
        claim(parts, airline, maker, lot, tree, "R-0001")
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        claim(parts, outsider, maker, lot, tree, "R-0001")
    assert parts.balanceOf(airline) == 0


def test_a_lot_is_found_only_under_its_own_manufacturer(parts, maker, maker2, tree, lot):
    with brownie.reverts(err("BatchNotFound", maker2, lot)):
        claim(parts, maker2, maker2, lot, tree, "R-0001")
    with brownie.reverts(err("BatchNotFound", maker2, lot)):
        parts.lotHolder(maker2, lot)
    with brownie.reverts(err("BatchNotFound", maker2, lot)):
        parts.isLotMember(maker2, lot, b32(PN), b32("R-0001"), tree.proof("R-0001"))
    with brownie.reverts(err("BatchNotFound", maker, 99)):
        claim(parts, maker, maker, 99, tree, "R-0001")


def test_a_registration_batch_is_not_a_lot(parts, maker, airline, tree):
    batch_id = parts.registerBatch(b32(PN), [b32("X-1")], ZERO32, {"from": maker}).return_value
    with brownie.reverts(err("NotALot", batch_id)):
        claim(parts, maker, maker, batch_id, tree, "R-0001")
    with brownie.reverts(err("NotALot", batch_id)):
        parts.transferLot(maker, batch_id, airline, {"from": maker})
    with brownie.reverts(err("NotALot", batch_id)):
        parts.lotHolder(maker, batch_id)
    with brownie.reverts(err("NotALot", batch_id)):
        parts.isLotMember(maker, batch_id, b32(PN), b32("X-1"), [])


# ------------------------------------------------------------------ transferLot


def test_the_lot_holder_hands_the_unclaimed_serials_on(parts, maker, airline, tree, lot):
    tx = parts.transferLot(maker, lot, airline, {"from": maker})
    event = tx.events["LotHolderChanged"]
    assert event["lotId"] == lot
    assert event["previousHolder"] == maker
    assert event["newHolder"] == airline
    assert parts.lotHolder(maker, lot) == airline

    tx = claim(parts, airline, maker, lot, tree, "R-0010")
    part = tx.return_value
    assert tx.events["LotPartClaimed"]["holder"] == airline
    assert parts.ownerOf(part) == airline
    info = parts.verifyPart(part)
    assert info["manufacturer"] == maker  # the maker stays the maker
    assert part == lot_part_id(maker.address, PN, "R-0010", lot)


def test_the_previous_holder_can_no_longer_claim_or_hand_on_but_the_new_one_can(
    parts, maker, airline, broker, tree, lot
):
    parts.transferLot(maker, lot, airline, {"from": maker})
    with brownie.reverts(err("NotLotHolder", lot, maker, airline)):
        claim(parts, maker, maker, lot, tree, "R-0011")
    with brownie.reverts(err("NotLotHolder", lot, maker, airline)):
        parts.transferLot(maker, lot, broker, {"from": maker})
    tx = parts.transferLot(maker, lot, broker, {"from": airline})
    assert tx.events["LotHolderChanged"]["previousHolder"] == airline
    assert tx.events["LotHolderChanged"]["newHolder"] == broker
    assert claim(parts, broker, maker, lot, tree, "R-0012").events["LotPartClaimed"]["holder"] == broker


def test_a_recalled_lot_does_not_change_hands_until_its_recall_is_lifted(parts, maker, airline, regulator, tree, lot):
    """Its unclaimed serials are physical stock under recall: handing them on would sell them."""
    parts.recallBatch(maker, lot, SB, {"from": regulator})
    with brownie.reverts(err("LotRecalled", lot)):
        parts.transferLot(maker, lot, airline, {"from": maker})
    assert parts.lotHolder(maker, lot) == maker
    parts.clearBatch(maker, lot, SB, {"from": regulator})
    parts.transferLot(maker, lot, airline, {"from": maker})
    assert parts.lotHolder(maker, lot) == airline


def test_a_lot_cannot_be_handed_to_an_unregistered_account(parts, maker, outsider, lot):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.transferLot(maker, lot, outsider, {"from": maker})
    assert parts.lotHolder(maker, lot) == maker


def test_a_lot_stays_claimable_after_its_manufacturer_is_offboarded(participants, parts, admin, maker, airline, tree, lot):
    parts.transferLot(maker, lot, airline, {"from": maker})
    participants.offboard(maker, {"from": admin})
    part = claim(parts, airline, maker, lot, tree, "R-0020").return_value
    assert parts.ownerOf(part) == airline
    assert parts.verifyPart(part)["manufacturer"] == maker


# ------------------------------------------------------------------ membership


def test_a_lot_of_one_serial_is_proven_by_an_empty_proof(parts, maker):
    single = LotTree(PN, ["ONLY-1"])
    assert single.proof("ONLY-1") == []
    lot_id = parts.anchorLot(b32(PN), b32("LOT-1"), single.root, 1, ZERO32, {"from": maker}).return_value
    assert parts.isLotMember(maker, lot_id, b32(PN), b32("ONLY-1"), []) is True
    assert parts.isLotMember(maker, lot_id, b32(PN), b32("ONLY-2"), []) is False
    part = parts.claimLotPart(maker, lot_id, b32(PN), b32("ONLY-1"), [], {"from": maker}).return_value
    assert parts.ownerOf(part) == maker


def _random_serials(seed: bytes, size: int) -> list[bytes]:
    """`size` distinct, non-zero 32-byte serials derived from `seed`."""
    return [keccak(seed + i.to_bytes(4, "big")) for i in range(size)]


@given(
    size=st.integers(min_value=1, max_value=1000),
    seed=st.binary(min_size=4, max_size=4),
    picks=st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4),
)
@example(size=1000, seed=b"\x00\x00\x00\x01", picks=[0, 999, 500])
@example(size=2, seed=b"\x00\x00\x00\x02", picks=[0, 1])
@settings(max_examples=5, **SETTINGS)
def test_lot_membership_holds_exactly_for_the_lots_serials(parts, maker, size, seed, picks):
    serials = _random_serials(seed, size)
    tree = LotTree(PN, serials)
    lot_id = parts.anchorLot(b32(PN), b32("LOT-P"), tree.root, size, ZERO32, {"from": maker}).return_value

    for pick in picks:
        serial = serials[pick % size]
        proof = tree.proof(serial)
        assert parts.isLotMember(maker, lot_id, b32(PN), serial, proof) is True
        # the same serial under another part number is not in the lot
        assert parts.isLotMember(maker, lot_id, b32("PN-OTHER"), serial, proof) is False

    outsider_serial = keccak(seed + b"not in the lot")
    borrowed_proof = tree.proof(serials[picks[0] % size])
    assert parts.isLotMember(maker, lot_id, b32(PN), outsider_serial, borrowed_proof) is False
    if size > 1:
        # a member's serial with another member's proof fails too
        other = serials[(picks[0] + 1) % size]
        assert parts.isLotMember(maker, lot_id, b32(PN), other, borrowed_proof) is False


def test_a_claim_needs_a_part_number_and_a_serial(parts, maker, tree, lot):
    with brownie.reverts(err("EmptyIdentifier")):
        parts.claimLotPart(maker, lot, ZERO32, b32("S-1"), [], {"from": maker})
    with brownie.reverts(err("EmptyIdentifier")):
        parts.claimLotPart(maker, lot, b32(PN), ZERO32, [], {"from": maker})
