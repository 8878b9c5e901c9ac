// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite, Cast} from "../utils/Suite.sol";
import {Model} from "../handlers/Model.sol";
import {ParticipantRegistryHandler} from "../handlers/ParticipantRegistryHandler.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title AuthorityInvariants
/// @notice One key turns hostile: every call of the campaign comes from it or
/// from accounts it onboarded itself, in any order. After every call:
/// - nobody locked the suite: the honest authorities that remain can unpause it and reinstate
///   every honest account the attacker suspended;
/// - nobody captured it: the attacker's side never holds both the admin's and a regulator's
///   powers, every honest admin and regulator keeps its role, and no account holds two roles
///   that exclude each other (Roles.conflict: two of admin, regulator and enforcer, or regulator
///   and manufacturer).
/// Each contract below hands the key to a different authority.
abstract contract AuthorityInvariants is Suite {
    uint256 private constant PUPPETS = 3;

    Model internal model;
    ParticipantRegistryHandler internal handler;
    address[] internal honest; // the cast but the attacker and the outsider
    address[] internal honestAuthorities; // the admin and regulators but the attacker

    /// @dev The key under attack.
    function _attacker() internal view virtual returns (address);

    function setUp() public {
        _deploySuite();
        model = new Model(participants, parts, records);
        for (uint256 i; i < Cast.COUNT; ++i) {
            model.addActor(vm.addr(Cast.key(i)), Cast.key(i));
        }
        for (uint256 i; i < PUPPETS; ++i) {
            model.addActor(vm.addr(0x9000 + i), 0x9000 + i);
        }
        address attacker = _attacker();
        handler = new ParticipantRegistryHandler(model, attacker);
        targetContract(address(handler));
        targetSelector(FuzzSelector(address(handler), handler.actions()));
        address[9] memory cast = [admin, regulator, regulator2, enforcer, maker, maker2, station, alice, bob];
        for (uint256 i; i < cast.length; ++i) {
            if (cast[i] == attacker) continue;
            honest.push(cast[i]);
            if (cast[i] == admin || cast[i] == regulator || cast[i] == regulator2) honestAuthorities.push(cast[i]);
        }
    }

    function invariant_noSingleKeyLocksTheSuite() external {
        if (!participants.paused() && _firstSuspended() == address(0)) return;
        uint256 snapshot = vm.snapshotState();
        handler.recover(honestAuthorities, honest);
        bool paused = participants.paused();
        address stuck = _firstSuspended();
        vm.revertToState(snapshot);
        vm.assertFalse(paused, "locked: the honest authorities cannot unpause the suite");
        vm.assertEq(stuck, address(0), "locked: the honest authorities cannot reinstate this account");
    }

    function _firstSuspended() private view returns (address) {
        for (uint256 i; i < honest.length; ++i) {
            if (_status(honest[i]) == IParticipantRegistry.Status.Suspended) return honest[i];
        }
        return address(0);
    }

    function invariant_noSingleKeyCapturesTheSuite() external view {
        vm.assertFalse(
            handler.attackerSideHolds(Roles.ADMIN) && handler.attackerSideHolds(Roles.REGULATOR),
            "captured: the attacker's side holds both the admin's and a regulator's powers"
        );
        for (uint256 i; i < honestAuthorities.length; ++i) {
            address account = honestAuthorities[i];
            bytes32 role = account == admin ? Roles.ADMIN : Roles.REGULATOR;
            vm.assertTrue(
                participants.hasRole(role, account),
                string.concat("captured: an honest authority lost its role: ", vm.toString(account))
            );
        }
        bytes32[7] memory all = Roles.all();
        uint256 count = model.actorCount();
        for (uint256 i; i < count; ++i) {
            address account = model.actor(i);
            for (uint256 a; a < all.length; ++a) {
                for (uint256 b = a + 1; b < all.length; ++b) {
                    vm.assertFalse(
                        Roles.conflict(all[a], all[b]) && participants.hasRole(all[a], account)
                            && participants.hasRole(all[b], account),
                        string.concat("captured: one account holds two conflicting roles: ", vm.toString(account))
                    );
                }
            }
        }
    }
}

contract RegulatorKeyInvariantTest is AuthorityInvariants {
    function _attacker() internal view override returns (address) {
        return regulator;
    }

    /// @dev The known lock: pause, then suspend the admin and the other regulator. The pause
    /// works; each suspension of an authority by one regulator is only a proposal.
    function test_one_regulator_cannot_pause_and_suspend_every_other_authority() external {
        vm.prank(regulator);
        participants.pause();
        vm.assertTrue(participants.paused(), "a regulator pauses the suite");
        vm.prank(regulator);
        participants.suspend(admin, REASON);
        vm.prank(regulator);
        participants.suspend(regulator2, REASON);
        vm.assertEq(uint8(_status(admin)), uint8(IParticipantRegistry.Status.Active), "admin suspended by one key");
        vm.assertEq(
            uint8(_status(regulator2)), uint8(IParticipantRegistry.Status.Active), "regulator suspended by one key"
        );
        this.invariant_noSingleKeyLocksTheSuite();
        this.invariant_noSingleKeyCapturesTheSuite();
    }
}

contract AdminKeyInvariantTest is AuthorityInvariants {
    function _attacker() internal view override returns (address) {
        return admin;
    }

    /// @dev The known capture: the admin grants itself the regulator role (refused: the roles exclude each other).
    function test_the_admin_cannot_take_the_regulator_role() external {
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IParticipantRegistry.IncompatibleRoles.selector, admin, Roles.REGULATOR, Roles.ADMIN)
        );
        participants.grantRole(Roles.REGULATOR, admin);
        vm.assertFalse(participants.hasRole(Roles.REGULATOR, admin), "the admin took the regulator role");
        this.invariant_noSingleKeyCapturesTheSuite();
    }

    /// @dev The dual-role capture: the admin makes a regulator a manufacturer (refused).
    function test_the_admin_cannot_make_a_regulator_a_manufacturer() external {
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.IncompatibleRoles.selector, regulator, Roles.MANUFACTURER, Roles.REGULATOR
            )
        );
        participants.grantRole(Roles.MANUFACTURER, regulator);
        vm.assertFalse(participants.hasRole(Roles.MANUFACTURER, regulator), "a regulator became a manufacturer");
        this.invariant_noSingleKeyCapturesTheSuite();
    }

    /// @dev The known capture: the admin removes every regulator. Each revocation by the admin
    /// alone is only a proposal; both regulators keep their role.
    function test_the_admin_cannot_remove_every_regulator() external {
        vm.prank(admin);
        participants.revokeRole(Roles.REGULATOR, regulator);
        vm.prank(admin);
        participants.revokeRole(Roles.REGULATOR, regulator2);
        vm.assertTrue(participants.hasRole(Roles.REGULATOR, regulator), "the admin alone revoked a regulator");
        vm.assertTrue(participants.hasRole(Roles.REGULATOR, regulator2), "the admin alone revoked a regulator");
        this.invariant_noSingleKeyCapturesTheSuite();
        this.invariant_noSingleKeyLocksTheSuite();
    }
}

contract EnforcerKeyInvariantTest is AuthorityInvariants {
    function _attacker() internal view override returns (address) {
        return enforcer;
    }
}
