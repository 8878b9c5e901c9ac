// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite} from "../utils/Suite.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title ParticipantRegistryTest
/// @notice Every guard of ParticipantRegistry, each with the error it names (the brownie suite
/// covers the same rules end to end; these run in forge so `forge coverage` sees them).
contract ParticipantRegistryTest is Suite {
    address private newcomer = address(0xC0FFEE);

    function setUp() public {
        _deploySuite();
    }

    // ---------------------------------------------------------------- the suite's contracts

    function test_only_the_bound_part_registry_files_two_authority_decisions() external {
        vm.assertEq(participants.parts(), address(parts), "bound at deployment");
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotASuiteContract.selector, outsider));
        participants.confirmExternal(admin, keccak256("anything"));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.PartsAlreadyBound.selector, address(parts)));
        participants.bindParts(address(parts));
        vm.prank(address(parts)); // the bound registry speaks for an authority: a proposal under its name
        vm.assertFalse(participants.confirmExternal(admin, keccak256("anything")), "proposed only");
        bytes32 id = participants.actionId(IParticipantRegistry.Action.External, address(parts), keccak256("anything"));
        (address proposer,) = participants.proposal(id);
        vm.assertEq(proposer, admin, "filed");
    }

    // ---------------------------------------------------------------- onboarding

    function test_onboarding_grants_the_roles_and_numbers_the_participant() external {
        bytes32[] memory roles = new bytes32[](2);
        (roles[0], roles[1]) = (Roles.MANUFACTURER, Roles.REPAIR_STATION);
        vm.prank(admin);
        uint32 id = participants.onboard(newcomer, "Newcomer", "FN-9", roles);
        vm.assertEq(id, participants.participantCount(), "numbered next");
        vm.assertEq(participants.accountOf(id), newcomer, "accountOf");
        IParticipantRegistry.Participant memory p = participants.participant(newcomer);
        vm.assertEq(p.name, "Newcomer", "name");
        vm.assertEq(p.filingNumber, "FN-9", "filing number");
        vm.assertTrue(p.status == IParticipantRegistry.Status.Active, "active");
        vm.assertTrue(participants.hasRole(Roles.MANUFACTURER, newcomer), "manufacturer");
        vm.assertTrue(participants.hasRole(Roles.REPAIR_STATION, newcomer), "repair station");
    }

    function test_onboarding_needs_an_address_and_a_name() external {
        bytes32[] memory none;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.InvalidParticipant.selector, address(0)));
        participants.onboard(address(0), "Zero", "", none);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.EmptyParticipantName.selector, newcomer));
        participants.onboard(newcomer, "", "", none);
    }

    function test_a_registered_account_cannot_be_onboarded_again() external {
        bytes32[] memory none;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantAlreadyRegistered.selector, alice));
        participants.onboard(alice, "Alice", "", none);
    }

    function test_only_the_suites_roles_exist() external {
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = keccak256("BARISTA_ROLE");
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.UnknownRole.selector, roles[0]));
        participants.onboard(newcomer, "Newcomer", "", roles);
    }

    function test_roles_go_only_to_registered_participants() external {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        participants.grantRole(Roles.MANUFACTURER, outsider);
    }

    function test_only_the_admin_onboards() external {
        bytes32[] memory none;
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, regulator, Roles.ADMIN)
        );
        participants.onboard(newcomer, "Newcomer", "", none);
    }

    function test_a_suspended_admin_cannot_use_its_role() external {
        _byTwo(regulator, regulator2, abi.encodeCall(participants.suspend, (admin, REASON)));
        bytes32[] memory none;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, admin));
        participants.onboard(newcomer, "Newcomer", "", none);
    }

    function test_enforcer_and_a_second_regulator_are_not_onboarded_by_the_admin_alone() external {
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = Roles.ENFORCER;
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RoleNeedsTwoAuthorities.selector, newcomer, Roles.ENFORCER)
        );
        participants.onboard(newcomer, "Newcomer", "", roles);
        roles[0] = Roles.REGULATOR;
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RoleNeedsTwoAuthorities.selector, newcomer, Roles.REGULATOR)
        );
        participants.onboard(newcomer, "Newcomer", "", roles);
        roles[0] = Roles.ADMIN; // the admin role moves only by handover
        vm.prank(admin);
        vm.expectRevert(IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminRules.selector);
        participants.onboard(newcomer, "Newcomer", "", roles);
    }

    function test_the_admin_alone_appoints_a_regulator_while_none_is_active() external {
        // A fresh registry: the admin bootstraps the first regulator.
        ParticipantRegistry fresh = new ParticipantRegistry(admin, "Admin", "ADM-1", ADMIN_DELAY);
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = Roles.REGULATOR;
        vm.prank(admin);
        fresh.onboard(regulator, "Regulator", "", roles);
        vm.assertEq(fresh.activeRegulatorCount(), 1, "one regulator");
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.RoleNeedsTwoAuthorities.selector, newcomer, Roles.REGULATOR)
        );
        fresh.onboard(newcomer, "Newcomer", "", roles);
        // In the suite: once every regulator left, the bootstrap opens again.
        vm.prank(regulator);
        participants.renounceRole(Roles.REGULATOR, regulator);
        vm.prank(regulator2);
        participants.renounceRole(Roles.REGULATOR, regulator2);
        vm.assertEq(participants.activeRegulatorCount(), 0, "none left");
        vm.prank(admin);
        participants.onboard(newcomer, "Newcomer", "", roles);
        vm.assertTrue(participants.hasRole(Roles.REGULATOR, newcomer), "appointed alone");
    }

    function test_the_admin_delay_is_bounded() external {
        uint48 max = participants.MAX_ADMIN_DELAY();
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AdminDelayTooLong.selector, max + 1, max));
        new ParticipantRegistry(admin, "Admin", "ADM-1", max + 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AdminDelayTooLong.selector, max + 1, max));
        participants.changeDefaultAdminDelay(max + 1);
    }

    // ---------------------------------------------------------------- offboarding

    function test_offboarding_revokes_every_role_and_a_returning_account_keeps_its_number() external {
        uint32 id = participants.participant(maker).id;
        vm.prank(admin);
        participants.offboard(maker);
        vm.assertTrue(_status(maker) == IParticipantRegistry.Status.None, "offboarded");
        vm.assertFalse(participants.hasRole(Roles.MANUFACTURER, maker), "role revoked");
        bytes32[] memory none;
        vm.prank(admin);
        vm.assertEq(participants.onboard(maker, "Back", "", none), id, "same number");
    }

    function test_offboarding_guards() external {
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.CannotOffboardAdmin.selector, admin));
        participants.offboard(admin);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        participants.offboard(outsider);
        vm.prank(maker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, maker, Roles.ADMIN)
        );
        participants.offboard(bob);
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        participants.offboard(bob);
    }

    function test_offboarding_a_regulator_takes_two_authorities() external {
        vm.prank(regulator2);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AuthorityIsTarget.selector, regulator2));
        participants.offboard(regulator2);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, maker));
        participants.offboard(regulator2);
        vm.prank(admin);
        participants.offboard(regulator2); // proposes
        vm.assertTrue(participants.hasRole(Roles.REGULATOR, regulator2), "one authority changes nothing");
        vm.prank(regulator);
        participants.offboard(regulator2); // confirms
        vm.assertTrue(_status(regulator2) == IParticipantRegistry.Status.None, "offboarded");
        vm.assertEq(participants.activeRegulatorCount(), 1, "count kept");
    }

    // ---------------------------------------------------------------- suspension

    function test_a_regulator_suspends_and_reinstates() external {
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.assertFalse(participants.isActive(bob), "suspended");
        vm.prank(regulator);
        participants.reinstate(bob, REASON);
        vm.assertTrue(participants.isActive(bob), "reinstated");
    }

    function test_suspension_guards() external {
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        participants.suspend(outsider, REASON);
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        participants.suspend(bob, REASON);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotSuspended.selector, alice));
        participants.reinstate(alice, REASON);
        vm.prank(maker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, maker, Roles.REGULATOR)
        );
        participants.suspend(alice, REASON);
    }

    // ---------------------------------------------------------------- two authorities

    function test_suspending_an_authority_takes_two_other_authorities() external {
        bytes32 id = participants.actionId(IParticipantRegistry.Action.Suspend, admin, REASON);
        vm.expectEmit(address(participants));
        emit IParticipantRegistry.ActionProposed(
            id, IParticipantRegistry.Action.Suspend, admin, REASON, regulator, uint48(block.timestamp + 7 days)
        );
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        vm.assertTrue(participants.isActive(admin), "one regulator suspends no admin");
        (address proposer,) = participants.proposal(id);
        vm.assertEq(proposer, regulator, "proposal recorded");
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AlreadyProposed.selector, id, regulator));
        participants.suspend(admin, REASON);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AuthorityIsTarget.selector, admin));
        participants.suspend(admin, REASON);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, maker));
        participants.suspend(admin, REASON);
        vm.expectEmit(address(participants));
        emit IParticipantRegistry.ActionConfirmed(id, regulator, regulator2);
        vm.prank(regulator2);
        participants.suspend(admin, REASON);
        vm.assertFalse(participants.isActive(admin), "two regulators suspend the admin");
        vm.assertFalse(participants.isAuthority(admin), "no longer an authority");
        // Reinstating takes two as well; the suspended admin does not count.
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, admin));
        participants.reinstate(regulator, REASON);
        _byTwo(regulator2, regulator, abi.encodeCall(participants.reinstate, (admin, REASON)));
        vm.assertTrue(participants.isActive(admin), "reinstated by two");
    }

    function test_a_regulator_is_suspended_by_the_admin_and_another_regulator() external {
        _byTwo(admin, regulator, abi.encodeCall(participants.suspend, (regulator2, REASON)));
        vm.assertFalse(participants.isActive(regulator2), "suspended");
        vm.assertEq(participants.activeRegulatorCount(), 1, "one active");
        vm.prank(regulator2);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, regulator2));
        participants.suspend(bob, REASON);
        _byTwo(admin, regulator, abi.encodeCall(participants.reinstate, (regulator2, REASON)));
        vm.assertEq(participants.activeRegulatorCount(), 2, "two active again");
    }

    function test_a_proposal_expires_and_a_proposer_that_lost_its_power_no_longer_counts() external {
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        vm.warp(block.timestamp + participants.PROPOSAL_LIFETIME());
        vm.prank(regulator2);
        participants.suspend(admin, REASON); // the old proposal expired: this one proposes afresh
        vm.assertTrue(participants.isActive(admin), "an expired proposal confirms nothing");
        bytes32 id = participants.actionId(IParticipantRegistry.Action.Suspend, admin, REASON);
        (address proposer,) = participants.proposal(id);
        vm.assertEq(proposer, regulator2, "new proposer");
        // regulator2 leaves the regulators: its proposal no longer counts.
        vm.prank(regulator2);
        participants.renounceRole(Roles.REGULATOR, regulator2);
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        vm.assertTrue(participants.isActive(admin), "a powerless proposer confirms nothing");
        (proposer,) = participants.proposal(id);
        vm.assertEq(proposer, regulator, "proposed afresh");
    }

    function test_a_proposer_withdraws_its_proposal() external {
        bytes32 id = participants.actionId(IParticipantRegistry.Action.Suspend, admin, REASON);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ProposalNotFound.selector, id));
        participants.withdrawProposal(id);
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        vm.prank(regulator2);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotProposer.selector, id, regulator2));
        participants.withdrawProposal(id);
        vm.expectEmit(address(participants));
        emit IParticipantRegistry.ProposalWithdrawn(id, regulator);
        vm.prank(regulator);
        participants.withdrawProposal(id);
        vm.prank(regulator2);
        participants.suspend(admin, REASON);
        vm.assertTrue(participants.isActive(admin), "a withdrawn proposal confirms nothing");
    }

    function test_regulator_and_enforcer_roles_take_two_authorities() external {
        _onboard(newcomer, bytes32(0));
        vm.prank(admin);
        participants.grantRole(Roles.REGULATOR, newcomer);
        vm.assertFalse(participants.hasRole(Roles.REGULATOR, newcomer), "the admin alone appoints no regulator");
        vm.prank(regulator);
        participants.grantRole(Roles.REGULATOR, newcomer);
        vm.assertTrue(participants.hasRole(Roles.REGULATOR, newcomer), "two authorities do");
        vm.assertEq(participants.activeRegulatorCount(), 3, "counted");
        // Revoking a regulator takes two as well; the target does not count.
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AuthorityIsTarget.selector, newcomer));
        participants.revokeRole(Roles.REGULATOR, newcomer);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, maker));
        participants.revokeRole(Roles.REGULATOR, newcomer);
        _byTwo(admin, regulator2, abi.encodeCall(participants.revokeRole, (Roles.REGULATOR, newcomer)));
        vm.assertFalse(participants.hasRole(Roles.REGULATOR, newcomer), "revoked by two");
        vm.assertEq(participants.activeRegulatorCount(), 2, "uncounted");
        // Other roles: the admin alone, both ways.
        vm.prank(admin);
        participants.grantRole(Roles.FINANCIER, newcomer);
        vm.prank(admin);
        participants.revokeRole(Roles.FINANCIER, newcomer);
        vm.assertFalse(participants.hasRole(Roles.FINANCIER, newcomer), "financier revoked");
    }

    function test_admin_regulator_and_enforcer_exclude_each_other() external {
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.IncompatibleRoles.selector, regulator2, Roles.ENFORCER, Roles.REGULATOR
            )
        );
        participants.grantRole(Roles.ENFORCER, regulator2);
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.IncompatibleRoles.selector, admin, Roles.REGULATOR, Roles.ADMIN)
        );
        participants.grantRole(Roles.REGULATOR, admin);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.IncompatibleRoles.selector, enforcer, Roles.ADMIN, Roles.ENFORCER
            )
        );
        participants.beginDefaultAdminTransfer(enforcer);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, address(0)));
        participants.beginDefaultAdminTransfer(address(0));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.UnknownRole.selector, keccak256("X")));
        participants.grantRole(keccak256("X"), alice);
    }

    /// @dev A regulator makes no parts: a manufacturer-regulator would lift other regulators'
    /// freezes and recalls of its own parts. Both directions, every grant path.
    function test_regulator_and_manufacturer_exclude_each_other() external {
        bytes memory makerAsRegulator = abi.encodeWithSelector(
            IParticipantRegistry.IncompatibleRoles.selector, maker, Roles.REGULATOR, Roles.MANUFACTURER
        );
        vm.prank(admin);
        vm.expectRevert(makerAsRegulator);
        participants.grantRole(Roles.REGULATOR, maker);
        vm.prank(regulator);
        vm.expectRevert(makerAsRegulator);
        participants.grantRole(Roles.REGULATOR, maker);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.IncompatibleRoles.selector, regulator2, Roles.MANUFACTURER, Roles.REGULATOR
            )
        );
        participants.grantRole(Roles.MANUFACTURER, regulator2);
        // A proposal made before the account became a manufacturer cannot be confirmed after.
        _onboard(newcomer, bytes32(0));
        vm.prank(admin);
        participants.grantRole(Roles.REGULATOR, newcomer);
        vm.prank(admin);
        participants.grantRole(Roles.MANUFACTURER, newcomer);
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.IncompatibleRoles.selector, newcomer, Roles.REGULATOR, Roles.MANUFACTURER
            )
        );
        participants.grantRole(Roles.REGULATOR, newcomer);
        vm.assertFalse(participants.hasRole(Roles.REGULATOR, maker), "maker");
        vm.assertFalse(participants.hasRole(Roles.MANUFACTURER, regulator2), "regulator2");
        vm.assertFalse(participants.hasRole(Roles.REGULATOR, newcomer), "newcomer");
        vm.assertEq(participants.activeRegulatorCount(), 2, "no regulator added");
    }

    function test_the_admin_hands_over_in_two_steps() external {
        vm.prank(admin);
        participants.beginDefaultAdminTransfer(alice);
        vm.warp(block.timestamp + ADMIN_DELAY + 1);
        vm.prank(alice);
        participants.acceptDefaultAdminTransfer();
        vm.assertEq(participants.defaultAdmin(), alice, "handed over");
        vm.assertFalse(participants.hasRole(Roles.ADMIN, admin), "the old admin lost the role");
    }

    function test_a_pending_admin_is_shielded_from_one_regulator_only_while_it_holds_no_role() external {
        vm.prank(admin);
        participants.beginDefaultAdminTransfer(alice); // no role: one regulator only proposes
        vm.prank(regulator);
        participants.suspend(alice, REASON);
        vm.assertEq(uint8(_status(alice)), uint8(IParticipantRegistry.Status.Active), "alice shielded");
        vm.prank(admin);
        participants.beginDefaultAdminTransfer(maker); // a manufacturer: suspended like any
        vm.prank(regulator);
        participants.suspend(maker, REASON);
        vm.assertEq(uint8(_status(maker)), uint8(IParticipantRegistry.Status.Suspended), "maker suspended");
    }

    function test_suspending_the_admin_stops_its_handover_and_two_regulators_replace_it() external {
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.AdminNotSuspended.selector, admin));
        participants.replaceSuspendedAdmin(alice);
        vm.prank(admin);
        participants.beginDefaultAdminTransfer(bob);
        vm.prank(admin);
        participants.changeDefaultAdminDelay(2 days);
        _byTwo(regulator, regulator2, abi.encodeCall(participants.suspend, (admin, REASON)));
        (address pending,) = participants.pendingDefaultAdmin();
        vm.assertEq(pending, address(0), "the suspended admin's handover is cancelled");
        (uint48 newDelay,) = participants.pendingDefaultAdminDelay();
        vm.assertEq(newDelay, 0, "and its delay change");
        // While the admin is suspended, the last two regulators cannot leave.
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.RegulatorNeededForPathBack.selector, regulator));
        participants.renounceRole(Roles.REGULATOR, regulator);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, maker));
        participants.replaceSuspendedAdmin(alice);
        _byTwo(regulator, regulator2, abi.encodeCall(participants.replaceSuspendedAdmin, (alice)));
        (pending,) = participants.pendingDefaultAdmin();
        vm.assertEq(pending, alice, "handover started by two regulators");
        vm.warp(block.timestamp + ADMIN_DELAY + 1);
        vm.prank(alice);
        participants.acceptDefaultAdminTransfer();
        vm.assertEq(participants.defaultAdmin(), alice, "replaced");
        vm.assertTrue(participants.isAuthority(alice), "the new admin acts at once");
    }

    function test_a_suspended_account_cannot_become_admin() external {
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        participants.beginDefaultAdminTransfer(bob);
    }

    // ---------------------------------------------------------------- pause

    function test_admin_or_regulator_pause_and_unpause() external {
        vm.prank(admin);
        participants.pause();
        vm.assertTrue(participants.paused(), "paused");
        vm.prank(regulator);
        participants.unpause();
        vm.assertFalse(participants.paused(), "unpaused");
    }

    function test_pause_guards() external {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.PauseUnauthorized.selector, maker));
        participants.pause();
        _byTwo(admin, regulator, abi.encodeCall(participants.suspend, (regulator2, REASON)));
        vm.prank(regulator2);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, regulator2));
        participants.pause();
        vm.prank(admin);
        vm.expectRevert(Pausable.ExpectedPause.selector);
        participants.unpause();
    }

    // ---------------------------------------------------------------- what other contracts ask

    function test_account_of_refuses_unknown_numbers() external {
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.UnknownParticipantId.selector, uint32(999)));
        participants.accountOf(999);
    }

    function test_require_active_and_require_active_role() external {
        vm.assertEq(participants.requireActive(maker), participants.participant(maker).id, "number");
        vm.assertEq(
            participants.requireActiveRole(maker, Roles.MANUFACTURER), participants.participant(maker).id, "role"
        );
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        participants.requireActive(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, Roles.MANUFACTURER)
        );
        participants.requireActiveRole(alice, Roles.MANUFACTURER);
        vm.prank(regulator);
        participants.suspend(alice, REASON);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        participants.requireActive(alice);
        vm.prank(admin);
        participants.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        participants.requireActive(maker);
    }

    function test_transfer_check_answers_each_party_code_in_order() external {
        _assertCode(_code(alice, alice, bob, true), IParticipantRegistry.PartyCode.Ok, "ok");
        _assertCode(_code(alice, alice, outsider, false), IParticipantRegistry.PartyCode.Ok, "open mode");
        _assertCode(_code(outsider, outsider, bob, true), IParticipantRegistry.PartyCode.SenderNotRegistered, "sender");
        _assertCode(_code(alice, alice, outsider, true), IParticipantRegistry.PartyCode.ReceiverNotRegistered, "recv");
        _assertCode(_code(alice, address(0), bob, true), IParticipantRegistry.PartyCode.Ok, "forced: no sender");
        _assertCode(
            _code(outsider, alice, bob, true), IParticipantRegistry.PartyCode.OperatorNotRegistered, "operator gone"
        );
        _assertCode(_code(outsider, alice, bob, false), IParticipantRegistry.PartyCode.Ok, "open mode: any operator");
        vm.startPrank(regulator);
        participants.suspend(station, REASON);
        participants.suspend(bob, REASON);
        vm.stopPrank();
        _assertCode(_code(station, alice, maker, true), IParticipantRegistry.PartyCode.OperatorSuspended, "operator");
        _assertCode(_code(bob, bob, alice, true), IParticipantRegistry.PartyCode.SenderSuspended, "sender suspended");
        _assertCode(_code(alice, alice, bob, false), IParticipantRegistry.PartyCode.ReceiverSuspended, "recv suspended");
        vm.prank(admin);
        participants.pause();
        _assertCode(_code(alice, alice, maker, true), IParticipantRegistry.PartyCode.SuitePaused, "paused");
    }

    /// @dev Any party set maps to the code of the first failing check, in the documented order.
    function testFuzz_transfer_check_follows_the_documented_order(
        uint8 operatorSeed,
        uint8 fromSeed,
        uint8 toSeed,
        bool permissioned,
        bool paused
    ) external {
        address[4] memory who = [alice, bob, outsider, station];
        vm.prank(regulator);
        participants.suspend(station, REASON);
        if (paused) {
            vm.prank(admin);
            participants.pause();
        }
        (address operator, address from, address to) = (who[operatorSeed % 4], who[fromSeed % 4], who[toSeed % 4]);
        IParticipantRegistry.PartyCode expected = IParticipantRegistry.PartyCode.Ok;
        if (to == outsider && permissioned) expected = IParticipantRegistry.PartyCode.ReceiverNotRegistered;
        if (to == station) expected = IParticipantRegistry.PartyCode.ReceiverSuspended;
        if (from == outsider && permissioned) expected = IParticipantRegistry.PartyCode.SenderNotRegistered;
        if (from == station) expected = IParticipantRegistry.PartyCode.SenderSuspended;
        if (operator != from && operator == outsider && permissioned) {
            expected = IParticipantRegistry.PartyCode.OperatorNotRegistered;
        }
        if (operator != from && operator == station) expected = IParticipantRegistry.PartyCode.OperatorSuspended;
        if (paused) expected = IParticipantRegistry.PartyCode.SuitePaused;
        _assertCode(_code(operator, from, to, permissioned), expected, "party code");
    }

    /// @dev `first` proposes the call, `second` confirms it.
    function _byTwo(address first, address second, bytes memory call) private {
        for (uint256 i; i < 2; ++i) {
            vm.prank(i == 0 ? first : second);
            (bool ok, bytes memory reason) = address(participants).call(call);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 0x20), mload(reason))
                }
            }
        }
    }

    function _assertCode(
        IParticipantRegistry.PartyCode actual,
        IParticipantRegistry.PartyCode expected,
        string memory what
    ) private pure {
        vm.assertEq(uint256(actual), uint256(expected), what);
    }

    function _code(address operator, address from, address to, bool permissioned)
        private
        view
        returns (IParticipantRegistry.PartyCode)
    {
        return participants.transferCheck(operator, from, to, permissioned);
    }
}
