// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceSuite} from "../utils/FinanceSuite.sol";
import {FinanceHandler} from "../handlers/FinanceHandler.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title FinanceInvariants
/// @notice Random sequences of open / accept / decline / cancel / deliver / confirm receipt /
/// drop / refund / dispute / rule / assign / freeze, and issue / confirm / reject / split /
/// discount / pay / redeem / freeze / withdraw, with recalls, part freezes, forced transfers,
/// suspensions and time passing underneath. After every call:
/// - each financing contract holds exactly what it owes: the orders contract what is escrowed
///   plus what it owes by pull payment; the receivables contract what was paid and not yet
///   redeemed plus what it owes by pull payment;
/// - the units of a confirmed receivable sum to its face until redeemed (never more);
/// - no holder redeems more than its share: what holders redeemed plus what they can still
///   redeem never exceeds what the debtor paid;
/// - an encumbered part belongs to a pending line of a live order, is promised to its buyer and
///   held by its seller; it moves only by its order (delivery) or a forced transfer;
/// - a frozen receivable's units do not move; a delivery moves the parts to the buyer and pays
///   the payee exactly what left the escrow;
/// - nothing is created or lost: every token minted is with an actor or a financing contract,
///   every part with an actor.
/// @dev 32 sequences of 150 calls per invariant (4,800 calls; about two seconds each here): an order
/// needs open, accept and deliver or dispute in one sequence before most rules have work to do.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 150
contract FinanceInvariants is FinanceSuite {
    FinanceHandler internal handler;
    uint256 private constant PARTS_PER_MAKER = 6;
    uint256 private constant MONEY_ACTIONS = 20;
    uint256 private constant SETTLEMENTS_FROM = 6; // the money actions from index 6 on move money

    function setUp() public {
        _deployFinance();
        uint256[] memory pool = new uint256[](2 * PARTS_PER_MAKER);
        for (uint256 i; i < PARTS_PER_MAKER; ++i) {
            pool[2 * i] = _register(maker, bytes32(0xF000 + i));
            pool[2 * i + 1] = _register(maker2, bytes32(0xF100 + i));
        }
        // Tier suppliers own parts from the start too: they sell as well as buy.
        vm.prank(maker);
        parts.transferFrom(maker, alice, pool[0]);
        vm.prank(maker2);
        parts.transferFrom(maker2, bob, pool[1]);

        address[] memory traders = new address[](8);
        (traders[0], traders[1], traders[2], traders[3]) = (maker, maker2, alice, bob);
        (traders[4], traders[5], traders[6], traders[7]) = (station, bank, arbiter, outsider);
        handler = new FinanceHandler(
            participants, parts, orders, receivables, usd, traders, regulator, enforcer, bank, arbiter, pool
        );
        // A token supply the handler did not mint would break the ledger: there is none yet.
        vm.assertEq(usd.totalSupply(), PROBE, "no token before the campaign but the admin's probe");

        bytes4[] memory selectors = new bytes4[](24);
        selectors[0] = FinanceHandler.openOrder.selector;
        selectors[1] = FinanceHandler.acceptOrder.selector;
        selectors[2] = FinanceHandler.declineOrder.selector;
        selectors[3] = FinanceHandler.cancelOrder.selector;
        selectors[4] = FinanceHandler.deliver.selector;
        selectors[5] = FinanceHandler.dropPart.selector;
        selectors[6] = FinanceHandler.refundExpired.selector;
        selectors[7] = FinanceHandler.raiseDispute.selector;
        selectors[8] = FinanceHandler.rule.selector;
        selectors[9] = FinanceHandler.assignOrder.selector;
        selectors[10] = FinanceHandler.freezeOrder.selector;
        selectors[11] = FinanceHandler.issue.selector;
        selectors[12] = FinanceHandler.confirm.selector;
        selectors[13] = FinanceHandler.split.selector;
        selectors[14] = FinanceHandler.discount.selector;
        selectors[15] = FinanceHandler.pay.selector;
        selectors[16] = FinanceHandler.redeem.selector;
        selectors[17] = FinanceHandler.freezeReceivable.selector;
        selectors[18] = FinanceHandler.withdraw.selector;
        selectors[19] = FinanceHandler.partStatus.selector;
        selectors[20] = FinanceHandler.forcedTransfer.selector;
        selectors[21] = FinanceHandler.skipTime.selector;
        selectors[22] = FinanceHandler.transferPart.selector;
        selectors[23] = FinanceHandler.suspension.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector(address(handler), selectors));
    }

    /// @notice The campaign's shape replayed with fixed seeds (16 sequences of 150 calls, each from
    /// the same start, through the same handler): every money action succeeds in at least one
    /// sequence, and after each sequence no step broke a rule and every invariant holds. A
    /// handler or rule change that leaves a money action unreachable fails here.
    function test_everyMoneyActionSucceedsInTheCampaignsSequences() external {
        bytes32[MONEY_ACTIONS] memory money = _moneyActions();
        uint256[MONEY_ACTIONS] memory total;
        for (uint256 run; run < 16; ++run) {
            uint256 start = vm.snapshotState();
            for (uint256 call; call < 150; ++call) {
                _step(run * 1000 + call);
            }
            for (uint256 i; i < MONEY_ACTIONS; ++i) {
                total[i] += handler.succeeded(money[i]);
            }
            vm.assertEq(handler.violationCount(), 0, "a step broke a rule");
            this.invariant_ordersHoldExactlyWhatTheyOwe();
            this.invariant_receivablesHoldExactlyWhatTheyOwe();
            this.invariant_unitsSumToFace();
            this.invariant_noHolderRedeemsMoreThanPaid();
            this.invariant_encumbranceFollowsItsOrder();
            this.invariant_nothingCreatedOrLost();
            vm.revertToState(start);
        }
        for (uint256 i; i < MONEY_ACTIONS; ++i) {
            vm.assertTrue(total[i] > 0, string.concat("never succeeded: ", string(abi.encodePacked(money[i]))));
        }
    }

    function _moneyActions() private pure returns (bytes32[MONEY_ACTIONS] memory) {
        return [
            bytes32("openOrder"),
            "acceptOrder",
            "issue",
            "confirm",
            "raiseDispute",
            "split",
            "deliver",
            "confirmReceipt",
            "dropPart",
            "refundExpired",
            "rule",
            "assignOrder",
            "declineOrder",
            "cancelOrder",
            "discount",
            "pay",
            "redeem",
            "withdraw",
            "reject",
            "openOrderWithPrices"
        ];
    }

    /// @dev One handler call chosen and parametrised by `i` (a refusal is an expected outcome).
    function _step(uint256 i) private {
        uint256 a = uint256(keccak256(abi.encode(i, 1)));
        uint256 b = uint256(keccak256(abi.encode(i, 2)));
        uint256 c = uint256(keccak256(abi.encode(i, 3)));
        uint256 d = uint256(keccak256(abi.encode(i, 4)));
        uint256 pick = uint256(keccak256(abi.encode(i))) % 24;
        bool flag = d % 2 == 0;
        if (pick == 0) {
            try handler.openOrder(a, b, c, d, flag) {} catch {}
        } else if (pick == 1) {
            try handler.acceptOrder(a, b) {} catch {}
        } else if (pick == 2) {
            try handler.declineOrder(a, b) {} catch {}
        } else if (pick == 3) {
            try handler.cancelOrder(a, b) {} catch {}
        } else if (pick == 4) {
            try handler.deliver(a, b, c, flag) {} catch {}
        } else if (pick == 5) {
            try handler.dropPart(a, b, c) {} catch {}
        } else if (pick == 6) {
            try handler.refundExpired(a, b) {} catch {}
        } else if (pick == 7) {
            try handler.raiseDispute(a, b, flag) {} catch {}
        } else if (pick == 8) {
            try handler.rule(a, b, c) {} catch {}
        } else if (pick == 9) {
            try handler.assignOrder(a, b, c) {} catch {}
        } else if (pick == 10) {
            try handler.freezeOrder(a, b, flag) {} catch {}
        } else if (pick == 11) {
            try handler.issue(a, b, c, d, flag) {} catch {}
        } else if (pick == 12) {
            try handler.confirm(a, b, flag) {} catch {}
        } else if (pick == 13) {
            try handler.split(a, b, c, d) {} catch {}
        } else if (pick == 14) {
            try handler.discount(a, b, c, d) {} catch {}
        } else if (pick == 15) {
            try handler.pay(a, b, c) {} catch {}
        } else if (pick == 16) {
            try handler.redeem(a, b) {} catch {}
        } else if (pick == 17) {
            try handler.freezeReceivable(a, b, flag) {} catch {}
        } else if (pick == 18) {
            try handler.withdraw(a, flag) {} catch {}
        } else if (pick == 19) {
            try handler.partStatus(a, uint8(b)) {} catch {}
        } else if (pick == 20) {
            try handler.forcedTransfer(a, b) {} catch {}
        } else if (pick == 21) {
            try handler.skipTime(a) {} catch {}
        } else if (pick == 22) {
            try handler.transferPart(a, b) {} catch {}
        } else {
            try handler.suspension(a, uint8(b)) {} catch {}
        }
    }

    /// @notice The orders contract's token balance is exactly what is escrowed in its orders
    /// plus what it owes by pull payment.
    function invariant_ordersHoldExactlyWhatTheyOwe() external view {
        uint256 escrowed;
        uint256 count = orders.orderCount();
        for (uint256 id = 1; id <= count; ++id) {
            escrowed += orders.escrowed(id);
        }
        vm.assertEq(
            usd.balanceOf(address(orders)),
            escrowed + orders.owedTotal(IERC20(address(usd))),
            "orders: balance != escrowed + owed"
        );
    }

    /// @notice The receivables contract's token balance is exactly what debtors paid and holders
    /// did not redeem yet, plus what it owes by pull payment.
    function invariant_receivablesHoldExactlyWhatTheyOwe() external view {
        uint256 unredeemed;
        uint256 count = receivables.receivableCount();
        for (uint256 id = 1; id <= count; ++id) {
            unredeemed += receivables.receivable(id).paid - handler.redeemedOf(id);
        }
        vm.assertEq(
            usd.balanceOf(address(receivables)),
            unredeemed + receivables.owedTotal(IERC20(address(usd))),
            "receivables: balance != paid - redeemed + owed"
        );
    }

    /// @notice A confirmed receivable's units sum to its face until it is fully paid (then
    /// redemption burns them); never more than the face; none before confirmation.
    function invariant_unitsSumToFace() external view {
        address[] memory holders = handler.actors();
        uint256 count = receivables.receivableCount();
        for (uint256 id = 1; id <= count; ++id) {
            IReceivables.ReceivableInfo memory r = receivables.receivable(id);
            uint256 units;
            for (uint256 i; i < holders.length; ++i) {
                units += receivables.balanceOf(holders[i], id);
            }
            string memory which = string.concat("receivable ", vm.toString(id));
            if (r.state == IReceivables.ReceivableState.Pending || r.state == IReceivables.ReceivableState.Rejected) {
                vm.assertEq(units, 0, string.concat(which, ": units before confirmation"));
            } else if (r.paid < r.face) {
                vm.assertEq(units, r.face, string.concat(which, ": units != face while unpaid"));
            } else {
                vm.assertLe(units, r.face, string.concat(which, ": units above face"));
            }
        }
    }

    /// @notice What holders redeemed plus what they can still redeem never exceeds what was paid.
    function invariant_noHolderRedeemsMoreThanPaid() external view {
        address[] memory holders = handler.actors();
        uint256 count = receivables.receivableCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint256 claimable = handler.redeemedOf(id);
            for (uint256 i; i < holders.length; ++i) {
                claimable += receivables.redeemable(id, holders[i]);
            }
            vm.assertLe(
                claimable,
                receivables.receivable(id).paid,
                string.concat("receivable ", vm.toString(id), ": redeemed + redeemable > paid")
            );
        }
    }

    /// @notice Every encumbered part is a pending line of a live order (accepted or in dispute),
    /// promised to its buyer; and the registry counts exactly those parts.
    function invariant_encumbranceFollowsItsOrder() external view {
        uint256[] memory pool = handler.allParts();
        uint256 encumbered;
        for (uint256 i; i < pool.length; ++i) {
            address beneficiary = parts.encumbranceOf(pool[i]);
            if (beneficiary == address(0)) continue;
            ++encumbered;
            string memory which = string.concat("encumbered part ", vm.toString(pool[i]));
            uint256 orderId = orders.openOrderOf(pool[i]);
            vm.assertTrue(orderId != 0, string.concat(which, ": in no open order"));
            IPurchaseOrders.Order memory o = orders.order(orderId);
            vm.assertTrue(
                o.state == IPurchaseOrders.OrderState.Accepted || o.state == IPurchaseOrders.OrderState.Disputed,
                string.concat(which, ": its order is not live")
            );
            vm.assertEq(beneficiary, o.buyer, string.concat(which, ": promised to someone other than its buyer"));
            vm.assertEq(parts.ownerOf(pool[i]), o.seller, string.concat(which, ": not held by its seller"));
            (uint256[] memory ids, IPurchaseOrders.LineState[] memory states) = orders.orderParts(orderId);
            bool pending;
            for (uint256 j; j < ids.length; ++j) {
                if (ids[j] == pool[i]) pending = states[j] == IPurchaseOrders.LineState.Pending;
            }
            vm.assertTrue(pending, string.concat(which, ": its line is settled"));
        }
        vm.assertEq(parts.encumberedCount(), encumbered, "encumberedCount != encumbered parts");
    }

    /// @notice No step broke a rule only the step itself shows (see FinanceHandler).
    function invariant_noStepBrokeARule() external view {
        uint256 count = handler.violationCount();
        vm.assertEq(count, 0, count == 0 ? "" : handler.violations(0));
    }

    /// @notice Nothing is created or lost: every token minted is with an actor or a financing
    /// contract; every part of the pool is with an actor.
    function invariant_nothingCreatedOrLost() external view {
        address[] memory holders = handler.actors();
        uint256 tokens = usd.balanceOf(address(orders)) + usd.balanceOf(address(receivables));
        uint256 held;
        for (uint256 i; i < holders.length; ++i) {
            tokens += usd.balanceOf(holders[i]);
            held += parts.balanceOf(holders[i]);
        }
        vm.assertEq(usd.totalSupply(), handler.minted() + PROBE, "tokens minted outside the campaign");
        vm.assertEq(tokens, handler.minted(), "tokens left the actors and the contracts");
        vm.assertEq(held, handler.allParts().length, "parts left the actors");
    }
}
