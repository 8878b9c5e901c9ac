// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPartRecords
/// @notice The paperwork of a part: release certificates (append-only chain), GS1 EPCIS-style
/// lifecycle events (append-only, corrections point at what they correct), maintenance, usage
/// and life limits.
interface IPartRecords {
    /// @dev EPCIS Core Business Vocabulary business steps (the subset parts need).
    enum BizStep {
        Commissioning,
        Shipping,
        Receiving,
        Storing,
        Inspecting,
        Repairing,
        Installing,
        Removing,
        Decommissioning
    }

    /// @dev EPCIS dispositions.
    enum Disposition {
        Active,
        InTransit,
        InProgress,
        Serviceable,
        Unserviceable,
        Damaged,
        Recalled,
        Destroyed
    }

    /// @dev One release certificate (FAA 8130-3, EASA Form 1) by hash.
    struct Certificate {
        bytes32 previous; // the certificate this one supersedes, zero for the first
        address issuer;
        uint64 issuedAt;
    }

    /// @dev Life limit and usage so far, one slot.
    struct Life {
        uint64 cycleLimit; // 0: no cycle limit
        uint64 hourLimit; // 0: no hour limit
        uint64 cycles;
        uint64 hours_;
    }

    /// @dev The part is not registered.
    error PartNotFound(uint256 partId);
    /// @dev The part is retired; it takes no new certificate, usage or return to service.
    error PartRetired(uint256 partId);
    /// @dev The part is recalled; it cannot return to service until cleared.
    error PartSuspect(uint256 partId);
    /// @dev `account` may not record this on the part.
    error NotAuthorized(uint256 partId, address account);
    /// @dev A certificate hash must be non-zero.
    error EmptyCertificate(uint256 partId);
    /// @dev The certificate was attached to this part before; nothing is overwritten.
    error CertificateExists(uint256 partId, bytes32 certHash);
    /// @dev A re-certification must name the current certificate as its previous one.
    error StaleCertificate(uint256 partId, bytes32 current, bytes32 given);
    /// @dev The event to correct does not exist on this part.
    error UnknownEvent(uint256 partId, uint256 eventIndex);
    /// @dev An event cannot be dated in the future.
    error EventTimeInFuture(uint64 eventTime, uint256 blockTime);
    /// @dev The part has a life limit already; limits are set once.
    error LifeLimitAlreadySet(uint256 partId);
    /// @dev A life limit needs a cycle or an hour limit.
    error InvalidLifeLimit(uint256 partId);
    /// @dev Usage must add cycles or hours.
    error EmptyUsage(uint256 partId);
    /// @dev The part reached its life limit and cannot be installed or returned to service.
    error LifeLimitExceeded(uint256 partId, uint64 cycles, uint64 cycleLimit, uint64 hours_, uint64 hourLimit);

    /// @dev A release certificate was attached; `previous` links the chain.
    event CertificateAttached(uint256 indexed partId, bytes32 indexed certHash, bytes32 previous, address indexed issuer);
    /// @dev An EPCIS object event on a part. `corrects` is the index of the event it corrects (0: none).
    event LifecycleEventRecorded(
        uint256 indexed partId,
        uint256 indexed eventIndex,
        address indexed recorder,
        BizStep bizStep,
        Disposition disposition,
        bytes32 location,
        bytes32 documentHash,
        uint64 eventTime,
        uint256 corrects
    );
    /// @dev The manufacturer set the part's life limit.
    event LifeLimitSet(uint256 indexed partId, uint64 cycleLimit, uint64 hourLimit);
    /// @dev Usage was added; totals after the addition.
    event UsageRecorded(
        uint256 indexed partId, address indexed recorder, uint64 cycles, uint64 hours_, uint64 totalCycles, uint64 totalHours
    );
    /// @dev A repair station recorded work on a part.
    event MaintenanceRecorded(
        uint256 indexed partId, uint256 indexed index, address indexed station, bytes32 workOrderHash, bool returnedToService
    );
}
