// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IServiceability
/// @notice What the part registry asks before it installs a part, of the part and of every
/// assembly above where it goes: is it within its life limit?
interface IServiceability {
    /// @notice Reverts (with the records contract's `LifeLimitExceeded`) when `partId` has used
    /// up its life limit in cycles or hours; returns when the part may go into service.
    function checkServiceable(uint256 partId) external view;
}
