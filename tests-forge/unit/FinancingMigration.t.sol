// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IOrders} from "../utils/FinanceSuite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IPartFinancing} from "../../contracts/interfaces/IPartFinancing.sol";
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
