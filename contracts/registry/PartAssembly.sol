// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

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
    /// suspect or frozen): nothing goes into a flagged assembly, not even through a sound part.
    function installPart(uint256 childId, uint256 parentId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        _requireExists(parentId);
        if (child.has(PartData.INSTALLED)) revert PartInstalled(childId, _parents[childId]);
        _requireServiceable(childId, child);
        address owner = _ownerOf(childId);
        if (msg.sender != owner) revert NotPartOwner(childId, msg.sender, owner);
        (uint256 root, uint256 depth) = _rootAndDepth(parentId, childId, _IN_SERVICE);
        address rootOwner = _ownerOf(root);
        if (msg.sender != rootOwner) revert NotPartOwner(parentId, msg.sender, rootOwner);
        uint256 childHeight = child.height();
        if (depth + 1 + childHeight > MAX_ASSEMBLY_DEPTH) {
            revert AssemblyTooDeep(childId, parentId, depth + 1 + childHeight, MAX_ASSEMBLY_DEPTH);
        }
        if (address(_records) != address(0)) _records.checkServiceable(childId);

        _updateHeights(parentId, 0, childHeight + 1);
        _parents[childId] = parentId;
        _setExtraData(childId, _dropOfferAndCustody(childId, child) | PartData.INSTALLED);
        _transfer(owner, address(this), childId);
        emit PartInstalledInto(childId, parentId, msg.sender);
    }

    /// @notice Removes an installed part from its assembly and returns it to the root's owner.
    /// A frozen part stays in; a suspect one may come out of a sound assembly (what a recall
    /// asks), but nothing comes out of an assembly with a frozen or suspect part above it.
    function removePart(uint256 childId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        if (!child.has(PartData.INSTALLED)) revert PartNotInstalled(childId);
        if (child.has(PartData.FROZEN)) revert PartFrozen(childId);
        uint256 parentId = _parents[childId];
        (uint256 root,) = _rootAndDepth(parentId, 0, _NOT_FLAGGED);
        address rootOwner = _ownerOf(root);
        if (msg.sender != rootOwner) revert NotPartOwner(childId, msg.sender, rootOwner);
        delete _parents[childId];
        _updateHeights(parentId, child.height() + 1, 0);
        _setExtraData(childId, child & ~PartData.INSTALLED);
        _transfer(address(this), rootOwner, childId);
        emit PartRemovedFrom(childId, parentId, msg.sender);
    }

    /// @notice The assembly a part is installed in (0 when none).
    function parentOf(uint256 partId) external view returns (uint256) {
        return _parents[partId];
    }

    /// @dev A child of `partId` moved from height lane `from` to lane `to` (a lane is 1 + the
    /// child's height; 0: none, for a child that arrived or left). Keeps the part's height exact
    /// (0 without children, else 1 + its tallest child's) and carries a change up to the root:
    /// at most MAX_ASSEMBLY_DEPTH steps, since a part's height and depth never sum above it.
    function _updateHeights(uint256 partId, uint256 from, uint256 to) private {
        while (partId != 0) {
            uint256 counts = _childHeights[partId];
            uint256 height;
            unchecked {
                // A 32-bit lane counts the part's children of one height: it never goes below zero
                // (a child leaves the lane it joined) nor near 2^32 (one install per child).
                if (to != 0) counts += 1 << ((to - 1) << 5);
                if (from != 0) counts -= 1 << ((from - 1) << 5);
                while (counts >> (height << 5) != 0) ++height; // 1 + the highest non-empty lane, <= 8
            }
            _childHeights[partId] = counts;
            uint96 data = _getExtraData(partId);
            uint256 previous = data.height();
            if (height == previous) return;
            _setExtraData(partId, data.withHeight(uint8(height)));
            (from, to) = (previous + 1, height + 1);
            partId = _parents[partId];
        }
    }
}
