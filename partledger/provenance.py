"""Back-to-birth provenance of a part, rebuilt from event logs alone.

:class:`ProvenanceReader` reads the PartRegistry's and PartRecords' logs with ``eth_getLogs``
in ranges of at most ``chunk`` blocks (no contract state is read), replays them in chain order
and answers, for any part: how it was registered, every owner with block and time (an installed
part is "installed in <parent>", its effective owner the owner of the assembly's root),
custodians, the certificate chain, EPCIS lifecycle events with corrections, maintenance, usage
and life limit, the repair stations its owners authorised, recalls and clearances (its own and
its batch's), freezes, retirement, handover offers, signed and forced transfers, installations
and removals, and the assembly tree below it.

>>> reader = ProvenanceReader(w3, parts.address, parts.abi, records.address, records.abi,
...                           from_block=deploy_block, chunk=2_000)   # doctest: +SKIP
>>> history = reader.history(part_id)                                  # doctest: +SKIP
>>> [(o.via, o.effective_owner) for o in history.owners]               # doctest: +SKIP
[('registration', '0xMaker...'), ('handover', '0xAirline...'), ('install', '0xAirline...')]
>>> reader.current_owners()[part_id] == history.owner                  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eth_utils import to_checksum_address
from web3 import Web3

from partledger._abi import ABI
from partledger._logs import At, DecodedLog, LogDecoder, fetch_decoded, fetch_logs
from partledger.exceptions import InvalidChunk, UnknownPart
from partledger.ids import part_id as derive_part_id

__all__ = [
    "DEFAULT_CHUNK",
    "At",
    "DecodedLog",
    "ProvenanceReader",
    "PartHistory",
    "AssemblyNode",
    "Registration",
    "Ownership",
    "CustodyChange",
    "Certificate",
    "LifecycleEvent",
    "Maintenance",
    "Usage",
    "LifeLimit",
    "StationAuthorisation",
    "RecallAction",
    "FreezeAction",
    "Retirement",
    "HandoverStep",
    "SignedTransfer",
    "ForcedTransfer",
    "AssemblyChange",
    "UnknownPart",
    "read_participant_names",
]

DEFAULT_CHUNK = 2_000
ZERO_ADDRESS = "0x" + "00" * 20
ZERO_HASH = b"\x00" * 32


# ============================================================ what a history is made of


@dataclass(frozen=True)
class Registration:
    """How the part came to exist: ``kind`` "single", "batch" or "lot" (claimed from a
    Merkle-anchored lot). ``batch_id`` is the batch or lot id, 0 for a single part."""

    kind: str
    manufacturer: str | None
    part_number: bytes
    serial_number: bytes
    batch_id: int
    metadata_hash: bytes
    first_holder: str
    at: At
    lot_number: bytes | None = None


@dataclass(frozen=True)
class Ownership:
    """One link of the chain of owners.

    ``holder`` is the ERC-721 holder (the registry itself while the part is installed),
    ``effective_owner`` the owner of the root of its assembly (the holder when not installed).
    ``via``: "registration", "lot claim", "transfer" (ERC-721), "handover", "signed transfer",
    "forced transfer", "install", "removal", or "assembly moved" (the root it sits in changed
    owner; ``moved_with`` is that root)."""

    holder: str
    effective_owner: str | None  # None: the reader never saw who holds the assembly's root
    previous: str | None
    via: str
    at: At
    installed_in: int | None = None
    moved_with: int | None = None

    @property
    def installed(self) -> bool:
        return self.installed_in is not None


@dataclass(frozen=True)
class CustodyChange:
    """Physical custody moved; ``custodian`` None means back to the owner."""

    previous: str | None
    custodian: str | None
    at: At


@dataclass(frozen=True)
class Certificate:
    """A release certificate by hash; ``previous`` is the one it supersedes (None: first)."""

    cert_hash: bytes
    previous: bytes | None
    issuer: str
    at: At


@dataclass(frozen=True)
class LifecycleEvent:
    """An EPCIS object event. ``corrects`` is the index of the event it corrects (0: none)."""

    index: int
    recorder: str
    biz_step: str
    disposition: str
    location: bytes
    document_hash: bytes
    event_time: int
    corrects: int
    at: At


@dataclass(frozen=True)
class Maintenance:
    index: int
    station: str
    work_order_hash: bytes
    returned_to_service: bool
    at: At


@dataclass(frozen=True)
class Usage:
    recorder: str
    cycles: int
    hours: int
    total_cycles: int
    total_hours: int
    at: At


@dataclass(frozen=True)
class LifeLimit:
    cycle_limit: int
    hour_limit: int
    at: At


@dataclass(frozen=True)
class StationAuthorisation:
    """``action`` "authorised" or "revoked": the owner let a repair station write the part's
    records (while that owner owns it), or withdrew that."""

    action: str
    owner: str
    station: str
    at: At


@dataclass(frozen=True)
class RecallAction:
    """``action`` "recalled" or "cleared"; ``scope`` "part" or "batch" (then ``batch_id``)."""

    action: str
    scope: str
    by: str
    reason_hash: bytes
    at: At
    batch_id: int | None = None


@dataclass(frozen=True)
class FreezeAction:
    """``action`` "frozen" or "unfrozen"."""

    action: str
    regulator: str
    reason_hash: bytes
    at: At


@dataclass(frozen=True)
class Retirement:
    by: str
    reason_hash: bytes
    at: At


@dataclass(frozen=True)
class HandoverStep:
    """``action`` "offered", "accepted", "declined" or "cancelled"; ``owner`` is the owner at
    the time, ``expiry`` is set on offers (0: none)."""

    action: str
    owner: str | None
    recipient: str
    at: At
    expiry: int | None = None


@dataclass(frozen=True)
class SignedTransfer:
    sender: str
    recipient: str
    nonce: int
    relayer: str
    at: At


@dataclass(frozen=True)
class ForcedTransfer:
    sender: str
    recipient: str
    enforcer: str
    reason_hash: bytes
    at: At


@dataclass(frozen=True)
class AssemblyChange:
    """``action`` "installed" or "removed"; the part's history holds the changes where it is
    the child and those where it is the parent."""

    action: str
    child: int
    parent: int
    by: str
    at: At


@dataclass
class AssemblyNode:
    """A part and, recursively, the parts installed in it now.

    >>> tree = AssemblyNode(1, children=[AssemblyNode(2, children=[AssemblyNode(3)]), AssemblyNode(4)])
    >>> tree.part_ids(), [depth for depth, _ in tree.walk()]
    ([1, 2, 3, 4], [0, 1, 2, 1])
    """

    part_id: int
    installed_at: At | None = None
    children: list[AssemblyNode] = field(default_factory=list)

    def walk(self, depth: int = 0) -> Iterable[tuple[int, AssemblyNode]]:
        """(depth, node) pairs, parents before their children."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def part_ids(self) -> list[int]:
        return [node.part_id for _, node in self.walk()]


@dataclass
class PartHistory:
    """Everything the logs say about one part, oldest first, and its state now."""

    part_id: int
    registration: Registration | None
    owners: list[Ownership]
    custody: list[CustodyChange]
    certificates: list[Certificate]
    lifecycle: list[LifecycleEvent]
    maintenance: list[Maintenance]
    usage: list[Usage]
    life_limit: LifeLimit | None
    recalls: list[RecallAction]
    freezes: list[FreezeAction]
    retirement: Retirement | None
    handovers: list[HandoverStep]
    signed_transfers: list[SignedTransfer]
    forced_transfers: list[ForcedTransfer]
    assembly: list[AssemblyChange]
    timeline: list[DecodedLog]
    # ---- state after the last scanned block
    holder: str | None
    owner: str | None  # effective owner: the owner of the root assembly
    custodian: str | None
    parent: int | None
    root: int
    children: list[int]
    suspect: bool
    frozen: bool
    retired: bool
    open_offer: HandoverStep | None
    current_certificate: bytes | None
    total_cycles: int
    total_hours: int
    stations: list[StationAuthorisation] = field(default_factory=list)

    @property
    def manufacturer(self) -> str | None:
        return self.registration.manufacturer if self.registration else None

    @property
    def batch_id(self) -> int:
        return self.registration.batch_id if self.registration else 0

    @property
    def installed(self) -> bool:
        return self.parent is not None

    @property
    def status(self) -> str:
        """The contract's verdict order: Retired, Suspect, Frozen, else InService."""
        if self.retired:
            return "Retired"
        if self.suspect:
            return "Suspect"
        if self.frozen:
            return "Frozen"
        return "InService"

    def corrected_lifecycle(self) -> list[LifecycleEvent]:
        """The lifecycle as it stands: each event replaced by the latest correction its own
        recorder made (corrections of corrections followed), in the order of the original events.

        The chain lets anyone with a standing on the part name any earlier event in `corrects`;
        only the recorder of an event can correct it. Anyone else's "correction" replaces nothing
        and stands as an event of its own (a dispute everyone sees), which its recorder may in
        turn correct.
        """
        by_index = {e.index: e for e in self.lifecycle}
        root_of: dict[int, int] = {}  # a correction that stands -> the event it stands in for
        latest: dict[int, LifecycleEvent] = {}
        for event in self.lifecycle:  # in index order: a correction names an earlier event
            target = by_index.get(event.corrects) if event.corrects else None
            if target is None or target.recorder.lower() != event.recorder.lower():
                continue
            root = root_of.get(target.index, target.index)
            root_of[event.index] = root
            latest[root] = event
        return [latest.get(e.index, e) for e in self.lifecycle if e.index not in root_of]


# ============================================================ the replay


@dataclass
class _Batch:
    kind: str = "batch"
    manufacturer: str | None = None
    part_number: bytes | None = None
    lot_number: bytes | None = None
    metadata_hash: bytes = ZERO_HASH
    recalled: bool = False
    epoch: int = 0
    recalls: list[RecallAction] = field(default_factory=list)
    logs: list[DecodedLog] = field(default_factory=list)


@dataclass
class _Part:
    part_id: int
    registration: Registration | None = None
    holder: str | None = None
    parent: int | None = None
    custodian: str | None = None
    suspect_flag: bool = False
    clearance: int = 0
    frozen: bool = False
    retirement: Retirement | None = None
    open_offer: HandoverStep | None = None
    current_certificate: bytes | None = None
    life_limit: LifeLimit | None = None
    total_cycles: int = 0
    total_hours: int = 0
    owners: list[Ownership] = field(default_factory=list)
    custody: list[CustodyChange] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    lifecycle: list[LifecycleEvent] = field(default_factory=list)
    maintenance: list[Maintenance] = field(default_factory=list)
    usage: list[Usage] = field(default_factory=list)
    stations: list[StationAuthorisation] = field(default_factory=list)
    recalls: list[RecallAction] = field(default_factory=list)
    freezes: list[FreezeAction] = field(default_factory=list)
    handovers: list[HandoverStep] = field(default_factory=list)
    signed: list[SignedTransfer] = field(default_factory=list)
    forced: list[ForcedTransfer] = field(default_factory=list)
    assembly: list[AssemblyChange] = field(default_factory=list)
    logs: list[DecodedLog] = field(default_factory=list)


_PART_KEYS = ("partId", "childId", "parentId")
_BATCH_KEYS = ("batchId", "lotId")
# Events that carry a part moving: the Transfer of the same part in the same transaction
# took this path.
_TRANSFER_PATHS = {
    "HandoverAccepted": "handover",
    "SignedTransferExecuted": "signed transfer",
    "ForcedTransfer": "forced transfer",
}


class _Replay:
    """State rebuilt by applying decoded logs in chain order, one transaction at a time."""

    def __init__(self, registry: str):
        self.registry = to_checksum_address(registry)
        self.parts: dict[int, _Part] = {}
        self.batches: dict[int, _Batch] = defaultdict(_Batch)
        self.children: dict[int, list[int]] = defaultdict(list)
        self._installed_at: dict[int, At] = {}

    # ------------------------------------------------------------ queries

    def part(self, pid: int) -> _Part:
        part = self.parts.get(pid)
        if part is None:
            part = self.parts[pid] = _Part(pid)
        return part

    def root(self, pid: int) -> int:
        seen = set()
        while pid not in seen:
            seen.add(pid)
            part = self.parts.get(pid)
            if part is None or part.parent is None:
                break
            pid = part.parent
        return pid

    def effective_owner(self, pid: int) -> str | None:
        root = self.parts.get(self.root(pid))
        return root.holder if root else None

    def descendants(self, pid: int) -> list[int]:
        out, stack = [], list(reversed(self.children.get(pid, [])))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self.children.get(child, [])))
        return out

    def is_suspect(self, pid: int) -> bool:
        part = self.parts[pid]
        if part.suspect_flag:
            return True
        batch_id = part.registration.batch_id if part.registration else 0
        if not batch_id or batch_id not in self.batches:
            return False
        batch = self.batches[batch_id]
        return batch.recalled and part.clearance != batch.epoch

    # ------------------------------------------------------------ applying logs

    def apply_transaction(self, logs: list[DecodedLog]) -> None:
        for log in logs:
            self._index(log)
            handler = getattr(self, f"_on_{log.event}", None)
            if handler is not None:
                handler(log, logs)

    def _index(self, log: DecodedLog) -> None:
        """File the log in the timeline of every part (or batch) it names."""
        ids = {log.args[k] for k in _PART_KEYS if k in log.args}
        if log.address == self.registry and log.event in ("Transfer", "Approval") and "id" in log.args:
            ids.add(log.args["id"])
        for pid in ids:
            self.part(pid).logs.append(log)
        if not ids:
            for key in _BATCH_KEYS:
                if key in log.args:
                    self.batches[log.args[key]].logs.append(log)

    @staticmethod
    def _sibling(group: list[DecodedLog], event: str, key: str, value: Any) -> DecodedLog | None:
        return next((g for g in group if g.event == event and g.args.get(key) == value), None)

    # ---- ERC-721 ownership

    def _on_Transfer(self, log: DecodedLog, group: list[DecodedLog]) -> None:
        if log.address != self.registry:
            return
        sender, receiver, pid = log.args["from"], log.args["to"], log.args["id"]
        part = self.part(pid)
        previous = self.effective_owner(pid) if part.holder else None
        if sender == ZERO_ADDRESS:
            claimed = self._sibling(group, "LotPartClaimed", "partId", pid)
            part.holder = receiver
            part.owners.append(Ownership(receiver, receiver, None, "lot claim" if claimed else "registration", log.at))
            return
        if receiver == self.registry:
            installed = self._sibling(group, "PartInstalledInto", "childId", pid)
            parent = installed.args["parentId"] if installed else None
            part.holder = receiver
            self._attach(pid, parent, log.at)
            effective = self.effective_owner(pid)
            part.owners.append(Ownership(receiver, effective, previous, "install", log.at, installed_in=parent))
            return
        if sender == self.registry:
            self._detach(pid)
            part.holder = receiver
            part.owners.append(Ownership(receiver, receiver, previous, "removal", log.at))
            return
        via = next(
            (path for event, path in _TRANSFER_PATHS.items() if self._sibling(group, event, "partId", pid)), "transfer"
        )
        part.holder = receiver
        part.owners.append(Ownership(receiver, receiver, previous, via, log.at))
        for descendant in self.descendants(pid):  # the assembly travels with its root
            child = self.parts[descendant]
            child.owners.append(
                Ownership(
                    child.holder or self.registry,  # an installed part: the registry holds it
                    receiver,
                    previous,
                    "assembly moved",
                    log.at,
                    installed_in=child.parent,
                    moved_with=pid,
                )
            )

    def _attach(self, child: int, parent: int | None, at: At) -> None:
        if parent is None or self.parts[child].parent == parent:
            return
        self.parts[child].parent = parent
        self.children[parent].append(child)
        self._installed_at[child] = at

    def _detach(self, child: int) -> None:
        parent = self.parts[child].parent
        if parent is None:
            return
        self.parts[child].parent = None
        if child in self.children.get(parent, []):
            self.children[parent].remove(child)
        self._installed_at.pop(child, None)

    # ---- registration

    def _register(self, pid: int, registration: Registration) -> None:
        part = self.part(pid)
        part.registration = registration

    def _on_PartRegistered(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self._register(
            a["partId"],
            Registration(
                "single",
                a["manufacturer"],
                a["partNumber"],
                a["serialNumber"],
                0,
                a["metadataHash"],
                a["manufacturer"],
                log.at,
            ),
        )

    def _on_BatchRegistered(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        batch = self.batches[a["batchId"]]
        batch.kind, batch.manufacturer, batch.part_number = "batch", a["manufacturer"], a["partNumber"]
        batch.metadata_hash = a["metadataHash"]
        for serial in a["serialNumbers"]:
            pid = derive_part_id(a["manufacturer"], a["partNumber"], serial)
            self._register(
                pid,
                Registration(
                    "batch",
                    a["manufacturer"],
                    a["partNumber"],
                    serial,
                    a["batchId"],
                    a["metadataHash"],
                    a["manufacturer"],
                    log.at,
                ),
            )

    def _on_LotAnchored(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        lot = self.batches[a["lotId"]]
        lot.kind, lot.manufacturer, lot.part_number = "lot", a["manufacturer"], a["partNumber"]
        lot.lot_number, lot.metadata_hash = a["lotNumber"], a["metadataHash"]

    def _on_LotPartClaimed(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        lot = self.batches[a["lotId"]]
        registration = Registration(
            "lot",
            lot.manufacturer,
            a["partNumber"],
            a["serialNumber"],
            a["lotId"],
            lot.metadata_hash,
            a["holder"],
            log.at,
            lot_number=lot.lot_number,
        )
        self._register(a["partId"], registration)

    # ---- recall, freeze, retire

    def _on_PartRecalled(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        part = self.part(log.args["partId"])
        part.suspect_flag = True
        part.recalls.append(RecallAction("recalled", "part", log.args["by"], log.args["reasonHash"], log.at))

    def _on_PartCleared(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        part = self.part(log.args["partId"])
        part.suspect_flag = False
        batch_id = part.registration.batch_id if part.registration else 0
        if batch_id and self.batches[batch_id].recalled:
            part.clearance = self.batches[batch_id].epoch  # cleared from this batch recall only
        part.recalls.append(RecallAction("cleared", "part", log.args["by"], log.args["reasonHash"], log.at))

    def _on_BatchRecalled(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        batch = self.batches[log.args["batchId"]]
        batch.recalled, batch.epoch = True, batch.epoch + 1
        batch.recalls.append(
            RecallAction(
                "recalled", "batch", log.args["by"], log.args["reasonHash"], log.at, batch_id=log.args["batchId"]
            )
        )

    def _on_BatchCleared(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        batch = self.batches[log.args["batchId"]]
        batch.recalled = False
        batch.recalls.append(
            RecallAction(
                "cleared", "batch", log.args["by"], log.args["reasonHash"], log.at, batch_id=log.args["batchId"]
            )
        )

    def _on_PartFrozenBy(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        part = self.part(log.args["partId"])
        part.frozen = True
        part.freezes.append(FreezeAction("frozen", log.args["regulator"], log.args["reasonHash"], log.at))

    def _on_PartUnfrozen(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        part = self.part(log.args["partId"])
        part.frozen = False
        part.freezes.append(FreezeAction("unfrozen", log.args["regulator"], log.args["reasonHash"], log.at))

    def _on_PartRetiredBy(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        self.part(log.args["partId"]).retirement = Retirement(log.args["by"], log.args["reasonHash"], log.at)

    # ---- assembly

    def _on_PartInstalledInto(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        child, parent = log.args["childId"], log.args["parentId"]
        self.part(child)
        self._attach(child, parent, log.at)  # normally done by the Transfer just before
        change = AssemblyChange("installed", child, parent, log.args["by"], log.at)
        self.part(child).assembly.append(change)
        self.part(parent).assembly.append(change)

    def _on_PartRemovedFrom(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        child, parent = log.args["childId"], log.args["parentId"]
        self.part(child)
        self._detach(child)
        change = AssemblyChange("removed", child, parent, log.args["by"], log.at)
        self.part(child).assembly.append(change)
        self.part(parent).assembly.append(change)

    # ---- custody and handovers

    def _on_CustodyChanged(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        part = self.part(a["partId"])
        custodian = None if a["custodian"] == ZERO_ADDRESS else a["custodian"]
        previous = None if a["previousCustodian"] == ZERO_ADDRESS else a["previousCustodian"]
        part.custodian = custodian
        part.custody.append(CustodyChange(previous, custodian, log.at))

    def _handover(
        self, log: DecodedLog, action: str, owner: str | None, recipient: str, expiry: int | None = None
    ) -> None:
        part = self.part(log.args["partId"])
        step = HandoverStep(action, owner, recipient, log.at, expiry)
        part.handovers.append(step)
        part.open_offer = step if action == "offered" else None

    def _on_HandoverOffered(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self._handover(log, "offered", a["owner"], a["recipient"], a["expiry"])

    def _on_HandoverAccepted(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        self._handover(log, "accepted", log.args["from"], log.args["to"])

    def _on_HandoverDeclined(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        self._handover(log, "declined", self.part(log.args["partId"]).holder, log.args["recipient"])

    def _on_HandoverCancelled(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        self._handover(log, "cancelled", self.part(log.args["partId"]).holder, log.args["recipient"])

    def _on_SignedTransferExecuted(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).signed.append(SignedTransfer(a["from"], a["to"], a["nonce"], a["relayer"], log.at))

    def _on_ForcedTransfer(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).forced.append(ForcedTransfer(a["from"], a["to"], a["enforcer"], a["reasonHash"], log.at))

    # ---- records

    def _on_CertificateAttached(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        part = self.part(a["partId"])
        previous = None if a["previous"] == ZERO_HASH else a["previous"]
        part.certificates.append(Certificate(a["certHash"], previous, a["issuer"], log.at))
        part.current_certificate = a["certHash"]

    def _on_LifecycleEventRecorded(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a, names = log.args, log.enum_names
        self.part(a["partId"]).lifecycle.append(
            LifecycleEvent(
                a["eventIndex"],
                a["recorder"],
                names.get("bizStep", str(a["bizStep"])),
                names.get("disposition", str(a["disposition"])),
                a["location"],
                a["documentHash"],
                a["eventTime"],
                a["corrects"],
                log.at,
            )
        )

    def _on_LifeLimitSet(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).life_limit = LifeLimit(a["cycleLimit"], a["hourLimit"], log.at)

    def _on_UsageRecorded(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        part = self.part(a["partId"])
        part.total_cycles, part.total_hours = a["totalCycles"], a["totalHours"]
        part.usage.append(Usage(a["recorder"], a["cycles"], a["hours_"], a["totalCycles"], a["totalHours"], log.at))

    def _on_MaintenanceRecorded(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).maintenance.append(
            Maintenance(a["index"], a["station"], a["workOrderHash"], a["returnedToService"], log.at)
        )

    def _on_StationAuthorised(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).stations.append(StationAuthorisation("authorised", a["owner"], a["station"], log.at))

    def _on_StationRevoked(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        a = log.args
        self.part(a["partId"]).stations.append(StationAuthorisation("revoked", a["owner"], a["station"], log.at))

    # ------------------------------------------------------------ snapshots

    def history(self, pid: int) -> PartHistory:
        part = self.parts[pid]
        batch_id = part.registration.batch_id if part.registration else 0
        batch = self.batches.get(batch_id) if batch_id else None
        recalls = sorted(part.recalls + (batch.recalls if batch else []), key=lambda r: r.at)
        timeline = sorted(part.logs + (batch.logs if batch else []), key=lambda entry: entry.at)
        return PartHistory(
            part_id=pid,
            registration=part.registration,
            owners=list(part.owners),
            custody=list(part.custody),
            certificates=list(part.certificates),
            lifecycle=list(part.lifecycle),
            maintenance=list(part.maintenance),
            usage=list(part.usage),
            life_limit=part.life_limit,
            recalls=recalls,
            freezes=list(part.freezes),
            retirement=part.retirement,
            handovers=list(part.handovers),
            signed_transfers=list(part.signed),
            forced_transfers=list(part.forced),
            assembly=list(part.assembly),
            timeline=timeline,
            holder=part.holder,
            owner=self.effective_owner(pid),
            custodian=part.custodian,
            parent=part.parent,
            root=self.root(pid),
            children=list(self.children.get(pid, [])),
            suspect=self.is_suspect(pid),
            frozen=part.frozen,
            retired=part.retirement is not None,
            open_offer=part.open_offer,
            current_certificate=part.current_certificate,
            total_cycles=part.total_cycles,
            total_hours=part.total_hours,
            stations=list(part.stations),
        )

    def tree(self, pid: int) -> AssemblyNode:
        return AssemblyNode(
            pid, self._installed_at.get(pid), [self.tree(child) for child in self.children.get(pid, [])]
        )


# ============================================================ the reader


class ProvenanceReader:
    """Rebuilds part histories from the registry's and records' logs (``eth_getLogs`` only).

    `from_block`: the first block to scan (the deploy block of the older contract is enough).
    `chunk`: at most this many blocks per ``eth_getLogs`` request; a range the node refuses is
    split further. `confirmations`: stay this many blocks behind the head (reorg safety on live
    chains). `timestamps`: False skips the ``eth_getBlockByNumber`` a node without
    ``blockTimestamp`` in its logs needs per block (``At.timestamp`` is then None there).
    Every query first fetches the blocks added since the last one (``sync``).
    """

    def __init__(
        self,
        w3: Web3,
        parts_address: str,
        parts_abi: ABI,
        records_address: str,
        records_abi: ABI,
        *,
        from_block: int = 0,
        chunk: int = DEFAULT_CHUNK,
        confirmations: int = 0,
        timestamps: bool = True,
    ):
        if chunk < 1:
            raise InvalidChunk("chunk must be at least 1 block")
        self.w3 = w3
        self.parts_address = to_checksum_address(parts_address)
        self.records_address = to_checksum_address(records_address)
        self.from_block = int(from_block)
        self.chunk = int(chunk)
        self.confirmations = int(confirmations)
        self.timestamps = timestamps
        self._decoder = LogDecoder(
            {self.parts_address: ("PartRegistry", parts_abi), self.records_address: ("PartRecords", records_abi)}
        )
        self._replay = _Replay(self.parts_address)
        self._next_block = self.from_block
        self._timestamps: dict[int, int] = {}
        self.logs: list[DecodedLog] = []
        #: every (from, to) block range asked with eth_getLogs, in order
        self.ranges: list[tuple[int, int]] = []

    # ------------------------------------------------------------ fetching

    @property
    def scanned_to(self) -> int:
        """The last block scanned (from_block - 1 before the first sync)."""
        return self._next_block - 1

    def sync(self) -> int:
        """Fetch and replay the logs of the blocks added since the last sync; returns how many."""
        head = self.w3.eth.block_number - self.confirmations
        if head < self._next_block:
            return 0
        decoded = fetch_decoded(
            self.w3, self._decoder, self._next_block, head, self.chunk, self.ranges, self._timestamp
        )
        group: list[DecodedLog] = []
        for log in decoded:  # one transaction at a time: a Transfer's path is told by its siblings
            if group and (log.at.tx, log.at.block) != (group[0].at.tx, group[0].at.block):
                self._replay.apply_transaction(group)
                group = []
            group.append(log)
        if group:
            self._replay.apply_transaction(group)
        self.logs.extend(decoded)
        self._next_block = head + 1
        return len(decoded)

    def _timestamp(self, log: Mapping[str, Any]) -> int | None:
        number = int(log["blockNumber"])
        stamp = log.get("blockTimestamp")  # Anvil and recent geth include it; others need a block
        if stamp is not None:
            self._timestamps[number] = int(stamp, 16) if isinstance(stamp, str) else int(stamp)
        if number not in self._timestamps:
            if not self.timestamps:
                return None
            self._timestamps[number] = int(self.w3.eth.get_block(number)["timestamp"])
        return self._timestamps[number]

    # ------------------------------------------------------------ queries

    def part_ids(self, *, sync: bool = True) -> list[int]:
        """Every part a log has shown minted, in order of first appearance."""
        if sync:
            self.sync()
        return [pid for pid, part in self._replay.parts.items() if part.holder is not None]

    def history(self, part_id: int, *, sync: bool = True) -> PartHistory:
        """The back-to-birth history of `part_id`; raises UnknownPart if no log names it."""
        return self._replay.history(self._known(part_id, sync))

    def assembly(self, part_id: int, *, sync: bool = True) -> AssemblyNode:
        """The tree of parts installed (now) below `part_id`, rebuilt from install/remove logs."""
        return self._replay.tree(self._known(part_id, sync))

    def _known(self, part_id: int, sync: bool) -> int:
        """`part_id` as an int, after a sync if asked; raises UnknownPart if no log names it."""
        if sync:
            self.sync()
        pid = int(part_id)
        if pid not in self._replay.parts:
            raise UnknownPart(pid, self.from_block, self.scanned_to)
        return pid

    def current_owners(self, *, sync: bool = True) -> dict[int, str | None]:
        """{part id: effective owner} for every part seen: the holder, or for an installed
        part the owner of its assembly's root."""
        if sync:
            self.sync()
        replay = self._replay
        return {pid: replay.effective_owner(pid) for pid, part in replay.parts.items() if part.holder is not None}

    def batch_recalled(self, batch_id: int, *, sync: bool = True) -> bool:
        """Whether batch or lot `batch_id` is under recall, by its BatchRecalled/Cleared logs."""
        if sync:
            self.sync()
        batch = self._replay.batches.get(int(batch_id))
        return bool(batch and batch.recalled)


def read_participant_names(
    w3: Web3, address: str, abi: ABI, *, from_block: int = 0, chunk: int = DEFAULT_CHUNK
) -> dict[str, str]:
    """{account: name} from the participant registry's ParticipantOnboarded logs (a name given
    again on re-onboarding wins)."""
    address = to_checksum_address(address)
    decoder = LogDecoder({address: ("ParticipantRegistry", abi)})
    head = w3.eth.block_number
    logs = fetch_logs(w3, [address], from_block, head, chunk)
    logs.sort(key=lambda log: (int(log["blockNumber"]), int(log["logIndex"])))
    names: dict[str, str] = {}
    for raw in logs:
        log = decoder.decode(raw)
        if log is not None and log.event == "ParticipantOnboarded":
            names[log.args["account"]] = log.args["name"]
    return names
