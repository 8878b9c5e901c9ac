"""Attack: a manufacturer that lost MANUFACTURER_ROLE (accreditation withdrawn) keeps making
genuine parts out of the Merkle lots it anchored before, or hands a lot to an accomplice who
does. Anchoring commits serial numbers, not produced parts (a lot may run to millions of
serials), so every claim is a registration: while the manufacturer holds its own lot, it needs
the role held now, as registerPart and registerBatch do (issue 6, item 2)."""

import brownie
import pytest

from helpers import MANUFACTURER_ROLE, ZERO32, b32, missing_role
from partledger import LotTree

PN = "PN-RIVET"
SERIALS = [f"R-{i:04d}" for i in range(8)]


@pytest.fixture(scope="module")
def tree():
    return LotTree(PN, SERIALS)


@pytest.fixture
def lot(parts, maker, tree):
    """A lot the maker anchored while accredited."""
    return parts.anchorLot(b32(PN), b32("LOT-9"), tree.root, len(tree), ZERO32, {"from": maker}).return_value


def claim(parts, by, maker, lot_id, tree, serial):
    return parts.claimLotPart(maker, lot_id, b32(PN), b32(serial), tree.proof(serial), {"from": by})


def test_a_manufacturer_whose_role_was_revoked_makes_no_part_from_its_own_lot(
    participants, parts, admin, maker, lot, tree
):
    claim(parts, maker, maker, lot, tree, "R-0000")  # accredited: fine
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    with brownie.reverts(missing_role(maker, MANUFACTURER_ROLE)):
        claim(parts, maker, maker, lot, tree, "R-0001")
    assert parts.balanceOf(maker) == 1


def test_a_manufacturer_whose_role_was_revoked_cannot_pass_its_lot_to_an_accomplice(
    participants, parts, admin, maker, broker, lot, tree
):
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    with brownie.reverts(missing_role(maker, MANUFACTURER_ROLE)):
        parts.transferLot(maker, lot, broker, {"from": maker})
    assert parts.lotHolder(maker, lot) == maker


def test_the_role_granted_again_restores_the_manufacturers_lot(participants, parts, admin, maker, lot, tree):
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    participants.grantRole(MANUFACTURER_ROLE, maker, {"from": admin})
    part = claim(parts, maker, maker, lot, tree, "R-0002").return_value
    assert parts.ownerOf(part) == maker


def test_a_lot_handed_on_while_accredited_stays_claimable_by_its_holder(
    participants, parts, admin, maker, airline, lot, tree
):
    """The holder bought the lot's serials from an accredited manufacturer: what it bought stays its own."""
    parts.transferLot(maker, lot, airline, {"from": maker})
    participants.revokeRole(MANUFACTURER_ROLE, maker, {"from": admin})
    part = claim(parts, airline, maker, lot, tree, "R-0003").return_value
    assert parts.ownerOf(part) == airline
