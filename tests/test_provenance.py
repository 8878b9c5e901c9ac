"""partledger.provenance: a part's back-to-birth history rebuilt from eth_getLogs alone equals
what happened on chain, whatever the block range size of the log queries, the node's limits on them, or whether they
are read through the history index."""

import math
from types import SimpleNamespace

import pytest
import requests
from brownie import chain, web3
from hexbytes import HexBytes
from web3 import HTTPProvider, Web3

from helpers import FROZEN, HOUR, ZERO32, PartStatus, b32, key_of, new_key_account, register_part, signed_order
from partledger import LotTree, exceptions, part_id
from partledger.provenance import (
    DEFAULT_CHUNK,
    AssemblyNode,
    Certificate,
    CustodyChange,
    ForcedTransfer,
    HandoverStep,
    HistoryIndex,
    LifeLimit,
    LogQueryFailed,
    LogQueryRefused,
    Maintenance,
    ProvenanceReader,
    RecallAction,
    SignedTransfer,
    UnknownPart,
    Usage,
    read_participant_names,
)
from partledger.report import format_provenance, format_tree
from scripts import deploy


def at(tx, event, index=0):
    """(block, log index, tx hash, timestamp) of the `index`-th `event` of a brownie receipt."""
    log = [e for e in tx.events if e.name == event][index]
    return (tx.block_number, log.pos[0], tx.txid, tx.timestamp)


def where(record):
    return (record.at.block, record.at.log_index, record.at.tx, record.at.timestamp)


@pytest.fixture(scope="module")
def w3():
    """A plain web3.py client: the reader needs nothing from brownie."""
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


@pytest.fixture(scope="module")
def story(suite, admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer):
    """An engine's life: parts made, sold, assembled, handed over, serviced, recalled, frozen,
    forced, signed away and scrapped. Returns the ids and the receipts of what happened."""
    parts, records = suite.parts, suite.records
    start = parts.tx.block_number
    tx = {}
    s = SimpleNamespace(start=start, tx=tx)

    tx["engine"] = parts.registerPart(b32("PN-ENG"), b32("E-1"), b32("ENG datasheet"), {"from": maker})
    tx["module"] = parts.registerPart(b32("PN-MOD"), b32("M-1"), ZERO32, {"from": maker})
    tx["blades"] = parts.registerBatch(b32("PN-BLADE"), [b32("B-1"), b32("B-2"), b32("B-3")], b32("blade spec"),
                                       {"from": maker2})
    s.batch = tx["blades"].return_value
    s.engine, s.module = tx["engine"].return_value, tx["module"].return_value
    s.b1, s.b2, s.b3 = (part_id(maker2.address, "PN-BLADE", f"B-{i}") for i in (1, 2, 3))

    lot = LotTree("PN-BOLT", [f"S-{i}" for i in range(1, 9)])
    tx["lot"] = parts.anchorLot(b32("PN-BOLT"), b32("LOT-7"), lot.root, len(lot), b32("bolt cert"), {"from": maker2})
    s.lot = tx["lot"].return_value
    parts.transferLot(maker2, s.lot, maker, {"from": maker2})
    tx["bolt"] = parts.claimLotPart(maker2, s.lot, b32("PN-BOLT"), b32("S-5"), lot.proof("S-5"), {"from": maker})
    s.bolt = tx["bolt"].return_value

    tx["cert1"] = records.attachCertificate(s.engine, b32("8130-3 #1"), ZERO32, {"from": maker})
    tx["ev1"] = records.recordEvent(s.engine, 0, 0, b32("HAM"), ZERO32, 0, 0, {"from": maker})  # Commissioning
    tx["ev2"] = records.recordEvent(s.engine, 1, 1, b32("HAM"), b32("waybill"), 0, 0, {"from": maker})  # Shipping
    tx["ev3"] = records.recordEvent(s.engine, 1, 1, b32("HAM-2"), b32("waybill"), 0, 2, {"from": maker})  # fixes #2
    tx["limit"] = records.setLifeLimit(s.b1, 100, 0, {"from": maker2})
    tx["usage"] = records.recordUsage(s.b1, 10, 20, {"from": maker2})

    tx["sell1"] = parts.transferFrom(maker2, maker, s.b1, {"from": maker2})
    tx["sell2"] = parts.transferFrom(maker2, maker, s.b2, {"from": maker2})
    tx["inst_b1"] = parts.installPart(s.b1, s.module, {"from": maker})
    tx["inst_mod"] = parts.installPart(s.module, s.engine, {"from": maker})
    tx["inst_b2"] = parts.installPart(s.b2, s.module, {"from": maker})
    tx["inst_bolt"] = parts.installPart(s.bolt, s.engine, {"from": maker})

    tx["custody1"] = parts.assignCustody(s.engine, broker, {"from": maker})
    tx["offer1"] = parts.offerPart(s.engine, broker, 0, {"from": maker})
    tx["cancel"] = parts.cancelOffer(s.engine, {"from": maker})
    tx["offer2"] = parts.offerPart(s.engine, mro, 0, {"from": maker})
    tx["decline"] = parts.declinePart(s.engine, {"from": mro})
    s.expiry = chain.time() + 86_400
    tx["offer3"] = parts.offerPart(s.engine, airline, s.expiry, {"from": maker})
    tx["accept"] = parts.acceptPart(s.engine, {"from": airline})

    tx["custody2"] = parts.assignCustody(s.engine, mro, {"from": airline})
    tx["ev4"] = records.recordEvent(s.engine, 4, 3, b32("MRO hangar"), b32("inspection"), 0, 0, {"from": mro})
    tx["cert2"] = records.attachCertificate(s.engine, b32("8130-3 #2"), b32("8130-3 #1"), {"from": mro})
    tx["maint"] = records.recordMaintenance(s.engine, b32("WO-77"), True, {"from": mro})
    tx["recall_eng"] = parts.recallPart(s.engine, b32("SB-72-001"), {"from": regulator})
    tx["clear_eng"] = parts.clearPart(s.engine, b32("inspected OK"), {"from": regulator})  # its recall, its clearance

    tx["remove_b2"] = parts.removePart(s.b2, {"from": airline})
    tx["recall_batch"] = parts.recallBatch(maker2, s.batch, b32("alloy defect"), {"from": maker2})
    tx["clear_b3"] = parts.clearPart(s.b3, b32("b3 x-rayed"), {"from": maker2})

    # a trader with a local key signs an EIP-712 order; the financier relays it
    s.signer = new_key_account("provenance-signer")
    suite.participants.onboard(s.signer, "Key Trader", "KT-1", [], {"from": admin})
    tx["sell3"] = parts.transferFrom(maker2, s.signer, s.b3, {"from": maker2})
    order = signed_order(parts, key_of(s.signer), s.b3, broker, 0, chain.time() + HOUR)
    tx["signed"] = parts.transferBySignature(*order, {"from": financier})

    tx["freeze_b2"] = parts.freezePart(s.b2, b32("court hold"), {"from": regulator})
    tx["retire_b3"] = parts.retirePart(s.b3, b32("scrapped"), {"from": broker})
    tx["clear_batch"] = parts.clearBatch(maker2, s.batch, b32("alloy OK"), {"from": maker2})
    tx["recall_batch2"] = parts.recallBatch(maker2, s.batch, b32("second look"), {"from": regulator})
    s.all = [s.engine, s.module, s.b1, s.b2, s.b3, s.bolt]
    s.end = chain.height
    return s


@pytest.fixture
def reader(w3, suite, story):
    """A reader per test: a test's own transactions are rolled back after it."""
    r = ProvenanceReader(w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi,
                         from_block=story.start)
    r.sync()
    return r


# ------------------------------------------------------------ the state now agrees with the chain


def test_rebuilt_state_of_every_part_matches_the_contracts(reader, story, parts, records):
    for pid in story.all:
        h = reader.history(pid)
        info = parts.verifyPart(pid)
        assert h.holder == parts.ownerOf(pid)
        assert h.owner == info["owner"] == parts.rootOwnerOf(pid)
        assert h.custodian == (parts.custodianOf(pid) if int(parts.custodianOf(pid), 16) else None)
        assert (h.parent or 0) == parts.parentOf(pid)
        assert h.root == info["root"]
        assert h.suspect == parts.isSuspect(pid)
        assert h.status == PartStatus(info["status"]).name
        assert h.frozen == bool(parts.flagsOf(pid) & FROZEN)
        assert h.manufacturer == info["manufacturer"]
        assert h.batch_id == info["batchId"]
        assert (h.current_certificate or ZERO32) == bytes(HexBytes(records.currentCertificate(pid)))
        life = records.lifeOf(pid)
        assert (h.total_cycles, h.total_hours) == (life["cycles"], life["hours_"])
        assert len(h.lifecycle) == records.eventCount(pid)
        assert len(h.maintenance) == records.maintenanceCount(pid)


def test_current_owners_are_the_root_owners_of_every_part(reader, story, parts, airline, broker, maker):
    owners = reader.current_owners()
    assert owners == {pid: parts.verifyPart(pid)["owner"] for pid in story.all}
    assert owners[story.engine] == owners[story.module] == owners[story.b1] == owners[story.bolt] == airline
    assert owners[story.b2] == airline and owners[story.b3] == broker
    assert reader.part_ids() == story.all


# ------------------------------------------------------------ back to birth, event by event


def test_registration_single_batch_and_lot(reader, story, maker, maker2):
    engine = reader.history(story.engine).registration
    assert (engine.kind, engine.manufacturer, engine.first_holder) == ("single", maker, maker)
    assert (engine.part_number, engine.serial_number, engine.metadata_hash) == (b32("PN-ENG"), b32("E-1"), b32("ENG datasheet"))
    assert (engine.at.block, engine.at.tx) == (story.tx["engine"].block_number, story.tx["engine"].txid)

    blade = reader.history(story.b2).registration
    assert (blade.kind, blade.batch_id, blade.manufacturer, blade.serial_number) == ("batch", story.batch, maker2, b32("B-2"))
    assert blade.metadata_hash == b32("blade spec")

    bolt = reader.history(story.bolt).registration
    assert (bolt.kind, bolt.batch_id, bolt.manufacturer, bolt.first_holder) == ("lot", story.lot, maker2, maker)
    assert (bolt.lot_number, bolt.serial_number, bolt.metadata_hash) == (b32("LOT-7"), b32("S-5"), b32("bolt cert"))
    assert where(bolt) == at(story.tx["bolt"], "LotPartClaimed")


def test_chain_of_owners_with_blocks_and_times(reader, story, maker, maker2, airline, broker, parts):
    t = story.tx
    engine = reader.history(story.engine).owners
    assert [(o.via, o.holder, o.effective_owner, o.previous) for o in engine] == [
        ("registration", maker, maker, None),
        ("handover", airline, airline, maker),
    ]
    assert [where(o) for o in engine] == [at(t["engine"], "Transfer"), at(t["accept"], "Transfer")]

    blade = reader.history(story.b1).owners
    assert [(o.via, o.holder, o.effective_owner, o.installed_in, o.moved_with) for o in blade] == [
        ("registration", maker2, maker2, None, None),
        ("transfer", maker, maker, None, None),
        ("install", parts.address, maker, story.module, None),  # held by the registry, owned by the root's owner
        ("assembly moved", parts.address, airline, story.module, story.engine),
    ]
    assert [where(o) for o in blade] == [
        at(t["blades"], "Transfer", 0), at(t["sell1"], "Transfer"), at(t["inst_b1"], "Transfer"),
        at(t["accept"], "Transfer"),
    ]

    b2 = reader.history(story.b2).owners
    assert [(o.via, o.holder, o.effective_owner) for o in b2] == [
        ("registration", maker2, maker2),
        ("transfer", maker, maker),
        ("install", parts.address, maker),
        ("assembly moved", parts.address, airline),
        ("removal", airline, airline),
    ]
    b3 = reader.history(story.b3).owners
    assert [(o.via, o.holder, o.previous) for o in b3] == [
        ("registration", maker2, None), ("transfer", story.signer, maker2), ("signed transfer", broker, story.signer),
    ]
    bolt = reader.history(story.bolt).owners
    assert [(o.via, o.effective_owner, o.installed_in) for o in bolt] == [
        ("lot claim", maker, None), ("install", maker, story.engine), ("assembly moved", airline, story.engine),
    ]


def test_custody_handovers_signed_and_forced_transfers(reader, story, maker, maker2, airline, mro, broker, financier,
                                                       enforcer):
    t = story.tx
    engine = reader.history(story.engine)
    assert [(c.previous, c.custodian) for c in engine.custody] == [(None, broker), (broker, None), (None, mro)]
    assert engine.custody[1] == CustodyChange(broker, None, engine.custody[1].at)
    assert where(engine.custody[1]) == at(t["accept"], "CustodyChanged")  # the sale ended the carrier's custody
    assert engine.custodian == mro

    assert [(h.action, h.owner, h.recipient, h.expiry) for h in engine.handovers] == [
        ("offered", maker, broker, 0), ("cancelled", maker, broker, None),
        ("offered", maker, mro, 0), ("declined", maker, mro, None),
        ("offered", maker, airline, story.expiry), ("accepted", maker, airline, None),
    ]
    assert engine.open_offer is None
    assert isinstance(engine.handovers[0], HandoverStep)

    (signed,) = reader.history(story.b3).signed_transfers
    assert signed == SignedTransfer(story.signer, broker, 0, financier, signed.at)
    assert where(signed) == at(t["signed"], "SignedTransferExecuted")


def forced_transfer_story(w3, suite, regulator, enforcer, owner, receiver, register_as):
    """A frozen, recalled part moved by an enforcer; returns (part id, receipt, history)."""
    parts = suite.parts
    pid = register_part(parts, register_as, "X-1", "PN-X")
    parts.transferFrom(register_as, owner, pid, {"from": register_as})
    parts.freezePart(pid, b32("court hold"), {"from": regulator})
    parts.recallPart(pid, b32("suspected unapproved part"), {"from": regulator})
    tx = parts.forcedTransfer(pid, receiver, b32("court order 9"), {"from": enforcer})
    r = ProvenanceReader(w3, parts.address, parts.abi, suite.records.address, suite.records.abi,
                         from_block=tx.block_number - 5, chunk=2)
    return pid, tx, r.history(pid)


def test_forced_transfer_of_a_frozen_part_is_in_its_history(w3, suite, regulator, enforcer, maker, airline, broker):
    # Permissioned suite (the default). See the report: forcedTransfer reverts here with
    # ParticipantNotRegistered(<owner>) although owner and receiver are active participants.
    pid, tx, history = forced_transfer_story(w3, suite, regulator, enforcer, airline, broker, maker)
    assert suite.parts.ownerOf(pid) == broker
    (forced,) = history.forced_transfers
    assert forced == ForcedTransfer(airline, broker, enforcer, b32("court order 9"), forced.at)
    assert [(o.via, o.holder) for o in history.owners][-1] == ("forced transfer", broker)


def test_forced_transfer_in_open_mode_is_in_its_history(w3, open_suite, regulator, enforcer, maker, airline, broker):
    pid, tx, history = forced_transfer_story(w3, open_suite, regulator, enforcer, airline, broker, maker)
    assert open_suite.parts.ownerOf(pid) == broker
    (forced,) = history.forced_transfers
    assert forced == ForcedTransfer(airline, broker, enforcer, b32("court order 9"), forced.at)
    assert where(forced) == at(tx, "ForcedTransfer")
    assert [(o.via, o.holder, o.previous) for o in history.owners] == [
        ("registration", maker, None), ("transfer", airline, maker), ("forced transfer", broker, airline),
    ]
    assert history.frozen and history.suspect and history.owner == broker


def test_certificates_lifecycle_maintenance_and_usage(reader, story, maker, maker2, mro):
    t = story.tx
    engine = reader.history(story.engine)
    assert engine.certificates == [
        Certificate(b32("8130-3 #1"), None, maker, engine.certificates[0].at),
        Certificate(b32("8130-3 #2"), b32("8130-3 #1"), mro, engine.certificates[1].at),
    ]
    assert engine.current_certificate == b32("8130-3 #2")
    assert [where(c) for c in engine.certificates] == [at(t["cert1"], "CertificateAttached"),
                                                      at(t["cert2"], "CertificateAttached")]

    assert [(e.index, e.biz_step, e.disposition, e.location, e.corrects, e.recorder) for e in engine.lifecycle] == [
        (1, "Commissioning", "Active", b32("HAM"), 0, maker),
        (2, "Shipping", "InTransit", b32("HAM"), 0, maker),
        (3, "Shipping", "InTransit", b32("HAM-2"), 2, maker),
        (4, "Inspecting", "Serviceable", b32("MRO hangar"), 0, mro),
    ]
    assert engine.lifecycle[0].event_time == t["ev1"].timestamp  # eventTime 0 means "now"
    assert [e.index for e in engine.corrected_lifecycle()] == [1, 3, 4]  # #3 stands in for #2

    assert engine.maintenance == [Maintenance(1, mro, b32("WO-77"), True, engine.maintenance[0].at)]
    blade = reader.history(story.b1)
    assert blade.life_limit == LifeLimit(100, 0, blade.life_limit.at)
    assert blade.usage == [Usage(maker2, 10, 20, 10, 20, blade.usage[0].at)]


def test_recalls_of_the_part_and_of_its_batch_with_epochs(reader, story, maker, maker2, regulator, parts):
    engine = reader.history(story.engine)
    assert [(r.action, r.scope, r.by, r.reason_hash) for r in engine.recalls] == [
        ("recalled", "part", regulator, b32("SB-72-001")), ("cleared", "part", regulator, b32("inspected OK")),
    ]
    assert engine.suspect is False

    b3 = reader.history(story.b3)
    assert [(r.action, r.scope, r.batch_id) for r in b3.recalls] == [
        ("recalled", "batch", story.batch), ("cleared", "part", None),
        ("cleared", "batch", story.batch), ("recalled", "batch", story.batch),
    ]
    assert b3.recalls[0] == RecallAction("recalled", "batch", maker2, b32("alloy defect"), b3.recalls[0].at, story.batch)
    # cleared from the first batch recall only: the second one catches it again
    assert b3.suspect is True and parts.isSuspect(story.b3)
    assert b3.status == "Retired"
    assert reader.history(story.b1).suspect is True  # recalled while installed
    assert reader.batch_recalled(story.batch) is True


def test_freeze_and_retirement(reader, story, regulator, broker):
    b2 = reader.history(story.b2)
    assert [(f.action, f.regulator, f.reason_hash) for f in b2.freezes] == [("frozen", regulator, b32("court hold"))]
    assert b2.frozen and b2.status == "Suspect"  # suspect outranks frozen, as in verifyPart
    b3 = reader.history(story.b3)
    assert (b3.retirement.by, b3.retirement.reason_hash) == (broker, b32("scrapped"))
    assert where(b3.retirement) == at(story.tx["retire_b3"], "PartRetiredBy")
    assert b3.retired


def test_installations_removals_and_the_assembly_tree(reader, story, maker, airline, parts):
    t = story.tx
    module = reader.history(story.module)
    assert [(a.action, a.child, a.parent, a.by) for a in module.assembly] == [
        ("installed", story.b1, story.module, maker),
        ("installed", story.module, story.engine, maker),
        ("installed", story.b2, story.module, maker),
        ("removed", story.b2, story.module, airline),
    ]
    assert module.children == [story.b1]

    tree = reader.assembly(story.engine)
    assert tree == AssemblyNode(story.engine, None, [
        AssemblyNode(story.module, tree.children[0].installed_at, [
            AssemblyNode(story.b1, tree.children[0].children[0].installed_at, []),
        ]),
        AssemblyNode(story.bolt, tree.children[1].installed_at, []),
    ])
    assert tree.children[0].installed_at.tx == t["inst_mod"].txid
    assert tree.part_ids() == [story.engine, story.module, story.b1, story.bolt]
    # the rebuilt tree is the contracts' parent pointers
    assert [depth for depth, _ in tree.walk()] == [0, 1, 2, 1]
    for _, node in tree.walk():
        for child in node.children:
            assert parts.parentOf(child.part_id) == node.part_id
    assert reader.assembly(story.b2).children == []


def test_timeline_holds_every_log_naming_the_part_or_its_batch(reader, story):
    b3 = reader.history(story.b3)
    events = [log.event for log in b3.timeline]
    assert events == [
        "Transfer", "BatchRegistered", "BatchRecalled", "PartCleared", "Transfer", "Transfer", "SignedTransferExecuted",
        "PartRetiredBy", "BatchCleared", "BatchRecalled",
    ]
    assert [log.at for log in b3.timeline] == sorted(log.at for log in b3.timeline)
    assert {log.contract for log in reader.history(story.engine).timeline} == {"PartRegistry", "PartRecords"}


# ------------------------------------------------------------ block ranges


@pytest.mark.parametrize("chunk", [1, 2, 7])
def test_small_block_ranges_rebuild_the_same_histories(w3, suite, story, reader, chunk):
    small = ProvenanceReader(w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi,
                             from_block=story.start, chunk=chunk)
    for pid in story.all:
        assert small.history(pid) == reader.history(pid)
    assert small.current_owners() == reader.current_owners()
    head = small.scanned_to
    assert head >= story.end
    # contiguous ranges of at most `chunk` blocks, covering from_block..head exactly once
    assert all(high - low + 1 <= chunk for low, high in small.ranges)
    assert small.ranges[0][0] == story.start and small.ranges[-1][1] == head
    assert all(b[0] == a[1] + 1 for a, b in zip(small.ranges, small.ranges[1:]))
    assert len(small.ranges) == math.ceil((head - story.start + 1) / chunk)
    assert reader.chunk == DEFAULT_CHUNK and len(reader.ranges) == 1


def test_reader_picks_up_new_blocks_incrementally(w3, suite, story, parts, broker, airline):
    r = ProvenanceReader(w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi,
                         from_block=story.start, chunk=5)
    assert r.current_owners()[story.engine] == airline
    asked = len(r.ranges)
    parts.transferFrom(airline, broker, story.engine, {"from": airline})
    assert r.current_owners()[story.engine] == broker
    assert r.current_owners()[story.b1] == broker  # installed parts follow their root
    assert len(r.ranges) == asked + 1  # only the new block was fetched
    assert r.history(story.module).owners[-1].via == "assembly moved"


def test_reader_without_block_lookups_rebuilds_the_same_history(w3, suite, story, reader):
    lean = ProvenanceReader(w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi,
                            from_block=story.start, timestamps=False)
    for pid in story.all:
        assert lean.history(pid) == reader.history(pid)
    owners = lean.history(story.engine).owners
    # times come only from the logs themselves (Anvil includes blockTimestamp, Ganache does not)
    assert [o.at.timestamp for o in owners] in (
        [None, None], [story.tx["engine"].timestamp, story.tx["accept"].timestamp]
    )


class PickyNode(HTTPProvider):
    """The node's side of a public RPC's log limit, in front of the real node: eth_getLogs over
    more than `limit` blocks that reaches into `busy` (a block range, all blocks by default) is
    refused as public nodes refuse it (`refusal`: an error answer, or a timeout exception)."""

    def __init__(self, url, limit, refusal, busy=(0, 2**62)):
        super().__init__(url)
        self.limit, self.refusal, self.busy, self.refused = limit, refusal, busy, 0

    def make_request(self, method, params):
        if method == "eth_getLogs":
            low, high = int(params[0]["fromBlock"], 16), int(params[0]["toBlock"], 16)
            if high - low + 1 > self.limit and low <= self.busy[1] and high >= self.busy[0]:
                self.refused += 1
                if isinstance(self.refusal, Exception):
                    raise self.refusal
                return {"jsonrpc": "2.0", "id": 1, "error": self.refusal}
        return super().make_request(method, params)


REFUSALS = {
    "too many results": {"code": -32005, "message": "query returned more than 10000 results"},
    "range too large": {"code": -32000, "message": "block range too large"},
    "timeout": requests.ReadTimeout("Read timed out. (read timeout=10)"),
}


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused_ranges_shrink_and_grow_back_after_the_busy_stretch(suite, story, reader, refusal):
    busy = (story.start, story.start + 12)
    node = PickyNode(web3.provider.endpoint_uri, 2, refusal, busy)
    r = ProvenanceReader(Web3(node), suite.parts.address, suite.parts.abi, suite.records.address,
                         suite.records.abi, from_block=story.start, chunk=8)
    for pid in story.all:
        assert r.history(pid) == reader.history(pid)
    assert node.refused == r.rpc.refusals > 0
    sizes = [(low, high - low + 1) for low, high in r.ranges]
    assert all(size <= 2 for low, size in sizes if low <= busy[1])  # what the node answered in the busy stretch
    assert max(size for low, size in sizes if low > busy[1]) == 8  # grown back to `chunk`, not past it
    assert r.ranges[0][0] == story.start and all(b[0] == a[1] + 1 for a, b in zip(r.ranges, r.ranges[1:]))


def test_a_node_refusing_even_one_block_is_a_clear_error(suite, story):
    node = PickyNode(web3.provider.endpoint_uri, 0, REFUSALS["too many results"])
    r = ProvenanceReader(Web3(node), suite.parts.address, suite.parts.abi, suite.records.address,
                         suite.records.abi, from_block=story.start, chunk=4)
    with pytest.raises(LogQueryRefused) as info:
        r.sync()
    assert info.value.block == story.start and "more than 10000 results" in str(info.value)
    assert isinstance(info.value, exceptions.PartLedgerError)


def test_an_error_that_is_no_range_limit_is_not_retried(suite, story):
    node = PickyNode(web3.provider.endpoint_uri, 0, {"code": -32601, "message": "the method eth_getLogs is not available"})
    r = ProvenanceReader(Web3(node), suite.parts.address, suite.parts.abi, suite.records.address,
                         suite.records.abi, from_block=story.start, chunk=50)
    with pytest.raises(LogQueryFailed) as info:
        r.sync()
    assert node.refused == 1 and info.value.error["code"] == -32601


def test_the_history_index_rebuilds_the_same_histories_and_trees(w3, suite, story, reader, tmp_path):
    indexed = ProvenanceReader(w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi,
                               from_block=story.start, index=tmp_path / "index.sqlite")
    assert isinstance(indexed.source, HistoryIndex)
    for pid in story.all:
        assert indexed.history(pid) == reader.history(pid)
        # the tree from the index's install/remove logs alone is the full replay's tree
        assert indexed.assembly(pid) == reader.assembly(pid)
    assert indexed.current_owners() == reader.current_owners()
    assert indexed.assembly(story.engine).part_ids() == [story.engine, story.module, story.b1, story.bolt]
    with pytest.raises(UnknownPart):
        indexed.assembly(12345)


def test_unknown_part_is_a_clear_error(reader):
    with pytest.raises(UnknownPart) as info:
        reader.history(12345)
    assert info.value.part_id == 12345
    assert isinstance(info.value, exceptions.PartLedgerError)


# ------------------------------------------------------------ the report


def test_report_tells_the_story(w3, suite, story, reader, maker, maker2, regulator, airline, mro, broker):
    names = read_participant_names(w3, suite.participants.address, suite.participants.abi,
                                   from_block=suite.participants.tx.block_number)
    assert names[maker] == "Turbine Works" and names[story.signer] == "Key Trader"

    def who(account):
        return f"{names[account]} ({account.address[:6]}…{account.address[-4:]})"

    def label(pid, text):
        return f"{text} (0x{pid.to_bytes(32, 'big')[:4].hex()}…)"

    text = format_provenance(reader, story.engine, names=names)
    t = story.tx
    for line in (
        f"Part {label(story.engine, 'PN-ENG E-1')}\n  id {story.engine:#066x}\n",
        f"  made by {who(maker)}: registered on its own, block {t['engine'].block_number}, ",
        f"  status InService; owner {who(airline)}; in the custody of {who(mro)}\n",
        f"block {t['accept'].block_number}, ",
        f": {who(airline)} (handover)\n",
        f": offer to {who(broker)} withdrawn\n",
        f": declined by {who(mro)}\n",
        f": '8130-3 #2' by {who(mro)}, supersedes '8130-3 #1' [current]\n",
        f": #3 Shipping / InTransit at HAM-2 by {who(maker)}, doc 'waybill' (corrects #2)\n",
        f": #1 by {who(mro)}, work order 'WO-77', returned to service\n",
        f": recalled (this part) by {who(regulator)}, reason 'SB-72-001'\n",
        f": {label(story.module, 'PN-MOD M-1')} installed by {who(maker)}\n",
    ):
        assert line in text, line
    tree = format_tree(reader.assembly(story.engine), labels={
        story.engine: label(story.engine, "PN-ENG E-1"), story.module: label(story.module, "PN-MOD M-1"),
        story.b1: label(story.b1, "PN-BLADE B-1"), story.bolt: label(story.bolt, "PN-BOLT S-5"),
    }, statuses={story.b1: "Suspect"})
    assert tree.splitlines() == [
        label(story.engine, "PN-ENG E-1"),
        "├── " + label(story.module, "PN-MOD M-1"),
        "│   └── " + label(story.b1, "PN-BLADE B-1") + " [Suspect]",  # its batch is recalled
        "└── " + label(story.bolt, "PN-BOLT S-5"),
    ]
    assert text.endswith("\nAssembly\n  " + tree.replace("\n", "\n  "))

    blade = format_provenance(reader, story.b1, names=names)
    assert f": installed in {label(story.module, 'PN-MOD M-1')} (owner {who(maker)})\n" in blade
    assert f": with assembly {label(story.engine, 'PN-ENG E-1')} to {who(airline)}\n" in blade
    assert ": life limit 100 cycles / - hours\n" in blade
    assert f": +10 cycles +20 h by {who(maker2)}, total 10 cycles 20 h" in blade
    b3 = format_provenance(reader, story.b3, names=names)
    assert f": {who(story.signer)} -> {who(broker)}, nonce 0, relayed by " in b3
    assert f"Retired block {t['retire_b3'].block_number}, " in b3
    assert f": recalled (batch {story.batch}) by " in b3 and ": cleared (this part) by " in b3


def test_provenance_script_reads_the_manifest(w3, suite, story, reader, tmp_path, monkeypatch):
    from scripts import provenance as script

    monkeypatch.setenv("PARTLEDGER_DEPLOYMENTS", str(tmp_path))
    deploy.write_manifest(suite)
    assert script.parse_part_id(hex(story.engine)) == script.parse_part_id(str(story.engine)) == story.engine
    text = script.report(w3, story.engine, chunk=3)
    assert "Part PN-ENG E-1" in text and "Assembly" in text
    assert "made by Turbine Works" in text
