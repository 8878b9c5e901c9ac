// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IReceivables
/// @notice Multi-tier receivables as ERC-1155: one id per receivable, one unit per smallest unit of
/// its token. (The Receivables engineer completes this interface: errors, events, the full API.)
/// The functions below are the purchase orders' door into it; their signatures are fixed.
interface IReceivables {
    /// @notice The connected purchase-order contract reserves `amount` of `debtor`'s credit line for
    /// an order on credit in `token` maturing at `maturity`. Reverts when the token is not allowed,
    /// the maturity is past or beyond the maximum tenor, or the line would be exceeded (with the
    /// figures).
    function reserveCredit(address debtor, address token, uint256 amount, uint64 maturity) external;

    /// @notice The connected purchase-order contract gives back `amount` of a reservation (parts
    /// not delivered: refunded, dropped, ruled).
    function releaseCredit(address debtor, uint256 amount) external;

    /// @notice The connected purchase-order contract issues the confirmed receivable of a delivery
    /// on credit: `amount` units to `creditor`, owed by `debtor`, consuming that much of the
    /// debtor's reservation; linked to the delivered `partIds` (owned by the debtor now).
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
}
