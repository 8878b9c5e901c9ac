// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartRegistryTestBase} from "./PartRegistry.t.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";

/// @title FlaggedAssemblyTest
/// @notice A frozen or individually recalled part inside an assembly does not travel with a sound
/// root: the root (and every assembly between) counts its flagged descendants and refuses every
/// path but a forced transfer while the count is not zero.
contract FlaggedAssemblyTest is PartRegistryTestBase {
    uint256 internal constant N = 8;
    uint256[N] internal ids;

    function setUp() public override {
        super.setUp();
        for (uint256 i; i < N; ++i) {
            ids[i] = _register(maker, bytes32(abi.encodePacked("FA-", bytes1(uint8(0x41 + i)))));
        }
    }

    // ---------------------------------------------------------------- unit rules

    function test_a_root_with_a_frozen_part_inside_refuses_every_ordinary_path() external {
        (uint256 engine, uint256 mod, uint256 blade) = (ids[0], ids[1], ids[2]);
        _install(mod, engine);
        _install(blade, mod);
        vm.prank(regulator);
        parts.freezePart(blade, REASON);

        vm.assertTrue(parts.flagsOf(engine) & uint16(PartData.FLAGGED_BELOW) != 0, "engine flagged below");
        vm.assertTrue(parts.flagsOf(mod) & uint16(PartData.FLAGGED_BELOW) != 0, "module flagged below");
        IPartRegistry.PartInfo memory info = _info(engine);
        vm.assertEq(uint256(info.status), uint256(IPartRegistry.PartStatus.Suspect), "verifyPart(root): not in service");
        vm.assertTrue(info.flags & uint16(PartData.FLAGGED_BELOW) != 0, "verifyPart(root): holds a flagged part");
        vm.assertEq(info.flags & uint16(PartData.FLAGGED), 0, "the root itself carries no flag");
        _assertCode(
            parts.canTransfer(maker, alice, engine), IPartRegistry.TransferCode.ContainsFlaggedPart, "canTransfer"
        );
        bytes memory refusal = abi.encodeWithSelector(IPartRegistry.ContainsFlaggedPart.selector, engine);
        vm.prank(maker);
        vm.expectRevert(refusal);
        parts.transferFrom(maker, alice, engine);
        vm.prank(maker);
        vm.expectRevert(refusal);
        parts.offerPart(engine, alice, 0);
        vm.assertEq(parts.ownerOf(engine), maker, "engine stays");
        vm.assertEq(parts.rootOwnerOf(blade), maker, "blade stays");

        // The regulator's forced transfer still moves it (a court order reaches the frozen part).
        vm.prank(enforcer);
        parts.forcedTransfer(engine, alice, REASON);
        vm.assertEq(parts.rootOwnerOf(blade), alice, "forced with its root");
    }

    function test_a_recalled_part_taken_out_clears_the_count_all_the_way_up() external {
        (uint256 engine, uint256 mod, uint256 blade) = (ids[0], ids[1], ids[2]);
        _install(mod, engine);
        _install(blade, mod);
        vm.prank(maker);
        parts.recallPart(blade, REASON);
        _assertCode(
            parts.canTransfer(maker, alice, engine), IPartRegistry.TransferCode.ContainsFlaggedPart, "while inside"
        );
        vm.prank(maker);
        parts.removePart(blade);
        vm.assertEq(parts.flagsOf(engine) & uint16(PartData.FLAGGED_BELOW), 0, "engine clear");
        vm.assertEq(parts.flagsOf(mod) & uint16(PartData.FLAGGED_BELOW), 0, "module clear");
        _give(engine, alice);
        vm.assertEq(parts.rootOwnerOf(mod), alice, "the sound assembly sells");
        vm.assertEq(parts.ownerOf(blade), maker, "the recalled part stays with the seller");
    }

    function test_a_sub_assembly_holding_a_flagged_part_goes_into_no_assembly() external {
        (uint256 engine, uint256 mod, uint256 blade) = (ids[0], ids[1], ids[2]);
        _install(blade, mod);
        vm.prank(regulator);
        parts.freezePart(blade, REASON);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.ContainsFlaggedPart.selector, mod));
        parts.installPart(mod, engine);
        vm.assertEq(parts.parentOf(mod), 0, "not installed");
    }

    function test_a_batch_recall_is_not_counted_up_the_assembly() external {
        (uint32 batchId, uint256[] memory batch) = _registerBatch(maker, 1);
        uint256 engine = ids[0];
        _install(batch[0], engine);
        vm.prank(maker);
        parts.recallBatch(maker, batchId, REASON);
        vm.assertEq(parts.flagsOf(engine) & uint16(PartData.FLAGGED_BELOW), 0, "lazy: not counted");
        _assertCode(parts.canTransfer(maker, alice, engine), IPartRegistry.TransferCode.Ok, "documented limit");
    }

    // ---------------------------------------------------------------- fuzzed sequences

    /// @dev A fuzzed sequence of installs, removals, freezes, unfreezes, recalls and clearances
    /// (each may be refused): after every step each part's count equals the true number of its
    /// frozen or own-recalled descendants, its bit says "not zero", and a root with a flagged
    /// descendant never changes owner except by the forced path.
    function testFuzz_counts_match_the_tree_and_flagged_roots_do_not_move(uint256 seed) external {
        for (uint256 step; step < 48; ++step) {
            seed = uint256(keccak256(abi.encode(seed, step)));
            uint256 op = seed % 8;
            uint256 a = ids[(seed >> 8) % N];
            uint256 b = ids[(seed >> 16) % N];
            address[N] memory ownersBefore;
            bool[N] memory heldBefore; // a root holding a flagged part
            for (uint256 i; i < N; ++i) {
                ownersBefore[i] = parts.ownerOf(ids[i]);
                heldBefore[i] = _trueCount(ids[i]) != 0 && parts.parentOf(ids[i]) == 0;
            }
            _try(op, a, b);
            for (uint256 i; i < N; ++i) {
                uint256 id = ids[i];
                uint256 truth = _trueCount(id);
                bool bit = parts.flagsOf(id) & uint16(PartData.FLAGGED_BELOW) != 0;
                vm.assertEq(bit, truth != 0, "bit mirrors the count");
                if (truth != 0) {
                    vm.assertEq(
                        uint256(parts.canTransfer(parts.ownerOf(id), alice, id)),
                        uint256(
                            parts.parentOf(id) != 0
                                ? IPartRegistry.TransferCode.PartInstalled
                                : _ownFlag(id)
                                    ? (parts.flagsOf(id) & uint16(PartData.FROZEN) != 0
                                            ? IPartRegistry.TransferCode.PartFrozen
                                            : IPartRegistry.TransferCode.PartSuspect)
                                    : IPartRegistry.TransferCode.ContainsFlaggedPart
                        ),
                        "refused"
                    );
                }
                // Roots that held a flagged part before the step kept their owner (ops 0..6 are
                // ordinary; 7 is the forced path).
                if (heldBefore[i] && op != 7) {
                    vm.assertEq(parts.ownerOf(id), ownersBefore[i], "a flagged root moved");
                }
            }
        }
    }

    function _try(uint256 op, uint256 a, uint256 b) private {
        address owner = parts.rootOwnerOf(a);
        bool ok;
        if (op == 0) {
            vm.prank(parts.ownerOf(a));
            (ok,) = address(parts).call(abi.encodeCall(parts.installPart, (a, b)));
        } else if (op == 1) {
            vm.prank(owner);
            (ok,) = address(parts).call(abi.encodeCall(parts.removePart, (a)));
        } else if (op == 2) {
            vm.prank(regulator);
            (ok,) = address(parts).call(abi.encodeCall(parts.freezePart, (a, REASON)));
        } else if (op == 3) {
            vm.prank(regulator2);
            (ok,) = address(parts).call(abi.encodeCall(parts.unfreezePart, (a, REASON)));
        } else if (op == 4) {
            vm.prank(maker);
            (ok,) = address(parts).call(abi.encodeCall(parts.recallPart, (a, REASON)));
        } else if (op == 5) {
            vm.prank(maker);
            (ok,) = address(parts).call(abi.encodeCall(parts.clearPart, (a, REASON)));
        } else if (op == 6) {
            address holder = parts.ownerOf(a);
            address to = holder == alice ? maker : alice;
            vm.prank(holder);
            (ok,) = address(parts).call(abi.encodeCall(parts.transferFrom, (holder, to, a)));
        } else {
            address holder = parts.ownerOf(a);
            vm.prank(enforcer);
            (ok,) =
                address(parts).call(abi.encodeCall(parts.forcedTransfer, (a, holder == alice ? maker : alice, REASON)));
        }
        ok; // refusals are expected outcomes; the checks after the step hold either way
    }

    function _ownFlag(uint256 id) private view returns (bool) {
        return parts.flagsOf(id) & uint16(PartData.FLAGGED) != 0;
    }

    /// @dev Brute force: the parts strictly below `id` that are frozen or recalled on their own.
    function _trueCount(uint256 id) private view returns (uint256 count) {
        for (uint256 i; i < N; ++i) {
            uint256 other = ids[i];
            if (other == id || !_ownFlag(other)) continue;
            for (uint256 up = parts.parentOf(other); up != 0; up = parts.parentOf(up)) {
                if (up == id) {
                    ++count;
                    break;
                }
            }
        }
    }
}
