// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ReentrantPartBuyer
/// @notice Test only, never deployed live: a contract participant that acts through {execute}
/// (opens orders, approves tokens) and, once armed, calls `target` with `payload` from inside
/// the ERC-721 / ERC-1155 receiver hooks, as a hostile buyer would. It counts the hook calls and
/// records the re-entrant call's outcome.
contract ReentrantPartBuyer {
    address public target;
    bytes public payload;
    bool public armed;
    uint256 public hookCalls;
    bool public lastCallSucceeded;
    bytes public lastReturnData;

    /// @notice Calls `to` with `data` as this contract; bubbles a revert up.
    function execute(address to, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = to.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice Arms one re-entrant call to `target_` with `payload_` from the next hook.
    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
        armed = true;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _hook();
        return this.onERC721Received.selector;
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _hook();
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        returns (bytes4)
    {
        _hook();
        return this.onERC1155BatchReceived.selector;
    }

    function _hook() private {
        ++hookCalls;
        if (armed) {
            armed = false;
            (lastCallSucceeded, lastReturnData) = target.call(payload);
        }
    }
}
