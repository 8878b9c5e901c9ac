// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPartFinancing} from "../interfaces/IPartFinancing.sol";

/// @title FinancingHarness
/// @notice Test double of a financing contract: answers `parts()` and `participants()` as a suite
/// contract must, and passes encumber / release / deliverEncumbered straight to the registry, so
/// tests reach the bridge's own rules without an order's.
contract FinancingHarness {
    address public immutable parts;
    address public immutable participants;

    constructor(address parts_, address participants_) {
        parts = parts_;
        participants = participants_;
    }

    function encumber(uint256 partId, address owner, address beneficiary) external {
        IPartFinancing(parts).encumber(partId, owner, beneficiary);
    }

    function release(uint256 partId) external {
        IPartFinancing(parts).release(partId);
    }

    function deliver(uint256 partId) external {
        IPartFinancing(parts).deliverEncumbered(partId);
    }
}
