// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartFinancingBridge
/// @notice The financing bridge: Encumbrance of parts promised to an open purchase order: only the connected financing contract
/// encumbers, releases and delivers them.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartFinancingBridge is PartRegistryBase {
    using PartData for uint96;

    /// @inheritdoc IPartFinancing
    /// @dev The proposal's data is tagged ("financing", address), so a proposal to connect a
    /// contract as the records can never be confirmed as the financing, or the reverse.
    function connectFinancing(address financing_) external {
        address previous = _financing;
        if (previous == address(0)) participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (!_belongsHere(financing_)) revert InvalidFinancing(financing_);
        if (previous != address(0)) {
            if (_encumberedCount != 0) revert FinancingInUse(previous, _encumberedCount);
            if (!participants.confirmExternal(msg.sender, keccak256(abi.encode("financing", financing_)))) return;
        }
        _financing = financing_;
        emit FinancingConnected(previous, financing_);
    }

    /// @inheritdoc IPartFinancing
    function encumber(uint256 partId, address owner, address beneficiary) external {
        _onlyFinancing();
        uint96 data = _requireLoose(partId); // registered, in service, not encumbered, not installed
        address current = _ownerOf(partId);
        if (owner != current) revert IncorrectOwner(partId, owner, current);
        // A promise that could not be kept today is refused now, by the transfer rules.
        TransferCode code = _transferCode(owner, owner, beneficiary, partId, data);
        if (code != TransferCode.Ok) _revertWith(code, partId, owner, owner, beneficiary);
        _encumbrances[partId] = beneficiary;
        unchecked {
            ++_encumberedCount; // at most one per registered part
        }
        _setExtraData(partId, _dropOfferAndCustody(partId, data) | PartData.ENCUMBERED);
        emit EncumbranceSet(partId, owner, beneficiary);
    }

    /// @inheritdoc IPartFinancing
    function release(uint256 partId) external {
        _onlyFinancing();
        address beneficiary = _lift(partId);
        emit EncumbranceLifted(partId, beneficiary, false);
    }

    /// @inheritdoc IPartFinancing
    function deliverEncumbered(uint256 partId) external {
        _onlyFinancing();
        address beneficiary = _lift(partId);
        _transfer(_ownerOf(partId), beneficiary, partId); // every other rule: the hook
        emit EncumbranceLifted(partId, beneficiary, true);
    }

    /// @inheritdoc IPartFinancing
    function financing() external view returns (address) {
        return _financing;
    }

    /// @inheritdoc IPartFinancing
    function encumbranceOf(uint256 partId) external view returns (address) {
        return _encumbrances[partId];
    }

    /// @inheritdoc IPartFinancing
    function encumberedCount() external view returns (uint256) {
        return _encumberedCount;
    }

    function _onlyFinancing() private view {
        if (msg.sender != _financing) revert NotFinancing(msg.sender); // unset: zero, never a caller
    }
}
