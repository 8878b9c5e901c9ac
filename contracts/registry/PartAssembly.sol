// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";

/// @title PartAssembly
/// @notice Assembly: Parts installed into larger parts (ERC-998 style: the registry holds installed parts and they
/// travel with the root), with exact assembly heights and a bounded depth.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartAssembly is PartRegistryBase {
    using PartData for uint96;

    /// @notice Installs `childId` into `parentId`. The caller must own the child and the root of
    /// the parent's assembly. The child then travels with the root and cannot move on its own.
    /// The child, the parent and every part above the parent must be in service (not retired,
    /// suspect or frozen) and within their life limits (`LifeLimitExceeded` names the part past
    /// it): nothing goes into a flagged or expired assembly, not even through a sound part.
    /// @param childId the part to install.
    /// @param parentId the part it goes into.
    function installPart(uint256 childId, uint256 parentId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        _requireExists(parentId);
        if (child.has(PartData.INSTALLED)) revert PartInstalled(childId, _parents[childId]);
        (,, uint256 lane) = _install(childId, child, parentId, 0, 0);
        _updateHeights(parentId, lane, 0);
    }

    /// @notice Installs up to {MAX_BATCH_SIZE} parts into `parentId` in one transaction, all or
    /// nothing: each child under exactly the rules of {installPart}, checked in the order given
    /// (the batch reverts with the error the first refused child's own {installPart} would
    /// raise at that point), each with its own {PartInstalledInto} event. A bill of materials
    /// pays the caller's, the parent's and the assembly's checks once per batch, not per part.
    /// @dev Reverts with {InvalidBatchSize} for an empty or oversized batch and {DuplicateChild}
    /// for a child listed twice. The parent's path to its root is walked (and checked in
    /// service, and its root's owner checked) once, for the first child: installing children
    /// into a parent changes neither the parts above it nor their owner. Heights are carried up
    /// once, for the whole batch.
    /// @param childIds the parts to install, in order (1 to MAX_BATCH_SIZE, each once).
    /// @param parentId the part they go into (its root's owner must be the caller).
    function installParts(uint256[] calldata childIds, uint256 parentId) external {
        participants.requireActive(msg.sender);
        uint256 count = childIds.length;
        if (count == 0 || count > MAX_BATCH_SIZE) revert InvalidBatchSize(count, MAX_BATCH_SIZE);
        uint256 root;
        uint256 depth;
        uint256 lanes;
        for (uint256 i; i < count; ++i) {
            uint256 childId = childIds[i];
            uint96 child = _requireExists(childId);
            if (i == 0) _requireExists(parentId);
            if (child.has(PartData.INSTALLED)) _refuseInstalled(childIds[:i], childId, parentId);
            uint256 lane;
            (root, depth, lane) = _install(childId, child, parentId, root, depth);
            unchecked {
                lanes += lane; // at most MAX_BATCH_SIZE children per 32-bit lane: no carry
            }
        }
        _updateHeights(parentId, lanes, 0);
    }

    /// @notice Removes an installed part from its assembly and returns it to the root's owner.
    /// A frozen part stays in; a suspect one may come out of a sound assembly (what a recall
    /// asks), but nothing comes out of an assembly with a frozen or suspect part above it, nor
    /// out of an assembly offered to a buyer ({AssemblyOffered}: the offer binds its content), nor
    /// out of one that backs an open receivable of its owner, or sits in one that does, at any
    /// level (`PartAlreadyFinanced`: a receivable is backed by the whole part), but for a recalled
    /// part.
    /// Taking a part out burns the root owner's signing nonce: a transfer order it signed while
    /// the part was loose, unexecutable while the part was installed, cannot come back to life
    /// (its other unsent orders share that nonce and are signed again).
    /// @param childId the installed part to take out.
    function removePart(uint256 childId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        if (!child.has(PartData.INSTALLED)) revert PartNotInstalled(childId);
        if (child.has(PartData.FROZEN)) revert PartFrozen(childId);
        uint256 parentId = _parents[childId];
        (uint256 root,) = _rootAndDepth(parentId, 0, _NOT_FLAGGED);
        address rootOwner = _ownerOf(root);
        if (msg.sender != rootOwner) revert NotPartOwner(childId, msg.sender, rootOwner);
        // An open offer of the assembly promises what is in it (as an encumbrance does, refused
        // above): the owner withdraws the offer before taking anything out.
        if (_getExtraData(root).has(PartData.HAS_OFFER)) revert AssemblyOffered(root, _offers[root].recipient);
        // A financed assembly, at any level above, keeps what backs its owner's receivable
        // (nothing is financed twice by taking it out and financing it alone), but for a recalled
        // part; nothing to ask while no financing contract is connected.
        address financing = _financing;
        if (financing != address(0)) IPurchaseOrders(financing).requireRemovable(childId);
        delete _parents[childId];
        unchecked {
            ++_contentVersions[root]; // the root held it (at any depth)
            ++_contentVersions[childId]; // what it held while installed may have changed too
        }
        _updateHeights(parentId, 0, _lane(child.height()));
        // The child takes its own recall (a frozen one stays in) and what is flagged below it out
        // of the counts above.
        uint256 flagged = child.has(PartData.FLAGGED_BELOW) ? _flaggedBelow[childId] : 0;
        if (child.has(PartData.SUSPECT)) ++flagged;
        if (flagged != 0) _carryFlagged(parentId, 0, flagged);
        _setExtraData(childId, child & ~PartData.INSTALLED);
        _transfer(address(this), rootOwner, childId);
        _useNonce(rootOwner);
        emit PartRemovedFrom(childId, parentId, msg.sender);
    }

    /// @inheritdoc IPartRegistry
    function contentVersionOf(uint256 partId) external view returns (uint256) {
        return _contentVersions[partId];
    }

    /// @inheritdoc IPartRegistry
    function parentOf(uint256 partId) external view returns (uint256) {
        return _parents[partId];
    }

    /// @dev The rules of {installPart} after its existence and not-installed checks, and its
    /// effects but the heights: returns the child's height lane for {_updateHeights}. `root`
    /// zero: walk up from the parent (checking the parts on the way in service and the caller
    /// the root's owner) and return its root and depth; else they are known from an earlier
    /// child of the batch, and a cycle can only close at the root, the one part on the way that
    /// is not installed (the caller refused an installed child).
    function _install(uint256 childId, uint96 child, uint256 parentId, uint256 root, uint256 depth)
        private
        returns (uint256, uint256, uint256)
    {
        _requireServiceable(childId, child);
        // Nothing flagged goes into an assembly, not even inside a sound sub-assembly.
        if (child.has(PartData.FLAGGED_BELOW)) revert ContainsFlaggedPart(childId);
        address owner = _ownerOf(childId);
        if (msg.sender != owner) revert NotPartOwner(childId, msg.sender, owner);
        if (root == 0) {
            (root, depth) = _rootAndDepth(parentId, childId, _IN_SERVICE);
            address rootOwner = _ownerOf(root);
            if (msg.sender != rootOwner) revert NotPartOwner(parentId, msg.sender, rootOwner);
        } else if (childId == root) {
            revert AssemblyCycle(childId, parentId);
        }
        uint256 childHeight = child.height();
        if (depth + 1 + childHeight > MAX_ASSEMBLY_DEPTH) {
            revert AssemblyTooDeep(childId, parentId, depth + 1 + childHeight, MAX_ASSEMBLY_DEPTH);
        }
        if (address(_records) != address(0)) _records.checkServiceable(childId);

        _parents[childId] = parentId;
        _setExtraData(childId, _dropOfferAndCustody(childId, child) | PartData.INSTALLED);
        _transfer(owner, address(this), childId);
        emit PartInstalledInto(childId, parentId, msg.sender);
        return (root, depth, _lane(childHeight));
    }

    /// @dev Reverts for an installed child of a batch: {DuplicateChild} when this batch installed
    /// it (it is listed in `earlier`), else {PartInstalled} as {installPart} says.
    function _refuseInstalled(uint256[] calldata earlier, uint256 childId, uint256 parentId) private view {
        uint256 parent = _parents[childId];
        if (parent == parentId) {
            for (uint256 i; i < earlier.length; ++i) {
                if (earlier[i] == childId) revert DuplicateChild(childId, parentId);
            }
        }
        revert PartInstalled(childId, parent);
    }

    /// @dev Children of `partId` joined (`added`) and left (`removed`) height lanes: sums of
    /// {_lane} (lane h counts the children of height h). Keeps the part's height exact (0
    /// without children, else 1 + its tallest child's) and carries a change up to the root: at
    /// most MAX_ASSEMBLY_DEPTH steps, since a part's height and depth never sum above it.
    function _updateHeights(uint256 partId, uint256 added, uint256 removed) private {
        while (partId != 0) {
            uint256 counts = _childHeights[partId];
            uint256 height;
            unchecked {
                // A 32-bit lane counts the part's children of one height: it never goes below zero
                // (a child leaves the lane it joined) nor near 2^32 (one install per child).
                counts = counts + added - removed;
                while (counts >> (height << 5) != 0) ++height; // 1 + the highest non-empty lane, <= 8
            }
            _childHeights[partId] = counts;
            uint96 data = _getExtraData(partId);
            uint256 previous = data.height();
            if (height == previous) return;
            _setExtraData(partId, data.withHeight(uint8(height)));
            (added, removed) = (_lane(height), _lane(previous));
            partId = _parents[partId];
        }
    }

    /// @dev One child in the lane of height `height` (bits 32h..32h+31 of a part's lane counts).
    function _lane(uint256 height) private pure returns (uint256) {
        return 1 << (height << 5);
    }
}
