// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PartData} from "../libraries/PartData.sol";
import {PartRegistryBase} from "./PartRegistryBase.sol";

/// @title PartHandover
/// @notice Handover and custody: The two-step handover (offer, accept, decline, cancel) and physical custody that leaves title
/// with the owner.
/// @dev An extension of {PartRegistryBase}; every move still runs through its one transfer hook.
abstract contract PartHandover is PartRegistryBase {
    using PartData for uint96;

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

    /// @notice Who holds the part physically for its owner (0: the owner).
    function custodianOf(uint256 partId) external view returns (address) {
        return _custodians[partId];
    }

    /// @notice The open handover offer of a part (all zero when none).
    function offerOf(uint256 partId) external view returns (Offer memory) {
        StoredOffer memory stored = _offers[partId];
        return Offer(stored.recipient, stored.expiry, _offerMakers[partId]);
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
}
