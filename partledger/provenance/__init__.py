"""Back-to-birth provenance of a part, rebuilt from event logs alone.

:class:`ProvenanceReader` reads the PartRegistry's and PartRecords' logs (no contract state),
replays them in chain order and answers, for any part: how it was registered, every owner with
block and time, custodians, certificates, EPCIS lifecycle events with corrections, maintenance,
usage and life limit, repair stations, recalls and clearances, freezes, retirement, handovers,
signed and forced transfers, installations and removals, and the assembly tree below it.

The package is four layers, each its own module:

- :mod:`~partledger.provenance.models`: what a history is made of (dataclasses);
- :mod:`~partledger.provenance.replay`: decoded logs turned into those models;
- :mod:`~partledger.provenance.source`: where logs come from (:class:`LogSource`, and
  :class:`RpcLogSource`: ``eth_getLogs`` in ranges that adapt to the node's limits);
- :mod:`~partledger.provenance.index`: :class:`HistoryIndex`, the logs kept in SQLite and synced
  incrementally, reorg-safe, behind the same protocol.

>>> reader = ProvenanceReader(w3, parts.address, parts.abi, records.address, records.abi,
...                           from_block=deploy_block, chunk=2_000, index=True)   # doctest: +SKIP
>>> history = reader.history(part_id)                                  # doctest: +SKIP
>>> [(o.via, o.effective_owner) for o in history.owners]               # doctest: +SKIP
[('registration', '0xMaker...'), ('handover', '0xAirline...'), ('install', '0xAirline...')]
>>> reader.current_owners()[part_id] == history.owner                  # doctest: +SKIP
True
"""

from partledger._logs import At, DecodedLog, RawLog
from partledger.exceptions import IndexMismatch, LogQueryFailed, LogQueryRefused, UnknownPart
from partledger.provenance.index import ENV_INDEX, HistoryIndex, index_path
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
from partledger.provenance.reader import LogReader, ProvenanceReader, read_participant_names
from partledger.provenance.source import DEFAULT_CHUNK, LogSource, RpcLogSource, TreeLogSource

__all__ = [
    "DEFAULT_CHUNK",
    "At",
    "DecodedLog",
    "RawLog",
    "ProvenanceReader",
    "LogReader",
    "LogSource",
    "TreeLogSource",
    "RpcLogSource",
    "HistoryIndex",
    "ENV_INDEX",
    "index_path",
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
    "LogQueryRefused",
    "LogQueryFailed",
    "IndexMismatch",
    "read_participant_names",
]
