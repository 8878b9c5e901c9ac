// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules, IReceivablesAudit} from "../utils/FinanceRules.sol";
import {IOrders, IReceivablesToken} from "../utils/FinanceSuite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IPartFinancing} from "../../contracts/interfaces/IPartFinancing.sol";
import {MockOrders} from "../../contracts/test/MockOrders.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title FinancingMigration
/// @notice Replacing the purchase-order contract while its orders are open: two authorities
/// connect a new one to the registry and the receivables; the old one encumbers and reserves
/// nothing more, and its open orders (prepaid and on credit) still deliver and refund, each party
/// getting what it did before, while the new one takes orders.
contract FinancingMigration is FinanceRules {
    IOrders internal fresh;

    function setUp() public {
        _deployFinance();
    }

    /// @dev A new orders contract, allowed the suite's token, connected by the admin (proposes)
    /// and a regulator (confirms) to the receivables and the registry.
    function _migrate() internal {
        fresh =
            IOrders(vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, receivables)));
        vm.prank(admin);
        fresh.allowToken(IERC20(address(usd)), true);
        address[2] memory authorities = [admin, regulator];
        for (uint256 i; i < 2; ++i) {
            vm.startPrank(authorities[i]);
            receivables.connectOrders(address(fresh));
            parts.connectFinancing(address(fresh));
            vm.stopPrank();
        }
    }

    /// @notice One authority moves nothing; the second one moves both connections, whatever the
    /// old contract still holds.
    function test_twoAuthoritiesMoveTheFinancingWhileOrdersAreOpen() external {
        _acceptedPrepaid(0x100);
        _acceptedCredit(0x200);
        fresh =
            IOrders(vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, receivables)));
        vm.startPrank(admin);
        receivables.connectOrders(address(fresh));
        parts.connectFinancing(address(fresh));
        vm.stopPrank();
        vm.assertEq(parts.financing(), address(orders), "one authority moved the registry");
        vm.assertEq(receivables.orders(), address(orders), "one authority moved the receivables");
        vm.startPrank(regulator);
        receivables.connectOrders(address(fresh));
        parts.connectFinancing(address(fresh));
        vm.stopPrank();
        vm.assertEq(parts.financing(), address(fresh), "registry");
        vm.assertEq(receivables.orders(), address(fresh), "receivables");
        vm.assertTrue(parts.isWindingDown(address(orders)), "old winds down (registry)");
        (bool replaced, uint256 held) = receivables.windingDown(address(orders));
        vm.assertTrue(replaced, "old winds down (receivables)");
        vm.assertEq(held, PRICE3, "the old credit order's reservation");
        vm.assertEq(parts.encumberedCount(), 6, "every promise stands");
    }

    /// @notice The old contract's acceptance is refused by the registry, its credit by the receivables.
    function test_theOldContractEncumbersAndReservesNoMore() external {
        uint256[] memory ids = _ids(maker, 3, 0x100);
        uint256 orderId = _openPrepaid(alice, maker, ids, PRICE3);
        _migrate();
        vm.expectRevert(abi.encodeWithSelector(IPartFinancing.NotFinancing.selector, address(orders)));
        vm.prank(maker);
        orders.acceptOrder(orderId);
        uint256[] memory spare = _ids(maker, 1, 0x300);
        vm.expectRevert(abi.encodeWithSelector(IReceivables.NotOrders.selector, address(orders)));
        _openCredit(alice, maker, spare, 1e6);
        vm.prank(alice);
        orders.cancelOrder(orderId);
        vm.assertEq(_bal(alice), PRICE3, "buyer refunded");
        vm.assertEq(_bal(address(orders)), 0, "old holds nothing");
    }

    /// @notice Old orders deliver after the move (the seller paid, the debtor invoiced by the old
    /// contract) while the new contract encumbers and reserves beside them.
    function test_oldOrdersDeliverAfterTheMoveBesideNewOnes() external {
        (uint256 prepaid, uint256[] memory blades) = _acceptedPrepaid(0x100);
        (uint256 credit, uint256[] memory vanes) = _acceptedCredit(0x200);
        _migrate();
        uint256[] memory spare = _ids(maker, 1, 0x300);
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.prank(bob);
        uint256 next = fresh.openOrder(
            maker, spare, address(usd), 1e6, deadline, IPurchaseOrders.Terms.Credit, deadline + CREDIT_TERM, arbiter
        );
        vm.prank(maker);
        fresh.acceptOrder(next);
        _deliver(prepaid, blades);
        _deliver(credit, vanes);
        vm.assertEq(_bal(maker), PRICE3, "seller paid by the old contract");
        vm.assertEq(_bal(address(orders)), 0, "old escrow paid out");
        vm.assertEq(_outstanding(alice), PRICE3, "alice owes the old credit order");
        vm.assertEq(_reserved(alice), 0, "alice reserves nothing");
        vm.assertEq(_reserved(bob), 1e6, "bob's new order reserves");
        for (uint256 i; i < 3; ++i) {
            vm.assertEq(parts.ownerOf(blades[i]), alice, "prepaid part");
            vm.assertEq(parts.ownerOf(vanes[i]), alice, "credit part");
        }
        vm.prank(maker);
        fresh.deliver(next, spare);
        vm.assertEq(parts.ownerOf(spare[0]), bob, "new order's part");
        vm.assertEq(_outstanding(bob), 1e6, "bob owes the new credit order");
    }

    /// @notice Old orders refund after their deadline: the buyer's money and reservation back, the
    /// parts released to the seller.
    function test_oldOrdersRefundAfterTheMove() external {
        (uint256 prepaid, uint256[] memory blades) = _acceptedPrepaid(0x100);
        (uint256 credit,) = _acceptedCredit(0x200);
        _migrate();
        vm.warp(block.timestamp + TERM + 1);
        vm.prank(alice);
        orders.refundExpired(prepaid);
        orders.refundExpired(credit);
        vm.assertEq(_bal(alice), PRICE3, "buyer refunded");
        vm.assertEq(_bal(maker), 0, "seller unpaid");
        vm.assertEq(_reserved(alice), 0, "reservation released");
        vm.assertEq(parts.encumberedCount(), 0, "every part released");
        vm.assertEq(parts.ownerOf(blades[0]), maker, "back with the seller");
    }

    /// @notice A part forced out of an old order and promised by the new contract: the old order's
    /// seller cannot deliver it (the new buyer's part for the old buyer's money).
    function test_theOldContractCannotDeliverThePartTheNewOneEncumbered() external {
        (uint256 prepaid, uint256[] memory blades) = _acceptedPrepaid(0x100);
        _migrate();
        _forced(blades[0], maker2);
        usd.mint(bob, 1e6);
        vm.startPrank(bob);
        usd.approve(address(fresh), 1e6);
        uint256 next = fresh.openOrder(
            maker2,
            _one(blades[0]),
            address(usd),
            1e6,
            uint64(block.timestamp + TERM),
            IPurchaseOrders.Terms.Prepaid,
            0,
            arbiter
        );
        vm.stopPrank();
        vm.prank(maker2);
        fresh.acceptOrder(next);
        vm.expectRevert(abi.encodeWithSelector(IPartFinancing.EncumberedByOther.selector, blades[0], address(orders)));
        _deliver(prepaid, _one(blades[0]));
        vm.assertEq(parts.ownerOf(blades[0]), maker2, "not moved");
        vm.assertEq(_bal(maker), 0, "old seller unpaid");
    }
}

/// @title FinancingMigrationShares
/// @notice A replaced orders contract settles, per debtor, only the credit it reserved for that
/// debtor itself: never a reservation the new contract (or another replaced one) made, whatever
/// it still holds for other debtors. The first orders contract here is the suite's test double
/// {MockOrders} (it answers parts(), participants() and receivables() as a real one does),
/// standing for a faulty or hostile old contract; the new one is the real PurchaseOrders.
contract FinancingMigrationShares is FinanceRules {
    MockOrders internal oldOrders;

    function setUp() public {
        _deploySuite();
        bank = vm.addr(BANK_KEY);
        arbiter = vm.addr(ARBITER_KEY);
        _onboard(bank, Roles.FINANCIER);
        _onboard(arbiter, Roles.ARBITER);
        receivables = IReceivablesToken(vm.deployCode("Receivables.sol:Receivables", abi.encode(participants, parts)));
        oldOrders = new MockOrders(address(participants), address(parts), IReceivables(address(receivables)));
        orders =
            IOrders(vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, receivables)));
        usd = new TestStablecoin();
        usd.mint(admin, PROBE);
        vm.startPrank(admin);
        // the suite's first orders contract (replaced in each test); the registry's financing is the new one
        receivables.connectOrders(address(oldOrders));
        parts.connectFinancing(address(orders));
        usd.approve(address(receivables), PROBE);
        receivables.allowToken(IERC20(address(usd)), true);
        orders.allowToken(IERC20(address(usd)), true);
        receivables.setCreditLine(alice, address(usd), CREDIT_LINE);
        receivables.setCreditLine(bob, address(usd), CREDIT_LINE);
        vm.stopPrank();
    }

    /// @dev Two authorities connect `next` to the receivables (the admin proposes, a regulator confirms).
    function _replace(address next) internal {
        vm.prank(admin);
        receivables.connectOrders(next);
        vm.prank(regulator);
        receivables.connectOrders(next);
    }

    function _maturity() internal view returns (uint64) {
        return uint64(block.timestamp + 60 days);
    }

    /// @notice The old contract held alice's 100 when replaced; bob's 1,000 is the new contract's.
    /// The old one can neither issue a debt on bob nor release any of his reservation; it still
    /// settles alice's 100 in full (60 issued, 40 released), and bob's order delivers in full.
    function test_aWindingDownContractSettlesOnlyItsOwnDebtorsCredit() external {
        oldOrders.reserve(alice, address(usd), 100, _maturity());
        _replace(address(orders));
        (bool replaced, uint256 held) = receivables.windingDown(address(oldOrders));
        vm.assertTrue(replaced, "old contract winding down");
        vm.assertEq(held, 100, "it held alice's 100");
        uint256[] memory ids = _ids(maker, 1, 0xB0B0);
        uint256 orderId = _openCredit(bob, maker, ids, 1000);
        vm.assertEq(receivables.reservedBy(address(orders), bob), 1000, "bob's 1,000: the new contract's");
        vm.assertEq(receivables.reservedBy(address(oldOrders), bob), 0, "none of bob's: the old contract's");
        vm.assertEq(receivables.reservedBy(address(oldOrders), alice), 100, "alice's 100: the old contract's");

        // bob's reservation is not the old contract's: no debt on bob, no release of it
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), bob, 100, 0)
        );
        oldOrders.issue(1, maker2, bob, address(usd), 100, _maturity(), keccak256("not bob's"), new uint256[](0));
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), bob, 1, 0)
        );
        oldOrders.release(bob, 1);
        vm.assertEq(receivables.receivableCount(), 0, "no receivable issued");
        vm.assertEq(_reserved(bob), 1000, "bob's reservation intact");
        vm.assertEq(_outstanding(bob), 0, "bob owes nothing");

        // alice's 100 is the old contract's to settle, in full and no more
        uint256 rid =
            oldOrders.issue(1, maker2, alice, address(usd), 60, _maturity(), keccak256("alice's"), new uint256[](0));
        vm.assertEq(receivables.balanceOf(maker2, rid), 60, "alice's debt to maker2");
        oldOrders.release(alice, 40);
        vm.assertEq(_outstanding(alice), 60, "alice owes the old delivery");
        vm.assertEq(_reserved(alice), 0, "alice reserves nothing");
        vm.assertEq(receivables.reservedBy(address(oldOrders), alice), 0, "old holds none of alice's");
        (, held) = receivables.windingDown(address(oldOrders));
        vm.assertEq(held, 0, "old holds nothing");
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), alice, 1, 0)
        );
        oldOrders.release(alice, 1);
        oldOrders.release(alice, 0); // its closing calls of nothing still pass

        // bob's order through the new contract delivers in full
        vm.prank(maker);
        orders.acceptOrder(orderId);
        _deliver(orderId, ids);
        vm.assertEq(parts.ownerOf(ids[0]), bob, "bob's part");
        vm.assertEq(_outstanding(bob), 1000, "bob owes his order");
        vm.assertEq(_reserved(bob), 0, "bob reserves nothing");
        vm.assertEq(receivables.balanceOf(maker, 2), 1000, "maker holds bob's receivable");
        vm.assertEq(receivables.balanceOf(maker2, 2), 0, "maker2 none of it");
        vm.assertEq(IReceivablesAudit(address(receivables)).reservedTotal(), 0, "nothing reserved");
    }

    /// @notice One debtor, two contracts: alice has 300 reserved by the old contract and 200 by
    /// the new one. Each settles exactly its own share: the old one not the new one's 200, the new
    /// one not the old one's 300.
    function test_eachContractSettlesItsOwnShareOfADebtorsReservation() external {
        oldOrders.reserve(alice, address(usd), 300, _maturity());
        _replace(address(orders));
        uint256[] memory ids = _ids(maker, 1, 0xA1CE);
        uint256 orderId = _openCredit(alice, maker, ids, 200);
        vm.assertEq(_reserved(alice), 500, "alice reserves both");
        vm.assertEq(receivables.reservedBy(address(oldOrders), alice), 300, "old's share");
        vm.assertEq(receivables.reservedBy(address(orders), alice), 200, "new's share");

        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), alice, 301, 300)
        );
        oldOrders.release(alice, 301);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.ReservationExceeded.selector, alice, address(usd), 201, 200)
        );
        vm.prank(address(orders));
        receivables.releaseCredit(alice, 201);

        uint256 rid =
            oldOrders.issue(7, maker2, alice, address(usd), 300, _maturity(), keccak256("old"), new uint256[](0));
        vm.assertEq(receivables.balanceOf(maker2, rid), 300, "the old delivery's receivable");
        vm.assertEq(receivables.reservedBy(address(oldOrders), alice), 0, "old's share consumed");
        vm.assertEq(receivables.reservedBy(address(orders), alice), 200, "new's share intact");
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), alice, 1, 0)
        );
        oldOrders.release(alice, 1);

        vm.prank(maker);
        orders.acceptOrder(orderId);
        _deliver(orderId, ids);
        vm.assertEq(_outstanding(alice), 500, "alice owes both deliveries");
        vm.assertEq(_reserved(alice), 0, "alice reserves nothing");
        vm.assertEq(receivables.balanceOf(maker, rid + 1), 200, "maker holds the new delivery's receivable");
    }

    /// @notice Two replacements: alice's credit reserved by three contracts in turn, bob's by the
    /// second. Each contract, replaced or current, settles its own share of each debtor exactly.
    function test_everyReplacedContractKeepsItsOwnSharePerDebtor() external {
        MockOrders second = new MockOrders(address(participants), address(parts), IReceivables(address(receivables)));
        oldOrders.reserve(alice, address(usd), 100, _maturity());
        _replace(address(second));
        second.reserve(alice, address(usd), 50, _maturity());
        second.reserve(bob, address(usd), 70, _maturity());
        _replace(address(orders));
        uint256[] memory ids = _ids(maker, 1, 0xC0C0);
        uint256 orderId = _openCredit(alice, maker, ids, 20);
        vm.assertEq(_reserved(alice), 170, "alice reserves all three shares");
        vm.assertEq(receivables.reservedBy(address(oldOrders), alice), 100, "first's share of alice");
        vm.assertEq(receivables.reservedBy(address(second), alice), 50, "second's share of alice");
        vm.assertEq(receivables.reservedBy(address(orders), alice), 20, "current's share of alice");
        vm.assertEq(receivables.reservedBy(address(second), bob), 70, "second's share of bob");
        vm.assertEq(receivables.reservedBy(address(oldOrders), bob), 0, "first holds none of bob's");
        (, uint256 held) = receivables.windingDown(address(second));
        vm.assertEq(held, 120, "second held 120 in all");

        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(second), alice, 51, 50)
        );
        second.release(alice, 51);
        vm.expectRevert(
            abi.encodeWithSelector(IReceivables.WindingDownExceeded.selector, address(oldOrders), bob, 1, 0)
        );
        oldOrders.release(bob, 1);
        oldOrders.release(alice, 100);
        second.release(alice, 50);
        second.release(bob, 70);
        vm.assertEq(receivables.reservedBy(address(orders), alice), 20, "current's share intact");
        vm.assertEq(_reserved(alice), 20, "alice: the current order's only");
        vm.assertEq(_reserved(bob), 0, "bob: nothing");
        vm.prank(alice);
        orders.cancelOrder(orderId);
        vm.assertEq(_reserved(alice), 0, "released by the current contract");
        vm.assertEq(IReceivablesAudit(address(receivables)).reservedTotal(), 0, "nothing reserved");
    }
}
