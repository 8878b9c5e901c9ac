// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./Test.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";
import {PartRecords} from "../../contracts/PartRecords.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {IServiceability} from "../../contracts/interfaces/IServiceability.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title Cast
/// @notice The accounts every forge test uses, each an address of a private key the tests know
/// (signed transfers need it). One list, in one order: handlers pick actors by index.
library Cast {
    uint256 internal constant ADMIN = 0xAD;
    uint256 internal constant REGULATOR = 0x4E61;
    uint256 internal constant REGULATOR2 = 0x4E62;
    uint256 internal constant ENFORCER = 0xE7F;
    uint256 internal constant MAKER = 0x3A1;
    uint256 internal constant MAKER2 = 0x3A2;
    uint256 internal constant STATION = 0x5A7;
    uint256 internal constant ALICE = 0xA11CE;
    uint256 internal constant BOB = 0xB0B;
    /// @dev Never onboarded: what an outsider can do in permissioned mode (nothing).
    uint256 internal constant OUTSIDER = 0x0075;

    uint256 internal constant COUNT = 10;

    function key(uint256 index) internal pure returns (uint256) {
        return [ADMIN, REGULATOR, REGULATOR2, ENFORCER, MAKER, MAKER2, STATION, ALICE, BOB, OUTSIDER][index];
    }
}

/// @title Suite
/// @notice Deploys the suite as `scripts/deploy.py` does (permissioned mode, records connected)
/// and onboards the cast. The only place tests construct and set up the contracts: when a
/// constructor or an onboarding rule changes, adapt {_deploySuite} and {_onboardCast}.
abstract contract Suite is Test {
    ParticipantRegistry internal participants;
    PartRegistry internal parts;
    PartRecords internal records;

    address internal admin;
    address internal regulator;
    address internal regulator2;
    address internal enforcer;
    address internal maker;
    address internal maker2;
    address internal station;
    address internal alice;
    address internal bob;
    address internal outsider;

    bytes32 internal constant PN = bytes32("CFM56-BLADE");
    bytes32 internal constant REASON = keccak256("service bulletin SB-72-0042");
    /// @dev The admin-handover delay the suite is deployed with.
    uint48 internal constant ADMIN_DELAY = 1 days;

    function _deploySuite() internal {
        admin = _actor(0, "admin");
        regulator = _actor(1, "regulator");
        regulator2 = _actor(2, "regulator2");
        enforcer = _actor(3, "enforcer");
        maker = _actor(4, "maker");
        maker2 = _actor(5, "maker2");
        station = _actor(6, "station");
        alice = _actor(7, "alice");
        bob = _actor(8, "bob");
        outsider = _actor(9, "outsider");

        participants = new ParticipantRegistry(admin, "Admin", "ADM-1", ADMIN_DELAY);
        parts = new PartRegistry(participants, true);
        records = new PartRecords(participants, parts);
        _onboardCast();
        vm.startPrank(admin);
        participants.bindParts(address(parts));
        parts.connectRecords(IServiceability(address(records)));
        vm.stopPrank();
    }

    /// @dev The admin appoints the first regulator alone (the bootstrap); the second regulator
    /// and the enforcer take two authorities: the admin proposes, the regulator confirms.
    function _onboardCast() internal {
        _onboard(regulator, Roles.REGULATOR);
        _onboard(regulator2, bytes32(0));
        _grantByTwo(Roles.REGULATOR, regulator2);
        _onboard(enforcer, bytes32(0));
        _grantByTwo(Roles.ENFORCER, enforcer);
        _onboard(maker, Roles.MANUFACTURER);
        _onboard(maker2, Roles.MANUFACTURER);
        _onboard(station, Roles.REPAIR_STATION);
        _onboard(alice, bytes32(0));
        _onboard(bob, bytes32(0));
    }

    /// @dev Onboards `account` with `role` (zero: a plain participant, no role).
    function _onboard(address account, bytes32 role) internal {
        bytes32[] memory roles = new bytes32[](role == bytes32(0) ? 0 : 1);
        if (roles.length == 1) roles[0] = role;
        vm.prank(admin);
        participants.onboard(account, "participant", "FILING", roles);
    }

    /// @dev The admin proposes granting `role` to `account`, the first regulator confirms.
    function _grantByTwo(bytes32 role, address account) internal {
        vm.prank(admin);
        participants.grantRole(role, account);
        vm.prank(regulator);
        participants.grantRole(role, account);
    }

    function _actor(uint256 index, string memory name) internal returns (address account) {
        account = vm.addr(Cast.key(index));
        vm.label(account, name);
    }

    // ------------------------------------------------------------------ small helpers

    function _register(address manufacturer, bytes32 serial) internal returns (uint256 partId) {
        vm.prank(manufacturer);
        partId = parts.registerPart(PN, serial, bytes32(0));
    }

    function _registerBatch(address manufacturer, uint256 count)
        internal
        returns (uint32 batchId, uint256[] memory ids)
    {
        bytes32[] memory serials = new bytes32[](count);
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            serials[i] = bytes32(uint256(0xB000 + i));
            ids[i] = parts.partIdOf(manufacturer, PN, serials[i]);
        }
        vm.prank(manufacturer);
        batchId = parts.registerBatch(PN, serials, bytes32(0));
    }

    function _status(address account) internal view returns (IParticipantRegistry.Status) {
        return participants.participant(account).status;
    }

    function _info(uint256 partId) internal view returns (IPartRegistry.PartInfo memory) {
        return parts.verifyPart(partId);
    }

    /// @dev The part's ownership slot as stored (Solady ERC721: owner in the low 160 bits,
    /// PartData, its flags and assembly height included, in the high 96).
    function _ownershipWord(uint256 partId) internal view returns (uint256) {
        bytes32 slot;
        assembly ("memory-safe") {
            mstore(0x00, partId)
            mstore(0x1c, shl(192, 0x7d8825530a5a2e7a)) // Solady's _ERC721_MASTER_SLOT_SEED
            slot := add(partId, add(partId, keccak256(0x00, 0x20)))
        }
        return uint256(vm.load(address(parts), slot));
    }
}
