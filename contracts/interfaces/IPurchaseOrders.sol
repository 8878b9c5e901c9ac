// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPurchaseOrders
/// @notice Purchase orders for registered parts with delivery versus payment. A buyer opens an
/// order to a seller for parts the seller owns, prepaid (the price is escrowed here) or on credit
/// (the buyer's credit line is reserved; each delivery issues the seller a confirmed receivable).
/// The seller accepts (its parts are encumbered for the buyer), then delivers: each part moves to
/// the buyer through the registry and, in the same transaction, its share of the price is paid to
/// the payee (prepaid) or invoiced (credit). What is not delivered by the deadline is refunded; a
/// part that can no longer be delivered may be dropped at once; a dispute is ruled by the order's
/// arbiter; the seller may sell its right to a prepaid order's payment to a financier.
/// @dev Money and parts move together or not at all. Payments go straight to the caller; anyone
/// else is credited and withdraws ({FinanceBase-withdraw}), so no recipient can block another party.
interface IPurchaseOrders {
    /// @dev How the buyer pays.
    enum Terms {
        Prepaid, // the price is escrowed at opening and paid out part by part on delivery
        Credit // nothing moves at opening; each delivery issues a confirmed receivable
    }

    /// @dev Lifecycle of an order. Declined, Cancelled, Completed, Refunded and Ruled are final.
    enum OrderState {
        None,
        Open, // waiting for the seller
        Accepted, // parts encumbered for the buyer; deliveries run
        Disputed, // a party raised a dispute: nothing moves until the arbiter rules (or its window ends)
        Declined, // the seller declined; the buyer was refunded
        Cancelled, // the buyer cancelled before acceptance and was refunded
        Completed, // every part delivered or dropped
        Refunded, // the deadline (or a dispute's ruling window) passed: what was not delivered was refunded
        Ruled // the arbiter split what was escrowed; undelivered parts were released
    }

    /// @dev State of one part of an order.
    enum LineState {
        None, // not a part of the order
        Pending, // still to be delivered
        Delivered, // moved to the buyer and paid (or invoiced)
        Dropped, // dropped by the buyer (no longer deliverable); its share refunded
        Refunded, // not delivered: the order was declined, cancelled or refunded after its deadline
        Ruled // not delivered when the arbiter ruled
    }

    /// @dev Answer of {canDeliver}: why a delivery of a part would fail now (Ok if it would pass).
    enum DeliveryCode {
        Ok,
        OrderNotFound,
        OrderNotAccepted,
        OrderDisputed, // in dispute or frozen by a regulator
        DeadlinePassed,
        PartNotInOrder,
        PartSettled, // delivered or dropped already
        SellerNotOwner, // the part left the seller (forced transfer)
        NotEncumbered, // the part is not (or no longer) promised to the buyer
        PartRetired,
        PartFrozen,
        PartSuspect,
        SuitePaused,
        SellerRefused, // the seller is suspended or not registered
        BuyerRefused, // the buyer is suspended or not registered
        PartUnserviceable // past its life limit (the records' verdict): it cannot be delivered sound
    }

    /// @dev An order as {order} reports it.
    struct Order {
        address buyer;
        address seller;
        address token;
        uint256 price; // the whole order, smallest units of `token`
        uint64 deadline; // delivery deadline (unix seconds)
        uint64 maturity; // credit: when the receivables fall due (0 for prepaid)
        Terms terms;
        OrderState state;
        address arbiter;
        address payee; // who deliveries pay: the seller, or the financier it assigned the order to
        bool frozen; // frozen by a regulator
        uint256 partCount;
    }

    /// @dev A pending offer of an order's payment to a financier ({offerAssignment}).
    struct AssignmentOffer {
        address financier;
        uint64 expiry; // last second it may be taken (at most the order's deadline)
        address offeredBy; // the payee that made it; void once the payee changes
        uint256 advance;
        uint256 claim; // what the order escrowed when offered: the take fails if it changed
    }

    // ---------------------------------------------------------------- errors
    /// @dev No order has id `orderId`.
    error OrderNotFound(uint256 orderId);
    /// @dev The buyer and the seller are the same account.
    error SameBuyerAndSeller(address account);
    /// @dev An order holds between 1 and `max` parts; `count` were given.
    error InvalidPartCount(uint256 count, uint256 max);
    /// @dev `owner` holds part `partId`, not the seller `seller`.
    error PartNotOwnedBySeller(uint256 partId, address seller, address owner);
    /// @dev Part `partId` is held by accepted order `orderId` (promised to its buyer, or forced to
    /// that buyer, or the order is disputed or frozen): no other order can be accepted for it
    /// until that line settles. A part forced away to anyone else is not held.
    error PartInAcceptedOrder(uint256 partId, uint256 orderId);
    /// @dev Something was taken out of a part of order `orderId` (an ordered assembly), or an
    /// ordered part out of an assembly, since the buyer opened it: the parts' content versions
    /// summed `atOpening` then and `current` now. The seller cannot accept what the buyer did not
    /// order; the buyer cancels and orders again.
    error PartsChangedSinceOpening(uint256 orderId, uint256 atOpening, uint256 current);
    /// @dev Part `partId` appears twice in the order being opened.
    error DuplicatePart(uint256 partId);
    /// @dev The price must be at least one smallest unit per part: `price` for `partCount` parts.
    error PriceTooLow(uint256 price, uint256 partCount);
    /// @dev The price `price` is above the largest an order holds, `max` (for an order priced by
    /// line: one line's price, or their sum).
    error PriceTooHigh(uint256 price, uint256 max);
    /// @dev An order priced by line names one price per part: `partCount` parts, `priceCount` prices.
    error LinePricesMismatch(uint256 partCount, uint256 priceCount);
    /// @dev Line `index` of an order priced by line is priced zero: every line carries at least one
    /// smallest unit (as an order's price carries at least one per part, `PriceTooLow`).
    error ZeroLinePrice(uint256 index);
    /// @dev The deadline `deadline` is not in the future (`now_`).
    error DeadlineNotInFuture(uint256 deadline, uint256 now_);
    /// @dev The deadline `deadline` is further ahead than {MAX_TERM} allows (`latest`).
    error DeadlineTooFar(uint256 deadline, uint256 latest);
    /// @dev Credit: the maturity must come after the deadline; prepaid: it must be zero.
    error InvalidOrderMaturity(uint256 maturity, uint256 deadline);
    /// @dev The arbiter `arbiter` is a party to the order.
    error ArbiterIsParty(address arbiter);
    /// @dev The order's terms are not `expected`.
    error WrongTerms(uint256 orderId, Terms expected);
    /// @dev Order `orderId` is `state`: only an open order (waiting for the seller) allows this.
    error OrderNotOpen(uint256 orderId, OrderState state);
    /// @dev Order `orderId` is `state`: only an accepted order allows this.
    error OrderNotAccepted(uint256 orderId, OrderState state);
    /// @dev Order `orderId` is `state`: only an order in dispute can be ruled.
    error OrderNotDisputed(uint256 orderId, OrderState state);
    /// @dev Order `orderId` is `state`: it is closed.
    error OrderNotRefundable(uint256 orderId, OrderState state);
    /// @dev Order `orderId` is in dispute and its arbiter may rule until `until` (the later of the
    /// deadline and the dispute, plus {DISPUTE_WINDOW}): it cannot be refunded before.
    error RulingWindowOpen(uint256 orderId, uint256 until);
    /// @dev A regulator froze order `orderId`: nothing moves on it.
    error OrderIsFrozen(uint256 orderId);
    /// @dev The deadline `deadline` of order `orderId` has passed.
    error DeadlinePassed(uint256 orderId, uint256 deadline);
    /// @dev Order `orderId` on credit matured at `maturity`: a receipt confirmed now would invoice
    /// a receivable already due, so nothing more is delivered on it.
    error OrderMatured(uint256 orderId, uint256 maturity);
    /// @dev The deadline `deadline` of order `orderId` has not passed yet.
    error DeadlineNotPassed(uint256 orderId, uint256 deadline);
    /// @dev `account` is not the buyer of order `orderId`.
    error NotBuyer(uint256 orderId, address account);
    /// @dev `account` is not the seller of order `orderId`.
    error NotSeller(uint256 orderId, address account);
    /// @dev `account` is neither the buyer nor the seller of order `orderId`.
    error NotParty(uint256 orderId, address account);
    /// @dev `account` is neither the seller of order `orderId` nor authorised by it to deliver.
    error NotDeliverer(uint256 orderId, address account);
    /// @dev `account` is not the arbiter named by order `orderId`.
    error NotArbiter(uint256 orderId, address account);
    /// @dev `account` is not the payee of order `orderId`.
    error NotPayee(uint256 orderId, address account);
    /// @dev `account` cannot deliver for order `orderId`: it is the zero address or the buyer.
    error InvalidDeliverer(uint256 orderId, address account);
    /// @dev A delivery names no part.
    error EmptyDelivery(uint256 orderId);
    /// @dev Part `partId` is not a part of order `orderId`.
    error PartNotInOrder(uint256 orderId, uint256 partId);
    /// @dev Part `partId` of order `orderId` is settled already (`state`).
    error PartAlreadySettled(uint256 orderId, uint256 partId, LineState state);
    /// @dev Part `partId` of order `orderId` can still be delivered sound (promised, with the seller,
    /// in service and within its life limit, the seller active): it cannot be dropped.
    error PartStillDeliverable(uint256 orderId, uint256 partId);
    /// @dev Part `partId` of order `orderId` is the buyer's already (a forced transfer): it is not
    /// dropped nor refunded; the buyer settles it with {confirmReceipt}.
    error PartWithBuyer(uint256 orderId, uint256 partId);
    /// @dev A split is given in basis points: `buyerBps` is above 10,000.
    error InvalidSplit(uint256 buyerBps);
    /// @dev The financier `financier` is the buyer, the payee or the arbiter of order `orderId`.
    error InvalidFinancier(uint256 orderId, address financier);
    /// @dev Order `orderId` has no offer of its payment to `financier` from its current payee.
    error NoAssignmentOffer(uint256 orderId, address financier);
    /// @dev The offer of order `orderId` asks `offered`; the financier agreed to `expected`.
    error AdvanceMismatch(uint256 orderId, uint256 offered, uint256 expected);
    /// @dev The financier took order `orderId`'s payment as a claim of `agreed`; the order escrows
    /// `current` now (a delivery or a drop since the offer): nothing is assigned.
    error ClaimChanged(uint256 orderId, uint256 agreed, uint256 current);
    /// @dev An assignment offer of order `orderId` must expire after now and no later than the
    /// order's deadline `deadline`; `expiry` was given.
    error InvalidAssignmentExpiry(uint256 orderId, uint256 expiry, uint256 deadline);
    /// @dev The assignment offer of order `orderId` lapsed at `expiry`.
    error AssignmentOfferExpired(uint256 orderId, uint256 expiry);
    /// @dev The payee of order `orderId` received `received` of the `advance` the financier paid
    /// (a token charging a fee on transfer): nothing is assigned.
    error AdvanceNotReceived(uint256 orderId, uint256 advance, uint256 received);
    /// @dev Regulator `regulator` is the buyer, the seller, the payee or the arbiter of order
    /// `orderId`: it may neither freeze nor unfreeze it.
    error RegulatorHasStake(uint256 orderId, address regulator);

    // ---------------------------------------------------------------- events
    /// @notice `buyer` opened order `orderId` to `seller` for `partIds` (prepaid: `price` escrowed).
    event OrderOpened(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address token,
        uint256 price,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter,
        uint256[] partIds
    );
    /// @notice Order `orderId` was opened priced by line: part `i` carries `linePrices[i]` (their
    /// sum is the order's price), which every share of the order pays, refunds or invoices.
    event OrderPricedByLine(uint256 indexed orderId, uint256[] linePrices);
    /// @notice The seller accepted: the order's parts are encumbered for the buyer.
    event OrderAccepted(uint256 indexed orderId, address indexed seller);
    /// @notice The seller declined; the buyer is refunded `refund` (prepaid).
    event OrderDeclined(uint256 indexed orderId, address indexed seller, uint256 refund);
    /// @notice The buyer cancelled before acceptance and is refunded `refund` (prepaid).
    event OrderCancelled(uint256 indexed orderId, address indexed buyer, uint256 refund);
    /// @notice The seller authorised (or deauthorised) `deliverer` to deliver the order.
    event DelivererAuthorised(uint256 indexed orderId, address indexed deliverer, bool authorised);
    /// @notice Part `partId` reached the buyer through the order; `amount` (its share) was paid to
    /// `payee` (prepaid) or invoiced to it (credit). `by` delivered it (the seller, an authorised
    /// deliverer, or the buyer confirming a delivery received outside the contract).
    event PartDelivered(
        uint256 indexed orderId, uint256 indexed partId, address indexed payee, uint256 amount, address by
    );
    /// @notice A delivery on credit issued receivable `receivableId` of `amount` to the seller.
    event ShipmentInvoiced(uint256 indexed orderId, uint256 indexed receivableId, bytes32 invoiceHash, uint256 amount);
    /// @notice The buyer dropped part `partId` (no longer deliverable); its share `refund` is
    /// refunded (prepaid) or released from the buyer's credit reservation (credit).
    event PartDropped(uint256 indexed orderId, uint256 indexed partId, uint256 refund);
    /// @notice Every part of the order was delivered or dropped.
    event OrderCompleted(uint256 indexed orderId);
    /// @notice The deadline passed: `refund` of what was not delivered was refunded (prepaid) or
    /// released (credit), and `parts` undelivered parts went back to the seller.
    event OrderRefunded(uint256 indexed orderId, address indexed buyer, uint256 refund, uint256 parts);
    /// @notice `by`, a party, raised a dispute, naming the document `documentHash`.
    event OrderDisputed(uint256 indexed orderId, address indexed by, bytes32 documentHash);
    /// @notice The arbiter ruled: `buyerBps` of what was escrowed, `toBuyer`, to the buyer and
    /// `toPayee` to the payee; undelivered parts went back to the seller.
    event OrderRuled(
        uint256 indexed orderId, address indexed arbiter, uint256 buyerBps, uint256 toBuyer, uint256 toPayee
    );
    /// @notice The payee offered its right to the order's payment to `financier` for `advance`,
    /// until `expiry`.
    event AssignmentOffered(
        uint256 indexed orderId, address indexed payee, address indexed financier, uint256 advance, uint64 expiry
    );
    /// @notice `financier` took the order's payment over from `previousPayee`, paying it `advance`.
    event OrderAssigned(
        uint256 indexed orderId, address indexed previousPayee, address indexed financier, uint256 advance
    );
    /// @notice A regulator froze (or unfroze) the order.
    event OrderFrozen(uint256 indexed orderId, address indexed regulator, bool frozen, bytes32 reasonHash);

    // ---------------------------------------------------------------- actions
    /// @notice The caller (buyer) opens an order to `seller` for `partIds`, which the seller owns
    /// (any number of unaccepted orders may name the same part: only acceptance holds it), with a
    /// deadline at most {MAX_TERM} ahead. Prepaid: `price` is pulled from the caller now (approve
    /// first). Credit: `price` of the caller's credit line is reserved until `maturity`.
    /// @return orderId the new order's id (1, 2, ...).
    function openOrder(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256 price,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter
    ) external returns (uint256 orderId);

    /// @notice {openOrder} with a price per line instead of one for the whole order: part
    /// `partIds[i]` carries `linePrices[i]`, and the order's price is their sum (escrowed or
    /// reserved as {openOrder}'s). Each share the order pays, refunds, invoices, splits in a ruling
    /// or sells to a financier is then the line's own price, not an equal part of the whole: a
    /// party able to recall or freeze one part of a mixed bundle cannot reprice the rest. The
    /// seller accepts the prices with the order. Refused: a price count other than the part count
    /// (`LinePricesMismatch`), a zero line (`ZeroLinePrice`), a line or a sum above {MAX_PRICE}
    /// (`PriceTooHigh`); then as {openOrder}.
    /// @param seller The seller, owner of every part.
    /// @param partIds The parts ordered (1 to {MAX_PARTS}, each once).
    /// @param token The ERC-20 the order is paid in (allowed by the admin).
    /// @param linePrices The price of each part, in the order of `partIds` (smallest units of `token`).
    /// @param deadline The delivery deadline (after now, at most {MAX_TERM} ahead).
    /// @param terms Prepaid (the sum is pulled now: approve first) or Credit (reserved on the credit line).
    /// @param maturity Credit: when the receivables fall due (after `deadline`); prepaid: 0.
    /// @param arbiter Who rules a dispute (ARBITER role, neither party).
    /// @return orderId the new order's id.
    function openOrderWithPrices(
        address seller,
        uint256[] calldata partIds,
        address token,
        uint256[] calldata linePrices,
        uint64 deadline,
        Terms terms,
        uint64 maturity,
        address arbiter
    ) external returns (uint256 orderId);

    /// @notice {openOrder} prepaid, with an EIP-2612 permit of `price` for this contract instead of
    /// an approval (a permit already used, e.g. by a front-runner, is tolerated if the allowance is there).
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
    ) external returns (uint256 orderId);

    /// @notice The seller accepts an open order before its deadline: every part is encumbered for
    /// the buyer (it must still be the seller's, loose and in service, held by no accepted order,
    /// and able to reach the buyer). The line of an accepted order whose part a forced transfer
    /// moved away ({openOrderOf} 0) is dropped on the way and its share refunded to that buyer.
    /// Nothing may have been taken out of an ordered assembly since the opening
    /// (`PartsChangedSinceOpening`, read from the registry's `contentVersionOf`).
    function acceptOrder(uint256 orderId) external;

    /// @notice The seller declines an open order; the buyer is refunded.
    function declineOrder(uint256 orderId) external;

    /// @notice The buyer cancels an order the seller has not accepted; it is refunded.
    function cancelOrder(uint256 orderId) external;

    /// @notice The seller lets `deliverer` deliver the order for it (or stops it).
    function authoriseDeliverer(uint256 orderId, address deliverer, bool authorised) external;

    /// @notice The seller or an authorised deliverer delivers `partIds` before the deadline: each
    /// moves to the buyer and its share is paid to the payee (prepaid) or invoiced (credit). Each
    /// part must be within its life limit (else the records' `LifeLimitExceeded`).
    /// @param orderId The order.
    /// @param partIds The parts delivered (pending parts of the order).
    function deliver(uint256 orderId, uint256[] calldata partIds) external;

    /// @notice The buyer confirms it received `partIds` outside the contract: each moves to it and
    /// its share is paid or invoiced, as a delivery (late deliveries included, until refunded). A
    /// part a forced transfer moved to the buyer already (the buyer the root owner of its assembly,
    /// once installed) is settled the same way, without a move. On credit, only before the order's
    /// maturity (`OrderMatured`): the receivable it issues must not be due already.
    /// @param orderId The order.
    /// @param partIds The parts received (pending parts of the order).
    function confirmReceipt(uint256 orderId, uint256[] calldata partIds) external;

    /// @notice The buyer drops a part that can no longer be delivered sound (recalled, frozen,
    /// retired, past its life limit, moved away from the seller by a forced transfer to anyone but
    /// the buyer, or its seller suspended or offboarded) and is refunded its share.
    /// @param orderId The order.
    /// @param partId The part of the order to drop.
    function dropPart(uint256 orderId, uint256 partId) external;

    /// @notice After the deadline anyone closes an order that is open or accepted, and a disputed
    /// order once its ruling window passed ({DISPUTE_WINDOW} after the later of the deadline and
    /// the dispute): what was not delivered is refunded to the buyer and its parts released to the
    /// seller; a line whose part is the buyer's already (forced transfer; the root owner of its
    /// assembly once installed) is paid to the payee (prepaid) instead of refunded. The buyer is
    /// paid straight when it calls, which it may only while active; anyone else's call credits it
    /// (so a suspended or offboarded buyer's refund waits for {withdraw}).
    /// @param orderId The order.
    function refundExpired(uint256 orderId) external;

    /// @notice The buyer or the seller raises a dispute over an accepted order, naming the
    /// document that states it, until the deadline (`DeadlinePassed` after it: what is undelivered
    /// then is the buyer's refund, which a dispute would only hold up).
    /// @param orderId The order.
    /// @param documentHash Hash of the document that states the dispute.
    function raiseDispute(uint256 orderId, bytes32 documentHash) external;

    /// @notice The order's arbiter rules: `buyerBps` of what is escrowed goes to the buyer, the
    /// rest to the payee; undelivered parts are released to the seller, and credit reservations of
    /// undelivered parts released. The order is closed. A line whose part is the buyer's already
    /// (forced transfer) is outside the split: paid to the payee (prepaid).
    function rule(uint256 orderId, uint256 buyerBps) external;

    /// @notice The payee of an accepted prepaid order offers its right to the payment to
    /// `financier` (neither the buyer nor the order's arbiter) for `advance` until `expiry` (after
    /// now, at most the order's deadline, so none once it passed: `InvalidAssignmentExpiry`); the offer records what the order escrows now, the claim sold (a new
    /// offer replaces the previous one).
    /// @param orderId The order.
    /// @param financier The financier offered the payment.
    /// @param advance What the financier pays the payee for it.
    /// @param expiry The last second the offer may be taken.
    function offerAssignment(uint256 orderId, address financier, uint256 advance, uint64 expiry) external;

    /// @notice The financier the payee offered the order to takes it, paying `advance` (which must
    /// match the offer) to the payee in the same transaction, provided the order still escrows
    /// exactly the `claim` the financier names (`ClaimChanged`) and the offer has not expired
    /// (`AssignmentOfferExpired`; an offer expires by the order's deadline) and the payee receives
    /// exactly `advance` (`AdvanceNotReceived`); deliveries pay the financier from now.
    /// @param orderId The order.
    /// @param advance The advance the financier agreed to (must equal the offer's).
    /// @param claim The claim the financier pays for: what the order must escrow now (the offer's
    /// `claim`, from {assignmentOffer}).
    function takeAssignment(uint256 orderId, uint256 advance, uint256 claim) external;

    /// @notice A regulator freezes (or unfreezes) an order: nothing moves on it meanwhile, and its
    /// receivables freeze. Not a regulator with a stake in the order: its buyer, seller, payee or
    /// arbiter (`RegulatorHasStake`). A freeze works while the suite is paused (it only restricts);
    /// lifting one waits until the suite runs again.
    /// @param orderId The order.
    /// @param frozen True to freeze, false to lift the freeze.
    /// @param reasonHash Hash of the decision document.
    function freezeOrder(uint256 orderId, bool frozen, bytes32 reasonHash) external;

    // ---------------------------------------------------------------- views
    /// @notice Whether order `orderId` is in dispute or frozen by a regulator now: the receivables
    /// it issued are frozen meanwhile.
    function isDisputed(uint256 orderId) external view returns (bool);

    /// @notice Order `orderId` (state None if there is none).
    function order(uint256 orderId) external view returns (Order memory);

    /// @notice The parts of order `orderId` and the state of each.
    function orderParts(uint256 orderId) external view returns (uint256[] memory partIds, LineState[] memory states);

    /// @notice What order `orderId` holds in escrow now (prepaid: the shares of undelivered parts
    /// of an order not yet closed; credit: zero).
    function escrowed(uint256 orderId) external view returns (uint256);

    /// @notice The share of the price part number `index` of order `orderId` carries: its line
    /// price for an order opened with {openOrderWithPrices}, else an equal share (price / count,
    /// the last part also the remainder of the division); 0 past the last part.
    function shareOf(uint256 orderId, uint256 index) external view returns (uint256);

    /// @notice Reverts with the receivables contract's `PartAlreadyFinanced(assemblyId, receivableId)`
    /// while an assembly `partId` is installed in, at any level, backs a confirmed open receivable
    /// there whose debtor holds it (is the root owner); a recalled part (`isSuspect`) never. The
    /// part registry asks it before `partId` comes out of its assembly: a debtor's financed
    /// assembly keeps what backs its receivable, so no part the debtor takes out of it backs a
    /// second one, while a recall is always carried out. A later owner (the debtor sold the
    /// assembly) is not bound by the debtor's receivable. At most the registry's
    /// `MAX_ASSEMBLY_DEPTH` levels.
    /// @param partId The installed part about to come out.
    function requireRemovable(uint256 partId) external view;

    /// @notice The accepted order that holds part `partId` (0 when none; unaccepted orders hold
    /// nothing; nor does an order whose part a forced transfer moved away to anyone but its buyer:
    /// the next acceptance of the part drops that line, refunding its buyer).
    function openOrderOf(uint256 partId) external view returns (uint256);

    /// @notice Whether part `partId` of order `orderId` could be delivered now, and why not; never reverts.
    function canDeliver(uint256 orderId, uint256 partId) external view returns (DeliveryCode);

    /// @notice Whether `account` may deliver order `orderId` for its seller.
    function isDeliverer(uint256 orderId, address account) external view returns (bool);

    /// @notice The pending offer of order `orderId`'s payment to a financier (zeros if none).
    function assignmentOffer(uint256 orderId) external view returns (AssignmentOffer memory);

    /// @notice The dispute of order `orderId`: who raised it and the document it named (zeros if none).
    function dispute(uint256 orderId) external view returns (address raisedBy, bytes32 documentHash);

    /// @notice Number of orders ever opened (ids run from 1 to this).
    function orderCount() external view returns (uint256);
}
