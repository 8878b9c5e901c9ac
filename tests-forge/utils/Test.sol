// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title Test
/// @notice A minimal stand-in for forge-std's Test and StdInvariant: the cheatcode handle,
/// `bound`, and the target lists forge reads from a test contract before an invariant campaign
/// (`targetContracts()`, `targetSelectors()`, `excludeSenders()`, the names forge-std uses).
/// Assertions are Foundry's own assert cheatcodes (they revert with a readable message).
abstract contract Test {
    Vm internal constant vm = Vm(VM_ADDRESS);

    /// @dev A contract and the functions of it a campaign may call.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    FuzzSelector[] private _targetedSelectors;
    address[] private _excludedSenders;

    /// @dev Forge reads this: the handlers an invariant campaign calls (none: every contract).
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @dev Forge reads this: the handler functions a campaign calls.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    /// @dev Forge reads this: senders the campaign never uses.
    function excludeSenders() public view returns (address[] memory) {
        return _excludedSenders;
    }

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    function excludeSender(address sender) internal {
        _excludedSenders.push(sender);
    }

    /// @dev `x` mapped into [min, max] (inclusive), uniformly enough for fuzzing.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }
}
