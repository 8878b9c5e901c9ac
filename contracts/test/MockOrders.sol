// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReceivables} from "../interfaces/IReceivables.sol";

/// @title MockOrders
/// @notice Test stand-in for the purchase-order contract on the receivables' door: it answers
/// parts(), participants() and receivables() like the real one, forwards the door calls, and lets
/// a test open or close a dispute on any order id.
contract MockOrders {
    address public immutable participants;
    address public immutable parts;
    IReceivables public immutable receivables;
    mapping(uint256 orderId => bool) public isDisputed;

    constructor(address participants_, address parts_, IReceivables receivables_) {
        (participants, parts, receivables) = (participants_, parts_, receivables_);
    }

    function setDisputed(uint256 orderId, bool disputed) external {
        isDisputed[orderId] = disputed;
    }

    function reserve(address debtor, address token, uint256 amount, uint64 maturity) external {
        receivables.reserveCredit(debtor, token, amount, maturity);
    }

    function release(address debtor, uint256 amount) external {
        receivables.releaseCredit(debtor, amount);
    }

    function issue(
        uint256 orderId,
        address creditor,
        address debtor,
        address token,
        uint256 amount,
        uint64 maturity,
        bytes32 invoiceHash,
        uint256[] calldata partIds
    ) external returns (uint256) {
        return receivables.issueForOrder(orderId, creditor, debtor, token, amount, maturity, invoiceHash, partIds);
    }
}
