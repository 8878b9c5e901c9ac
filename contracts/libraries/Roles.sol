// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Roles
/// @notice The suite's AccessControl roles. The admin is AccessControl's DEFAULT_ADMIN_ROLE; a
/// participant with no role is a plain registered participant (may hold and trade parts).
library Roles {
    bytes32 internal constant ADMIN = 0x00;
    bytes32 internal constant MANUFACTURER = keccak256("MANUFACTURER_ROLE");
    bytes32 internal constant REPAIR_STATION = keccak256("REPAIR_STATION_ROLE");
    bytes32 internal constant FINANCIER = keccak256("FINANCIER_ROLE");
    bytes32 internal constant REGULATOR = keccak256("REGULATOR_ROLE");
    /// @dev Forced transfers (court order, key recovery) sit under a role of their own.
    bytes32 internal constant ENFORCER = keccak256("ENFORCER_ROLE");
    /// @dev Rules disputes of purchase orders that name it (never a party to the order).
    bytes32 internal constant ARBITER = keccak256("ARBITER_ROLE");

    function all() internal pure returns (bytes32[7] memory) {
        return [ADMIN, MANUFACTURER, REPAIR_STATION, FINANCIER, REGULATOR, ENFORCER, ARBITER];
    }

    function isKnown(bytes32 role) internal pure returns (bool) {
        return role == ADMIN || role == MANUFACTURER || role == REPAIR_STATION || role == FINANCIER || role == REGULATOR
            || role == ENFORCER || role == ARBITER;
    }

    /// @dev Separation of duties: whether one account may not hold both `a` and `b`. The admin
    /// decides who takes part, a regulator suspends and recalls, an enforcer moves anyone's parts:
    /// one key holding two of them could admit a puppet and seize, or suspend and seize. A
    /// regulator makes, services and finances no parts either: as manufacturer, repair station or
    /// financier it would lift freezes and recalls of (or correct the usage of) parts it made,
    /// maintains or is invested in.
    function conflict(bytes32 a, bytes32 b) internal pure returns (bool) {
        if (a == b) return false;
        if (_isAuthority(a) && _isAuthority(b)) return true;
        return (a == REGULATOR && _isStake(b)) || (b == REGULATOR && _isStake(a));
    }

    function _isStake(bytes32 role) private pure returns (bool) {
        return role == MANUFACTURER || role == REPAIR_STATION || role == FINANCIER;
    }

    function _isAuthority(bytes32 role) private pure returns (bool) {
        return role == ADMIN || role == REGULATOR || role == ENFORCER;
    }
}
