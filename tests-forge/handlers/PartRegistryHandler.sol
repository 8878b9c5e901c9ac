// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HandlerBase} from "./HandlerBase.sol";
import {Orders} from "../utils/Orders.sol";
import {Model} from "./Model.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Roles} from "../../contracts/libraries/Roles.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";

/// @title PartRegistryHandler
/// @notice Every call an invariant campaign makes to PartRegistry, and only here: registration,
/// lots, every transfer path, offers, signed orders, forced transfers, assembly, custody,
/// recalls, freezes, retirement, ether sent along. When PartRegistry's API changes (lot-scoped
/// ids, the signed struct naming the owner, ...), this is the file to adapt.
/// @dev Every argument is computed before `vm.prank` (the prank applies to the very next call,
/// which must be the call under test). Each function picks its arguments from seeds (most often someone entitled to act, the
/// rest of the time anyone), tells the model who acts, calls, and reports a success.
contract PartRegistryHandler is HandlerBase {
    bytes32 internal constant PN = bytes32("CFM56-BLADE");
    bytes32 internal constant LOT_PN = bytes32("NAS1149-WASHER");

    uint256 private _serials;

    constructor(Model model_) HandlerBase(model_) {}

    /// @inheritdoc HandlerBase
    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](29);
        list[0] = this.registerPart.selector;
        list[1] = this.registerBatch.selector;
        list[2] = this.anchorLot.selector;
        list[3] = this.claimLotPart.selector;
        list[4] = this.transferLot.selector;
        list[5] = this.transfer.selector;
        list[6] = this.approve.selector;
        list[7] = this.setApprovalForAll.selector;
        list[8] = this.offerPart.selector;
        list[9] = this.acceptPart.selector;
        list[10] = this.declinePart.selector;
        list[11] = this.cancelOffer.selector;
        list[12] = this.transferBySignature.selector;
        list[13] = this.useNonce.selector;
        list[14] = this.forcedTransfer.selector;
        list[15] = this.installPart.selector;
        list[16] = this.removePart.selector;
        list[17] = this.assignCustody.selector;
        list[18] = this.releaseCustody.selector;
        list[19] = this.recallPart.selector;
        list[20] = this.clearPart.selector;
        list[21] = this.recallBatch.selector;
        list[22] = this.clearBatch.selector;
        list[23] = this.freezePart.selector;
        list[24] = this.unfreezePart.selector;
        list[25] = this.retirePart.selector;
        list[26] = this.sendEther.selector;
        list[27] = this.skipTime.selector;
        list[28] = this.installParts.selector;
    }

    // ================================================================ registration and lots

    /// @notice A manufacturer registers one part. One time in four the serial is one of an
    /// anchored lot's (under the lot's part number): a lot serial must become a part only
    /// through the lot's holder.
    function registerPart(uint256 callerSeed, uint256 serialSeed) external {
        if (model.partCount() >= model.MAX_PARTS()) return;
        address caller = _mostly(_maker(callerSeed), callerSeed >> 1);
        (bytes32 partNumber, bytes32 serial) = (PN, bytes32(++_serials));
        if (serialSeed % 4 == 0 && model.lotCount() != 0) {
            Model.Lot memory l = model.lot((serialSeed >> 2) % model.lotCount());
            (partNumber, serial) = (l.partNumber, l.serials[(serialSeed >> 8) % 2]);
        }
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.registerPart(partNumber, serial, bytes32(0)) returns (uint256 partId) {
            model.afterCall(Model.Action.Other, partId, 0, true, "registerPart");
            model.addPart(partId);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A manufacturer registers a batch of 1 to 3 serials.
    function registerBatch(uint256 callerSeed, uint256 sizeSeed) external {
        uint256 size = 1 + sizeSeed % 3;
        if (model.partCount() + size > model.MAX_PARTS()) return;
        address caller = _mostly(_maker(callerSeed), callerSeed >> 1);
        bytes32[] memory serials = new bytes32[](size);
        for (uint256 i; i < size; ++i) {
            serials[i] = bytes32(++_serials);
        }
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.registerBatch(PN, serials, bytes32(0)) returns (uint32 batchId) {
            model.afterCall(Model.Action.Other, 0, 0, true, "registerBatch");
            model.addBatch(caller, batchId);
            for (uint256 i; i < size; ++i) {
                model.addPart(parts.partIdOf(caller, PN, serials[i]));
            }
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A manufacturer anchors a lot of two serials.
    function anchorLot(uint256 callerSeed) external {
        if (model.lotCount() >= 6) return;
        address caller = _mostly(_maker(callerSeed), callerSeed >> 1);
        bytes32[2] memory serials = [bytes32(++_serials), bytes32(++_serials)];
        bytes32 root = Orders.hashPair(Orders.leaf(LOT_PN, serials[0]), Orders.leaf(LOT_PN, serials[1]));
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.anchorLot(LOT_PN, bytes32(_serials), root, 2, bytes32(0)) returns (uint32 lotId) {
            model.afterCall(Model.Action.Other, 0, 0, true, "anchorLot");
            model.addLot(caller, lotId, LOT_PN, serials);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The lot's holder (mostly) claims one of its serials.
    function claimLotPart(uint256 lotSeed, uint256 serialSeed, uint256 callerSeed) external {
        if (model.lotCount() == 0 || model.partCount() >= model.MAX_PARTS()) return;
        uint256 index = lotSeed % model.lotCount();
        Model.Lot memory l = model.lot(index);
        uint256 which = serialSeed % 2;
        address caller = _mostly(parts.lotHolder(l.manufacturer, l.lotId), callerSeed);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = Orders.leaf(l.partNumber, l.serials[1 - which]);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.claimLotPart(l.manufacturer, l.lotId, l.partNumber, l.serials[which], proof) returns (
            uint256 partId
        ) {
            model.afterCall(Model.Action.Other, partId, 0, true, "claimLotPart");
            model.addPart(partId);
            model.markClaimed(index, which);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The lot's holder (mostly) hands the lot on.
    function transferLot(uint256 lotSeed, uint256 toSeed, uint256 callerSeed) external {
        if (model.lotCount() == 0) return;
        Model.Lot memory l = model.lot(lotSeed % model.lotCount());
        address caller = _mostly(parts.lotHolder(l.manufacturer, l.lotId), callerSeed);
        address to = _actor(toSeed);
        model.beforeCall(_list(caller, to));
        vm.prank(caller);
        try parts.transferLot(l.manufacturer, l.lotId, to) {
            model.afterCall(Model.Action.Other, 0, 0, true, "transferLot");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ ERC-721 paths

    /// @notice transferFrom / safeTransferFrom (with and without data) by the owner, an approved
    /// account or anyone; one time in four with ether attached (Solady's functions are payable).
    function transfer(uint256 partSeed, uint256 toSeed, uint256 callerSeed, uint8 kind, uint256 valueSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address from = parts.ownerOf(partId);
        address caller = _operatorOrOwner(partId, from, callerSeed);
        address to = _receiver(toSeed);
        uint256 value = _value(valueSeed);
        vm.deal(caller, value);
        model.beforeCall(_list(caller, from, to));
        vm.prank(caller);
        if (kind % 3 == 0) {
            try parts.transferFrom{value: value}(from, to, partId) {}
            catch (bytes memory reason) {
                _refused(reason);
            }
        } else if (kind % 3 == 1) {
            try parts.safeTransferFrom{value: value}(from, to, partId) {}
            catch (bytes memory reason) {
                _refused(reason);
            }
        } else {
            try parts.safeTransferFrom{value: value}(from, to, partId, "data") {}
            catch (bytes memory reason) {
                _refused(reason);
            }
        }
        model.afterCall(Model.Action.Move, partId, 0, true, "transferFrom");
    }

    /// @notice The owner (mostly) approves an account for one part; ether sometimes attached.
    /// Approvals move nothing: the README lets suspended accounts make them.
    function approve(uint256 partSeed, uint256 operatorSeed, uint256 callerSeed, uint256 valueSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.ownerOf(partId), callerSeed);
        address operator = _actor(operatorSeed);
        uint256 value = _value(valueSeed);
        vm.deal(caller, value);
        vm.prank(caller);
        try parts.approve{value: value}(operator, partId) {}
        catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice An account (mostly one holding parts) approves or revokes an operator for all its parts.
    function setApprovalForAll(uint256 callerSeed, uint256 operatorSeed, bool approved) external {
        address caller =
            _hasParts() ? _mostly(parts.ownerOf(model.part(callerSeed)), callerSeed >> 8) : _actor(callerSeed);
        address operator = _actor(operatorSeed);
        vm.prank(caller);
        try parts.setApprovalForAll(operator, approved) {}
        catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ two-step handover

    /// @notice The owner or an approved account (mostly) offers a part.
    function offerPart(uint256 partSeed, uint256 toSeed, uint256 callerSeed, uint256 expirySeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address owner = parts.ownerOf(partId);
        address caller = _operatorOrOwner(partId, owner, callerSeed);
        address to = _receiver(toSeed);
        uint64 expiry = expirySeed % 2 == 0 ? 0 : uint64(block.timestamp + 1 + expirySeed % 3 days);
        model.beforeCall(_list(caller, owner, to));
        vm.prank(caller);
        try parts.offerPart(partId, to, expiry) {
            model.afterCall(Model.Action.Other, partId, 0, true, "offerPart");
            model.setOfferMaker(partId, caller);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The recipient (mostly) accepts an open offer. The parties include who made the
    /// offer: an operator's offer must not outlive its approval or its standing.
    function acceptPart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _partWith(partSeed, PartData.HAS_OFFER);
        address caller = _mostly(parts.offerOf(partId).recipient, callerSeed);
        address owner = parts.ownerOf(partId);
        address maker = model.offerMaker(partId);
        bool byOperator = maker != owner && maker != address(0);
        bool makerMayStillAct =
            !byOperator || parts.getApproved(partId) == maker || parts.isApprovedForAll(owner, maker);
        model.beforeCall(byOperator ? _list(caller, owner, maker) : _list(caller, owner));
        vm.prank(caller);
        try parts.acceptPart(partId) {
            model.afterCall(Model.Action.Move, partId, 0, true, "acceptPart");
            if (!makerMayStillAct) {
                model.report(
                    Model.Rule.OfferOutlivedApproval,
                    string.concat(
                        "acceptPart: an offer made by operator ", vm.toString(maker), " after its approval ended"
                    )
                );
            }
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The recipient (mostly) declines an open offer.
    function declinePart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _partWith(partSeed, PartData.HAS_OFFER);
        address caller = _mostly(parts.offerOf(partId).recipient, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.declinePart(partId) {
            model.afterCall(Model.Action.Other, partId, 0, true, "declinePart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The owner (mostly) withdraws an open offer.
    function cancelOffer(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _partWith(partSeed, PartData.HAS_OFFER);
        address caller = _mostly(parts.ownerOf(partId), callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.cancelOffer(partId) {
            model.afterCall(Model.Action.Other, partId, 0, true, "cancelOffer");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ signed orders

    /// @notice A relayer submits an order the owner signed (its current nonce, mostly).
    function transferBySignature(uint256 partSeed, uint256 toSeed, uint256 relayerSeed, uint256 nonceSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address owner = parts.ownerOf(partId);
        uint256 key = model.keyOf(owner);
        if (key == 0) return; // held by the registry (installed): nobody can sign for it
        address to = _receiver(toSeed);
        uint256 nonce = parts.nonces(owner) + (nonceSeed % 8 == 0 ? 1 : 0);
        uint256 deadline = block.timestamp + 1 hours;
        bytes memory signature = Orders.sign(parts, key, partId, owner, to, nonce, deadline);
        address relayer = _actor(relayerSeed);
        model.beforeCall(_list(owner, to));
        vm.prank(relayer);
        try parts.transferBySignature(partId, to, nonce, deadline, signature) {
            model.afterCall(Model.Action.Move, partId, 0, true, "transferBySignature");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice An account burns its current signing nonce (open to anyone: it moves nothing).
    function useNonce(uint256 callerSeed) external {
        vm.prank(_actor(callerSeed));
        try parts.useNonce() {}
        catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ forced transfer

    /// @notice An enforcer (mostly) moves a part under a court order.
    function forcedTransfer(uint256 partSeed, uint256 toSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(model.actor(3), callerSeed); // 3: the enforcer (Cast)
        address to = _receiver(toSeed);
        model.beforeCall(_list(caller, to));
        vm.prank(caller);
        try parts.forcedTransfer(partId, to, REASON) {
            model.afterCall(Model.Action.Forced, partId, 0, true, "forcedTransfer");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ assembly

    /// @notice The owner (mostly) installs a part into an assembly whose root it owns.
    function installPart(uint256 childSeed, uint256 parentSeed, uint256 callerSeed) external {
        if (model.partCount() < 2) return;
        uint256 child = model.part(childSeed);
        address owner = parts.ownerOf(child);
        uint256 parent = _sameRootOwner(child, owner, parentSeed);
        address caller = _mostly(owner, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.installPart(child, parent) {
            model.afterCall(Model.Action.Install, child, parent, true, "installPart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The owner (mostly) installs one to four parts in one batch into an assembly whose
    /// root it owns: the first child as {installPart} picks it, the others mostly among the
    /// owner's parts (now and then a part listed twice, one installed already or someone else's).
    function installParts(uint256 childSeed, uint256 parentSeed, uint256 callerSeed, uint256 sizeSeed) external {
        if (model.partCount() < 2) return;
        uint256[] memory children = new uint256[](1 + sizeSeed % 4);
        children[0] = model.part(childSeed);
        address owner = parts.ownerOf(children[0]);
        for (uint256 i = 1; i < children.length; ++i) {
            children[i] = _ownedBy(owner, sizeSeed >> (8 * i));
        }
        uint256 parent = _sameRootOwner(children[0], owner, parentSeed);
        address caller = _mostly(owner, callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.installParts(children, parent) {
            model.afterCall(Model.Action.Install, children[0], parent, true, "installParts");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The root's owner (mostly) removes an installed part.
    function removePart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 child = _partWith(partSeed, PartData.INSTALLED);
        address caller = _mostly(parts.rootOwnerOf(child), callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.removePart(child) {
            model.afterCall(Model.Action.Remove, child, 0, true, "removePart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ custody

    /// @notice The owner (mostly) hands custody to another account.
    function assignCustody(uint256 partSeed, uint256 custodianSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.ownerOf(partId), callerSeed);
        address custodian = _actor(custodianSeed);
        model.beforeCall(_list(caller, custodian));
        vm.prank(caller);
        try parts.assignCustody(partId, custodian) {
            model.afterCall(Model.Action.Custody, partId, 0, true, "assignCustody");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The custodian or the owner (mostly) ends custody.
    function releaseCustody(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _partWith(partSeed, PartData.HAS_CUSTODIAN);
        address preferred = callerSeed % 2 == 0 ? parts.custodianOf(partId) : parts.ownerOf(partId);
        address caller = _mostly(preferred, callerSeed >> 1);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.releaseCustody(partId) {
            model.afterCall(Model.Action.Custody, partId, 0, true, "releaseCustody");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ recall, freeze, retire

    /// @notice The part's manufacturer or a regulator (mostly) recalls a part.
    function recallPart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _makerOrRegulator(partId, callerSeed);
        bool byRegulator = _isRegulator(caller);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.recallPart(partId, REASON) {
            model.afterCall(Model.Action.Other, partId, 0, false, "recallPart"); // restricts: allowed while paused
            if (byRegulator) model.noteRegulatorRecall(partId);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The part's manufacturer or a regulator (mostly) clears a part.
    function clearPart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _suspectPart(partSeed);
        address caller = _makerOrRegulator(partId, callerSeed);
        bool byRegulator = _isRegulator(caller);
        uint32 batchId = parts.verifyPart(partId).batchId;
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.clearPart(partId, REASON) {
            model.afterCall(Model.Action.Other, partId, 0, true, "clearPart");
            if (byRegulator) model.noteRegulatorClear(partId, batchId);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The batch's manufacturer or a regulator (mostly) recalls a batch or lot.
    function recallBatch(uint256 batchSeed, uint256 callerSeed) external {
        if (model.batchCount() == 0) return;
        Model.Batch memory b = model.batch(batchSeed);
        address caller = _mostly(callerSeed % 2 == 0 ? b.manufacturer : _regulator(callerSeed), callerSeed >> 1);
        bool byRegulator = _isRegulator(caller);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.recallBatch(b.manufacturer, b.batchId, REASON) {
            model.afterCall(Model.Action.Other, 0, 0, false, "recallBatch"); // restricts: allowed while paused
            if (byRegulator) model.noteRegulatorBatchRecall(b.batchId);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The batch's manufacturer or a regulator (mostly) lifts a batch recall.
    function clearBatch(uint256 batchSeed, uint256 callerSeed) external {
        if (model.batchCount() == 0) return;
        Model.Batch memory b = model.batch(batchSeed);
        address caller = _mostly(callerSeed % 2 == 0 ? b.manufacturer : _regulator(callerSeed), callerSeed >> 1);
        bool byRegulator = _isRegulator(caller);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.clearBatch(b.manufacturer, b.batchId, REASON) {
            model.afterCall(Model.Action.Other, 0, 0, true, "clearBatch");
            if (byRegulator) model.noteRegulatorBatchClear(b.batchId);
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A regulator (mostly) freezes a part.
    function freezePart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(_regulator(callerSeed), callerSeed >> 1);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.freezePart(partId, REASON) {
            model.afterCall(Model.Action.Other, partId, 0, false, "freezePart"); // restricts: allowed while paused
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice A regulator (mostly) unfreezes a part.
    function unfreezePart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = _partWith(partSeed, PartData.FROZEN);
        address caller = _mostly(_regulator(callerSeed), callerSeed >> 1);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.unfreezePart(partId, REASON) {
            model.afterCall(Model.Action.Other, partId, 0, true, "unfreezePart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    /// @notice The owner (mostly) retires a part.
    function retirePart(uint256 partSeed, uint256 callerSeed) external {
        if (!_hasParts()) return;
        uint256 partId = model.part(partSeed);
        address caller = _mostly(parts.ownerOf(partId), callerSeed);
        model.beforeCall(_list(caller));
        vm.prank(caller);
        try parts.retirePart(partId, REASON) {
            model.afterCall(Model.Action.Retire, partId, 0, true, "retirePart");
        } catch (bytes memory reason) {
            _refused(reason);
        }
    }

    // ================================================================ ether, time

    /// @notice Plain ether sent to the registry (it has no receive function).
    function sendEther(uint256 callerSeed, uint256 valueSeed) external {
        address caller = _actor(callerSeed);
        uint256 value = 1 + valueSeed % 1 ether;
        vm.deal(caller, value);
        vm.prank(caller);
        (bool ok, bytes memory reason) = address(parts).call{value: value}("");
        if (!ok) _refused(reason);
    }

    /// @notice Time passes (offers and signed orders expire).
    function skipTime(uint256 secondsSeed) external {
        vm.warp(block.timestamp + 1 + secondsSeed % 2 days);
    }

    // ================================================================ probes (not actions)

    /// @notice Whether the holder of lot `lotIndex` can claim serial `serialIndex` now: the
    /// claim is made and undone (state snapshot). Returns the revert data when it fails.
    function probeClaim(uint256 lotIndex, uint256 serialIndex) external returns (bool ok, bytes memory revertData) {
        Model.Lot memory l = model.lot(lotIndex);
        address holder = parts.lotHolder(l.manufacturer, l.lotId);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = Orders.leaf(l.partNumber, l.serials[1 - serialIndex]);
        uint256 snapshot = vm.snapshotState();
        vm.prank(holder);
        try parts.claimLotPart(l.manufacturer, l.lotId, l.partNumber, l.serials[serialIndex], proof) {
            ok = true;
        } catch (bytes memory data) {
            revertData = data;
        }
        vm.revertToState(snapshot);
    }

    // ================================================================ helpers

    /// @dev Mostly an actor; one time in sixteen the registry itself (never a valid receiver).
    function _receiver(uint256 seed) private view returns (address) {
        return seed % 16 == 0 ? address(parts) : _actor(seed >> 4);
    }

    /// @dev No ether three times in four; else up to 1 ether.
    function _value(uint256 seed) private pure returns (uint256) {
        return seed % 4 == 0 ? 1 + (seed >> 2) % 1 ether : 0;
    }

    /// @dev The owner, the account approved for the part, an operator of the owner, or anyone.
    function _operatorOrOwner(uint256 partId, address owner, uint256 seed) private view returns (address) {
        if (seed % 4 == 1) {
            address approved = parts.getApproved(partId);
            if (approved != address(0)) return approved;
        }
        if (seed % 4 == 2) {
            uint256 count = model.actorCount();
            for (uint256 i; i < count; ++i) {
                address operator = model.actor((seed >> 2) + i);
                if (parts.isApprovedForAll(owner, operator)) return operator;
            }
        }
        // An installed part's owner is the registry itself, which never calls its own ERC-721
        // functions: a prank of it would only test what no account can do. Another actor tries.
        if (owner == address(parts)) return model.actor(seed >> 2);
        return _mostly(owner, seed >> 2);
    }

    function _maker(uint256 seed) private view returns (address) {
        return model.actor(seed % 2 == 0 ? 4 : 5); // 4, 5: the manufacturers (Cast)
    }

    function _regulator(uint256 seed) private view returns (address) {
        return model.actor(seed % 2 == 0 ? 1 : 2); // 1, 2: the regulators (Cast)
    }

    function _makerOrRegulator(uint256 partId, uint256 seed) private view returns (address) {
        address preferred = seed % 2 == 0 ? parts.verifyPart(partId).manufacturer : _regulator(seed >> 1);
        return _mostly(preferred, seed >> 2);
    }

    function _isRegulator(address account) private view returns (bool) {
        return IAccessControl(address(participants)).hasRole(Roles.REGULATOR, account);
    }

    /// @dev A part whose root `owner` also owns (so an install may succeed), or any part.
    function _sameRootOwner(uint256 child, address owner, uint256 seed) private view returns (uint256) {
        uint256[] memory all = model.allParts();
        uint256[] memory candidates = new uint256[](all.length);
        uint256 count;
        for (uint256 i; i < all.length; ++i) {
            if (all[i] != child && parts.rootOwnerOf(all[i]) == owner) candidates[count++] = all[i];
        }
        if (count == 0 || seed % 8 == 0) return all[(seed >> 3) % all.length];
        return candidates[(seed >> 3) % count];
    }

    /// @dev A part `owner` holds, if there is one, or (one time in eight, or when none) any part.
    function _ownedBy(address owner, uint256 seed) private view returns (uint256) {
        uint256[] memory all = model.allParts();
        if (seed % 8 != 0) {
            for (uint256 i; i < all.length; ++i) {
                uint256 id = all[((seed >> 3) % all.length + i) % all.length];
                if (parts.ownerOf(id) == owner) return id;
            }
        }
        return all[(seed >> 3) % all.length];
    }

    /// @dev A part with any of `flags` set, if there is one (else any part): actions that
    /// need a part in some state (an open offer, a custodian, a freeze, installed) look for one.
    function _partWith(uint256 seed, uint96 flags) private view returns (uint256) {
        uint256[] memory all = model.allParts();
        for (uint256 i; i < all.length; ++i) {
            uint256 id = all[(seed % all.length + i) % all.length];
            if (parts.flagsOf(id) & flags != 0) return id;
        }
        return all[seed % all.length];
    }

    /// @dev A suspect part (recalled on its own or through its batch), if any (else any part).
    function _suspectPart(uint256 seed) private view returns (uint256) {
        uint256[] memory all = model.allParts();
        for (uint256 i; i < all.length; ++i) {
            uint256 id = all[(seed % all.length + i) % all.length];
            if (parts.isSuspect(id)) return id;
        }
        return all[seed % all.length];
    }
}
