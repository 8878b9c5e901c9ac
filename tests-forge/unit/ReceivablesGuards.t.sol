// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IReceivablesToken} from "../utils/FinanceSuite.sol";
import {IReceivablesAudit} from "../utils/FinanceRules.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {FinanceBase} from "../../contracts/finance/FinanceBase.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title ReceivablesGuards
/// @notice The rules of Receivables: administration, the orders' door, issue, confirmation,
/// rejection, payment, redemption, discount and transfers, each guard with its exact error, and
/// exactly what each holder, payer and financier gets.
contract ReceivablesGuards is FinanceRules {
    uint256 internal constant FACE = 1_000_000;
    uint64 internal constant TENOR = 30 days;

    function setUp() public {
        _deployFinance();
        usd.mint(maker, 10 * FACE);
        vm.prank(maker);
        usd.approve(address(receivables), type(uint256).max);
    }

    // ---------------------------------------------------------------- helpers

    function _due() internal view returns (uint64) {
        return uint64(block.timestamp + TENOR);
    }

    /// @dev `creditor` issues a claim of `face` on `debtor`, due in TENOR.
    function _issue(address creditor, address debtor, uint256 face, bytes32 invoice, uint256[] memory ids)
        internal
        returns (uint256 id)
    {
        vm.prank(creditor);
        id = receivables.issue(debtor, address(usd), face, _due(), invoice, ids);
    }

    /// @dev A confirmed receivable of FACE owed by maker, its units with alice.
    function _confirmed(bytes32 invoice) internal returns (uint256 id) {
        id = _issue(alice, maker, FACE, invoice, new uint256[](0));
        vm.prank(maker);
        receivables.confirm(id);
    }

    /// @dev `payer` (funded and approving the receivables: maker from setUp) pays `amount` of `id`.
    function _payBy(address payer, uint256 id, uint256 amount) internal {
        vm.prank(payer);
        receivables.pay(id, amount);
    }

    function _debt(uint256 id, address holder) internal view returns (uint256) {
        return IReceivablesAudit(address(receivables)).debtOf(id, holder);
    }

    function _units(address holder, uint256 id) internal view returns (uint256) {
        return receivables.balanceOf(holder, id);
    }

    function _rstate(uint256 id) internal view returns (uint256) {
        return uint256(receivables.receivable(id).state);
    }

    function _move(address from, address to, uint256 id, uint256 amount) internal {
        vm.prank(from);
        receivables.safeTransferFrom(from, to, id, amount, "");
    }

    // ================================================================ administration

    /// @notice The admin connects the orders the first time, only a contract of this suite
    /// answering parts(), participants() and receivables() with it; the orders' door refuses
    /// everyone else, the zero address included while none is connected.
    function test_connectOrdersTheFirstTime() external {
        IReceivablesToken fresh =
            IReceivablesToken(vm.deployCode("Receivables.sol:Receivables", abi.encode(participants, parts)));
        address po = vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, fresh));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, address(0)));
        vm.prank(address(0));
        fresh.releaseCredit(alice, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ADMIN)
        );
        vm.prank(bob);
        fresh.connectOrders(po);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidOrders.selector, address(orders)));
        vm.prank(admin);
        fresh.connectOrders(address(orders)); // answers receivables() with the other contract
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidOrders.selector, address(usd)));
        vm.prank(admin);
        fresh.connectOrders(address(usd));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidOrders.selector, alice));
        vm.prank(admin);
        fresh.connectOrders(alice);
        vm.expectEmit(address(fresh));
        emit IReceivables.OrdersConnected(address(0), po);
        vm.prank(admin);
        fresh.connectOrders(po);
        vm.assertEq(fresh.orders(), po, "not connected");
    }

    /// @notice Replacing the orders takes two authorities (the admin's call proposes, a
    /// regulator's confirms), credit reserved or not: the replaced contract winds down with what it
    /// holds, reserving nothing more, releasing and issuing within it.
    function test_replaceOrdersTakesTwoAuthoritiesAndTheOldOneWindsDown() external {
        address po = vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, receivables));
        uint256 orderId = _openCredit(alice, maker, _ids(maker, 1, 0x100), 5e6);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidOrders.selector, address(orders)));
        vm.prank(admin);
        receivables.connectOrders(address(orders)); // the current one
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.NotAnAuthority.selector, bob));
        vm.prank(bob);
        receivables.connectOrders(po);
        vm.prank(admin);
        receivables.connectOrders(po);
        vm.assertEq(receivables.orders(), address(orders), "replaced by one authority");
        vm.expectEmit(address(receivables));
        emit IReceivables.OrdersWindingDown(address(orders), 5e6);
        vm.prank(regulator);
        receivables.connectOrders(po);
        vm.assertEq(receivables.orders(), po, "not replaced");
        (bool replaced, uint256 held) = receivables.windingDown(address(orders));
        vm.assertTrue(replaced, "winding down");
        vm.assertEq(held, 5e6, "held");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, address(orders)));
        vm.prank(address(orders));
        receivables.reserveCredit(alice, address(usd), 1, uint64(block.timestamp + 30 days));
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(orders), alice, 5e6 + 1, 5e6)
        );
        vm.prank(address(orders));
        receivables.releaseCredit(alice, 5e6 + 1);
        vm.prank(alice);
        orders.cancelOrder(orderId); // the old order closes: its reservation released
        vm.assertEq(_reserved(alice), 0, "reserved");
        (replaced, held) = receivables.windingDown(address(orders));
        vm.assertTrue(replaced && held == 0, "holds nothing");
        vm.prank(address(orders));
        receivables.releaseCredit(alice, 0); // a closing call of nothing passes
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, bob));
        vm.prank(bob);
        receivables.releaseCredit(alice, 0);
    }

    /// @notice The admin alone sets a credit line, never for the zero address.
    function test_setCreditLine() external {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ADMIN)
        );
        vm.prank(bob);
        receivables.setCreditLine(bob, address(usd), 1);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidDebtor.selector, address(0)));
        vm.prank(admin);
        receivables.setCreditLine(address(0), address(usd), 1);
        vm.prank(admin);
        receivables.setCreditLine(bob, address(usd), 123);
        (uint256 line,,) = receivables.creditOf(bob, address(usd));
        vm.assertEq(line, 123, "line");
    }

    /// @notice The admin sets a maximum tenor of 1 day to 3,650 days and a grace period up to 365 days.
    function test_setTermsBounds() external {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.ADMIN)
        );
        vm.prank(bob);
        receivables.setTerms(1 days, 0);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidTerms.selector, 1 days - 1, 0));
        receivables.setTerms(1 days - 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidTerms.selector, 3650 days + 1, 0));
        receivables.setTerms(3650 days + 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidTerms.selector, 1 days, 365 days + 1));
        receivables.setTerms(1 days, 365 days + 1);
        receivables.setTerms(1 days, 365 days);
        (uint64 maxTenor, uint64 grace) = receivables.terms();
        vm.assertEq(maxTenor, 1 days, "min tenor");
        vm.assertEq(grace, 365 days, "max grace");
        receivables.setTerms(3650 days, 0);
        vm.stopPrank();
        (maxTenor, grace) = receivables.terms();
        vm.assertEq(maxTenor, 3650 days, "max tenor");
        vm.assertEq(grace, 0, "no grace");
    }

    /// @notice A regulator freezes an existing receivable once and unfreezes a frozen one; frozen
    /// units do not move, payment still does.
    function test_regulatorFreeze() external {
        uint256 id = _confirmed(keccak256("inv"));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.REGULATOR)
        );
        vm.prank(bob);
        receivables.freeze(id, REASON);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        vm.prank(regulator);
        receivables.freeze(99, REASON);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotFrozenByRegulator.selector, id));
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.AlreadyFrozen.selector, id));
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.assertEq(receivables.frozenFlags(id), 1, "flags");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableFrozen.selector, id, 1));
        _move(alice, bob, id, 1);
        _payBy(maker, id, 10);
        vm.assertEq(receivables.receivable(id).paid, 10, "a frozen receivable refused payment");
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        _move(alice, bob, id, 1);
        vm.assertEq(_units(bob, id), 1, "not moved after the freeze");
    }

    // ================================================================ the orders' door

    /// @notice Only the connected orders reserve, release and issue.
    function test_theDoorIsTheOrders() external {
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, alice));
        vm.prank(alice);
        receivables.reserveCredit(alice, address(usd), 1, _due());
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, alice));
        vm.prank(alice);
        receivables.releaseCredit(alice, 0);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, maker));
        vm.prank(maker);
        receivables.issueForOrder(1, maker, alice, address(usd), 1, _due(), keccak256("x"), new uint256[](0));
        vm.assertEq(receivables.receivableCount(), 0, "issued");
    }

    /// @notice A reservation: suite running, allowed token, face in range, maturity after now and
    /// within the tenor (both ends inclusive), within the line, one token at a time.
    function test_reserveCreditRules() external {
        TestStablecoin other = new TestStablecoin();
        vm.startPrank(admin);
        receivables.setCreditLine(alice, address(other), 100);
        vm.stopPrank();
        uint64 now_ = uint64(block.timestamp);
        vm.startPrank(address(orders));
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(other)));
        receivables.reserveCredit(alice, address(other), 1, _due());
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidFace.selector, 0));
        receivables.reserveCredit(alice, address(usd), 0, _due());
        uint256 huge = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidFace.selector, huge));
        receivables.reserveCredit(alice, address(usd), huge, _due());
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidMaturity.selector, now_, now_ + 1, now_ + 365 days));
        receivables.reserveCredit(alice, address(usd), 1, now_);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.InvalidMaturity.selector, now_ + 365 days + 1, now_ + 1, now_ + 365 days
            )
        );
        receivables.reserveCredit(alice, address(usd), 1, now_ + 365 days + 1);
        receivables.reserveCredit(alice, address(usd), 1, now_ + 1);
        receivables.reserveCredit(alice, address(usd), 2, now_ + 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.CreditLineExceeded.selector, alice, address(usd), CREDIT_LINE, 3, CREDIT_LINE - 2
            )
        );
        receivables.reserveCredit(alice, address(usd), CREDIT_LINE - 2, _due());
        receivables.reserveCredit(alice, address(usd), CREDIT_LINE - 3, _due());
        vm.stopPrank();
        vm.assertEq(_reserved(alice), CREDIT_LINE, "the whole line");
        vm.assertEq(IReceivablesAudit(address(receivables)).reservedTotal(), CREDIT_LINE, "reserved in all");
        vm.assertEq(receivables.reservationTokenOf(alice), address(usd), "token");
    }

    /// @notice A debtor's reservations are in one token at a time: another token waits until the
    /// first is released; a release never exceeds what is reserved.
    function test_reservationsInOneTokenAtATime() external {
        TestStablecoin other = new TestStablecoin();
        other.mint(admin, PROBE);
        vm.startPrank(admin);
        other.approve(address(receivables), PROBE); // the probe allowing moves and gives back
        receivables.allowToken(IERC20(address(other)), true);
        receivables.setCreditLine(alice, address(other), 100);
        vm.stopPrank();
        vm.startPrank(address(orders));
        receivables.reserveCredit(alice, address(usd), 40, _due());
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.CreditReservedInOtherToken.selector, alice, address(usd), 40, address(other)
            )
        );
        receivables.reserveCredit(alice, address(other), 1, _due());
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReservationExceeded.selector, alice, address(usd), 41, 40));
        receivables.releaseCredit(alice, 41);
        receivables.releaseCredit(alice, 40);
        receivables.reserveCredit(alice, address(other), 100, _due());
        vm.stopPrank();
        vm.assertEq(receivables.reservationTokenOf(alice), address(other), "token");
        (,, uint256 reserved) = receivables.creditOf(alice, address(other));
        vm.assertEq(reserved, 100, "reserved in the other token");
        vm.assertEq(_reserved(alice), 0, "usd reservation left");
        vm.assertEq(IReceivablesAudit(address(receivables)).reservedTotal(), 100, "reserved in all");
    }

    /// @notice issueForOrder: suite running, a debtor other than zero and the creditor, a face in
    /// range and within the reservation; it mints the face to the creditor at once.
    function test_issueForOrderRules() external {
        uint256[] memory none = new uint256[](0);
        vm.startPrank(address(orders));
        receivables.reserveCredit(alice, address(usd), 500, _due());
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidDebtor.selector, address(0)));
        receivables.issueForOrder(7, maker, address(0), address(usd), 100, _due(), keccak256("o"), none);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidDebtor.selector, maker));
        receivables.issueForOrder(7, maker, maker, address(usd), 100, _due(), keccak256("o"), none);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidFace.selector, 0));
        receivables.issueForOrder(7, maker, alice, address(usd), 0, _due(), keccak256("o"), none);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.ReservationExceeded.selector, alice, address(usd), 501, 500)
        );
        receivables.issueForOrder(7, maker, alice, address(usd), 501, _due(), keccak256("o"), none);
        uint256 id = receivables.issueForOrder(7, maker, alice, address(usd), 200, _due(), keccak256("o"), none);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, maker, alice, keccak256("o"), id)
        );
        receivables.issueForOrder(7, maker, alice, address(usd), 100, _due(), keccak256("o"), none);
        vm.stopPrank();
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(address(orders));
        receivables.issueForOrder(7, maker, alice, address(usd), 100, _due(), keccak256("p"), none);
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(address(orders));
        receivables.reserveCredit(alice, address(usd), 1, _due());
        _unpause();
        vm.assertEq(_units(maker, id), 200, "creditor units");
        vm.assertEq(_reserved(alice), 300, "reservation");
        vm.assertEq(_outstanding(alice), 200, "outstanding");
        IReceivables.ReceivableInfo memory r = receivables.receivable(id);
        vm.assertEq(uint256(r.state), uint256(IReceivables.ReceivableState.Outstanding), "confirmed");
        vm.assertEq(r.orders, address(orders), "orders");
        vm.assertEq(r.orderId, 7, "order id");
        // One key per (creditor, debtor, invoice) for deliveries and claims alike: the seller's
        // claim on the buyer with the delivery's hash is refused at issue; the same hash between
        // other parties (or the other way round) is another invoice.
        vm.assertEq(receivables.receivableOfInvoice(maker, alice, keccak256("o")), id, "the delivery's invoice");
        vm.assertEq(receivables.receivableOfInvoice(maker, alice, keccak256("q")), 0, "unknown invoice");
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, keccak256("o")), 0, "the other way round");
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, maker, alice, keccak256("o"), id)
        );
        _issue(maker, alice, 10, keccak256("o"), none);
        uint256 reverse = _issue(alice, maker, 10, keccak256("o"), none);
        uint256 other = _issue(bob, alice, 10, keccak256("o"), none);
        vm.assertEq(reverse, id + 1, "the reverse invoice");
        vm.assertEq(other, id + 2, "another creditor's invoice");
    }

    // ================================================================ issue

    /// @notice An active creditor issues on an active debtor other than itself, in an allowed
    /// token, with a face in range.
    function test_issuePartiesTokenFace() external {
        uint256[] memory none = new uint256[](0);
        TestStablecoin other = new TestStablecoin();
        bytes32 inv = keccak256("inv");
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        receivables.issue(maker, address(usd), 1, _due(), inv, none);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidDebtor.selector, address(0)));
        receivables.issue(address(0), address(usd), 1, _due(), inv, none);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidDebtor.selector, alice));
        receivables.issue(alice, address(usd), 1, _due(), inv, none);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        receivables.issue(outsider, address(usd), 1, _due(), inv, none);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.TokenNotAllowed.selector, address(other)));
        receivables.issue(maker, address(other), 1, _due(), inv, none);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidFace.selector, 0));
        receivables.issue(maker, address(usd), 0, _due(), inv, none);
        uint256 huge = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidFace.selector, huge));
        receivables.issue(maker, address(usd), huge, _due(), inv, none);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.EmptyInvoiceHash.selector));
        receivables.issue(maker, address(usd), 1, _due(), bytes32(0), none);
        vm.assertEq(receivables.receivableCount(), 0, "issued");
        uint256 id = receivables.issue(maker, address(usd), huge - 1, _due(), inv, none);
        vm.stopPrank();
        vm.assertEq(receivables.receivable(id).face, huge - 1, "the largest face");
    }

    /// @notice The maturity is after now (now + 1 the earliest) and within the maximum tenor.
    function test_issueMaturityBounds() external {
        uint256[] memory none = new uint256[](0);
        uint64 now_ = uint64(block.timestamp);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidMaturity.selector, now_, now_ + 1, now_ + 365 days));
        receivables.issue(maker, address(usd), 1, now_, keccak256("a"), none);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.InvalidMaturity.selector, now_ + 365 days + 1, now_ + 1, now_ + 365 days
            )
        );
        receivables.issue(maker, address(usd), 1, now_ + 365 days + 1, keccak256("a"), none);
        uint256 first = receivables.issue(maker, address(usd), 1, now_ + 1, keccak256("a"), none);
        uint256 last = receivables.issue(maker, address(usd), 1, now_ + 365 days, keccak256("b"), none);
        vm.stopPrank();
        vm.assertEq(receivables.receivable(first).maturity, now_ + 1, "earliest");
        vm.assertEq(receivables.receivable(last).maturity, now_ + 365 days, "latest");
        vm.assertEq(receivables.receivable(last).defaultsAt, now_ + 365 days + 30 days, "defaults at");
    }

    /// @notice An invoice binds when the debtor confirms, for ever: a rejected or pending claim
    /// holds nothing (the invoice is issued again), a confirmed one refuses every later claim of
    /// that creditor on that debtor with it, at issue and at confirmation. A claim names at most
    /// 32 parts, each the debtor's, distinct, backing no confirmed open receivable.
    function test_issueInvoiceAndParts() external {
        uint256[] memory ids = _ids(maker, 2, 0x300);
        uint256 foreign = _register(maker2, bytes32(uint256(0x3FF)));
        bytes32 inv = keccak256("inv");
        uint256 first = _issue(alice, maker, 5, inv, new uint256[](0));
        vm.prank(maker);
        receivables.reject(first);
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, inv), 0, "a rejected claim holds its invoice");
        uint256 second = _issue(alice, maker, 5, inv, new uint256[](0));
        uint256 third = _issue(alice, maker, 6, inv, new uint256[](0));
        vm.assertEq(second, first + 1, "the invoice not issued again");
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, inv), 0, "a pending claim holds its invoice");
        vm.prank(maker);
        receivables.confirm(third);
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, inv), third, "the confirmed claim");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, alice, maker, inv, third));
        vm.prank(maker);
        receivables.confirm(second);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, alice, maker, inv, third));
        _issue(alice, maker, 5, inv, new uint256[](0));
        vm.assertEq(_rstate(second), uint256(IReceivables.ReceivableState.Pending), "second");
        vm.assertEq(_units(alice, second), 0, "second minted");
        vm.assertEq(_outstanding(maker), 6, "outstanding");
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.TooManyParts.selector, 33, 32));
        receivables.issue(maker, address(usd), 5, _due(), keccak256("x"), new uint256[](33));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartNotOwnedByDebtor.selector, foreign, maker, maker2));
        receivables.issue(maker, address(usd), 5, _due(), keccak256("x"), _two(ids[0], foreign));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, ids[0], third + 1));
        receivables.issue(maker, address(usd), 5, _due(), keccak256("x"), _two(ids[0], ids[0]));
        uint256 linked = receivables.issue(maker, address(usd), 5, _due(), keccak256("x"), ids);
        vm.stopPrank();
        vm.prank(maker);
        receivables.confirm(linked);
        vm.assertEq(receivables.openReceivableOf(ids[1]), linked, "not linked");
        vm.assertEq(receivables.partsOf(linked).length, 2, "parts");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, ids[1], linked));
        _issue(bob, maker, 5, keccak256("y"), _one(ids[1]));
        _payBy(maker, linked, 5);
        vm.assertEq(receivables.openReceivableOf(ids[1]), 0, "a paid receivable holds its part");
        _issue(bob, maker, 5, keccak256("y"), _one(ids[1]));
        // a paid receivable still holds its invoice
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, keccak256("x")), linked, "paid: invoice freed");
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, alice, maker, keccak256("x"), linked)
        );
        _issue(alice, maker, 5, keccak256("x"), new uint256[](0));
    }

    // ================================================================ confirm and reject

    /// @notice Only the active debtor confirms a pending claim, before its maturity, within its line.
    function test_confirmGuards() external {
        uint256 id = _issue(alice, maker, FACE, keccak256("inv"), new uint256[](0));
        uint64 maturity = receivables.receivable(id).maturity;
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        vm.prank(maker);
        receivables.confirm(99);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotDebtor.selector, id, alice, maker));
        vm.prank(alice);
        receivables.confirm(id);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        vm.prank(maker);
        receivables.confirm(id);
        _reinstate(maker);
        vm.prank(admin);
        receivables.setCreditLine(maker, address(usd), FACE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.CreditLineExceeded.selector, maker, address(usd), FACE - 1, 0, FACE)
        );
        vm.prank(maker);
        receivables.confirm(id);
        vm.prank(admin);
        receivables.setCreditLine(maker, address(usd), FACE);
        vm.warp(maturity);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.InvalidMaturity.selector, maturity, maturity + 1, maturity + 365 days)
        );
        vm.prank(maker);
        receivables.confirm(id);
        vm.warp(maturity - 1);
        vm.prank(maker);
        receivables.confirm(id);
        vm.assertEq(_units(alice, id), FACE, "creditor units");
        vm.assertEq(_outstanding(maker), FACE, "outstanding");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotPending.selector, id, IReceivables.ReceivableState.Outstanding
            )
        );
        vm.prank(maker);
        receivables.confirm(id);
    }

    /// @notice A part the debtor gave away since the claim, or that backs another confirmed
    /// receivable now, stops the confirmation.
    function test_confirmChecksThePartsAgain() external {
        uint256[] memory ids = _ids(maker, 2, 0x400);
        uint256 first = _issue(alice, maker, 5, keccak256("a"), _one(ids[0]));
        uint256 second = _issue(bob, maker, 5, keccak256("b"), _one(ids[0]));
        uint256 third = _issue(bob, maker, 5, keccak256("c"), _one(ids[1]));
        vm.prank(maker);
        receivables.confirm(first);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartAlreadyFinanced.selector, ids[0], first));
        vm.prank(maker);
        receivables.confirm(second);
        _forced(ids[1], station);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PartNotOwnedByDebtor.selector, ids[1], maker, station));
        vm.prank(maker);
        receivables.confirm(third);
        vm.assertEq(_units(bob, second) + _units(bob, third), 0, "units minted");
    }

    /// @notice Only the creditor withdraws, only a pending claim, suspended or not; a withdrawn
    /// claim is never confirmed and binds no invoice.
    function test_withdrawClaimRules() external {
        bytes32 invoice = keccak256("inv-w");
        uint256 id = _issue(alice, maker, FACE, invoice, new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotCreditor.selector, id, maker, alice));
        vm.prank(maker);
        receivables.withdrawClaim(id);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 999));
        vm.prank(alice);
        receivables.withdrawClaim(999);
        _suspend(alice);
        vm.prank(alice);
        receivables.withdrawClaim(id);
        _reinstate(alice);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Withdrawn), "state");
        bytes memory notPending = abi.encodeWithSelector(
            IReceivables.ReceivableNotPending.selector, id, IReceivables.ReceivableState.Withdrawn
        );
        vm.expectRevert(notPending);
        vm.prank(maker);
        receivables.confirm(id);
        vm.expectRevert(notPending);
        vm.prank(alice);
        receivables.withdrawClaim(id);
        uint256 confirmed = _confirmed(invoice); // the invoice stayed free
        vm.assertEq(receivables.receivableOfInvoice(alice, maker, invoice), confirmed, "bound to the confirmed one");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotPending.selector, confirmed, IReceivables.ReceivableState.Outstanding
            )
        );
        vm.prank(alice);
        receivables.withdrawClaim(confirmed);
        vm.assertEq(receivables.balanceOf(alice, confirmed), FACE, "the creditor's units");
    }

    /// @notice Only the active debtor rejects a pending claim; a rejected claim is never confirmed.
    function test_rejectRules() external {
        uint256 id = _issue(alice, maker, FACE, keccak256("inv"), new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotDebtor.selector, id, bob, maker));
        vm.prank(bob);
        receivables.reject(id);
        _suspend(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        vm.prank(maker);
        receivables.reject(id);
        _reinstate(maker);
        vm.prank(maker);
        receivables.reject(id);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Rejected), "state");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotPending.selector, id, IReceivables.ReceivableState.Rejected
            )
        );
        vm.prank(maker);
        receivables.confirm(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotConfirmed.selector, id, IReceivables.ReceivableState.Rejected
            )
        );
        _payBy(maker, id, 1);
        vm.assertEq(_outstanding(maker), 0, "outstanding");
    }

    // ================================================================ pay and redeem

    /// @notice Anyone pays a confirmed receivable, a positive amount up to what is unpaid, while
    /// the suite runs; the payer pays exactly that; the last unit settles it.
    function test_payRules() external {
        uint256 pending = _issue(alice, maker, FACE, keccak256("p"), new uint256[](0));
        uint256 id = _confirmed(keccak256("inv"));
        usd.mint(bob, FACE);
        vm.prank(bob);
        usd.approve(address(receivables), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        _payBy(bob, 99, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotConfirmed.selector, pending, IReceivables.ReceivableState.Pending
            )
        );
        _payBy(bob, pending, 1);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.ZeroAmount.selector));
        _payBy(bob, id, 0);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.Overpayment.selector, id, FACE + 1, FACE));
        _payBy(bob, id, FACE + 1);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _payBy(bob, id, 1);
        _unpause();
        uint256 bobBefore = _bal(bob);
        _payBy(bob, id, 400_000);
        vm.assertEq(_bal(bob), bobBefore - 400_000, "the payer paid other than the amount");
        vm.assertEq(_bal(maker), 10 * FACE, "the debtor paid for another payer");
        vm.assertEq(_bal(address(receivables)), 400_000, "received");
        vm.assertEq(_outstanding(maker), FACE - 400_000, "outstanding");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.Overpayment.selector, id, 600_001, 600_000));
        _payBy(bob, id, 600_001);
        _payBy(maker, id, 600_000);
        vm.assertEq(_bal(maker), 10 * FACE - 600_000, "the debtor's payment");
        vm.assertEq(_bal(address(receivables)), FACE, "received in all");
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Paid), "not paid");
        vm.assertEq(_outstanding(maker), 0, "outstanding left");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableSettled.selector, id));
        _payBy(maker, id, 1);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableSettled.selector, id));
        _move(alice, bob, id, 1);
    }

    /// @notice Each holder redeems its units' share of what was paid, the sender keeping what it
    /// redeemed when units move; once fully paid a redemption burns the units; nothing to
    /// redeem reverts.
    function test_redeemShares() external {
        uint256 id = _confirmed(keccak256("inv"));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NothingToRedeem.selector, id, alice));
        vm.prank(alice);
        receivables.redeem(id);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        vm.prank(alice);
        receivables.redeem(99);
        _payBy(maker, id, 500_000);
        vm.prank(alice);
        uint256 first = receivables.redeem(id);
        vm.assertEq(first, 500_000, "first redemption");
        vm.assertEq(_bal(alice), 500_000, "alice paid");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NothingToRedeem.selector, id, alice));
        vm.prank(alice);
        receivables.redeem(id);
        _move(alice, bob, id, 400_000); // carries no unredeemed right: alice redeemed it all
        vm.assertEq(receivables.redeemable(id, bob), 0, "bob can redeem alice's redemption");
        vm.assertEq(_debt(id, alice), 300_000 * FACE, "alice's debt");
        vm.assertEq(_debt(id, bob), 200_000 * FACE, "bob's debt");
        _payBy(maker, id, 500_000);
        vm.assertEq(receivables.redeemable(id, alice), 300_000, "alice's share of the second payment");
        vm.assertEq(receivables.redeemable(id, bob), 200_000, "bob's share of the second payment");
        vm.prank(bob);
        receivables.redeem(id);
        vm.prank(alice);
        receivables.redeem(id);
        vm.assertEq(_bal(alice), 800_000, "alice");
        vm.assertEq(_bal(bob), 200_000, "bob");
        vm.assertEq(_units(alice, id) + _units(bob, id), 0, "units not burned");
        vm.assertEq(_debt(id, alice), 0, "debt kept");
        vm.assertEq(_bal(address(receivables)), 0, "left over");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NothingToRedeem.selector, id, alice));
        vm.prank(alice);
        receivables.redeem(id);
        vm.assertEq(receivables.redeemable(99, alice), 0, "unknown receivable");
    }

    /// @notice A suspended holder redeems nothing until reinstated; a frozen receivable still redeems.
    function test_redeemNeedsAnActiveHolder() external {
        uint256 id = _confirmed(keccak256("inv"));
        _payBy(maker, id, 10);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        vm.prank(alice);
        receivables.redeem(id);
        _reinstate(alice);
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.prank(alice);
        receivables.redeem(id);
        vm.assertEq(_bal(alice), 10, "redeemed");
    }

    /// @notice Units moved after a payment carry their unredeemed right; a batch naming the id
    /// twice carries each element's share; a move to oneself or of zero units changes no right.
    function test_movesCarryTheRight() external {
        uint256 id = _confirmed(keccak256("inv"));
        _payBy(maker, id, 300_000);
        uint256[] memory idsTwice = _two(id, id);
        vm.prank(alice);
        receivables.safeBatchTransferFrom(alice, bob, idsTwice, _two(100_000, 200_000), "");
        vm.assertEq(receivables.redeemable(id, bob), 90_000, "bob's carried right");
        vm.assertEq(receivables.redeemable(id, alice), 210_000, "alice's right");
        _move(alice, alice, id, 50_000);
        _move(bob, station, id, 0);
        vm.assertEq(receivables.redeemable(id, alice), 210_000, "a move to oneself changed the right");
        vm.assertEq(receivables.redeemable(id, bob), 90_000, "a zero move changed the right");
        vm.assertEq(_debt(id, station), 0, "zero move gave a debt");
        vm.prank(bob);
        receivables.redeem(id);
        vm.assertEq(_bal(bob), 90_000, "bob");
    }

    // ================================================================ discount

    /// @notice An active holder offers units it has of a confirmed, unfrozen, unpaid receivable to
    /// a FINANCIER, for a price, until a future expiry.
    function test_offerDiscountGuards() external {
        uint256 id = _confirmed(keccak256("inv"));
        uint256 pending = _issue(alice, maker, FACE, keccak256("p"), new uint256[](0));
        uint64 expiry = uint64(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        receivables.offerDiscount(id, bank, 1, 1, expiry);
        vm.startPrank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, Roles.FINANCIER)
        );
        receivables.offerDiscount(id, bob, 1, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        receivables.offerDiscount(99, bank, 1, 1, expiry);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotConfirmed.selector, pending, IReceivables.ReceivableState.Pending
            )
        );
        receivables.offerDiscount(pending, bank, 1, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.ZeroAmount.selector));
        receivables.offerDiscount(id, bank, 0, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.ZeroAmount.selector));
        receivables.offerDiscount(id, bank, 1, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InsufficientUnits.selector, id, alice, FACE, FACE + 1));
        receivables.offerDiscount(id, bank, FACE + 1, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.InvalidOfferExpiry.selector, uint64(block.timestamp)));
        receivables.offerDiscount(id, bank, 1, 1, uint64(block.timestamp));
        vm.stopPrank();
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableFrozen.selector, id, 1));
        vm.prank(alice);
        receivables.offerDiscount(id, bank, 1, 1, expiry);
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        // every unit, until the next second, is a valid offer
        vm.prank(alice);
        uint256 offerId = receivables.offerDiscount(id, bank, FACE, 1, uint64(block.timestamp + 1));
        vm.assertEq(receivables.discountOffer(offerId).units, FACE, "all units");
        _payBy(maker, id, FACE);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableSettled.selector, id));
        vm.prank(alice);
        receivables.offerDiscount(id, bank, 1, 1, expiry);
    }

    function _fundBank(uint256 amount) internal {
        usd.mint(bank, amount);
        vm.prank(bank);
        usd.approve(address(receivables), type(uint256).max);
    }

    function _offer(uint256 id, uint256 units, uint256 price, uint64 expiry) internal returns (uint256 offerId) {
        vm.prank(alice);
        offerId = receivables.offerDiscount(id, bank, units, price, expiry);
    }

    /// @notice The named financier takes the offer up to its expiry inclusive: the units move to
    /// it and the price from it to the holder, exactly; the offer is then gone.
    function test_takeDiscountMovesUnitsAndPrice() external {
        uint256 id = _confirmed(keccak256("inv"));
        _fundBank(380_000);
        uint64 expiry = uint64(block.timestamp + 1 days);
        uint256 offerId = _offer(id, 400_000, 380_000, expiry);
        IReceivables.DiscountOffer memory offer = receivables.discountOffer(offerId);
        vm.assertEq(offer.holder, alice, "holder");
        vm.assertEq(offer.units, 400_000, "units");
        vm.assertEq(offer.holderBalance, FACE, "balance at offer");
        vm.warp(expiry);
        vm.expectEmit(address(receivables));
        emit IReceivables.DiscountTaken(offerId, id, alice, bank, 400_000, 380_000);
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        vm.assertEq(_units(bank, id), 400_000, "financier units");
        vm.assertEq(_units(alice, id), 600_000, "holder units");
        vm.assertEq(_bal(alice), 380_000, "holder not paid the price");
        vm.assertEq(_bal(bank), 0, "financier did not pay");
        vm.assertEq(receivables.discountOffer(offerId).holder, address(0), "offer kept");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.OfferNotFound.selector, offerId));
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        _payBy(maker, id, FACE);
        vm.prank(bank);
        receivables.redeem(id);
        vm.assertEq(_bal(bank), 400_000, "financier redemption");
    }

    /// @notice Only the named, active financier takes an offer, not after its expiry, and not
    /// once the holder's units are worth less (it redeemed since the offer).
    function test_takeDiscountGuards() external {
        uint256 id = _confirmed(keccak256("inv"));
        _fundBank(1e6);
        uint64 expiry = uint64(block.timestamp + 1 days);
        uint256 offerId = _offer(id, 400_000, 380_000, expiry);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.OfferNotFound.selector, 99));
        vm.prank(bank);
        receivables.takeDiscount(99);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOfferFinancier.selector, offerId, bob, bank));
        vm.prank(bob);
        receivables.takeDiscount(offerId);
        _suspend(bank);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bank));
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        _reinstate(bank);
        _payBy(maker, id, 500_000);
        vm.prank(alice);
        receivables.redeem(id);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.OfferDevalued.selector, offerId, 0, FACE, 500_000 * FACE, FACE)
        );
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.OfferExpired.selector, offerId, expiry));
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        vm.assertEq(_units(bank, id), 0, "units moved");
        vm.assertEq(_bal(bank), 1e6, "financier paid");
    }

    /// @notice The devaluation check compares debts per unit in 512 bits: a redemption on a face
    /// near 2^127 is still caught.
    function test_takeDiscountDevaluedAtAnyMagnitude() external {
        uint256 face = 2 ** 127;
        vm.prank(admin);
        receivables.setCreditLine(maker, address(usd), face);
        uint256 id = _issue(alice, maker, face, keccak256("big"), new uint256[](0));
        vm.prank(maker);
        receivables.confirm(id);
        uint256 offerId = _offer(id, 1, 1, uint64(block.timestamp + 1 days));
        usd.mint(maker, face / 2);
        _payBy(maker, id, face / 2);
        vm.prank(alice);
        uint256 redeemed = receivables.redeem(id);
        vm.assertEq(redeemed, face / 2, "redeemed");
        vm.assertEq(_bal(alice), face / 2, "alice paid");
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.OfferDevalued.selector, offerId, 0, face, (face / 2) * face, face)
        );
        vm.prank(bank);
        receivables.takeDiscount(offerId);
    }

    /// @notice The holder alone cancels its offer while the suite runs; a cancelled offer cannot be taken.
    function test_cancelDiscount() external {
        uint256 id = _confirmed(keccak256("inv"));
        uint256 offerId = _offer(id, 1, 1, uint64(block.timestamp + 1 days));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.OfferNotFound.selector, 99));
        vm.prank(alice);
        receivables.cancelDiscount(99);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOfferHolder.selector, offerId, bob, alice));
        vm.prank(bob);
        receivables.cancelDiscount(offerId);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        vm.prank(alice);
        receivables.cancelDiscount(offerId);
        _unpause();
        vm.prank(alice);
        receivables.cancelDiscount(offerId);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.OfferNotFound.selector, offerId));
        vm.prank(bank);
        receivables.takeDiscount(offerId);
    }

    /// @notice A fee-on-transfer token is never allowed (the probe's pull names what arrived);
    /// one that starts charging after it was allowed is caught all the same: a payment is refused
    /// naming what arrived, and so is a discount whose price does not reach the holder whole.
    function test_feeOnTransferTokenRefused() external {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.mint(admin, PROBE);
        vm.prank(admin);
        fee.approve(address(receivables), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(FinanceBase.FeeOnTransferToken.selector, address(fee), PROBE, PROBE - 100)
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(fee)), true);
        vm.assertFalse(receivables.tokenAllowed(IERC20(address(fee))), "a charging token allowed");
        vm.assertEq(fee.balanceOf(admin), PROBE, "the admin lost its probe");
        fee.setCharging(false);
        vm.startPrank(admin);
        receivables.allowToken(IERC20(address(fee)), true);
        receivables.setCreditLine(maker, address(fee), FACE);
        vm.stopPrank();
        vm.assertEq(fee.balanceOf(admin), PROBE, "the probe not given back");
        vm.assertEq(fee.balanceOf(address(receivables)), 0, "the probe kept");
        fee.setCharging(true);
        vm.prank(alice);
        uint256 id = receivables.issue(maker, address(fee), FACE, _due(), keccak256("fee"), new uint256[](0));
        vm.prank(maker);
        receivables.confirm(id);
        fee.mint(maker, 1000);
        vm.prank(maker);
        fee.approve(address(receivables), 1000);
        vm.expectRevert(abi.encodeWithSelector(FinanceBase.FeeOnTransferToken.selector, address(fee), 1000, 990));
        vm.prank(maker);
        receivables.pay(id, 1000);
        uint256 offerId = _offer(id, 10, 1000, uint64(block.timestamp + 1 days));
        fee.mint(bank, 1000);
        vm.prank(bank);
        fee.approve(address(receivables), 1000);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.PriceNotReceived.selector, offerId, 1000, 990));
        vm.prank(bank);
        receivables.takeDiscount(offerId);
        vm.assertEq(_units(alice, id), FACE, "units moved");
        vm.assertEq(fee.balanceOf(maker), 1000, "the debtor paid");
        vm.assertEq(fee.balanceOf(bank), 1000, "the financier paid");
        vm.assertEq(receivables.receivable(id).paid, 0, "a payment booked");
    }

    // ================================================================ transfer rules

    /// @notice Each transfer rule reverts with its own error: pause, operator, sender, receiver.
    function test_transferPartyRules() external {
        uint256 id = _confirmed(keccak256("inv"));
        vm.prank(alice);
        receivables.setApprovalForAll(station, true);
        vm.prank(alice);
        receivables.setApprovalForAll(outsider, true);
        _pause();
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _move(alice, bob, id, 1);
        _unpause();
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        _move(alice, outsider, id, 1);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        receivables.safeTransferFrom(alice, bob, id, 1, "");
        _suspend(bob);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, bob));
        _move(alice, bob, id, 1);
        _reinstate(bob);
        _suspend(station);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, station));
        vm.prank(station);
        receivables.safeTransferFrom(alice, bob, id, 1, "");
        _reinstate(station);
        _suspend(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, alice));
        _move(alice, bob, id, 1);
        _reinstate(alice);
        vm.prank(station);
        receivables.safeTransferFrom(alice, bob, id, 1, "");
        vm.assertEq(_units(bob, id), 1, "operator move");
        vm.prank(admin);
        participants.offboard(alice);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, alice));
        vm.prank(station);
        receivables.safeTransferFrom(alice, bob, id, 1, "");
        vm.assertEq(_units(alice, id), FACE - 1, "alice");
    }

    /// @notice Only a confirmed, unpaid, unfrozen receivable moves; canTransfer names the reason.
    function test_transferStateRules() external {
        uint256 pending = _issue(alice, maker, FACE, keccak256("p"), new uint256[](0));
        uint256 id = _confirmed(keccak256("inv"));
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableNotFound.selector, 99));
        _move(alice, bob, 99, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceivables.ReceivableNotConfirmed.selector, pending, IReceivables.ReceivableState.Pending
            )
        );
        _move(alice, bob, pending, 0);
        vm.assertEq(_tcode(alice, bob, 99, 0), uint256(IReceivables.ReceivableCode.ReceivableNotFound), "not found");
        vm.assertEq(_tcode(alice, bob, pending, 0), uint256(IReceivables.ReceivableCode.NotConfirmed), "pending");
        vm.assertEq(_tcode(alice, address(0), id, 1), uint256(IReceivables.ReceivableCode.InvalidReceiver), "zero");
        vm.assertEq(_tcode(alice, bob, id, FACE + 1), uint256(IReceivables.ReceivableCode.InsufficientUnits), "units");
        vm.assertEq(_tcode(alice, bob, id, FACE), uint256(IReceivables.ReceivableCode.Ok), "ok");
        vm.assertEq(_tcode(alice, outsider, id, 1), uint256(IReceivables.ReceivableCode.ReceiverNotRegistered), "rcv");
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.assertEq(_tcode(alice, bob, id, 1), uint256(IReceivables.ReceivableCode.Frozen), "frozen");
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        _payBy(maker, id, FACE);
        vm.assertEq(_tcode(alice, bob, id, 1), uint256(IReceivables.ReceivableCode.Settled), "settled");
    }

    function _tcode(address from, address to, uint256 id, uint256 amount) internal view returns (uint256) {
        return uint256(receivables.canTransfer(from, to, id, amount));
    }

    /// @notice A receivable linked to a frozen or recalled part is frozen (flag 2): its units do
    /// not move and it is not discounted; lifted, they move again.
    function test_aPartFreezesItsReceivable() external {
        uint256[] memory ids = _ids(maker, 2, 0x500);
        uint256 id = _issue(alice, maker, FACE, keccak256("inv"), ids);
        vm.prank(maker);
        receivables.confirm(id);
        vm.prank(regulator);
        parts.freezePart(ids[1], REASON);
        vm.assertEq(receivables.frozenFlags(id), 2, "flags");
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableFrozen.selector, id, 2));
        _move(alice, bob, id, 1);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableFrozen.selector, id, 2));
        _offer(id, 1, 1, uint64(block.timestamp + 1 days));
        vm.prank(regulator);
        parts.unfreezePart(ids[1], REASON);
        vm.prank(regulator);
        parts.recallPart(ids[0], REASON);
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.assertEq(receivables.frozenFlags(id), 3, "regulator and part");
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        vm.prank(regulator);
        parts.clearPart(ids[0], REASON);
        _move(alice, bob, id, 1);
        vm.assertEq(_units(bob, id), 1, "not moved");
    }

    /// @notice A receivable an order issued freezes while the order is disputed or frozen (flag 4).
    function test_anOrderFreezesItsReceivables() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedCredit(0x600);
        _deliver(orderId, _one(ids[0]));
        uint256 id = receivables.receivableCount();
        vm.assertEq(receivables.frozenFlags(id), 0, "frozen");
        _freezeOrder(orderId, true);
        vm.assertEq(receivables.frozenFlags(id), 4, "order frozen");
        _freezeOrder(orderId, false);
        _dispute(orderId, alice);
        vm.prank(regulator);
        parts.freezePart(ids[0], REASON);
        vm.prank(regulator);
        receivables.freeze(id, REASON);
        vm.assertEq(receivables.frozenFlags(id), 7, "every flag");
        vm.prank(regulator);
        receivables.unfreeze(id, REASON);
        vm.prank(regulator);
        parts.unfreezePart(ids[0], REASON);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.ReceivableFrozen.selector, id, 4));
        _move(maker, bob, id, 1);
    }

    // ================================================================ views

    /// @notice The state runs Outstanding up to the maturity, Overdue after it up to the grace
    /// period's end, Defaulted after; the shortfall shows only past maturity; an unknown id is empty.
    function test_receivableStatesByTheClock() external {
        uint256 id = _confirmed(keccak256("inv"));
        _payBy(maker, id, 100);
        IReceivables.ReceivableInfo memory r = receivables.receivable(id);
        uint256 maturity = r.maturity;
        vm.assertEq(r.defaultsAt, maturity + 30 days, "defaults at");
        vm.warp(maturity);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Outstanding), "at maturity");
        vm.assertEq(receivables.receivable(id).shortfall, 0, "shortfall before maturity");
        vm.warp(maturity + 1);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Overdue), "after maturity");
        vm.assertEq(receivables.receivable(id).shortfall, FACE - 100, "shortfall");
        vm.warp(maturity + 30 days);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Overdue), "end of grace");
        vm.warp(maturity + 30 days + 1);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Defaulted), "defaulted");
        _payBy(maker, id, FACE - 100);
        vm.assertEq(_rstate(id), uint256(IReceivables.ReceivableState.Paid), "paid");
        vm.assertEq(receivables.receivable(id).shortfall, 0, "shortfall once paid");
        vm.assertEq(uint256(receivables.receivable(99).state), 0, "unknown");
        vm.assertEq(receivables.receivable(99).debtor, address(0), "unknown debtor");
    }
}
