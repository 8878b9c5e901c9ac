// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DigestWallet
/// @notice Test only, never deployed live: an ERC-1271 wallet that accepts exactly one digest,
/// whatever the signature. A contract that asks it to validate a signature thereby shows the
/// digest it computed: tests compare it, byte for byte, with a reference implementation's.
contract DigestWallet {
    bytes32 private constant _EMPTY = 0;

    /// @notice The one digest the wallet accepts.
    bytes32 public expected;

    /// @notice Sets the digest the wallet accepts.
    function expect(bytes32 digest) external {
        expected = digest;
    }

    /// @notice ERC-1271: the magic value for the expected digest, 0xffffffff otherwise.
    function isValidSignature(bytes32 hash, bytes calldata) external view returns (bytes4) {
        return hash == expected && hash != _EMPTY ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
