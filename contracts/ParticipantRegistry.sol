// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IPartFinancing} from "./interfaces/IPartFinancing.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ParticipantRegistry
/// @notice Participants, their roles and the suite-wide pause, arranged so that no single key can
/// lock or capture the suite. Exactly one admin (OpenZeppelin `AccessControlDefaultAdminRules`:
/// two-step handover after a delay) onboards and offboards; a regulator suspends and reinstates;
/// the admin or any regulator pauses and unpauses. Admin, regulator and enforcer are held by
/// different accounts. Whatever could remove or create an authority (see {IParticipantRegistry})
/// takes two of them.
/// @dev Storage: one slot per participant for (id, status, registeredAt) plus the two strings; one
/// slot per pending proposal (proposer, expiry). `requireActive*` and `transferCheck` are the single
/// place other contracts ask.
contract ParticipantRegistry is AccessControlDefaultAdminRules, Pausable, IParticipantRegistry {
    /// @notice Role ids, readable by integrators (DEFAULT_ADMIN_ROLE is the admin).
    bytes32 public constant MANUFACTURER_ROLE = Roles.MANUFACTURER;
    bytes32 public constant REPAIR_STATION_ROLE = Roles.REPAIR_STATION;
    bytes32 public constant FINANCIER_ROLE = Roles.FINANCIER;
    bytes32 public constant REGULATOR_ROLE = Roles.REGULATOR;
    bytes32 public constant ENFORCER_ROLE = Roles.ENFORCER;

    /// @notice The longest admin-handover delay: a longer one (up to OZ's 2^48 - 1 s) would close
    /// the regulators' path back from a bad admin.
    uint48 public constant MAX_ADMIN_DELAY = 30 days;
    /// @notice How long a proposal waits for its second authority: a confirmation must answer a
    /// current decision, not one taken in other circumstances.
    uint48 public constant PROPOSAL_LIFETIME = 7 days;

    struct Proposal {
        address proposer;
        uint48 expiresAt;
    }

    mapping(address account => Participant) private _participants;
    mapping(uint32 participantId => address) private _accounts;
    uint32 private _participantCount;
    /// @dev Accounts holding REGULATOR_ROLE whose status is Active; kept by _grantRole, _revokeRole,
    /// suspend and reinstate, read by the bootstrap rule (no loop over regulators anywhere).
    uint32 private _activeRegulators;
    mapping(bytes32 actionId => Proposal) private _proposals;
    /// @dev The suite's part registry, bound once by the admin: with its financing contract's
    /// receivables, the only callers {confirmExternal} speaks for.
    address private _parts;

    /// @param admin first participant, the one holder of DEFAULT_ADMIN_ROLE.
    /// @param adminDelay seconds between the start and the acceptance of an admin handover.
    constructor(address admin, string memory adminName, string memory adminFilingNumber, uint48 adminDelay)
        AccessControlDefaultAdminRules(adminDelay, admin)
    {
        if (adminDelay > MAX_ADMIN_DELAY) revert AdminDelayTooLong(adminDelay, MAX_ADMIN_DELAY);
        bytes32[] memory roles = new bytes32[](1);
        roles[0] = DEFAULT_ADMIN_ROLE; // granted by AccessControlDefaultAdminRules' constructor
        _onboard(admin, adminName, adminFilingNumber, roles);
    }

    // ------------------------------------------------------------------ participants

    /// @inheritdoc IParticipantRegistry
    function onboard(address account, string calldata name, string calldata filingNumber, bytes32[] calldata roles)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint32)
    {
        for (uint256 i; i < roles.length; ++i) {
            if (_needsTwoAuthorities(roles[i])) revert RoleNeedsTwoAuthorities(account, roles[i]);
        }
        return _onboard(account, name, filingNumber, roles);
    }

    /// @inheritdoc IParticipantRegistry
    function offboard(address account) external {
        if (account == defaultAdmin()) revert CannotOffboardAdmin(account);
        bool privileged = _isPrivileged(account);
        _checkCaller(privileged, DEFAULT_ADMIN_ROLE, account);
        Participant storage p = _participants[account];
        Status status = p.status;
        if (status == Status.None) revert ParticipantNotRegistered(account);
        // Only a regulator lifts a suspension: offboarding and onboarding again must not.
        if (status == Status.Suspended) revert ParticipantSuspended(account);
        if (privileged && !_confirmed(Action.Offboard, account, bytes32(0))) return;
        bytes32[7] memory all = Roles.all();
        for (uint256 i; i < all.length; ++i) {
            _revokeRole(all[i], account);
        }
        p.status = Status.None;
        emit ParticipantOffboarded(account, p.id);
    }

    /// @inheritdoc IParticipantRegistry
    function suspend(address account, bytes32 reasonHash) external {
        bool privileged = _isProtected(account);
        _checkCaller(privileged, Roles.REGULATOR, account);
        Participant storage p = _participants[account];
        if (p.status == Status.None) revert ParticipantNotRegistered(account);
        if (p.status == Status.Suspended) revert ParticipantSuspended(account);
        if (privileged && !_confirmed(Action.Suspend, account, reasonHash)) return;
        p.status = Status.Suspended;
        if (hasRole(Roles.REGULATOR, account)) --_activeRegulators;
        if (account == defaultAdmin()) {
            // A suspended admin cannot use its role: what it set in motion stops too.
            _cancelDefaultAdminTransfer();
            _rollbackDefaultAdminDelay();
        }
        emit ParticipantSuspendedBy(account, _msgSender(), reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function reinstate(address account, bytes32 reasonHash) external {
        bool privileged = _isProtected(account);
        _checkCaller(privileged, Roles.REGULATOR, account);
        Participant storage p = _participants[account];
        if (p.status != Status.Suspended) revert ParticipantNotSuspended(account);
        if (privileged && !_confirmed(Action.Reinstate, account, reasonHash)) return;
        p.status = Status.Active;
        if (hasRole(Roles.REGULATOR, account)) ++_activeRegulators;
        emit ParticipantReinstated(account, _msgSender(), reasonHash);
    }

    // ------------------------------------------------------------------ roles

    /// @inheritdoc IAccessControl
    /// @dev ENFORCER_ROLE, and REGULATOR_ROLE while a regulator is active, take two authorities;
    /// the other roles the admin grants alone (DEFAULT_ADMIN_ROLE never: it moves by handover).
    function grantRole(bytes32 role, address account) public override {
        if (!_needsTwoAuthorities(role)) {
            super.grantRole(role, account);
            return;
        }
        _checkAuthority(_msgSender());
        _checkGrantable(role, account);
        _checkNotTarget(account);
        if (_confirmed(Action.GrantRole, account, role)) _grantRole(role, account);
    }

    /// @inheritdoc IAccessControl
    /// @dev REGULATOR_ROLE takes two authorities; the admin revokes the other roles alone.
    function revokeRole(bytes32 role, address account) public override {
        if (role != Roles.REGULATOR) {
            super.revokeRole(role, account);
            return;
        }
        _checkAuthority(_msgSender());
        _checkNotTarget(account);
        if (_confirmed(Action.RevokeRole, account, role)) _revokeRole(role, account);
    }

    /// @inheritdoc IAccessControl
    /// @dev Renouncing stays a holder's own choice, with one exception: while the admin is
    /// suspended, the last two active regulators are the only path back (two of them replace or
    /// reinstate the admin), so neither may leave. The last regulator leaving while the admin is
    /// active reopens the bootstrap instead.
    function renounceRole(bytes32 role, address account) public override {
        if (
            role == Roles.REGULATOR && account == _msgSender() && _activeRegulators <= 2
                && _participants[account].status == Status.Active && hasRole(role, account)
                && _participants[defaultAdmin()].status == Status.Suspended
        ) revert RegulatorNeededForPathBack(account);
        super.renounceRole(role, account);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IParticipantRegistry
    function replaceSuspendedAdmin(address newAdmin) external {
        _checkAuthority(_msgSender());
        address admin = defaultAdmin();
        if (_participants[admin].status != Status.Suspended) revert AdminNotSuspended(admin);
        // (newAdmin can hold no regulator role, so it is never one of the authorities here)
        _checkGrantable(DEFAULT_ADMIN_ROLE, newAdmin);
        // The suspended admin is part of the id: a proposal made against one admin cannot
        // replace the next.
        if (_confirmed(Action.ReplaceAdmin, newAdmin, bytes32(uint256(uint160(admin))))) {
            _beginDefaultAdminTransfer(newAdmin);
        }
    }

    /// @inheritdoc IParticipantRegistry
    function withdrawProposal(bytes32 id) external {
        address proposer = _proposals[id].proposer;
        if (proposer == address(0)) revert ProposalNotFound(id);
        if (proposer != _msgSender()) revert NotProposer(id, _msgSender());
        delete _proposals[id];
        emit ProposalWithdrawn(id, proposer);
    }

    // ------------------------------------------------------------------ pause

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

    // ------------------------------------------------------------------ views

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
    function actionId(Action action, address account, bytes32 data) public pure returns (bytes32) {
        return keccak256(abi.encode(action, account, data));
    }

    /// @inheritdoc IParticipantRegistry
    function proposal(bytes32 id) external view returns (address proposer, uint48 expiresAt) {
        Proposal storage p = _proposals[id];
        return (p.proposer, p.expiresAt);
    }

    /// @inheritdoc IParticipantRegistry
    function isAuthority(address account) public view returns (bool) {
        return _isPrivileged(account) && _participants[account].status == Status.Active;
    }

    /// @inheritdoc IParticipantRegistry
    function bindParts(address parts_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_parts != address(0)) revert PartsAlreadyBound(_parts);
        if (!_answers(parts_, bytes4(keccak256("participants()")), address(this))) revert InvalidParts(parts_);
        _parts = parts_;
        emit PartsBound(parts_);
    }

    /// @inheritdoc IParticipantRegistry
    function parts() external view returns (address) {
        return _parts;
    }

    /// @inheritdoc IParticipantRegistry
    function confirmExternal(address authority, bytes32 data) external returns (bool) {
        _requireNotPaused();
        address caller = _msgSender();
        if (caller != _parts) {
            // The receivables of the connected financing contract (a replacement of its orders
            // contract): asked of the bound registry, never of the caller.
            address financing;
            if (_parts != address(0)) financing = IPartFinancing(_parts).financing();
            if (financing == address(0) || !_answers(financing, bytes4(keccak256("receivables()")), caller)) {
                revert NotASuiteContract(caller);
            }
        }
        _checkAuthority(authority);
        return _confirmedBy(authority, Action.External, _msgSender(), data);
    }

    /// @inheritdoc IParticipantRegistry
    function activeRegulatorCount() external view returns (uint256) {
        return _activeRegulators;
    }

    /// @inheritdoc IParticipantRegistry
    function requireActive(address account) public view returns (uint32) {
        _requireNotPaused();
        return requireActiveWhilePaused(account);
    }

    /// @inheritdoc IParticipantRegistry
    function requireActiveWhilePaused(address account) public view returns (uint32) {
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
    function requireActiveRoleWhilePaused(address account, bytes32 role) external view returns (uint32 participantId) {
        participantId = requireActiveWhilePaused(account);
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

    // ------------------------------------------------------------------ OpenZeppelin hooks

    /// @dev A suspended admin or regulator keeps its roles but cannot use them (not even to
    /// reinstate itself) until two other authorities reinstate it.
    function _checkRole(bytes32 role, address account) internal view override {
        super._checkRole(role, account);
        if (_participants[account].status == Status.Suspended) revert ParticipantSuspended(account);
    }

    /// @dev The one place every grant passes (onboarding, grantRole, confirmed proposals, the
    /// admin handover's acceptance): only the suite's roles, only to registered participants, never
    /// two conflicting roles to one account (see Roles.conflict).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        // The founding admin gets its role from AccessControlDefaultAdminRules' constructor, just
        // before this contract's constructor registers it as participant 1.
        if (_participantCount != 0) _checkGrantable(role, account);
        granted = super._grantRole(role, account);
        if (granted && role == Roles.REGULATOR && _participants[account].status == Status.Active) {
            ++_activeRegulators;
        }
    }

    /// @dev Keeps the active-regulator count (revokeRole, renounceRole, offboard).
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == Roles.REGULATOR && _participants[account].status == Status.Active) {
            --_activeRegulators;
        }
    }

    /// @dev The admin hands over only to an active participant that holds neither regulator nor
    /// enforcer role; address(0) (OZ's way to renounce the admin role) is thereby refused, so the
    /// suite always has an admin.
    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        _checkGrantable(DEFAULT_ADMIN_ROLE, newAdmin);
        super._beginDefaultAdminTransfer(newAdmin);
    }

    /// @dev The delay stays bounded so the regulators' path back stays open.
    function _changeDefaultAdminDelay(uint48 newDelay) internal override {
        if (newDelay > MAX_ADMIN_DELAY) revert AdminDelayTooLong(newDelay, MAX_ADMIN_DELAY);
        super._changeDefaultAdminDelay(newDelay);
    }

    // ------------------------------------------------------------------ private

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
            // A role already held is skipped: the founding admin's, granted by the base constructor.
            if (!hasRole(roles[i], account)) _grantRole(roles[i], account);
        }
        emit ParticipantOnboarded(account, id, name, filingNumber, roles);
    }

    /// @dev Records the caller's proposal, or confirms a live one of another active authority.
    /// @return execute true when this call is the confirmation: the caller then executes.
    function _confirmed(Action action, address account, bytes32 data) private returns (bool execute) {
        return _confirmedBy(_msgSender(), action, account, data);
    }

    /// @dev {_confirmed} for `sender`: the caller itself, or the authority another suite contract
    /// speaks for ({confirmExternal}).
    function _confirmedBy(address sender, Action action, address account, bytes32 data) private returns (bool execute) {
        bytes32 id = actionId(action, account, data);
        Proposal memory pending = _proposals[id];
        bool live = pending.proposer != address(0) && block.timestamp < pending.expiresAt;
        if (live && pending.proposer == sender) revert AlreadyProposed(id, sender);
        // A proposer that has since lost its power (handed the admin role on, was suspended, left
        // the regulators) no longer counts: this call then proposes afresh.
        if (live && isAuthority(pending.proposer)) {
            delete _proposals[id];
            emit ActionConfirmed(id, pending.proposer, sender);
            return true;
        }
        uint48 expiresAt = uint48(block.timestamp) + PROPOSAL_LIFETIME;
        _proposals[id] = Proposal(sender, expiresAt);
        emit ActionProposed(id, action, account, data, sender, expiresAt);
        return false;
    }

    /// @dev A plain participant's case takes `role`; the admin's or a regulator's takes an
    /// authority other than `target`.
    function _checkCaller(bool privileged, bytes32 role, address target) private view {
        if (privileged) {
            _checkAuthority(_msgSender());
            _checkNotTarget(target);
        } else {
            _checkRole(role, _msgSender());
        }
    }

    /// @dev True when `target` has code and its `selector()` view returns `expected`: false, never
    /// a revert, for an account without code or a contract without that function.
    function _answers(address target, bytes4 selector, address expected) private view returns (bool yes) {
        if (target.code.length == 0) return false;
        (bool ok, bytes memory ret) = target.staticcall(abi.encodeWithSelector(selector));
        yes = ok && ret.length == 32 && abi.decode(ret, (address)) == expected;
    }

    function _checkAuthority(address account) private view {
        if (!_isPrivileged(account)) revert NotAnAuthority(account);
        if (_participants[account].status == Status.Suspended) revert ParticipantSuspended(account);
    }

    function _checkNotTarget(address target) private view {
        if (_msgSender() == target) revert AuthorityIsTarget(target);
    }

    /// @dev Whether `role` may go to `account` at all (who grants it is checked elsewhere).
    function _checkGrantable(bytes32 role, address account) private view {
        if (!Roles.isKnown(role)) revert UnknownRole(role);
        Status status = _participants[account].status;
        if (status == Status.None) revert ParticipantNotRegistered(account);
        // The admin must be able to act from the moment it takes over.
        if (role == DEFAULT_ADMIN_ROLE && status == Status.Suspended) revert ParticipantSuspended(account);
        bytes32[7] memory all = Roles.all();
        for (uint256 i; i < all.length; ++i) {
            bytes32 held = all[i];
            if (Roles.conflict(role, held) && hasRole(held, account)) revert IncompatibleRoles(account, role, held);
        }
    }

    function _checkPauser() private view {
        address sender = _msgSender();
        if (!_isPrivileged(sender)) revert PauseUnauthorized(sender);
        if (_participants[sender].status == Status.Suspended) revert ParticipantSuspended(sender);
    }

    /// @dev The admin or a regulator, whatever its status: an authority when active, and a
    /// target that only two other authorities may suspend, reinstate or remove.
    function _isPrivileged(address account) private view returns (bool) {
        return account == defaultAdmin() || hasRole(Roles.REGULATOR, account);
    }

    /// @dev A target only two authorities suspend or reinstate: the admin, a regulator, or the
    /// account the admin role is being handed to while it holds no role (one regulator
    /// suspending each candidate before it accepts would veto every handover). A candidate with
    /// a role is suspended like any holder of it, so naming it cannot shield what it does with
    /// that role. Not an authority itself: see {isAuthority}.
    function _isProtected(address account) private view returns (bool) {
        if (_isPrivileged(account)) return true;
        (address candidate,) = pendingDefaultAdmin();
        if (account != candidate) return false;
        bytes32[7] memory all = Roles.all();
        for (uint256 i; i < all.length; ++i) {
            if (hasRole(all[i], account)) return false;
        }
        return true;
    }

    /// @dev ENFORCER_ROLE always; REGULATOR_ROLE unless no regulator is active (the bootstrap:
    /// then the admin alone appoints one, so the suite always keeps a path back).
    function _needsTwoAuthorities(bytes32 role) private view returns (bool) {
        return role == Roles.ENFORCER || (role == Roles.REGULATOR && _activeRegulators != 0);
    }
}
