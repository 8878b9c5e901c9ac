// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartsCampaign} from "./PartsInvariants.t.sol";
import {Model} from "../handlers/Model.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";

/// @title KnownHolesTest
/// @notice The shortest sequences known to break the rules the invariant campaigns check (issue 6
/// items 2 to 5 and 8), played step by step through the same model, then every rule asserted.
/// The campaigns find these by chance; here each is found every time. They fail on the code the
/// issue was filed against and must pass once it is fixed, whatever the fix: a refused step
/// simply changes nothing.
/// @dev `_act` follows the handlers' protocol (who acts, the call, what it did); the part-moving
/// calls are the stable ones (custody, retire, install, remove, transfer, clear, register).
contract KnownHolesTest is PartsCampaign {
    uint256 private _serial;

    function _targetActions() internal override {} // no campaign: scripted sequences only

    // ---------------------------------------------------------------- item 3: no side doors

    function test_the_owner_cannot_hand_a_frozen_part_into_custody() external {
        uint256 p = _newPart(maker);
        _freeze(p);
        _act(maker, abi.encodeCall(parts.assignCustody, (p, station)), Model.Action.Custody, p, 0, _two(maker, station));
        _allRulesHold();
    }

    function test_the_owner_cannot_retire_a_recalled_part() external {
        uint256 p = _newPart(maker);
        _act(maker, abi.encodeCall(parts.recallPart, (p, REASON)), Model.Action.Other, p, 0, _one(maker));
        _act(maker, abi.encodeCall(parts.retirePart, (p, REASON)), Model.Action.Retire, p, 0, _one(maker));
        _allRulesHold();
    }

    function test_nobody_strips_a_frozen_assembly() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _freeze(engine);
        _act(maker, abi.encodeCall(parts.removePart, (blade)), Model.Action.Remove, blade, 0, _one(maker));
        _allRulesHold();
    }

    function test_nothing_goes_into_a_frozen_assembly_through_an_unflagged_child() external {
        (uint256 engine, uint256 module, uint256 blade) = (_newPart(maker), _newPart(maker), _newPart(maker));
        _act(
            maker,
            abi.encodeCall(parts.installPart, (module, engine)),
            Model.Action.Install,
            module,
            engine,
            _one(maker)
        );
        _freeze(engine);
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, module)), Model.Action.Install, blade, module, _one(maker)
        );
        _allRulesHold();
    }

    function test_a_repair_station_cannot_return_a_frozen_part_to_service() external {
        uint256 p = _newPart(maker);
        _act(
            maker,
            abi.encodeCall(parts.transferFrom, (maker, station, p)),
            Model.Action.Move,
            p,
            0,
            _two(maker, station)
        );
        _freeze(p);
        bytes memory call = abi.encodeCall(records.recordMaintenance, (p, keccak256("WO-1"), true));
        model.beforeCall(_one(station));
        vm.prank(station);
        (bool ok,) = address(records).call(call);
        if (ok) model.afterCall(Model.Action.ReturnToService, p, 0, true, "recordMaintenance");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- item 5: operators

    function test_an_offboarded_operator_moves_nothing() external {
        uint256 p = _newPart(maker);
        vm.prank(maker);
        parts.setApprovalForAll(bob, true);
        _act(admin, abi.encodeCall(participants.offboard, (bob)), Model.Action.Other, 0, 0, _one(admin));
        _act(
            bob,
            abi.encodeCall(parts.transferFrom, (maker, alice, p)),
            Model.Action.Move,
            p,
            0,
            _three(bob, maker, alice)
        );
        _allRulesHold();
    }

    function test_an_operators_offer_dies_with_its_approval() external {
        uint256 p = _newPart(maker);
        vm.prank(maker);
        parts.approve(bob, p);
        _act(bob, abi.encodeCall(parts.offerPart, (p, bob, 0)), Model.Action.Other, p, 0, _two(bob, maker));
        model.setOfferMaker(p, bob);
        vm.prank(maker);
        parts.approve(address(0), p); // the owner revokes the operator
        try partsHandler.acceptPart(_indexOf(p), 1) {} catch {} // the recipient (bob) accepts
        _allRulesHold();
    }

    // ---------------------------------------------------------------- item 2: binding recalls

    function test_a_manufacturer_cannot_clear_a_regulators_recall() external {
        uint256 p = _newPart(maker);
        _act(regulator, abi.encodeCall(parts.recallPart, (p, REASON)), Model.Action.Other, p, 0, _one(regulator));
        model.noteRegulatorRecall(p);
        _act(maker, abi.encodeCall(parts.clearPart, (p, REASON)), Model.Action.Other, p, 0, _one(maker));
        _allRulesHold();
    }

    function test_a_manufacturer_cannot_clear_a_regulators_batch_recall() external {
        Model.Batch memory b = model.batch(0); // setUp's batch
        _act(
            regulator,
            abi.encodeCall(parts.recallBatch, (b.manufacturer, b.batchId, REASON)),
            Model.Action.Other,
            0,
            0,
            _one(regulator)
        );
        model.noteRegulatorBatchRecall(b.batchId);
        _act(
            b.manufacturer,
            abi.encodeCall(parts.clearBatch, (b.manufacturer, b.batchId, REASON)),
            Model.Action.Other,
            0,
            0,
            _one(b.manufacturer)
        );
        _allRulesHold();
    }

    // ---------------------------------------------------------------- item 4: lots

    function test_a_lot_serial_becomes_a_part_only_through_the_lots_holder() external {
        Model.Lot memory l = model.lot(0); // setUp's lot, anchored by `maker`
        bytes memory register = abi.encodeCall(parts.registerPart, (l.partNumber, l.serials[0], bytes32(0)));
        model.beforeCall(_one(l.manufacturer));
        vm.prank(l.manufacturer);
        (bool ok, bytes memory result) = address(parts).call(register);
        if (ok) {
            model.afterCall(Model.Action.Other, 0, 0, true, "registerPart");
            model.addPart(abi.decode(result, (uint256)));
        }
        _act(
            l.manufacturer,
            abi.encodeCall(parts.transferLot, (l.manufacturer, l.lotId, alice)),
            Model.Action.Other,
            0,
            0,
            _two(l.manufacturer, alice)
        );
        _allRulesHold();
    }

    // ---------------------------------------------------------------- item 8: ether

    function test_ether_sent_with_a_transfer_does_not_stay_in_the_registry() external {
        uint256 p = _newPart(maker);
        vm.deal(maker, 1 ether);
        model.beforeCall(_two(maker, alice));
        vm.prank(maker);
        (bool ok,) = address(parts).call{value: 1 ether}(abi.encodeCall(parts.transferFrom, (maker, alice, p)));
        if (ok) model.afterCall(Model.Action.Move, p, 0, true, "transferFrom");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- paths the rules allow

    /// @dev The model must not flag what the rules allow (these pass before and after issue 6).
    function test_allowed_a_forced_transfer_moves_a_frozen_recalled_assembly_with_its_parts() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _freeze(engine);
        _act(maker, abi.encodeCall(parts.recallPart, (blade, REASON)), Model.Action.Other, blade, 0, _one(maker));
        _act(
            enforcer,
            abi.encodeCall(parts.forcedTransfer, (engine, alice, REASON)),
            Model.Action.Forced,
            engine,
            0,
            _two(enforcer, alice)
        );
        vm.assertEq(parts.rootOwnerOf(blade), alice, "moved with its root");
        _allRulesHold();
    }

    function test_allowed_a_recalled_part_leaves_a_healthy_assembly() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _act(maker, abi.encodeCall(parts.recallPart, (blade, REASON)), Model.Action.Other, blade, 0, _one(maker));
        _act(maker, abi.encodeCall(parts.removePart, (blade)), Model.Action.Remove, blade, 0, _one(maker));
        vm.assertEq(parts.parentOf(blade), 0, "removed");
        _allRulesHold();
    }

    function test_allowed_a_healthy_assembly_is_sold_with_a_recalled_part_inside() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _act(maker, abi.encodeCall(parts.recallPart, (blade, REASON)), Model.Action.Other, blade, 0, _one(maker));
        _act(
            maker,
            abi.encodeCall(parts.transferFrom, (maker, alice, engine)),
            Model.Action.Move,
            engine,
            0,
            _three(maker, maker, alice)
        );
        vm.assertEq(parts.rootOwnerOf(blade), alice, "travelled with its root (README, Known limits)");
        _allRulesHold();
    }

    function test_allowed_parts_are_salvaged_from_a_retired_assembly() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _act(maker, abi.encodeCall(parts.retirePart, (engine, REASON)), Model.Action.Retire, engine, 0, _one(maker));
        _act(maker, abi.encodeCall(parts.removePart, (blade)), Model.Action.Remove, blade, 0, _one(maker));
        vm.assertEq(parts.parentOf(blade), 0, "salvaged");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- helpers

    /// @dev One step as the handlers take it: the model sees who acts, the call is made, and if
    /// it succeeded the model checks what it did.
    function _act(
        address caller,
        bytes memory data,
        Model.Action action,
        uint256 partId,
        uint256 partId2,
        address[] memory parties
    ) private {
        address target = bytes4(data) == participants.offboard.selector ? address(participants) : address(parts);
        model.beforeCall(parties);
        vm.prank(caller);
        (bool ok,) = target.call(data);
        if (ok) model.afterCall(action, partId, partId2, target == address(parts), "scripted step");
    }

    function _newPart(address manufacturer) private returns (uint256 partId) {
        vm.prank(manufacturer);
        partId = parts.registerPart(PN, bytes32(0x4b000 + ++_serial), bytes32(0));
        model.addPart(partId);
    }

    function _freeze(uint256 partId) private {
        _act(
            regulator,
            abi.encodeCall(parts.freezePart, (partId, REASON)),
            Model.Action.Other,
            partId,
            0,
            _one(regulator)
        );
        vm.assertTrue(parts.flagsOf(partId) & PartData.FROZEN != 0, "frozen");
    }

    function _indexOf(uint256 partId) private view returns (uint256 index) {
        uint256[] memory all = model.allParts();
        while (all[index] != partId) ++index;
    }

    function _one(address a) private pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _two(address a, address b) private pure returns (address[] memory list) {
        list = new address[](2);
        (list[0], list[1]) = (a, b);
    }

    function _three(address a, address b, address c) private pure returns (address[] memory list) {
        list = new address[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }
}
