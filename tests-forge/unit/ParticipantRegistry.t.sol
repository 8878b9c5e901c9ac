// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite} from "../utils/Suite.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
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
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        bytes32[] memory none;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, admin));
        participants.onboard(newcomer, "Newcomer", "", none);
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
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.CannotOffboardSelf.selector, admin));
        participants.offboard(admin);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        participants.offboard(outsider);
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        participants.offboard(bob);
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
        vm.prank(regulator);
        participants.suspend(regulator2, REASON);
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
        if (operator != from && operator == station) expected = IParticipantRegistry.PartyCode.OperatorSuspended;
        if (paused) expected = IParticipantRegistry.PartyCode.SuitePaused;
        _assertCode(_code(operator, from, to, permissioned), expected, "party code");
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
