"""Plain-text provenance reports: a part's back-to-birth history and its assembly tree.

>>> from partledger.provenance import AssemblyNode
>>> tree = AssemblyNode(1, children=[AssemblyNode(2, children=[AssemblyNode(3)]), AssemblyNode(4)])
>>> print(format_tree(tree, labels={1: "ENGINE E-1", 2: "MODULE M-1", 3: "BLADE B-1", 4: "PUMP P-1"}))
ENGINE E-1
├── MODULE M-1
│   └── BLADE B-1
└── PUMP P-1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from partledger._abi import format_value, readable_text
from partledger.provenance import AssemblyNode, At, HandoverStep, PartHistory, ProvenanceReader, UnknownPart

__all__ = ["format_history", "format_tree", "format_provenance", "describe_parts", "part_label", "when"]


def when(at: At) -> str:
    """'block 12, 2026-11-26 05:40:01 UTC'."""
    if at.timestamp is None:
        return f"block {at.block}"
    stamp = datetime.fromtimestamp(at.timestamp, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"block {at.block}, {stamp}"


def _who(address: str | None, names: Mapping[str, str] | None) -> str:
    if not address:
        return "-"
    name = (names or {}).get(address)
    return f"{name} ({address[:6]}…{address[-4:]})" if name else address


def _hash(value: bytes | None) -> str:
    return format_value("bytes32", value) if value else "-"


def _text(value: bytes | None) -> str:
    if not value:
        return "-"
    text = readable_text(value)
    return text if text is not None else _hash(value)


def part_label(history: PartHistory) -> str:
    """'PN-100 SN-1 (0x435d27af…)', or the id alone when the registration was not scanned."""
    short = format_value("uint256", history.part_id)
    reg = history.registration
    if reg is None:
        return short
    return f"{_text(reg.part_number)} {_text(reg.serial_number)} ({short})"


def format_tree(
    node: AssemblyNode, *, labels: Mapping[int, str] | None = None, statuses: Mapping[int, str] | None = None
) -> str:
    """The assembly below `node` as an indented tree, one part per line; a part whose status
    (from `statuses`) is not InService is tagged, e.g. "[Suspect]"."""
    labels, statuses = labels or {}, statuses or {}

    def label(pid: int) -> str:
        text = labels.get(pid) or format_value("uint256", pid)
        status = statuses.get(pid, "InService")
        return text if status == "InService" else f"{text} [{status}]"

    lines = [label(node.part_id)]

    def walk(children: list[AssemblyNode], prefix: str) -> None:
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.append(prefix + ("└── " if last else "├── ") + label(child.part_id))
            walk(child.children, prefix + ("    " if last else "│   "))

    walk(node.children, "")
    return "\n".join(lines)


def format_history(
    history: PartHistory,
    *,
    names: Mapping[str, str] | None = None,
    labels: Mapping[int, str] | None = None,
    tree: AssemblyNode | None = None,
    statuses: Mapping[int, str] | None = None,
) -> str:
    """A readable back-to-birth report. `names`: {address: participant name}; `labels`:
    {part id: label} for parents and children; `tree`: the assembly below the part, its parts
    tagged with their status from `statuses` when not in service."""
    labels = dict(labels or {})
    labels.setdefault(history.part_id, part_label(history))

    def part(pid: int | None) -> str:
        return labels.get(pid) or format_value("uint256", pid) if pid is not None else "-"

    def who(address: str | None) -> str:
        return _who(address, names)

    out: list[str] = [f"Part {labels[history.part_id]}", f"  id {history.part_id:#066x}"]

    reg = history.registration
    if reg is not None:
        how = {
            "single": "registered on its own",
            "batch": f"registered in batch {reg.batch_id}",
            "lot": f"claimed from lot {reg.batch_id} ({_text(reg.lot_number)}) by {who(reg.first_holder)}",
        }[reg.kind]
        out.append(f"  made by {who(reg.manufacturer)}: {how}, {when(reg.at)}")
        if reg.metadata_hash and any(reg.metadata_hash):
            out.append(f"  data sheet {_hash(reg.metadata_hash)}")
    state = f"  status {history.status}; owner {who(history.owner)}"
    if history.parent is not None:
        state += f"; installed in {part(history.parent)}"
    if history.custodian:
        state += f"; in the custody of {who(history.custodian)}"
    out.append(state)

    def section(title: str, rows: list[str]) -> None:
        if rows:
            out.append(title)
            out.extend("  " + row for row in rows)

    owner_rows = []
    for o in history.owners:
        if o.via == "assembly moved":
            text = f"with assembly {part(o.moved_with)} to {who(o.effective_owner)}"
        elif o.installed:
            text = f"installed in {part(o.installed_in)} (owner {who(o.effective_owner)})"
        else:
            text = f"{who(o.holder)} ({o.via})"
        owner_rows.append(f"{when(o.at)}: {text}")
    section("Owners", owner_rows)

    section(
        "Custody",
        [
            f"{when(c.at)}: "
            + (f"to {who(c.custodian)}" if c.custodian else f"back to the owner from {who(c.previous)}")
            for c in history.custody
        ],
    )
    section(
        "Certificates",
        [
            f"{when(c.at)}: {_hash(c.cert_hash)} by {who(c.issuer)}"
            + (f", supersedes {_hash(c.previous)}" if c.previous else ", first")
            + (" [current]" if c.cert_hash == history.current_certificate else "")
            for c in history.certificates
        ],
    )
    section(
        "Lifecycle events",
        [
            f"{when(e.at)}: #{e.index} {e.biz_step} / {e.disposition} at {_text(e.location)} by {who(e.recorder)}"
            + (f", doc {_hash(e.document_hash)}" if any(e.document_hash) else "")
            + (f" (corrects #{e.corrects})" if e.corrects else "")
            for e in history.lifecycle
        ],
    )
    section(
        "Maintenance",
        [
            f"{when(m.at)}: #{m.index} by {who(m.station)}, work order {_hash(m.work_order_hash)}"
            + (", returned to service" if m.returned_to_service else "")
            for m in history.maintenance
        ],
    )
    usage_rows = []
    if history.life_limit is not None:
        limit = history.life_limit
        usage_rows.append(
            f"{when(limit.at)}: life limit {limit.cycle_limit or '-'} cycles / {limit.hour_limit or '-'} hours"
        )
    usage_rows += [
        f"{when(u.at)}: +{u.cycles} cycles +{u.hours} h by {who(u.recorder)}, total {u.total_cycles} cycles "
        f"{u.total_hours} h"
        for u in history.usage
    ]
    section("Usage", usage_rows)
    section(
        "Repair stations", [f"{when(a.at)}: {who(a.station)} {a.action} by {who(a.owner)}" for a in history.stations]
    )
    section(
        "Recalls",
        [
            f"{when(r.at)}: {r.action} ({'batch ' + str(r.batch_id) if r.scope == 'batch' else 'this part'})"
            f" by {who(r.by)}, reason {_hash(r.reason_hash)}"
            for r in history.recalls
        ],
    )
    section(
        "Freezes",
        [f"{when(f.at)}: {f.action} by {who(f.regulator)}, reason {_hash(f.reason_hash)}" for f in history.freezes],
    )

    def handover(h: HandoverStep) -> str:
        if h.action == "offered":
            expiry = datetime.fromtimestamp(h.expiry, tz=UTC) if h.expiry else None
            until = f", open until {expiry:%Y-%m-%d %H:%M} UTC" if expiry else ""
            return f"offered by {who(h.owner)} to {who(h.recipient)}{until}"
        if h.action == "cancelled":
            return f"offer to {who(h.recipient)} withdrawn"
        return f"{h.action} by {who(h.recipient)}"

    section("Handovers", [f"{when(h.at)}: {handover(h)}" for h in history.handovers])
    section(
        "Signed transfers",
        [
            f"{when(s.at)}: {who(s.sender)} -> {who(s.recipient)}, nonce {s.nonce}, relayed by {who(s.relayer)}"
            for s in history.signed_transfers
        ],
    )
    section(
        "Forced transfers",
        [
            f"{when(f.at)}: {who(f.sender)} -> {who(f.recipient)} by {who(f.enforcer)}, reason {_hash(f.reason_hash)}"
            for f in history.forced_transfers
        ],
    )
    section(
        "Installations",
        [
            f"{when(a.at)}: "
            + (
                f"{a.action} {'into' if a.action == 'installed' else 'from'} {part(a.parent)}"
                if a.child == history.part_id
                else f"{part(a.child)} {a.action}"
            )
            + f" by {who(a.by)}"
            for a in history.assembly
        ],
    )
    if history.retirement is not None:
        r = history.retirement
        out.append(f"Retired {when(r.at)} by {who(r.by)}, reason {_hash(r.reason_hash)}")
    if tree is not None and tree.children:
        out.append("Assembly")
        out.extend("  " + line for line in format_tree(tree, labels=labels, statuses=statuses).splitlines())
    return "\n".join(out)


def format_provenance(reader: ProvenanceReader, part_id: int, *, names: Mapping[str, str] | None = None) -> str:
    """The full report of `part_id` from a reader: history, with parents and children
    labelled by part number and serial, and the assembly tree below it."""
    history = reader.history(part_id)
    tree = reader.assembly(part_id, sync=False)
    related = set(tree.part_ids()) | {a.parent for a in history.assembly} | {a.child for a in history.assembly}
    related |= {o.installed_in for o in history.owners if o.installed_in}
    related |= {o.moved_with for o in history.owners if o.moved_with}
    labels, statuses = describe_parts(reader, related)
    return format_history(history, names=names, labels=labels, tree=tree, statuses=statuses)


def describe_parts(reader: ProvenanceReader, part_ids: Iterable[int]) -> tuple[dict[int, str], dict[int, str]]:
    """({part id: label}, {part id: status}) of `part_ids` from the blocks `reader` has already
    read (no sync); a part outside them keeps its bare id and no status."""
    labels, statuses = {}, {}
    for pid in part_ids:
        try:
            other = reader.history(pid, sync=False)
        except UnknownPart:  # outside the scanned blocks: it keeps its bare id
            continue
        labels[pid], statuses[pid] = part_label(other), other.status
    return labels, statuses
