"""The history index: the logs of one deployment kept in SQLite, so that reading a history does
not scan the chain again.

:class:`HistoryIndex` is a :class:`~partledger.provenance.source.LogSource` in front of another
one (the node): each :meth:`~HistoryIndex.sync` fetches only the blocks added since the last one
it stored, and the readers then read from the file. It is safe against reorganisations: it
stores blocks only up to ``head - confirmations``, keeps the hash of every block it stored logs
of and of every block it synced to, and before going on checks the last one against the chain.
When that hash changed (a reorg, or a local chain reset or reverted to a snapshot), it finds
the newest stored block the chain still has (a binary search over the stored hashes) and drops
everything after it, then fetches again.

One file holds one deployment: the file is named after the chain id and the contract addresses,
which it also records, and opening it for other contracts raises
:class:`~partledger.exceptions.IndexMismatch`. The files live in ``$PARTLEDGER_INDEX`` when set
(``off`` turns the index off where it is the default), else ``$XDG_CACHE_HOME/partledger``, else
``~/.cache/partledger``. A file of an older schema is rebuilt (it is a cache).

>>> index_path(31337, ["0x" + "aa" * 20, "0x" + "bb" * 20], "/tmp/idx").name
'31337-0a3f223b600b00e6.sqlite'
>>> index = HistoryIndex(tmp / "i.sqlite", RpcLogSource(w3), chain_id=31337,   # doctest: +SKIP
...                      addresses=[registry, records], from_block=deploy_block)
>>> index.sync()                 # logs stored: everything the first time, new blocks after  # doctest: +SKIP
30099
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from web3 import Web3

from partledger._logs import RawLog
from partledger.exceptions import IndexMismatch, IndexRangeError, InvalidConfirmations
from partledger.provenance.source import LogSource

__all__ = [
    "ENV_INDEX",
    "ENV_CONFIRMATIONS",
    "SCHEMA_VERSION",
    "DEFAULT_CONFIRMATIONS",
    "HistoryIndex",
    "default_confirmations",
    "index_directory",
    "index_path",
    "index_enabled",
    "open_index",
]

ENV_INDEX = "PARTLEDGER_INDEX"  # the folder of index files, or "off"
ENV_CONFIRMATIONS = "PARTLEDGER_CONFIRMATIONS"  # blocks behind the head before a log is kept
_OFF = {"off", "0", "no", "none", "false"}
SCHEMA_VERSION = 1
SYNC_WINDOW = 50_000  # blocks fetched, then committed, at a time: a long first sync keeps its progress
DEFAULT_CONFIRMATIONS = 12  # on a public chain: blocks behind the head before a log is kept
LOCAL_CHAIN_IDS = {31337, 1337}  # Anvil, Ganache: nothing reorganises them, they only reset

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL, timestamp INTEGER);
CREATE TABLE IF NOT EXISTS logs (
    block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx TEXT NOT NULL, address TEXT NOT NULL,
    topic0 TEXT, topic1 TEXT, topic2 TEXT, topic3 TEXT, data TEXT NOT NULL,
    PRIMARY KEY (block, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS logs_topic1 ON logs (topic1);
CREATE INDEX IF NOT EXISTS logs_topic2 ON logs (topic2);
CREATE INDEX IF NOT EXISTS logs_topic3 ON logs (topic3);
"""
_COLUMNS = "l.block, l.log_index, l.tx, l.address, l.topic0, l.topic1, l.topic2, l.topic3, l.data, b.hash, b.timestamp"


def index_enabled() -> bool:
    """False when ``$PARTLEDGER_INDEX`` is ``off`` (or 0, no, none, false)."""
    return os.environ.get(ENV_INDEX, "").strip().lower() not in _OFF


def index_directory() -> Path:
    """``$PARTLEDGER_INDEX``, else ``$XDG_CACHE_HOME/partledger``, else ``~/.cache/partledger``."""
    chosen = os.environ.get(ENV_INDEX, "").strip()
    if chosen and chosen.lower() not in _OFF:
        return Path(chosen).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "partledger"


def _key(chain_id: int, addresses: Sequence[str]) -> str:
    return f"chain {int(chain_id)}: " + ", ".join(sorted(a.lower() for a in addresses))


def index_path(chain_id: int, addresses: Sequence[str], directory: str | os.PathLike[str] | None = None) -> Path:
    """``<directory>/<chainId>-<hash of the addresses>.sqlite``; `directory` defaults to
    :func:`index_directory`."""
    digest = hashlib.sha256(_key(chain_id, addresses).encode()).hexdigest()[:16]
    return Path(directory or index_directory()) / f"{int(chain_id)}-{digest}.sqlite"


def default_confirmations(chain_id: int) -> int:
    """$PARTLEDGER_CONFIRMATIONS when set (e.g. 0 on a consortium chain with instant finality),
    else 0 on a local chain (Anvil, Ganache), else :data:`DEFAULT_CONFIRMATIONS`.

    >>> default_confirmations(31337), default_confirmations(11155111)
    (0, 12)
    """
    given = os.environ.get(ENV_CONFIRMATIONS, "").strip()
    if given:
        if not given.isdigit():
            raise InvalidConfirmations(
                f"{ENV_CONFIRMATIONS} must be a whole number of blocks (0 or more), not {given!r}"
            )
        return int(given)
    return 0 if int(chain_id) in LOCAL_CHAIN_IDS else DEFAULT_CONFIRMATIONS


class HistoryIndex:
    """The logs of `addresses` on chain `chain_id` from `from_block` on, kept in the SQLite file
    `path` and synced from `upstream` (usually a :class:`~partledger.provenance.source.RpcLogSource`).

    A :class:`~partledger.provenance.source.TreeLogSource`: :meth:`head` syncs first, then says
    how far the file goes; :meth:`logs` reads the file. ``rollbacks`` lists each reorganisation
    met as (last block stored, block kept).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        upstream: LogSource,
        *,
        chain_id: int,
        addresses: Sequence[str],
        from_block: int = 0,
        confirmations: int = 0,
    ) -> None:
        if confirmations < 0:
            raise InvalidConfirmations(f"confirmations must be 0 or more, not {confirmations}")
        self.path = Path(path)
        self.upstream = upstream
        self.chain_id = int(chain_id)
        self.addresses = sorted({a.lower() for a in addresses})
        self.key = _key(chain_id, self.addresses)
        self.confirmations = int(confirmations)
        self.rollbacks: list[tuple[int, int]] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)  # transactions: _write
        self._db.execute("PRAGMA journal_mode=WAL")  # readers in other processes do not block a sync
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._open(int(from_block))

    @classmethod
    def for_chain(
        cls,
        w3: Web3,
        upstream: LogSource,
        addresses: Sequence[str],
        *,
        from_block: int = 0,
        path: str | os.PathLike[str] | None = None,
        chain_id: int | None = None,
        confirmations: int | None = None,
    ) -> HistoryIndex:
        """The index of `addresses` on `w3`'s chain, at `path` or its default place
        (:func:`index_path`); `confirmations` default: :func:`default_confirmations`."""
        chain = int(chain_id if chain_id is not None else w3.eth.chain_id)
        depth = default_confirmations(chain) if confirmations is None else confirmations
        where = path if path is not None else index_path(chain, addresses)
        return cls(where, upstream, chain_id=chain, addresses=addresses, from_block=from_block, confirmations=depth)

    # ------------------------------------------------------------ the file

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so two processes syncing do not interleave."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _open(self, from_block: int) -> None:
        with self._write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta and meta.get("key") != self.key and meta.get("schema") == str(SCHEMA_VERSION):
                raise IndexMismatch(self.path, self.key, meta.get("key", "?"))
            if meta.get("schema") != str(SCHEMA_VERSION):  # new, or an older layout: rebuilt
                for table in ("logs", "blocks", "meta"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _SCHEMA.split(";"):  # not executescript: it would commit
                    if statement.strip():
                        db.execute(statement)
                self._set(db, schema=SCHEMA_VERSION, key=self.key, from_block=from_block, synced_to=from_block - 1)
            elif from_block < int(meta["from_block"]):  # asked for earlier blocks: start over from there
                self._clear(db, from_block - 1)
                self._set(db, from_block=from_block)

    @staticmethod
    def _set(db: sqlite3.Connection, **values: Any) -> None:
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    def _meta(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0])

    @staticmethod
    def _clear(db: sqlite3.Connection, keep: int) -> None:
        """Forget every block after `keep`."""
        db.execute("DELETE FROM logs WHERE block > ?", (keep,))
        db.execute("DELETE FROM blocks WHERE number > ?", (keep,))
        HistoryIndex._set(db, synced_to=keep)

    @property
    def from_block(self) -> int:
        """The first block the file holds."""
        return self._meta("from_block")

    @property
    def synced_to(self) -> int:
        """The last block the file holds (from_block - 1 before the first sync)."""
        return self._meta("synced_to")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ syncing

    def sync(self) -> int:
        """Fetch and store the logs of the blocks added upstream since the last sync (up to
        ``head - confirmations``), after undoing any block the chain no longer has. A window is
        stored only if the hash of its last block is the same before and after its logs were
        read (a reorg in between would file the lost fork's logs under the new fork's hash);
        else the sync stops there and the next one reads it again. Returns how many logs were
        stored."""
        target = self.upstream.head() - self.confirmations
        tip = self._check_tip()
        stored = 0
        start = tip + 1
        while start <= target:
            end = min(start + SYNC_WINDOW - 1, target)
            end_hash = self.upstream.block_hash(end)
            logs = self.upstream.logs(self.addresses, start, end)
            if end_hash is None or self.upstream.block_hash(end) != end_hash:
                break  # the chain replaced blocks while we read (or lags): the next call reads again
            with self._write() as db:
                if self._meta("synced_to") != start - 1:
                    break  # another process synced meanwhile: the next call goes on from there
                self._store(db, logs, end, end_hash)
            stored += len(logs)
            start = end + 1
        return stored

    def _check_tip(self) -> int:
        """The last block stored, once its hash is checked against the chain (rolled back to
        the newest block the chain still has when it is not)."""
        with self._write() as db:
            tip = self._meta("synced_to")
            row = db.execute("SELECT hash FROM blocks WHERE number = ?", (tip,)).fetchone()
            if row is None or self.upstream.block_hash(tip) == row[0]:
                return tip
            rows = db.execute("SELECT number, hash FROM blocks WHERE number <= ? ORDER BY number", (tip,)).fetchall()
            # A block the chain still has vouches for every block before it (each names its
            # parent's hash): the stored blocks split into a kept prefix and a lost rest.
            low, high, kept = 0, len(rows) - 1, self._meta("from_block") - 1
            while low <= high:
                middle = (low + high) // 2
                number, known = rows[middle]
                if self.upstream.block_hash(number) == known:
                    kept, low = number, middle + 1
                else:
                    high = middle - 1
            self._clear(db, kept)
            self.rollbacks.append((tip, kept))
            return kept

    def _store(self, db: sqlite3.Connection, logs: list[RawLog], end: int, end_hash: str | None) -> None:
        db.executemany(
            "INSERT OR REPLACE INTO logs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    log.block,
                    log.log_index,
                    log.tx,
                    log.address,
                    *(log.topics + (None,) * (4 - len(log.topics))),
                    log.data,
                )
                for log in logs
            ],
        )
        blocks = {log.block: (log.block, log.block_hash, log.timestamp) for log in logs}
        if end_hash is not None:
            blocks.setdefault(end, (end, end_hash, None))
        db.executemany(
            "INSERT INTO blocks VALUES (?, ?, ?) ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, "
            "timestamp = COALESCE(excluded.timestamp, blocks.timestamp)",
            list(blocks.values()),
        )
        self._set(db, synced_to=end)

    # ------------------------------------------------------------ LogSource

    def head(self) -> int:
        """Syncs, then: the last block the file holds."""
        self.sync()
        return self.synced_to

    def block_hash(self, number: int) -> str | None:
        row = self._db.execute("SELECT hash FROM blocks WHERE number = ?", (number,)).fetchone()
        if row is not None:
            return str(row[0])
        return self.upstream.block_hash(number) if self.from_block <= number <= self.synced_to else None

    def logs(self, addresses: Sequence[str], from_block: int, to_block: int) -> list[RawLog]:
        wanted = sorted({a.lower() for a in addresses})
        unknown = set(wanted) - set(self.addresses)
        if unknown:
            raise IndexRangeError(f"the index {self.path} does not hold the logs of {', '.join(sorted(unknown))}")
        if from_block < self.from_block or to_block > self.synced_to:
            raise IndexRangeError(
                f"the index {self.path} holds blocks {self.from_block}..{self.synced_to}, "
                f"not {from_block}..{to_block}: sync it (head()) first"
            )
        query = f"SELECT {_COLUMNS} FROM logs l JOIN blocks b ON b.number = l.block WHERE l.block BETWEEN ? AND ?"
        params: list[Any] = [from_block, to_block]
        if wanted != self.addresses:
            query += f" AND l.address IN ({', '.join('?' * len(wanted))})"
            params += wanted
        return _raw_logs(self._db.execute(query + " ORDER BY l.block, l.log_index", params))

    # ------------------------------------------------------------ TreeLogSource

    def subtree_logs(
        self, address: str, *, link: str, events: Sequence[str], root: str, from_block: int
    ) -> list[RawLog]:
        marks = ", ".join("?" * len(events))
        # the parts below `root` (through `link` logs), then their logs and the root's own
        query = f"""
            WITH RECURSIVE below(part) AS (
                VALUES (?)
                UNION
                SELECT l.topic1 FROM below JOIN logs l ON l.topic2 = below.part
                WHERE l.topic0 = ? AND l.address = ? AND l.block >= ?
            )
            SELECT {_COLUMNS} FROM below JOIN logs l ON l.topic2 = below.part JOIN blocks b ON b.number = l.block
            WHERE l.address = ? AND l.block >= ? AND l.topic0 IN ({marks})
            UNION
            SELECT {_COLUMNS} FROM logs l JOIN blocks b ON b.number = l.block
            WHERE l.topic1 = ? AND l.address = ? AND l.block >= ? AND l.topic0 IN ({marks})
            ORDER BY 1, 2"""
        address = address.lower()
        params = [root, link, address, from_block, address, from_block, *events, root, address, from_block, *events]
        return _raw_logs(self._db.execute(query, params))

    def mentions(self, address: str, value: str, from_block: int) -> bool:
        query = (
            "SELECT 1 FROM logs WHERE (topic1 = ? OR topic2 = ? OR topic3 = ?) AND address = ? AND block >= ? LIMIT 1"
        )
        return self._db.execute(query, (value, value, value, address.lower(), from_block)).fetchone() is not None


def _raw_logs(rows: Iterator[Any]) -> list[RawLog]:
    return [
        RawLog(block, index, tx, address, tuple(t for t in (t0, t1, t2, t3) if t is not None), data, hash_, stamp)
        for block, index, tx, address, t0, t1, t2, t3, data, hash_, stamp in rows
    ]


def open_index(
    index: HistoryIndex | bool | str | os.PathLike[str] | None,
    w3: Web3,
    upstream: LogSource,
    addresses: Sequence[str],
    *,
    from_block: int = 0,
    chain_id: int | None = None,
    confirmations: int | None = None,
) -> HistoryIndex | None:
    """What a reader's `index` argument stands for: None or False, no index; True, the default
    file (:func:`index_path`); a path, that file; a :class:`HistoryIndex`, itself."""
    if index is None or index is False:
        return None
    if isinstance(index, HistoryIndex):
        return index
    path = None if index is True else Path(index)
    return HistoryIndex.for_chain(
        w3, upstream, addresses, from_block=from_block, path=path, chain_id=chain_id, confirmations=confirmations
    )
