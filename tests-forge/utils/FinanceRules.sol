// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceSuite} from "./FinanceSuite.sol";
import {VM_ADDRESS} from "./Vm.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The cheatcodes the rule tests need beyond {Vm}.
interface VmRules {
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
}

/// @notice The views of FinanceBase the tests' {IFinanceBase} leaves out.
interface IFinanceBaseViews {
    function tokenAllowed(IERC20 token) external view returns (bool);
}

/// @notice The audit views of Receivables outside its interface.
interface IReceivablesAudit {
    function debtOf(uint256 id, address holder) external view returns (uint256);
    function reservedTotal() external view returns (uint256);
}

/// @title FinanceRules
/// @notice Small helpers over {FinanceSuite} for the rule tests of the financing contracts: parts
/// of the maker, prepaid and credit orders from alice (buyer) to maker (seller) judged by the
/// suite's arbiter, and the balances and pull-payment credits each party holds.
abstract contract FinanceRules is FinanceSuite {
    VmRules internal constant vmr = VmRules(VM_ADDRESS);

    /// @dev Every order's delivery term, and the time between its deadline and the maturity of
    /// an order on credit.
    uint64 internal constant TERM = 7 days;
    uint64 internal constant CREDIT_TERM = 30 days;
    /// @dev Three parts at this price carry 333,333 / 333,333 / 333,335: the last share takes the remainder.
    uint256 internal constant PRICE3 = 1_000_001;

    function _usd() internal view returns (IERC20) {
        return IERC20(address(usd));
    }

    function _ids(address owner, uint256 count, uint256 salt) internal returns (uint256[] memory ids) {
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            ids[i] = _register(owner, bytes32(salt + i));
        }
    }

    function _one(uint256 a) internal pure returns (uint256[] memory list) {
        list = new uint256[](1);
        list[0] = a;
    }

    function _two(uint256 a, uint256 b) internal pure returns (uint256[] memory list) {
        list = new uint256[](2);
        (list[0], list[1]) = (a, b);
    }

    /// @dev `buyer` opens a prepaid order to `seller` for `ids` (deadline TERM ahead), minting and
    /// approving the price first.
    function _openPrepaid(address buyer, address seller, uint256[] memory ids, uint256 price)
        internal
        returns (uint256 orderId)
    {
        usd.mint(buyer, price);
        vm.startPrank(buyer);
        usd.approve(address(orders), price);
        orderId = orders.openOrder(
            seller, ids, address(usd), price, uint64(block.timestamp + TERM), IPurchaseOrders.Terms.Prepaid, 0, arbiter
        );
        vm.stopPrank();
    }

    /// @dev `buyer` opens an order on credit to `seller` (deadline TERM ahead, maturity CREDIT_TERM after it).
    function _openCredit(address buyer, address seller, uint256[] memory ids, uint256 price)
        internal
        returns (uint256 orderId)
    {
        uint64 deadline = uint64(block.timestamp + TERM);
        vm.prank(buyer);
        orderId = orders.openOrder(
            seller, ids, address(usd), price, deadline, IPurchaseOrders.Terms.Credit, deadline + CREDIT_TERM, arbiter
        );
    }

    /// @dev An accepted prepaid order of three maker parts to alice at {PRICE3}.
    function _acceptedPrepaid(uint256 salt) internal returns (uint256 orderId, uint256[] memory ids) {
        ids = _ids(maker, 3, salt);
        orderId = _openPrepaid(alice, maker, ids, PRICE3);
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @dev An accepted order on credit of three maker parts to alice at {PRICE3}.
    function _acceptedCredit(uint256 salt) internal returns (uint256 orderId, uint256[] memory ids) {
        ids = _ids(maker, 3, salt);
        orderId = _openCredit(alice, maker, ids, PRICE3);
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @dev The maker (the seller of these orders) delivers `ids` (no other call before it, so
    /// an expectRevert placed before this applies to the delivery).
    function _deliver(uint256 orderId, uint256[] memory ids) internal {
        vm.prank(maker);
        orders.deliver(orderId, ids);
    }

    function _dispute(uint256 orderId, address by) internal {
        vm.prank(by);
        orders.raiseDispute(orderId, keccak256("dispute"));
    }

    function _suspend(address account) internal {
        vm.prank(regulator);
        participants.suspend(account, REASON);
    }

    function _reinstate(address account) internal {
        vm.prank(regulator);
        participants.reinstate(account, REASON);
    }

    function _pause() internal {
        vm.prank(admin);
        participants.pause();
    }

    function _unpause() internal {
        vm.prank(admin);
        participants.unpause();
    }

    /// @dev The enforcer moves `partId` to `to` (lifting an encumbrance).
    function _forced(uint256 partId, address to) internal {
        vm.prank(enforcer);
        parts.forcedTransfer(partId, to, REASON);
    }

    function _freezeOrder(uint256 orderId, bool frozen) internal {
        vm.prank(regulator);
        orders.freezeOrder(orderId, frozen, REASON);
    }

    function _state(uint256 orderId) internal view returns (uint256) {
        return uint256(orders.order(orderId).state);
    }

    function _line(uint256 orderId, uint256 index) internal view returns (uint256) {
        (, IPurchaseOrders.LineState[] memory states) = orders.orderParts(orderId);
        return uint256(states[index]);
    }

    function _bal(address account) internal view returns (uint256) {
        return usd.balanceOf(account);
    }

    function _owedO(address account) internal view returns (uint256) {
        return orders.owed(_usd(), account);
    }

    function _reserved(address debtor) internal view returns (uint256 reserved) {
        (,, reserved) = receivables.creditOf(debtor, address(usd));
    }

    function _outstanding(address debtor) internal view returns (uint256 outstanding) {
        (, outstanding,) = receivables.creditOf(debtor, address(usd));
    }

    /// @dev The orders contract holds exactly what it owes: the escrow of `orderId` plus every credit.
    function _assertOrdersHold(uint256 orderId) internal view {
        vm.assertEq(
            _bal(address(orders)), orders.escrowed(orderId) + orders.owedTotal(_usd()), "orders hold other than owed"
        );
    }
}
