// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartRecall
/// @notice Status and recall: Recalls of a part or a whole batch or lot (by its manufacturer or a regulator, who alone lifts its
/// own), regulator freezes, and retirement. Recalls and freezes only restrict: they work while
/// the suite is paused; lifting them does not, and a regulator lifts them only for a part it
/// has no stake in ({AuthorityHasStake}: neither its holder nor its manufacturer).
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartRecall is PartRegistryBase {
    using PartData for uint96;

    /// @notice Marks one part suspect: its manufacturer (holding MANUFACTURER_ROLE now) or a
    /// regulator. A part suspect through its batch can be recalled on its own too, so lifting the
    /// batch recall does not free it. A regulator recalling a part its manufacturer recalled
    /// takes that recall over: from then on only a regulator clears it. Over its own parts an
    /// account acts as their manufacturer, even if it also holds REGULATOR_ROLE. Works while the
    /// suite is paused.
    /// @param partId the part to recall.
    /// @param reasonHash hash of the decision document.
    function recallPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data, false);
        if (data.has(PartData.SUSPECT) && (!regulator || data.has(PartData.REGULATOR_RECALL))) {
            revert PartSuspect(partId);
        }
        _setFlags(partId, data, data | (regulator ? PartData.SUSPECT | PartData.REGULATOR_RECALL : PartData.SUSPECT));
        emit PartRecalled(partId, msg.sender, reasonHash);
    }

    /// @notice Clears a suspect part: its own recall and its batch's, both or neither. The caller
    /// needs authority over each: a regulator's recall (of the part or of its batch) only a
    /// regulator clears; the manufacturer (holding MANUFACTURER_ROLE now) clears its own. A
    /// regulator clears only a part it has no stake in ({AuthorityHasStake}).
    /// @param partId the part to clear.
    /// @param reasonHash hash of the inspection or decision document.
    function clearPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data, true);
        uint32 batchId = data.batchId();
        uint256 recall = _batchRecalls[batchId];
        bool viaBatch = recall & 1 != 0 && _batchClearances[partId] != recall >> 2;
        if (!data.has(PartData.SUSPECT) && !viaBatch) revert PartNotSuspect(partId);
        if (!regulator) {
            if (data.has(PartData.REGULATOR_RECALL)) revert RecallImposedByRegulator(partId, msg.sender);
            if (viaBatch && recall & 2 != 0) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        }
        if (data.has(PartData.SUSPECT)) {
            _setFlags(partId, data, data & ~(PartData.SUSPECT | PartData.REGULATOR_RECALL));
        }
        if (viaBatch) _batchClearances[partId] = recall >> 2;
        emit PartCleared(partId, msg.sender, reasonHash);
    }

    /// @notice Marks a whole batch or lot suspect in one transaction, whatever its size: its
    /// manufacturer (holding MANUFACTURER_ROLE now) or a regulator. A regulator may take over a
    /// manufacturer's batch recall; it then starts anew, so no earlier clearance carries over.
    /// Works while the suite is paused.
    /// @param manufacturer the manufacturer that registered the batch or lot.
    /// @param batchId the batch or lot.
    /// @param reasonHash hash of the decision document.
    function recallBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId, false);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 != 0 && (!regulator || recall & 2 != 0)) revert BatchAlreadyRecalled(batchId);
        // A new epoch, so clearances of an earlier recall do not carry over.
        _batchRecalls[batchId] = (((recall >> 2) + 1) << 2) | (regulator ? 3 : 1);
        emit BatchRecalled(batchId, msg.sender, reasonHash);
    }

    /// @notice Lifts a batch recall (parts recalled on their own stay suspect). A regulator's
    /// batch recall only a regulator lifts, never the regulator holding the lot (`AuthorityHasStake`).
    /// @param manufacturer the manufacturer that registered the batch or lot.
    /// @param batchId the batch or lot.
    /// @param reasonHash hash of the decision document.
    function clearBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId, true);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 == 0) revert BatchNotRecalled(batchId);
        if (recall & 2 != 0 && !regulator) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        // The holder of a lot has a stake in its recall (a batch's other holders would take a loop).
        if (regulator && _lotHolders[batchId] == msg.sender) revert AuthorityHasStake(batchId, msg.sender);
        _batchRecalls[batchId] = recall & ~uint256(3);
        emit BatchCleared(batchId, msg.sender, reasonHash);
    }

    /// @notice A regulator freezes one part: it cannot move until unfrozen. Works while the suite
    /// is paused.
    /// @param partId the part to freeze.
    /// @param reasonHash hash of the decision document.
    function freezePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActiveRoleWhilePaused(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (data.has(PartData.FROZEN)) revert PartFrozen(partId);
        _setFlags(partId, data, data | PartData.FROZEN);
        emit PartFrozenBy(partId, msg.sender, reasonHash);
    }

    /// @notice A regulator with no stake in the part ({AuthorityHasStake}) lifts a freeze.
    /// @param partId the part to unfreeze.
    /// @param reasonHash hash of the decision document.
    function unfreezePart(uint256 partId, bytes32 reasonHash) external {
        uint32 caller = participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (!data.has(PartData.FROZEN)) revert PartNotFrozen(partId);
        _requireNoStake(partId, caller, data);
        _setFlags(partId, data, data & ~PartData.FROZEN);
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
    /// `lifting`: a clearance, refused while the suite is paused and to a regulator with a stake
    /// in the part; a recall only restricts, so it works while the suite is paused.
    function _partRecallAuthority(uint256 partId, uint96 data, bool lifting) private view returns (bool) {
        uint32 caller = _activeCaller(lifting);
        if (caller == data.manufacturerId()) {
            participants.requireActiveRoleWhilePaused(msg.sender, Roles.MANUFACTURER);
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotManufacturerOrRegulator(partId, msg.sender);
        if (lifting) _requireNoStake(partId, caller, data);
        return true;
    }

    /// @dev As {_partRecallAuthority}, for a batch or lot of `manufacturer`.
    function _batchRecallAuthority(address manufacturer, uint32 batchId, bool lifting) private view returns (bool) {
        _activeCaller(lifting);
        if (_batches[_batchKey(manufacturer, batchId)] == 0) revert BatchNotFound(manufacturer, batchId);
        if (msg.sender == manufacturer) {
            participants.requireActiveRoleWhilePaused(msg.sender, Roles.MANUFACTURER);
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotBatchManufacturerOrRegulator(batchId, msg.sender);
        return true;
    }

    /// @dev The caller's participant number; it must be active, and the suite running when
    /// `lifting` (a recall or freeze only restricts: an emergency pause must not stop it).
    function _activeCaller(bool lifting) private view returns (uint32) {
        return lifting ? participants.requireActive(msg.sender) : participants.requireActiveWhilePaused(msg.sender);
    }

    /// @dev A freeze or recall is lifted by an authority with no stake in the part: not its
    /// manufacturer (`caller` is the caller's participant number, kept across offboarding, so a
    /// former manufacturer made regulator counts), not the owner or custodian of the root
    /// assembly it is in.
    function _requireNoStake(uint256 partId, uint32 caller, uint96 data) private view {
        (uint256 root,) = _rootAndDepth(partId, 0, _ANY);
        if (caller == data.manufacturerId() || msg.sender == _ownerOf(root) || msg.sender == _custodians[root]) {
            revert AuthorityHasStake(partId, msg.sender);
        }
    }
}
