// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IPurchaseOrders as IPO} from "../interfaces/IPurchaseOrders.sol";
import {Roles} from "../libraries/Roles.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PurchaseOrdersBase, IRegistrySettings} from "./PurchaseOrdersBase.sol";

/// @title PurchaseOrdersExtension
/// @notice The less frequent half of {PurchaseOrders}: declining, cancelling, dropping a line,
/// refunding, disputes and rulings, assigning the payment, the regulator's freeze, and the views.
/// {PurchaseOrders} deploys it and runs it by delegatecall in its own storage (the two together
/// exceed the 24 KB code limit of one contract); its functions are documented in {IPurchaseOrders}.
/// @dev Called directly, it acts on its own empty storage: every order is unknown to it.
contract PurchaseOrdersExtension is PurchaseOrdersBase {
    using SafeERC20 for IERC20;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_, IReceivables receivables_)
        PurchaseOrdersBase(participants_, parts_, receivables_)
    {}

    /// @notice See {IPurchaseOrders-declineOrder}.
    /// @dev The refund is credited to the buyer (withdraw): a buyer that cannot receive the token
    /// must not keep the seller's parts tied to the order.
    function declineOrder(uint256 orderId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.seller) revert IPO.NotSeller(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireOpen(orderId, o);
        _requireNotFrozen(orderId);
        o.state = IPO.OrderState.Declined;
        (uint256 refund,,) = _closeLines(orderId, o, false);
        emit IPO.OrderDeclined(orderId, msg.sender, o.terms == IPO.Terms.Prepaid ? refund : 0);
        _refund(o, refund);
    }

    /// @notice See {IPurchaseOrders-cancelOrder}.
    /// @dev The refund goes straight to the caller (the buyer).
    function cancelOrder(uint256 orderId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer) revert IPO.NotBuyer(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireOpen(orderId, o);
        _requireNotFrozen(orderId);
        o.state = IPO.OrderState.Cancelled;
        (uint256 refund,,) = _closeLines(orderId, o, false);
        emit IPO.OrderCancelled(orderId, msg.sender, o.terms == IPO.Terms.Prepaid ? refund : 0);
        _refund(o, refund);
    }

    /// @notice See {IPurchaseOrders-authoriseDeliverer}.
    function authoriseDeliverer(uint256 orderId, address deliverer, bool authorised) external {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.seller) revert IPO.NotSeller(orderId, msg.sender);
        participants.requireActive(msg.sender);
        if (deliverer == address(0) || deliverer == o.buyer) revert IPO.InvalidDeliverer(orderId, deliverer);
        _deliverers[orderId][deliverer] = authorised;
        emit IPO.DelivererAuthorised(orderId, deliverer, authorised);
    }

    /// @notice See {IPurchaseOrders-dropPart}.
    /// @dev The refund goes straight to the caller (the buyer). A part the seller still holds
    /// encumbered (recalled or frozen, past its life limit, or its seller suspended or offboarded)
    /// is released to it. A part a forced transfer gave the buyer (the root owner of its assembly
    /// once installed) is refused (`PartWithBuyer`): the buyer has it, so it settles as delivered
    /// ({confirmReceipt}).
    function dropPart(uint256 orderId, uint256 partId) external nonReentrant {
        OrderData storage o = _existing(orderId);
        (address buyer, address seller) = (o.buyer, o.seller);
        if (msg.sender != buyer) revert IPO.NotBuyer(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireState(orderId, _stateOf(o), IPO.OrderState.Accepted);
        _requireNotFrozen(orderId);
        uint256 index = _pendingIndex(orderId, o, partId);
        IPartFinancing bridge = _bridge();
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        bool promised = bridge.encumbranceOf(partId) == buyer;
        if (
            promised && info.owner == seller && info.status == IPartRegistry.PartStatus.InService
                && participants.isActive(seller) && _serviceable(partId)
        ) revert IPO.PartStillDeliverable(orderId, partId);
        if (!promised && info.owner == buyer) revert IPO.PartWithBuyer(orderId, partId);
        uint256 share = _dropLine(orderId, o, partId, index);
        if (promised) bridge.release(partId);
        _refund(o, share);
    }

    /// @notice See {IPurchaseOrders-refundExpired}.
    /// @dev Anyone may close an expired order (the seller to get its parts back, a keeper): the
    /// refund goes straight to the buyer when it calls, else it is credited to it. The buyer calls
    /// only while active: a suspended or offboarded buyer's refund waits for {withdraw}, which
    /// pays it once reinstated, as everything else credited to it does. A dispute the
    /// arbiter does not rule within {DISPUTE_WINDOW} (a lost key, an offboarded or captured
    /// arbiter) ends the same way, so escrow and parts are never locked for good; until then the
    /// arbiter alone decides. A line whose part is the buyer's already is settled as delivered.
    function refundExpired(uint256 orderId) external nonReentrant {
        _requireNotPaused();
        OrderData storage o = _existing(orderId);
        if (msg.sender == o.buyer) participants.requireActive(msg.sender); // paid straight: see above
        IPO.OrderState state = _stateOf(o);
        if (!_live(state)) revert IPO.OrderNotRefundable(orderId, state);
        _requireNotFrozen(orderId);
        uint256 deadline = o.deadline;
        if (state == IPO.OrderState.Disputed) {
            uint256 raisedAt = _disputes[orderId].raisedAt;
            uint256 until = (raisedAt > deadline ? raisedAt : deadline) + DISPUTE_WINDOW;
            if (block.timestamp <= until) revert IPO.RulingWindowOpen(orderId, until);
        } else if (block.timestamp <= deadline) {
            revert IPO.DeadlineNotPassed(orderId, deadline);
        }
        o.state = IPO.OrderState.Refunded;
        (uint256 refund, uint256 count, uint256 forced) = _closeLines(orderId, o, state != IPO.OrderState.Open);
        emit IPO.OrderRefunded(orderId, o.buyer, refund, count);
        _payForced(orderId, o, forced);
        _refund(o, refund);
    }

    // ================================================================ disputes

    /// @notice See {IPurchaseOrders-raiseDispute}.
    /// @dev A dispute holds the escrow and the pending parts until the deadline plus
    /// {DISPUTE_WINDOW}. Neither party raises one after the deadline: the seller, who alone could
    /// have delivered by then, would keep the buyer from its refund; the buyer would hold the
    /// seller's parts (and, on credit, its receivables of the order) for lines it gets back anyway.
    function raiseDispute(uint256 orderId, bytes32 documentHash) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (msg.sender != o.buyer && msg.sender != o.seller) revert IPO.NotParty(orderId, msg.sender);
        participants.requireActive(msg.sender);
        _requireState(orderId, _stateOf(o), IPO.OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (block.timestamp > o.deadline) revert IPO.DeadlinePassed(orderId, o.deadline);
        o.state = IPO.OrderState.Disputed;
        // (a uint64 of seconds never overflows: the cast is safe)
        _disputes[orderId] = DisputeData(msg.sender, uint64(block.timestamp), documentHash);
        emit IPO.OrderDisputed(orderId, msg.sender, documentHash);
    }

    /// @notice See {IPurchaseOrders-rule}.
    /// @dev Both shares are credited (pull payments): the arbiter is neither party, and either
    /// party refusing the token must not block the other's payout. On credit nothing is escrowed:
    /// the buyer's reservation of the undelivered parts is released and `buyerBps` moves nothing.
    /// The arbiter may rule until someone refunds the order after {DISPUTE_WINDOW}.
    function rule(uint256 orderId, uint256 buyerBps) external nonReentrant {
        OrderData storage o = _existing(orderId);
        if (participants.requireActive(msg.sender) != o.arbiterId) revert IPO.NotArbiter(orderId, msg.sender);
        participants.requireActiveRole(msg.sender, Roles.ARBITER);
        if (o.state != IPO.OrderState.Disputed) revert IPO.OrderNotDisputed(orderId, o.state);
        _requireNotFrozen(orderId);
        if (buyerBps > BPS) revert IPO.InvalidSplit(buyerBps);
        o.state = IPO.OrderState.Ruled;
        (uint256 held,, uint256 forced) = _closeLines(orderId, o, true);
        uint256 toBuyer;
        uint256 toPayee;
        if (o.terms == IPO.Terms.Prepaid) {
            toBuyer = held * buyerBps / BPS;
            toPayee = held - toBuyer;
        }
        emit IPO.OrderRuled(orderId, msg.sender, buyerBps, toBuyer, toPayee);
        _payForced(orderId, o, forced);
        if (o.terms == IPO.Terms.Prepaid) {
            IERC20 token = IERC20(o.token);
            _credit(token, o.buyer, toBuyer);
            _credit(token, _payeeOf(orderId, o.seller), toPayee);
        } else {
            receivables.releaseCredit(o.buyer, held);
        }
    }

    // ================================================================ purchase-order financing

    /// @notice See {IPurchaseOrders-offerAssignment}.
    /// @dev The arbiter is compared by participant number (what the order keeps): an account with
    /// both ARBITER and FINANCIER roles cannot buy the payment of an order it judges. The offer
    /// is the only way to a payee change, so {takeAssignment} need not ask again.
    function offerAssignment(uint256 orderId, address financier, uint256 advance, uint64 expiry) external nonReentrant {
        OrderData storage o = _existing(orderId);
        address payee = _payeeOf(orderId, o.seller);
        if (msg.sender != payee) revert IPO.NotPayee(orderId, msg.sender);
        participants.requireActive(msg.sender);
        if (o.terms != IPO.Terms.Prepaid) revert IPO.WrongTerms(orderId, IPO.Terms.Prepaid);
        _requireState(orderId, _stateOf(o), IPO.OrderState.Accepted);
        _requireNotFrozen(orderId);
        if (financier == o.buyer || financier == payee) revert IPO.InvalidFinancier(orderId, financier);
        if (participants.requireActiveRole(financier, Roles.FINANCIER) == o.arbiterId) {
            revert IPO.InvalidFinancier(orderId, financier); // the judge of the order cannot own its payment
        }
        if (advance == 0) revert ZeroAmount();
        // (past the deadline no expiry is valid: nothing is offered then)
        uint256 deadline = o.deadline;
        if (expiry <= block.timestamp || expiry > deadline) {
            revert IPO.InvalidAssignmentExpiry(orderId, expiry, deadline);
        }
        _offers[orderId] = IPO.AssignmentOffer(financier, expiry, msg.sender, advance, _escrowedOf(orderId, o));
        emit IPO.AssignmentOffered(orderId, msg.sender, financier, advance, expiry);
    }

    /// @notice See {IPurchaseOrders-takeAssignment}.
    /// @dev The advance goes from the financier straight to the payee that offered: it asked for
    /// it, so a payee refusing the token only fails its own assignment. The new payee is set first.
    /// The financier names the claim it pays for, and the order must still escrow exactly that: a
    /// delivery or drop since (even one front-running the take, with a new offer at the same
    /// advance) fails it (`ClaimChanged`). Nothing is assigned after the offer's expiry, which is
    /// at the latest the delivery deadline (`AssignmentOfferExpired`: a seller that missed it would
    /// sell a payment the buyer is about to be refunded). The payee must receive exactly the
    /// advance (`AdvanceNotReceived`): a token that charges a fee on transfer would otherwise hand
    /// the financier the whole claim for less than the payee agreed to.
    function takeAssignment(uint256 orderId, uint256 advance, uint256 claim) external nonReentrant {
        OrderData storage o = _existing(orderId);
        IPO.AssignmentOffer memory offer = _offers[orderId];
        address previous = _payeeOf(orderId, o.seller);
        if (offer.financier != msg.sender || offer.offeredBy != previous) {
            revert IPO.NoAssignmentOffer(orderId, msg.sender);
        }
        participants.requireActiveRole(msg.sender, Roles.FINANCIER);
        participants.requireActive(previous);
        _requireState(orderId, _stateOf(o), IPO.OrderState.Accepted);
        _requireNotFrozen(orderId);
        // (an offer expires by the order's deadline at the latest: nothing is taken after either)
        if (block.timestamp > offer.expiry) revert IPO.AssignmentOfferExpired(orderId, offer.expiry);
        if (offer.advance != advance) revert IPO.AdvanceMismatch(orderId, offer.advance, advance);
        uint256 current = _escrowedOf(orderId, o);
        if (current != claim) revert IPO.ClaimChanged(orderId, claim, current);
        _extras[orderId].payee = msg.sender;
        delete _offers[orderId];
        emit IPO.OrderAssigned(orderId, previous, msg.sender, advance);
        IERC20 token = IERC20(o.token);
        uint256 before = token.balanceOf(previous);
        token.safeTransferFrom(msg.sender, previous, advance);
        uint256 balance = token.balanceOf(previous);
        uint256 received = balance > before ? balance - before : 0;
        if (received != advance) revert IPO.AdvanceNotReceived(orderId, advance, received);
    }

    // ================================================================ regulator

    /// @notice See {IPurchaseOrders-freezeOrder}.
    /// @dev As the part registry treats its freezes and recalls: a freeze only restricts, so it
    /// works while the suite is paused; lifting one does not. The arbiter is compared by
    /// participant number (what the order keeps).
    function freezeOrder(uint256 orderId, bool frozen, bytes32 reasonHash) external {
        uint32 caller = frozen
            ? participants.requireActiveRoleWhilePaused(msg.sender, Roles.REGULATOR)
            : participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        OrderData storage o = _existing(orderId);
        address seller = o.seller;
        if (
            msg.sender == o.buyer || msg.sender == seller || msg.sender == _payeeOf(orderId, seller)
                || caller == o.arbiterId
        ) revert IPO.RegulatorHasStake(orderId, msg.sender);
        _extras[orderId].frozen = frozen;
        emit IPO.OrderFrozen(orderId, msg.sender, frozen, reasonHash);
    }

    /// @notice See {IPurchaseOrders-order}.
    function order(uint256 orderId) external view returns (IPO.Order memory info) {
        OrderData storage o = _orders[orderId];
        if (o.state == IPO.OrderState.None) return info;
        info = IPO.Order({
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

    /// @notice See {IPurchaseOrders-orderParts}.
    function orderParts(uint256 orderId)
        external
        view
        returns (uint256[] memory partIds, IPO.LineState[] memory states)
    {
        OrderData storage o = _orders[orderId];
        uint256 count = o.partCount;
        partIds = new uint256[](count);
        states = new IPO.LineState[](count);
        for (uint256 i; i < count; ++i) {
            partIds[i] = _orderParts[orderId][i];
            states[i] = _lineState(o, i);
        }
    }

    /// @notice See {IPurchaseOrders-escrowed}.
    function escrowed(uint256 orderId) external view returns (uint256) {
        return _escrowedOf(orderId, _orders[orderId]);
    }

    /// @notice See {IPurchaseOrders-shareOf}.
    function shareOf(uint256 orderId, uint256 index) external view returns (uint256) {
        OrderData storage o = _orders[orderId];
        return index < o.partCount ? _share(orderId, o, index) : 0;
    }

    /// @notice See {IPurchaseOrders-canDeliver}.
    /// @dev About the seller's {deliver} (the buyer's {confirmReceipt} ignores the deadline).
    function canDeliver(uint256 orderId, uint256 partId) external view returns (IPO.DeliveryCode) {
        OrderData storage o = _orders[orderId];
        IPO.OrderState state = _stateOf(o);
        if (state == IPO.OrderState.None) return IPO.DeliveryCode.OrderNotFound;
        if (state == IPO.OrderState.Disputed || _extras[orderId].frozen) return IPO.DeliveryCode.OrderDisputed;
        if (state != IPO.OrderState.Accepted) return IPO.DeliveryCode.OrderNotAccepted;
        if (block.timestamp > o.deadline) return IPO.DeliveryCode.DeadlinePassed;
        if (_openLines[partId].orderId != orderId) {
            (bool found,) = _indexOf(orderId, o, partId);
            return found ? IPO.DeliveryCode.PartSettled : IPO.DeliveryCode.PartNotInOrder;
        }
        if (Pausable(address(participants)).paused()) return IPO.DeliveryCode.SuitePaused;
        IPartRegistry.PartInfo memory info = parts.verifyPart(partId);
        if (info.status == IPartRegistry.PartStatus.Retired) return IPO.DeliveryCode.PartRetired;
        if (info.status == IPartRegistry.PartStatus.Suspect) return IPO.DeliveryCode.PartSuspect;
        if (info.status == IPartRegistry.PartStatus.Frozen) return IPO.DeliveryCode.PartFrozen;
        if (!_serviceable(partId)) return IPO.DeliveryCode.PartUnserviceable;
        (address seller, address buyer) = (o.seller, o.buyer);
        if (info.owner != seller) return IPO.DeliveryCode.SellerNotOwner;
        if (_bridge().encumbranceOf(partId) != buyer) return IPO.DeliveryCode.NotEncumbered;
        IParticipantRegistry.PartyCode code =
            participants.transferCheck(seller, seller, buyer, IRegistrySettings(address(parts)).permissioned());
        if (code == IParticipantRegistry.PartyCode.Ok) return IPO.DeliveryCode.Ok;
        if (code == IParticipantRegistry.PartyCode.SuitePaused) return IPO.DeliveryCode.SuitePaused;
        if (
            code == IParticipantRegistry.PartyCode.ReceiverNotRegistered
                || code == IParticipantRegistry.PartyCode.ReceiverSuspended
        ) return IPO.DeliveryCode.BuyerRefused;
        return IPO.DeliveryCode.SellerRefused;
    }

    /// @notice See {IPurchaseOrders-isDeliverer}.
    function isDeliverer(uint256 orderId, address account) external view returns (bool) {
        return account == _orders[orderId].seller || _deliverers[orderId][account];
    }

    /// @notice See {IPurchaseOrders-assignmentOffer}.
    function assignmentOffer(uint256 orderId) external view returns (IPO.AssignmentOffer memory offer) {
        offer = _offers[orderId];
        if (offer.offeredBy != _payeeOf(orderId, _orders[orderId].seller) || block.timestamp > offer.expiry) {
            delete offer; // void, or lapsed
        }
    }

    /// @notice See {IPurchaseOrders-dispute}.
    function dispute(uint256 orderId) external view returns (address raisedBy, bytes32 documentHash) {
        DisputeData storage d = _disputes[orderId];
        return (d.raisedBy, d.documentHash);
    }
}
