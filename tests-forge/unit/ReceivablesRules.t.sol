// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceSuite, IFinanceBase} from "../utils/FinanceSuite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {FalseReturnToken} from "../../contracts/test/FalseReturnToken.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";
import {NoReturnToken} from "../../contracts/test/NoReturnToken.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice Burns 1% of what a contract sends (not of what an account sends): a pull arrives
/// whole, a payout does not.
contract ExitFeeToken is ERC20 {
    constructor() ERC20("Exit Fee", "EXIT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0) || from.code.length == 0) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @title ReceivablesRules
/// @notice Two money rules of the receivables, with the exact errors and who got what:
/// an invoice is its creditor's to its debtor and binds only when confirmed, so no one else can
/// burn it and it never backs two confirmed receivables; a settlement token is probed when
/// allowed, so one that takes a fee or returns false is never allowed and no part moves for it.
contract ReceivablesRules is FinanceSuite {
    uint256 internal constant FACE = 1_000e6;
    bytes32 internal constant INVOICE = keccak256("INV-2026-0042");

    function setUp() public {
        _deployFinance();
    }

    function _issue(address creditor, address debtor, bytes32 invoice, uint256 face) internal returns (uint256 id) {
        vm.prank(creditor);
        id = receivables.issue(debtor, address(usd), face, uint64(block.timestamp + 30 days), invoice, new uint256[](0));
    }

    function _confirm(uint256 id, address debtor) internal {
        vm.prank(debtor);
        receivables.confirm(id);
    }

    function _alreadyFinanced(address creditor, address debtor, bytes32 invoice, uint256 id)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IReceivables.InvoiceAlreadyFinanced.selector, creditor, debtor, invoice, id);
    }

    // ============================================================ invoices

    /// @notice A stranger (bob) copies the supplier's invoice on the same debtor and on a debtor of
    /// its own that confirms it; the supplier's claim is still issued and confirmed, the debtor
    /// rejects the copy, and the money goes: the debtor pays its face once; the supplier, the
    /// tier-2 holder it paid with units and the bank it discounted to each redeem their units;
    /// the stranger gets nothing of it.
    function test_aStrangerCopyingAnInvoiceCannotBurnItAndGetsNothingOfIt() external {
        uint256 copy = _issue(bob, maker, INVOICE, FACE);
        uint256 ownCopy = _issue(bob, alice, INVOICE, FACE);
        _confirm(ownCopy, alice);
        uint256 id = _issue(maker2, maker, INVOICE, FACE);
        _confirm(id, maker);
        vm.prank(maker);
        receivables.reject(copy);
        vm.assertEq(receivables.receivableOfInvoice(maker2, maker, INVOICE), id, "the supplier's invoice");
        vm.assertEq(receivables.receivableOfInvoice(bob, alice, INVOICE), ownCopy, "the stranger's own invoice");
        vm.assertEq(receivables.receivableOfInvoice(bob, maker, INVOICE), 0, "a rejected copy binds nothing");

        vm.prank(maker2);
        receivables.safeTransferFrom(maker2, station, id, 300e6, ""); // the supplier pays tier 2 with units
        vm.prank(maker2);
        uint256 offer = receivables.offerDiscount(id, bank, 200e6, 190e6, uint64(block.timestamp + 1 days));
        usd.mint(bank, 190e6);
        vm.startPrank(bank);
        usd.approve(address(receivables), 190e6);
        receivables.takeDiscount(offer);
        vm.stopPrank();
        usd.mint(maker, FACE);
        vm.startPrank(maker);
        usd.approve(address(receivables), FACE);
        receivables.pay(id, FACE);
        vm.stopPrank();
        vm.prank(maker2);
        receivables.redeem(id);
        vm.prank(station);
        receivables.redeem(id);
        vm.prank(bank);
        receivables.redeem(id);

        vm.assertEq(usd.balanceOf(maker), 0, "debtor: paid the face once");
        vm.assertEq(usd.balanceOf(maker2), 500e6 + 190e6, "creditor: its 500 units and the discount price");
        vm.assertEq(usd.balanceOf(station), 300e6, "holder: its 300 units");
        vm.assertEq(usd.balanceOf(bank), 200e6, "financier: its 200 units for 190");
        vm.assertEq(usd.balanceOf(bob), 0, "stranger: nothing");
        vm.assertEq(receivables.balanceOf(bob, id), 0, "stranger: no unit");
        vm.assertEq(usd.balanceOf(address(receivables)), 0, "the contract keeps nothing");
    }

    /// @notice Two claims of the same invoice by its creditor: the debtor confirms one; the other
    /// cannot be confirmed, the invoice cannot be issued again, and the debtor owes it once.
    function test_theSameInvoiceNeverBacksTwoConfirmedReceivables() external {
        uint256 first = _issue(maker2, maker, INVOICE, FACE);
        uint256 second = _issue(maker2, maker, INVOICE, FACE);
        _confirm(second, maker);
        vm.expectRevert(_alreadyFinanced(maker2, maker, INVOICE, second));
        vm.prank(maker);
        receivables.confirm(first);
        vm.expectRevert(_alreadyFinanced(maker2, maker, INVOICE, second));
        vm.prank(maker2);
        receivables.issue(maker, address(usd), FACE, uint64(block.timestamp + 30 days), INVOICE, new uint256[](0));
        (, uint256 outstanding,) = receivables.creditOf(maker, address(usd));
        vm.assertEq(outstanding, FACE, "debtor owes the invoice once");
        vm.assertEq(receivables.balanceOf(maker2, second), FACE, "creditor holds the confirmed one");
        vm.assertEq(receivables.balanceOf(maker2, first), 0, "and nothing of the other");
    }

    /// @dev The three (creditor, debtor) pairs the random sequence uses: the supplier's invoice
    /// to the OEM, a stranger's copy on the OEM, the supplier's to another debtor.
    function _pair(uint256 p) internal view returns (address creditor, address debtor) {
        return p == 0 ? (maker2, maker) : p == 1 ? (bob, maker) : (maker2, alice);
    }

    function _pairOf(IReceivables.ReceivableInfo memory info) internal view returns (uint256 p) {
        for (p = 0; p < 2; ++p) {
            (address creditor, address debtor) = _pair(p);
            if (info.creditor == creditor && info.debtor == debtor) return p;
        }
    }

    /// @notice Any sequence of issues (by the creditor, by a stranger, to another debtor),
    /// confirmations and rejections, one invoice hash throughout: each (creditor, debtor) pair's
    /// invoice backs at most one confirmed receivable, the lookup names it, every refused issue or
    /// confirmation names it, and while none is confirmed the supplier can still issue and have
    /// its own confirmed: nobody else burned it.
    function testFuzz_anInvoiceIsFinancedOnceWhateverTheOrder(uint256 seed) external {
        uint256[] memory ids = new uint256[](24);
        uint256[3] memory bound_; // the receivable each pair's invoice is bound to (0: none)
        uint256 count;
        for (uint256 step; step < 24; ++step) {
            seed = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = seed % 5;
            if (action < 3 || count == 0) {
                uint256 p = action % 3;
                (address creditor, address debtor) = _pair(p);
                if (bound_[p] != 0) {
                    vm.expectRevert(_alreadyFinanced(creditor, debtor, INVOICE, bound_[p]));
                    vm.prank(creditor);
                    receivables.issue(
                        debtor, address(usd), 1, uint64(block.timestamp + 30 days), INVOICE, new uint256[](0)
                    );
                    continue;
                }
                ids[count++] = _issue(creditor, debtor, INVOICE, 1);
                continue;
            }
            uint256 id = ids[(seed >> 8) % count];
            IReceivables.ReceivableInfo memory info = receivables.receivable(id);
            if (info.state != IReceivables.ReceivableState.Pending) continue;
            uint256 q = _pairOf(info);
            if (action == 3) {
                if (bound_[q] != 0) {
                    vm.expectRevert(_alreadyFinanced(info.creditor, info.debtor, INVOICE, bound_[q]));
                    vm.prank(info.debtor);
                    receivables.confirm(id);
                } else {
                    _confirm(id, info.debtor);
                    bound_[q] = id;
                }
            } else {
                vm.prank(info.debtor);
                receivables.reject(id);
            }
        }
        uint256[3] memory confirmed;
        for (uint256 i; i < count; ++i) {
            IReceivables.ReceivableInfo memory info = receivables.receivable(ids[i]);
            if (info.state == IReceivables.ReceivableState.Outstanding) ++confirmed[_pairOf(info)];
        }
        for (uint256 p; p < 3; ++p) {
            (address creditor, address debtor) = _pair(p);
            vm.assertLe(confirmed[p], 1, "an invoice backs two confirmed receivables");
            vm.assertEq(receivables.receivableOfInvoice(creditor, debtor, INVOICE), bound_[p], "the lookup");
        }
        if (bound_[0] == 0) {
            uint256 id = _issue(maker2, maker, INVOICE, 1);
            _confirm(id, maker); // nobody else burned it
            vm.assertEq(receivables.balanceOf(maker2, id), 1, "the creditor's unit");
        }
    }

    /// @notice A delivery on credit binds its invoice, the seller's to the buyer, at once: the
    /// seller's pending claim on the same invoice cannot be confirmed after it (and blocked nothing).
    function test_aDeliveryOnCreditBindsItsInvoiceAtOnce() external {
        uint256[] memory ids = new uint256[](1);
        ids[0] = _register(maker2, bytes32(uint256(0x1A1)));
        uint64 deadline = uint64(block.timestamp + 7 days);
        vm.prank(maker);
        uint256 orderId = orders.openOrder(
            maker2, ids, address(usd), FACE, deadline, IPurchaseOrders.Terms.Credit, deadline + 30 days, arbiter
        );
        vm.prank(maker2);
        orders.acceptOrder(orderId);
        bytes32 invoice = keccak256(abi.encode(block.chainid, address(orders), orderId, ids));
        uint256 claim = _issue(maker2, maker, invoice, FACE);
        vm.prank(maker2);
        orders.deliver(orderId, ids);
        uint256 id = receivables.receivableOfInvoice(maker2, maker, invoice);
        vm.assertEq(id, claim + 1, "the delivery's receivable");
        vm.assertEq(receivables.balanceOf(maker2, id), FACE, "seller: the delivery's units");
        vm.assertEq(parts.ownerOf(ids[0]), maker, "buyer: the part");
        vm.expectRevert(_alreadyFinanced(maker2, maker, invoice, id));
        vm.prank(maker);
        receivables.confirm(claim);
        (, uint256 outstanding,) = receivables.creditOf(maker, address(usd));
        vm.assertEq(outstanding, FACE, "buyer owes the delivery once");
    }

    // ============================================================ settlement tokens

    function _fundProbe(IERC20 token, IFinanceBase financing) internal {
        vm.prank(admin);
        token.approve(address(financing), PROBE);
    }

    /// @notice A token that burns 1% of every transfer fails the probe's pull in both contracts:
    /// FeeOnTransferToken(token, 10000, 9900); it stays disallowed and the admin keeps its probe.
    function test_aFeeOnTransferTokenCannotBeAllowed() external {
        FeeOnTransferToken token = new FeeOnTransferToken();
        token.mint(admin, PROBE);
        _fundProbe(IERC20(address(token)), receivables);
        vm.expectRevert(
            abi.encodeWithSelector(IFinanceBase.FeeOnTransferToken.selector, address(token), PROBE, PROBE - PROBE / 100)
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        vm.assertFalse(receivables.tokenAllowed(IERC20(address(token))), "allowed by the receivables");
        // The orders contract takes only what the receivables contract allows (and so probed).
        vm.expectRevert(abi.encodeWithSelector(IFinanceBase.TokenNotAllowed.selector, address(token)));
        vm.prank(admin);
        orders.allowToken(IERC20(address(token)), true);
        vm.assertFalse(orders.tokenAllowed(IERC20(address(token))), "allowed by the orders");
        vm.assertEq(token.balanceOf(admin), PROBE, "admin: keeps its probe");
    }

    /// @notice The orders contract allows a token once the receivables contract allowed it, with
    /// no probe of its own (nothing moves); disallowing there does not disallow here.
    function test_theOrdersContractTakesWhatTheReceivablesContractVetted() external {
        NoReturnToken token = new NoReturnToken();
        token.mint(admin, PROBE);
        vm.expectRevert(abi.encodeWithSelector(IFinanceBase.TokenNotAllowed.selector, address(token)));
        vm.prank(admin);
        orders.allowToken(IERC20(address(token)), true);
        vm.prank(admin);
        token.approve(address(receivables), PROBE); // (it returns nothing: not through IERC20)
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        vm.prank(admin);
        orders.allowToken(IERC20(address(token)), true);
        vm.assertTrue(orders.tokenAllowed(IERC20(address(token))), "orders: not allowed");
        vm.assertEq(token.balanceOf(address(orders)), 0, "orders: took a probe");
        vm.assertEq(token.balanceOf(admin), PROBE, "admin: keeps its probe");
    }

    /// @notice A token that returns false fails the probe (SafeERC20FailedOperation).
    function test_aTokenThatReturnsFalseCannotBeAllowed() external {
        FalseReturnToken token = new FalseReturnToken();
        token.mint(admin, PROBE);
        _fundProbe(IERC20(address(token)), receivables);
        token.setFailing(true);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(token)));
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        vm.assertEq(token.balanceOf(admin), PROBE, "admin: keeps its probe");
    }

    /// @notice A token that takes a fee only on what a contract pays out passes the pull and fails
    /// the payback: TokenProbeFailed with the admin's balance before and after.
    function test_aTokenThatChargesPayoutsCannotBeAllowed() external {
        ExitFeeToken token = new ExitFeeToken();
        token.mint(admin, PROBE);
        _fundProbe(IERC20(address(token)), receivables);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFinanceBase.TokenProbeFailed.selector, address(token), PROBE, PROBE - PROBE / 100, 0, 0
            )
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        vm.assertEq(token.balanceOf(admin), PROBE, "admin: keeps its probe");
    }

    /// @notice Without the probe held and approved the admin cannot allow: TokenProbeUnfunded
    /// with its balance and allowance; a token that returns nothing passes once they are there.
    function test_allowingNeedsTheProbeHeldAndApproved() external {
        NoReturnToken token = new NoReturnToken();
        vm.expectRevert(
            abi.encodeWithSelector(IFinanceBase.TokenProbeUnfunded.selector, address(token), admin, 0, 0, PROBE)
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        token.mint(admin, PROBE);
        vm.prank(admin);
        token.approve(address(receivables), PROBE);
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        vm.assertTrue(receivables.tokenAllowed(IERC20(address(token))), "not allowed");
        vm.assertEq(token.balanceOf(admin), PROBE, "admin: keeps its probe");
        vm.assertEq(token.balanceOf(address(receivables)), 0, "the contract keeps nothing");
        vm.assertEq(receivables.TOKEN_PROBE(), PROBE, "the probe");
    }

    /// @notice A credit order in a fee token is refused before any part moves: the token cannot
    /// be allowed, so the order cannot open (TokenNotAllowed); the seller keeps its part, no
    /// receivable exists, the buyer owes nothing.
    function test_aCreditOrderInAFeeTokenIsRefusedBeforeAnyPartMoves() external {
        FeeOnTransferToken token = new FeeOnTransferToken();
        token.mint(admin, PROBE);
        _fundProbe(IERC20(address(token)), receivables);
        vm.expectRevert(
            abi.encodeWithSelector(IFinanceBase.FeeOnTransferToken.selector, address(token), PROBE, PROBE - PROBE / 100)
        );
        vm.prank(admin);
        receivables.allowToken(IERC20(address(token)), true);
        uint256[] memory ids = new uint256[](1);
        ids[0] = _register(maker2, bytes32(uint256(0xFEE)));
        uint64 deadline = uint64(block.timestamp + 7 days);
        vm.expectRevert(abi.encodeWithSelector(IFinanceBase.TokenNotAllowed.selector, address(token)));
        vm.prank(maker);
        orders.openOrder(
            maker2, ids, address(token), FACE, deadline, IPurchaseOrders.Terms.Credit, deadline + 30 days, arbiter
        );
        vm.assertEq(parts.ownerOf(ids[0]), maker2, "seller: keeps its part");
        vm.assertEq(receivables.receivableCount(), 0, "no receivable");
        (, uint256 outstanding, uint256 reserved) = receivables.creditOf(maker, address(token));
        vm.assertEq(outstanding + reserved, 0, "buyer: owes nothing");
    }
}
