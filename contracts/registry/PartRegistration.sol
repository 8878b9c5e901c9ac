// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PartRegistration
/// @notice Registration and lots: Single parts, registration batches of up to MAX_BATCH_SIZE serials, and Merkle-anchored lots whose
/// serials become parts one by one (claimed by the lot holder); ids and lot views.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartRegistration is PartRegistryBase {
    using PartData for uint96;

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

    /// @notice The id of (manufacturer, partNumber, serialNumber); computable off chain.
    function partIdOf(address manufacturer, bytes32 partNumber, bytes32 serialNumber) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(manufacturer, partNumber, serialNumber)));
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
}
