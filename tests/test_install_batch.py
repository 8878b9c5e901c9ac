"""installParts: up to MAX_BATCH_SIZE children into one parent in one transaction, all or
nothing, each child under exactly the rules of installPart: the same checks, the same errors
with the same facts, the same events and the same final state as one installPart per child.
A batch is no side door around any status, the depth limit or the tree's shape."""

from itertools import pairwise

import brownie
import pytest
from brownie import ZERO_ADDRESS, FinancingHarness

from helpers import INSTALLED, MAX_DEPTH, SB, err, events, register_batch, register_part

MAX_BATCH = 256  # PartRegistry.MAX_BATCH_SIZE
UNKNOWN = 1234  # no part has this id


@pytest.fixture(scope="module")
def engine(parts, maker):
    return register_part(parts, maker, "ENG-1", "PN-ENGINE")


def kit(parts, owner, label, count):
    """`count` fresh parts of `owner`, one registration batch: (batch id, ids)."""
    return register_batch(parts, owner, "PN-KIT", [f"{label}-{i}" for i in range(count)])


def chain_below(parts, owner, label, count):
    """`count` fresh parts installed one below the other: ids[i] sits i levels down."""
    ids = kit(parts, owner, label, count)[1]
    for parent, child in pairwise(ids):
        parts.installPart(child, parent, {"from": owner})
    return ids


def nothing_installed(parts, children):
    return all(parts.parentOf(c) == 0 and parts.flagsOf(c) & INSTALLED == 0 for c in children)


def height_of(parts, owner, root, probe):
    """The stored assembly height of `root` (not installed), read through the depth rule: under
    probe[-1], MAX_DEPTH - 1 levels down, it fits only with height 0; else the refusal names
    MAX_DEPTH + height."""
    assert len(probe) == MAX_DEPTH
    try:
        parts.installPart.call(root, probe[-1], {"from": owner})
    except brownie.exceptions.VirtualMachineError as error:
        name, facts = error.revert_msg.split(": ")
        assert name == "AssemblyTooDeep", error.revert_msg
        return int(facts.split(", ")[2]) - MAX_DEPTH
    return 0


# ------------------------------------------------------------------ success


def test_a_batch_installs_every_child_with_the_events_of_its_own_install(parts, maker, engine):
    children = kit(parts, maker, "K", 5)[1]
    tx = parts.installParts(children, engine, {"from": maker})
    assert [(e.name, dict(e)) for e in tx.events] == [
        event
        for child in children
        for event in (
            ("Transfer", {"from": maker, "to": parts.address, "id": child}),
            ("PartInstalledInto", {"childId": child, "parentId": engine, "by": maker}),
        )
    ]
    for child in children:
        assert parts.ownerOf(child) == parts.address
        assert parts.parentOf(child) == engine
        assert parts.flagsOf(child) & INSTALLED
        info = parts.verifyPart(child)
        assert (info["root"], info["owner"]) == (engine, maker)
    assert parts.balanceOf(parts.address) == 5
    assert parts.balanceOf(maker) == 1  # the engine


def test_a_batch_ends_each_childs_offer_and_custody_as_installpart_does(parts, maker, airline, mro, engine):
    offered, held, plain = kit(parts, maker, "OC", 3)[1]
    parts.offerPart(offered, airline, 0, {"from": maker})
    parts.assignCustody(held, mro, {"from": maker})
    tx = parts.installParts([offered, held, plain], engine, {"from": maker})
    assert events(tx, "HandoverCancelled") == [{"partId": offered, "recipient": airline}]
    assert events(tx, "CustodyChanged") == [{"partId": held, "previousCustodian": mro, "custodian": ZERO_ADDRESS}]
    assert parts.offerOf(offered)[0] == ZERO_ADDRESS
    assert parts.custodianOf(held) == ZERO_ADDRESS


def test_heights_are_carried_up_once_for_the_whole_batch_and_count_every_child(parts, maker):
    """Two children of height 2 and one of height 0 go in at depth 1: the root is 4 high; it
    stays 4 high when one tall child leaves (the other is still counted) and drops to 2 when
    both have left."""
    root, parent = chain_below(parts, maker, "R", 2)
    tall_a, tall_b = chain_below(parts, maker, "A", 3)[0], chain_below(parts, maker, "B", 3)[0]
    short = register_part(parts, maker, "C-0", "PN-KIT")
    probe = chain_below(parts, maker, "P", MAX_DEPTH)
    parts.installParts([tall_a, short, tall_b], parent, {"from": maker})
    assert height_of(parts, maker, root, probe) == 4
    parts.removePart(tall_a, {"from": maker})
    assert height_of(parts, maker, root, probe) == 4
    parts.removePart(tall_b, {"from": maker})
    assert height_of(parts, maker, root, probe) == 2
    parts.removePart(short, {"from": maker})
    assert height_of(parts, maker, root, probe) == 1


def test_a_batch_equals_one_installpart_per_child(parts, maker, airline, mro):
    """Twin assemblies, twin children (an offer, a custodian, subtrees of heights 2 and 1, plain
    parts): one child by one into the first, one batch into the second. Same events, same state
    of every part, same heights, and the same again after the tallest child leaves."""

    def build(label):
        root, parent = chain_below(parts, maker, f"{label}R", 2)
        offered, held, plain = kit(parts, maker, f"{label}K", 3)[1]
        tall, mid = chain_below(parts, maker, f"{label}T", 3), chain_below(parts, maker, f"{label}M", 2)
        parts.offerPart(offered, airline, 0, {"from": maker})
        parts.assignCustody(held, mro, {"from": maker})
        every = [root, parent, offered, tall[0], held, mid[0], plain, *tall[1:], *mid[1:]]
        return every, [offered, tall[0], held, mid[0], plain], parent

    def label_of(every):
        names = {part: f"part{i}" for i, part in enumerate(every)}
        names[parts.address] = "registry"
        return lambda value: names.get(value, value)

    def logged(txs, every):
        name = label_of(every)
        return [(e.name, {k: name(v) for k, v in dict(e).items()}) for tx in txs for e in tx.events]

    def state(every):
        name = label_of(every)
        rows = []
        for part in every:
            info = parts.verifyPart(part)
            rows.append(
                (
                    name(parts.ownerOf(part)),
                    name(parts.parentOf(part)),
                    name(info["root"]),
                    info["owner"],
                    info["status"],
                    parts.flagsOf(part),
                    parts.custodianOf(part),
                    tuple(parts.offerOf(part)),
                )
            )
        return rows

    one, children_one, parent_one = build("X")
    two, children_two, parent_two = build("Y")
    probe = chain_below(parts, maker, "P", MAX_DEPTH)
    held_before = parts.balanceOf(parts.address)
    singles = [parts.installPart(child, parent_one, {"from": maker}) for child in children_one]
    batch = parts.installParts(children_two, parent_two, {"from": maker})
    assert logged(singles, one) == logged([batch], two)
    assert state(one) == state(two)
    assert parts.balanceOf(parts.address) == held_before + 2 * len(children_one)
    assert height_of(parts, maker, one[0], probe) == height_of(parts, maker, two[0], probe) == 4
    parts.removePart(children_one[1], {"from": maker})
    parts.removePart(children_two[1], {"from": maker})
    assert state(one) == state(two)
    assert height_of(parts, maker, one[0], probe) == height_of(parts, maker, two[0], probe) == 3


def test_a_batch_costs_each_child_a_fraction_of_its_own_transaction(parts, maker, engine):
    first, second, *children = kit(parts, maker, "G", 12)[1]
    parts.installPart(first, engine, {"from": maker})
    single = parts.installPart(second, engine, {"from": maker}).gas_used  # steady state: no new slot, no new height
    per_child = parts.installParts(children, engine, {"from": maker}).gas_used / len(children)
    assert per_child < 0.6 * single, (per_child, single)


def test_a_full_batch_of_max_batch_size_children_fits_a_block(parts, maker, engine):
    assert parts.MAX_BATCH_SIZE() == MAX_BATCH
    children = kit(parts, maker, "F", MAX_BATCH)[1]
    tx = parts.installParts(children, engine, {"from": maker})
    assert len(events(tx, "PartInstalledInto")) == MAX_BATCH
    assert parts.balanceOf(parts.address) == MAX_BATCH
    print(f"installParts of {MAX_BATCH}: {tx.gas_used:,} gas, {tx.gas_used // MAX_BATCH:,} per child")
    assert tx.gas_used < 12_000_000  # `make chain`'s block gas limit


# ------------------------------------------------------------------ the batch itself


def test_an_empty_or_oversized_batch_is_refused(parts, maker, engine):
    with brownie.reverts(err("InvalidBatchSize", 0, MAX_BATCH)):
        parts.installParts([], engine, {"from": maker})
    with brownie.reverts(err("InvalidBatchSize", MAX_BATCH + 1, MAX_BATCH)):
        parts.installParts([UNKNOWN] * (MAX_BATCH + 1), engine, {"from": maker})


def test_a_child_listed_twice_is_refused_by_name(parts, maker, engine):
    a, b = kit(parts, maker, "D", 2)[1]
    with brownie.reverts(err("DuplicateChild", a, engine)):
        parts.installParts([a, b, a], engine, {"from": maker})
    with brownie.reverts(err("DuplicateChild", b, engine)):
        parts.installParts([b, b], engine, {"from": maker})
    assert nothing_installed(parts, [a, b])


def test_a_child_installed_before_the_batch_is_refused_as_installed(parts, maker, engine):
    a, b = kit(parts, maker, "I", 2)[1]
    module = register_part(parts, maker, "MOD-1", "PN-MODULE")
    parts.installPart(a, engine, {"from": maker})
    with brownie.reverts(err("PartInstalled", a, engine)):  # same parent, not this batch's doing
        parts.installParts([b, a], engine, {"from": maker})
    with brownie.reverts(err("PartInstalled", a, engine)):  # another parent
        parts.installParts([b, a], module, {"from": maker})
    assert nothing_installed(parts, [b])


def test_the_batch_refuses_with_the_first_refused_childs_own_error(parts, maker, regulator, engine):
    good, suspect, frozen = kit(parts, maker, "E", 3)[1]
    parts.recallPart(suspect, SB, {"from": maker})
    parts.freezePart(frozen, SB, {"from": regulator})
    with brownie.reverts(err("PartSuspect", suspect)):
        parts.installParts([good, suspect, frozen], engine, {"from": maker})
    with brownie.reverts(err("PartFrozen", frozen)):
        parts.installParts([good, frozen, suspect], engine, {"from": maker})
    # the child's own checks come before the parent's, as in installPart
    parts.freezePart(engine, SB, {"from": regulator})
    with brownie.reverts(err("PartSuspect", suspect)):
        parts.installParts([suspect, good], engine, {"from": maker})
    with brownie.reverts(err("PartFrozen", engine)):
        parts.installParts([good, suspect], engine, {"from": maker})
    assert nothing_installed(parts, [good, suspect, frozen])


def test_all_or_nothing_a_late_refusal_undoes_every_earlier_child(parts, maker, airline, mro, regulator, engine):
    offered, held, plain, frozen = kit(parts, maker, "N", 4)[1]
    parts.offerPart(offered, airline, 0, {"from": maker})
    parts.assignCustody(held, mro, {"from": maker})
    parts.freezePart(frozen, SB, {"from": regulator})
    with brownie.reverts(err("PartFrozen", frozen)):
        parts.installParts([offered, held, plain, frozen], engine, {"from": maker})
    assert nothing_installed(parts, [offered, held, plain, frozen])
    assert parts.balanceOf(parts.address) == 0
    assert all(parts.ownerOf(p) == maker for p in (offered, held, plain, frozen))
    assert parts.offerOf(offered)[0] == airline
    assert parts.custodianOf(held) == mro


# ------------------------------------------------------------------ the rules of installPart, child by child


def test_unknown_parts_are_refused(parts, maker, engine):
    (a,) = kit(parts, maker, "U", 1)[1]
    with brownie.reverts(err("PartNotFound", UNKNOWN)):
        parts.installParts([a, UNKNOWN], engine, {"from": maker})
    with brownie.reverts(err("PartNotFound", UNKNOWN)):
        parts.installParts([a], UNKNOWN, {"from": maker})
    with brownie.reverts(err("PartNotFound", UNKNOWN)):  # the child first, as installPart
        parts.installParts([UNKNOWN], UNKNOWN + 1, {"from": maker})


def test_only_the_owner_of_every_child_and_of_the_parents_root_installs(parts, maker, airline, engine):
    mine, theirs = kit(parts, maker, "O", 2)[1]
    parts.transferFrom(maker, airline, theirs, {"from": maker})
    with brownie.reverts(err("NotPartOwner", theirs, maker, airline)):
        parts.installParts([mine, theirs], engine, {"from": maker})
    module = register_part(parts, maker, "MOD-1", "PN-MODULE")
    parts.installPart(module, engine, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("NotPartOwner", module, maker, airline)):  # the installed module's root owner
        parts.installParts([mine], module, {"from": maker})
    assert nothing_installed(parts, [mine, theirs])


def test_the_caller_must_be_an_active_participant_of_a_running_suite(
    parts, participants, admin, regulator, maker, outsider, engine
):
    (a,) = kit(parts, maker, "P", 1)[1]
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        parts.installParts([a], engine, {"from": outsider})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        parts.installParts([a], engine, {"from": maker})
    participants.unpause({"from": admin})
    participants.suspend(maker, SB, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.installParts([a], engine, {"from": maker})
    assert nothing_installed(parts, [a])


STATUSES = ["frozen", "recalled", "batch-recalled", "retired"]
ERROR = {"frozen": "PartFrozen", "recalled": "PartSuspect", "batch-recalled": "PartSuspect", "retired": "PartRetired"}


def flag(parts, maker, regulator, part, batch_id, status):
    if status == "frozen":
        parts.freezePart(part, SB, {"from": regulator})
    elif status == "recalled":
        parts.recallPart(part, SB, {"from": regulator})
    elif status == "batch-recalled":
        parts.recallBatch(maker, batch_id, SB, {"from": regulator})
    else:
        parts.retirePart(part, SB, {"from": maker})


@pytest.mark.parametrize("status", STATUSES)
def test_a_flagged_child_anywhere_in_the_batch_stops_it(parts, maker, regulator, engine, status):
    good = kit(parts, maker, "S", 2)[1]
    batch_id, (bad,) = kit(parts, maker, "BAD", 1)
    flag(parts, maker, regulator, bad, batch_id, status)
    with brownie.reverts(err(ERROR[status], bad)):
        parts.installParts([good[0], bad, good[1]], engine, {"from": maker})
    assert nothing_installed(parts, [*good, bad])


@pytest.mark.parametrize("status", STATUSES[:3])
def test_nothing_goes_into_a_flagged_assembly_by_batch(parts, maker, regulator, status):
    batch_id, (root,) = kit(parts, maker, "ROOT", 1)
    module, stage = kit(parts, maker, "LVL", 2)[1]
    parts.installPart(module, root, {"from": maker})
    parts.installPart(stage, module, {"from": maker})
    children = kit(parts, maker, "C", 2)[1]
    flag(parts, maker, regulator, root, batch_id, status)
    with brownie.reverts(err(ERROR[status], root)):
        parts.installParts(children, stage, {"from": maker})  # a sound parent two levels down
    with brownie.reverts(err(ERROR[status], root)):
        parts.installParts(children, root, {"from": maker})
    assert nothing_installed(parts, children)


def test_a_retired_parent_takes_no_batch(parts, maker):
    parent, a = kit(parts, maker, "RP", 2)[1]
    parts.retirePart(parent, SB, {"from": maker})
    with brownie.reverts(err("PartRetired", parent)):
        parts.installParts([a], parent, {"from": maker})


def test_a_child_past_its_life_limit_stops_the_batch(parts, records, maker, engine):
    good, worn = kit(parts, maker, "L", 2)[1]
    records.setLifeLimit(worn, 10, 0, {"from": maker})
    records.recordUsage(worn, 10, 0, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", worn, 10, 10, 0, 0)):
        parts.installParts([good, worn], engine, {"from": maker})
    assert nothing_installed(parts, [good, worn])


def test_an_encumbered_child_or_assembly_takes_no_batch(parts, participants, admin, regulator, maker, airline, engine):
    harness = FinancingHarness.deploy(parts, participants, {"from": admin})
    parts.connectFinancing(harness, {"from": admin})
    parts.connectFinancing(harness, {"from": regulator})
    good, promised = kit(parts, maker, "EN", 2)[1]
    harness.encumber(promised, maker, airline, {"from": maker})
    with brownie.reverts(err("PartEncumbered", promised)):
        parts.installParts([good, promised], engine, {"from": maker})
    harness.release(promised, {"from": maker})
    harness.encumber(engine, maker, airline, {"from": maker})
    with brownie.reverts(err("PartEncumbered", engine)):
        parts.installParts([good, promised], engine, {"from": maker})
    assert nothing_installed(parts, [good, promised])


# ------------------------------------------------------------------ shape of the tree


def test_no_part_goes_into_itself_or_its_own_subtree_by_batch(parts, maker, engine):
    module, a = kit(parts, maker, "CY", 2)[1]
    parts.installPart(module, engine, {"from": maker})
    with brownie.reverts(err("AssemblyCycle", engine, module)):  # the root, after a sound child
        parts.installParts([a, engine], module, {"from": maker})
    with brownie.reverts(err("AssemblyCycle", engine, module)):  # the root, first
        parts.installParts([engine, a], module, {"from": maker})
    with brownie.reverts(err("AssemblyCycle", engine, engine)):  # the parent itself
        parts.installParts([a, engine], engine, {"from": maker})
    with brownie.reverts(err("PartInstalled", module, engine)):  # an installed part above: installed
        parts.installParts([a, module], module, {"from": maker})
    assert nothing_installed(parts, [a])


def test_the_depth_limit_holds_for_every_child_of_a_batch(parts, maker):
    deep = chain_below(parts, maker, "DP", MAX_DEPTH)  # deep[7] sits 7 levels down
    single, *_ = kit(parts, maker, "SG", 1)[1]
    pair = chain_below(parts, maker, "PR", 2)  # a subtree 1 high
    with brownie.reverts(err("AssemblyTooDeep", pair[0], deep[-1], MAX_DEPTH + 1, MAX_DEPTH)):
        parts.installParts([single, pair[0]], deep[-1], {"from": maker})
    parts.installParts([single], deep[-1], {"from": maker})  # exactly MAX_DEPTH levels down
    (other,) = kit(parts, maker, "OT", 1)[1]
    with brownie.reverts(err("AssemblyTooDeep", other, single, MAX_DEPTH + 1, MAX_DEPTH)):
        parts.installParts([other], single, {"from": maker})
    parts.installParts([pair[0]], deep[-2], {"from": maker})  # 6 + 1 + 1
    assert parts.verifyPart(pair[1])["root"] == deep[0]
