// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartRecall
/// @notice Status and recall: Recalls of a part or a whole batch or lot (by its manufacturer or a regulator, who alone lifts its
/// own), regulator freezes, and retirement.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartRecall is PartRegistryBase {
    using PartData for uint96;

    /// @notice Marks one part suspect: its manufacturer (holding MANUFACTURER_ROLE now) or a
    /// regulator. A part suspect through its batch can be recalled on its own too, so lifting the
    /// batch recall does not free it. A regulator recalling a part its manufacturer recalled
    /// takes that recall over: from then on only a regulator clears it. Over its own parts an
    /// account acts as their manufacturer, even if it also holds REGULATOR_ROLE.
    function recallPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data);
        if (data.has(PartData.SUSPECT) && (!regulator || data.has(PartData.REGULATOR_RECALL))) {
            revert PartSuspect(partId);
        }
        _setExtraData(partId, data | (regulator ? PartData.SUSPECT | PartData.REGULATOR_RECALL : PartData.SUSPECT));
        emit PartRecalled(partId, msg.sender, reasonHash);
    }

    /// @notice Clears a suspect part: its own recall and its batch's, both or neither. The caller
    /// needs authority over each: a regulator's recall (of the part or of its batch) only a
    /// regulator clears; the manufacturer (holding MANUFACTURER_ROLE now) clears its own.
    function clearPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data);
        uint32 batchId = data.batchId();
        uint256 recall = _batchRecalls[batchId];
        bool viaBatch = recall & 1 != 0 && _batchClearances[partId] != recall >> 2;
        if (!data.has(PartData.SUSPECT) && !viaBatch) revert PartNotSuspect(partId);
        if (!regulator) {
            if (data.has(PartData.REGULATOR_RECALL)) revert RecallImposedByRegulator(partId, msg.sender);
            if (viaBatch && recall & 2 != 0) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        }
        if (data.has(PartData.SUSPECT)) {
            _setExtraData(partId, data & ~(PartData.SUSPECT | PartData.REGULATOR_RECALL));
        }
        if (viaBatch) _batchClearances[partId] = recall >> 2;
        emit PartCleared(partId, msg.sender, reasonHash);
    }

    /// @notice Marks a whole batch or lot suspect in one transaction, whatever its size: its
    /// manufacturer (holding MANUFACTURER_ROLE now) or a regulator. A regulator may take over a
    /// manufacturer's batch recall; it then starts anew, so no earlier clearance carries over.
    function recallBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 != 0 && (!regulator || recall & 2 != 0)) revert BatchAlreadyRecalled(batchId);
        // A new epoch, so clearances of an earlier recall do not carry over.
        _batchRecalls[batchId] = (((recall >> 2) + 1) << 2) | (regulator ? 3 : 1);
        emit BatchRecalled(batchId, msg.sender, reasonHash);
    }

    /// @notice Lifts a batch recall (parts recalled on their own stay suspect). A regulator's
    /// batch recall only a regulator lifts.
    function clearBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 == 0) revert BatchNotRecalled(batchId);
        if (recall & 2 != 0 && !regulator) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        _batchRecalls[batchId] = recall & ~uint256(3);
        emit BatchCleared(batchId, msg.sender, reasonHash);
    }

    /// @notice A regulator freezes one part: it cannot move until unfrozen.
    function freezePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (data.has(PartData.FROZEN)) revert PartFrozen(partId);
        _setExtraData(partId, data | PartData.FROZEN);
        emit PartFrozenBy(partId, msg.sender, reasonHash);
    }

    /// @notice A regulator lifts a freeze.
    function unfreezePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (!data.has(PartData.FROZEN)) revert PartNotFrozen(partId);
        _setExtraData(partId, data & ~PartData.FROZEN);
        emit PartUnfrozen(partId, msg.sender, reasonHash);
    }

    /// @notice The owner retires (scraps) a part: it never moves or returns to service again.
    /// An installed part must be removed first, and an assembly emptied first (its sound parts
    /// harvested); a frozen or suspect part cannot be retired (that would put it out of reach of
    /// a forced transfer or a clearance), nor an assembly around one.
    function retirePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActive(msg.sender);
        uint96 data = _requireLoose(partId);
        address owner = _ownerOf(partId);
        if (msg.sender != owner) revert NotPartOwner(partId, msg.sender, owner);
        // Retired parts never move: an assembly retired around a frozen or recalled part would
        // put that part out of a forced transfer's reach. So an assembly is taken apart first.
        if (data.height() != 0) revert AssemblyNotEmpty(partId);
        _setExtraData(partId, _dropOfferAndCustody(partId, data) | PartData.RETIRED);
        emit PartRetiredBy(partId, msg.sender, reasonHash);
    }

    /// @notice True when the part is recalled on its own or through its batch, and not cleared.
    function isSuspect(uint256 partId) public view returns (bool) {
        return _isSuspect(partId, _getExtraData(partId));
    }

    /// @notice Whether batch or lot `batchId` is under recall.
    function isBatchRecalled(uint32 batchId) external view returns (bool) {
        return _batchRecalls[batchId] & 1 != 0;
    }

    /// @notice Whether batch or lot `batchId` is under a recall a regulator imposed.
    function isBatchRecalledByRegulator(uint32 batchId) external view returns (bool) {
        return _batchRecalls[batchId] & 3 == 3;
    }

    /// @dev Who recalls or clears a part: its manufacturer holding MANUFACTURER_ROLE now (returns
    /// false), or a regulator (true). Over its own parts an account is their manufacturer whatever
    /// other role it holds: a regulator's recall of them binds it like any manufacturer.
    function _partRecallAuthority(uint256 partId, uint96 data) private view returns (bool) {
        uint32 caller = participants.requireActive(msg.sender);
        if (caller == data.manufacturerId()) {
            _requireManufacturerRole();
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotManufacturerOrRegulator(partId, msg.sender);
        return true;
    }

    /// @dev As {_partRecallAuthority}, for a batch or lot of `manufacturer`.
    function _batchRecallAuthority(address manufacturer, uint32 batchId) private view returns (bool) {
        participants.requireActive(msg.sender);
        if (_batches[_batchKey(manufacturer, batchId)] == 0) revert BatchNotFound(manufacturer, batchId);
        if (msg.sender == manufacturer) {
            _requireManufacturerRole();
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotBatchManufacturerOrRegulator(batchId, msg.sender);
        return true;
    }
}
