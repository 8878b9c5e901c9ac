// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IReceivables
/// @notice Multi-tier receivables as ERC-1155: one id per receivable, one unit per smallest unit of
/// its token. A supplier issues a claim on a debtor (the core enterprise); the debtor confirms it
/// (irrevocable) or rejects it; the confirmed units move down the tiers (split and transfer),
/// are discounted to financiers, and each holder redeems what the debtor has paid for its units.
/// @dev Lifecycle: Pending -> Rejected | Outstanding -> (Overdue -> Defaulted, by time) -> Paid.
/// Units exist only once confirmed (minted to the creditor at confirmation), so a pending or
/// rejected receivable has nothing that could move. The functions {reserveCredit},
/// {releaseCredit} and {issueForOrder} are the purchase orders' door (signatures fixed).
interface IReceivables {
    /// @dev The state of a receivable, as {receivable} reports it. Overdue and Defaulted are
    /// derived from the clock: an Outstanding receivable past its maturity is Overdue, and past
    /// maturity plus its grace period Defaulted.
    enum ReceivableState {
        None,
        Pending,
        Rejected,
        Outstanding,
        Overdue,
        Defaulted,
        Paid,
        Withdrawn
    }

    /// @dev Answer of {canTransfer}. 0..7 mirror {IParticipantRegistry.PartyCode}.
    enum ReceivableCode {
        Ok,
        SuitePaused,
        OperatorSuspended,
        OperatorNotRegistered,
        SenderNotRegistered,
        SenderSuspended,
        ReceiverNotRegistered,
        ReceiverSuspended,
        InvalidReceiver,
        ReceivableNotFound,
        NotConfirmed,
        Settled,
        Frozen,
        InsufficientUnits
    }

    /// @dev Everything about a receivable in one call ({receivable}).
    struct ReceivableInfo {
        ReceivableState state;
        uint8 frozenFlags; // FROZEN_BY_REGULATOR | FROZEN_BY_PART | FROZEN_BY_ORDER, now
        address debtor;
        address creditor; // the supplier it was issued to
        address token;
        uint256 face;
        uint256 paid;
        uint256 shortfall; // face - paid once past maturity; zero before
        uint64 maturity;
        uint64 defaultsAt; // maturity + the grace period in force at issue
        address orders; // the purchase-order contract that issued it (zero: issued by the supplier)
        uint256 orderId;
        uint256 partCount;
    }

    /// @dev A discount offer ({offerDiscount}): `units` of receivable `id` for `price` of its token.
    /// `holderDebt` and `holderBalance` are the holder's redemption debt and balance at the offer:
    /// what its units were worth then ({takeDiscount} refuses if they are worth less per unit now).
    struct DiscountOffer {
        uint256 id;
        address holder;
        address financier;
        uint256 units;
        uint256 price;
        uint64 expiry;
        uint256 holderDebt;
        uint256 holderBalance;
    }

    // ---------------------------------------------------------------- errors
    /// @dev Only the connected purchase-order contract may call; `caller` is not it.
    error NotOrders(address caller);
    /// @dev `orders` does not answer `parts()`, `participants()` and `receivables()` with this
    /// suite, or it is the current or a replaced orders contract.
    error InvalidOrders(address orders);
    /// @dev Winding-down orders contract `orders` would release or issue `amount` of `debtor`'s
    /// credit, more than the `reserved` it still holds of what it reserved for `debtor` itself
    /// (another contract's reservations for the debtor are not its to settle).
    error WindingDownExceeded(address orders, address debtor, uint256 amount, uint256 reserved);
    /// @dev No receivable has id `id`.
    error ReceivableNotFound(uint256 id);
    /// @dev `debtor` cannot owe this receivable (zero, or the creditor itself).
    error InvalidDebtor(address debtor);
    /// @dev The face amount must be between 1 and 2^128 - 1.
    error InvalidFace(uint256 face);
    /// @dev `maturity` is outside [earliest, latest] (after now, within the maximum tenor).
    error InvalidMaturity(uint64 maturity, uint64 earliest, uint64 latest);
    /// @dev An invoice hash must not be zero.
    error EmptyInvoiceHash();
    /// @dev Invoice `invoiceHash` of `creditor` to `debtor` already backs the confirmed receivable
    /// `receivableId` (an invoice is financed once, ever).
    error InvoiceAlreadyFinanced(address creditor, address debtor, bytes32 invoiceHash, uint256 receivableId);
    /// @dev A receivable links at most `max` parts; `count` were given.
    error TooManyParts(uint256 count, uint256 max);
    /// @dev Part `partId` is owned by `owner`, not by the debtor `debtor`.
    error PartNotOwnedByDebtor(uint256 partId, address debtor, address owner);
    /// @dev A receivable links whole parts only: part `partId` sits in an assembly (link the
    /// assembly's root; its debtor takes nothing out of a financed assembly until it is paid).
    error PartInAssembly(uint256 partId);
    /// @dev Part `partId` already backs confirmed open receivable `receivableId` (or is named twice).
    error PartAlreadyFinanced(uint256 partId, uint256 receivableId);
    /// @dev `account` is not receivable `id`'s debtor `debtor`.
    error NotDebtor(uint256 id, address account, address debtor);
    /// @dev `account` is not receivable `id`'s creditor `creditor`.
    error NotCreditor(uint256 id, address account, address creditor);
    /// @dev Receivable `id` is `state`, not pending: it was confirmed, rejected or withdrawn already.
    error ReceivableNotPending(uint256 id, ReceivableState state);
    /// @dev Receivable `id` is `state`: only a confirmed receivable moves, is paid or discounted.
    error ReceivableNotConfirmed(uint256 id, ReceivableState state);
    /// @dev Receivable `id` is fully paid: its units no longer move; holders redeem them.
    error ReceivableSettled(uint256 id);
    /// @dev Receivable `id` is frozen (`frozenFlags`): no transfer, split or discount.
    error ReceivableFrozen(uint256 id, uint8 frozenFlags);
    /// @dev `debtor` would owe `outstanding` (confirmed unpaid + reserved) plus `amount` of `token`, over its line `line` in it.
    error CreditLineExceeded(address debtor, address token, uint256 line, uint256 outstanding, uint256 amount);
    /// @dev `amount` is more than the `reserved` credit of `debtor` in `token` the connected orders
    /// contract holds (what it reserved itself: a replaced contract's reservations are not its own).
    error ReservationExceeded(address debtor, address token, uint256 amount, uint256 reserved);
    /// @dev `debtor` has `reserved` of `held` reserved: an order on credit in `token` waits until it is settled.
    error CreditReservedInOtherToken(address debtor, address held, uint256 reserved, address token);
    /// @dev Offer `offerId`'s units are worth less than when offered: the holder's redemption debt
    /// per unit rose from `debtAtOffer` / `balanceAtOffer` to `debtNow` / `balanceNow` (it redeemed).
    error OfferDevalued(
        uint256 offerId, uint256 debtAtOffer, uint256 balanceAtOffer, uint256 debtNow, uint256 balanceNow
    );
    /// @dev A payment of `amount` exceeds the `remaining` unpaid face of receivable `id`.
    error Overpayment(uint256 id, uint256 amount, uint256 remaining);
    /// @dev `holder` has nothing to redeem on receivable `id` now.
    error NothingToRedeem(uint256 id, address holder);
    /// @dev Receivable `id` is frozen by a regulator already.
    error AlreadyFrozen(uint256 id);
    /// @dev Receivable `id` is not frozen by a regulator.
    error NotFrozenByRegulator(uint256 id);
    /// @dev No open discount offer `offerId`.
    error OfferNotFound(uint256 offerId);
    /// @dev Offer `offerId` expired at `expiry`.
    error OfferExpired(uint256 offerId, uint64 expiry);
    /// @dev An offer's expiry `expiry` must be after now.
    error InvalidOfferExpiry(uint64 expiry);
    /// @dev `account` is not the financier `financier` offer `offerId` names.
    error NotOfferFinancier(uint256 offerId, address account, address financier);
    /// @dev `account` is not the holder `holder` who made offer `offerId`.
    error NotOfferHolder(uint256 offerId, address account, address holder);
    /// @dev `holder` has `balance` units of receivable `id`, fewer than the `units` offered.
    error InsufficientUnits(uint256 id, address holder, uint256 balance, uint256 units);
    /// @dev The holder received `received` of the price `price` (a fee-on-transfer token): refused.
    error PriceNotReceived(uint256 offerId, uint256 price, uint256 received);
    /// @dev Terms out of range: a maximum tenor of 1 day to 10 years, a grace period up to 365 days.
    error InvalidTerms(uint64 maxTenor, uint64 gracePeriod);
    /// @dev `account` holds units of receivable `id`, or is its creditor or debtor: it may not lift its freeze.
    error AuthorityHasStake(uint256 id, address account);

    // ---------------------------------------------------------------- events
    /// @notice The purchase-order contract changed (`previous` zero the first time).
    event OrdersConnected(address previous, address orders);
    /// @notice The replaced orders contract `orders` winds down holding `reserved` credit: it may
    /// release it or issue receivables against it (its credit orders settle as before), nothing more.
    event OrdersWindingDown(address indexed orders, uint256 reserved);
    /// @notice Receivable `id` was issued: `face` of `token` owed by `debtor` to `creditor` at
    /// `maturity`, for invoice `invoiceHash`, linked to `partIds`; `orderId` zero unless an order
    /// on credit issued it (then confirmed at once).
    event ReceivableIssued(
        uint256 indexed id,
        address indexed creditor,
        address indexed debtor,
        address token,
        uint256 face,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256 orderId,
        uint256[] partIds
    );
    /// @notice The debtor confirmed receivable `id`: its `face` units were minted to the creditor.
    event ReceivableConfirmed(uint256 indexed id, address indexed debtor, uint256 face);
    /// @notice The debtor rejected receivable `id`; its invoice and its parts stay free (a claim
    /// binds neither until confirmed).
    event ReceivableRejected(uint256 indexed id, address indexed debtor);
    /// @notice The creditor withdrew its pending claim `id` before the debtor answered; as a
    /// rejected one, it binds nothing.
    event ClaimWithdrawn(uint256 indexed id, address indexed creditor);
    /// @notice `payer` paid `amount` on receivable `id`; `paidTotal` has been paid so far.
    event ReceivablePaid(uint256 indexed id, address indexed payer, uint256 amount, uint256 paidTotal);
    /// @notice `holder` redeemed `amount` of the token; `unitsBurned` of its units were burned
    /// (all of them once the receivable is fully paid, else zero).
    event ReceivableRedeemed(uint256 indexed id, address indexed holder, uint256 amount, uint256 unitsBurned);
    /// @notice A regulator froze receivable `id`.
    event ReceivableFrozenBy(uint256 indexed id, address indexed regulator, bytes32 reasonHash);
    /// @notice A regulator lifted its freeze of receivable `id`.
    event ReceivableUnfrozen(uint256 indexed id, address indexed regulator, bytes32 reasonHash);
    /// @notice `holder` offered `units` of receivable `id` to `financier` for `price` until `expiry`.
    event DiscountOffered(
        uint256 indexed offerId,
        uint256 indexed id,
        address indexed holder,
        address financier,
        uint256 units,
        uint256 price,
        uint64 expiry
    );
    /// @notice `financier` took offer `offerId`: `units` moved to it and `price` to `holder`.
    event DiscountTaken(
        uint256 indexed offerId,
        uint256 indexed id,
        address indexed holder,
        address financier,
        uint256 units,
        uint256 price
    );
    /// @notice `holder` withdrew offer `offerId`.
    event DiscountCancelled(uint256 indexed offerId, address indexed holder);
    /// @notice The admin set `debtor`'s credit line in `token` to `line` (smallest units of `token`).
    event CreditLineSet(address indexed debtor, address indexed token, uint256 line, address indexed admin);
    /// @notice The admin set the maximum tenor and the grace period of new receivables.
    event TermsSet(uint64 maxTenor, uint64 gracePeriod, address indexed admin);
    /// @notice The orders contract reserved `amount` of `debtor`'s line in `token`; `reserved` is reserved now.
    event CreditReserved(address indexed debtor, address indexed token, uint256 amount, uint256 reserved);
    /// @notice `amount` of `debtor`'s reservation in `token` was released (or consumed by an issue
    /// when `consumed`); `reserved` is left.
    event CreditReleased(
        address indexed debtor, address indexed token, uint256 amount, uint256 reserved, bool consumed
    );

    // ---------------------------------------------------------------- the orders' door
    /// @notice The connected purchase-order contract reserves `amount` of `debtor`'s credit line in
    /// `token` for an order on credit maturing at `maturity`. Reverts when the token is not allowed,
    /// the maturity is past or beyond the maximum tenor, the line would be exceeded (with the
    /// figures), or the debtor has credit reserved in another token ({releaseCredit} names none).
    function reserveCredit(address debtor, address token, uint256 amount, uint64 maturity) external;

    /// @notice The connected purchase-order contract, or a winding-down one ({windingDown}), gives
    /// back `amount` of a reservation (parts not delivered: refunded, dropped, ruled), in the token
    /// the debtor's reservations are in. Each contract settles only what it reserved for the debtor
    /// itself ({ReservationExceeded}, {WindingDownExceeded}).
    function releaseCredit(address debtor, uint256 amount) external;

    /// @notice The connected purchase-order contract (or a winding-down one, as {releaseCredit})
    /// issues the confirmed receivable of a delivery
    /// on credit: `amount` units to `creditor`, owed by `debtor`, consuming that much of the
    /// debtor's reservation; linked to the delivered `partIds` (owned by the debtor now). Its
    /// invoice `invoiceHash`, the seller's to the buyer, binds at once ({InvoiceAlreadyFinanced}
    /// if a claim of the seller on the buyer with that hash was confirmed first).
    /// @return receivableId the new receivable's ERC-1155 id.
    function issueForOrder(
        uint256 orderId,
        address creditor,
        address debtor,
        address token,
        uint256 amount,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256[] calldata partIds
    ) external returns (uint256 receivableId);

    // ---------------------------------------------------------------- lifecycle
    /// @notice An active participant (the supplier, creditor) issues a pending claim of `face` of
    /// `token` on `debtor`, due at `maturity`, for invoice `invoiceHash`, naming `partIds` (at most
    /// 32, distinct, each owned by the debtor and backing no confirmed open receivable). An invoice
    /// is the caller's to the debtor: the same hash of another creditor, or to another debtor, is
    /// another invoice. It must not back a confirmed receivable yet; a pending claim holds neither
    /// its invoice nor its parts: both are checked again and bound at {confirm}, so a claim the
    /// debtor never confirms blocks nothing.
    /// @return id the new receivable's id.
    function issue(
        address debtor,
        address token,
        uint256 face,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256[] calldata partIds
    ) external returns (uint256 id);

    /// @notice The debtor confirms pending receivable `id`, irrevocably, in a token still allowed
    /// (`TokenNotAllowed`), within its credit line in the receivable's token, before its maturity, its invoice backing no other confirmed
    /// receivable of the same creditor to it (then bound, for ever), its parts still its own and
    /// backing no other confirmed receivable (then linked): the face units are minted to the creditor.
    function confirm(uint256 id) external;

    /// @notice The debtor rejects pending receivable `id`.
    /// @param id the pending claim.
    function reject(uint256 id) external;

    /// @notice The creditor withdraws its pending claim `id` (state `Withdrawn`): the debtor can no
    /// longer confirm it, e.g. a claim in a token since disallowed, or one issued again with
    /// other terms. Open to a suspended creditor and during a pause: it only takes a claim back.
    /// Reverts {NotCreditor} for another caller and {ReceivableNotPending} once answered.
    /// @param id the pending claim.
    function withdrawClaim(uint256 id) external;

    /// @notice Pays `amount` of receivable `id` (anyone may pay for the debtor), at most what is
    /// unpaid; the exact amount is pulled from the caller.
    function pay(uint256 id, uint256 amount) external;

    /// @notice The caller redeems what has been paid for its units of `id` and it has not redeemed
    /// yet; once fully paid this also burns its units.
    /// @return amount what was sent to the caller.
    function redeem(uint256 id) external returns (uint256 amount);

    // ---------------------------------------------------------------- discount
    /// @notice A holder offers `units` of `id` to the FINANCIER `financier` for `price` of the
    /// receivable's token, until `expiry`. The units stay with the holder until taken.
    /// @return offerId the offer's id.
    function offerDiscount(uint256 id, address financier, uint256 units, uint256 price, uint64 expiry)
        external
        returns (uint256 offerId);

    /// @notice The named financier takes offer `offerId`: the units move to it and the price moves
    /// from it to the holder, in this one transaction. Refused ({OfferDevalued}) if the holder's
    /// units are worth less per unit than at the offer (it redeemed on them meanwhile).
    function takeDiscount(uint256 offerId) external;

    /// @notice The holder withdraws its offer `offerId`.
    function cancelDiscount(uint256 offerId) external;

    // ---------------------------------------------------------------- authorities
    /// @notice A regulator freezes receivable `id` (no transfer, split or discount; payment and
    /// redemption stay open), also while the suite is paused.
    /// @param id The receivable.
    /// @param reasonHash Hash of the decision document.
    function freeze(uint256 id, bytes32 reasonHash) external;

    /// @notice A regulator with no stake in receivable `id` (none of its units, neither its
    /// creditor nor its debtor: `AuthorityHasStake`) lifts its freeze.
    /// @param id The receivable.
    /// @param reasonHash Hash of the decision document.
    function unfreeze(uint256 id, bytes32 reasonHash) external;

    /// @notice Connects the purchase-order contract: the admin alone the first time; replacing it
    /// takes two authorities. The replaced contract winds down with the credit it holds reserved
    /// ({OrdersWindingDown}): it reserves no more, and releases it or issues against it as its open
    /// orders settle, per debtor what it reserved for that debtor, never the new contract's
    /// reservations. A replaced contract is never connected again (as in the registry).
    /// @param orders The new purchase-order contract (neither the current one nor a replaced one).
    function connectOrders(address orders) external;

    /// @notice The admin sets `debtor`'s credit line in `token`, in its smallest units (confirmed
    /// unpaid + reserved in that token may not exceed it); each token has its own line.
    function setCreditLine(address debtor, address token, uint256 line) external;

    /// @notice The admin sets the maximum tenor and the grace period of new receivables.
    function setTerms(uint64 maxTenor, uint64 gracePeriod) external;

    // ---------------------------------------------------------------- views
    /// @notice Whether `amount` units of `id` could move from `from` (acting itself) to `to` now,
    /// and if not why; never reverts.
    function canTransfer(address from, address to, uint256 id, uint256 amount) external view returns (ReceivableCode);

    /// @notice State, figures, parties and freeze flags of receivable `id` in one call.
    function receivable(uint256 id) external view returns (ReceivableInfo memory);

    /// @notice What `holder` could redeem on `id` now.
    function redeemable(uint256 id, address holder) external view returns (uint256);

    /// @notice Why receivable `id` is frozen now (0: it is not): FROZEN_BY_REGULATOR,
    /// FROZEN_BY_PART (a linked part suspect or frozen), FROZEN_BY_ORDER (its order disputed).
    function frozenFlags(uint256 id) external view returns (uint8);

    /// @notice The parts receivable `id` is for.
    function partsOf(uint256 id) external view returns (uint256[] memory);

    /// @notice The confirmed receivable (outstanding or paid) that invoice `invoiceHash` of
    /// `creditor` to `debtor` backs (zero if none; pending claims naming it are not bound). A
    /// delivery on credit's invoice is the seller's to the buyer.
    /// @param creditor The supplier (a delivery's seller) the invoice is from.
    /// @param debtor The debtor (a delivery's buyer) it is to.
    /// @param invoiceHash The invoice's hash.
    function receivableOfInvoice(address creditor, address debtor, bytes32 invoiceHash) external view returns (uint256);

    /// @notice The confirmed open (unpaid) receivable part `partId` backs (zero if none; a pending
    /// claim holds no part).
    function openReceivableOf(uint256 partId) external view returns (uint256);

    /// @notice `debtor`'s line in `token`, its confirmed unpaid amount and its reserved credit in it.
    function creditOf(address debtor, address token)
        external
        view
        returns (uint256 line, uint256 outstanding, uint256 reserved);

    /// @notice The token `debtor`'s credit reservations are in (the last one reserved).
    function reservationTokenOf(address debtor) external view returns (address);

    /// @notice The credit of `debtor` that orders contract `orders` (the connected one or a
    /// winding-down one) holds reserved, in the token of the debtor's reservations
    /// ({reservationTokenOf}): what it reserved for the debtor itself and may still release or
    /// issue against (zero for any other account).
    /// @param orders The orders contract asked about.
    /// @param debtor The debtor whose reservation is shared out.
    function reservedBy(address orders, address debtor) external view returns (uint256);

    /// @notice The maximum tenor and the grace period of new receivables.
    function terms() external view returns (uint64 maxTenor, uint64 gracePeriod);

    /// @notice Discount offer `offerId` (all zero when none is open).
    function discountOffer(uint256 offerId) external view returns (DiscountOffer memory);

    /// @notice The connected purchase-order contract, the only one that reserves credit.
    function orders() external view returns (address);

    /// @notice Whether `orders` is a replaced purchase-order contract, and the credit it still
    /// holds reserved, all debtors together (what it may yet release or issue against, each
    /// debtor's within what it reserved for that debtor; once zero, its calls of zero still pass so
    /// its last orders close).
    /// @param orders The contract asked about.
    function windingDown(address orders) external view returns (bool replaced, uint256 reserved);
}
