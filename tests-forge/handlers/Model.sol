// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "../utils/Vm.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";
import {PartRecords} from "../../contracts/PartRecords.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";

/// @title Model
/// @notice What the handlers of an invariant campaign share: the cast, the parts and lots made so
/// far, and the rules checked around every call. A handler calls {beforeCall} just before it
/// calls the suite (naming the accounts that act or receive in that call) and, when the call
/// succeeded, {afterCall}; the model compares the parts under a lock (frozen, suspect or retired,
/// or inside such an assembly) before and after, checks who acted, and logs each broken rule.
/// The invariant functions assert that the logs are empty.
/// @dev Reads the suite through its views only (ownerOf, parentOf, custodianOf, flagsOf,
/// isSuspect, rootOwnerOf, isActive, paused), so it survives most API changes.
contract Model {
    Vm private constant vm = Vm(VM_ADDRESS);

    /// @dev What a successful call did, as far as the movement rules care.
    enum Action {
        Other, // nothing that moves a part (registration, offers, approvals, records, governance)
        Move, // an ordinary transfer of the part named: transferFrom, safeTransferFrom, accept, signed
        Forced, // forcedTransfer of the part named
        Install, // installPart(part, part2)
        Remove, // removePart(part)
        Custody, // assignCustody / releaseCustody of the part named
        Retire, // retirePart(part)
        ReturnToService // PartRecords.recordMaintenance(part, ..., true)
    }

    /// @dev The rules the model checks call by call (the others are checked on the state).
    enum Rule {
        LockedPartMoved, // a frozen, suspect or retired part, or a part inside such an assembly, moved
        InactiveAccountActed, // a suspended, offboarded or unregistered account acted or received
        PausedSuiteChanged, // a part or record changed while the suite was paused
        OfferOutlivedApproval, // an operator's offer was accepted after the owner revoked the operator
        RecordWithoutStanding // a record write came from an account without a standing on the part
    }

    /// @dev A watched part as it was just before the call under test (see {beforeCall}).
    struct PartState {
        address rootOwner;
        address custodian;
        uint256 parent;
        bool frozen;
        bool suspect;
        bool retired;
        bool ownFlag; // frozen or recalled on its own (a batch recall is not counted up)
    }

    /// @dev A registration batch or a lot, by the key the recall functions take.
    struct Batch {
        address manufacturer;
        uint32 batchId;
    }

    /// @dev A lot anchored in the campaign: two serials, the Merkle tree built here.
    struct Lot {
        address manufacturer;
        uint32 lotId;
        bytes32 partNumber;
        bytes32[2] serials;
        bool[2] claimed;
    }

    ParticipantRegistry public immutable participants;
    PartRegistry public immutable parts;
    PartRecords public immutable records;

    /// @notice Cap on parts per run: every check walks them all.
    uint256 public constant MAX_PARTS = 24;

    address[] private _actors;
    mapping(address account => uint256 key) private _keys;
    uint256[] private _parts;
    Lot[] private _lots;
    Batch[] private _batches; // registration batches and lots, as the handlers made them
    mapping(uint256 partId => address maker) private _offerMakers;

    // The state just before the call under test: the watched parts only (those frozen, suspect
    // or retired, the parts inside them, and the assemblies above them); an entry is valid
    // while its step is the current one.
    uint256 private _step;
    uint256[] private _watched;
    mapping(uint256 partId => PartState) private _before;
    mapping(uint256 partId => uint256 step) private _beforeStep;
    address[] private _parties;
    bool[] private _partiesActive;
    bool private _pausedBefore;

    mapping(Rule rule => uint256) public violations;
    mapping(Rule rule => string) public firstViolation;

    // Regulator recalls, as the rules say they must stand.
    mapping(uint256 partId => bool) private _regulatorRecalled;
    mapping(uint32 batchId => bool) private _regulatorBatchRecalled;
    mapping(uint32 batchId => uint256) private _regulatorBatchEpoch;
    mapping(uint256 partId => uint256) private _regulatorClearedEpoch;

    constructor(ParticipantRegistry participants_, PartRegistry parts_, PartRecords records_) {
        participants = participants_;
        parts = parts_;
        records = records_;
    }

    // ================================================================ registry of the campaign

    function addActor(address account, uint256 key) external {
        _actors.push(account);
        _keys[account] = key;
    }

    function addPart(uint256 partId) external {
        _parts.push(partId);
    }

    function addBatch(address manufacturer, uint32 batchId) external {
        _batches.push(Batch(manufacturer, batchId));
    }

    function addLot(address manufacturer, uint32 lotId, bytes32 partNumber, bytes32[2] calldata serials) external {
        _lots.push(Lot(manufacturer, lotId, partNumber, serials, [false, false]));
        _batches.push(Batch(manufacturer, lotId));
    }

    function markClaimed(uint256 lotIndex, uint256 serialIndex) external {
        _lots[lotIndex].claimed[serialIndex] = true;
    }

    function setOfferMaker(uint256 partId, address maker) external {
        _offerMakers[partId] = maker;
    }

    function actorCount() external view returns (uint256) {
        return _actors.length;
    }

    function actor(uint256 seed) external view returns (address) {
        return _actors[seed % _actors.length];
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function keyOf(address account) external view returns (uint256) {
        return _keys[account];
    }

    function partCount() external view returns (uint256) {
        return _parts.length;
    }

    function part(uint256 seed) external view returns (uint256) {
        return _parts[seed % _parts.length];
    }

    function allParts() external view returns (uint256[] memory) {
        return _parts;
    }

    function batchCount() external view returns (uint256) {
        return _batches.length;
    }

    function batch(uint256 seed) external view returns (Batch memory) {
        return _batches[seed % _batches.length];
    }

    function lotCount() external view returns (uint256) {
        return _lots.length;
    }

    function lot(uint256 index) external view returns (Lot memory) {
        return _lots[index];
    }

    function offerMaker(uint256 partId) external view returns (address) {
        return _offerMakers[partId];
    }

    // ================================================================ around each call

    /// @notice Records the state the rules compare against; `parties` are the accounts that act
    /// or receive in the call (caller, owner, operator, receiver, custodian ...).
    function beforeCall(address[] calldata parties) external {
        _watch();
        delete _parties;
        delete _partiesActive;
        for (uint256 i; i < parties.length; ++i) {
            _parties.push(parties[i]);
            _partiesActive.push(participants.isActive(parties[i]));
        }
        _pausedBefore = participants.paused();
    }

    /// @notice Checks the call-by-call rules after a call that succeeded.
    /// @param partContracts true when the call went to PartRegistry or PartRecords (a pause
    /// stops those), false for the participant registry and for the calls that only restrict
    /// (recalls and freezes, which a pause must not stop).
    function afterCall(Action action, uint256 partId, uint256 partId2, bool partContracts, string calldata what)
        external
    {
        for (uint256 i; i < _parties.length; ++i) {
            if (!_partiesActive[i]) {
                _flag(
                    Rule.InactiveAccountActed,
                    string.concat(what, ": party ", vm.toString(_parties[i]), " was not an active participant")
                );
            }
        }
        if (_pausedBefore && partContracts) {
            _flag(Rule.PausedSuiteChanged, string.concat(what, " succeeded while the suite was paused"));
        }
        _checkMoves(action, partId, partId2, what);
    }

    /// @notice A handler logs a broken rule it checked itself.
    function report(Rule rule, string calldata message) external {
        _flag(rule, message);
    }

    // ================================================================ regulator recalls

    function noteRegulatorRecall(uint256 partId) external {
        _regulatorRecalled[partId] = true;
    }

    function noteRegulatorClear(uint256 partId, uint32 batchId) external {
        _regulatorRecalled[partId] = false;
        if (_regulatorBatchRecalled[batchId]) _regulatorClearedEpoch[partId] = _regulatorBatchEpoch[batchId];
    }

    function noteRegulatorBatchRecall(uint32 batchId) external {
        _regulatorBatchRecalled[batchId] = true;
        ++_regulatorBatchEpoch[batchId];
    }

    function noteRegulatorBatchClear(uint32 batchId) external {
        _regulatorBatchRecalled[batchId] = false;
    }

    /// @notice Whether a regulator's recall stands on the part (its own or its batch's).
    function underRegulatorRecall(uint256 partId, uint32 batchId) external view returns (bool) {
        if (_regulatorRecalled[partId]) return true;
        return batchId != 0 && _regulatorBatchRecalled[batchId]
            && _regulatorClearedEpoch[partId] != _regulatorBatchEpoch[batchId];
    }

    // ================================================================ movement rules

    function _checkMoves(Action action, uint256 partId, uint256 partId2, string calldata what) private {
        if (action == Action.Install && _lockedPath(partId2)) {
            _flag(Rule.LockedPartMoved, string.concat(what, ": a part went into a frozen, suspect or retired assembly"));
        }
        if (action == Action.Retire && _watchedBefore(partId)) {
            PartState storage s = _before[partId];
            if (s.frozen || s.suspect) {
                _flag(Rule.LockedPartMoved, string.concat(what, ": a frozen or suspect part was retired"));
            }
        }
        if (action == Action.ReturnToService && _watchedBefore(partId)) {
            PartState storage s = _before[partId];
            if (s.frozen || s.suspect || s.retired) {
                _flag(
                    Rule.LockedPartMoved, string.concat(what, ": a frozen, suspect or retired part returned to service")
                );
            }
        }
        for (uint256 i; i < _watched.length; ++i) {
            uint256 id = _watched[i];
            if (!_lockedPath(id)) continue;
            PartState storage s = _before[id];
            address custodian = parts.custodianOf(id);
            bool moved = parts.parentOf(id) != s.parent || parts.rootOwnerOf(id) != s.rootOwner
                || (custodian != address(0) && custodian != s.custodian);
            if (moved && !_allowedMove(action, partId, id)) {
                _flag(
                    Rule.LockedPartMoved,
                    string.concat(what, ": part ", vm.toString(id), " moved while it or its assembly was locked")
                );
            }
        }
    }

    /// @dev The paths the rules allow for a part that is frozen, suspect or retired, or inside
    /// an assembly that is:
    /// - a forced transfer of its root, when nothing on the way up is retired;
    /// - its removal from its assembly when it is neither frozen nor retired and no assembly
    ///   above it is frozen or suspect: a recalled part leaves a healthy assembly, and parts are
    ///   salvaged from a retired (scrapped) one, which itself never moves again;
    /// - travelling with a healthy root that is sold, when nothing from it up to that root is
    ///   frozen or recalled on its own (a batch recall is not counted up: README "Known limits").
    function _allowedMove(Action action, uint256 partId, uint256 id) private view returns (bool) {
        (uint256 root, bool retiredOnPath) = _rootOf(id);
        if (action == Action.Forced) return partId == root && !retiredOnPath;
        if (action == Action.Remove) {
            PartState storage s = _before[id];
            return partId == id && !s.frozen && !s.retired && !_frozenOrSuspectPath(s.parent);
        }
        if (action == Action.Move) {
            return partId == root && root != id && !_lockedSelf(root) && !_ownFlagBelow(id, root);
        }
        return false;
    }

    /// @dev True when `id` or an assembly between it and `root` was frozen or recalled on its own.
    function _ownFlagBelow(uint256 id, uint256 root) private view returns (bool) {
        for (uint256 steps; id != root && steps <= 16; ++steps) {
            if (_before[id].ownFlag) return true;
            id = _before[id].parent;
        }
        return false;
    }

    /// @dev True when `id` or an assembly above it was frozen or suspect before the call.
    function _frozenOrSuspectPath(uint256 id) private view returns (bool) {
        for (uint256 steps; id != 0 && steps <= 16; ++steps) {
            if (!_watchedBefore(id)) return false; // not watched: nothing above it is locked
            PartState storage s = _before[id];
            if (s.frozen || s.suspect) return true;
            id = s.parent;
        }
        return false;
    }

    function _lockedSelf(uint256 id) private view returns (bool) {
        if (!_watchedBefore(id)) return false; // not watched: neither locked nor under a lock
        PartState storage s = _before[id];
        return s.frozen || s.suspect || s.retired;
    }

    /// @dev True when `id` or an assembly above it was frozen, suspect or retired before the call.
    function _lockedPath(uint256 id) private view returns (bool) {
        for (uint256 steps; id != 0 && steps <= 16; ++steps) {
            if (_lockedSelf(id)) return true;
            id = _before[id].parent;
        }
        return false;
    }

    function _rootOf(uint256 id) private view returns (uint256 root, bool retiredOnPath) {
        root = id;
        for (uint256 steps; steps <= 16; ++steps) {
            retiredOnPath = retiredOnPath || _before[root].retired;
            uint256 parent = _before[root].parent;
            if (parent == 0) break;
            root = parent;
        }
    }

    /// @dev Records the watched parts: every part frozen, suspect or retired, every part inside
    /// one, and the assemblies above them (their roots decide which moves are allowed). Three
    /// views per part; the full state only for the few watched ones.
    function _watch() private {
        uint256 step = ++_step;
        delete _watched;
        uint256 count = _parts.length;
        uint256[] memory parents = new uint256[](count);
        bool[] memory locked = new bool[](count);
        for (uint256 i; i < count; ++i) {
            uint256 id = _parts[i];
            parents[i] = parts.parentOf(id);
            locked[i] = parts.flagsOf(id) & (PartData.FROZEN | PartData.RETIRED) != 0 || parts.isSuspect(id);
        }
        for (uint256 i; i < count; ++i) {
            // Is anything from this part up to its root locked?
            bool underLock;
            for ((uint256 j, uint256 steps) = (i, 0); steps <= 16; ++steps) {
                if (locked[j]) {
                    underLock = true;
                    break;
                }
                if (parents[j] == 0) break;
                j = _indexOf(parents[j], parents.length);
            }
            if (!underLock) continue;
            // Watch it and every assembly above it.
            for ((uint256 j, uint256 steps) = (i, 0); steps <= 16; ++steps) {
                uint256 id = _parts[j];
                if (_beforeStep[id] != step) {
                    _beforeStep[id] = step;
                    _watched.push(id);
                    uint16 flags = parts.flagsOf(id);
                    _before[id] = PartState({
                        rootOwner: parts.rootOwnerOf(id),
                        custodian: parts.custodianOf(id),
                        parent: parents[j],
                        frozen: flags & PartData.FROZEN != 0,
                        suspect: parts.isSuspect(id),
                        retired: flags & PartData.RETIRED != 0,
                        ownFlag: flags & PartData.FLAGGED != 0
                    });
                }
                if (parents[j] == 0) break;
                j = _indexOf(parents[j], parents.length);
            }
        }
    }

    function _watchedBefore(uint256 id) private view returns (bool) {
        return _beforeStep[id] == _step;
    }

    function _indexOf(uint256 id, uint256 count) private view returns (uint256 i) {
        while (i < count && _parts[i] != id) ++i;
    }

    function _flag(Rule rule, string memory message) private {
        if (violations[rule]++ == 0) firstViolation[rule] = message;
    }
}
