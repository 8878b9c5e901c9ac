// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {PartData} from "../libraries/PartData.sol";
import {Roles} from "../libraries/Roles.sol";
import {FinanceBase} from "./FinanceBase.sol";

/// @title Receivables
/// @notice Multi-tier receivables as an OpenZeppelin 5 ERC-1155: one id per receivable, one unit
/// per smallest unit of its token. See {IReceivables}.
///
/// @dev Pay and redeem without loops over holders. For a receivable of face F (units) of which P
/// has been paid, a holder with balance b and redemption debt D (a per-holder number, in token
/// units times F) may redeem
///
///     redeemable = floor((b * P - D) / F)
///
/// and redeeming c adds c * F to D. Write N = b * P - D (the holder's unredeemed entitlement,
/// times F). Invariants: N >= 0 for every holder; the debts of all holders sum to at least
/// F * R, R being everything redeemed. Hence the holders' entitlements sum to at most
/// F * P - F * R = F * (P - R), and the sum of their floors, everything that can be redeemed,
/// never exceeds P - R: the contract never owes more than it holds.
///
/// Moving n of a sender's b units carries their right (what the sender redeemed on them stays
/// redeemed). The exact unredeemed entitlement that goes with them is n * N_sender / b; integers
/// cannot always hold it, so both sides round down: the receiver gains floor(n * N_sender / b)
/// and the sender loses ceil(n * N_sender / b) (its debt falls by n * P - ceil(...), the
/// receiver's grows by n * P - floor(...)). Less than 1/F of a smallest unit per move is lost to
/// rounding, and by induction every holder's N / F stays at or below its exact (rational)
/// entitlement: no holder ever redeems more than its share, and the debts sum to at least F * R.
/// N_sender' = floor((b - n) * N_sender / b) <= (b - n) * P keeps the sender's debt >= 0.
/// Before any payment P = 0, nothing was redeemed and every D is zero, so a move touches no
/// debt at all.
///
/// Once fully paid (P = F) a holder's redemption pays floor(N / F) and burns all its units; the
/// fractions of a smallest unit that rounding leaves stay in the contract, so its token balance
/// is always exactly paid - redeemed and at least what the holders can still redeem.
///
/// Storage: one `Receivable` record of four slots plus token, creditor and the issuing orders
/// contract (or, for a supplier's claim, its invoice hash, bound at confirmation); the hot slot (`paid`, `maturity`, state, flags, part count) is the only one every
/// transfer reads.
contract Receivables is ERC1155, FinanceBase, IReceivables {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice A receivable links at most this many parts (each transfer checks each of them).
    uint256 public constant MAX_PARTS = 32;
    /// @notice What {allowToken} moves from the admin to this contract and back to prove a token
    /// pays exactly, in the token's smallest units: a fee of one basis point or more of a transfer
    /// (rounded down, as fees are) takes at least one unit of it.
    uint256 public constant TOKEN_PROBE = 10_000;
    /// @notice {frozenFlags}: a regulator froze the receivable.
    uint8 public constant FROZEN_BY_REGULATOR = 1;
    /// @notice {frozenFlags}: a linked part is suspect (recalled) or frozen.
    uint8 public constant FROZEN_BY_PART = 2;
    /// @notice {frozenFlags}: the order that issued it is disputed or frozen.
    uint8 public constant FROZEN_BY_ORDER = 4;

    uint64 private constant _MIN_TENOR = 1 days;
    uint64 private constant _MAX_TENOR = 3650 days;
    uint64 private constant _MAX_GRACE = 365 days;

    /// @dev Stored states are Pending, Rejected, Withdrawn, Outstanding and Paid; the view derives
    /// Overdue and Defaulted from the clock.
    struct Receivable {
        // slot 0, read by every transfer
        uint128 paid;
        uint64 maturity;
        uint32 grace;
        ReceivableState state;
        uint8 partCount;
        bool regulatorFrozen;
        bool hasOrder;
        // slot 1
        uint128 face;
        uint128 orderId;
        // slot 2
        address debtor;
        // slot 3
        address creditor;
        // slot 4
        address token;
        // slot 5 (only when hasOrder)
        address orders;
        // slot 6 (only for a supplier's claim: its invoice binds when the debtor confirms it)
        bytes32 invoiceHash;
    }

    /// @dev A debtor's credit in one token, in that token's smallest units. Its reservation is
    /// shared out among the orders contracts that made it: the one of connection `latestBy` (the
    /// last to reserve for the debtor) holds `reserved - earlier`; each contract of an earlier
    /// connection (replaced since) holds `earlierBy[its connection]`, `earlier` in all. Each
    /// settles its own share alone ({_release}). The current contract's calls touch the one hot
    /// slot only, unless a replaced contract still holds credit of the same debtor.
    struct Credit {
        uint256 line;
        uint256 outstanding; // confirmed and unpaid
        // one slot, read and written by every reservation, release and issue
        uint216 reserved; // reserved by orders on credit, not yet issued
        uint32 latestBy; // the connection ({_ordersEpoch}) of the orders contract that reserved last
        bool hasEarlier; // `earlier` is not zero (the current contract's calls skip reading it)
        uint256 earlier;
        mapping(uint256 epoch => uint256) earlierBy;
    }

    /// @dev A replaced orders contract: its connection and the credit it still holds reserved.
    struct WindingDown {
        uint256 epoch;
        uint256 held;
    }

    address private _orders;
    uint64 private _maxTenor = 365 days;
    uint32 private _ordersEpoch; // orders contracts connected so far: the current one's connection
    uint64 private _gracePeriod = 30 days;
    uint256 private _receivableCount;
    uint256 private _offerCount;
    uint256 private _reservedTotal;
    uint256 private _windingDownTotal; // of _reservedTotal, what replaced orders contracts hold

    mapping(uint256 id => Receivable) private _receivables;
    mapping(uint256 id => uint256[32]) private _parts;
    mapping(uint256 id => mapping(address holder => uint256)) private _debts;
    /// @dev The confirmed receivable each invoice backs, keyed by {_invoiceKey} (creditor, debtor,
    /// invoice hash); set at confirmation (or by {issueForOrder}), never cleared.
    mapping(bytes32 invoiceKey => uint256 id) private _invoices;
    mapping(uint256 partId => uint256 id) private _partReceivable;
    mapping(address debtor => mapping(address token => Credit)) private _credits;
    mapping(address debtor => address token) private _reservationToken;
    mapping(uint256 offerId => DiscountOffer) private _offers;
    /// @dev Replaced orders contracts (epoch zero: never replaced).
    mapping(address orders => WindingDown) private _windingDown;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_)
        ERC1155("")
        FinanceBase(participants_, parts_)
    {}

    modifier onlyOrders() {
        if (msg.sender != _orders || msg.sender == address(0)) revert NotOrders(msg.sender);
        _;
    }

    /// @notice ERC-165: ERC-165 (0x01ffc9a7) and ERC-1155 (0xd9b67a26), not ERC-1155 metadata
    /// (0x0e89341c): a receivable has no URI (its invoice is a hash in the events), as a part
    /// has no token URI in the registry.
    /// @param interfaceId The ERC-165 interface id asked about.
    function supportsInterface(bytes4 interfaceId) public pure override returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0xd9b67a26;
    }

    // ============================================================ administration

    /// @inheritdoc IReceivables
    /// @dev The proposal's data is tagged ("orders", address), so no other decision of this
    /// contract can be confirmed as it. The replaced contract winds down with the credit it holds
    /// (all reserved credit less what earlier replaced ones hold): per debtor, it may release what
    /// it reserved for that debtor or issue against it, never more ({_release}). A replaced
    /// contract is never connected again.
    function connectOrders(address orders_) external {
        address previous = _orders;
        if (previous == address(0)) participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (
            orders_ == previous || _windingDown[orders_].epoch != 0
                || !_answers(orders_, bytes4(keccak256("parts()")), address(parts))
                || !_answers(orders_, bytes4(keccak256("participants()")), address(participants))
                || !_answers(orders_, bytes4(keccak256("receivables()")), address(this))
        ) revert InvalidOrders(orders_);
        if (previous != address(0)) {
            if (!participants.confirmExternal(msg.sender, keccak256(abi.encode("orders", orders_)))) return;
            uint256 held = _reservedTotal - _windingDownTotal;
            _windingDown[previous] = WindingDown(_ordersEpoch, held);
            _windingDownTotal += held;
            emit OrdersWindingDown(previous, held);
        }
        _orders = orders_;
        ++_ordersEpoch; // one a connection of two authorities: never 2^32
        emit OrdersConnected(previous, orders_);
    }

    /// @inheritdoc IReceivables
    function setCreditLine(address debtor, address token, uint256 line) external {
        participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (debtor == address(0)) revert InvalidDebtor(debtor);
        _credits[debtor][token].line = line;
        emit CreditLineSet(debtor, token, line, msg.sender);
    }

    /// @inheritdoc IReceivables
    function setTerms(uint64 maxTenor, uint64 gracePeriod) external {
        participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (maxTenor < _MIN_TENOR || maxTenor > _MAX_TENOR || gracePeriod > _MAX_GRACE) {
            revert InvalidTerms(maxTenor, gracePeriod);
        }
        (_maxTenor, _gracePeriod) = (maxTenor, gracePeriod);
        emit TermsSet(maxTenor, gracePeriod, msg.sender);
    }

    /// @inheritdoc IReceivables
    /// @dev Works while the suite is paused (it only restricts); lifting waits for the unpause.
    function freeze(uint256 id, bytes32 reasonHash) external {
        participants.requireActiveRoleWhilePaused(msg.sender, Roles.REGULATOR);
        Receivable storage r = _existing(id);
        if (r.regulatorFrozen) revert AlreadyFrozen(id);
        r.regulatorFrozen = true;
        emit ReceivableFrozenBy(id, msg.sender, reasonHash);
    }

    /// @inheritdoc IReceivables
    function unfreeze(uint256 id, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        Receivable storage r = _existing(id);
        if (!r.regulatorFrozen) revert NotFrozenByRegulator(id);
        if (balanceOf(msg.sender, id) != 0 || msg.sender == r.creditor || msg.sender == r.debtor) {
            revert AuthorityHasStake(id, msg.sender);
        }
        r.regulatorFrozen = false;
        emit ReceivableUnfrozen(id, msg.sender, reasonHash);
    }

    // ============================================================ the orders' door

    /// @inheritdoc IReceivables
    function reserveCredit(address debtor, address token, uint256 amount, uint64 maturity) external onlyOrders {
        _requireNotPaused();
        _requireAllowed(IERC20(token));
        _checkFace(amount);
        _checkMaturity(maturity);
        address held = _reservationToken[debtor];
        if (held != token) {
            // {releaseCredit} names no token: a debtor's reservations are in one token at a time
            uint256 heldReserved = _credits[debtor][held].reserved;
            if (heldReserved != 0) revert CreditReservedInOtherToken(debtor, held, heldReserved, token);
            _reservationToken[debtor] = token;
        }
        Credit storage credit = _credits[debtor][token];
        _checkLine(debtor, token, credit, amount);
        uint256 reserved = credit.reserved;
        uint32 epoch = _ordersEpoch;
        if (credit.latestBy != epoch) {
            // What the debtor has reserved is replaced contracts' alone: the last of them to reserve
            // gets its share apart (never set before: the tag only moves on to later connections)
            uint256 earlier = credit.hasEarlier ? credit.earlier : 0;
            if (reserved != earlier) {
                credit.earlierBy[credit.latestBy] = reserved - earlier;
                (credit.earlier, credit.hasEarlier) = (reserved, true);
            }
            credit.latestBy = epoch;
        }
        reserved += amount;
        // <= line - outstanding (_checkLine), at most 2^128 a reservation: never 2^216
        credit.reserved = uint216(reserved);
        _reservedTotal += amount;
        emit CreditReserved(debtor, token, amount, reserved);
    }

    /// @inheritdoc IReceivables
    /// @dev In the token of the debtor's reservations (one at a time, see {reserveCredit}).
    function releaseCredit(address debtor, uint256 amount) external {
        uint256 epoch = _settlingEpoch();
        address token = _reservationToken[debtor];
        emit CreditReleased(debtor, token, amount, _release(epoch, debtor, token, amount), false);
    }

    /// @inheritdoc IReceivables
    function issueForOrder(
        uint256 orderId,
        address creditor,
        address debtor,
        address token,
        uint256 amount,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256[] calldata partIds
    ) external nonReentrant returns (uint256 receivableId) {
        uint256 epoch = _settlingEpoch();
        _requireNotPaused();
        if (debtor == address(0) || debtor == creditor) revert InvalidDebtor(debtor);
        _checkFace(amount);
        emit CreditReleased(debtor, token, amount, _release(epoch, debtor, token, amount), true);
        _credits[debtor][token].outstanding += amount;
        receivableId = _issue(Terms(creditor, debtor, token, amount, maturity, invoiceHash, orderId, true), partIds);
        emit ReceivableConfirmed(receivableId, debtor, amount);
        _mint(creditor, receivableId, amount, "");
    }

    // ============================================================ lifecycle

    /// @inheritdoc IReceivables
    function issue(
        address debtor,
        address token,
        uint256 face,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256[] calldata partIds
    ) external returns (uint256 id) {
        participants.requireActive(msg.sender);
        if (debtor == address(0) || debtor == msg.sender) revert InvalidDebtor(debtor);
        participants.requireActive(debtor);
        _requireAllowed(IERC20(token));
        _checkFace(face);
        _checkMaturity(maturity);
        id = _issue(Terms(msg.sender, debtor, token, face, maturity, invoiceHash, 0, false), partIds);
    }

    /// @inheritdoc IReceivables
    /// @dev A pending claim holds no part: its parts are checked again here (still the debtor's,
    /// backing no other confirmed receivable) and linked. The maturity is checked against the
    /// clock and the terms again, so an overdue claim cannot be confirmed.
    function confirm(uint256 id) external nonReentrant {
        Receivable storage r = _pending(id);
        participants.requireActive(msg.sender);
        _requireAllowed(IERC20(r.token)); // not in a token the admin has since disallowed
        _checkMaturity(r.maturity);
        _bindInvoice(r.creditor, msg.sender, r.invoiceHash, id);
        r.state = ReceivableState.Outstanding;
        uint256 count = r.partCount;
        for (uint256 i; i < count; ++i) {
            _link(id, _parts[id][i], msg.sender);
        }
        uint256 face = r.face;
        address token = r.token;
        Credit storage credit = _credits[msg.sender][token];
        _checkLine(msg.sender, token, credit, face);
        credit.outstanding += face;
        emit ReceivableConfirmed(id, msg.sender, face);
        _mint(r.creditor, id, face, "");
    }

    /// @inheritdoc IReceivables
    function reject(uint256 id) external {
        Receivable storage r = _pending(id);
        participants.requireActive(msg.sender);
        r.state = ReceivableState.Rejected;
        emit ReceivableRejected(id, msg.sender);
    }

    /// @inheritdoc IReceivables
    function withdrawClaim(uint256 id) external {
        Receivable storage r = _existing(id);
        if (msg.sender != r.creditor) revert NotCreditor(id, msg.sender, r.creditor);
        if (r.state != ReceivableState.Pending) revert ReceivableNotPending(id, r.state);
        r.state = ReceivableState.Withdrawn;
        emit ClaimWithdrawn(id, msg.sender);
    }

    /// @inheritdoc IReceivables
    /// @dev Open to any account (a guarantor, a parent company): money only comes in. A frozen
    /// receivable is still paid; the suite pause stops it.
    function pay(uint256 id, uint256 amount) external nonReentrant {
        _requireNotPaused();
        Receivable storage r = _existing(id);
        _requireOutstanding(id, r.state);
        if (amount == 0) revert ZeroAmount();
        uint256 paid = r.paid;
        uint256 remaining = r.face - paid;
        if (amount > remaining) revert Overpayment(id, amount, remaining);
        unchecked {
            // amount <= face - paid, so paid + amount <= face < 2^128
            paid += amount;
            _credits[r.debtor][r.token].outstanding -= amount; // outstanding includes this receivable's unpaid face
        }
        r.paid = uint128(paid);
        if (amount == remaining) r.state = ReceivableState.Paid;
        emit ReceivablePaid(id, msg.sender, amount, paid);
        _pullExact(IERC20(r.token), msg.sender, amount);
    }

    /// @inheritdoc IReceivables
    /// @dev Open while the receivable is frozen (what was paid is the holder's); closed to a
    /// suspended holder and under the suite pause.
    function redeem(uint256 id) external nonReentrant returns (uint256 amount) {
        participants.requireActive(msg.sender);
        Receivable storage r = _existing(id);
        uint256 face = r.face;
        uint256 paid = r.paid;
        uint256 units = balanceOf(msg.sender, id);
        uint256 debt = _debts[id][msg.sender];
        amount = (units * paid - debt) / face;
        uint256 burned;
        if (paid == face) {
            if (units == 0) revert NothingToRedeem(id, msg.sender);
            burned = units;
            delete _debts[id][msg.sender];
        } else {
            if (amount == 0) revert NothingToRedeem(id, msg.sender);
            _debts[id][msg.sender] = debt + amount * face;
        }
        emit ReceivableRedeemed(id, msg.sender, amount, burned);
        if (burned != 0) _burn(msg.sender, id, burned);
        if (amount != 0) IERC20(r.token).safeTransfer(msg.sender, amount);
    }

    // ============================================================ discount

    /// @inheritdoc IReceivables
    function offerDiscount(uint256 id, address financier, uint256 units, uint256 price, uint64 expiry)
        external
        returns (uint256 offerId)
    {
        participants.requireActive(msg.sender);
        participants.requireActiveRole(financier, Roles.FINANCIER);
        Receivable storage r = _existing(id);
        _requireOutstanding(id, r.state);
        uint8 flags = _frozenFlags(id, r);
        if (flags != 0) revert ReceivableFrozen(id, flags);
        if (units == 0 || price == 0) revert ZeroAmount();
        uint256 balance = balanceOf(msg.sender, id);
        if (balance < units) revert InsufficientUnits(id, msg.sender, balance, units);
        if (expiry <= block.timestamp) revert InvalidOfferExpiry(expiry);
        offerId = ++_offerCount;
        _offers[offerId] =
            DiscountOffer(id, msg.sender, financier, units, price, expiry, _debts[id][msg.sender], balance);
        emit DiscountOffered(offerId, id, msg.sender, financier, units, price, expiry);
    }

    /// @inheritdoc IReceivables
    /// @dev The units move through {_update} (every transfer rule, the financier as operator) and
    /// the price goes straight from the financier to the holder; the holder's balance must grow by
    /// exactly the price. A unit of a holder with balance b and redemption debt D is worth
    /// 1 - D / (b * face) of the token (unpaid face plus paid and unredeemed, per unit), whatever is
    /// paid meanwhile; the take refuses if D / b grew since the offer (the holder redeemed, took in
    /// units worth less, or a move's rounding raised it by a fraction), so the financier never pays
    /// the price for less than it was offered; the holder offers again.
    function takeDiscount(uint256 offerId) external nonReentrant {
        DiscountOffer memory offer = _offers[offerId];
        if (offer.holder == address(0)) revert OfferNotFound(offerId);
        if (msg.sender != offer.financier) revert NotOfferFinancier(offerId, msg.sender, offer.financier);
        if (block.timestamp > offer.expiry) revert OfferExpired(offerId, offer.expiry);
        participants.requireActiveRole(msg.sender, Roles.FINANCIER);
        uint256 debt = _debts[offer.id][offer.holder];
        uint256 balance = balanceOf(offer.holder, offer.id);
        if (_greater(debt, offer.holderBalance, offer.holderDebt, balance)) {
            revert OfferDevalued(offerId, offer.holderDebt, offer.holderBalance, debt, balance);
        }
        delete _offers[offerId];
        emit DiscountTaken(offerId, offer.id, offer.holder, msg.sender, offer.units, offer.price);
        _safeTransferFrom(offer.holder, msg.sender, offer.id, offer.units, "");
        IERC20 token = IERC20(_receivables[offer.id].token);
        uint256 before = token.balanceOf(offer.holder);
        token.safeTransferFrom(msg.sender, offer.holder, offer.price);
        uint256 received = token.balanceOf(offer.holder) - before;
        if (received != offer.price) revert PriceNotReceived(offerId, offer.price, received);
    }

    /// @inheritdoc IReceivables
    function cancelDiscount(uint256 offerId) external {
        _requireNotPaused();
        address holder = _offers[offerId].holder;
        if (holder == address(0)) revert OfferNotFound(offerId);
        if (msg.sender != holder) revert NotOfferHolder(offerId, msg.sender, holder);
        delete _offers[offerId];
        emit DiscountCancelled(offerId, holder);
    }

    // ============================================================ views

    /// @inheritdoc IReceivables
    function canTransfer(address from, address to, uint256 id, uint256 amount)
        external
        view
        returns (ReceivableCode code)
    {
        code = _transferCode(from, from, to, id);
        if (code == ReceivableCode.Ok && balanceOf(from, id) < amount) code = ReceivableCode.InsufficientUnits;
    }

    /// @inheritdoc IReceivables
    function receivable(uint256 id) external view returns (ReceivableInfo memory info) {
        Receivable storage r = _receivables[id];
        if (r.state == ReceivableState.None) return info;
        info.state = _stateOf(r);
        info.frozenFlags = _frozenFlags(id, r);
        info.debtor = r.debtor;
        info.creditor = r.creditor;
        info.token = r.token;
        info.face = r.face;
        info.paid = r.paid;
        if (block.timestamp > r.maturity && r.state == ReceivableState.Outstanding) info.shortfall = r.face - r.paid;
        info.maturity = r.maturity;
        info.defaultsAt = r.maturity + r.grace;
        info.orders = r.orders;
        info.orderId = r.orderId;
        info.partCount = r.partCount;
    }

    /// @inheritdoc IReceivables
    function redeemable(uint256 id, address holder) external view returns (uint256) {
        Receivable storage r = _receivables[id];
        if (r.face == 0) return 0;
        return (balanceOf(holder, id) * r.paid - _debts[id][holder]) / r.face;
    }

    /// @inheritdoc IReceivables
    function frozenFlags(uint256 id) external view returns (uint8) {
        return _frozenFlags(id, _receivables[id]);
    }

    /// @inheritdoc IReceivables
    function partsOf(uint256 id) external view returns (uint256[] memory partIds) {
        uint256 count = _receivables[id].partCount;
        partIds = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            partIds[i] = _parts[id][i];
        }
    }

    /// @inheritdoc IReceivables
    function receivableOfInvoice(address creditor, address debtor, bytes32 invoiceHash)
        external
        view
        returns (uint256)
    {
        return _invoices[_invoiceKey(creditor, debtor, invoiceHash)];
    }

    /// @inheritdoc IReceivables
    function openReceivableOf(uint256 partId) public view returns (uint256 id) {
        id = _partReceivable[partId];
        if (id != 0 && _receivables[id].state != ReceivableState.Outstanding) id = 0;
    }

    /// @inheritdoc IReceivables
    function creditOf(address debtor, address token)
        external
        view
        returns (uint256 line, uint256 outstanding, uint256 reserved)
    {
        Credit storage credit = _credits[debtor][token];
        return (credit.line, credit.outstanding, credit.reserved);
    }

    /// @inheritdoc IReceivables
    function reservationTokenOf(address debtor) external view returns (address) {
        return _reservationToken[debtor];
    }

    /// @inheritdoc IReceivables
    function reservedBy(address orders_, address debtor) external view returns (uint256 reserved) {
        (reserved,) = _share(_credits[debtor][_reservationToken[debtor]], _epochOf(orders_));
    }

    /// @inheritdoc IReceivables
    function terms() external view returns (uint64 maxTenor, uint64 gracePeriod) {
        return (_maxTenor, _gracePeriod);
    }

    /// @inheritdoc IReceivables
    function discountOffer(uint256 offerId) external view returns (DiscountOffer memory) {
        return _offers[offerId];
    }

    /// @inheritdoc IReceivables
    function orders() external view returns (address) {
        return _orders;
    }

    /// @inheritdoc IReceivables
    function windingDown(address orders_) external view returns (bool replaced, uint256 reserved) {
        WindingDown storage w = _windingDown[orders_];
        return (w.epoch != 0, w.held);
    }

    /// @notice Receivables issued so far (ids run from 1 to this).
    function receivableCount() external view returns (uint256) {
        return _receivableCount;
    }

    /// @notice Credit reserved by orders on credit, all debtors together.
    function reservedTotal() external view returns (uint256) {
        return _reservedTotal;
    }

    /// @notice The redemption debt of `holder` on `id` (see the contract's NatSpec), for audits.
    function debtOf(uint256 id, address holder) external view returns (uint256) {
        return _debts[id][holder];
    }

    // ============================================================ the transfer hook

    /// @dev The one place the transfer rules live: every move between two holders (safeTransferFrom,
    /// safeBatchTransferFrom, {takeDiscount}) must pass {_transferCode}, then carries its
    /// redemption right (see the contract's NatSpec). Mints (confirmation) and burns (redemption
    /// of a paid receivable) are internal and pass.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, ids, values);
            return;
        }
        address operator = _msgSender();
        for (uint256 i; i < ids.length; ++i) {
            ReceivableCode code = _transferCode(operator, from, to, ids[i]);
            if (code != ReceivableCode.Ok) _revertWith(code, ids[i], operator, from, to);
        }
        super._update(from, to, ids, values); // moves the balances (OZ checks them)
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 paid = _receivables[id].paid;
            // Nothing paid: every debt is zero. To itself: the holder keeps its units and its
            // debt (carrying would count the units twice and could push the debt above its due).
            if (paid == 0 || from == to) continue;
            // The sender's balance before this element: its balance now plus this element and
            // every later element of the same id (a batch may name an id twice).
            uint256 before = balanceOf(from, id);
            for (uint256 j = i; j < ids.length; ++j) {
                if (ids[j] == id) before += values[j];
            }
            _carry(id, from, to, values[i], before, paid);
        }
    }

    /// @dev Moves the debt of `n` of `from`'s `balance` units of `id` to `to`, rounding both sides
    /// down (see the contract's NatSpec).
    function _carry(uint256 id, address from, address to, uint256 n, uint256 balance, uint256 paid) private {
        if (n == 0) return;
        uint256 debt = _debts[id][from];
        uint256 unredeemed = balance * paid - debt; // N_sender >= 0 by the invariant
        uint256 gained = Math.mulDiv(n, unredeemed, balance); // floor: the receiver's gain
        uint256 lost = Math.mulDiv(n, unredeemed, balance, Math.Rounding.Ceil); // the sender's loss
        unchecked {
            // lost <= n * P (N_sender <= b * P), so the sender's debt falls by n * P - lost >= 0,
            // and never below zero (contract NatSpec); a debt never exceeds b * P < 2^256
            if (n * paid != lost) _debts[id][from] = debt - (n * paid - lost);
            if (n * paid != gained) _debts[id][to] += n * paid - gained;
        }
    }

    /// @dev The transfer rules in the order they are checked; shared by the hook and {canTransfer}.
    function _transferCode(address operator, address from, address to, uint256 id)
        private
        view
        returns (ReceivableCode)
    {
        if (to == address(0)) return ReceivableCode.InvalidReceiver;
        Receivable storage r = _receivables[id];
        ReceivableState state = r.state;
        if (state != ReceivableState.Outstanding) {
            if (state == ReceivableState.None) return ReceivableCode.ReceivableNotFound;
            if (state == ReceivableState.Paid) return ReceivableCode.Settled;
            return ReceivableCode.NotConfirmed;
        }
        if (r.regulatorFrozen) return ReceivableCode.Frozen;
        IParticipantRegistry.PartyCode party = participants.transferCheck(operator, from, to, true);
        if (party != IParticipantRegistry.PartyCode.Ok) return ReceivableCode(uint8(party));
        if (_frozenFlags(id, r) != 0) return ReceivableCode.Frozen;
        return ReceivableCode.Ok;
    }

    /// @dev Reverts with the error a failed {ReceivableCode} stands for.
    function _revertWith(ReceivableCode code, uint256 id, address operator, address from, address to) private view {
        if (code == ReceivableCode.SuitePaused) revert Pausable.EnforcedPause();
        if (code == ReceivableCode.OperatorSuspended) revert IParticipantRegistry.ParticipantSuspended(operator);
        if (code == ReceivableCode.OperatorNotRegistered) {
            revert IParticipantRegistry.ParticipantNotRegistered(operator);
        }
        if (code == ReceivableCode.SenderNotRegistered) revert IParticipantRegistry.ParticipantNotRegistered(from);
        if (code == ReceivableCode.SenderSuspended) revert IParticipantRegistry.ParticipantSuspended(from);
        if (code == ReceivableCode.ReceiverNotRegistered) revert IParticipantRegistry.ParticipantNotRegistered(to);
        if (code == ReceivableCode.ReceiverSuspended) revert IParticipantRegistry.ParticipantSuspended(to);
        if (code == ReceivableCode.ReceivableNotFound) revert ReceivableNotFound(id);
        if (code == ReceivableCode.NotConfirmed) revert ReceivableNotConfirmed(id, _receivables[id].state);
        if (code == ReceivableCode.Settled) revert ReceivableSettled(id);
        revert ReceivableFrozen(id, _frozenFlags(id, _receivables[id]));
    }

    // ============================================================ internals

    /// @dev A new receivable's terms (one memory struct: the legacy pipeline forge uses runs out of
    /// stack slots with them as arguments).
    struct Terms {
        address creditor;
        address debtor;
        address token;
        uint256 face;
        uint64 maturity;
        bytes32 invoiceHash;
        uint256 orderId;
        bool confirmed; // issued by the orders contract: confirmed at once
    }

    function _issue(Terms memory t, uint256[] calldata partIds) private returns (uint256 id) {
        bytes32 invoiceHash = t.invoiceHash;
        address debtor = t.debtor;
        if (invoiceHash == bytes32(0)) revert EmptyInvoiceHash();
        uint256 count = partIds.length;
        if (count > MAX_PARTS) revert TooManyParts(count, MAX_PARTS);
        id = ++_receivableCount;
        // A claim only checks its invoice is not financed yet (early, for the supplier's sake):
        // the invoice binds when the debtor confirms, so a claim the debtor never confirms holds
        // nothing. A delivery on credit is confirmed at once and binds it now.
        if (t.confirmed) _bindInvoice(t.creditor, debtor, invoiceHash, id);
        else _requireInvoiceFree(t.creditor, debtor, invoiceHash);
        Receivable storage r = _receivables[id];
        r.maturity = t.maturity;
        r.grace = uint32(_gracePeriod); // <= 365 days (setTerms)
        r.state = t.confirmed ? ReceivableState.Outstanding : ReceivableState.Pending;
        r.partCount = uint8(count); // <= MAX_PARTS
        r.face = uint128(t.face); // checked by _checkFace
        r.debtor = debtor;
        r.creditor = t.creditor;
        r.token = t.token;
        if (t.confirmed) {
            r.hasOrder = true;
            r.orderId = t.orderId.toUint128();
            r.orders = msg.sender;
        } else {
            r.invoiceHash = invoiceHash;
        }
        // Only a confirmed receivable holds its parts: a pending claim checks them (and that none
        // is named twice) and {confirm} links them. A confirmed record exists before its parts are
        // linked: a part named twice meets it as open.
        for (uint256 i; i < count; ++i) {
            uint256 partId = partIds[i];
            _parts[id][i] = partId;
            if (t.confirmed) {
                // A line forced to the buyer that it installed before confirming receipt (the
                // orders contract checked its root owner) is invoiced, linking nothing.
                if (IERC721(address(parts)).ownerOf(partId) != address(parts)) _link(id, partId, debtor);
            } else {
                _checkPart(partId, debtor);
                for (uint256 j; j < i; ++j) {
                    if (partIds[j] == partId) revert PartAlreadyFinanced(partId, id);
                }
            }
        }
        _emitIssued(id, t, partIds);
    }

    /// @dev An invoice is scoped to its creditor and debtor: only a claim of that creditor on that
    /// debtor (or a delivery from that seller to that buyer) can ever use the key, so no one else
    /// can burn it.
    function _invoiceKey(address creditor, address debtor, bytes32 invoiceHash) private pure returns (bytes32) {
        return keccak256(abi.encode(creditor, debtor, invoiceHash));
    }

    /// @dev Reverts if the invoice already backs a confirmed (outstanding or paid) receivable.
    function _requireInvoiceFree(address creditor, address debtor, bytes32 invoiceHash)
        private
        view
        returns (bytes32 key)
    {
        key = _invoiceKey(creditor, debtor, invoiceHash);
        uint256 used = _invoices[key];
        if (used != 0) revert InvoiceAlreadyFinanced(creditor, debtor, invoiceHash, used);
    }

    /// @dev Makes the invoice back receivable `id`, which is being confirmed, for ever: no other
    /// receivable of the same creditor on the same debtor can be confirmed or issued with it.
    function _bindInvoice(address creditor, address debtor, bytes32 invoiceHash, uint256 id) private {
        _invoices[_requireInvoiceFree(creditor, debtor, invoiceHash)] = id;
    }

    /// @dev Reverts unless `partId` is the debtor's, loose, and backs no open receivable. A
    /// receivable links whole parts only, so an installed one is refused (`PartInAssembly`): a
    /// component is financed with its assembly's root, and the registry lets nothing out of a
    /// financed assembly.
    function _checkPart(uint256 partId, address debtor) private view {
        address owner = IERC721(address(parts)).ownerOf(partId); // the registry while installed
        if (owner == address(parts)) revert PartInAssembly(partId);
        if (owner != debtor) revert PartNotOwnedByDebtor(partId, debtor, owner);
        uint256 open = openReceivableOf(partId);
        if (open != 0) revert PartAlreadyFinanced(partId, open);
    }

    /// @dev Links `partId` to the confirmed receivable `id` after {_checkPart}.
    function _link(uint256 id, uint256 partId, address debtor) private {
        _checkPart(partId, debtor);
        _partReceivable[partId] = id;
    }

    /// @dev Whether a * b > c * d, in 512 bits (a redemption debt may use all of 256).
    function _greater(uint256 a, uint256 b, uint256 c, uint256 d) private pure returns (bool) {
        (uint256 high1, uint256 low1) = Math.mul512(a, b);
        (uint256 high2, uint256 low2) = Math.mul512(c, d);
        return high1 > high2 || (high1 == high2 && low1 > low2);
    }

    function _emitIssued(uint256 id, Terms memory t, uint256[] calldata partIds) private {
        emit ReceivableIssued(id, t.creditor, t.debtor, t.token, t.face, t.maturity, t.invoiceHash, t.orderId, partIds);
    }

    /// @dev The connection of the caller, the current orders contract or a replaced one settling
    /// what it reserved; anyone else (the zero address too, while none is connected) is refused.
    function _settlingEpoch() private view returns (uint256 epoch) {
        epoch = _epochOf(msg.sender);
        if (epoch == 0) revert NotOrders(msg.sender);
    }

    /// @dev The connection of `orders_`, the current orders contract or a replaced one (zero for
    /// any other account).
    function _epochOf(address orders_) private view returns (uint256) {
        return orders_ == _orders ? _ordersEpoch : _windingDown[orders_].epoch;
    }

    /// @dev The share of `credit`'s reservation the orders contract of connection `epoch` holds,
    /// and whether it is the one that reserved last (see {Credit}).
    function _share(Credit storage credit, uint256 epoch) private view returns (uint256 held, bool latest) {
        latest = credit.latestBy == epoch;
        held = latest ? credit.reserved - (credit.hasEarlier ? credit.earlier : 0) : credit.earlierBy[epoch];
    }

    /// @dev The caller, of connection `epoch` ({_settlingEpoch}), settles `amount` of its own
    /// share of `debtor`'s reservation in `token` (see {Credit}), never another contract's; returns
    /// what the debtor has reserved in it now.
    function _release(uint256 epoch, address debtor, address token, uint256 amount) private returns (uint256 reserved) {
        bool current = epoch == _ordersEpoch;
        Credit storage credit = _credits[debtor][token];
        reserved = credit.reserved;
        (uint256 held, bool latest) = _share(credit, epoch);
        if (amount > held) {
            if (current) revert ReservationExceeded(debtor, token, amount, held);
            revert WindingDownExceeded(msg.sender, debtor, amount, held);
        }
        unchecked {
            // amount <= held, a share of `reserved` (and of `earlier` when not the latest), and of
            // what a winding-down caller held when replaced; reserved <= _reservedTotal
            if (!latest && amount != 0) {
                credit.earlierBy[epoch] = held - amount;
                uint256 earlier = credit.earlier - amount;
                (credit.earlier, credit.hasEarlier) = (earlier, earlier != 0);
            }
            if (!current) {
                _windingDown[msg.sender].held -= amount;
                _windingDownTotal -= amount;
            }
            reserved -= amount;
            _reservedTotal -= amount;
        }
        credit.reserved = uint216(reserved);
    }

    function _checkLine(address debtor, address token, Credit storage credit, uint256 amount) private view {
        uint256 line = credit.line;
        uint256 outstanding = credit.outstanding + credit.reserved;
        if (outstanding + amount > line) revert CreditLineExceeded(debtor, token, line, outstanding, amount);
    }

    /// @dev The probe: moves {TOKEN_PROBE} of `token` from the admin (the caller) here and back, requiring
    /// exact balances both ways: the pull through {_pullExact} (a fee reverts `FeeOnTransferToken`,
    /// a false return `SafeERC20FailedOperation`), the payback restoring both balances. A revert
    /// undoes both moves: the admin never loses the probe.
    function _vetToken(IERC20 token) internal override {
        uint256 adminBefore = token.balanceOf(msg.sender);
        uint256 allowance = token.allowance(msg.sender, address(this));
        if (adminBefore < TOKEN_PROBE || allowance < TOKEN_PROBE) {
            revert TokenProbeUnfunded(address(token), msg.sender, adminBefore, allowance, TOKEN_PROBE);
        }
        uint256 heldBefore = token.balanceOf(address(this));
        _pullExact(token, msg.sender, TOKEN_PROBE);
        token.safeTransfer(msg.sender, TOKEN_PROBE);
        uint256 adminAfter = token.balanceOf(msg.sender);
        uint256 heldAfter = token.balanceOf(address(this));
        if (adminAfter != adminBefore || heldAfter != heldBefore) {
            revert TokenProbeFailed(address(token), adminBefore, adminAfter, heldBefore, heldAfter);
        }
    }

    function _checkFace(uint256 face) private pure {
        if (face == 0 || face > type(uint128).max) revert InvalidFace(face);
    }

    function _checkMaturity(uint64 maturity) private view {
        uint64 earliest = uint64(block.timestamp) + 1;
        uint64 latest = uint64(block.timestamp) + _maxTenor;
        if (maturity < earliest || maturity > latest) revert InvalidMaturity(maturity, earliest, latest);
    }

    function _existing(uint256 id) private view returns (Receivable storage r) {
        r = _receivables[id];
        if (r.state == ReceivableState.None) revert ReceivableNotFound(id);
    }

    /// @dev A pending receivable the caller owes, or a revert.
    function _pending(uint256 id) private view returns (Receivable storage r) {
        r = _existing(id);
        if (msg.sender != r.debtor) revert NotDebtor(id, msg.sender, r.debtor);
        if (r.state != ReceivableState.Pending) revert ReceivableNotPending(id, r.state);
    }

    function _requireOutstanding(uint256 id, ReceivableState state) private pure {
        if (state == ReceivableState.Outstanding) return;
        if (state == ReceivableState.Paid) revert ReceivableSettled(id);
        revert ReceivableNotConfirmed(id, state);
    }

    /// @dev The state with Overdue and Defaulted derived from the clock.
    function _stateOf(Receivable storage r) private view returns (ReceivableState) {
        ReceivableState state = r.state;
        if (state != ReceivableState.Outstanding || block.timestamp <= r.maturity) return state;
        return block.timestamp > uint256(r.maturity) + r.grace ? ReceivableState.Defaulted : ReceivableState.Overdue;
    }

    /// @dev Why `id` is frozen now (the hook, which only needs to know whether, asks the same: a
    /// receivable that is not frozen costs the same, and a frozen one only on the refusing path).
    /// Linked parts are at most MAX_PARTS.
    function _frozenFlags(uint256 id, Receivable storage r) private view returns (uint8 flags) {
        if (r.regulatorFrozen) flags = FROZEN_BY_REGULATOR;
        uint256 count = r.partCount;
        for (uint256 i; i < count; ++i) {
            uint256 partId = _parts[id][i];
            if (parts.flagsOf(partId) & uint16(PartData.FROZEN) != 0 || parts.isSuspect(partId)) {
                flags |= FROZEN_BY_PART;
                break;
            }
        }
        if (r.hasOrder && IPurchaseOrders(r.orders).isDisputed(r.orderId)) flags |= FROZEN_BY_ORDER;
    }

    /// @dev Whether `target` answers the no-argument view `selector` with `expected`.
    function _answers(address target, bytes4 selector, address expected) private view returns (bool yes) {
        assembly ("memory-safe") {
            mstore(0x00, selector) // scratch space: the call's input and output
            let success := staticcall(gas(), target, 0x00, 0x04, 0x00, 0x20)
            yes := and(success, and(eq(returndatasize(), 0x20), eq(mload(0x00), shr(96, shl(96, expected)))))
        }
    }
}
