// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite} from "./Suite.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../../contracts/interfaces/IReceivables.sol";
import {TestStablecoin} from "../../contracts/test/TestStablecoin.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

/// @title IFinanceBase
/// @notice What both financing contracts inherit from FinanceBase (pull payments, allowed
/// tokens), as an interface: the tests never import the contracts themselves (see {FinanceSuite}).
interface IFinanceBase {
    /// @dev FinanceBase's errors, as the contract declares them.
    error TokenNotAllowed(address token);
    error FeeOnTransferToken(address token, uint256 asked, uint256 received);
    error TokenProbeUnfunded(address token, address admin, uint256 balance, uint256 allowance, uint256 probe);
    error TokenProbeFailed(
        address token, uint256 adminBefore, uint256 adminAfter, uint256 heldBefore, uint256 heldAfter
    );

    function TOKEN_PROBE() external view returns (uint256);
    function allowToken(IERC20 token, bool allowed) external;
    function tokenAllowed(IERC20 token) external view returns (bool);
    function withdraw(IERC20 token) external;
    function owed(IERC20 token, address account) external view returns (uint256);
    function owedTotal(IERC20 token) external view returns (uint256);
}

/// @notice The receivables contract as the tests see it: its own interface and ERC-1155.
interface IReceivablesToken is IReceivables, IERC1155, IFinanceBase {
    function receivableCount() external view returns (uint256);
}

/// @notice The purchase-order contract as the tests see it.
interface IOrders is IPurchaseOrders, IFinanceBase {}

/// @title FinanceSuite
/// @notice The suite of {Suite} plus the financing pillar as `scripts/deploy.py` deploys it:
/// Receivables(participants, parts), PurchaseOrders(participants, parts, receivables), the
/// orders connected to the receivables and to the registry's financing bridge, a 6-decimal
/// stablecoin allowed in both, a bank (FINANCIER) and an arbiter (ARBITER) onboarded. Allowing
/// probes the token with the admin's {PROBE} (moved there and back): the admin keeps it, the only
/// dollars outside the tests' own mints.
/// @dev Both financing contracts need the IR pipeline (stack too deep without it), which forge
/// gives them alone (foundry.toml, compilation_restrictions). A test importing them would drag
/// its whole compilation unit, PartRegistry included, through via-IR (minutes): so they are
/// deployed from their build artifacts and called through interfaces.
abstract contract FinanceSuite is Suite {
    IReceivablesToken internal receivables;
    IOrders internal orders;
    TestStablecoin internal usd;

    address internal bank;
    address internal arbiter;

    uint256 internal constant BANK_KEY = 0xBA4C;
    uint256 internal constant ARBITER_KEY = 0xA4B1;
    /// @dev Every debtor's credit line (6 decimals: a billion dollars).
    uint256 internal constant CREDIT_LINE = 1e15;
    /// @dev What the receivables contract's allowToken moves from the admin and back (TOKEN_PROBE).
    uint256 internal constant PROBE = 10_000;

    function _deployFinance() internal {
        _deploySuite();
        bank = vm.addr(BANK_KEY);
        arbiter = vm.addr(ARBITER_KEY);
        vm.label(bank, "bank");
        vm.label(arbiter, "arbiter");
        _onboard(bank, Roles.FINANCIER);
        _onboard(arbiter, Roles.ARBITER);

        receivables = IReceivablesToken(vm.deployCode("Receivables.sol:Receivables", abi.encode(participants, parts)));
        orders =
            IOrders(vm.deployCode("PurchaseOrders.sol:PurchaseOrders", abi.encode(participants, parts, receivables)));
        usd = new TestStablecoin();
        usd.mint(admin, PROBE);
        vm.startPrank(admin);
        receivables.connectOrders(address(orders));
        parts.connectFinancing(address(orders));
        usd.approve(address(receivables), PROBE);
        receivables.allowToken(IERC20(address(usd)), true); // the probe
        orders.allowToken(IERC20(address(usd)), true); // what the receivables contract allows
        address[6] memory debtors = [maker, maker2, alice, bob, station, bank];
        for (uint256 i; i < debtors.length; ++i) {
            receivables.setCreditLine(debtors[i], address(usd), CREDIT_LINE);
        }
        vm.stopPrank();
    }
}
