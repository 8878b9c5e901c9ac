"""ParticipantRegistry: who may act in the suite, suspension, pause, and the views other contracts ask."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3

from helpers import (
    ADMIN_ROLE,
    ENFORCER_ROLE,
    FINANCIER_ROLE,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    REPAIR_STATION_ROLE,
    ZERO32,
    ParticipantStatus,
    PartyCode,
    TransferCode,
    b32,
    err,
    missing_role,
    new_key_account,
    onboard,
)

REASON = web3.keccak(text="decision 2024-17")
LIFT = web3.keccak(text="decision 2024-18")

# participant numbers the conftest cast gets, in onboarding order (the admin is number 1)
CAST_SIZE = 9


@pytest.fixture(scope="module")
def regulator2(participants, admin, outsider):
    """The account that becomes a second regulator (the conftest outsider) in the tests that
    onboard it; elsewhere it stays unregistered."""
    return outsider


# ------------------------------------------------------------------ onboarding


def test_onboarding_registers_an_active_participant_with_its_roles(participants, admin, outsider):
    tx = participants.onboard(
        outsider, "Engine Shop", "145-XY-1", [MANUFACTURER_ROLE, REPAIR_STATION_ROLE], {"from": admin}
    )
    new_id = CAST_SIZE + 1
    assert tx.return_value == new_id
    event = tx.events["ParticipantOnboarded"]
    assert event["account"] == outsider
    assert event["participantId"] == new_id
    assert event["name"] == "Engine Shop"
    assert event["filingNumber"] == "145-XY-1"
    assert [bytes(r) for r in event["roles"]] == [bytes(MANUFACTURER_ROLE), bytes(REPAIR_STATION_ROLE)]
    granted = [(bytes(e["role"]), e["account"]) for e in tx.events["RoleGranted"]]
    assert granted == [(bytes(MANUFACTURER_ROLE), outsider), (bytes(REPAIR_STATION_ROLE), outsider)]

    record = participants.participant(outsider)
    assert record["id"] == new_id
    assert record["status"] == ParticipantStatus.Active
    assert record["registeredAt"] == tx.timestamp
    assert record["name"] == "Engine Shop"
    assert record["filingNumber"] == "145-XY-1"
    assert participants.hasRole(MANUFACTURER_ROLE, outsider)
    assert participants.hasRole(REPAIR_STATION_ROLE, outsider)
    assert not participants.hasRole(REGULATOR_ROLE, outsider)
    assert participants.accountOf(new_id) == outsider
    assert participants.participantCount() == new_id
    assert participants.isActive(outsider) is True


def test_a_participant_may_be_onboarded_without_any_role(participants, admin, outsider):
    tx = participants.onboard(outsider, "Leasing Co", "", [], {"from": admin})
    assert list(tx.events["ParticipantOnboarded"]["roles"]) == []
    assert "RoleGranted" not in tx.events
    assert participants.isActive(outsider)
    assert participants.participant(outsider)["filingNumber"] == ""


def test_the_role_ids_are_the_hashes_of_their_names(participants):
    assert bytes(participants.MANUFACTURER_ROLE()) == bytes(MANUFACTURER_ROLE)
    assert bytes(participants.REPAIR_STATION_ROLE()) == bytes(REPAIR_STATION_ROLE)
    assert bytes(participants.FINANCIER_ROLE()) == bytes(FINANCIER_ROLE)
    assert bytes(participants.REGULATOR_ROLE()) == bytes(REGULATOR_ROLE)
    assert bytes(participants.ENFORCER_ROLE()) == bytes(ENFORCER_ROLE)
    assert bytes(participants.DEFAULT_ADMIN_ROLE()) == ADMIN_ROLE


def test_onboarding_needs_a_real_address_and_a_name(participants, admin, outsider):
    with brownie.reverts(err("InvalidParticipant", ZERO_ADDRESS)):
        participants.onboard(ZERO_ADDRESS, "Nobody", "X", [], {"from": admin})
    with brownie.reverts(err("EmptyParticipantName", outsider)):
        participants.onboard(outsider, "", "X", [], {"from": admin})
    assert participants.participantCount() == CAST_SIZE


def test_a_registered_or_suspended_account_cannot_be_onboarded_again(participants, admin, regulator, maker):
    with brownie.reverts(err("ParticipantAlreadyRegistered", maker)):
        participants.onboard(maker, "Turbine Works again", "MFR-2", [], {"from": admin})
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantAlreadyRegistered", maker)):
        participants.onboard(maker, "Turbine Works", "MFR-145-001", [], {"from": admin})
    assert participants.participant(maker)["status"] == ParticipantStatus.Suspended


def test_only_the_suites_roles_can_be_granted(participants, admin, outsider, maker):
    bogus = web3.keccak(text="MINTER_ROLE")
    with brownie.reverts(err("UnknownRole", bogus)):
        participants.onboard(outsider, "Mint", "X", [MANUFACTURER_ROLE, bogus], {"from": admin})
    assert participants.isActive(outsider) is False
    with brownie.reverts(err("UnknownRole", bogus)):
        participants.grantRole(bogus, maker, {"from": admin})


def test_roles_are_granted_only_to_registered_participants(participants, parts, admin, airline, outsider):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.grantRole(MANUFACTURER_ROLE, outsider, {"from": admin})
    assert not participants.hasRole(MANUFACTURER_ROLE, outsider)
    participants.grantRole(MANUFACTURER_ROLE, airline, {"from": admin})
    tx = parts.registerPart(b32("PN-A"), b32("SN-A"), ZERO32, {"from": airline})
    assert tx.events["PartRegistered"]["manufacturer"] == airline


def test_only_the_admin_onboards(participants, regulator, maker, outsider):
    for caller in (maker, regulator):
        with brownie.reverts(missing_role(caller, ADMIN_ROLE)):
            participants.onboard(outsider, "Shadow", "X", [], {"from": caller})


# ------------------------------------------------------------------ offboarding


def test_offboarding_revokes_every_role_and_ends_the_participation(participants, parts, admin, maker):
    participants.grantRole(REPAIR_STATION_ROLE, maker, {"from": admin})
    tx = participants.offboard(maker, {"from": admin})
    assert tx.events["ParticipantOffboarded"]["account"] == maker
    assert tx.events["ParticipantOffboarded"]["participantId"] == 3
    revoked = sorted(bytes(e["role"]) for e in tx.events["RoleRevoked"])
    assert revoked == sorted([bytes(MANUFACTURER_ROLE), bytes(REPAIR_STATION_ROLE)])
    assert not participants.hasRole(MANUFACTURER_ROLE, maker)
    assert not participants.hasRole(REPAIR_STATION_ROLE, maker)
    assert participants.isActive(maker) is False
    record = participants.participant(maker)
    assert record["status"] == ParticipantStatus["None"]
    assert record["id"] == 3  # the number stays with the account
    with brownie.reverts(err("ParticipantNotRegistered", maker)):
        parts.registerPart(b32("PN-1"), b32("SN-1"), ZERO32, {"from": maker})


def test_parts_of_an_offboarded_manufacturer_still_resolve_to_it(participants, parts, admin, maker, register):
    part = register("SN-OFF")
    participants.offboard(maker, {"from": admin})
    info = parts.verifyPart(part)
    assert info["genuine"] is True
    assert info["manufacturer"] == maker
    assert participants.accountOf(3) == maker


def test_an_offboarded_account_returns_with_its_old_number(participants, admin, maker):
    participants.offboard(maker, {"from": admin})
    tx = participants.onboard(maker, "Turbine Works II", "MFR-145-001", [MANUFACTURER_ROLE], {"from": admin})
    assert tx.return_value == 3
    assert tx.events["ParticipantOnboarded"]["participantId"] == 3
    assert participants.participantCount() == CAST_SIZE
    assert participants.participant(maker)["name"] == "Turbine Works II"
    assert participants.isActive(maker)


def test_nobody_offboards_the_admin(participants, admin, regulator):
    for caller in (admin, regulator):
        with brownie.reverts(err("CannotOffboardAdmin", admin)):
            participants.offboard(admin, {"from": caller})
    assert participants.hasRole(ADMIN_ROLE, admin)
    assert participants.isActive(admin)


def test_only_the_admin_offboards_and_only_registered_accounts(participants, admin, regulator, outsider, maker):
    with brownie.reverts(missing_role(regulator, ADMIN_ROLE)):
        participants.offboard(maker, {"from": regulator})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.offboard(outsider, {"from": admin})
    participants.offboard(maker, {"from": admin})
    with brownie.reverts(err("ParticipantNotRegistered", maker)):
        participants.offboard(maker, {"from": admin})


# ------------------------------------------------------------------ suspension


def test_a_regulator_suspends_and_reinstates_a_participant(participants, regulator, maker):
    tx = participants.suspend(maker, REASON, {"from": regulator})
    event = tx.events["ParticipantSuspendedBy"]
    assert event["account"] == maker
    assert event["authority"] == regulator
    assert bytes(event["reasonHash"]) == bytes(REASON)
    assert participants.isActive(maker) is False
    assert participants.participant(maker)["status"] == ParticipantStatus.Suspended
    assert participants.hasRole(MANUFACTURER_ROLE, maker)  # roles survive a suspension

    tx = participants.reinstate(maker, LIFT, {"from": regulator})
    event = tx.events["ParticipantReinstated"]
    assert event["account"] == maker
    assert event["authority"] == regulator
    assert bytes(event["reasonHash"]) == bytes(LIFT)
    assert participants.isActive(maker) is True
    assert participants.participant(maker)["status"] == ParticipantStatus.Active


def test_only_a_registered_active_participant_can_be_suspended(participants, regulator, maker, outsider):
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.suspend(outsider, REASON, {"from": regulator})
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.suspend(maker, REASON, {"from": regulator})


def test_only_a_suspended_participant_can_be_reinstated(participants, regulator, maker, outsider):
    with brownie.reverts(err("ParticipantNotSuspended", maker)):
        participants.reinstate(maker, LIFT, {"from": regulator})
    with brownie.reverts(err("ParticipantNotSuspended", outsider)):
        participants.reinstate(outsider, LIFT, {"from": regulator})


def test_only_a_regulator_suspends_or_reinstates(participants, admin, regulator, maker, airline):
    for caller in (admin, maker):
        with brownie.reverts(missing_role(caller, REGULATOR_ROLE)):
            participants.suspend(airline, REASON, {"from": caller})
    participants.suspend(airline, REASON, {"from": regulator})
    with brownie.reverts(missing_role(admin, REGULATOR_ROLE)):
        participants.reinstate(airline, LIFT, {"from": admin})


def test_a_suspension_blocks_the_participant_in_parts_and_records_at_once(
    participants, parts, records, regulator, maker, airline, register
):
    part = register("SN-SUSP")
    participants.suspend(maker, REASON, {"from": regulator})

    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.registerPart(b32("PN-100"), b32("SN-NEW"), ZERO32, {"from": maker})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.transferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        records.recordEvent(part, 1, 1, b32("HAM"), ZERO32, 0, 0, {"from": maker})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        records.setLifeLimit(part, 100, 0, {"from": maker})
    assert parts.canTransfer(maker, airline, part) == TransferCode.SenderSuspended

    participants.reinstate(maker, LIFT, {"from": regulator})
    parts.registerPart(b32("PN-100"), b32("SN-NEW"), ZERO32, {"from": maker})
    tx = parts.transferFrom(maker, airline, part, {"from": maker})
    assert tx.events["Transfer"]["to"] == airline
    assert parts.ownerOf(part) == airline

    # and nobody can send a part to a suspended participant
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        parts.transferFrom(airline, maker, part, {"from": airline})
    assert parts.ownerOf(part) == airline


# ------------------------------------------------------------------ a suspended regulator or admin


def test_a_suspended_regulator_cannot_reinstate_itself_suspend_others_or_pause_the_suite(
    participants, admin, regulator, regulator2, maker
):
    onboard(participants, admin, regulator2=regulator2)
    for authority in (regulator2, admin):  # a regulator's suspension takes two authorities
        participants.suspend(regulator, REASON, {"from": authority})
    with brownie.reverts(err("ParticipantSuspended", regulator)):
        participants.reinstate(regulator, LIFT, {"from": regulator})
    assert participants.participant(regulator)["status"] == ParticipantStatus.Suspended
    with brownie.reverts(err("ParticipantSuspended", regulator)):
        participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", regulator)):
        participants.pause({"from": regulator})
    assert participants.isActive(maker)
    assert participants.paused() is False


def test_a_suspended_admin_cannot_onboard_or_grant_roles(participants, admin, regulator, regulator2, airline):
    onboard(participants, admin, regulator2=regulator2)
    for authority in (regulator, regulator2):  # the admin's suspension takes two authorities
        participants.suspend(admin, REASON, {"from": authority})
    front = new_key_account("front-company")
    with brownie.reverts(err("ParticipantSuspended", admin)):
        participants.onboard(front, "Front Company", "X", [MANUFACTURER_ROLE], {"from": admin})
    with brownie.reverts(err("ParticipantSuspended", admin)):
        participants.grantRole(MANUFACTURER_ROLE, airline, {"from": admin})
    with brownie.reverts(err("ParticipantSuspended", admin)):
        participants.beginDefaultAdminTransfer(airline, {"from": admin})
    assert participants.isActive(front) is False
    assert not participants.hasRole(MANUFACTURER_ROLE, airline)


# ------------------------------------------------------------------ pause


def test_the_admin_and_a_regulator_each_pause_and_unpause_the_suite_but_not_twice(participants, admin, regulator):
    for pauser, resumer in ((admin, regulator), (regulator, admin)):
        tx = participants.pause({"from": pauser})
        assert tx.events["Paused"]["account"] == pauser
        assert participants.paused() is True
        tx = participants.unpause({"from": resumer})
        assert tx.events["Unpaused"]["account"] == resumer
        assert participants.paused() is False
    # neither twice in a row
    with brownie.reverts(err("ExpectedPause")):
        participants.unpause({"from": admin})
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        participants.pause({"from": regulator})


def test_only_admin_or_regulator_may_pause(participants, admin, maker, enforcer, outsider):
    for caller in (maker, enforcer, outsider):
        with brownie.reverts(err("PauseUnauthorized", caller)):
            participants.pause({"from": caller})
    participants.pause({"from": admin})
    with brownie.reverts(err("PauseUnauthorized", maker)):
        participants.unpause({"from": maker})
    assert participants.paused() is True


def test_a_pause_stops_registration_transfers_and_records(participants, parts, records, admin, maker, airline, register):
    part = register("SN-P")
    participants.pause({"from": admin})
    with brownie.reverts(err("EnforcedPause")):
        participants.requireActive(maker)
    with brownie.reverts(err("EnforcedPause")):
        participants.requireActiveRole(maker, MANUFACTURER_ROLE)
    assert participants.isActive(maker) is True  # the record itself is untouched
    with brownie.reverts(err("EnforcedPause")):
        parts.registerPart(b32("PN-100"), b32("SN-Q"), ZERO32, {"from": maker})
    with brownie.reverts(err("EnforcedPause")):
        parts.registerBatch(b32("PN-100"), [b32("SN-B1"), b32("SN-B2")], ZERO32, {"from": maker})
    with brownie.reverts(err("EnforcedPause")):
        parts.anchorLot(b32("PN-100"), b32("LOT-1"), b"\x11" * 32, 10, ZERO32, {"from": maker})
    with brownie.reverts(err("EnforcedPause")):
        parts.transferFrom(maker, airline, part, {"from": maker})
    with brownie.reverts(err("EnforcedPause")):
        records.recordEvent(part, 1, 1, b32("HAM"), ZERO32, 0, 0, {"from": maker})
    assert parts.canTransfer(maker, airline, part) == TransferCode.SuitePaused

    participants.unpause({"from": admin})
    tx = parts.registerPart(b32("PN-100"), b32("SN-Q"), ZERO32, {"from": maker})
    assert bytes(tx.events["PartRegistered"]["serialNumber"]) == b32("SN-Q")


# ------------------------------------------------------------------ views


def test_an_unknown_account_has_an_empty_record(participants, outsider):
    record = participants.participant(outsider)
    assert record["id"] == 0
    assert record["status"] == ParticipantStatus["None"]
    assert record["registeredAt"] == 0
    assert record["name"] == ""
    assert participants.isActive(outsider) is False


def test_the_deployer_is_participant_one_and_account_of_refuses_unknown_numbers(participants, admin, maker, enforcer):
    assert participants.participant(admin)["id"] == 1
    assert participants.hasRole(ADMIN_ROLE, admin)
    assert participants.participantCount() == CAST_SIZE
    assert participants.accountOf(1) == admin
    assert participants.accountOf(3) == maker
    assert participants.accountOf(CAST_SIZE) == enforcer
    for unknown in (0, CAST_SIZE + 1, 2**32 - 1):
        with brownie.reverts(err("UnknownParticipantId", unknown)):
            participants.accountOf(unknown)


def test_require_active_returns_the_participant_number(participants, regulator, maker, outsider):
    assert participants.requireActive(maker) == 3
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.requireActive(outsider)
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.requireActive(maker)


def test_require_active_role_checks_status_then_role(participants, regulator, maker, airline, outsider):
    assert participants.requireActiveRole(maker, MANUFACTURER_ROLE) == 3
    with brownie.reverts(missing_role(airline, MANUFACTURER_ROLE)):
        participants.requireActiveRole(airline, MANUFACTURER_ROLE)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        participants.requireActiveRole(outsider, MANUFACTURER_ROLE)
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.requireActiveRole(maker, MANUFACTURER_ROLE)


def test_transfer_check_reports_each_party_code(participants, admin, regulator, maker, airline, broker, outsider):
    assert participants.transferCheck(maker, maker, airline, True) == PartyCode.Ok
    # an unregistered (or offboarded) operator may not act for the owner, except in open mode
    assert participants.transferCheck(outsider, maker, airline, True) == PartyCode.OperatorNotRegistered
    assert participants.transferCheck(outsider, maker, airline, False) == PartyCode.Ok
    assert participants.transferCheck(maker, outsider, airline, True) == PartyCode.SenderNotRegistered
    assert participants.transferCheck(maker, maker, outsider, True) == PartyCode.ReceiverNotRegistered
    # open mode only refuses suspended parties
    assert participants.transferCheck(outsider, outsider, outsider, False) == PartyCode.Ok

    participants.suspend(broker, REASON, {"from": regulator})
    assert participants.transferCheck(broker, maker, airline, True) == PartyCode.OperatorSuspended
    assert participants.transferCheck(broker, broker, airline, True) == PartyCode.SenderSuspended
    assert participants.transferCheck(maker, maker, broker, True) == PartyCode.ReceiverSuspended
    assert participants.transferCheck(maker, maker, broker, False) == PartyCode.ReceiverSuspended
    assert participants.transferCheck(broker, outsider, outsider, False) == PartyCode.OperatorSuspended

    # a zero sender (a forced transfer) is not checked; the receiver still is
    assert participants.transferCheck(ZERO_ADDRESS, ZERO_ADDRESS, airline, True) == PartyCode.Ok
    assert participants.transferCheck(ZERO_ADDRESS, ZERO_ADDRESS, outsider, True) == PartyCode.ReceiverNotRegistered

    participants.pause({"from": admin})
    assert participants.transferCheck(maker, maker, airline, True) == PartyCode.SuitePaused
    assert participants.transferCheck(maker, maker, airline, False) == PartyCode.SuitePaused


def test_a_suspended_participant_cannot_be_offboarded_so_only_a_regulator_lifts_a_suspension(
    participants, admin, regulator, maker
):
    participants.suspend(maker, REASON, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", maker)):
        participants.offboard(maker, {"from": admin})
    assert participants.participant(maker)["status"] == ParticipantStatus.Suspended
    participants.reinstate(maker, REASON, {"from": regulator})
    participants.offboard(maker, {"from": admin})
    assert participants.participant(maker)["status"] == ParticipantStatus["None"]
