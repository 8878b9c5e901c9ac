// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title FinanceFlows
/// @notice Fuzzed flows of the financing pillar with exact figures: pro-rata shares of a prepaid
/// order sum to its price over any shipments; a receivable's holders together never redeem more
/// than was paid, however units move between payments.
contract FinanceFlows is FinanceRules {
    uint256 internal constant MAX = 32;

    function setUp() public {
        _deployFinance();
    }

    /// @notice Delivered in shipments of any sizes, a prepaid order pays its seller exactly its
    /// price, the escrow ends at zero, and the buyer holds every part.
    function testFuzz_prepaidShipmentsPayExactlyThePrice(uint256 countSeed, uint256 price, uint256 shipSeed) external {
        uint256 count = bound(countSeed, 1, MAX);
        price = bound(price, count, 1e20);
        uint256[] memory ids = _ids(maker, count, 0xC000);
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
        uint256[] memory ids = _ids(maker, count, 0xD000);
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
        uint256[] memory ids = _ids(maker, 1, 0xD800);
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
        uint256[] memory ids = _ids(maker, count, 0xE000);
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
        uint256[] memory ids = _ids(maker, count, 0xD000);
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

    // ------------------------------------------------------------ who holds a part, sound delivery,
    // ------------------------------------------------------------ assignment expiry, booking

    function _balance(address account) internal view returns (uint256) {
        return usd.balanceOf(account) + orders.owed(IERC20(address(usd)), account);
    }

    function _acceptedPrepaid(uint256 count, uint256 price, uint256 salt)
        internal
        returns (uint256 orderId, uint256[] memory ids)
    {
        ids = _ids(maker, count, salt);
        orderId = _openPrepaid(alice, maker, ids, price);
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @dev An enforcer moves `partId` to the buyer (alice), which installs it in an engine it owns.
    function _forceToAliceAndInstall(uint256 partId, uint256 salt) internal {
        uint256 engine = _register(maker2, bytes32(salt));
        vm.prank(maker2);
        parts.transferFrom(maker2, alice, engine);
        vm.prank(enforcer);
        parts.forcedTransfer(partId, alice, REASON);
        vm.prank(alice);
        parts.installPart(partId, engine);
        vm.assertEq(parts.ownerOf(partId), address(parts), "installed: the registry is the ERC-721 owner");
        vm.assertEq(parts.rootOwnerOf(partId), alice, "installed: the buyer is the root owner");
    }

    /// @notice A part forced to the buyer and installed in its assembly is the buyer's (the root
    /// owner): it cannot be dropped, and when the order closes the payee is paid its share and the
    /// buyer refunded only the other lines, whatever the price and the number of parts.
    function testFuzz_aPartForcedToTheBuyerAndInstalledIsPaidNotRefunded(uint256 countSeed, uint256 price) external {
        uint256 count = bound(countSeed, 2, 8);
        price = bound(price, count, 1e20);
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(count, price, 0xF000);
        _forceToAliceAndInstall(ids[0], 0xF0FF);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartWithBuyer.selector, orderId, ids[0]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.warp(orders.order(orderId).deadline + 1);
        orders.refundExpired(orderId); // anyone closes it
        uint256 share = orders.shareOf(orderId, 0);
        vm.assertEq(_balance(alice), price - share, "the buyer refunded the part it holds");
        vm.assertEq(_balance(maker), share, "the seller not paid the part the buyer holds");
        vm.assertEq(parts.rootOwnerOf(ids[0]), alice, "the part moved");
        for (uint256 i = 1; i < count; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), maker, "an undelivered part did not return to the seller");
        }
        vm.assertEq(usd.balanceOf(address(orders)), orders.owedTotal(IERC20(address(usd))), "orders keep money");
    }

    /// @notice The buyer confirming a part forced to it and installed settles it without a move:
    /// the seller is paid its share, the escrow keeps the rest.
    function test_theBuyerConfirmsAForcedInstalledPartWithoutAMove() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(2, 2e6, 0xF010);
        _forceToAliceAndInstall(ids[1], 0xF01F);
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[1]));
        vm.assertEq(_balance(maker), 1e6, "the seller not paid");
        vm.assertEq(_balance(alice), 0, "the buyer refunded");
        vm.assertEq(orders.escrowed(orderId), 1e6, "escrow");
        vm.assertEq(parts.rootOwnerOf(ids[1]), alice, "the part moved");
    }

    /// @notice A part its seller wore out (a life limit it set as manufacturer, usage it recorded)
    /// after acceptance is not delivered (the records' LifeLimitExceeded); canDeliver says
    /// PartUnserviceable; the buyer drops it and is refunded its share; the sound part still sells.
    function test_aWornOutPartIsNotDeliveredAndIsDroppedForARefund() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(2, 2e6, 0xF100);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartStillDeliverable.selector, orderId, ids[0]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.startPrank(maker);
        records.setLifeLimit(ids[0], 5, 0);
        records.recordUsage(ids[0], 5, 0);
        vm.stopPrank();
        vm.assertEq(
            uint256(orders.canDeliver(orderId, ids[0])),
            uint256(IPurchaseOrders.DeliveryCode.PartUnserviceable),
            "canDeliver"
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRecords.LifeLimitExceeded.selector, ids[0], uint64(5), uint64(5), uint64(0), uint64(0)
            )
        );
        vm.prank(maker);
        orders.deliver(orderId, ids);
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.prank(maker);
        orders.deliver(orderId, _one(ids[1]));
        vm.assertEq(_balance(alice), 1e6, "the buyer not refunded the worn-out part");
        vm.assertEq(_balance(maker), 1e6, "the seller paid for the worn-out part");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the worn-out part left the seller");
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "the worn-out part stays encumbered");
        vm.assertEq(parts.ownerOf(ids[1]), alice, "the sound part did not reach the buyer");
    }

    /// @notice The financier names the claim it pays for: a seller that delivers most of the order
    /// and offers again at the same advance before the take lands (the front-run) sells nothing;
    /// the financier keeps its advance and the seller has only what its deliveries paid.
    function test_aSellerCannotSellASmallerClaimByReofferingBeforeTheTake() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(10, 10e6, 0xF300);
        uint64 expiry = uint64(block.timestamp + 1 hours);
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 9e6, expiry);
        usd.mint(bank, 9e6);
        vm.prank(bank);
        usd.approve(address(orders), 9e6);
        uint256[] memory nine = new uint256[](9);
        for (uint256 i; i < 9; ++i) {
            nine[i] = ids[i];
        }
        vm.prank(maker);
        orders.deliver(orderId, nine);
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 9e6, expiry);
        vm.assertEq(orders.assignmentOffer(orderId).claim, 1e6, "the new offer sells what is left");
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ClaimChanged.selector, orderId, 10e6, 1e6));
        vm.prank(bank);
        orders.takeAssignment(orderId, 9e6, 10e6);
        vm.assertEq(usd.balanceOf(bank), 9e6, "the financier paid for a claim it did not agree to");
        vm.assertEq(_balance(maker), 9e6, "the seller: its nine deliveries only");
        vm.assertEq(orders.order(orderId).payee, maker, "the payment was assigned");
    }

    /// @notice An assignment offer expires after now and by the deadline; the financier cannot
    /// take it once it lapsed, nor any offer after the deadline, however late: the buyer is then
    /// refunded in full, the financier keeps its money and the late seller gets nothing.
    function testFuzz_nothingIsAssignedAfterTheOfferLapsedOrTheDeadline(uint256 lateBy) external {
        lateBy = bound(lateBy, 1, 365 days);
        (uint256 orderId,) = _acceptedPrepaid(1, 1e6, 0xF200);
        uint64 deadline = orders.order(orderId).deadline;
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.InvalidAssignmentExpiry.selector, orderId, uint256(deadline) + 1, deadline
            )
        );
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 9e5, deadline + 1);
        uint64 expiry = uint64(block.timestamp + 1 hours);
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 9e5, expiry);
        usd.mint(bank, 9e5);
        vm.prank(bank);
        usd.approve(address(orders), 9e5);
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AssignmentOfferExpired.selector, orderId, expiry));
        vm.prank(bank);
        orders.takeAssignment(orderId, 9e5, 1e6);
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 9e5, deadline);
        vm.warp(uint256(deadline) + lateBy);
        // an offer lapses by the order's deadline at the latest
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AssignmentOfferExpired.selector, orderId, deadline));
        vm.prank(bank);
        orders.takeAssignment(orderId, 9e5, 1e6);
        orders.refundExpired(orderId);
        vm.assertEq(_balance(alice), 1e6, "the buyer not refunded in full");
        vm.assertEq(_balance(maker), 0, "the late seller got an advance");
        vm.assertEq(usd.balanceOf(bank), 9e5, "the financier paid for a refunded order");
    }

    /// @notice A part an enforcer moved away from the seller (not to the buyer) is free for its new
    /// owner: its acceptance drops the old line and refunds the old buyer its share; the old
    /// seller is paid only what it delivers.
    function test_aPartForcedAwayIsFreedForItsNewOwnerAndTheOldBuyerRefunded() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(2, 2e6, 0xF300);
        vm.prank(enforcer);
        parts.forcedTransfer(ids[0], bob, REASON);
        vm.assertEq(orders.openOrderOf(ids[0]), 0, "a part forced away stays booked");
        uint256 resale = _openPrepaid(maker2, bob, _one(ids[0]), 5e6);
        vm.prank(bob);
        orders.acceptOrder(resale);
        vm.assertEq(orders.openOrderOf(ids[0]), resale, "the resale does not hold the part");
        vm.assertEq(_balance(alice), 1e6, "the old buyer not refunded its share");
        vm.assertEq(orders.escrowed(orderId), 1e6, "old escrow");
        (, IPurchaseOrders.LineState[] memory states) = orders.orderParts(orderId);
        vm.assertEq(uint256(states[0]), uint256(IPurchaseOrders.LineState.Dropped), "old line not dropped");
        vm.prank(bob);
        orders.deliver(resale, _one(ids[0]));
        vm.prank(maker);
        orders.deliver(orderId, _one(ids[1]));
        vm.assertEq(_balance(bob), 5e6, "the new owner not paid");
        vm.assertEq(_balance(maker), 1e6, "the old seller paid for the part it lost");
        vm.assertEq(parts.ownerOf(ids[0]), maker2, "the resold part");
        vm.assertEq(parts.ownerOf(ids[1]), alice, "the delivered part");
        vm.assertEq(usd.balanceOf(address(orders)), orders.owedTotal(IERC20(address(usd))), "orders keep money");
    }

    /// @notice A booking still holds a part forced to the buyer (it settles as delivered) and a
    /// part of a disputed order (the arbiter decides): acceptance reverts naming the order, and
    /// nobody's balance moves.
    function test_aBookingHoldsAPartForcedToItsBuyerOrInADispute() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(2, 2e6, 0xF400);
        vm.prank(enforcer);
        parts.forcedTransfer(ids[0], alice, REASON);
        uint256 resale = _openPrepaid(bob, alice, _one(ids[0]), 5e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[0], orderId));
        vm.prank(alice);
        orders.acceptOrder(resale);
        vm.prank(enforcer);
        parts.forcedTransfer(ids[1], bob, REASON);
        vm.prank(alice);
        orders.raiseDispute(orderId, bytes32("dispute"));
        uint256 other = _openPrepaid(maker2, bob, _one(ids[1]), 5e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[1], orderId));
        vm.prank(bob);
        orders.acceptOrder(other);
        vm.assertEq(orders.escrowed(orderId), 2e6, "escrow moved");
        vm.assertEq(_balance(alice), 0, "the buyer refunded");
        vm.assertEq(_balance(maker), 0, "the seller paid");
    }
}
