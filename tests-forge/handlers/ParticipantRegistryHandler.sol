// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HandlerBase} from "./HandlerBase.sol";
import {Model} from "./Model.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title ParticipantRegistryHandler
/// @notice Every call an invariant campaign makes to ParticipantRegistry, and only here:
/// onboard, offboard, suspend, reinstate, pause, unpause, role grants, revocations and
/// renunciations, and the honest authorities' recovery ({recover}). When governance changes
/// (two-step proposals, the admin handover), this is the file to adapt.
/// @dev Every argument is computed before `vm.prank`: the prank applies to the very next call,
/// which must be the call under test. Two modes. Without an attacker, any actor calls (parts campaigns: statuses change under
/// the parts). With an attacker, every call comes from the attacker or from an account the
/// attacker onboarded itself (its puppets): one key's whole power, nobody else's.
contract ParticipantRegistryHandler is HandlerBase {
    /// @notice The key under attack; zero: no attacker (anyone calls).
    address public immutable attacker;

    address[] private _side; // the attacker and its puppets
    mapping(address account => bool) public onAttackerSide;

    constructor(Model model_, address attacker_) HandlerBase(model_) {
        attacker = attacker_;
        if (attacker_ != address(0)) {
            _side.push(attacker_);
            onAttackerSide[attacker_] = true;
        }
    }

    /// @inheritdoc HandlerBase
    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](9);
        list[0] = this.pause.selector;
        list[1] = this.unpause.selector;
        list[2] = this.suspend.selector;
        list[3] = this.reinstate.selector;
        list[4] = this.offboard.selector;
        list[5] = this.onboard.selector;
        list[6] = this.grantRole.selector;
        list[7] = this.revokeRole.selector;
        list[8] = this.renounceRole.selector;
    }

    /// @notice Pauses the suite. Without an attacker, only one call in eight goes through to
    /// the registry: a suite paused half the time would leave the parts campaign little to do.
    function pause(uint256 callerSeed) external {
        if (attacker == address(0) && callerSeed % 8 != 0) return;
        address caller = _caller(callerSeed, _pauser(callerSeed));
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.pause() {
            model.afterCall(Model.Action.Other, 0, 0, false, "pause");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function unpause(uint256 callerSeed) external {
        address caller = _caller(callerSeed, _pauser(callerSeed));
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.unpause() {
            model.afterCall(Model.Action.Other, 0, 0, false, "unpause");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function suspend(uint256 callerSeed, uint256 targetSeed) external {
        address caller = _caller(callerSeed, _regulator(callerSeed));
        address target = _target(targetSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.suspend(target, REASON) {
            model.afterCall(Model.Action.Other, 0, 0, false, "suspend");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function reinstate(uint256 callerSeed, uint256 targetSeed) external {
        address caller = _caller(callerSeed, _regulator(callerSeed));
        address target = _withStatus(targetSeed, IParticipantRegistry.Status.Suspended);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.reinstate(target, REASON) {
            model.afterCall(Model.Action.Other, 0, 0, false, "reinstate");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function offboard(uint256 callerSeed, uint256 targetSeed) external {
        address caller = _caller(callerSeed, _admin());
        address target = _target(targetSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.offboard(target) {
            model.afterCall(Model.Action.Other, 0, 0, false, "offboard");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Onboards an account (back) with any combination of the suite's roles; an account
    /// the attacker onboards joins the attacker's side.
    function onboard(uint256 callerSeed, uint256 targetSeed, uint8 roleBits) external {
        address caller = _caller(callerSeed, _admin());
        address target = _withStatus(targetSeed, IParticipantRegistry.Status.None);
        bytes32[] memory roles = _roles(roleBits);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.onboard(target, "onboarded", "FILING", roles) {
            model.afterCall(Model.Action.Other, 0, 0, false, "onboard");
            if (attacker != address(0) && !onAttackerSide[target]) {
                _side.push(target);
                onAttackerSide[target] = true;
            }
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function grantRole(uint256 callerSeed, uint8 roleSeed, uint256 targetSeed) external {
        address caller = _caller(callerSeed, _admin());
        address target = _actor(targetSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.grantRole(_role(roleSeed), target) {
            model.afterCall(Model.Action.Other, 0, 0, false, "grantRole");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function revokeRole(uint256 callerSeed, uint8 roleSeed, uint256 targetSeed) external {
        address caller = _caller(callerSeed, _admin());
        address target = _actor(targetSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try participants.revokeRole(_role(roleSeed), target) {
            model.afterCall(Model.Action.Other, 0, 0, false, "revokeRole");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice An account gives up one of its own roles (allowed to anyone: it only loses power).
    function renounceRole(uint256 callerSeed, uint8 roleSeed) external {
        address caller = _caller(callerSeed, address(0));
        vm.prank(caller);
        try participants.renounceRole(_role(roleSeed), caller) {}
        catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ recovery (not an action)

    /// @notice What the honest authorities can do to bring the suite back: each of them, in turn,
    /// reinstates every suspended honest account and unpauses, until nothing changes. Called by
    /// the governance invariants inside a state snapshot, never by the campaign.
    function recover(address[] calldata authorities, address[] calldata accounts) external {
        for (uint256 round; round <= accounts.length; ++round) {
            bool progress;
            for (uint256 i; i < authorities.length; ++i) {
                for (uint256 j; j < accounts.length; ++j) {
                    if (participants.participant(accounts[j]).status != IParticipantRegistry.Status.Suspended) {
                        continue;
                    }
                    vm.prank(authorities[i]);
                    try participants.reinstate(accounts[j], REASON) {
                        progress = true;
                    } catch {}
                }
                if (participants.paused()) {
                    vm.prank(authorities[i]);
                    try participants.unpause() {
                        progress = true;
                    } catch {}
                }
            }
            if (!progress) return;
        }
    }

    /// @notice Whether the attacker or one of its puppets holds `role`.
    function attackerSideHolds(bytes32 role) external view returns (bool) {
        for (uint256 i; i < _side.length; ++i) {
            if (IAccessControl(address(participants)).hasRole(role, _side[i])) return true;
        }
        return false;
    }

    // ================================================================ helpers

    /// @dev The attacker's side when there is an attacker; else mostly `preferred` (the
    /// authority the call needs), sometimes anyone.
    function _caller(uint256 seed, address preferred) private view returns (address) {
        if (attacker == address(0)) return _mostly(preferred, seed);
        return _side[seed % _side.length];
    }

    /// @dev Any account; one time in two, an operator of some part (approved for it, or for all
    /// its owner's parts), whose standing then changes under its approval.
    function _target(uint256 seed) private view returns (address) {
        if (seed % 2 == 0 && model.partCount() != 0) {
            uint256 partId = model.part(seed >> 2);
            address approved = parts.getApproved(partId);
            if (approved != address(0) && seed % 4 == 0) return approved;
            address owner = parts.ownerOf(partId);
            uint256 count = model.actorCount();
            for (uint256 i; i < count; ++i) {
                address operator = model.actor((seed >> 2) % count + i);
                if (parts.isApprovedForAll(owner, operator)) return operator;
            }
        }
        return _actor(seed >> 2);
    }

    /// @dev An account with `status` if there is one (else any account).
    function _withStatus(uint256 seed, IParticipantRegistry.Status status) private view returns (address) {
        uint256 count = model.actorCount();
        for (uint256 i; i < count; ++i) {
            address account = model.actor(seed % count + i);
            if (participants.participant(account).status == status) return account;
        }
        return _actor(seed);
    }

    // Cast indices: 0 admin, 1 and 2 regulators (see tests-forge/utils/Suite.sol).
    function _admin() private view returns (address) {
        return model.actor(0);
    }

    function _regulator(uint256 seed) private view returns (address) {
        return model.actor(1 + (seed >> 8) % 2);
    }

    function _pauser(uint256 seed) private view returns (address) {
        return model.actor((seed >> 8) % 3);
    }

    function _role(uint8 seed) private pure returns (bytes32) {
        return Roles.all()[seed % 7];
    }

    function _roles(uint8 bits) private pure returns (bytes32[] memory roles) {
        bytes32[7] memory all = Roles.all();
        uint256 count;
        for (uint256 i; i < 6; ++i) {
            if (bits & (1 << i) != 0) ++count;
        }
        roles = new bytes32[](count);
        count = 0;
        for (uint256 i; i < 6; ++i) {
            if (bits & (1 << i) != 0) roles[count++] = all[i];
        }
    }
}
