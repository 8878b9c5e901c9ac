// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPurchaseOrders
/// @notice Purchase orders with delivery versus payment. (The PurchaseOrders engineer completes
/// this interface: errors, events, the full API.) The function below is the receivables' door
/// into it; its signature is fixed.
interface IPurchaseOrders {
    /// @notice Whether order `orderId` is in dispute or frozen by a regulator now: the receivables
    /// it issued are frozen meanwhile.
    function isDisputed(uint256 orderId) external view returns (bool);
}
