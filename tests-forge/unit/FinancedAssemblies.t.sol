// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";

/// @title FinancedAssemblies
/// @notice A receivable is backed by whole parts: a part installed in an assembly backs none of
/// its own (its assembly's root does), and nothing comes out of an assembly that backs an open
/// receivable, or sits in one that does, until that receivable is paid.
contract FinancedAssemblies is FinanceRules {
    uint256 internal constant FACE = 1_000e6;

    function setUp() public {
        _deployFinance();
    }

    function _give(uint256 partId, address to) internal {
        address owner = parts.ownerOf(partId);
        vm.prank(owner);
        parts.transferFrom(owner, to, partId);
    }

    /// @dev `creditor`'s claim on `debtor` for `ids`, confirmed by the debtor.
    function _financed(address creditor, address debtor, bytes32 invoice, uint256[] memory ids)
        internal
        returns (uint256 id)
    {
        vm.prank(creditor);
        id = receivables.issue(debtor, address(usd), FACE, uint64(block.timestamp + 30 days), invoice, ids);
        vm.prank(debtor);
        receivables.confirm(id);
    }

    /// @dev An engine with a blade installed, both alice's.
    function _engineWithBlade(bytes32 salt) internal returns (uint256 engine, uint256 blade) {
        blade = _register(maker, keccak256(abi.encode(salt, "blade")));
        engine = _register(maker, keccak256(abi.encode(salt, "engine")));
        _give(blade, alice);
        _give(engine, alice);
        vm.prank(alice);
        parts.installPart(blade, engine);
    }

    function _payInFull(uint256 id, address debtor) internal {
        usd.mint(debtor, FACE);
        vm.startPrank(debtor);
        usd.approve(address(receivables), FACE);
        receivables.pay(id, FACE);
        vm.stopPrank();
    }

    function test_anInstalledPartBacksNoClaimOfItsOwn() external {
        (, uint256 blade) = _engineWithBlade("inside");
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartInAssembly.selector, blade));
        receivables.issue(alice, address(usd), FACE, uint64(block.timestamp + 30 days), keccak256("I-1"), _one(blade));
        vm.assertEq(receivables.receivableCount(), 0, "no claim recorded");
    }

    function test_aClaimsPartInstalledBeforeConfirmationIsRefusedAtConfirmation() external {
        uint256 blade = _register(maker, bytes32("C-BLADE"));
        uint256 engine = _register(maker, bytes32("C-ENGINE"));
        _give(blade, alice);
        _give(engine, alice);
        vm.prank(maker);
        uint256 id = receivables.issue(
            alice, address(usd), FACE, uint64(block.timestamp + 30 days), keccak256("I-2"), _one(blade)
        );
        vm.prank(alice);
        parts.installPart(blade, engine);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartInAssembly.selector, blade));
        receivables.confirm(id);
        vm.assertEq(
            uint256(receivables.receivable(id).state), uint256(IReceivables.ReceivableState.Pending), "still pending"
        );
        vm.assertEq(receivables.balanceOf(maker, id), 0, "no units minted");
        vm.assertEq(receivables.openReceivableOf(blade), 0, "the blade backs nothing");
    }

    function test_nothingComesOutOfAFinancedAssemblyUntilItsReceivableIsPaid() external {
        (uint256 engine, uint256 blade) = _engineWithBlade("stripped");
        uint256 id = _financed(maker, alice, keccak256("I-3"), _one(engine));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, engine, id));
        parts.removePart(blade);
        vm.assertEq(parts.parentOf(blade), engine, "the blade stays in");
        vm.assertEq(parts.contentVersionOf(engine), 0, "nothing was taken out");

        _payInFull(id, alice);
        vm.assertEq(receivables.openReceivableOf(engine), 0, "paid: the engine backs nothing");
        vm.prank(alice);
        parts.removePart(blade);
        vm.assertEq(parts.ownerOf(blade), alice, "paid: the blade comes out to its owner");
        // and the blade alone may now back a receivable of its own
        uint256 next = _financed(maker2, alice, keccak256("I-4"), _one(blade));
        vm.assertEq(receivables.openReceivableOf(blade), next, "the loose blade backs the new one");
    }

    function test_nothingComesOutOfAnAssemblyInsideAFinancedOne() external {
        (uint256 engine, uint256 blade) = _engineWithBlade("nested");
        uint256 id = _financed(maker, alice, keccak256("I-5"), _one(engine));
        uint256 aircraft = _register(maker, bytes32("N-AIRCRAFT"));
        _give(aircraft, alice);
        vm.prank(alice);
        parts.installPart(engine, aircraft); // a financed part may go into an assembly

        // the blade comes out of the engine, which backs the receivable: refused at any depth
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, engine, id));
        parts.removePart(blade);
        vm.assertEq(parts.parentOf(blade), engine, "the blade stays in");

        // the financed engine itself comes out whole (the aircraft backs nothing)
        vm.prank(alice);
        parts.removePart(engine);
        vm.assertEq(parts.ownerOf(engine), alice, "the engine, whole, is alice's");
        vm.assertEq(parts.parentOf(blade), engine, "with its blade");
    }

    /// @notice A recall is always carried out: a recalled part comes out of a financed assembly
    /// (a sound one beside it stays in), and the assembly still backs its receivable.
    function test_aRecalledPartComesOutOfAFinancedAssembly() external {
        (uint256 engine, uint256 blade) = _engineWithBlade("suspect");
        uint256 sound = _register(maker, bytes32("S-SOUND"));
        _give(sound, alice);
        vm.prank(alice);
        parts.installPart(sound, engine);
        uint256 id = _financed(maker, alice, keccak256("I-6"), _one(engine));
        vm.prank(maker);
        parts.recallPart(blade, keccak256("crack"));
        vm.prank(alice);
        parts.removePart(blade);
        vm.assertEq(parts.ownerOf(blade), alice, "the recalled blade is out");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, engine, id));
        parts.removePart(sound);
        vm.assertEq(parts.parentOf(sound), engine, "the sound part stays in");
        vm.assertEq(receivables.openReceivableOf(engine), id, "the engine still backs its receivable");
    }

    function test_aPartFinancedWhileLooseMayStillBeInstalled() external {
        uint256 blade = _register(maker, bytes32("L-BLADE"));
        uint256 engine = _register(maker, bytes32("L-ENGINE"));
        _give(blade, alice);
        _give(engine, alice);
        uint256 id = _financed(maker, alice, keccak256("I-7"), _one(blade));
        vm.prank(alice);
        parts.installPart(blade, engine); // bought on credit, built in: the receivable stays open
        vm.assertEq(receivables.openReceivableOf(blade), id, "the blade still backs its receivable");
        vm.assertEq(parts.rootOwnerOf(blade), alice, "inside alice's engine");
        // taking it out of the (unfinanced) engine is allowed: it stays financed, loose
        vm.prank(alice);
        parts.removePart(blade);
        vm.assertEq(parts.ownerOf(blade), alice, "loose again");
        vm.assertEq(receivables.openReceivableOf(blade), id, "still backing it");
    }

    function test_theOrdersContractAnswersForEachLevel() external {
        (uint256 engine, uint256 blade) = _engineWithBlade("view");
        uint256 aircraft = _register(maker, bytes32("V-AIRCRAFT"));
        _give(aircraft, alice);
        vm.prank(alice);
        parts.installPart(engine, aircraft);
        orders.requireRemovable(blade); // nothing financed: no revert
        uint256 id = _financed(maker, alice, keccak256("I-8"), _one(aircraft));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, aircraft, id));
        orders.requireRemovable(blade); // two levels up
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, aircraft, id));
        orders.requireRemovable(engine);
        orders.requireRemovable(aircraft); // a root comes out of nothing
    }

    /// @notice On credit, a line forced to the buyer that it built into its own assembly before
    /// confirming receipt is invoiced (the seller holds the whole share) and links nothing: it
    /// is inside an assembly, and the assembly backs nothing.
    function test_aForcedLineTheBuyerInstalledIsInvoicedAndLinksNothing() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0xA55E);
        uint256 engine = _register(maker2, bytes32("F-ENGINE"));
        _give(engine, alice);
        _forced(ids[0], alice);
        vm.prank(alice);
        parts.installPart(ids[0], engine);
        uint256 share = orders.shareOf(orderId, 0);
        uint256 before = receivables.receivableCount();

        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[0]));
        uint256 id = receivables.receivableCount();
        vm.assertEq(id, before + 1, "one receivable issued");
        vm.assertEq(receivables.balanceOf(maker, id), share, "the seller holds the line's share");
        vm.assertEq(receivables.receivable(id).debtor, alice, "owed by the buyer");
        vm.assertEq(receivables.openReceivableOf(ids[0]), 0, "the installed part backs nothing");
        vm.assertEq(receivables.openReceivableOf(engine), 0, "nor does its assembly");
        vm.prank(alice);
        parts.removePart(ids[0]); // nothing financed above it
        vm.assertEq(parts.ownerOf(ids[0]), alice, "out, the buyer's");
    }

    /// @notice The removal rule binds the receivable's debtor only: an assembly its debtor sold
    /// on (here a seller pledged the engine it had promised to a prepaid buyer, then delivered it)
    /// is its new owner's to take apart; the debtor's receivable stays open and names the engine.
    function test_aLaterOwnerIsNotBoundByItsSellersReceivable() external {
        (uint256 engine, uint256 blade) = _engineWithBlade("sold-on");
        uint256 orderId = _openPrepaid(bob, alice, _one(engine), FACE);
        vm.prank(alice);
        orders.acceptOrder(orderId);
        uint256 id = _financed(maker2, alice, keccak256("I-9"), _one(engine)); // alice pledges it
        vm.prank(alice);
        orders.deliver(orderId, _one(engine));
        vm.assertEq(parts.ownerOf(engine), bob, "bob paid and got the engine");
        vm.assertEq(_bal(alice), FACE, "alice was paid the price");

        vm.prank(bob);
        parts.removePart(blade); // not bob's receivable: not bound by it
        vm.assertEq(parts.ownerOf(blade), bob, "bob took the blade out");
        vm.assertEq(receivables.openReceivableOf(engine), id, "alice's receivable still names the engine");
        vm.assertEq(receivables.receivable(id).debtor, alice, "and is owed by alice");
        orders.requireRemovable(blade); // bob holds the engine: nothing to refuse
    }
}
