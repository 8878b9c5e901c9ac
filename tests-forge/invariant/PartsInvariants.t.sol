// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite, Cast} from "../utils/Suite.sol";
import {Model} from "../handlers/Model.sol";
import {HandlerBase} from "../handlers/HandlerBase.sol";
import {PartRegistryHandler} from "../handlers/PartRegistryHandler.sol";
import {PartRecordsHandler} from "../handlers/PartRecordsHandler.sol";
import {ParticipantRegistryHandler} from "../handlers/ParticipantRegistryHandler.sol";
import {PartData} from "../../contracts/libraries/PartData.sol";

/// @title PartsCampaign
/// @notice Random sequences of every call of the three contracts, by every kind of actor, with
/// statuses changing underneath (suspensions, offboarding, pauses, recalls, freezes). After
/// every call these rules must hold:
/// - parts are conserved: each registered part has one owner, balances add up to the parts,
///   installed parts (and only they) are held by the registry;
/// - a frozen, recalled or retired part, or anything inside such an assembly, never moves
///   except by forced transfer (frozen or suspect) or by removal from an assembly nothing
///   above is frozen or suspect in (a recalled part leaves a healthy assembly; parts are
///   salvaged from a retired one); nothing is installed into such an assembly, no frozen or
///   suspect part is retired by its owner or goes into custody, none returns to service;
/// - a suspended, offboarded or unregistered account does nothing: no transfer as sender,
///   operator or receiver, no registration, no record, no custody, no governance act;
/// - while the suite is paused, no part or record changes;
/// - an offer made by an approved operator dies with the approval;
/// - a regulator's recall stands until a regulator clears it;
/// - the holder of a lot handed on can claim every unclaimed serial of it;
/// - no contract of the suite holds ether;
/// - every part's stored assembly height is its real subtree height;
/// - every record write came from an account with a standing on the part.
abstract contract PartsCampaign is Suite {
    /// @dev Accounts the campaign can onboard that setUp did not (keys known, for signing).
    uint256 private constant PUPPETS = 3;

    Model internal model;
    PartRegistryHandler internal partsHandler;
    PartRecordsHandler internal recordsHandler;
    ParticipantRegistryHandler internal participantsHandler;

    function setUp() public {
        _deploySuite();
        model = new Model(participants, parts, records);
        for (uint256 i; i < Cast.COUNT; ++i) {
            model.addActor(vm.addr(Cast.key(i)), Cast.key(i));
        }
        for (uint256 i; i < PUPPETS; ++i) {
            model.addActor(vm.addr(0x9000 + i), 0x9000 + i);
        }
        partsHandler = new PartRegistryHandler(model);
        recordsHandler = new PartRecordsHandler(model);
        participantsHandler = new ParticipantRegistryHandler(model, address(0));
        _targetActions();
        // Something to work on from the first call: three parts, a batch of three, a lot of two
        // (caller seeds: even picks the first manufacturer, odd the second).
        partsHandler.registerPart(2, 1);
        partsHandler.registerPart(3, 1);
        partsHandler.registerPart(6, 1);
        partsHandler.registerBatch(7, 2);
        partsHandler.anchorLot(2);
    }

    /// @dev The handler functions the campaign calls.
    function _targetActions() internal virtual;

    function _target(HandlerBase handler, bytes4[] memory selectors) internal {
        targetContract(address(handler));
        targetSelector(FuzzSelector(address(handler), selectors));
    }

    function _partsAreConserved() internal view {
        uint256[] memory all = model.allParts();
        address[] memory holders = model.actors();
        uint256 installed;
        for (uint256 i; i < all.length; ++i) {
            address owner = parts.ownerOf(all[i]);
            bool isInstalled = parts.flagsOf(all[i]) & PartData.INSTALLED != 0;
            vm.assertTrue(owner != address(0), "a registered part has no owner");
            vm.assertEq(
                owner == address(parts), isInstalled, "installed parts, and only they, are held by the registry"
            );
            vm.assertEq(parts.parentOf(all[i]) != 0, isInstalled, "installed parts, and only they, have a parent");
            if (isInstalled) ++installed;
        }
        uint256 held = parts.balanceOf(address(parts));
        vm.assertEq(held, installed, "the registry's balance is its installed parts");
        for (uint256 i; i < holders.length; ++i) {
            held += parts.balanceOf(holders[i]);
        }
        vm.assertEq(held, all.length, "balances add up to the registered parts");
    }

    function _lockedPartsNeverMove() internal view {
        _assertNoViolation(Model.Rule.LockedPartMoved);
    }

    function _inactiveAccountsDoNothing() internal view {
        _assertNoViolation(Model.Rule.InactiveAccountActed);
    }

    function _pausedSuiteChangesNoPart() internal view {
        _assertNoViolation(Model.Rule.PausedSuiteChanged);
    }

    function _offersDieWithTheOperatorsApproval() internal view {
        _assertNoViolation(Model.Rule.OfferOutlivedApproval);
    }

    function _regulatorRecallsAreBinding() internal view {
        uint256[] memory all = model.allParts();
        for (uint256 i; i < all.length; ++i) {
            if (model.underRegulatorRecall(all[i], parts.verifyPart(all[i]).batchId)) {
                vm.assertTrue(
                    parts.isSuspect(all[i]),
                    string.concat("a regulator's recall was lifted by a non-regulator: part ", vm.toString(all[i]))
                );
            }
        }
    }

    function _lotHolderCanClaimEveryUnclaimedSerial() internal {
        if (participants.paused()) return;
        for (uint256 i; i < model.lotCount(); ++i) {
            Model.Lot memory l = model.lot(i);
            address holder = parts.lotHolder(l.manufacturer, l.lotId);
            if (holder == l.manufacturer || !participants.isActive(holder)) continue;
            for (uint256 s; s < 2; ++s) {
                if (l.claimed[s]) continue;
                (bool ok, bytes memory revertData) = partsHandler.probeClaim(i, s);
                if (!ok) {
                    vm.assertTrue(
                        false,
                        string.concat(
                            "the holder of lot ",
                            vm.toString(uint256(l.lotId)),
                            " cannot claim serial ",
                            vm.toString(l.serials[s]),
                            ": revert ",
                            vm.toString(revertData)
                        )
                    );
                }
            }
        }
    }

    /// @dev The height PartRegistry stores for every part (bits 80..87 of its
    /// PartData, read from Solady's ownership slot) is its real subtree height: 0 without
    /// children, else 1 + its tallest child's; never a high-water mark.
    function _heightsAreExact() internal view {
        uint256[] memory all = model.allParts();
        uint256 count = all.length;
        uint256[] memory parentIndex = new uint256[](count); // index + 1; 0: not installed
        for (uint256 i; i < count; ++i) {
            uint256 parent = parts.parentOf(all[i]);
            for (uint256 j; parent != 0 && j < count; ++j) {
                if (all[j] == parent) parentIndex[i] = j + 1;
            }
        }
        uint256[] memory real = new uint256[](count);
        for (uint256 round; round < count; ++round) {
            bool changed;
            for (uint256 i; i < count; ++i) {
                uint256 p = parentIndex[i];
                if (p != 0 && real[p - 1] < real[i] + 1) (real[p - 1], changed) = (real[i] + 1, true);
            }
            if (!changed) break;
        }
        for (uint256 i; i < count; ++i) {
            (uint256 flags, uint256 height) = _storedFlagsAndHeight(all[i]);
            vm.assertEq(flags, parts.flagsOf(all[i]), "test bug: not the part's ownership slot");
            vm.assertEq(
                height, real[i], string.concat("stored height is not the subtree height: part ", vm.toString(all[i]))
            );
        }
    }

    /// @dev The part's flags and height as stored (bits 0..15 and 80..87 of its PartData).
    function _storedFlagsAndHeight(uint256 partId) internal view returns (uint256 flags, uint256 height) {
        uint256 data = _ownershipWord(partId) >> 160;
        (flags, height) = (data & 0xFFFF, (data >> 80) & 0xFF);
    }

    /// @dev A part carries PartData.FLAGGED_BELOW exactly while a part installed below it (at any
    /// depth) is frozen or recalled on its own: the counts kept up the assembly match the tree.
    function _flaggedBelowIsExact() internal view {
        uint256[] memory all = model.allParts();
        uint256 count = all.length;
        bool[] memory real = new bool[](count);
        for (uint256 i; i < count; ++i) {
            if (parts.flagsOf(all[i]) & uint16(PartData.FLAGGED) == 0) continue;
            for (uint256 up = parts.parentOf(all[i]); up != 0; up = parts.parentOf(up)) {
                for (uint256 j; j < count; ++j) {
                    if (all[j] == up) real[j] = true;
                }
            }
        }
        for (uint256 i; i < count; ++i) {
            vm.assertEq(
                parts.flagsOf(all[i]) & uint16(PartData.FLAGGED_BELOW) != 0,
                real[i],
                string.concat("FLAGGED_BELOW does not match the tree: part ", vm.toString(all[i]))
            );
        }
    }

    function _recordsNeedAStanding() internal view {
        _assertNoViolation(Model.Rule.RecordWithoutStanding);
    }

    function _suiteHoldsNoEther() internal view {
        vm.assertEq(address(parts).balance, 0, "PartRegistry holds ether");
        vm.assertEq(address(records).balance, 0, "PartRecords holds ether");
        vm.assertEq(address(participants).balance, 0, "ParticipantRegistry holds ether");
    }

    /// @dev Every rule at once (the known-holes sequences end with it).
    function _allRulesHold() internal {
        _partsAreConserved();
        _lockedPartsNeverMove();
        _inactiveAccountsDoNothing();
        _pausedSuiteChangesNoPart();
        _offersDieWithTheOperatorsApproval();
        _regulatorRecallsAreBinding();
        _lotHolderCanClaimEveryUnclaimedSerial();
        _suiteHoldsNoEther();
        _heightsAreExact();
        _flaggedBelowIsExact();
        _recordsNeedAStanding();
    }

    function _assertNoViolation(Model.Rule rule) internal view {
        vm.assertEq(model.violations(rule), 0, model.firstViolation(rule));
    }
}

/// @title PartsInvariantTest
/// @notice Every action of the three handlers, every rule.
contract PartsInvariantTest is PartsCampaign {
    function _targetActions() internal override {
        _target(partsHandler, partsHandler.actions());
        _target(recordsHandler, recordsHandler.actions());
        _target(participantsHandler, participantsHandler.actions());
    }

    function invariant_partsAreConserved() external view {
        _partsAreConserved();
    }

    function invariant_lockedPartsNeverMove() external view {
        _lockedPartsNeverMove();
    }

    function invariant_inactiveAccountsDoNothing() external view {
        _inactiveAccountsDoNothing();
    }

    function invariant_pausedSuiteChangesNoPart() external view {
        _pausedSuiteChangesNoPart();
    }

    function invariant_offersDieWithTheOperatorsApproval() external view {
        _offersDieWithTheOperatorsApproval();
    }

    function invariant_regulatorRecallsAreBinding() external view {
        _regulatorRecallsAreBinding();
    }

    function invariant_lotHolderCanClaimEveryUnclaimedSerial() external {
        _lotHolderCanClaimEveryUnclaimedSerial();
    }

    function invariant_suiteHoldsNoEther() external view {
        _suiteHoldsNoEther();
    }

    function invariant_heightsAreExact() external view {
        _heightsAreExact();
    }

    function invariant_flaggedBelowIsExact() external view {
        _flaggedBelowIsExact();
    }

    function invariant_recordsNeedAStanding() external view {
        _recordsNeedAStanding();
    }
}

/// @title OperatorInvariantTest
/// @notice A narrower campaign for operators: approvals, every transfer path
/// and offers, while the approved accounts are suspended, offboarded, onboarded again. With a
/// dozen actions instead of forty, the three-step sequences (approve, change the operator's
/// standing, move) come up in most runs.
contract OperatorInvariantTest is PartsCampaign {
    function _targetActions() internal override {
        bytes4[] memory partActions = new bytes4[](8);
        partActions[0] = partsHandler.registerPart.selector;
        partActions[1] = partsHandler.transfer.selector;
        partActions[2] = partsHandler.approve.selector;
        partActions[3] = partsHandler.setApprovalForAll.selector;
        partActions[4] = partsHandler.offerPart.selector;
        partActions[5] = partsHandler.acceptPart.selector;
        partActions[6] = partsHandler.cancelOffer.selector;
        partActions[7] = partsHandler.transferBySignature.selector;
        _target(partsHandler, partActions);
        bytes4[] memory statusActions = new bytes4[](4);
        statusActions[0] = participantsHandler.suspend.selector;
        statusActions[1] = participantsHandler.reinstate.selector;
        statusActions[2] = participantsHandler.offboard.selector;
        statusActions[3] = participantsHandler.onboard.selector;
        _target(participantsHandler, statusActions);
    }

    function invariant_inactiveAccountsDoNothing() external view {
        _inactiveAccountsDoNothing();
    }

    function invariant_offersDieWithTheOperatorsApproval() external view {
        _offersDieWithTheOperatorsApproval();
    }
}
