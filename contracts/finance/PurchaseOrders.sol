// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {PurchaseOrdersBase} from "./PurchaseOrdersBase.sol";
import {PurchaseOrdersExtension} from "./PurchaseOrdersExtension.sol";

/// @title PurchaseOrders
/// @notice Purchase orders for registered parts, settled delivery versus payment (see
/// {IPurchaseOrders}). The one place money moves is the end of each function, after every state
/// change (checks-effects-interactions), under a reentrancy guard.
/// @dev Payment policy, one helper ({_pay}): money goes straight to the caller (who can only block
/// itself); anyone else is credited and withdraws ({FinanceBase-withdraw}), so a recipient that
/// refuses tokens (blacklisted, hostile) cannot stop another party's call. The one push to a
/// non-caller is the financier's advance to the payee that asked for it ({takeAssignment}).
///
/// The opening, acceptance and delivery run here; the rest runs in {PurchaseOrdersExtension} by
/// delegatecall, in this contract's storage (one contract would exceed the 24 KB code limit).
/// Storage and shared rules: {PurchaseOrdersBase}.
contract PurchaseOrders is PurchaseOrdersBase, IPurchaseOrders {
    /// @notice The contract that runs the closing, dispute, assignment, freeze and view functions
    /// in this contract's storage (delegatecall): deployed by this constructor with the same
    /// links, so it cannot be swapped.
    address public immutable extension;

    /// @dev The function runs in {extension} ({_delegate}): the stub here only declares it.
    modifier delegated() {
        _;
        _delegate();
    }

    /// @dev {delegated} for a view.
    modifier delegatedView() {
        _;
        _delegateView();
    }

    constructor(IParticipantRegistry participants_, IPartRegistry parts_, IReceivables receivables_)
        PurchaseOrdersBase(participants_, parts_, receivables_)
    {
        extension = address(new PurchaseOrdersExtension(participants_, parts_, receivables_));
    }

    // ================================================================ opening

    /// @inheritdoc IPurchaseOrders
    /// @dev Prepaid: the price is pulled from the caller, exactly (a fee-on-transfer token reverts).
    function openOrder(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256 price,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter
    ) external nonReentrant returns (uint256 orderId) {
        orderId = _open(seller, partIds, token, price, deadline, terms, maturity, arbiter);
        if (terms == Terms.Prepaid) _pullExact(IERC20(token), msg.sender, price);
        else receivables.reserveCredit(msg.sender, token, price, maturity);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev As {openOrder}, the price being the lines' sum; the line prices are recorded apart
    /// (an order of equal shares writes none of them).
    function openOrderWithPrices(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256[] calldata linePrices,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter
    ) external nonReentrant returns (uint256 orderId) {
        uint256 price = _linePriceSum(partIds.length, linePrices);
        orderId = _open(seller, partIds, token, price, deadline, terms, maturity, arbiter);
        _recordLinePrices(orderId, linePrices);
        if (terms == Terms.Prepaid) _pullExact(IERC20(token), msg.sender, price);
        else receivables.reserveCredit(msg.sender, token, price, maturity);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev The permit is tried, not required: a front-runner who submits it first cannot make
    /// the order fail, the allowance being there all the same (OpenZeppelin's advice).
    function openOrderWithPermit(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256 price,
        uint64 deadline,
        address arbiter,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 orderId) {
        orderId = _open(seller, partIds, token, price, deadline, Terms.Prepaid, 0, arbiter);
        try IERC20Permit(token).permit(msg.sender, address(this), price, permitDeadline, v, r, s) {} catch {}
        _pullExact(IERC20(token), msg.sender, price);
    }

    // ================================================================ before acceptance

    /// @inheritdoc IPurchaseOrders
    /// @dev Each part is booked here first (one accepted order per part). A booking of another
    /// accepted order whose part has left its seller ({_staleBooking}) no longer holds it: that
    /// line is dropped and its share refunded to that order's buyer (credited) here, so the part's
    /// new owner can sell it at once; any other booking is refused (`PartInAcceptedOrder`). Then
    /// the registry checks it (still the seller's, loose, in service,
    /// not encumbered, able to reach the buyer today: parties active, suite running) and reverts
    /// with its own errors.
    function acceptOrder(uint256 orderId) external nonReentrant {
        _requireNotPaused();
        OrderData storage o = _existing(orderId);
        (address seller, address buyer) = (o.seller, o.buyer);
        if (msg.sender != seller) revert NotSeller(orderId, msg.sender);
        _requireOpen(orderId, o);
        _requireNotFrozen(orderId);
        if (block.timestamp > o.deadline) revert DeadlinePassed(orderId, o.deadline);
        uint256 count = o.partCount;
        // What the buyer ordered is what is accepted: nothing was taken out of an ordered assembly
        // (nor an ordered part out of another) since the opening.
        uint256 contentSum = _contentSum(orderId, count);
        uint256 atOpening = _extras[orderId].contentSum;
        if (contentSum != atOpening) revert PartsChangedSinceOpening(orderId, atOpening, contentSum);
        o.state = OrderState.Accepted;
        for (uint256 i; i < count; ++i) {
            uint256 partId = _orderParts[orderId][i];
            Line memory held = _openLines[partId];
            if (held.orderId != 0) {
                if (!_staleBooking(partId, held.orderId)) revert PartInAcceptedOrder(partId, held.orderId);
                OrderData storage previous = _orders[held.orderId];
                _refund(previous, _dropLine(held.orderId, previous, partId, held.index));
            }
            _openLines[partId] = Line(uint64(orderId), uint8(i));
        }
        emit OrderAccepted(orderId, seller);
        IPartFinancing bridge = _bridge();
        for (uint256 i; i < count; ++i) {
            bridge.encumber(_orderParts[orderId][i], seller, buyer);
        }
    }

    // ================================================================ delivery versus payment

    /// @inheritdoc IPurchaseOrders
    /// @dev Prepaid: the payee is paid directly when it is the caller (the seller delivering its
    /// own order), else credited (a deliverer, or a financier payee, who could otherwise block the
    /// delivery by refusing the token). The registry checks the seller (sender) and the buyer
    /// (receiver) and the part's status; an authorised deliverer must be active itself.
    function deliver(uint256 orderId, uint256[] calldata partIds) external nonReentrant {
        // (the suite pause: the registry refuses every move; not asked twice on this hot path)
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.seller) {
            if (!_deliverers[orderId][msg.sender]) revert NotDeliverer(orderId, msg.sender);
            participants.requireActive(msg.sender);
        }
        _settleDelivery(orderId, o, partIds, true);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev The payee is credited (it is not the caller: a payee refusing the token must not stop
    /// the buyer from taking what it received). No deadline: the buyer may take a late delivery
    /// until the order is refunded; on credit, until the order's maturity.
    function confirmReceipt(uint256 orderId, uint256[] calldata partIds) external nonReentrant {
        _requireNotPaused();
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer) revert NotBuyer(orderId, msg.sender);
        if (o.terms == Terms.Credit && block.timestamp >= o.maturity) revert OrderMatured(orderId, o.maturity);
        _settleDelivery(orderId, o, partIds, false);
    }

    // ================================================================ views

    /// @inheritdoc IPurchaseOrders
    function isDisputed(uint256 orderId) external view returns (bool) {
        return _orders[orderId].state == OrderState.Disputed || _extras[orderId].frozen;
    }

    /// @inheritdoc IPurchaseOrders
    function openOrderOf(uint256 partId) external view returns (uint256 orderId) {
        orderId = _openLines[partId].orderId;
        if (orderId != 0 && _staleBooking(partId, orderId)) return 0;
    }

    /// @inheritdoc IPurchaseOrders
    function requireRemovable(uint256 partId) external view {
        if (parts.isSuspect(partId)) return; // what a recall asks to take out
        address holder = parts.rootOwnerOf(partId);
        // bounded: the registry keeps assemblies at most MAX_ASSEMBLY_DEPTH deep
        for (uint256 id = parts.parentOf(partId); id != 0; id = parts.parentOf(id)) {
            uint256 receivableId = receivables.openReceivableOf(id);
            if (receivableId != 0 && receivables.receivable(receivableId).debtor == holder) {
                revert IReceivables.PartAlreadyFinanced(id, receivableId);
            }
        }
    }

    /// @inheritdoc IPurchaseOrders
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    // ================================================================ run by the extension
    // Declining, cancelling, dropping, refunding, disputes and rulings, assignment, the
    // regulator's freeze, and most views: {PurchaseOrdersExtension}, in this contract's storage.

    /// @inheritdoc IPurchaseOrders
    function declineOrder(uint256 orderId) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function cancelOrder(uint256 orderId) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function authoriseDeliverer(uint256 orderId, address deliverer, bool authorised) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function dropPart(uint256 orderId, uint256 partId) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function refundExpired(uint256 orderId) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function raiseDispute(uint256 orderId, bytes32 documentHash) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function rule(uint256 orderId, uint256 buyerBps) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function offerAssignment(uint256 orderId, address financier, uint256 advance, uint64 expiry) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function takeAssignment(uint256 orderId, uint256 advance, uint256 claim) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function freezeOrder(uint256 orderId, bool frozen, bytes32 reasonHash) external delegated {}

    /// @inheritdoc IPurchaseOrders
    function order(uint256 orderId) external view delegatedView returns (Order memory info) {}

    /// @inheritdoc IPurchaseOrders
    function orderParts(uint256 orderId)
        external
        view
        delegatedView
        returns (uint256[] memory partIds, LineState[] memory states)
    {}

    /// @inheritdoc IPurchaseOrders
    function escrowed(uint256 orderId) external view delegatedView returns (uint256) {}

    /// @inheritdoc IPurchaseOrders
    function shareOf(uint256 orderId, uint256 index) external view delegatedView returns (uint256) {}

    /// @inheritdoc IPurchaseOrders
    function canDeliver(uint256 orderId, uint256 partId) external view delegatedView returns (DeliveryCode) {}

    /// @inheritdoc IPurchaseOrders
    function isDeliverer(uint256 orderId, address account) external view delegatedView returns (bool) {}

    /// @inheritdoc IPurchaseOrders
    function assignmentOffer(uint256 orderId) external view delegatedView returns (AssignmentOffer memory offer) {}

    /// @inheritdoc IPurchaseOrders
    function dispute(uint256 orderId) external view delegatedView returns (address raisedBy, bytes32 documentHash) {}

    // ================================================================ delegation

    /// @dev Runs the call's function in {extension} with this contract's storage and returns or
    /// reverts with its result.
    function _delegate() private {
        address target = extension;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), target, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

    /// @dev {_delegate} for a view: the extension's views write nothing (and a STATICCALL of this
    /// view refuses any write all the same), so the delegatecall is typed as view.
    function _delegateView() private view {
        _asView(_delegate)();
    }

    function _asView(function() internal fn) private pure returns (function() internal view viewFn) {
        assembly ("memory-safe") {
            viewFn := fn
        }
    }
}
