// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IParticipantRegistry
/// @notice The one list of who may act in the PartLedger suite. Every other contract asks it;
/// none copies its state, so a suspension or a pause takes effect everywhere at once.
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
    /// @dev The admin cannot offboard its own account (the suite would lose its admin).
    error CannotOffboardSelf(address account);
    /// @dev `account` may not pause or unpause the suite (admin or regulator only).
    error PauseUnauthorized(address account);
    /// @dev No participant has number `participantId`.
    error UnknownParticipantId(uint32 participantId);

    /// @dev A participant was onboarded with its first roles.
    event ParticipantOnboarded(
        address indexed account, uint32 indexed participantId, string name, string filingNumber, bytes32[] roles
    );
    /// @dev A participant was removed; all its roles were revoked.
    event ParticipantOffboarded(address indexed account, uint32 indexed participantId);
    /// @dev A regulator suspended a participant; `reasonHash` is the hash of the decision document.
    event ParticipantSuspendedBy(address indexed account, address indexed regulator, bytes32 reasonHash);
    /// @dev A regulator lifted a suspension.
    event ParticipantReinstated(address indexed account, address indexed regulator, bytes32 reasonHash);

    /// @notice Registers `account` as an active participant and grants it `roles`.
    function onboard(address account, string calldata name, string calldata filingNumber, bytes32[] calldata roles)
        external
        returns (uint32 participantId);

    /// @notice Removes `account`'s participant record and revokes every suite role it holds.
    function offboard(address account) external;

    /// @notice Suspends `account` in every contract of the suite at once.
    function suspend(address account, bytes32 reasonHash) external;

    /// @notice Lifts the suspension of `account`.
    function reinstate(address account, bytes32 reasonHash) external;

    /// @notice Pauses every state-changing operation of the suite.
    function pause() external;

    /// @notice Resumes the suite.
    function unpause() external;

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
