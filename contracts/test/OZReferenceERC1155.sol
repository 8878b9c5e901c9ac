// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @title OZReferenceERC1155
/// @notice Benchmark reference only: a plain OpenZeppelin ERC-1155 with an open external mint.
contract OZReferenceERC1155 is ERC1155 {
    constructor() ERC1155("") {}

    /// @notice Mints `amount` of `id` to `to` (anyone may call: reference contract, never deployed live).
    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }
}
