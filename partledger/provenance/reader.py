"""Readers that follow contracts' logs through a :class:`~partledger.provenance.source.LogSource`:
:class:`LogReader` (what every reader shares: the source or the index, incremental syncs, a
fresh start when the chain reorganised) and :class:`ProvenanceReader` (parts).

>>> reader = ProvenanceReader(w3, parts.address, parts.abi, records.address, records.abi,
...                           from_block=deploy_block, index=True)   # doctest: +SKIP
>>> reader.assembly(engine_id).part_ids()[:3]                        # doctest: +SKIP
[3054..., 8812..., 1290...]
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from web3 import Web3

from partledger._abi import ABI, checksum, topic0
from partledger._logs import DecodedLog, LogDecoder
from partledger.exceptions import InvalidChunk, UnknownPart
from partledger.provenance.index import HistoryIndex, open_index
from partledger.provenance.models import AssemblyNode, PartHistory
from partledger.provenance.replay import ASSEMBLY_EVENTS, Assembly, Replay
from partledger.provenance.source import DEFAULT_CHUNK, LogSource, RpcLogSource, TreeLogSource

__all__ = ["LogReader", "ProvenanceReader", "read_participant_names"]

IndexArgument = HistoryIndex | bool | str | os.PathLike[str] | None


class LogReader:
    """Follows the logs of `contracts` ({address: (label, ABI)}) from `from_block` on.

    Where the logs come from: `source` (any :class:`LogSource`; default: an
    :class:`RpcLogSource` on `w3` asking at most `chunk` blocks at a time, `timestamps` as
    there), behind a :class:`HistoryIndex` when `index` says so (True: the default file; a path:
    that file; an index: itself; see :func:`~partledger.provenance.index.open_index`).
    `confirmations`: stay this many blocks behind the head (the index's depth when there is one).

    :meth:`sync` reads the blocks added since the last sync and hands their decoded logs to
    :meth:`_apply` in chain order. Before that it checks that the last block read still has the
    hash it had: if not (a reorganisation, a local chain reverted or reset), the reader forgets
    everything (:meth:`_reset`) and reads again from `from_block`.
    """

    def __init__(
        self,
        w3: Web3,
        contracts: Mapping[str, tuple[str, ABI]],
        *,
        from_block: int = 0,
        chunk: int = DEFAULT_CHUNK,
        confirmations: int = 0,
        timestamps: bool = True,
        source: LogSource | None = None,
        index: IndexArgument = None,
        chain_id: int | None = None,
    ) -> None:
        if chunk < 1:
            raise InvalidChunk("chunk must be at least 1 block")
        self.w3 = w3
        self.from_block, self.chunk, self.confirmations = int(from_block), int(chunk), int(confirmations)
        self.timestamps = timestamps
        self.decoder = LogDecoder(contracts)
        self.rpc: RpcLogSource | None = None
        upstream: LogSource
        if source is None:
            upstream = self.rpc = RpcLogSource(w3, chunk=chunk, timestamps=timestamps)
        else:
            upstream = source
        self.index = open_index(
            index,
            w3,
            upstream,
            self.decoder.addresses,
            from_block=self.from_block,
            chain_id=chain_id,
            confirmations=self.confirmations,
        )
        self.source: LogSource = self.index or upstream
        if self.index is not None:
            self.confirmations = 0  # the index keeps its distance from the head
        self.logs: list[DecodedLog] = []
        self.resets = 0  # times the chain was found reorganised or reset
        self._next_block = self.from_block
        self._last_hash: str | None = None

    @property
    def ranges(self) -> list[tuple[int, int]]:
        """Every block range the node answered ``eth_getLogs`` for, in order ([] with a source
        given)."""
        return self.rpc.ranges if self.rpc is not None else []

    @property
    def scanned_to(self) -> int:
        """The last block read (from_block - 1 before the first sync)."""
        return self._next_block - 1

    def sync(self) -> int:
        """Read and apply the logs of the blocks added since the last sync; returns how many."""
        head = self.source.head() - self.confirmations
        if self.scanned_to >= self.from_block and self.source.block_hash(self.scanned_to) != self._last_hash:
            self._reset()
            self.logs, self._next_block, self.resets = [], self.from_block, self.resets + 1
        if head < self._next_block:
            return 0
        decoded = self.decoder.decode_all(self.source.logs(self.decoder.addresses, self._next_block, head))
        self._apply(decoded)
        self.logs.extend(decoded)
        self._next_block = head + 1
        self._last_hash = self.source.block_hash(head)
        return len(decoded)

    def _apply(self, logs: list[DecodedLog]) -> None:
        """Take in newly read logs (chain order)."""
        raise NotImplementedError

    def _reset(self) -> None:
        """Forget everything read (the chain changed under the reader)."""
        raise NotImplementedError


class ProvenanceReader(LogReader):
    """Rebuilds part histories from the PartRegistry's and PartRecords' logs alone (no contract
    state is read): for any part, how it was registered, every owner with block and time (an
    installed part is "installed in <parent>", its effective owner the owner of the assembly's
    root), custodians, the certificate chain, EPCIS lifecycle events with corrections,
    maintenance, usage and life limit, the repair stations its owners authorised, recalls and
    clearances (its own and its batch's), freezes, retirement, handover offers, signed and forced
    transfers, installations and removals, and the assembly tree below it.

    Arguments after the ABIs: see :class:`LogReader`. Every query syncs first unless
    ``sync=False``. With an index, :meth:`assembly` reads only the installations and removals
    below the part (an SQL query), not every log of the deployment.
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
        source: LogSource | None = None,
        index: IndexArgument = None,
        chain_id: int | None = None,
    ):
        self.parts_address = checksum(parts_address)
        self.records_address = checksum(records_address)
        super().__init__(
            w3,
            {self.parts_address: ("PartRegistry", parts_abi), self.records_address: ("PartRecords", records_abi)},
            from_block=from_block,
            chunk=chunk,
            confirmations=confirmations,
            timestamps=timestamps,
            source=source,
            index=index,
            chain_id=chain_id,
        )
        events = {e["name"]: "0x" + topic0(e).hex() for e in parts_abi if e.get("type") == "event"}
        self._assembly_topics = [events[name] for name in ASSEMBLY_EVENTS]
        self._replay = Replay(self.parts_address)

    def _apply(self, logs: list[DecodedLog]) -> None:
        self._replay.apply(logs)

    def _reset(self) -> None:
        self._replay = Replay(self.parts_address)

    # ------------------------------------------------------------ queries

    def part_ids(self, *, sync: bool = True) -> list[int]:
        """Every part a log has shown minted, in order of first appearance."""
        if sync:
            self.sync()
        return [pid for pid, part in self._replay.parts.items() if part.holder is not None]

    def history(self, part_id: int, *, sync: bool = True) -> PartHistory:
        """The back-to-birth history of `part_id`; raises UnknownPart if no log names it."""
        pid = self._known(part_id, sync)  # first: a sync may start the replay over
        return self._replay.history(pid)

    def assembly(self, part_id: int, *, sync: bool = True) -> AssemblyNode:
        """The tree of parts installed (now) below `part_id`, rebuilt from install/remove logs;
        raises UnknownPart if no log names the part."""
        source = self.source
        if not isinstance(source, TreeLogSource):
            pid = self._known(part_id, sync)
            return self._replay.tree(pid)
        pid = int(part_id)
        head = source.head() if sync else self.scanned_to
        word = f"0x{pid:064x}"
        install, remove = self._assembly_topics
        raw = source.subtree_logs(
            self.parts_address, link=install, events=[install, remove], root=word, from_block=self.from_block
        )
        if not raw and not source.mentions(self.parts_address, word, self.from_block):
            raise UnknownPart(pid, self.from_block, head)
        return Assembly.from_logs(raw, install, remove).tree(pid)  # what the full replay keeps, from these logs

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
    decoder = LogDecoder({address: ("ParticipantRegistry", abi)})
    source = RpcLogSource(w3, chunk=chunk, timestamps=False)
    names: dict[str, str] = {}
    for log in decoder.decode_all(source.logs(decoder.addresses, from_block, source.head())):
        if log.event == "ParticipantOnboarded":
            names[log.args["account"]] = log.args["name"]
    return names
