// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title FinanceBase
/// @notice What the financing contracts share: the suite they belong to, the settlement tokens the
/// admin allows, exact pulls (a fee-on-transfer token is refused: the contract never books more
/// than it received) and pull payments (amounts owed to an account that it withdraws itself, where
/// a push to a blocked or hostile recipient would stop another party).
/// @dev Invariant every financing contract keeps: for each token, its balance is at least what it
/// owes (escrow + receivable payments not yet redeemed + {owed} credits); nothing else comes in.
abstract contract FinanceBase is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The participant registry: who takes part, roles, the suite pause.
    IParticipantRegistry public immutable participants;
    /// @notice The part registry the financing is about.
    IPartRegistry public immutable parts;

    mapping(IERC20 token => bool) private _allowedTokens;
    mapping(IERC20 token => mapping(address account => uint256)) private _owed;
    mapping(IERC20 token => uint256) private _owedTotal;

    /// @dev The admin has not allowed `token` for settlement.
    error TokenNotAllowed(address token);
    /// @dev `token` has no code: it cannot be a settlement token.
    error InvalidToken(address token);
    /// @dev The contract received `received` of `token` where it asked for `asked` (a fee-on-transfer
    /// or rebasing token): such tokens are refused.
    error FeeOnTransferToken(address token, uint256 asked, uint256 received);
    /// @dev The admin `admin` holds `balance` of `token` and let this contract take `allowance` of
    /// it: {allowToken} needs `probe` of both to prove the token pays exactly.
    error TokenProbeUnfunded(address token, address admin, uint256 balance, uint256 allowance, uint256 probe);
    /// @dev Paying the probe back did not restore the balances: the admin went from `adminBefore`
    /// to `adminAfter` of `token` and this contract from `heldBefore` to `heldAfter` (a fee on the
    /// way out, or a token that moves other amounts than asked): such a token is refused.
    error TokenProbeFailed(
        address token, uint256 adminBefore, uint256 adminAfter, uint256 heldBefore, uint256 heldAfter
    );
    /// @dev `account` has nothing of `token` to withdraw.
    error NothingOwed(address token, address account);
    /// @dev An amount must be greater than zero.
    error ZeroAmount();

    /// @notice The admin allowed (or disallowed) `token` for new settlements.
    event TokenAllowed(address indexed token, bool allowed, address indexed admin);
    /// @notice `amount` of `token` is owed to `account`, who withdraws it with {withdraw}.
    event PaymentCredited(address indexed token, address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` of `token` owed to it.
    event Withdrawn(address indexed token, address indexed account, uint256 amount);

    constructor(IParticipantRegistry participants_, IPartRegistry parts_) {
        participants = participants_;
        parts = parts_;
    }

    /// @notice The admin allows or disallows an ERC-20 for new orders and receivables (what is
    /// already open settles in its token whatever the list says). Allowing vets the token first
    /// ({_vetToken}): the receivables contract moves a probe of it from the admin and back, exactly;
    /// the orders contract takes only a token the receivables contract allows. A token that takes
    /// a fee, returns false or reverts is never allowed, so no part is sold in a token that cannot
    /// pay for it.
    /// @dev A probe sees the token as it is now: one that starts charging fees, pauses or blocks
    /// an account later is not caught (the contracts then refuse what does not arrive exactly:
    /// see the README's known limits for who gets what); the admin disallows it for what is new.
    /// @param token The ERC-20.
    /// @param allowed True to allow it (once vetted), false to disallow it.
    function allowToken(IERC20 token, bool allowed) external nonReentrant {
        participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (address(token).code.length == 0) revert InvalidToken(address(token));
        if (allowed) _vetToken(token);
        _allowedTokens[token] = allowed;
        emit TokenAllowed(address(token), allowed, msg.sender);
    }

    /// @notice Withdraws everything of `token` owed to the caller (pull payment). The caller must be
    /// an active participant: what is credited to a suspended or offboarded account waits until it
    /// is reinstated (or onboarded again), as a receivable's redemption does.
    /// @dev `requireActive` also refuses while the suite is paused (and reverts with the participant
    /// registry's own errors).
    function withdraw(IERC20 token) external nonReentrant {
        participants.requireActive(msg.sender);
        uint256 amount = _owed[token][msg.sender];
        if (amount == 0) revert NothingOwed(address(token), msg.sender);
        _owed[token][msg.sender] = 0;
        _owedTotal[token] -= amount;
        emit Withdrawn(address(token), msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @notice Whether the admin allows `token` for new settlements.
    function tokenAllowed(IERC20 token) public view returns (bool) {
        return _allowedTokens[token];
    }

    /// @notice What `account` can withdraw of `token`.
    function owed(IERC20 token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    /// @notice Everything of `token` waiting for {withdraw}, all accounts together.
    function owedTotal(IERC20 token) public view returns (uint256) {
        return _owedTotal[token];
    }

    // ------------------------------------------------------------------ internals

    function _requireNotPaused() internal view {
        if (Pausable(address(participants)).paused()) revert Pausable.EnforcedPause();
    }

    function _requireAllowed(IERC20 token) internal view {
        if (!_allowedTokens[token]) revert TokenNotAllowed(address(token));
    }

    /// @dev Takes exactly `amount` of `token` from `from` (who approved this contract), or reverts.
    function _pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert FeeOnTransferToken(address(token), amount, received);
    }

    /// @dev Reverts unless `token` is fit to settle in (called by {allowToken} before allowing).
    function _vetToken(IERC20 token) internal virtual;

    /// @dev Books `amount` of `token` for `account` to withdraw.
    function _credit(IERC20 token, address account, uint256 amount) internal {
        if (amount == 0) return;
        _owed[token][account] += amount;
        _owedTotal[token] += amount;
        emit PaymentCredited(address(token), account, amount);
    }
}
