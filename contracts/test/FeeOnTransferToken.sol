// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test token that burns 1% of every transfer: the receiver gets less than was sent.
/// {setCharging} turns the fee off and on (a token that starts charging after it was allowed).
contract FeeOnTransferToken is ERC20 {
    bool public charging = true;

    constructor() ERC20("Fee Token", "FEE") {}

    function setCharging(bool charging_) external {
        charging = charging_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (!charging || from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
