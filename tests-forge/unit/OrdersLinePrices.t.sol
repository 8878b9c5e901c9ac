// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";

/// @title OrdersLinePrices
/// @notice Orders priced by line ({IPurchaseOrders-openOrderWithPrices}): each line carries the
/// price the buyer named and the seller accepted with the order, and every path that settles a
/// line (delivery, receipt, drop, refund, ruling, assignment, credit invoicing and release) moves
/// exactly that line's price. A party that can recall one part of a mixed bundle cannot reprice
/// the rest. Orders of equal shares ({IPurchaseOrders-openOrder}) keep price / count.
contract OrdersLinePrices is FinanceRules {
    uint256 internal constant MAX = type(uint88).max;
    /// @dev A mixed bundle: the engine is what the price pays for, the bolt is worth little.
    uint256 internal constant ENGINE = 9_900_000;
    uint256 internal constant BOLT = 100_000;

    function setUp() public {
        _deployFinance();
    }

    // ================================================================ helpers

    function _prices(uint256 a, uint256 b) internal pure returns (uint256[] memory list) {
        list = new uint256[](2);
        (list[0], list[1]) = (a, b);
    }

    function _prices(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory list) {
        list = new uint256[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _sum(uint256[] memory list) internal pure returns (uint256 total) {
        for (uint256 i; i < list.length; ++i) {
            total += list[i];
        }
    }

    /// @dev What `account` holds and is owed by the orders contract.
    function _balance(address account) internal view returns (uint256) {
        return _bal(account) + _owedO(account);
    }

    /// @dev `buyer` opens a prepaid order priced by line to `seller` (deadline TERM ahead),
    /// minting and approving the lines' sum first.
    function _openPriced(address buyer, address seller, uint256[] memory ids, uint256[] memory prices)
        internal
        returns (uint256 orderId)
    {
        uint256 total = _sum(prices);
        usd.mint(buyer, total);
        vm.startPrank(buyer);
        usd.approve(address(orders), total);
        orderId = orders.openOrderWithPrices(
            seller, ids, address(usd), prices, uint64(block.timestamp + TERM), IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
    }

    /// @dev `buyer` opens an order on credit priced by line to `seller` (maturity CREDIT_TERM after the deadline).
    function _openPricedCredit(address buyer, address seller, uint256[] memory ids, uint256[] memory prices)
        internal
        returns (uint256 orderId)
    {
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.prank(buyer);
        orderId = orders.openOrderWithPrices(
            seller, ids, address(usd), prices, deadline, IPurchaseOrders.Terms.Credit, deadline + CREDIT_TERM, arbiter
        );
    }

    /// @dev An accepted prepaid order of three maker parts to alice at 6, 3 and 1 dollars.
    function _acceptedPriced(uint256 salt) internal returns (uint256 orderId, uint256[] memory ids) {
        ids = _ids(maker, 3, salt);
        orderId = _openPriced(alice, maker, ids, _prices(6e6, 3e6, 1e6));
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @dev An engine made by maker2 and a bolt made by maker, both sold on to alice.
    function _aliceHoldsAnEngineAndABolt(uint256 salt) internal returns (uint256 engine, uint256 bolt) {
        engine = _register(maker2, bytes32(salt));
        bolt = _register(maker, bytes32(salt + 1));
        vm.prank(maker2);
        parts.transferFrom(maker2, alice, engine);
        vm.prank(maker);
        parts.transferFrom(maker, alice, bolt);
    }

    /// @dev The maker, the bolt's manufacturer and alice's buyer, recalls the bolt, drops its line
    /// and clears the recall at once, then pulls the engine with confirmReceipt.
    function _recallDropAndPullTheEngine(uint256 orderId, uint256 engine, uint256 bolt) internal {
        vm.startPrank(maker);
        parts.recallPart(bolt, REASON);
        orders.dropPart(orderId, bolt);
        parts.clearPart(bolt, REASON);
        orders.confirmReceipt(orderId, _one(engine));
        vm.stopPrank();
    }

    /// @dev The maker, manufacturer of both parts and their seller, recalls the engine, delivers
    /// the bolt (the buyer cannot pull the suspect engine), lets the deadline pass, refunds the
    /// order and clears the engine.
    function _deliverTheBoltAndKeepTheEngine(address buyer, uint256 orderId, uint256 engine, uint256 bolt) internal {
        vm.startPrank(maker);
        orders.acceptOrder(orderId);
        parts.recallPart(engine, REASON);
        orders.deliver(orderId, _one(bolt));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartSuspect.selector, engine));
        vm.prank(buyer);
        orders.confirmReceipt(orderId, _one(engine));
        vm.warp(block.timestamp + TERM + 1);
        vm.startPrank(maker);
        orders.refundExpired(orderId);
        parts.clearPart(engine, REASON);
        vm.stopPrank();
    }

    // ================================================================ repricing a mixed bundle

    /// @notice A buyer that made the cheap part of a bundle priced by line and recalls it for a
    /// moment gets back only that part's price when it drops it, and pays the engine's whole price
    /// when it pulls the engine: the seller is paid exactly what the engine was sold for.
    function test_aBuyerDroppingTheCheapLineOfAPricedBundleIsRefundedOnlyItsPriceAndPaysTheEngineInFull() external {
        (uint256 engine, uint256 bolt) = _aliceHoldsAnEngineAndABolt(0x100);
        uint256 orderId = _openPriced(maker, alice, _two(engine, bolt), _prices(ENGINE, BOLT));
        vm.prank(alice);
        orders.acceptOrder(orderId);
        vm.prank(maker);
        parts.recallPart(bolt, REASON);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(orderId, bolt, BOLT);
        vm.prank(maker);
        orders.dropPart(orderId, bolt);
        vm.startPrank(maker);
        parts.clearPart(bolt, REASON);
        orders.confirmReceipt(orderId, _one(engine));
        vm.stopPrank();
        vm.assertEq(_balance(maker), BOLT, "the buyer got back more than the bolt's price");
        vm.assertEq(_balance(alice), ENGINE, "the seller was not paid the engine's price");
        vm.assertEq(parts.ownerOf(engine), maker, "the buyer holds the engine");
        vm.assertEq(parts.ownerOf(bolt), alice, "the seller keeps the bolt");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Completed), "state");
        vm.assertEq(_bal(address(orders)), orders.owedTotal(_usd()), "orders hold other than owed");
    }

    /// @notice A seller that made the dear part of a bundle priced by line, recalls it and
    /// delivers the cheap one is paid only the cheap one's price; the deadline refunds the buyer
    /// the engine's whole price.
    function test_aSellerDeliveringTheCheapLineOfAPricedBundleIsPaidOnlyItsPriceAndTheEnginesIsRefunded() external {
        uint256 engine = _register(maker, bytes32(uint256(0x110)));
        uint256 bolt = _register(maker, bytes32(uint256(0x111)));
        uint256 orderId = _openPriced(alice, maker, _two(engine, bolt), _prices(ENGINE, BOLT));
        _deliverTheBoltAndKeepTheEngine(alice, orderId, engine, bolt);
        vm.assertEq(_balance(maker), BOLT, "the seller was paid more than the bolt's price");
        vm.assertEq(_balance(alice), ENGINE, "the buyer was not refunded the engine's price");
        vm.assertEq(parts.ownerOf(engine), maker, "the undelivered engine");
        vm.assertEq(parts.ownerOf(bolt), alice, "the buyer has the bolt");
        vm.assertEq(_line(orderId, 0), uint256(IPurchaseOrders.LineState.Refunded), "engine line");
        vm.assertEq(_line(orderId, 1), uint256(IPurchaseOrders.LineState.Delivered), "bolt line");
        vm.assertEq(_bal(address(orders)), orders.owedTotal(_usd()), "orders hold other than owed");
    }

    /// @notice An order of equal shares keeps price / count per line, whatever the part: the same
    /// moves reprice it, each side getting half the price for the bolt. This is what pricing by
    /// line is for.
    function test_onAnOrderOfEqualSharesTheSameMovesStillPayHalfThePriceForTheBolt() external {
        (uint256 engine, uint256 bolt) = _aliceHoldsAnEngineAndABolt(0x120);
        uint256 orderId = _openPrepaid(maker, alice, _two(engine, bolt), ENGINE + BOLT);
        vm.prank(alice);
        orders.acceptOrder(orderId);
        _recallDropAndPullTheEngine(orderId, engine, bolt);
        vm.assertEq(_balance(maker), 5e6, "the buyer's refund of the bolt");
        vm.assertEq(_balance(alice), 5e6, "the seller's pay for the engine");
        vm.assertEq(parts.ownerOf(engine), maker, "the buyer holds the engine");

        uint256 engine2 = _register(maker, bytes32(uint256(0x122)));
        uint256 bolt2 = _register(maker, bytes32(uint256(0x123)));
        uint256 second = _openPrepaid(bob, maker, _two(engine2, bolt2), ENGINE + BOLT);
        _deliverTheBoltAndKeepTheEngine(bob, second, engine2, bolt2);
        vm.assertEq(_balance(maker), 5e6 + 5e6, "the seller's pay for the bolt");
        vm.assertEq(_balance(bob), 5e6, "the buyer's refund of the engine");
        vm.assertEq(parts.ownerOf(engine2), maker, "the seller keeps the engine");
    }

    // ================================================================ opening

    /// @notice The order's price is the sum of its line prices, escrowed at opening (prepaid);
    /// each line's share is its own price; the opening names the prices in an event.
    function test_openWithPricesEscrowsTheirSumAndRecordsEachLine() external {
        uint256[] memory ids = _ids(maker, 3, 0x200);
        uint256[] memory prices = _prices(5e6, 3e6, 2);
        usd.mint(alice, 8e6 + 2);
        vm.startPrank(alice);
        usd.approve(address(orders), 8e6 + 2);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderOpened(
            1, alice, maker, address(usd), 8e6 + 2, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter, ids
        );
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderPricedByLine(1, prices);
        uint256 orderId = orders.openOrderWithPrices(
            maker, ids, address(usd), prices, deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
        vm.assertEq(orders.order(orderId).price, 8e6 + 2, "price");
        vm.assertEq(orders.escrowed(orderId), 8e6 + 2, "escrow");
        vm.assertEq(_bal(alice), 0, "the buyer paid other than the sum");
        vm.assertEq(_bal(address(orders)), 8e6 + 2, "held");
        vm.assertEq(orders.shareOf(orderId, 0), 5e6, "line 0");
        vm.assertEq(orders.shareOf(orderId, 1), 3e6, "line 1");
        vm.assertEq(orders.shareOf(orderId, 2), 2, "line 2");
        vm.assertEq(orders.shareOf(orderId, 3), 0, "a line beyond the parts");
    }

    /// @notice One price per part: a count other than the part count is refused, naming both;
    /// nothing is opened and no money moves.
    function test_openWithPricesRefusesAPriceCountOtherThanThePartCount() external {
        uint256[] memory ids = _ids(maker, 2, 0x210);
        usd.mint(alice, 10e6);
        vm.startPrank(alice);
        usd.approve(address(orders), 10e6);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.LinePricesMismatch.selector, 2, 1));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _one(2e6), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.LinePricesMismatch.selector, 2, 3));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1, 1, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.LinePricesMismatch.selector, 0, 1));
        orders.openOrderWithPrices(
            maker, new uint256[](0), address(usd), _one(1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        // no parts and no prices: the part count's own error
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidPartCount.selector, 0, 32));
        orders.openOrderWithPrices(
            maker, new uint256[](0), address(usd), new uint256[](0), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
        vm.assertEq(orders.orderCount(), 0, "an order opened");
        vm.assertEq(_bal(alice), 10e6, "the buyer paid");
    }

    /// @notice Every line carries at least one smallest unit, as an order of equal shares does
    /// (PriceTooLow): a zero line is refused, naming it.
    function test_openWithPricesRefusesAZeroLine() external {
        uint256[] memory ids = _ids(maker, 3, 0x220);
        vm.startPrank(alice);
        usd.approve(address(orders), type(uint256).max);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ZeroLinePrice.selector, 1));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1e6, 0, 1e6), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ZeroLinePrice.selector, 0));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(0, 0, 0), deadline, IPurchaseOrders.Terms.Credit, deadline + 1, arbiter
        );
        vm.stopPrank();
        vm.assertEq(orders.orderCount(), 0, "an order opened");
        vm.assertEq(_reserved(alice), 0, "credit reserved");
    }

    /// @notice A line above MAX_PRICE is refused with PriceTooHigh naming it (no overflow, however
    /// large), and so is a sum above it; a sum of exactly MAX_PRICE is allowed.
    function test_openWithPricesRefusesALineOrASumAboveTheMaxPrice() external {
        uint256[] memory ids = _ids(maker, 2, 0x230);
        usd.mint(alice, MAX);
        vm.startPrank(alice);
        usd.approve(address(orders), type(uint256).max);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooHigh.selector, type(uint256).max, MAX));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1, type(uint256).max), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooHigh.selector, MAX + 1, MAX));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(MAX + 1, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooHigh.selector, 2 * MAX, MAX));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(MAX, MAX), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PriceTooHigh.selector, MAX + 1, MAX));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(MAX, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        uint256 orderId = orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(MAX - 1, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
        vm.assertEq(orders.order(orderId).price, MAX, "price");
        vm.assertEq(orders.shareOf(orderId, 0), MAX - 1, "line 0");
        vm.assertEq(orders.shareOf(orderId, 1), 1, "line 1");
        vm.assertEq(_bal(alice), 0, "the buyer paid other than the sum");
    }

    /// @notice Opening priced by line runs every guard of openOrder (here the parties, the parts
    /// and the arbiter).
    function test_openWithPricesRunsOpenOrdersGuards() external {
        uint256[] memory ids = _ids(maker, 2, 0x240);
        uint256 foreign = _register(maker2, bytes32(uint256(0x242)));
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.PartNotOwnedBySeller.selector, foreign, maker, maker2));
        orders.openOrderWithPrices(
            maker,
            _two(ids[0], foreign),
            address(usd),
            _prices(1, 1),
            deadline,
            IPurchaseOrders.Terms.Prepaid,
            0,
            arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.DuplicatePart.selector, ids[0]));
        orders.openOrderWithPrices(
            maker,
            _two(ids[0], ids[0]),
            address(usd),
            _prices(1, 1),
            deadline,
            IPurchaseOrders.Terms.Prepaid,
            0,
            arbiter
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ArbiterIsParty.selector, maker));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, maker
        );
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.InvalidOrderMaturity.selector, 0, deadline));
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1, 1), deadline, IPurchaseOrders.Terms.Credit, 0, arbiter
        );
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        vm.prank(outsider);
        orders.openOrderWithPrices(
            maker, ids, address(usd), _prices(1, 1), deadline, IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.assertEq(orders.orderCount(), 0, "an order opened");
    }

    /// @notice On credit the buyer's line is reserved for the sum, and nothing moves.
    function test_openWithPricesOnCreditReservesTheSum() external {
        uint256[] memory ids = _ids(maker, 2, 0x250);
        uint256 orderId = _openPricedCredit(alice, maker, ids, _prices(7e6, 3e6));
        vm.assertEq(_reserved(alice), 10e6, "reservation");
        vm.assertEq(orders.order(orderId).price, 10e6, "price");
        vm.assertEq(orders.escrowed(orderId), 0, "credit escrows");
        vm.assertEq(orders.shareOf(orderId, 0), 7e6, "line 0");
        vm.assertEq(_bal(alice) + _bal(address(orders)), 0, "money moved on credit");
    }

    // ================================================================ settling lines

    /// @notice A delivery pays the payee each delivered line's own price, part by part; the
    /// escrow keeps the others' prices.
    function test_aDeliveryPaysEachLineItsOwnPrice() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x300);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDelivered(orderId, ids[0], maker, 6e6, maker);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDelivered(orderId, ids[2], maker, 1e6, maker);
        _deliver(orderId, _two(ids[0], ids[2]));
        vm.assertEq(_bal(maker), 7e6, "the seller paid other than the delivered lines");
        vm.assertEq(_balance(alice), 0, "the buyer refunded");
        vm.assertEq(orders.escrowed(orderId), 3e6, "escrow");
        vm.assertEq(parts.ownerOf(ids[0]), alice, "part 0");
        vm.assertEq(parts.ownerOf(ids[1]), maker, "part 1 moved");
        vm.assertEq(parts.ownerOf(ids[2]), alice, "part 2");
        _assertOrdersHold(orderId);
        // a late receipt of the last line credits the seller its price
        vm.warp(block.timestamp + TERM + 1);
        vm.prank(alice);
        orders.confirmReceipt(orderId, _one(ids[1]));
        vm.assertEq(_owedO(maker), 3e6, "the receipt credited other than the line's price");
        vm.assertEq(_state(orderId), uint256(IPurchaseOrders.OrderState.Completed), "state");
        _assertOrdersHold(orderId);
    }

    /// @notice On credit a delivery invoices the delivered lines' prices in one receivable,
    /// consuming that much of the reservation; a drop releases the dropped line's price.
    function test_aDeliveryOnCreditInvoicesTheLinesPricesAndADropReleasesItsPrice() external {
        uint256[] memory ids = _ids(maker, 3, 0x310);
        uint256 orderId = _openPricedCredit(alice, maker, ids, _prices(6e6, 3e6, 1e6));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _deliver(orderId, _two(ids[0], ids[2]));
        uint256 id = receivables.receivableCount();
        vm.assertEq(receivables.receivable(id).face, 7e6, "invoiced other than the lines' prices");
        vm.assertEq(receivables.balanceOf(maker, id), 7e6, "seller units");
        vm.assertEq(receivables.receivable(id).debtor, alice, "debtor");
        vm.assertEq(_reserved(alice), 3e6, "reservation left");
        vm.assertEq(_outstanding(alice), 7e6, "outstanding");
        vm.prank(maker);
        parts.recallPart(ids[1], REASON);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(orderId, ids[1], 3e6);
        vm.prank(alice);
        orders.dropPart(orderId, ids[1]);
        vm.assertEq(_reserved(alice), 0, "the drop released other than the line's price");
        vm.assertEq(_outstanding(alice), 7e6, "outstanding after the drop");
        vm.assertEq(_bal(maker) + _owedO(maker) + _bal(alice) + _owedO(alice), 0, "money moved on credit");
    }

    /// @notice A dropped line refunds the buyer its own price, straight.
    function test_aDropRefundsTheLinesOwnPrice() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x320);
        vm.prank(maker);
        parts.recallPart(ids[0], REASON);
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.assertEq(_bal(alice), 6e6, "the buyer refunded other than the line's price");
        vm.assertEq(_balance(maker), 0, "the seller paid");
        vm.assertEq(orders.escrowed(orderId), 4e6, "escrow");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the dropped part");
        vm.assertEq(parts.encumbranceOf(ids[0]), address(0), "the dropped part still promised");
        _assertOrdersHold(orderId);
    }

    /// @notice After the deadline the buyer is refunded the prices of the undelivered lines; a
    /// line forced to the buyer is paid to the seller at its own price.
    function test_aRefundReturnsTheUndeliveredLinesPricesAndPaysAForcedLinesPrice() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x330);
        _deliver(orderId, _one(ids[1]));
        _forced(ids[2], alice);
        vm.warp(orders.order(orderId).deadline + 1);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRefunded(orderId, alice, 6e6, 1);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 6e6, "the buyer's refund");
        vm.assertEq(_owedO(alice), 0, "the buyer credited instead");
        vm.assertEq(_bal(maker), 3e6, "the seller's delivery");
        vm.assertEq(_owedO(maker), 1e6, "the forced line");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the undelivered part");
        vm.assertEq(parts.ownerOf(ids[1]), alice, "the delivered part");
        vm.assertEq(parts.ownerOf(ids[2]), alice, "the forced part");
        _assertOrdersHold(orderId);
    }

    /// @notice A ruling splits the prices of the undelivered lines (buyerBps to the buyer, the
    /// rest to the payee); a line forced to the buyer is outside the split, at its own price.
    function test_aRulingSplitsTheUndeliveredLinesPrices() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x340);
        _deliver(orderId, _one(ids[2]));
        _forced(ids[1], alice);
        _dispute(orderId, alice);
        // held: line 0 alone, 6,000,000: 25% to the buyer
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderRuled(orderId, arbiter, 2500, 1_500_000, 4_500_000);
        vm.prank(arbiter);
        orders.rule(orderId, 2500);
        vm.assertEq(_owedO(alice), 1_500_000, "the buyer's part of the split");
        vm.assertEq(_bal(maker), 1e6, "the seller's delivery");
        vm.assertEq(_owedO(maker), 4_500_000 + 3e6, "the seller's part of the split and the forced line");
        vm.assertEq(_balance(arbiter), 0, "the arbiter paid");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "the undelivered part");
        _assertOrdersHold(orderId);
    }

    /// @notice On credit a ruling releases the reservation of the undelivered lines' prices.
    function test_aRulingOnCreditReleasesTheUndeliveredLinesPrices() external {
        uint256[] memory ids = _ids(maker, 2, 0x345);
        uint256 orderId = _openPricedCredit(alice, maker, ids, _prices(8e6, 2e6));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _deliver(orderId, _one(ids[1]));
        _dispute(orderId, maker);
        vm.prank(arbiter);
        orders.rule(orderId, 5000);
        vm.assertEq(_reserved(alice), 0, "reservation left");
        vm.assertEq(_outstanding(alice), 2e6, "invoiced other than the delivered line");
        vm.assertEq(orders.owedTotal(_usd()), 0, "money credited on credit");
    }

    /// @notice An assignment sells the prices of the undelivered lines: the offer's claim is
    /// their sum, and deliveries then pay the financier each line's price.
    function test_anAssignmentSellsTheUndeliveredLinesPrices() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x350);
        _deliver(orderId, _one(ids[0]));
        vm.prank(maker);
        orders.offerAssignment(orderId, bank, 3_500_000, uint64(block.timestamp + 1 days));
        vm.assertEq(orders.assignmentOffer(orderId).claim, 4e6, "the claim offered");
        usd.mint(bank, 3_500_000);
        vm.startPrank(bank);
        usd.approve(address(orders), 3_500_000);
        vm.expectRevert(abi.encodeWithSelector(IPurchaseOrders.ClaimChanged.selector, orderId, 1e7, 4e6));
        orders.takeAssignment(orderId, 3_500_000, 1e7);
        orders.takeAssignment(orderId, 3_500_000, 4e6);
        vm.stopPrank();
        _deliver(orderId, _one(ids[2]));
        vm.assertEq(_owedO(bank), 1e6, "the financier paid other than the line's price");
        vm.assertEq(_bal(maker), 6e6 + 3_500_000, "the seller: its delivery and the advance");
        vm.assertEq(_bal(bank), 0, "the financier kept the advance");
        _assertOrdersHold(orderId);
    }

    /// @notice The seller declining (or the buyer cancelling) refunds the whole sum.
    function test_declineAndCancelRefundTheSum() external {
        uint256[] memory ids = _ids(maker, 2, 0x360);
        uint256 declined = _openPriced(alice, maker, ids, _prices(7e6, 3e6));
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.OrderDeclined(declined, maker, 10e6);
        vm.prank(maker);
        orders.declineOrder(declined);
        vm.assertEq(_owedO(alice), 10e6, "the decline's refund");
        uint256 cancelled = _openPriced(bob, maker, ids, _prices(1, 2));
        vm.prank(bob);
        orders.cancelOrder(cancelled);
        vm.assertEq(_bal(bob), 3, "the cancel's refund");
        vm.assertEq(_balance(maker), 0, "the seller paid");
    }

    /// @notice An acceptance that drops the line of an older order priced by line (its part forced
    /// away and sold on) credits that order's buyer the line's own price.
    function test_anAcceptanceDroppingAForcedAwayLineRefundsItsPrice() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPriced(0x370);
        _forced(ids[0], bob);
        uint256 resale = _openPrepaid(station, bob, _one(ids[0]), 5e6);
        vm.expectEmit(address(orders));
        emit IPurchaseOrders.PartDropped(orderId, ids[0], 6e6);
        vm.prank(bob);
        orders.acceptOrder(resale);
        vm.assertEq(_owedO(alice), 6e6, "the old buyer credited other than the line's price");
        vm.assertEq(orders.escrowed(orderId), 4e6, "the old order's escrow");
        vm.assertEq(orders.openOrderOf(ids[0]), resale, "the part's booking");
    }

    /// @notice Whatever the line prices and whichever lines are delivered before the deadline,
    /// the seller is paid exactly the delivered lines' prices and the buyer refunded exactly the
    /// others'.
    function testFuzz_eachLineSettlesForItsOwnPrice(uint256 seed, uint8 deliveredMask) external {
        uint256[] memory ids = _ids(maker, 4, 0x400);
        uint256[] memory prices = new uint256[](4);
        for (uint256 i; i < 4; ++i) {
            prices[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e12);
        }
        uint256 orderId = _openPriced(alice, maker, ids, prices);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        uint256 delivered;
        for (uint256 i; i < 4; ++i) {
            if (deliveredMask & (1 << i) == 0) continue;
            _deliver(orderId, _one(ids[i]));
            delivered += prices[i];
        }
        vm.assertEq(orders.escrowed(orderId), _sum(prices) - delivered, "escrow");
        vm.warp(block.timestamp + TERM + 1);
        if (deliveredMask & 15 != 15) orders.refundExpired(orderId); // (else completed)
        vm.assertEq(_balance(maker), delivered, "the seller");
        vm.assertEq(_balance(alice), _sum(prices) - delivered, "the buyer");
        vm.assertEq(_bal(address(orders)), orders.owedTotal(_usd()), "orders hold other than owed");
    }

    // ================================================================ equal shares, as before

    /// @notice An order opened with openOrder keeps equal shares: price / count, the last line
    /// also the remainder, paid, dropped and refunded as such.
    function test_anOrderOfEqualSharesKeepsPriceOverCount() external {
        (uint256 orderId, uint256[] memory ids) = _acceptedPrepaid(0x500);
        vm.assertEq(orders.shareOf(orderId, 0), 333_333, "line 0");
        vm.assertEq(orders.shareOf(orderId, 2), 333_335, "the last line takes the remainder");
        _deliver(orderId, _one(ids[2]));
        vm.assertEq(_bal(maker), 333_335, "the seller");
        vm.prank(maker);
        parts.recallPart(ids[0], REASON);
        vm.prank(alice);
        orders.dropPart(orderId, ids[0]);
        vm.assertEq(_bal(alice), 333_333, "the drop's refund");
        vm.warp(block.timestamp + TERM + 1);
        vm.prank(alice);
        orders.refundExpired(orderId);
        vm.assertEq(_bal(alice), 666_666, "the buyer");
        vm.assertEq(_balance(maker), 333_335, "the seller after the refund");
        _assertOrdersHold(orderId);
    }
}
