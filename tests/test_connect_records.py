"""connectRecords: the admin connects the life-limit oracle (PartRecords) once deployed; replacing
it takes two authorities (admin or regulators: one proposes, another confirms through
ParticipantRegistry.confirmExternal); a contract that is not this registry's records (or no
contract at all) is refused, so a wrong address can never brick installPart."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, MockERC1271Wallet, ParticipantRegistry, PartRecords, PartRegistry

from helpers import ADMIN_ROLE, Action, err, events, missing_role, register_part
from scripts.deploy import deploy_suite


@pytest.fixture(scope="module")
def other_suite(admin):
    """A second, complete suite: its records belong to another registry."""
    return deploy_suite(admin, permissioned=True)


@pytest.fixture
def fresh_records(participants, parts, admin):
    """A second PartRecords for this very suite (e.g. an upgrade of the records contract)."""
    return PartRecords.deploy(participants, parts, {"from": admin})


def test_two_authorities_replace_the_records_and_the_event_names_old_and_new(
    parts, participants, records, admin, regulator, fresh_records
):
    assert parts.records() == records
    tx = parts.connectRecords(fresh_records, {"from": admin})  # proposes only
    assert parts.records() == records
    assert "RecordsConnected" not in tx.events
    data = "0x" + "00" * 12 + fresh_records.address[2:].lower()
    proposed = events(tx, "ActionProposed")
    assert len(proposed) == 1 and proposed[0]["proposer"] == admin and proposed[0]["account"] == parts
    assert proposed[0]["actionId"] == participants.actionId(Action.External, parts, data)
    tx = parts.connectRecords(fresh_records, {"from": regulator})  # confirms and executes
    assert events(tx, "RecordsConnected") == [{"previous": records, "records": fresh_records}]
    assert parts.records() == fresh_records


def test_one_authority_cannot_confirm_its_own_replacement(parts, participants, records, admin, regulator, fresh_records):
    other = PartRecords.deploy(participants, parts, {"from": admin})
    for authority, candidate in ((admin, fresh_records), (regulator, other)):
        parts.connectRecords(candidate, {"from": authority})
        data = "0x" + "00" * 12 + candidate.address[2:].lower()
        proposal = participants.actionId(Action.External, parts, data)
        with brownie.reverts(err("AlreadyProposed", proposal, authority)):
            parts.connectRecords(candidate, {"from": authority})
        assert parts.records() == records


def test_a_replacement_needs_two_votes_for_the_same_contract(
    parts, participants, admin, regulator, records, fresh_records
):
    other = PartRecords.deploy(participants, parts, {"from": admin})
    parts.connectRecords(fresh_records, {"from": admin})
    parts.connectRecords(other, {"from": regulator})  # a different contract: a proposal of its own
    assert parts.records() == records
    parts.connectRecords(other, {"from": admin})
    assert parts.records() == other


def test_installPart_asks_the_records_now_connected(parts, records, admin, regulator, maker, fresh_records):
    engine, blade = register_part(parts, maker, "E-1", "PN-ENG"), register_part(parts, maker, "B-1", "PN-BLADE")
    # worn out in the old records, new in the replacement
    records.setLifeLimit(blade, 1, 0, {"from": maker})
    records.recordUsage(blade, 1, 0, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", blade, 1, 1, 0, 0)):
        parts.installPart(blade, engine, {"from": maker})
    parts.connectRecords(fresh_records, {"from": admin})
    parts.connectRecords(fresh_records, {"from": regulator})
    parts.installPart(blade, engine, {"from": maker})
    assert parts.parentOf(blade) == engine


def test_a_fresh_registry_connects_its_records_once_deployed(participants, admin):
    parts = PartRegistry.deploy(participants, True, {"from": admin})
    assert parts.records() == ZERO_ADDRESS
    records = PartRecords.deploy(participants, parts, {"from": admin})
    tx = parts.connectRecords(records, {"from": admin})
    assert events(tx, "RecordsConnected") == [{"previous": ZERO_ADDRESS, "records": records}]


def wrong_records(kind, c):
    if kind == "no-code":
        return c.outsider.address
    if kind == "zero":
        return ZERO_ADDRESS
    if kind == "participant-registry":  # a contract without parts()
        return c.participants.address
    if kind == "this-registry":  # answers participants() but not parts()
        return c.parts.address
    if kind == "unrelated-contract":
        return MockERC1271Wallet.deploy(c.admin, True, {"from": c.admin}).address
    if kind == "records-of-another-suite":
        return c.other_suite.records.address
    if kind == "records-of-this-registry-other-participants":
        return PartRecords.deploy(c.other_suite.participants, c.parts, {"from": c.admin}).address
    raise AssertionError(kind)


WRONG = ["no-code", "zero", "participant-registry", "this-registry", "unrelated-contract",
         "records-of-another-suite", "records-of-this-registry-other-participants"]


@pytest.mark.parametrize("kind", WRONG)
def test_anything_but_this_suites_records_is_refused(parts, participants, records, admin, outsider, other_suite, kind):
    from types import SimpleNamespace

    c = SimpleNamespace(parts=parts, participants=participants, admin=admin, outsider=outsider, other_suite=other_suite)
    wrong = wrong_records(kind, c)
    with brownie.reverts(err("InvalidRecords", wrong)):
        parts.connectRecords(wrong, {"from": admin})
    assert parts.records() == records


@pytest.mark.parametrize("kind", ["unrelated-contract", "records-of-another-suite"])
def test_a_wrong_contract_cannot_brick_installPart_of_a_fresh_registry(participants, admin, maker, outsider, other_suite, kind):
    """Before issue 6 the first connectRecords took any contract and could never be undone."""
    from types import SimpleNamespace

    parts = PartRegistry.deploy(participants, True, {"from": admin})
    c = SimpleNamespace(parts=parts, participants=participants, admin=admin, outsider=outsider, other_suite=other_suite)
    wrong = wrong_records(kind, c)
    with brownie.reverts(err("InvalidRecords", wrong)):
        parts.connectRecords(wrong, {"from": admin})
    engine, blade = register_part(parts, maker, "E-2", "PN-ENG"), register_part(parts, maker, "B-2", "PN-BLADE")
    parts.installPart(blade, engine, {"from": maker})
    assert parts.parentOf(blade) == engine


def test_only_authorities_replace_the_records_and_not_while_paused(
    parts, participants, records, admin, regulator, maker, outsider, fresh_records
):
    with brownie.reverts(err("NotAnAuthority", maker)):
        parts.connectRecords(fresh_records, {"from": maker})
    with brownie.reverts(err("NotAnAuthority", outsider)):
        parts.connectRecords(fresh_records, {"from": outsider})
    participants.pause({"from": regulator})
    with brownie.reverts(err("EnforcedPause")):
        parts.connectRecords(fresh_records, {"from": admin})
    assert parts.records() == records
    # a suspended admin: test_registry_invariants.test_a_suspended_participant_can_do_nothing


def test_only_the_admin_connects_the_first_records(participants, admin, regulator, maker):
    fresh = PartRegistry.deploy(participants, True, {"from": admin})
    records = PartRecords.deploy(participants, fresh, {"from": admin})
    for caller in (regulator, maker):
        with brownie.reverts(missing_role(caller, ADMIN_ROLE)):
            fresh.connectRecords(records, {"from": caller})
    fresh.connectRecords(records, {"from": admin})
    assert fresh.records() == records


def test_only_the_suites_contracts_can_file_a_two_authority_decision(
    parts, participants, records, admin, regulator, outsider, fresh_records
):
    data = "0x" + "00" * 12 + fresh_records.address[2:].lower()
    # No account but the bound part registry (and its financing's receivables) may speak for an
    # authority: nothing is logged naming authorities that took no decision.
    for caller, authority in ((outsider, admin), (admin, admin), (regulator, admin), (outsider, outsider)):
        with brownie.reverts(err("NotASuiteContract", caller)):
            participants.confirmExternal(authority, data, {"from": caller})
    assert participants.proposal(participants.actionId(Action.External, outsider, data))[0] == ZERO_ADDRESS
    # ... so the regulator's call through the registry is still only the first vote.
    parts.connectRecords(fresh_records, {"from": regulator})
    assert parts.records() == records


def test_the_admin_binds_the_part_registry_once(participants, parts, admin, regulator, maker):
    assert participants.parts() == parts
    other = PartRegistry.deploy(participants, True, {"from": admin})
    with brownie.reverts(err("PartsAlreadyBound", parts)):
        participants.bindParts(other, {"from": admin})
    with brownie.reverts(missing_role(regulator, ADMIN_ROLE)):
        participants.bindParts(other, {"from": regulator})
    assert participants.parts() == parts


def test_a_part_registry_is_bound_only_by_its_own_participant_registry(admin, participants, parts, maker):
    fresh = ParticipantRegistry.deploy(admin, "Fresh", "F-1", 60, {"from": admin})
    assert fresh.parts() == ZERO_ADDRESS
    # another registry's parts, no contract, a contract without participants()
    for wrong in (parts, maker, participants):
        with brownie.reverts(err("InvalidParts", wrong)):
            fresh.bindParts(wrong, {"from": admin})
    mine = PartRegistry.deploy(fresh, True, {"from": admin})
    mine.connectRecords(PartRecords.deploy(fresh, mine, {"from": admin}), {"from": admin})  # the admin's first
    successor = PartRecords.deploy(fresh, mine, {"from": admin})
    # Unbound, the two-authority path answers no contract at all.
    with brownie.reverts(err("NotASuiteContract", mine)):
        mine.connectRecords(successor, {"from": admin})
    with brownie.reverts(missing_role(maker, ADMIN_ROLE)):
        fresh.bindParts(mine, {"from": maker})
    tx = fresh.bindParts(mine, {"from": admin})
    assert events(tx, "PartsBound") == [{"parts": mine}]
    assert fresh.parts() == mine
    tx = mine.connectRecords(successor, {"from": admin})  # now a proposal, filed under the registry
    assert [e["account"] for e in events(tx, "ActionProposed")] == [mine]
