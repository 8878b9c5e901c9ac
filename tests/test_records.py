"""PartRecords: certificate chains, EPCIS lifecycle events, life limits, usage and maintenance."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain, web3

from helpers import SB, ZERO32, b32, err, register_part

CERT1 = web3.keccak(text="FAA 8130-3 #1")
CERT2 = web3.keccak(text="EASA Form 1 #2")
CERT3 = web3.keccak(text="FAA 8130-3 #3")
DOC = web3.keccak(text="packing list 55")
WORK_ORDER = web3.keccak(text="work order WO-881")
HAM = b32("EDDH")  # a location

# IPartRecords.BizStep
(COMMISSIONING, SHIPPING, RECEIVING, STORING, INSPECTING, REPAIRING, INSTALLING, REMOVING, DECOMMISSIONING) = range(9)
# IPartRecords.Disposition
ACTIVE, IN_TRANSIT, IN_PROGRESS, SERVICEABLE, UNSERVICEABLE = range(5)


# Module-scoped: registered once, before the snapshot every test starts from.
@pytest.fixture(scope="module")
def part(parts, maker):
    """A part its manufacturer still holds."""
    return register_part(parts, maker, "SN-REC")


@pytest.fixture(scope="module")
def sold(parts, maker, airline):
    """Another part, sold to the airline."""
    sold = register_part(parts, maker, "SN-SOLD")
    parts.transferFrom(maker, airline, sold, {"from": maker})
    return sold


def record(records, part, step, by, disposition=ACTIVE, event_time=0, corrects=0, location=HAM, doc=DOC):
    return records.recordEvent(part, step, disposition, location, doc, event_time, corrects, {"from": by})


# ------------------------------------------------------------------ certificates


def test_the_first_certificate_names_no_predecessor(records, maker, part):
    # before it, the part has no current certificate (and zero is never "current")
    assert bytes(records.currentCertificate(part)) == ZERO32
    assert records.isCurrentCertificate(part, ZERO32) is False
    assert records.certificate(part, CERT1)["issuer"] == ZERO_ADDRESS

    tx = records.attachCertificate(part, CERT1, ZERO32, {"from": maker})
    event = tx.events["CertificateAttached"]
    assert event["partId"] == part
    assert bytes(event["certHash"]) == bytes(CERT1)
    assert bytes(event["previous"]) == ZERO32
    assert event["issuer"] == maker
    assert bytes(records.currentCertificate(part)) == bytes(CERT1)
    assert records.isCurrentCertificate(part, CERT1) is True
    cert = records.certificate(part, CERT1)
    assert (bytes(cert["previous"]), cert["issuer"], cert["issuedAt"]) == (ZERO32, maker, tx.timestamp)


def test_a_re_certification_supersedes_the_current_certificate(records, maker, airline, mro, sold):
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    records.authoriseStation(sold, mro, {"from": airline})  # the owner brings its repair station in
    tx = records.attachCertificate(sold, CERT2, CERT1, {"from": mro})
    event = tx.events["CertificateAttached"]
    assert (bytes(event["certHash"]), bytes(event["previous"]), event["issuer"]) == (bytes(CERT2), bytes(CERT1), mro)
    assert bytes(records.currentCertificate(sold)) == bytes(CERT2)
    assert records.isCurrentCertificate(sold, CERT2) is True
    assert records.isCurrentCertificate(sold, CERT1) is False
    # nothing is overwritten: the superseded certificate is still on record
    old = records.certificate(sold, CERT1)
    assert (bytes(old["previous"]), old["issuer"]) == (ZERO32, maker)
    new = records.certificate(sold, CERT2)
    assert (bytes(new["previous"]), new["issuer"]) == (bytes(CERT1), mro)


def test_a_re_certification_must_name_the_current_certificate(records, maker, mro, part):
    records.authoriseStation(part, mro, {"from": maker})
    with brownie.reverts(err("StaleCertificate", part, ZERO32, CERT1)):
        records.attachCertificate(part, CERT2, CERT1, {"from": maker})
    records.attachCertificate(part, CERT1, ZERO32, {"from": maker})
    records.attachCertificate(part, CERT2, CERT1, {"from": mro})
    with brownie.reverts(err("StaleCertificate", part, CERT2, CERT1)):
        records.attachCertificate(part, CERT3, CERT1, {"from": mro})
    with brownie.reverts(err("StaleCertificate", part, CERT2, ZERO32)):
        records.attachCertificate(part, CERT3, ZERO32, {"from": maker})


def test_a_certificate_is_attached_to_a_part_once_and_must_not_be_empty(records, maker, mro, part, sold):
    records.authoriseStation(part, mro, {"from": maker})
    records.attachCertificate(part, CERT1, ZERO32, {"from": maker})
    records.attachCertificate(part, CERT2, CERT1, {"from": mro})
    with brownie.reverts(err("CertificateExists", part, CERT1)):
        records.attachCertificate(part, CERT1, CERT2, {"from": maker})
    with brownie.reverts(err("CertificateExists", part, CERT2)):
        records.attachCertificate(part, CERT2, CERT2, {"from": mro})
    with brownie.reverts(err("EmptyCertificate", part)):
        records.attachCertificate(part, ZERO32, CERT2, {"from": mro})
    assert bytes(records.currentCertificate(part)) == bytes(CERT2)
    # once per part: the same hash may still serve another part
    records.attachCertificate(sold, CERT1, ZERO32, {"from": maker})
    assert records.isCurrentCertificate(sold, CERT1) is True


def test_only_the_manufacturer_issues_the_first_certificate(records, airline, maker2, mro, broker, outsider, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    for caller in (airline, maker2, mro, broker):  # the owner, another maker, its station, a bystander
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            records.attachCertificate(sold, CERT1, ZERO32, {"from": caller})
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        records.attachCertificate(sold, CERT1, ZERO32, {"from": outsider})
    assert bytes(records.currentCertificate(sold)) == ZERO32


def test_a_retired_part_takes_no_certificate(parts, records, maker, part):
    records.attachCertificate(part, CERT1, ZERO32, {"from": maker})
    parts.retirePart(part, SB, {"from": maker})
    with brownie.reverts(err("PartRetired", part)):
        records.attachCertificate(part, CERT2, CERT1, {"from": maker})
    assert bytes(records.currentCertificate(part)) == bytes(CERT1)


def test_an_unregistered_part_takes_no_certificate_and_no_event(records, maker):
    with brownie.reverts(err("PartNotFound", 31337)):
        records.attachCertificate(31337, CERT1, ZERO32, {"from": maker})
    with brownie.reverts(err("PartNotFound", 31337)):
        record(records, 31337, COMMISSIONING, maker)


# ------------------------------------------------------------------ lifecycle events


def test_events_are_numbered_one_two_three_per_part(records, maker, part, register):
    other = register("SN-OTHER")
    indices = [record(records, part, step, maker).return_value for step in (COMMISSIONING, STORING, SHIPPING)]
    assert indices == [1, 2, 3]
    assert records.eventCount(part) == 3
    assert record(records, other, COMMISSIONING, maker).return_value == 1


def test_an_event_carries_everything_it_was_given(records, maker, part):
    record(records, part, COMMISSIONING, maker)
    past = chain.time() - 3600
    tx = record(records, part, SHIPPING, maker, disposition=IN_TRANSIT, event_time=past)
    event = tx.events["LifecycleEventRecorded"]
    assert event["partId"] == part
    assert event["eventIndex"] == 2
    assert event["recorder"] == maker
    assert event["bizStep"] == SHIPPING
    assert event["disposition"] == IN_TRANSIT
    assert bytes(event["location"]) == HAM
    assert bytes(event["documentHash"]) == bytes(DOC)
    assert event["eventTime"] == past
    assert event["corrects"] == 0
    # an event time of zero means the block time
    tx = record(records, part, RECEIVING, maker, event_time=0)
    assert tx.events["LifecycleEventRecorded"]["eventTime"] == tx.timestamp


def test_an_event_cannot_be_dated_in_the_future(records, maker, part):
    future = chain.time() + 86_400
    with brownie.reverts(revert_pattern=rf"EventTimeInFuture: {future}, \d+"):
        record(records, part, COMMISSIONING, maker, event_time=future)
    assert records.eventCount(part) == 0


def test_a_correction_points_back_at_an_existing_event(records, maker, part):
    with brownie.reverts(err("UnknownEvent", part, 1)):
        record(records, part, COMMISSIONING, maker, corrects=1)
    record(records, part, COMMISSIONING, maker)
    record(records, part, SHIPPING, maker, location=b32("EGLL"))
    with brownie.reverts(err("UnknownEvent", part, 3)):
        record(records, part, SHIPPING, maker, corrects=3)  # cannot correct itself or the future
    with brownie.reverts(err("UnknownEvent", part, 10**6)):
        record(records, part, SHIPPING, maker, corrects=10**6)
    tx = record(records, part, SHIPPING, maker, location=HAM, corrects=2)
    event = tx.events["LifecycleEventRecorded"]
    assert (event["eventIndex"], event["corrects"]) == (3, 2)
    assert records.eventCount(part) == 3  # the original stays; the correction is a new event


def test_the_manufacturer_records_any_step_while_it_holds_the_part_then_only_commissioning(
    parts, records, maker, airline, part
):
    for step in (COMMISSIONING, STORING, INSPECTING, SHIPPING):
        tx = record(records, part, step, maker)
        assert tx.events["LifecycleEventRecorded"]["bizStep"] == step
    parts.transferFrom(maker, airline, part, {"from": maker})
    tx = record(records, part, COMMISSIONING, maker)  # commissioning stays the manufacturer's
    assert tx.events["LifecycleEventRecorded"]["recorder"] == maker
    for step in (SHIPPING, INSPECTING, DECOMMISSIONING):  # the rest is the holder's now
        with brownie.reverts(err("NotAuthorized", part, maker)):
            record(records, part, step, maker)
    assert records.eventCount(part) == 5


def test_the_owner_and_the_custodian_record_every_step_but_commissioning(parts, records, airline, broker, mro, sold):
    parts.assignCustody(sold, broker, {"from": airline})
    tx = record(records, sold, RECEIVING, airline)
    assert tx.events["LifecycleEventRecorded"]["recorder"] == airline
    tx = record(records, sold, STORING, broker)
    assert tx.events["LifecycleEventRecorded"]["recorder"] == broker
    # only the manufacturer commissions a part
    for caller in (airline, broker, mro):  # owner, custodian, repair station
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            record(records, sold, COMMISSIONING, caller)
    assert records.eventCount(sold) == 2


def test_the_owner_of_the_root_assembly_records_on_an_installed_part(parts, records, maker, airline, register):
    engine = register("ENG-1", part_number="PN-ENGINE")
    blade = register("BLD-1", part_number="PN-BLADE")
    parts.installPart(blade, engine, {"from": maker})
    parts.transferFrom(maker, airline, engine, {"from": maker})
    tx = record(records, blade, INSPECTING, airline)
    assert tx.events["LifecycleEventRecorded"]["recorder"] == airline


def test_an_authorised_repair_station_records_only_inspections_and_repairs(records, airline, mro, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    for step in (INSPECTING, REPAIRING):
        assert record(records, sold, step, mro).events["LifecycleEventRecorded"]["bizStep"] == step
    for step in (SHIPPING, RECEIVING, INSTALLING, DECOMMISSIONING):
        with brownie.reverts(err("NotAuthorized", sold, mro)):
            record(records, sold, step, mro)


def test_an_unrelated_participant_an_outsider_or_a_former_owner_records_nothing(
    parts, records, airline, broker, maker2, outsider, sold
):
    for caller in (broker, maker2):
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            record(records, sold, INSPECTING, caller)
    with brownie.reverts(err("ParticipantNotRegistered", outsider)):
        record(records, sold, INSPECTING, outsider)
    assert records.eventCount(sold) == 0
    # nor does a former owner
    parts.transferFrom(airline, broker, sold, {"from": airline})
    with brownie.reverts(err("NotAuthorized", sold, airline)):
        record(records, sold, SHIPPING, airline)


# ------------------------------------------------------------------ life limits and usage


def test_the_manufacturer_sets_the_life_limit_once(records, maker, part):
    tx = records.setLifeLimit(part, 20_000, 30_000, {"from": maker})
    event = tx.events["LifeLimitSet"]
    assert (event["partId"], event["cycleLimit"], event["hourLimit"]) == (part, 20_000, 30_000)
    life = records.lifeOf(part)
    assert (life["cycleLimit"], life["hourLimit"], life["cycles"], life["hours_"]) == (20_000, 30_000, 0, 0)
    with brownie.reverts(err("LifeLimitAlreadySet", part)):
        records.setLifeLimit(part, 25_000, 30_000, {"from": maker})


def test_a_life_limit_needs_cycles_or_hours_and_hours_alone_are_a_limit(records, maker, part):
    with brownie.reverts(err("InvalidLifeLimit", part)):
        records.setLifeLimit(part, 0, 0, {"from": maker})
    records.setLifeLimit(part, 0, 500, {"from": maker})
    with brownie.reverts(err("LifeLimitAlreadySet", part)):
        records.setLifeLimit(part, 100, 0, {"from": maker})


def test_only_the_manufacturer_sets_a_life_limit(records, airline, mro, regulator, sold):
    for caller in (airline, mro, regulator):
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            records.setLifeLimit(sold, 100, 0, {"from": caller})


def test_usage_accumulates_and_the_event_reports_the_totals(records, maker, airline, mro, sold):
    records.authoriseStation(sold, mro, {"from": airline})
    tx = records.recordUsage(sold, 3, 7, {"from": airline})
    event = tx.events["UsageRecorded"]
    assert (event["partId"], event["recorder"], event["cycles"], event["hours_"]) == (sold, airline, 3, 7)
    assert (event["totalCycles"], event["totalHours"]) == (3, 7)
    tx = records.recordUsage(sold, 2, 0, {"from": mro})  # so does a station the owner authorised
    event = tx.events["UsageRecorded"]
    assert (event["recorder"], event["totalCycles"], event["totalHours"]) == (mro, 5, 7)
    life = records.lifeOf(sold)
    assert (life["cycles"], life["hours_"]) == (5, 7)


def test_the_custodian_records_usage_but_not_an_empty_one(parts, records, airline, broker, sold):
    parts.assignCustody(sold, broker, {"from": airline})
    tx = records.recordUsage(sold, 1, 1, {"from": broker})
    assert tx.events["UsageRecorded"]["recorder"] == broker
    with brownie.reverts(err("EmptyUsage", sold)):
        records.recordUsage(sold, 0, 0, {"from": airline})


def test_only_the_holder_or_an_authorised_station_records_usage_on_a_live_part(
    parts, records, maker, airline, broker, mro, sold
):
    for caller in (maker, broker, mro):  # the maker no longer holds it; the station has no standing
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            records.recordUsage(sold, 1, 1, {"from": caller})
    assert records.lifeOf(sold)["cycles"] == 0
    # and a retired part takes no usage at all
    parts.retirePart(sold, SB, {"from": airline})
    with brownie.reverts(err("PartRetired", sold)):
        records.recordUsage(sold, 1, 1, {"from": airline})


def test_check_serviceable_passes_within_the_limit_and_reverts_at_it(records, maker, part):
    records.checkServiceable(part)  # no limit: always serviceable
    records.recordUsage(part, 500, 500, {"from": maker})
    records.checkServiceable(part)
    records.setLifeLimit(part, 1_000, 2_000, {"from": maker})
    records.recordUsage(part, 499, 1_000, {"from": maker})
    records.checkServiceable(part)  # 999 cycles, 1,500 hours
    records.recordUsage(part, 1, 0, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", part, 1_000, 1_000, 1_500, 2_000)):
        records.checkServiceable(part)


def test_check_serviceable_reverts_when_the_hour_limit_is_reached(records, maker, part):
    records.setLifeLimit(part, 1_000, 2_000, {"from": maker})
    records.recordUsage(part, 10, 1_999, {"from": maker})
    records.checkServiceable(part)
    records.recordUsage(part, 0, 1, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", part, 10, 1_000, 2_000, 2_000)):
        records.checkServiceable(part)


# ------------------------------------------------------------------ maintenance


@pytest.fixture
def in_shop(parts, airline, mro, sold):
    """The airline's part, in the custody of the repair station."""
    parts.assignCustody(sold, mro, {"from": airline})
    return sold


def test_a_repair_station_holding_the_part_records_maintenance(records, mro, in_shop):
    tx = records.recordMaintenance(in_shop, WORK_ORDER, True, {"from": mro})
    event = tx.events["MaintenanceRecorded"]
    assert (event["partId"], event["index"], event["station"]) == (in_shop, 1, mro)
    assert bytes(event["workOrderHash"]) == bytes(WORK_ORDER)
    assert event["returnedToService"] is True
    assert tx.return_value == 1
    tx = records.recordMaintenance(in_shop, DOC, False, {"from": mro})
    assert tx.events["MaintenanceRecorded"]["index"] == 2
    assert tx.events["MaintenanceRecorded"]["returnedToService"] is False
    assert records.maintenanceCount(in_shop) == 2


def test_maintenance_needs_a_repair_station_with_a_standing(parts, records, airline, broker, mro, sold):
    with brownie.reverts(err("NotAuthorized", sold, mro)):  # a station without the part
        records.recordMaintenance(sold, WORK_ORDER, False, {"from": mro})
    parts.assignCustody(sold, broker, {"from": airline})
    for caller in (airline, broker):  # holders that are not repair stations
        with brownie.reverts(err("NotAuthorized", sold, caller)):
            records.recordMaintenance(sold, WORK_ORDER, False, {"from": caller})
    assert records.maintenanceCount(sold) == 0


def test_a_part_over_its_life_limit_is_not_returned_to_service(records, maker, mro, in_shop):
    records.setLifeLimit(in_shop, 100, 0, {"from": maker})
    records.recordUsage(in_shop, 100, 40, {"from": mro})
    with brownie.reverts(err("LifeLimitExceeded", in_shop, 100, 100, 40, 0)):
        records.recordMaintenance(in_shop, WORK_ORDER, True, {"from": mro})
    # the work itself may still be recorded
    tx = records.recordMaintenance(in_shop, WORK_ORDER, False, {"from": mro})
    assert tx.events["MaintenanceRecorded"]["returnedToService"] is False


def test_a_suspect_part_is_not_returned_to_service(parts, records, maker, mro, in_shop):
    parts.recallPart(in_shop, SB, {"from": maker})
    with brownie.reverts(err("PartSuspect", in_shop)):
        records.recordMaintenance(in_shop, WORK_ORDER, True, {"from": mro})
    parts.clearPart(in_shop, SB, {"from": maker})
    assert records.recordMaintenance(in_shop, WORK_ORDER, True, {"from": mro}).return_value == 1


def test_a_retired_part_is_not_returned_to_service(parts, records, maker, mro, part):
    parts.transferFrom(maker, mro, part, {"from": maker})  # the shop owns it outright
    parts.retirePart(part, SB, {"from": mro})
    with brownie.reverts(err("PartRetired", part)):
        records.recordMaintenance(part, WORK_ORDER, True, {"from": mro})
    assert records.maintenanceCount(part) == 0
