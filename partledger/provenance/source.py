"""Where logs come from: the small :class:`LogSource` protocol, and :class:`RpcLogSource`, which
answers it with ``eth_getLogs`` within the limits real nodes set.

Public RPC nodes refuse wide queries ("query returned more than 10000 results", "block range
too large", code -32005) or time out on them. :class:`RpcLogSource` asks for at most ``chunk``
blocks at a time; when the node refuses, it halves the range and asks again, and after a few
answers in a row it doubles the range again, never past ``chunk``. So one busy stretch of the
chain does not slow down the quiet ones.

The history index (:class:`partledger.provenance.index.HistoryIndex`) answers the same protocol
from SQLite, so the readers do not care which one they read; a server database could stand in
the same way.

>>> source = RpcLogSource(w3, chunk=5_000)                     # doctest: +SKIP
>>> head = source.head()                                      # doctest: +SKIP
>>> logs = source.logs([registry], deploy_block, head)        # doctest: +SKIP
>>> logs[0].block, logs[0].topics[0]                          # doctest: +SKIP
(12, '0xddf252ad1be2c89b69c2b069fc378daa952ba7f163c4a11628f55a4df523b3ef')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import requests
from web3 import Web3
from web3.types import RPCEndpoint

from partledger._logs import RawLog
from partledger.exceptions import InvalidChunk, LogQueryFailed, LogQueryRefused

__all__ = ["DEFAULT_CHUNK", "GROW_AFTER", "LogSource", "TreeLogSource", "RpcLogSource", "RawLog"]

DEFAULT_CHUNK = 2_000
GROW_AFTER = 4  # answers in a row before a shrunk range doubles again

# How nodes word a refusal of a too-wide log query (geth, Erigon, Infura, Alchemy, QuickNode...)
_LIMIT = re.compile(
    r"more than|too (many|large|big|wide)|exceed|range|limit|timeout|timed out|response size",
    re.IGNORECASE,
)
LIMIT_EXCEEDED = -32005  # the JSON-RPC code (EIP-1474) nodes answer a too-wide eth_getLogs with


@runtime_checkable
class LogSource(Protocol):
    """What the readers need of a log source: the newest block it answers for, block hashes (to
    notice a reorganisation) and the logs of some addresses over a block range, in chain order."""

    def head(self) -> int:
        """The newest block this source answers for."""
        ...

    def block_hash(self, number: int) -> str | None:
        """The 0x-hex hash of block `number`, None when the source has no such block."""
        ...

    def logs(self, addresses: Sequence[str], from_block: int, to_block: int) -> list[RawLog]:
        """The logs `addresses` emitted in blocks from_block..to_block, in chain order."""
        ...


@runtime_checkable
class TreeLogSource(LogSource, Protocol):
    """A source that can select logs by their topics, as an index can: enough to rebuild an
    assembly tree without replaying every log of the deployment."""

    def subtree_logs(
        self, address: str, *, link: str, events: Sequence[str], root: str, from_block: int
    ) -> list[RawLog]:
        """The `events` logs (topic0s) of `address` from `from_block` on whose topic2 is `root` or
        a part linked below it (X is below P when a `link` log has topic1 X and topic2 P: an
        installation), and those whose topic1 is `root` itself. In chain order."""
        ...

    def mentions(self, address: str, value: str, from_block: int) -> bool:
        """Whether a log of `address` from `from_block` on has `value` (a 0x-hex word) as an
        indexed argument."""
        ...


class RpcLogSource:
    """:class:`LogSource` over JSON-RPC: ``eth_getLogs`` in ranges that adapt to the node.

    `chunk`: the widest range asked (blocks). `timestamps`: a node without ``blockTimestamp`` in
    its logs (Ganache, older geth) is asked each block's time once; False leaves it None.
    ``ranges`` lists every range the node answered, ``refusals`` counts those it refused.
    """

    def __init__(self, w3: Web3, *, chunk: int = DEFAULT_CHUNK, timestamps: bool = True) -> None:
        if chunk < 1:
            raise InvalidChunk("chunk must be at least 1 block")
        self.w3 = w3
        self.chunk = int(chunk)
        self.window = self.chunk  # the range asked next: shrinks on refusals, grows back
        self.timestamps = timestamps
        self.ranges: list[tuple[int, int]] = []
        self.refusals = 0
        self._answers = 0  # in a row since the last refusal
        self._times: dict[int, int] = {}

    # ------------------------------------------------------------ the protocol

    def head(self) -> int:
        return int(self._call("eth_blockNumber", []), 16)

    def block_hash(self, number: int) -> str | None:
        block = self._call("eth_getBlockByNumber", [hex(number), False])
        return str(block["hash"]).lower() if block else None

    def logs(
        self, addresses: Sequence[str], from_block: int, to_block: int, topics: Sequence[str | None] | None = None
    ) -> list[RawLog]:
        """The logs of `addresses` over from_block..to_block (filtered by `topics` when given, as
        ``eth_getLogs`` takes them), in ranges that shrink on refusals and grow back."""
        found: list[RawLog] = []
        low = from_block
        while low <= to_block:
            high = min(low + self.window - 1, to_block)
            refusal = self._get_logs(addresses, low, high, found, topics)
            if refusal is None:
                self.ranges.append((low, high))
                low = high + 1
                self._answered()
            elif low == high:
                raise LogQueryRefused(low, refusal)
            else:
                self.refusals += 1
                self._answers = 0
                self.window = max(1, (high - low + 1) // 2)
        return found

    # ------------------------------------------------------------ the node

    def _answered(self) -> None:
        self._answers += 1
        if self.window < self.chunk and self._answers >= GROW_AFTER:
            self.window = min(self.chunk, self.window * 2)
            self._answers = 0

    def _get_logs(
        self,
        addresses: Sequence[str],
        low: int,
        high: int,
        into: list[RawLog],
        topics: Sequence[str | None] | None = None,
    ) -> str | None:
        """Append the logs of low..high to `into`; the node's reason instead if it refused."""
        query: dict[str, Any] = {"address": list(addresses), "fromBlock": hex(low), "toBlock": hex(high)}
        if topics is not None:
            query["topics"] = list(topics)
        try:
            response = self.w3.provider.make_request(RPCEndpoint("eth_getLogs"), [query])
        except (requests.Timeout, TimeoutError) as exc:  # a node too slow for the range: a refusal
            return f"timed out: {exc}"
        error = response.get("error")
        if error:
            if _is_limit(error):
                return str(error.get("message", error)) if isinstance(error, dict) else str(error)
            raise LogQueryFailed("eth_getLogs", error)
        logs = [RawLog.from_rpc(entry) for entry in response["result"]]
        if self.timestamps:
            logs = self._with_times(logs)
        into.extend(sorted(logs))
        return None

    def _with_times(self, logs: list[RawLog]) -> list[RawLog]:
        for log in logs:
            if log.timestamp is not None:
                self._times[log.block] = log.timestamp
        missing = sorted({log.block for log in logs if log.timestamp is None} - set(self._times))
        for number in missing:
            block = self._call("eth_getBlockByNumber", [hex(number), False])
            self._times[number] = int(block["timestamp"], 16)
        return [log if log.timestamp is not None else log._replace(timestamp=self._times[log.block]) for log in logs]

    def _call(self, method: str, params: list[Any]) -> Any:
        response = self.w3.provider.make_request(RPCEndpoint(method), params)
        if response.get("error"):
            raise LogQueryFailed(method, response["error"])
        return response["result"]


def _is_limit(error: Any) -> bool:
    """Whether a JSON-RPC error says the log query was too wide (or too slow) for the node."""
    if not isinstance(error, dict):
        return bool(_LIMIT.search(str(error)))
    return error.get("code") == LIMIT_EXCEEDED or bool(_LIMIT.search(f"{error.get('message')} {error.get('data')}"))
