"""PartRegistry registration: single parts, batches, verification, and the off-chain part id."""

import brownie
from brownie import ZERO_ADDRESS, web3
from brownie.test import given
from eth_utils import to_checksum_address
from hypothesis import settings
from hypothesis import strategies as st

from helpers import MANUFACTURER_ROLE, SETTINGS, ZERO32, PartStatus, b32, err, missing_role, register_part
from partledger import part_id, to_bytes32

DATASHEET = web3.keccak(text="datasheet PN-100 rev C")
MAX_BATCH_SIZE = 256


def serials(prefix, count):
    return [b32(f"{prefix}-{i}") for i in range(count)]


# identifiers as hypothesis draws them: short text (at most 32 UTF-8 bytes) or raw bytes
identifiers = st.one_of(
    st.text(min_size=1, max_size=8),
    st.binary(min_size=1, max_size=32),
)
addresses = st.binary(min_size=20, max_size=20).map(lambda raw: to_checksum_address(raw))


# ------------------------------------------------------------------ registerPart


def test_registering_a_part_mints_it_to_its_manufacturer_as_genuine_and_in_service(parts, maker):
    expected_id = part_id(maker.address, "PN-100", "SN-1")
    tx = parts.registerPart(b32("PN-100"), b32("SN-1"), DATASHEET, {"from": maker})

    assert tx.return_value == expected_id
    event = tx.events["PartRegistered"]
    assert event["partId"] == expected_id
    assert event["manufacturer"] == maker
    assert bytes(event["partNumber"]) == b32("PN-100")
    assert bytes(event["serialNumber"]) == b32("SN-1")
    assert bytes(event["metadataHash"]) == bytes(DATASHEET)

    assert len(tx.events["Transfer"]) == 1
    transfer = tx.events["Transfer"][0]
    assert transfer["from"] == ZERO_ADDRESS
    assert transfer["to"] == maker
    assert transfer["id"] == expected_id

    assert parts.ownerOf(expected_id) == maker
    assert parts.balanceOf(maker) == 1

    # it verifies as genuine and in service, held by its maker
    part = expected_id
    info = parts.verifyPart(part)
    assert info["genuine"] is True
    assert info["status"] == PartStatus.InService
    assert info["partId"] == part
    assert info["manufacturer"] == maker
    assert info["owner"] == maker
    assert info["custodian"] == ZERO_ADDRESS
    assert info["parent"] == 0
    assert info["root"] == part
    assert info["batchId"] == 0
    assert info["flags"] == 0


def test_a_part_number_and_a_serial_number_are_both_required(parts, maker):
    with brownie.reverts(err("EmptyIdentifier")):
        parts.registerPart(ZERO32, b32("SN-1"), ZERO32, {"from": maker})
    with brownie.reverts(err("EmptyIdentifier")):
        parts.registerPart(b32("PN-100"), ZERO32, ZERO32, {"from": maker})
    assert parts.balanceOf(maker) == 0


def test_the_same_serial_cannot_be_registered_twice(parts, maker):
    first = register_part(parts, maker, "SN-1")
    with brownie.reverts(err("PartAlreadyRegistered", first)):
        parts.registerPart(b32("PN-100"), b32("SN-1"), DATASHEET, {"from": maker})
    assert parts.balanceOf(maker) == 1


def test_another_manufacturers_identical_serial_is_a_different_part(parts, maker, maker2):
    mine = register_part(parts, maker, "SN-1")
    theirs = register_part(parts, maker2, "SN-1")
    assert mine != theirs
    assert parts.verifyPart(mine)["manufacturer"] == maker
    assert parts.verifyPart(theirs)["manufacturer"] == maker2


def test_a_participant_without_the_manufacturer_role_cannot_register(parts, airline, mro, regulator):
    for caller in (airline, mro, regulator):
        with brownie.reverts(missing_role(caller, MANUFACTURER_ROLE)):
            parts.registerPart(b32("PN-100"), b32("SN-1"), ZERO32, {"from": caller})
    with brownie.reverts(missing_role(airline, MANUFACTURER_ROLE)):
        parts.registerBatch(b32("PN-200"), serials("B", 2), ZERO32, {"from": airline})
    assert parts.balanceOf(airline) == 0


def test_an_unregistered_account_cannot_register(parts, outsider):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.registerPart(b32("PN-100"), b32("SN-1"), ZERO32, {"from": outsider})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.registerBatch(b32("PN-100"), serials("SN", 2), ZERO32, {"from": outsider})
    assert parts.balanceOf(outsider) == 0


# ------------------------------------------------------------------ registerBatch


def test_a_batch_registers_every_serial_to_its_manufacturer(parts, maker):
    batch = serials("B", 10)
    tx = parts.registerBatch(b32("PN-200"), batch, DATASHEET, {"from": maker})
    batch_id = tx.return_value

    assert batch_id == 1
    assert parts.batchCount() == 1
    event = tx.events["BatchRegistered"]
    assert event["batchId"] == batch_id
    assert event["manufacturer"] == maker
    assert bytes(event["partNumber"]) == b32("PN-200")
    assert [bytes(s) for s in event["serialNumbers"]] == batch
    assert bytes(event["metadataHash"]) == bytes(DATASHEET)

    ids = [part_id(maker.address, "PN-200", s) for s in batch]
    minted = [(t["from"], t["to"], t["id"]) for t in tx.events["Transfer"]]
    assert minted == [(ZERO_ADDRESS, maker.address, i) for i in ids]
    assert parts.balanceOf(maker) == 10
    for part in ids:
        assert parts.ownerOf(part) == maker
        info = parts.verifyPart(part)
        assert info["genuine"] is True
        assert info["batchId"] == batch_id
        assert info["manufacturer"] == maker


def test_batch_ids_count_up_across_manufacturers(parts, maker, maker2):
    first = parts.registerBatch(b32("PN-1"), serials("A", 2), ZERO32, {"from": maker}).return_value
    second = parts.registerBatch(b32("PN-1"), serials("A", 2), ZERO32, {"from": maker2}).return_value
    assert (first, second) == (1, 2)
    assert parts.batchCount() == 2
    assert bytes(parts.batchCommitment(maker, first)) != ZERO32
    assert bytes(parts.batchCommitment(maker2, first)) == ZERO32  # batch 1 is not maker2's
    assert bytes(parts.batchCommitment(maker, second)) == ZERO32


def test_a_batch_holds_between_one_and_max_batch_size_serials(parts, maker):
    assert parts.MAX_BATCH_SIZE() == MAX_BATCH_SIZE
    with brownie.reverts(err("InvalidBatchSize", 0, MAX_BATCH_SIZE)):
        parts.registerBatch(b32("PN-200"), [], ZERO32, {"from": maker})
    with brownie.reverts(err("InvalidBatchSize", MAX_BATCH_SIZE + 1, MAX_BATCH_SIZE)):
        parts.registerBatch(b32("PN-200"), serials("B", MAX_BATCH_SIZE + 1), ZERO32, {"from": maker})
    assert parts.batchCount() == 0
    # exactly the maximum fits in one transaction
    tx = parts.registerBatch(b32("PN-200"), serials("B", MAX_BATCH_SIZE), ZERO32, {"from": maker})
    assert len(tx.events["Transfer"]) == MAX_BATCH_SIZE
    assert parts.balanceOf(maker) == MAX_BATCH_SIZE


def test_a_duplicate_serial_inside_a_batch_reverts_the_whole_batch(parts, maker):
    batch = [b32("B-1"), b32("B-2"), b32("B-1")]
    with brownie.reverts(err("PartAlreadyRegistered", part_id(maker.address, "PN-200", "B-1"))):
        parts.registerBatch(b32("PN-200"), batch, ZERO32, {"from": maker})
    assert parts.balanceOf(maker) == 0
    assert parts.batchCount() == 0


def test_a_batch_cannot_re_register_a_part_registered_on_its_own(parts, maker, register):
    existing = register("B-2", part_number="PN-200")
    with brownie.reverts(err("PartAlreadyRegistered", existing)):
        parts.registerBatch(b32("PN-200"), serials("B", 3), ZERO32, {"from": maker})
    assert parts.balanceOf(maker) == 1


def test_a_batch_needs_a_part_number_and_non_empty_serials(parts, maker):
    with brownie.reverts(err("EmptyIdentifier")):
        parts.registerBatch(ZERO32, serials("B", 2), ZERO32, {"from": maker})
    with brownie.reverts(err("EmptyIdentifier")):
        parts.registerBatch(b32("PN-200"), [b32("B-1"), ZERO32], ZERO32, {"from": maker})


# ------------------------------------------------------------------ verification


def test_verify_serial_tells_a_genuine_part_from_a_counterfeit(parts, maker, maker2, register):
    part = register("SN-GEN")
    info = parts.verifySerial(maker, b32("PN-100"), b32("SN-GEN"))
    assert info["genuine"] is True
    assert info["status"] == PartStatus.InService
    assert info["partId"] == part
    assert info["manufacturer"] == maker
    assert info["owner"] == maker

    # a copy made by someone else carries the real maker's name but has no record under it
    parts.registerPart(b32("PN-100"), b32("SN-FAKE"), ZERO32, {"from": maker2})
    info = parts.verifySerial(maker, b32("PN-100"), b32("SN-FAKE"))
    assert info["genuine"] is False
    assert info["status"] == PartStatus.NotRegistered
    assert info["partId"] == part_id(maker.address, "PN-100", "SN-FAKE")
    assert info["manufacturer"] == ZERO_ADDRESS
    assert info["owner"] == ZERO_ADDRESS
    assert info["root"] == 0
    # verifyPart never reverts, whatever the id
    assert tuple(parts.verifyPart(12345))[:3] == (False, PartStatus.NotRegistered, 12345)


@given(triples=st.lists(st.tuples(addresses, identifiers, identifiers), min_size=1, max_size=5))
@settings(max_examples=10, **SETTINGS)
def test_the_on_chain_part_id_equals_the_python_derivation(parts, triples):
    for manufacturer, part_number, serial_number in triples:
        on_chain = parts.partIdOf(manufacturer, to_bytes32(part_number), to_bytes32(serial_number))
        assert on_chain == part_id(manufacturer, part_number, serial_number)


@given(
    by=st.sampled_from([0, 1]),
    part_number=st.text(min_size=1, max_size=8).filter(lambda s: any(s.encode())),
    serial_number=st.text(min_size=1, max_size=8).filter(lambda s: any(s.encode())),
)
@settings(max_examples=5, **SETTINGS)
def test_a_registered_part_gets_the_id_python_predicts(parts, maker, maker2, by, part_number, serial_number):
    manufacturer = (maker, maker2)[by]
    pn, sn = to_bytes32(part_number), to_bytes32(serial_number)
    tx = parts.registerPart(pn, sn, ZERO32, {"from": manufacturer})
    expected = part_id(manufacturer.address, pn, sn)
    assert tx.return_value == expected
    assert tx.events["PartRegistered"]["partId"] == expected
    assert parts.verifySerial(manufacturer, pn, sn)["genuine"] is True


# ------------------------------------------------------------------ ERC-721 metadata


def test_a_registered_part_has_an_empty_token_uri_and_an_unknown_one_none(parts, register):
    part = register("SN-URI")
    assert parts.tokenURI(part) == ""
    with brownie.reverts(err("PartNotFound", 777)):
        parts.tokenURI(777)


def test_the_token_has_the_ledgers_name_symbol_and_erc721_interfaces(parts):
    assert parts.name() == "PartLedger Part"
    assert parts.symbol() == "PART"
    assert parts.supportsInterface("0x80ac58cd") is True  # ERC-721
    assert parts.supportsInterface("0x5b5e139f") is False  # no token URI: see test_erc721_surface.py
    assert parts.supportsInterface("0x01ffc9a7") is True  # ERC-165
    assert parts.supportsInterface("0xffffffff") is False
