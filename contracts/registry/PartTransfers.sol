// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title PartTransfers
/// @notice Signed and forced transfers: Transfers an owner signed off chain (EIP-712, relayed by anyone not suspended) and forced
/// transfers by an enforcer.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartTransfers is PartRegistryBase {
    using PartData for uint96;

    /// @notice Executes a transfer the owner signed off chain; any account that is not suspended
    /// (a relayer, registered or not) may submit it. The order is bound to this chain and
    /// contract (EIP-712 domain), to the part's current owner (named in the order), to the
    /// owner's current nonce (replay-proof; {useNonce} cancels an unsent order) and to
    /// `deadline`. Contract wallets sign through ERC-1271.
    function transferBySignature(uint256 partId, address to, uint256 nonce, uint256 deadline, bytes calldata signature)
        external
    {
        if (block.timestamp > deadline) revert Expired(partId, deadline);
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        bytes32 digest = _hashTypedData(keccak256(abi.encode(TRANSFER_TYPEHASH, partId, owner, to, nonce, deadline)));
        if (!SignatureChecker.isValidSignatureNow(owner, digest, signature)) revert InvalidSignature(partId, owner);
        _useCheckedNonce(owner, nonce);
        _transfer(owner, to, partId);
        emit SignedTransferExecuted(partId, owner, to, nonce, msg.sender);
    }

    /// @notice Burns the caller's current signing nonce, cancelling any order signed with it.
    function useNonce() external returns (uint256) {
        return _useNonce(msg.sender);
    }

    /// @notice An enforcer moves a part under a court order or to recover a lost key. Freezes and
    /// recalls do not stop it; the receiver must still be an active participant, and installed or
    /// retired parts stay where they are.
    function forcedTransfer(uint256 partId, address to, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.ENFORCER);
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        // An order cannot outlive its part leaving the seller: the encumbrance lifts (the
        // financing contract then lets the buyer drop the part).
        bool encumbered = _getExtraData(partId).has(PartData.ENCUMBERED);
        address beneficiary = encumbered ? _lift(partId) : address(0);
        _transfer(owner, to, partId); // the hook knows this path by msg.sig: see {_transferCode}
        if (encumbered) emit EncumbranceLifted(partId, beneficiary, false);
        emit ForcedTransfer(partId, owner, to, msg.sender, reasonHash);
    }
}
