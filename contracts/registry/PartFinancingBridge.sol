// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartFinancingBridge
/// @notice The financing bridge: Encumbrance of parts promised to an open purchase order: only the
/// current financing contract encumbers them; it, or a replaced one winding down, releases and
/// delivers the parts it encumbered itself.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartFinancingBridge is PartRegistryBase {
    using PartData for uint96;

    /// @inheritdoc IPartFinancing
    /// @dev The proposal's data is tagged ("financing", address), so a proposal to connect a
    /// contract as the records can never be confirmed as the financing, or the reverse. Each
    /// connection gets a new tag, which every encumbrance it sets carries: a replaced contract keeps
    /// its tag (winding down) and so releases and delivers only the parts it encumbered itself.
    function connectFinancing(address financing_) external {
        address previous = _financing;
        if (previous == address(0)) participants.requireActiveRole(msg.sender, Roles.ADMIN);
        // the current one, or a replaced one (its tag is taken), is no new contract
        if (!_belongsHere(financing_) || financing_ == previous || _windingDown[financing_] != 0) {
            revert InvalidFinancing(financing_);
        }
        uint48 epoch = _financingEpoch;
        if (previous != address(0)) {
            if (!participants.confirmExternal(msg.sender, keccak256(abi.encode("financing", financing_)))) return;
            _windingDown[previous] = epoch;
        }
        unchecked {
            (_financing, _financingEpoch) = (financing_, epoch + 1); // one a connection: never 2^48
        }
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
        _encumbrances[partId] = uint256(uint160(beneficiary)) | uint256(_financingEpoch) << 160;
        unchecked {
            ++_encumberedCount; // at most one per registered part
        }
        _setExtraData(partId, _dropOfferAndCustody(partId, data) | PartData.ENCUMBERED);
        emit EncumbranceSet(partId, owner, beneficiary);
    }

    /// @inheritdoc IPartFinancing
    function release(uint256 partId) external {
        emit EncumbranceLifted(partId, _liftOwn(partId), false);
    }

    /// @inheritdoc IPartFinancing
    function deliverEncumbered(uint256 partId) external {
        address beneficiary = _liftOwn(partId);
        _transfer(_ownerOf(partId), beneficiary, partId); // every other rule: the hook
        emit EncumbranceLifted(partId, beneficiary, true);
    }

    /// @inheritdoc IPartFinancing
    function financing() external view returns (address) {
        return _financing;
    }

    /// @inheritdoc IPartFinancing
    function encumbranceOf(uint256 partId) external view returns (address) {
        return address(uint160(_encumbrances[partId]));
    }

    /// @inheritdoc IPartFinancing
    function encumberedCount() external view returns (uint256) {
        return _encumberedCount;
    }

    /// @inheritdoc IPartFinancing
    function isWindingDown(address financing_) external view returns (bool) {
        return _windingDown[financing_] != 0;
    }

    /// @dev Lifts an encumbrance the caller (the current or a winding-down financing contract) set.
    function _liftOwn(uint256 partId) private returns (address) {
        uint256 epoch = msg.sender == _financing ? _financingEpoch : _windingDown[msg.sender];
        if (epoch == 0) revert NotFinancing(msg.sender);
        uint256 encumbrance = _encumbrances[partId];
        address beneficiary = _lift(partId); // reverts PartNotEncumbered
        if (encumbrance >> 160 != epoch) revert EncumberedByOther(partId, msg.sender);
        return beneficiary;
    }

    function _onlyFinancing() private view {
        if (msg.sender != _financing) revert NotFinancing(msg.sender); // unset: zero, never a caller
    }
}
