// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPartRecords
/// @notice The paperwork of a part: release certificates (append-only chain), GS1 EPCIS-style
/// lifecycle events (append-only, corrections point at what they correct), maintenance, usage
/// and life limits, written only by those with a standing on the part: its holder (the owner of
/// the root assembly, or the custodian), a repair station the owner authorised for it, or its
/// manufacturer for what is the manufacturer's.
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
    /// @dev A regulator froze the part; it takes no certificate and no return to service until unfrozen.
    error PartFrozen(uint256 partId);
    /// @dev `account` has no standing on the part for this record.
    error NotAuthorized(uint256 partId, address account);
    /// @dev Only the owner (of the root assembly) authorises or revokes repair stations for a part.
    error NotPartOwner(uint256 partId, address account, address owner);
    /// @dev `account` does not hold REPAIR_STATION_ROLE.
    error NotRepairStation(address account);
    /// @dev The owner has authorised this repair station for the part already.
    error StationAlreadyAuthorised(uint256 partId, address owner, address station);
    /// @dev The owner has not authorised this repair station for the part.
    error StationNotAuthorised(uint256 partId, address owner, address station);
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
    /// @dev The part has already used up the limit being set (a limit cannot ground a part for good: recall it instead).
    error LifeLimitAlreadyReached(uint256 partId, uint64 cycles, uint64 cycleLimit, uint64 hours_, uint64 hourLimit);
    /// @dev Usage must add cycles or hours.
    error EmptyUsage(uint256 partId);
    /// @dev One usage record adds at most `maxCycles` cycles and `maxHours` hours.
    error UsageTooLarge(uint256 partId, uint64 cycles, uint64 hours_, uint64 maxCycles, uint64 maxHours);
    /// @dev Adding the usage would overflow the part's uint64 cycle or hour counter.
    error UsageOverflow(uint256 partId, uint64 totalCycles, uint64 totalHours, uint64 cycles, uint64 hours_);
    /// @dev A usage correction must lower the totals (`cycles` <= `totalCycles`, `hours_` <= `totalHours`, not both equal).
    error InvalidUsageCorrection(uint256 partId, uint64 totalCycles, uint64 totalHours, uint64 cycles, uint64 hours_);
    /// @dev `account` holds part `id` (owns or keeps the assembly it is in) or made it: it may not correct its usage.
    error AuthorityHasStake(uint256 id, address account);
    /// @dev The part reached its life limit and cannot be installed or returned to service.
    error LifeLimitExceeded(uint256 partId, uint64 cycles, uint64 cycleLimit, uint64 hours_, uint64 hourLimit);

    /// @dev A release certificate was attached; `previous` links the chain.
    event CertificateAttached(
        uint256 indexed partId, bytes32 indexed certHash, bytes32 previous, address indexed issuer
    );
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
        uint256 indexed partId,
        address indexed recorder,
        uint64 cycles,
        uint64 hours_,
        uint64 totalCycles,
        uint64 totalHours
    );
    /// @dev A regulator corrected the part's usage totals (from `previous*` to `cycles`, `hours_`).
    event UsageCorrected(
        uint256 indexed partId,
        address indexed regulator,
        uint64 previousCycles,
        uint64 previousHours,
        uint64 cycles,
        uint64 hours_,
        bytes32 reasonHash
    );
    /// @dev A repair station recorded work on a part.
    event MaintenanceRecorded(
        uint256 indexed partId,
        uint256 indexed index,
        address indexed station,
        bytes32 workOrderHash,
        bool returnedToService
    );
    /// @dev The part's owner authorised a repair station to write the part's records while it owns the part.
    event StationAuthorised(uint256 indexed partId, address indexed owner, address indexed station);
    /// @dev The part's owner withdrew a repair station's authorisation.
    event StationRevoked(uint256 indexed partId, address indexed owner, address indexed station);

    /// @notice Attaches a release certificate. The first names `previous` zero and comes from the
    /// part's manufacturer; a re-certification names the current certificate, which it then
    /// supersedes, and comes from the manufacturer or a repair station with a standing on the part.
    function attachCertificate(uint256 partId, bytes32 certHash, bytes32 previous) external;

    /// @notice Records an EPCIS object event; returns its index (1, 2, ... per part).
    /// @param eventTime when it happened (0: now); never in the future.
    /// @param corrects index of an earlier event this one corrects, 0 for none.
    function recordEvent(
        uint256 partId,
        BizStep bizStep,
        Disposition disposition,
        bytes32 location,
        bytes32 documentHash,
        uint64 eventTime,
        uint256 corrects
    ) external returns (uint256 eventIndex);

    /// @notice The part's manufacturer sets its life limit, once (0 in one of them: no such limit),
    /// above the usage recorded so far ({LifeLimitAlreadyReached}).
    function setLifeLimit(uint256 partId, uint64 cycleLimit, uint64 hourLimit) external;

    /// @notice Adds flight cycles and hours to the part's usage (bounded per record).
    function recordUsage(uint256 partId, uint64 cycles, uint64 hours_) external;

    /// @notice A regulator with no stake in the part (neither its holder nor its manufacturer)
    /// lowers its usage totals to `cycles` and `hours_`: the undo of a wrong or hostile usage
    /// record (each is bounded, but records add up), which could otherwise ground a part for good.
    /// @param partId the part.
    /// @param cycles the corrected cycle total (at most the current one).
    /// @param hours_ the corrected hour total (at most the current one).
    /// @param reasonHash hash of the decision document.
    function correctUsage(uint256 partId, uint64 cycles, uint64 hours_, bytes32 reasonHash) external;

    /// @notice A repair station with a standing on the part records work on it, optionally
    /// returning it to service.
    function recordMaintenance(uint256 partId, bytes32 workOrderHash, bool returnToService)
        external
        returns (uint256 index);

    /// @notice The owner (of the root assembly) lets `station` write the part's records. The
    /// authorisation is keyed by (part, owner): it stops counting when the part changes owner.
    function authoriseStation(uint256 partId, address station) external;

    /// @notice The owner withdraws `station`'s authorisation for the part.
    function revokeStation(uint256 partId, address station) external;

    /// @notice Whether `station` may write the part's records now by its owner's authorisation
    /// (for the part itself or the root assembly it is installed in); never reverts.
    function isAuthorisedStation(uint256 partId, address station) external view returns (bool);

    /// @notice The current (latest) certificate of a part, zero if none.
    function currentCertificate(uint256 partId) external view returns (bytes32);

    /// @notice True if `certHash` is the part's current certificate (not superseded).
    function isCurrentCertificate(uint256 partId, bytes32 certHash) external view returns (bool);

    /// @notice A certificate ever attached to the part (issuer zero if never).
    function certificate(uint256 partId, bytes32 certHash) external view returns (Certificate memory);

    /// @notice Number of lifecycle events recorded on the part.
    function eventCount(uint256 partId) external view returns (uint256);

    /// @notice Number of maintenance records of the part.
    function maintenanceCount(uint256 partId) external view returns (uint256);

    /// @notice Life limit and usage of the part.
    function lifeOf(uint256 partId) external view returns (Life memory);
}
