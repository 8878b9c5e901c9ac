// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {FinanceBase} from "../../contracts/finance/FinanceBase.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";

/// @title OrdersClosing
/// @notice How PurchaseOrders closes an order and who gets what: refunds after the deadline or an
/// unruled dispute, disputes, the arbiter's ruling with its split, purchase-order financing
/// (assignment of the payment to a financier) and the regulator's freeze.
contract OrdersClosing is FinanceRules {
    uint256 internal constant WINDOW = 30 days;

    function setUp() public {
        _deployFinance();
    }

    // ================================================================ refundExpired

    /// @notice Only a live, unfrozen order past its deadline is refunded, while the suite runs.
    function test_refundGuards() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x100);
        uint256 deadline = orders.order(orderId).deadline;
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        orders.refundExpired(99);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlineNotPassed.selector, orderId, deadline));
        orders.refundExpired(orderId);
        vm.warp(deadline + 1);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        orders.refundExpired(orderId);
        _freezeOrder(orderId, false);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        orders.refundExpired(orderId);
        _unpause();
        vm.assertEq(orders.escrowed(orderId), PRICE3, "escrow moved");
        vm.assertEq(parts.encumbranceOf(ids[0]), alice, "released");
        orders.refundExpired(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotRefundable.selector, orderId, IPurchaseOrders.OrderState.Refunded
            )
        );
        orders.refundExpired(orderId);
    }

    /// @notice A completed or cancelled order is closed: nothing to refund.
    function test_refundRefusesClosedOrders() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x110);
        _deliver(orderId, ids);
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotRefundable.selector, orderId, IPurchaseOrders.OrderState.Completed
            )
        );
        orders.refundExpired(orderId);
        uint256 other = _openPrepaid(alice, maker, _ids(maker, 1, 0x118), 1e6);
        vm.prank(alice);
        orders.cancelOrder(other);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotRefundable.selector, other, IPurchaseOrders.OrderState.Cancelled
            )
        );
        orders.refundExpired(other);
        vm.assertEq(_bal(maker), PRICE3, "seller");
        vm.assertEq(_bal(alice), 1e6, "buyer");
    }

    /// @notice An order never accepted is refunded whole after its deadline; a keeper closing it
    /// gets nothing: the buyer is credited (it is not the caller), the seller keeps its parts.
    function test_refundAnOpenOrderByAKeeper() external {
        uint256[] memory ids = _ids(maker, 3, 0x120);
        uint256 orderId = _openPrepaid(alice, maker, ids, PRICE3);
        vm.warp(orders.order(orderId).deadline + 1);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRefunded(orderId, alice, PRICE3, 3);
        vm.prank(bob);
        orders.refundExpired(orderId);
        vm.assertEq(_owedO(alice), PRICE3, "buyer not credited");
        vm.assertEq(_bal(alice), 0, "buyer paid directly");
        vm.assertEq(_bal(bob) + _owedO(bob), 0, "keeper paid");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Refunded), "state");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Refunded), "line");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "part moved");
        _assertOrdersHold(orderId);
    }

    /// @notice The buyer refunding an accepted order is paid straight the shares of its pending
    /// lines and of a line forced to a third party; a line forced to the buyer is settled as
    /// delivered and credited to the seller; pending parts go back to the seller.
    function test_refundAnAcceptedOrderSettlesEachLine() external {
        uint256[] memory ids = _ids(maker, 4, 0x130);
        uint256 orderId = _openPrepaid(alice, maker, ids, 4_000_003); // 1,000,000 x 3 then 1,000,003
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _deliver(orderId, _one(ids[0]));
        _forced(ids[1], bob);
        _forced(ids[3], alice);
        vm.warp(orders.order(orderId).deadline + 1);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRefunded(orderId, alice, 2_000_000, 2);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 2_000_000, "buyer refund");
        vm.assertEq(_owedO(alice), 0, "buyer credited instead");
        vm.assertEq(_bal(maker), 1_000_000, "seller paid on delivery");
        vm.assertEq(_owedO(maker), 1_000_003, "the forced line not credited to the seller");
        vm.assertEq(parts.ownerOf(ids[2]), maker, "pending part");
        vm.assertEq(parts.encumbranceOf(ids[2]), address(0), "pending part still promised");
        vm.assertEq(orders.openOrderOf(ids[2]), 0, "pending part still booked");
        vm.assertEq(parts.ownerOf(ids[1]), bob, "part forced to a third party");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "line 0");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Refunded), "line 1");
        vm.assertEq(_line(orderId, 2), uint256(IPurchaseOrders.LineState.Refunded), "line 2");
        vm.assertEq(_line(orderId, 3), uint256(IPurchaseOrders.LineState.Delivered), "line 3");
        _assertOrdersHold(orderId);
    }

    /// @notice When every open line was forced to the buyer, the buyer refunding gets nothing
    /// (no transfer of zero) and the seller is credited the whole price.
    function test_refundWithNothingToRefund() external {
        uint256[] memory ids = _ids(maker, 1, 0x138);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _forced(ids[0], alice);
        vm.warp(orders.order(orderId).deadline + 1);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRefunded(orderId, alice, 0, 0);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice) + _owedO(alice), 0, "buyer refunded a part it holds");
        vm.assertEq(_owedO(maker), 1e6, "seller not credited the forced line");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "line");
        _assertOrdersHold(orderId);
    }

    /// @notice On credit the refund releases the reservation of every undelivered line, the one
    /// forced to the buyer included (not invoiced); the delivered line stays invoiced.
    function test_refundOnCreditReleasesTheReservation() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x140);
        _deliver(orderId, _one(ids[0]));
        _forced(ids[2], alice);
        vm.warp(orders.order(orderId).deadline + 1);
        orders.refundExpired(orderId);
        vm.assertEq(_reserved(alice), 0, "reservation left");
        vm.assertEq(_outstanding(alice), 333_333, "outstanding");
        vm.assertEq(receivables.receivableCount(), 1, "receivables");
        vm.assertEq(_bal(maker) + _owedO(maker) + _bal(alice) + _owedO(alice), 0, "money moved on credit");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "pending part");
    }

    /// @notice A dispute raised before the deadline holds the order until the deadline plus the
    /// ruling window, inclusive; a second later anyone refunds it.
    function test_refundADisputeAfterItsWindow() external {
        (uint256 orderId,) = _acceptedPrepaid(0x150);
        _dispute(orderId, alice);
        uint256 until = orders.order(orderId).deadline + WINDOW;
        vm.warp(until);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.RulingWindowOpen.selector, orderId, until));
        orders.refundExpired(orderId);
        vm.warp(until + 1);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), PRICE3, "buyer refund");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotDisputed.selector, orderId, IPurchaseOrders.OrderState.Refunded
            )
        );
        vm.prank(arbiter);
        orders.rule(orderId, 0);
    }

    /// @notice After the deadline the buyer cannot raise a dispute either (it would hold the
    /// seller's pending parts, and on credit its receivables, for the ruling window over lines the
    /// buyer gets back anyway): it reverts naming the deadline, and the refund is due at once.
    function test_theBuyerCannotDisputeAfterTheDeadline() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x160);
        uint256 deadline = orders.order(orderId).deadline;
        vm.warp(deadline + 5 days);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        _dispute(orderId, alice);
        vm.assertFalse(orders.isDisputed(orderId), "disputed");
        orders.refundExpired(orderId);
        vm.assertEq(_owedO(alice), PRICE3, "buyer refund");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        for (uint256 i; i < ids.length; ++i) {
            vm.assertEq(parts.ownerOf(ids[i]), maker, "part not released to the seller");
        }
    }

    /// @notice On credit the buyer's late confirmation stops at the order's maturity: at and after
    /// it a receipt would invoice a receivable already due, so it reverts (`OrderMatured`), nothing
    /// moves, and the close releases the reservation; a second before, it is invoiced.
    function test_aCreditReceiptIsRefusedFromTheOrdersMaturity() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x170);
        IPurchaseOrders.Order memory info = orders.order(orderId);
        vm.warp(uint256(info.maturity) - 1);
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[0]));
        vm.assertEq(parts.ownerOf(ids[0]), alice, "confirmed before maturity");
        vm.warp(info.maturity);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderMatured.selector, orderId, info.maturity));
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[1]));
        vm.assertEq(parts.ownerOf(ids[1]), maker, "moved past maturity");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Pending), "line settled");
        uint256 reservedBefore = _reserved(alice);
        orders.refundExpired(orderId);
        vm.assertEq(reservedBefore - _reserved(alice), info.price - orders.shareOf(orderId, 0), "reservation released");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "part not released to the seller");
    }

    /// @notice A suspended buyer cannot take its refund out by closing the order itself
    /// (refundExpired pays its caller straight): it is refused and nothing moves. The seller may
    /// still close the order, which credits the buyer; the refund then waits for withdraw, which
    /// pays the buyer once it is reinstated.
    function test_refundExpiredBySuspendedBuyerIsRefusedAndItsRefundWaits() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x5050);
        _suspend(alice);
        vm.warp(block.timestamp + TERM + 1);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 0, "the suspended buyer was paid");
        vm.assertEq(orders.escrowed(orderId), PRICE3, "escrow moved");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Accepted), "closed");
        vm.prank(maker);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 0, "the suspended buyer was paid out");
        vm.assertEq(_owedO(alice), PRICE3, "the buyer not credited its refund");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "the seller paid");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the part not back with the seller");
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "the part still promised");
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        vm.prank(alice);
        orders.withdraw(_usd());
        _reinstate(alice);
        vm.prank(alice);
        orders.withdraw(_usd());
        vm.assertEq(_bal(alice), PRICE3, "the reinstated buyer not refunded");
        vm.assertEq(_owedO(alice), 0, "still owed");
        _assertOrdersHold(orderId);
    }

    /// @notice An offboarded buyer is refused the same way; a keeper closing the order credits it,
    /// and nothing is paid out to the offboarded account.
    function test_refundExpiredByOffboardedBuyerIsRefusedAndItsRefundWaits() external {
        uint256 orderId = _openPrepaid(alice, maker, _ids(maker, 1, 0x6060), 5000);
        vm.prank(admin);
        participants.offboard(alice);
        vm.warp(block.timestamp + TERM + 1);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, alice));
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 0, "the offboarded buyer was paid");
        vm.assertEq(orders.escrowed(orderId), 5000, "escrow moved");
        vm.prank(bob);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 0, "the offboarded buyer was paid out");
        vm.assertEq(_owedO(alice), 5000, "the buyer not credited its refund");
        vm.assertEq(_bal(bob) + _owedO(bob), 0, "the keeper paid");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "the seller paid");
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, alice));
        vm.prank(alice);
        orders.withdraw(_usd());
        _assertOrdersHold(orderId);
    }

    // ================================================================ disputes

    /// @notice A party, active, disputes an accepted unfrozen order until its deadline.
    function test_disputeGuards() external {
        (uint256 orderId,) = _acceptedPrepaid(0x200);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        _dispute(99, alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotParty.selector, orderId, bob));
        _dispute(orderId, bob);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        _dispute(orderId, alice);
        _reinstate(alice);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        _dispute(orderId, alice);
        _freezeOrder(orderId, false);
        uint256 deadline = orders.order(orderId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        _dispute(orderId, maker);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        _dispute(orderId, alice);
        vm.assertFalse(orders.isDisputed(orderId), "disputed");
        vm.warp(deadline);
        _dispute(orderId, alice);
        (address raisedBy, bytes32 documentHash) = orders.dispute(orderId);
        vm.assertEq(raisedBy, alice, "raised by");
        vm.assertEq(documentHash, keccak256("dispute"), "document");
        vm.assertTrue(orders.isDisputed(orderId), "not disputed");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Disputed
            )
        );
        _dispute(orderId, maker);
    }

    /// @notice An order not yet accepted cannot be disputed.
    function test_disputeNeedsAnAcceptedOrder() external {
        uint256 orderId = _openPrepaid(alice, maker, _ids(maker, 1, 0x210), 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Open)
        );
        _dispute(orderId, alice);
    }

    // ================================================================ rulings

    /// @notice Only the order's own arbiter, active and still holding ARBITER_ROLE, rules a
    /// disputed unfrozen order, with a split of at most 10,000 bps.
    function test_ruleGuards() external {
        (uint256 orderId,) = _acceptedPrepaid(0x300);
        address arbiter2 = vm.addr(0xA4B2);
        _onboard(arbiter2, Roles.ARBITER);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(arbiter);
        orders.rule(99, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotDisputed.selector, orderId, IPurchaseOrders.OrderState.Accepted
            )
        );
        vm.prank(arbiter);
        orders.rule(orderId, 0);
        _dispute(orderId, alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotArbiter.selector, orderId, arbiter2));
        vm.prank(arbiter2);
        orders.rule(orderId, 0);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotArbiter.selector, orderId, alice));
        vm.prank(alice);
        orders.rule(orderId, 10_000);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        orders.rule(orderId, 0);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidSplit.selector, 10_001));
        vm.prank(arbiter);
        orders.rule(orderId, 10_001);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        vm.prank(arbiter);
        orders.rule(orderId, 0);
        _freezeOrder(orderId, false);
        _suspend(arbiter);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, arbiter));
        vm.prank(arbiter);
        orders.rule(orderId, 0);
        _reinstate(arbiter);
        vm.prank(admin);
        participants.revokeRole(Roles.ARBITER, arbiter);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, arbiter, Roles.ARBITER)
        );
        vm.prank(arbiter);
        orders.rule(orderId, 0);
        vm.assertEq(orders.escrowed(orderId), PRICE3, "escrow moved");
        vm.assertEq(orders.owedTotal(_usd()), 0, "credited");
    }

    /// @notice The ruling splits what is escrowed (the undelivered shares): buyerBps to the buyer,
    /// the rest to the seller, both credited; the arbiter gets nothing; undelivered parts go back
    /// to the seller; the delivered share stays paid.
    function test_ruleSplitsTheEscrow() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x310);
        _deliver(orderId, _one(ids[0]));
        _dispute(orderId, maker);
        // held 666,668: 25% is 166,667 to the buyer, 500,001 to the seller
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRuled(orderId, arbiter, 2500, 166_667, 500_001);
        vm.prank(arbiter);
        orders.rule(orderId, 2500);
        vm.assertEq(_owedO(alice), 166_667, "buyer share");
        vm.assertEq(_bal(alice), 0, "buyer paid directly");
        vm.assertEq(_owedO(maker), 500_001, "seller share");
        vm.assertEq(_bal(maker), 333_333, "seller's delivery");
        vm.assertEq(_bal(arbiter) + _owedO(arbiter), 0, "arbiter paid");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "undelivered part");
        vm.assertEq(parts.encumbranceOf(ids[2]), address(0), "undelivered part still promised");
        vm.assertEq(orders.openOrderOf(ids[2]), 0, "undelivered part still booked");
        vm.assertEq(parts.ownerOf(ids[0]), alice, "delivered part");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Ruled), "state");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "line 0");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Ruled), "line 1");
        _assertOrdersHold(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotDisputed.selector, orderId, IPurchaseOrders.OrderState.Ruled)
        );
        vm.prank(arbiter);
        orders.rule(orderId, 0);
    }

    /// @notice A whole ruling for the buyer credits it every undelivered share and the seller
    /// nothing; a line forced to the buyer is outside the split: paid to the seller.
    function test_ruleAllToTheBuyerPaysAForcedLineToTheSeller() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x320);
        _forced(ids[2], alice);
        _dispute(orderId, alice);
        vm.prank(arbiter);
        orders.rule(orderId, 10_000);
        vm.assertEq(_owedO(alice), 666_666, "buyer share");
        vm.assertEq(_owedO(maker), 333_335, "forced line");
        vm.assertEq(_line(orderId, 2), uint256(IPurchaseOrders.LineState.Delivered), "forced line state");
        _assertOrdersHold(orderId);
    }

    /// @notice The root owner holds a part: a part forced to the buyer and installed in its own
    /// assembly (the registry its ERC-721 owner) is the buyer's all the same, so a ruling settles
    /// its line as delivered and pays it to the seller, outside the split.
    function test_ruleSettlesALineInstalledInTheBuyersAssembly() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x328);
        uint256 engine = _register(maker2, bytes32(uint256(0x329)));
        vm.prank(maker2);
        parts.transferFrom(maker2, alice, engine);
        _forced(ids[0], alice);
        vm.prank(alice);
        parts.installPart(ids[0], engine);
        vm.assertEq(parts.ownerOf(ids[0]), address(parts), "not installed");
        vm.assertEq(parts.rootOwnerOf(ids[0]), alice, "the buyer is not the root owner");
        _dispute(orderId, alice);
        // held 666,668 (lines 1 and 2): 50% is 333,334 each way
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRuled(orderId, arbiter, 5000, 333_334, 333_334);
        vm.prank(arbiter);
        orders.rule(orderId, 5000);
        vm.assertEq(_owedO(alice), 333_334, "buyer share");
        vm.assertEq(_owedO(maker), 333_334 + 333_333, "seller: its share and the installed line");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "installed line");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Ruled), "line 1");
        vm.assertEq(parts.rootOwnerOf(ids[0]), alice, "the installed part moved");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "undelivered part");
        _assertOrdersHold(orderId);
    }

    /// @notice On credit a ruling moves no money: the reservation of the undelivered lines (and
    /// of a line forced to the buyer) is released, the delivered line stays invoiced.
    function test_ruleOnCreditReleasesTheReservation() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x330);
        _deliver(orderId, _one(ids[2]));
        _forced(ids[1], alice);
        _dispute(orderId, alice);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRuled(orderId, arbiter, 5000, 0, 0);
        vm.prank(arbiter);
        orders.rule(orderId, 5000);
        vm.assertEq(_reserved(alice), 0, "reservation left");
        vm.assertEq(_outstanding(alice), 333_335, "outstanding");
        vm.assertEq(orders.owedTotal(_usd()), 0, "money credited on credit");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "undelivered part");
    }

    // ================================================================ assignment

    /// @notice Only the active payee of an accepted unfrozen prepaid order offers its payment, to
    /// a financier that is neither the buyer, the payee nor the order's arbiter, for an advance,
    /// until an expiry after now and no later than the order's deadline.
    function test_offerAssignmentGuards() external {
        (uint256 orderId,) = _acceptedPrepaid(0x400);
        uint64 expiry = _expiry();
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        _offer(99, bank, 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotPayee.selector, orderId, alice));
        vm.prank(alice);
        orders.offerAssignment(orderId, bank, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidFinancier.selector, orderId, alice));
        _offer(orderId, alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidFinancier.selector, orderId, maker));
        _offer(orderId, maker, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.FINANCIER)
        );
        _offer(orderId, bob, 1);
        vm.prank(admin);
        participants.grantRole(Roles.FINANCIER, arbiter);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidFinancier.selector, orderId, arbiter));
        _offer(orderId, arbiter, 1);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.ZeroAmount.selector));
        _offer(orderId, bank, 0);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        _offer(orderId, bank, 1);
        _freezeOrder(orderId, false);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        _offer(orderId, bank, 1);
        vm.assertEq(orders.assignmentOffer(orderId).financier, address(0), "an offer stands");
    }

    /// @notice The expiry is after now (now + 1 the earliest) and at most the order's deadline
    /// (inclusive); once the deadline passed no expiry is valid, so nothing is offered.
    function test_offerAssignmentExpiryBounds() external {
        (uint256 orderId,) = _acceptedPrepaid(0x408);
        uint256 deadline = orders.order(orderId).deadline;
        uint64 now_ = uint64(block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.InvalidAssignmentExpiry.selector, orderId, now_, deadline)
        );
        _offerUntil(orderId, 900_000, now_);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.InvalidAssignmentExpiry.selector, orderId, deadline + 1, deadline)
        );
        _offerUntil(orderId, 900_000, uint64(deadline + 1));
        _offerUntil(orderId, 900_000, now_ + 1);
        vm.assertEq(orders.assignmentOffer(orderId).expiry, now_ + 1, "the earliest expiry");
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.AssignmentOffered(orderId, maker, bank, 800_000, uint64(deadline));
        _offerUntil(orderId, 800_000, uint64(deadline));
        IPurchaseOrders.AssignmentOffer memory offer = orders.assignmentOffer(orderId);
        vm.assertEq(offer.expiry, deadline, "the latest expiry");
        vm.assertEq(offer.advance, 800_000, "a new offer replaces the previous one");
        vm.assertEq(offer.claim, PRICE3, "claim");
        vm.warp(deadline + 1);
        vm.assertEq(orders.assignmentOffer(orderId).financier, address(0), "a lapsed offer still reads");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.InvalidAssignmentExpiry.selector, orderId, deadline + 1 days, deadline
            )
        );
        _offerUntil(orderId, 900_000, uint64(deadline + 1 days));
        vm.assertEq(orders.order(orderId).payee, maker, "payee changed");
    }

    /// @notice Credit orders and orders not accepted are not assigned.
    function test_offerAssignmentNeedsAnAcceptedPrepaidOrder() external {
        (uint256 credit,) = _acceptedCredit(0x410);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.WrongTerms.selector, credit, IPurchaseOrders.Terms.Prepaid)
        );
        _offer(credit, bank, 1);
        uint256 open = _openPrepaid(alice, maker, _ids(maker, 1, 0x418), 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotAccepted.selector, open, IPurchaseOrders.OrderState.Open)
        );
        _offer(open, bank, 1);
    }

    /// @notice The named financier alone takes the offer, for the advance offered, while it and
    /// the payee are active, the order accepted, unfrozen and escrowing exactly the claim the
    /// financier names.
    function test_takeAssignmentGuards() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x420);
        address bank2 = vm.addr(0xBA4D);
        _onboard(bank2, Roles.FINANCIER);
        _fund(bank, 900_000);
        _fund(bank2, 900_000);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NoAssignmentOffer.selector, orderId, bank));
        _take(orderId, bank, 900_000, PRICE3);
        _offer(orderId, bank, 900_000);
        IPurchaseOrders.AssignmentOffer memory offer = orders.assignmentOffer(orderId);
        vm.assertEq(offer.financier, bank, "financier");
        vm.assertEq(offer.offeredBy, maker, "offered by");
        vm.assertEq(offer.advance, 900_000, "advance");
        vm.assertEq(offer.claim, PRICE3, "claim");
        vm.assertEq(offer.expiry, _expiry(), "expiry");
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NoAssignmentOffer.selector, orderId, bank2));
        _take(orderId, bank2, 900_000, PRICE3);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AdvanceMismatch.selector, orderId, 900_000, 899_999));
        _take(orderId, bank, 899_999, PRICE3);
        // the financier names a claim the order does not escrow: nothing is assigned
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ClaimChanged.selector, orderId, PRICE3 - 1, PRICE3));
        _take(orderId, bank, 900_000, PRICE3 - 1);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        _take(orderId, bank, 900_000, PRICE3);
        _freezeOrder(orderId, false);
        _suspend(bank);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bank));
        _take(orderId, bank, 900_000, PRICE3);
        _reinstate(bank);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        _take(orderId, bank, 900_000, PRICE3);
        _reinstate(maker);
        _deliver(orderId, _one(ids[0]));
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ClaimChanged.selector, orderId, PRICE3, 666_668));
        _take(orderId, bank, 900_000, PRICE3);
        _dispute(orderId, alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Disputed
            )
        );
        _take(orderId, bank, 900_000, 666_668);
        vm.assertEq(orders.order(orderId).payee, maker, "payee changed");
        vm.assertEq(_bal(bank), 900_000, "the financier paid");
        vm.assertEq(_bal(maker), 333_333, "the seller: its delivery only");
    }

    /// @notice An offer is taken up to its expiry inclusive, not a second after; an offer that
    /// stands until the deadline lapses with it (AssignmentOfferExpired, whatever the delay): the
    /// financier keeps its money and the buyer is refunded in full.
    function test_takeAssignmentExpiry() external {
        (uint256 orderId,) = _acceptedPrepaid(0x428);
        uint64 deadline = orders.order(orderId).deadline;
        _fund(bank, 900_000);
        uint64 expiry = _expiry();
        _offer(orderId, bank, 900_000);
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AssignmentOfferExpired.selector, orderId, expiry));
        _take(orderId, bank, 900_000, PRICE3);
        _offerUntil(orderId, 900_000, deadline);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AssignmentOfferExpired.selector, orderId, deadline));
        _take(orderId, bank, 900_000, PRICE3);
        vm.warp(deadline + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.AssignmentOfferExpired.selector, orderId, deadline));
        _take(orderId, bank, 900_000, PRICE3);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), PRICE3, "the buyer not refunded in full");
        vm.assertEq(_bal(bank), 900_000, "the financier paid for a refunded order");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "the late seller paid");
        _assertOrdersHold(orderId);
    }

    /// @notice An offer standing until the deadline is taken at the deadline itself.
    function test_takeAssignmentAtTheDeadline() external {
        (uint256 orderId,) = _acceptedPrepaid(0x438);
        uint64 deadline = orders.order(orderId).deadline;
        _fund(bank, 900_000);
        _offerUntil(orderId, 900_000, deadline);
        vm.warp(deadline);
        _take(orderId, bank, 900_000, PRICE3);
        vm.assertEq(orders.order(orderId).payee, bank, "payee");
        vm.assertEq(_bal(maker), 900_000, "seller not paid the advance");
        vm.assertEq(_bal(bank), 0, "financier kept the advance");
    }

    /// @notice Taking the assignment pays the advance from the financier straight to the seller;
    /// from then on deliveries, a ruling's payee share and a forced line go to the financier, never
    /// the seller, and only the financier may offer the payment again.
    function test_takeAssignmentRedirectsThePayment() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x430);
        _fund(bank, 900_000);
        _offer(orderId, bank, 900_000);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderAssigned(orderId, maker, bank, 900_000);
        _take(orderId, bank, 900_000, PRICE3);
        vm.assertEq(_bal(maker), 900_000, "seller not paid the advance");
        vm.assertEq(_bal(bank), 0, "financier kept the advance");
        vm.assertEq(orders.order(orderId).payee, bank, "payee");
        vm.assertEq(orders.assignmentOffer(orderId).financier, address(0), "offer kept");
        _deliver(orderId, _one(ids[0]));
        vm.assertEq(_owedO(bank), 333_333, "financier not credited the delivery");
        vm.assertEq(_bal(maker) + _owedO(maker), 900_000, "seller paid the delivery");
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotPayee.selector, orderId, maker));
        _offer(orderId, bank, 1);
        _forced(ids[1], alice);
        _dispute(orderId, alice);
        vm.prank(arbiter);
        orders.rule(orderId, 4000); // held 333,335: 133,334 to the buyer, 200,001 to the payee
        vm.assertEq(_owedO(bank), 333_333 + 333_333 + 200_001, "financier");
        vm.assertEq(_owedO(alice), 133_334, "buyer");
        vm.assertEq(_bal(maker) + _owedO(maker), 900_000, "seller");
        _assertOrdersHold(orderId);
    }

    /// @notice The payee must receive the advance exactly: with a token that started charging a
    /// fee after it was allowed, the take is refused naming what arrived, and nothing is assigned
    /// (the financier keeps its money, the seller stays the payee, the offer stands). Once the
    /// token pays exactly again, the same offer is taken.
    function test_takeAssignmentRequiresThePayeeToReceiveTheAdvance() external {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.setCharging(false);
        fee.mint(admin, PROBE);
        vm.startPrank(admin);
        fee.approve(address(receivables), PROBE);
        receivables.allowToken(IERC20(address(fee)), true);
        orders.allowToken(IERC20(address(fee)), true);
        vm.stopPrank();
        uint256[] memory ids = _ids(maker, 3, 0x450);
        fee.mint(alice, PRICE3);
        vm.startPrank(alice);
        fee.approve(address(orders), PRICE3);
        uint256 orderId = orders.openOrder(
            maker, ids, address(fee), PRICE3, uint64(block.timestamp + TERM), IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _offer(orderId, bank, 900_000);
        fee.mint(bank, 900_000);
        vm.prank(bank);
        fee.approve(address(orders), type(uint256).max);

        fee.setCharging(true);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.AdvanceNotReceived.selector, orderId, 900_000, 900_000 - 9000)
        );
        _take(orderId, bank, 900_000, PRICE3);
        vm.assertEq(fee.balanceOf(bank), 900_000, "the financier paid");
        vm.assertEq(fee.balanceOf(maker), 0, "the seller got part of an advance");
        vm.assertEq(orders.order(orderId).payee, maker, "assigned for less than the advance");
        vm.assertEq(orders.assignmentOffer(orderId).financier, bank, "the offer spent");
        vm.assertEq(fee.balanceOf(address(orders)), PRICE3, "the escrow moved");

        fee.setCharging(false);
        _take(orderId, bank, 900_000, PRICE3);
        vm.assertEq(fee.balanceOf(maker), 900_000, "the seller not paid the advance");
        vm.assertEq(fee.balanceOf(bank), 0, "the financier kept the advance");
        vm.assertEq(orders.order(orderId).payee, bank, "payee");
    }

    /// @notice A ruling all for the payee credits the payee and nothing to the buyer.
    function test_ruleAllToThePayee() external {
        (uint256 orderId,) = _acceptedPrepaid(0x440);
        _dispute(orderId, alice);
        vm.prank(arbiter);
        orders.rule(orderId, 0);
        vm.assertEq(_owedO(maker), PRICE3, "payee");
        vm.assertEq(_owedO(alice), 0, "buyer");
    }

    /// @dev An expiry a day ahead (within every order's TERM).
    function _expiry() internal view returns (uint64) {
        return uint64(block.timestamp + 1 days);
    }

    /// @dev The seller offers the payment to `financier` for `advance` until {_expiry}.
    function _offer(uint256 orderId, address financier, uint256 advance) internal {
        uint64 expiry = _expiry();
        vm.prank(maker);
        orders.offerAssignment(orderId, financier, advance, expiry);
    }

    /// @dev The seller offers the payment to the bank for `advance` until `expiry`.
    function _offerUntil(uint256 orderId, uint256 advance, uint64 expiry) internal {
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, advance, expiry);
    }

    /// @dev `financier` takes the offer, paying `advance` for the `claim` it names.
    function _take(uint256 orderId, address financier, uint256 advance, uint256 claim) internal {
        vm.prank(financier);
        orders.takeAssignment(orderId, advance, claim);
    }

    /// @dev Mints `amount` to `financier` and approves the orders for it.
    function _fund(address financier, uint256 amount) internal {
        usd.mint(financier, amount);
        vm.prank(financier);
        usd.approve(address(orders), type(uint256).max);
    }

    // ================================================================ regulator

    /// @notice Only a regulator freezes an existing order; a frozen order reads disputed and frozen.
    function test_freezeOrder() external {
        (uint256 orderId,) = _acceptedPrepaid(0x500);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.REGULATOR)
        );
        vm.prank(bob);
        orders.freezeOrder(orderId, true, REASON);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(regulator);
        orders.freezeOrder(99, true, REASON);
        _freezeOrder(orderId, true);
        vm.assertTrue(orders.order(orderId).frozen, "not frozen");
        vm.assertTrue(orders.isDisputed(orderId), "not disputed");
        _freezeOrder(orderId, false);
        vm.assertFalse(orders.order(orderId).frozen, "frozen");
        vm.assertFalse(orders.isDisputed(orderId), "disputed");
    }

    /// @notice A regulator with a stake in an order (its buyer, seller, payee or arbiter) may
    /// neither freeze nor unfreeze it (RegulatorHasStake, nothing changes); a regulator with none
    /// still does both.
    function test_aRegulatorWithAStakeCannotFreezeOrUnfreezeTheOrder() external {
        (uint256 orderId,) = _acceptedPrepaid(0x510);
        // the buyer
        _grantByTwo(Roles.REGULATOR, alice);
        _assertStakeRefused(orderId, alice);
        // the arbiter (the order keeps its participant number)
        _grantByTwo(Roles.REGULATOR, arbiter);
        _assertStakeRefused(orderId, arbiter);
        // the payee: a financier that took the payment, then left that role for the regulator's
        _fund(bank, 900_000);
        _offer(orderId, bank, 900_000);
        _take(orderId, bank, 900_000, PRICE3);
        vm.prank(bank);
        participants.renounceRole(Roles.FINANCIER, bank);
        _grantByTwo(Roles.REGULATOR, bank);
        _assertStakeRefused(orderId, bank);
        // the seller (no longer the payee), once it left manufacturing for the regulator's role
        vm.prank(maker);
        participants.renounceRole(Roles.MANUFACTURER, maker);
        _grantByTwo(Roles.REGULATOR, maker);
        _assertStakeRefused(orderId, maker);
        // a regulator with no stake freezes and unfreezes
        _freezeOrder(orderId, true);
        vm.assertTrue(orders.order(orderId).frozen, "not frozen");
        _assertStakeRefused(orderId, alice);
        _freezeOrder(orderId, false);
        vm.assertFalse(orders.order(orderId).frozen, "frozen");
    }

    /// @dev `regulator_` may neither freeze nor unfreeze order `orderId`; its freeze stays as it was.
    function _assertStakeRefused(uint256 orderId, address regulator_) internal {
        bool frozen = orders.order(orderId).frozen;
        for (uint256 i; i < 2; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.RegulatorHasStake.selector, orderId, regulator_));
            vm.prank(regulator_);
            orders.freezeOrder(orderId, i == 0, REASON);
        }
        vm.assertEq(orders.order(orderId).frozen, frozen, "the freeze changed");
    }

    /// @notice A freeze only restricts: a regulator freezes an order while the suite is paused.
    /// Lifting it waits until the suite runs again (EnforcedPause), as the part registry treats
    /// lifting a part's freeze or recall.
    function test_freezeOrderWorksWhileThePauseAndLiftingWaits() external {
        (uint256 orderId,) = _acceptedPrepaid(0x520);
        _pause();
        _freezeOrder(orderId, true);
        vm.assertTrue(orders.order(orderId).frozen, "not frozen");
        vm.assertTrue(orders.isDisputed(orderId), "its receivables not frozen");
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(regulator);
        orders.freezeOrder(orderId, false, REASON);
        vm.assertTrue(orders.order(orderId).frozen, "unfrozen during the pause");
        _unpause();
        _freezeOrder(orderId, false);
        vm.assertFalse(orders.order(orderId).frozen, "frozen");
    }
}
