// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Suite} from "../utils/Suite.sol";
import {IPartRecords} from "../../contracts/interfaces/IPartRecords.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";

/// @title PartRecordsTest
/// @notice Every guard of PartRecords. Writes come from accounts with a standing on the part (its
/// manufacturer, its holder, a repair station holding it); which repair stations may write on a part
/// they do not hold is tested in regression/KnownHoles.t.sol (records standing).
contract PartRecordsTest is Suite {
    uint256 internal part;
    bytes32 internal constant CERT = keccak256("EASA Form 1 #1");
    bytes32 internal constant CERT2 = keccak256("EASA Form 1 #2");

    function setUp() public {
        _deploySuite();
        part = _register(maker, "SN-1");
    }

    // ---------------------------------------------------------------- certificates

    function test_certificates_chain_and_nothing_is_overwritten() external {
        vm.prank(maker);
        records.attachCertificate(part, CERT, 0);
        vm.assertEq(records.currentCertificate(part), CERT, "current");
        vm.prank(maker);
        records.attachCertificate(part, CERT2, CERT);
        vm.assertTrue(records.isCurrentCertificate(part, CERT2), "superseded by the new one");
        vm.assertFalse(records.isCurrentCertificate(part, CERT), "the old one is not current");
        vm.assertFalse(records.isCurrentCertificate(part, 0), "zero is never current");
        IPartRecords.Certificate memory old = records.certificate(part, CERT);
        vm.assertEq(old.issuer, maker, "old certificate kept");
        vm.assertEq(records.certificate(part, CERT2).previous, CERT, "chained");
    }

    function test_certificate_guards() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, alice));
        records.attachCertificate(part, CERT, 0);
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.EmptyCertificate.selector, part));
        records.attachCertificate(part, 0, 0);
        records.attachCertificate(part, CERT, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.CertificateExists.selector, part, CERT));
        records.attachCertificate(part, CERT, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.StaleCertificate.selector, part, CERT, bytes32(0)));
        records.attachCertificate(part, CERT2, 0);
        vm.stopPrank();
    }

    function test_a_retired_part_takes_no_certificate_and_no_usage() external {
        vm.startPrank(maker);
        parts.retirePart(part, REASON);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.PartRetired.selector, part));
        records.attachCertificate(part, CERT, 0);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.PartRetired.selector, part));
        records.recordUsage(part, 1, 1);
        vm.stopPrank();
    }

    function test_records_refuse_unknown_parts_and_inactive_callers() external {
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.PartNotFound.selector, 9));
        records.attachCertificate(9, CERT, 0);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantNotRegistered.selector, outsider));
        records.recordUsage(part, 1, 1);
        vm.prank(regulator);
        participants.suspend(maker, REASON);
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IParticipantRegistry.ParticipantSuspended.selector, maker));
        records.attachCertificate(part, CERT, 0);
    }

    // ---------------------------------------------------------------- lifecycle events

    function test_events_are_numbered_and_corrections_name_an_earlier_one() external {
        vm.warp(1000);
        vm.startPrank(maker);
        uint256 first = _event(IPartRecords.BizStep.Commissioning, 0, 0);
        vm.assertEq(first, 1, "first");
        vm.assertEq(_event(IPartRecords.BizStep.Shipping, 900, 1), 2, "a correction");
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.UnknownEvent.selector, part, 3));
        _event(IPartRecords.BizStep.Shipping, 0, 3);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.EventTimeInFuture.selector, uint64(1001), 1000));
        _event(IPartRecords.BizStep.Shipping, 1001, 0);
        vm.stopPrank();
        vm.assertEq(records.eventCount(part), 2, "count");
    }

    function test_who_may_record_which_step() external {
        _give(part, alice);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, alice));
        _event(IPartRecords.BizStep.Commissioning, 0, 0);
        _event(IPartRecords.BizStep.Receiving, 0, 0); // the holder
        parts.assignCustody(part, bob);
        vm.stopPrank();
        vm.prank(bob);
        _event(IPartRecords.BizStep.Storing, 0, 0); // the custodian
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, station));
        _event(IPartRecords.BizStep.Shipping, 0, 0); // a station that does not hold the part ships nothing
        vm.prank(maker2);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, maker2));
        _event(IPartRecords.BizStep.Receiving, 0, 0);
    }

    // ---------------------------------------------------------------- life limits and usage

    function test_life_limit_is_set_once_by_the_manufacturer() external {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, alice));
        records.setLifeLimit(part, 100, 0);
        vm.startPrank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.InvalidLifeLimit.selector, part));
        records.setLifeLimit(part, 0, 0);
        records.setLifeLimit(part, 0, 500);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitAlreadySet.selector, part));
        records.setLifeLimit(part, 100, 0);
        vm.stopPrank();
        vm.assertEq(records.lifeOf(part).hourLimit, 500, "hour limit");
    }

    function test_the_holder_records_usage_until_the_limit() external {
        vm.startPrank(maker);
        records.setLifeLimit(part, 0, 10);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.EmptyUsage.selector, part));
        records.recordUsage(part, 0, 0);
        records.recordUsage(part, 3, 4);
        records.checkServiceable(part);
        records.recordUsage(part, 0, 6);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, part, 3, 0, 10, 10));
        records.checkServiceable(part);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, alice));
        records.recordUsage(part, 1, 0);
    }

    // ---------------------------------------------------------------- maintenance

    function test_a_repair_station_holding_the_part_records_maintenance() external {
        _give(part, station);
        vm.prank(station);
        vm.assertEq(records.recordMaintenance(part, keccak256("WO-1"), true), 1, "first work order");
        vm.assertEq(records.maintenanceCount(part), 1, "count");
    }

    function test_maintenance_guards() external {
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, station));
        records.recordMaintenance(part, keccak256("WO-1"), false); // does not hold it
        vm.prank(maker);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.NotAuthorized.selector, part, maker));
        records.recordMaintenance(part, keccak256("WO-1"), false); // holds it, not a station
        vm.prank(maker);
        records.setLifeLimit(part, 5, 0);
        vm.prank(maker);
        records.recordUsage(part, 5, 0);
        _give(part, station);
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, part, 5, 5, 0, 0));
        records.recordMaintenance(part, keccak256("WO-1"), true);
    }

    function test_no_return_to_service_for_a_recalled_or_retired_part() external {
        uint256 other = _register(maker, "SN-2");
        _give(part, station);
        _give(other, station);
        vm.prank(maker);
        parts.recallPart(part, REASON);
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.PartSuspect.selector, part));
        records.recordMaintenance(part, keccak256("WO-1"), true);
        vm.prank(station);
        parts.retirePart(other, REASON);
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.PartRetired.selector, other));
        records.recordMaintenance(other, keccak256("WO-2"), true);
    }

    function test_no_return_to_service_inside_an_assembly_past_its_life_limit() external {
        uint256 engine = _register(maker, "ENGINE");
        vm.startPrank(maker);
        parts.installPart(part, engine);
        records.setLifeLimit(engine, 100, 0);
        records.recordUsage(engine, 100, 0);
        vm.stopPrank();
        _give(engine, station);
        vm.prank(station);
        vm.expectRevert(abi.encodeWithSelector(IPartRecords.LifeLimitExceeded.selector, engine, 100, 100, 0, 0));
        records.recordMaintenance(part, keccak256("WO-1"), true);
        vm.prank(station);
        records.recordMaintenance(part, keccak256("WO-1"), false); // work without a release is a fact
        vm.prank(station);
        parts.removePart(part); // harvested from the expired engine, it may be released
        vm.prank(station);
        vm.assertEq(records.recordMaintenance(part, keccak256("WO-2"), true), 2, "released");
    }

    // ---------------------------------------------------------------- helpers

    function _event(IPartRecords.BizStep step, uint64 eventTime, uint256 corrects) private returns (uint256) {
        return records.recordEvent(
            part, step, IPartRecords.Disposition.Active, bytes32("GLN"), bytes32(0), eventTime, corrects
        );
    }

    function _give(uint256 partId, address to) private {
        address owner = parts.ownerOf(partId);
        vm.prank(owner);
        parts.transferFrom(owner, to, partId);
    }
}
