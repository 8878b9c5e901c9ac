"""Governance: no single key can lock the suite (leave nobody to unpause, reinstate or grant) or
capture it (wield two powers). One admin under OpenZeppelin's AccessControlDefaultAdminRules,
separation of duties, two authorities for whatever could remove or create an authority, the
admin's bootstrap of a first regulator, and the regulators' path back from a bad admin."""

from types import SimpleNamespace

import brownie
import pytest
from brownie import ZERO_ADDRESS, ParticipantRegistry, chain, web3
from eth_abi import encode
from eth_utils import keccak

from helpers import (
    ADMIN_ROLE,
    ENFORCER_ROLE,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    Action,
    ParticipantStatus,
    err,
    events,
    missing_role,
    new_key_account,
    onboard,
    register_part,
)
from scripts.deploy import ADMIN_DELAY, deploy_suite

REASON = web3.keccak(text="decision 2026-41: suspension")
LIFT = web3.keccak(text="decision 2026-42: reinstatement")
DAY = 24 * 3600
MAX_ADMIN_DELAY = 30 * DAY
PROPOSAL_LIFETIME = 7 * DAY
NO_ROLE = bytes(32)  # the data word of an Offboard action


@pytest.fixture(scope="module")
def regulator2(participants, admin, regulator):
    """A second regulator (appointed by the admin and confirmed by the first one)."""
    account = new_key_account("governance-regulator2", funder=admin)
    onboard(participants, admin, regulator2=account)
    return account


@pytest.fixture(scope="module")
def bare(admin):
    """A suite whose only participant is its admin: no regulator yet."""
    return deploy_suite(admin, admin_name="Bare Admin").participants


def action_id(action, account, data) -> bytes:
    """The reference: keccak256(abi.encode(uint8 action, address account, bytes32 data))."""
    return keccak(encode(["uint8", "address", "bytes32"], [int(action), str(account), bytes(data)]))


def admin_word(account) -> bytes:
    """The data word of a ReplaceAdmin action: the suspended admin's address."""
    return bytes(12) + bytes.fromhex(str(account)[2:])


def proposed(tx) -> dict:
    """The one ActionProposed event of `tx`."""
    (event,) = events(tx, "ActionProposed")
    return event


def confirmed(tx) -> dict:
    """The one ActionConfirmed event of `tx`."""
    (event,) = events(tx, "ActionConfirmed")
    return event


def plain(values) -> tuple:
    """A view's tuple with brownie's Wei and address types as plain int and str."""
    return tuple(int(v) if isinstance(v, int) else str(v) for v in values)


def status(participants, account) -> int:
    return participants.participant(account)["status"]


def by_two(call, first, second, *args):
    """`call(*args)` by `first` (a proposal), then by `second` (the confirmation): both txs."""
    one = call(*args, {"from": first})
    assert "ActionProposed" in one.events
    two = call(*args, {"from": second})
    assert "ActionConfirmed" in two.events
    return one, two


# ====================================================================== regressions (issue 6, item 1)


def test_one_regulator_cannot_lock_the_suite_by_pausing_and_suspending_the_other_authorities(
    participants, admin, regulator, regulator2, airline
):
    participants.pause({"from": regulator})
    for victim in (regulator2, admin):
        tx = participants.suspend(victim, REASON, {"from": regulator})
        assert "ParticipantSuspendedBy" not in tx.events  # a proposal, nothing more
        assert proposed(tx)["account"] == victim
    assert status(participants, admin) == ParticipantStatus.Active
    assert status(participants, regulator2) == ParticipantStatus.Active
    # the others still hold every power: unpause, grant, and (together) stop the regulator
    participants.unpause({"from": regulator2})
    participants.grantRole(MANUFACTURER_ROLE, airline, {"from": admin})
    by_two(participants.suspend, admin, regulator2, regulator, REASON)
    assert status(participants, regulator) == ParticipantStatus.Suspended


def test_the_admin_cannot_remove_every_regulator_and_take_the_role_itself(participants, admin, regulator, regulator2):
    for reg in (regulator, regulator2):
        for attempt in (
            lambda: participants.revokeRole(REGULATOR_ROLE, reg, {"from": admin}),
            lambda: participants.offboard(reg, {"from": admin}),
            lambda: participants.suspend(reg, REASON, {"from": admin}),
        ):
            assert "ActionProposed" in attempt().events
    with brownie.reverts(err("IncompatibleRoles", admin, REGULATOR_ROLE, ADMIN_ROLE)):
        participants.grantRole(REGULATOR_ROLE, admin, {"from": admin})
    assert participants.hasRole(REGULATOR_ROLE, regulator) and participants.isAuthority(regulator)
    assert participants.hasRole(REGULATOR_ROLE, regulator2) and participants.isAuthority(regulator2)
    assert not participants.hasRole(REGULATOR_ROLE, admin)
    assert participants.activeRegulatorCount() == 2


# ====================================================================== one admin (AccessControlDefaultAdminRules)


def test_the_suite_has_exactly_one_admin_whose_role_is_never_granted_or_revoked_directly(
    participants, admin, regulator, airline
):
    assert participants.defaultAdmin() == admin
    assert participants.owner() == admin  # ERC-5313
    assert participants.defaultAdminDelay() == ADMIN_DELAY == DAY
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)
    fresh = new_key_account("governance-second-admin")
    for attempt in (
        lambda: participants.grantRole(ADMIN_ROLE, airline, {"from": admin}),
        lambda: participants.revokeRole(ADMIN_ROLE, admin, {"from": admin}),
        lambda: participants.onboard(fresh, "Second Admin", "X", [ADMIN_ROLE], {"from": admin}),
    ):
        with brownie.reverts(err("AccessControlEnforcedDefaultAdminRules")):
            attempt()
    assert not participants.hasRole(ADMIN_ROLE, airline)
    assert participants.isActive(fresh) is False
    # the interface is advertised (ERC-165)
    assert participants.supportsInterface("0x31498786")  # IAccessControlDefaultAdminRules


def test_the_admin_hands_its_role_over_in_two_steps_after_the_delay(participants, admin, airline, broker):
    tx = participants.beginDefaultAdminTransfer(airline, {"from": admin})
    schedule = tx.timestamp + DAY
    assert dict(tx.events["DefaultAdminTransferScheduled"]) == {"newAdmin": airline, "acceptSchedule": schedule}
    assert plain(participants.pendingDefaultAdmin()) == (airline, schedule)
    with brownie.reverts(err("AccessControlEnforcedDefaultAdminDelay", schedule)):
        participants.acceptDefaultAdminTransfer({"from": airline})
    chain.sleep(DAY + 1)
    with brownie.reverts(err("AccessControlInvalidDefaultAdmin", broker)):
        participants.acceptDefaultAdminTransfer({"from": broker})
    tx = participants.acceptDefaultAdminTransfer({"from": airline})
    assert [(e["role"], e["account"]) for e in events(tx, "RoleRevoked")] == [("0x" + "00" * 32, admin)]
    assert [(e["role"], e["account"]) for e in events(tx, "RoleGranted")] == [("0x" + "00" * 32, airline)]
    assert participants.defaultAdmin() == airline
    assert not participants.hasRole(ADMIN_ROLE, admin)
    assert participants.isActive(admin)  # still a participant, no longer the admin
    newcomer = new_key_account("governance-newcomer")
    with brownie.reverts(missing_role(admin, ADMIN_ROLE)):
        participants.onboard(newcomer, "Newcomer", "N-1", [], {"from": admin})
    participants.onboard(newcomer, "Newcomer", "N-1", [], {"from": airline})


def test_the_admin_hands_over_only_to_an_active_participant_holding_no_regulator_or_enforcer_role(
    participants, admin, regulator, enforcer, outsider, maker
):
    for target, expected in (
        (outsider, err("ParticipantNotRegistered", outsider)),
        (regulator, err("IncompatibleRoles", regulator, ADMIN_ROLE, REGULATOR_ROLE)),
        (enforcer, err("IncompatibleRoles", enforcer, ADMIN_ROLE, ENFORCER_ROLE)),
    ):
        with brownie.reverts(expected):
            participants.beginDefaultAdminTransfer(target, {"from": admin})
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.beginDefaultAdminTransfer(maker, {"from": admin})
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)


def test_a_handover_whose_target_became_a_regulator_or_was_suspended_cannot_be_accepted(
    participants, admin, regulator, regulator2, airline, broker
):
    participants.beginDefaultAdminTransfer(airline, {"from": admin})
    by_two(participants.grantRole, admin, regulator, REGULATOR_ROLE, airline)
    chain.sleep(DAY + 1)
    with brownie.reverts(err("IncompatibleRoles", airline, ADMIN_ROLE, REGULATOR_ROLE)):
        participants.acceptDefaultAdminTransfer({"from": airline})

    participants.beginDefaultAdminTransfer(broker, {"from": admin})
    by_two(participants.suspend, regulator, regulator2, broker, REASON)  # the pending admin: two authorities
    chain.sleep(DAY + 1)
    with brownie.reverts(err("ParticipantSuspended", broker)):
        participants.acceptDefaultAdminTransfer({"from": broker})
    assert participants.defaultAdmin() == admin


def test_one_regulator_cannot_veto_the_admin_handover_by_suspending_the_candidate(
    participants, admin, regulator, regulator2, airline
):
    participants.beginDefaultAdminTransfer(airline, {"from": admin})
    tx = participants.suspend(airline, REASON, {"from": regulator})  # only a proposal now
    assert "ActionProposed" in tx.events and "ParticipantSuspendedBy" not in tx.events
    assert participants.participant(airline)["status"] == ParticipantStatus.Active
    with brownie.reverts(err("NotAnAuthority", airline)):  # the candidate is no authority
        participants.suspend(airline, REASON, {"from": airline})
    chain.sleep(DAY + 1)
    participants.acceptDefaultAdminTransfer({"from": airline})
    assert participants.defaultAdmin() == airline
    assert not participants.hasRole(ADMIN_ROLE, admin)


def test_naming_a_role_holder_pending_admin_does_not_shield_it_from_one_regulator(
    participants, parts, admin, regulator, maker
):
    participants.beginDefaultAdminTransfer(maker, {"from": admin})  # a manufacturer, still at work
    tx = participants.suspend(maker, REASON, {"from": regulator})  # as any manufacturer: one regulator
    suspended = events(tx, "ParticipantSuspendedBy")
    assert [(e["account"], e["authority"]) for e in suspended] == [(maker, regulator)]
    with brownie.reverts(err("ParticipantSuspended", maker)):
        register_part(parts, maker, "SHIELDED-1")
    chain.sleep(DAY + 1)
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.acceptDefaultAdminTransfer({"from": maker})
    assert participants.defaultAdmin() == admin
    # Who undoes it: one regulator reinstates the manufacturer, as any; the handover then completes.
    participants.reinstate(maker, REASON, {"from": regulator})
    participants.acceptDefaultAdminTransfer({"from": maker})
    assert participants.defaultAdmin() == maker


def test_the_admin_can_neither_renounce_nor_hand_its_role_to_nobody(participants, admin):
    with brownie.reverts(err("ParticipantNotRegistered", ZERO_ADDRESS)):
        participants.beginDefaultAdminTransfer(ZERO_ADDRESS, {"from": admin})
    # OZ's renounce needs a pending transfer to address(0), which can never be scheduled
    with brownie.reverts(err("AccessControlEnforcedDefaultAdminDelay", 0)):
        participants.renounceRole(ADMIN_ROLE, admin, {"from": admin})
    assert participants.defaultAdmin() == admin


def test_the_admin_delay_is_a_constructor_argument_and_stays_bounded(participants, admin):
    quick = deploy_suite(admin, admin_delay=60).participants
    assert quick.defaultAdminDelay() == 60
    assert participants.MAX_ADMIN_DELAY() == MAX_ADMIN_DELAY
    with brownie.reverts(err("AdminDelayTooLong", MAX_ADMIN_DELAY + 1, MAX_ADMIN_DELAY)):
        ParticipantRegistry.deploy(admin, "Slow Admin", "S-1", MAX_ADMIN_DELAY + 1, {"from": admin})
    for too_long in (MAX_ADMIN_DELAY + 1, 2**48 - 1):
        with brownie.reverts(err("AdminDelayTooLong", too_long, MAX_ADMIN_DELAY)):
            participants.changeDefaultAdminDelay(too_long, {"from": admin})
    tx = participants.changeDefaultAdminDelay(MAX_ADMIN_DELAY, {"from": admin})
    # OZ: a longer delay takes effect after min(new delay, 5 days)
    assert tx.events["DefaultAdminDelayChangeScheduled"]["newDelay"] == MAX_ADMIN_DELAY
    assert plain(participants.pendingDefaultAdminDelay()) == (MAX_ADMIN_DELAY, tx.timestamp + 5 * DAY)


# ====================================================================== separation of duties


@pytest.mark.parametrize(
    "role, holder, held",
    [
        (REGULATOR_ROLE, "admin", ADMIN_ROLE),
        (ENFORCER_ROLE, "admin", ADMIN_ROLE),
        (ENFORCER_ROLE, "regulator", REGULATOR_ROLE),
        (REGULATOR_ROLE, "enforcer", ENFORCER_ROLE),
    ],
)
def test_no_account_holds_two_of_admin_regulator_and_enforcer(
    participants, admin, regulator, enforcer, role, holder, held
):
    account = {"admin": admin, "regulator": regulator, "enforcer": enforcer}[holder]
    for caller in (admin, regulator):
        if caller == account:
            continue
        with brownie.reverts(err("IncompatibleRoles", account, role, held)):
            participants.grantRole(role, account, {"from": caller})
    assert not participants.hasRole(role, account)


def test_the_separation_holds_in_the_bootstrap_too(bare, admin, enforcer):
    with brownie.reverts(err("IncompatibleRoles", admin, REGULATOR_ROLE, ADMIN_ROLE)):
        bare.grantRole(REGULATOR_ROLE, admin, {"from": admin})
    with brownie.reverts(err("RoleNeedsTwoAuthorities", enforcer, ENFORCER_ROLE)):
        bare.onboard(enforcer, "Court", "C-1", [REGULATOR_ROLE, ENFORCER_ROLE], {"from": admin})
    assert bare.activeRegulatorCount() == 0


def test_a_manufacturer_cannot_be_made_a_regulator(participants, admin, regulator, regulator2, maker):
    """A regulator makes no parts: a manufacturer-regulator would lift other regulators' freezes
    and recalls of its own parts. Neither authority gets as far as a proposal."""
    for caller in (admin, regulator, regulator2):
        with brownie.reverts(err("IncompatibleRoles", maker, REGULATOR_ROLE, MANUFACTURER_ROLE)):
            participants.grantRole(REGULATOR_ROLE, maker, {"from": caller})
    assert plain(participants.proposal(action_id(Action.GrantRole, maker, REGULATOR_ROLE))) == (ZERO_ADDRESS, 0)
    assert not participants.hasRole(REGULATOR_ROLE, maker) and not participants.isAuthority(maker)
    assert participants.hasRole(MANUFACTURER_ROLE, maker)
    assert participants.activeRegulatorCount() == 2


def test_a_regulator_cannot_be_made_a_manufacturer(participants, admin, regulator, regulator2):
    for reg in (regulator, regulator2):
        with brownie.reverts(err("IncompatibleRoles", reg, MANUFACTURER_ROLE, REGULATOR_ROLE)):
            participants.grantRole(MANUFACTURER_ROLE, reg, {"from": admin})
    # a suspended regulator still holds its role, so it is still excluded
    by_two(participants.suspend, admin, regulator2, regulator, REASON)
    with brownie.reverts(err("IncompatibleRoles", regulator, MANUFACTURER_ROLE, REGULATOR_ROLE)):
        participants.grantRole(MANUFACTURER_ROLE, regulator, {"from": admin})
    assert not any(participants.hasRole(MANUFACTURER_ROLE, reg) for reg in (regulator, regulator2))


# ====================================================================== two authorities


def test_suspending_a_regulator_takes_a_proposal_and_a_confirmation_by_another_authority(
    participants, admin, regulator, regulator2
):
    tx = participants.suspend(regulator2, REASON, {"from": regulator})
    event = proposed(tx)
    expected_id = action_id(Action.Suspend, regulator2, REASON)
    assert bytes(participants.actionId(Action.Suspend, regulator2, REASON)) == expected_id
    assert event == {
        "actionId": "0x" + expected_id.hex(),
        "action": Action.Suspend,
        "account": regulator2,
        "data": "0x" + bytes(REASON).hex(),
        "proposer": regulator,
        "expiresAt": tx.timestamp + PROPOSAL_LIFETIME,
    }
    assert plain(participants.proposal(expected_id)) == (regulator, tx.timestamp + PROPOSAL_LIFETIME)
    assert status(participants, regulator2) == ParticipantStatus.Active
    with brownie.reverts(err("AlreadyProposed", expected_id, regulator)):
        participants.suspend(regulator2, REASON, {"from": regulator})

    tx = participants.suspend(regulator2, REASON, {"from": admin})
    assert confirmed(tx) == {"actionId": "0x" + expected_id.hex(), "proposer": regulator, "confirmer": admin}
    assert dict(tx.events["ParticipantSuspendedBy"]) == {"account": regulator2, "authority": admin, "reasonHash": "0x" + bytes(REASON).hex()}
    assert "ActionProposed" not in tx.events
    assert status(participants, regulator2) == ParticipantStatus.Suspended
    assert plain(participants.proposal(expected_id)) == (ZERO_ADDRESS, 0)  # consumed
    assert participants.activeRegulatorCount() == 1
    assert participants.isAuthority(regulator2) is False
    assert participants.hasRole(REGULATOR_ROLE, regulator2)  # roles survive, unusable


def test_the_target_of_an_action_never_counts_as_one_of_its_authorities(participants, admin, regulator, regulator2):
    for call, args in (
        (participants.suspend, (regulator, REASON)),
        (participants.offboard, (regulator,)),
        (participants.revokeRole, (REGULATOR_ROLE, regulator)),
    ):
        with brownie.reverts(err("AuthorityIsTarget", regulator)):
            call(*args, {"from": regulator})  # no self-proposal...
        call(*args, {"from": regulator2})
        with brownie.reverts(err("AuthorityIsTarget", regulator)):
            call(*args, {"from": regulator})  # ...and no self-confirmation
    with brownie.reverts(err("AuthorityIsTarget", admin)):
        participants.suspend(admin, REASON, {"from": admin})
    with brownie.reverts(err("AuthorityIsTarget", regulator)):
        participants.grantRole(REGULATOR_ROLE, regulator, {"from": regulator})
    assert participants.isAuthority(regulator) and participants.hasRole(REGULATOR_ROLE, regulator)


def test_a_confirmation_must_name_the_same_action(participants, admin, regulator, regulator2):
    participants.suspend(regulator2, REASON, {"from": regulator})
    # another reason, another kind of action: fresh proposals, not confirmations
    tx = participants.suspend(regulator2, LIFT, {"from": admin})
    assert proposed(tx)["actionId"] == "0x" + action_id(Action.Suspend, regulator2, LIFT).hex()
    tx = participants.revokeRole(REGULATOR_ROLE, regulator2, {"from": admin})
    assert proposed(tx)["actionId"] == "0x" + action_id(Action.RevokeRole, regulator2, REGULATOR_ROLE).hex()
    assert status(participants, regulator2) == ParticipantStatus.Active
    assert participants.hasRole(REGULATOR_ROLE, regulator2)


def test_reinstating_a_regulator_or_the_admin_takes_two_authorities(participants, admin, regulator, regulator2):
    third = new_key_account("governance-regulator3", funder=admin)
    participants.onboard(third, "Third Authority", "REG-003", [], {"from": admin})
    by_two(participants.grantRole, admin, regulator, REGULATOR_ROLE, third)
    by_two(participants.suspend, regulator2, third, admin, REASON)
    by_two(participants.suspend, regulator, third, regulator2, REASON)
    assert participants.activeRegulatorCount() == 2

    # the suspended admin: two regulators; a suspended regulator: the admin and a regulator
    one = participants.reinstate(admin, LIFT, {"from": regulator})
    assert proposed(one)["action"] == Action.Reinstate
    assert status(participants, admin) == ParticipantStatus.Suspended
    two = participants.reinstate(admin, LIFT, {"from": third})
    assert dict(two.events["ParticipantReinstated"]) == {"account": admin, "authority": third, "reasonHash": "0x" + bytes(LIFT).hex()}
    by_two(participants.reinstate, regulator, admin, regulator2, LIFT)
    assert participants.isAuthority(admin) and participants.isAuthority(regulator2)
    assert participants.activeRegulatorCount() == 3


def test_offboarding_a_regulator_takes_two_authorities(participants, admin, regulator, regulator2):
    one = participants.offboard(regulator2, {"from": admin})
    assert proposed(one)["data"] == "0x" + NO_ROLE.hex()
    assert participants.isActive(regulator2)
    two = participants.offboard(regulator2, {"from": regulator})
    assert [e["role"] for e in events(two, "RoleRevoked")] == ["0x" + bytes(REGULATOR_ROLE).hex()]
    assert two.events["ParticipantOffboarded"]["account"] == regulator2
    assert status(participants, regulator2) == ParticipantStatus["None"]
    assert participants.activeRegulatorCount() == 1


def test_granting_and_revoking_the_regulator_role_takes_two_authorities(
    participants, admin, regulator, regulator2, airline, broker
):
    one = participants.grantRole(REGULATOR_ROLE, airline, {"from": admin})
    assert proposed(one)["data"] == "0x" + bytes(REGULATOR_ROLE).hex()
    assert "RoleGranted" not in one.events and not participants.hasRole(REGULATOR_ROLE, airline)
    two = participants.grantRole(REGULATOR_ROLE, airline, {"from": regulator2})
    assert two.events["RoleGranted"]["account"] == airline
    assert participants.activeRegulatorCount() == 3
    # two regulators act without the admin too (the admin may be the one who went bad)
    by_two(participants.grantRole, regulator, airline, REGULATOR_ROLE, broker)
    one, two = by_two(participants.revokeRole, regulator2, admin, REGULATOR_ROLE, broker)
    assert "RoleRevoked" not in one.events
    assert two.events["RoleRevoked"]["account"] == broker
    assert not participants.hasRole(REGULATOR_ROLE, broker)
    assert participants.activeRegulatorCount() == 3
    # the registry's own checks apply at the proposal already
    stranger = new_key_account("governance-stranger")
    with brownie.reverts(err("ParticipantNotRegistered", stranger)):
        participants.grantRole(REGULATOR_ROLE, stranger, {"from": admin})


def test_granting_the_enforcer_role_takes_two_authorities_and_the_admin_revokes_it_alone(
    participants, admin, regulator, enforcer, airline
):
    one, two = by_two(participants.grantRole, regulator, admin, ENFORCER_ROLE, airline)
    assert not events(one, "RoleGranted")
    assert two.events["RoleGranted"]["role"] == "0x" + bytes(ENFORCER_ROLE).hex()
    assert participants.hasRole(ENFORCER_ROLE, airline)
    # taking the power away cannot capture anything: the admin alone
    tx = participants.revokeRole(ENFORCER_ROLE, enforcer, {"from": admin})
    assert tx.events["RoleRevoked"]["account"] == enforcer
    with brownie.reverts(missing_role(regulator, ADMIN_ROLE)):
        participants.revokeRole(ENFORCER_ROLE, airline, {"from": regulator})


def test_onboarding_cannot_grant_a_role_that_takes_two_authorities(participants, admin):
    fresh = new_key_account("governance-onboarded")
    for role in (REGULATOR_ROLE, ENFORCER_ROLE):
        with brownie.reverts(err("RoleNeedsTwoAuthorities", fresh, role)):
            participants.onboard(fresh, "Puppet", "P-1", [MANUFACTURER_ROLE, role], {"from": admin})
    assert participants.isActive(fresh) is False


def test_only_an_active_admin_or_regulator_proposes_or_confirms(
    participants, admin, regulator, regulator2, maker, enforcer, outsider, broker
):
    for caller in (maker, enforcer, outsider):
        for attempt in (
            lambda: participants.suspend(regulator, REASON, {"from": caller}),
            lambda: participants.grantRole(REGULATOR_ROLE, broker, {"from": caller}),
            lambda: participants.grantRole(ENFORCER_ROLE, broker, {"from": caller}),
            lambda: participants.revokeRole(REGULATOR_ROLE, regulator, {"from": caller}),
            lambda: participants.offboard(regulator, {"from": caller}),
            lambda: participants.replaceSuspendedAdmin(broker, {"from": caller}),
        ):
            with brownie.reverts(err("NotAnAuthority", caller)):
                attempt()
    # a suspended regulator neither proposes nor confirms
    by_two(participants.suspend, admin, regulator2, regulator, REASON)
    participants.grantRole(REGULATOR_ROLE, broker, {"from": admin})
    with brownie.reverts(err("ParticipantSuspended", regulator)):
        participants.grantRole(REGULATOR_ROLE, broker, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", regulator)):
        participants.suspend(regulator2, REASON, {"from": regulator})
    assert not participants.hasRole(REGULATOR_ROLE, broker)


def test_the_proposer_withdraws_its_proposal_and_nobody_else_can(participants, admin, regulator, regulator2):
    tx = participants.suspend(regulator2, REASON, {"from": regulator})
    pid = proposed(tx)["actionId"]
    for other in (admin, regulator2):
        with brownie.reverts(err("NotProposer", pid, other)):
            participants.withdrawProposal(pid, {"from": other})
    tx = participants.withdrawProposal(pid, {"from": regulator})
    assert dict(tx.events["ProposalWithdrawn"]) == {"actionId": pid, "proposer": regulator}
    assert plain(participants.proposal(pid)) == (ZERO_ADDRESS, 0)
    with brownie.reverts(err("ProposalNotFound", pid)):
        participants.withdrawProposal(pid, {"from": regulator})
    # the admin's call is now a fresh proposal, not a confirmation
    tx = participants.suspend(regulator2, REASON, {"from": admin})
    assert proposed(tx)["proposer"] == admin
    assert status(participants, regulator2) == ParticipantStatus.Active


def test_a_proposal_expires_after_its_lifetime(participants, admin, regulator, regulator2):
    assert participants.PROPOSAL_LIFETIME() == PROPOSAL_LIFETIME
    participants.suspend(regulator2, REASON, {"from": regulator})
    chain.sleep(PROPOSAL_LIFETIME)
    tx = participants.suspend(regulator2, REASON, {"from": admin})
    assert proposed(tx)["proposer"] == admin  # the stale one was replaced
    assert status(participants, regulator2) == ParticipantStatus.Active
    # and an expired proposal of one's own may be renewed
    chain.sleep(PROPOSAL_LIFETIME)
    tx = participants.suspend(regulator2, REASON, {"from": admin})
    assert proposed(tx)["expiresAt"] == tx.timestamp + PROPOSAL_LIFETIME


def test_a_proposal_counts_only_while_its_proposer_is_an_authority(participants, admin, regulator, regulator2, airline):
    participants.grantRole(REGULATOR_ROLE, airline, {"from": regulator2})
    participants.renounceRole(REGULATOR_ROLE, regulator2, {"from": regulator2})
    tx = participants.grantRole(REGULATOR_ROLE, airline, {"from": admin})
    assert proposed(tx)["proposer"] == admin  # regulator2's proposal lapsed with its role
    assert not participants.hasRole(REGULATOR_ROLE, airline)
    participants.grantRole(REGULATOR_ROLE, airline, {"from": regulator})
    assert participants.hasRole(REGULATOR_ROLE, airline)


def test_plain_participants_keep_the_single_authority_flows(participants, admin, regulator, maker, airline, enforcer):
    for account in (maker, enforcer):  # an enforcer is no authority: one regulator suffices
        tx = participants.suspend(account, REASON, {"from": regulator})
        assert "ActionProposed" not in tx.events
        assert status(participants, account) == ParticipantStatus.Suspended
        participants.reinstate(account, LIFT, {"from": regulator})
    tx = participants.offboard(airline, {"from": admin})
    assert "ActionProposed" not in tx.events
    assert status(participants, airline) == ParticipantStatus["None"]


# ====================================================================== bootstrap


def test_while_no_regulator_is_active_the_admin_alone_appoints_one(bare, admin, regulator, maker, airline):
    assert bare.activeRegulatorCount() == 0
    tx = bare.onboard(regulator, "Aviation Authority", "REG-001", [REGULATOR_ROLE], {"from": admin})
    assert tx.events["RoleGranted"]["account"] == regulator
    assert bare.activeRegulatorCount() == 1
    # from now on a second authority is needed
    with brownie.reverts(err("RoleNeedsTwoAuthorities", maker, REGULATOR_ROLE)):
        bare.onboard(maker, "Shadow Authority", "REG-X", [REGULATOR_ROLE], {"from": admin})
    bare.onboard(airline, "Blue Sky", "AOC-1", [], {"from": admin})
    tx = bare.grantRole(REGULATOR_ROLE, airline, {"from": admin})
    assert "ActionProposed" in tx.events and not bare.hasRole(REGULATOR_ROLE, airline)
    # the bootstrap grant works through grantRole as well, and only for the admin
    bare2 = deploy_suite(admin).participants
    bare2.onboard(airline, "Blue Sky", "AOC-1", [], {"from": admin})
    with brownie.reverts(missing_role(airline, ADMIN_ROLE)):
        bare2.grantRole(REGULATOR_ROLE, airline, {"from": airline})
    bare2.grantRole(REGULATOR_ROLE, airline, {"from": admin})
    assert bare2.activeRegulatorCount() == 1


def test_the_last_regulator_renouncing_reopens_the_bootstrap_path(participants, admin, regulator, regulator2, airline):
    participants.renounceRole(REGULATOR_ROLE, regulator2, {"from": regulator2})
    assert participants.activeRegulatorCount() == 1
    assert "ActionProposed" in participants.grantRole(REGULATOR_ROLE, airline, {"from": admin}).events
    tx = participants.renounceRole(REGULATOR_ROLE, regulator, {"from": regulator})
    assert tx.events["RoleRevoked"]["account"] == regulator
    assert participants.activeRegulatorCount() == 0
    tx = participants.grantRole(REGULATOR_ROLE, airline, {"from": admin})
    assert "ActionProposed" not in tx.events
    assert participants.hasRole(REGULATOR_ROLE, airline) and participants.isAuthority(airline)


def test_the_active_regulator_count_follows_every_change(participants, admin, regulator, regulator2, airline):
    count = participants.activeRegulatorCount
    assert count() == 2
    by_two(participants.grantRole, admin, regulator, REGULATOR_ROLE, airline)
    assert count() == 3
    by_two(participants.suspend, admin, regulator, airline, REASON)
    assert count() == 2
    by_two(participants.revokeRole, admin, regulator, REGULATOR_ROLE, airline)  # a suspended one
    assert count() == 2
    participants.reinstate(airline, LIFT, {"from": regulator})  # now a plain participant: one regulator
    assert count() == 2
    by_two(participants.offboard, admin, regulator, regulator2)
    assert count() == 1
    participants.renounceRole(REGULATOR_ROLE, regulator, {"from": regulator})
    assert count() == 0


def test_a_regulator_role_granted_to_a_suspended_participant_counts_from_its_reinstatement(
    participants, admin, regulator, regulator2, broker
):
    participants.suspend(broker, REASON, {"from": regulator})
    by_two(participants.grantRole, admin, regulator, REGULATOR_ROLE, broker)
    assert participants.activeRegulatorCount() == 2
    assert participants.isAuthority(broker) is False
    # holding the role, it is now privileged: one regulator no longer lifts its suspension
    tx = participants.reinstate(broker, LIFT, {"from": regulator})
    assert proposed(tx)["action"] == Action.Reinstate
    participants.reinstate(broker, LIFT, {"from": regulator2})
    assert participants.activeRegulatorCount() == 3
    assert participants.isAuthority(broker)


# ====================================================================== the path back from a bad admin


def test_two_regulators_suspend_a_bad_admin_and_hand_its_role_to_a_new_account(
    participants, admin, regulator, regulator2, airline, broker
):
    by_two(participants.suspend, regulator, regulator2, admin, REASON)
    assert status(participants, admin) == ParticipantStatus.Suspended
    with brownie.reverts(err("ParticipantSuspended", admin)):
        participants.cancelDefaultAdminTransfer({"from": admin})

    one = participants.replaceSuspendedAdmin(airline, {"from": regulator})
    assert proposed(one)["data"] == "0x" + admin_word(admin).hex()
    assert proposed(one)["action"] == Action.ReplaceAdmin
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)
    two = participants.replaceSuspendedAdmin(airline, {"from": regulator2})
    schedule = two.timestamp + DAY  # the same delay the admin's own handover has
    assert dict(two.events["DefaultAdminTransferScheduled"]) == {"newAdmin": airline, "acceptSchedule": schedule}
    with brownie.reverts(err("AccessControlEnforcedDefaultAdminDelay", schedule)):
        participants.acceptDefaultAdminTransfer({"from": airline})
    chain.sleep(DAY + 1)
    participants.acceptDefaultAdminTransfer({"from": airline})
    assert participants.defaultAdmin() == airline
    assert not participants.hasRole(ADMIN_ROLE, admin)
    assert status(participants, admin) == ParticipantStatus.Suspended
    # the new admin works at once
    participants.grantRole(MANUFACTURER_ROLE, broker, {"from": airline})
    assert participants.hasRole(MANUFACTURER_ROLE, broker)


def test_regulators_replace_the_admin_only_while_it_is_suspended(participants, admin, regulator, regulator2, airline, outsider):
    with brownie.reverts(err("AdminNotSuspended", admin)):
        participants.replaceSuspendedAdmin(airline, {"from": regulator})
    by_two(participants.suspend, regulator, regulator2, admin, REASON)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.replaceSuspendedAdmin(outsider, {"from": regulator})
    with brownie.reverts(err("IncompatibleRoles", regulator2, ADMIN_ROLE, REGULATOR_ROLE)):
        participants.replaceSuspendedAdmin(regulator2, {"from": regulator})
    # a proposal made against one suspension lapses when the admin is reinstated in between
    participants.replaceSuspendedAdmin(airline, {"from": regulator})
    by_two(participants.reinstate, regulator, regulator2, admin, LIFT)
    with brownie.reverts(err("AdminNotSuspended", admin)):
        participants.replaceSuspendedAdmin(airline, {"from": regulator2})
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)


def test_while_the_admin_is_suspended_its_last_two_regulators_cannot_renounce(
    participants, admin, regulator, regulator2, airline, broker
):
    by_two(participants.suspend, regulator, regulator2, admin, REASON)
    for leaving in (regulator, regulator2):
        with brownie.reverts(err("RegulatorNeededForPathBack", leaving)):
            participants.renounceRole(REGULATOR_ROLE, leaving, {"from": leaving})
    with brownie.reverts(err("AccessControlBadConfirmation")):
        participants.renounceRole(REGULATOR_ROLE, regulator, {"from": regulator2})
    # with a third regulator one of them may go; the last two stay
    by_two(participants.grantRole, regulator, regulator2, REGULATOR_ROLE, airline)
    participants.renounceRole(REGULATOR_ROLE, regulator2, {"from": regulator2})
    with brownie.reverts(err("RegulatorNeededForPathBack", airline)):
        participants.renounceRole(REGULATOR_ROLE, airline, {"from": airline})
    # the two left replace the admin; then leaving is a free choice again
    by_two(participants.replaceSuspendedAdmin, regulator, airline, broker)
    chain.sleep(DAY + 1)
    participants.acceptDefaultAdminTransfer({"from": broker})
    participants.renounceRole(REGULATOR_ROLE, airline, {"from": airline})
    participants.renounceRole(REGULATOR_ROLE, regulator, {"from": regulator})
    assert participants.activeRegulatorCount() == 0
    assert participants.isAuthority(broker)  # the bootstrap path is open to the new admin


def test_a_replacement_proposed_against_one_admin_cannot_replace_the_next(
    participants, admin, regulator, regulator2, airline, broker
):
    by_two(participants.suspend, regulator, regulator2, admin, REASON)
    participants.replaceSuspendedAdmin(airline, {"from": regulator})  # never confirmed
    by_two(participants.replaceSuspendedAdmin, regulator2, regulator, broker)
    chain.sleep(DAY + 1)
    participants.acceptDefaultAdminTransfer({"from": broker})
    by_two(participants.suspend, regulator, regulator2, broker, REASON)
    tx = participants.replaceSuspendedAdmin(airline, {"from": regulator2})
    assert proposed(tx)["data"] == "0x" + admin_word(broker).hex()  # a new proposal, against broker
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)


def test_suspending_the_admin_cancels_the_handover_and_delay_change_it_started(
    participants, admin, regulator, regulator2, broker
):
    participants.beginDefaultAdminTransfer(broker, {"from": admin})
    participants.changeDefaultAdminDelay(MAX_ADMIN_DELAY, {"from": admin})
    _, tx = by_two(participants.suspend, regulator, regulator2, admin, REASON)
    assert "DefaultAdminTransferCanceled" in tx.events
    assert "DefaultAdminDelayChangeCanceled" in tx.events
    assert plain(participants.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)
    assert plain(participants.pendingDefaultAdminDelay()) == (0, 0)
    chain.sleep(6 * DAY)
    assert participants.defaultAdminDelay() == DAY  # the regulators' path back keeps its pace
    with brownie.reverts(err("AccessControlInvalidDefaultAdmin", broker)):
        participants.acceptDefaultAdminTransfer({"from": broker})


# ====================================================================== pause


def test_any_active_authority_lifts_a_pause_another_one_set(participants, admin, regulator, regulator2):
    for pauser, resumer in ((regulator, regulator2), (regulator2, admin), (admin, regulator)):
        participants.pause({"from": pauser})
        tx = participants.unpause({"from": resumer})
        assert tx.events["Unpaused"]["account"] == resumer
    participants.pause({"from": regulator2})
    by_two(participants.suspend, admin, regulator, regulator2, REASON)
    with brownie.reverts(err("ParticipantSuspended", regulator2)):
        participants.unpause({"from": regulator2})
    participants.unpause({"from": regulator})
    assert participants.paused() is False


# ====================================================================== one key against the suite

PROPOSAL = "a proposal, nothing more"


def _attempts():
    """(attacker, what it tries, the call, what happens): every governance door one key could try."""
    R = REASON
    return [
        # ---------------------------------------------------------- the admin
        ("admin", "suspends a regulator", lambda c: c.p.suspend(c.regulator, R, c.by), PROPOSAL),
        ("admin", "suspends a plain participant", lambda c: c.p.suspend(c.airline, R, c.by),
         missing_role("admin", REGULATOR_ROLE)),
        ("admin", "revokes a regulator", lambda c: c.p.revokeRole(REGULATOR_ROLE, c.regulator2, c.by), PROPOSAL),
        ("admin", "offboards a regulator", lambda c: c.p.offboard(c.regulator, c.by), PROPOSAL),
        ("admin", "offboards itself", lambda c: c.p.offboard(c.admin, c.by), err("CannotOffboardAdmin", "admin")),
        ("admin", "takes the regulator role", lambda c: c.p.grantRole(REGULATOR_ROLE, c.admin, c.by),
         err("IncompatibleRoles", "admin", REGULATOR_ROLE, ADMIN_ROLE)),
        ("admin", "takes the enforcer role", lambda c: c.p.grantRole(ENFORCER_ROLE, c.admin, c.by),
         err("IncompatibleRoles", "admin", ENFORCER_ROLE, ADMIN_ROLE)),
        ("admin", "appoints a puppet regulator", lambda c: c.p.grantRole(REGULATOR_ROLE, c.airline, c.by), PROPOSAL),
        ("admin", "makes a regulator a manufacturer", lambda c: c.p.grantRole(MANUFACTURER_ROLE, c.regulator2, c.by),
         err("IncompatibleRoles", "regulator2", MANUFACTURER_ROLE, REGULATOR_ROLE)),
        ("admin", "appoints a puppet enforcer", lambda c: c.p.grantRole(ENFORCER_ROLE, c.airline, c.by), PROPOSAL),
        ("admin", "onboards a puppet regulator", lambda c: c.p.onboard(c.fresh, "P", "P", [REGULATOR_ROLE], c.by),
         err("RoleNeedsTwoAuthorities", "fresh", REGULATOR_ROLE)),
        ("admin", "onboards a puppet enforcer", lambda c: c.p.onboard(c.fresh, "P", "P", [ENFORCER_ROLE], c.by),
         err("RoleNeedsTwoAuthorities", "fresh", ENFORCER_ROLE)),
        ("admin", "onboards a second admin", lambda c: c.p.onboard(c.fresh, "P", "P", [ADMIN_ROLE], c.by),
         err("AccessControlEnforcedDefaultAdminRules")),
        ("admin", "grants a second admin", lambda c: c.p.grantRole(ADMIN_ROLE, c.airline, c.by),
         err("AccessControlEnforcedDefaultAdminRules")),
        ("admin", "renounces, leaving nobody", lambda c: c.p.renounceRole(ADMIN_ROLE, c.admin, c.by),
         err("AccessControlEnforcedDefaultAdminDelay", 0)),
        ("admin", "hands its role to nobody", lambda c: c.p.beginDefaultAdminTransfer(ZERO_ADDRESS, c.by),
         err("ParticipantNotRegistered", ZERO_ADDRESS)),
        ("admin", "hands its role to a regulator", lambda c: c.p.beginDefaultAdminTransfer(c.regulator, c.by),
         err("IncompatibleRoles", "regulator", ADMIN_ROLE, REGULATOR_ROLE)),
        ("admin", "stretches the handover delay out of reach", lambda c: c.p.changeDefaultAdminDelay(2**48 - 1, c.by),
         err("AdminDelayTooLong", 2**48 - 1, MAX_ADMIN_DELAY)),
        ("admin", "uses the regulators' path", lambda c: c.p.replaceSuspendedAdmin(c.airline, c.by),
         err("AdminNotSuspended", "admin")),
        ("admin", "pauses the suite", lambda c: c.p.pause(c.by), None),
        # ---------------------------------------------------------- a regulator
        ("regulator", "suspends the admin", lambda c: c.p.suspend(c.admin, R, c.by), PROPOSAL),
        ("regulator", "suspends the other regulator", lambda c: c.p.suspend(c.regulator2, R, c.by), PROPOSAL),
        ("regulator", "revokes the other regulator", lambda c: c.p.revokeRole(REGULATOR_ROLE, c.regulator2, c.by), PROPOSAL),
        ("regulator", "offboards the other regulator", lambda c: c.p.offboard(c.regulator2, c.by), PROPOSAL),
        ("regulator", "appoints a puppet regulator", lambda c: c.p.grantRole(REGULATOR_ROLE, c.airline, c.by), PROPOSAL),
        ("regulator", "appoints a puppet enforcer", lambda c: c.p.grantRole(ENFORCER_ROLE, c.airline, c.by), PROPOSAL),
        ("regulator", "takes the enforcer role", lambda c: c.p.grantRole(ENFORCER_ROLE, c.regulator, c.by),
         err("IncompatibleRoles", "regulator", ENFORCER_ROLE, REGULATOR_ROLE)),
        ("regulator", "grants a plain role", lambda c: c.p.grantRole(MANUFACTURER_ROLE, c.airline, c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "revokes the enforcer", lambda c: c.p.revokeRole(ENFORCER_ROLE, c.enforcer, c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "onboards a puppet", lambda c: c.p.onboard(c.fresh, "P", "P", [], c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "offboards a plain participant", lambda c: c.p.offboard(c.airline, c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "takes over the admin role", lambda c: c.p.beginDefaultAdminTransfer(c.airline, c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "replaces an active admin", lambda c: c.p.replaceSuspendedAdmin(c.airline, c.by),
         err("AdminNotSuspended", "admin")),
        ("regulator", "pauses the suite", lambda c: c.p.pause(c.by), None),
        ("regulator", "suspends the enforcer", lambda c: c.p.suspend(c.enforcer, R, c.by), None),
        ("regulator", "withdraws the admin's proposal", lambda c: _withdraw_admins_proposal(c),
         lambda c: err("NotProposer", action_id(Action.Suspend, c.regulator2, LIFT), c.regulator)),
        ("regulator", "cancels nothing of the admin's", lambda c: c.p.cancelDefaultAdminTransfer(c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "changes the handover delay", lambda c: c.p.changeDefaultAdminDelay(0, c.by),
         missing_role("regulator", ADMIN_ROLE)),
        ("regulator", "accepts a handover nobody offered", lambda c: c.p.acceptDefaultAdminTransfer(c.by),
         err("AccessControlInvalidDefaultAdmin", "regulator")),
        # ---------------------------------------------------------- the enforcer
        ("enforcer", "pauses the suite", lambda c: c.p.pause(c.by), err("PauseUnauthorized", "enforcer")),
        ("enforcer", "suspends a regulator", lambda c: c.p.suspend(c.regulator, R, c.by), err("NotAnAuthority", "enforcer")),
        ("enforcer", "suspends a plain participant", lambda c: c.p.suspend(c.airline, R, c.by),
         missing_role("enforcer", REGULATOR_ROLE)),
        ("enforcer", "takes the regulator role", lambda c: c.p.grantRole(REGULATOR_ROLE, c.enforcer, c.by),
         err("NotAnAuthority", "enforcer")),
        ("enforcer", "appoints a second enforcer", lambda c: c.p.grantRole(ENFORCER_ROLE, c.airline, c.by),
         err("NotAnAuthority", "enforcer")),
        ("enforcer", "revokes a regulator", lambda c: c.p.revokeRole(REGULATOR_ROLE, c.regulator, c.by),
         err("NotAnAuthority", "enforcer")),
        ("enforcer", "offboards a regulator", lambda c: c.p.offboard(c.regulator, c.by), err("NotAnAuthority", "enforcer")),
        ("enforcer", "onboards a puppet", lambda c: c.p.onboard(c.fresh, "P", "P", [], c.by), missing_role("enforcer", ADMIN_ROLE)),
        ("enforcer", "takes over the admin role", lambda c: c.p.beginDefaultAdminTransfer(c.enforcer, c.by),
         missing_role("enforcer", ADMIN_ROLE)),
        ("enforcer", "replaces the admin", lambda c: c.p.replaceSuspendedAdmin(c.enforcer, c.by),
         err("NotAnAuthority", "enforcer")),
        ("enforcer", "unpauses the suite", lambda c: (c.p.pause({"from": c.admin}), c.p.unpause(c.by)),
         err("PauseUnauthorized", "enforcer")),
        ("enforcer", "reinstates a plain participant", lambda c: c.p.reinstate(c.airline, R, c.by),
         missing_role("enforcer", REGULATOR_ROLE)),
        ("enforcer", "withdraws the admin's proposal", lambda c: _withdraw_admins_proposal(c),
         lambda c: err("NotProposer", action_id(Action.Suspend, c.regulator2, LIFT), c.enforcer)),
        ("enforcer", "rolls back the admin's delay change", lambda c: c.p.rollbackDefaultAdminDelay(c.by),
         missing_role("enforcer", ADMIN_ROLE)),
        ("enforcer", "accepts a handover nobody offered", lambda c: c.p.acceptDefaultAdminTransfer(c.by),
         err("AccessControlInvalidDefaultAdmin", "enforcer")),
    ]


def _withdraw_admins_proposal(c):
    """The admin proposes to suspend regulator2; the attacker tries to withdraw that proposal."""
    c.p.suspend(c.regulator2, LIFT, {"from": c.admin})
    return c.p.withdrawProposal(c.p.actionId(Action.Suspend, c.regulator2, LIFT), c.by)


ATTEMPTS = _attempts()


@pytest.fixture
def gov(participants, admin, regulator, regulator2, enforcer, airline):
    return SimpleNamespace(p=participants, admin=admin, regulator=regulator, regulator2=regulator2,
                           enforcer=enforcer, airline=airline, fresh=new_key_account("governance-fresh"))


def _resolve(c, expected) -> str:
    """Error strings above name cast members; put their addresses in (or build the string)."""
    if callable(expected):
        return expected(c)
    for name in ("regulator2", "regulator", "enforcer", "admin", "fresh"):
        expected = expected.replace(f" {name}", " " + str(getattr(c, name).address).lower())
    return expected


def assert_nobody_locked_or_captured(c, attacker):
    """Every power still has a holder, each held by its own account, and whatever the attacker did
    alone, another authority undoes alone."""
    p = c.p
    if p.paused():
        p.unpause({"from": c.regulator2 if attacker == c.admin else c.admin})
    if p.participant(c.enforcer)["status"] == ParticipantStatus.Suspended:
        p.reinstate(c.enforcer, LIFT, {"from": c.regulator2})
    assert p.defaultAdmin() == c.admin and p.isAuthority(c.admin)
    for reg in (c.regulator, c.regulator2):
        assert p.hasRole(REGULATOR_ROLE, reg) and p.isAuthority(reg)
    assert p.activeRegulatorCount() == 2
    assert p.hasRole(ENFORCER_ROLE, c.enforcer) and p.isActive(c.enforcer)
    for account in (c.admin, c.regulator, c.regulator2, c.enforcer, c.airline):
        held = [r for r in (ADMIN_ROLE, REGULATOR_ROLE, ENFORCER_ROLE) if p.hasRole(r, account)]
        assert len(held) <= 1
    assert not any(p.hasRole(r, c.airline) for r in (ADMIN_ROLE, REGULATOR_ROLE, ENFORCER_ROLE))
    assert not any(p.hasRole(MANUFACTURER_ROLE, reg) for reg in (c.regulator, c.regulator2))
    assert p.isActive(c.fresh) is False
    assert plain(p.pendingDefaultAdmin()) == (ZERO_ADDRESS, 0)
    # and the others can still act together: e.g. suspend the attacker if it is an authority
    if p.isAuthority(attacker):
        other, third = [a for a in (c.admin, c.regulator, c.regulator2) if a != attacker][:2]
        by_two(p.suspend, other, third, attacker, REASON)
        assert not p.isAuthority(attacker)


@pytest.mark.parametrize("attacker, label, attempt, outcome", ATTEMPTS, ids=[f"{a}-{l}" for a, l, _, _ in ATTEMPTS])
def test_one_key_can_neither_lock_nor_capture_the_suite(gov, attacker, label, attempt, outcome):
    c = gov
    key = getattr(c, attacker)
    c.by = {"from": key}
    if outcome is None or outcome == PROPOSAL:
        tx = attempt(c)
        if outcome == PROPOSAL:
            assert proposed(tx)["proposer"] == key
            assert "ActionConfirmed" not in tx.events
    else:
        with brownie.reverts(_resolve(c, outcome)):
            attempt(c)
    assert_nobody_locked_or_captured(c, key)


@pytest.mark.parametrize("attacker", ["admin", "regulator", "enforcer"])
def test_one_key_trying_every_door_in_turn_leaves_the_suite_governable(gov, attacker):
    c = gov
    key = getattr(c, attacker)
    c.by = {"from": key}
    for who, label, attempt, outcome in ATTEMPTS:
        if who != attacker:
            continue
        if outcome is None or outcome == PROPOSAL:
            if label == "pauses the suite" and c.p.paused():
                continue
            attempt(c)
        else:
            with brownie.reverts(_resolve(c, outcome)):
                attempt(c)
    assert_nobody_locked_or_captured(c, key)
