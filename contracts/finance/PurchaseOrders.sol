// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {FinanceBase} from "./FinanceBase.sol";

/// @title PurchaseOrders
/// @notice SKELETON (constructor and door fixed; the purchase-orders engineer writes the rest).
contract PurchaseOrders is FinanceBase, IPurchaseOrders {
    /// @notice The receivables contract an order on credit issues its receivables in.
    IReceivables public immutable receivables;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_, IReceivables receivables_)
        FinanceBase(participants_, parts_)
    {
        receivables = receivables_;
    }

    /// @inheritdoc IPurchaseOrders
    function isDisputed(uint256) external view returns (bool) {}
}
