// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {FinanceBase} from "./FinanceBase.sol";

/// @title Receivables
/// @notice SKELETON (constructor and doors fixed; the receivables engineer writes the rest).
contract Receivables is ERC1155, FinanceBase, IReceivables {
    constructor(IParticipantRegistry participants_, IPartRegistry parts_)
        ERC1155("")
        FinanceBase(participants_, parts_)
    {}

    /// @notice Connects the purchase-order contract (SKELETON).
    function connectOrders(address orders) external {}

    /// @inheritdoc IReceivables
    function reserveCredit(address debtor, address token, uint256 amount, uint64 maturity) external {}

    /// @inheritdoc IReceivables
    function releaseCredit(address debtor, uint256 amount) external {}

    /// @inheritdoc IReceivables
    function issueForOrder(uint256, address, address, address, uint256, uint64, bytes32, uint256[] calldata)
        external
        returns (uint256 receivableId)
    {}
}
