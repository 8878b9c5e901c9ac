// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules, IFinanceBaseViews} from "../utils/FinanceRules.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {FinanceBase} from "../../contracts/finance/FinanceBase.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title FinanceBaseRules
/// @notice What both financing contracts inherit from FinanceBase: the admin's list of
/// settlement tokens and the pull payments (each account withdraws exactly what it is owed,
/// itself, while active).
contract FinanceBaseRules is FinanceRules {
    function setUp() public {
        _deployFinance();
    }

    /// @notice Only the admin allows a token, and only a contract. The receivables contract
    /// allows a token once its probe went from the admin and back exactly; the orders contract
    /// allows only a token the receivables contract allows (no probe of its own: nothing moves).
    /// After that each contract keeps its own list: disallowing in one leaves the other as it is.
    function test_allowTokenRules() external {
        TestStablecoin other = new TestStablecoin();
        IERC20 token = IERC20(address(other));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ADMIN)
        );
        vm.prank(bob);
        orders.allowToken(token, true);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ADMIN)
        );
        vm.prank(bob);
        receivables.allowToken(token, true);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.InvalidToken.selector, alice));
        vm.prank(admin);
        orders.allowToken(IERC20(alice), true);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.InvalidToken.selector, alice));
        vm.prank(admin);
        receivables.allowToken(IERC20(alice), true);
        // the orders first: refused until the receivables allow it
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(other)));
        vm.prank(admin);
        orders.allowToken(token, true);
        // the receivables: the admin must hold and approve the probe
        vm.expectRevert(
            abi.encodeWithSelector(FinanceBase.TokenProbeUnfunded.selector, address(other), admin, 0, 0, PROBE)
        );
        vm.prank(admin);
        receivables.allowToken(token, true);
        other.mint(admin, PROBE);
        vm.prank(admin);
        other.approve(address(receivables), PROBE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                FinanceBase.TokenProbeUnfunded.selector, address(other), admin, PROBE, PROBE - 1, PROBE
            )
        );
        vm.prank(admin);
        receivables.allowToken(token, true);
        vm.prank(admin);
        other.approve(address(receivables), PROBE);
        vm.expectEmit(address(receivables));
        emit FinanceBase.TokenAllowed(address(other), true, admin);
        vm.prank(admin);
        receivables.allowToken(token, true);
        vm.assertEq(other.balanceOf(admin), PROBE, "the admin lost its probe");
        vm.assertEq(other.balanceOf(address(receivables)), 0, "the receivables kept the probe");
        vm.assertEq(other.allowance(admin, address(receivables)), 0, "the probe's allowance left");
        vm.assertTrue(_allowed(address(receivables), token), "not allowed in the receivables");
        vm.assertFalse(_allowed(address(orders), token), "allowed in the orders too");
        vm.expectEmit(address(orders));
        emit FinanceBase.TokenAllowed(address(other), true, admin);
        vm.prank(admin);
        orders.allowToken(token, true);
        vm.assertTrue(_allowed(address(orders), token), "not allowed in the orders");
        vm.assertEq(other.balanceOf(admin), PROBE, "the orders moved the admin's tokens");
        vm.assertEq(other.balanceOf(address(orders)), 0, "the orders took a probe");
        vm.prank(admin);
        orders.allowToken(token, false);
        vm.assertFalse(_allowed(address(orders), token), "still allowed");
        vm.assertTrue(_allowed(address(receivables), token), "disallowed in the receivables too");
        vm.prank(admin);
        orders.allowToken(token, true);
        vm.prank(admin);
        receivables.allowToken(token, false);
        vm.assertFalse(_allowed(address(receivables), token), "still allowed in the receivables");
        vm.assertTrue(_allowed(address(orders), token), "disallowed in the orders too");
    }

    /// @notice A token the orders allow and the receivables no longer do still opens prepaid
    /// orders; an order on credit, which reserves in the receivables, is refused there
    /// (TokenNotAllowed) and nothing is reserved.
    function test_creditNeedsTheTokenInTheReceivables() external {
        vm.prank(admin);
        receivables.allowToken(_usd(), false);
        uint256[] memory ids = _ids(maker, 1, 0x180);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(usd)));
        vm.prank(alice);
        orders.openOrder(
            maker, ids, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Credit, deadline + CREDIT_TERM, arbiter
        );
        vm.assertEq(_reserved(alice), 0, "reserved");
        uint256 orderId = _openPrepaid(alice, maker, ids, 1e6);
        vm.assertEq(orders.escrowed(orderId), 1e6, "escrow");
    }

    function _allowed(address financing, IERC20 token) internal view returns (bool) {
        return IFinanceBaseViews(financing).tokenAllowed(token);
    }

    /// @notice A disallowed token opens nothing new, but what is open in it still settles in it.
    function test_aDisallowedTokenStillSettlesWhatIsOpen() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x100);
        vm.prank(admin);
        orders.allowToken(_usd(), false);
        uint256[] memory more = _ids(maker, 1, 0x1FF);
        usd.mint(alice, 1e6);
        vm.prank(alice);
        usd.approve(address(orders), 1e6);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(usd)));
        vm.prank(alice);
        orders.openOrder(
            maker, more, address(usd), 1e6, uint64(block.timestamp + TERM), IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        _deliver(orderId, ids);
        vm.assertEq(_bal(maker), PRICE3, "the open order did not settle");
    }

    /// @dev Credits `PRICE3` to bob (a declined order) and 333,335 to maker (a deliverer's delivery).
    function _creditBobAndMaker() internal returns (uint256 declined) {
        declined = _openPrepaid(bob, maker, _ids(maker, 1, 0x200), PRICE3);
        vm.prank(maker);
        orders.declineOrder(declined);
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x210);
        vm.prank(maker);
        orders.authoriseDeliverer(orderId, station, true);
        vm.prank(station);
        orders.deliver(orderId, _one(ids[2]));
    }

    /// @notice Each account withdraws exactly what it is owed, no more, once: the others' credits
    /// stay, and the contract keeps exactly what it still owes.
    function test_withdrawPaysExactlyTheCaller() external {
        _creditBobAndMaker();
        vm.assertEq(_owedO(bob), PRICE3, "bob owed");
        vm.assertEq(_owedO(maker), 333_335, "maker owed");
        vm.assertEq(orders.owedTotal(_usd()), PRICE3 + 333_335, "owed total");
        vm.expectEmit(address(orders));
        emit FinanceBase.Withdrawn(address(usd), bob, PRICE3);
        vm.prank(bob);
        orders.withdraw(_usd());
        vm.assertEq(_bal(bob), PRICE3, "bob paid");
        vm.assertEq(_owedO(bob), 0, "bob still owed");
        vm.assertEq(_owedO(maker), 333_335, "maker's credit touched");
        vm.assertEq(_bal(maker), 0, "maker paid");
        vm.assertEq(orders.owedTotal(_usd()), 333_335, "owed total");
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.NothingOwed.selector, address(usd), bob));
        vm.prank(bob);
        orders.withdraw(_usd());
        vm.prank(maker);
        orders.withdraw(_usd());
        vm.assertEq(_bal(maker), 333_335, "maker paid");
        vm.assertEq(orders.owedTotal(_usd()), 0, "owed total");
        vm.assertEq(_bal(address(orders)), 666_666, "orders hold other than the open escrow");
    }

    /// @notice Nothing owed, an unregistered or suspended caller, or the suite paused: nothing
    /// is withdrawn and the credit waits.
    function test_withdrawGuards() external {
        _creditBobAndMaker();
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.NothingOwed.selector, address(usd), alice));
        vm.prank(alice);
        orders.withdraw(_usd());
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.NothingOwed.selector, address(usd), bob));
        vm.prank(bob);
        receivables.withdraw(_usd());
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        orders.withdraw(_usd());
        _suspend(bob);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        vm.prank(bob);
        orders.withdraw(_usd());
        _reinstate(bob);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(bob);
        orders.withdraw(_usd());
        _unpause();
        vm.assertEq(_owedO(bob), PRICE3, "credit lost");
        vm.assertEq(_bal(bob), 0, "paid");
        vm.prank(bob);
        orders.withdraw(_usd());
        vm.assertEq(_bal(bob), PRICE3, "not paid once reinstated");
    }

    /// @notice A zero share is not credited: a ruling all for the buyer books nothing for the payee.
    function test_aZeroShareIsNotCredited() external {
        (uint256 orderId,) = _acceptedPrepaid(0x300);
        _dispute(orderId, alice);
        vm.prank(arbiter);
        orders.rule(orderId, 10_000);
        vm.assertEq(_owedO(alice), PRICE3, "buyer");
        vm.assertEq(_owedO(maker), 0, "payee");
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.NothingOwed.selector, address(usd), maker));
        vm.prank(maker);
        orders.withdraw(_usd());
    }
}
