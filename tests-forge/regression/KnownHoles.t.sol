// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartsCampaign} from "../invariant/PartsInvariants.t.sol";
import {Cast} from "../utils/Suite.sol";
import {Orders} from "../utils/Orders.sol";
import {Model} from "../handlers/Model.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {MockERC1271Wallet} from "../../contracts/test/MockERC1271Wallet.sol";

/// @title KnownHolesTest
/// @notice Regression tests for holes found in the part rules: each replays the attack
/// step by step through the campaigns' model, asserts the step is refused with the error the
/// rule names (and changes nothing), then asserts every rule of the campaigns. They failed on
/// the code the issue was filed against. The last ones replay paths the rules allow, which the
/// model must not flag. (Item 1, one key locking or capturing the suite: AuthorityInvariants.)
/// @dev `_act` follows the handlers' protocol (who acts, the call, what it did); `_refusedStep`
/// makes a call the rules refuse and checks its revert data byte for byte.
contract KnownHolesTest is PartsCampaign {
    uint256 private _serial;

    function _targetActions() internal override {} // no campaign: scripted sequences only

    // ---------------------------------------------------------------- no side doors

    function test_the_owner_cannot_hand_a_frozen_part_into_custody() external {
        uint256 p = _newPart(maker);
        _freeze(p);
        _refusedStep(
            maker, abi.encodeCall(parts.assignCustody, (p, station)), _err(IPartRegistry.PartFrozen.selector, p)
        );
        _allRulesHold();
    }

    function test_the_owner_cannot_retire_a_recalled_or_frozen_part() external {
        uint256 p = _newPart(maker);
        _act(maker, abi.encodeCall(parts.recallPart, (p, REASON)), Model.Action.Other, p, 0, _one(maker));
        _refusedStep(maker, abi.encodeCall(parts.retirePart, (p, REASON)), _err(IPartRegistry.PartSuspect.selector, p));
        uint256 q = _newPart(maker);
        _freeze(q);
        _refusedStep(maker, abi.encodeCall(parts.retirePart, (q, REASON)), _err(IPartRegistry.PartFrozen.selector, q));
        _allRulesHold();
    }

    function test_nobody_strips_a_frozen_or_recalled_assembly() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _install(blade, engine);
        _freeze(engine);
        _refusedStep(maker, abi.encodeCall(parts.removePart, (blade)), _err(IPartRegistry.PartFrozen.selector, engine));
        (uint256 engine2, uint256 blade2) = (_newPart(maker), _newPart(maker));
        _install(blade2, engine2);
        _act(
            regulator,
            abi.encodeCall(parts.recallPart, (engine2, REASON)),
            Model.Action.Other,
            engine2,
            0,
            _one(regulator)
        );
        model.noteRegulatorRecall(engine2);
        _refusedStep(
            maker, abi.encodeCall(parts.removePart, (blade2)), _err(IPartRegistry.PartSuspect.selector, engine2)
        );
        _allRulesHold();
    }

    function test_nothing_goes_into_a_frozen_assembly_through_an_unflagged_child() external {
        (uint256 engine, uint256 module, uint256 blade) = (_newPart(maker), _newPart(maker), _newPart(maker));
        _install(module, engine);
        _freeze(engine);
        _refusedStep(
            maker, abi.encodeCall(parts.installPart, (blade, module)), _err(IPartRegistry.PartFrozen.selector, engine)
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
        model.beforeCall(_one(station));
        vm.prank(station);
        vm.expectRevert(_err(IPartRecords.PartFrozen.selector, p));
        records.recordMaintenance(p, keccak256("WO-1"), true);
        _allRulesHold();
    }

    // ---------------------------------------------------------------- operators

    function test_an_offboarded_operator_moves_nothing() external {
        uint256 p = _newPart(maker);
        vm.prank(maker);
        parts.setApprovalForAll(bob, true);
        _act(admin, abi.encodeCall(participants.offboard, (bob)), Model.Action.Other, 0, 0, _one(admin));
        _refusedStep(
            bob,
            abi.encodeCall(parts.transferFrom, (maker, alice, p)),
            abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, bob)
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
        _refusedStep(
            bob,
            abi.encodeCall(parts.acceptPart, (p)),
            abi.encodeWithSelector(IPartRegistry.OfferMakerNotApproved.selector, p, bob, maker)
        );
        vm.assertEq(parts.ownerOf(p), maker, "still the owner's");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- binding recalls

    function test_a_manufacturer_cannot_clear_a_regulators_recall() external {
        uint256 p = _newPart(maker);
        _act(regulator, abi.encodeCall(parts.recallPart, (p, REASON)), Model.Action.Other, p, 0, _one(regulator));
        model.noteRegulatorRecall(p);
        _refusedStep(
            maker,
            abi.encodeCall(parts.clearPart, (p, REASON)),
            abi.encodeWithSelector(IPartRegistry.RecallImposedByRegulator.selector, p, maker)
        );
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
        bytes memory imposed =
            abi.encodeWithSelector(IPartRegistry.BatchRecallImposedByRegulator.selector, b.batchId, b.manufacturer);
        _refusedStep(b.manufacturer, abi.encodeCall(parts.clearBatch, (b.manufacturer, b.batchId, REASON)), imposed);
        uint256 member = parts.partIdOf(b.manufacturer, bytes32("CFM56-BLADE"), bytes32(uint256(4)));
        vm.assertEq(parts.verifyPart(member).batchId, b.batchId, "a part of the batch");
        _refusedStep(b.manufacturer, abi.encodeCall(parts.clearPart, (member, REASON)), imposed);
        _allRulesHold();
    }

    function test_a_manufacturer_whose_role_was_revoked_neither_recalls_nor_clears() external {
        (uint256 p, uint256 q) = (_newPart(maker), _newPart(maker));
        _act(maker, abi.encodeCall(parts.recallPart, (p, REASON)), Model.Action.Other, p, 0, _one(maker));
        vm.prank(admin);
        participants.revokeRole(Roles.MANUFACTURER, maker);
        bytes memory noRole =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, maker, Roles.MANUFACTURER);
        _refusedStep(maker, abi.encodeCall(parts.clearPart, (p, REASON)), noRole);
        _refusedStep(maker, abi.encodeCall(parts.recallPart, (q, REASON)), noRole);
        _allRulesHold();
    }

    function test_a_part_of_a_recalled_batch_is_recalled_on_its_own_and_stays_so() external {
        Model.Batch memory b = model.batch(0);
        uint256 member = parts.partIdOf(b.manufacturer, bytes32("CFM56-BLADE"), bytes32(uint256(4)));
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
            regulator2,
            abi.encodeCall(parts.recallPart, (member, REASON)),
            Model.Action.Other,
            member,
            0,
            _one(regulator2)
        );
        model.noteRegulatorRecall(member);
        _act(
            regulator,
            abi.encodeCall(parts.clearBatch, (b.manufacturer, b.batchId, REASON)),
            Model.Action.Other,
            0,
            0,
            _one(regulator)
        );
        model.noteRegulatorBatchClear(b.batchId);
        vm.assertTrue(parts.isSuspect(member), "lifting the batch recall does not free it");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- lots

    /// @dev The manufacturer registers a lot serial outside the lot, then hands the lot on: the
    /// serial's lot id is not taken, the holder claims it, and a recall of the lot covers it.
    function test_a_lot_serial_becomes_a_part_only_through_the_lots_holder() external {
        Model.Lot memory l = model.lot(0); // setUp's lot, anchored by `maker`
        vm.prank(l.manufacturer);
        uint256 outside = parts.registerPart(l.partNumber, l.serials[0], bytes32(0));
        model.addPart(outside);
        vm.assertTrue(outside != parts.lotPartIdOf(l.manufacturer, l.partNumber, l.serials[0], l.lotId), "another id");
        _act(
            l.manufacturer,
            abi.encodeCall(parts.transferLot, (l.manufacturer, l.lotId, alice)),
            Model.Action.Other,
            0,
            0,
            _two(l.manufacturer, alice)
        );
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = Orders.leaf(l.partNumber, l.serials[1]);
        vm.prank(l.manufacturer);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotLotHolder.selector, l.lotId, l.manufacturer, alice));
        parts.claimLotPart(l.manufacturer, l.lotId, l.partNumber, l.serials[0], proof);
        _allRulesHold(); // the holder can claim both serials
        vm.prank(alice);
        uint256 claimed = parts.claimLotPart(l.manufacturer, l.lotId, l.partNumber, l.serials[0], proof);
        vm.prank(regulator);
        parts.recallBatch(l.manufacturer, l.lotId, REASON);
        vm.assertTrue(parts.isSuspect(claimed), "a recall of the lot covers its claimed parts");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.LotRecalled.selector, l.lotId));
        parts.transferLot(l.manufacturer, l.lotId, bob);
    }

    function test_a_registration_batch_is_not_a_lot() external {
        Model.Batch memory b = model.batch(0); // setUp's registration batch
        _refusedStep(
            b.manufacturer,
            abi.encodeCall(parts.transferLot, (b.manufacturer, b.batchId, alice)),
            abi.encodeWithSelector(IPartRegistry.NotALot.selector, b.batchId)
        );
        _allRulesHold();
    }

    // ---------------------------------------------------------------- records standing

    function test_a_repair_station_without_standing_writes_nothing() external {
        uint256 p = _newPart(maker);
        vm.prank(maker);
        records.attachCertificate(p, keccak256("cert"), 0);
        bytes memory refused = abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, p, station);
        vm.startPrank(station);
        vm.expectRevert(refused);
        records.recordUsage(p, 1, 1);
        vm.expectRevert(refused);
        records.attachCertificate(p, keccak256("forged"), keccak256("cert"));
        vm.expectRevert(refused);
        records.recordMaintenance(p, keccak256("WO"), false);
        vm.stopPrank();
        // The owner's authorisation gives it a standing; bounded inputs all the same.
        vm.prank(maker);
        records.authoriseStation(p, station);
        vm.startPrank(station);
        records.recordUsage(p, 1, 1);
        uint64 max = records.MAX_CYCLES_PER_RECORD();
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRecords.UsageTooLarge.selector, p, max + 1, 0, max, records.MAX_HOURS_PER_RECORD()
            )
        );
        records.recordUsage(p, max + 1, 0);
        vm.stopPrank();
        _allRulesHold();
    }

    // ---------------------------------------------------------------- signed orders

    /// @dev An order cancelled with useNonce() stays dead once the part sits in an ERC-1271
    /// wallet that accepts the same key: the order names its owner.
    function test_a_cancelled_order_does_not_revive_in_a_wallet_sharing_the_key() external {
        uint256 p = _newPart(maker);
        _act(maker, abi.encodeCall(parts.transferFrom, (maker, alice, p)), Model.Action.Move, p, 0, _two(maker, alice));
        uint256 deadline = block.timestamp + 1 days;
        bytes memory order = Orders.sign(parts, Cast.ALICE, p, alice, bob, 0, deadline);
        vm.prank(alice);
        parts.useNonce(); // alice cancels the order
        MockERC1271Wallet wallet = new MockERC1271Wallet(alice, true);
        _onboard(address(wallet), bytes32(0));
        model.addActor(address(wallet), 0);
        vm.prank(alice);
        parts.transferFrom(alice, address(wallet), p);
        vm.assertEq(parts.nonces(address(wallet)), 0, "the wallet's nonce is the order's");
        _refusedStep(
            bob,
            abi.encodeCall(parts.transferBySignature, (p, bob, 0, deadline, order)),
            abi.encodeWithSelector(IPartRegistry.InvalidSignature.selector, p, address(wallet))
        );
        vm.assertEq(parts.ownerOf(p), address(wallet), "still the wallet's");
        _allRulesHold();
    }

    /// @dev Fuzzed: whatever nonce the order carries and whether it was cancelled, an order
    /// signed for the EOA never moves the part out of a wallet that accepts the same key; an
    /// order naming the wallet, signed with that key, does (positive control).
    function testFuzz_an_order_binds_the_owner_it_names(uint8 nonceSeed, bool cancelled, uint256 deadlineSeed)
        external
    {
        uint256 nonce = nonceSeed % 4;
        uint256 deadline = block.timestamp + 1 + deadlineSeed % 30 days;
        uint256 p = _newPart(maker);
        vm.prank(maker);
        parts.transferFrom(maker, alice, p);
        MockERC1271Wallet wallet = new MockERC1271Wallet(alice, true);
        _onboard(address(wallet), bytes32(0));
        model.addActor(address(wallet), 0);
        for (uint256 i; i < nonce; ++i) {
            vm.prank(alice);
            parts.useNonce();
            vm.prank(address(wallet));
            parts.useNonce();
        }
        bytes memory order = Orders.sign(parts, Cast.ALICE, p, alice, bob, nonce, deadline);
        if (cancelled) {
            vm.prank(alice);
            parts.useNonce();
        }
        vm.prank(alice);
        parts.transferFrom(alice, address(wallet), p);
        _refusedStep(
            bob,
            abi.encodeCall(parts.transferBySignature, (p, bob, nonce, deadline, order)),
            abi.encodeWithSelector(IPartRegistry.InvalidSignature.selector, p, address(wallet))
        );
        bytes memory walletOrder = Orders.sign(parts, Cast.ALICE, p, address(wallet), bob, nonce, deadline);
        vm.prank(bob);
        parts.transferBySignature(p, bob, nonce, deadline, walletOrder);
        vm.assertEq(parts.ownerOf(p), bob, "an order naming the wallet moves it");
        _allRulesHold();
    }

    // ---------------------------------------------------------------- small ones

    function test_ether_sent_with_erc721_calls_is_refused() external {
        uint256 p = _newPart(maker);
        vm.deal(maker, 3 ether);
        bytes memory refused = abi.encodeWithSelector(IPartRegistry.EtherNotAccepted.selector, 1 ether);
        vm.startPrank(maker);
        vm.expectRevert(refused);
        parts.transferFrom{value: 1 ether}(maker, alice, p);
        vm.expectRevert(refused);
        parts.safeTransferFrom{value: 1 ether}(maker, alice, p);
        vm.expectRevert(refused);
        parts.approve{value: 1 ether}(alice, p);
        vm.stopPrank();
        _allRulesHold();
    }

    /// @dev A part that once topped a full-depth assembly goes into an assembly again once its
    /// deepest child is out: heights are exact, not high-water marks.
    function test_a_part_that_topped_a_full_depth_assembly_is_installed_again() external {
        uint256 depth = parts.MAX_ASSEMBLY_DEPTH();
        uint256[] memory chain = new uint256[](depth + 1);
        for (uint256 i; i <= depth; ++i) {
            chain[i] = _newPart(maker);
        }
        for (uint256 i = depth; i > 0; --i) {
            _install(chain[i], chain[i - 1]); // bottom up: chain[0] tops an assembly 8 levels deep
        }
        uint256 host = _newPart(maker);
        _refusedStep(
            maker,
            abi.encodeCall(parts.installPart, (chain[0], host)),
            abi.encodeWithSelector(IPartRegistry.AssemblyTooDeep.selector, chain[0], host, depth + 1, depth)
        );
        _act(maker, abi.encodeCall(parts.removePart, (chain[depth])), Model.Action.Remove, chain[depth], 0, _one(maker));
        _install(chain[0], host);
        vm.assertEq(parts.parentOf(chain[0]), host, "installed again");
        _allRulesHold();
    }

    function test_a_missing_part_is_part_not_found_everywhere() external {
        bytes memory missing = _err(IPartRegistry.PartNotFound.selector, 404);
        vm.expectRevert(missing);
        parts.ownerOf(404);
        vm.expectRevert(missing);
        parts.getApproved(404);
        vm.prank(maker);
        vm.expectRevert(missing);
        parts.approve(alice, 404);
        vm.assertFalse(parts.supportsInterface(0x5b5e139f), "no metadata claim");
        vm.assertTrue(parts.supportsInterface(0x80ac58cd), "ERC-721");
    }

    // ---------------------------------------------------------------- paths the rules allow

    /// @dev The model must not flag what the rules allow (these pass before and after the fixes).
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

    function test_a_healthy_assembly_is_not_sold_with_a_recalled_part_inside() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        _act(maker, abi.encodeCall(parts.recallPart, (blade, REASON)), Model.Action.Other, blade, 0, _one(maker));
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.ContainsFlaggedPart.selector, engine));
        parts.transferFrom(maker, alice, engine);
        vm.assertEq(parts.rootOwnerOf(blade), maker, "stays with the seller");
        _allRulesHold();
    }

    function test_allowed_parts_are_salvaged_before_an_assembly_is_retired() external {
        (uint256 engine, uint256 blade) = (_newPart(maker), _newPart(maker));
        _act(
            maker, abi.encodeCall(parts.installPart, (blade, engine)), Model.Action.Install, blade, engine, _one(maker)
        );
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.AssemblyNotEmpty.selector, engine));
        parts.retirePart(engine, REASON);
        _act(maker, abi.encodeCall(parts.removePart, (blade)), Model.Action.Remove, blade, 0, _one(maker));
        _act(maker, abi.encodeCall(parts.retirePart, (engine, REASON)), Model.Action.Retire, engine, 0, _one(maker));
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

    /// @dev A step the rules refuse: it reverts with exactly `expected`, and changes nothing.
    function _refusedStep(address caller, bytes memory data, bytes memory expected) private {
        model.beforeCall(_one(caller));
        vm.prank(caller);
        (bool ok, bytes memory reason) = address(parts).call(data);
        vm.assertFalse(ok, "the rules refuse this step");
        vm.assertEq(reason, expected, "refused with the named error");
    }

    function _install(uint256 child, uint256 parent) private {
        _act(
            maker, abi.encodeCall(parts.installPart, (child, parent)), Model.Action.Install, child, parent, _one(maker)
        );
        vm.assertEq(parts.parentOf(child), parent, "installed");
    }

    function _err(bytes4 selector, uint256 partId) private pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, partId);
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
