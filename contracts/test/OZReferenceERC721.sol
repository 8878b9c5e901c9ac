// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title OZReferenceERC721
/// @notice Benchmark reference only: a plain OpenZeppelin ERC-721 with an open external mint.
contract OZReferenceERC721 is ERC721 {
    constructor() ERC721("Reference", "REF") {}

    /// @notice Mints `tokenId` to `to` (anyone may call: reference contract, never deployed live).
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
