// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ParticipantRegistry
/// @notice Participants, their roles (OpenZeppelin AccessControl) and the suite-wide pause
/// (OpenZeppelin Pausable). The admin onboards and offboards; a regulator suspends and
/// reinstates; admin or regulator pause the suite.
/// @dev Storage: one slot per participant for (id, status, registeredAt) plus the two strings.
/// `requireActive*` and `transferCheck` are the single place other contracts ask.
contract ParticipantRegistry is AccessControl, Pausable, IParticipantRegistry {
    /// @notice Role ids, readable by integrators (DEFAULT_ADMIN_ROLE is the admin).
    bytes32 public constant MANUFACTURER_ROLE = Roles.MANUFACTURER;
    bytes32 public constant REPAIR_STATION_ROLE = Roles.REPAIR_STATION;
    bytes32 public constant FINANCIER_ROLE = Roles.FINANCIER;
    bytes32 public constant REGULATOR_ROLE = Roles.REGULATOR;
    bytes32 public constant ENFORCER_ROLE = Roles.ENFORCER;

    mapping(address account => Participant) private _participants;
    mapping(uint32 participantId => address) private _accounts;
    uint32 private _participantCount;

    /// @param admin first participant, holder of DEFAULT_ADMIN_ROLE.
    constructor(address admin, string memory adminName, string memory adminFilingNumber) {
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = DEFAULT_ADMIN_ROLE;
        _onboard(admin, adminName, adminFilingNumber, roles);
    }

    /// @inheritdoc IParticipantRegistry
    function onboard(address account, string calldata name, string calldata filingNumber, bytes32[] calldata roles)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint32)
    {
        return _onboard(account, name, filingNumber, roles);
    }

    /// @inheritdoc IParticipantRegistry
    function offboard(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (account == _msgSender()) revert CannotOffboardSelf(account);
        Participant storage p = _participants[account];
        uint32 id = p.id;
        if (p.status == Status.None) revert ParticipantNotRegistered(account);
        // Only a regulator lifts a suspension: offboarding and onboarding again must not.
        if (p.status == Status.Suspended) revert ParticipantSuspended(account);
        bytes32[6] memory all = Roles.all();
        for (uint256 i; i < all.length; ++i) {
            _revokeRole(all[i], account);
        }
        p.status = Status.None;
        emit ParticipantOffboarded(account, id);
    }

    /// @inheritdoc IParticipantRegistry
    function suspend(address account, bytes32 reasonHash) external onlyRole(Roles.REGULATOR) {
        Participant storage p = _participants[account];
        if (p.status == Status.None) revert ParticipantNotRegistered(account);
        if (p.status == Status.Suspended) revert ParticipantSuspended(account);
        p.status = Status.Suspended;
        emit ParticipantSuspendedBy(account, _msgSender(), reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function reinstate(address account, bytes32 reasonHash) external onlyRole(Roles.REGULATOR) {
        Participant storage p = _participants[account];
        if (p.status != Status.Suspended) revert ParticipantNotSuspended(account);
        p.status = Status.Active;
        emit ParticipantReinstated(account, _msgSender(), reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function pause() external {
        _checkPauser();
        _pause();
    }

    /// @inheritdoc IParticipantRegistry
    function unpause() external {
        _checkPauser();
        _unpause();
    }

    /// @inheritdoc IParticipantRegistry
    function participant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    /// @inheritdoc IParticipantRegistry
    function accountOf(uint32 participantId) external view returns (address account) {
        account = _accounts[participantId];
        if (account == address(0)) revert UnknownParticipantId(participantId);
    }

    /// @inheritdoc IParticipantRegistry
    function participantCount() external view returns (uint32) {
        return _participantCount;
    }

    /// @inheritdoc IParticipantRegistry
    function isActive(address account) external view returns (bool) {
        return _participants[account].status == Status.Active;
    }

    /// @inheritdoc IParticipantRegistry
    function requireActive(address account) public view returns (uint32) {
        _requireNotPaused();
        Participant storage p = _participants[account];
        Status status = p.status;
        if (status == Status.None) revert ParticipantNotRegistered(account);
        if (status == Status.Suspended) revert ParticipantSuspended(account);
        return p.id;
    }

    /// @inheritdoc IParticipantRegistry
    function requireActiveRole(address account, bytes32 role) external view returns (uint32 participantId) {
        participantId = requireActive(account);
        _checkRole(role, account);
    }

    /// @inheritdoc IParticipantRegistry
    function transferCheck(address operator, address from, address to, bool permissioned)
        external
        view
        returns (PartyCode)
    {
        if (paused()) return PartyCode.SuitePaused;
        if (operator != from) {
            Status operatorStatus = _participants[operator].status;
            if (operatorStatus == Status.Suspended) return PartyCode.OperatorSuspended;
            // An offboarded operator keeps the ERC-721 approvals it was given: they die here.
            if (permissioned && operatorStatus == Status.None) return PartyCode.OperatorNotRegistered;
        }
        if (from != address(0)) {
            Status fromStatus = _participants[from].status;
            if (fromStatus == Status.Suspended) return PartyCode.SenderSuspended;
            if (permissioned && fromStatus == Status.None) return PartyCode.SenderNotRegistered;
        }
        Status toStatus = _participants[to].status;
        if (toStatus == Status.Suspended) return PartyCode.ReceiverSuspended;
        if (permissioned && toStatus == Status.None) return PartyCode.ReceiverNotRegistered;
        return PartyCode.Ok;
    }

    /// @dev A suspended admin or regulator keeps its roles but cannot use them (not even to
    /// reinstate itself) until another regulator reinstates it.
    function _checkRole(bytes32 role, address account) internal view override {
        super._checkRole(role, account);
        if (_participants[account].status == Status.Suspended) revert ParticipantSuspended(account);
    }

    /// @dev Roles can only be held by registered participants, and only the suite's roles exist.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (!Roles.isKnown(role)) revert UnknownRole(role);
        if (_participants[account].status == Status.None) revert ParticipantNotRegistered(account);
        return super._grantRole(role, account);
    }

    function _onboard(address account, string memory name, string memory filingNumber, bytes32[] memory roles)
        private
        returns (uint32 id)
    {
        if (account == address(0)) revert InvalidParticipant(account);
        if (bytes(name).length == 0) revert EmptyParticipantName(account);
        Participant storage p = _participants[account];
        if (p.status != Status.None) revert ParticipantAlreadyRegistered(account);
        // A returning (offboarded) account keeps its number, so parts it made still resolve.
        id = p.id;
        if (id == 0) {
            id = ++_participantCount;
            _accounts[id] = account;
            p.id = id;
        }
        p.status = Status.Active;
        p.registeredAt = uint64(block.timestamp);
        p.name = name;
        p.filingNumber = filingNumber;
        for (uint256 i; i < roles.length; ++i) {
            _grantRole(roles[i], account);
        }
        emit ParticipantOnboarded(account, id, name, filingNumber, roles);
    }

    function _checkPauser() private view {
        address sender = _msgSender();
        if (!hasRole(DEFAULT_ADMIN_ROLE, sender) && !hasRole(Roles.REGULATOR, sender)) {
            revert PauseUnauthorized(sender);
        }
        if (_participants[sender].status == Status.Suspended) revert ParticipantSuspended(sender);
    }
}
