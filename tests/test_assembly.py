"""Assemblies: parts installed into parts travel with their root and cannot move on their own."""

import brownie
import pytest
from brownie import ZERO_ADDRESS

from helpers import INSTALLED, MAX_DEPTH, SB, TransferCode, err, register_batch, register_part


# Module-scoped: registered once, before the snapshot every test starts from.
@pytest.fixture(scope="module")
def engine(parts, maker):
    return register_part(parts, maker, "ENG-1", "PN-ENGINE")


@pytest.fixture(scope="module")
def module(parts, maker):
    return register_part(parts, maker, "MOD-1", "PN-MODULE")


@pytest.fixture(scope="module")
def blade(parts, maker):
    return register_part(parts, maker, "BLD-1", "PN-BLADE")


def chain_of(parts, maker, prefix, count):
    """`count` fresh parts, registered as one batch."""
    return register_batch(parts, maker, "PN-STACK", [f"{prefix}-{i}" for i in range(count)])[1]


def install_chain(parts, owner, ids):
    """ids[1] into ids[0], ids[2] into ids[1], ... (built from the top down)."""
    for parent, child in zip(ids, ids[1:]):
        parts.installPart(child, parent, {"from": owner})


# ------------------------------------------------------------------ install / remove


def test_installing_moves_the_child_into_the_registrys_keeping(parts, maker, engine, blade):
    tx = parts.installPart(blade, engine, {"from": maker})
    event = tx.events["PartInstalledInto"]
    assert (event["childId"], event["parentId"], event["by"]) == (blade, engine, maker)
    transfer = tx.events["Transfer"]
    assert (transfer["from"], transfer["to"], transfer["id"]) == (maker, parts.address, blade)

    assert parts.ownerOf(blade) == parts.address
    assert parts.balanceOf(parts.address) == 1
    assert parts.balanceOf(maker) == 1  # the engine
    assert parts.parentOf(blade) == engine
    assert parts.flagsOf(blade) & INSTALLED


def test_an_installed_part_reports_its_parent_root_and_root_owner(parts, maker, engine, module, blade):
    parts.installPart(module, engine, {"from": maker})
    parts.installPart(blade, module, {"from": maker})
    info = parts.verifyPart(blade)
    assert info["parent"] == module
    assert info["root"] == engine
    assert info["owner"] == maker
    assert info["genuine"] is True
    assert parts.rootOwnerOf(blade) == maker
    assert parts.verifyPart(module)["root"] == engine
    assert parts.verifyPart(engine)["root"] == engine
    assert parts.verifyPart(engine)["parent"] == 0


def test_moving_the_root_moves_every_installed_child_with_no_per_child_transaction(
    parts, maker, airline, engine, module, blade
):
    parts.installPart(module, engine, {"from": maker})
    parts.installPart(blade, module, {"from": maker})
    tx = parts.transferFrom(maker, airline, engine, {"from": maker})
    assert len(tx.events["Transfer"]) == 1
    assert tx.events["Transfer"][0]["id"] == engine

    assert parts.ownerOf(engine) == airline
    for child in (module, blade):
        assert parts.verifyPart(child)["owner"] == airline
        assert parts.rootOwnerOf(child) == airline
        assert parts.ownerOf(child) == parts.address


def test_the_new_root_owner_removes_a_child_and_receives_it(parts, maker, airline, broker, engine, blade):
    parts.installPart(blade, engine, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("NotPartOwner", blade, maker, airline)):
        parts.removePart(blade, {"from": maker})
    tx = parts.removePart(blade, {"from": airline})
    event = tx.events["PartRemovedFrom"]
    assert (event["childId"], event["parentId"], event["by"]) == (blade, engine, airline)
    transfer = tx.events["Transfer"]
    assert (transfer["from"], transfer["to"], transfer["id"]) == (parts.address, airline, blade)
    assert parts.ownerOf(blade) == airline
    info = parts.verifyPart(blade)
    assert (info["parent"], info["root"], info["owner"]) == (0, blade, airline)
    assert parts.flagsOf(blade) & INSTALLED == 0
    # a removed part moves on its own again
    parts.transferFrom(airline, broker, blade, {"from": airline})
    assert parts.ownerOf(blade) == broker


def test_a_mid_level_child_is_removed_with_its_own_children(parts, maker, engine, module, blade):
    parts.installPart(module, engine, {"from": maker})
    parts.installPart(blade, module, {"from": maker})
    parts.removePart(module, {"from": maker})
    assert parts.ownerOf(module) == maker
    assert parts.verifyPart(blade)["root"] == module
    assert parts.verifyPart(blade)["owner"] == maker


def test_an_installed_child_cannot_be_transferred_on_its_own(parts, maker, airline, engine, blade):
    parts.installPart(blade, engine, {"from": maker})
    assert parts.canTransfer(maker, airline, blade) == TransferCode.PartInstalled
    # as its effective owner (the root's owner) would try
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.transferFrom(maker, airline, blade, {"from": maker})
    assert parts.ownerOf(blade) == parts.address


def test_an_installed_child_cannot_be_pulled_out_of_the_registry(
    parts, maker, airline, enforcer, engine, module, blade
):
    parts.installPart(blade, engine, {"from": maker})
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.transferFrom(parts.address, airline, blade, {"from": maker})
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.forcedTransfer(blade, airline, SB, {"from": enforcer})
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.offerPart(blade, airline, 0, {"from": maker})
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.assignCustody(blade, airline, {"from": maker})
    with brownie.reverts(err("PartInstalled", blade, engine)):
        parts.installPart(blade, module, {"from": maker})  # installed once is installed
    assert parts.ownerOf(blade) == parts.address
    assert parts.parentOf(blade) == engine


def test_a_part_cannot_be_sent_into_the_registry_by_transfer(parts, maker, blade):
    with brownie.reverts(err("InvalidReceiver", parts.address)):
        parts.transferFrom(maker, parts.address, blade, {"from": maker})
    assert parts.ownerOf(blade) == maker


def test_installing_ends_the_childs_custody(parts, maker, mro, engine, blade):
    parts.assignCustody(blade, mro, {"from": maker})
    tx = parts.installPart(blade, engine, {"from": maker})
    custody = tx.events["CustodyChanged"]
    assert (custody["partId"], custody["previousCustodian"], custody["custodian"]) == (blade, mro, ZERO_ADDRESS)
    assert parts.custodianOf(blade) == ZERO_ADDRESS


# ------------------------------------------------------------------ shape of the tree


def test_a_part_cannot_be_installed_into_itself_or_its_own_descendant(parts, maker, engine, module, blade):
    with brownie.reverts(err("AssemblyCycle", engine, engine)):
        parts.installPart(engine, engine, {"from": maker})
    parts.installPart(module, engine, {"from": maker})
    parts.installPart(blade, module, {"from": maker})
    # engine is the root; take the tree apart at the top and try to close the loop
    with brownie.reverts(err("AssemblyCycle", engine, module)):
        parts.installPart(engine, module, {"from": maker})
    with brownie.reverts(err("AssemblyCycle", engine, blade)):
        parts.installPart(engine, blade, {"from": maker})


def test_an_assembly_takes_max_depth_levels_below_its_root_and_no_more(parts, maker):
    assert parts.MAX_ASSEMBLY_DEPTH() == MAX_DEPTH
    stack = chain_of(parts, maker, "L", MAX_DEPTH + 2)
    install_chain(parts, maker, stack[: MAX_DEPTH + 1])  # root + 8 levels
    assert parts.verifyPart(stack[MAX_DEPTH])["root"] == stack[0]
    with brownie.reverts(err("AssemblyTooDeep", stack[MAX_DEPTH + 1], stack[MAX_DEPTH], MAX_DEPTH + 1, MAX_DEPTH)):
        parts.installPart(stack[MAX_DEPTH + 1], stack[MAX_DEPTH], {"from": maker})


def test_the_depth_limit_counts_the_height_of_the_subtree_being_installed(parts, maker):
    upper = chain_of(parts, maker, "U", 5)  # depth 0..4
    lower = chain_of(parts, maker, "D", 5)  # a subtree 4 levels high
    install_chain(parts, maker, upper)
    install_chain(parts, maker, lower)
    # lower's root under upper[4] would reach depth 4 + 1 + 4 = 9
    with brownie.reverts(err("AssemblyTooDeep", lower[0], upper[4], 9, MAX_DEPTH)):
        parts.installPart(lower[0], upper[4], {"from": maker})
    # under upper[3] it reaches exactly 8
    parts.installPart(lower[0], upper[3], {"from": maker})
    assert parts.verifyPart(lower[4])["root"] == upper[0]


def test_a_tree_built_from_the_bottom_up_respects_the_same_limit(parts, maker):
    stack = chain_of(parts, maker, "B", MAX_DEPTH + 2)
    # install the deepest first: stack[i+1] into stack[i] from the bottom
    for i in reversed(range(MAX_DEPTH)):
        parts.installPart(stack[i + 1], stack[i], {"from": maker})
    with brownie.reverts(err("AssemblyTooDeep", stack[0], stack[MAX_DEPTH + 1], MAX_DEPTH + 1, MAX_DEPTH)):
        parts.installPart(stack[0], stack[MAX_DEPTH + 1], {"from": maker})


# ------------------------------------------------------------------ who may install


def test_only_the_owner_of_the_child_and_of_the_parents_root_installs(parts, maker, airline, engine, module, blade):
    parts.installPart(module, engine, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})
    with brownie.reverts(err("NotPartOwner", blade, airline, maker)):
        parts.installPart(blade, engine, {"from": airline})
    with brownie.reverts(err("NotPartOwner", engine, maker, airline)):
        parts.installPart(blade, engine, {"from": maker})
    # installing under an installed module checks the owner of its root
    with brownie.reverts(err("NotPartOwner", module, maker, airline)):
        parts.installPart(blade, module, {"from": maker})


def test_only_an_installed_known_part_is_removed_and_only_known_parts_installed(parts, maker, engine, blade):
    with brownie.reverts(err("PartNotInstalled", blade)):
        parts.removePart(blade, {"from": maker})
    with brownie.reverts(err("PartNotFound", 1234)):
        parts.installPart(1234, engine, {"from": maker})
    with brownie.reverts(err("PartNotFound", 1234)):
        parts.installPart(engine, 1234, {"from": maker})
    with brownie.reverts(err("PartNotFound", 1234)):
        parts.removePart(1234, {"from": maker})


# ------------------------------------------------------------------ only serviceable parts go in


def test_a_suspect_retired_or_frozen_part_goes_in_neither_as_child_nor_as_parent(
    parts, maker, regulator, engine, register
):
    suspect, retired, frozen = (register(s, part_number="PN-BLADE") for s in ("BLD-S", "BLD-R", "BLD-F"))
    parts.recallPart(suspect, SB, {"from": maker})
    parts.retirePart(retired, SB, {"from": maker})
    parts.freezePart(frozen, SB, {"from": regulator})
    for part, error in ((suspect, "PartSuspect"), (retired, "PartRetired"), (frozen, "PartFrozen")):
        with brownie.reverts(err(error, part)):
            parts.installPart(part, engine, {"from": maker})
        with brownie.reverts(err(error, part)):
            parts.installPart(engine, part, {"from": maker})
    assert parts.balanceOf(parts.address) == 0


def test_a_child_past_its_life_limit_is_refused(parts, records, maker, engine, module, blade):
    records.setLifeLimit(blade, 10, 0, {"from": maker})
    records.recordUsage(blade, 10, 0, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", blade, 10, 10, 0, 0)):
        parts.installPart(blade, engine, {"from": maker})
    assert parts.parentOf(blade) == 0
    # an hour limit counts the same way
    records.setLifeLimit(module, 0, 500, {"from": maker})
    records.recordUsage(module, 3, 501, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", module, 3, 0, 501, 500)):
        parts.installPart(module, engine, {"from": maker})


def test_a_child_within_its_life_limit_is_installed(parts, records, maker, engine, blade):
    records.setLifeLimit(blade, 10, 500, {"from": maker})
    records.recordUsage(blade, 9, 499, {"from": maker})
    parts.installPart(blade, engine, {"from": maker})
    assert parts.parentOf(blade) == engine


# ------------------------------------------------------------------ heights are exact


def test_a_dismantled_full_depth_assembly_can_top_a_new_one(parts, maker):
    """Heights are exact: once its full-depth assembly is taken apart, the former top is a
    single part again and goes in at the deepest level of another full-depth assembly."""
    stack = chain_of(parts, maker, "TOP", MAX_DEPTH + 1)
    install_chain(parts, maker, stack)  # stack[0] tops 8 levels
    other = chain_of(parts, maker, "NEW", MAX_DEPTH)
    install_chain(parts, maker, other)  # other[7] sits 7 levels down
    with brownie.reverts(err("AssemblyTooDeep", stack[0], other[-1], 2 * MAX_DEPTH, MAX_DEPTH)):
        parts.installPart(stack[0], other[-1], {"from": maker})
    for child in reversed(stack[1:]):  # dismantle from the bottom
        parts.removePart(child, {"from": maker})
    parts.installPart(stack[0], other[-1], {"from": maker})
    assert parts.verifyPart(stack[0])["root"] == other[0]


def test_removing_the_deepest_branch_lowers_every_height_above_it(parts, maker):
    engine, *chain = chain_of(parts, maker, "H", 5)  # engine > c0 > c1 > c2 > c3
    install_chain(parts, maker, [engine, *chain])
    side = chain_of(parts, maker, "S", 2)  # s0 > s1, to hang below the engine
    install_chain(parts, maker, side)
    parts.installPart(side[0], engine, {"from": maker})
    deep = chain_of(parts, maker, "DEEP", MAX_DEPTH)  # deep[7] sits 7 levels down
    install_chain(parts, maker, deep)
    # engine is 4 high: under deep[3] (depth 3) it would reach 3 + 1 + 4 = 8, under deep[4] 9
    with brownie.reverts(err("AssemblyTooDeep", engine, deep[4], 9, MAX_DEPTH)):
        parts.installPart(engine, deep[4], {"from": maker})
    parts.removePart(chain[1], {"from": maker})  # engine > c0 left, and the side branch
    # engine is 2 high now (through the side branch): 6 + 1 + 2 = 9 does not fit
    with brownie.reverts(err("AssemblyTooDeep", engine, deep[6], 9, MAX_DEPTH)):
        parts.installPart(engine, deep[6], {"from": maker})
    # the removed subtree kept its own height: c1 > c2 > c3 is 2 high
    with brownie.reverts(err("AssemblyTooDeep", chain[1], deep[6], 9, MAX_DEPTH)):
        parts.installPart(chain[1], deep[6], {"from": maker})
    parts.installPart(engine, deep[5], {"from": maker})  # 5 + 1 + 2 = 8
    assert parts.verifyPart(side[1])["root"] == deep[0]


def test_heights_follow_installs_and_removals_deep_inside_an_assembly(parts, maker):
    """A change far down an installed subtree reaches the root (up to MAX_DEPTH steps)."""
    stack = chain_of(parts, maker, "IN", 4)
    install_chain(parts, maker, stack)  # stack[0] is 3 high
    extra = chain_of(parts, maker, "EX", 5)
    install_chain(parts, maker, extra)  # 4 high
    parts.installPart(extra[0], stack[3], {"from": maker})  # stack[0] now 8 high: full
    probe = chain_of(parts, maker, "PR", 4)
    install_chain(parts, maker, probe)  # probe[i] sits i levels down
    with brownie.reverts(err("AssemblyTooDeep", stack[0], probe[3], 3 + 1 + 8, MAX_DEPTH)):
        parts.installPart(stack[0], probe[3], {"from": maker})
    parts.removePart(extra[2], {"from": maker})  # 6 levels down: stack[0] drops to 5 high
    with brownie.reverts(err("AssemblyTooDeep", stack[0], probe[3], 3 + 1 + 5, MAX_DEPTH)):
        parts.installPart(stack[0], probe[3], {"from": maker})
    parts.installPart(stack[0], probe[2], {"from": maker})  # 2 + 1 + 5 = 8
    assert parts.verifyPart(extra[1])["root"] == probe[0]
