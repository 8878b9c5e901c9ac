// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PartData
/// @notice Per-part state packed into the 96 bits Solady's ERC-721 keeps beside the owner in the
/// ownership slot, so registering a part writes one slot and every rule check reads a slot the
/// transfer touches anyway.
/// @dev Layout of the uint96:
///   bits  0..15  flags (below)
///   bits 16..47  manufacturer's participant id (ParticipantRegistry)
///   bits 48..79  registration batch or lot id (0: registered on its own)
///   bits 80..87  height of the assembly below the part: 0 without children, else 1 + the
///                tallest child's; exact, kept by PartRegistry from per-height child counts
library PartData {
    uint96 internal constant SUSPECT = 1 << 0; // recalled on its own (batch recalls live elsewhere)
    uint96 internal constant RETIRED = 1 << 1;
    uint96 internal constant FROZEN = 1 << 2;
    uint96 internal constant INSTALLED = 1 << 3;
    uint96 internal constant HAS_OFFER = 1 << 4;
    uint96 internal constant HAS_CUSTODIAN = 1 << 5;
    /// @dev Reserved for the financing contracts: a part backing an open financing.
    uint96 internal constant ENCUMBERED = 1 << 6;
    /// @dev Set with SUSPECT when a regulator imposed (or took over) the part's own recall: only a
    /// regulator clears it.
    uint96 internal constant REGULATOR_RECALL = 1 << 7;
    /// @dev Set while a part installed below this one (at any depth) is frozen or recalled on its
    /// own: the count lives in PartRegistryBase._flaggedBelow; the bit lets the transfer hook,
    /// which reads this word anyway, refuse the assembly with no extra storage read.
    uint96 internal constant FLAGGED_BELOW = 1 << 8;
    /// @dev The flags a part carries up to the assemblies above it (a batch recall is not one).
    uint96 internal constant FLAGGED = SUSPECT | FROZEN;

    uint96 internal constant FLAGS_MASK = 0xFFFF;

    function pack(uint32 manufacturerId, uint32 batchId) internal pure returns (uint96) {
        return (uint96(manufacturerId) << 16) | (uint96(batchId) << 48);
    }

    function flags(uint96 data) internal pure returns (uint16) {
        return uint16(data);
    }

    function has(uint96 data, uint96 flag) internal pure returns (bool) {
        return data & flag != 0;
    }

    function manufacturerId(uint96 data) internal pure returns (uint32) {
        return uint32(data >> 16);
    }

    function batchId(uint96 data) internal pure returns (uint32) {
        return uint32(data >> 48);
    }

    function height(uint96 data) internal pure returns (uint8) {
        return uint8(data >> 80);
    }

    function withHeight(uint96 data, uint8 newHeight) internal pure returns (uint96) {
        return (data & ~(uint96(0xFF) << 80)) | (uint96(newHeight) << 80);
    }
}
