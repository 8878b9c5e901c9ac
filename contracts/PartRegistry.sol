// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/src/tokens/ERC721.sol";
import {EIP712} from "solady/src/utils/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "./interfaces/IPartRegistry.sol";
import {IPartFinancing} from "./interfaces/IPartFinancing.sol";
import {IServiceability} from "./interfaces/IServiceability.sol";
import {PartData} from "./libraries/PartData.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title PartRegistry
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
contract PartRegistry is ERC721, EIP712, Nonces, IPartRegistry, IPartFinancing {
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
    bytes32 private constant _BATCH_MARKER = keccak256("PartLedger.registrationBatch");
    /// @dev Rules of {_rootAndDepth} for the parts on the way up: any; neither frozen nor
    /// suspect (removing from an assembly); in service, also not retired (installing into one).
    uint256 private constant _ANY = 0;
    uint256 private constant _NOT_FLAGGED = 1;
    uint256 private constant _IN_SERVICE = 2;

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

    uint32 private _batchCount;
    IServiceability private _records;
    address private _financing;
    uint96 private _encumberedCount; // parts encumbered now (beside _financing: one slot)

    mapping(bytes32 batchKey => bytes32 commitment) private _batches;
    // bit 0: recalled; bit 1: imposed by a regulator; bits 2..: epoch (clearances name an epoch)
    mapping(uint32 batchId => uint256 recall) private _batchRecalls;
    mapping(uint256 partId => uint256 epoch) private _batchClearances;
    mapping(uint32 lotId => address holder) private _lotHolders; // zero: the manufacturer
    mapping(uint256 partId => uint256 parentId) private _parents;
    // lane h (bits 32h..32h+31): children of height h; zero (no slot) for a part without children
    mapping(uint256 partId => uint256 counts) private _childHeights;
    mapping(uint256 partId => address custodian) private _custodians;
    mapping(uint256 partId => StoredOffer) private _offers;
    mapping(uint256 partId => address maker) private _offerMakers; // written only for an operator's offer
    mapping(uint256 partId => address beneficiary) private _encumbrances; // set while ENCUMBERED

    constructor(IParticipantRegistry participants_, bool permissioned_) {
        participants = participants_;
        permissioned = permissioned_;
    }

    // ============================================================ registration

    /// @notice Registers one serialized part, minted to the calling manufacturer.
    /// @param metadataHash optional hash of the part's data sheet or release certificate.
    /// @return partId keccak256(abi.encode(manufacturer, partNumber, serialNumber)).
    function registerPart(bytes32 partNumber, bytes32 serialNumber, bytes32 metadataHash)
        external
        returns (uint256 partId)
    {
        uint32 maker = participants.requireActiveRole(msg.sender, Roles.MANUFACTURER);
        if (partNumber == 0 || serialNumber == 0) revert EmptyIdentifier();
        partId = partIdOf(msg.sender, partNumber, serialNumber);
        _mintPart(msg.sender, partId, PartData.pack(maker, 0));
        emit PartRegistered(partId, msg.sender, partNumber, serialNumber, metadataHash);
    }

    /// @notice Registers up to {MAX_BATCH_SIZE} serials of one part number in one transaction.
    /// The batch can later be recalled or cleared as a whole in one transaction.
    /// @return batchId the new batch's id.
    function registerBatch(bytes32 partNumber, bytes32[] calldata serialNumbers, bytes32 metadataHash)
        external
        returns (uint32 batchId)
    {
        uint32 maker = participants.requireActiveRole(msg.sender, Roles.MANUFACTURER);
        uint256 count = serialNumbers.length;
        if (count == 0 || count > MAX_BATCH_SIZE) revert InvalidBatchSize(count, MAX_BATCH_SIZE);
        if (partNumber == 0) revert EmptyIdentifier();
        batchId = _newBatch(msg.sender, _BATCH_MARKER);
        uint96 data = PartData.pack(maker, batchId);
        for (uint256 i; i < count; ++i) {
            bytes32 serial = serialNumbers[i];
            if (serial == 0) revert EmptyIdentifier();
            _mintPart(msg.sender, partIdOf(msg.sender, partNumber, serial), data);
        }
        emit BatchRegistered(batchId, msg.sender, partNumber, serialNumbers, metadataHash);
    }

    /// @notice Commits a lot of `size` serials as the Merkle root of its leaves, one slot for
    /// any size. Leaves are keccak256(bytes.concat(keccak256(abi.encode(partNumber, serial))))
    /// (OpenZeppelin StandardMerkleTree). Serials become parts one by one with {claimLotPart}.
    /// @return lotId the lot's id (shared numbering with batches).
    function anchorLot(bytes32 partNumber, bytes32 lotNumber, bytes32 merkleRoot, uint32 size, bytes32 metadataHash)
        external
        returns (uint32 lotId)
    {
        participants.requireActiveRole(msg.sender, Roles.MANUFACTURER);
        if (partNumber == 0 || lotNumber == 0) revert EmptyIdentifier();
        if (merkleRoot == 0 || merkleRoot == _BATCH_MARKER) revert InvalidMerkleRoot();
        if (size == 0) revert InvalidBatchSize(0, type(uint32).max);
        lotId = _newBatch(msg.sender, merkleRoot);
        emit LotAnchored(lotId, msg.sender, partNumber, lotNumber, merkleRoot, size, metadataHash);
    }

    /// @notice The lot's holder turns one serial into its own ERC-721 part, once. While the
    /// manufacturer holds the lot it needs MANUFACTURER_ROLE now (a de-accredited manufacturer
    /// mints no part); a holder it handed the lot to needs none.
    /// @return partId {lotPartIdOf}: scoped to the lot, so nothing registered outside the lot can
    /// take it and a recall of the lot covers every part claimed from it.
    function claimLotPart(
        address manufacturer,
        uint32 lotId,
        bytes32 partNumber,
        bytes32 serialNumber,
        bytes32[] calldata proof
    ) external returns (uint256 partId) {
        uint32 maker = participants.requireActive(msg.sender);
        if (partNumber == 0 || serialNumber == 0) revert EmptyIdentifier();
        address holder = lotHolder(manufacturer, lotId);
        if (msg.sender != holder) revert NotLotHolder(lotId, msg.sender, holder);
        // The manufacturer's own lot: claiming is registering, so it needs the role now (and the
        // caller's number is the manufacturer's). A lot handed on: the manufacturer's number is
        // read, not required active, so its lots stay claimable.
        if (holder == manufacturer) _requireManufacturerRole();
        else maker = participants.participant(manufacturer).id;
        if (!isLotMember(manufacturer, lotId, partNumber, serialNumber, proof)) {
            revert InvalidLotProof(lotId, serialNumber);
        }
        partId = lotPartIdOf(manufacturer, partNumber, serialNumber, lotId);
        _mintPart(msg.sender, partId, PartData.pack(maker, lotId));
        emit LotPartClaimed(partId, lotId, msg.sender, partNumber, serialNumber);
    }

    /// @notice Hands the unclaimed serials of a lot (not a registration batch: {NotALot}) to
    /// another active participant. Only the holder turns them into parts: their ids are the lot's.
    /// A recalled lot stays where it is until the recall is lifted. The manufacturer hands on its
    /// own lot only while it holds MANUFACTURER_ROLE.
    function transferLot(address manufacturer, uint32 lotId, address to) external {
        participants.requireActive(msg.sender);
        participants.requireActive(to);
        address holder = lotHolder(manufacturer, lotId);
        if (msg.sender != holder) revert NotLotHolder(lotId, msg.sender, holder);
        if (holder == manufacturer) _requireManufacturerRole();
        if (_batchRecalls[lotId] & 1 != 0) revert LotRecalled(lotId);
        _lotHolders[lotId] = to;
        emit LotHolderChanged(lotId, holder, to);
    }

    // ============================================================ recall, freeze, retire

    /// @notice Marks one part suspect: its manufacturer (holding MANUFACTURER_ROLE now) or a
    /// regulator. A part suspect through its batch can be recalled on its own too, so lifting the
    /// batch recall does not free it. A regulator recalling a part its manufacturer recalled
    /// takes that recall over: from then on only a regulator clears it. Over its own parts an
    /// account acts as their manufacturer, even if it also holds REGULATOR_ROLE.
    function recallPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data);
        if (data.has(PartData.SUSPECT) && (!regulator || data.has(PartData.REGULATOR_RECALL))) {
            revert PartSuspect(partId);
        }
        _setExtraData(partId, data | (regulator ? PartData.SUSPECT | PartData.REGULATOR_RECALL : PartData.SUSPECT));
        emit PartRecalled(partId, msg.sender, reasonHash);
    }

    /// @notice Clears a suspect part: its own recall and its batch's, both or neither. The caller
    /// needs authority over each: a regulator's recall (of the part or of its batch) only a
    /// regulator clears; the manufacturer (holding MANUFACTURER_ROLE now) clears its own.
    function clearPart(uint256 partId, bytes32 reasonHash) external {
        uint96 data = _requireExists(partId);
        bool regulator = _partRecallAuthority(partId, data);
        uint32 batchId = data.batchId();
        uint256 recall = _batchRecalls[batchId];
        bool viaBatch = recall & 1 != 0 && _batchClearances[partId] != recall >> 2;
        if (!data.has(PartData.SUSPECT) && !viaBatch) revert PartNotSuspect(partId);
        if (!regulator) {
            if (data.has(PartData.REGULATOR_RECALL)) revert RecallImposedByRegulator(partId, msg.sender);
            if (viaBatch && recall & 2 != 0) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        }
        if (data.has(PartData.SUSPECT)) {
            _setExtraData(partId, data & ~(PartData.SUSPECT | PartData.REGULATOR_RECALL));
        }
        if (viaBatch) _batchClearances[partId] = recall >> 2;
        emit PartCleared(partId, msg.sender, reasonHash);
    }

    /// @notice Marks a whole batch or lot suspect in one transaction, whatever its size: its
    /// manufacturer (holding MANUFACTURER_ROLE now) or a regulator. A regulator may take over a
    /// manufacturer's batch recall; it then starts anew, so no earlier clearance carries over.
    function recallBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 != 0 && (!regulator || recall & 2 != 0)) revert BatchAlreadyRecalled(batchId);
        // A new epoch, so clearances of an earlier recall do not carry over.
        _batchRecalls[batchId] = (((recall >> 2) + 1) << 2) | (regulator ? 3 : 1);
        emit BatchRecalled(batchId, msg.sender, reasonHash);
    }

    /// @notice Lifts a batch recall (parts recalled on their own stay suspect). A regulator's
    /// batch recall only a regulator lifts.
    function clearBatch(address manufacturer, uint32 batchId, bytes32 reasonHash) external {
        bool regulator = _batchRecallAuthority(manufacturer, batchId);
        uint256 recall = _batchRecalls[batchId];
        if (recall & 1 == 0) revert BatchNotRecalled(batchId);
        if (recall & 2 != 0 && !regulator) revert BatchRecallImposedByRegulator(batchId, msg.sender);
        _batchRecalls[batchId] = recall & ~uint256(3);
        emit BatchCleared(batchId, msg.sender, reasonHash);
    }

    /// @notice A regulator freezes one part: it cannot move until unfrozen.
    function freezePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (data.has(PartData.FROZEN)) revert PartFrozen(partId);
        _setExtraData(partId, data | PartData.FROZEN);
        emit PartFrozenBy(partId, msg.sender, reasonHash);
    }

    /// @notice A regulator lifts a freeze.
    function unfreezePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.REGULATOR);
        uint96 data = _requireExists(partId);
        if (!data.has(PartData.FROZEN)) revert PartNotFrozen(partId);
        _setExtraData(partId, data & ~PartData.FROZEN);
        emit PartUnfrozen(partId, msg.sender, reasonHash);
    }

    /// @notice The owner retires (scraps) a part: it never moves or returns to service again.
    /// An installed part must be removed first, and an assembly emptied first (its sound parts
    /// harvested); a frozen or suspect part cannot be retired (that would put it out of reach of
    /// a forced transfer or a clearance), nor an assembly around one.
    function retirePart(uint256 partId, bytes32 reasonHash) external {
        participants.requireActive(msg.sender);
        uint96 data = _requireLoose(partId);
        address owner = _ownerOf(partId);
        if (msg.sender != owner) revert NotPartOwner(partId, msg.sender, owner);
        // Retired parts never move: an assembly retired around a frozen or recalled part would
        // put that part out of a forced transfer's reach. So an assembly is taken apart first.
        if (data.height() != 0) revert AssemblyNotEmpty(partId);
        _setExtraData(partId, _dropOfferAndCustody(partId, data) | PartData.RETIRED);
        emit PartRetiredBy(partId, msg.sender, reasonHash);
    }

    // ============================================================ assembly

    /// @notice Installs `childId` into `parentId`. The caller must own the child and the root of
    /// the parent's assembly. The child then travels with the root and cannot move on its own.
    /// The child, the parent and every part above the parent must be in service (not retired,
    /// suspect or frozen): nothing goes into a flagged assembly, not even through a sound part.
    function installPart(uint256 childId, uint256 parentId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        _requireExists(parentId);
        if (child.has(PartData.INSTALLED)) revert PartInstalled(childId, _parents[childId]);
        _requireServiceable(childId, child);
        address owner = _ownerOf(childId);
        if (msg.sender != owner) revert NotPartOwner(childId, msg.sender, owner);
        (uint256 root, uint256 depth) = _rootAndDepth(parentId, childId, _IN_SERVICE);
        address rootOwner = _ownerOf(root);
        if (msg.sender != rootOwner) revert NotPartOwner(parentId, msg.sender, rootOwner);
        uint256 childHeight = child.height();
        if (depth + 1 + childHeight > MAX_ASSEMBLY_DEPTH) {
            revert AssemblyTooDeep(childId, parentId, depth + 1 + childHeight, MAX_ASSEMBLY_DEPTH);
        }
        if (address(_records) != address(0)) _records.checkServiceable(childId);

        _updateHeights(parentId, 0, childHeight + 1);
        _parents[childId] = parentId;
        _setExtraData(childId, _dropOfferAndCustody(childId, child) | PartData.INSTALLED);
        _transfer(owner, address(this), childId);
        emit PartInstalledInto(childId, parentId, msg.sender);
    }

    /// @notice Removes an installed part from its assembly and returns it to the root's owner.
    /// A frozen part stays in; a suspect one may come out of a sound assembly (what a recall
    /// asks), but nothing comes out of an assembly with a frozen or suspect part above it.
    function removePart(uint256 childId) external {
        participants.requireActive(msg.sender);
        uint96 child = _requireExists(childId);
        if (!child.has(PartData.INSTALLED)) revert PartNotInstalled(childId);
        if (child.has(PartData.FROZEN)) revert PartFrozen(childId);
        uint256 parentId = _parents[childId];
        (uint256 root,) = _rootAndDepth(parentId, 0, _NOT_FLAGGED);
        address rootOwner = _ownerOf(root);
        if (msg.sender != rootOwner) revert NotPartOwner(childId, msg.sender, rootOwner);
        delete _parents[childId];
        _updateHeights(parentId, child.height() + 1, 0);
        _setExtraData(childId, child & ~PartData.INSTALLED);
        _transfer(address(this), rootOwner, childId);
        emit PartRemovedFrom(childId, parentId, msg.sender);
    }

    // ============================================================ custody

    /// @notice The owner hands physical custody to a carrier or repair station, keeping title.
    /// Custody ends when the part changes owner. Not for a frozen, suspect or retired part.
    function assignCustody(uint256 partId, address custodian) external {
        participants.requireActive(msg.sender);
        uint96 data = _requireLoose(partId);
        address owner = _ownerOf(partId);
        if (msg.sender != owner) revert NotPartOwner(partId, msg.sender, owner);
        address previous = _custodians[partId];
        if (custodian == previous || custodian == owner) revert CustodyUnchanged(partId, custodian);
        participants.requireActive(custodian);
        _custodians[partId] = custodian;
        if (!data.has(PartData.HAS_CUSTODIAN)) _setExtraData(partId, data | PartData.HAS_CUSTODIAN);
        emit CustodyChanged(partId, previous, custodian);
    }

    /// @notice Owner or custodian ends custody: the owner holds the part again.
    function releaseCustody(uint256 partId) external {
        participants.requireActive(msg.sender);
        uint96 data = _requireExists(partId);
        address custodian = _custodians[partId];
        if (custodian == address(0)) revert CustodyUnchanged(partId, address(0));
        if (msg.sender != custodian && msg.sender != _ownerOf(partId)) revert NotOwnerOrCustodian(partId, msg.sender);
        delete _custodians[partId];
        _setExtraData(partId, data & ~PartData.HAS_CUSTODIAN);
        emit CustodyChanged(partId, custodian, address(0));
    }

    // ============================================================ two-step handover

    /// @notice The owner (or an account it approved) offers the part to `recipient`, who must
    /// accept before ownership moves. The offer must pass the transfer rules when made (and again
    /// when accepted). An approved account's offer lives only as long as its approval.
    /// @param expiry unix time after which the offer cannot be accepted; 0 for none.
    function offerPart(uint256 partId, address recipient, uint64 expiry) external {
        participants.requireActive(msg.sender);
        uint96 data = _requireMovable(partId);
        address owner = _ownerOf(partId);
        if (!_isApprovedOrOwner(msg.sender, partId)) revert NotPartOwner(partId, msg.sender, owner);
        if (recipient == owner) revert InvalidReceiver(recipient);
        if (expiry != 0 && expiry <= block.timestamp) revert Expired(partId, expiry);
        // An offer that could not be accepted today is refused now, by the transfer rules.
        TransferCode code = _transferCode(msg.sender, owner, recipient, partId, data);
        if (code != TransferCode.Ok) _revertWith(code, partId, msg.sender, owner, recipient);
        bool byOperator = msg.sender != owner;
        if (byOperator) _offerMakers[partId] = msg.sender;
        else if (data.has(PartData.HAS_OFFER) && _offers[partId].byOperator) delete _offerMakers[partId];
        _offers[partId] = StoredOffer(recipient, expiry, byOperator);
        if (!data.has(PartData.HAS_OFFER)) _setExtraData(partId, data | PartData.HAS_OFFER);
        emit HandoverOffered(partId, owner, recipient, expiry);
    }

    /// @notice The named recipient accepts an open offer; ownership moves to it. An offer made by
    /// an approved account needs that account still approved and still fit to act for the owner.
    function acceptPart(uint256 partId) external {
        StoredOffer memory offer = _openOffer(partId);
        if (msg.sender != offer.recipient) revert NotOfferRecipient(partId, msg.sender, offer.recipient);
        if (offer.expiry != 0 && block.timestamp > offer.expiry) revert Expired(partId, offer.expiry);
        address owner = _ownerOf(partId);
        if (offer.byOperator) {
            address maker = _offerMakers[partId];
            if (!_isApprovedOrOwner(maker, partId)) revert OfferMakerNotApproved(partId, maker, owner);
            TransferCode code = _transferCode(maker, owner, msg.sender, partId, _getExtraData(partId));
            if (code != TransferCode.Ok) _revertWith(code, partId, maker, owner, msg.sender);
        }
        _closeOffer(partId, offer.byOperator);
        _transfer(owner, msg.sender, partId); // the hook checks every rule; a revert reopens the offer
        emit HandoverAccepted(partId, owner, msg.sender);
    }

    /// @notice The named recipient declines an open offer.
    function declinePart(uint256 partId) external {
        participants.requireActive(msg.sender);
        StoredOffer memory offer = _openOffer(partId);
        if (msg.sender != offer.recipient) revert NotOfferRecipient(partId, msg.sender, offer.recipient);
        _closeOffer(partId, offer.byOperator);
        emit HandoverDeclined(partId, msg.sender);
    }

    /// @notice The owner (or an approved operator) withdraws an open offer.
    function cancelOffer(uint256 partId) external {
        participants.requireActive(msg.sender);
        StoredOffer memory offer = _openOffer(partId);
        if (!_isApprovedOrOwner(msg.sender, partId)) revert NotPartOwner(partId, msg.sender, _ownerOf(partId));
        _closeOffer(partId, offer.byOperator);
        emit HandoverCancelled(partId, offer.recipient);
    }

    // ============================================================ signed transfer (EIP-712)

    /// @notice Executes a transfer the owner signed off chain; any account that is not suspended
    /// (a relayer, registered or not) may submit it. The order is bound to this chain and
    /// contract (EIP-712 domain), to the part's current owner (named in the order), to the
    /// owner's current nonce (replay-proof; {useNonce} cancels an unsent order) and to
    /// `deadline`. Contract wallets sign through ERC-1271.
    function transferBySignature(uint256 partId, address to, uint256 nonce, uint256 deadline, bytes calldata signature)
        external
    {
        if (block.timestamp > deadline) revert Expired(partId, deadline);
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        bytes32 digest = _hashTypedData(keccak256(abi.encode(TRANSFER_TYPEHASH, partId, owner, to, nonce, deadline)));
        if (!SignatureChecker.isValidSignatureNow(owner, digest, signature)) revert InvalidSignature(partId, owner);
        _useCheckedNonce(owner, nonce);
        _transfer(owner, to, partId);
        emit SignedTransferExecuted(partId, owner, to, nonce, msg.sender);
    }

    /// @notice Burns the caller's current signing nonce, cancelling any order signed with it.
    function useNonce() external returns (uint256) {
        return _useNonce(msg.sender);
    }

    // ============================================================ regulator powers

    /// @notice An enforcer moves a part under a court order or to recover a lost key. Freezes and
    /// recalls do not stop it; the receiver must still be an active participant, and installed or
    /// retired parts stay where they are.
    function forcedTransfer(uint256 partId, address to, bytes32 reasonHash) external {
        participants.requireActiveRole(msg.sender, Roles.ENFORCER);
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        // An order cannot outlive its part leaving the seller: the encumbrance lifts (the
        // financing contract then lets the buyer drop the part).
        bool encumbered = _getExtraData(partId).has(PartData.ENCUMBERED);
        address beneficiary = encumbered ? _lift(partId) : address(0);
        _transfer(owner, to, partId); // the hook knows this path by msg.sig: see {_transferCode}
        if (encumbered) emit EncumbranceLifted(partId, beneficiary, false);
        emit ForcedTransfer(partId, owner, to, msg.sender, reasonHash);
    }

    /// @notice Connects the life-limit oracle ({PartRecords}): the admin alone the first time (at
    /// deployment). Replacing it takes two authorities, through
    /// {IParticipantRegistry-confirmExternal}: an admin or active regulator proposes, a different
    /// one confirms with the same call (a new oracle starts without the life limits and usage of
    /// the old, so no single key may swap it). The contract must answer `parts()` with this
    /// registry and `participants()` with its participant registry, so a wrong address cannot
    /// brick {installPart}.
    function connectRecords(IServiceability records) external {
        address previous = address(_records);
        if (previous == address(0)) participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (!_belongsHere(address(records))) revert InvalidRecords(address(records));
        if (previous != address(0) && !participants.confirmExternal(msg.sender, bytes32(uint256(uint160(address(records)))))) {
            return; // proposed: a second authority confirms
        }
        _records = records;
        emit RecordsConnected(previous, address(records));
    }

    // ============================================================ financing bridge

    /// @inheritdoc IPartFinancing
    /// @dev The proposal's data is tagged ("financing", address), so a proposal to connect a
    /// contract as the records can never be confirmed as the financing, or the reverse.
    function connectFinancing(address financing_) external {
        address previous = _financing;
        if (previous == address(0)) participants.requireActiveRole(msg.sender, Roles.ADMIN);
        if (!_belongsHere(financing_)) revert InvalidFinancing(financing_);
        if (previous != address(0)) {
            if (_encumberedCount != 0) revert FinancingInUse(previous, _encumberedCount);
            if (!participants.confirmExternal(msg.sender, keccak256(abi.encode("financing", financing_)))) return;
        }
        _financing = financing_;
        emit FinancingConnected(previous, financing_);
    }

    /// @inheritdoc IPartFinancing
    function encumber(uint256 partId, address owner, address beneficiary) external {
        _onlyFinancing();
        uint96 data = _requireLoose(partId); // registered, in service, not encumbered, not installed
        address current = _ownerOf(partId);
        if (owner != current) revert IncorrectOwner(partId, owner, current);
        // A promise that could not be kept today is refused now, by the transfer rules.
        TransferCode code = _transferCode(owner, owner, beneficiary, partId, data);
        if (code != TransferCode.Ok) _revertWith(code, partId, owner, owner, beneficiary);
        _encumbrances[partId] = beneficiary;
        unchecked {
            ++_encumberedCount; // at most one per registered part
        }
        _setExtraData(partId, _dropOfferAndCustody(partId, data) | PartData.ENCUMBERED);
        emit EncumbranceSet(partId, owner, beneficiary);
    }

    /// @inheritdoc IPartFinancing
    function release(uint256 partId) external {
        _onlyFinancing();
        address beneficiary = _lift(partId);
        emit EncumbranceLifted(partId, beneficiary, false);
    }

    /// @inheritdoc IPartFinancing
    function deliverEncumbered(uint256 partId) external {
        _onlyFinancing();
        address beneficiary = _lift(partId);
        _transfer(_ownerOf(partId), beneficiary, partId); // every other rule: the hook
        emit EncumbranceLifted(partId, beneficiary, true);
    }

    // ============================================================ views

    /// @dev The EIP-712 domain: name "PartLedger", version "1" (with this chain and contract).
    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("PartLedger", "1");
    }

    /// @notice The id of (manufacturer, partNumber, serialNumber); computable off chain.
    function partIdOf(address manufacturer, bytes32 partNumber, bytes32 serialNumber) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(manufacturer, partNumber, serialNumber)));
    }

    /// @notice Everything an inspector needs about a part in one call; never reverts.
    function verifyPart(uint256 partId) public view returns (PartInfo memory info) {
        info.partId = partId;
        address holder = _ownerOf(partId);
        if (holder == address(0)) return info;
        uint96 data = _getExtraData(partId);
        info.genuine = true;
        info.manufacturer = participants.accountOf(data.manufacturerId());
        info.flags = data.flags();
        info.batchId = data.batchId();
        info.custodian = _custodians[partId];
        info.parent = _parents[partId];
        (info.root,) = _rootAndDepth(partId, 0, _ANY);
        info.owner = _ownerOf(info.root);
        if (data.has(PartData.RETIRED)) info.status = PartStatus.Retired;
        else if (_isSuspect(partId, data)) info.status = PartStatus.Suspect;
        else if (data.has(PartData.FROZEN)) info.status = PartStatus.Frozen;
        else info.status = PartStatus.InService;
    }

    /// @notice The id of a serial claimed from lot `lotId`:
    /// uint256(keccak256(abi.encode(manufacturer, partNumber, serialNumber, lotId))).
    /// @dev Scoped to the lot, so nothing outside it (registerPart, registerBatch, another lot) can
    /// take a lot serial's id before the holder claims it. Trade-off: it is not the {partIdOf} id
    /// of the same serial; a manufacturer can still register the same physical serial outside the
    /// lot, as a second part anyone can see on chain (two parts, one serial).
    function lotPartIdOf(address manufacturer, bytes32 partNumber, bytes32 serialNumber, uint32 lotId)
        public
        pure
        returns (uint256)
    {
        return uint256(keccak256(abi.encode(manufacturer, partNumber, serialNumber, lotId)));
    }

    /// @notice {verifyPart} by (manufacturer, part number, serial number) of a part registered on
    /// its own or in a batch; for a lot's part use `verifyPart(lotPartIdOf(...))`.
    function verifySerial(address manufacturer, bytes32 partNumber, bytes32 serialNumber)
        external
        view
        returns (PartInfo memory)
    {
        return verifyPart(partIdOf(manufacturer, partNumber, serialNumber));
    }

    /// @notice Why a transfer of `partId` from `from` to `to` would fail, checked in the same
    /// order as the transfer hook; {TransferCode.Ok} when it would pass. Never reverts.
    function canTransfer(address from, address to, uint256 partId) external view returns (TransferCode) {
        address owner = _ownerOf(partId);
        if (owner == address(0)) return TransferCode.PartNotFound;
        uint96 data = _getExtraData(partId);
        if (data.has(PartData.INSTALLED)) return TransferCode.PartInstalled;
        if (from != owner) return TransferCode.NotOwner;
        return _transferCode(from, from, to, partId, data);
    }

    /// @notice The owner of the root assembly the part is in (its own owner when not installed).
    function rootOwnerOf(uint256 partId) public view returns (address) {
        if (_ownerOf(partId) == address(0)) revert PartNotFound(partId);
        (uint256 root,) = _rootAndDepth(partId, 0, _ANY);
        return _ownerOf(root);
    }

    /// @notice The assembly a part is installed in (0 when none).
    function parentOf(uint256 partId) external view returns (uint256) {
        return _parents[partId];
    }

    /// @notice Who holds the part physically for its owner (0: the owner).
    function custodianOf(uint256 partId) external view returns (address) {
        return _custodians[partId];
    }

    /// @notice The open handover offer of a part (all zero when none).
    function offerOf(uint256 partId) external view returns (Offer memory) {
        StoredOffer memory stored = _offers[partId];
        return Offer(stored.recipient, stored.expiry, _offerMakers[partId]);
    }

    /// @notice The packed flags of a part (see {PartData}).
    function flagsOf(uint256 partId) external view returns (uint16) {
        return _getExtraData(partId).flags();
    }

    /// @notice True when the part is recalled on its own or through its batch, and not cleared.
    function isSuspect(uint256 partId) public view returns (bool) {
        return _isSuspect(partId, _getExtraData(partId));
    }

    /// @notice Whether batch or lot `batchId` is under recall.
    function isBatchRecalled(uint32 batchId) external view returns (bool) {
        return _batchRecalls[batchId] & 1 != 0;
    }

    /// @notice Whether batch or lot `batchId` is under a recall a regulator imposed.
    function isBatchRecalledByRegulator(uint32 batchId) external view returns (bool) {
        return _batchRecalls[batchId] & 3 == 3;
    }

    /// @notice Number of batches and lots registered (ids run from 1).
    function batchCount() external view returns (uint32) {
        return _batchCount;
    }

    /// @notice The Merkle root of a lot (or the batch marker), zero if `manufacturer` has no such batch.
    function batchCommitment(address manufacturer, uint32 batchId) external view returns (bytes32) {
        return _batches[_batchKey(manufacturer, batchId)];
    }

    /// @notice Who may claim the lot's serials: the manufacturer until it hands the lot on.
    function lotHolder(address manufacturer, uint32 lotId) public view returns (address holder) {
        _lotRoot(manufacturer, lotId);
        holder = _lotHolders[lotId];
        if (holder == address(0)) holder = manufacturer;
    }

    /// @notice Whether `serialNumber` of `partNumber` is in the lot, by its Merkle proof.
    function isLotMember(
        address manufacturer,
        uint32 lotId,
        bytes32 partNumber,
        bytes32 serialNumber,
        bytes32[] calldata proof
    ) public view returns (bool) {
        bytes32 root = _lotRoot(manufacturer, lotId);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(partNumber, serialNumber))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IPartFinancing
    function financing() external view returns (address) {
        return _financing;
    }

    /// @inheritdoc IPartFinancing
    function encumbranceOf(uint256 partId) external view returns (address) {
        return _encumbrances[partId];
    }

    /// @inheritdoc IPartFinancing
    function encumberedCount() external view returns (uint256) {
        return _encumberedCount;
    }

    /// @notice The life-limit oracle, zero until connected.
    function records() external view returns (address) {
        return address(_records);
    }

    /// @notice ERC-721 name.
    function name() public pure override returns (string memory) {
        return "PartLedger Part";
    }

    /// @notice ERC-721 symbol.
    function symbol() public pure override returns (string memory) {
        return "PART";
    }

    /// @notice Parts carry no URI: their documents are hashes in the events and the records, so
    /// the registry does not claim the ERC-721 metadata interface (see {supportsInterface}).
    function tokenURI(uint256 partId) public view override returns (string memory) {
        _requireExists(partId);
        return "";
    }

    /// @notice ERC-165: ERC-165 and ERC-721 (0x80ac58cd), not ERC-721 metadata (0x5b5e139f):
    /// a part has no token URI.
    function supportsInterface(bytes4 interfaceId) public pure override returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0x80ac58cd;
    }

    // ============================================================ ERC-721 entry points
    // Solady makes approve and the transfers payable; the registry never holds ether, so each
    // refuses it. A missing part is PartNotFound(partId), as everywhere else in the registry.

    /// @notice ERC-721 owner of a part (the registry itself while the part is installed).
    function ownerOf(uint256 partId) public view override returns (address owner) {
        owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
    }

    /// @notice The account approved for this one part (zero when none).
    function getApproved(uint256 partId) public view override returns (address) {
        _requireExists(partId);
        return _getApproved(partId);
    }

    /// @notice ERC-721 approve; sends no ether. An operator approving for the owner hands on its
    /// own power, so it must pass the rules it would pass to move the part itself (else an
    /// offboarded or suspended operator could still move parts through an accomplice).
    function approve(address account, uint256 partId) public payable override {
        _refuseEther();
        address owner = _ownerOf(partId);
        if (owner == address(0)) revert PartNotFound(partId);
        if (msg.sender != owner && isApprovedForAll(owner, msg.sender)) {
            TransferCode code = _transferCode(msg.sender, owner, owner, partId, _getExtraData(partId));
            if (code != TransferCode.Ok) _revertWith(code, partId, msg.sender, owner, owner);
        }
        super.approve(account, partId); // anyone else: Solady's NotOwnerNorApproved
    }

    // ============================================================ the transfer hook

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
        private
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
        }
        if (data.has(PartData.ENCUMBERED)) return TransferCode.PartEncumbered;
        // A forced transfer checks only the receiver (and the pause): the sender may be the
        // very account that lost its key or was suspended.
        if (forcing) (operator, from) = (address(0), address(0));
        return TransferCode(uint8(participants.transferCheck(operator, from, to, permissioned)));
    }

    /// @dev Reverts with the error a failed {TransferCode} stands for.
    function _revertWith(TransferCode code, uint256 partId, address operator, address from, address to) private pure {
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
        revert PartEncumbered(partId);
    }

    // ============================================================ internals

    function _refuseEther() private view {
        if (msg.value != 0) revert EtherNotAccepted(msg.value);
    }

    function _mintPart(address to, uint256 partId, uint96 data) private {
        if (_ownerOf(partId) != address(0)) revert PartAlreadyRegistered(partId);
        _mintAndSetExtraDataUnchecked(to, partId, data);
    }

    function _newBatch(address manufacturer, bytes32 commitment) private returns (uint32 batchId) {
        batchId = ++_batchCount;
        _batches[_batchKey(manufacturer, batchId)] = commitment;
    }

    function _batchKey(address manufacturer, uint32 batchId) private pure returns (bytes32) {
        return keccak256(abi.encode(manufacturer, batchId));
    }

    function _isSuspect(uint256 partId, uint96 data) private view returns (bool) {
        if (data.has(PartData.SUSPECT)) return true;
        uint32 batchId = data.batchId();
        if (batchId == 0) return false;
        uint256 recall = _batchRecalls[batchId];
        return recall & 1 != 0 && _batchClearances[partId] != recall >> 2;
    }

    function _requireExists(uint256 partId) private view returns (uint96) {
        if (_ownerOf(partId) == address(0)) revert PartNotFound(partId);
        return _getExtraData(partId);
    }

    /// @dev A part its owner may act on (offer, custody): registered, not installed, not retired.
    function _requireMovable(uint256 partId) private view returns (uint96 data) {
        data = _requireExists(partId);
        if (data.has(PartData.RETIRED)) revert PartRetired(partId);
        if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
    }

    /// @dev A part its owner may act on alone (retire, custody): in service, not installed.
    function _requireLoose(uint256 partId) private view returns (uint96 data) {
        data = _requireExists(partId);
        _requireServiceable(partId, data);
        if (data.has(PartData.INSTALLED)) revert PartInstalled(partId, _parents[partId]);
    }

    /// @dev A part fit to go into an assembly (or to be worked on by its owner alone): not
    /// retired, not suspect, not frozen, not promised to an order (encumbered).
    function _requireServiceable(uint256 partId, uint96 data) private view {
        if (data.has(PartData.RETIRED)) revert PartRetired(partId);
        if (_isSuspect(partId, data)) revert PartSuspect(partId);
        if (data.has(PartData.FROZEN)) revert PartFrozen(partId);
        if (data.has(PartData.ENCUMBERED)) revert PartEncumbered(partId);
    }

    function _onlyFinancing() private view {
        if (msg.sender != _financing || msg.sender == address(0)) revert NotFinancing(msg.sender);
    }

    /// @dev Ends an encumbrance (reverts if there is none); returns who the part was promised to.
    function _lift(uint256 partId) private returns (address beneficiary) {
        uint96 data = _getExtraData(partId);
        if (!data.has(PartData.ENCUMBERED)) revert PartNotEncumbered(partId);
        beneficiary = _encumbrances[partId];
        delete _encumbrances[partId];
        unchecked {
            --_encumberedCount; // this part was counted when encumbered
        }
        _setExtraData(partId, data & ~PartData.ENCUMBERED);
    }

    /// @dev Whether `target` is a suite contract of this registry: it answers `parts()` with this
    /// registry and `participants()` with its participant registry (a wrong address cannot
    /// brick the paths that call it).
    function _belongsHere(address target) private view returns (bool) {
        return _answers(target, bytes4(keccak256("parts()")), address(this))
            && _answers(target, bytes4(keccak256("participants()")), address(participants));
    }

    /// @dev Who recalls or clears a part: its manufacturer holding MANUFACTURER_ROLE now (returns
    /// false), or a regulator (true). Over its own parts an account is their manufacturer whatever
    /// other role it holds: a regulator's recall of them binds it like any manufacturer.
    function _partRecallAuthority(uint256 partId, uint96 data) private view returns (bool) {
        uint32 caller = participants.requireActive(msg.sender);
        if (caller == data.manufacturerId()) {
            _requireManufacturerRole();
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotManufacturerOrRegulator(partId, msg.sender);
        return true;
    }

    /// @dev As {_partRecallAuthority}, for a batch or lot of `manufacturer`.
    function _batchRecallAuthority(address manufacturer, uint32 batchId) private view returns (bool) {
        participants.requireActive(msg.sender);
        if (_batches[_batchKey(manufacturer, batchId)] == 0) revert BatchNotFound(manufacturer, batchId);
        if (msg.sender == manufacturer) {
            _requireManufacturerRole();
            return false;
        }
        if (!_isRegulator(msg.sender)) revert NotBatchManufacturerOrRegulator(batchId, msg.sender);
        return true;
    }

    /// @dev The caller holds MANUFACTURER_ROLE now (and is active), or this reverts.
    function _requireManufacturerRole() private view {
        participants.requireActiveRole(msg.sender, Roles.MANUFACTURER);
    }

    /// @dev The Merkle root of a lot; reverts for an unknown batch or a registration batch.
    function _lotRoot(address manufacturer, uint32 lotId) private view returns (bytes32 root) {
        root = _batches[_batchKey(manufacturer, lotId)];
        if (root == 0) revert BatchNotFound(manufacturer, lotId);
        if (root == _BATCH_MARKER) revert NotALot(lotId);
    }

    function _isRegulator(address account) private view returns (bool) {
        // requireActive has already been asked by the caller; this only adds the role.
        return IAccessControl(address(participants)).hasRole(Roles.REGULATOR, account);
    }

    /// @dev Walks up from `partId` (included) to its root: at most MAX_ASSEMBLY_DEPTH + 1 parts,
    /// a constant (installs refuse deeper trees), not a user-growable list. Reverts if `forbidden`
    /// is on the way (a cycle) and, by `rule`, if a part on the way is frozen or suspect
    /// (_NOT_FLAGGED) or also retired (_IN_SERVICE).
    function _rootAndDepth(uint256 partId, uint256 forbidden, uint256 rule)
        private
        view
        returns (uint256 root, uint256 depth)
    {
        root = partId;
        while (true) {
            if (root == forbidden) revert AssemblyCycle(forbidden, partId);
            if (rule != _ANY) {
                uint96 data = _getExtraData(root);
                _requireServiceable(root, rule == _IN_SERVICE ? data : data & ~PartData.RETIRED);
            }
            uint256 parent = _parents[root];
            if (parent == 0) return (root, depth);
            root = parent;
            unchecked {
                ++depth; // at most MAX_ASSEMBLY_DEPTH: installs refuse deeper trees
            }
        }
    }

    /// @dev A child of `partId` moved from height lane `from` to lane `to` (a lane is 1 + the
    /// child's height; 0: none, for a child that arrived or left). Keeps the part's height exact
    /// (0 without children, else 1 + its tallest child's) and carries a change up to the root:
    /// at most MAX_ASSEMBLY_DEPTH steps, since a part's height and depth never sum above it.
    function _updateHeights(uint256 partId, uint256 from, uint256 to) private {
        while (partId != 0) {
            uint256 counts = _childHeights[partId];
            uint256 height;
            unchecked {
                // A 32-bit lane counts the part's children of one height: it never goes below zero
                // (a child leaves the lane it joined) nor near 2^32 (one install per child).
                if (to != 0) counts += 1 << ((to - 1) << 5);
                if (from != 0) counts -= 1 << ((from - 1) << 5);
                while (counts >> (height << 5) != 0) ++height; // 1 + the highest non-empty lane, <= 8
            }
            _childHeights[partId] = counts;
            uint96 data = _getExtraData(partId);
            uint256 previous = data.height();
            if (height == previous) return;
            _setExtraData(partId, data.withHeight(uint8(height)));
            (from, to) = (previous + 1, height + 1);
            partId = _parents[partId];
        }
    }

    function _openOffer(uint256 partId) private view returns (StoredOffer memory offer) {
        offer = _offers[partId];
        if (offer.recipient == address(0)) revert NoOpenOffer(partId);
    }

    function _closeOffer(uint256 partId, bool byOperator) private {
        delete _offers[partId];
        if (byOperator) delete _offerMakers[partId];
        _setExtraData(partId, _getExtraData(partId) & ~PartData.HAS_OFFER);
    }

    /// @dev Whether `target` answers the no-argument view `selector` with `expected`; false for
    /// an account without code or a contract without that function. (Assembly: the Solidity
    /// form of this low-level call cost ~390 bytes of a contract close to the size limit.)
    function _answers(address target, bytes4 selector, address expected) private view returns (bool yes) {
        assembly ("memory-safe") {
            mstore(0x00, selector) // scratch space: the call's input and output
            let success := staticcall(gas(), target, 0x00, 0x04, 0x00, 0x20)
            yes := and(success, and(eq(returndatasize(), 0x20), eq(mload(0x00), shr(96, shl(96, expected)))))
        }
    }

    /// @dev Ends an open offer and custody when the part changes hands; returns the new data.
    function _dropOfferAndCustody(uint256 partId, uint96 data) private returns (uint96) {
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
