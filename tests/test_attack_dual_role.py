"""Attack: one account holding MANUFACTURER_ROLE and REGULATOR_ROLE lifts, as a regulator, the
freezes and recalls other regulators imposed on its own parts ("only a regulator clears a
regulator's recall", issue 6 item 2, would mean nothing for exactly the parts it is meant for).
The rule: REGULATOR_ROLE and MANUFACTURER_ROLE exclude each other (Roles.conflict), on every path
a role is granted (grantRole, a confirmed proposal, onboard), whoever asks."""

import brownie
import pytest

from helpers import (
    FROZEN,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    SB,
    ZERO32,
    Action,
    b32,
    err,
    missing_role,
    new_key_account,
    register_batch,
    register_part,
)
from scripts.deploy import deploy_suite


def pending(participants, account, role) -> tuple:
    """The (proposer, expiresAt) of the proposal to grant `role` to `account`."""
    proposer, expires = participants.proposal(participants.actionId(Action.GrantRole, account, role))
    return str(proposer), int(expires)


@pytest.fixture(scope="module")
def bare(admin):
    """A suite whose only participant is its admin: no regulator yet (the admin alone appoints
    the first one, the one case `onboard` grants REGULATOR_ROLE)."""
    return deploy_suite(admin, admin_name="Bare Admin").participants


# (a manufacturer refused the regulator role by every authority: test_governance.py)


def test_a_proposal_to_appoint_a_regulator_cannot_be_confirmed_once_the_account_makes_parts(
    participants, admin, regulator, broker
):
    participants.grantRole(REGULATOR_ROLE, broker, {"from": admin})
    assert pending(participants, broker, REGULATOR_ROLE)[0] == admin
    participants.grantRole(MANUFACTURER_ROLE, broker, {"from": admin})
    with brownie.reverts(err("IncompatibleRoles", broker, REGULATOR_ROLE, MANUFACTURER_ROLE)):
        participants.grantRole(REGULATOR_ROLE, broker, {"from": regulator})
    assert not participants.hasRole(REGULATOR_ROLE, broker)
    assert participants.activeRegulatorCount() == 1


def test_a_regulator_cannot_be_made_a_manufacturer_through_grant_role(parts, participants, admin, regulator, broker):
    with brownie.reverts(err("IncompatibleRoles", regulator, MANUFACTURER_ROLE, REGULATOR_ROLE)):
        participants.grantRole(MANUFACTURER_ROLE, regulator, {"from": admin})
    # a participant appointed regulator by two authorities is excluded from then on
    participants.grantRole(REGULATOR_ROLE, broker, {"from": admin})
    participants.grantRole(REGULATOR_ROLE, broker, {"from": regulator})
    with brownie.reverts(err("IncompatibleRoles", broker, MANUFACTURER_ROLE, REGULATOR_ROLE)):
        participants.grantRole(MANUFACTURER_ROLE, broker, {"from": admin})
    for account in (regulator, broker):
        assert not participants.hasRole(MANUFACTURER_ROLE, account)
        with brownie.reverts(missing_role(account, MANUFACTURER_ROLE)):
            parts.registerPart(b32("PN-DR"), b32("DR-0"), ZERO32, {"from": account})


def test_a_regulator_cannot_be_made_a_manufacturer_through_onboard(bare, admin):
    fresh = new_key_account("dual-role-onboarded")
    for roles, role, held in (
        ([REGULATOR_ROLE, MANUFACTURER_ROLE], MANUFACTURER_ROLE, REGULATOR_ROLE),
        ([MANUFACTURER_ROLE, REGULATOR_ROLE], REGULATOR_ROLE, MANUFACTURER_ROLE),
    ):
        with brownie.reverts(err("IncompatibleRoles", fresh, role, held)):
            bare.onboard(fresh, "Maker Authority", "MA-1", roles, {"from": admin})
    assert bare.isActive(fresh) is False
    assert bare.activeRegulatorCount() == 0
    # onboarded as the first regulator, it stays one
    bare.onboard(fresh, "Aviation Authority", "REG-001", [REGULATOR_ROLE], {"from": admin})
    with brownie.reverts(err("IncompatibleRoles", fresh, MANUFACTURER_ROLE, REGULATOR_ROLE)):
        bare.grantRole(MANUFACTURER_ROLE, fresh, {"from": admin})
    assert not bare.hasRole(MANUFACTURER_ROLE, fresh)


def test_a_regulators_freeze_and_recall_of_a_manufacturers_parts_stay_binding(
    participants, parts, admin, regulator, maker
):
    """The finding end to end: the maker cannot become a regulator, so it cannot lift them."""
    for authority in (admin, regulator):
        with brownie.reverts(err("IncompatibleRoles", maker, REGULATOR_ROLE, MANUFACTURER_ROLE)):
            participants.grantRole(REGULATOR_ROLE, maker, {"from": authority})
    frozen = register_part(parts, maker, "DR-1", "PN-DR")
    recalled = register_part(parts, maker, "DR-2", "PN-DR")
    batch, (in_batch,) = register_batch(parts, maker, "PN-DR", ["DR-3"])
    parts.freezePart(frozen, SB, {"from": regulator})
    parts.recallPart(recalled, SB, {"from": regulator})
    parts.recallBatch(maker, batch, SB, {"from": regulator})
    with brownie.reverts(missing_role(maker, REGULATOR_ROLE)):
        parts.unfreezePart(frozen, SB, {"from": maker})
    with brownie.reverts(err("RecallImposedByRegulator", recalled, maker)):
        parts.clearPart(recalled, SB, {"from": maker})
    with brownie.reverts(err("BatchRecallImposedByRegulator", batch, maker)):
        parts.clearBatch(maker, batch, SB, {"from": maker})
    with brownie.reverts(err("BatchRecallImposedByRegulator", batch, maker)):
        parts.clearPart(in_batch, SB, {"from": maker})
    assert parts.flagsOf(frozen) & FROZEN
    assert parts.isSuspect(recalled) and parts.isSuspect(in_batch) and parts.isBatchRecalled(batch)


def test_its_own_recall_stays_a_manufacturers_recall_that_any_regulator_may_take_over(parts, regulator, maker):
    pid = register_part(parts, maker, "DR-4", "PN-DR")
    parts.recallPart(pid, SB, {"from": maker})
    parts.recallPart(pid, SB, {"from": regulator})  # a regulator takes it over
    with brownie.reverts(err("RecallImposedByRegulator", pid, maker)):
        parts.clearPart(pid, SB, {"from": maker})
    parts.clearPart(pid, SB, {"from": regulator})
    assert not parts.isSuspect(pid)
