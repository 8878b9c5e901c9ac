// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceSuite} from "../utils/FinanceSuite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title FinanceFlows
/// @notice Fuzzed flows of the financing pillar with exact figures: pro-rata shares of a prepaid
/// order sum to its price over any shipments; a receivable's holders together never redeem more
/// than was paid, however units move between payments.
contract FinanceFlows is FinanceSuite {
    uint256 internal constant MAX = 32;

    function setUp() public {
        _deployFinance();
    }

    function _parts(address owner, uint256 count, uint256 salt) internal returns (uint256[] memory ids) {
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            ids[i] = _register(owner, bytes32(salt + i));
        }
    }

    function _openPrepaid(address buyer, address seller, uint256[] memory ids, uint256 price)
        internal
        returns (uint256 orderId)
    {
        usd.mint(buyer, price);
        vm.startPrank(buyer);
        usd.approve(address(orders), price);
        orderId = orders.openOrder(
            seller,
            ids,
            address(usd),
            price,
            uint64(block.timestamp + 7 days),
            IPurchaseOrders.Terms.Prepaid,
            0,
            arbiter
        );
        vm.stopPrank();
    }

    /// @notice Delivered in shipments of any sizes, a prepaid order pays its seller exactly its
    /// price, the escrow ends at zero, and the buyer holds every part.
    function testFuzz_prepaidShipmentsPayExactlyThePrice(uint256 countSeed, uint256 price, uint256 shipSeed) external {
        uint256 count = bound(countSeed, 1, MAX);
        price = bound(price, count, 1e20);
        uint256[] memory ids = _parts(maker, count, 0xC000);
        uint256 orderId = _openPrepaid(alice, maker, ids, price);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            sum += orders.shareOf(orderId, i);
        }
        vm.assertEq(sum, price, "shares do not sum to the price");
        uint256 next;
        while (next < count) {
            uint256 size = bound(shipSeed, 1, count - next);
            shipSeed = uint256(keccak256(abi.encode(shipSeed)));
            uint256[] memory shipment = new uint256[](size);
            for (uint256 i; i < size; ++i) {
                shipment[i] = ids[next + i];
            }
            next += size;
            vm.prank(maker);
            orders.deliver(orderId, shipment);
        }
        vm.assertEq(usd.balanceOf(maker) + orders.owed(IERC20(address(usd)), maker), price, "seller not paid the price");
        vm.assertEq(orders.escrowed(orderId), 0, "escrow left over");
        vm.assertEq(usd.balanceOf(address(orders)), orders.owedTotal(IERC20(address(usd))), "orders keep money");
        for (uint256 i; i < count; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), alice, "a part did not reach the buyer");
            vm.assertEq(parts.encumbranceOf(ids[i]), address(0), "a delivered part stays encumbered");
        }
        vm.assertEq(
            uint256(orders.order(orderId).state), uint256(IPurchaseOrders.OrderState.Completed), "not completed"
        );
    }

    /// @notice A seller past its deadline cannot raise a dispute (which would hold the escrow for
    /// the ruling window): it reverts naming the deadline, and the buyer's refund is due at once,
    /// every undelivered share of it, while the seller keeps exactly what it delivered.
    function testFuzz_aLateSellerCannotDisputeToHoldTheRefund(uint256 countSeed, uint256 price, uint256 lateBy)
        external
    {
        uint256 count = bound(countSeed, 2, 8);
        price = bound(price, count, 1e20);
        lateBy = bound(lateBy, 1, 365 days);
        uint256[] memory ids = _parts(maker, count, 0xD000);
        uint256 orderId = _openPrepaid(alice, maker, ids, price);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        uint256[] memory first = new uint256[](1);
        first[0] = ids[0];
        vm.prank(maker);
        orders.deliver(orderId, first);
        uint256 deadline = orders.order(orderId).deadline;
        vm.warp(deadline + lateBy);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        vm.prank(maker);
        orders.raiseDispute(orderId, bytes32("late"));
        vm.prank(alice);
        orders.refundExpired(orderId);
        uint256 delivered = orders.shareOf(orderId, 0);
        vm.assertEq(usd.balanceOf(alice) + orders.owed(IERC20(address(usd)), alice), price - delivered, "buyer refund");
        vm.assertEq(usd.balanceOf(maker) + orders.owed(IERC20(address(usd)), maker), delivered, "seller paid");
        for (uint256 i = 1; i < count; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), maker, "an undelivered part did not return to the seller");
        }
        vm.assertEq(usd.balanceOf(address(orders)), orders.owedTotal(IERC20(address(usd))), "orders keep money");
    }

    /// @notice Up to and at its deadline the seller may still raise a dispute (the deadline is
    /// the last second it could deliver); the order is then Disputed, naming it.
    function test_theSellerMayDisputeAtItsDeadline() external {
        uint256[] memory ids = _parts(maker, 1, 0xD800);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.warp(orders.order(orderId).deadline);
        vm.prank(maker);
        orders.raiseDispute(orderId, bytes32("on time"));
        vm.assertEq(uint256(orders.order(orderId).state), uint256(IPurchaseOrders.OrderState.Disputed), "not disputed");
        (address raisedBy,) = orders.dispute(orderId);
        vm.assertEq(raisedBy, maker, "raised by");
    }

    /// @notice Once the seller is suspended it can deliver nothing: the buyer drops every line at
    /// once and gets the whole escrow back; the seller gets nothing and its parts are released.
    function testFuzz_aSuspendedSellersLinesAreDroppedAndRefundedAtOnce(uint256 countSeed, uint256 price) external {
        uint256 count = bound(countSeed, 1, 8);
        price = bound(price, count, 1e20);
        uint256[] memory ids = _parts(maker, count, 0xE000);
        uint256 orderId = _openPrepaid(alice, maker, ids, price);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartStillDeliverable.selector, orderId, ids[0]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.prank(regulator);
        participants.suspend(maker, bytes32("suspended"));
        for (uint256 i; i < count; ++i) {
            vm.prank(alice);
            orders.dropPart(orderId, ids[i]);
            vm.assertEq(parts.ownerOf(ids[i]), maker, "a dropped part left the seller");
            vm.assertEq(parts.encumbranceOf(ids[i]), address(0), "a dropped part stays encumbered");
        }
        vm.assertEq(usd.balanceOf(alice) + orders.owed(IERC20(address(usd)), alice), price, "buyer not refunded all");
        vm.assertEq(usd.balanceOf(maker) + orders.owed(IERC20(address(usd)), maker), 0, "seller paid");
        vm.assertEq(orders.escrowed(orderId), 0, "escrow left over");
        vm.assertEq(usd.balanceOf(address(orders)), orders.owedTotal(IERC20(address(usd))), "orders keep money");
    }

    /// @notice The receivables claim ERC-165 and ERC-1155, not the metadata extension: uri() is empty.
    function test_receivablesClaimNoMetadataInterface() external view {
        vm.assertTrue(receivables.supportsInterface(0x01ffc9a7), "ERC-165");
        vm.assertTrue(receivables.supportsInterface(0xd9b67a26), "ERC-1155");
        vm.assertFalse(receivables.supportsInterface(0x0e89341c), "ERC-1155 metadata claimed");
        vm.assertFalse(receivables.supportsInterface(0xffffffff), "0xffffffff");
    }

    /// @notice Units moved between payments carry the right exactly: the sender keeps what it
    /// redeemed, the receiver gets only the unredeemed part; together the holders never redeem
    /// more than was paid, and each at most its exact share (units x paid / face).
    function testFuzz_movedUnitsCarryTheRight(uint256 face, uint256 paid1, uint256 paid2, uint256 moved) external {
        face = bound(face, 2, CREDIT_LINE);
        paid1 = bound(paid1, 1, face - 1);
        paid2 = bound(paid2, 1, face - paid1);
        moved = bound(moved, 1, face);
        vm.prank(alice);
        uint256 id = receivables.issue(
            maker, address(usd), face, uint64(block.timestamp + 30 days), keccak256("invoice"), new uint256[](0)
        );
        vm.prank(maker);
        receivables.confirm(id);
        _pay(id, paid1);
        vm.prank(alice);
        uint256 first = receivables.redeem(id);
        vm.prank(alice);
        receivables.safeTransferFrom(alice, bob, id, moved, "");
        vm.assertEq(receivables.redeemable(id, bob), 0, "the receiver can redeem what the sender redeemed");
        _pay(id, paid2);
        uint256 total = paid1 + paid2;
        uint256 aliceGets = first + receivables.redeemable(id, alice);
        uint256 bobGets = receivables.redeemable(id, bob);
        vm.assertLe(aliceGets + bobGets, total, "holders redeem more than was paid");
        vm.assertLe(bobGets, moved * paid2 / face, "the receiver redeems above its share of the later payment");
        // exact share: (face - moved) units over the whole payment, `moved` units over the first
        vm.assertLe(aliceGets, ((face - moved) * total + moved * paid1) / face, "the sender redeems above its share");
    }

    function _pay(uint256 id, uint256 amount) internal {
        usd.mint(maker, amount);
        vm.startPrank(maker);
        usd.approve(address(receivables), amount);
        receivables.pay(id, amount);
        vm.stopPrank();
    }

    /// @notice On credit, shipments of any sizes issue confirmed receivables to the seller whose
    /// faces sum to the price, each linked to its shipment's parts; the buyer's reservation is
    /// consumed into its outstanding amount, no money moves, and the buyer holds every part.
    function testFuzz_creditShipmentsInvoiceExactlyThePrice(uint256 countSeed, uint256 price, uint256 shipSeed)
        external
    {
        uint256 count = bound(countSeed, 1, MAX);
        price = bound(price, count, CREDIT_LINE);
        uint256[] memory ids = _parts(maker, count, 0xD000);
        uint64 deadline = uint64(block.timestamp + 7 days);
        vm.prank(alice);
        uint256 orderId = orders.openOrder(
            maker, ids, address(usd), price, deadline, IPurchaseOrders.Terms.Credit, deadline + 30 days, arbiter
        );
        (,, uint256 reserved) = receivables.creditOf(alice, address(usd));
        vm.assertEq(reserved, price, "the order does not reserve its price");
        vm.prank(maker);
        orders.acceptOrder(orderId);
        uint256 first = receivables.receivableCount() + 1;
        uint256 next;
        while (next < count) {
            uint256 size = bound(shipSeed, 1, count - next);
            shipSeed = uint256(keccak256(abi.encode(shipSeed)));
            uint256[] memory shipment = new uint256[](size);
            for (uint256 i; i < size; ++i) {
                shipment[i] = ids[next + i];
            }
            next += size;
            vm.prank(maker);
            orders.deliver(orderId, shipment);
            uint256 id = receivables.receivableCount();
            vm.assertEq(receivables.partsOf(id).length, size, "a receivable not linked to its shipment");
        }
        uint256 faces;
        for (uint256 id = first; id <= receivables.receivableCount(); ++id) {
            IReceivables.ReceivableInfo memory r = receivables.receivable(id);
            vm.assertEq(r.creditor, maker, "invoiced to someone other than the seller");
            vm.assertEq(r.debtor, alice, "owed by someone other than the buyer");
            vm.assertEq(uint256(r.state), uint256(IReceivables.ReceivableState.Outstanding), "not confirmed");
            vm.assertEq(receivables.balanceOf(maker, id), r.face, "the seller does not hold the units");
            faces += r.face;
        }
        vm.assertEq(faces, price, "the receivables' faces do not sum to the price");
        (, uint256 outstanding, uint256 left) = receivables.creditOf(alice, address(usd));
        vm.assertEq(left, 0, "a reservation outlived the deliveries");
        vm.assertEq(outstanding, price, "the buyer's outstanding is not the price");
        vm.assertEq(usd.totalSupply(), PROBE, "money moved on credit"); // the admin's probe alone
        for (uint256 i; i < count; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), alice, "a part did not reach the buyer");
        }
    }
}
