// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {IServiceability} from "../interfaces/IServiceability.sol";
import {Roles} from "../libraries/Roles.sol";
import {FinanceBase} from "./FinanceBase.sol";

/// @dev The registry's public settings (not part of its interfaces): the `permissioned` flag and
/// the life-limit oracle (zero until connected).
interface IRegistrySettings {
    function permissioned() external view returns (bool);
    function records() external view returns (IServiceability);
}

/// @title PurchaseOrders
/// @notice Purchase orders for registered parts, settled delivery versus payment (see
/// {IPurchaseOrders}). The one place money moves is the end of each function, after every state
/// change (checks-effects-interactions), under a reentrancy guard.
/// @dev Payment policy, one helper ({_pay}): money goes straight to the caller (who can only block
/// itself); anyone else is credited and withdraws ({FinanceBase-withdraw}), so a recipient that
/// refuses tokens (blacklisted, hostile) cannot stop another party's call. The one push to a
/// non-caller is the financier's advance to the payee that asked for it ({takeAssignment}).
///
/// Storage: an order is three slots ({OrderData}); a part adds one slot to the order's part list
/// and, once the order is accepted, one to {_openLines} (which accepted order holds it, and where:
/// an unaccepted order holds no part, so it cannot squat one nor follow it to a new owner).
/// Lines are settled through two 32-bit masks (delivered, dropped); what is neither is pending while the order is live, and
/// refunded or ruled once it is closed, so no per-line write is needed when an order closes; and
/// an accepted order whose lines are all settled reads as Completed ({_stateOf}) without a write.
contract PurchaseOrders is FinanceBase, IPurchaseOrders {
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
        Terms terms;
        OrderState state;
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

    /// @dev What only some orders need: a payee other than the seller (zero: the seller), and a
    /// regulator's freeze.
    struct Extra {
        address payee;
        bool frozen;
    }

    struct DisputeData {
        address raisedBy;
        uint64 raisedAt;
        bytes32 documentHash;
    }

    uint64 private _orderCount;
    mapping(uint256 orderId => OrderData) private _orders;
    mapping(uint256 orderId => mapping(uint256 index => uint256 partId)) private _orderParts;
    mapping(uint256 partId => Line) private _openLines;
    /// @dev Payee and freeze share a slot: a delivery reads both with one cold access.
    mapping(uint256 orderId => Extra) private _extras;
    mapping(uint256 orderId => mapping(address account => bool)) private _deliverers;
    mapping(uint256 orderId => AssignmentOffer) private _offers;
    mapping(uint256 orderId => DisputeData) private _disputes;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_, IReceivables receivables_)
        FinanceBase(participants_, parts_)
    {
        receivables = receivables_;
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
        o.state = OrderState.Accepted;
        uint256 count = o.partCount;
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

    /// @inheritdoc IPurchaseOrders
    /// @dev The refund is credited to the buyer (withdraw): a buyer that cannot receive the token
    /// must not keep the seller's parts tied to the order.
    function declineOrder(uint256 orderId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.seller) revert NotSeller(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireOpen(orderId, o);
        _requireNotFrozen(orderId);
        o.state = OrderState.Declined;
        (uint256 refund,,) = _closeLines(orderId, o, false);
        emit OrderDeclined(orderId, msg.sender, o.terms == Terms.Prepaid ? refund : 0);
        _refund(o, refund);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev The refund goes straight to the caller (the buyer).
    function cancelOrder(uint256 orderId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer) revert NotBuyer(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireOpen(orderId, o);
        _requireNotFrozen(orderId);
        o.state = OrderState.Cancelled;
        (uint256 refund,,) = _closeLines(orderId, o, false);
        emit OrderCancelled(orderId, msg.sender, o.terms == Terms.Prepaid ? refund : 0);
        _refund(o, refund);
    }

    /// @inheritdoc IPurchaseOrders
    function authoriseDeliverer(uint256 orderId, address deliverer, bool authorised) external {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.seller) revert NotSeller(orderId, msg.sender);
        participants.requireActive(msg.sender);
        if (deliverer == address(0) || deliverer == o.buyer) revert InvalidDeliverer(orderId, deliverer);
        _deliverers[orderId][deliverer] = authorised;
        emit DelivererAuthorised(orderId, deliverer, authorised);
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
    /// until the order is refunded.
    function confirmReceipt(uint256 orderId, uint256[] calldata partIds) external nonReentrant {
        _requireNotPaused();
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer) revert NotBuyer(orderId, msg.sender);
        _settleDelivery(orderId, o, partIds, false);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev The refund goes straight to the caller (the buyer). A part the seller still holds
    /// encumbered (recalled or frozen, past its life limit, or its seller suspended or offboarded)
    /// is released to it. A part a forced transfer gave the buyer (the root owner of its assembly
    /// once installed) is refused (`PartWithBuyer`): the buyer has it, so it settles as delivered
    /// ({confirmReceipt}).
    function dropPart(uint256 orderId, uint256 partId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        (address buyer, address seller) = (o.buyer, o.seller);
        if (msg.sender != buyer) revert NotBuyer(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireState(orderId, _stateOf(o), OrderState.Accepted);
        _requireNotFrozen(orderId);
        uint256 index = _pendingIndex(orderId, o, partId);
        IPartFinancing bridge = _bridge();
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        bool promised = bridge.encumbranceOf(partId) == buyer;
        if (
            promised && info.owner == seller && info.status == IPartRegistry.PartStatus.InService
                && participants.isActive(seller) && _serviceable(partId)
        ) revert PartStillDeliverable(orderId, partId);
        if (!promised && info.owner == buyer) revert PartWithBuyer(orderId, partId);
        uint256 share = _dropLine(orderId, o, partId, index);
        if (promised) bridge.release(partId);
        _refund(o, share);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev Anyone may close an expired order (the seller to get its parts back, a keeper): the
    /// refund goes straight to the buyer when it calls, else it is credited to it. A dispute the
    /// arbiter does not rule within {DISPUTE_WINDOW} (a lost key, an offboarded or captured
    /// arbiter) ends the same way, so escrow and parts are never locked for good; until then the
    /// arbiter alone decides. A line whose part is the buyer's already is settled as delivered.
    function refundExpired(uint256 orderId) external nonReentrant {
        _requireNotPaused();
        OrderData storage o = _existing(orderId);
        OrderState state = _stateOf(o);
        if (!_live(state)) revert OrderNotRefundable(orderId, state);
        _requireNotFrozen(orderId);
        uint256 deadline = o.deadline;
        if (state == OrderState.Disputed) {
            uint256 raisedAt = _disputes[orderId].raisedAt;
            uint256 until = (raisedAt > deadline ? raisedAt : deadline) + DISPUTE_WINDOW;
            if (block.timestamp <= until) revert RulingWindowOpen(orderId, until);
        } else if (block.timestamp <= deadline) {
            revert DeadlineNotPassed(orderId, deadline);
        }
        o.state = OrderState.Refunded;
        (uint256 refund, uint256 count, uint256 forced) = _closeLines(orderId, o, state != OrderState.Open);
        emit OrderRefunded(orderId, o.buyer, refund, count);
        _payForced(orderId, o, forced);
        _refund(o, refund);
    }

    // ================================================================ disputes

    /// @inheritdoc IPurchaseOrders
    /// @dev A dispute holds the escrow until the later of the deadline and the dispute plus
    /// {DISPUTE_WINDOW}: the seller, who alone could have delivered by the deadline, may not
    /// raise one after it to keep the buyer from its refund.
    function raiseDispute(uint256 orderId, bytes32 documentHash) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer && msg.sender != o.seller) revert NotParty(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireState(orderId, _stateOf(o), OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (msg.sender == o.seller && block.timestamp > o.deadline) revert DeadlinePassed(orderId, o.deadline);
        o.state = OrderState.Disputed;
        // (a uint64 of seconds never overflows: the cast is safe)
        _disputes[orderId] = DisputeData(msg.sender, uint64(block.timestamp), documentHash);
        emit OrderDisputed(orderId, msg.sender, documentHash);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev Both shares are credited (pull payments): the arbiter is neither party, and either
    /// party refusing the token must not block the other's payout. On credit nothing is escrowed:
    /// the buyer's reservation of the undelivered parts is released and `buyerBps` moves nothing.
    /// The arbiter may rule until someone refunds the order after {DISPUTE_WINDOW}.
    function rule(uint256 orderId, uint256 buyerBps) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (participants.requireActive(msg.sender) != o.arbiterId) revert NotArbiter(orderId, msg.sender);
        participants.requireActiveRole(msg.sender, Roles.ARBITER);
        if (o.state != OrderState.Disputed) revert OrderNotDisputed(orderId, o.state);
        _requireNotFrozen(orderId);
        if (buyerBps > BPS) revert InvalidSplit(buyerBps);
        o.state = OrderState.Ruled;
        (uint256 held,, uint256 forced) = _closeLines(orderId, o, true);
        uint256 toBuyer;
        uint256 toPayee;
        if (o.terms == Terms.Prepaid) {
            toBuyer = held * buyerBps / BPS;
            toPayee = held - toBuyer;
        }
        emit OrderRuled(orderId, msg.sender, buyerBps, toBuyer, toPayee);
        _payForced(orderId, o, forced);
        if (o.terms == Terms.Prepaid) {
            IERC20 token = IERC20(o.token);
            _credit(token, o.buyer, toBuyer);
            _credit(token, _payeeOf(orderId, o.seller), toPayee);
        } else {
            receivables.releaseCredit(o.buyer, held);
        }
    }

    // ================================================================ purchase-order financing

    /// @inheritdoc IPurchaseOrders
    /// @dev The arbiter is compared by participant number (what the order keeps): an account with
    /// both ARBITER and FINANCIER roles cannot buy the payment of an order it judges. The offer
    /// is the only way to a payee change, so {takeAssignment} need not ask again.
    function offerAssignment(uint256 orderId, address financier, uint256 advance, uint64 expiry) external nonReentrant {
        OrderData storage o = _existing(orderId);
        address payee = _payeeOf(orderId, o.seller);
        if (msg.sender != payee) revert NotPayee(orderId, msg.sender);
        participants.requireActive(msg.sender);
        if (o.terms != Terms.Prepaid) revert WrongTerms(orderId, Terms.Prepaid);
        _requireState(orderId, _stateOf(o), OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (financier == o.buyer || financier == payee) revert InvalidFinancier(orderId, financier);
        if (participants.requireActiveRole(financier, Roles.FINANCIER) == o.arbiterId) {
            revert InvalidFinancier(orderId, financier); // the judge of the order cannot own its payment
        }
        if (advance == 0) revert ZeroAmount();
        // (past the deadline no expiry is valid: nothing is offered then)
        uint256 deadline = o.deadline;
        if (expiry <= block.timestamp || expiry > deadline) revert InvalidAssignmentExpiry(orderId, expiry, deadline);
        _offers[orderId] = AssignmentOffer(financier, expiry, msg.sender, advance, _escrowedOf(o));
        emit AssignmentOffered(orderId, msg.sender, financier, advance, expiry);
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev The advance goes from the financier straight to the payee that offered: it asked for
    /// it, so a payee refusing the token only fails its own assignment. The new payee is set first.
    /// The financier names the claim it pays for, and the order must still escrow exactly that: a
    /// delivery or drop since (even one front-running the take, with a new offer at the same
    /// advance) fails it (`ClaimChanged`). Nothing is assigned after the offer's expiry, which is
    /// at the latest the delivery deadline (`AssignmentOfferExpired`: a seller that missed it would
    /// sell a payment the buyer is about to be refunded).
    function takeAssignment(uint256 orderId, uint256 advance, uint256 claim) external nonReentrant {
        OrderData storage o = _existing(orderId);
        AssignmentOffer memory offer = _offers[orderId];
        address previous = _payeeOf(orderId, o.seller);
        if (offer.financier != msg.sender || offer.offeredBy != previous) {
            revert NoAssignmentOffer(orderId, msg.sender);
        }
        participants.requireActiveRole(msg.sender, Roles.FINANCIER);
        participants.requireActive(previous);
        _requireState(orderId, _stateOf(o), OrderState.Accepted);
        _requireNotFrozen(orderId);
        // (an offer expires by the order's deadline at the latest: nothing is taken after either)
        if (block.timestamp > offer.expiry) revert AssignmentOfferExpired(orderId, offer.expiry);
        if (offer.advance != advance) revert AdvanceMismatch(orderId, offer.advance, advance);
        uint256 current = _escrowedOf(o);
        if (current != claim) revert ClaimChanged(orderId, claim, current);
        _extras[orderId].payee = msg.sender;
        delete _offers[orderId];
        emit OrderAssigned(orderId, previous, msg.sender, advance);
        IERC20(o.token).safeTransferFrom(msg.sender, previous, advance);
    }

    // ================================================================ regulator

    /// @inheritdoc IPurchaseOrders
    function freezeOrder(uint256 orderId, bool frozen, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        _existing(orderId);
        _extras[orderId].frozen = frozen;
        emit OrderFrozen(orderId, msg.sender, frozen, reasonHash);
    }

    // ================================================================ views

    /// @inheritdoc IPurchaseOrders
    function isDisputed(uint256 orderId) external view returns (bool) {
        return _orders[orderId].state == OrderState.Disputed || _extras[orderId].frozen;
    }

    /// @inheritdoc IPurchaseOrders
    function order(uint256 orderId) external view returns (Order memory info) {
        OrderData storage o = _orders[orderId];
        if (o.state == OrderState.None) return info;
        info = Order({
            buyer: o.buyer,
            seller: o.seller,
            token: o.token,
            price: o.price,
            deadline: o.deadline,
            maturity: o.maturity,
            terms: o.terms,
            state: _stateOf(o),
            arbiter: participants.accountOf(o.arbiterId),
            payee: _payeeOf(orderId, o.seller),
            frozen: _extras[orderId].frozen,
            partCount: o.partCount
        });
    }

    /// @inheritdoc IPurchaseOrders
    function orderParts(uint256 orderId) external view returns (uint256[] memory partIds, LineState[] memory states) {
        OrderData storage o = _orders[orderId];
        uint256 count = o.partCount;
        partIds = new uint256[](count);
        states = new LineState[](count);
        for (uint256 i; i < count; ++i) {
            partIds[i] = _orderParts[orderId][i];
            states[i] = _lineState(o, i);
        }
    }

    /// @inheritdoc IPurchaseOrders
    function escrowed(uint256 orderId) external view returns (uint256) {
        return _escrowedOf(_orders[orderId]);
    }

    /// @inheritdoc IPurchaseOrders
    function shareOf(uint256 orderId, uint256 index) external view returns (uint256) {
        OrderData storage o = _orders[orderId];
        return index < o.partCount ? _share(o, index) : 0;
    }

    /// @inheritdoc IPurchaseOrders
    function openOrderOf(uint256 partId) external view returns (uint256 orderId) {
        orderId = _openLines[partId].orderId;
        if (orderId != 0 && _staleBooking(partId, orderId)) return 0;
    }

    /// @inheritdoc IPurchaseOrders
    /// @dev About the seller's {deliver} (the buyer's {confirmReceipt} ignores the deadline).
    function canDeliver(uint256 orderId, uint256 partId) external view returns (DeliveryCode) {
        OrderData storage o = _orders[orderId];
        OrderState state = _stateOf(o);
        if (state == OrderState.None) return DeliveryCode.OrderNotFound;
        if (state == OrderState.Disputed || _extras[orderId].frozen) return DeliveryCode.OrderDisputed;
        if (state != OrderState.Accepted) return DeliveryCode.OrderNotAccepted;
        if (block.timestamp > o.deadline) return DeliveryCode.DeadlinePassed;
        if (_openLines[partId].orderId != orderId) {
            (bool found,) = _indexOf(orderId, o, partId);
            return found ? DeliveryCode.PartSettled : DeliveryCode.PartNotInOrder;
        }
        if (Pausable(address(participants)).paused()) return DeliveryCode.SuitePaused;
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) return DeliveryCode.PartRetired;
        if (info.status == IPartRegistry.PartStatus.Suspect) return DeliveryCode.PartSuspect;
        if (info.status == IPartRegistry.PartStatus.Frozen) return DeliveryCode.PartFrozen;
        if (!_serviceable(partId)) return DeliveryCode.PartUnserviceable;
        (address seller, address buyer) = (o.seller, o.buyer);
        if (info.owner != seller) return DeliveryCode.SellerNotOwner;
        if (_bridge().encumbranceOf(partId) != buyer) return DeliveryCode.NotEncumbered;
        IParticipantRegistry.PartyCode code =
            participants.transferCheck(seller, seller, buyer, IRegistrySettings(address(parts)).permissioned());
        if (code == IParticipantRegistry.PartyCode.Ok) return DeliveryCode.Ok;
        if (code == IParticipantRegistry.PartyCode.SuitePaused) return DeliveryCode.SuitePaused;
        if (
            code == IParticipantRegistry.PartyCode.ReceiverNotRegistered
                || code == IParticipantRegistry.PartyCode.ReceiverSuspended
        ) return DeliveryCode.BuyerRefused;
        return DeliveryCode.SellerRefused;
    }

    /// @inheritdoc IPurchaseOrders
    function isDeliverer(uint256 orderId, address account) external view returns (bool) {
        return account == _orders[orderId].seller || _deliverers[orderId][account];
    }

    /// @inheritdoc IPurchaseOrders
    function assignmentOffer(uint256 orderId) external view returns (AssignmentOffer memory offer) {
        offer = _offers[orderId];
        if (offer.offeredBy != _payeeOf(orderId, _orders[orderId].seller) || block.timestamp > offer.expiry) {
            delete offer; // void, or lapsed
        }
    }

    /// @inheritdoc IPurchaseOrders
    function dispute(uint256 orderId) external view returns (address raisedBy, bytes32 documentHash) {
        DisputeData storage d = _disputes[orderId];
        return (d.raisedBy, d.documentHash);
    }

    /// @inheritdoc IPurchaseOrders
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    // ================================================================ internals

    /// @dev Checks and records a new order (the money side is the caller's).
    function _open(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256 price,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter
    ) private returns (uint256 orderId) {
        participants.requireActive(msg.sender); // and the suite runs
        if (seller == msg.sender) revert SameBuyerAndSeller(seller);
        participants.requireActive(seller);
        if (arbiter == msg.sender || arbiter == seller) revert ArbiterIsParty(arbiter);
        uint32 arbiterId = participants.requireActiveRole(arbiter, Roles.ARBITER);
        _requireAllowed(IERC20(token));
        uint256 count = partIds.length;
        if (count == 0 || count > MAX_PARTS) revert InvalidPartCount(count, MAX_PARTS);
        if (price < count) revert PriceTooLow(price, count);
        if (price > MAX_PRICE) revert PriceTooHigh(price, MAX_PRICE);
        if (deadline <= block.timestamp) revert DeadlineNotInFuture(deadline, block.timestamp);
        if (deadline > block.timestamp + MAX_TERM) revert DeadlineTooFar(deadline, block.timestamp + MAX_TERM);
        if (terms == Terms.Credit ? maturity <= deadline : maturity != 0) {
            revert InvalidOrderMaturity(maturity, deadline);
        }
        unchecked {
            orderId = ++_orderCount; // a uint64 of orders is never exhausted
        }
        IERC721 registry = IERC721(address(parts));
        for (uint256 i; i < count; ++i) {
            uint256 partId = partIds[i];
            address owner = registry.ownerOf(partId); // reverts PartNotFound
            if (owner != seller) revert PartNotOwnedBySeller(partId, seller, owner);
            for (uint256 j; j < i; ++j) {
                if (partIds[j] == partId) revert DuplicatePart(partId); // <= MAX_PARTS^2 / 2 compares
            }
            _orderParts[orderId][i] = partId; // no booking: other orders may name it until one is accepted
        }
        _orders[orderId] = OrderData({
            buyer: msg.sender,
            deadline: SafeCast.toUint40(deadline),
            maturity: SafeCast.toUint40(maturity),
            terms: terms,
            state: OrderState.Open,
            seller: seller,
            arbiterId: arbiterId,
            delivered: 0,
            dropped: 0,
            token: token,
            partCount: uint8(count), // <= MAX_PARTS
            price: uint88(price) // <= MAX_PRICE
        });
        emit OrderOpened(orderId, msg.sender, seller, token, price, deadline, terms, maturity, arbiter, partIds);
    }

    /// @dev Delivers `partIds` of an accepted order (caller checked; `onTime`: the seller's delivery,
    /// before the deadline; else the buyer's confirmation): marks them, moves each part through the
    /// registry (a part the buyer holds already, unencumbered, is not moved on a confirmation), then
    /// pays (prepaid) or invoices (credit) their shares in one go. The seller's delivery must be
    /// sound: a part past its life limit reverts with the records' `LifeLimitExceeded` (the buyer
    /// may still take it knowingly with {confirmReceipt}, or drop it).
    function _settleDelivery(uint256 orderId, OrderData storage o, uint256[] calldata partIds, bool onTime) private {
        _requireState(orderId, _stateOf(o), OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (onTime && block.timestamp > o.deadline) revert DeadlinePassed(orderId, o.deadline);
        uint256 count = partIds.length;
        if (count == 0) revert EmptyDelivery(orderId);
        bool prepaid = o.terms == Terms.Prepaid;
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
            uint256 share = _share(o, index);
            amount += share;
            emit PartDelivered(orderId, partId, payee, share, msg.sender);
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
            emit ShipmentInvoiced(orderId, receivableId, invoiceHash, amount);
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
        private
        returns (uint256 amount, uint256 count, uint256 forced)
    {
        uint256 settled = o.delivered | o.dropped;
        uint256 parts_ = o.partCount;
        address buyer = o.buyer;
        IPartFinancing bridge = _bridge();
        for (uint256 i; i < parts_; ++i) {
            if (settled & (1 << i) != 0) continue;
            uint256 share = _share(o, i);
            if (encumbered) {
                uint256 partId = _orderParts[orderId][i];
                delete _openLines[partId];
                if (bridge.encumbranceOf(partId) == buyer) {
                    bridge.release(partId);
                } else if (parts.rootOwnerOf(partId) == buyer) {
                    o.delivered |= uint32(1 << i);
                    forced += share;
                    emit PartDelivered(orderId, partId, _payeeOf(orderId, o.seller), share, msg.sender);
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
    function _payForced(uint256 orderId, OrderData storage o, uint256 amount) private {
        if (amount == 0) return;
        if (o.terms == Terms.Prepaid) _credit(IERC20(o.token), _payeeOf(orderId, o.seller), amount);
        else receivables.releaseCredit(o.buyer, amount);
    }

    /// @dev Whether part `partId` is the buyer's without being promised to it: a forced transfer
    /// lifted the encumbrance and moved it to the buyer. The buyer is the part's holder as every
    /// money rule here reads it: the root owner (once installed, the ERC-721 owner is the registry).
    function _forcedToBuyer(IPartFinancing bridge, uint256 partId, address buyer) private view returns (bool) {
        return bridge.encumbranceOf(partId) != buyer && parts.rootOwnerOf(partId) == buyer;
    }

    /// @dev Whether the booking of part `partId` by accepted order `orderId` no longer holds the
    /// part: it is neither promised to that order's buyer nor held by it (a forced transfer moved
    /// it away from the seller, to anyone but the buyer, even back to the seller), and the order
    /// can move money (accepted, not frozen: a dispute or a freeze keeps the line for the arbiter
    /// or the regulator). Such a line can never be delivered.
    function _staleBooking(uint256 partId, uint256 orderId) private view returns (bool) {
        OrderData storage o = _orders[orderId];
        address buyer = o.buyer;
        return o.state == OrderState.Accepted && !_extras[orderId].frozen && _bridge().encumbranceOf(partId) != buyer
            && parts.rootOwnerOf(partId) != buyer;
    }

    /// @dev Drops pending line `index` (part `partId`) of order `orderId`: marked dropped, the part
    /// unbooked; returns its share, which the caller refunds.
    function _dropLine(uint256 orderId, OrderData storage o, uint256 partId, uint256 index)
        private
        returns (uint256 share)
    {
        o.dropped |= uint32(1 << index);
        delete _openLines[partId];
        share = _share(o, index);
        emit PartDropped(orderId, partId, share);
        _completeIfSettled(orderId, o);
    }

    /// @dev Whether part `partId` is within its life limit by the registry's life-limit oracle (true
    /// when none is connected). A revert without data (out of gas) is no verdict: read as
    /// serviceable, so a caller starving the call cannot drop a sound part.
    function _serviceable(uint256 partId) private view returns (bool) {
        IServiceability records = IRegistrySettings(address(parts)).records();
        if (address(records) == address(0)) return true;
        try records.checkServiceable(partId) {
            return true;
        } catch (bytes memory reason) {
            return reason.length == 0;
        }
    }

    /// @dev What a prepaid order still escrows: the shares of its pending lines (0 once closed, or on credit).
    function _escrowedOf(OrderData storage o) private view returns (uint256 amount) {
        if (o.terms != Terms.Prepaid || !_live(o.state)) return 0;
        uint256 count = o.partCount;
        for (uint256 i; i < count; ++i) {
            if (_lineState(o, i) == LineState.Pending) amount += _share(o, i);
        }
    }

    /// @dev Only a token the receivables contract allows, and so has probed (an order on credit
    /// becomes a receivable in it): one probe vets the token for both. Else `TokenNotAllowed`.
    function _vetToken(IERC20 token) internal view override {
        if (!FinanceBase(address(receivables)).tokenAllowed(token)) revert TokenNotAllowed(address(token));
    }

    /// @dev Gives the buyer back `amount`: prepaid, the money (straight when it calls, else
    /// credited); credit, that much of its reservation.
    function _refund(OrderData storage o, uint256 amount) private {
        if (o.terms == Terms.Prepaid) _pay(IERC20(o.token), o.buyer, amount);
        else receivables.releaseCredit(o.buyer, amount);
    }

    /// @dev Pays `amount` of `token` to `to`: transferred when `to` is the caller (it can only
    /// block itself), credited for {withdraw} otherwise.
    function _pay(IERC20 token, address to, uint256 amount) private {
        if (to == msg.sender) {
            if (amount != 0) token.safeTransfer(to, amount);
        } else {
            _credit(token, to, amount);
        }
    }

    /// @dev An order is Completed once every line is settled; storage keeps Accepted (see
    /// {_stateOf}): the last delivery saves a state write.
    function _completeIfSettled(uint256 orderId, OrderData storage o) private {
        if (_settledAll(o)) emit OrderCompleted(orderId);
    }

    /// @dev The order's state: Completed when accepted and every part delivered or dropped.
    function _stateOf(OrderData storage o) private view returns (OrderState state) {
        state = o.state;
        if (state == OrderState.Accepted && _settledAll(o)) return OrderState.Completed;
    }

    function _settledAll(OrderData storage o) private view returns (bool) {
        return uint256(o.delivered | o.dropped) == (1 << o.partCount) - 1;
    }

    /// @dev The index of `partId` in order `orderId`, which must hold it pending.
    function _pendingIndex(uint256 orderId, OrderData storage o, uint256 partId) private view returns (uint256) {
        Line memory line = _openLines[partId];
        if (line.orderId == orderId) return line.index;
        (bool found, uint256 index) = _indexOf(orderId, o, partId);
        if (!found) revert PartNotInOrder(orderId, partId);
        revert PartAlreadySettled(orderId, partId, _lineState(o, index));
    }

    function _indexOf(uint256 orderId, OrderData storage o, uint256 partId)
        private
        view
        returns (bool found, uint256 index)
    {
        uint256 count = o.partCount;
        for (; index < count; ++index) {
            if (_orderParts[orderId][index] == partId) return (true, index);
        }
    }

    function _lineState(OrderData storage o, uint256 index) private view returns (LineState) {
        if (o.delivered & (1 << index) != 0) return LineState.Delivered;
        if (o.dropped & (1 << index) != 0) return LineState.Dropped;
        OrderState state = o.state;
        if (_live(state)) return LineState.Pending;
        return state == OrderState.Ruled ? LineState.Ruled : LineState.Refunded;
    }

    /// @dev Each part carries price / count; the last one also the remainder, so shares sum to the price.
    function _share(OrderData storage o, uint256 index) private view returns (uint256 share) {
        uint256 count = o.partCount;
        uint256 price = o.price;
        share = price / count;
        if (index == count - 1) share += price % count;
    }

    function _payeeOf(uint256 orderId, address seller) private view returns (address) {
        address payee = _extras[orderId].payee;
        return payee == address(0) ? seller : payee;
    }

    function _existing(uint256 orderId) private view returns (OrderData storage o) {
        o = _orders[orderId];
        if (o.state == OrderState.None) revert OrderNotFound(orderId);
    }

    /// @dev The error names the state the order reads as ({_stateOf}: Completed, not the stored
    /// Accepted), the same one `order()` shows.
    function _requireOpen(uint256 orderId, OrderData storage o) private view {
        if (o.state != OrderState.Open) revert OrderNotOpen(orderId, _stateOf(o));
    }

    function _requireState(uint256 orderId, OrderState state, OrderState expected) private pure {
        if (state == expected) return;
        if (expected == OrderState.Open) revert OrderNotOpen(orderId, state);
        revert OrderNotAccepted(orderId, state);
    }

    function _requireNotFrozen(uint256 orderId) private view {
        if (_extras[orderId].frozen) revert OrderIsFrozen(orderId);
    }

    function _live(OrderState state) private pure returns (bool) {
        return state == OrderState.Open || state == OrderState.Accepted || state == OrderState.Disputed;
    }

    function _bridge() private view returns (IPartFinancing) {
        return IPartFinancing(address(parts));
    }
}
