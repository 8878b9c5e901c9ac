"""The replay: decoded logs applied in chain order, one transaction at a time, to rebuild every
part's state and history (:class:`Replay`). It reads nothing but the logs it is given.

>>> replay = Replay("0x" + "11" * 20)
>>> replay.parts
{}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partledger._abi import checksum
from partledger._logs import At, DecodedLog, RawLog
from partledger.ids import part_id as derive_part_id
from partledger.provenance.models import (
    AssemblyChange,
    AssemblyNode,
    Certificate,
    CustodyChange,
    ForcedTransfer,
    FreezeAction,
    HandoverStep,
    LifecycleEvent,
    LifeLimit,
    Maintenance,
    Ownership,
    PartHistory,
    RecallAction,
    Registration,
    Retirement,
    SignedTransfer,
    StationAuthorisation,
    Usage,
)

__all__ = ["Replay", "Assembly", "ASSEMBLY_EVENTS"]

ZERO_ADDRESS = "0x" + "00" * 20
ZERO_HASH = b"\x00" * 32
# The events that alone decide the assembly tree: a part changes parent through nothing else.
ASSEMBLY_EVENTS = ("PartInstalledInto", "PartRemovedFrom")


class Assembly:
    """Which part is installed in which, now: the one place the tree's rules live. The replay
    keeps one, fed by every log; a tree query feeds one from installation and removal logs alone
    (:meth:`from_logs`), which is enough: a part changes parent by nothing else."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.installed_at: dict[int, At] = {}

    @classmethod
    def from_logs(cls, logs: Iterable[RawLog], install: str, remove: str) -> Assembly:
        """From PartInstalledInto (topic0 `install`) and PartRemovedFrom (`remove`) logs in chain
        order, undecoded: both carry the child in topic1 and the parent in topic2."""
        assembly = cls()
        for log in logs:
            topic0, child = log.topics[0], int(log.topics[1], 16)
            if topic0 == install:
                assembly.install(child, int(log.topics[2], 16), At(log.block, log.log_index, log.tx, log.timestamp))
            elif topic0 == remove:
                assembly.remove(child)
        return assembly

    def install(self, child: int, parent: int, at: At | None = None) -> None:
        """`child` now sits in `parent` (`at`: the installation's log)."""
        if self.parent.get(child) != parent:
            self.remove(child)
            self.parent[child] = parent
            self.children[parent].append(child)
        if at is not None:
            self.installed_at[child] = at

    def remove(self, child: int) -> None:
        parent = self.parent.pop(child, None)
        if parent is None:
            return
        siblings = self.children.get(parent)
        if siblings and child in siblings:
            siblings.remove(child)
        self.installed_at.pop(child, None)

    def root(self, pid: int) -> int:
        """The top of the assembly `pid` sits in (itself when not installed)."""
        seen = set()
        while pid in self.parent and pid not in seen:
            seen.add(pid)
            pid = self.parent[pid]
        return pid

    def descendants(self, pid: int) -> list[int]:
        """Every part below `pid`, parents before their children."""
        out, stack = [], list(reversed(self.children.get(pid, [])))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self.children.get(child, [])))
        return out

    def tree(self, pid: int) -> AssemblyNode:
        return AssemblyNode(pid, self.installed_at.get(pid), [self.tree(c) for c in self.children.get(pid, [])])


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


class Replay:
    """State rebuilt by applying decoded logs in chain order, one transaction at a time.

    `registry`: the PartRegistry's address (its Transfers move parts). Feed it with
    :meth:`apply`; read it with :meth:`history`, :meth:`tree` and the state queries.
    """

    def __init__(self, registry: str):
        self.registry = checksum(registry)
        self.parts: dict[int, _Part] = {}
        self.batches: dict[int, _Batch] = defaultdict(_Batch)
        self.assembly = Assembly()
        self._group_events: set[str] = set()  # the events of the transaction being applied

    # ------------------------------------------------------------ queries

    def part(self, pid: int) -> _Part:
        part = self.parts.get(pid)
        if part is None:
            part = self.parts[pid] = _Part(pid)
        return part

    def root(self, pid: int) -> int:
        return self.assembly.root(pid)

    def effective_owner(self, pid: int) -> str | None:
        root = self.parts.get(self.root(pid))
        return root.holder if root else None

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

    def apply(self, logs: Iterable[DecodedLog]) -> None:
        """Apply logs in chain order, one transaction at a time: how a Transfer happened is told
        by the other logs of its transaction."""
        group: list[DecodedLog] = []
        for log in logs:
            if group and (log.at.tx, log.at.block) != (group[0].at.tx, group[0].at.block):
                self.apply_transaction(group)
                group = []
            group.append(log)
        if group:
            self.apply_transaction(group)

    def apply_transaction(self, logs: list[DecodedLog]) -> None:
        """Apply the logs of one transaction."""
        self._group_events = {log.event for log in logs}
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

    def _sibling(self, group: list[DecodedLog], event: str, key: str, value: Any) -> DecodedLog | None:
        if event not in self._group_events:  # most transactions: no scan (a batch mints hundreds)
            return None
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
            if parent is not None:
                self.assembly.install(pid, parent)
            effective = self.effective_owner(pid)
            part.owners.append(Ownership(receiver, effective, previous, "install", log.at, installed_in=parent))
            return
        if sender == self.registry:
            self.assembly.remove(pid)
            part.holder = receiver
            part.owners.append(Ownership(receiver, receiver, previous, "removal", log.at))
            return
        via = next(
            (path for event, path in _TRANSFER_PATHS.items() if self._sibling(group, event, "partId", pid)), "transfer"
        )
        part.holder = receiver
        part.owners.append(Ownership(receiver, receiver, previous, via, log.at))
        for descendant in self.assembly.descendants(pid):  # the assembly travels with its root
            child = self.parts[descendant]
            child.owners.append(
                Ownership(
                    child.holder or self.registry,  # an installed part: the registry holds it
                    receiver,
                    previous,
                    "assembly moved",
                    log.at,
                    installed_in=self.assembly.parent.get(descendant),
                    moved_with=pid,
                )
            )

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
        self.assembly.install(child, parent, log.at)  # the Transfer just before placed it; the time is this log's
        change = AssemblyChange("installed", child, parent, log.args["by"], log.at)
        self.part(child).assembly.append(change)
        self.part(parent).assembly.append(change)

    def _on_PartRemovedFrom(self, log: DecodedLog, _group: list[DecodedLog]) -> None:
        child, parent = log.args["childId"], log.args["parentId"]
        self.part(child)
        self.assembly.remove(child)
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
            parent=self.assembly.parent.get(pid),
            root=self.root(pid),
            children=list(self.assembly.children.get(pid, [])),
            suspect=self.is_suspect(pid),
            frozen=part.frozen,
            retired=part.retirement is not None,
            open_offer=part.open_offer,
            current_certificate=part.current_certificate,
            total_cycles=part.total_cycles,
            total_hours=part.total_hours,
            stations=list(part.stations),
            flagged_below=[d for d in self.assembly.descendants(pid) if self._flagged(d)],
        )

    def _flagged(self, pid: int) -> bool:
        """Frozen or recalled on its own: what an assembly above it counts (a batch recall is not
        counted, as in the registry)."""
        part = self.parts.get(pid)
        return part is not None and (part.suspect_flag or part.frozen)

    def tree(self, pid: int) -> AssemblyNode:
        return self.assembly.tree(pid)
