// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/src/tokens/ERC721.sol";
import {EIP712} from "solady/src/utils/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IPartFinancing} from "../interfaces/IPartFinancing.sol";
import {IServiceability} from "../interfaces/IServiceability.sol";
import {PartData} from "../libraries/PartData.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartRegistryBase
/// @notice Serialized parts as ERC-721 tokens with the rules of an aviation-grade parts ledger.
/// Every transfer path (transferFrom, safeTransferFrom, handover, signed order, forced transfer)
/// runs through {_beforeTokenTransfer}, the one place the transfer rules live.
/// @dev Storage layout, shaped for gas:
/// - Solady ERC-721 ownership slot: owner (160 bits) + {PartData} (96 bits): flags, manufacturer
///   id, batch id, assembly height. Registering a part writes this slot and the owner's balance.
/// - Optional per-part slots, touched only when the matching flag is set: custodian, offer (and
///   its maker, only when an approved account made it), parent, batch-recall clearance; and, only
///   for parts with children, the count of children per height (8 lanes of 32 bits in one slot)
///   that keeps assembly heights exact.
/// - Batches and lots: one commitment slot each, keyed by (manufacturer, batch id); a batch recall
///   writes one slot whatever the batch size, and parts read it through their batch id.
/// - Recalls record who imposed them (PartData.REGULATOR_RECALL beside a part's SUSPECT flag; bit
///   1 of a batch's recall word): only a regulator clears a regulator's recall.
/// - Installed parts are held by this contract (as in ERC-998) and report the root assembly's
///   owner as their owner in {verifyPart} and {rootOwnerOf}; moving the root moves them with it,
///   with no loop over children.
/// The extensions in this folder add one concern each; {PartRegistry} puts them together.
abstract contract PartRegistryBase is ERC721, EIP712, Nonces, IPartRegistry, IPartFinancing {
    using PartData for uint96;

    /// @notice Levels allowed below a root assembly (engine > module > stage > blade ...).
    uint256 public constant MAX_ASSEMBLY_DEPTH = 8;

    /// @notice Serials per {registerBatch} call (bounded so a batch always fits in a block).
    uint256 public constant MAX_BATCH_SIZE = 256;

    /// @notice EIP-712 type of a signed transfer order. It names the owner, so an order is valid
    /// only while the account that signed it owns the part (not a contract wallet sharing its key).
    bytes32 public constant TRANSFER_TYPEHASH =
        keccak256("Transfer(uint256 partId,address owner,address to,uint256 nonce,uint256 deadline)");

    /// @dev Commitment stored for a registration batch (a lot stores its Merkle root instead).
    bytes32 internal constant _BATCH_MARKER = keccak256("PartLedger.registrationBatch");

    /// @dev Rules of {_rootAndDepth} for the parts on the way up: any; neither frozen nor
    /// suspect (removing from an assembly); in service, also not retired (installing into one).
    uint256 internal constant _ANY = 0;

    uint256 internal constant _NOT_FLAGGED = 1;

    uint256 internal constant _IN_SERVICE = 2;

    /// @dev An open offer in one slot; `byOperator` says whether {_offerMakers} names its maker,
    /// so an owner's offer costs what it did before operators were recorded.
    struct StoredOffer {
        address recipient;
        uint64 expiry;
        bool byOperator;
    }

    /// @notice The participant registry every rule asks.
    IParticipantRegistry public immutable participants;

    /// @notice true: parts move only between registered, active participants (the default).
    bool public immutable permissioned;

    uint32 internal _batchCount;

    IServiceability internal _records;

    address internal _financing;

    uint48 internal _encumberedCount; // parts encumbered now (beside _financing: one slot)

    uint48 internal _financingEpoch; // the current financing contract's tag (1 the first)

    mapping(bytes32 batchKey => bytes32 commitment) internal _batches;

    // bit 0: recalled; bit 1: imposed by a regulator; bits 2..: epoch (clearances name an epoch)
    mapping(uint32 batchId => uint256 recall) internal _batchRecalls;

    mapping(uint256 partId => uint256 epoch) internal _batchClearances;

    mapping(uint32 lotId => address holder) internal _lotHolders; // zero: the manufacturer

    mapping(uint256 partId => uint256 parentId) internal _parents;

    // lane h (bits 32h..32h+31): children of height h; zero (no slot) for a part without children
    mapping(uint256 partId => uint256 counts) internal _childHeights;

    mapping(uint256 partId => address custodian) internal _custodians;

    mapping(uint256 partId => StoredOffer) internal _offers;

    mapping(uint256 partId => address maker) internal _offerMakers; // written only for an operator's offer

    // set while ENCUMBERED: the beneficiary in the low 160 bits, the encumbering contract's tag above
    mapping(uint256 partId => uint256 encumbrance) internal _encumbrances;

    mapping(address financing => uint256 epoch) internal _windingDown; // a replaced contract's tag

    // parts installed below (any depth) that are frozen or recalled on their own; zero (no slot)
    // for nearly every part. PartData.FLAGGED_BELOW mirrors "not zero" in the packed word.
    mapping(uint256 partId => uint256 count) internal _flaggedBelow;

    // how often something was taken out of the part's assembly (see {IPartRegistry-contentVersionOf})
    mapping(uint256 partId => uint256 version) internal _contentVersions;

    constructor(IParticipantRegistry participants_, bool permissioned_) {
        participants = participants_;
        permissioned = permissioned_;
    }

    /// @dev The EIP-712 domain: name "PartLedger", version "1" (with this chain and contract).
    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("PartLedger", "1");
    }

    /// @dev The one place the transfer rules live. Mints are checked by the registration
    /// functions; moves into and out of an assembly by {installPart} and {removePart}.
    function _beforeTokenTransfer(address from, address to, uint256 partId) internal override {
        if (from == address(0)) return;
        uint96 data = _getExtraData(partId);
        if (to == address(this)) {
            if (!data.has(PartData.INSTALLED)) revert InvalidReceiver(to);
            return;
        }
        if (from == address(this)) {
            // Only {removePart} moves a part out of an assembly, and it clears INSTALLED first.
            if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
            return;
        }
        // Solady's transferFrom and safeTransferFrom are payable; the registry never holds ether.
        // (installPart and removePart, above, are not payable.)
        _refuseEther();
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
        if (from != owner) revert IncorrectOwner(partId, from, owner);
        // The operator is who authorised the move for the owner: the caller of transferFrom /
        // safeTransferFrom. acceptPart's caller is the receiver and the owner offered (an
        // approved maker is checked there), and deliverEncumbered's caller is the financing
        // contract carrying out the owner's accepted order, so the owner stands for itself; a forced transfer
        // checks no operator ({_transferCode}); a signed order's relayer is below. msg.sig tells
        // the paths apart at no storage cost (the registry never calls itself).
        bytes4 path = msg.sig;
        address operator =
            path == this.acceptPart.selector || path == this.deliverEncumbered.selector ? from : msg.sender;
        TransferCode code = _transferCode(operator, from, to, partId, data);
        if (code == TransferCode.OperatorNotRegistered && path == this.transferBySignature.selector) {
            // A relayer only carries the order the owner signed: it may be any account that is
            // not suspended. Ask again for the owner and receiver alone.
            code = _transferCode(from, from, to, partId, data);
        }
        if (code != TransferCode.Ok) _revertWith(code, partId, operator, from, to);
        if (data & (PartData.HAS_OFFER | PartData.HAS_CUSTODIAN) != 0) {
            _setExtraData(partId, _dropOfferAndCustody(partId, data));
        }
    }

    /// @dev Rules for a part that is not installed; shared by the hook and {canTransfer}.
    function _transferCode(address operator, address from, address to, uint256 partId, uint96 data)
        internal
        view
        returns (TransferCode)
    {
        if (to == address(0) || to == address(this)) return TransferCode.InvalidReceiver;
        if (data.has(PartData.RETIRED)) return TransferCode.PartRetired;
        // {forcedTransfer} is the only function that runs under its own selector: a check of
        // msg.sig costs a few gas where a storage flag cost a cold read on every transfer.
        bool forcing = msg.sig == this.forcedTransfer.selector;
        if (!forcing) {
            if (data.has(PartData.FROZEN)) return TransferCode.PartFrozen;
            if (_isSuspect(partId, data)) return TransferCode.PartSuspect;
            // A frozen or recalled part does not leave inside a sound assembly.
            if (data.has(PartData.FLAGGED_BELOW)) return TransferCode.ContainsFlaggedPart;
        }
        if (data.has(PartData.ENCUMBERED)) return TransferCode.PartEncumbered;
        // A forced transfer checks only the receiver (and the pause): the sender may be the
        // very account that lost its key or was suspended.
        if (forcing) (operator, from) = (address(0), address(0));
        return TransferCode(uint8(participants.transferCheck(operator, from, to, permissioned)));
    }

    /// @dev Reverts with the error a failed {TransferCode} stands for.
    function _revertWith(TransferCode code, uint256 partId, address operator, address from, address to) internal pure {
        if (code == TransferCode.SuitePaused) revert Pausable.EnforcedPause();
        if (code == TransferCode.OperatorSuspended) revert IParticipantRegistry.ParticipantSuspended(operator);
        if (code == TransferCode.OperatorNotRegistered) revert IParticipantRegistry.ParticipantNotRegistered(operator);
        if (code == TransferCode.SenderNotRegistered) revert IParticipantRegistry.ParticipantNotRegistered(from);
        if (code == TransferCode.SenderSuspended) revert IParticipantRegistry.ParticipantSuspended(from);
        if (code == TransferCode.ReceiverNotRegistered) revert IParticipantRegistry.ParticipantNotRegistered(to);
        if (code == TransferCode.ReceiverSuspended) revert IParticipantRegistry.ParticipantSuspended(to);
        if (code == TransferCode.InvalidReceiver) revert InvalidReceiver(to);
        if (code == TransferCode.PartRetired) revert PartRetired(partId);
        if (code == TransferCode.PartFrozen) revert PartFrozen(partId);
        if (code == TransferCode.PartSuspect) revert PartSuspect(partId);
        if (code == TransferCode.ContainsFlaggedPart) revert ContainsFlaggedPart(partId);
        revert PartEncumbered(partId);
    }

    function _refuseEther() internal view {
        if (msg.value != 0) revert EtherNotAccepted(msg.value);
    }

    function _mintPart(address to, uint256 partId, uint96 data) internal {
        if (_ownerOf(partId) != address(0)) revert PartAlreadyRegistered(partId);
        _mintAndSetExtraDataUnchecked(to, partId, data);
    }

    function _newBatch(address manufacturer, bytes32 commitment) internal returns (uint32 batchId) {
        batchId = ++_batchCount;
        _batches[_batchKey(manufacturer, batchId)] = commitment;
    }

    function _batchKey(address manufacturer, uint32 batchId) internal pure returns (bytes32) {
        return keccak256(abi.encode(manufacturer, batchId));
    }

    function _isSuspect(uint256 partId, uint96 data) internal view returns (bool) {
        if (data.has(PartData.SUSPECT)) return true;
        uint32 batchId = data.batchId();
        if (batchId == 0) return false;
        uint256 recall = _batchRecalls[batchId];
        return recall & 1 != 0 && _batchClearances[partId] != recall >> 2;
    }

    function _requireExists(uint256 partId) internal view returns (uint96) {
        if (_ownerOf(partId) == address(0)) revert PartNotFound(partId);
        return _getExtraData(partId);
    }

    /// @dev A part its owner may act on (offer, custody): registered, not installed, not retired.
    function _requireMovable(uint256 partId) internal view returns (uint96 data) {
        data = _requireExists(partId);
        if (data.has(PartData.RETIRED)) revert PartRetired(partId);
        if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
    }

    /// @dev A part its owner may act on alone (retire, custody): in service, not installed.
    function _requireLoose(uint256 partId) internal view returns (uint96 data) {
        data = _requireExists(partId);
        _requireServiceable(partId, data);
        if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
    }

    /// @dev A part fit to go into an assembly (or to be worked on by its owner alone): not
    /// retired, not suspect, not frozen, not promised to an order (encumbered).
    function _requireServiceable(uint256 partId, uint96 data) internal view {
        if (data.has(PartData.RETIRED)) revert PartRetired(partId);
        if (_isSuspect(partId, data)) revert PartSuspect(partId);
        if (data.has(PartData.FROZEN)) revert PartFrozen(partId);
        if (data.has(PartData.ENCUMBERED)) revert PartEncumbered(partId);
    }

    /// @dev Ends an encumbrance (reverts if there is none); returns who the part was promised to.
    function _lift(uint256 partId) internal returns (address beneficiary) {
        uint96 data = _getExtraData(partId);
        if (!data.has(PartData.ENCUMBERED)) revert PartNotEncumbered(partId);
        beneficiary = address(uint160(_encumbrances[partId]));
        delete _encumbrances[partId];
        unchecked {
            --_encumberedCount; // this part was counted when encumbered
        }
        _setExtraData(partId, data & ~PartData.ENCUMBERED);
    }

    /// @dev Whether `target` is a suite contract of this registry: it answers `parts()` with this
    /// registry and `participants()` with its participant registry (a wrong address cannot
    /// brick the paths that call it).
    function _belongsHere(address target) internal view returns (bool) {
        return _answers(target, bytes4(keccak256("parts()")), address(this))
            && _answers(target, bytes4(keccak256("participants()")), address(participants));
    }

    /// @dev The caller holds MANUFACTURER_ROLE now (and is active), or this reverts.
    function _requireManufacturerRole() internal view {
        participants.requireActiveRole(msg.sender, Roles.MANUFACTURER);
    }

    /// @dev The Merkle root of a lot; reverts for an unknown batch or a registration batch.
    function _lotRoot(address manufacturer, uint32 lotId) internal view returns (bytes32 root) {
        root = _batches[_batchKey(manufacturer, lotId)];
        if (root == 0) revert BatchNotFound(manufacturer, lotId);
        if (root == _BATCH_MARKER) revert NotALot(lotId);
    }

    function _isRegulator(address account) internal view returns (bool) {
        // requireActive has already been asked by the caller; this only adds the role.
        return IAccessControl(address(participants)).hasRole(Roles.REGULATOR, account);
    }

    /// @dev Walks up from `partId` (included) to its root: at most MAX_ASSEMBLY_DEPTH + 1 parts,
    /// a constant (installs refuse deeper trees), not a user-growable list. Reverts if `forbidden`
    /// is on the way (a cycle) and, by `rule`, if a part on the way is frozen or suspect
    /// (_NOT_FLAGGED) or also retired or past its life limit (_IN_SERVICE: the records'
    /// `LifeLimitExceeded` naming that part).
    function _rootAndDepth(uint256 partId, uint256 forbidden, uint256 rule)
        internal
        view
        returns (uint256 root, uint256 depth)
    {
        root = partId;
        IServiceability records_ = rule == _IN_SERVICE ? _records : IServiceability(address(0));
        while (true) {
            if (root == forbidden) revert AssemblyCycle(forbidden, partId);
            if (rule != _ANY) {
                uint96 data = _getExtraData(root);
                _requireServiceable(root, rule == _IN_SERVICE ? data : data & ~PartData.RETIRED);
                if (address(records_) != address(0)) records_.checkServiceable(root);
            }
            uint256 parent = _parents[root];
            if (parent == 0) return (root, depth);
            root = parent;
            unchecked {
                ++depth; // at most MAX_ASSEMBLY_DEPTH: installs refuse deeper trees
            }
        }
    }

    /// @dev Whether `target` answers the no-argument view `selector` with `expected`; false for
    /// an account without code or a contract without that function. (Assembly: the Solidity
    /// form of this low-level call cost ~390 bytes of a contract close to the size limit.)
    function _answers(address target, bytes4 selector, address expected) internal view returns (bool yes) {
        assembly ("memory-safe") {
            mstore(0x00, selector) // scratch space: the call's input and output
            let success := staticcall(gas(), target, 0x00, 0x04, 0x00, 0x20)
            yes := and(success, and(eq(returndatasize(), 0x20), eq(mload(0x00), shr(96, shl(96, expected)))))
        }
    }

    /// @dev Writes a part's new data (`before` -> `after_`) and, when the part is installed and
    /// gains or loses its last own flag (FROZEN, SUSPECT), carries that to the assemblies above.
    function _setFlags(uint256 partId, uint96 before, uint96 after_) internal {
        _setExtraData(partId, after_);
        bool was = before & PartData.FLAGGED != 0;
        if (before.has(PartData.INSTALLED) && was != (after_ & PartData.FLAGGED != 0)) {
            _carryFlagged(_parents[partId], was ? 0 : 1, was ? 1 : 0);
        }
    }

    /// @dev `added` more and `removed` fewer flagged parts sit below `partId` and every part above
    /// it: keeps each one's {_flaggedBelow} count and its FLAGGED_BELOW bit (set while the count
    /// is not zero). At most MAX_ASSEMBLY_DEPTH + 1 steps: installs refuse deeper trees.
    function _carryFlagged(uint256 partId, uint256 added, uint256 removed) internal {
        while (partId != 0) {
            uint256 count;
            unchecked {
                // `removed` parts were counted here when they (or their flags) came in.
                count = _flaggedBelow[partId] + added - removed;
            }
            _flaggedBelow[partId] = count;
            uint96 data = _getExtraData(partId);
            _setExtraData(partId, count == 0 ? data & ~PartData.FLAGGED_BELOW : data | PartData.FLAGGED_BELOW);
            partId = _parents[partId];
        }
    }

    /// @dev Ends an open offer and custody when the part changes hands; returns the new data.
    function _dropOfferAndCustody(uint256 partId, uint96 data) internal returns (uint96) {
        if (data.has(PartData.HAS_OFFER)) {
            StoredOffer storage offer = _offers[partId];
            emit HandoverCancelled(partId, offer.recipient);
            if (offer.byOperator) delete _offerMakers[partId];
            delete _offers[partId];
        }
        if (data.has(PartData.HAS_CUSTODIAN)) {
            emit CustodyChanged(partId, _custodians[partId], address(0));
            delete _custodians[partId];
        }
        return data & ~(PartData.HAS_OFFER | PartData.HAS_CUSTODIAN);
    }
}
