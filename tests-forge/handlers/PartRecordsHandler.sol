// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HandlerBase} from "./HandlerBase.sol";
import {Model} from "./Model.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title PartRecordsHandler
/// @notice Every call an invariant campaign makes to PartRecords, and only here: certificates,
/// lifecycle events, life limits, usage, maintenance. Callers are drawn from those with a
/// standing on the part (manufacturer, holder, custodian, the repair station) and anyone.
/// Owners authorise and revoke stations. After every write that succeeded, the handler checks
/// the writer's standing by the README's rules, computed here from the registry's views and the
/// authorisations it saw made, and reports a write without one.
contract PartRecordsHandler is HandlerBase {
    uint256 private _certificates;

    /// @dev The standings of one account on one part, as the rules define them.
    struct Standing {
        bool holder; // owner of the root assembly, or custodian of the part or of its root
        bool authorised; // a repair station the root's owner authorised for the part or its root
        bool manufacturer; // the part's manufacturer, holding MANUFACTURER_ROLE now
        bool station; // holds REPAIR_STATION_ROLE now
    }

    /// @dev Authorisations as the handler made them: (part, owner, station).
    mapping(uint256 partId => mapping(address owner => mapping(address station => bool))) private _authorised;

    constructor(Model model_) HandlerBase(model_) {}

    /// @inheritdoc HandlerBase
    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](7);
        list[0] = this.attachCertificate.selector;
        list[1] = this.recordEvent.selector;
        list[2] = this.setLifeLimit.selector;
        list[3] = this.recordUsage.selector;
        list[4] = this.recordMaintenance.selector;
        list[5] = this.authoriseStation.selector;
        list[6] = this.revokeStation.selector;
    }

    /// @notice The owner of the root (mostly) authorises an account (mostly the repair station).
    function authoriseStation(uint256 partSeed, uint256 callerSeed, uint256 stationSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.rootOwnerOf(partId), callerSeed);
        address station = _mostly(model.actor(6), stationSeed); // 6: the repair station (Cast)
        model.beforeCall(_list(caller, station));
        vm.prank(caller);
        try records.authoriseStation(partId, station) {
            model.afterCall(Model.Action.Other, partId, 0, true, "authoriseStation");
            _authorised[partId][caller][station] = true;
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The owner of the root (mostly) revokes a station it authorised.
    function revokeStation(uint256 partSeed, uint256 callerSeed, uint256 stationSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.rootOwnerOf(partId), callerSeed);
        address station = _mostly(model.actor(6), stationSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.revokeStation(partId, station) {
            model.afterCall(Model.Action.Other, partId, 0, true, "revokeStation");
            _authorised[partId][caller][station] = false;
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Attaches a first certificate or a re-certification of the current one.
    function attachCertificate(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        bytes32 current = records.currentCertificate(partId);
        bytes32 certHash = keccak256(abi.encode("certificate", ++_certificates));
        Standing memory st = _standing(partId, caller);
        bool may = st.manufacturer || (current != 0 && st.station && (st.holder || st.authorised));
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.attachCertificate(partId, certHash, current) {
            model.afterCall(Model.Action.Other, partId, 0, true, "attachCertificate");
            _check(may, caller, partId, "attachCertificate");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Records a lifecycle event of any business step.
    function recordEvent(uint256 partSeed, uint256 callerSeed, uint8 step) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        IPartRecords.BizStep bizStep = IPartRecords.BizStep(step % 9);
        Standing memory st = _standing(partId, caller);
        bool may = bizStep == IPartRecords.BizStep.Commissioning
            ? st.manufacturer
            : st.holder
                || ((bizStep == IPartRecords.BizStep.Inspecting || bizStep == IPartRecords.BizStep.Repairing)
                    && st.authorised);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordEvent(partId, bizStep, IPartRecords.Disposition.Active, bytes32(0), bytes32(0), 0, 0) {
            model.afterCall(Model.Action.Other, partId, 0, true, "recordEvent");
            _check(may, caller, partId, "recordEvent");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The manufacturer (mostly) sets a life limit.
    function setLifeLimit(uint256 partSeed, uint256 callerSeed, uint64 cycles, uint64 hours_) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.verifyPart(partId).manufacturer, callerSeed);
        bool may = _standing(partId, caller).manufacturer;
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.setLifeLimit(partId, 1 + cycles % 100, hours_ % 1000) {
            model.afterCall(Model.Action.Other, partId, 0, true, "setLifeLimit");
            _check(may, caller, partId, "setLifeLimit");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Adds usage: small figures mostly, one time in eight any 64-bit figure (the
    /// contract bounds each record; the standing and the bounds are checked on success).
    function recordUsage(uint256 partSeed, uint256 callerSeed, uint64 cycles, uint64 hours_) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        if (callerSeed % 8 != 0) (cycles, hours_) = (cycles % 50, hours_ % 500);
        Standing memory st = _standing(partId, caller);
        bool may = (st.holder || st.authorised) && cycles <= records.MAX_CYCLES_PER_RECORD()
            && hours_ <= records.MAX_HOURS_PER_RECORD();
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordUsage(partId, cycles, hours_) {
            model.afterCall(Model.Action.Other, partId, 0, true, "recordUsage");
            _check(may, caller, partId, "recordUsage (standing or bounds)");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Records maintenance, half the time returning the part to service.
    function recordMaintenance(uint256 partSeed, uint256 callerSeed, bool returnToService) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        Standing memory st = _standing(partId, caller);
        bool may = st.station && (st.holder || st.authorised);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordMaintenance(partId, keccak256("work order"), returnToService) {
            _check(may, caller, partId, "recordMaintenance");
            model.afterCall(
                returnToService ? Model.Action.ReturnToService : Model.Action.Other,
                partId,
                0,
                true,
                "recordMaintenance"
            );
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @dev The manufacturer, the holder, the custodian, the repair station, or anyone.
    function _recorder(uint256 partId, uint256 seed) private view returns (address) {
        uint256 pick = seed % 5;
        if (pick == 0) return parts.verifyPart(partId).manufacturer;
        if (pick == 1) return parts.rootOwnerOf(partId);
        if (pick == 2) {
            address custodian = parts.custodianOf(partId);
            if (custodian != address(0)) return custodian;
        }
        if (pick == 3) return model.actor(6); // 6: the repair station (Cast)
        return _actor(seed >> 3);
    }

    /// @dev Reports a write that succeeded without the standing the rules require.
    function _check(bool may, address caller, uint256 partId, string memory what) private {
        if (may) return;
        model.report(
            Model.Rule.RecordWithoutStanding,
            string.concat(what, ": ", vm.toString(caller), " has no standing on part ", vm.toString(partId))
        );
    }

    /// @dev `account`'s standings on the part, from the registry's views and the handler's record
    /// of authorisations (keyed by the owner that made them: a new owner starts with none).
    function _standing(uint256 partId, address account) private view returns (Standing memory st) {
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        bool installed = info.parent != 0;
        st.holder = account == info.owner || account == info.custodian
            || (installed && account == parts.custodianOf(info.root));
        st.station = _hasRole(Roles.REPAIR_STATION, account);
        st.authorised =
            (_authorised[partId][info.owner][account] || (installed && _authorised[info.root][info.owner][account]))
                && st.station && participants.isActive(info.owner);
        st.manufacturer = account == info.manufacturer && _hasRole(Roles.MANUFACTURER, account);
    }

    function _hasRole(bytes32 role, address account) private view returns (bool) {
        return IAccessControl(address(participants)).hasRole(role, account);
    }
}
