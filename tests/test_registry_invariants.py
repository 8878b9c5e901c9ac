"""Property-based checks of the registry's invariants (brownie.test.given, small example counts):

- every part has exactly one owner, and balances add up to the parts each account holds;
- a retired part never moves, by any path;
- a suspect part is never installed, whatever mix of part and batch recalls led there;
- a suspended participant can do nothing: every suite operation it calls reverts ParticipantSuspended.
"""

from types import SimpleNamespace

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain, web3
from brownie.test import given
from hypothesis import settings
from hypothesis import strategies as st

from helpers import (
    FROZEN,
    HOUR,
    SETTINGS,
    ZERO32,
    PartStatus,
    b32,
    err,
    key_of,
    onboard,
    register_batch,
    register_part,
    signed_order,
)
from partledger import LotTree

REASON = web3.keccak(text="decision")
CERT = web3.keccak(text="FAA 8130-3 #77")


@pytest.fixture(scope="module")
def regulator2(participants, admin, outsider):
    """A second regulator, so a regulator can be suspended and reinstated by someone else."""
    onboard(participants, admin, regulator2=outsider)
    return outsider


@pytest.fixture
def cast(suite, admin, regulator, regulator2, maker, maker2, airline, mro, broker, financier, enforcer, keyed):
    return SimpleNamespace(
        parts=suite.parts,
        records=suite.records,
        participants=suite.participants,
        admin=admin,
        regulator=regulator,
        regulator2=regulator2,
        maker=maker,
        maker2=maker2,
        airline=airline,
        mro=mro,
        broker=broker,
        financier=financier,
        enforcer=enforcer,
        signer=keyed,  # holds its private key: signs transfer orders
    )


_serial = iter(range(10**9))


def new_part(c, owner=None, by=None, pn="PN-INV"):
    """Registers a fresh part by `by` (the maker) and hands it to `owner`."""
    by = by or c.maker
    serial = f"SN-{next(_serial)}"
    part = register_part(c.parts, by, serial, pn)
    if owner is not None and owner != by:
        c.parts.transferFrom(by, owner, part, {"from": by})
    return part


# ================================================================== one owner per part

OWNER_OPS = st.lists(
    st.tuples(st.sampled_from(["register", "transfer", "install", "remove"]), st.integers(0, 63), st.integers(0, 63)),
    min_size=1,
    max_size=12,
)


@given(ops=OWNER_OPS)
@settings(max_examples=5, **SETTINGS)
def test_every_part_has_exactly_one_owner_and_balances_add_up(cast, ops):
    c = cast
    holders = [c.maker, c.maker2, c.airline, c.broker]
    registry = c.parts.address
    ids, owner, parent = [], {}, {}  # owner: the ERC-721 holder (the registry while installed)

    def root_of(p):
        while p in parent:
            p = parent[p]
        return p

    for kind, a, b in ops:
        if kind == "register" or not ids:
            by = holders[a % 2]
            part = new_part(c, by=by)
            ids.append(part)
            owner[part] = by.address
        elif kind == "transfer":
            part, to = ids[a % len(ids)], holders[b % len(holders)]
            if part in parent:  # an installed part only moves with its root
                with brownie.reverts(err("PartInstalled", part, parent[part])):
                    c.parts.transferFrom(owner[root_of(part)], to, part, {"from": owner[root_of(part)]})
            else:
                c.parts.transferFrom(owner[part], to, part, {"from": owner[part]})
                owner[part] = to.address
        elif kind == "install":
            child, target = ids[a % len(ids)], ids[b % len(ids)]
            doer = owner[child]
            possible = (
                child not in parent
                and child != target
                and root_of(target) != child  # no loops
                and owner[root_of(target)] == doer  # the doer holds both
            )
            if possible:
                c.parts.installPart(child, target, {"from": doer})
                parent[child] = target
                owner[child] = registry
            else:
                with brownie.reverts():
                    c.parts.installPart(child, target, {"from": doer if doer != registry else c.maker})
        else:  # remove
            part = ids[a % len(ids)]
            if part in parent:
                root_owner = owner[root_of(part)]
                c.parts.removePart(part, {"from": root_owner})
                del parent[part]
                owner[part] = root_owner
            else:
                with brownie.reverts(err("PartNotInstalled", part)):
                    c.parts.removePart(part, {"from": c.maker})

        # balances always add up to the number of parts
        assert sum(c.parts.balanceOf(h) for h in holders + [registry]) == len(ids)

    for h in holders + [registry]:
        held = [p for p in ids if owner[p] == (h if isinstance(h, str) else h.address)]
        assert c.parts.balanceOf(h) == len(held)
    for part in ids:
        assert c.parts.ownerOf(part) == owner[part]
        info = c.parts.verifyPart(part)
        assert info["owner"] == owner[root_of(part)]
        assert info["root"] == root_of(part)
        assert c.parts.rootOwnerOf(part) == owner[root_of(part)]


# ================================================================== a retired part never moves

MOVES = ["transferFrom", "safeTransferFrom", "offerPart", "assignCustody", "forcedTransfer", "installAsChild",
         "installAsParent", "transferBySignature", "recall", "freeze"]


@given(
    moves=st.lists(st.sampled_from(MOVES), min_size=1, max_size=6),
    receiver=st.sampled_from(["airline", "broker", "maker"]),
    had_offer=st.booleans(),
)
@settings(max_examples=4, **SETTINGS)
def test_a_retired_part_never_moves(cast, moves, receiver, had_offer):
    c = cast
    owner = c.signer
    part = new_part(c, owner=owner)
    other = new_part(c, owner=owner)
    to = getattr(c, receiver)
    if had_offer:
        c.parts.offerPart(part, to, 0, {"from": owner})
    c.parts.retirePart(part, REASON, {"from": owner})

    for move in moves:
        if move == "recall":  # paperwork still works on a retired part, but changes nothing about it
            if not c.parts.isSuspect(part):
                c.parts.recallPart(part, REASON, {"from": c.regulator})
            continue
        if move == "freeze":
            if not c.parts.flagsOf(part) & FROZEN:
                c.parts.freezePart(part, REASON, {"from": c.regulator})
            continue
        with brownie.reverts(err("PartRetired", part)):
            if move == "transferFrom":
                c.parts.transferFrom(owner, to, part, {"from": owner})
            elif move == "safeTransferFrom":
                c.parts.safeTransferFrom(owner, to, part, {"from": owner})
            elif move == "offerPart":
                c.parts.offerPart(part, to, 0, {"from": owner})
            elif move == "assignCustody":
                c.parts.assignCustody(part, to, {"from": owner})
            elif move == "forcedTransfer":
                c.parts.forcedTransfer(part, to, REASON, {"from": c.enforcer})
            elif move == "installAsChild":
                c.parts.installPart(part, other, {"from": owner})
            elif move == "installAsParent":
                c.parts.installPart(other, part, {"from": owner})
            else:
                order = signed_order(c.parts, key_of(owner), part, to, c.parts.nonces(owner), chain.time() + HOUR)
                c.parts.transferBySignature(*order, {"from": c.broker})
    if had_offer:
        with brownie.reverts(err("NoOpenOffer", part)):
            c.parts.acceptPart(part, {"from": to})

    assert c.parts.ownerOf(part) == owner
    info = c.parts.verifyPart(part)
    assert info["status"] == PartStatus.Retired
    assert info["owner"] == owner
    assert info["parent"] == 0
    assert c.parts.custodianOf(part) == ZERO_ADDRESS


# ================================================================== a suspect part is never installed

RECALL_OPS = st.lists(
    st.tuples(st.sampled_from(["recallPart", "clearPart", "recallBatch", "clearBatch"]), st.integers(0, 3), st.booleans()),
    max_size=8,
)


@given(ops=RECALL_OPS, as_parent=st.booleans())
@settings(max_examples=5, **SETTINGS)
def test_a_suspect_part_is_never_installed(cast, ops, as_parent):
    """Any mix of part and batch recalls and clearances, by the manufacturer or a regulator (whose
    recalls only a regulator lifts): a part suspect by the rules is never installed."""
    c = cast
    batch_id, batch = register_batch(c.parts, c.maker, "PN-SUS", [f"S-{i}" for i in range(4)])
    own, own_by_regulator = [False] * 4, [False] * 4
    recalled, batch_by_regulator, epoch, clearance = False, False, 0, [0] * 4

    def via_batch(i):
        return recalled and clearance[i] != epoch

    def suspect(i):
        return own[i] or via_batch(i)

    for kind, i, by_regulator in ops:
        by = c.regulator if by_regulator else c.maker
        part = batch[i]
        if kind == "recallPart":
            if own[i] and (not by_regulator or own_by_regulator[i]):
                with brownie.reverts(err("PartSuspect", part)):
                    c.parts.recallPart(part, REASON, {"from": by})
            else:
                c.parts.recallPart(part, REASON, {"from": by})
                own[i], own_by_regulator[i] = True, own_by_regulator[i] or by_regulator
        elif kind == "clearPart":
            if not suspect(i):
                refusal = err("PartNotSuspect", part)
            elif not by_regulator and own_by_regulator[i]:
                refusal = err("RecallImposedByRegulator", part, by)
            elif not by_regulator and via_batch(i) and batch_by_regulator:
                refusal = err("BatchRecallImposedByRegulator", batch_id, by)
            else:
                refusal = None
            if refusal:
                with brownie.reverts(refusal):
                    c.parts.clearPart(part, REASON, {"from": by})
            else:
                c.parts.clearPart(part, REASON, {"from": by})
                own[i] = own_by_regulator[i] = False
                if recalled:
                    clearance[i] = epoch
        elif kind == "recallBatch":
            if recalled and (not by_regulator or batch_by_regulator):
                with brownie.reverts(err("BatchAlreadyRecalled", batch_id)):
                    c.parts.recallBatch(c.maker, batch_id, REASON, {"from": by})
            else:
                c.parts.recallBatch(c.maker, batch_id, REASON, {"from": by})
                recalled, batch_by_regulator, epoch = True, by_regulator, epoch + 1
        else:
            if not recalled:
                refusal = err("BatchNotRecalled", batch_id)
            elif batch_by_regulator and not by_regulator:
                refusal = err("BatchRecallImposedByRegulator", batch_id, by)
            else:
                refusal = None
            if refusal:
                with brownie.reverts(refusal):
                    c.parts.clearBatch(c.maker, batch_id, REASON, {"from": by})
            else:
                c.parts.clearBatch(c.maker, batch_id, REASON, {"from": by})
                recalled = batch_by_regulator = False

    rig = new_part(c)
    for i, part in enumerate(batch):
        assert c.parts.isSuspect(part) == suspect(i)
        child, target = (new_part(c), part) if as_parent else (part, rig)
        if suspect(i):
            with brownie.reverts(err("PartSuspect", part)):
                c.parts.installPart(child, target, {"from": c.maker})
            assert c.parts.parentOf(child) == 0
        else:
            c.parts.installPart(child, target, {"from": c.maker})
            assert c.parts.parentOf(child) == target


# ================================================================== a suspended participant can do nothing
#
# Each operation: (eligible actors, setup(c, actor) -> act(), whether the act succeeds once the
# actor is reinstated). The setup leaves the actor one call away from a successful operation.
# Not listed: ERC-721 approve / setApprovalForAll and useNonce, which take no participant check
# (an approval or a burnt nonce cannot move a part while its owner is suspended).


def _other(c, actor):
    return c.broker if actor != c.broker else c.airline


def _lot(c, actor):
    tree = LotTree(f"PN-LOT-{next(_serial)}", ["L-1", "L-2", "L-3"])
    lot = c.parts.anchorLot(tree.part_number, b32("LOT-1"), tree.root, 3, ZERO32, {"from": c.maker}).return_value
    if actor != c.maker:
        c.parts.transferLot(c.maker, lot, actor, {"from": c.maker})
    return tree, lot


def s_register_part(c, a):
    return lambda: c.parts.registerPart(b32("PN-S"), b32("SN-S"), ZERO32, {"from": a})


def s_register_batch(c, a):
    return lambda: c.parts.registerBatch(b32("PN-S"), [b32("B-1"), b32("B-2")], ZERO32, {"from": a})


def s_anchor_lot(c, a):
    return lambda: c.parts.anchorLot(b32("PN-S"), b32("LOT-S"), b"\x42" * 32, 9, ZERO32, {"from": a})


def s_claim_lot_part(c, a):
    tree, lot = _lot(c, a)
    return lambda: c.parts.claimLotPart(c.maker, lot, tree.part_number, b32("L-2"), tree.proof("L-2"), {"from": a})


def s_transfer_lot(c, a):
    _, lot = _lot(c, a)
    return lambda: c.parts.transferLot(c.maker, lot, _other(c, a), {"from": a})


def s_recall_part(c, a):
    part = new_part(c)
    return lambda: c.parts.recallPart(part, REASON, {"from": a})


def s_clear_part(c, a):
    part = new_part(c)
    c.parts.recallPart(part, REASON, {"from": c.maker})
    return lambda: c.parts.clearPart(part, REASON, {"from": a})


def _batch(c):
    serial = b32(f"B-{next(_serial)}")
    return c.parts.registerBatch(b32("PN-B"), [serial], ZERO32, {"from": c.maker}).return_value


def s_recall_batch(c, a):
    batch = _batch(c)
    return lambda: c.parts.recallBatch(c.maker, batch, REASON, {"from": a})


def s_clear_batch(c, a):
    batch = _batch(c)
    c.parts.recallBatch(c.maker, batch, REASON, {"from": c.maker})
    return lambda: c.parts.clearBatch(c.maker, batch, REASON, {"from": a})


def s_freeze_part(c, a):
    part = new_part(c)
    return lambda: c.parts.freezePart(part, REASON, {"from": a})


def s_unfreeze_part(c, a):
    part = new_part(c)
    c.parts.freezePart(part, REASON, {"from": c.regulator})
    return lambda: c.parts.unfreezePart(part, REASON, {"from": a})


def s_retire_part(c, a):
    part = new_part(c, owner=a)
    return lambda: c.parts.retirePart(part, REASON, {"from": a})


def s_install_part(c, a):
    child, parent = new_part(c, owner=a), new_part(c, owner=a)
    return lambda: c.parts.installPart(child, parent, {"from": a})


def s_remove_part(c, a):
    child, parent = new_part(c), new_part(c)
    c.parts.installPart(child, parent, {"from": c.maker})
    if a != c.maker:
        c.parts.transferFrom(c.maker, a, parent, {"from": c.maker})
    return lambda: c.parts.removePart(child, {"from": a})


def s_assign_custody(c, a):
    part = new_part(c, owner=a)
    return lambda: c.parts.assignCustody(part, c.mro if a != c.mro else c.broker, {"from": a})


def s_release_custody(c, a):
    part = new_part(c)
    c.parts.assignCustody(part, a, {"from": c.maker})
    return lambda: c.parts.releaseCustody(part, {"from": a})


def s_offer_part(c, a):
    part = new_part(c, owner=a)
    return lambda: c.parts.offerPart(part, _other(c, a), 0, {"from": a})


def s_accept_part(c, a):
    part = new_part(c)
    c.parts.offerPart(part, a, 0, {"from": c.maker})
    return lambda: c.parts.acceptPart(part, {"from": a})


def s_decline_part(c, a):
    part = new_part(c)
    c.parts.offerPart(part, a, 0, {"from": c.maker})
    return lambda: c.parts.declinePart(part, {"from": a})


def s_cancel_offer(c, a):
    part = new_part(c, owner=a)
    c.parts.offerPart(part, _other(c, a), 0, {"from": a})
    return lambda: c.parts.cancelOffer(part, {"from": a})


def s_transfer_from(c, a):
    part = new_part(c, owner=a)
    return lambda: c.parts.transferFrom(a, _other(c, a), part, {"from": a})


def s_transfer_from_as_operator(c, a):
    part = new_part(c)
    c.parts.approve(a, part, {"from": c.maker})
    return lambda: c.parts.transferFrom(c.maker, _other(c, a), part, {"from": a})


def s_safe_transfer_from(c, a):
    part = new_part(c, owner=a)
    return lambda: c.parts.safeTransferFrom(a, _other(c, a), part, {"from": a})


def s_forced_transfer(c, a):
    part = new_part(c)
    return lambda: c.parts.forcedTransfer(part, c.airline, REASON, {"from": a})


def s_transfer_by_signature(c, a):
    part = new_part(c, owner=c.signer)
    to = _other(c, a)
    order = signed_order(c.parts, key_of(c.signer), part, to, c.parts.nonces(c.signer), chain.time() + HOUR)
    return lambda: c.parts.transferBySignature(*order, {"from": a})  # `a` relays


def s_connect_records(c, a):
    return lambda: c.parts.connectRecords(c.records, {"from": a})


def s_attach_certificate(c, a):
    if a != c.mro:
        part = new_part(c)  # the manufacturer's first certificate
        return lambda: c.records.attachCertificate(part, CERT, ZERO32, {"from": a})
    part = serviced_part(c)  # a station the owner authorised re-certifies
    c.records.attachCertificate(part, CERT, ZERO32, {"from": c.maker})
    return lambda: c.records.attachCertificate(part, REASON, CERT, {"from": a})


def serviced_part(c):
    """An airline's part its repair station (mro) is authorised for."""
    part = new_part(c, owner=c.airline)
    c.records.authoriseStation(part, c.mro, {"from": c.airline})
    return part


def s_record_event(c, a):
    part = serviced_part(c) if a == c.mro else new_part(c, owner=a)
    step = {c.maker.address: 0, c.mro.address: 4}.get(a.address, 1)  # Commissioning / Inspecting / Shipping
    return lambda: c.records.recordEvent(part, step, 0, b32("EDDH"), ZERO32, 0, 0, {"from": a})


def s_set_life_limit(c, a):
    part = new_part(c)
    return lambda: c.records.setLifeLimit(part, 100, 0, {"from": a})


def s_record_usage(c, a):
    part = serviced_part(c) if a == c.mro else new_part(c, owner=a)
    return lambda: c.records.recordUsage(part, 1, 2, {"from": a})


def s_record_maintenance(c, a):
    part = new_part(c, owner=c.airline)
    c.parts.assignCustody(part, a, {"from": c.airline})
    return lambda: c.records.recordMaintenance(part, REASON, True, {"from": a})


def s_authorise_station(c, a):
    part = new_part(c, owner=a)
    return lambda: c.records.authoriseStation(part, c.mro, {"from": a})


def s_revoke_station(c, a):
    part = new_part(c, owner=a)
    c.records.authoriseStation(part, c.mro, {"from": a})
    return lambda: c.records.revokeStation(part, c.mro, {"from": a})


# name: (eligible actors, setup, succeeds after reinstatement)
SUSPENDABLE_OPS = {
    "registerPart": (["maker", "maker2"], s_register_part, True),
    "registerBatch": (["maker", "maker2"], s_register_batch, True),
    "anchorLot": (["maker", "maker2"], s_anchor_lot, True),
    "claimLotPart": (["maker", "airline", "broker"], s_claim_lot_part, True),
    "transferLot": (["maker", "airline", "mro"], s_transfer_lot, True),
    "recallPart": (["maker", "regulator"], s_recall_part, True),
    "clearPart": (["maker", "regulator"], s_clear_part, True),
    "recallBatch": (["maker", "regulator"], s_recall_batch, True),
    "clearBatch": (["maker", "regulator"], s_clear_batch, True),
    "freezePart": (["regulator"], s_freeze_part, True),
    "unfreezePart": (["regulator"], s_unfreeze_part, True),
    "retirePart": (["maker", "airline", "broker"], s_retire_part, True),
    "installPart": (["maker", "airline"], s_install_part, True),
    "removePart": (["maker", "airline"], s_remove_part, True),
    "assignCustody": (["maker", "airline", "broker"], s_assign_custody, True),
    "releaseCustody": (["airline", "mro", "broker"], s_release_custody, True),
    "offerPart": (["maker", "airline"], s_offer_part, True),
    "acceptPart": (["airline", "broker", "financier"], s_accept_part, True),
    "declinePart": (["airline", "broker"], s_decline_part, True),
    "cancelOffer": (["maker", "airline"], s_cancel_offer, True),
    "transferFrom": (["maker", "airline", "broker"], s_transfer_from, True),
    "transferFrom as operator": (["airline", "broker"], s_transfer_from_as_operator, True),
    "safeTransferFrom": (["maker", "airline"], s_safe_transfer_from, True),
    "forcedTransfer": (["enforcer"], s_forced_transfer, True),
    "transferBySignature": (["airline", "broker", "mro"], s_transfer_by_signature, True),
    "connectRecords": (["admin"], s_connect_records, True),  # reconnecting the same records
    "attachCertificate": (["maker", "mro"], s_attach_certificate, True),
    "recordEvent": (["maker", "airline", "mro"], s_record_event, True),
    "setLifeLimit": (["maker"], s_set_life_limit, True),
    "recordUsage": (["airline", "mro"], s_record_usage, True),
    "recordMaintenance": (["mro"], s_record_maintenance, True),
    "authoriseStation": (["airline", "broker"], s_authorise_station, True),
    "revokeStation": (["airline", "broker"], s_revoke_station, True),
}


ACTORS = sorted({name for eligible, _, _ in SUSPENDABLE_OPS.values() for name in eligible})


@pytest.mark.parametrize("actor_name", ACTORS)
@given(data=st.data(), reason=st.binary(min_size=32, max_size=32))
@settings(max_examples=1, **SETTINGS)
def test_a_suspended_participant_can_do_nothing(cast, actor_name, data, reason):
    """Every operation the actor could otherwise perform, tried in a random order while it is
    suspended, reverts ParticipantSuspended(actor); once reinstated, the same calls go through."""
    c = cast
    actor = getattr(c, actor_name)
    names = [name for name, (eligible, _, _) in SUSPENDABLE_OPS.items() if actor_name in eligible]
    names = data.draw(st.permutations(names), label="order")
    acts = [(name, SUSPENDABLE_OPS[name][1](c, actor), SUSPENDABLE_OPS[name][2]) for name in names]
    # the admin or a regulator takes two other authorities; anyone else, one regulator
    authorities = (c.admin, c.regulator, c.regulator2) if actor in (c.admin, c.regulator) else (c.regulator,)
    suspenders = [a for a in authorities if a != actor]

    for suspender in suspenders:
        c.participants.suspend(actor, reason, {"from": suspender})
    for name, act, _ in acts:
        try:
            with brownie.reverts(err("ParticipantSuspended", actor)):
                act()
        except AssertionError as exc:
            raise AssertionError(f"{name} by suspended {actor_name}: {exc}") from None

    for suspender in suspenders:
        c.participants.reinstate(actor, reason, {"from": suspender})
    for name, act, control in acts:
        if control:
            act()  # the very same call goes through once the suspension is lifted
