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
/// @dev Who may record what:
/// - certificates: the part's manufacturer, or an active repair station (re-certification);
/// - events: the manufacturer (any step; only it commissions), the owner of the root assembly or
///   the custodian (any other step), a repair station (inspecting, repairing);
/// - usage: the owner, the custodian or a repair station; life limits: the manufacturer, once;
/// - maintenance: a repair station that owns or has custody of the part.
contract PartRecords is IPartRecords, IServiceability {
    /// @notice The participant registry every rule asks.
    IParticipantRegistry public immutable participants;
    /// @notice The parts these records belong to.
    IPartRegistry public immutable parts;

    mapping(uint256 partId => bytes32) private _currentCertificates;
    mapping(uint256 partId => mapping(bytes32 certHash => Certificate)) private _certificates;
    mapping(uint256 partId => uint256) private _eventCounts;
    mapping(uint256 partId => uint256) private _maintenanceCounts;
    mapping(uint256 partId => Life) private _lives;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_) {
        participants = participants_;
        parts = parts_;
    }

    /// @notice Attaches a release certificate. The first one names `previous` zero; each
    /// re-certification names the current certificate, which it then supersedes.
    function attachCertificate(uint256 partId, bytes32 certHash, bytes32 previous) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
        if (msg.sender != info.manufacturer && !_hasRole(Roles.REPAIR_STATION)) revert NotAuthorized(partId, msg.sender);
        if (certHash == 0) revert EmptyCertificate(partId);
        if (_certificates[partId][certHash].issuer != address(0)) revert CertificateExists(partId, certHash);
        bytes32 current = _currentCertificates[partId];
        if (previous != current) revert StaleCertificate(partId, current, previous);
        _certificates[partId][certHash] = Certificate(previous, msg.sender, uint64(block.timestamp));
        _currentCertificates[partId] = certHash;
        emit CertificateAttached(partId, certHash, previous, msg.sender);
    }

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

    /// @notice The manufacturer sets the part's life limit, once.
    function setLifeLimit(uint256 partId, uint64 cycleLimit, uint64 hourLimit) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (msg.sender != info.manufacturer) revert NotAuthorized(partId, msg.sender);
        if (cycleLimit == 0 && hourLimit == 0) revert InvalidLifeLimit(partId);
        Life storage life = _lives[partId];
        if (life.cycleLimit != 0 || life.hourLimit != 0) revert LifeLimitAlreadySet(partId);
        (life.cycleLimit, life.hourLimit) = (cycleLimit, hourLimit);
        emit LifeLimitSet(partId, cycleLimit, hourLimit);
    }

    /// @notice Adds flight cycles and hours to the part's usage.
    function recordUsage(uint256 partId, uint64 cycles, uint64 hours_) external {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
        if (!_isHolder(info) && !_hasRole(Roles.REPAIR_STATION)) revert NotAuthorized(partId, msg.sender);
        if (cycles == 0 && hours_ == 0) revert EmptyUsage(partId);
        Life storage life = _lives[partId];
        life.cycles += cycles;
        life.hours_ += hours_;
        emit UsageRecorded(partId, msg.sender, cycles, hours_, life.cycles, life.hours_);
    }

    /// @notice A repair station holding the part records work on it, optionally returning it to
    /// service; a return to service is refused for a recalled, retired or life-expired part.
    function recordMaintenance(uint256 partId, bytes32 workOrderHash, bool returnToService)
        external
        returns (uint256 index)
    {
        IPartRegistry.PartInfo memory info = _part(partId);
        if (!_hasRole(Roles.REPAIR_STATION) || !_isHolder(info)) revert NotAuthorized(partId, msg.sender);
        if (returnToService) {
            if (info.status == IPartRegistry.PartStatus.Retired) revert PartRetired(partId);
            if (info.status == IPartRegistry.PartStatus.Suspect) revert PartSuspect(partId);
            checkServiceable(partId);
        }
        index = ++_maintenanceCounts[partId];
        emit MaintenanceRecorded(partId, index, msg.sender, workOrderHash, returnToService);
    }

    /// @inheritdoc IServiceability
    function checkServiceable(uint256 partId) public view {
        Life memory life = _lives[partId];
        if (
            (life.cycleLimit != 0 && life.cycles >= life.cycleLimit)
                || (life.hourLimit != 0 && life.hours_ >= life.hourLimit)
        ) revert LifeLimitExceeded(partId, life.cycles, life.cycleLimit, life.hours_, life.hourLimit);
    }

    /// @notice The current (latest) certificate of a part, zero if none.
    function currentCertificate(uint256 partId) external view returns (bytes32) {
        return _currentCertificates[partId];
    }

    /// @notice True if `certHash` is the part's current certificate (not superseded).
    function isCurrentCertificate(uint256 partId, bytes32 certHash) external view returns (bool) {
        return certHash != 0 && _currentCertificates[partId] == certHash;
    }

    /// @notice A certificate ever attached to the part (issuer zero if never).
    function certificate(uint256 partId, bytes32 certHash) external view returns (Certificate memory) {
        return _certificates[partId][certHash];
    }

    /// @notice Number of lifecycle events recorded on the part.
    function eventCount(uint256 partId) external view returns (uint256) {
        return _eventCounts[partId];
    }

    /// @notice Number of maintenance records of the part.
    function maintenanceCount(uint256 partId) external view returns (uint256) {
        return _maintenanceCounts[partId];
    }

    /// @notice Life limit and usage of the part.
    function lifeOf(uint256 partId) external view returns (Life memory) {
        return _lives[partId];
    }

    /// @dev The part as the registry sees it; the caller must be an active participant.
    function _part(uint256 partId) private view returns (IPartRegistry.PartInfo memory info) {
        participants.requireActive(msg.sender);
        info = parts.verifyPart(partId);
        if (!info.genuine) revert PartNotFound(partId);
    }

    function _isHolder(IPartRegistry.PartInfo memory info) private view returns (bool) {
        return msg.sender == info.owner || msg.sender == info.custodian;
    }

    function _mayRecord(IPartRegistry.PartInfo memory info, BizStep step) private view returns (bool) {
        if (msg.sender == info.manufacturer) return true;
        if (step == BizStep.Commissioning) return false;
        if (_isHolder(info)) return true;
        return (step == BizStep.Inspecting || step == BizStep.Repairing) && _hasRole(Roles.REPAIR_STATION);
    }

    function _hasRole(bytes32 role) private view returns (bool) {
        return IAccessControl(address(participants)).hasRole(role, msg.sender);
    }
}
