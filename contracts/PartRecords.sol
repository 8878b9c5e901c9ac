// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "./interfaces/IPartRegistry.sol";
import {IPartRecords} from "./interfaces/IPartRecords.sol";
import {IServiceability} from "./interfaces/IServiceability.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title PartRecords
/// @notice Certificates, lifecycle events, maintenance, usage and life limits of the parts in a
/// {PartRegistry}. Nothing here is ever overwritten: certificates chain to their predecessor,
/// events are numbered and corrections point at the event they correct.
/// @dev Every write needs a standing on the part. Standings:
/// - holder: the owner of the root assembly, or the custodian (of the part, or of the root
///   assembly it is installed in);
/// - authorised station: a repair station (REPAIR_STATION_ROLE now) the owner authorised for the
///   part or for the root assembly it is installed in, while that owner owns it and is active.
///   Authorisations are keyed by (part, owner), so a new owner starts with none (the old owner's
///   revive if the part comes back to it);
/// - manufacturer: the part's manufacturer while it holds MANUFACTURER_ROLE.
/// Who may write what:
/// - first certificate: the manufacturer; re-certification: the manufacturer, or a repair station
///   that holds the part or is authorised for it;
/// - events: commissioning only the manufacturer; any other step the holder; inspecting and
///   repairing also an authorised station;
/// - life limit: the manufacturer, once, above the usage already recorded; usage: the holder or
///   an authorised station; a correction of the usage totals (down only): a regulator with no
///   stake in the part;
/// - maintenance: a repair station that holds the part or is authorised for it.
/// Statuses: a certificate or a return to service is refused while the part, or any assembly it is
/// installed in, is retired, suspect or frozen (and a return to service while the part or any
/// assembly it is installed in is past its life limit).
/// Usage, events and maintenance without a return to service are facts and are recorded whatever
/// the status, except that a retired part takes no usage; a retired part takes no life limit.
contract PartRecords is IPartRecords, IServiceability {
    /// @notice At most this many flight cycles in one usage record (years of short-haul flying).
    uint64 public constant MAX_CYCLES_PER_RECORD = 10_000;
    /// @notice At most this many hours in one usage record (beyond an airframe's design life).
    uint64 public constant MAX_HOURS_PER_RECORD = 100_000;

    /// @notice The participant registry every rule asks.
    IParticipantRegistry public immutable participants;
    /// @notice The parts these records belong to.
    IPartRegistry public immutable parts;

    mapping(uint256 partId => bytes32) private _currentCertificates;
    mapping(uint256 partId => mapping(bytes32 certHash => Certificate)) private _certificates;
    mapping(uint256 partId => uint256) private _eventCounts;
    mapping(uint256 partId => uint256) private _maintenanceCounts;
    mapping(uint256 partId => Life) private _lives;
    mapping(uint256 partId => mapping(address owner => mapping(address station => bool))) private _stations;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_) {
        participants = participants_;
        parts = parts_;
    }

    // ============================================================ writes

    /// @inheritdoc IPartRecords
    function attachCertificate(uint256 partId, bytes32 certHash, bytes32 previous) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        _requireReleasable(info, false);
        bytes32 current = _currentCertificates[partId];
        if (!_isManufacturer(info) && (current == 0 || !_isStationWithStanding(info))) {
            revert NotAuthorized(partId, msg.sender);
        }
        if (certHash == 0) revert EmptyCertificate(partId);
        if (_certificates[partId][certHash].issuer != address(0)) revert CertificateExists(partId, certHash);
        if (previous != current) revert StaleCertificate(partId, current, previous);
        _certificates[partId][certHash] = Certificate(previous, msg.sender, uint64(block.timestamp));
        _currentCertificates[partId] = certHash;
        emit CertificateAttached(partId, certHash, previous, msg.sender);
    }

    /// @inheritdoc IPartRecords
    function recordEvent(
        uint256 partId,
        BizStep bizStep,
        Disposition disposition,
        bytes32 location,
        bytes32 documentHash,
        uint64 eventTime,
        uint256 corrects
    ) external returns (uint256 eventIndex) {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (!_mayRecord(info, bizStep)) revert NotAuthorized(partId, msg.sender);
        if (eventTime > block.timestamp) revert EventTimeInFuture(eventTime, block.timestamp);
        if (eventTime == 0) eventTime = uint64(block.timestamp);
        eventIndex = _eventCounts[partId] + 1;
        if (corrects >= eventIndex) revert UnknownEvent(partId, corrects);
        _eventCounts[partId] = eventIndex;
        emit LifecycleEventRecorded(
            partId, eventIndex, msg.sender, bizStep, disposition, location, documentHash, eventTime, corrects
        );
    }

    /// @inheritdoc IPartRecords
    function setLifeLimit(uint256 partId, uint64 cycleLimit, uint64 hourLimit) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
        if (!_isManufacturer(info)) revert NotAuthorized(partId, msg.sender);
        if (cycleLimit == 0 && hourLimit == 0) revert InvalidLifeLimit(partId);
        Life storage life = _lives[partId];
        if (life.cycleLimit != 0 || life.hourLimit != 0) revert LifeLimitAlreadySet(partId);
        (uint64 cycles, uint64 hours_) = (life.cycles, life.hours_);
        // Nobody can change a limit once set: one the part has already reached would ground it
        // for good. Grounding a part in service is a recall's job (recorded, and cleared by its
        // authority).
        if ((cycleLimit != 0 && cycles >= cycleLimit) || (hourLimit != 0 && hours_ >= hourLimit)) {
            revert LifeLimitAlreadyReached(partId, cycles, cycleLimit, hours_, hourLimit);
        }
        (life.cycleLimit, life.hourLimit) = (cycleLimit, hourLimit);
        emit LifeLimitSet(partId, cycleLimit, hourLimit);
    }

    /// @inheritdoc IPartRecords
    /// @dev At most {MAX_CYCLES_PER_RECORD} cycles and {MAX_HOURS_PER_RECORD} hours per record,
    /// so a mistyped or hostile figure cannot end a part's life in one call; a record that would
    /// overflow a counter reverts {UsageOverflow} and changes nothing.
    function recordUsage(uint256 partId, uint64 cycles, uint64 hours_) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
        if (!_isHolder(info) && !_isAuthorised(info, msg.sender)) revert NotAuthorized(partId, msg.sender);
        if (cycles == 0 && hours_ == 0) revert EmptyUsage(partId);
        if (cycles > MAX_CYCLES_PER_RECORD || hours_ > MAX_HOURS_PER_RECORD) {
            revert UsageTooLarge(partId, cycles, hours_, MAX_CYCLES_PER_RECORD, MAX_HOURS_PER_RECORD);
        }
        Life storage life = _lives[partId];
        (uint64 totalCycles, uint64 totalHours) = (life.cycles, life.hours_);
        if (uint256(totalCycles) + cycles > type(uint64).max || uint256(totalHours) + hours_ > type(uint64).max) {
            revert UsageOverflow(partId, totalCycles, totalHours, cycles, hours_);
        }
        unchecked {
            // both sums were checked to fit in 64 bits just above
            totalCycles += cycles;
            totalHours += hours_;
        }
        (life.cycles, life.hours_) = (totalCycles, totalHours);
        emit UsageRecorded(partId, msg.sender, cycles, hours_, totalCycles, totalHours);
    }

    /// @inheritdoc IPartRecords
    /// @dev Lowers the totals only: a correction never ends a part's life. A regulator with a
    /// stake in the part (its holder or manufacturer) may not correct it.
    function correctUsage(uint256 partId, uint64 cycles, uint64 hours_, bytes32 reasonHash) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (!_hasRole(Roles.REGULATOR, msg.sender)) revert NotAuthorized(partId, msg.sender);
        if (_isHolder(info) || msg.sender == info.manufacturer) revert AuthorityHasStake(partId, msg.sender);
        Life storage life = _lives[partId];
        (uint64 totalCycles, uint64 totalHours) = (life.cycles, life.hours_);
        if (cycles > totalCycles || hours_ > totalHours || (cycles == totalCycles && hours_ == totalHours)) {
            revert InvalidUsageCorrection(partId, totalCycles, totalHours, cycles, hours_);
        }
        (life.cycles, life.hours_) = (cycles, hours_);
        emit UsageCorrected(partId, msg.sender, totalCycles, totalHours, cycles, hours_, reasonHash);
    }

    /// @inheritdoc IPartRecords
    /// @dev A return to service is refused while the part or an assembly it is installed in is
    /// retired, suspect or frozen, or at or past its life limit (the error names that part).
    function recordMaintenance(uint256 partId, bytes32 workOrderHash, bool returnToService)
        external
        returns (uint256 index)
    {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (!_isStationWithStanding(info)) revert NotAuthorized(partId, msg.sender);
        if (returnToService) _requireReleasable(info, true);
        index = ++_maintenanceCounts[partId];
        emit MaintenanceRecorded(partId, index, msg.sender, workOrderHash, returnToService);
    }

    /// @inheritdoc IPartRecords
    /// @dev Any status: the owner may bring a station in to inspect a frozen or recalled part; the
    /// station's writes then obey the status rules like everyone's.
    function authoriseStation(uint256 partId, address station) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (msg.sender != info.owner) revert NotPartOwner(partId, msg.sender, info.owner);
        if (!_hasRole(Roles.REPAIR_STATION, station)) revert NotRepairStation(station);
        participants.requireActive(station);
        mapping(address => bool) storage authorised = _stations[partId][msg.sender];
        if (authorised[station]) revert StationAlreadyAuthorised(partId, msg.sender, station);
        authorised[station] = true;
        emit StationAuthorised(partId, msg.sender, station);
    }

    /// @inheritdoc IPartRecords
    function revokeStation(uint256 partId, address station) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (msg.sender != info.owner) revert NotPartOwner(partId, msg.sender, info.owner);
        mapping(address => bool) storage authorised = _stations[partId][msg.sender];
        if (!authorised[station]) revert StationNotAuthorised(partId, msg.sender, station);
        delete authorised[station];
        emit StationRevoked(partId, msg.sender, station);
    }

    // ============================================================ views

    /// @inheritdoc IServiceability
    function checkServiceable(uint256 partId) public view {
        Life memory life = _lives[partId];
        if (
            (life.cycleLimit != 0 && life.cycles >= life.cycleLimit)
                || (life.hourLimit != 0 && life.hours_ >= life.hourLimit)
        ) revert LifeLimitExceeded(partId, life.cycles, life.cycleLimit, life.hours_, life.hourLimit);
    }

    /// @inheritdoc IPartRecords
    function isAuthorisedStation(uint256 partId, address station) external view returns (bool) {
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        return info.genuine && _isAuthorised(info, station) && participants.isActive(station);
    }

    /// @inheritdoc IPartRecords
    function currentCertificate(uint256 partId) external view returns (bytes32) {
        return _currentCertificates[partId];
    }

    /// @inheritdoc IPartRecords
    function isCurrentCertificate(uint256 partId, bytes32 certHash) external view returns (bool) {
        return certHash != 0 && _currentCertificates[partId] == certHash;
    }

    /// @inheritdoc IPartRecords
    function certificate(uint256 partId, bytes32 certHash) external view returns (Certificate memory) {
        return _certificates[partId][certHash];
    }

    /// @inheritdoc IPartRecords
    function eventCount(uint256 partId) external view returns (uint256) {
        return _eventCounts[partId];
    }

    /// @inheritdoc IPartRecords
    function maintenanceCount(uint256 partId) external view returns (uint256) {
        return _maintenanceCounts[partId];
    }

    /// @inheritdoc IPartRecords
    function lifeOf(uint256 partId) external view returns (Life memory) {
        return _lives[partId];
    }

    // ============================================================ standing

    /// @dev The part as the registry sees it; the caller must be an active participant.
    function _part(uint256 partId) private view returns (IPartRegistry.PartInfo memory info) {
        participants.requireActive(msg.sender);
        info = parts.verifyPart(partId);
        if (!info.genuine) revert PartNotFound(partId);
    }

    /// @dev Owner of the root assembly, or custodian of the part or (when installed: installing
    /// ends a part's own custody) of its root assembly.
    function _isHolder(IPartRegistry.PartInfo memory info) private view returns (bool) {
        if (msg.sender == info.owner || msg.sender == info.custodian) return true;
        return info.parent != 0 && msg.sender == parts.verifyPart(info.root).custodian;
    }

    /// @dev The part's manufacturer, while it holds the manufacturer role.
    function _isManufacturer(IPartRegistry.PartInfo memory info) private view returns (bool) {
        return msg.sender == info.manufacturer && _hasRole(Roles.MANUFACTURER, msg.sender);
    }

    /// @dev A repair station that holds the part or that its owner authorised for it.
    function _isStationWithStanding(IPartRegistry.PartInfo memory info) private view returns (bool) {
        return _hasRole(Roles.REPAIR_STATION, msg.sender) && (_isHolder(info) || _isAuthorised(info, msg.sender));
    }

    /// @dev The current owner authorised `station` for the part or its root assembly, is active
    /// itself, and `station` holds the repair-station role now.
    function _isAuthorised(IPartRegistry.PartInfo memory info, address station) private view returns (bool) {
        if (
            !_stations[info.partId][info.owner][station]
                && (info.parent == 0 || !_stations[info.root][info.owner][station])
        ) {
            return false;
        }
        return _hasRole(Roles.REPAIR_STATION, station) && participants.isActive(info.owner);
    }

    function _mayRecord(IPartRegistry.PartInfo memory info, BizStep step) private view returns (bool) {
        if (step == BizStep.Commissioning) return _isManufacturer(info);
        if (_isHolder(info)) return true;
        return (step == BizStep.Inspecting || step == BizStep.Repairing) && _isAuthorised(info, msg.sender);
    }

    /// @dev Reverts unless the part and every assembly above it are in service and, with
    /// `withinLife` (a return to service), within their life limits: a part is not released into
    /// an expired engine. The walk is bounded: the registry keeps assemblies at most
    /// MAX_ASSEMBLY_DEPTH (8) levels deep.
    function _requireReleasable(IPartRegistry.PartInfo memory info, bool withinLife) private view {
        _requireInService(info.partId, info.status);
        if (withinLife) checkServiceable(info.partId);
        for (uint256 above = info.parent; above != 0;) {
            IPartRegistry.PartInfo memory assembly_ = parts.verifyPart(above);
            _requireInService(above, assembly_.status);
            if (withinLife) checkServiceable(above);
            above = assembly_.parent;
        }
    }

    function _requireInService(uint256 partId, IPartRegistry.PartStatus status) private pure {
        if (status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
        if (status == IPartRegistry.PartStatus.Suspect) revert PartSuspect(partId);
        if (status == IPartRegistry.PartStatus.Frozen) revert PartFrozen(partId);
    }

    function _hasRole(bytes32 role, address account) private view returns (bool) {
        return IAccessControl(address(participants)).hasRole(role, account);
    }
}
