// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Wallet
/// @notice Test only, never deployed live: a contract wallet that accepts an EIP-712 digest
/// when its owner EOA signed it (ERC-1271), and can hold ERC-721 parts.
contract MockERC1271Wallet {
    bytes4 private constant _MAGIC = 0x1626ba7e; // IERC1271.isValidSignature.selector
    bytes4 private constant _RECEIVED = 0x150b7a02; // IERC721Receiver.onERC721Received.selector

    /// @notice The EOA whose ECDSA signatures this wallet accepts.
    address public immutable signer;
    /// @notice Whether the wallet answers the ERC-721 receiver hook (safeTransferFrom).
    bool public immutable acceptsParts;
    /// @notice Who deployed the wallet; may switch it to reject every signature.
    address public immutable deployer;
    /// @notice true: every signature is refused.
    bool public rejecting;

    constructor(address signer_, bool acceptsParts_) {
        signer = signer_;
        acceptsParts = acceptsParts_;
        deployer = msg.sender;
    }

    /// @notice Makes the wallet refuse (true) or check (false) signatures.
    function setRejecting(bool rejecting_) external {
        require(msg.sender == deployer, "only deployer");
        rejecting = rejecting_;
    }

    /// @notice ERC-1271: the magic value when `signer` signed `hash`, 0xffffffff otherwise.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (rejecting) return 0xffffffff;
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return _MAGIC;
        return 0xffffffff;
    }

    /// @notice ERC-721 receiver hook: accepts parts only when built to.
    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        return acceptsParts ? _RECEIVED : bytes4(0);
    }
}
