"""A regulator's freeze stops a part on every transfer path (ERC-721, handover, signed order,
installation) until it is lifted; only an enforcer's forced transfer overrides it (test_forced)."""

import brownie
import pytest

from helpers import (
    FROZEN,
    REGULATOR_ROLE,
    ZERO32,
    PartStatus,
    TransferCode,
    b32,
    err,
    events,
    hx,
    key_of,
    missing_role,
    signed_order,
)

REASON = b32("dispute 44")


@pytest.fixture
def part(register):
    return register("SN-FZ")


def test_a_regulator_freezes_and_unfreezes_a_part(parts, regulator, part):
    tx = parts.freezePart(part, REASON, {"from": regulator})
    assert events(tx, "PartFrozenBy") == [{"partId": part, "regulator": regulator, "reasonHash": hx(REASON)}]
    assert parts.verifyPart(part)["status"] == PartStatus.Frozen
    assert parts.flagsOf(part) & FROZEN
    tx = parts.unfreezePart(part, ZERO32, {"from": regulator})
    assert events(tx, "PartUnfrozen") == [{"partId": part, "regulator": regulator, "reasonHash": hx(ZERO32)}]
    assert parts.verifyPart(part)["status"] == PartStatus.InService
    assert parts.flagsOf(part) & FROZEN == 0


def test_only_an_active_regulator_freezes_or_unfreezes(parts, participants, maker, enforcer, regulator, part):
    for caller in (maker, enforcer):
        with brownie.reverts(missing_role(caller, REGULATOR_ROLE)):
            parts.freezePart(part, REASON, {"from": caller})
    parts.freezePart(part, REASON, {"from": regulator})
    with brownie.reverts(missing_role(maker, REGULATOR_ROLE)):
        parts.unfreezePart(part, REASON, {"from": maker})
    assert parts.flagsOf(part) & FROZEN


def test_freezing_twice_unfreezing_a_free_part_or_an_unknown_part_is_refused(parts, maker, regulator, part):
    with brownie.reverts(err("PartNotFrozen", part)):
        parts.unfreezePart(part, REASON, {"from": regulator})
    parts.freezePart(part, REASON, {"from": regulator})
    with brownie.reverts(err("PartFrozen", part)):
        parts.freezePart(part, REASON, {"from": regulator})
    unknown = parts.partIdOf(maker, b32("PN-100"), b32("NEVER"))
    with brownie.reverts(err("PartNotFound", unknown)):
        parts.freezePart(unknown, REASON, {"from": regulator})


# Each path: prepare(ctx) -> (attempt, expected (from, to)); attempt() performs the transfer.


def path_transfer_from(c):
    return lambda: c.parts.transferFrom(c.maker, c.airline, c.pid, {"from": c.maker}), (c.maker, c.airline)


def path_safe_transfer_from(c):
    fn = c.parts.safeTransferFrom["address,address,uint256"]
    return lambda: fn(c.maker, c.airline, c.pid, {"from": c.maker}), (c.maker, c.airline)


def path_safe_transfer_from_with_data(c):
    fn = c.parts.safeTransferFrom["address,address,uint256,bytes"]
    return lambda: fn(c.maker, c.airline, c.pid, b"\x01", {"from": c.maker}), (c.maker, c.airline)


def path_approved_operator(c):
    c.parts.setApprovalForAll(c.broker, True, {"from": c.maker})
    return lambda: c.parts.transferFrom(c.maker, c.airline, c.pid, {"from": c.broker}), (c.maker, c.airline)


def path_handover(c):
    c.parts.offerPart(c.pid, c.airline, 0, {"from": c.maker})
    return lambda: c.parts.acceptPart(c.pid, {"from": c.airline}), (c.maker, c.airline)


def path_signed_order(c):
    c.parts.transferFrom(c.maker, c.keyed, c.pid, {"from": c.maker})
    order = signed_order(c.parts, key_of(c.keyed), c.pid, c.airline)
    return lambda: c.parts.transferBySignature(*order, {"from": c.broker}), (c.keyed, c.airline)


PATHS = {
    "transferFrom": path_transfer_from,
    "safeTransferFrom": path_safe_transfer_from,
    "safeTransferFrom+data": path_safe_transfer_from_with_data,
    "approved-operator": path_approved_operator,
    "handover": path_handover,
    "signed-order": path_signed_order,
}


@pytest.mark.parametrize("path", PATHS)
def test_a_freeze_blocks_the_transfer_path_and_unfreezing_restores_it(
    parts, maker, airline, broker, regulator, keyed, part, path
):
    from types import SimpleNamespace

    c = SimpleNamespace(parts=parts, maker=maker, airline=airline, broker=broker, keyed=keyed, pid=part)
    attempt, (frm, to) = PATHS[path](c)
    parts.freezePart(part, REASON, {"from": regulator})
    assert parts.canTransfer(frm, to, part) == TransferCode.PartFrozen
    with brownie.reverts(err("PartFrozen", part)):
        attempt()
    assert parts.ownerOf(part) == frm
    parts.unfreezePart(part, ZERO32, {"from": regulator})
    assert parts.canTransfer(frm, to, part) == TransferCode.Ok
    tx = attempt()
    assert events(tx, "Transfer") == [{"from": frm, "to": to, "id": part}]
    assert parts.ownerOf(part) == to


def test_a_frozen_part_cannot_be_installed_nor_receive_a_child(parts, maker, regulator, register):
    parent, child = register("SN-ENG"), register("SN-BLD")
    parts.freezePart(child, REASON, {"from": regulator})
    with brownie.reverts(err("PartFrozen", child)):
        parts.installPart(child, parent, {"from": maker})
    parts.unfreezePart(child, REASON, {"from": regulator})
    parts.freezePart(parent, REASON, {"from": regulator})
    with brownie.reverts(err("PartFrozen", parent)):
        parts.installPart(child, parent, {"from": maker})
    parts.unfreezePart(parent, REASON, {"from": regulator})
    tx = parts.installPart(child, parent, {"from": maker})
    assert events(tx, "PartInstalledInto") == [{"childId": child, "parentId": parent, "by": maker}]
