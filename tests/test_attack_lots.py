"""Attack: a manufacturer that lost its accreditation (MANUFACTURER_ROLE revoked) keeps minting
genuine parts from the lots it anchored while accredited, or hands such a lot to an accomplice
who mints them. Claiming a serial is registering a part: the manufacturer's own claim (and its
hand-over of a lot) needs the role, held now. A lot handed on while it was accredited stays
claimable by its holder (the parts were made under the accreditation)."""

import brownie
import pytest

from helpers import MANUFACTURER_ROLE, ZERO32, b32, err, missing_role
from partledger import LotTree

PN = "PN-RIVET"
SERIALS = [f"R-{i:03d}" for i in range(8)]


@pytest.fixture(scope="module")
def tree():
    return LotTree(PN, SERIALS)


@pytest.fixture
def lot(parts, maker, tree):
    return parts.anchorLot(b32(PN), b32("LOT-9"), tree.root, len(tree), ZERO32, {"from": maker}).return_value


def claim(parts, by, manufacturer, lot_id, tree, serial):
    return parts.claimLotPart(manufacturer, lot_id, b32(PN), b32(serial), tree.proof(serial), {"from": by})


def test_a_manufacturer_whose_role_was_revoked_mints_no_part_from_its_own_lot(parts, participants, admin, maker, lot, tree):
    claim(parts, maker, maker, lot, tree, SERIALS[0])  # accredited: fine
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    with brownie.reverts(missing_role(maker, MANUFACTURER_ROLE)):
        claim(parts, maker, maker, lot, tree, SERIALS[1])
    assert parts.balanceOf(maker) == 1


def test_a_manufacturer_whose_role_was_revoked_cannot_pass_its_lot_to_an_accomplice(
    parts, participants, admin, maker, broker, lot, tree
):
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    with brownie.reverts(missing_role(maker, MANUFACTURER_ROLE)):
        parts.transferLot(maker, lot, broker, {"from": maker})
    assert parts.lotHolder(maker, lot) == maker
    with brownie.reverts(err("NotLotHolder", lot, broker, maker)):
        claim(parts, broker, maker, lot, tree, SERIALS[2])


def test_a_lot_handed_on_while_accredited_stays_claimable_by_its_holder(
    parts, participants, admin, maker, broker, airline, lot, tree
):
    parts.transferLot(maker, lot, broker, {"from": maker})
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    pid = claim(parts, broker, maker, lot, tree, SERIALS[3]).return_value
    assert parts.ownerOf(pid) == broker
    parts.transferLot(maker, lot, airline, {"from": broker})  # a plain holder hands it on, no role needed
    assert parts.lotHolder(maker, lot) == airline
