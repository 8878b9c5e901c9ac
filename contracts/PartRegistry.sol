// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IServiceability} from "./interfaces/IServiceability.sol";
import {PartAssembly} from "./registry/PartAssembly.sol";
import {PartData} from "./libraries/PartData.sol";
import {PartFinancingBridge} from "./registry/PartFinancingBridge.sol";
import {PartHandover} from "./registry/PartHandover.sol";
import {PartRecall} from "./registry/PartRecall.sol";
import {PartRegistration} from "./registry/PartRegistration.sol";
import {PartRegistryBase} from "./registry/PartRegistryBase.sol";
import {PartTransfers} from "./registry/PartTransfers.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title PartRegistry
/// @notice Serialized parts as ERC-721 tokens with the rules of an aviation-grade parts ledger:
/// registration and lots ({PartRegistration}), status and recall ({PartRecall}), assembly
/// ({PartAssembly}), handover and custody ({PartHandover}), signed and forced transfers
/// ({PartTransfers}) and the financing bridge ({PartFinancingBridge}), each an extension of
/// {PartRegistryBase}, which holds the storage and the one transfer hook every path runs through.
/// This contract adds the verification views, the life-limit oracle's connection and the
/// ERC-721 surface.
contract PartRegistry is PartRegistration, PartRecall, PartAssembly, PartHandover, PartTransfers, PartFinancingBridge {
    using PartData for uint96;

    constructor(IParticipantRegistry participants_, bool permissioned_)
        PartRegistryBase(participants_, permissioned_)
    {}

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
        if (
            previous != address(0)
                && !participants.confirmExternal(msg.sender, bytes32(uint256(uint160(address(records)))))
        ) {
            return; // proposed: a second authority confirms
        }
        _records = records;
        emit RecordsConnected(previous, address(records));
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
        else if (data.has(PartData.FLAGGED_BELOW)) info.status = PartStatus.Suspect; // it holds a flagged part
        else info.status = PartStatus.InService;
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

    /// @notice The packed flags of a part (see {PartData}).
    function flagsOf(uint256 partId) external view returns (uint16) {
        return _getExtraData(partId).flags();
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
}
