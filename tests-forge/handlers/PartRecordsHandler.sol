// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HandlerBase} from "./HandlerBase.sol";
import {Model} from "./Model.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";

/// @title PartRecordsHandler
/// @notice Every call an invariant campaign makes to PartRecords, and only here: certificates,
/// lifecycle events, life limits, usage, maintenance. Callers are drawn from those with a
/// standing on the part (manufacturer, holder, custodian, the repair station) and anyone.
contract PartRecordsHandler is HandlerBase {
    uint256 private _certificates;

    constructor(Model model_) HandlerBase(model_) {}

    /// @inheritdoc HandlerBase
    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](5);
        list[0] = this.attachCertificate.selector;
        list[1] = this.recordEvent.selector;
        list[2] = this.setLifeLimit.selector;
        list[3] = this.recordUsage.selector;
        list[4] = this.recordMaintenance.selector;
    }

    /// @notice Attaches a first certificate or a re-certification of the current one.
    function attachCertificate(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        bytes32 current = records.currentCertificate(partId);
        bytes32 certHash = keccak256(abi.encode("certificate", ++_certificates));
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.attachCertificate(partId, certHash, current) {
            model.afterCall(Model.Action.Other, partId, 0, true, "attachCertificate");
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
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordEvent(partId, bizStep, IPartRecords.Disposition.Active, bytes32(0), bytes32(0), 0, 0) {
            model.afterCall(Model.Action.Other, partId, 0, true, "recordEvent");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The manufacturer (mostly) sets a life limit.
    function setLifeLimit(uint256 partSeed, uint256 callerSeed, uint64 cycles, uint64 hours_) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.verifyPart(partId).manufacturer, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.setLifeLimit(partId, 1 + cycles % 100, hours_ % 1000) {
            model.afterCall(Model.Action.Other, partId, 0, true, "setLifeLimit");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Adds usage.
    function recordUsage(uint256 partSeed, uint256 callerSeed, uint64 cycles, uint64 hours_) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordUsage(partId, cycles % 50, hours_ % 500) {
            model.afterCall(Model.Action.Other, partId, 0, true, "recordUsage");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice Records maintenance, half the time returning the part to service.
    function recordMaintenance(uint256 partSeed, uint256 callerSeed, bool returnToService) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _recorder(partId, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try records.recordMaintenance(partId, keccak256("work order"), returnToService) {
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
}
