// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "../utils/Vm.sol";
import {IFinanceBase, IOrders, IReceivablesToken} from "../utils/FinanceSuite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title FinanceHandler
/// @notice Every call of the financing pillar an invariant campaign makes (purchase orders,
/// receivables, and the registry and participant events that land on them: recall, freeze,
/// forced transfer, suspension, pause, time), in one place: when an API changes, adapt the
/// function that calls it. Each function picks its arguments from seeds, most often an actor
/// entitled to the call (the rest probe the guards), and reverts with the suite's own error when
/// the suite refuses (forge counts refusals per action; `fail_on_revert` is off).
/// @dev Ghost state the invariants read: the tokens minted (nothing created or lost), what each
/// receivable's holders redeemed, and `violations`: rules a single step can break that no view
/// shows afterwards (an encumbered part moved other than by its order or a forced transfer;
/// units of a frozen receivable moved; a delivery moved parts without money or money without
/// parts), each recorded with a description for the failing invariant to print.
contract FinanceHandler {
    Vm internal constant vm = Vm(VM_ADDRESS);
    bytes32 internal constant REASON = keccak256("finance handler");
    uint256 internal constant MAX_PARTS_PER_ORDER = 3;

    ParticipantRegistry internal immutable participants;
    PartRegistry internal immutable parts;
    IOrders internal immutable orders;
    IReceivablesToken internal immutable receivables;
    TestStablecoin internal immutable usd;

    /// @dev Who the campaign acts as: traders first (they own parts, buy, sell, hold units), then
    /// the bank, the arbiter and an outsider never onboarded.
    address[] internal _actors;
    address internal immutable _regulator;
    address internal immutable _enforcer;
    address internal immutable _bank;
    address internal immutable _arbiter;
    uint256[] internal _parts;

    /// @notice Tokens minted to the actors so far (the stablecoin's whole supply).
    uint256 public minted;
    /// @notice What the holders of a receivable redeemed so far.
    mapping(uint256 id => uint256) public redeemedOf;
    /// @notice Broken single-step rules, described.
    string[] public violations;
    /// @notice Calls that got through, per action name (a campaign that exercises nothing is no test).
    mapping(bytes32 action => uint256) public succeeded;

    constructor(
        ParticipantRegistry participants_,
        PartRegistry parts_,
        IOrders orders_,
        IReceivablesToken receivables_,
        TestStablecoin usd_,
        address[] memory actors_,
        address regulator_,
        address enforcer_,
        address bank_,
        address arbiter_,
        uint256[] memory parts_list
    ) {
        participants = participants_;
        parts = parts_;
        orders = orders_;
        receivables = receivables_;
        usd = usd_;
        _actors = actors_;
        _regulator = regulator_;
        _enforcer = enforcer_;
        _bank = bank_;
        _arbiter = arbiter_;
        _parts = parts_list;
    }

    // ================================================================ views for the invariants

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function allParts() external view returns (uint256[] memory) {
        return _parts;
    }

    function violationCount() external view returns (uint256) {
        return violations.length;
    }

    // ================================================================ purchase orders

    /// @dev An order being opened: priced by line when `linePrices` is not empty (a struct: the
    /// legacy pipeline runs out of stack with these as locals).
    struct Opening {
        address buyer;
        address seller;
        uint256[] ids;
        uint256[] linePrices;
        uint256 price;
        uint64 deadline;
        bool credit;
    }

    /// @notice A buyer opens an order for up to three parts of one owner (prepaid: funded here),
    /// half the time priced by line; half the time its seller accepts it in the same step.
    function openOrder(uint256 partSeed, uint256 buyerSeed, uint256 countSeed, uint256 priceSeed, bool credit)
        external
    {
        uint256 first = _part(partSeed);
        address seller = parts.ownerOf(first);
        uint256[] memory ids = _partsOf(seller, first, 1 + countSeed % MAX_PARTS_PER_ORDER);
        address buyer = _actor(buyerSeed);
        // Mostly a trader other than the seller (the rest probe the guards).
        if (buyerSeed % 4 != 0 && (buyer == seller || buyer == _arbiter || buyer == _bank)) {
            buyer = _actors[(uint256(uint160(seller)) + buyerSeed) % 4] == seller
                ? _actors[(uint256(uint160(seller)) + buyerSeed + 1) % 4]
                : _actors[(uint256(uint160(seller)) + buyerSeed) % 4];
        }
        bool byLine = (countSeed >> 9) % 2 == 1;
        Opening memory op = Opening(
            buyer,
            seller,
            ids,
            new uint256[](byLine ? ids.length : 0),
            byLine ? 0 : ids.length + priceSeed % 1e9,
            uint64(block.timestamp + 1 days + priceSeed % 30 days),
            credit
        );
        for (uint256 i; i < op.linePrices.length; ++i) {
            op.linePrices[i] = 1 + uint256(keccak256(abi.encode(priceSeed, i))) % 1e9;
            op.price += op.linePrices[i];
        }
        if (!credit) _fund(buyer, address(orders), op.price);
        _watch();
        uint256 orderId = _open(op);
        _done(byLine ? bytes32("openOrderWithPrices") : bytes32("openOrder"));
        // Half the orders are accepted at once (a refusal leaves the order open): a sequence
        // then reaches delivery, disputes and assignments more often.
        if ((countSeed >> 8) % 2 == 0) {
            _watch();
            vm.prank(seller);
            try orders.acceptOrder(orderId) {
                _done("acceptOrder");
            } catch {}
        }
    }

    /// @dev Opens `op` as its buyer (a refusal reverts the step, as every refusal here).
    function _open(Opening memory op) private returns (uint256 orderId) {
        uint64 maturity = op.credit ? op.deadline + 30 days : 0;
        IPurchaseOrders.Terms terms = op.credit ? IPurchaseOrders.Terms.Credit : IPurchaseOrders.Terms.Prepaid;
        vm.prank(op.buyer);
        if (op.linePrices.length == 0) {
            try orders.openOrder(
                op.seller, op.ids, address(usd), op.price, op.deadline, terms, maturity, _arbiter
            ) returns (
                uint256 id
            ) {
                return id;
            } catch (bytes memory reason) {
                _refused(reason);
            }
        }
        try orders.openOrderWithPrices(
            op.seller, op.ids, address(usd), op.linePrices, op.deadline, terms, maturity, _arbiter
        ) returns (
            uint256 id
        ) {
            return id;
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function acceptOrder(uint256 orderSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Open);
        address caller = _mostly(o.seller, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.acceptOrder(orderId) {
            _done("acceptOrder");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function declineOrder(uint256 orderSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _order(orderSeed);
        address caller = _mostly(o.seller, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.declineOrder(orderId) {
            _done("declineOrder");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function cancelOrder(uint256 orderSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _order(orderSeed);
        address caller = _mostly(o.buyer, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.cancelOrder(orderId) {
            _done("cancelOrder");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The seller (or, by the buyer, `confirmReceipt`) delivers the first pending parts;
    /// checks on the spot that the parts went to the buyer and their shares to the payee.
    function deliver(uint256 orderSeed, uint256 countSeed, uint256 callerSeed, bool byBuyer) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Accepted);
        if (orderId == 0) return; // no order yet
        uint256[] memory ids = _pending(orderId, 1 + countSeed % MAX_PARTS_PER_ORDER);
        address caller = _mostly(byBuyer ? o.buyer : o.seller, callerSeed);
        uint256 escrowBefore = orders.escrowed(orderId);
        uint256 payeeBefore = _worth(o.payee);
        _watch();
        vm.prank(caller);
        if (byBuyer) {
            try orders.confirmReceipt(orderId, ids) {
                _done("confirmReceipt");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        } else {
            try orders.deliver(orderId, ids) {
                _done("deliver");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        }
        for (uint256 i; i < ids.length; ++i) {
            if (parts.ownerOf(ids[i]) != o.buyer) _violation("a delivery left a part with someone else", ids[i]);
        }
        if (o.terms == IPurchaseOrders.Terms.Prepaid) {
            uint256 released = escrowBefore - orders.escrowed(orderId);
            if (released == 0) _violation("a delivery paid nothing", orderId);
            if (_worth(o.payee) - payeeBefore != released) {
                _violation("a delivery's escrow release did not reach the payee", orderId);
            }
        }
    }

    function dropPart(uint256 orderSeed, uint256 indexSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Accepted);
        (uint256[] memory ids,) = orders.orderParts(orderId);
        if (ids.length == 0) return;
        address caller = _mostly(o.buyer, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.dropPart(orderId, ids[indexSeed % ids.length]) {
            _done("dropPart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function refundExpired(uint256 orderSeed, uint256 callerSeed) external {
        (uint256 orderId,) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Accepted);
        address caller = _actor(callerSeed);
        _watch();
        vm.prank(caller);
        try orders.refundExpired(orderId) {
            _done("refundExpired");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function raiseDispute(uint256 orderSeed, uint256 callerSeed, bool bySeller) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Accepted);
        address caller = _mostly(bySeller ? o.seller : o.buyer, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.raiseDispute(orderId, REASON) {
            _done("raiseDispute");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function rule(uint256 orderSeed, uint256 bpsSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Disputed);
        address caller = _mostly(o.arbiter, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.rule(orderId, bpsSeed % 10_001) {
            _done("rule");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice PO financing in one step: the payee offers the order to the bank, which takes it
    /// (funded here); the advance goes from the bank to the previous payee.
    function assignOrder(uint256 orderSeed, uint256 advanceSeed, uint256 callerSeed) external {
        (uint256 orderId, IPurchaseOrders.Order memory o) = _orderIn(orderSeed, IPurchaseOrders.OrderState.Accepted);
        address caller = _mostly(o.payee, callerSeed);
        uint256 advance = 1 + advanceSeed % (o.price + 1);
        _watch();
        vm.prank(caller);
        try orders.offerAssignment(orderId, _bank, advance, o.deadline) {}
        catch (bytes memory reason) {
            _refused(reason);
        }
        _fund(_bank, address(orders), advance);
        uint256 claim = orders.escrowed(orderId);
        vm.prank(_bank);
        try orders.takeAssignment(orderId, advance, claim) {
            _done("assignOrder");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function freezeOrder(uint256 orderSeed, uint256 callerSeed, bool frozen) external {
        (uint256 orderId,) = _order(orderSeed);
        address caller = _mostly(_regulator, callerSeed);
        _watch();
        vm.prank(caller);
        try orders.freezeOrder(orderId, frozen, REASON) {
            _done("freezeOrder");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ receivables

    /// @notice A supplier issues a receivable on a debtor, linked to a part the debtor owns or
    /// to none.
    function issue(uint256 creditorSeed, uint256 debtorSeed, uint256 faceSeed, uint256 partSeed, bool linked) external {
        address creditor = _actor(creditorSeed);
        // Mostly one of the four traders other than the creditor (the rest probe the guards).
        address debtor =
            debtorSeed % 4 == 0 ? _actor(debtorSeed >> 2) : _actors[(creditorSeed + 1 + debtorSeed % 3) % 4];
        uint256[] memory ids = new uint256[](linked ? 1 : 0);
        if (linked) ids[0] = _partOf(debtor, partSeed);
        bytes32 invoice = keccak256(abi.encode("invoice", faceSeed, partSeed, receivables.receivableCount()));
        _watch();
        vm.prank(creditor);
        try receivables.issue(
            debtor, address(usd), 1 + faceSeed % 1e9, uint64(block.timestamp + 30 days), invoice, ids
        ) {
            _done("issue");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function confirm(uint256 idSeed, uint256 callerSeed, bool rejectIt) external {
        uint256 id = _receivableIn(idSeed, IReceivables.ReceivableState.Pending);
        address caller = _mostly(receivables.receivable(id).debtor, callerSeed);
        _watch();
        vm.prank(caller);
        if (rejectIt) {
            try receivables.reject(id) {
                _done("reject");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        } else {
            try receivables.confirm(id) {
                _done("confirm");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        }
    }

    /// @notice A holder sends some of its units to another actor (a split).
    function split(uint256 idSeed, uint256 fromSeed, uint256 toSeed, uint256 unitsSeed) external {
        uint256 id = _receivableIn(idSeed, IReceivables.ReceivableState.Outstanding);
        address from = _holder(id, fromSeed);
        address to = _actor(toSeed);
        uint256 balance = receivables.balanceOf(from, id);
        uint256 units = balance == 0 ? 1 : 1 + unitsSeed % balance;
        uint8 frozen = receivables.frozenFlags(id);
        _watch();
        vm.prank(from);
        try receivables.safeTransferFrom(from, to, id, units, "") {
            _done("split");
            if (frozen != 0 && from != to) _violation("units of a frozen receivable moved", id);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A holder offers units to the bank, which takes them (funded here).
    function discount(uint256 idSeed, uint256 fromSeed, uint256 unitsSeed, uint256 priceSeed) external {
        uint256 id = _receivableIn(idSeed, IReceivables.ReceivableState.Outstanding);
        address from = _holder(id, fromSeed);
        uint256 balance = receivables.balanceOf(from, id);
        uint256 units = balance == 0 ? 1 : 1 + unitsSeed % balance;
        uint256 price = 1 + priceSeed % (units + 1);
        uint8 frozen = receivables.frozenFlags(id);
        _watch();
        vm.prank(from);
        uint256 offerId;
        try receivables.offerDiscount(id, _bank, units, price, uint64(block.timestamp + 1 days)) returns (
            uint256 offered
        ) {
            offerId = offered;
        } catch (bytes memory reason) {
            _refused(reason);
        }
        _fund(_bank, address(receivables), price);
        vm.prank(_bank);
        try receivables.takeDiscount(offerId) {
            _done("discount");
            if (frozen != 0) _violation("a frozen receivable was discounted", id);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The debtor (or anyone) pays part or all of what remains.
    function pay(uint256 idSeed, uint256 amountSeed, uint256 payerSeed) external {
        uint256 id = _receivableIn(idSeed, IReceivables.ReceivableState.Outstanding);
        IReceivables.ReceivableInfo memory info = receivables.receivable(id);
        address payer = _mostly(info.debtor, payerSeed);
        uint256 remaining = info.face - info.paid;
        // A third of the payments settle the rest; the others pay part of it (one in eight of
        // those probes an overpayment).
        uint256 amount = amountSeed % 3 == 0
            ? remaining
            : remaining == 0 || amountSeed % 8 == 1 ? remaining + 1 : 1 + amountSeed % remaining;
        _fund(payer, address(receivables), amount);
        _watch();
        vm.prank(payer);
        try receivables.pay(id, amount) {
            _done("pay");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function redeem(uint256 idSeed, uint256 holderSeed) external {
        uint256 id = _receivableIn(
            idSeed,
            (idSeed >> 8) % 2 == 0 ? IReceivables.ReceivableState.Paid : IReceivables.ReceivableState.Outstanding
        );
        address holder = _holder(id, holderSeed);
        uint256 before = usd.balanceOf(holder);
        _watch();
        vm.prank(holder);
        try receivables.redeem(id) returns (uint256 amount) {
            _done("redeem");
            redeemedOf[id] += amount;
            if (usd.balanceOf(holder) - before != amount) _violation("redeem paid other than it said", id);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    function freezeReceivable(uint256 idSeed, uint256 callerSeed, bool frozen) external {
        uint256 id = _receivable(idSeed);
        address caller = _mostly(_regulator, callerSeed);
        _watch();
        vm.prank(caller);
        if (frozen) {
            try receivables.freeze(id, REASON) {
                _done("freezeReceivable");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        } else {
            try receivables.unfreeze(id, REASON) {
                _done("unfreezeReceivable");
            } catch (bytes memory reason) {
                _refused(reason);
            }
        }
    }

    /// @notice Anyone withdraws what a financing contract owes it.
    function withdraw(uint256 callerSeed, bool fromOrders) external {
        address caller = _actor(callerSeed);
        _watch();
        vm.prank(caller);
        IFinanceBase target = fromOrders ? IFinanceBase(address(orders)) : IFinanceBase(address(receivables));
        try target.withdraw(IERC20(address(usd))) {
            _done("withdraw");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ what lands on the financing

    /// @notice A regulator recalls or clears a part, or freezes or unfreezes it.
    function partStatus(uint256 partSeed, uint8 what) external {
        uint256 partId = _part(partSeed);
        _watch();
        vm.startPrank(_regulator);
        what %= 4;
        if (what == 0) {
            try parts.recallPart(partId, REASON) {} catch {}
        } else if (what == 1) {
            try parts.clearPart(partId, REASON) {} catch {}
        } else if (what == 2) {
            try parts.freezePart(partId, REASON) {} catch {}
        } else {
            try parts.unfreezePart(partId, REASON) {} catch {}
        }
        vm.stopPrank();
        _done("partStatus");
    }

    /// @notice The enforcer moves a part by force (the one other path an encumbered part takes).
    function forcedTransfer(uint256 partSeed, uint256 toSeed) external {
        uint256 partId = _part(partSeed);
        address to = _actor(toSeed);
        _watch();
        _forced = partId;
        vm.prank(_enforcer);
        try parts.forcedTransfer(partId, to, REASON) {
            _done("forcedTransfer");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The owner of a part tries to move it the ordinary way (an encumbered part refuses).
    function transferPart(uint256 partSeed, uint256 toSeed) external {
        uint256 partId = _part(partSeed);
        address owner = parts.ownerOf(partId);
        _watch();
        vm.prank(owner);
        try parts.transferFrom(owner, _actor(toSeed), partId) {
            _done("transferPart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A regulator suspends or reinstates a trader.
    function suspension(uint256 actorSeed, uint8 what) external {
        bool suspend = what % 4 == 0; // reinstatements three times as often: accounts come back
        address account = _actor(actorSeed);
        _watch();
        vm.prank(_regulator);
        if (suspend) {
            try participants.suspend(account, REASON) {
                _done("suspend");
            } catch {}
        } else {
            try participants.reinstate(account, REASON) {
                _done("reinstate");
            } catch {}
        }
    }

    function skipTime(uint256 secondsSeed) external {
        _watch();
        vm.warp(block.timestamp + secondsSeed % 20 days);
        _done("skipTime");
    }

    // ================================================================ the single-step watch

    /// @dev The part a forced transfer in this step names (it may move, encumbered or not).
    uint256 private _forced;
    uint256[] private _watchedParts;
    address[] private _watchedOwners;

    /// @dev Snapshot of the encumbered parts and their owners before a step; {_done} checks that
    /// each still has its owner, or went to its beneficiary by its order, or was forced.
    function _watch() private {
        delete _watchedParts;
        delete _watchedOwners;
        _forced = 0;
        for (uint256 i; i < _parts.length; ++i) {
            if (parts.encumbranceOf(_parts[i]) != address(0)) {
                _watchedParts.push(_parts[i]);
                _watchedOwners.push(parts.ownerOf(_parts[i]));
            }
        }
    }

    function _done(bytes32 action) private {
        ++succeeded[action];
        bool delivery = action == "deliver" || action == "confirmReceipt";
        for (uint256 i; i < _watchedParts.length; ++i) {
            uint256 partId = _watchedParts[i];
            address owner = parts.ownerOf(partId);
            if (owner == _watchedOwners[i] || partId == _forced) continue;
            if (!delivery) _violation(string.concat("an encumbered part moved by ", _name(action)), partId);
        }
        delete _watchedParts;
        delete _watchedOwners;
    }

    // ================================================================ picking

    function _actor(uint256 seed) private view returns (address) {
        return _actors[seed % _actors.length];
    }

    /// @dev `preferred` three times in four, else any actor.
    function _mostly(address preferred, uint256 seed) private view returns (address) {
        return seed % 4 == 0 || preferred == address(0) ? _actor(seed >> 2) : preferred;
    }

    function _part(uint256 seed) private view returns (uint256) {
        return _parts[seed % _parts.length];
    }

    /// @dev Mostly a part `owner` holds (any part when it holds none, or one time in four).
    function _partOf(address owner, uint256 seed) private view returns (uint256) {
        if (seed % 4 != 0) {
            for (uint256 i; i < _parts.length; ++i) {
                uint256 partId = _parts[(seed + i) % _parts.length];
                if (parts.ownerOf(partId) == owner) return partId;
            }
        }
        return _part(seed >> 2);
    }

    /// @dev Up to `count` parts of `owner`, starting with `first`.
    function _partsOf(address owner, uint256 first, uint256 count) private view returns (uint256[] memory ids) {
        ids = new uint256[](count);
        ids[0] = first;
        uint256 n = 1;
        for (uint256 i; i < _parts.length && n < count; ++i) {
            if (_parts[i] != first && parts.ownerOf(_parts[i]) == owner) ids[n++] = _parts[i];
        }
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    /// @dev An existing order (or order 0, which every call refuses, when there is none yet).
    function _order(uint256 seed) private view returns (uint256 orderId, IPurchaseOrders.Order memory o) {
        uint256 count = orders.orderCount();
        if (count == 0) return (0, o);
        // Recent orders more often: they are the ones still open.
        orderId = seed % 2 == 0 ? count - ((seed >> 1) % (count < 4 ? count : 4)) : 1 + (seed >> 1) % count;
        o = orders.order(orderId);
    }

    /// @dev Three times in four an order in `wanted` state if there is one (the campaign gets
    /// deep into the lifecycle instead of probing refusals), else any order.
    function _orderIn(uint256 seed, IPurchaseOrders.OrderState wanted)
        private
        view
        returns (uint256 orderId, IPurchaseOrders.Order memory o)
    {
        uint256 count = orders.orderCount();
        if (seed % 4 != 0) {
            for (uint256 i; i < count; ++i) {
                uint256 id = 1 + (seed + i) % count;
                IPurchaseOrders.Order memory candidate = orders.order(id);
                if (candidate.state == wanted) return (id, candidate);
            }
        }
        return _order(seed >> 2);
    }

    /// @dev Up to `count` pending parts of an order.
    function _pending(uint256 orderId, uint256 count) private view returns (uint256[] memory ids) {
        ids = new uint256[](count);
        if (orderId == 0) return ids;
        (uint256[] memory all, IPurchaseOrders.LineState[] memory states) = orders.orderParts(orderId);
        uint256 n;
        for (uint256 i; i < all.length && n < count; ++i) {
            if (states[i] == IPurchaseOrders.LineState.Pending) ids[n++] = all[i];
        }
        if (n == 0) return ids; // part 0: refused
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    function _receivable(uint256 seed) private view returns (uint256) {
        uint256 count = receivables.receivableCount();
        return count == 0 ? 1 : 1 + seed % count;
    }

    /// @dev Three times in four a receivable in `wanted` state if there is one, else any.
    function _receivableIn(uint256 seed, IReceivables.ReceivableState wanted) private view returns (uint256) {
        uint256 count = receivables.receivableCount();
        if (seed % 4 != 0) {
            for (uint256 i; i < count; ++i) {
                uint256 id = 1 + (seed + i) % count;
                if (receivables.receivable(id).state == wanted) return id;
            }
        }
        return _receivable(seed >> 2);
    }

    /// @dev Mostly an actor holding units of `id`.
    function _holder(uint256 id, uint256 seed) private view returns (address) {
        if (seed % 4 != 0) {
            for (uint256 i; i < _actors.length; ++i) {
                address a = _actors[(seed + i) % _actors.length];
                if (receivables.balanceOf(a, id) != 0) return a;
            }
        }
        return _actor(seed >> 2);
    }

    // ================================================================ money

    /// @dev Mints `amount` to `account` and approves `spender` for it (counted in {minted}).
    function _fund(address account, address spender, uint256 amount) private {
        usd.mint(account, amount);
        minted += amount;
        vm.prank(account);
        usd.approve(spender, amount);
    }

    /// @dev What `account` holds of the token plus what the orders contract owes it.
    function _worth(address account) private view returns (uint256) {
        return usd.balanceOf(account) + orders.owed(IERC20(address(usd)), account);
    }

    // ================================================================ outcomes

    function _violation(string memory what, uint256 subject) private {
        violations.push(string.concat(what, " (", vm.toString(subject), ")"));
    }

    function _refused(bytes memory reason) private pure {
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }

    function _name(bytes32 action) private pure returns (string memory name) {
        uint256 n;
        while (n < 32 && action[n] != 0) ++n;
        name = new string(n);
        for (uint256 i; i < n; ++i) {
            bytes(name)[i] = action[i];
        }
    }
}
