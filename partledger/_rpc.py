"""JSON-RPC batch requests: many calls in one HTTP POST (private; bulk mode's transport).

web3 7's ``w3.batch_requests()`` refuses ``eth_sendRawTransaction`` in a batch, raises for the
whole batch when one receipt is still missing, and formats every answer: on Anvil it fetched 500
receipts in ~250 ms where one raw POST over a kept-alive session takes ~60 ms. So bulk mode posts
the JSON list itself, over one persistent :class:`requests.Session`, and gets each answer back
as a result or an :class:`RpcError`, never an exception for the batch.

>>> rpc = JsonRpc("http://127.0.0.1:8545")  # doctest: +SKIP
>>> rpc.batch([("eth_chainId", []), ("eth_blockNumber", [])])  # doctest: +SKIP
['0x7a69', '0x2a']
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from typing import Any

import requests
from web3 import Web3
from web3.providers.rpc import HTTPProvider

from partledger.exceptions import InvalidArgument, PartLedgerError

__all__ = ["DEFAULT_BATCH", "JsonRpc", "RpcError", "RpcTransportError", "already_known", "nonce_used"]

DEFAULT_BATCH = 500  # calls per POST: Anvil, Ganache and public nodes take this size
Call = tuple[str, Sequence[Any]]


# What nodes (Geth, Anvil, Ganache, Besu, Nethermind) answer a broadcast of...
# ...bytes they already have (pooled or mined):
_ALREADY_KNOWN = ("already known", "known transaction", "already imported")
# ...a transaction whose nonce another transaction of the account has, mined or waiting in the
# pool with the same or a higher fee:
_NONCE_USED = (
    "nonce too low",
    "nonce is too low",
    "nonce has already been used",
    "correct nonce",
    "replacement transaction underpriced",
)


def already_known(message: str) -> bool:
    """Whether a node's answer to a broadcast says it has these very bytes already."""
    text = message.lower()
    return any(marker in text for marker in _ALREADY_KNOWN)


def nonce_used(message: str) -> bool:
    """Whether a node's answer to a broadcast says another transaction has the nonce."""
    text = message.lower()
    return any(marker in text for marker in _NONCE_USED)


class RpcError(PartLedgerError):
    """The node answered one call with a JSON-RPC error: ``method``, ``code``, ``message`` and
    ``data`` (the revert data of a reverted eth_call, when the node gives it)."""

    def __init__(self, method: str, code: int, message: str, data: Any = None) -> None:
        self.method, self.code, self.message, self.data = method, code, message, data
        super().__init__(f"{method}: {message} (code {code})")

    @property
    def is_revert(self) -> bool:
        """A call that reverted (as opposed to a node or transport problem)."""
        text = self.message.lower()
        return self.code == 3 or "revert" in text or (self.data is not None and "vm exception" in text)


class RpcTransportError(PartLedgerError):
    """The node could not be reached or answered something that is not JSON-RPC: ``url``."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        super().__init__(f"JSON-RPC request to {url} failed: {reason}")


class JsonRpc:
    """Raw JSON-RPC over HTTP: :meth:`call` one method, :meth:`batch` many in few POSTs.

    `max_batch` calls go in one POST (larger lists are split, answers kept in order). A node that
    refuses batches (it answers a list with one error object) is then asked call by call.
    """

    def __init__(
        self,
        url: str,
        *,
        session: requests.Session | None = None,
        timeout: float = 60.0,
        max_batch: int = DEFAULT_BATCH,
        headers: dict[str, str] | None = None,
    ) -> None:
        if max_batch < 1:
            raise InvalidArgument(f"max_batch must be at least 1, not {max_batch}")
        self.url = url
        self.timeout = timeout
        self.max_batch = max_batch
        self._session = session or requests.Session()
        self._session.headers.update({"Content-Type": "application/json", **(headers or {})})
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._batches = True  # until the node shows it takes none

    @classmethod
    def for_web3(cls, w3: Web3, **kwargs: Any) -> JsonRpc:
        """A JsonRpc on the same endpoint (and request headers) as `w3`'s HTTPProvider."""
        provider = w3.provider
        if not isinstance(provider, HTTPProvider) or not provider.endpoint_uri:
            raise TypeError(f"bulk mode talks JSON-RPC over HTTP; {type(provider).__name__} is not an HTTPProvider")
        headers = dict((provider.get_request_kwargs() or {}).get("headers") or {})
        headers.pop("Content-Type", None)
        return cls(str(provider.endpoint_uri), headers=headers, **kwargs)

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------ calls

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:
        """One call's result; its JSON-RPC error raised as :class:`RpcError`."""
        (answer,) = self.batch([(method, params)])
        if isinstance(answer, RpcError):
            raise answer
        return answer

    def batch(self, calls: Sequence[Call]) -> list[Any]:
        """Each call's result, or the :class:`RpcError` the node answered it with, in order."""
        out: list[Any] = []
        for start in range(0, len(calls), self.max_batch):
            out.extend(self._post_batch(calls[start : start + self.max_batch]))
        return out

    def _next_ids(self, n: int) -> list[int]:
        with self._lock:
            return [next(self._ids) for _ in range(n)]

    def _post(self, body: Any) -> Any:
        try:
            response = self._session.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as exc:
            raise RpcTransportError(self.url, str(exc)) from exc

    def _post_batch(self, calls: Sequence[Call]) -> list[Any]:
        if not calls:
            return []
        ids = self._next_ids(len(calls))
        requests_ = [
            {"jsonrpc": "2.0", "id": i, "method": method, "params": list(params)}
            for i, (method, params) in zip(ids, calls, strict=True)
        ]
        if self._batches and len(calls) > 1:
            answer = self._post(requests_)
            if isinstance(answer, list):
                by_id = {item.get("id"): item for item in answer if isinstance(item, dict)}
                return [_unwrap(method, by_id.get(i)) for i, (method, _) in zip(ids, calls, strict=True)]
            self._batches = False  # one error object for the whole list: no batch support
        return [_unwrap(method, self._post(request)) for (method, _), request in zip(calls, requests_, strict=True)]


def _unwrap(method: str, item: Any) -> Any:
    if not isinstance(item, dict):
        return RpcError(method, -32603, "no answer for this call in the batch")
    error = item.get("error")
    if error is not None:
        if not isinstance(error, dict):
            return RpcError(method, -32603, str(error))
        return RpcError(method, int(error.get("code", -32603)), str(error.get("message", "")), error.get("data"))
    return item.get("result")
