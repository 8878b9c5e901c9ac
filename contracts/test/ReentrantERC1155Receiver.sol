// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ReentrantERC1155Receiver
/// @notice Test holder that, once armed, calls `target` with `payload` from inside
/// onERC1155Received (as a hostile receiver would) and records the outcome. It can also act as a
/// participant: `execute` forwards any call (approve a token, redeem, transfer units, take an offer).
contract ReentrantERC1155Receiver is IERC1155Receiver {
    address public target;
    bytes public payload;
    bool public armed;
    bool public lastCallSucceeded;
    bytes public lastReturnData;

    /// @notice Arms one reentrant call to `target_` with `payload_` at the next receipt.
    function arm(address target_, bytes calldata payload_) external {
        (target, payload, armed) = (target_, payload_, true);
    }

    /// @notice Calls `to` with `data` as this contract; reverts with the callee's revert data.
    function execute(address to, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = to.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external returns (bytes4) {
        _reenter();
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        returns (bytes4)
    {
        _reenter();
        return this.onERC1155BatchReceived.selector;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    function _reenter() private {
        if (!armed) return;
        armed = false;
        (lastCallSucceeded, lastReturnData) = target.call(payload);
    }
}
