// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IPurchaseOrders as IPO} from "../interfaces/IPurchaseOrders.sol";
import {IServiceability} from "../interfaces/IServiceability.sol";
import {Roles} from "../libraries/Roles.sol";
import {FinanceBase} from "./FinanceBase.sol";

/// @dev The registry's public settings (not part of its interfaces): the `permissioned` flag and
/// the life-limit oracle (zero until connected).
interface IRegistrySettings {
    function permissioned() external view returns (bool);
    function records() external view returns (IServiceability);
}

/// @title PurchaseOrdersBase
/// @notice The state and the rules shared by {PurchaseOrders} (opening, acceptance, delivery: the
/// hot paths) and {PurchaseOrdersExtension} (closing, disputes, assignment, the regulator's
/// freeze, views), which runs in the orders contract's storage by delegatecall. One storage
/// layout, declared here once, so both read and write the same slots.
/// @dev Storage: an order is three slots ({OrderData}); a part adds one slot to the order's part
/// list and, once the order is accepted, one to {_openLines} (which accepted order holds it, and
/// where: an unaccepted order holds no part, so it cannot squat one nor follow it to a new owner).
/// Lines are settled through two 32-bit masks (delivered, dropped); what is neither is pending
/// while the order is live, and refunded or ruled once it is closed, so no per-line write is
/// needed when an order closes; and an accepted order whose lines are all settled reads as
/// Completed ({_stateOf}) without a write.
abstract contract PurchaseOrdersBase is FinanceBase {
    using SafeERC20 for IERC20;

    /// @notice Most parts one order holds (bounds every loop over an order's parts).
    uint256 public constant MAX_PARTS = 32;
    /// @notice The largest price an order holds (the price shares a slot with the token).
    uint256 public constant MAX_PRICE = type(uint88).max;
    /// @notice The whole of a split, in basis points.
    uint256 public constant BPS = 10_000;
    /// @notice How far ahead an order's deadline may be, at opening.
    uint256 public constant MAX_TERM = 365 days;
    /// @notice How long the arbiter has to rule a dispute, from the later of the order's deadline
    /// and the dispute; after it anyone may refund the order ({refundExpired}).
    uint256 public constant DISPUTE_WINDOW = 30 days;

    /// @notice The receivables contract an order on credit reserves credit in and issues its
    /// receivables in.
    IReceivables public immutable receivables;

    /// @dev An order in three slots.
    struct OrderData {
        // slot 0
        address buyer;
        uint40 deadline;
        uint40 maturity;
        IPO.Terms terms;
        IPO.OrderState state;
        // slot 1
        address seller;
        uint32 arbiterId; // participant number of the arbiter (the registry never reuses one)
        uint32 delivered; // bit i: part i delivered
        uint32 dropped; // bit i: part i dropped
        // slot 2
        address token;
        uint8 partCount;
        uint88 price;
    }

    /// @dev Where a part sits while an open order holds it.
    struct Line {
        uint64 orderId;
        uint8 index;
    }

    /// @dev What only some orders need: a payee other than the seller (zero: the seller), a
    /// regulator's freeze, the content versions of its parts at opening, and whether it is priced
    /// by line. Every path that reads a share checks the freeze first, so the flag costs an order
    /// of equal shares a warm read, not a slot.
    struct Extra {
        address payee;
        bool frozen;
        // the sum of the parts' content versions at opening (IPartRegistry.contentVersionOf):
        // written only when not zero, i.e. only for an order of a part something was ever taken
        // out of, so the common order pays no write for it
        uint64 contentSum;
        // opened with line prices ({_linePrices}); else every line carries an equal share
        bool pricedByLine;
    }

    struct DisputeData {
        address raisedBy;
        uint64 raisedAt;
        bytes32 documentHash;
    }

    uint64 internal _orderCount;
    mapping(uint256 orderId => OrderData) internal _orders;
    mapping(uint256 orderId => mapping(uint256 index => uint256 partId)) internal _orderParts;
    mapping(uint256 partId => Line) internal _openLines;
    /// @dev Payee and freeze share a slot: a delivery reads both with one cold access.
    mapping(uint256 orderId => Extra) internal _extras;
    mapping(uint256 orderId => mapping(address account => bool)) internal _deliverers;
    mapping(uint256 orderId => IPO.AssignmentOffer) internal _offers;
    mapping(uint256 orderId => DisputeData) internal _disputes;
    /// @dev The price of each line of an order priced by line, two to a slot (a line is at most
    /// {MAX_PRICE}, 88 bits); nothing for an order of equal shares.
    mapping(uint256 orderId => uint128[MAX_PARTS]) internal _linePrices;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_, IReceivables receivables_)
        FinanceBase(participants_, parts_)
    {
        receivables = receivables_;
    }

    /// @dev Checks and records a new order (the money side is the caller's).
    function _open(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256 price,
        uint64 deadline,
        IPO.Terms terms,
        uint64 maturity,
        address arbiter
    ) internal returns (uint256 orderId) {
        participants.requireActive(msg.sender); // and the suite runs
        if (seller == msg.sender) revert IPO.SameBuyerAndSeller(seller);
        participants.requireActive(seller);
        if (arbiter == msg.sender || arbiter == seller) revert IPO.ArbiterIsParty(arbiter);
        uint32 arbiterId = participants.requireActiveRole(arbiter, Roles.ARBITER);
        _requireAllowed(IERC20(token));
        uint256 count = partIds.length;
        if (count == 0 || count > MAX_PARTS) revert IPO.InvalidPartCount(count, MAX_PARTS);
        if (price < count) revert IPO.PriceTooLow(price, count);
        if (price > MAX_PRICE) revert IPO.PriceTooHigh(price, MAX_PRICE);
        if (deadline <= block.timestamp) revert IPO.DeadlineNotInFuture(deadline, block.timestamp);
        if (deadline > block.timestamp + MAX_TERM) revert IPO.DeadlineTooFar(deadline, block.timestamp + MAX_TERM);
        if (terms == IPO.Terms.Credit ? maturity <= deadline : maturity != 0) {
            revert IPO.InvalidOrderMaturity(maturity, deadline);
        }
        unchecked {
            orderId = ++_orderCount; // a uint64 of orders is never exhausted
        }
        _recordParts(orderId, seller, partIds);
        _orders[orderId] = OrderData({
            buyer: msg.sender,
            deadline: SafeCast.toUint40(deadline),
            maturity: SafeCast.toUint40(maturity),
            terms: terms,
            state: IPO.OrderState.Open,
            seller: seller,
            arbiterId: arbiterId,
            delivered: 0,
            dropped: 0,
            token: token,
            partCount: uint8(count), // <= MAX_PARTS
            price: uint88(price) // <= MAX_PRICE
        });
        emit IPO.OrderOpened(orderId, msg.sender, seller, token, price, deadline, terms, maturity, arbiter, partIds);
    }

    /// @dev Records the parts of new order `orderId`, each the seller's and named once, and the
    /// sum of their content versions when not zero (no booking: other orders may name a part until
    /// one is accepted).
    function _recordParts(uint256 orderId, address seller, uint256[] calldata partIds) internal {
        IERC721 registry = IERC721(address(parts));
        uint256 count = partIds.length;
        for (uint256 i; i < count; ++i) {
            uint256 partId = partIds[i];
            address owner = registry.ownerOf(partId); // reverts PartNotFound
            if (owner != seller) revert IPO.PartNotOwnedBySeller(partId, seller, owner);
            for (uint256 j; j < i; ++j) {
                if (partIds[j] == partId) revert IPO.DuplicatePart(partId); // <= MAX_PARTS^2 / 2 compares
            }
            _orderParts[orderId][i] = partId;
        }
        uint256 contentSum = _contentSum(orderId, count);
        if (contentSum != 0) _extras[orderId].contentSum = SafeCast.toUint64(contentSum);
    }

    /// @dev The sum of the registry's content versions of order `orderId`'s `count` parts (see
    /// {Extra}): it grows exactly when something is taken out of one of them.
    function _contentSum(uint256 orderId, uint256 count) internal view returns (uint256 sum) {
        for (uint256 i; i < count; ++i) {
            sum += parts.contentVersionOf(_orderParts[orderId][i]);
        }
    }

    /// @dev The price of an order priced by line: the sum of `linePrices`, one per part of
    /// `partCount`, none zero, none (nor the sum, checked by {_open}) above {MAX_PRICE}.
    function _linePriceSum(uint256 partCount, uint256[] calldata linePrices) internal pure returns (uint256 sum) {
        uint256 count = linePrices.length;
        if (count != partCount) revert IPO.LinePricesMismatch(partCount, count);
        for (uint256 i; i < count; ++i) {
            uint256 linePrice = linePrices[i];
            if (linePrice == 0) revert IPO.ZeroLinePrice(i);
            if (linePrice > MAX_PRICE) revert IPO.PriceTooHigh(linePrice, MAX_PRICE);
            sum += linePrice; // at most MAX_PARTS lines of at most 2^88: never overflows
        }
    }

    /// @dev Records the line prices of new order `orderId` ({_linePriceSum} checked them).
    function _recordLinePrices(uint256 orderId, uint256[] calldata linePrices) internal {
        _extras[orderId].pricedByLine = true;
        uint256 count = linePrices.length;
        for (uint256 i; i < count; ++i) {
            _linePrices[orderId][i] = uint128(linePrices[i]); // <= MAX_PRICE
        }
        emit IPO.OrderPricedByLine(orderId, linePrices);
    }

    /// @dev Delivers `partIds` of an accepted order (caller checked; `onTime`: the seller's delivery,
    /// before the deadline; else the buyer's confirmation): marks them, moves each part through the
    /// registry (a part the buyer holds already, unencumbered, is not moved on a confirmation), then
    /// pays (prepaid) or invoices (credit) their shares in one go. The seller's delivery must be
    /// sound: a part past its life limit reverts with the records' `LifeLimitExceeded` (the buyer
    /// may still take it knowingly with {confirmReceipt}, or drop it).
    function _settleDelivery(uint256 orderId, OrderData storage o, uint256[] calldata partIds, bool onTime) internal {
        _requireState(orderId, _stateOf(o), IPO.OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (onTime && block.timestamp > o.deadline) revert IPO.DeadlinePassed(orderId, o.deadline);
        uint256 count = partIds.length;
        if (count == 0) revert IPO.EmptyDelivery(orderId);
        bool prepaid = o.terms == IPO.Terms.Prepaid;
        address seller = o.seller;
        address payee = prepaid ? _payeeOf(orderId, seller) : seller;
        uint32 delivered = o.delivered;
        uint256 amount;
        for (uint256 i; i < count; ++i) {
            uint256 partId = partIds[i];
            uint256 index = _pendingIndex(orderId, o, partId);
            delivered |= uint32(1 << index);
            o.delivered = delivered; // before the next lookup: a repeated part is then settled
            delete _openLines[partId];
            uint256 share = _share(orderId, o, index);
            amount += share;
            emit IPO.PartDelivered(orderId, partId, payee, share, msg.sender);
        }
        _completeIfSettled(orderId, o);
        IPartFinancing bridge = _bridge();
        IServiceability records = onTime ? IRegistrySettings(address(parts)).records() : IServiceability(address(0));
        for (uint256 i; i < count; ++i) {
            uint256 partId = partIds[i];
            // the buyer confirming a part a forced transfer gave it already: settled without a move
            if (!onTime && _forcedToBuyer(bridge, partId, o.buyer)) continue;
            if (address(records) != address(0)) records.checkServiceable(partId);
            bridge.deliverEncumbered(partId); // every transfer rule; reverts as a transfer would
        }
        if (prepaid) {
            _pay(IERC20(o.token), payee, amount);
        } else {
            bytes32 invoiceHash = keccak256(abi.encode(block.chainid, address(this), orderId, partIds));
            uint256 receivableId =
                receivables.issueForOrder(orderId, seller, o.buyer, o.token, amount, o.maturity, invoiceHash, partIds);
            emit IPO.ShipmentInvoiced(orderId, receivableId, invoiceHash, amount);
        }
    }

    /// @dev Closes the pending lines of an order being declined, cancelled, refunded or ruled.
    /// An unaccepted order (`encumbered` false) booked nothing: its lines are simply refunded. An
    /// accepted one frees each part for other orders and releases it to the seller if it is still
    /// promised to the buyer; a part a forced transfer gave the buyer is settled as delivered
    /// instead (marked, its share set apart for the payee: never refunded with the part kept).
    /// @return amount the shares of the lines closed undelivered; count how many; forced the
    /// shares of the lines settled as delivered.
    function _closeLines(uint256 orderId, OrderData storage o, bool encumbered)
        internal
        returns (uint256 amount, uint256 count, uint256 forced)
    {
        uint256 settled = o.delivered | o.dropped;
        uint256 parts_ = o.partCount;
        address buyer = o.buyer;
        IPartFinancing bridge = _bridge();
        for (uint256 i; i < parts_; ++i) {
            if (settled & (1 << i) != 0) continue;
            uint256 share = _share(orderId, o, i);
            if (encumbered) {
                uint256 partId = _orderParts[orderId][i];
                delete _openLines[partId];
                if (bridge.encumbranceOf(partId) == buyer) {
                    bridge.release(partId);
                } else if (parts.rootOwnerOf(partId) == buyer) {
                    o.delivered |= uint32(1 << i);
                    forced += share;
                    emit IPO.PartDelivered(orderId, partId, _payeeOf(orderId, o.seller), share, msg.sender);
                    continue;
                }
            }
            amount += share;
            ++count;
        }
    }

    /// @dev Settles `amount`, the shares of lines a forced transfer delivered to the buyer that a
    /// closing order marked delivered ({_closeLines}): credited to the payee (prepaid). On credit it
    /// is released from the buyer's reservation, not invoiced: invoicing mints to the seller inside
    /// a close anyone may call, which a seller contract could block (a known limit; the buyer's
    /// {confirmReceipt} before the close invoices it).
    function _payForced(uint256 orderId, OrderData storage o, uint256 amount) internal {
        if (amount == 0) return;
        if (o.terms == IPO.Terms.Prepaid) _credit(IERC20(o.token), _payeeOf(orderId, o.seller), amount);
        else receivables.releaseCredit(o.buyer, amount);
    }

    /// @dev Whether part `partId` is the buyer's without being promised to it: a forced transfer
    /// lifted the encumbrance and moved it to the buyer. The buyer is the part's holder as every
    /// money rule here reads it: the root owner (once installed, the ERC-721 owner is the registry).
    function _forcedToBuyer(IPartFinancing bridge, uint256 partId, address buyer) internal view returns (bool) {
        return bridge.encumbranceOf(partId) != buyer && parts.rootOwnerOf(partId) == buyer;
    }

    /// @dev Whether the booking of part `partId` by accepted order `orderId` no longer holds the
    /// part: it is neither promised to that order's buyer nor held by it (a forced transfer moved
    /// it away from the seller, to anyone but the buyer, even back to the seller), and the order
    /// can move money (accepted, not frozen: a dispute or a freeze keeps the line for the arbiter
    /// or the regulator). Such a line can never be delivered.
    function _staleBooking(uint256 partId, uint256 orderId) internal view returns (bool) {
        OrderData storage o = _orders[orderId];
        address buyer = o.buyer;
        return o.state == IPO.OrderState.Accepted && !_extras[orderId].frozen
            && _bridge().encumbranceOf(partId) != buyer && parts.rootOwnerOf(partId) != buyer;
    }

    /// @dev Drops pending line `index` (part `partId`) of order `orderId`: marked dropped, the part
    /// unbooked; returns its share, which the caller refunds.
    function _dropLine(uint256 orderId, OrderData storage o, uint256 partId, uint256 index)
        internal
        returns (uint256 share)
    {
        o.dropped |= uint32(1 << index);
        delete _openLines[partId];
        share = _share(orderId, o, index);
        emit IPO.PartDropped(orderId, partId, share);
        _completeIfSettled(orderId, o);
    }

    /// @dev Whether part `partId` is within its life limit by the registry's life-limit oracle (true
    /// when none is connected). A revert without data (out of gas) is no verdict: read as
    /// serviceable, so a caller starving the call cannot drop a sound part.
    function _serviceable(uint256 partId) internal view returns (bool) {
        IServiceability records = IRegistrySettings(address(parts)).records();
        if (address(records) == address(0)) return true;
        try records.checkServiceable(partId) {
            return true;
        } catch (bytes memory reason) {
            return reason.length == 0;
        }
    }

    /// @dev What prepaid order `orderId` still escrows: the shares of its pending lines (0 once
    /// closed, or on credit).
    function _escrowedOf(uint256 orderId, OrderData storage o) internal view returns (uint256 amount) {
        if (o.terms != IPO.Terms.Prepaid || !_live(o.state)) return 0;
        uint256 count = o.partCount;
        for (uint256 i; i < count; ++i) {
            if (_lineState(o, i) == IPO.LineState.Pending) amount += _share(orderId, o, i);
        }
    }

    /// @dev Only a token the receivables contract allows, and so has probed (an order on credit
    /// becomes a receivable in it): one probe vets the token for both. Else `TokenNotAllowed`.
    function _vetToken(IERC20 token) internal view override {
        if (!FinanceBase(address(receivables)).tokenAllowed(token)) revert TokenNotAllowed(address(token));
    }

    /// @dev Gives the buyer back `amount`: prepaid, the money (straight when it calls, else
    /// credited); credit, that much of its reservation.
    function _refund(OrderData storage o, uint256 amount) internal {
        if (o.terms == IPO.Terms.Prepaid) _pay(IERC20(o.token), o.buyer, amount);
        else receivables.releaseCredit(o.buyer, amount);
    }

    /// @dev Pays `amount` of `token` to `to`: transferred when `to` is the caller (it can only
    /// block itself), credited for {withdraw} otherwise.
    function _pay(IERC20 token, address to, uint256 amount) internal {
        if (to == msg.sender) {
            if (amount != 0) token.safeTransfer(to, amount);
        } else {
            _credit(token, to, amount);
        }
    }

    /// @dev An order is Completed once every line is settled; storage keeps Accepted (see
    /// {_stateOf}): the last delivery saves a state write.
    function _completeIfSettled(uint256 orderId, OrderData storage o) internal {
        if (_settledAll(o)) emit IPO.OrderCompleted(orderId);
    }

    /// @dev The order's state: Completed when accepted and every part delivered or dropped.
    function _stateOf(OrderData storage o) internal view returns (IPO.OrderState state) {
        state = o.state;
        if (state == IPO.OrderState.Accepted && _settledAll(o)) return IPO.OrderState.Completed;
    }

    function _settledAll(OrderData storage o) internal view returns (bool) {
        return uint256(o.delivered | o.dropped) == (1 << o.partCount) - 1;
    }

    /// @dev The index of `partId` in order `orderId`, which must hold it pending.
    function _pendingIndex(uint256 orderId, OrderData storage o, uint256 partId) internal view returns (uint256) {
        Line memory line = _openLines[partId];
        if (line.orderId == orderId) return line.index;
        (bool found, uint256 index) = _indexOf(orderId, o, partId);
        if (!found) revert IPO.PartNotInOrder(orderId, partId);
        revert IPO.PartAlreadySettled(orderId, partId, _lineState(o, index));
    }

    function _indexOf(uint256 orderId, OrderData storage o, uint256 partId)
        internal
        view
        returns (bool found, uint256 index)
    {
        uint256 count = o.partCount;
        for (; index < count; ++index) {
            if (_orderParts[orderId][index] == partId) return (true, index);
        }
    }

    function _lineState(OrderData storage o, uint256 index) internal view returns (IPO.LineState) {
        if (o.delivered & (1 << index) != 0) return IPO.LineState.Delivered;
        if (o.dropped & (1 << index) != 0) return IPO.LineState.Dropped;
        IPO.OrderState state = o.state;
        if (_live(state)) return IPO.LineState.Pending;
        return state == IPO.OrderState.Ruled ? IPO.LineState.Ruled : IPO.LineState.Refunded;
    }

    /// @dev What line `index` of order `orderId` carries: its own price when the order is priced
    /// by line; else price / count, the last line also the remainder. Either way the shares sum to
    /// the price.
    function _share(uint256 orderId, OrderData storage o, uint256 index) internal view returns (uint256 share) {
        if (_extras[orderId].pricedByLine) return _linePrices[orderId][index];
        uint256 count = o.partCount;
        uint256 price = o.price;
        share = price / count;
        if (index == count - 1) share += price % count;
    }

    function _payeeOf(uint256 orderId, address seller) internal view returns (address) {
        address payee = _extras[orderId].payee;
        return payee == address(0) ? seller : payee;
    }

    function _existing(uint256 orderId) internal view returns (OrderData storage o) {
        o = _orders[orderId];
        if (o.state == IPO.OrderState.None) revert IPO.OrderNotFound(orderId);
    }

    /// @dev The error names the state the order reads as ({_stateOf}: Completed, not the stored
    /// Accepted), the same one `order()` shows.
    function _requireOpen(uint256 orderId, OrderData storage o) internal view {
        if (o.state != IPO.OrderState.Open) revert IPO.OrderNotOpen(orderId, _stateOf(o));
    }

    function _requireState(uint256 orderId, IPO.OrderState state, IPO.OrderState expected) internal pure {
        if (state == expected) return;
        if (expected == IPO.OrderState.Open) revert IPO.OrderNotOpen(orderId, state);
        revert IPO.OrderNotAccepted(orderId, state);
    }

    function _requireNotFrozen(uint256 orderId) internal view {
        if (_extras[orderId].frozen) revert IPO.OrderIsFrozen(orderId);
    }

    function _live(IPO.OrderState state) internal pure returns (bool) {
        return state == IPO.OrderState.Open || state == IPO.OrderState.Accepted || state == IPO.OrderState.Disputed;
    }

    function _bridge() internal view returns (IPartFinancing) {
        return IPartFinancing(address(parts));
    }
}
