// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite, Cast} from "../utils/Suite.sol";
import {Orders} from "../utils/Orders.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";
import {PartRecords} from "../../contracts/PartRecords.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {IServiceability} from "../../contracts/interfaces/IServiceability.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";

/// @title PartRegistryTestBase
/// @notice Shortcuts the PartRegistry tests share.
abstract contract PartRegistryTestBase is Suite {
    bytes32 internal constant LOT_PN = bytes32("NAS1149-WASHER");
    uint256 internal part;

    function setUp() public virtual {
        _deploySuite();
        part = _register(maker, "SN-1");
    }

    function _give(uint256 partId, address to) internal {
        address owner = parts.ownerOf(partId);
        vm.prank(owner);
        parts.transferFrom(owner, to, partId);
    }

    function _install(uint256 child, uint256 parent) internal {
        vm.prank(parts.ownerOf(child));
        parts.installPart(child, parent);
    }

    /// @dev A two-serial lot of `manufacturer`.
    function _anchorLot(address manufacturer) internal returns (uint32 lotId) {
        bytes32 root = Orders.hashPair(Orders.leaf(LOT_PN, "L-1"), Orders.leaf(LOT_PN, "L-2"));
        vm.prank(manufacturer);
        lotId = parts.anchorLot(LOT_PN, "LOT-7", root, 2, bytes32(0));
    }

    function _proof(bytes32 otherSerial) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](1);
        proof[0] = Orders.leaf(LOT_PN, otherSerial);
    }

    function _err(bytes4 selector, uint256 partId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, partId);
    }

    function _assertCode(IPartRegistry.TransferCode actual, IPartRegistry.TransferCode expected, string memory what)
        internal
        pure
    {
        vm.assertEq(uint256(actual), uint256(expected), what);
    }
}

/// @title RegistrationTest
/// @notice registerPart, registerBatch, anchorLot, claimLotPart, transferLot and the views.
contract RegistrationTest is PartRegistryTestBase {
    function test_a_part_is_minted_to_its_manufacturer_under_its_computed_id() external view {
        vm.assertEq(part, uint256(keccak256(abi.encode(maker, PN, bytes32("SN-1")))), "id");
        vm.assertEq(parts.ownerOf(part), maker, "owner");
        IPartRegistry.PartInfo memory info = _info(part);
        vm.assertTrue(info.genuine, "genuine");
        vm.assertEq(uint256(info.status), uint256(IPartRegistry.PartStatus.InService), "in service");
        vm.assertEq(info.manufacturer, maker, "manufacturer");
        vm.assertEq(info.root, part, "its own root");
        vm.assertEq(parts.verifySerial(maker, PN, "SN-1").partId, part, "verifySerial");
        vm.assertEq(parts.tokenURI(part), "", "no URI");
        vm.assertEq(parts.name(), "PartLedger Part", "name");
        vm.assertEq(parts.symbol(), "PART", "symbol");
    }

    function testFuzz_part_ids_are_the_hash_of_manufacturer_part_and_serial(address m, bytes32 pn, bytes32 sn)
        external
        view
    {
        vm.assertEq(parts.partIdOf(m, pn, sn), uint256(keccak256(abi.encode(m, pn, sn))), "partIdOf");
    }

    function test_an_unknown_part_is_not_genuine_and_views_refuse_it() external {
        IPartRegistry.PartInfo memory info = _info(42);
        vm.assertFalse(info.genuine, "not genuine");
        vm.assertEq(uint256(info.status), uint256(IPartRegistry.PartStatus.NotRegistered), "not registered");
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 42));
        parts.rootOwnerOf(42);
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 42));
        parts.tokenURI(42);
        _assertCode(parts.canTransfer(maker, bob, 42), IPartRegistry.TransferCode.PartNotFound, "canTransfer");
    }

    function test_registration_guards() external {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, Roles.MANUFACTURER)
        );
        parts.registerPart(PN, "SN-2", 0);
        vm.startPrank(maker);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.registerPart(0, "SN-2", 0);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.registerPart(PN, 0, 0);
        vm.expectRevert(_err(IPartRegistry.PartAlreadyRegistered.selector, part));
        parts.registerPart(PN, "SN-1", 0);
        vm.stopPrank();
    }

    function testFuzz_a_batch_registers_every_serial_in_one_batch(uint8 sizeSeed) external {
        uint256 size = 1 + uint256(sizeSeed) % 40;
        (uint32 batchId, uint256[] memory ids) = _registerBatch(maker2, size);
        vm.assertEq(parts.batchCount(), batchId, "batch count");
        vm.assertEq(parts.balanceOf(maker2), size, "balance");
        for (uint256 i; i < size; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), maker2, "owner");
            vm.assertEq(_info(ids[i]).batchId, batchId, "batch id");
        }
        vm.assertEq(parts.batchCommitment(maker2, batchId), keccak256("PartLedger.registrationBatch"), "marker");
    }

    function test_batch_guards() external {
        bytes32[] memory none = new bytes32[](0);
        bytes32[] memory tooMany = new bytes32[](257);
        bytes32[] memory withEmpty = new bytes32[](2);
        withEmpty[0] = "B-1";
        bytes32[] memory one = new bytes32[](1);
        one[0] = "B-1";
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidBatchSize.selector, 0, 256));
        parts.registerBatch(PN, none, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidBatchSize.selector, 257, 256));
        parts.registerBatch(PN, tooMany, 0);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.registerBatch(0, one, 0);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.registerBatch(PN, withEmpty, 0);
        vm.stopPrank();
    }

    function test_a_lot_is_anchored_and_its_holder_claims_each_serial_once() external {
        uint32 lotId = _anchorLot(maker);
        vm.assertTrue(parts.isLotMember(maker, lotId, LOT_PN, "L-1", _proof("L-2")), "member");
        vm.assertFalse(parts.isLotMember(maker, lotId, LOT_PN, "L-3", _proof("L-2")), "not a member");
        vm.prank(maker);
        parts.transferLot(maker, lotId, alice);
        vm.assertEq(parts.lotHolder(maker, lotId), alice, "holder");
        vm.prank(alice);
        uint256 id = parts.claimLotPart(maker, lotId, LOT_PN, "L-1", _proof("L-2"));
        vm.assertEq(parts.ownerOf(id), alice, "claimed to the holder");
        vm.assertEq(_info(id).batchId, lotId, "in the lot");
        vm.assertEq(_info(id).manufacturer, maker, "made by the manufacturer");
        vm.prank(alice);
        vm.expectRevert(_err(IPartRegistry.PartAlreadyRegistered.selector, id));
        parts.claimLotPart(maker, lotId, LOT_PN, "L-1", _proof("L-2"));
    }

    function test_lot_guards() external {
        vm.startPrank(maker);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.anchorLot(0, "LOT", bytes32(uint256(1)), 2, 0);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.anchorLot(LOT_PN, 0, bytes32(uint256(1)), 2, 0);
        vm.expectRevert(IPartRegistry.InvalidMerkleRoot.selector);
        parts.anchorLot(LOT_PN, "LOT", 0, 2, 0);
        vm.expectRevert(IPartRegistry.InvalidMerkleRoot.selector);
        parts.anchorLot(LOT_PN, "LOT", keccak256("PartLedger.registrationBatch"), 2, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidBatchSize.selector, 0, type(uint32).max));
        parts.anchorLot(LOT_PN, "LOT", bytes32(uint256(1)), 0, 0);
        vm.stopPrank();

        uint32 lotId = _anchorLot(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.BatchNotFound.selector, maker2, lotId));
        parts.lotHolder(maker2, lotId);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.BatchNotFound.selector, maker2, lotId));
        parts.isLotMember(maker2, lotId, LOT_PN, "L-1", _proof("L-2"));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotLotHolder.selector, lotId, alice, maker));
        parts.claimLotPart(maker, lotId, LOT_PN, "L-1", _proof("L-2"));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotLotHolder.selector, lotId, alice, maker));
        parts.transferLot(maker, lotId, bob);
        vm.startPrank(maker);
        vm.expectRevert(IPartRegistry.EmptyIdentifier.selector);
        parts.claimLotPart(maker, lotId, LOT_PN, 0, _proof("L-2"));
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidLotProof.selector, lotId, bytes32("L-3")));
        parts.claimLotPart(maker, lotId, LOT_PN, "L-3", _proof("L-2"));
        vm.stopPrank();
    }

    /// @dev Any lot built here (2 to 16 distinct serials, a full binary tree padded by pairing
    /// up) proves each of its serials and nothing else.
    function testFuzz_lot_membership_matches_the_tree(uint256 salt, uint8 sizeSeed) external {
        uint256 size = 2 + uint256(sizeSeed) % 15;
        bytes32[] memory serials = new bytes32[](size);
        bytes32[] memory leaves = new bytes32[](size);
        for (uint256 i; i < size; ++i) {
            serials[i] = keccak256(abi.encode(salt, i));
            leaves[i] = Orders.leaf(LOT_PN, serials[i]);
        }
        bytes32 root = _root(leaves);
        vm.prank(maker);
        uint32 lotId = parts.anchorLot(LOT_PN, "LOT-F", root, uint32(size), 0);
        for (uint256 i; i < size; ++i) {
            bytes32[] memory proof = _proofOf(leaves, i);
            vm.assertTrue(parts.isLotMember(maker, lotId, LOT_PN, serials[i], proof), "member proves");
            vm.assertFalse(
                parts.isLotMember(maker, lotId, LOT_PN, keccak256(abi.encode(salt, size + i)), proof), "stranger fails"
            );
        }
    }

    /// @dev Root of a tree where each level pairs neighbours and an odd last node moves up.
    function _root(bytes32[] memory level) private pure returns (bytes32) {
        while (level.length > 1) {
            level = _up(level);
        }
        return level[0];
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i; i < next.length; ++i) {
            next[i] = 2 * i + 1 < level.length ? Orders.hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
        }
    }

    function _proofOf(bytes32[] memory level, uint256 index) private pure returns (bytes32[] memory proof) {
        bytes32[] memory path = new bytes32[](8);
        uint256 length;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) path[length++] = level[sibling];
            level = _up(level);
            index /= 2;
        }
        proof = new bytes32[](length);
        for (uint256 i; i < length; ++i) {
            proof[i] = path[i];
        }
    }
}

/// @title StatusTest
/// @notice Recall, clearance, freeze, retirement, and what verifyPart reports.
contract StatusTest is PartRegistryTestBase {
    function test_the_manufacturer_recalls_and_clears_its_part() external {
        vm.prank(maker);
        parts.recallPart(part, REASON);
        vm.assertTrue(parts.isSuspect(part), "suspect");
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.Suspect), "status");
        vm.prank(maker);
        vm.expectRevert(_err(IPartRegistry.PartSuspect.selector, part));
        parts.recallPart(part, REASON);
        vm.prank(maker);
        parts.clearPart(part, REASON);
        vm.assertFalse(parts.isSuspect(part), "cleared");
        vm.prank(maker);
        vm.expectRevert(_err(IPartRegistry.PartNotSuspect.selector, part));
        parts.clearPart(part, REASON);
    }

    function test_a_regulator_recalls_any_part_others_may_not() external {
        vm.prank(regulator);
        parts.recallPart(part, REASON);
        vm.assertTrue(parts.isSuspect(part), "suspect");
        vm.prank(maker2);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotManufacturerOrRegulator.selector, part, maker2));
        parts.clearPart(part, REASON);
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 7));
        parts.recallPart(7, REASON);
    }

    function test_a_batch_recall_covers_its_parts_until_each_is_cleared_or_the_batch_is() external {
        (uint32 batchId, uint256[] memory ids) = _registerBatch(maker, 3);
        vm.prank(regulator);
        parts.recallBatch(maker, batchId, REASON);
        vm.assertTrue(parts.isBatchRecalled(batchId), "recalled");
        vm.assertTrue(parts.isSuspect(ids[0]) && parts.isSuspect(ids[2]), "parts suspect");
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.BatchAlreadyRecalled.selector, batchId));
        parts.recallBatch(maker, batchId, REASON);
        vm.prank(regulator);
        parts.clearPart(ids[0], REASON);
        vm.assertFalse(parts.isSuspect(ids[0]), "cleared alone");
        vm.assertTrue(parts.isSuspect(ids[1]), "others stay suspect");
        vm.prank(regulator);
        parts.clearBatch(maker, batchId, REASON);
        vm.assertFalse(parts.isSuspect(ids[1]), "batch cleared");
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.BatchNotRecalled.selector, batchId));
        parts.clearBatch(maker, batchId, REASON);
        // A new recall is a new epoch: the earlier clearance does not carry over.
        vm.prank(maker);
        parts.recallBatch(maker, batchId, REASON);
        vm.assertTrue(parts.isSuspect(ids[0]), "suspect again");
    }

    function test_batch_recall_guards() external {
        (uint32 batchId,) = _registerBatch(maker, 1);
        vm.prank(maker2);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotBatchManufacturerOrRegulator.selector, batchId, maker2));
        parts.recallBatch(maker, batchId, REASON);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.BatchNotFound.selector, maker2, batchId));
        parts.recallBatch(maker2, batchId, REASON);
    }

    function test_a_regulator_freezes_and_unfreezes() external {
        vm.prank(regulator);
        parts.freezePart(part, REASON);
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.Frozen), "frozen");
        vm.prank(regulator);
        vm.expectRevert(_err(IPartRegistry.PartFrozen.selector, part));
        parts.freezePart(part, REASON);
        vm.prank(regulator);
        parts.unfreezePart(part, REASON);
        vm.prank(regulator);
        vm.expectRevert(_err(IPartRegistry.PartNotFrozen.selector, part));
        parts.unfreezePart(part, REASON);
        vm.prank(maker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, maker, Roles.REGULATOR)
        );
        parts.freezePart(part, REASON);
    }

    function test_a_regulator_lifts_no_freeze_or_recall_of_a_part_it_holds() external {
        _give(part, regulator2);
        vm.startPrank(regulator);
        parts.freezePart(part, REASON);
        parts.recallPart(part, REASON);
        vm.stopPrank();
        bytes memory stake = abi.encodeWithSelector(IPartRegistry.AuthorityHasStake.selector, part, regulator2);
        vm.startPrank(regulator2);
        vm.expectRevert(stake);
        parts.unfreezePart(part, REASON);
        vm.expectRevert(stake);
        parts.clearPart(part, REASON);
        vm.stopPrank();
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.Suspect), "still flagged");
        vm.startPrank(regulator); // a regulator with no stake lifts both
        parts.unfreezePart(part, REASON);
        parts.clearPart(part, REASON);
        vm.stopPrank();
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.InService), "lifted");
    }

    function test_recalls_and_freezes_work_while_the_suite_is_paused_lifting_does_not() external {
        (uint32 batchId, uint256[] memory ids) = _registerBatch(maker, 1);
        vm.prank(admin);
        participants.pause();
        vm.startPrank(regulator);
        parts.freezePart(part, REASON);
        parts.recallPart(part, REASON);
        parts.recallBatch(maker, batchId, REASON);
        vm.assertTrue(parts.isSuspect(ids[0]), "batch recalled");
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.Suspect), "recalled and frozen");
        vm.expectRevert(Pausable.EnforcedPause.selector);
        parts.unfreezePart(part, REASON);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        parts.clearPart(part, REASON);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        parts.clearBatch(maker, batchId, REASON);
        vm.stopPrank();
        vm.assertTrue(parts.flagsOf(part) & PartData.FROZEN != 0, "still frozen");
    }

    function test_the_owner_retires_a_part_for_good() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, alice, maker));
        parts.retirePart(part, REASON);
        vm.prank(maker);
        parts.offerPart(part, alice, 0);
        vm.prank(maker);
        parts.retirePart(part, REASON);
        vm.assertEq(uint256(_info(part).status), uint256(IPartRegistry.PartStatus.Retired), "retired");
        vm.assertEq(parts.offerOf(part).recipient, address(0), "the offer died");
        vm.prank(maker);
        vm.expectRevert(_err(IPartRegistry.PartRetired.selector, part));
        parts.retirePart(part, REASON);
        _assertCode(parts.canTransfer(maker, bob, part), IPartRegistry.TransferCode.PartRetired, "canTransfer");
    }
}

/// @title AssemblyTest
/// @notice installPart / removePart: ownership, cycles, depth, serviceability, life limits.
contract AssemblyTest is PartRegistryTestBase {
    uint256 internal engine;

    function setUp() public override {
        super.setUp();
        engine = _register(maker, "ENGINE");
    }

    function test_an_installed_part_is_held_by_the_registry_and_travels_with_its_root() external {
        _install(part, engine);
        vm.assertEq(parts.ownerOf(part), address(parts), "held by the registry");
        vm.assertEq(parts.parentOf(part), engine, "parent");
        vm.assertEq(parts.rootOwnerOf(part), maker, "root owner");
        _assertCode(parts.canTransfer(maker, bob, part), IPartRegistry.TransferCode.PartInstalled, "canTransfer");
        _give(engine, alice);
        vm.assertEq(parts.rootOwnerOf(part), alice, "moved with the root");
        vm.assertEq(_info(part).owner, alice, "verifyPart owner");
        vm.prank(alice);
        parts.removePart(part);
        vm.assertEq(parts.ownerOf(part), alice, "returned to the root's owner");
    }

    function test_an_installed_part_does_not_move_on_its_own() external {
        _install(part, engine);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, part, engine));
        parts.transferFrom(maker, bob, part);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, part, engine));
        parts.transferFrom(address(parts), bob, part);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, part, engine));
        parts.retirePart(part, REASON);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, part, engine));
        parts.installPart(part, engine);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, part, engine));
        parts.assignCustody(part, bob);
    }

    function test_a_second_child_under_a_taller_subtree_leaves_the_heights_alone() external {
        uint256 module = _register(maker, "MODULE");
        uint256 blade = _register(maker, "BLADE");
        _install(part, module);
        _install(module, engine); // engine: two levels below it
        _install(blade, engine); // one level: nothing to raise
        vm.assertEq(parts.parentOf(blade), engine, "installed");
        vm.assertEq(_info(part).root, engine, "root of the deepest part");
    }

    function test_nobody_sends_a_part_to_the_registry_directly() external {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidReceiver.selector, address(parts)));
        parts.transferFrom(maker, address(parts), part);
    }

    function test_install_guards() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, alice, maker));
        parts.installPart(part, engine);
        uint256 other = _register(maker2, "OTHER");
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, other, maker, maker2));
        parts.installPart(part, other);
        _install(part, engine);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.AssemblyCycle.selector, engine, part));
        parts.installPart(engine, part);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartNotInstalled.selector, engine));
        parts.removePart(engine);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, alice, maker));
        parts.removePart(part);
    }

    function test_only_serviceable_parts_go_into_assemblies() external {
        uint256 frozen = _register(maker, "FROZEN");
        uint256 suspect = _register(maker, "SUSPECT");
        uint256 retired = _register(maker, "RETIRED");
        vm.prank(regulator);
        parts.freezePart(frozen, REASON);
        vm.prank(maker);
        parts.recallPart(suspect, REASON);
        vm.prank(maker);
        parts.retirePart(retired, REASON);
        vm.startPrank(maker);
        vm.expectRevert(_err(IPartRegistry.PartFrozen.selector, frozen));
        parts.installPart(frozen, engine);
        vm.expectRevert(_err(IPartRegistry.PartSuspect.selector, suspect));
        parts.installPart(suspect, engine);
        vm.expectRevert(_err(IPartRegistry.PartRetired.selector, retired));
        parts.installPart(retired, engine);
        vm.expectRevert(_err(IPartRegistry.PartFrozen.selector, frozen));
        parts.installPart(part, frozen);
        vm.stopPrank();
    }

    function test_assemblies_stop_at_the_maximum_depth() external {
        uint256 depth = parts.MAX_ASSEMBLY_DEPTH();
        uint256 below = _register(maker, "LEVEL-0");
        for (uint256 i = 1; i <= depth; ++i) {
            uint256 above = _register(maker, bytes32(abi.encodePacked("LEVEL-", bytes1(uint8(48 + i)))));
            _install(below, above);
            below = above;
        }
        // `below` now tops a chain of depth + 1 parts: nothing more fits under or over it.
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.AssemblyTooDeep.selector, below, engine, depth + 1, depth));
        parts.installPart(below, engine);
    }

    function test_a_part_past_its_life_limit_is_not_installed() external {
        vm.startPrank(maker);
        records.setLifeLimit(part, 10, 0);
        records.recordUsage(part, 10, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, part, 10, 10, 0, 0));
        parts.installPart(part, engine);
        vm.stopPrank();
    }

    function test_nothing_goes_into_an_assembly_past_its_life_limit() external {
        uint256 module = _register(maker, "MODULE");
        _install(module, engine);
        vm.startPrank(maker);
        records.setLifeLimit(engine, 100, 0);
        records.recordUsage(engine, 100, 0);
        bytes memory expired = abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, engine, 100, 100, 0, 0);
        vm.expectRevert(expired);
        parts.installPart(part, engine);
        vm.expectRevert(expired); // nor into a part of it
        parts.installPart(part, module);
        uint256[] memory children = new uint256[](1);
        children[0] = part;
        vm.expectRevert(expired);
        parts.installParts(children, module);
        parts.removePart(module); // parts come out of an expired engine
        parts.installPart(part, module);
        vm.stopPrank();
        vm.assertEq(parts.parentOf(part), module, "installed into the harvested module");
    }

    function test_nothing_comes_out_of_an_assembly_offered_to_a_buyer() external {
        _install(part, engine);
        vm.prank(maker);
        parts.offerPart(engine, alice, 0);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.AssemblyOffered.selector, engine, alice));
        parts.removePart(part);
        vm.prank(alice);
        parts.acceptPart(engine);
        vm.assertEq(parts.parentOf(part), engine, "the part went with the engine");
        vm.assertEq(parts.rootOwnerOf(part), alice, "to the buyer");
        vm.assertEq(parts.balanceOf(maker), 0, "nothing back to the seller");
    }
}

/// @title InstallBatchTest
/// @notice installParts: all or nothing, and the same as one installPart per child (the same
/// error at the same child, the same state), whatever the children and the parent.
contract InstallBatchTest is PartRegistryTestBase {
    uint256 internal constant UNKNOWN = 1234;

    /// @dev Candidates for children and parents: an assembly engine > module > a0 > a1 > a2,
    /// a subtree b0 > b1, loose parts, a frozen and a recalled part, alice's part, an unknown id.
    uint256[] internal _pool;

    function setUp() public override {
        super.setUp();
        uint256[14] memory ids;
        for (uint256 i; i < 12; ++i) {
            ids[i] = _register(maker, bytes32(uint256(0xC000 + i)));
        }
        (uint256 engine, uint256 module, uint256 a0, uint256 a1, uint256 a2, uint256 b0, uint256 b1) =
            (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);
        _install(module, engine);
        _install(a0, module);
        _install(a1, a0);
        _install(a2, a1);
        _install(b1, b0);
        vm.prank(regulator);
        parts.freezePart(ids[9], REASON);
        vm.prank(maker);
        parts.recallPart(ids[10], REASON);
        _give(ids[11], alice);
        (ids[12], ids[13]) = (part, UNKNOWN);
        for (uint256 i; i < ids.length; ++i) {
            _pool.push(ids[i]);
        }
    }

    function test_a_batch_installs_every_child_and_refuses_a_bad_size() external {
        uint256 engine = _pool[0];
        uint256[] memory children = new uint256[](3);
        (children[0], children[1], children[2]) = (_pool[7], _pool[8], _pool[5]);
        vm.prank(maker);
        parts.installParts(children, engine);
        for (uint256 i; i < children.length; ++i) {
            vm.assertEq(parts.parentOf(children[i]), engine, "parent");
            vm.assertEq(parts.ownerOf(children[i]), address(parts), "held by the registry");
        }
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidBatchSize.selector, 0, 256));
        parts.installParts(new uint256[](0), engine);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidBatchSize.selector, 257, 256));
        parts.installParts(new uint256[](257), engine);
        children = new uint256[](2);
        (children[0], children[1]) = (part, part);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.DuplicateChild.selector, part, engine));
        parts.installParts(children, engine);
        vm.stopPrank();
    }

    /// @dev Up to six children drawn from the pool (repeats included) into a parent drawn from
    /// it, by maker: the batch succeeds exactly when every installPart in turn does, ends in the
    /// same state, and otherwise reverts with the first refused installPart's error (a child
    /// listed twice: DuplicateChild where its second installPart says PartInstalled).
    function testFuzz_a_batch_is_one_installPart_per_child(uint8 size, uint8 parentPick, uint8[6] calldata picks)
        external
    {
        uint256[] memory children = new uint256[](1 + size % picks.length);
        for (uint256 i; i < children.length; ++i) {
            children[i] = _pool[picks[i] % _pool.length];
        }
        uint256 parent = _pool[parentPick % _pool.length];

        uint256 before = vm.snapshotState();
        bytes memory expected;
        bool ok = true;
        for (uint256 i; ok && i < children.length; ++i) {
            vm.prank(maker);
            (ok, expected) = address(parts).call(abi.encodeCall(parts.installPart, (children[i], parent)));
            if (!ok && _listedBefore(children, i) && _isInstalledError(expected, children[i], parent)) {
                expected = abi.encodeWithSelector(IPartRegistry.DuplicateChild.selector, children[i], parent);
            }
        }
        bytes32 singles = _state();
        bytes32 singlesTakenApart = ok ? _removeAll(children) : bytes32(0);
        vm.revertToState(before);

        vm.prank(maker);
        (bool batchOk, bytes memory batchResult) =
            address(parts).call(abi.encodeCall(parts.installParts, (children, parent)));
        vm.assertEq(batchOk, ok, "the batch succeeds exactly when every installPart does");
        if (ok) {
            vm.assertEq(_state(), singles, "same final state");
            // The heights' child counts are hidden: taking the children out again shows them.
            vm.assertEq(_removeAll(children), singlesTakenApart, "same state once the children leave");
        } else {
            vm.assertEq(batchResult, expected, "the first refused child's error");
        }
    }

    /// @dev Removes every child (once each, in order); the state after.
    function _removeAll(uint256[] memory children) private returns (bytes32) {
        for (uint256 i; i < children.length; ++i) {
            if (_listedBefore(children, i)) continue;
            vm.prank(maker);
            parts.removePart(children[i]);
        }
        return _state();
    }

    function _listedBefore(uint256[] memory children, uint256 index) private pure returns (bool) {
        for (uint256 i; i < index; ++i) {
            if (children[i] == children[index]) return true;
        }
        return false;
    }

    function _isInstalledError(bytes memory reason, uint256 child, uint256 parent) private pure returns (bool) {
        return
            keccak256(reason) == keccak256(abi.encodeWithSelector(IPartRegistry.PartInstalled.selector, child, parent));
    }

    /// @dev Every pool part's owner, PartData (flags, height) and parent; the balances.
    function _state() private view returns (bytes32 digest) {
        for (uint256 i; i < _pool.length; ++i) {
            digest = keccak256(abi.encode(digest, _ownershipWord(_pool[i]), parts.parentOf(_pool[i])));
        }
        digest = keccak256(abi.encode(digest, parts.balanceOf(maker), parts.balanceOf(address(parts))));
    }
}

/// @title TransferTest
/// @notice The transfer hook's rules through every path, and canTransfer's answers.
contract TransferTest is PartRegistryTestBase {
    function test_a_transfer_between_active_participants_moves_the_part_and_ends_offer_and_custody() external {
        vm.startPrank(maker);
        parts.assignCustody(part, station);
        parts.offerPart(part, bob, 0);
        parts.safeTransferFrom(maker, alice, part);
        vm.stopPrank();
        vm.assertEq(parts.ownerOf(part), alice, "moved");
        vm.assertEq(parts.custodianOf(part), address(0), "custody ended");
        vm.assertEq(parts.offerOf(part).recipient, address(0), "offer died");
        vm.assertEq(parts.flagsOf(part) & (PartData.HAS_OFFER | PartData.HAS_CUSTODIAN), 0, "flags cleared");
    }

    function test_the_hook_refuses_with_the_error_of_each_code() external {
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.IncorrectOwner.selector, part, alice, maker));
        parts.transferFrom(alice, bob, part);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidReceiver.selector, address(0)));
        parts.transferFrom(maker, address(0), part);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        parts.transferFrom(maker, outsider, part);
        vm.stopPrank();

        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        parts.transferFrom(maker, bob, part);

        vm.prank(maker);
        parts.setApprovalForAll(bob, true);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        parts.transferFrom(maker, alice, part);

        _give(part, alice);
        vm.prank(regulator);
        participants.suspend(alice, REASON);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        parts.transferFrom(alice, maker, part);
        vm.prank(regulator);
        participants.reinstate(alice, REASON);

        vm.prank(regulator);
        parts.freezePart(part, REASON);
        vm.prank(alice);
        vm.expectRevert(_err(IPartRegistry.PartFrozen.selector, part));
        parts.transferFrom(alice, maker, part);
        vm.prank(regulator);
        parts.unfreezePart(part, REASON);

        vm.prank(maker);
        parts.recallPart(part, REASON);
        vm.prank(alice);
        vm.expectRevert(_err(IPartRegistry.PartSuspect.selector, part));
        parts.transferFrom(alice, maker, part);
        vm.prank(maker);
        parts.clearPart(part, REASON);

        vm.prank(admin);
        participants.pause();
        vm.prank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        parts.transferFrom(alice, maker, part);
    }

    function test_a_missing_part_does_not_move() external {
        vm.prank(maker);
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 12345));
        parts.transferFrom(maker, alice, 12345);
    }

    function test_a_part_held_by_an_offboarded_account_cannot_leave_it_in_permissioned_mode() external {
        _give(part, alice);
        vm.prank(admin);
        participants.offboard(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, alice));
        parts.transferFrom(alice, bob, part);
    }

    function test_can_transfer_answers_each_code() external {
        _assertCode(parts.canTransfer(maker, alice, part), IPartRegistry.TransferCode.Ok, "ok");
        _assertCode(parts.canTransfer(bob, alice, part), IPartRegistry.TransferCode.NotOwner, "not owner");
        _assertCode(parts.canTransfer(maker, address(0), part), IPartRegistry.TransferCode.InvalidReceiver, "zero");
        _assertCode(
            parts.canTransfer(maker, address(parts), part), IPartRegistry.TransferCode.InvalidReceiver, "registry"
        );
        _assertCode(
            parts.canTransfer(maker, outsider, part), IPartRegistry.TransferCode.ReceiverNotRegistered, "outsider"
        );
        vm.prank(regulator);
        parts.freezePart(part, REASON);
        _assertCode(parts.canTransfer(maker, alice, part), IPartRegistry.TransferCode.PartFrozen, "frozen");
        vm.prank(maker);
        parts.recallPart(part, REASON);
        _assertCode(parts.canTransfer(maker, alice, part), IPartRegistry.TransferCode.PartFrozen, "frozen first");
        vm.prank(regulator);
        parts.unfreezePart(part, REASON);
        _assertCode(parts.canTransfer(maker, alice, part), IPartRegistry.TransferCode.PartSuspect, "suspect");
    }

    /// @dev canTransfer and a transfer by the owner agree for any sender state and receiver.
    function testFuzz_can_transfer_agrees_with_the_transfer(uint8 receiverSeed, uint8 stateSeed) external {
        address[5] memory receivers = [alice, bob, outsider, address(0), station];
        address to = receivers[receiverSeed % 5];
        vm.startPrank(regulator);
        participants.suspend(station, REASON);
        if (stateSeed & 1 != 0) parts.freezePart(part, REASON);
        if (stateSeed & 2 != 0) parts.recallPart(part, REASON);
        if (stateSeed & 4 != 0) participants.pause();
        vm.stopPrank();
        IPartRegistry.TransferCode code = parts.canTransfer(maker, to, part);
        vm.prank(maker);
        (bool ok,) = address(parts).call(abi.encodeCall(parts.transferFrom, (maker, to, part)));
        vm.assertEq(ok, code == IPartRegistry.TransferCode.Ok, "canTransfer predicts the transfer");
    }
}

/// @title HandoverTest
/// @notice offerPart / acceptPart / declinePart / cancelOffer.
contract HandoverTest is PartRegistryTestBase {
    function test_an_offer_is_accepted_by_its_recipient_only() external {
        vm.prank(maker);
        parts.offerPart(part, alice, uint64(block.timestamp + 1 days));
        vm.assertEq(parts.offerOf(part).recipient, alice, "offered");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotOfferRecipient.selector, part, bob, alice));
        parts.acceptPart(part);
        vm.prank(alice);
        parts.acceptPart(part);
        vm.assertEq(parts.ownerOf(part), alice, "accepted");
        vm.prank(alice);
        vm.expectRevert(_err(IPartRegistry.NoOpenOffer.selector, part));
        parts.acceptPart(part);
    }

    function test_offer_guards() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, alice, maker));
        parts.offerPart(part, bob, 0);
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidReceiver.selector, maker));
        parts.offerPart(part, maker, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.Expired.selector, part, block.timestamp));
        parts.offerPart(part, alice, uint64(block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        parts.offerPart(part, outsider, 0);
        vm.stopPrank();
        vm.prank(maker);
        parts.retirePart(part, REASON);
        vm.prank(maker);
        vm.expectRevert(_err(IPartRegistry.PartRetired.selector, part));
        parts.offerPart(part, alice, 0);
    }

    function test_an_expired_offer_cannot_be_accepted() external {
        uint64 expiry = uint64(block.timestamp + 1 hours);
        vm.prank(maker);
        parts.offerPart(part, alice, expiry);
        vm.warp(expiry + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.Expired.selector, part, expiry));
        parts.acceptPart(part);
    }

    function test_the_recipient_declines_and_the_owner_cancels() external {
        vm.prank(maker);
        parts.offerPart(part, alice, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotOfferRecipient.selector, part, bob, alice));
        parts.declinePart(part);
        vm.prank(alice);
        parts.declinePart(part);
        vm.assertEq(parts.offerOf(part).recipient, address(0), "declined");
        vm.prank(maker);
        parts.offerPart(part, alice, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, bob, maker));
        parts.cancelOffer(part);
        vm.prank(maker);
        parts.cancelOffer(part);
        vm.assertEq(parts.flagsOf(part) & PartData.HAS_OFFER, 0, "cancelled");
    }
}

/// @title CustodyTest
/// @notice assignCustody / releaseCustody.
contract CustodyTest is PartRegistryTestBase {
    function test_the_owner_assigns_and_owner_or_custodian_release_custody() external {
        vm.prank(maker);
        parts.assignCustody(part, station);
        vm.assertEq(parts.custodianOf(part), station, "custodian");
        vm.assertEq(_info(part).custodian, station, "verifyPart");
        vm.prank(maker);
        parts.assignCustody(part, alice);
        vm.prank(alice);
        parts.releaseCustody(part);
        vm.assertEq(parts.custodianOf(part), address(0), "released");
        vm.prank(maker);
        parts.assignCustody(part, alice);
        vm.prank(maker);
        parts.releaseCustody(part);
        vm.assertEq(parts.flagsOf(part) & PartData.HAS_CUSTODIAN, 0, "flag cleared");
    }

    function test_custody_guards() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotPartOwner.selector, part, alice, maker));
        parts.assignCustody(part, bob);
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.CustodyUnchanged.selector, part, maker));
        parts.assignCustody(part, maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        parts.assignCustody(part, outsider);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.CustodyUnchanged.selector, part, address(0)));
        parts.releaseCustody(part);
        parts.assignCustody(part, station);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.CustodyUnchanged.selector, part, station));
        parts.assignCustody(part, station);
        vm.stopPrank();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.NotOwnerOrCustodian.selector, part, bob));
        parts.releaseCustody(part);
    }
}

/// @title SignedTransferTest
/// @notice transferBySignature / useNonce.
contract SignedTransferTest is PartRegistryTestBase {
    function test_a_relayer_submits_an_order_the_owner_signed_once() external {
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = Orders.sign(parts, Cast.MAKER, part, maker, alice, 0, deadline);
        vm.prank(bob);
        parts.transferBySignature(part, alice, 0, deadline, signature);
        vm.assertEq(parts.ownerOf(part), alice, "moved");
        vm.assertEq(parts.nonces(maker), 1, "nonce used");
        _give(part, maker);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, maker, 1));
        parts.transferBySignature(part, alice, 0, deadline, signature); // replayed
    }

    function test_signed_order_guards() external {
        uint256 deadline = block.timestamp + 1 hours;
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.Expired.selector, part, block.timestamp - 1));
        parts.transferBySignature(part, alice, 0, block.timestamp - 1, "");
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 5));
        parts.transferBySignature(5, alice, 0, deadline, "");
        bytes memory byAlice = Orders.sign(parts, Cast.ALICE, part, maker, alice, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidSignature.selector, part, maker));
        parts.transferBySignature(part, alice, 0, deadline, byAlice);
        vm.prank(maker);
        parts.useNonce();
        bytes memory cancelled = Orders.sign(parts, Cast.MAKER, part, maker, alice, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, maker, 1));
        parts.transferBySignature(part, alice, 0, deadline, cancelled);
    }

    function test_a_suspended_relayer_cannot_submit_even_a_valid_order() external {
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = Orders.sign(parts, Cast.MAKER, part, maker, alice, 0, deadline);
        vm.prank(regulator);
        participants.suspend(bob, REASON);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        parts.transferBySignature(part, alice, 0, deadline, signature);
        vm.assertEq(parts.ownerOf(part), maker, "not moved");
        vm.assertEq(parts.nonces(maker), 0, "no nonce spent");
        vm.prank(outsider); // a relayer that is no participant at all may carry it
        parts.transferBySignature(part, alice, 0, deadline, signature);
        vm.assertEq(parts.ownerOf(part), alice, "moved");
    }

    function test_an_order_signed_before_an_install_stays_dead_after_the_removal() external {
        uint256 root = _register(maker, "SIGNED-ROOT");
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = Orders.sign(parts, Cast.MAKER, part, maker, alice, 0, deadline);
        vm.startPrank(maker);
        parts.installPart(part, root);
        parts.removePart(part);
        vm.stopPrank();
        vm.assertEq(parts.nonces(maker), 1, "the removal burnt the nonce");
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, maker, 1));
        parts.transferBySignature(part, alice, 0, deadline, signature);
        vm.assertEq(parts.ownerOf(part), maker, "stays with its owner");
    }
}

/// @title ForcedTransferTest
/// @notice forcedTransfer and connectRecords.
contract ForcedTransferTest is PartRegistryTestBase {
    function test_an_enforcer_moves_a_frozen_part_of_a_suspended_owner() external {
        _give(part, alice);
        vm.startPrank(regulator);
        parts.freezePart(part, REASON);
        participants.suspend(alice, REASON);
        vm.stopPrank();
        vm.prank(enforcer);
        parts.forcedTransfer(part, bob, REASON);
        vm.assertEq(parts.ownerOf(part), bob, "moved");
        vm.assertTrue(parts.flagsOf(part) & PartData.FROZEN != 0, "still frozen");
        // The forcing mode ends with the call: an ordinary transfer of the frozen part fails again.
        vm.prank(bob);
        vm.expectRevert(_err(IPartRegistry.PartFrozen.selector, part));
        parts.transferFrom(bob, alice, part);
    }

    function test_forced_transfer_guards() external {
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, regulator, Roles.ENFORCER)
        );
        parts.forcedTransfer(part, bob, REASON);
        vm.prank(enforcer);
        vm.expectRevert(_err(IPartRegistry.PartNotFound.selector, 5));
        parts.forcedTransfer(5, bob, REASON);
        vm.prank(enforcer);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        parts.forcedTransfer(part, outsider, REASON);
        vm.prank(maker);
        parts.retirePart(part, REASON);
        vm.prank(enforcer);
        vm.expectRevert(_err(IPartRegistry.PartRetired.selector, part));
        parts.forcedTransfer(part, bob, REASON);
    }

    function test_the_records_contract_is_connected_by_the_admin() external view {
        vm.assertEq(parts.records(), address(records), "connected in setUp");
    }

    function test_connect_records_guards() external {
        // Replacing takes an authority (admin or regulator); a manufacturer is none.
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, maker));
        parts.connectRecords(IServiceability(address(records)));
        // A wrong address cannot brick installPart: an account without code, a contract that is
        // not a records contract, and a records contract of another registry are all refused.
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidRecords.selector, address(0xBEEF)));
        parts.connectRecords(IServiceability(address(0xBEEF)));
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidRecords.selector, address(participants)));
        parts.connectRecords(IServiceability(address(participants)));
        PartRegistry other = new PartRegistry(participants, true);
        PartRecords foreign = new PartRecords(participants, other);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidRecords.selector, address(foreign)));
        parts.connectRecords(IServiceability(address(foreign)));
        ParticipantRegistry otherParticipants = new ParticipantRegistry(admin, "Other", "ADM-2", 0);
        PartRecords otherSuite = new PartRecords(otherParticipants, parts);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.InvalidRecords.selector, address(otherSuite)));
        parts.connectRecords(IServiceability(address(otherSuite)));
        vm.stopPrank();
        vm.assertEq(parts.records(), address(records), "still the first records contract");
    }

    /// @dev issue 6 item 8 and the red team: replacing the records contract takes two authorities
    /// (the admin's call only proposes; a regulator confirms), with an event naming both contracts.
    function test_two_authorities_replace_the_records_contract() external {
        PartRecords replacement = new PartRecords(participants, parts);
        vm.prank(admin);
        parts.connectRecords(IServiceability(address(replacement)));
        vm.assertEq(parts.records(), address(records), "a proposal only");
        vm.expectEmit(address(parts));
        emit IPartRegistry.RecordsConnected(address(records), address(replacement));
        vm.prank(regulator);
        parts.connectRecords(IServiceability(address(replacement)));
        vm.assertEq(parts.records(), address(replacement), "replaced");
    }
}
