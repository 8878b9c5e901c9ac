// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IParticipantRegistry
/// @notice The one list of who may act in the PartLedger suite. Every other contract asks it;
/// none copies its state, so a suspension or a pause takes effect everywhere at once.
/// @dev Authorities are the admin and the active regulators. An action that could capture or lock
/// the suite (suspending, reinstating or offboarding the admin or a regulator, granting or
/// revoking REGULATOR_ROLE, granting ENFORCER_ROLE, replacing a suspended admin; suspending or
/// reinstating the pending admin, so one regulator cannot veto a handover) takes two
/// distinct authorities, the account it targets never counting: the first call proposes
/// ({ActionProposed}), the same call by another authority confirms ({ActionConfirmed}) and
/// executes. While no regulator is active the admin alone may appoint one.
interface IParticipantRegistry {
    /// @dev Lifecycle of a participant record.
    enum Status {
        None,
        Active,
        Suspended
    }

    /// @dev What the registry knows of an account. `id` is a dense number (1, 2, ...) other
    /// contracts may store in place of the address.
    struct Participant {
        uint32 id;
        Status status;
        uint64 registeredAt;
        string name;
        string filingNumber;
    }

    /// @dev Outcome of {transferCheck}, in the order the checks run. Zero means allowed.
    enum PartyCode {
        Ok,
        SuitePaused,
        OperatorSuspended,
        OperatorNotRegistered,
        SenderNotRegistered,
        SenderSuspended,
        ReceiverNotRegistered,
        ReceiverSuspended
    }

    /// @dev A governance action that needs two authorities; with its target and data it makes the
    /// action id ({actionId}).
    enum Action {
        Suspend,
        Reinstate,
        Offboard,
        GrantRole,
        RevokeRole,
        ReplaceAdmin,
        External
    }

    /// @dev `account` is the zero address.
    error InvalidParticipant(address account);
    /// @dev `account` already has a participant record.
    error ParticipantAlreadyRegistered(address account);
    /// @dev `account` has no participant record.
    error ParticipantNotRegistered(address account);
    /// @dev `account` is registered but suspended by a regulator.
    error ParticipantSuspended(address account);
    /// @dev `account` is not suspended, so it cannot be reinstated.
    error ParticipantNotSuspended(address account);
    /// @dev A participant needs a name.
    error EmptyParticipantName(address account);
    /// @dev `role` is not one of the suite's roles.
    error UnknownRole(bytes32 role);
    /// @dev `account` is the admin: it leaves only by the two-step admin handover.
    error CannotOffboardAdmin(address account);
    /// @dev `account` may not pause or unpause the suite (admin or regulator only).
    error PauseUnauthorized(address account);
    /// @dev No participant has number `participantId`.
    error UnknownParticipantId(uint32 participantId);
    /// @dev `account` would hold `role` beside `heldRole`: admin, regulator and enforcer exclude each other, and regulator excludes manufacturer.
    error IncompatibleRoles(address account, bytes32 role, bytes32 heldRole);
    /// @dev `role` needs two authorities: onboard `account` without it, then two authorities grant it.
    error RoleNeedsTwoAuthorities(address account, bytes32 role);
    /// @dev `account` is neither the admin nor a regulator, so it cannot propose or confirm.
    error NotAnAuthority(address account);
    /// @dev `account` is the target of the action, so it does not count as one of its authorities.
    error AuthorityIsTarget(address account);
    /// @dev `proposer` already proposed action `actionId`: another authority must confirm it.
    error AlreadyProposed(bytes32 actionId, address proposer);
    /// @dev No proposal `actionId` is pending.
    error ProposalNotFound(bytes32 actionId);
    /// @dev `account` did not propose action `actionId`, so it cannot withdraw it.
    error NotProposer(bytes32 actionId, address account);
    /// @dev `delay` is longer than `maxDelay`: the regulators' path back must stay open.
    error AdminDelayTooLong(uint48 delay, uint48 maxDelay);
    /// @dev Regulators replace the admin only while `admin` is suspended.
    error AdminNotSuspended(address admin);
    /// @dev While the admin is suspended, `account` is one of the last two active regulators: it cannot renounce.
    error RegulatorNeededForPathBack(address account);
    /// @dev The part registry is bound already ({bindParts} is once): `parts` is the bound one.
    error PartsAlreadyBound(address parts);
    /// @dev `parts` is not a part registry of this participant registry.
    error InvalidParts(address parts);
    /// @dev {confirmExternal} speaks only for the bound part registry and the receivables of its
    /// financing contract: `caller` is neither.
    error NotASuiteContract(address caller);

    /// @dev A participant was onboarded with its first roles.
    event ParticipantOnboarded(
        address indexed account, uint32 indexed participantId, string name, string filingNumber, bytes32[] roles
    );
    /// @dev A participant was removed; all its roles were revoked.
    event ParticipantOffboarded(address indexed account, uint32 indexed participantId);
    /// @dev `authority` (a regulator, or the confirming authority of a two-authority suspension)
    /// suspended a participant; `reasonHash` is the hash of the decision document.
    event ParticipantSuspendedBy(address indexed account, address indexed authority, bytes32 reasonHash);
    /// @dev `authority` lifted a suspension (as for {ParticipantSuspendedBy}).
    event ParticipantReinstated(address indexed account, address indexed authority, bytes32 reasonHash);
    /// @dev An authority proposed a two-authority action; another authority may confirm it until `expiresAt`.
    event ActionProposed(
        bytes32 indexed actionId,
        Action action,
        address indexed account,
        bytes32 data,
        address indexed proposer,
        uint48 expiresAt
    );
    /// @dev A second authority confirmed `proposer`'s action; it executes in the same transaction.
    event ActionConfirmed(bytes32 indexed actionId, address indexed proposer, address indexed confirmer);
    /// @dev The proposer withdrew its proposal.
    event ProposalWithdrawn(bytes32 indexed actionId, address indexed proposer);
    /// @notice The suite's part registry was bound ({bindParts}).
    event PartsBound(address indexed parts);

    /// @notice Registers `account` as an active participant and grants it `roles` (admin only).
    /// @dev ENFORCER_ROLE, and REGULATOR_ROLE while a regulator is active, revert
    /// {RoleNeedsTwoAuthorities}: they are granted afterwards by two authorities.
    function onboard(address account, string calldata name, string calldata filingNumber, bytes32[] calldata roles)
        external
        returns (uint32 participantId);

    /// @notice Removes `account`'s participant record and revokes every suite role it holds: the
    /// admin alone for a plain participant, two authorities for a regulator; never the admin.
    function offboard(address account) external;

    /// @notice Suspends `account` in every contract of the suite at once: a regulator alone for a
    /// plain participant, two authorities for the admin, a regulator or the pending admin (the
    /// account a handover of the admin role names, until it accepts or the handover ends).
    function suspend(address account, bytes32 reasonHash) external;

    /// @notice Lifts the suspension of `account` (who may: as for {suspend}).
    function reinstate(address account, bytes32 reasonHash) external;

    /// @notice While the admin is suspended, two regulators start the admin handover to
    /// `newAdmin`, with the usual delay; `newAdmin` then calls `acceptDefaultAdminTransfer`.
    function replaceSuspendedAdmin(address newAdmin) external;

    /// @notice Withdraws a pending proposal of the caller.
    function withdrawProposal(bytes32 actionId) external;

    /// @notice Pauses every state-changing operation of the suite (the admin or an active regulator).
    function pause() external;

    /// @notice Resumes the suite (the admin or any active regulator, whoever paused it).
    function unpause() external;

    /// @notice The id of a two-authority action: keccak256(abi.encode(action, account, data)),
    /// `data` being the reason hash (Suspend, Reinstate), the role (GrantRole, RevokeRole), zero
    /// (Offboard) or the suspended admin's address (ReplaceAdmin).
    function actionId(Action action, address account, bytes32 data) external pure returns (bytes32);

    /// @notice The pending proposal `actionId`: who proposed it and until when it can be
    /// confirmed (zeros if none). It counts only while its proposer is an active authority.
    function proposal(bytes32 actionId) external view returns (address proposer, uint48 expiresAt);

    /// @notice True if `account` is the admin or a regulator, and active.
    function isAuthority(address account) external view returns (bool);

    /// @notice Binds the suite's part registry, once, by the admin at deployment: {confirmExternal}
    /// then answers only it and the receivables of its financing contract, so no other account
    /// can make this registry log a two-authority decision naming authorities that never took it.
    /// Reverts {PartsAlreadyBound} the second time and {InvalidParts} unless `parts_` names this
    /// registry as its `participants()`.
    /// @param parts_ the part registry deployed on this participant registry.
    function bindParts(address parts_) external;

    /// @notice The bound part registry (zero until {bindParts}).
    function parts() external view returns (address);

    /// @notice Two authorities for a decision of another suite contract (the caller): the first
    /// call by an authority proposes `data`, a call by a different authority confirms it. Only
    /// the bound part registry and the receivables of its financing contract may call
    /// ({NotASuiteContract}); the caller vouches that `authority` is its own caller. Proposals
    /// live under the calling contract's address (`actionId(Action.External, caller, data)`), so
    /// a contract can only ever speak for its own decisions.
    /// @param authority the account that called the calling contract (proposer or confirmer).
    /// @param data the decision, tagged by the calling contract (e.g. ("financing", address)).
    /// @return execute true when this call is the confirmation: the caller then executes.
    function confirmExternal(address authority, bytes32 data) external returns (bool execute);

    /// @notice Number of active (not suspended) regulators; zero opens the admin's bootstrap path.
    function activeRegulatorCount() external view returns (uint256);

    /// @notice The participant record of `account` (status None if unknown).
    function participant(address account) external view returns (Participant memory);

    /// @notice The account holding participant number `participantId`.
    function accountOf(uint32 participantId) external view returns (address);

    /// @notice Number of participants ever onboarded (ids run from 1 to this).
    function participantCount() external view returns (uint32);

    /// @notice True if `account` is registered and not suspended.
    function isActive(address account) external view returns (bool);

    /// @notice Reverts unless the suite runs and `account` is an active participant.
    /// @return participantId the account's participant number.
    function requireActive(address account) external view returns (uint32 participantId);

    /// @notice Reverts unless the suite runs, `account` is active and holds `role`.
    /// @return participantId the account's participant number.
    function requireActiveRole(address account, bytes32 role) external view returns (uint32 participantId);

    /// @notice As {requireActive}, also while the suite is paused: for the powers that only
    /// restrict (recalls and freezes), which an emergency must not switch off.
    /// @param account the account that acts.
    /// @return participantId the account's participant number.
    function requireActiveWhilePaused(address account) external view returns (uint32 participantId);

    /// @notice As {requireActiveRole}, also while the suite is paused (see {requireActiveWhilePaused}).
    /// @param account the account that acts.
    /// @param role the role it must hold.
    /// @return participantId the account's participant number.
    function requireActiveRoleWhilePaused(address account, bytes32 role) external view returns (uint32 participantId);

    /// @notice Whether `operator` may move a part from `from` to `to`; never reverts.
    /// @param operator the account that authorised the move on the owner's behalf (an approved
    /// account or operator); `operator == from` (the owner itself) skips it.
    /// @param permissioned true: operator and both parties must be registered and active; false
    /// (open mode): only suspended accounts are refused.
    /// @dev `from` zero skips the sender (a forced transfer: the sender may have lost its key or
    /// been suspended).
    function transferCheck(address operator, address from, address to, bool permissioned)
        external
        view
        returns (PartyCode);
}
