// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "./Vm.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";

/// @title Orders
/// @notice EIP-712 transfer orders signed with a test key, and the two-leaf Merkle lots the forge
/// tests anchor: the one place tests build what PartRegistry verifies off chain. When the signed
/// struct changes, adapt {digest} only.
library Orders {
    Vm private constant vm = Vm(VM_ADDRESS);
    bytes32 private constant _EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @dev Spelled out here, not read from the registry: a test of the struct must not trust it.
    bytes32 internal constant TRANSFER_TYPEHASH =
        keccak256("Transfer(uint256 partId,address owner,address to,uint256 nonce,uint256 deadline)");

    /// @notice `key`'s signature (r, s, v packed) of the order to move `partId` from `owner` to
    /// `to`: Transfer(uint256 partId,address owner,address to,uint256 nonce,uint256 deadline).
    function sign(
        PartRegistry parts,
        uint256 key,
        uint256 partId,
        address owner,
        address to,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest(parts, partId, owner, to, nonce, deadline));
        return abi.encodePacked(r, s, v);
    }

    /// @notice The EIP-712 digest of a transfer order, built here from the typed-data rules.
    function digest(PartRegistry parts, uint256 partId, address owner, address to, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(TRANSFER_TYPEHASH, partId, owner, to, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(parts), structHash));
    }

    /// @notice EIP-712's domain separator, from the registry's EIP-5267 description of its domain.
    function domainSeparator(PartRegistry parts) internal view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            parts.eip712Domain();
        return keccak256(
            abi.encode(
                _EIP712_DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract
            )
        );
    }

    /// @notice A lot leaf: keccak256(bytes.concat(keccak256(abi.encode(partNumber, serial)))).
    function leaf(bytes32 partNumber, bytes32 serial) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(partNumber, serial))));
    }

    /// @notice The parent of two nodes, sorted (OpenZeppelin's commutative hash).
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}
