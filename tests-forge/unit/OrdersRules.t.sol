// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {Cast} from "../utils/Suite.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {FinanceBase} from "../../contracts/finance/FinanceBase.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title OrdersRules
/// @notice The rules of PurchaseOrders before and at delivery: who may open, accept, decline,
/// cancel, authorise and deliver an order, with every guard's exact error, and who is paid what
/// (straight to the caller, credited to anyone else) when money moves.
contract OrdersRules is FinanceRules {
    function setUp() public {
        _deployFinance();
        usd.mint(alice, 10e6);
        vm.prank(alice);
        usd.approve(address(orders), type(uint256).max);
    }

    // ================================================================ opening

    function _open(address buyer, address seller, uint256[] memory ids, uint256 price, uint64 deadline)
        internal
        returns (uint256)
    {
        vm.prank(buyer);
        return orders.openOrder(seller, ids, address(usd), price, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter);
    }

    function _in(uint256 secs) internal view returns (uint64) {
        return uint64(block.timestamp + secs);
    }

    /// @notice Only active participants trade, never with themselves, before a neutral arbiter
    /// holding ARBITER_ROLE; nothing is opened and no money moves when a guard refuses.
    function test_openRefusesBadParties() external {
        uint256[] memory ids = _ids(maker, 2, 0x100);
        uint64 deadline = _in(TERM);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        _open(outsider, maker, ids, 2e6, deadline);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.SameBuyerAndSeller.selector, maker));
        _open(maker, maker, ids, 2e6, deadline);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        _open(alice, outsider, ids, 2e6, deadline);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        _open(alice, maker, ids, 2e6, deadline);
        _reinstate(maker);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        _open(alice, maker, ids, 2e6, deadline);
        _reinstate(alice);
        vm.assertEq(orders.orderCount(), 0, "an order opened");
        vm.assertEq(_bal(alice), 10e6, "the buyer paid");
    }

    /// @notice The arbiter is neither party and holds ARBITER_ROLE.
    function test_openRefusesAPartyOrAnUnqualifiedArbiter() external {
        uint256[] memory ids = _ids(maker, 1, 0x110);
        uint64 deadline = _in(TERM);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ArbiterIsParty.selector, alice));
        orders.openOrder(maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ArbiterIsParty.selector, maker));
        orders.openOrder(maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, maker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ARBITER)
        );
        orders.openOrder(maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, bob);
        vm.stopPrank();
        vm.assertEq(orders.orderCount(), 0, "an order opened");
    }

    /// @notice An order is in an allowed token, for 1 to 32 parts, at a price from one smallest
    /// unit per part up to MAX_PRICE.
    function test_openRefusesBadTokenCountOrPrice() external {
        TestStablecoin other = new TestStablecoin();
        uint256[] memory ids = _ids(maker, 2, 0x120);
        uint64 deadline = _in(TERM);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(other)));
        orders.openOrder(maker, ids, address(other), 2e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidPartCount.selector, 0, 32));
        orders.openOrder(
            maker, new uint256[](0), address(usd), 2e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidPartCount.selector, 33, 32));
        orders.openOrder(
            maker, new uint256[](33), address(usd), 2e6, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooLow.selector, 1, 2));
        orders.openOrder(maker, ids, address(usd), 1, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter);
        uint256 tooHigh = uint256(type(uint88).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooHigh.selector, tooHigh, type(uint88).max));
        orders.openOrder(maker, ids, address(usd), tooHigh, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter);
        // one smallest unit per part is enough
        uint256 orderId =
            orders.openOrder(maker, ids, address(usd), 2, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter);
        vm.stopPrank();
        vm.assertEq(orders.shareOf(orderId, 0), 1, "first share");
        vm.assertEq(orders.shareOf(orderId, 1), 1, "last share");
        vm.assertEq(orders.shareOf(orderId, 2), 0, "a share beyond the parts");
        vm.assertEq(_bal(alice), 10e6 - 2, "the buyer paid other than the price");
        vm.assertEq(_bal(address(orders)), 2, "escrow");
    }

    /// @notice The bounds themselves are allowed: 32 parts, and a price of exactly MAX_PRICE.
    function test_openAtTheBounds() external {
        uint256[] memory ids = _ids(maker, 32, 0x190);
        uint256 max = type(uint88).max;
        usd.mint(alice, max);
        uint256 orderId = _open(alice, maker, ids, max, _in(TERM));
        IPurchaseOrders.Order memory o = orders.order(orderId);
        vm.assertEq(o.partCount, 32, "parts");
        vm.assertEq(o.price, max, "price");
        vm.assertEq(orders.escrowed(orderId), max, "escrow");
        vm.assertEq(orders.shareOf(orderId, 31), max / 32 + max % 32, "last share");
        vm.assertEq(_bal(alice), 10e6, "the buyer paid other than the price");
    }

    /// @notice The deadline is in the future (now + 1 is the earliest) and at most MAX_TERM ahead.
    function test_openDeadlineBounds() external {
        uint256[] memory ids = _ids(maker, 1, 0x130);
        uint256 now_ = block.timestamp;
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlineNotInFuture.selector, now_, now_));
        _open(alice, maker, ids, 1e6, uint64(now_));
        uint256 tooFar = now_ + 365 days + 1;
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlineTooFar.selector, tooFar, now_ + 365 days));
        _open(alice, maker, ids, 1e6, uint64(tooFar));
        uint256 first = _open(alice, maker, ids, 1e6, uint64(now_ + 1));
        uint256 second = _open(alice, maker, ids, 1e6, uint64(now_ + 365 days));
        vm.assertEq(orders.order(first).deadline, now_ + 1, "earliest deadline");
        vm.assertEq(orders.order(second).deadline, now_ + 365 days, "latest deadline");
        vm.assertEq(_bal(alice), 10e6 - 2e6, "two prices pulled");
    }

    /// @notice Credit matures after the deadline (deadline + 1 the earliest); prepaid has no maturity.
    function test_openMaturityRules() external {
        uint256[] memory ids = _ids(maker, 1, 0x140);
        uint64 deadline = _in(TERM);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidOrderMaturity.selector, deadline, deadline));
        orders.openOrder(maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Credit, deadline, arbiter);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidOrderMaturity.selector, 1, deadline));
        orders.openOrder(maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Prepaid, 1, arbiter);
        uint256 orderId = orders.openOrder(
            maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Credit, deadline + 1, arbiter
        );
        vm.stopPrank();
        IPurchaseOrders.Order memory o = orders.order(orderId);
        vm.assertEq(o.maturity, deadline + 1, "maturity");
        vm.assertEq(uint256(o.terms), uint256(IPurchaseOrders.Terms.Credit), "terms");
        vm.assertEq(_reserved(alice), 1e6, "credit not reserved");
        vm.assertEq(_bal(alice), 10e6, "money moved on credit");
        vm.assertEq(orders.escrowed(orderId), 0, "credit escrows nothing");
    }

    /// @notice Every part is the seller's and named once.
    function test_openRefusesForeignOrRepeatedParts() external {
        uint256[] memory ids = _ids(maker, 1, 0x150);
        uint256 foreign = _register(maker2, bytes32(uint256(0x151)));
        uint64 deadline = _in(TERM);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartNotOwnedBySeller.selector, foreign, maker, maker2));
        _open(alice, maker, _two(ids[0], foreign), 2e6, deadline);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DuplicatePart.selector, ids[0]));
        _open(alice, maker, _two(ids[0], ids[0]), 2e6, deadline);
        vm.assertEq(orders.orderCount(), 0, "an order opened");
    }

    /// @notice A fee-on-transfer token is allowed in neither contract: the orders take only what
    /// the receivables allow, and the receivables' probe refuses it. A prepaid order still pulls
    /// exactly its price: a token that starts charging after it was allowed is refused naming what
    /// was asked and what arrived.
    function test_openRefusesAFeeOnTransferToken() external {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.mint(admin, PROBE);
        vm.prank(admin);
        fee.approve(address(receivables), PROBE);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(fee)));
        vm.prank(admin);
        orders.allowToken(IERC20(address(fee)), true);
        vm.expectRevert(
            abi.encodeWithSelector(FinanceBase.FeeOnTransferToken.selector, address(fee), PROBE, PROBE - 100)
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(fee)), true);
        fee.setCharging(false);
        vm.startPrank(admin);
        receivables.allowToken(IERC20(address(fee)), true);
        orders.allowToken(IERC20(address(fee)), true);
        vm.stopPrank();
        vm.assertEq(fee.balanceOf(admin), PROBE, "the admin lost its probe");
        fee.setCharging(true);
        fee.mint(alice, 1e6);
        uint256[] memory ids = _ids(maker, 1, 0x160);
        vm.startPrank(alice);
        fee.approve(address(orders), 1e6);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.FeeOnTransferToken.selector, address(fee), 1e6, 1e6 - 1e4));
        orders.openOrder(maker, ids, address(fee), 1e6, _in(TERM), IPurchaseOrders.Terms.Prepaid, 0, arbiter);
        vm.stopPrank();
        vm.assertEq(fee.balanceOf(alice), 1e6, "the buyer paid");
        vm.assertEq(orders.orderCount(), 0, "an order opened");
    }

    /// @notice On credit the price must fit the buyer's line.
    function test_openOnCreditWithinTheLine() external {
        uint256[] memory ids = _ids(maker, 1, 0x170);
        uint64 deadline = _in(TERM);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.CreditLineExceeded.selector, alice, address(usd), CREDIT_LINE, 0, CREDIT_LINE + 1
            )
        );
        vm.prank(alice);
        orders.openOrder(
            maker, ids, address(usd), CREDIT_LINE + 1, deadline, IPurchaseOrders.Terms.Credit, deadline + 1, arbiter
        );
        vm.prank(alice);
        orders.openOrder(
            maker, ids, address(usd), CREDIT_LINE, deadline, IPurchaseOrders.Terms.Credit, deadline + 1, arbiter
        );
        vm.assertEq(_reserved(alice), CREDIT_LINE, "the whole line reserved");
    }

    // ---------------------------------------------------------------- permit

    bytes32 private constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        IERC20Permit permit = IERC20Permit(address(usd));
        bytes32 structHash =
            keccak256(abi.encode(_PERMIT_TYPEHASH, owner, address(orders), value, permit.nonces(owner), deadline));
        (v, r, s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", permit.DOMAIN_SEPARATOR(), structHash)));
    }

    /// @notice With a valid permit the price is pulled without an approval; a bad permit is
    /// tolerated when the allowance is there, and without it the pull fails.
    function test_openWithPermit() external {
        uint256[] memory ids = _ids(maker, 1, 0x180);
        usd.mint(bob, 3e6);
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(Cast.BOB, bob, 1e6, permitDeadline);
        vm.prank(bob);
        uint256 first =
            orders.openOrderWithPermit(maker, ids, address(usd), 1e6, _in(TERM), arbiter, permitDeadline, v, r, s);
        vm.assertEq(_bal(bob), 2e6, "the permit did not pull the price");
        vm.assertEq(orders.escrowed(first), 1e6, "escrow");
        vm.assertEq(orders.order(first).buyer, bob, "buyer");
        // the same signature again: the permit fails (nonce used), no allowance is left
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(orders), 0, 1e6)
        );
        vm.prank(bob);
        orders.openOrderWithPermit(maker, ids, address(usd), 1e6, _in(TERM), arbiter, permitDeadline, v, r, s);
        vm.prank(bob);
        usd.approve(address(orders), 1e6);
        vm.prank(bob);
        orders.openOrderWithPermit(maker, ids, address(usd), 1e6, _in(TERM), arbiter, permitDeadline, v, r, s);
        vm.assertEq(_bal(bob), 1e6, "the approval did not pay");
        vm.assertEq(orders.orderCount(), 2, "orders");
    }

    // ================================================================ acceptance

    /// @notice Only the seller accepts, an open order, not frozen, up to its deadline, while the
    /// suite runs.
    function test_acceptGuards() external {
        uint256[] memory ids = _ids(maker, 1, 0x200);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(maker);
        orders.acceptOrder(99);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotSeller.selector, orderId, alice));
        vm.prank(alice);
        orders.acceptOrder(orderId);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _freezeOrder(orderId, false);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _unpause();
        uint256 deadline = orders.order(orderId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Open), "accepted");
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "encumbered");
        vm.assertEq(orders.openOrderOf(ids[0]), 0, "booked");
    }

    /// @notice The seller may still accept at the deadline itself: the parts are then promised to
    /// the buyer and booked by the order; a second acceptance is refused.
    function test_acceptAtTheDeadline() external {
        uint256[] memory ids = _ids(maker, 2, 0x210);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.warp(orders.order(orderId).deadline);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Accepted), "not accepted");
        for (uint256 i; i < 2; ++i) {
            vm.assertEq(parts.encumbranceOf(ids[i]), alice, "not promised to the buyer");
            vm.assertEq(orders.openOrderOf(ids[i]), orderId, "not booked");
            vm.assertEq(parts.ownerOf(ids[i]), maker, "moved at acceptance");
        }
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotOpen.selector, orderId, IPurchaseOrders.OrderState.Accepted)
        );
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @notice A part is held by one accepted order at a time: a second order naming it cannot be
    /// accepted, naming the order that holds it.
    function test_acceptRefusesAPartHeldByAnotherOrder() external {
        uint256[] memory ids = _ids(maker, 1, 0x220);
        uint256 first = _openPrepaid(alice, maker, ids, 1e6);
        uint256 second = _openPrepaid(bob, maker, ids, 1e6);
        vm.prank(maker);
        orders.acceptOrder(first);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[0], first));
        vm.prank(maker);
        orders.acceptOrder(second);
        vm.assertEq(_state(second), uint256(IPurchaseOrders.OrderState.Open), "second accepted");
        // a completed order reads Completed, in the error too
        _deliver(first, ids);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotOpen.selector, first, IPurchaseOrders.OrderState.Completed)
        );
        vm.prank(maker);
        orders.acceptOrder(first);
    }

    /// @notice A booking whose part a forced transfer moved away from the seller (to anyone but
    /// the buyer, even back to the seller) no longer holds the part: openOrderOf reads 0 and the
    /// new owner's acceptance drops the old line, refunding its share to the old buyer (credited:
    /// it is not the caller); the old order's other lines stay pending.
    function test_acceptDropsALineWhosePartWasForcedAway() external {
        (uint256 old, uint256[] memory ids) = _acceptedPrepaid(0x230);
        _forced(ids[0], bob);
        vm.assertEq(orders.openOrderOf(ids[0]), 0, "a part forced away stays booked");
        vm.assertEq(orders.openOrderOf(ids[1]), old, "a sound line lost its booking");
        uint256 resale = _openPrepaid(maker2, bob, _one(ids[0]), 2e6);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(old, ids[0], 333_333);
        vm.prank(bob);
        orders.acceptOrder(resale);
        vm.assertEq(orders.openOrderOf(ids[0]), resale, "the new order does not hold the part");
        vm.assertEq(parts.encumbranceOf(ids[0]), maker2, "not promised to the new buyer");
        vm.assertEq(_line(old, 0), uint256(IPurchaseOrders.LineState.Dropped), "old line");
        vm.assertEq(_line(old, 1), uint256(IPurchaseOrders.LineState.Pending), "old line 1");
        vm.assertEq(_owedO(alice), 333_333, "the old buyer not credited its share");
        vm.assertEq(orders.escrowed(old), 666_668, "old escrow");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "the old seller paid");
        vm.assertEq(_state(old), uint256(IPurchaseOrders.OrderState.Accepted), "old order");
        // forced back to its seller, unpromised: still no booking, the seller may sell it anew
        _forced(ids[1], bob);
        _forced(ids[1], maker);
        vm.assertEq(orders.openOrderOf(ids[1]), 0, "a part forced back stays booked");
        uint256 again = _openPrepaid(maker2, maker, _one(ids[1]), 1e6);
        vm.prank(maker);
        orders.acceptOrder(again);
        vm.assertEq(_line(old, 1), uint256(IPurchaseOrders.LineState.Dropped), "old line 1");
        vm.assertEq(_owedO(alice), 666_666, "the old buyer not credited both shares");
        vm.assertEq(orders.escrowed(old), 333_335, "old escrow");
        vm.assertEq(_bal(address(orders)), orders.escrowed(old) + 2e6 + 1e6 + orders.owedTotal(_usd()), "orders hold");
    }

    /// @notice On credit the dropped old line's share leaves the old buyer's reservation.
    function test_acceptDropsAForcedAwayCreditLine() external {
        (uint256 old, uint256[] memory ids) = _acceptedCredit(0x240);
        _forced(ids[2], bob);
        uint256 resale = _openPrepaid(maker2, bob, _one(ids[2]), 1e6);
        vm.prank(bob);
        orders.acceptOrder(resale);
        vm.assertEq(_reserved(alice), 666_666, "the old buyer's reservation");
        vm.assertEq(_line(old, 2), uint256(IPurchaseOrders.LineState.Dropped), "old line");
        vm.assertEq(orders.owedTotal(_usd()), 0, "money credited on credit");
    }

    /// @notice A booking a forced transfer gave the buyer, or one whose order is frozen or
    /// disputed, still holds the part (PartInAcceptedOrder): the buyer settles it, or the
    /// regulator or the arbiter decides.
    function test_acceptRefusesABookingStillHeld() external {
        (uint256 old, uint256[] memory ids) = _acceptedPrepaid(0x250);
        _forced(ids[0], alice);
        vm.assertEq(orders.openOrderOf(ids[0]), old, "a part forced to the buyer lost its booking");
        uint256 fromBuyer = _openPrepaid(bob, alice, _one(ids[0]), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[0], old));
        vm.prank(alice);
        orders.acceptOrder(fromBuyer);
        _forced(ids[2], bob);
        _freezeOrder(old, true);
        vm.assertEq(orders.openOrderOf(ids[2]), old, "a frozen order lost its booking");
        uint256 resale = _openPrepaid(maker2, bob, _one(ids[2]), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[2], old));
        vm.prank(bob);
        orders.acceptOrder(resale);
        _freezeOrder(old, false);
        vm.assertEq(orders.openOrderOf(ids[2]), 0, "unfrozen, a part forced away stays booked");
        _forced(ids[1], bob);
        _dispute(old, alice);
        vm.assertEq(orders.openOrderOf(ids[1]), old, "a disputed order lost its booking");
        vm.assertEq(orders.openOrderOf(ids[2]), old, "a disputed order lost its booking");
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartInAcceptedOrder.selector, ids[2], old));
        vm.prank(bob);
        orders.acceptOrder(resale);
        vm.assertEq(orders.escrowed(old), PRICE3, "old escrow");
        vm.assertEq(_owedO(alice), 0, "the old buyer credited");
        vm.assertEq(_state(resale), uint256(IPurchaseOrders.OrderState.Open), "resale accepted");
    }

    // ================================================================ decline and cancel

    /// @notice Only an active seller declines an open, unfrozen order.
    function test_declineGuards() external {
        uint256[] memory ids = _ids(maker, 1, 0x300);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(maker);
        orders.declineOrder(99);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotSeller.selector, orderId, alice));
        vm.prank(alice);
        orders.declineOrder(orderId);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        vm.prank(maker);
        orders.declineOrder(orderId);
        _reinstate(maker);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        vm.prank(maker);
        orders.declineOrder(orderId);
        _freezeOrder(orderId, false);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotOpen.selector, orderId, IPurchaseOrders.OrderState.Accepted)
        );
        vm.prank(maker);
        orders.declineOrder(orderId);
        vm.assertEq(orders.escrowed(orderId), 1e6, "escrow moved");
        vm.assertEq(orders.owedTotal(_usd()), 0, "something credited");
    }

    /// @notice A declined prepaid order credits the buyer its whole price (the seller calls, so
    /// the buyer withdraws); the seller gets nothing.
    function test_declinePrepaidCreditsTheBuyer() external {
        uint256[] memory ids = _ids(maker, 3, 0x310);
        uint256 orderId = _openPrepaid(bob, maker, ids, PRICE3);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderDeclined(orderId, maker, PRICE3);
        vm.prank(maker);
        orders.declineOrder(orderId);
        vm.assertEq(_owedO(bob), PRICE3, "buyer not credited the price");
        vm.assertEq(_bal(bob), 0, "buyer paid directly");
        vm.assertEq(_owedO(maker) + _bal(maker), 0, "seller paid");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Declined), "state");
        vm.assertEq(_line(orderId, 2), uint256(IPurchaseOrders.LineState.Refunded), "line");
        _assertOrdersHold(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotOpen.selector, orderId, IPurchaseOrders.OrderState.Declined)
        );
        vm.prank(maker);
        orders.declineOrder(orderId);
    }

    /// @notice A declined order on credit gives the buyer its reservation back and reports no refund.
    function test_declineCreditReleasesTheReservation() external {
        uint256[] memory ids = _ids(maker, 3, 0x320);
        uint256 orderId = _openCredit(alice, maker, ids, PRICE3);
        vm.assertEq(_reserved(alice), PRICE3, "reserved");
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderDeclined(orderId, maker, 0);
        vm.prank(maker);
        orders.declineOrder(orderId);
        vm.assertEq(_reserved(alice), 0, "reservation kept");
        vm.assertEq(orders.owedTotal(_usd()), 0, "money credited on credit");
    }

    /// @notice Only an active buyer cancels an open, unfrozen order.
    function test_cancelGuards() external {
        uint256[] memory ids = _ids(maker, 1, 0x330);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(alice);
        orders.cancelOrder(99);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotBuyer.selector, orderId, maker));
        vm.prank(maker);
        orders.cancelOrder(orderId);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        vm.prank(alice);
        orders.cancelOrder(orderId);
        _reinstate(alice);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        vm.prank(alice);
        orders.cancelOrder(orderId);
        _freezeOrder(orderId, false);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotOpen.selector, orderId, IPurchaseOrders.OrderState.Accepted)
        );
        vm.prank(alice);
        orders.cancelOrder(orderId);
        vm.assertEq(orders.escrowed(orderId), 1e6, "escrow moved");
    }

    /// @notice The buyer cancelling gets its price straight back (it is the caller): nothing credited.
    function test_cancelPrepaidPaysTheBuyerDirectly() external {
        uint256[] memory ids = _ids(maker, 3, 0x340);
        uint256 orderId = _openPrepaid(bob, maker, ids, PRICE3);
        vm.assertEq(_bal(bob), 0, "price not pulled");
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderCancelled(orderId, bob, PRICE3);
        vm.prank(bob);
        orders.cancelOrder(orderId);
        vm.assertEq(_bal(bob), PRICE3, "buyer not paid back");
        vm.assertEq(_owedO(bob), 0, "buyer credited instead");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        vm.assertEq(_bal(address(orders)), 0, "orders keep money");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Cancelled), "state");
    }

    /// @notice Cancelling an order on credit releases the reservation and reports no refund.
    function test_cancelCreditReleasesTheReservation() external {
        uint256[] memory ids = _ids(maker, 1, 0x350);
        uint256 orderId = _openCredit(alice, maker, ids, 5e6);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderCancelled(orderId, alice, 0);
        vm.prank(alice);
        orders.cancelOrder(orderId);
        vm.assertEq(_reserved(alice), 0, "reservation kept");
        vm.assertEq(_bal(alice), 10e6, "money moved");
    }

    // ================================================================ deliverers

    /// @notice Only an active seller authorises a deliverer, never the zero address or the buyer.
    function test_authoriseDelivererGuards() external {
        (uint256 orderId,) = _acceptedPrepaid(0x400);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(maker);
        orders.authoriseDeliverer(99, station, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotSeller.selector, orderId, alice));
        vm.prank(alice);
        orders.authoriseDeliverer(orderId, station, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidDeliverer.selector, orderId, address(0)));
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, address(0), true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidDeliverer.selector, orderId, alice));
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, alice, true);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, station, true);
        vm.assertFalse(orders.isDeliverer(orderId, station), "station authorised");
        vm.assertTrue(orders.isDeliverer(orderId, maker), "the seller is a deliverer");
    }

    /// @notice An authorised deliverer delivers while active and authorised; the payee (the
    /// seller, not the caller) is credited the share, the deliverer gets nothing.
    function test_anAuthorisedDelivererCreditsTheSeller() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x410);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotDeliverer.selector, orderId, station));
        vm.prank(station);
        orders.deliver(orderId, _one(ids[2]));
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, station, true);
        vm.assertTrue(orders.isDeliverer(orderId, station), "not authorised");
        _suspend(station);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, station));
        vm.prank(station);
        orders.deliver(orderId, _one(ids[2]));
        _reinstate(station);
        vm.prank(station);
        orders.deliver(orderId, _one(ids[2]));
        vm.assertEq(_owedO(maker), 333_335, "seller not credited the last share");
        vm.assertEq(_bal(maker), 0, "seller paid directly");
        vm.assertEq(_bal(station) + _owedO(station), 0, "deliverer paid");
        vm.assertEq(parts.ownerOf(ids[2]), alice, "part not delivered");
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, station, false);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotDeliverer.selector, orderId, station));
        vm.prank(station);
        orders.deliver(orderId, _one(ids[1]));
        _assertOrdersHold(orderId);
    }

    // ================================================================ delivery

    /// @notice A delivery needs an accepted, unfrozen order, parts of it still pending, at least one.
    function test_deliverGuards() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x500);
        uint256 stranger = _register(maker, bytes32(uint256(0x5FF)));
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        orders.deliver(99, ids);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.EmptyDelivery.selector, orderId));
        orders.deliver(orderId, new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartNotInOrder.selector, orderId, stranger));
        orders.deliver(orderId, _one(stranger));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.PartAlreadySettled.selector, orderId, ids[0], IPurchaseOrders.LineState.Delivered
            )
        );
        orders.deliver(orderId, _two(ids[0], ids[0]));
        orders.deliver(orderId, _one(ids[0]));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.PartAlreadySettled.selector, orderId, ids[0], IPurchaseOrders.LineState.Delivered
            )
        );
        orders.deliver(orderId, _one(ids[0]));
        vm.stopPrank();
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        _deliver(orderId, _one(ids[1]));
        _freezeOrder(orderId, false);
        vm.assertEq(_bal(maker), 333_333, "seller paid other than one share");
        vm.assertEq(orders.escrowed(orderId), PRICE3 - 333_333, "escrow");
    }

    /// @notice An order not accepted yet, or disputed, delivers nothing.
    function test_deliverNeedsAnAcceptedOrder() external {
        uint256[] memory ids = _ids(maker, 1, 0x510);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Open)
        );
        _deliver(orderId, ids);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _dispute(orderId, alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Disputed
            )
        );
        _deliver(orderId, ids);
        vm.assertEq(parts.ownerOf(ids[0]), maker, "part moved");
    }

    /// @notice The seller delivers up to its deadline inclusive, not a second after.
    function test_deliverDeadlineBoundary() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x520);
        uint256 deadline = orders.order(orderId).deadline;
        vm.warp(deadline);
        _deliver(orderId, _one(ids[1]));
        vm.assertEq(_bal(maker), 333_333, "on-time delivery not paid");
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DeadlinePassed.selector, orderId, deadline));
        _deliver(orderId, _one(ids[2]));
        vm.assertEq(parts.ownerOf(ids[2]), maker, "late part moved");
    }

    /// @notice The seller delivering its own order is paid each delivered share directly, the
    /// buyer receives the parts, the rest stays escrowed and promised; the last delivery completes.
    function test_deliverPaysTheSellerItsShares() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x530);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDelivered(orderId, ids[2], maker, 333_335, maker);
        _deliver(orderId, _two(ids[0], ids[2]));
        vm.assertEq(_bal(maker), 333_333 + 333_335, "seller not paid its shares");
        vm.assertEq(_owedO(maker), 0, "seller credited instead");
        vm.assertEq(_bal(alice) + _owedO(alice), 10e6, "buyer refunded");
        vm.assertEq(parts.ownerOf(ids[0]), alice, "part 0");
        vm.assertEq(parts.ownerOf(ids[2]), alice, "part 2");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "part 1 moved");
        vm.assertEq(parts.encumbranceOf(ids[1]), alice, "part 1 released");
        vm.assertEq(orders.openOrderOf(ids[0]), 0, "a delivered part stays booked");
        vm.assertEq(orders.escrowed(orderId), 333_333, "escrow");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "line 0");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Pending), "line 1");
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderCompleted(orderId);
        _deliver(orderId, _one(ids[1]));
        vm.assertEq(_bal(maker), PRICE3, "seller not paid the price");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Completed), "not completed");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Completed
            )
        );
        _deliver(orderId, _one(ids[1]));
        _assertOrdersHold(orderId);
    }

    /// @notice On credit a delivery issues the seller a confirmed receivable of the delivered
    /// shares, owed by the buyer, consuming that much of its reservation; no money moves.
    function test_deliverOnCreditInvoices() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x540);
        _deliver(orderId, _two(ids[1], ids[2]));
        uint256 id = receivables.receivableCount();
        vm.assertEq(receivables.balanceOf(maker, id), 333_333 + 333_335, "seller units");
        vm.assertEq(receivables.receivable(id).debtor, alice, "debtor");
        vm.assertEq(receivables.receivable(id).orderId, orderId, "order");
        vm.assertEq(_reserved(alice), 333_333, "reservation left");
        vm.assertEq(_outstanding(alice), 666_668, "outstanding");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "money moved on credit");
        vm.assertEq(parts.ownerOf(ids[1]), alice, "part not delivered");
        vm.assertEq(orders.escrowed(orderId), 0, "credit escrows");
    }

    /// @dev The seller (the part's manufacturer and holder) sets a life limit of 5 cycles and
    /// records them: the part is past its life limit.
    function _wearOut(uint256 partId) internal {
        vm.startPrank(maker);
        records.setLifeLimit(partId, 5, 0);
        records.recordUsage(partId, 5, 0);
        vm.stopPrank();
    }

    /// @notice The seller delivers only sound parts: a part past its life limit reverts with the
    /// records' LifeLimitExceeded and the whole delivery with it (nothing moves, nothing is paid);
    /// the buyer may still take it knowingly with confirmReceipt, crediting the seller its share.
    function test_deliverRefusesAWornOutPart() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x550);
        _wearOut(ids[1]);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, ids[1], 5, 5, 0, 0));
        _deliver(orderId, _two(ids[0], ids[1]));
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the sound part moved");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "the seller paid");
        vm.assertEq(orders.escrowed(orderId), PRICE3, "escrow");
        _deliver(orderId, _one(ids[0]));
        vm.assertEq(_bal(maker), 333_333, "the sound part not paid");
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[1]));
        vm.assertEq(parts.ownerOf(ids[1]), alice, "the worn-out part not taken");
        vm.assertEq(_owedO(maker), 333_333, "the seller not credited the part taken");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Delivered), "line 1");
        vm.assertEq(orders.escrowed(orderId), 333_335, "escrow");
        _assertOrdersHold(orderId);
    }

    /// @notice An authorised deliverer is held to the same rule: a worn-out part is not delivered.
    function test_aDelivererCannotDeliverAWornOutPart() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x560);
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, station, true);
        _wearOut(ids[2]);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, ids[2], 5, 5, 0, 0));
        vm.prank(station);
        orders.deliver(orderId, _one(ids[2]));
        vm.assertEq(parts.ownerOf(ids[2]), maker, "the worn-out part moved");
        vm.assertEq(_owedO(maker), 0, "the seller credited");
    }

    // ================================================================ confirmation by the buyer

    /// @notice The buyer alone confirms receipt, while the suite runs, of pending parts.
    function test_confirmReceiptGuards() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x600);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(alice);
        orders.confirmReceipt(99, ids);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotBuyer.selector, orderId, maker));
        vm.prank(maker);
        orders.confirmReceipt(orderId, ids);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(alice);
        orders.confirmReceipt(orderId, ids);
        _unpause();
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.EmptyDelivery.selector, orderId));
        vm.prank(alice);
        orders.confirmReceipt(orderId, new uint256[](0));
        vm.assertEq(orders.escrowed(orderId), PRICE3, "escrow moved");
    }

    /// @notice The buyer may confirm after the deadline (a late delivery); the seller is then
    /// credited its share (it is not the caller), and the buyer holds the part.
    function test_confirmReceiptLateCreditsThePayee() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x610);
        vm.warp(orders.order(orderId).deadline + 1 days);
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[2]));
        vm.assertEq(_owedO(maker), 333_335, "seller not credited");
        vm.assertEq(_bal(maker), 0, "seller paid directly");
        vm.assertEq(_bal(alice) + _owedO(alice), 10e6, "buyer paid back");
        vm.assertEq(parts.ownerOf(ids[2]), alice, "part not moved");
        vm.assertEq(orders.escrowed(orderId), 666_666, "escrow");
        _assertOrdersHold(orderId);
    }

    /// @notice A part a forced transfer gave the buyer settles on its confirmation without a
    /// move: the payee is credited its share.
    function test_confirmReceiptOfAPartForcedToTheBuyer() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x620);
        _forced(ids[0], alice);
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "encumbrance kept");
        vm.prank(alice);
        orders.confirmReceipt(orderId, _two(ids[0], ids[1]));
        vm.assertEq(_owedO(maker), 666_666, "seller not credited both shares");
        vm.assertEq(parts.ownerOf(ids[0]), alice, "forced part");
        vm.assertEq(parts.ownerOf(ids[1]), alice, "delivered part");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Delivered), "line 0");
    }

    // ================================================================ dropping a part

    /// @notice Only the active buyer drops, a pending part of an accepted unfrozen order that the
    /// seller can no longer deliver.
    function test_dropGuards() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x700);
        uint256 stranger = _register(maker, bytes32(uint256(0x7FF)));
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderNotFound.selector, 99));
        vm.prank(alice);
        orders.dropPart(99, ids[0]);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.NotBuyer.selector, orderId, maker));
        vm.prank(maker);
        orders.dropPart(orderId, ids[0]);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartStillDeliverable.selector, orderId, ids[0]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartNotInOrder.selector, orderId, stranger));
        vm.prank(alice);
        orders.dropPart(orderId, stranger);
        _deliver(orderId, _one(ids[1]));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.PartAlreadySettled.selector, orderId, ids[1], IPurchaseOrders.LineState.Delivered
            )
        );
        vm.prank(alice);
        orders.dropPart(orderId, ids[1]);
        vm.prank(regulator);
        parts.recallPart(ids[0], REASON);
        _freezeOrder(orderId, true);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.OrderIsFrozen.selector, orderId));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        _freezeOrder(orderId, false);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.assertEq(orders.escrowed(orderId), 666_668, "escrow moved");
    }

    /// @notice An order not accepted has nothing to drop.
    function test_dropNeedsAnAcceptedOrder() external {
        uint256[] memory ids = _ids(maker, 1, 0x710);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.OrderNotAccepted.selector, orderId, IPurchaseOrders.OrderState.Open)
        );
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
    }

    /// @notice A recalled part is dropped: its share goes straight to the buyer (the caller), the
    /// part is released to the seller, the seller gets nothing for it.
    function test_dropARecalledPartRefundsItsShare() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x720);
        uint256 before = _bal(alice);
        vm.prank(regulator);
        parts.recallPart(ids[2], REASON);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(orderId, ids[2], 333_335);
        vm.prank(alice);
        orders.dropPart(orderId, ids[2]);
        vm.assertEq(_bal(alice), before + 333_335, "buyer not refunded the share");
        vm.assertEq(_owedO(alice), 0, "buyer credited instead");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        vm.assertEq(parts.ownerOf(ids[2]), maker, "part left the seller");
        vm.assertEq(parts.encumbranceOf(ids[2]), address(0), "part still promised");
        vm.assertEq(orders.openOrderOf(ids[2]), 0, "part still booked");
        vm.assertEq(_line(orderId, 2), uint256(IPurchaseOrders.LineState.Dropped), "line");
        vm.assertEq(orders.escrowed(orderId), 666_666, "escrow");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPurchaseOrders.PartAlreadySettled.selector, orderId, ids[2], IPurchaseOrders.LineState.Dropped
            )
        );
        _deliver(orderId, _one(ids[2]));
        _assertOrdersHold(orderId);
    }

    /// @notice A frozen part is dropped too; dropping the last pending line completes the order.
    function test_dropAFrozenPartCompletesTheOrder() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x730);
        _deliver(orderId, _two(ids[0], ids[2]));
        vm.prank(regulator);
        parts.freezePart(ids[1], REASON);
        uint256 before = _bal(alice);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderCompleted(orderId);
        vm.prank(alice);
        orders.dropPart(orderId, ids[1]);
        vm.assertEq(_bal(alice), before + 333_333, "buyer refund");
        vm.assertEq(_bal(maker), 666_668, "seller paid for the dropped part");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Completed), "not completed");
        vm.assertEq(parts.encumbranceOf(ids[1]), address(0), "still promised");
        vm.assertEq(_bal(address(orders)), 0, "orders keep money");
    }

    /// @notice A part forced away to a third party is dropped (nothing to release, it stays with
    /// that party); a part forced to the buyer is not (it is the buyer's: it confirms receipt).
    function test_dropAfterForcedTransfers() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x740);
        _forced(ids[0], bob);
        _forced(ids[1], alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartWithBuyer.selector, orderId, ids[1]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[1]);
        uint256 before = _bal(alice);
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.assertEq(_bal(alice), before + 333_333, "buyer refund");
        vm.assertEq(parts.ownerOf(ids[0]), bob, "dropped part moved");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
    }

    /// @notice Once the seller is suspended the buyer drops; on credit the share leaves the
    /// buyer's reservation and no receivable is issued.
    function test_dropOnCreditReleasesTheShare() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x750);
        _suspend(maker);
        vm.prank(alice);
        orders.dropPart(orderId, ids[2]);
        vm.assertEq(_reserved(alice), 666_666, "reservation");
        vm.assertEq(_outstanding(alice), 0, "invoiced");
        vm.assertEq(receivables.receivableCount(), 0, "a receivable issued");
        vm.assertEq(_bal(alice), 10e6, "money moved on credit");
    }

    /// @notice A part past its life limit, still the seller's and promised, can no longer be
    /// delivered sound: the buyer drops it; on credit its share leaves the reservation, the part
    /// is released to the seller and nothing is invoiced.
    function test_dropAWornOutPart() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x760);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartStillDeliverable.selector, orderId, ids[0]));
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        _wearOut(ids[0]);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(orderId, ids[0], 333_333);
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.assertEq(_reserved(alice), 666_668, "reservation");
        vm.assertEq(_outstanding(alice), 0, "invoiced");
        vm.assertEq(receivables.receivableCount(), 0, "a receivable issued");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the part left the seller");
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "the part still promised");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Dropped), "line");
    }

    // ================================================================ delivery views

    /// @notice canDeliver names why a delivery would fail, in the order the checks run.
    function test_canDeliverCodes() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x800);
        uint256 stranger = _register(maker, bytes32(uint256(0x8FF)));
        vm.assertEq(_code(99, ids[0]), uint256(IPurchaseOrders.DeliveryCode.OrderNotFound), "not found");
        vm.assertEq(_code(orderId, ids[0]), uint256(IPurchaseOrders.DeliveryCode.Ok), "ok");
        vm.assertEq(_code(orderId, stranger), uint256(IPurchaseOrders.DeliveryCode.PartNotInOrder), "not in order");
        _deliver(orderId, _one(ids[0]));
        vm.assertEq(_code(orderId, ids[0]), uint256(IPurchaseOrders.DeliveryCode.PartSettled), "settled");
        _pause();
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.SuitePaused), "paused");
        _unpause();
        vm.prank(regulator);
        parts.recallPart(ids[1], REASON);
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.PartSuspect), "suspect");
        vm.prank(regulator);
        parts.freezePart(ids[2], REASON);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.PartFrozen), "frozen");
        vm.prank(regulator);
        parts.unfreezePart(ids[2], REASON);
        // past its life limit (the records' verdict), checked after the status
        vm.prank(regulator);
        parts.clearPart(ids[1], REASON);
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.Ok), "cleared");
        _wearOut(ids[1]);
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.PartUnserviceable), "worn out");
        _pause();
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.SuitePaused), "paused first");
        _unpause();
        _suspend(alice);
        vm.assertEq(_code(orderId, ids[1]), uint256(IPurchaseOrders.DeliveryCode.PartUnserviceable), "before parties");
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.BuyerRefused), "buyer");
        _reinstate(alice);
        _suspend(maker);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.SellerRefused), "seller");
        _reinstate(maker);
        _forced(ids[2], bob);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.SellerNotOwner), "not owner");
        _forced(ids[2], maker);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.NotEncumbered), "not encumbered");
        vm.prank(maker);
        parts.retirePart(ids[2], REASON);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.PartRetired), "retired");
        _freezeOrder(orderId, true);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.OrderDisputed), "frozen order");
        vm.assertTrue(orders.isDisputed(orderId), "a frozen order reads disputed");
        _freezeOrder(orderId, false);
        vm.warp(orders.order(orderId).deadline + 1);
        vm.assertEq(_code(orderId, ids[2]), uint256(IPurchaseOrders.DeliveryCode.DeadlinePassed), "deadline");
    }

    /// @notice canDeliver: an open order is not accepted, a disputed one is disputed.
    function test_canDeliverOrderStates() external {
        uint256[] memory ids = _ids(maker, 1, 0x810);
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.assertEq(_code(orderId, ids[0]), uint256(IPurchaseOrders.DeliveryCode.OrderNotAccepted), "open");
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _dispute(orderId, maker);
        vm.assertEq(_code(orderId, ids[0]), uint256(IPurchaseOrders.DeliveryCode.OrderDisputed), "disputed");
        vm.assertTrue(orders.isDisputed(orderId), "not disputed");
    }

    function _code(uint256 orderId, uint256 partId) internal view returns (uint256) {
        return uint256(orders.canDeliver(orderId, partId));
    }

    /// @notice An unknown order reads as all zeros.
    function test_unknownOrderView() external view {
        IPurchaseOrders.Order memory o = orders.order(42);
        vm.assertEq(o.buyer, address(0), "buyer");
        vm.assertEq(uint256(o.state), 0, "state");
        vm.assertEq(orders.escrowed(42), 0, "escrow");
        vm.assertFalse(orders.isDisputed(42), "disputed");
    }
}
