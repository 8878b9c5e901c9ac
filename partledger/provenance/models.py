"""What a part's history is made of: frozen dataclasses, oldest first, as the replay
(:mod:`partledger.provenance.replay`) builds them from logs. Addresses are checksummed.

>>> tree = AssemblyNode(1, children=[AssemblyNode(2, children=[AssemblyNode(3)]), AssemblyNode(4)])
>>> tree.part_ids()
[1, 2, 3, 4]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from partledger._logs import At, DecodedLog

__all__ = [
    "At",
    "DecodedLog",
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
]


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
    # parts installed below this one (at any depth) frozen or recalled on their own, parents first:
    # what the registry counts as FLAGGED_BELOW
    flagged_below: list[int] = field(default_factory=list)

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
        """The contract's verdict order: Retired, Suspect, Frozen, Suspect again for an assembly
        holding a flagged part (`flagged_below`), else InService."""
        if self.retired:
            return "Retired"
        if self.suspect:
            return "Suspect"
        if self.frozen:
            return "Frozen"
        if self.flagged_below:
            return "Suspect"
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
