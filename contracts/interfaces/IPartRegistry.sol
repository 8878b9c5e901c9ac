// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title IPartRegistry
/// @notice Serialized aircraft/vehicle/device parts as ERC-721 tokens: registration (single,
/// batch, Merkle-anchored lots), verification, recall, freeze, retirement, assembly, custody and
/// every transfer path (ERC-721, two-step handover, EIP-712 signed order, forced transfer).
interface IPartRegistry {
    /// @dev Verification verdict, worst first: a retired part stays retired whatever else holds.
    /// A part itself in service with a frozen or recalled part installed below it is Suspect
    /// (its flags say why: PartData.FLAGGED_BELOW, not SUSPECT): it does not move.
    enum PartStatus {
        NotRegistered,
        InService,
        Frozen,
        Suspect,
        Retired
    }

    /// @dev Answer of {canTransfer}. 0..7 mirror {IParticipantRegistry.PartyCode}.
    enum TransferCode {
        Ok,
        SuitePaused,
        OperatorSuspended,
        OperatorNotRegistered,
        SenderNotRegistered,
        SenderSuspended,
        ReceiverNotRegistered,
        ReceiverSuspended,
        PartNotFound,
        NotOwner,
        InvalidReceiver,
        PartRetired,
        PartInstalled,
        PartFrozen,
        PartSuspect,
        PartEncumbered,
        ContainsFlaggedPart // a part installed below it is frozen or recalled on its own
    }

    /// @dev Everything an inspector needs in one call.
    struct PartInfo {
        bool genuine; // registered by an accredited manufacturer through this registry
        PartStatus status;
        uint256 partId;
        address manufacturer;
        address owner; // the owner of the root assembly (the part's holder when not installed)
        address custodian; // zero when the owner has custody
        uint256 parent; // zero when not installed
        uint256 root; // the top of the assembly the part is in (itself when not installed)
        uint32 batchId; // registration batch or lot, zero for a part registered on its own
        uint16 flags; // see PartData
    }

    /// @dev A pending two-step handover, as {offerOf} reports it.
    struct Offer {
        address recipient;
        uint64 expiry; // 0: no expiry
        address maker; // the approved account that made it; zero when the owner made it
    }

    // ---------------------------------------------------------------- errors
    /// @dev No part with this id is registered.
    error PartNotFound(uint256 partId);
    /// @dev The part id (manufacturer, part number, serial) is registered already.
    error PartAlreadyRegistered(uint256 partId);
    /// @dev Part numbers and serial numbers must not be empty.
    error EmptyIdentifier();
    /// @dev A batch must hold between 1 and `max` serials.
    error InvalidBatchSize(uint256 size, uint256 max);
    /// @dev A Merkle root must be non-zero.
    error InvalidMerkleRoot();
    /// @dev No lot or batch `batchId` was registered by `manufacturer`.
    error BatchNotFound(address manufacturer, uint32 batchId);
    /// @dev The proof does not place the serial in the lot.
    error InvalidLotProof(uint32 lotId, bytes32 serialNumber);
    /// @dev `account` does not hold lot `lotId` (only the holder claims or hands it on).
    error NotLotHolder(uint32 lotId, address account, address holder);
    /// @dev `account` is neither the part's manufacturer nor a regulator.
    error NotManufacturerOrRegulator(uint256 partId, address account);
    /// @dev `account` did not register batch `batchId` and is not a regulator.
    error NotBatchManufacturerOrRegulator(uint32 batchId, address account);
    /// @dev `account` may not act for the owner of the part (`owner`).
    error NotPartOwner(uint256 partId, address account, address owner);
    /// @dev The transfer's `from` is not the owner.
    error IncorrectOwner(uint256 partId, address from, address owner);
    /// @dev The receiver is the zero address or the registry itself.
    error InvalidReceiver(address receiver);
    /// @dev The part is retired (scrapped) and never moves or returns to service.
    error PartRetired(uint256 partId);
    /// @dev The part sits in an assembly and only moves with it.
    error PartInstalled(uint256 partId, uint256 parentId);
    /// @dev The part is not installed in any assembly.
    error PartNotInstalled(uint256 partId);
    /// @dev A regulator froze the part.
    error PartFrozen(uint256 partId);
    /// @dev The part is not frozen.
    error PartNotFrozen(uint256 partId);
    /// @dev The part (or its batch) is recalled / quarantined.
    error PartSuspect(uint256 partId);
    /// @dev The part is not suspect, so there is nothing to clear.
    error PartNotSuspect(uint256 partId);
    /// @dev The part backs an open financing.
    error PartEncumbered(uint256 partId);
    /// @dev The batch is recalled already.
    error BatchAlreadyRecalled(uint32 batchId);
    /// @dev The batch is not recalled.
    error BatchNotRecalled(uint32 batchId);
    /// @dev Installing `childId` into `parentId` would make a loop.
    error AssemblyCycle(uint256 childId, uint256 parentId);
    /// @dev The assembly would be deeper than `maxDepth` levels below its root.
    error AssemblyTooDeep(uint256 childId, uint256 parentId, uint256 depth, uint256 maxDepth);
    /// @dev The part already has this custodian (or none, when releasing).
    error CustodyUnchanged(uint256 partId, address custodian);
    /// @dev `account` is neither owner nor custodian of the part.
    error NotOwnerOrCustodian(uint256 partId, address account);
    /// @dev No handover offer is open for the part.
    error NoOpenOffer(uint256 partId);
    /// @dev The offer is addressed to `recipient`, not to the caller.
    error NotOfferRecipient(uint256 partId, address account, address recipient);
    /// @dev The offer or signed order expired at `expiry`.
    error Expired(uint256 partId, uint256 expiry);
    /// @dev The signature is not the owner's for this order.
    error InvalidSignature(uint256 partId, address owner);

    // ---------------------------------------------------------------- errors: operators, ether, records
    /// @dev The approved account that made the offer is no longer approved by the owner: its offer died.
    error OfferMakerNotApproved(uint256 partId, address maker, address owner);
    /// @dev The registry never holds ether: ERC-721 calls must send none.
    error EtherNotAccepted(uint256 value);
    /// @dev `records` is not a records contract of this registry and its participant registry.
    error InvalidRecords(address records);
    /// @dev The part still has parts installed in it: an assembly is taken apart before it is retired.
    error AssemblyNotEmpty(uint256 partId);
    /// @dev `childId` appears twice in one {installParts} batch (into `parentId`).
    error DuplicateChild(uint256 childId, uint256 parentId);
    /// @dev `account` holds part `id` (owns or keeps the assembly it is in) or made it, or holds
    /// lot `id` (a lot's recall): it may not lift a freeze or recall of it.
    error AuthorityHasStake(uint256 id, address account);
    /// @dev A part installed below the part (at any depth) is frozen or recalled on its own: it
    /// neither moves (but by a forced transfer) nor goes into an assembly until that part is
    /// cleared, unfrozen or (a recalled one) removed.
    error ContainsFlaggedPart(uint256 partId);
    /// @dev The root assembly is offered to `recipient`: nothing comes out of it until the offer is accepted, declined or cancelled.
    error AssemblyOffered(uint256 assemblyId, address recipient);

    // ---------------------------------------------------------------- errors: binding recalls, lots
    /// @dev A regulator imposed the part's own recall: only a regulator clears it, not `account`.
    error RecallImposedByRegulator(uint256 partId, address account);
    /// @dev A regulator imposed the batch's recall: only a regulator lifts it, for the batch or a part of it.
    error BatchRecallImposedByRegulator(uint32 batchId, address account);
    /// @dev Batch `batchId` is a registration batch, not a Merkle lot: no holder, no serials to claim.
    error NotALot(uint32 batchId);
    /// @dev The lot is under recall: its unclaimed serials cannot change hands until it is lifted.
    error LotRecalled(uint32 lotId);

    // ---------------------------------------------------------------- events
    /// @dev A part was registered on its own. With the ERC-721 Transfer from zero it opens the trace.
    event PartRegistered(
        uint256 indexed partId,
        address indexed manufacturer,
        bytes32 partNumber,
        bytes32 serialNumber,
        bytes32 metadataHash
    );
    /// @dev A batch of serials was registered; each part also gets its ERC-721 Transfer from zero.
    event BatchRegistered(
        uint32 indexed batchId,
        address indexed manufacturer,
        bytes32 partNumber,
        bytes32[] serialNumbers,
        bytes32 metadataHash
    );
    /// @dev A lot of `size` serials was committed as a Merkle root.
    event LotAnchored(
        uint32 indexed lotId,
        address indexed manufacturer,
        bytes32 partNumber,
        bytes32 lotNumber,
        bytes32 merkleRoot,
        uint32 size,
        bytes32 metadataHash
    );
    /// @dev The unclaimed serials of a lot passed to a new holder.
    event LotHolderChanged(uint32 indexed lotId, address indexed previousHolder, address indexed newHolder);
    /// @dev One serial of a lot became its own ERC-721 part.
    event LotPartClaimed(
        uint256 indexed partId, uint32 indexed lotId, address indexed holder, bytes32 partNumber, bytes32 serialNumber
    );
    /// @dev A part was recalled (marked suspect) by its manufacturer or a regulator.
    event PartRecalled(uint256 indexed partId, address indexed by, bytes32 reasonHash);
    /// @dev A suspect part was cleared after inspection.
    event PartCleared(uint256 indexed partId, address indexed by, bytes32 reasonHash);
    /// @dev A whole batch or lot was recalled in one transaction.
    event BatchRecalled(uint32 indexed batchId, address indexed by, bytes32 reasonHash);
    /// @dev A batch recall was lifted.
    event BatchCleared(uint32 indexed batchId, address indexed by, bytes32 reasonHash);
    /// @dev A regulator froze a part.
    event PartFrozenBy(uint256 indexed partId, address indexed regulator, bytes32 reasonHash);
    /// @dev A regulator unfroze a part.
    event PartUnfrozen(uint256 indexed partId, address indexed regulator, bytes32 reasonHash);
    /// @dev A part was retired (scrapped) for good.
    event PartRetiredBy(uint256 indexed partId, address indexed by, bytes32 reasonHash);
    /// @dev A part was installed into an assembly (EPCIS aggregation: add).
    event PartInstalledInto(uint256 indexed childId, uint256 indexed parentId, address indexed by);
    /// @dev A part was removed from an assembly (EPCIS aggregation: delete).
    event PartRemovedFrom(uint256 indexed childId, uint256 indexed parentId, address indexed by);
    /// @dev Physical custody changed while title stayed; `custodian` zero means back to the owner.
    event CustodyChanged(uint256 indexed partId, address indexed previousCustodian, address indexed custodian);
    /// @dev The owner offered the part to `recipient`.
    event HandoverOffered(uint256 indexed partId, address indexed owner, address indexed recipient, uint64 expiry);
    /// @dev The recipient accepted; ownership moved.
    event HandoverAccepted(uint256 indexed partId, address indexed from, address indexed to);
    /// @dev The recipient declined.
    event HandoverDeclined(uint256 indexed partId, address indexed recipient);
    /// @dev The owner withdrew the offer, or it died because the part moved by another path.
    event HandoverCancelled(uint256 indexed partId, address indexed recipient);
    /// @dev A relayer submitted an order the owner signed.
    event SignedTransferExecuted(
        uint256 indexed partId, address indexed from, address indexed to, uint256 nonce, address relayer
    );
    /// @dev An enforcer moved a part under a court order or key recovery.
    event ForcedTransfer(
        uint256 indexed partId, address indexed from, address indexed to, address enforcer, bytes32 reasonHash
    );
    /// @dev The life-limit oracle (PartRecords) was connected or replaced (`previous` zero: first).
    event RecordsConnected(address previous, address records);

    // ---------------------------------------------------------------- views other contracts use
    /// @notice Everything an inspector needs about a part in one call; never reverts.
    function verifyPart(uint256 partId) external view returns (PartInfo memory);

    /// @notice The id of (manufacturer, partNumber, serialNumber); computable off chain.
    function partIdOf(address manufacturer, bytes32 partNumber, bytes32 serialNumber) external pure returns (uint256);

    /// @notice The owner of the root assembly the part is in.
    function rootOwnerOf(uint256 partId) external view returns (address);

    /// @notice Why a transfer would fail ({TransferCode.Ok} if it would pass); never reverts.
    function canTransfer(address from, address to, uint256 partId) external view returns (TransferCode);

    /// @notice True when the part is recalled on its own or through its batch, and not cleared.
    function isSuspect(uint256 partId) external view returns (bool);

    /// @notice The packed flags of a part (see PartData).
    function flagsOf(uint256 partId) external view returns (uint16);

    /// @notice The assembly part `partId` is installed in (0 when none).
    /// @param partId The part.
    function parentOf(uint256 partId) external view returns (uint256);

    /// @notice A counter that grows each time a part is taken out of this part's assembly while
    /// it is the root, and each time this part itself is taken out of one: unchanged, the
    /// assembly holds at least what it held (nothing was removed at any depth). A buyer's order
    /// compares it between opening and acceptance.
    /// @param partId The part.
    function contentVersionOf(uint256 partId) external view returns (uint256);

    // ---------------------------------------------------------------- transfer paths the hook tells apart
    /// @notice The named recipient accepts an open handover offer.
    function acceptPart(uint256 partId) external;

    /// @notice Executes a transfer order the owner signed (EIP-712).
    function transferBySignature(uint256 partId, address to, uint256 nonce, uint256 deadline, bytes calldata signature)
        external;

    /// @notice An enforcer moves a part under a court order or to recover a lost key.
    function forcedTransfer(uint256 partId, address to, bytes32 reasonHash) external;
}
