"""Attack: rewriting someone else's lifecycle event through a "correction". recordEvent lets
anyone with a standing append an event whose `corrects` names any earlier one, and the
provenance reader's corrected_lifecycle() (the lifecycle "as it stands") put the latest
correction in the place of the original, whoever recorded either. So a part's next owner (or a
carrier holding it in custody) replaces a repair station's "Inspecting / Damaged" finding with
"Inspecting / Serviceable", or the manufacturer's commissioning with a shipping step of its own.
A correction stands in for an event only when the event's own recorder made it; anyone else's
"correction" stays in the lifecycle as an event of its own (a dispute, visible to all)."""

import pytest
from brownie import web3
from web3 import Web3

from helpers import ZERO32, b32, register_part
from partledger.provenance import ProvenanceReader

# IPartRecords.BizStep / Disposition
COMMISSIONING, SHIPPING, INSPECTING = 0, 1, 4
ACTIVE, IN_TRANSIT, SERVICEABLE, DAMAGED = 0, 1, 3, 5


def record(records, part, step, disposition, by, corrects=0):
    return records.recordEvent(part, step, disposition, b32("HAM"), ZERO32, 0, corrects, {"from": by})


@pytest.fixture
def inspected(parts, records, maker, airline, broker, mro):
    """Commissioned by its maker (#1); found damaged by a station the airline authorised (#2);
    then sold to the broker."""
    part = register_part(parts, maker, "SN-DENT")
    start = web3.eth.block_number
    record(records, part, COMMISSIONING, ACTIVE, maker)
    parts.transferFrom(maker, airline, part, {"from": maker})
    records.authoriseStation(part, mro, {"from": airline})
    record(records, part, INSPECTING, DAMAGED, mro)
    parts.transferFrom(airline, broker, part, {"from": airline})
    return part, start


def lifecycle(parts, records, part, start):
    w3 = Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))  # the reader needs nothing from brownie
    reader = ProvenanceReader(w3, parts.address, parts.abi, records.address, records.abi, from_block=start)
    return reader.history(part).corrected_lifecycle()


def test_the_next_owner_cannot_correct_a_stations_damage_finding_away(parts, records, broker, mro, inspected):
    part, start = inspected
    record(records, part, INSPECTING, SERVICEABLE, broker, corrects=2)
    standing = [(e.index, e.recorder, e.disposition) for e in lifecycle(parts, records, part, start)]
    assert (2, mro, "Damaged") in standing
    assert (3, broker, "Serviceable") in standing  # the broker's claim stays visible, on its own


def test_a_holder_cannot_correct_the_manufacturers_commissioning_away(parts, records, maker, broker, inspected):
    part, start = inspected
    record(records, part, SHIPPING, IN_TRANSIT, broker, corrects=1)
    standing = [(e.index, e.recorder, e.biz_step) for e in lifecycle(parts, records, part, start)]
    assert standing[0] == (1, maker, "Commissioning")


def test_a_recorder_still_corrects_its_own_event_and_its_own_corrections(parts, records, mro, broker, inspected):
    part, start = inspected
    # the broker authorises the same station, which corrects its finding, then corrects the correction
    records.authoriseStation(part, mro, {"from": broker})
    record(records, part, INSPECTING, SERVICEABLE, mro, corrects=2)  # #3
    record(records, part, INSPECTING, DAMAGED, mro, corrects=3)  # #4
    standing = [(e.index, e.disposition) for e in lifecycle(parts, records, part, start)]
    assert standing == [(1, "Active"), (4, "Damaged")]


def test_someone_elses_correction_of_a_correction_does_not_stand_either(parts, records, mro, broker, inspected):
    part, start = inspected
    records.authoriseStation(part, mro, {"from": broker})
    record(records, part, INSPECTING, DAMAGED, mro, corrects=2)  # #3, the station's own
    record(records, part, INSPECTING, SERVICEABLE, broker, corrects=3)  # #4, the owner's
    standing = [(e.index, e.recorder, e.disposition) for e in lifecycle(parts, records, part, start)]
    assert standing == [(1, standing[0][1], "Active"), (3, mro, "Damaged"), (4, broker, "Serviceable")]
